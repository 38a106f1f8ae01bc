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

from observatoire.chemins import SCHEMA
from observatoire.db import sql_de

# Order matters: `bailleurs` reads `parc_communes`.
TABLES = ("parc_communes", "parc_repartitions", "attributions_agregats", "bailleurs")


def recalculer(con: duckdb.DuckDBPyConnection) -> None:
    # On `con` itself, not through db.requete: its cursor is another connection, outside the
    # caller's transaction, which would neither see the rows just written nor roll back with it.
    for table in TABLES:
        con.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names, no user input)
        con.execute(sql_de(f"deriver_{table}"))


def manquantes(con: duckdb.DuckDBPyConnection) -> list[str]:
    presentes = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return [t for t in TABLES if t not in presentes]


def mettre_a_niveau(chemin: Path | str) -> bool:
    """Add and fill the derived tables in a database built before they existed (once, through
    the usual atomic write). Returns True when it had something to do."""
    con = duckdb.connect(str(chemin), read_only=True)
    try:
        a_creer = manquantes(con)
    finally:
        con.close()
    if not a_creer:
        return False
    from observatoire.ecriture import modifier_base

    def operation(c):
        for instruction in _creations(a_creer):
            c.execute(instruction)

    modifier_base(chemin, operation)  # modifier_base recomputes every derived table at the end
    return True


def _creations(tables: list[str]) -> list[str]:
    """The CREATE TABLE statements of schema.sql for `tables` (comments removed first: they
    hold semicolons)."""
    sans_commentaires = re.sub(r"--[^\n]*", "", SCHEMA.read_text(encoding="utf-8"))
    return [s.strip() for s in sans_commentaires.split(";")
            if any(s.strip().startswith(f"CREATE TABLE {t} (") for t in tables)]
