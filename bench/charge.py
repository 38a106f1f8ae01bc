"""Load figures for the issue's targets: page time p50 / p95 and server CPU per page view, for
1 and 2 Streamlit processes, under the stress run and the readers' run of tests/navigateur/test_charge.py.

Not a test, no threshold: it prints figures and writes them to bench/charge.json. For each
number of processes (--processus, « 1,2 » by default) and each scenario (--scenarios):
- « stress »: 20 sessions, 0 to 0.3 s between two clicks (the load test as `make test` runs it);
- « lecteurs »: 20 sessions, 0 to 20 s between two clicks (OBSERVATOIRE_CHARGE_PAUSE=20), every
  session's first link at the same moment (the first-link burst).
One process is `streamlit run` on its own port, as `make run`; two are behind HAProxy
(scripts/deploiement.py, sticky sessions). Each process is a fresh start on a demo base built for
the bench (a cold cache, as after a deployment; --prechauffer opens every page once in each
process first, and measures the steady state), whose script runs are timed in the process
(scripts/profil_pages.py's ScriptRunner wrapper, no profiler): the median CPU of a script run is
the « CPU per page view » (thread CPU, what the view costs the server whichever the core), and
the processes' whole CPU (/proc, serialisation and event loop included) divided by the page views
is printed beside it.

    .venv/bin/python bench/charge.py                      # 1 and 2 processes, both scenarios
    .venv/bin/python bench/charge.py --processus 2 --scenarios lecteurs --repetitions 3
    make bench-charge BENCH_OPTS="--secondes 30"

On a shared machine the figures move with the other work: compare runs made back to back, and
read the machine load printed with each.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

SCENARIOS = {"stress": 0.3, "lecteurs": 20.0}


def _centile(valeurs: list[float], q: float) -> float:
    from scripts.charge_simulee import _centile as c

    return c(valeurs, q) if valeurs else float("nan")


def mesurer(
    processus: int,
    pause: float,
    base: Path,
    sessions: int,
    secondes: float,
    chaud: bool = False,
    code: Path | None = None,
) -> dict:
    """One load run; `code`: the checkout the servers run (another commit, for « avant / après »)."""
    from scripts import charge_simulee as T
    from scripts.deploiement import deploiement
    from scripts.profil_pages import VARIABLE_CODE

    os.environ[VARIABLE_CODE] = str(code or RACINE)  # read by the server children

    dossiers = [Path(tempfile.mkdtemp(prefix="bench_charge_")) for _ in range(processus)]
    libres = iter(dossiers)

    def commande(port: int) -> list[str]:  # each process writes its script runs in its own folder
        return [sys.executable, str(RACINE / "scripts" / "profil_pages.py"), "--_serveur", str(port), str(next(libres))]

    with deploiement(processus, base, commande=commande, chaud=chaud) as d:
        time.sleep(1)  # the warm-up's last run files
        deja = {f for dossier in dossiers for f in dossier.glob("run_*.json")}
        charge_avant = os.getloadavg()[0]
        debut, cpu = time.perf_counter(), T._cpu_pids(d.pids)
        utilisateurs = T.jouer_charge(d.url, base, sessions=sessions, duree=secondes, pause=pause)
        duree, cpu = time.perf_counter() - debut, T._cpu_pids(d.pids) - cpu
        charge_apres = os.getloadavg()[0]
        time.sleep(1)  # the last runs' files
    runs = [
        json.loads(f.read_text()) for dossier in dossiers for f in sorted(dossier.glob("run_*.json")) if f not in deja
    ]
    durees = [x for u in utilisateurs for _, x in u.vues]
    genres = Counter(g for u in utilisateurs for g, _ in u.vues)
    erreurs = [e for u in utilisateurs for e in u.erreurs]
    cpus = [r["cpu"] for r in runs]
    return {
        "processus": processus,
        "code": _version_du_code(code or RACINE),
        "prechauffe": chaud,
        "pause_s": pause,
        "sessions": sessions,
        "duree_s": round(duree, 1),
        "vues": len(durees),
        "executions": len(runs),
        "erreurs": len(erreurs),
        "premieres_erreurs": erreurs[:3],
        "p50_s": round(_centile(durees, 0.5), 3),
        "p95_s": round(_centile(durees, 0.95), 3),
        "max_s": round(max(durees), 3) if durees else None,
        "p50_par_geste_s": {
            g: round(_centile([x for u in utilisateurs for h, x in u.vues if h == g], 0.5), 3) for g in sorted(genres)
        },
        "p95_lien_s": round(_centile([x for u in utilisateurs for h, x in u.vues if h == "lien"], 0.95), 3),
        "cpu_mediane_par_execution_ms": round(statistics.median(cpus) * 1000, 1) if cpus else None,
        "cpu_moyenne_par_execution_ms": round(statistics.mean(cpus) * 1000, 1) if cpus else None,
        "cpu_processus_par_vue_ms": round(cpu / max(len(durees), 1) * 1000, 1),
        "cpu_mediane_par_page_ms": {
            p: round(statistics.median(r["cpu"] for r in runs if r.get("page", "") == p) * 1000, 1)
            for p in sorted({r.get("page", "") for r in runs})
        },
        "cpu_processus_s": round(cpu, 1),
        "charge_machine": [round(charge_avant, 1), round(charge_apres, 1)],
    }


def _version_du_code(dossier: Path) -> str:
    import subprocess

    sortie = subprocess.run(
        ["git", "-C", str(dossier), "log", "-1", "--format=%h"], capture_output=True, text=True, check=False
    )
    return sortie.stdout.strip() or str(dossier)


def imprimer(r: dict, scenario: str) -> None:
    print(
        f"  [{r['code']}] {r['processus']} processus{' préchauffés' if r['prechauffe'] else ''}, {scenario} : {r['vues']} pages vues en {r['duree_s']:.0f} s, "
        f"{r['erreurs']} erreur(s) ; p50 {r['p50_s']:.2f} s, p95 {r['p95_s']:.2f} s (liens p95 {r['p95_lien_s']:.2f} s), "
        f"max {r['max_s']:.2f} s ; CPU par vue : médiane {r['cpu_mediane_par_execution_ms']:.0f} ms "
        f"(moyenne {r['cpu_moyenne_par_execution_ms']:.0f}, processus entiers {r['cpu_processus_par_vue_ms']:.0f}) ; "
        f"charge de la machine {r['charge_machine'][0]} → {r['charge_machine'][1]}",
        flush=True,
    )
    print(
        "    CPU médian par page (ms) : "
        + ", ".join(f"{p or 'accueil'} {v:.0f}" for p, v in r["cpu_mediane_par_page_ms"].items()),
        flush=True,
    )
    for e in r["premieres_erreurs"]:
        print(f"    {e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processus", default="1,2", help="nombres de processus, séparés par des virgules")
    parser.add_argument("--scenarios", default="stress,lecteurs", help=f"parmi {', '.join(SCENARIOS)}")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--secondes", type=float, default=60)
    parser.add_argument("--repetitions", type=int, default=1, help="passages de chaque mesure (alternés)")
    parser.add_argument(
        "--prechauffer",
        action="store_true",
        help="chaque page ouverte une fois dans chaque processus avant la mesure (hors démarrage à froid)",
    )
    parser.add_argument(
        "--comparer",
        type=Path,
        help="autre copie du dépôt (git worktree d'un commit antérieur) : chaque mesure est faite sur "
        "elle puis sur ce dépôt, en alternance",
    )
    parser.add_argument("--sortie", type=Path, default=RACINE / "bench" / "charge.json")
    args = parser.parse_args()
    nombres = [int(n) for n in args.processus.split(",")]
    scenarios = args.scenarios.split(",")
    inconnus = set(scenarios) - set(SCENARIOS)
    if inconnus:
        sys.exit(f"scénarios inconnus : {sorted(inconnus)} (connus : {', '.join(SCENARIOS)})")

    from observatoire.base.build import construire

    resultats = []
    with tempfile.TemporaryDirectory(prefix="bench_charge_base_") as dossier:
        base = Path(dossier) / "observatoire.duckdb"
        construire(base)
        print(
            f"Charge : {args.sessions} sessions pendant {args.secondes:.0f} s ; {os.cpu_count()} cœurs, "
            f"charge de la machine {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        for i in range(args.repetitions):
            for scenario in scenarios:
                for n in nombres:
                    for code in [args.comparer, None] if args.comparer else [None]:
                        r = mesurer(n, SCENARIOS[scenario], base, args.sessions, args.secondes, args.prechauffer, code)
                        r["scenario"], r["passage"] = scenario, i + 1
                        imprimer(r, scenario)
                        resultats.append(r)
    if args.repetitions > 1:
        print("Médianes des passages :")
        for scenario in scenarios:
            for n, code in sorted({(r["processus"], r["code"]) for r in resultats}):
                rs = [r for r in resultats if r["scenario"] == scenario and r["processus"] == n and r["code"] == code]
                print(
                    f"  [{code}] {n} processus, {scenario} : p50 {statistics.median(r['p50_s'] for r in rs):.2f} s, "
                    f"p95 {statistics.median(r['p95_s'] for r in rs):.2f} s, CPU par vue (médiane) "
                    f"{statistics.median(r['cpu_mediane_par_execution_ms'] for r in rs):.0f} ms"
                )
    args.sortie.write_text(
        json.dumps(
            {"date": datetime.now().isoformat(timespec="minutes"), "resultats": resultats}, ensure_ascii=False, indent=1
        ),
        encoding="utf-8",
    )
    print(f"Écrit : {args.sortie.relative_to(RACINE) if args.sortie.is_relative_to(RACINE) else args.sortie}")


if __name__ == "__main__":
    main()
