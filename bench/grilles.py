"""CPU of the secret's grids and of the per-selection computations, in this process, no server.

Not a test: it prints figures. On the demo base (data/observatoire.duckdb, `make build`), with
db.requete as the pages' `lire` (results of the named queries kept, as st.cache_data does):
- « froid »: each year's objectives grid (grilles_publication: objectives + Bilan CIL), every
  landlord filter the load test uses (none, then each landlord alone), on a fresh memory;
- « sélection »: for each commune, the Accueil's objectives of a year and the fiche's evolution
  year by year, grids already computed (what a view of a new selection costs).

    .venv/bin/python bench/grilles.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))


def lecteur(chemin: Path):
    """db.requete on `chemin`, its results kept per (query, parameters), with a `jeton`."""
    import duckdb

    from observatoire.base import db

    con = duckdb.connect(str(chemin), read_only=True)
    gardes: dict = {}

    def lire(nom, **params):
        cle = (nom, repr(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())))
        if cle not in gardes:
            gardes[cle] = db.requete(con, nom, **params)
        return gardes[cle].copy(deep=False)

    lire.jeton = lambda: (str(chemin), "bench")
    return lire, con


def main() -> None:
    from observatoire.base import memoire
    from observatoire.indicateurs import attributions as A
    from observatoire.secret import valeurs

    chemin = RACINE / "data" / "observatoire.duckdb"
    lire, con = lecteur(chemin)
    annees = [int(a) for (a,) in con.execute("SELECT DISTINCT annee FROM attributions ORDER BY 1").fetchall()]
    bailleurs = [b for (b,) in con.execute("SELECT DISTINCT bailleur FROM attributions ORDER BY 1").fetchall()]
    communes = [c for (c,) in con.execute("SELECT code_insee FROM communes ORDER BY 1").fetchall()]
    seuil = 11
    # queries first, out of the timings
    for a in annees:
        for b in [(), *[(x,) for x in bailleurs]]:
            valeurs._grille_objectifs(lire, a, b, seuil)
    memoire.vider()
    valeurs._MEMOIRE.vider()

    t = time.process_time()
    froid = {}
    for a in annees:
        for b in [(), *[(x,) for x in bailleurs]]:
            d = time.process_time()
            valeurs.grille_objectifs(lire, a, b, seuil)
            froid[(a, b)] = time.process_time() - d
    total = time.process_time() - t
    print(
        f"froid : {len(froid)} grilles (années × filtre bailleur) en {total * 1000:.0f} ms, "
        f"médiane {statistics.median(froid.values()) * 1000:.1f} ms, max {max(froid.values()) * 1000:.1f} ms"
    )

    def comptes(commune):
        return lire(
            "attributions_comptes",
            annee_debut=min(annees),
            annee_fin=max(annees),
            communes=[commune],
            bailleurs=[],
            reservataire=None,
            reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
        )

    for c in communes:
        comptes(c)
    accueil, evolution = [], []
    for c in communes:
        cs = comptes(c)
        d = time.process_time()
        valeurs.objectifs_territoire(lire, cs, max(annees), (c,), (), seuil)
        accueil.append(time.process_time() - d)
        d = time.process_time()
        valeurs.evolution_territoire(lire, cs, (c,), (), seuil)
        evolution.append(time.process_time() - d)
    print(
        f"sélection (une commune, grilles calculées) : objectifs d'une année médiane "
        f"{statistics.median(accueil) * 1000:.1f} ms ; évolution année par année médiane "
        f"{statistics.median(evolution) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
