"""Derived tables: the aggregates the pages read instead of dwelling rows.

`recalculer(con)` empties and refills them from the source tables. It runs at the end of every
build and inside every write (`ecriture.modifier_base`), in the same transaction, so the
aggregates can never disagree with the rows they come from. The SQL is in queries/deriver_*.sql;
the tables are declared in schema.sql.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from observatoire.base.chemins import QUERIES, SCHEMA
from observatoire.base.db import sql_de

# Order matters: `bailleurs` reads `parc_communes`.
TABLES = ("parc_communes", "parc_repartitions", "attributions_agregats", "bailleurs")


def recalculer(con: duckdb.DuckDBPyConnection) -> None:
    # On `con` itself, not through db.requete: its cursor is another connection, outside the
    # caller's transaction, which would neither see the rows just written nor roll back with it.
    for table in TABLES:
        con.execute(f"DELETE FROM {table}")
        con.execute(sql_de(f"deriver_{table}"))


# Tables an older base may lack that are not derived (created empty, never recomputed; then
# filled with their defaults by queries/mise_a_niveau_<table>.sql when that file exists).
AJOUTEES = (
    "reglages",
    "plh_annees",
    "plh_communes",
    # real public data (observatoire/chargement/publiques.py): created empty, filled by the next build
    "sources_publiques",
    "population_communes",
    "rp_logement_communes",
    "filosofi_communes",
    "lovac_communes",
    "rpls_insee",
    "qpv_revenus",
    "qpv_population",
)
# Columns added to a source table after bases were built (added empty: NULL = non renseigné).
COLONNES_AJOUTEES = (("attributions", "ex_zus", "BOOLEAN"),)


def manquantes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Derived tables missing or whose columns differ from schema.sql (a derived table holds no
    source data: it is dropped and rebuilt), and the added tables (AJOUTEES) missing."""
    presentes = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    a_refaire = [t for t in TABLES if t not in presentes or _colonnes(con, t) != _colonnes_schema(t)]
    colonnes = [f"{t}.{c}" for t, c, _ in COLONNES_AJOUTEES if t in presentes and c not in _colonnes(con, t)]
    return a_refaire + [t for t in AJOUTEES if t not in presentes] + colonnes


def _colonnes(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = $t ORDER BY column_index", {"t": table}
        ).fetchall()
    ]


def _colonnes_schema(table: str) -> list[str]:
    memoire = duckdb.connect(":memory:")
    try:
        for instruction in _creations([table]):
            memoire.execute(instruction)
        return _colonnes(memoire, table)
    finally:
        memoire.close()


def mettre_a_niveau(chemin: Path | str) -> bool:
    """Add and fill the derived tables in a database built before they existed or with fewer
    columns, and add the tables of AJOUTEES (once, through the usual atomic write). Returns True
    when it had something to do."""
    con = duckdb.connect(str(chemin), read_only=True)
    try:
        a_creer = manquantes(con)
    finally:
        con.close()
    if not a_creer:
        return False
    from observatoire.base.ecriture import modifier_base

    def operation(c):
        presentes = {r[0] for r in c.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        for t in a_creer:
            if t in presentes:  # a derived table of an older layout: rebuilt below
                c.execute(f"DROP TABLE {t}")
        for instruction in _creations(a_creer):
            c.execute(instruction)
        for t in a_creer:
            if t in AJOUTEES and (QUERIES / f"mise_a_niveau_{t}.sql").is_file():
                c.execute(sql_de(f"mise_a_niveau_{t}"))
        for t, colonne, type_ in COLONNES_AJOUTEES:
            if f"{t}.{colonne}" in a_creer:  # names and types from COLONNES_AJOUTEES, no user input
                c.execute(f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {colonne} {type_}")

    modifier_base(chemin, operation)  # modifier_base recomputes every derived table at the end
    return True


def _creations(tables: list[str]) -> list[str]:
    """The CREATE TABLE statements of schema.sql for `tables` (comments removed first: they
    hold semicolons)."""
    sans_commentaires = re.sub(r"--[^\n]*", "", SCHEMA.read_text(encoding="utf-8"))
    return [
        s.strip()
        for s in sans_commentaires.split(";")
        if any(s.strip().startswith(f"CREATE TABLE {t} (") for t in tables)
    ]
