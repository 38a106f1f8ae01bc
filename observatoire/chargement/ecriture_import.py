"""Writing a preview through ecriture.modifier_base: demo rows of the kind removed, the file's
slices replaced, provenance recorded in imports / imports_tranches / imports_fichiers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from observatoire import formats as fr
from observatoire.base.ecriture import modifier_base
from observatoire.chargement import sources
from observatoire.chargement.qpv import est_liste_qpv, nom_cle
from observatoire.chargement.tranches import cles_du_fichier, cles_provenance, tranche_du_type
from observatoire.chargement.types_de_fichier import TYPES, Apercu, Progres, rien


def _x(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> list:
    """Run one statement of the write to completion (DuckDB refuses new work on a connection that
    still holds a pending result)."""
    return con.execute(sql, params or {}).fetchall()


def _inserer(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    # Column names come from our own schema and code, never from the user's file.
    colonnes = ", ".join(df.columns)
    con.register("_lot_import", df)
    try:
        _x(con, f"INSERT INTO {table} ({colonnes}) SELECT {colonnes} FROM _lot_import")
    finally:
        con.unregister("_lot_import")


def _retirer_demo(con: duckdb.DuckDBPyConnection, a: Apercu) -> list[str]:
    """Remove the demo rows of this kind (and their provenance rows); returns what was removed."""
    t = TYPES[a.type]
    retire = []
    if t.table == "production":
        # The demo loads production as one file: split its provenance by source first, so that
        # each source stays « demo » until its own real file arrives.
        demo = con.execute(
            "SELECT fichier, sha256, importe_le FROM imports WHERE jeu = 'production' AND demo"
        ).fetchall()
        if demo:
            fichier, sha, quand = demo[0]
            for source, n in con.execute(
                "SELECT source, count(*) FROM production GROUP BY source ORDER BY source"
            ).fetchall():
                _x(
                    con,
                    "INSERT INTO imports VALUES ($jeu, NULL, $f, $s, $q, $n, $n, 0, true)",
                    {"jeu": f"production ({source})", "f": fichier, "s": sha, "q": quand, "n": n},
                )
            _x(con, "DELETE FROM imports WHERE jeu = 'production' AND demo")
        if _x(con, "SELECT count(*) FROM imports WHERE jeu = $j AND demo", {"j": t.jeu})[0][0]:
            _x(con, "DELETE FROM production WHERE source = $s", {"s": a.type})
            _x(con, "DELETE FROM imports WHERE jeu = $j AND demo", {"j": t.jeu})
            retire.append(t.jeu)
        return retire
    demo_jeu = {"objectifs": "objectifs_communes"}.get(a.type, t.jeu)
    if not _x(con, "SELECT count(*) FROM imports WHERE jeu = $j AND demo", {"j": demo_jeu})[0][0]:
        return retire
    if a.type == "rpls":
        _x(
            con,
            "DELETE FROM rpls_logements WHERE millesime IN (SELECT millesime FROM imports WHERE jeu = 'rpls' AND demo)",
        )
    elif a.type in ("ops", "attributions"):
        _x(con, f"DELETE FROM {t.table}")  # demo and real never coexist: every row is demo
    elif a.type == "objectifs":
        _x(con, "DELETE FROM objectifs WHERE demo AND code_insee IS NOT NULL")
    elif a.type == "seuils_q1":
        _x(con, "DELETE FROM seuils_premier_quartile WHERE demo")
    _x(con, "DELETE FROM imports WHERE jeu = $j AND demo", {"j": demo_jeu})
    retire.append(demo_jeu)
    return retire


def _remplacer(con: duckdb.DuckDBPyConnection, a: Apercu) -> None:
    """Delete what the file replaces, then insert its rows."""
    ms = [int(m) for m in a.millesimes]
    t = TYPES[a.type]
    d = a.donnees
    if a.type == "rpls":
        _x(con, "DELETE FROM rpls_logements WHERE millesime = $m", {"m": ms[0]})
        _inserer(con, "rpls_logements", d)
    elif a.type == "rpls_communes":
        for colonne in sources.RPLS_COMMUNES_AJOUTEES:  # a base built before these columns
            _x(con, f"ALTER TABLE rpls_communes ADD COLUMN IF NOT EXISTS {colonne} INTEGER")
        _x(con, "DELETE FROM rpls_communes WHERE millesime = $m", {"m": ms[0]})
        _inserer(con, "rpls_communes", d)
    elif a.type in ("ops", "attributions", "objectifs", "rpls_insee") or t.table == "production":
        # exactly the slices the file covers (year × landlord, year × commune…): see tranche_du_type
        tr = tranche_du_type(a.type)
        con.register("_tranche", cles_du_fichier(a))
        try:
            _x(con, f"DELETE FROM {tr.table} AS t WHERE {tr.filtre} AND {tr.predicat}")
        finally:
            con.unregister("_tranche")
        _inserer(con, tr.table, d)
    elif a.type == "seuils_q1":
        _x(con, "DELETE FROM seuils_premier_quartile WHERE list_contains($ms, annee)", {"ms": ms})
        # The 1st quartile is derived from the threshold in attributions_agregats (recomputed by
        # modifier_base): no flag is written into attributions.
        _inserer(con, "seuils_premier_quartile", d[["annee", "seuil_euros_uc", "demo"]].assign(demo=False))
    elif est_liste_qpv(a):
        geo = ms[0]
        sans_code = _x(con, "SELECT nom FROM qpv WHERE geographie = $g AND code_qpv IS NULL", {"g": geo})
        par_nom = {nom_cle(n): n for (n,) in sans_code}
        for r in d.itertuples(index=False):
            valeurs = {"g": geo, "c": r.code_qpv, "communes": list(r.communes_insee)}
            if _x(con, "SELECT count(*) FROM qpv WHERE geographie = $g AND code_qpv = $c", {"g": geo, "c": r.code_qpv})[
                0
            ][0]:
                _x(con, "UPDATE qpv SET communes_insee = $communes WHERE geographie = $g AND code_qpv = $c", valeurs)
            elif nom_cle(r.nom) in par_nom:  # 2015 reference: names without codes
                _x(
                    con,
                    "UPDATE qpv SET code_qpv = $c, communes_insee = $communes WHERE geographie = $g "
                    "AND code_qpv IS NULL AND nom = $n",
                    valeurs | {"n": par_nom[nom_cle(r.nom)]},
                )
            else:
                _x(
                    con,
                    "INSERT INTO qpv VALUES ($g, $c, $n, $communes, NULL, NULL, $s)",
                    valeurs | {"n": r.nom or r.code_qpv, "s": f"liste : {a.fichier}"},
                )
    elif a.type == "qpv":
        geo = ms[0]
        _x(con, "UPDATE qpv SET geometrie_wkt = NULL WHERE geographie = $g", {"g": geo})
        _x(con, "DELETE FROM qpv WHERE geographie = $g AND source LIKE 'contours%'", {"g": geo})
        for _, r in d.iterrows():
            if r["nom_reference"] is not None and not (isinstance(r["nom_reference"], float)):
                _x(
                    con,
                    "UPDATE qpv SET geometrie_wkt = $w, code_qpv = coalesce(code_qpv, $c) WHERE geographie = $g AND nom = $n",
                    {"w": r["geometrie_wkt"], "c": r["code_qpv"], "g": geo, "n": r["nom_reference"]},
                )
            else:
                _x(
                    con,
                    "INSERT INTO qpv VALUES ($g, $c, $n, $communes, NULL, $w, $s)",
                    {
                        "g": geo,
                        "c": r["code_qpv"],
                        "n": r["nom"] or r["code_qpv"],
                        "communes": list(r["communes_insee"]),
                        "w": r["geometrie_wkt"],
                        "s": f"contours : {a.fichier}",
                    },
                )


def _jeu(a: Apercu) -> str:
    """The dataset name in `imports`: the QPV list is recorded apart from the contours."""
    return "qpv_liste" if est_liste_qpv(a) else TYPES[a.type].jeu


def _tracer(con: duckdb.DuckDBPyConnection, a: Apercu, quand: datetime) -> None:
    """Provenance: one `imports` row per year of the file, its slices in `imports_tranches`. An
    earlier file's row goes only when every slice it covered is replaced (or, for a row recorded
    before slices were, when none of its year's rows is left outside this file's slices)."""
    jeu = _jeu(a)
    plhs = dict(_x(con, "SELECT plh, annee_debut FROM plh"))
    nouvelles = cles_provenance(a, plhs).dropna().astype({"millesime": "int64"}).drop_duplicates()
    tr = tranche_du_type(a.type)
    con.register("_nouvelles", nouvelles)
    con.register("_tranche", cles_du_fichier(a))
    try:
        anciennes = _x(
            con,
            "SELECT DISTINCT i.millesime, i.sha256, i.importe_le, "
            "count(tr.tranche) AS n, count(n.tranche) AS remplacees "
            "FROM imports i LEFT JOIN imports_tranches tr ON tr.jeu = i.jeu "
            "AND tr.millesime IS NOT DISTINCT FROM i.millesime AND tr.sha256 = i.sha256 "
            "AND tr.importe_le = i.importe_le "
            "LEFT JOIN _nouvelles n ON n.millesime = tr.millesime AND (n.tranche = tr.tranche OR n.tranche = '*') "
            "WHERE i.jeu = $j AND NOT i.demo AND list_contains($ms, i.millesime) GROUP BY ALL",
            {"j": jeu, "ms": sorted(set(nouvelles["millesime"]))},
        )
        for millesime, sha, importe_le, n, remplacees in anciennes:
            if n:
                partir = remplacees == n
            elif tr.table == "qpv" or "*" in set(nouvelles.loc[nouvelles["millesime"] == millesime, "tranche"]):
                partir = True
            else:  # recorded before slices: gone when nothing of its year is left outside this file
                reste = _x(
                    con,
                    f"SELECT count(*) FROM {tr.table} t WHERE {tr.filtre} AND CAST({tr.periode} AS VARCHAR) = $p "
                    f"AND NOT {tr.predicat}",
                    {
                        "p": str(millesime)
                        if a.type != "objectifs"
                        else next((p for p, an in plhs.items() if an == millesime), "")
                    },
                )[0][0]
                partir = reste == 0
            if partir:
                for table in ("imports", "imports_tranches", "imports_fichiers"):
                    _x(
                        con,
                        f"DELETE FROM {table} WHERE jeu = $j AND millesime IS NOT DISTINCT FROM $m AND sha256 = $s "
                        "AND importe_le = $q",
                        {"j": jeu, "m": millesime, "s": sha, "q": importe_le},
                    )
    finally:
        con.unregister("_nouvelles")
        con.unregister("_tranche")
    for _, r in a.par_annee.iterrows():
        _x(
            con,
            "INSERT INTO imports VALUES ($jeu, $m, $f, $sha, $q, $lues, $chargees, $rejetees, false)",
            {
                "jeu": jeu,
                "m": int(r["millesime"]),
                "f": a.fichier,
                "sha": a.sha256,
                "q": quand,
                "lues": int(r["lues"]),
                "chargees": int(r["gardees"]),
                "rejetees": int(r["rejetees"]),
            },
        )
    if a.disposition or a.nature or a.date_diffusion:
        for _, r in a.par_annee.iterrows():
            _x(
                con,
                "INSERT INTO imports_fichiers VALUES ($jeu, $m, $sha, $q, $d, $n, $diff, $detail)",
                {
                    "jeu": jeu,
                    "m": int(r["millesime"]),
                    "sha": a.sha256,
                    "q": quand,
                    "d": a.disposition or a.type,
                    "n": a.nature,
                    "diff": a.date_diffusion,
                    "detail": a.detail or None,
                },
            )
    for _, r in nouvelles.iterrows():
        _x(
            con,
            "INSERT INTO imports_tranches VALUES ($jeu, $m, $sha, $q, $t)",
            {"jeu": jeu, "m": int(r["millesime"]), "sha": a.sha256, "q": quand, "t": str(r["tranche"])},
        )


@dataclass
class Resultat:
    apercu: Apercu
    demo_retiree: list[str] = field(default_factory=list)
    jeux_demo_restants: list[str] = field(default_factory=list)

    def phrase(self, libelle: Callable[[str], str] = str) -> str:
        """One French sentence; `libelle` turns a dataset code into its name (ui.libelle_jeu)."""
        a = self.apercu
        texte = (
            f"{a.fichier} importé : {fr.nombre(a.lignes_gardees)} ligne(s) chargée(s) pour "
            f"« {libelle(_jeu(a))} » ({', '.join(map(str, a.millesimes))})"
        )
        if a.lignes_rejetees:
            texte += f", {fr.nombre(a.lignes_rejetees)} rejetée(s)"
        texte += "."
        if self.demo_retiree:
            texte += f" Données de démonstration retirées : {', '.join(map(libelle, self.demo_retiree))}."
        texte += (
            f" Jeux encore en démonstration : {', '.join(map(libelle, self.jeux_demo_restants))}."
            if self.jeux_demo_restants
            else " Plus aucun jeu de démonstration."
        )
        return texte


def ecrire(apercu: Apercu, base: Path | str, progres: Progres = rien) -> Resultat:
    """Write the preview's rows: one transaction on a copy of the base, then an atomic swap."""
    quand = datetime.now().replace(microsecond=0)
    resultat = Resultat(apercu)

    def operation(con: duckdb.DuckDBPyConnection):
        progres(0.88, "retrait des données de démonstration de ce jeu…")
        resultat.demo_retiree = _retirer_demo(con, apercu)
        progres(0.9, "remplacement du millésime…")
        _remplacer(con, apercu)
        _tracer(con, apercu, quand)
        resultat.jeux_demo_restants = [
            r[0] for r in _x(con, "SELECT jeu FROM imports GROUP BY jeu HAVING bool_or(demo) ORDER BY jeu")
        ]
        progres(0.97, "enregistrement de la base…")

    modifier_base(
        Path(base),
        operation,
        libelle=f"import de {apercu.fichier} ({TYPES[apercu.type].jeu}, {', '.join(map(str, apercu.millesimes))})",
    )
    progres(1.0, "import terminé")
    return resultat
