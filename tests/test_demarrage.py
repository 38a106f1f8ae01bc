"""First start with several visitors (issue 14, item 1), on a real server with protocol-level
clients (tests/client_streamlit.py), and what a browser may receive from that server (items 2,
6 and 11).

- A fresh base (no file): 4 tabs opened at once, then 1 more a moment later. The base is built
  once, under the startup lock; the others wait with a French message; every tab ends on the
  home page, without an exception; no temporary file is left.
- An older base (tables missing): the same, the upgrade runs once.
- Three processes preparing the same fresh base at once: one builds, the others find it built.
- A secrets.toml with a missing quote: the server refuses access with a French message.
- An unexpected error (a base file that is not a database): a French message with an incident
  number, the same number in the server log with its traceback, no path, no exception element.
- « Clear cache » sent by a client that has not logged in: refused, the caches stay.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

import tests.client_streamlit as client
from tests.client_streamlit import SessionStreamlit
from tests.conftest import RACINE
from tests.navigateur import _port_libre, attendre_sante

TITRE_ACCUEIL = "Observatoire de l'habitat — Communauté Urbaine d'Arras (46 communes)"
ATTENTE = "en cours de préparation pour une autre visite"


@contextmanager
def serveur(base: Path, journal: Path, *options: str):
    """A Streamlit server on `base`; its stdout and stderr go to `journal` (read by the tests)."""
    port = _port_libre()
    env = {**os.environ, "OBSERVATOIRE_DB": str(base)}
    with open(journal, "wb") as sortie:
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
                *options,
            ],
            cwd=RACINE,
            env=env,
            stdout=sortie,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            attendre_sante(url)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


class _Espion:
    """A websocket that keeps every message the server sent (transient ones, spinners, included:
    the client itself keeps only the elements of the last run)."""

    def __init__(self, ws, recus: list[bytes]):
        self._ws, self._recus = ws, recus

    async def send(self, donnees):
        await self._ws.send(donnees)

    async def recv(self):
        donnees = await self._ws.recv()
        self._recus.append(donnees)
        return donnees

    async def close(self):
        await self._ws.close()


@pytest.fixture()
def recus(monkeypatch) -> list[bytes]:
    tous: list[bytes] = []
    vrai = client.connect

    async def connect(*args, **kwargs):
        return _Espion(await vrai(*args, **kwargs), tous)

    monkeypatch.setattr(client, "connect", connect)
    return tous


def _a_recu(recus: list[bytes], texte: str) -> bool:
    return any(texte.encode("utf-8") in m for m in recus)


async def _visite(url: str, retard: float):
    await asyncio.sleep(retard)
    async with SessionStreamlit(url, delai=300) as tab:
        return await tab.ouvrir("")


def _visites(url: str, retards: list[float]):
    async def tout():
        return await asyncio.gather(*(_visite(url, r) for r in retards))

    return asyncio.run(tout())


def _sans_trace(vues, journal: Path) -> None:
    for v in vues:
        assert not v.exceptions(), v.exceptions()
        assert TITRE_ACCUEIL in v.textes("heading"), v.textes()
    texte = journal.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in texte and "already exists" not in texte and "conflict" not in texte, texte[-3000:]


def test_premier_demarrage_plusieurs_visiteurs(tmp_path, recus):
    base = tmp_path / "neuve" / "observatoire.duckdb"
    journal = tmp_path / "serveur.log"
    with serveur(base, journal) as url:
        assert not base.exists()
        debut = time.perf_counter()
        vues = _visites(url, [0, 0, 0.2, 0.5, 3])
        duree = time.perf_counter() - debut
    _sans_trace(vues, journal)
    assert base.is_file()
    assert not list(base.parent.glob(".build-*")), list(base.parent.iterdir())
    # the sessions that came during the build said so, in French
    assert _a_recu(recus, ATTENTE)
    assert _a_recu(recus, "Première ouverture : construction de la base de démonstration")
    print(f"\n5 visiteurs sur une base neuve : tous sur l'Accueil en {duree:.1f} s")


def test_mise_a_niveau_une_seule_fois(tmp_path, base_demo, recus):
    base = tmp_path / "observatoire.duckdb"
    shutil.copyfile(base_demo, base)
    con = duckdb.connect(str(base))
    con.execute("DROP TABLE bailleurs")  # a base built before these tables existed
    con.execute("DROP TABLE reglages")
    con.close()
    journal = tmp_path / "serveur.log"
    with serveur(base, journal) as url:
        vues = _visites(url, [0, 0, 0, 0.1])
    _sans_trace(vues, journal)
    con = duckdb.connect(str(base), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()
    assert {"bailleurs", "reglages"} <= tables  # (the upgrade takes < 0.5 s: its spinner never shows)
    assert not list(tmp_path.glob(".build-*"))


def test_trois_processus_preparent_la_meme_base(tmp_path):
    base = tmp_path / "observatoire.duckdb"
    code = (
        "import sys, time; from observatoire.base import build; d = time.perf_counter(); "
        "build.preparer(sys.argv[1]); print(round(time.perf_counter() - d, 1))"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(base)],
            cwd=RACINE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    sorties = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in sorties]
    assert base.is_file() and not list(tmp_path.glob(".build-*"))
    con = duckdb.connect(str(base), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM communes").fetchone()[0] == 46
    finally:
        con.close()


def test_secrets_illisible_acces_ferme(tmp_path, base_demo):
    secrets = tmp_path / "secrets.toml"
    # one missing quote, as in the attack run
    secrets.write_text(
        '[acces]\nmode = "connexion"\n[acces.mots_de_passe]\nanalyste = "scrypt$16384$8$1$abc\n', encoding="utf-8"
    )
    journal = tmp_path / "serveur.log"
    with serveur(base_demo, journal, "--secrets.files", str(secrets)) as url:
        vue = _visites(url, [0])[0]
    textes = " ".join(vue.textes())
    assert "accès fermé" in " ".join(vue.textes("heading"))
    assert "secrets.toml est illisible (ligne 4" in textes, textes
    assert "Accès libre" not in textes and not vue.metriques() and not vue.exceptions()
    assert "scrypt$" not in textes and str(tmp_path) not in textes
    assert "accès refusé à tous" in journal.read_text(encoding="utf-8", errors="replace")


def test_erreur_inattendue_numero_d_incident(tmp_path):
    base = tmp_path / "observatoire.duckdb"
    base.write_bytes(b"ceci n'est pas une base DuckDB" * 100)  # an unexpected failure on every page
    journal = tmp_path / "serveur.log"
    with serveur(base, journal) as url:
        vue = _visites(url, [0])[0]
    assert not vue.exceptions(), vue.exceptions()  # no exception element: no type, message nor trace
    erreurs = vue.erreurs()
    assert len(erreurs) == 1 and "Une erreur inattendue est survenue" in erreurs[0], vue.textes()
    numero = re.search(r"incident n° ([0-9]{8}-[0-9]{6}-[0-9A-F]{6})", erreurs[0]).group(1)
    tout = " ".join(vue.textes())
    assert str(tmp_path) not in tout and "Traceback" not in tout and ".py" not in tout
    texte = journal.read_text(encoding="utf-8", errors="replace")
    bloc = texte[texte.index(f"Incident {numero}") :]
    assert "Traceback (most recent call last)" in bloc[:5000]


def _metriques_cache(url: str) -> int:
    """Bytes held by the server's caches (st.cache_data / st.cache_resource), from /_stcore/metrics."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=10) as r:
        texte = r.read().decode("utf-8")
    return sum(
        int(float(ligne.rsplit(" ", 1)[1]))
        for ligne in texte.splitlines()
        if ligne.startswith("cache_memory_bytes{") and "cache_data" in ligne
    )


def test_vider_le_cache_sans_connexion_refuse(tmp_path, base_demo):
    from streamlit.proto.BackMsg_pb2 import BackMsg

    journal = tmp_path / "serveur.log"

    async def scenario(url):
        async with SessionStreamlit(url) as tab:
            await tab.ouvrir("")
            avant = _metriques_cache(url)
            msg = BackMsg()
            msg.clear_cache = True
            await tab._ws.send(msg.SerializeToString())
            await asyncio.sleep(6)  # /_stcore/metrics keeps its cache figures 5 s
            return avant, _metriques_cache(url)

    with serveur(base_demo, journal) as url:
        avant, apres = asyncio.run(scenario(url))
    assert avant > 100_000 and apres >= avant, (avant, apres)  # nothing cleared
    assert "Vidage du cache demandé par une session qui n'est pas connectée en analyste : refusé." in journal.read_text(
        encoding="utf-8", errors="replace"
    )
