"""Données de banc d'essai à l'échelle nationale (entièrement synthétiques).

Usage : ``python bench/generer_national.py --db /tmp/national.duckdb [--copies 760] [--cua BASE]``

On part de la base de démonstration de la CU d'Arras (générée par ``observatoire/chargement/demo.py`` puis
construite par ``observatoire.base.build``) et on la recopie ``copies - 1`` fois, chaque copie
devenant un EPCI synthétique de 46 communes aux codes INSEE inventés. La copie 0 est la CU
d'Arras elle-même, avec ses 46 vrais codes et tout son historique : le filtre « un EPCI » du
banc d'essai porte sur elle.

Volumes par défaut (760 copies) :

- communes : 760 × 46 = 34 960 (référentiel complet : population, centroïde, contour) ;
- RPLS : millésimes 2023, 2024, 2025 pour les copies synthétiques, un logement sur ~1,9 tiré au
  hasard (toujours le même d'un millésime à l'autre), soit ≈ 5,4 millions de logements en 2025 ;
- attributions : 2021-2025 pour les copies synthétiques, ≈ 1 million par an ;
- production, OPS, objectifs communaux, QPV, flux du contingent : recopiés tels quels ;
- bailleurs : les 6 bailleurs fictifs deviennent ~570 (suffixe régional), pour que les listes
  de bailleurs aient une taille nationale.

La recopie se fait en SQL dans DuckDB, par paquets de copies : rien ne passe par pandas, la
mémoire reste bornée (``--memoire``). La base est écrite à côté puis mise en place par un
renommage atomique, comme ``observatoire.base.build``. Ces communes synthétiques ne vont jamais
dans ``data/`` : la base nationale vit où ``--db`` le dit (``/tmp`` par défaut).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import duckdb

RACINE = Path(__file__).resolve().parents[1]
if str(RACINE) not in sys.path:
    sys.path.insert(0, str(RACINE))

from observatoire.base.chemins import SCHEMA  # noqa: E402

COPIES = 760  # 760 × 46 communes ≈ 35 000 communes
LOGEMENTS_2025 = 5_400_000
MILLESIMES_NATIONAUX = (2023, 2024, 2025)  # dernier millésime + 2 antérieurs
ANNEES_ATTRIBUTIONS = (2021, 2025)  # 5 années
PAQUET = 40  # copies recopiées par requête (mémoire bornée)


def base_cua(chemin: Path | None) -> Path:
    """The CUA demo base the copies start from (built into a temporary file if not given)."""
    if chemin:
        return Path(chemin)
    from observatoire.base.build import construire

    cible = Path(tempfile.gettempdir()) / "bench_cua_source.duckdb"
    if not cible.is_file():
        construire(cible)
    return cible


def _fraction_rpls(con: duckdb.DuckDBPyConnection, copies: int) -> float:
    n_cua = con.execute("SELECT count(*) FROM cua.rpls_logements WHERE millesime = 2025").fetchone()[0]
    return max(0.0, min(1.0, (LOGEMENTS_2025 - n_cua) / max(1, (copies - 1) * n_cua)))


def generer(db: Path, copies: int = COPIES, cua: Path | None = None, memoire: str = "3GB", trace=print) -> dict:
    """Write the national bench base at `db` (atomic swap); return the row counts."""
    cua = base_cua(cua)
    db = Path(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(f".gen-{db.name}-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    debut = time.perf_counter()
    try:
        comptes = _remplir(tmp, cua, copies, memoire, debut, trace)
        os.replace(tmp, db)
    finally:  # a failure or an interruption leaves no half-written base behind
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
    comptes["secondes"] = round(time.perf_counter() - debut, 1)
    return comptes


def _remplir(tmp: Path, cua: Path, copies: int, memoire: str, debut: float, trace) -> dict:
    con = duckdb.connect(str(tmp), config={"memory_limit": memoire, "preserve_insertion_order": False})
    try:
        con.execute(SCHEMA.read_text(encoding="utf-8"))
        con.execute("ATTACH $p AS cua (READ_ONLY)", {"p": str(cua)})
        con.execute("CREATE TEMP TABLE copies AS SELECT range AS k FROM range($n)", {"n": copies})
        # One row per (copy, CUA commune): the synthetic code. Copy 0 keeps the real codes.
        # n = k × 46 + j gives a unique 5-character code « DDCCC » (départements 01-38, never 62).
        con.execute(
            """
            CREATE TEMP TABLE correspondance AS
            WITH j AS (SELECT code_insee, row_number() OVER (ORDER BY code_insee) - 1 AS j FROM cua.communes)
            SELECT k, code_insee AS code_cua,
                   CASE WHEN k = 0 THEN code_insee
                        ELSE lpad(CAST((k * 46 + j) // 990 + 1 AS VARCHAR), 2, '0')
                             || lpad(CAST((k * 46 + j) % 990 + 1 AS VARCHAR), 3, '0') END AS code
            FROM copies, j
            """
        )
        fraction = _fraction_rpls(con, copies)

        def bailleur(col: str) -> str:
            return f"CASE WHEN m.k = 0 OR {col} IS NULL THEN {col} ELSE {col} || ' R' || CAST(m.k // 8 AS VARCHAR) END"

        # ------------------------------------------------------------ référentiel
        con.execute(
            """
            INSERT INTO communes
            SELECT m.code,
                   CASE WHEN m.k = 0 THEN c.nom ELSE c.nom || ' ' || CAST(m.k AS VARCHAR) END,
                   c.population,
                   CASE WHEN m.k = 0 THEN c.code_epci ELSE '9' || lpad(CAST(m.k AS VARCHAR), 8, '0') END,
                   CASE WHEN m.k = 0 THEN c.nom_epci ELSE 'EPCI synthétique ' || CAST(m.k AS VARCHAR) END,
                   c.longitude + (m.k % 28) * 0.35, c.latitude - (m.k // 28) * 0.3,
                   c.geometrie_wkt
            FROM cua.communes c JOIN correspondance m ON m.code_cua = c.code_insee
            """
        )
        qpv = con.execute(
            "SELECT geographie, code_qpv, nom, communes_insee, population, geometrie_wkt, source FROM cua.qpv"
        ).fetchall()
        codes = con.execute("SELECT k, code_cua, code FROM correspondance").fetchall()
        corr = {(k, c): code for k, c, code in codes}
        lignes = []
        for k in range(copies):
            for geo, code, nom, communes, population, wkt, source in qpv:
                lignes.append(
                    (
                        geo,
                        code if code is None or k == 0 else f"{code}-{k}",
                        nom if k == 0 else f"{nom} {k}",
                        [corr[(k, c)] for c in communes],
                        population,
                        wkt,
                        source,
                    )
                )
        import pandas as pd  # 11 QPV × copies rows: small

        _qpv = pd.DataFrame(
            lignes, columns=["geographie", "code_qpv", "nom", "communes_insee", "population", "geometrie_wkt", "source"]
        )
        con.execute("INSERT INTO qpv SELECT * FROM _qpv")
        con.execute("INSERT INTO plh SELECT * FROM cua.plh")
        con.execute("INSERT INTO seuils_premier_quartile SELECT * FROM cua.seuils_premier_quartile")
        con.execute(
            """
            INSERT INTO objectifs
            SELECT o.plh, m.code, o.indicateur, o.objectif_annuel, o.objectif_periode, o.demo, o.source
            FROM cua.objectifs o JOIN correspondance m ON m.code_cua = o.code_insee
            """
        )
        con.execute("INSERT INTO objectifs SELECT * FROM cua.objectifs WHERE code_insee IS NULL")
        trace(f"  référentiel : {time.perf_counter() - debut:.1f} s")

        # ------------------------------------------------------------ gros volumes, par paquets
        mill = ", ".join(str(m) for m in MILLESIMES_NATIONAUX)
        a0, a1 = ANNEES_ATTRIBUTIONS
        for premier in range(0, copies, PAQUET):
            dernier = min(copies, premier + PAQUET) - 1
            p = {"k0": premier, "k1": dernier, "f": int(fraction * 1_000_000)}
            con.execute(
                f"""
                INSERT INTO rpls_logements
                SELECT r.millesime, m.code,
                       CASE WHEN m.k = 0 THEN r.id_logement ELSE r.id_logement || '-' || CAST(m.k AS VARCHAR) END,
                       {bailleur("r.bailleur")},
                       r.en_qpv,
                       CASE WHEN m.k = 0 OR r.code_qpv_2024 IS NULL THEN r.code_qpv_2024 ELSE r.code_qpv_2024 || '-' || CAST(m.k AS VARCHAR) END,
                       r.code_qpv_2015, r.finan_code, r.financement, r.type_construction, r.nb_pieces,
                       r.surface_habitable, r.annee_construction, r.annee_premiere_location, r.nouveau_logement,
                       r.dpe_energie, r.dpe_ges, r.mode_occupation, r.date_bail, r.loyer_principal, r.contingent,
                       r.duree_vacance
                FROM cua.rpls_logements r
                JOIN correspondance m ON m.code_cua = r.code_insee
                WHERE m.k BETWEEN $k0 AND $k1
                  AND (m.k = 0 OR (r.millesime IN ({mill})
                       AND hash(r.id_logement, m.k) % 1000000 < $f))
                """,
                p,
            )
            con.execute(
                f"""
                INSERT INTO attributions (annee, date_attribution, code_insee, bailleur, reservataire, en_qpv, code_qpv,
                       geographie_qpv, premier_quartile, ressources_uc, prioritaire, relogement_anru, bail_signe, refus,
                       mutation, contingent_communautaire, ex_zus)
                SELECT a.annee, a.date_attribution, m.code, {bailleur("a.bailleur")}, a.reservataire, a.en_qpv,
                       CASE WHEN m.k = 0 OR a.code_qpv IS NULL THEN a.code_qpv ELSE a.code_qpv || '-' || CAST(m.k AS VARCHAR) END,
                       a.geographie_qpv, a.premier_quartile, a.ressources_uc, a.prioritaire, a.relogement_anru,
                       a.bail_signe, a.refus, a.mutation, a.contingent_communautaire, a.ex_zus
                FROM cua.attributions a
                JOIN correspondance m ON m.code_cua = a.code_insee
                WHERE m.k BETWEEN $k0 AND $k1 AND (m.k = 0 OR a.annee BETWEEN {a0} AND {a1})
                """,
                {"k0": premier, "k1": dernier},
            )
            for table in ("production", "ops"):
                colonnes = [
                    c
                    for (c,) in con.execute(
                        "SELECT column_name FROM duckdb_columns() WHERE database_name = 'cua' AND table_name = $t "
                        "ORDER BY column_index",
                        {"t": table},
                    ).fetchall()
                ]
                liste = ", ".join("m.code" if c == "code_insee" else f"t.{c}" for c in colonnes)
                con.execute(
                    f"INSERT INTO {table} ({', '.join(colonnes)}) SELECT {liste} FROM cua.{table} t "
                    "JOIN correspondance m ON m.code_cua = t.code_insee WHERE m.k BETWEEN $k0 AND $k1",
                    {"k0": premier, "k1": dernier},
                )
            trace(f"  copies {premier}-{dernier} : {time.perf_counter() - debut:.1f} s")

        con.execute(
            f"""
            INSERT INTO contingent_flux
            SELECT f.annee, {bailleur("f.bailleur")}, f.mises_en_location, f.premieres_mises_en_location,
                   f.mutations_internes, f.relogements_npnru_internes, f.relogements_lhi, f.relogements_ventes, f.demo
            FROM cua.contingent_flux f, (SELECT DISTINCT k // 8 * 8 AS k FROM copies) m
            """
        )
        con.execute("INSERT INTO imports SELECT * FROM cua.imports")
        con.execute(
            "INSERT INTO imports VALUES ('banc_national', NULL, 'bench/generer_national.py', '-', now()::TIMESTAMP, 0, 0, 0, true)"
        )
        _finaliser(con)
        comptes = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (
                "communes",
                "qpv",
                "rpls_logements",
                "attributions",
                "production",
                "ops",
                "objectifs",
                "contingent_flux",
            )
        }
        comptes["rpls_2025"] = con.execute("SELECT count(*) FROM rpls_logements WHERE millesime = 2025").fetchone()[0]
        comptes["attributions_par_an"] = con.execute(
            "SELECT CAST(avg(n) AS BIGINT) FROM (SELECT count(*) n FROM attributions WHERE annee BETWEEN $a AND $b GROUP BY annee)",
            {"a": a0, "b": a1},
        ).fetchone()[0]
        con.execute("DETACH cua")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return comptes


def _finaliser(con: duckdb.DuckDBPyConnection) -> None:
    """The same derived tables `observatoire.base.build` adds after loading (if it has any)."""
    from observatoire.base import build

    finaliser = getattr(build, "finaliser", None)
    if finaliser is not None:
        finaliser(con)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Génère la base synthétique nationale du banc d'essai.")
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "bench_national.duckdb")
    parser.add_argument("--copies", type=int, default=COPIES, help=f"EPCI de 46 communes (défaut {COPIES})")
    parser.add_argument("--cua", type=Path, help="base de démonstration de la CU à recopier (défaut : construite)")
    parser.add_argument("--memoire", default="3GB", help="limite de mémoire de DuckDB pendant la génération")
    args = parser.parse_args(argv)
    comptes = generer(args.db, args.copies, args.cua, args.memoire)
    for k, v in comptes.items():
        print(f"{k:>22} : {v:,}".replace(",", " "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
