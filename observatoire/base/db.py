"""Data access: run the named queries of queries/ against the DuckDB file.

A page never writes SQL: it calls `requete(con, "nom_de_la_requete", **filtres)`. Values are
always bound as DuckDB `$parametres`, never formatted into the SQL text. Only the parameters a
query mentions are passed, so a page can hand the same filter dict to every query.

queries/ is split by role (ROLES): pages/ (what the screens read), derives/ (the one definition
of each derived table), ecritures/ (the writes), build/ (what the build reads). A query is still
called by its bare name: the loader finds the one file of that name in those folders, and refuses
in French a name two folders share (which file would win would otherwise depend on a glob order).
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from observatoire.base.chemins import QUERIES, base_par_defaut

_NOM = re.compile(r"^[a-z0-9_]+$")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


ROLES = ("pages", "derives", "ecritures", "build")


class RequeteInconnue(KeyError):
    pass


class RequeteEnDouble(LookupError):
    """Two files of queries/ share a name: one French sentence naming both."""


VARIABLE_EPCI = "OBSERVATOIRE_EPCI"  # the territory served: an EPCI's SIREN code (200033579 for the CU)


def territoire() -> str | None:
    """The EPCI the app serves (OBSERVATOIRE_EPCI), None: every commune of the base. In a base
    holding many EPCIs (a national one), the reference queries ($epci: the communes of the
    filter, the map's outlines, the PLH's commune targets) read only this EPCI's communes."""
    return os.environ.get(VARIABLE_EPCI, "").strip() or None


@cache
def fichiers_requetes(dossier: Path = QUERIES) -> dict[str, Path]:
    """Every query file of the role folders of `dossier`, by bare name."""
    trouves: dict[str, list[Path]] = {}
    for role in ROLES:
        for f in sorted((dossier / role).glob("*.sql")):
            trouves.setdefault(f.stem, []).append(f)
    for nom, chemins in sorted(trouves.items()):
        if len(chemins) > 1:
            noms = " et ".join(str(c.relative_to(dossier.parent)) for c in chemins)
            raise RequeteEnDouble(
                f"La requête « {nom} » existe en double ({noms}) : un nom ne doit désigner qu'un fichier "
                "de queries/, renommez l'un des deux."
            )
    return {nom: chemins[0] for nom, chemins in trouves.items()}


@cache
def sql_de(nom: str) -> str:
    if not _NOM.match(nom):
        raise RequeteInconnue(nom)
    chemin = fichiers_requetes().get(nom)
    if chemin is None:
        raise RequeteInconnue(nom)
    return chemin.read_text(encoding="utf-8")


@cache
def parametres_de(nom: str) -> frozenset[str]:
    sql = re.sub(r"--[^\n]*", "", sql_de(nom))  # a `$x` in a comment is not a parameter
    return frozenset(_PARAM.findall(sql))


def connecter(chemin: Path | str | None = None, lecture_seule: bool = True) -> duckdb.DuckDBPyConnection:
    chemin = Path(chemin) if chemin else base_par_defaut()
    if lecture_seule and not chemin.is_file():
        raise FileNotFoundError(f"Base introuvable : {chemin}. Lancez `python -m observatoire build`.")
    return duckdb.connect(str(chemin), read_only=lecture_seule)


def requete(con: duckdb.DuckDBPyConnection, nom: str, **valeurs) -> pd.DataFrame:
    """Run the named query with a cursor of its own (safe across Streamlit sessions)."""
    attendus = parametres_de(nom)
    if "epci" in attendus and "epci" not in valeurs:
        valeurs = {**valeurs, "epci": territoire()}
    manquants = attendus - valeurs.keys()
    if manquants:
        raise TypeError(f"requête {nom} : paramètres manquants {sorted(manquants)}")
    params = {k: _normaliser(valeurs[k]) for k in attendus}
    cur = con.cursor()
    try:
        return cur.execute(sql_de(nom), params).df()
    finally:
        cur.close()


def _normaliser(v):
    # An empty multiselect means "no filter", which the queries spell as NULL.
    if isinstance(v, (list, tuple, set, frozenset)):
        return sorted(_normaliser(x) for x in v) if v else None
    if isinstance(v, np.generic):  # DuckDB binds Python scalars, not numpy ones
        return v.item()
    if v is pd.NA or v is pd.NaT:
        return None
    return v
