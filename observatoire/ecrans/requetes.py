"""Cached queries of the base for the pages: `donnees("nom_de_requete", ...)` runs a named query
of queries/ on a read-only connection kept per version of the base file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from observatoire.base import db
from observatoire.base.chemins import base_par_defaut


def version_base(chemin: Path) -> str:
    """Which file is at `chemin` now: its mtime (ns) and inode. A write swaps a new file in
    (os.replace: new inode, new mtime), so every process serving the base (several behind a
    proxy) sees the change at its next query, whichever process wrote; two writes within one
    mtime tick still differ by inode."""
    etat = chemin.stat()
    return f"{etat.st_mtime_ns}-{etat.st_ino}"


# `version` (version_base) has no leading underscore on purpose: Streamlit leaves `_x`
# parameters out of the cache key, and the key must change when a write replaces the file.
@st.cache_resource(show_spinner="Ouverture de la base…")
def _connexion(chemin: str, version: str) -> duckdb.DuckDBPyConnection:
    # DuckDB shares one open database per path inside a process: while a connection to the
    # replaced file stays open, a new connect() to the same path still reads the old file. So
    # the connection to the previous version is closed before the new one is opened.
    precedente = _ouvertes.pop(chemin, None)
    if precedente is not None and precedente[0] != version:
        precedente[1].close()
    con = db.connecter(chemin, lecture_seule=True)
    _ouvertes[chemin] = (version, con)
    return con


_ouvertes: dict[str, tuple[str, duckdb.DuckDBPyConnection]] = {}


def _message_d_attente():
    return st.spinner(
        "Première ouverture de l'observatoire : la base est en cours de préparation pour une autre visite. "
        "Patientez, la page s'affichera d'elle-même (une minute environ)…"
    )


def preparer_base() -> Path:
    """Build a missing base or upgrade an older one, once (observatoire.base.build.preparer: a lock
    across sessions and processes); app.py calls it before any page runs. The sessions that
    arrive meanwhile wait with a French message."""
    from observatoire.base.build import preparer

    return preparer(base_par_defaut(), attente=_message_d_attente, travail=st.spinner)


def _chemin_base() -> Path:
    return preparer_base()


# The cache key is `cle` alone, a string: Streamlit hashes a tuple argument element by element,
# about 0.3 ms for (nom, version, chemin, params), against 15 µs for their repr. The other
# arguments start with « _ », so they stay out of the key; `cle` holds all of them. Cached
# functions are called with keyword arguments: for a positional one Streamlit looks its name up
# in the function's signature, every call (0.35 ms for four arguments, 0.03 ms by keyword).
@st.cache_data(show_spinner=False, max_entries=2000)
def _donnees(cle: str, _nom: str, _version: str, _chemin: str, _params: tuple) -> pd.DataFrame:
    return db.requete(_connexion(chemin=_chemin, version=_version), _nom, **dict(_params))


def donnees(nom: str, **params) -> pd.DataFrame:
    """Run a named query of queries/ with the given parameters (results cached per base file).

    With a territory set (OBSERVATOIRE_EPCI, db.territoire), the reference queries read its
    communes only ($epci), and « no commune selected » means its communes, not every commune of
    the base: in a national base, the « whole CU » figures stay the EPCI's."""
    chemin = _chemin_base()
    version = version_base(chemin)
    attendus = db.parametres_de(nom)
    epci = db.territoire()
    if "epci" in attendus:
        params.setdefault("epci", epci)
    if epci is not None and "communes" in attendus and not params.get("communes"):
        params["communes"] = donnees("communes_liste")["code_insee"].tolist()
    # Only the parameters the SQL reads are part of the key (db.requete binds those alone): a
    # query that does not read the period is not run again each time the period slider moves.
    valeurs = tuple(
        sorted((k, tuple(v) if isinstance(v, (list, set, tuple)) else v) for k, v in params.items() if k in attendus)
    )
    # repr of str, numbers, None, bool and tuples of them: two different calls, two different keys
    return _donnees(
        cle=repr((nom, version, str(chemin), valeurs)), _nom=nom, _version=version, _chemin=str(chemin), _params=valeurs
    )


def _jeton_base() -> tuple[str, str]:
    chemin = _chemin_base()
    return str(chemin), version_base(chemin)


# observatoire.secret.valeurs keeps what it computes from these queries per base version.
donnees.jeton = _jeton_base
