"""Derived tables: the aggregates the pages read instead of dwelling rows.

Each is defined once, by queries/derives/derivee_<table>.sql (`CREATE OR REPLACE TABLE … AS
SELECT`): its columns are that SELECT's, so schema.sql does not declare them and a new column
needs no upgrade code. `recalculer(con)` rebuilds them all from the source tables, at the end of
every build and inside every write (observatoire.base.ecriture.modifier_base), in the same
transaction, so the aggregates can never disagree with the rows they come from.
"""

from __future__ import annotations

import duckdb

from observatoire.base.db import sql_de

# Order matters: `bailleurs` reads `parc_communes`, attributions_niveaux and attributions_o3_communes
# read `attributions_agregats`.
TABLES = (
    "parc_communes",
    "parc_repartitions",
    "attributions_agregats",
    "attributions_niveaux",
    "attributions_o3_communes",
    "production_cumuls",
    "production_annees",
    "mises_en_service_communes",
    "plh_taux_communes",
    "bailleurs",
)


def recalculer(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every derived table on `con`."""
    # On `con` itself, not through db.requete: its cursor is another connection, outside the
    # caller's transaction, which would neither see the rows just written nor roll back with it.
    for table in TABLES:
        con.execute(sql_de(f"derivee_{table}"))
