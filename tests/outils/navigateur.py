"""Helpers for the real-browser tests: a Streamlit server on a free port and Debian's Chromium
driven by Playwright (no `playwright install`: the browser comes from apt)."""

from __future__ import annotations

from pathlib import Path

import pytest

# the server start is shared with scripts/ and bench/, hence in the package
from observatoire.ecrans.serveur import ARGS_CHROMIUM, CHROMIUM, attendre_sante, serveur_streamlit  # noqa: F401 (re-exported)
from tests.conftest import RACINE, en_ci

CAPTURES = RACINE / "tests" / "screenshots"


def exiger_chromium() -> None:
    """In CI the browser tests must fail, not skip, when the browser is missing."""
    if not Path(CHROMIUM).exists():
        if en_ci():
            pytest.fail(f"Chromium introuvable ({CHROMIUM}) alors que CI=true : installez le paquet chromium.")
        pytest.skip("Chromium absent (apt-get install chromium)")


def attendre_rendu(page, timeout_ms: int = 60000) -> None:
    """Wait until Streamlit has run the script for this page and drawn every element."""
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout_ms)
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stMain"] h1, [data-testid="stException"]')""",
        timeout=timeout_ms,
    )
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
              && document.querySelectorAll('[data-testid="stSkeleton"], .stSkeleton').length === 0""",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(1500)  # plotly / deck.gl finish drawing after the DOM settles
