"""Several Streamlit processes of the observatory behind HAProxy, with sticky sessions.

One Streamlit process runs every session's script in one Python interpreter: on a machine with
several cores, one process uses one of them. This starts `--processus` processes of
`streamlit run app.py` on local ports, all on the same DuckDB file (read-only), and HAProxy in
front of them on `--port` (config: deploiement/haproxy.cfg, copied with one `server` line per
process). HAProxy's cookie keeps a browser on its process: a Streamlit session (its websocket,
its files to download, its uploads) lives in one process.

An import or a saved setting writes a new file and swaps it in (observatoire/base/ecriture.py); every
process checks the file's version (mtime, inode) on each query (ui.donnees) and reads the new
file from its next rerun on: nothing to restart. The processes share the cookie secret (one
drawn at start), so a signed cookie of one is valid in the others.

    .venv/bin/python scripts/deploiement.py --processus 2 --port 8501
    make deploiement PROCESSUS=2 PORT=8501

Before the proxy opens, every page is opened once in each process (`prechauffer`; skipped with
--sans-prechauffage). Stops everything on Ctrl-C or SIGTERM. HAProxy comes from Debian's
packages (`apt-get install haproxy`).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

RACINE = Path(__file__).resolve().parents[1]
MODELE = RACINE / "deploiement" / "haproxy.cfg"
_BLOC = re.compile(r"(    # SERVEURS[^\n]*\n).*?(    # FIN SERVEURS\n)", re.S)


class ErreurDeploiement(RuntimeError):
    """A French sentence: what is missing and how to get it."""


def haproxy() -> str:
    chemin = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if chemin is None:
        raise ErreurDeploiement(
            "HAProxy est introuvable : installez le paquet Debian « haproxy » "
            "(apt-get install haproxy) ou lancez un seul processus (make run)."
        )
    return chemin


def config_haproxy(ports: list[int], port: int, adresse: str = "127.0.0.1") -> str:
    """deploiement/haproxy.cfg with one `server` line per process port, listening on adresse:port."""
    modele = MODELE.read_text(encoding="utf-8")
    lignes = "".join(f"    server p{i} 127.0.0.1:{p} check cookie p{i}\n" for i, p in enumerate(ports, 1))
    texte, n = _BLOC.subn(lambda m: m.group(1) + lignes + m.group(2), modele)
    if n != 1:
        raise ErreurDeploiement(f"{MODELE} : bloc « # SERVEURS » … « # FIN SERVEURS » introuvable")
    texte, n = re.subn(r"bind \S+:\d+", f"bind {adresse}:{port}", texte)
    if n != 1:
        raise ErreurDeploiement(f"{MODELE} : ligne « bind » introuvable dans le frontend")
    return texte


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def attendre_sante(url: str, limite_s: float = 120) -> None:
    fin = time.monotonic() + limite_s
    while time.monotonic() < fin:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise ErreurDeploiement(f"{url} ne répond pas à /_stcore/health après {limite_s:.0f} s")


def commande_streamlit(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(RACINE / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


def _annees_bailleurs_commune(base: str | None) -> tuple[list[int], list[str], str | None]:
    """Years and landlords of the attributions, and one commune, in the base the processes serve."""
    import duckdb

    chemin = base or os.environ.get("OBSERVATOIRE_DB") or str(RACINE / "data" / "observatoire.duckdb")
    try:
        con = duckdb.connect(chemin, read_only=True)
    except duckdb.Error:
        return [], [], None
    try:
        annees = [int(a) for (a,) in con.execute("SELECT DISTINCT annee FROM attributions ORDER BY 1").fetchall()]
        bailleurs = [b for (b,) in con.execute("SELECT DISTINCT bailleur FROM attributions ORDER BY 1").fetchall()]
        commune = con.execute("SELECT min(code_insee) FROM attributions").fetchone()[0]
    except duckdb.Error:
        return [], [], None
    finally:
        con.close()
    return (annees, bailleurs, commune) if commune else ([], [], None)


# The pages whose grids depend on the period's last year and the landlord filter only, not on the
# commune: opened for every (year, landlord) before anyone comes. The Accueil computes the legal
# objectives' grid of every commune; the Fiche commune the indicators' grid it ranks a commune in.
PAGES_PAR_ANNEE = ("", "fiche_commune")


def prechauffer(urls: list[str], base: str | None = None) -> None:
    """Open every page of the router once in each process (a tab on the process's own port),
    before the proxy sends anyone: the pages' modules are imported and the grids that do not
    depend on the filters (objectives and OPS of the latest year…) computed. Without it the first
    visitors of each process wait for that (the first-link burst of the load test: p95 above
    20 s on a fresh process, 4 to 6 s on a warmed one)."""
    import asyncio

    if str(RACINE) not in sys.path:
        sys.path.insert(0, str(RACINE))
    from observatoire.ecrans import navigation
    from scripts.client_streamlit import SessionStreamlit

    chemins = [e.adresse for e in navigation.PAGES if not e.defaut]

    annees, bailleurs, commune = _annees_bailleurs_commune(base)

    async def un(url: str) -> None:
        async with SessionStreamlit(url, delai=300) as tab:
            await tab.ouvrir("", "")
            for chemin in chemins:
                await tab.naviguer(chemin)
            # The legal objectives' grid of each year and landlord filter (every commune, secret
            # applied: 50 to 200 ms each), which the Accueil of a commune reads for the period's
            # last year: otherwise computed by the first visitors who move the period.
            for a in annees:
                for b in [None, *bailleurs]:
                    requete = f"communes={commune}&debut={a}&fin={a}" + (f"&bailleurs={quote(b)}" if b else "")
                    for chemin in PAGES_PAR_ANNEE:
                        await tab.ouvrir(chemin, requete)

    async def tous() -> None:  # the processes warm up side by side, one core each
        await asyncio.gather(*(un(url) for url in urls))

    asyncio.run(tous())


@dataclass
class Deploiement:
    url: str  # the proxy's address: what users open
    urls_processus: list[str]
    processus: list[subprocess.Popen] = field(repr=False)
    proxy: subprocess.Popen | None = field(repr=False, default=None)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processus]


def _arreter(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()


@contextmanager
def deploiement(
    processus: int = 2,
    base: Path | str | None = None,
    port: int | None = None,
    commande: Callable[[int], list[str]] = commande_streamlit,
    adresse: str = "127.0.0.1",
    sortie=subprocess.DEVNULL,
    chaud: bool = False,
):
    """`processus` Streamlit processes and HAProxy in front (yields a Deploiement). With
    processus=1 and no port asked, no proxy: the process's own address (the usual `make run`).
    `chaud`: every page opened once in each process before the proxy starts (`prechauffer`)."""
    env = {
        **os.environ,
        "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32),
    }
    if base is not None:
        env["OBSERVATOIRE_DB"] = str(Path(base).resolve())
    avec_proxy = processus > 1 or port is not None
    executable = haproxy() if avec_proxy else None
    ports = [port_libre() for _ in range(processus)]
    lances: list[subprocess.Popen] = []
    dossier = Path(tempfile.mkdtemp(prefix="observatoire_deploiement_"))
    try:
        for p in ports:
            lances.append(subprocess.Popen(commande(p), cwd=RACINE, env=env, stdout=sortie, stderr=sortie))
        urls = [f"http://127.0.0.1:{p}" for p in ports]
        for u in urls:
            attendre_sante(u)
        if chaud:
            prechauffer(urls, env.get("OBSERVATOIRE_DB"))
        proxy = None
        url = urls[0]
        if avec_proxy:
            port = port or port_libre()
            cfg = dossier / "haproxy.cfg"
            cfg.write_text(config_haproxy(ports, port, adresse), encoding="utf-8")
            proxy = subprocess.Popen([executable, "-db", "-f", str(cfg)], stdout=sortie, stderr=sortie)
            lances.append(proxy)
            url = f"http://127.0.0.1:{port}"
            attendre_sante(url, limite_s=30)
        yield Deploiement(url, urls, lances[:processus], proxy)
    finally:
        _arreter(lances)
        shutil.rmtree(dossier, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processus", type=int, default=2, help="processus Streamlit (2 par défaut)")
    parser.add_argument("--port", type=int, default=8501, help="port du répartiteur (8501 par défaut)")
    parser.add_argument("--adresse", default="127.0.0.1", help="adresse d'écoute du répartiteur (0.0.0.0 : toutes)")
    parser.add_argument(
        "--base", type=Path, help="fichier DuckDB (défaut : OBSERVATOIRE_DB ou data/observatoire.duckdb)"
    )
    parser.add_argument(
        "--sans-prechauffage",
        action="store_true",
        help="ne pas ouvrir chaque page une fois dans chaque processus avant d'ouvrir le répartiteur",
    )
    args = parser.parse_args()
    if args.processus < 1:
        sys.exit("--processus : au moins 1")
    fin = {"demandee": False}

    def arreter(*_):
        fin["demandee"] = True

    signal.signal(signal.SIGTERM, arreter)
    signal.signal(signal.SIGINT, arreter)
    try:
        if not args.sans_prechauffage:
            print("Démarrage, puis préchauffage de chaque processus (chaque page ouverte une fois)…", flush=True)
        with deploiement(
            args.processus, args.base, args.port, adresse=args.adresse, sortie=None, chaud=not args.sans_prechauffage
        ) as d:
            print(
                f"Observatoire : {d.url} ({args.processus} processus Streamlit derrière HAProxy : "
                f"{', '.join(d.urls_processus)}). Ctrl-C pour arrêter.",
                flush=True,
            )
            while not fin["demandee"]:
                if any(p.poll() is not None for p in d.processus + ([d.proxy] if d.proxy else [])):
                    print("Un processus s'est arrêté : arrêt du déploiement.", file=sys.stderr)
                    break
                time.sleep(1)
    except ErreurDeploiement as e:
        sys.exit(str(e))


if __name__ == "__main__":
    main()
