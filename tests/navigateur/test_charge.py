"""Load test: OBSERVATOIRE_CHARGE_SESSIONS sessions at once (6 by default) on one running Streamlit
server for OBSERVATOIRE_CHARGE_SECONDES seconds (15 by default), each with its own commune, changing
page and filters all the time. The default is short because it runs in `make test`: long enough to
catch a crash, a hang or cross-talk and print figures. The long run (20 sessions, 60 s, 1 and 2
processes) is `make bench-charge` (bench/charge.py), or this file with the variables below.

Each session is a protocol-level client (scripts/client_streamlit.py): it talks to the server over
the websocket as the browser does (BackMsg `rerun_script` out, ForwardMsg in) but draws nothing,
so 20 of them cost about 1 s of CPU a minute and the time measured is the server's. A session
loops: open a shared link (new websocket, new server session, its commune and a random period in
the URL), then 4 to 8 clicks in that tab: another page of the menu (every page in turn, the
Accueil every fourth time), the period slider moved, a landlord picked or dropped in the
sidebar; then a new link. Every session's first link is the Accueil: 20 sessions load the same
page at the same moment with 20 communes. Between two clicks it pauses 0 to
OBSERVATOIRE_CHARGE_PAUSE seconds (0.3 by default): a stress test, not a model of a reader.
Communes: three quarters among those with the most social dwellings (their Accueil stock is
shown, hence checked), the others drawn at random (small or masked counts).

Every page view must end with no exception, no error message and no « page not found », on the
page asked for, with a title. No cross-talk: every « Périmètre : … » caption a session receives
names its own commune (or the whole CU, for a view that shows it on purpose) and never another
session's commune, with a period inside its own (a page may narrow it: the CIL bilan shows one
year), and never a landlord selection when it has none; the sidebar's commune filter, when the
server sets it, holds its own commune; its Accueil shows its own commune's stock of social
dwellings (for its landlord, if one is picked) at the vintage the card names, which must be the
latest one within its period, counted here straight from the database. Each session must make
at least one page view per 20 s: the load is sustained, not a burst (the server, one Python
process, serves about 2 page views a second for all sessions together).

Printed (pytest -s): page views, p50 / p95 / max page time (from the click to the end of the
script run), p50 by kind of click, CPU used by the server and by the clients, machine load. The
only bound on time is a hang detector (a view over 300 s fails), never a timing assertion.

Why not AppTest in threads: AppTest swaps process-wide globals during a run (the Runtime
singleton, PagesManager.uses_pages_directory), so two AppTests at once in one process disturb
each other. Why not 20 Chromium: on 2 cores they saturate the CPU (one page per session in 15 s,
and the time measured was the browsers' drawing). Rendering is covered by tests/navigateur/;
this test needs no browser.

    .venv/bin/python -m pytest tests/navigateur/test_charge.py -s -q
    OBSERVATOIRE_CHARGE_SESSIONS=20 OBSERVATOIRE_CHARGE_SECONDES=60 .venv/bin/python -m pytest tests/navigateur/test_charge.py -s -q
    OBSERVATOIRE_CHARGE_PAUSE=20 .venv/bin/python -m pytest tests/navigateur/test_charge.py -s -q   # readers
    OBSERVATOIRE_CHARGE_URL=http://127.0.0.1:8501 OBSERVATOIRE_CHARGE_BASE=data/observatoire.duckdb \
        OBSERVATOIRE_CHARGE_PIDS=1234,1235 .venv/bin/python -m pytest tests/navigateur/test_charge.py -s -q   # a deployment
    OBSERVATOIRE_CHARGE_SECONDES=20 OBSERVATOIRE_CHARGE_SESSIONS=5 .venv/bin/python -m pytest tests/navigateur/test_charge.py -s -q
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

import pytest

from observatoire.base.chemins import base_par_defaut
from scripts.charge_simulee import CHEMINS, DUREE, SESSIONS, _centile, _cpu_pids, jouer_charge
from tests.outils.app import PAGES_APP

# A deployment started elsewhere (scripts/deploiement.py: several processes behind HAProxy): its
# address, the base it serves (for the expected stocks) and its processes' ids (for their CPU).
URL = os.environ.get("OBSERVATOIRE_CHARGE_URL", "").rstrip("/")
BASE = os.environ.get("OBSERVATOIRE_CHARGE_BASE", "")
PIDS = [int(p) for p in os.environ.get("OBSERVATOIRE_CHARGE_PIDS", "").split(",") if p.strip().isdigit()]
# Page views each session must at least make: one per 20 s. The server runs every session's
# script in one Python process (one core, the GIL): it serves about 2 page views a second for
# all sessions together, i.e. one per ~10 s per session with 20 sessions (see the README).
VUES_MIN = max(2, int(DUREE // 20))


def test_la_simulation_visite_chaque_page_du_routeur():
    # scripts/charge_simulee.py reads app.py on its own: the same pages as the tests' list
    assert len(CHEMINS) == len(PAGES_APP) and "" in CHEMINS


def _cpu_serveur() -> float | None:
    """CPU seconds used so far by the Streamlit server(s): those of OBSERVATOIRE_CHARGE_PIDS (a
    deployment started elsewhere), else the one this process started (Linux /proc)."""
    try:
        if PIDS:
            return _cpu_pids(PIDS)
        tic = os.sysconf("SC_CLK_TCK")
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
                ligne = open(f"/proc/{pid}/cmdline", "rb").read()
            except OSError:
                continue
            if int(stat[1]) == os.getpid() and b"streamlit" in ligne:
                return (int(stat[11]) + int(stat[12])) / tic
    except (OSError, ValueError, AttributeError):
        pass
    return None


@pytest.fixture()
def serveur_sous_charge(request, base_demo):
    """The server under load: the deployment at OBSERVATOIRE_CHARGE_URL (serving
    OBSERVATOIRE_CHARGE_BASE), or the session's shared server on the demo base."""
    if URL:
        return URL, Path(BASE) if BASE else base_par_defaut()
    return request.getfixturevalue("serveur_demo"), base_demo


def test_sessions_simultanees_sans_erreur_ni_melange(serveur_sous_charge):
    url, base = serveur_sous_charge
    debut, cpu_client, cpu_serveur = time.perf_counter(), time.process_time(), _cpu_serveur()
    utilisateurs = jouer_charge(url, base)
    total = time.perf_counter() - debut
    cpu_client = time.process_time() - cpu_client
    if cpu_serveur is not None:
        cpu_serveur = _cpu_serveur() - cpu_serveur

    erreurs = [e for u in utilisateurs for e in u.erreurs]
    durees = [d for u in utilisateurs for _, d in u.vues]
    par_session = [len(u.vues) for u in utilisateurs]
    genres = Counter(g for u in utilisateurs for g, _ in u.vues)
    if durees:
        print(
            f"\nCharge : {SESSIONS} sessions simultanées pendant {DUREE:.0f} s ({total:.0f} s en tout), "
            f"{len(durees)} pages vues ({', '.join(f'{g} {n}' for g, n in genres.most_common())}), "
            f"{min(par_session)} à {max(par_session)} par session ; temps de page p50 {_centile(durees, 0.5):.2f} s, "
            f"p95 {_centile(durees, 0.95):.2f} s, max {max(durees):.2f} s ; "
            f"{sum(u.legendes_a_soi for u in utilisateurs)} légendes « Périmètre » vérifiées, "
            f"{sum(u.parcs_verifies for u in utilisateurs)} parcs de l'Accueil vérifiés"
        )
        print(
            "  p50 par geste : "
            + ", ".join(
                f"{g} {_centile([d for u in utilisateurs for h, d in u.vues if h == g], 0.5):.2f} s"
                for g in sorted(genres)
            )
            + f" ; CPU pendant la charge : serveur {cpu_serveur if cpu_serveur is not None else float('nan'):.0f} s, "
            f"clients {cpu_client:.0f} s, pour {total:.0f} s ; charge de la machine {os.getloadavg()[0]:.1f}"
        )
    assert not erreurs, f"{len(erreurs)} erreur(s) :\n" + "\n".join(erreurs[:10])
    assert min(par_session) >= VUES_MIN, f"pages vues par session : {par_session}, au moins {VUES_MIN} attendues"
    assert all(u.legendes_a_soi for u in utilisateurs), "une session n'a reçu aucune légende à son nom"
    assert sum(u.parcs_verifies for u in utilisateurs), "aucun parc de l'Accueil vérifié"
