"""Helpers for the real-browser tests: a Streamlit server on a free port and Debian's Chromium
driven by Playwright (no `playwright install`: the browser comes from apt)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import RACINE, en_ci

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CAPTURES = RACINE / "tests" / "screenshots"
ARGS_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def exiger_chromium() -> None:
    """In CI the browser tests must fail, not skip, when the browser is missing."""
    if not Path(CHROMIUM).exists():
        if en_ci():
            pytest.fail(f"Chromium introuvable ({CHROMIUM}) alors que CI=true : installez le paquet chromium.")
        pytest.skip("Chromium absent (apt-get install chromium)")


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def attendre_sante(url: str, limite_s: float = 120) -> None:
    """Wait until the Streamlit server at `url` answers its health check."""
    fin = time.perf_counter() + limite_s
    while time.perf_counter() < fin:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("le serveur Streamlit n'a pas démarré")


@contextmanager
def serveur_streamlit(base: Path):
    port = _port_libre()
    env = {**os.environ, "OBSERVATOIRE_DB": str(base)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=RACINE,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        attendre_sante(url)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


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
