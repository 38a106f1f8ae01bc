"""Where things live. Everything is relative to the repository so a clone runs anywhere."""

from __future__ import annotations

import os
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
DATA = RACINE / "data"
REFERENCE = DATA / "reference"
DEMO = DATA / "demo"
QUERIES = RACINE / "queries"
SCHEMA = Path(__file__).with_name("schema.sql")


def base_par_defaut() -> Path:
    """The database the app reads; OBSERVATOIRE_DB overrides it (tests, benchmarks)."""
    return Path(os.environ.get("OBSERVATOIRE_DB", DATA / "observatoire.duckdb"))
