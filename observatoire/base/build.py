"""Build data/observatoire.duckdb from the sources in data/ (reference + demo).

The new database is written to a temporary file in the same directory and moved over the old
one with os.replace, which is atomic on one file system: a reader sees either the old base or
the new one, and a failed build (exception, kill) leaves the previous base untouched.

`preparer` is what the app calls before any page runs: it builds a missing base and upgrades an
older one (ecriture.mettre_a_niveau: schema.sql applied, derived tables rebuilt) once, under a lock that holds across the threads of one
server (its sessions) and across processes (two servers, a `build` on the command line); the
sessions that find the lock taken wait for it, then find the base ready. Temporary files carry
the process id and a random part: two builds never share one.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import secrets
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from observatoire.base import derives, ecriture, schema
from observatoire.base.chemins import DATA, base_par_defaut
from observatoire.base.db import requete
from observatoire.chargement import sources


def sha256(chemin: Path) -> str:
    h = hashlib.sha256()
    with open(chemin, "rb") as f:
        for bloc in iter(lambda: f.read(1 << 20), b""):
            h.update(bloc)
    return h.hexdigest()


def _inserer(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    # Column names come from our own schema, not from user input; the data go through a view.
    colonnes = ", ".join(df.columns)
    con.register("_lot", df)
    try:
        con.execute(f"INSERT INTO {table} ({colonnes}) SELECT {colonnes} FROM _lot")
    finally:
        con.unregister("_lot")


def _tracer(con, jeu: str, chemin: Path, lues: int, chargees: int, demo: bool, millesime: int | None = None):
    con.execute(
        "INSERT INTO imports VALUES ($jeu, $millesime, $fichier, $sha, $quand, $lues, $chargees, $rejetees, $demo)",
        {
            "jeu": jeu,
            "millesime": millesime,
            "fichier": chemin.name,
            "sha": sha256(chemin),
            "quand": datetime.now().replace(microsecond=0),
            "lues": lues,
            "chargees": chargees,
            "rejetees": lues - chargees,
            "demo": demo,
        },
    )


def charger_reference(con: duckdb.DuckDBPyConnection, dossier: Path) -> None:
    communes = pd.read_csv(dossier / "communes.csv", dtype={"code_insee": str, "code_epci": str})
    _inserer(con, "communes", communes)
    _tracer(con, "communes", dossier / "communes.csv", len(communes), len(communes), demo=False)

    qpv = pd.read_csv(dossier / "qpv.csv", dtype=str, keep_default_na=False)
    qpv_table = pd.DataFrame(
        {
            "geographie": qpv["geographie"].astype(int),
            "code_qpv": qpv["code_qpv"].where(qpv["code_qpv"] != "", None),
            "nom": qpv["nom"],
            "communes_insee": qpv["communes_insee"].str.split("|"),
            "population": pd.to_numeric(qpv["population"].where(qpv["population"] != "", None)).astype("Int64"),
            "geometrie_wkt": None,
            "source": qpv["source"],
        }
    )
    _inserer(con, "qpv", qpv_table)
    _tracer(con, "qpv", dossier / "qpv.csv", len(qpv), len(qpv), demo=False)

    plh = pd.read_csv(dossier / "plh.csv", dtype={"annees_comptees": str})
    _inserer(con, "plh", plh[["plh", "annee_debut", "annee_fin", "lecture", "source"]])
    # The counted years (`annees_comptees`, « 2014|2015|… », empty = every calendar year of the
    # PLH) and the PLH's communes (plh_communes.csv, empty = not filled) are data too.
    from observatoire.indicateurs import plh as module_plh

    for _, ligne in plh.iterrows():
        annees = module_plh.lire_annees(
            ligne.get("annees_comptees"), int(ligne["annee_debut"]), int(ligne["annee_fin"])
        )
        _inserer(con, "plh_annees", pd.DataFrame({"plh": ligne["plh"], "annee": annees}))
    if (dossier / "plh_communes.csv").is_file():
        communes_plh = pd.read_csv(dossier / "plh_communes.csv", dtype=str)
        if len(communes_plh):
            _inserer(con, "plh_communes", communes_plh[["plh", "code_insee"]])
    obj = pd.read_csv(dossier / "objectifs_plh.csv")
    obj["code_insee"] = None
    obj["demo"] = False
    _inserer(
        con,
        "objectifs",
        obj[["plh", "code_insee", "indicateur", "objectif_annuel", "objectif_periode", "demo", "source"]],
    )
    _tracer(con, "objectifs_plh", dossier / "objectifs_plh.csv", len(obj), len(obj), demo=False)


def charger_demo(con: duckdb.DuckDBPyConnection, dossier: Path) -> None:
    for chemin in sorted(dossier.glob("rpls_*.csv.gz")):
        millesime = int(re.search(r"(\d{4})", chemin.name).group(1))
        df = sources.lire_rpls(chemin, millesime)
        _inserer(con, "rpls_logements", df)
        _tracer(con, "rpls", chemin, len(df), len(df), demo=True, millesime=millesime)

    simples = [
        ("attributions", "attributions.csv", sources.lire_attributions),
        ("ops", "ops.csv", sources.lire_ops),
        ("production", "production.csv", sources.lire_production),
        ("objectifs", "objectifs_communes.csv", lambda p: sources.lire_objectifs_communes(p, demo=True)),
        ("seuils_premier_quartile", "seuils_premier_quartile.csv", lambda p: sources.lire_seuils(p, demo=True)),
        ("contingent_flux", "contingent_flux.csv", lambda p: sources.lire_contingent_flux(p, demo=True)),
    ]
    for table, fichier, lire in simples:
        chemin = dossier / fichier
        df = lire(chemin)
        _inserer(con, table, df)
        jeu = "objectifs_communes" if fichier == "objectifs_communes.csv" else table
        _tracer(con, jeu, chemin, len(df), len(df), demo=True)


BASE_ANCIENNE = "base d'une version antérieure (contenu non vérifiable)"


def donnees_a_proteger(db: Path | str | None = None) -> list[tuple[str, int]]:
    """What a rebuild would erase from the existing base (queries/build/donnees_a_proteger.sql)."""
    db = Path(db) if db else base_par_defaut()
    if not db.is_file():
        return []
    con = duckdb.connect(str(db), read_only=True)
    try:
        from observatoire.chargement import publiques

        # The shipped public files are loaded again by the rebuild: nothing to protect there.
        try:
            lignes = requete(con, "donnees_a_proteger", empreintes_publiques=publiques.empreintes())
        except duckdb.CatalogException:
            # A base from an older version lacks a table the query reads: what it holds cannot be
            # told, so it is protected as a whole (--ecraser after a copy).
            return [(BASE_ANCIENNE, 1)]
        return [(str(j), int(n)) for j, n in lignes.itertuples(index=False)]
    finally:
        con.close()


def finaliser(con: duckdb.DuckDBPyConnection) -> None:
    """What every database gets after loading: the derived tables (observatoire.base.derives)."""
    derives.recalculer(con)


def construire(db: Path | str | None = None, data: Path = DATA) -> Path:
    db = Path(db) if db else base_par_defaut()
    db.parent.mkdir(parents=True, exist_ok=True)
    if not any((data / "demo").glob("rpls_*.csv.gz")):
        from observatoire.chargement import demo

        demo.generate(data / "demo")
    ecriture.nettoyer_restes(db)
    # pid first, then a random part: unique per build, and still cleaned by nettoyer_restes once
    # the process is dead (it reads the pid before the first dot)
    tmp = db.with_name(f".build-{db.name}-{os.getpid()}.{secrets.token_hex(6)}")
    try:
        con = duckdb.connect(str(tmp))
        try:
            schema.appliquer(con)
            charger_reference(con, data / "reference")
            from observatoire.chargement import publiques

            publiques.charger(con, data / "publiques")
            charger_demo(con, data / "demo")
            finaliser(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, db)
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
    return db


# ---------------------------------------------------------------- first start: build or upgrade once

_verrous: dict[str, threading.Lock] = {}
_verrous_garde = threading.Lock()
_pretes: set[tuple[str, int]] = set()  # (path, mtime_ns) checked complete in this process


def _verrou_fil(db: Path) -> threading.Lock:
    with _verrous_garde:
        return _verrous.setdefault(str(db.resolve()), threading.Lock())


@contextmanager
def verrou_demarrage(db: Path, attente: Callable[[], AbstractContextManager] | None = None):
    """Exclusive lock of the base's first start, across threads (threading.Lock) and processes
    (flock on « <base>.demarrage.lock »). When someone else holds it, `attente()` (a context
    manager: the French message of the waiting session) is entered while waiting."""
    db = Path(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    fil = _verrou_fil(db)
    if not fil.acquire(blocking=False):
        with attente() if attente else nullcontext():
            fil.acquire()
    try:
        with open(db.with_name(db.name + ".demarrage.lock"), "w") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                with attente() if attente else nullcontext():
                    fcntl.flock(f, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)
    finally:
        fil.release()


def _cle(db: Path) -> tuple[str, int] | None:
    try:
        return str(db), db.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def preparer(
    db: Path | str | None = None,
    attente: Callable[[], AbstractContextManager] | None = None,
    travail: Callable[[str], AbstractContextManager] | None = None,
) -> Path:
    """Make sure the base exists and has every table the code reads; build or upgrade it once.

    Fast when the base was already checked in this process (same file, same mtime). Otherwise the
    check runs under `verrou_demarrage`: the first session builds (or upgrades), the others wait
    (`attente()`), then find the work done. `travail(message)` wraps the build or the upgrade
    (the French message the working session shows)."""
    db = Path(db) if db else base_par_defaut()
    cle = _cle(db)
    if cle is not None and cle in _pretes:
        return db
    with verrou_demarrage(db, attente):
        if not db.is_file():
            with (
                travail("Première ouverture : construction de la base de démonstration (une minute environ)…")
                if travail
                else nullcontext()
            ):
                construire(db)
        else:
            if ecriture.a_mettre_a_niveau(db):
                with (
                    travail("Mise à niveau de la base (tables ajoutées depuis sa construction)…")
                    if travail
                    else nullcontext()
                ):
                    ecriture.mettre_a_niveau(db)
        cle = _cle(db)
        if cle is not None:
            _pretes.add(cle)
    return db
