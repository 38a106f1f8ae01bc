"""The database layout: schema.sql applied, and what an existing base lacks of it.

schema.sql is idempotent (CREATE TABLE IF NOT EXISTS, ADD COLUMN IF NOT EXISTS, …) and `appliquer`
is its only reader: the build runs it on an empty file, every write runs it first on its copy,
and an older base is upgraded by running it too (ecriture.mettre_a_niveau). `ecarts` says,
read-only, whether a base needs that upgrade: it compares the base with an empty one made in
memory by the same two steps (schema, then derived tables), so it never drifts from them.
"""

from __future__ import annotations

from functools import cache

import duckdb

from observatoire.base import derives
from observatoire.base.chemins import SCHEMA


def appliquer(con: duckdb.DuckDBPyConnection) -> None:
    """Create what is missing of schema.sql on `con` (tables, added columns); never drops data."""
    con.execute(SCHEMA.read_text(encoding="utf-8"))


def _colonnes(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    colonnes: dict[str, list[tuple[str, str]]] = {}
    for table, colonne, type_ in con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND NOT internal ORDER BY table_name, column_index"
    ).fetchall():
        colonnes.setdefault(table, []).append((colonne, type_))
    return colonnes


@cache
def attendu() -> dict[str, list[tuple[str, str]]]:
    """Tables and columns (name, type) of a base made today, derived tables included."""
    memoire = duckdb.connect(":memory:")
    try:
        appliquer(memoire)
        derives.recalculer(memoire)
        return _colonnes(memoire)
    finally:
        memoire.close()


def ecarts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """What the base on `con` lacks: missing tables, missing columns (« table.colonne »), derived
    tables whose columns differ from their definition. Empty: nothing to upgrade."""
    presentes = _colonnes(con)
    manque = []
    for table, colonnes in attendu().items():
        if table not in presentes:
            manque.append(table)
        elif table in derives.TABLES:
            if presentes[table] != colonnes:
                manque.append(table)
        else:
            noms = {c for c, _ in presentes[table]}
            manque += [f"{table}.{c}" for c, _ in colonnes if c not in noms]
    return manque
