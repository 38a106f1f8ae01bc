"""The server's settings that the load figures depend on (bench/HISTORIQUE.md)."""

import tomllib

from observatoire.base.chemins import RACINE


def test_pas_de_collecte_complete_apres_chaque_execution():
    # With twenty sessions, Streamlit's gc.collect(2) after every script run walked every live
    # object of every session: 40 to 50 ms of CPU per page view (bench/charge.py, 28/11/2026).
    config = tomllib.loads((RACINE / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False


def test_streamlit_lit_le_reglage(monkeypatch):
    # Read as Streamlit reads it (the project's .streamlit/config.toml, from the app's folder): a
    # misspelt section or a renamed option would be ignored without a word.
    from streamlit import config

    monkeypatch.chdir(RACINE)
    try:
        config.get_config_options(force_reparse=True)
        assert config.get_option("runner.postScriptGC") is False
    finally:
        config.get_config_options(force_reparse=True)
