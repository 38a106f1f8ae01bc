"""Start `streamlit run app.py` on a free port and wait until it answers, and Debian's Chromium
with its offline flags: the one place the tests, the profiling script and the benchmarks share
(none of them imports from tests/)."""

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

from observatoire.base.chemins import RACINE

# No network at run time or in tests: no component update, sync or QUIC.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def commande(port: int, *options: str) -> list[str]:
    return [
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
        *options,
    ]


def attendre_sante(url: str, limite_s: float = 120, pas_s: float = 0.2) -> None:
    """Wait until the Streamlit server at `url` answers its health check."""
    fin = time.perf_counter() + limite_s
    while time.perf_counter() < fin:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(pas_s)
    raise RuntimeError(f"le serveur Streamlit ({url}) n'a pas répondu en {limite_s:.0f} s")


def arreter(proc: subprocess.Popen, delai_s: float = 15) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=delai_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def serveur_streamlit(base: Path, *options: str, journal: Path | None = None, limite_s: float = 120):
    """A server on `base` (OBSERVATOIRE_DB); yields its URL. Its output goes to `journal` when
    given, else nowhere: an unread pipe fills up and blocks a talkative server."""
    port = port_libre()
    env = {**os.environ, "OBSERVATOIRE_DB": str(base)}
    sortie = open(journal, "wb") if journal else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(commande(port, *options), cwd=RACINE, env=env, stdout=sortie, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            attendre_sante(url, limite_s)
            yield url
        finally:
            arreter(proc)
    finally:
        if journal:
            sortie.close()
