"""Shared fixtures.

- `base_fixture`: a tiny hand-written database (schema + a few rows whose expected figures are
  computed by hand in the tests). Query tests run against it.
- `base_demo`: the full demo database, built once per test session into a temporary directory;
  AppTest and browser tests run the app against it through OBSERVATOIRE_DB. `copie_base_demo`:
  a private copy of it for a test that writes.
- `creer_base_sql(chemin, sql)`: a base from schema.sql plus a test's own rows, derived tables
  computed (what every hand-computed fixture base needs).
- `serveur_demo`: ONE Streamlit server on the demo base for the whole session (per xdist
  worker), shared by every browser or protocol test that only reads; `navigateur` adds Chromium.
  Tests that write or need another base start their own server and say why.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from observatoire.base import derives, schema
from observatoire.base.build import construire

RACINE = Path(__file__).resolve().parents[1]

FIXTURE_SQL = """
INSERT INTO communes VALUES
  ('62041', 'Arras', 41019, '200033579', 'CU d''Arras', 2.76, 50.29, NULL),
  ('62004', 'Achicourt', 7799, '200033579', 'CU d''Arras', 2.76, 50.27, NULL),
  ('62085', 'Basseux', 137, '200033579', 'CU d''Arras', 2.65, 50.22, NULL);

INSERT INTO qpv VALUES
  (2024, 'QN06258M', 'Quatre As', ['62004'], 1105, NULL, 'test');

-- RPLS 2025: Arras 4 dwellings (2 QPV), Achicourt 2 (1 QPV); 2024: Arras 3
INSERT INTO rpls_logements (millesime, code_insee, bailleur, en_qpv, financement, nb_pieces, surface_habitable, mode_occupation) VALUES
  (2025, '62041', 'Bailleur A (fictif)', true,  'PLUS', 3, 60, 1),
  (2025, '62041', 'Bailleur A (fictif)', true,  'PLAI', 2, 45, 1),
  (2025, '62041', 'Bailleur B (fictif)', false, 'PLS',  4, 80, 2),
  (2025, '62041', 'Bailleur B (fictif)', false, 'PLUS', 3, 65, 1),
  (2025, '62004', 'Bailleur A (fictif)', true,  'PLUS', 3, 62, 1),
  (2025, '62004', 'Bailleur A (fictif)', false, 'PLUS', 5, 90, 1),
  (2024, '62041', 'Bailleur A (fictif)', true,  'PLUS', 3, 60, 1),
  (2024, '62041', 'Bailleur A (fictif)', true,  'PLAI', 2, 45, 1),
  (2024, '62041', 'Bailleur B (fictif)', false, 'PLS',  4, 80, 1);

-- Attributions 2024: 5 rows; 2023: 1 row
INSERT INTO attributions (annee, code_insee, bailleur, reservataire, en_qpv, premier_quartile, ressources_uc,
                          prioritaire, relogement_anru, bail_signe, refus, mutation, contingent_communautaire) VALUES
  (2024, '62041', 'Bailleur A (fictif)', 'État',            false, true,  NULL, true,  false, true,  false, false, false),
  (2024, '62041', 'Bailleur A (fictif)', 'CU d''Arras',     false, false, NULL, false, false, false, true,  false, true),
  (2024, '62041', 'Bailleur B (fictif)', 'CU d''Arras',     true,  false, NULL, true,  false, true,  false, true,  true),
  (2024, '62004', 'Bailleur A (fictif)', 'Action Logement', true,  NULL,  NULL, NULL,  false, true,  false, false, false),
  (2024, '62004', 'Bailleur B (fictif)', 'Action Logement', false, true,  NULL, false, true,  true,  false, false, false),
  (2023, '62041', 'Bailleur A (fictif)', 'État',            false, NULL,  8000, false, false, true,  false, false, false),
  (2023, '62041', 'Bailleur A (fictif)', 'État',            false, NULL,  9000, false, false, true,  false, false, false),
  (2023, '62041', 'Bailleur A (fictif)', 'État',            false, NULL,  8500, false, false, true,  false, false, false),
  (2022, '62041', 'Bailleur A (fictif)', 'État',            false, NULL,  1000, false, false, true,  false, false, false);

INSERT INTO seuils_premier_quartile VALUES (2023, 8500, true);

-- Production: Arras 2023-2024, Achicourt 2024 only; ptz_neuf missing for 2024
INSERT INTO production VALUES
  (2023, '62041', 'logements_autorises', 300, 'sitadel'),
  (2024, '62041', 'logements_autorises', 250, 'sitadel'),
  (2024, '62004', 'logements_autorises', 40, 'sitadel'),
  (2023, '62041', 'ptz_neuf', 60, 'ptz'),
  (2023, '62004', 'ptz_neuf', 0, 'ptz');

INSERT INTO imports VALUES
  ('communes', NULL, 'communes.csv', 'aa', TIMESTAMP '2026-01-01 10:00:00', 3, 3, 0, false),
  ('rpls', 2025, 'rpls_2025.csv', 'bb', TIMESTAMP '2026-01-01 10:00:00', 6, 6, 0, true),
  ('rpls', 2024, 'rpls_2024.csv', 'cc', TIMESTAMP '2026-01-01 10:00:00', 4, 3, 1, true),
  ('attributions', NULL, 'attributions.csv', 'dd', TIMESTAMP '2026-01-02 10:00:00', 9, 9, 0, false);
"""


def lire(base: Path, sql: str, params=None) -> list[tuple]:
    """The rows of `sql` on the base file `base`, opened read-only and closed."""
    con = duckdb.connect(str(base), read_only=True)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()


def creer_base_sql(chemin: Path, sql: str) -> Path:
    """A database at `chemin`: the schema, the rows of `sql`, the derived tables recomputed."""
    con = duckdb.connect(str(chemin))
    try:
        schema.appliquer(con)
        con.execute(sql)
        derives.recalculer(con)
    finally:
        con.close()
    return chemin


def creer_base_fixture(chemin: Path) -> Path:
    return creer_base_sql(chemin, FIXTURE_SQL)


@pytest.fixture(scope="session")
def chemin_fixture(tmp_path_factory) -> Path:
    return creer_base_fixture(tmp_path_factory.mktemp("fixture") / "fixture.duckdb")


@pytest.fixture()
def base_fixture(chemin_fixture):
    con = duckdb.connect(str(chemin_fixture), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def base_demo(tmp_path_factory) -> Path:
    chemin = tmp_path_factory.mktemp("demo") / "observatoire.duckdb"
    construire(chemin)
    return chemin


@pytest.fixture()
def copie_base_demo(base_demo, tmp_path) -> Path:
    """A private copy of the demo database for a test that writes."""
    copie = tmp_path / "observatoire.duckdb"
    shutil.copyfile(base_demo, copie)
    return copie


@pytest.fixture()
def app_env(base_demo, monkeypatch):
    """Point the app at the session's demo database (AppTest runs in this process)."""
    monkeypatch.setenv("OBSERVATOIRE_DB", str(base_demo))
    monkeypatch.chdir(RACINE)
    return base_demo


def en_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def serveur_demo(base_demo) -> str:
    """ONE Streamlit server on the demo base for the whole session (per xdist worker): its start
    and first page runs (modules imported, caches filled) are paid once. Only for tests that read."""
    from tests.outils.navigateur import serveur_streamlit

    with serveur_streamlit(base_demo) as url:
        yield url


@pytest.fixture(scope="module")
def navigateur(serveur_demo):
    """Debian's Chromium on the session's server. Module-scoped, not session-scoped: Playwright's
    sync API keeps an event loop running in the thread, and the tests that speak the websocket
    protocol (asyncio.run) could not run while it is alive."""
    from playwright.sync_api import sync_playwright

    from tests.outils.navigateur import ARGS_CHROMIUM, CHROMIUM, exiger_chromium

    exiger_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS_CHROMIUM)
        yield browser, serveur_demo
        browser.close()
