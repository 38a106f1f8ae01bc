"""What a file replaces: its slices (year × landlord, year × commune…), the rows of the base they
touch (impact), the communes it covers and the sentence the preview shows."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from observatoire import formats as fr
from observatoire.chargement.assemblage import Reference
from observatoire.chargement.qpv import est_liste_qpv
from observatoire.chargement.types_de_fichier import DEMO, GARDEES, SUPPRIMEES, TYPES, Apercu


def phrase_remplacement(a: Apercu, demo: bool = True) -> str:
    t = TYPES[a.type]
    ms = ", ".join(str(m) for m in a.millesimes)
    if est_liste_qpv(a):
        return (
            f"L'import complètera la liste des QPV de la géographie {ms} (codes et communes des quartiers connus, "
            "quartiers absents ajoutés) ; les contours et le reste de la base ne changent pas."
        )
    if a.type == "qpv":
        return f"L'import remplacera les contours des QPV de la géographie {ms} ; le reste de la base ne change pas."
    if a.type == "objectifs":
        plhs = ", ".join(sorted(a.donnees["plh"].unique()))
        return (
            f"L'import remplacera les objectifs des communes du fichier pour : {plhs} ; les autres communes et le "
            "reste de la base ne changent pas."
        )
    tranche = {
        "attributions": "les attributions des bailleurs et années du fichier",
        "ops": "les communes et années du fichier",
        "financements": "les communes, années et financements que le fichier renseigne",
        "ptz": "les communes, années et types de PTZ que le fichier renseigne",
        "sitadel": f"les années {ms} (toutes les communes de la CU)",
        "rpls": f"le millésime {ms}",
        "rpls_communes": f"le millésime {ms}",
        "seuils_q1": f"les années {ms}",
        "rpls_insee": f"le millésime {ms} aux niveaux du fichier ({', '.join(sorted(set(a.donnees.get('niveau', []))))})",
    }[a.type]
    return (
        f"L'import remplacera dans « {t.jeu} » {tranche}, et elles seules"
        + (" ; les données de démonstration de ce jeu seront retirées" if demo else "")
        + " ; le reste de la base ne change pas (détail ci-dessous)."
    )


@dataclass(frozen=True)
class Tranche:
    """How one kind's rows are cut into slices. `cles` lists the slice keys of the file (one row
    per slice, columns named as in the table); `predicat` is true for a row of the table (alias
    t) inside one of them (the keys registered as _tranche)."""

    table: str
    filtre: str  # rows of this kind in the table
    periode: str  # the year (or PLH) of a row, as text
    detail: str  # what the preview groups by within a year (landlord) or '' (communes counted)
    communes: str  # the commune of a row, or NULL
    predicat: str
    demo: str  # true for a demo row of this kind


def tranche_du_type(type_: str) -> Tranche:
    if type_ == "attributions":
        return Tranche(
            "attributions",
            "true",
            "CAST(t.annee AS VARCHAR)",
            "coalesce(t.bailleur, '(bailleur non renseigné)')",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.annee = t.annee AND k.bailleur IS NOT DISTINCT FROM t.bailleur)",
            "EXISTS (SELECT 1 FROM imports WHERE jeu = 'attributions' AND demo)",
        )
    if type_ == "ops":
        return Tranche(
            "ops",
            "true",
            "CAST(t.annee AS VARCHAR)",
            "''",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.annee = t.annee AND k.code_insee = t.code_insee)",
            "EXISTS (SELECT 1 FROM imports WHERE jeu = 'ops' AND demo)",
        )
    if type_ in ("financements", "ptz"):
        return Tranche(
            "production",
            f"t.source = '{type_}'",
            "CAST(t.annee AS VARCHAR)",
            "''",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.annee = t.annee AND k.code_insee = t.code_insee "
            "AND k.indicateur = t.indicateur)",
            f"EXISTS (SELECT 1 FROM imports WHERE jeu IN ('production', 'production ({type_})') AND demo)",
        )
    if type_ == "sitadel":
        return Tranche(
            "production",
            "t.source = 'sitadel'",
            "CAST(t.annee AS VARCHAR)",
            "''",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.annee = t.annee AND k.indicateur = t.indicateur)",
            "EXISTS (SELECT 1 FROM imports WHERE jeu IN ('production', 'production (sitadel)') AND demo)",
        )
    if type_ == "objectifs":
        return Tranche(
            "objectifs",
            "t.code_insee IS NOT NULL",
            "t.plh",
            "''",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.plh = t.plh AND k.code_insee = t.code_insee)",
            "t.demo",
        )
    if type_ == "rpls":
        return Tranche(
            "rpls_logements",
            "true",
            "CAST(t.millesime AS VARCHAR)",
            "''",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.millesime = t.millesime)",
            "EXISTS (SELECT 1 FROM imports i WHERE i.jeu = 'rpls' AND i.demo AND i.millesime = t.millesime)",
        )
    if type_ == "rpls_communes":
        return Tranche(
            "rpls_communes",
            "true",
            "CAST(t.millesime AS VARCHAR)",
            "''",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.millesime = t.millesime)",
            "false",
        )
    if type_ == "rpls_insee":  # one slice per vintage and level (commune, IRIS, QPV)
        return Tranche(
            "rpls_insee",
            "true",
            "CAST(t.millesime AS VARCHAR)",
            "t.niveau",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.millesime = t.millesime AND k.niveau = t.niveau)",
            "false",
        )
    if type_ == "seuils_q1":
        return Tranche(
            "seuils_premier_quartile",
            "true",
            "CAST(t.annee AS VARCHAR)",
            "''",
            "NULL",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.annee = t.annee)",
            "t.demo",
        )
    return Tranche(
        "qpv",
        "t.geometrie_wkt IS NOT NULL",
        "CAST(t.geographie AS VARCHAR)",
        "''",
        "NULL",
        "EXISTS (SELECT 1 FROM _tranche k WHERE k.geographie = t.geographie)",
        "false",
    )


def cles_du_fichier(a: Apercu) -> pd.DataFrame:
    """The slice keys of the file (columns as in `tranche_du_type(type).predicat`)."""
    d = a.donnees
    if a.type == "attributions":
        return d[["annee", "bailleur"]].drop_duplicates().astype({"annee": "int64"}).reset_index(drop=True)
    if a.type == "ops":
        return d[["annee", "code_insee"]].drop_duplicates().astype({"annee": "int64"}).reset_index(drop=True)
    if a.type in ("financements", "ptz"):
        return (
            d[["annee", "code_insee", "indicateur"]].drop_duplicates().astype({"annee": "int64"}).reset_index(drop=True)
        )
    if a.type == "sitadel":
        return d[["annee", "indicateur"]].drop_duplicates().astype({"annee": "int64"}).reset_index(drop=True)
    if a.type == "objectifs":
        return d[["plh", "code_insee"]].drop_duplicates().reset_index(drop=True)
    if a.type in ("rpls", "rpls_communes"):
        return pd.DataFrame({"millesime": [int(m) for m in a.millesimes]})
    if a.type == "rpls_insee":
        return d[["millesime", "niveau"]].drop_duplicates().astype({"millesime": "int64"}).reset_index(drop=True)
    if a.type == "seuils_q1":
        return pd.DataFrame({"annee": [int(m) for m in a.millesimes]})
    return pd.DataFrame({"geographie": [int(m) for m in a.millesimes]})


def cles_provenance(a: Apercu, plhs: dict[str, int]) -> pd.DataFrame:
    """(millesime, tranche) for `imports_tranches`: the slices of the file, by provenance year."""
    k = cles_du_fichier(a)
    if a.type == "attributions":
        return pd.DataFrame({"millesime": k["annee"], "tranche": k["bailleur"].fillna("(bailleur non renseigné)")})
    if a.type == "ops":
        return pd.DataFrame({"millesime": k["annee"], "tranche": k["code_insee"]})
    if a.type in ("financements", "ptz"):
        return pd.DataFrame({"millesime": k["annee"], "tranche": k["code_insee"] + "/" + k["indicateur"]})
    if a.type == "sitadel":
        return pd.DataFrame({"millesime": k["annee"], "tranche": k["indicateur"]})
    if a.type == "objectifs":
        return pd.DataFrame({"millesime": k["plh"].map(plhs), "tranche": k["code_insee"]})
    if a.type == "rpls_insee":
        return pd.DataFrame({"millesime": k["millesime"], "tranche": k["niveau"]})
    return pd.DataFrame({"millesime": [int(m) for m in a.millesimes], "tranche": "*"})


def _table_existe(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(
        con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = $t", {"t": table}).fetchall()[0][0]
    )


def impact(con: duckdb.DuckDBPyConnection, a: Apercu) -> pd.DataFrame:
    """What the write will do to the rows already in the base: per year (or PLH) and landlord
    (attributions) or count of communes, the rows deleted (replaced by the file, or demo) and kept."""
    tr = tranche_du_type(a.type)
    colonnes = ["periode", "detail", "lignes", "communes", "effet"]
    if not _table_existe(con, tr.table) or est_liste_qpv(a):  # a list deletes nothing
        return pd.DataFrame(columns=colonnes)
    con.register("_tranche", cles_du_fichier(a))
    try:
        # names and expressions come from tranche_du_type (our code), never from the file
        df = con.execute(
            f"SELECT periode, detail, count(*) AS lignes, count(DISTINCT commune) AS communes, effet FROM ("
            f"SELECT {tr.periode} AS periode, {tr.detail} AS detail, {tr.communes} AS commune, "
            f"CASE WHEN {tr.demo} THEN $demo WHEN {tr.predicat} THEN $supprimees ELSE $gardees END AS effet "
            f"FROM {tr.table} t WHERE {tr.filtre}) GROUP BY ALL ORDER BY effet DESC, periode, detail",
            {"demo": DEMO, "supprimees": SUPPRIMEES, "gardees": GARDEES},
        ).df()
    finally:
        con.unregister("_tranche")
    if len(df) and (df["detail"] == "").all():
        df["detail"] = [f"{fr.nombre(int(n))} commune{'s' if n > 1 else ''}" if n else "" for n in df["communes"]]
    return df[colonnes]


def couverture(a: Apercu, ref: Reference) -> str:
    """« 2 communes sur 46 (2024) » for the kinds that are per commune."""
    if (
        a.type in ("qpv", "seuils_q1", "sitadel", "rpls_insee")
        or "code_insee" not in a.donnees.columns
        or not len(a.donnees)
    ):
        return ""
    total = len(ref.communes)
    col = "plh" if a.type == "objectifs" else ("millesime" if "millesime" in a.donnees.columns else "annee")
    parties = []
    for periode, g in a.donnees.groupby(col, sort=True):
        n = g["code_insee"].nunique()
        parties.append(f"{fr.nombre(n)} commune{'s' if n > 1 else ''} sur {fr.nombre(total)} ({periode})")
    return " ; ".join(parties)
