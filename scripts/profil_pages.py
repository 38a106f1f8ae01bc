"""Where the CPU of a page view goes: each page of the app, run warm a few times, under cProfile.

Not a test: it prints figures. Offline, on the demo database (data/observatoire.duckdb, made by
`make build`; --db for another one).

Three ways to run the pages:

- `serveur` (default): a real `streamlit run app.py` in a child process, driven at the protocol
  level by scripts/client_streamlit.py (one tab, as in tests/navigateur/test_charge.py). Each script run is
  timed and profiled inside the server; the server process's CPU per view (from /proc) is
  printed too, so the part spent outside the script (serialisation, event loop) shows. The
  server's full garbage collection after each run (runner.postScriptGC) is in the script's
  figures: it was a fifth of a view's CPU (see ui.geler_objets_durables).
- `apptest`: Streamlit's AppTest, in this process, through the router app.py (sidebar filters,
  banner, st.navigation) as tests/outils/app.py does, with one script cache for all runs as in
  the server (AppTest alone compiles every page again on each run). Quicker to start, but what
  the server adds around the script (serialisation, websocket, the collection after each run)
  is not there.
- `charge`: the sessions of tests/navigateur/test_charge.py (--sessions, --secondes) on a server whose
  every run is profiled; prints the CPU per view and one profile for all views.

For each page (serveur, apptest): one link opened (commune and period in the URL when given), a
warm-up view, then --vues views timed WITHOUT the profiler (wall and CPU per view), then --vues
views under cProfile (its overhead inflates those, so their times are not printed). A view is a
rerun of the page with the same filters (results already in st.cache_data), or with --varier a
new period each time (the period slider, as a user moving it: cache misses for the period's
queries). Profiles count the thread's CPU time, not wall time (in a busy server, a function
would otherwise be charged for the time it waits for the GIL).

Printed per page: wall and CPU per view, CPU by package (own time), the top functions by
cumulative time per view (all, then ours: app.py, pages/, observatoire/).

    .venv/bin/python scripts/profil_pages.py
    .venv/bin/python scripts/profil_pages.py --pages accueil,attributions --vues 5 --top 30 --sauver /tmp/profils
    .venv/bin/python scripts/profil_pages.py --mode apptest --commune 62041 --varier
    .venv/bin/python scripts/profil_pages.py --mode charge --sessions 20 --secondes 60
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

# The code a server child runs: this checkout, or another one (bench/charge.py --code, to measure
# an older commit with the same harness). The child imports nothing of observatoire before
# Streamlit runs that checkout's app.py, so the two versions never mix.
VARIABLE_CODE = "OBSERVATOIRE_BANC_CODE"


def pages() -> list[tuple[str, str, str, bool]]:
    """(file, title, url_path, default page?) in the router's order, from the one page list."""
    from observatoire.ecrans import navigation

    return [(e.chemin, e.titre, e.adresse, e.defaut) for e in navigation.PAGES]


# ---------------------------------------------------------------- timing and profiling of script runs


class Releve:
    """Script runs seen by the patched ScriptRunner: CPU of each run, profiles when asked."""

    def __init__(self) -> None:
        self.profiler = False
        self.cpu: list[float] = []
        self.profils: list[cProfile.Profile] = []
        self.verrou = threading.Lock()


def _page_courante(runner) -> str:
    """The page a script run drew (its url path), for the CPU per page of the load runs."""
    try:
        gestion = runner._pages_manager
        return str(gestion.get_pages().get(gestion.current_page_script_hash, {}).get("url_pathname", ""))
    except Exception:  # a Streamlit that renamed these: the page is only a label of the figures
        return ""


def installer(releve: Releve, dossier: Path | None = None) -> None:
    """Wrap ScriptRunner._run_script (one call per script run, in the script thread): CPU time of
    the thread, and a cProfile of the run when profiling is on (releve.profiler, or the file
    `profiler` in `dossier` for the server). In the server, each run is written to `dossier`."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    original = ScriptRunner._run_script
    compteur = iter(range(10**9))

    def _run_script(self, rerun_data):
        profiler = releve.profiler or (dossier is not None and (dossier / "profiler").exists())
        # CPU time of the thread, not wall time: in a server busy with other sessions, a function
        # would otherwise be charged for the time it waits for the GIL or a lock.
        prof = cProfile.Profile(time.thread_time_ns, 1e-9) if profiler else None
        debut, cpu = time.perf_counter(), time.thread_time()
        if prof:
            prof.enable()
        try:
            return original(self, rerun_data)
        finally:
            if prof:
                prof.disable()
            cpu, mur = time.thread_time() - cpu, time.perf_counter() - debut
            with releve.verrou:
                n = next(compteur)
                if dossier is None:
                    releve.cpu.append(cpu)
                    if prof:
                        releve.profils.append(prof)
                else:
                    if prof:
                        prof.dump_stats(dossier / f"run_{n:06d}.prof")
                    (dossier / f"run_{n:06d}.tmp").write_text(
                        json.dumps({"cpu": cpu, "mur": mur, "profil": bool(prof), "page": _page_courante(self)})
                    )
                    (dossier / f"run_{n:06d}.tmp").rename(dossier / f"run_{n:06d}.json")

    ScriptRunner._run_script = _run_script


# ---------------------------------------------------------------- reading the profiles

_PAQUET = re.compile(r"site-packages/([^/]+)/")


def paquet(fichier: str, fonction: str) -> str:
    """Who owns a function: a package, our code (app.py, pages, observatoire), stdlib or C."""
    if fichier == "~":
        return "C (builtins)"
    if m := _PAQUET.search(fichier):
        nom = m.group(1)
        return {"_plotly_utils": "plotly", "PIL": "pillow", "google": "protobuf"}.get(nom, nom)
    chemin = Path(fichier)
    try:
        relatif = chemin.resolve().relative_to(RACINE)
    except (ValueError, OSError):
        return "stdlib"
    return relatif.parts[0] if relatif.parts[0] in ("observatoire", "pages", "queries") else str(relatif)


def _nom(cle: tuple) -> str:
    fichier, ligne, fonction = cle
    if fichier == "~":
        return fonction
    chemin = Path(fichier)
    try:
        court = str(chemin.resolve().relative_to(RACINE))
    except (ValueError, OSError):
        m = re.search(r"site-packages/(.+)$", fichier)
        court = m.group(1) if m else chemin.name
    return f"{court}:{ligne}({fonction})"


def _est_a_nous(cle: tuple) -> bool:
    return paquet(cle[0], cle[2]) in ("observatoire", "pages", "app.py")


def imprimer_profil(stats: pstats.Stats, vues: int, top: int) -> None:
    donnees = stats.stats  # {(file, line, func): (cc, nc, tt, ct, callers)}
    total = sum(tt for _, _, tt, _, _ in donnees.values()) / vues
    par_paquet: dict[str, float] = {}
    for cle, (_, _, tt, _, _) in donnees.items():
        p = paquet(cle[0], cle[2])
        par_paquet[p] = par_paquet.get(p, 0.0) + tt / vues
    print(
        f"    temps propre par paquet (sous cProfile, {total * 1000:.0f} ms/vue en tout) : "
        + ", ".join(f"{p} {t * 1000:.0f}" for p, t in sorted(par_paquet.items(), key=lambda x: -x[1]) if t * 1000 >= 1)
    )
    lignes = sorted(donnees.items(), key=lambda x: -x[1][3])

    def _imprimer(titre, choisies):
        print(f"    {titre}")
        print(f"      {'cumul ms/vue':>12} {'propre':>7} {'appels/vue':>10}  fonction")
        for cle, (_, nc, tt, ct, _) in choisies[:top]:
            print(f"      {ct / vues * 1000:12.1f} {tt / vues * 1000:7.1f} {nc / vues:10.0f}  {_nom(cle)}")

    _imprimer("fonctions, par temps cumulé :", [l for l in lignes if not l[0][2].startswith("<") or l[0][0] == "~"])
    _imprimer("nos fonctions (app.py, pages/, observatoire/) :", [l for l in lignes if _est_a_nous(l[0])])


def _sauver(args, stats: pstats.Stats, nom: str) -> None:
    """--sauver: the page's merged profile, for pstats or snakeviz (totals are for --vues views)."""
    if args.sauver:
        args.sauver.mkdir(parents=True, exist_ok=True)
        stats.dump_stats(args.sauver / f"{nom}.prof")


def _ms(valeurs: list[float]) -> str:
    if not valeurs:
        return "–"
    return f"{statistics.median(valeurs) * 1000:.0f} ms (moyenne {statistics.mean(valeurs) * 1000:.0f})"


# ---------------------------------------------------------------- AppTest mode


def _periodes(an_min: int, an_max: int, n: int) -> list[tuple[int, int]]:
    """n distinct periods (deterministic), for --varier."""
    toutes = [(a, b) for a in range(an_min, an_max) for b in range(an_max, a, -1)]
    pas = max(1, len(toutes) // max(n, 1))
    return [toutes[(i * pas) % len(toutes)] for i in range(n)]


def mode_apptest(args, pages) -> list[tuple]:
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import AppTest, app_test

    releve = Releve()
    installer(releve)
    # AppTest compiles every script again on each run (a new ScriptCache per run); the server
    # keeps one for the process. One shared cache, so that a view costs what it costs there.
    cache = ScriptCache()
    app_test.ScriptCache = lambda: cache
    resume = []
    for fichier, titre, chemin_url, defaut in pages:
        at = AppTest.from_file(str(RACINE / "app.py"), default_timeout=300)
        if args.commune:
            at.query_params["communes"] = args.commune
        at.run()
        if not defaut:
            at.switch_page(fichier)
            at.run()
        at.run()  # warm-up: caches filled, the page drawn once through the router
        if at.exception:
            print(f"{titre} : exception {[e.value for e in at.exception]}")
            continue
        curseur = at.slider(key="filtre_periode")
        periodes = _periodes(int(curseur.min), int(curseur.max), 2 * args.vues)

        def vue(i):
            if args.varier:
                at.slider(key="filtre_periode").set_value(periodes[i])
            debut = time.perf_counter()
            at.run()
            return time.perf_counter() - debut

        releve.cpu.clear()
        murs = [vue(i) for i in range(args.vues)]
        cpus = list(releve.cpu)
        releve.profiler, releve.profils = True, []
        for i in range(args.vues):
            vue(args.vues + i)
        releve.profiler = False
        assert not at.exception, [e.value for e in at.exception]
        print(f"\n== {titre} ({fichier}) : {args.vues} vues, mur {_ms(murs)}, CPU du script {_ms(cpus)}")
        stats = pstats.Stats(releve.profils[0])
        for p in releve.profils[1:]:
            stats.add(p)
        imprimer_profil(stats, args.vues, args.top)
        _sauver(args, stats, chemin_url)
        resume.append((titre, murs, cpus, None))
    return resume


# ---------------------------------------------------------------- server mode


def _cpu_processus(pid: int) -> float:
    stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def _serveur_interne(port: str, dossier: str) -> None:
    """In the child process: the patched ScriptRunner, then `streamlit run app.py`."""
    installer(Releve(), Path(dossier))
    from streamlit.web import cli

    code = Path(os.environ.get(VARIABLE_CODE) or RACINE).resolve()
    if code != RACINE:
        sys.path[:] = [str(code), *(c for c in sys.path if Path(c or ".").resolve() != RACINE)]
        os.chdir(code)  # its .streamlit/config.toml
    sys.argv = [
        "streamlit",
        "run",
        str(code / "app.py"),
        "--server.port",
        port,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    cli.main()


@contextmanager
def serveur_profile():
    """A `streamlit run app.py` whose script runs are timed (and profiled while the file
    `profiler` exists in its folder): yields (url, process, folder)."""

    from observatoire.ecrans.serveur import attendre_sante, port_libre

    port = port_libre()
    dossier = Path(tempfile.mkdtemp(prefix="profil_pages_"))
    proc = subprocess.Popen(
        [sys.executable, __file__, "--_serveur", str(port), str(dossier)],
        cwd=RACINE,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        attendre_sante(url, limite_s=120)
        yield url, proc, dossier
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(dossier, ignore_errors=True)


def mode_serveur(args, pages) -> list[tuple]:
    from scripts.client_streamlit import SessionStreamlit

    resume = []
    with serveur_profile() as (url, proc, dossier):

        def runs() -> set[str]:
            return {p.stem for p in dossier.glob("run_*.json")}

        async def attendre_runs(avant: set[str]) -> list[dict]:
            for _ in range(200):  # the run's file is written just after script_finished is sent
                nouveaux = runs() - avant
                if nouveaux:
                    await asyncio.sleep(0.05)
                    nouveaux = runs() - avant
                    return [json.loads((dossier / f"{n}.json").read_text()) | {"nom": n} for n in sorted(nouveaux)]
                await asyncio.sleep(0.025)
            return []

        async def parcourir():
            for fichier, titre, chemin_url, defaut in pages:
                chemin = "" if defaut else chemin_url
                requete = f"communes={args.commune}" if args.commune else ""
                async with SessionStreamlit(url, delai=300) as tab:
                    await tab.ouvrir(chemin, requete)
                    await tab.naviguer(chemin)  # warm-up
                    curseur = tab.derniere.widget("Période", "sidebar").proto
                    an_min, an_max = int(curseur.min), int(curseur.max)
                    periodes = _periodes(an_min, an_max, 2 * args.vues)

                    async def vue(i):
                        avant, cpu = runs(), _cpu_processus(proc.pid)
                        v = await tab.modifier({"Période": periodes[i]}) if args.varier else await tab.naviguer(chemin)
                        faits = await attendre_runs(avant)
                        if v.exceptions() or v.erreurs():
                            print(f"  {titre} : {v.exceptions() or v.erreurs()}")
                        return v.duree, _cpu_processus(proc.pid) - cpu, faits

                    murs, cpus, cpus_script = [], [], []
                    for i in range(args.vues):
                        mur, cpu, faits = await vue(i)
                        murs.append(mur)
                        cpus.append(cpu)
                        cpus_script.append(sum(f["cpu"] for f in faits))
                    (dossier / "profiler").touch()
                    profils = []
                    for i in range(args.vues):
                        _, _, faits = await vue(args.vues + i)
                        profils += [dossier / f"{f['nom']}.prof" for f in faits if f["profil"]]
                    (dossier / "profiler").unlink()
                print(
                    f"\n== {titre} ({fichier}) : {args.vues} vues, mur (client) {_ms(murs)}, CPU du script {_ms(cpus_script)}, "
                    f"CPU du processus serveur {_ms(cpus)} (résolution {1000 / os.sysconf('SC_CLK_TCK'):.0f} ms)"
                )
                if profils:
                    stats = pstats.Stats(str(profils[0]))
                    for p in profils[1:]:
                        stats.add(str(p))
                    imprimer_profil(stats, args.vues, args.top)
                    _sauver(args, stats, chemin_url)
                resume.append((titre, murs, cpus_script, cpus))

        asyncio.run(parcourir())
    return resume


def mode_charge(args) -> list[tuple]:
    """The load of tests/navigateur/test_charge.py (its simulated users, --sessions for --secondes) on a
    server whose every script run is profiled: where the CPU goes when views come with other
    filters, other sessions and new links, not only warm reruns. cProfile slows the server
    down (fewer views than the test), the distribution of the CPU is what is printed."""
    import random

    import duckdb

    from scripts import charge_simulee as T

    con = duckdb.connect(str(args.db), read_only=True)
    communes = [
        c
        for (c,) in con.execute(
            "SELECT c.code_insee FROM communes c LEFT JOIN rpls_logements r USING (code_insee) "
            "GROUP BY c.code_insee ORDER BY count(r.code_insee) DESC, c.code_insee"
        ).fetchall()
    ]
    con.close()
    grandes = args.sessions - args.sessions // 4
    choisies = communes[:grandes] + random.Random(8).sample(communes[grandes:], args.sessions - grandes)
    noms, stocks, millesimes, an_min, an_max = T._attendu(args.db, choisies)
    tous = set(noms.values())
    with serveur_profile() as (url, proc, dossier):
        (dossier / "profiler").touch()
        utilisateurs = [
            T.Utilisateur(i, url, c, noms[c], stocks[c], tous - {noms[c]}, millesimes, an_min, an_max)
            for i, c in enumerate(choisies)
        ]

        async def charge():
            fin = time.perf_counter() + args.secondes
            await asyncio.gather(*(u.jouer(fin) for u in utilisateurs))

        debut, cpu = time.perf_counter(), _cpu_processus(proc.pid)
        asyncio.run(charge())
        duree, cpu = time.perf_counter() - debut, _cpu_processus(proc.pid) - cpu
        time.sleep(1)
        faits = [json.loads(f.read_text()) for f in sorted(dossier.glob("run_*.json"))]
        profils = sorted(dossier.glob("run_*.prof"))
        vues = sum(len(u.vues) for u in utilisateurs)
        erreurs = [e for u in utilisateurs for e in u.erreurs]
        cpu_scripts = sum(f["cpu"] for f in faits)
        print(
            f"\n== Charge : {args.sessions} sessions pendant {duree:.0f} s sous cProfile : {vues} pages vues, "
            f"{len(faits)} exécutions de script, {len(erreurs)} erreur(s) ; CPU du serveur {cpu:.0f} s "
            f"({cpu / max(vues, 1) * 1000:.0f} ms par vue), dont scripts {cpu_scripts:.0f} s"
        )
        for e in erreurs[:5]:
            print(f"  {e}")
        if profils:
            stats = pstats.Stats(str(profils[0]))
            for f in profils[1:]:
                stats.add(str(f))
            imprimer_profil(stats, max(vues, 1), args.top)
            _sauver(args, stats, "charge")
    return []


# ---------------------------------------------------------------- main


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--_serveur":
        _serveur_interne(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("serveur", "apptest", "charge"), default="serveur")
    parser.add_argument("--sessions", type=int, default=20, help="charge : sessions simultanées")
    parser.add_argument("--secondes", type=float, default=60, help="charge : durée")
    parser.add_argument("--pages", help="url_path des pages, séparés par des virgules (toutes par défaut)")
    parser.add_argument("--vues", type=int, default=3, help="vues mesurées par page (puis autant sous cProfile)")
    parser.add_argument("--top", type=int, default=20, help="fonctions imprimées par liste")
    parser.add_argument("--commune", help="code INSEE mis dans l'adresse (filtre des communes)")
    parser.add_argument("--varier", action="store_true", help="une autre période à chaque vue (curseur)")
    parser.add_argument("--sauver", type=Path, help="dossier où écrire le profil de chaque page (<url_path>.prof)")
    parser.add_argument("--db", type=Path, default=RACINE / "data" / "observatoire.duckdb")
    args = parser.parse_args()

    if not args.db.is_file():
        sys.exit(f"{args.db} absente : `make build` construit la base de démonstration.")
    os.environ["OBSERVATOIRE_DB"] = str(args.db.resolve())
    os.chdir(RACINE)
    connues = pages()
    pages_voulues = connues
    if args.pages:
        voulues = args.pages.split(",")
        pages_voulues = [p for p in connues if p[2] in voulues]
        if len(pages_voulues) != len(voulues):
            sys.exit(
                f"pages inconnues : {set(voulues) - {p[2] for p in connues}} (connues : {[p[2] for p in connues]})"
            )

    charge = os.getloadavg()
    quoi = (
        f"{args.sessions} sessions, {args.secondes:.0f} s"
        if args.mode == "charge"
        else f"{args.vues} vues par page{', période variée' if args.varier else ''}{', commune ' + args.commune if args.commune else ''}"
    )
    print(
        f"Profil des pages ({args.mode}, {quoi}) ; charge de la machine {charge[0]:.1f} {charge[1]:.1f} {charge[2]:.1f}, "
        f"{os.cpu_count()} cœurs"
    )
    if args.mode == "charge":
        mode_charge(args)
        return
    resume = (mode_serveur if args.mode == "serveur" else mode_apptest)(args, pages_voulues)

    print(f"\nRésumé (médianes par vue, sans profileur) ; charge de la machine à la fin {os.getloadavg()[0]:.1f}")
    print(
        f"  {'page':<26} {'mur ms':>8} {'CPU script ms':>14}"
        + (f" {'CPU serveur ms':>15}" if args.mode == "serveur" else "")
    )
    for titre, murs, cpus, cpus_serveur in resume:
        ligne = f"  {titre:<26} {statistics.median(murs) * 1000:8.0f} {statistics.median(cpus) * 1000 if cpus else float('nan'):14.0f}"
        if cpus_serveur is not None:
            ligne += f" {statistics.median(cpus_serveur) * 1000:15.0f}"
        print(ligne)
    tous = [c for _, _, cpus, _ in resume for c in cpus]
    if tous:
        print(
            f"  {'moyenne des pages':<26} {statistics.mean(statistics.median(m) for _, m, _, _ in resume) * 1000:8.0f} "
            f"{statistics.mean(statistics.median(c) for _, _, c, _ in resume if c) * 1000:14.0f}"
        )


if __name__ == "__main__":
    main()
