"""Banc d'essai de l'observatoire à l'échelle nationale (`make bench`).

Mesure, dans un même passage :

1. la construction : base de démonstration de la CU (``python -m observatoire build``) et base
   synthétique nationale (``bench/generer_national.py``) : durée et pic de mémoire (RSS) ;
2. le démarrage à froid de l'application sur la base de la CU, jusqu'à l'Accueil affiché
   (serveur Streamlit + Chromium de Debian piloté par Playwright) ;
3. pour chaque page, le temps de toutes ses requêtes nommées (celles que la page, ses pièces
   d'écran et le routeur font réellement, relevées en l'exécutant avec AppTest sur la base de la
   CU : ``requetes_des_pages``), pour un EPCI (les 46 communes de la CU) et
   pour tout le pays : p50 et p95 sur des passages répétés, le cache de Streamlit contourné
   (``observatoire.base.db.requete`` appelé directement, un curseur neuf par requête) ;
4. une référence pandas : les mêmes agrégats nationaux calculés sur des DataFrames en mémoire,
   avec vérification que les résultats sont identiques, et le rapport des temps ;
5. le pic de mémoire (VmHWM) du serveur Streamlit ouvert sur la base nationale, chaque page
   affichée une fois, périmètre « tout ».

Les chiffres s'affichent en tableau et vont dans ``bench/rapport.json`` (gardé dans le dépôt).
Options : ``--rapide`` (moins de répétitions), ``--garder`` (réutilise la base nationale si elle
existe), ``--sans-navigateur``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
if str(RACINE) not in sys.path:
    sys.path.insert(0, str(RACINE))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from observatoire.base import db  # noqa: E402
from observatoire.ecrans import serveur  # noqa: E402
from observatoire.ecrans.serveur import ARGS_CHROMIUM, CHROMIUM  # noqa: E402

RAPPORT = RACINE / "bench" / "rapport.json"
TMP = Path(tempfile.gettempdir())

CIBLES = {
    "p95_epci_ms": 150,
    "p95_national_ms": 1000,
    "rapport_pandas": 5.0,
    "demarrage_froid_s": 5.0,
    "memoire_serveur_mo": 2048,
}

BUDGET_PAGE_S = 30  # per page and scope: stop repeating a slow query set after this (at least MIN_REPETITIONS runs)
MIN_REPETITIONS = 3

# What the measures point to (kept in the report, updated when the code changes).
SUITE = [
    "Fait (22/11) : les pages ne lisent plus les lignes de logements ni d'attributions. Tables dérivées "
    "parc_communes, parc_repartitions, attributions_agregats et bailleurs (queries/derives/derivee_*.sql), recalculées "
    "au build et dans la transaction de chaque écriture ; attributions_comptes renvoie trois niveaux "
    "(GROUPING SETS) au lieu de 900 000 lignes.",
    "Un EPCI dans une base nationale : le réglage OBSERVATOIRE_EPCI (db.territoire) restreint les requêtes de "
    "référence à ses communes (communes_liste à chaque page, carte_communes, carte_taux_plh, objectifs_plh et "
    "production_par_commune sur la page Production) ; sans lui elles couvrent les 35 000 communes de la base.",
    "Fait (28/11) : vue par défaut (sans sélection) lue dans des tables dérivées : attributions_niveaux "
    "(attributions_comptes), attributions_o3_communes, production_cumuls (production_par_commune sur des années "
    "consécutives : cumul(fin) − cumul(début − 1)), production_annees, mises_en_service_communes, "
    "plh_taux_communes ; les requêtes gardent leur chemin d'origine pour toute autre sélection.",
    "Reste : au national, le coût est surtout la conversion en DataFrame de gros résultats (attributions_comptes "
    "sur toute la période : 98 000 lignes × 48 colonnes ; production_par_commune 315 000 lignes ; ops_enquete "
    "172 000 ; objectifs_plh 96 000) ; pour un EPCI dans une base nationale, objectif_3_communes_reservataires "
    "n'a pas de $epci et renvoie toutes les communes de la base (Fiche commune : 5 appels, 55 000 lignes chacun).",
]


# ---------------------------------------------------------------- measuring a child process


@dataclass
class Mesure:
    secondes: float
    pic_mo: float
    code: int
    sortie: str


def executer(cmd: list[str], env: dict | None = None) -> Mesure:
    """Run a command; wall time and the child's own peak RSS (wait4 rusage, in MB)."""
    debut = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=RACINE, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    sortie = proc.stdout.read()
    _, statut, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(statut)
    return Mesure(time.perf_counter() - debut, usage.ru_maxrss / 1024, proc.returncode, sortie)


def pic_rss_mo(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of a running process, in MB."""
    try:
        for ligne in Path(f"/proc/{pid}/status").read_text().splitlines():
            if ligne.startswith("VmHWM:"):
                return int(ligne.split()[1]) / 1024
    except OSError:
        return None
    return None


# ---------------------------------------------------------------- page query sets


# Pages whose first view shows one part of them: each variant (URL parameters) is run and the
# page's query set is the union of their distinct calls (every slide of the diaporama).
VARIANTES = {"diaporama": [{"diapo": str(n)} for n in range(1, 9)]}


def requetes_des_pages(base: Path) -> dict[str, list[tuple[str, dict]]]:
    """{page: [(query name, parameters), one per distinct call]} recorded while each page runs
    with AppTest on `base` (the CU's), default filters, in the router's order.

    A page reaches its queries through requetes.donnees from its script, from the screen pieces
    of observatoire/ecrans/ and from the router (sidebar filters, banner): reading the scripts
    would miss most of them, so every call that reaches the base (db.requete) is recorded, with
    Streamlit's cache emptied before each page. A query called again with other parameters (per
    year, per vintage) counts once per distinct call, as the uncached page runs it."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from observatoire.ecrans import navigation

    appels: list[tuple[str, dict]] = []
    original = db.requete

    def enregistrer(con, nom, **valeurs):
        appels.append((nom, {k: db._normaliser(v) for k, v in valeurs.items()}))
        return original(con, nom, **valeurs)

    ancienne_base = os.environ.get("OBSERVATOIRE_DB")
    os.environ["OBSERVATOIRE_DB"] = str(base)
    db.requete = enregistrer
    pages = {}
    try:
        for e in navigation.PAGES:
            if not (RACINE / e.chemin).is_file():
                continue  # a page declared in the router but not written yet
            st.cache_data.clear()
            appels.clear()
            for query in VARIANTES.get(e.fichier, [{}]):
                at = AppTest.from_file(str(RACINE / "app.py"), default_timeout=120)
                for k, v in query.items():
                    at.query_params[k] = v
                at.switch_page(e.chemin)
                at.run()
                if at.exception:
                    raise SystemExit(f"Banc d'essai : la page « {e.titre} » lève {[x.value for x in at.exception]}")
            pages[e.fichier] = _distincts(appels)
    finally:
        db.requete = original
        if ancienne_base is None:
            os.environ.pop("OBSERVATOIRE_DB", None)
        else:
            os.environ["OBSERVATOIRE_DB"] = ancienne_base
    return pages


def _distincts(appels: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    vus, sortie = set(), []
    for nom, p in appels:
        cle = (nom, repr(sorted(p.items())))
        if cle not in vus:
            vus.add(cle)
            sortie.append((nom, p))
    return sortie


def au_perimetre(
    appels: list[tuple[str, dict]], communes: list[str] | None, epci: str | None
) -> list[tuple[str, dict]]:
    """The page's recorded calls for one scope: « every commune » (communes unset, as the page
    passes them by default) becomes the EPCI's communes or everything, the territory setting the
    EPCI's; a call naming its communes (one commune's card) is kept as recorded."""
    sortie = []
    for nom, p in appels:
        p = dict(p)
        if "communes" in p and not p["communes"]:
            p["communes"] = communes
        if "epci" in p:
            p["epci"] = epci
        sortie.append((nom, p))
    return _distincts(sortie)


def valeurs_types(con: duckdb.DuckDBPyConnection, communes_epci: list[str] | None) -> dict:
    """Typical values of every query parameter, as a page would pass them."""
    an_max = con.execute("SELECT max(millesime) FROM rpls_logements").fetchone()[0]
    an_min = con.execute(
        "SELECT min(annee) FROM (SELECT annee FROM attributions UNION ALL SELECT annee FROM production "
        "UNION ALL SELECT millesime FROM rpls_logements)"
    ).fetchone()[0]
    plh = con.execute("SELECT plh FROM plh ORDER BY annee_debut DESC LIMIT 1").fetchone()[0]
    annee_attrib = con.execute("SELECT max(annee) FROM attributions").fetchone()[0]
    return {
        "annee_debut": int(an_min),
        "annee_fin": int(an_max),
        "communes": communes_epci,  # None = every commune (national)
        # the territory setting (OBSERVATOIRE_EPCI, db.territoire): the reference queries read
        # the EPCI's communes only, as the app does when it serves one EPCI of a national base
        "epci": "200033579" if communes_epci else None,
        "bailleurs": None,
        "millesime": int(an_max),
        # Parc social reads three vintages (the one shown, its evolution, N-1 for the flows);
        # per commune is the heavier of the two groupings a page asks for.
        "millesime_debut": int(an_max) - 2,
        "millesime_fin": int(an_max),
        "par_commune": True,
        "annee": int(annee_attrib),
        "plh": plh,
        "reservataire": None,
        "reservataire_prefectoral": "État",
    }


def parametres(nom: str, valeurs: dict) -> dict:
    """The parameters of one query, or a loud failure naming what the table lacks."""
    attendus = db.parametres_de(nom)
    inconnus = attendus - valeurs.keys()
    if inconnus:
        raise SystemExit(
            f"Banc d'essai : la requête « {nom} » attend {sorted(inconnus)}, que la table des valeurs "
            "types de bench/bench.py (valeurs_types) ne fournit pas. Ajoutez-y une valeur typique."
        )
    return {k: valeurs[k] for k in attendus}


def centile(valeurs: list[float], q: float) -> float:
    v = sorted(valeurs)
    if len(v) == 1:
        return v[0]
    rang = q * (len(v) - 1)
    bas = int(rang)
    haut = min(bas + 1, len(v) - 1)
    return v[bas] + (v[haut] - v[bas]) * (rang - bas)


def mesurer_pages(
    chemin: Path, pages: dict[str, list[tuple[str, dict]]], communes_epci: list[str], repetitions: dict[str, int]
) -> dict:
    """p50/p95 of each page's whole query set (`pages`: requetes_des_pages), for one EPCI and for everything."""
    con = db.connecter(chemin, lecture_seule=True)
    resultats = {}
    try:
        for perimetre, communes, epci in (("epci", communes_epci, "200033579"), ("national", None, None)):
            for page, enregistres in pages.items():
                appels = au_perimetre(enregistres, communes, epci)
                par_requete: dict[str, list[float]] = {}
                totaux, lignes = [], 0
                premier = None
                budget = time.perf_counter() + BUDGET_PAGE_S
                for i in range(repetitions[perimetre] + 1):
                    if i > MIN_REPETITIONS and time.perf_counter() > budget:
                        break  # a slow page: fewer runs, said in the report (« repetitions »)
                    debut_page = time.perf_counter()
                    lignes = 0
                    for n, p in appels:
                        t = time.perf_counter()
                        df = db.requete(con, n, **p)
                        par_requete.setdefault(n, []).append(time.perf_counter() - t)
                        lignes += len(df)
                        del df
                    duree = time.perf_counter() - debut_page
                    if i == 0:
                        premier = duree  # first pass: DuckDB's buffer pool not yet warm
                        if duree > BUDGET_PAGE_S:  # far off target anyway: this pass is the measure
                            totaux.append(duree)
                            break
                    else:
                        totaux.append(duree)
                lent = max(par_requete, key=lambda n: statistics.median(par_requete[n][1:] or par_requete[n]))
                resultats.setdefault(page, {})[perimetre] = {
                    "requetes": len(appels),
                    "lignes_renvoyees": lignes,
                    "premier_passage_ms": round(premier * 1000, 1),
                    "p50_ms": round(centile(totaux, 0.50) * 1000, 1),
                    "p95_ms": round(centile(totaux, 0.95) * 1000, 1),
                    "repetitions": len(totaux),
                    "requete_la_plus_lente": lent,
                    "requete_la_plus_lente_p50_ms": round(
                        statistics.median(par_requete[lent][1:] or par_requete[lent]) * 1000, 1
                    ),
                }
                print(
                    f"  {page:<16} {perimetre:<9} p50 {resultats[page][perimetre]['p50_ms']:>9.1f} ms   "
                    f"p95 {resultats[page][perimetre]['p95_ms']:>9.1f} ms   {lignes:>10} lignes   "
                    f"(plus lente : {lent})",
                    flush=True,
                )
    finally:
        con.close()
    return resultats


# ---------------------------------------------------------------- pandas baseline


def reference_pandas(chemin: Path, repetitions: int) -> dict:
    """The national aggregates computed by DuckDB and by pandas on in-memory frames.

    Each indicator is checked equal both ways before its time counts. Loading the frames into
    memory is not timed (the baseline is « the data already in a DataFrame »)."""
    con = db.connecter(chemin, lecture_seule=True)
    try:
        valeurs = valeurs_types(con, None)
        debut = time.perf_counter()
        attrib = con.execute("SELECT * FROM attributions").df()
        seuils = con.execute("SELECT annee, seuil_euros_uc FROM seuils_premier_quartile").df()
        communes = con.execute("SELECT code_insee, nom FROM communes").df()
        prod = con.execute("SELECT * FROM production").df()
        chargement = time.perf_counter() - debut

        def pd_production_par_annee():
            p = prod[prod["annee"].between(valeurs["annee_debut"], valeurs["annee_fin"])]
            return (
                p.groupby(["annee", "indicateur"], as_index=False)["valeur"]
                .sum()
                .sort_values(["annee", "indicateur"], ignore_index=True)
            )

        def pd_attributions_comptes():
            a = attrib[attrib["annee"].between(valeurs["annee_debut"], valeurs["annee_fin"])]
            a = a.merge(seuils, on="annee", how="left")
            q1 = a["premier_quartile"].astype("boolean")
            deduit = (a["ressources_uc"] < a["seuil_euros_uc"]).astype("boolean")
            deduit[a["ressources_uc"].isna() | a["seuil_euros_uc"].isna()] = pd.NA
            q1 = q1.fillna(deduit)
            cles = pd.DataFrame(
                {
                    "annee": a["annee"],
                    "code_insee": a["code_insee"],
                    "bailleur": a["bailleur"].fillna("Bailleur non renseigné"),
                    "reservataire": a["reservataire"].fillna("Réservataire non renseigné"),
                }
            )
            qpv = a["en_qpv"].astype("boolean")
            comptes = pd.DataFrame(
                {
                    "attributions": 1,
                    "en_qpv": qpv == True,  # noqa: E712
                    "o2_den": qpv == True,  # noqa: E712 (legal denominator: an unknown quartile stays in)
                    "o2_num": (qpv == True) & (q1 == False),  # noqa: E712
                    "o3_num": a["prioritaire"].astype("boolean") == True,  # noqa: E712
                    "refus": a["refus"].astype("boolean") == True,  # noqa: E712
                }
            ).fillna(False)
            lignes = pd.concat([cles, comptes], axis=1)
            # The page query's three levels: per commune, per landlord, per réservataire.
            niveaux = []
            for niveau, cle in (("commune", "code_insee"), ("bailleur", "bailleur"), ("reservataire", "reservataire")):
                g = lignes.groupby(["annee", cle], as_index=False)[list(comptes.columns)].sum()
                niveaux.append(g.assign(niveau=niveau))
            out = pd.concat(niveaux, ignore_index=True)
            out = out.merge(communes, on="code_insee", how="left")
            out = out[["niveau", "annee", "code_insee", "bailleur", "reservataire", *comptes.columns, "nom"]]
            return out.sort_values(["niveau", "annee", "code_insee", "bailleur", "reservataire"], ignore_index=True)

        sql_comptes = (
            "SELECT niveau, annee, code_insee, bailleur, reservataire, attributions, en_qpv, o2_den, o2_num, "
            "o3_num, refus, commune AS nom FROM r"
        )
        # The pandas version computes 6 of the page query's 35 counts. The page query reads the
        # derived table attributions_agregats; this one does the same work as pandas from the raw
        # rows (DuckDB against pandas with no precomputation on either side), same three levels.
        SOUS_ENSEMBLE = """
            WITH a AS (SELECT a.annee, a.code_insee, coalesce(a.bailleur, 'Bailleur non renseigné') AS bailleur,
                              coalesce(a.reservataire, 'Réservataire non renseigné') AS reservataire,
                              a.en_qpv, a.prioritaire, a.refus,
                              coalesce(a.premier_quartile, a.ressources_uc < s.seuil_euros_uc) AS q1
                       FROM attributions a LEFT JOIN seuils_premier_quartile s USING (annee)
                       WHERE a.annee BETWEEN $annee_debut AND $annee_fin),
            g AS (SELECT CASE WHEN GROUPING(code_insee) = 0 THEN 'commune' WHEN GROUPING(bailleur) = 0 THEN 'bailleur'
                              ELSE 'reservataire' END AS niveau,
                         annee, code_insee, bailleur, reservataire, count(*) AS attributions,
                         count(*) FILTER (WHERE en_qpv) AS en_qpv, count(*) FILTER (WHERE en_qpv) AS o2_den,
                         count(*) FILTER (WHERE en_qpv AND NOT q1) AS o2_num, count(*) FILTER (WHERE prioritaire) AS o3_num,
                         count(*) FILTER (WHERE refus) AS refus
                  FROM a GROUP BY GROUPING SETS ((annee, code_insee), (annee, bailleur), (annee, reservataire)))
            SELECT g.*, c.nom FROM g LEFT JOIN communes c ON c.code_insee = g.code_insee
            ORDER BY niveau, annee, code_insee, bailleur, reservataire"""
        indicateurs = {
            "production_par_annee": (pd_production_par_annee, "production_par_annee", None),
            "attributions_comptes": (pd_attributions_comptes, "attributions_comptes", sql_comptes),
            "attributions_comptes_memes_6_comptes": (pd_attributions_comptes, SOUS_ENSEMBLE, None),
        }
        sortie = {"chargement_dataframes_s": round(chargement, 1), "indicateurs": {}}
        for cle, (f_pandas, nom, projection) in indicateurs.items():
            sql_brut = nom.lstrip().startswith("WITH")
            p = (
                {"annee_debut": valeurs["annee_debut"], "annee_fin": valeurs["annee_fin"]}
                if sql_brut
                else parametres(nom, valeurs)
            )
            t_duck, t_pd = [], []
            for _ in range(repetitions + 1):
                t = time.perf_counter()
                r = con.cursor().execute(nom, p).df() if sql_brut else db.requete(con, nom, **p)
                t_duck.append(time.perf_counter() - t)
                t = time.perf_counter()
                attendu = f_pandas()
                t_pd.append(time.perf_counter() - t)
            if projection:
                r = duckdb.sql(projection).df()
            identique = _egaux(r, attendu)
            duck, pan = statistics.median(t_duck[1:]), statistics.median(t_pd[1:])
            sortie["indicateurs"][cle] = {
                "duckdb_p50_ms": round(duck * 1000, 1),
                "pandas_p50_ms": round(pan * 1000, 1),
                "rapport": round(pan / duck, 1),
                "resultats_identiques": identique,
                "lignes": len(attendu),
            }
            print(
                f"  {cle:<28} DuckDB {duck * 1000:>8.1f} ms   pandas {pan * 1000:>8.1f} ms   "
                f"× {pan / duck:>5.1f}   {'identiques' if identique else 'DIFFÉRENTS'}",
                flush=True,
            )
        # Total over what the pages run (their named queries, on the derived tables where they read
        # them) against pandas from the raw rows. The raw-rows-on-both-sides line is reported apart.
        comptes = [v for k, v in sortie["indicateurs"].items() if k != "attributions_comptes_memes_6_comptes"]
        tot_duck = sum(v["duckdb_p50_ms"] for v in comptes)
        tot_pd = sum(v["pandas_p50_ms"] for v in comptes)
        sortie["total"] = {
            "duckdb_ms": round(tot_duck, 1),
            "pandas_ms": round(tot_pd, 1),
            "rapport": round(tot_pd / tot_duck, 1),
        }
        return sortie
    finally:
        con.close()


def _egaux(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    a = a.reset_index(drop=True)
    b = b.reset_index(drop=True)[list(a.columns)]
    if a.shape != b.shape:
        return False
    for c in a.columns:
        x, y = a[c], b[c]
        if pd.api.types.is_numeric_dtype(x) or pd.api.types.is_bool_dtype(x):
            if not (
                pd.to_numeric(x).astype("float64").fillna(-1).to_numpy()
                == pd.to_numeric(y).astype("float64").fillna(-1).to_numpy()
            ).all():
                return False
        elif not (x.astype("string").fillna("∅") == y.astype("string").fillna("∅")).all():
            return False
    return True


# ---------------------------------------------------------------- the app server


def demarrer_serveur(base: Path) -> tuple[subprocess.Popen, str]:
    """Not the context manager of observatoire.ecrans.serveur: the cold start is what is timed."""
    port = serveur.port_libre()
    proc = subprocess.Popen(
        serveur.commande(port),
        cwd=RACINE,
        env={**os.environ, "OBSERVATOIRE_DB": str(base)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return proc, f"http://127.0.0.1:{port}"


def attendre_sante(url: str, limite_s: float = 120) -> None:
    serveur.attendre_sante(url, limite_s, pas_s=0.05)  # polled often: the start is measured


def page_prete(page, limite_ms: int) -> None:
    """The script has run for this page: a title is drawn and Streamlit's « running » widget is gone."""
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stMain"] h1, [data-testid="stException"]')
              && !document.querySelector('[data-testid="stStatusWidget"]')
              && document.querySelectorAll('[data-testid="stSkeleton"], .stSkeleton').length === 0""",
        timeout=limite_ms,
        polling=50,
    )


def _cpu_s(pid: int) -> float:
    champs = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(champs[11]) + int(champs[12])) / os.sysconf("SC_CLK_TCK")


def attendre_repos(pid: int, limite_s: float, calme_s: float = 2.0) -> None:
    """Until the process has used < 5 % of a core for `calme_s` seconds (or `limite_s` passed)."""
    fin = time.perf_counter() + limite_s
    while time.perf_counter() < fin:
        avant = _cpu_s(pid)
        time.sleep(calme_s)
        if _cpu_s(pid) - avant < 0.05 * calme_s:
            return


def arreter(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def demarrage_a_froid(base: Path, essais: int) -> dict:
    """Seconds from launching `streamlit run` to the Accueil drawn in Chromium (a fresh server each time)."""
    from playwright.sync_api import sync_playwright

    durees, sante = [], []
    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS_CHROMIUM)
        try:
            for _ in range(essais):
                debut = time.perf_counter()
                proc, url = demarrer_serveur(base)
                try:
                    attendre_sante(url)
                    sante.append(time.perf_counter() - debut)
                    page = navigateur.new_page(viewport={"width": 1440, "height": 1000})
                    page.goto(f"{url}/accueil")
                    page_prete(page, 120_000)
                    durees.append(time.perf_counter() - debut)
                    erreur = page.locator('[data-testid="stException"]').count()
                    page.close()
                    if erreur:
                        raise RuntimeError("l'Accueil affiche une exception")
                finally:
                    arreter(proc)
        finally:
            navigateur.close()
    return {
        "essais": essais,
        "serveur_pret_s": round(statistics.median(sante), 2),
        "accueil_affiche_s_median": round(statistics.median(durees), 2),
        "accueil_affiche_s_max": round(max(durees), 2),
    }


def serveur_national(base: Path, limite_s: int) -> dict:
    """Open every page once on the national base (filters = everything); server peak RSS and page times."""
    from playwright.sync_api import TimeoutError as Delai
    from playwright.sync_api import sync_playwright

    from observatoire.ecrans import navigation

    chemins = [e.adresse for e in navigation.PAGES if (RACINE / e.chemin).is_file()]
    proc, url = demarrer_serveur(base)
    pages = {}
    try:
        attendre_sante(url)
        with sync_playwright() as p:
            navigateur = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS_CHROMIUM)
            try:
                for chemin in chemins:
                    page = navigateur.new_page(viewport={"width": 1440, "height": 1000})
                    debut = time.perf_counter()
                    try:
                        page.goto(f"{url}/{chemin}")
                        page_prete(page, limite_s * 1000)
                        etat = "erreur" if page.locator('[data-testid="stException"]').count() else "ok"
                    except Delai:
                        etat = f"pas affichée en {limite_s} s"
                    affichee = time.perf_counter() - debut
                    # The title can be drawn before the heavy queries end: wait until the server's
                    # CPU time stops growing, so the next page does not overlap this one.
                    attendre_repos(proc.pid, limite_s)
                    pages[chemin] = {
                        "secondes": round(affichee, 2),
                        "secondes_jusqu_au_repos": round(time.perf_counter() - debut, 2),
                        "etat": etat,
                        "pic_rss_serveur_mo": round(pic_rss_mo(proc.pid) or 0),
                    }
                    print(
                        f"  {chemin:<16} {pages[chemin]['secondes']:>7.2f} s (repos {pages[chemin]['secondes_jusqu_au_repos']:.0f} s)  {etat:<22} "
                        f"pic RSS du serveur {pages[chemin]['pic_rss_serveur_mo']} Mo",
                        flush=True,
                    )
                    page.close()
            finally:
                navigateur.close()
        pic = pic_rss_mo(proc.pid)
    finally:
        arreter(proc)
    return {"pages": pages, "pic_rss_mo": round(pic or 0)}


# ---------------------------------------------------------------- report


def verdicts(r: dict) -> dict:
    v = {}
    pages = r.get("pages", {})
    if pages:
        pire_epci = max(pages.items(), key=lambda kv: kv[1]["epci"]["p95_ms"])
        pire_nat = max(pages.items(), key=lambda kv: kv[1]["national"]["p95_ms"])
        v["p95_epci"] = {
            "cible_ms": CIBLES["p95_epci_ms"],
            "pire_page": pire_epci[0],
            "mesure_ms": pire_epci[1]["epci"]["p95_ms"],
            "pages_au_dessus": sorted(p for p, x in pages.items() if x["epci"]["p95_ms"] > CIBLES["p95_epci_ms"]),
        }
        v["p95_national"] = {
            "cible_ms": CIBLES["p95_national_ms"],
            "pire_page": pire_nat[0],
            "mesure_ms": pire_nat[1]["national"]["p95_ms"],
            "pages_au_dessus": sorted(
                p for p, x in pages.items() if x["national"]["p95_ms"] > CIBLES["p95_national_ms"]
            ),
        }
    if "pandas" in r:
        v["rapport_pandas"] = {"cible": CIBLES["rapport_pandas"], "mesure": r["pandas"]["total"]["rapport"]}
    if "demarrage_a_froid" in r:
        v["demarrage_froid"] = {
            "cible_s": CIBLES["demarrage_froid_s"],
            "mesure_s": r["demarrage_a_froid"]["accueil_affiche_s_max"],
        }
    if "serveur_national" in r:
        v["memoire_serveur"] = {
            "cible_mo": CIBLES["memoire_serveur_mo"],
            "mesure_mo": r["serveur_national"]["pic_rss_mo"],
        }
    for cle, x in v.items():
        if cle == "rapport_pandas":
            x["atteinte"] = x["mesure"] >= x["cible"]
        else:
            cible = next(val for k, val in x.items() if k.startswith("cible"))
            x["atteinte"] = x["mesure" + ("_ms" if "mesure_ms" in x else "_s" if "mesure_s" in x else "_mo")] <= cible
    return v


def ecrire(r: dict, chemin: Path) -> None:
    """Write the report so far (a long run interrupted still leaves its figures)."""
    r = dict(r, charge_machine_a_l_ecriture=[round(x, 1) for x in os.getloadavg()])
    r["verdicts"] = verdicts(r)
    chemin.write_text(json.dumps(r, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Banc d'essai de l'observatoire (échelle nationale).")
    ap.add_argument("--national", type=Path, default=TMP / "bench_national.duckdb")
    ap.add_argument("--cua", type=Path, default=TMP / "bench_cua.duckdb")
    ap.add_argument("--garder", action="store_true", help="réutiliser les bases existantes (pas de construction)")
    ap.add_argument("--rapide", action="store_true", help="moins de répétitions")
    ap.add_argument("--sans-navigateur", action="store_true", help="ni démarrage à froid ni pic RSS du serveur")
    ap.add_argument(
        "--sans-serveur-national", action="store_true", help="pas de passage du serveur sur la base nationale"
    )
    ap.add_argument("--rapport", type=Path, default=RAPPORT)
    args = ap.parse_args(argv)
    rep = {"epci": 5, "national": 3} if args.rapide else {"epci": 30, "national": 10}

    r: dict = {
        "date": datetime.now().isoformat(timespec="seconds"),
        "charge_machine_au_debut": [round(x, 1) for x in os.getloadavg()],
        "machine": {
            "coeurs": os.cpu_count(),
            "memoire_go": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "python": platform.python_version(),
            "duckdb": duckdb.__version__,
            "pandas": pd.__version__,
        },
        "cibles": CIBLES,
        "suite": SUITE,
    }
    print("1. Construction")
    if not (args.garder and args.cua.is_file()):
        m = executer([sys.executable, "-m", "observatoire", "build", "--db", str(args.cua)])
        if m.code:
            print(m.sortie)
            return 1
        r["construction_cua"] = {"secondes": round(m.secondes, 1), "pic_rss_mo": round(m.pic_mo)}
        print(f"  base de la CU (python -m observatoire build) : {m.secondes:.1f} s, pic {m.pic_mo:.0f} Mo")
    if not (args.garder and args.national.is_file()):
        m = executer([sys.executable, "bench/generer_national.py", "--db", str(args.national), "--cua", str(args.cua)])
        if m.code:
            print(m.sortie)
            return 1
        comptes = {}
        for ligne in m.sortie.splitlines():
            if " : " in ligne and not ligne.strip().startswith(("référentiel", "copies")):
                k, v = ligne.split(" : ", 1)
                comptes[k.strip()] = v.strip()
        r["construction_nationale"] = {
            "secondes": round(m.secondes, 1),
            "pic_rss_mo": round(m.pic_mo),
            "volumes": comptes,
        }
        print(f"  base nationale (bench/generer_national.py) : {m.secondes:.1f} s, pic {m.pic_mo:.0f} Mo")
    elif RAPPORT.is_file():  # keep the last measured build figures with the reused base
        ancien = json.loads(RAPPORT.read_text(encoding="utf-8"))
        for k in ("construction_cua", "construction_nationale"):
            if k in ancien and k not in r:
                r[k] = ancien[k] | {"repris_du_rapport_du": ancien.get("date")}
    con = duckdb.connect(str(args.national), read_only=True)
    r["volumes_nationaux"] = {
        "communes": con.execute("SELECT count(*) FROM communes").fetchone()[0],
        "logements_dernier_millesime": con.execute(
            "SELECT count(*) FROM rpls_logements WHERE millesime = (SELECT max(millesime) FROM rpls_logements)"
        ).fetchone()[0],
        "lignes_rpls": con.execute("SELECT count(*) FROM rpls_logements").fetchone()[0],
        "attributions": con.execute("SELECT count(*) FROM attributions").fetchone()[0],
        "lignes_production": con.execute("SELECT count(*) FROM production").fetchone()[0],
        "taille_fichier_mo": round(args.national.stat().st_size / 2**20),
    }
    communes_epci = [
        c
        for (c,) in con.execute(
            "SELECT code_insee FROM communes WHERE code_epci = '200033579' ORDER BY code_insee"
        ).fetchall()
    ]
    con.close()
    print(f"  volumes : {r['volumes_nationaux']}")

    ecrire(r, args.rapport)
    print(f"2. Requêtes de chaque page (un EPCI = {len(communes_epci)} communes de la CU ; national = tout)")
    pages = requetes_des_pages(args.cua)
    r["requetes_des_pages"] = pages
    r["pages"] = mesurer_pages(args.national, pages, communes_epci, rep)
    ecrire(r, args.rapport)

    print("3. Référence pandas (agrégats nationaux, DataFrames en mémoire)")
    r["pandas"] = reference_pandas(args.national, 3 if args.rapide else 7)
    ecrire(r, args.rapport)
    print(
        f"  total : DuckDB {r['pandas']['total']['duckdb_ms']} ms, pandas {r['pandas']['total']['pandas_ms']} ms, "
        f"× {r['pandas']['total']['rapport']}"
    )

    if not args.sans_navigateur and Path(CHROMIUM).exists():
        print("4. Démarrage à froid (base de la CU, jusqu'à l'Accueil affiché)")
        r["demarrage_a_froid"] = demarrage_a_froid(args.cua, 2 if args.rapide else 5)
        print(f"  {r['demarrage_a_froid']}")
        ecrire(r, args.rapport)
    if not args.sans_navigateur and not args.sans_serveur_national and Path(CHROMIUM).exists():
        print("5. Serveur sur la base nationale : chaque page une fois, périmètre « tout »")
        r["serveur_national"] = serveur_national(args.national, 120)
        print(f"  pic RSS du serveur : {r['serveur_national']['pic_rss_mo']} Mo")

    r["charge_machine_a_la_fin"] = [round(x, 1) for x in os.getloadavg()]
    r["verdicts"] = verdicts(r)
    print("\nVerdicts :")
    for k, v in r["verdicts"].items():
        print(f"  {k:<18} {'ATTEINT' if v['atteinte'] else 'MANQUÉ '}  {v}")
    ecrire(r, args.rapport)
    print(f"\nRapport : {args.rapport}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
