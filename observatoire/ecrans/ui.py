"""The Streamlit frame shared by every page: connection, cached queries, global filters in the
URL, demo banner and the « source · millésime · périmètre » caption under each figure.

Pages stay thin: they call `filtres()` and `donnees("nom_de_requete", ...)`, then draw.
"""

from __future__ import annotations

import atexit
import gc
import re
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from observatoire.base import db, memoire
from observatoire.base.chemins import base_par_defaut
from observatoire.indicateurs import territoire


def _ignorer_le_dossier_pages() -> None:
    # Streamlit 1.67 treats an app with a `pages/` folder as a "multipage v1" app until the
    # entrypoint has called st.navigation once in the process. Until then, a deep link such as
    # /attributions opened right after a server start runs pages/attributions.py on its own,
    # without app.py's filters and banner. We use st.navigation only, so we say so up front.
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


_ignorer_le_dossier_pages()


def navigation(sections: dict, **options):
    """st.navigation, an unknown address leading to the default page without an English dialog.
    `options`: st.navigation's (expanded=True: every page listed, no « View more »)."""
    adresse_inconnue_vers_accueil({page.url_path for liste in sections.values() for page in liste})
    franciser_streamlit()
    return st.navigation(sections, **options)


def adresse_inconnue_vers_accueil(adresses: set[str]) -> None:
    """An unknown address (/accueil, a mistyped /nimportequoi) opens the Accueil, filters kept,
    without Streamlit's English « Page not found » dialog.

    Streamlit 1.67 resolves the address in st.navigation: a name matching no page sends the
    browser a `page_not_found` message (the English dialog), then runs the default page. An
    intent cleared here resolves to the default page directly, with no message. The default
    page answers at « / » only, hence « /accueil » is unknown too."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    gestionnaire = ctx.pages_manager
    if gestionnaire.intended_page_script_hash:
        return  # a click in the menu or st.switch_page: a page the app registered
    nom = gestionnaire.intended_page_name
    if nom and nom.strip("/") not in adresses:
        gestionnaire.set_script_intent("", "")


# ---------------------------------------------------------------- garbage collection after each run

_modules_au_gel = 0
_executions_depuis_le_gel = 0
RENOUVELLEMENT_DU_GEL = 200  # script runs between two renewals of the freeze
_verrou_gel = threading.Lock()


def geler_objets_durables() -> None:
    """Keep the server's garbage collection after each script run cheap (called by app.py).

    After every script run the Streamlit server runs a full collection (`gc.collect(2)`, option
    `runner.postScriptGC`), which walks every object the process tracks: with pandas, Plotly,
    openpyxl, geopandas… loaded, about 150 000 objects and 0.1 s of CPU per page view, under the
    global interpreter lock, i.e. a fifth of a page view's CPU. Modules, classes and functions
    never become garbage: `gc.freeze()` moves what is alive now out of the collector's sight, and
    the collection after a run then walks only what runs created since (a few ms).

    The freeze is done again when new modules were imported (a page opened for the first time in
    the process), and renewed every RENOUVELLEMENT_DU_GEL runs: what was alive at a freeze (other
    sessions' runs in progress) and has died since in a reference cycle is only collected once
    unfrozen, so the renewal unfreezes, collects everything, and freezes what is left. Objects
    without cycles are freed as usual, frozen or not.
    """
    global _modules_au_gel, _executions_depuis_le_gel
    _executions_depuis_le_gel += 1
    if len(sys.modules) == _modules_au_gel and _executions_depuis_le_gel < RENOUVELLEMENT_DU_GEL:
        return
    with _verrou_gel:
        n = len(sys.modules)
        if n == _modules_au_gel and _executions_depuis_le_gel < RENOUVELLEMENT_DU_GEL:
            return
        if not _modules_au_gel:
            atexit.register(gc.unfreeze)  # at exit, everything is collected as usual
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _modules_au_gel, _executions_depuis_le_gel = n, 0


def version_base(chemin: Path) -> str:
    """Which file is at `chemin` now: its mtime (ns) and inode. A write swaps a new file in
    (os.replace: new inode, new mtime), so every process serving the base (several behind a
    proxy) sees the change at its next query, whichever process wrote; two writes within one
    mtime tick still differ by inode."""
    etat = chemin.stat()
    return f"{etat.st_mtime_ns}-{etat.st_ino}"


# `version` (version_base) has no leading underscore on purpose: Streamlit leaves `_x`
# parameters out of the cache key, and the key must change when a write replaces the file.
@st.cache_resource(show_spinner="Ouverture de la base…")
def _connexion(chemin: str, version: str) -> duckdb.DuckDBPyConnection:
    # DuckDB shares one open database per path inside a process: while a connection to the
    # replaced file stays open, a new connect() to the same path still reads the old file. So
    # the connection to the previous version is closed before the new one is opened.
    precedente = _ouvertes.pop(chemin, None)
    if precedente is not None and precedente[0] != version:
        precedente[1].close()
    con = db.connecter(chemin, lecture_seule=True)
    _ouvertes[chemin] = (version, con)
    return con


_ouvertes: dict[str, tuple[str, duckdb.DuckDBPyConnection]] = {}


def _message_d_attente():
    return st.spinner(
        "Première ouverture de l'observatoire : la base est en cours de préparation pour une autre visite. "
        "Patientez, la page s'affichera d'elle-même (une minute environ)…"
    )


def preparer_base() -> Path:
    """Build a missing base or upgrade an older one, once (observatoire.base.build.preparer: a lock
    across sessions and processes); app.py calls it before any page runs. The sessions that
    arrive meanwhile wait with a French message."""
    from observatoire.base.build import preparer

    return preparer(base_par_defaut(), attente=_message_d_attente, travail=st.spinner)


def _chemin_base() -> Path:
    return preparer_base()


def connexion() -> duckdb.DuckDBPyConnection:
    chemin = _chemin_base()
    # The file's version is part of the key: after a rebuild or an import (atomic file swap), the
    # next rerun opens the new file instead of reading the replaced one forever.
    return _connexion(chemin=str(chemin), version=version_base(chemin))


# The cache key is `cle` alone, a string: Streamlit hashes a tuple argument element by element,
# about 0.3 ms for (nom, version, chemin, params), against 15 µs for their repr. The other
# arguments start with « _ », so they stay out of the key; `cle` holds all of them. Cached
# functions are called with keyword arguments: for a positional one Streamlit looks its name up
# in the function's signature, every call (0.35 ms for four arguments, 0.03 ms by keyword).
@st.cache_data(show_spinner=False, max_entries=2000)
def _donnees(cle: str, _nom: str, _version: str, _chemin: str, _params: tuple) -> pd.DataFrame:
    return db.requete(_connexion(chemin=_chemin, version=_version), _nom, **dict(_params))


def donnees(nom: str, **params) -> pd.DataFrame:
    """Run a named query of queries/ with the given parameters (results cached per base file).

    With a territory set (OBSERVATOIRE_EPCI, db.territoire), the reference queries read its
    communes only ($epci), and « no commune selected » means its communes, not every commune of
    the base: in a national base, the « whole CU » figures stay the EPCI's."""
    chemin = _chemin_base()
    version = version_base(chemin)
    attendus = db.parametres_de(nom)
    epci = db.territoire()
    if "epci" in attendus:
        params.setdefault("epci", epci)
    if epci is not None and "communes" in attendus and not params.get("communes"):
        params["communes"] = donnees("communes_liste")["code_insee"].tolist()
    valeurs = tuple(sorted((k, tuple(v) if isinstance(v, (list, set, tuple)) else v) for k, v in params.items()))
    # repr of str, numbers, None, bool and tuples of them: two different calls, two different keys
    return _donnees(
        cle=repr((nom, version, str(chemin), valeurs)), _nom=nom, _version=version, _chemin=str(chemin), _params=valeurs
    )


def _jeton_base() -> tuple[str, str]:
    chemin = _chemin_base()
    return str(chemin), version_base(chemin)


# observatoire.secret.valeurs keeps what it computes from these queries per base version.
donnees.jeton = _jeton_base


# ---------------------------------------------------------------- global filters (in the URL)


@dataclass(frozen=True)
class Filtres:
    annee_debut: int
    annee_fin: int
    communes: tuple[str, ...] = field(default_factory=tuple)  # empty = toute la CU
    bailleurs: tuple[str, ...] = field(default_factory=tuple)  # empty = tous
    noms_communes: dict = field(default_factory=dict, compare=False, hash=False)

    def sql(self) -> dict:
        """The parameter dict every named query accepts (extra keys are ignored by db.requete)."""
        return {
            "annee_debut": self.annee_debut,
            "annee_fin": self.annee_fin,
            "communes": list(self.communes),
            "bailleurs": list(self.bailleurs),
        }

    def perimetre(self) -> str:
        """One line a reader can quote: which communes, landlords and years a figure covers."""
        if not self.communes:
            lieux = "toute la CU d'Arras (46 communes)"
        elif len(self.communes) <= 3:
            lieux = ", ".join(self.noms_communes.get(c, c) for c in self.communes)
        else:
            lieux = f"{len(self.communes)} communes sélectionnées"
        if len(self.bailleurs) <= 3:
            bailleurs = territoire.noms_bailleurs(self.bailleurs)  # named: a reader knows whose figures these are
        else:
            bailleurs = f"{len(self.bailleurs)} bailleurs sélectionnés"
        return f"{lieux} · {bailleurs} · {self.annee_debut}-{self.annee_fin}"

    def territoire(self, max_noms: int | None = None) -> str:
        """The territory shown, named: « Arras », « 3 communes : Arras, Achicourt, Beaurains »,
        « Communauté Urbaine d'Arras (46 communes) » (titles, export headers)."""
        return territoire.nom_territoire(self.communes, self.noms_communes, max_noms=max_noms)


CLE_COMMUNES, CLE_BAILLEURS, CLE_PERIODE = "filtre_communes", "filtre_bailleurs", "filtre_periode"


def _entier(texte: str | None) -> int | None:
    try:
        return int(texte) if texte is not None else None
    except ValueError:
        return None


def filtres_barre_laterale() -> Filtres:
    """Create the shared sidebar filters once per run (in app.py) and mirror them in the URL.

    Streamlit clears the query string on a page switch; app.py runs on every rerun, so writing
    the filters back here keeps a copied link equal to the view on screen. Values read from the
    URL are checked against the reference lists: an unknown code is dropped, never sent to SQL.
    """
    communes = donnees("communes_liste")
    noms = dict(zip(communes["code_insee"], communes["nom"]))
    bailleurs = donnees("bailleurs_liste")["bailleur"].tolist()
    bornes = donnees("annees_disponibles").iloc[0]
    an_min, an_max = int(bornes["annee_min"]), int(bornes["annee_max"])

    # Filtering on one landlord is landlord-level detail: analyste role only. For anyone else
    # the filter is neither shown nor read from the URL, so no figure is ever one landlord's.
    from observatoire.ecrans import acces

    filtre_bailleur_permis = acces.est_analyste()
    if not filtre_bailleur_permis:
        st.session_state[CLE_BAILLEURS] = []
    qp = st.query_params
    if CLE_COMMUNES not in st.session_state:
        # dict.fromkeys: a code repeated in the URL counts once (« Arras » once, not three times)
        st.session_state[CLE_COMMUNES] = list(dict.fromkeys(c for c in qp.get_all("communes") if c in noms))
        st.session_state[CLE_BAILLEURS] = (
            list(dict.fromkeys(b for b in qp.get_all("bailleurs") if b in bailleurs)) if filtre_bailleur_permis else []
        )
        debut, fin = _entier(qp.get("debut")), _entier(qp.get("fin"))
        debut = debut if debut is not None and an_min <= debut <= an_max else an_min
        fin = fin if fin is not None and debut <= fin <= an_max else an_max
        st.session_state[CLE_PERIODE] = (debut, fin)

    with st.sidebar:
        st.markdown("**Filtres** — ils s'appliquent à toutes les pages")
        periode = st.slider("Période", min_value=an_min, max_value=an_max, key=CLE_PERIODE, step=1)
        choix_communes = st.multiselect(
            "Communes",
            options=sorted(noms, key=lambda c: noms[c]),
            format_func=lambda c: noms.get(c, c),
            key=CLE_COMMUNES,
            placeholder="Toute la CU d'Arras",
        )
        if filtre_bailleur_permis:
            choix_bailleurs = st.multiselect(
                "Bailleurs", options=bailleurs, key=CLE_BAILLEURS, placeholder="Tous les bailleurs"
            )
        else:
            choix_bailleurs = []
            st.caption(
                ":material/lock: Filtre par bailleur : réservé au rôle analyste. Les chiffres couvrent tous les bailleurs."
            )

    _ecrire_url("communes", choix_communes)
    _ecrire_url("bailleurs", choix_bailleurs)
    _ecrire_url("debut", [] if periode[0] == an_min else [str(periode[0])])
    _ecrire_url("fin", [] if periode[1] == an_max else [str(periode[1])])
    return Filtres(
        annee_debut=int(periode[0]),
        annee_fin=int(periode[1]),
        communes=tuple(choix_communes),
        bailleurs=tuple(choix_bailleurs),
        noms_communes=noms,
    )


def _ecrire_url(cle: str, valeurs: list[str]) -> None:
    if list(st.query_params.get_all(cle)) == list(valeurs):
        return
    if valeurs:
        st.query_params[cle] = valeurs
    elif cle in st.query_params:
        del st.query_params[cle]


def filtres() -> Filtres:
    """The filters app.py created for this run."""
    if "_filtres" not in st.session_state:
        # This page ran without the router (see _ignorer_le_dossier_pages): fix the flag and
        # run again through app.py, on the same URL. Every page calls filtres() first.
        _ignorer_le_dossier_pages()
        st.rerun()
    return st.session_state["_filtres"]


# ---------------------------------------------------------------- frame elements


LIBELLES_JEUX = {
    "communes": "communes",
    "qpv": "quartiers prioritaires",
    "objectifs_plh": "objectifs du PLH",
    "rpls": "parc social (RPLS)",
    "rpls_communes": "parc social par commune (RPLS)",
    "attributions": "attributions",
    "ops": "occupation (OPS)",
    "production": "production de logements",
    "objectifs_communes": "objectifs communaux du PLH",
    "seuils_premier_quartile": "seuils du 1er quartile",
    "contingent_flux": "flux du contingent",
    # kinds of the importer (observatoire/chargement/importer.py); the demo production splits by source
    "production (sitadel)": "logements autorisés et commencés (Sitadel)",
    "production (financements)": "logements sociaux financés",
    "production (ptz)": "prêts à taux zéro",
    "production (bailleurs)": "ventes HLM et démolitions",
    "qpv_contours": "contours des quartiers prioritaires",
    # real public data shipped in data/publiques/ (observatoire/chargement/publiques.py) and the INSEE RPLS kind
    "rpls_insee": "parc social par IRIS et par QPV (RPLS, INSEE)",
    "population_communes": "population municipale",
    "rp_logement": "logements du recensement",
    "filosofi_communes": "revenus et pauvreté par commune (Filosofi)",
    "lovac": "logements vacants du parc privé (LOVAC)",
    "qpv_revenus": "revenus des QPV (Filosofi)",
    "qpv_population": "population des QPV",
}


def libelle_jeu(jeu: str) -> str:
    return LIBELLES_JEUX.get(jeu, jeu)


def bandeau_demo() -> None:
    """Says which datasets are demo (invented) and which are real public data, by name."""
    jeux = donnees("jeux_demo")["jeu"].tolist()
    publics = donnees("jeux_publics")
    # Short: it sits above every page, the Accueil's figures must stay above the fold at 1440×900.
    # The producer and vintage of each real figure are in its own source line.
    reels = ", ".join(dict.fromkeys(libelle_jeu(r.jeu) for r in publics.itertuples()))
    if jeux:
        st.warning(
            "**Données de démonstration**, inventées (bailleurs fictifs), pas la situation de la CU : "
            + ", ".join(libelle_jeu(j) for j in jeux)
            + " ; importez les fichiers officiels depuis la page « Données »."
            + (f" **Données publiques réelles** : {reels}." if reels else ""),
            icon="⚠️",
        )


def legende(source: str, millesime: str, perimetre: str) -> None:
    """The caption every chart and figure carries: where it comes from, when, and for whom."""
    st.caption(f"Source : {source} · Millésime : {millesime} · Périmètre : {perimetre}")


# ---------------------------------------------------------------- accessibility (RGAA 4.1): focus, contrast, navigation

from observatoire.figures import couleurs as _couleurs  # noqa: E402

# Every run, on every page (app.py). Streamlit's focus styles are a background tint on links and
# nothing on several buttons: the outline makes the keyboard position visible (RGAA 10.7, WCAG
# 2.4.7). Captions: Streamlit's faded grey is 4.4:1, below 4.5:1 (couleurs.TEXTE_SECONDAIRE).
# The navigation's section titles are not keyboard-operable (a click handler on a <header>), so
# they stop folding for the mouse too: every page stays listed, for everyone.
CSS_ACCESSIBILITE = f"""
<style>
a:focus-visible, button:focus-visible, summary:focus-visible, input:focus-visible, textarea:focus-visible,
[role="button"]:focus-visible, [role="tab"]:focus-visible, [role="slider"]:focus-visible,
[role="option"]:focus-visible, [tabindex]:not([tabindex="-1"]):focus-visible {{
  outline: 3px solid {_couleurs.FOCUS} !important; outline-offset: 2px !important;
}}
[data-testid="stSidebarNavLink"]:focus-visible, [data-testid="stPageLink-NavLink"]:focus-visible {{ outline-offset: -3px !important; }}
[data-baseweb="select"]:focus-within > div, [data-baseweb="input"]:focus-within {{
  outline: 3px solid {_couleurs.FOCUS}; outline-offset: 1px;
}}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {{
  color: {_couleurs.TEXTE_SECONDAIRE} !important; opacity: 1 !important;
}}
[data-testid="stNavSectionHeader"] {{ pointer-events: none; cursor: default; }}
[data-testid="stNavSectionHeader"] [data-testid="stIconMaterial"] {{ display: none; }}
[data-testid="stElementContainer"]:has(> .stHtml > script[data-role="navigation-accessible"]) {{ display: none; }}
</style>
"""

# Streamlit 1.67 draws a sectioned navigation as <ul> › <div> (one per section) › <header> + <li>:
# a <div> directly in a <ul> and <li> items whose parent is not a list (axe « list » and
# « listitem », RGAA 9.3). Each section <div> becomes the list (role="list", named after its
# title) and the outer <ul> a plain container (role="none"); its English name is translated.
# React re-creates these nodes on reruns: an observer sets the roles again. The same observer
# names the file uploader's button (its visible French text is CSS-generated). A section folded
# earlier (state kept in the browser) is unfolded, since the titles no longer fold.
SCRIPT_NAVIGATION = """
<script data-role="navigation-accessible">
(() => {
  if (window.__navigationAccessible) return;
  window.__navigationAccessible = true;
  const poser = (el, nom, valeur) => { if (el.getAttribute(nom) !== valeur) el.setAttribute(nom, valeur); };
  const corriger = () => {
    // The file uploader's button shows « Choisir un fichier » through CSS (ui.CSS_FRANCAIS, the
    // English text hidden): a name that axe and some screen readers do not read. Same words, in
    // an attribute.
    for (const bouton of document.querySelectorAll('[data-testid="stFileUploaderDropzone"] button')) {
      poser(bouton, "aria-label", "Choisir un fichier");
    }
    const nav = document.querySelector('[data-testid="stSidebarNav"]');
    if (!nav) return;
    poser(nav, "aria-label", "Pages de l'observatoire");
    const liste = nav.querySelector('[data-testid="stSidebarNavItems"]');
    if (!liste) return;
    const sections = Array.from(liste.children).filter((e) => e.tagName === "DIV");
    if (!sections.length) return;
    poser(liste, "role", "none");
    for (const section of sections) {
      poser(section, "role", "list");
      const titre = section.querySelector(':scope > [data-testid="stNavSectionHeader"]');
      if (!titre) continue;
      // the title's text without the Material icon's ligature name (« expand_more »)
      const texte = titre.querySelector('[data-testid="stMarkdownContainer"]') || titre;
      poser(section, "aria-label", texte.textContent.trim());
      if (!section.querySelector(":scope > li")) titre.click();
    }
  };
  corriger();
  new MutationObserver(corriger).observe(document.body, { childList: true, subtree: true });
})();
</script>
"""

TITRE_PAGE_ACCESSIBILITE = "Accessibilité"


def habillage_accessible() -> None:
    """Focus ring, caption contrast and the navigation's list roles (called by app.py)."""
    st.html(CSS_ACCESSIBILITE)
    with st.sidebar:
        st.html(SCRIPT_NAVIGATION, unsafe_allow_javascript=True)


@contextmanager
def pied_de_page_apres():
    """Draw the footer after the page, when the page ends normally or with st.stop() (a page
    without data yet); not on a rerun or an error, nor in presentation mode."""
    from streamlit.runtime.scriptrunner_utils.exceptions import StopException

    try:
        yield
    except StopException:
        if not presentation_active():
            pied_de_page()
        raise
    if not presentation_active():
        pied_de_page()


def pied_de_page() -> None:
    """The footer of every page: the accessibility statement one link away (RGAA: from every
    page), with the conformity status in its label as the law's wording asks."""
    from observatoire.figures import accessibilite

    st.divider()
    lien_page(
        "pages/accessibilite.py",
        f"{TITRE_PAGE_ACCESSIBILITE} : {accessibilite.ETAT}",
        icone=":material/accessibility_new:",
    )
    st.caption("Observatoire de l'habitat de la Communauté urbaine d'Arras · service habitat")


# ---------------------------------------------------------------- presentation mode (CIL meetings)

CLE_PRESENTATION = "mode_presentation"

_CSS_PRESENTATION = """
<style>
/* Mode présentation : pas de barre latérale ni de commandes, texte grand, fond blanc contrasté. */
html { font-size: clamp(18px, 1.3vw, 26px) !important; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] { background: #ffffff !important; color: #000000 !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 3rem 2.2rem 2rem 2.2rem !important; }
h1, h2, h3, p, li, label, [data-testid="stMetricValue"], [data-testid="stMetricLabel"] { color: #000000 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * { color: #1a1a1a !important; opacity: 1 !important; }
h1 { font-size: 2.1rem !important; padding-top: 0.2rem !important; }
/* Le bandeau « démonstration » reste, en plus compact ; la sortie est fixée en haut à droite. */
[data-testid="stAlert"] { font-size: 0.8rem !important; }
[data-testid="stAlert"] > div { padding: 0.35rem 0.8rem !important; }
.st-key-presentation_quitter { position: fixed !important; top: 0.4rem; right: 0.8rem; z-index: 1000; width: auto !important; }
/* Les commandes disparaissent (la vue vient de l'adresse) ; seuls restent les boutons de la présentation. */
[data-testid="stElementContainer"]:has(.stSelectbox, .stMultiSelect, .stSlider, .stRadio, .stTextInput,
  .stNumberInput, .stDownloadButton, .stFileUploader, .stCheckbox, .stToggle, .stDataEditor,
  .stSegmentedControl, .stPills, .stDateInput),
[data-testid="stElementContainer"]:has(.stButton):not([class*="st-key-presentation_"]):not([class*="st-key-diapo_"]),
[data-testid="stExpander"], [data-testid="stForm"], [data-testid="stPageLink-NavLink"],
.modebar-container { display: none !important; }
</style>
"""


def presentation_active() -> bool:
    """Presentation mode (`?presentation=1` in the URL), for the page being drawn."""
    return bool(st.session_state.get(CLE_PRESENTATION, False))


def _basculer_presentation(actif: bool) -> None:
    st.session_state[CLE_PRESENTATION] = actif


def cadre_presentation() -> None:
    """Read `?presentation=1` (once per session, like the filters), keep it in the URL across
    page switches, and draw the frame: CSS and a visible way out when on, a sidebar switch when off."""
    if CLE_PRESENTATION not in st.session_state:
        st.session_state[CLE_PRESENTATION] = st.query_params.get("presentation") == "1"
    actif = presentation_active()
    _ecrire_url("presentation", ["1"] if actif else [])
    if actif:
        st.html(_CSS_PRESENTATION)
        st.button(
            "Quitter le mode présentation",
            key="presentation_quitter",
            icon=":material/close_fullscreen:",
            on_click=_basculer_presentation,
            args=(False,),
            help="Revenir à l'affichage normal, avec la barre latérale et les commandes.",
        )
    else:
        with st.sidebar:
            st.button(
                "Mode présentation",
                key="presentation_entrer",
                icon=":material/fullscreen:",
                on_click=_basculer_presentation,
                args=(True,),
                help="Pour projeter en CIL : masque la barre latérale et les commandes, agrandit textes et graphiques.",
            )


# ---------------------------------------------------------------- charts and tables: export helpers

# colour-blind-safe (no red/green pair), contrast checked: observatoire/figures/couleurs.py


def _nom_fichier(nom: str) -> str:
    import re
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9_-]+", "_", ascii_).strip("_").lower() or "export"


class _FigurePrete:
    """A ready figure spec handed to st.plotly_chart without a second validation.

    Given a dict, st.plotly_chart rebuilds a plotly Figure from it to validate it
    (`Figure(**spec).to_dict()`: 30 to 70 ms a chart); given a Figure, it only calls
    `to_dict()`. This object passes its isinstance check (BaseFigure is set as its base below,
    lazily: plotly is imported on first use) and hands back the spec as it is, already validated
    when the figure was built. `spec["data"]` reads like the dict (tests look inside)."""

    def __init__(self, spec: dict):
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec

    def __getitem__(self, cle):
        return self._spec[cle]


_classe_figure_prete = None


def _figure_prete(spec: dict):
    global _classe_figure_prete
    if _classe_figure_prete is None:
        from plotly.basedatatypes import BaseFigure

        _classe_figure_prete = type("FigurePrete", (_FigurePrete, BaseFigure), {})
    objet = _classe_figure_prete.__new__(_classe_figure_prete)
    _FigurePrete.__init__(objet, spec)
    return objet


def _sans_vides(x):
    """The spec without its empty dicts (`"title": {}`), as plotly's validation, which
    st.plotly_chart ran on a dict, leaves it."""
    if isinstance(x, dict):
        sortie = {}
        for k, v in x.items():
            v = _sans_vides(v)
            if not (isinstance(v, dict) and not v):
                sortie[k] = v
        return sortie
    if isinstance(x, list):
        return [_sans_vides(e) for e in x]
    return x


@memoire.pur
def _spec_figure(fonction, args: tuple, kwargs: dict) -> dict:
    from observatoire.figures.exports import echapper_figure

    return _sans_vides(echapper_figure(fonction(*args, **kwargs).to_dict()))


def figure(fonction, *args, **kwargs) -> dict:
    """The spec of the Plotly figure `fonction(*args, **kwargs)`, escaped, built once per content
    of the arguments (memoire.pur: `fonction` a module-level function of observatoire, its
    arguments the frames it draws). Building a figure with plotly's graph objects validates
    every property (100 ms and more for the objectives' evolution): a rerun with the same data
    reuses the spec. For `graphique`, which accepts a Figure or such a spec."""
    return _spec_figure(fonction, args, kwargs)


def _sous_titre_source(spec: dict, source: str, millesime: str) -> dict:
    """`graphique`'s layout on a spec: the same as its batch of property assignments on a Figure,
    on copies of the few dicts it touches (the spec may be a kept one)."""
    spec = dict(spec)
    mise_en_page = dict(spec.get("layout") or {})
    spec["layout"] = mise_en_page
    mise_en_page["separators"] = ", "
    titre = dict(mise_en_page.get("title") or {})
    mise_en_page["title"] = titre
    titre["text"] = titre.get("text") or ""
    sous_titre = {"text": f"Source : {source} · {millesime}", "font": {"size": 11, "color": "#444444"}}
    ancien = titre.get("subtitle")
    if ancien:  # merged into, as update_layout does
        fusion = dict(ancien)
        fusion["text"] = sous_titre["text"]
        fusion["font"] = {**(ancien.get("font") or {}), **sous_titre["font"]}
        sous_titre = fusion
    titre["subtitle"] = sous_titre
    marge = dict(mise_en_page.get("margin") or {})
    marge["t"] = max(marge.get("t") or 0, 75)
    mise_en_page["margin"] = marge
    return spec


def graphique(
    fig, key: str, nom_fichier: str, source: str, millesime: str, perimetre: str, chiffres: pd.DataFrame | bool = True
) -> None:
    """A Plotly chart with its PNG export (modebar « télécharger en PNG », client side) and its
    `legende`. The source line is also the figure's subtitle, so the PNG carries it. In
    presentation mode the fonts and the height grow. `fig`: a plotly Figure, or the spec
    `ui.figure` returns (built once for the same data).

    Under it, « Les chiffres du graphique »: the same figures as a table (RGAA 1.8, text
    alternative of a chart), read from the figure (`chiffres=True`), given by the page (a
    DataFrame), or left to the page (`False`, when it draws its own richer table)."""
    table_chiffres = None
    if chiffres is True:
        table_chiffres = _chiffres_spec(fig) if isinstance(fig, dict) else _chiffres_de_figure(fig)
    elif isinstance(chiffres, pd.DataFrame):
        table_chiffres = chiffres
    if isinstance(fig, dict) and not presentation_active():
        spec = _sous_titre_source(fig, source, millesime)
    else:
        import plotly.graph_objects as go

        deja_echappee = isinstance(fig, dict)  # ui.figure escaped it
        spec = _spec_ecran(go.Figure(fig) if deja_echappee else fig, source, millesime, echapper=not deja_echappee)
    st.plotly_chart(
        _figure_prete(spec),
        key=key,
        config={
            "locale": "fr",
            "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": _nom_fichier(nom_fichier), "scale": 2},
        },
    )
    legende(source, millesime, perimetre)
    # Not on a projected slide (it must fit the screen with nothing below): the same chart on its
    # page, out of presentation mode, carries the table.
    if table_chiffres is not None and not presentation_active():
        titre = ((spec.get("layout") or {}).get("title") or {}).get("text") or nom_fichier
        chiffres_du_graphique(table_chiffres, titre=titre)


def _chiffres_de_figure(fig) -> pd.DataFrame:
    from observatoire.figures.accessibilite import chiffres_figure

    return chiffres_figure(fig)


@memoire.pur
def _chiffres_spec(spec: dict) -> pd.DataFrame:
    """The figures of a ready spec (ui.figure): its arrays may be packed (base64), a Figure reads
    them back; once per content of the spec."""
    import plotly.graph_objects as go

    return _chiffres_de_figure(go.Figure(_tableaux_decodes(spec)))


def _tableaux_decodes(x):
    """The spec with plotly's packed arrays ({"dtype": "f8", "bdata": base64, "shape": "2, 3"},
    what Figure.to_dict writes for numpy data) back as lists: a Figure built from the spec keeps
    them packed, and the text alternative reads numbers."""
    import base64

    import numpy as np

    if isinstance(x, dict):
        if "bdata" in x and "dtype" in x:
            a = np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"]))
            if x.get("shape"):
                a = a.reshape([int(n) for n in str(x["shape"]).split(",")])
            return a.tolist()
        return {k: _tableaux_decodes(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_tableaux_decodes(e) for e in x]
    return x


def _spec_ecran(fig, source: str, millesime: str, echapper: bool = True) -> dict:
    hauteur = fig.layout.height or 420
    mise_en_page = fig.layout
    # Property assignments in one batch: the same layout as update_layout(separators=…,
    # title=…, margin=…), for a quarter of its CPU (update_layout validates its argument again).
    with fig.batch_update():
        mise_en_page.separators = ", "
        # The source goes in the subtitle: it is part of the PNG and never overlaps axes or legend.
        mise_en_page.title.text = mise_en_page.title.text or ""
        sous_titre = dict(text=f"Source : {source} · {millesime}", font=dict(size=11, color="#444444"))
        if mise_en_page.title.subtitle.to_plotly_json():  # merged into, as update_layout does
            mise_en_page.title.subtitle.update(sous_titre)
        else:
            mise_en_page.title.subtitle = sous_titre
        mise_en_page.margin.t = max(mise_en_page.margin.t or 0, 75)
    if presentation_active():
        fig.for_each_annotation(lambda a: a.update(font=dict(size=16, color="#000000")))
        fig.update_xaxes(tickfont=dict(size=16, color="#000000"), title_font=dict(size=17, color="#000000"))
        fig.update_yaxes(tickfont=dict(size=16, color="#000000"), title_font=dict(size=17, color="#000000"))
        fig.update_traces(textfont=dict(size=16), selector=lambda t: hasattr(t, "textfont"))
        fig.update_layout(
            font=dict(size=16, color="#000000"),
            height=int(hauteur * 1.1),
            paper_bgcolor="#ffffff",
            plot_bgcolor="#ffffff",
            legend=dict(font=dict(size=16)),
            title=dict(font=dict(size=24, color="#000000"), subtitle=dict(font=dict(size=14, color="#1a1a1a"))),
        )
    # User data (landlord, commune names) reaches labels and hovers: escaped, Plotly renders HTML there.
    from observatoire.figures.exports import echapper_figure

    return _sans_vides(echapper_figure(fig.to_dict()) if echapper else fig.to_dict())


def chiffres_du_graphique(chiffres, titre: str = "", libelle: str = "Les chiffres du graphique") -> None:
    """« Les chiffres du graphique »: a chart's figures as an HTML table (st.table: real <table>,
    <th> headers, every row in the page, which a screen reader walks; st.dataframe draws on a
    canvas and shows a screen reader only the rows in view). `chiffres`: a table or a figure."""
    if not isinstance(chiffres, pd.DataFrame):
        from observatoire.figures.accessibilite import chiffres_figure

        chiffres = chiffres_figure(chiffres)
    if chiffres.empty:
        return
    with st.expander(libelle, icon=":material/table:"):
        st.table(chiffres, hide_index=True, alt=f"{libelle} : {titre}" if titre else None)


def _format_ecran(df: pd.DataFrame, colonnes_pourcent=()):
    """French formats on screen while keeping numbers sortable (a pandas Styler)."""
    from observatoire.ecrans import formats as fr

    numeriques = [
        c for c in df.columns if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
    ]
    formats = {}
    for c in numeriques:
        if c in colonnes_pourcent:
            formats[c] = fr.pourcent
        elif pd.api.types.is_integer_dtype(df[c]) or (df[c].dropna() % 1 == 0).all():
            formats[c] = fr.nombre
        else:
            formats[c] = lambda x: fr.nombre(x, 1)
    if not formats:
        return df
    from pandas.io.formats.style import Styler

    # Styler(df), not df.style: the accessor checks the optional jinja2 dependency on every call
    return Styler(df).format(formats, na_rep=fr.MANQUANT)


@memoire.pur
def _valeurs_affichees(df: pd.DataFrame, colonnes_pourcent: tuple) -> pd.DataFrame | None:
    """The text of every cell as st.dataframe shows the Styler of `_format_ecran`: computed by
    that Styler and Streamlit's own reading of it (styler._translate, then the display values),
    once per content of the table."""
    from streamlit.elements.lib.pandas_styler_utils import _use_display_values

    style = _format_ecran(df, colonnes_pourcent)
    if style is df:
        return None
    style._compute()
    return _use_display_values(df, style._translate(False, False))


def _styler_pret(df: pd.DataFrame, colonnes_pourcent=()):
    """What `tableau` hands st.dataframe: a Styler whose display values are already known.

    Streamlit reads a Styler by running its HTML rendering (`_compute`, `_translate`: 40 to 120 ms
    for a table of 30 rows × 17 columns, on every rerun), then keeps only each cell's text. This
    Styler (a plain pandas Styler: Streamlit recognises it by its exact type) gives back those
    texts, computed once per content of the table (`_valeurs_affichees`); the numbers underneath
    stay sortable, the screen shows the same text."""
    affichees = _valeurs_affichees(df, tuple(colonnes_pourcent))
    if affichees is None:
        return df
    from pandas.io.formats.style import Styler

    style = Styler(df)

    def traduire(*args, **kwargs):
        corps = [
            [{"id": f"row{i}_col{j}", "display_value": v} for j, v in enumerate(ligne)]
            for i, ligne in enumerate(affichees.itertuples(index=False, name=None))
        ]
        return {"body": corps, "cellstyle": [], "table_styles": []}

    # on the instance: the class's HTML rendering is what this Styler avoids
    style._compute = lambda: style
    style._translate = traduire
    return style


def tableau(
    df: pd.DataFrame,
    nom_fichier: str,
    source: str,
    millesime: str,
    perimetre: str,
    key: str | None = None,
    colonnes_pourcent=(),
    column_config: dict | None = None,
    definitions: dict | None = None,
    height: int | str = "auto",
) -> None:
    """A table with French formats on screen and its CSV (`;`, decimal comma, UTF-8 BOM) and
    XLSX exports; both carry the source, vintage and filters (CSV: header lines; XLSX: sheet
    « Sources et définitions »). Text cells are neutralised against formula injection.
    `height` is st.dataframe's (a long table can show more rows than the default ten).

    The files are built when a button is clicked (st.download_button with a callable), not on
    every rerun: building the XLSX of every table of a page cost more CPU than drawing it."""
    st.dataframe(
        _styler_pret(df, colonnes_pourcent),
        hide_index=True,
        width="stretch",
        key=key,
        column_config=column_config,
        height=height,
    )
    nom = _nom_fichier(nom_fichier)
    export = ExportTableau(
        df.copy(),
        nom_fichier,
        source,
        millesime,
        perimetre,
        dict(definitions or {}),
        tuple(colonnes_pourcent),
        tuple(_jeux_demo_ou_vide()),
        st.session_state.get("_filtres"),
    )
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button(
        "CSV",
        export.csv,
        file_name=f"{nom}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"csv_{key or nom}",
        help="Séparateur « ; », virgule décimale : s'ouvre dans Excel.",
    )
    c2.download_button(
        "XLSX",
        export.xlsx,
        file_name=f"{nom}.xlsx",
        icon=":material/download:",
        key=f"xlsx_{key or nom}",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@dataclass(frozen=True, eq=False)
class ExportTableau:
    """The two files of a `tableau`, built on demand. `csv` and `xlsx` take no argument, as
    st.download_button wants of a callable `data`: Streamlit calls them on a click, in a worker
    thread, outside the script run. So everything they need is captured here during the run
    (a copy of the table, the demo data sets for the warning) and they call no st.* function."""

    df: pd.DataFrame
    nom_feuille: str
    source: str
    millesime: str
    perimetre: str
    definitions: dict
    colonnes_pourcent: tuple
    jeux_demo: tuple
    filtres: Filtres | None = None

    def entete(self) -> dict:
        return _entete(
            self.source, self.millesime, self.perimetre, self.df, self.definitions, self.jeux_demo, self.filtres
        )

    def csv(self) -> bytes:
        from observatoire.figures import exports

        return exports.csv_fr_entete(self.df, self.entete())

    def xlsx(self) -> bytes:
        from observatoire.figures import exports

        return exports.classeur_xlsx(
            {self.nom_feuille[:31]: self.df}, self.entete(), colonnes_pourcent=self.colonnes_pourcent
        )


def fichiers_export(df: pd.DataFrame, nom_feuille: str, entete: dict, colonnes_pourcent=()) -> tuple[bytes, bytes]:
    """(CSV, XLSX) of a table: CSV with the header lines, XLSX with the « Sources et définitions » sheet."""
    from observatoire.figures import exports

    return (
        exports.csv_fr_entete(df, entete),
        exports.classeur_xlsx({nom_feuille[:31]: df}, entete, colonnes_pourcent=colonnes_pourcent),
    )


def entete_export(
    source: str, millesime: str, perimetre: str, df: pd.DataFrame | None = None, definitions: dict | None = None
) -> dict:
    """What every export says about itself: source, vintage, filters, date, secret."""
    return _entete(
        source, millesime, perimetre, df, definitions, _jeux_demo_ou_vide(), st.session_state.get("_filtres")
    )


def avertissement_demo(jeux_demo=None) -> dict:
    """{"Avertissement": …} while demo data is loaded, else {}: for the header of any export."""
    jeux = _jeux_demo_ou_vide() if jeux_demo is None else jeux_demo
    if not len(jeux):
        return {}
    return {
        "Avertissement": "Données de démonstration, inventées (bailleurs fictifs), pas la situation de la CU "
        "d'Arras : " + ", ".join(libelle_jeu(j) for j in jeux) + "."
    }


def _entete(
    source: str,
    millesime: str,
    perimetre: str,
    df: pd.DataFrame | None,
    definitions: dict | None,
    jeux_demo,
    filtres: Filtres | None = None,
) -> dict:
    """entete_export with the demo data sets and the filters given (no query, no session:
    callable outside a script run)."""
    from datetime import date

    from observatoire.secret import suppression as secret

    entete = {"Source": source, "Millésime": millesime}
    if filtres is not None:
        # The table's own period is its vintage: the filters' period is said apart, never as the table's.
        periode_filtres = f"{filtres.annee_debut}-{filtres.annee_fin}"
        if perimetre.endswith(" · " + periode_filtres) and millesime != periode_filtres:
            perimetre = perimetre.removesuffix(" · " + periode_filtres)
        entete["Périmètre (filtres)"] = perimetre
        entete["Territoire"] = filtres.territoire()
        entete["Bailleurs"] = territoire.noms_bailleurs(filtres.bailleurs)
        entete["Période choisie dans les filtres"] = periode_filtres
    else:
        entete["Périmètre (filtres)"] = perimetre
    entete["Exporté le"] = date.today().strftime("%d/%m/%Y")
    entete["Producteur"] = "Observatoire de l'habitat de la CU d'Arras"
    entete.update(avertissement_demo(jeux_demo))
    if df is not None and (df.astype("object") == secret.SECRET).to_numpy().any():
        entete["Secret statistique"] = secret.PHRASE.format(seuil=secret.seuil_en_vigueur())
    entete.update(definitions or {})
    return entete


def _jeux_demo_ou_vide() -> list[str]:
    try:
        return donnees("jeux_demo")["jeu"].tolist()
    except Exception:
        return []


def lien_page(page: str, libelle: str, icone: str = ":material/arrow_forward:", **kwargs) -> None:
    """st.page_link that stays silent when the page is not (yet) in the router."""
    from streamlit.errors import StreamlitAPIException

    try:
        st.page_link(page, label=libelle, icon=icone, **kwargs)
    except (StreamlitAPIException, KeyError):
        pass


# ---------------------------------------------------------------- French everywhere: Streamlit's and Plotly's defaults

# Plotly's toolbar in French (its bundle in Streamlit ships no French locale: given in the config).
DICTIONNAIRE_PLOTLY = {
    "Autoscale": "Échelle automatique",
    "Box Select": "Sélection rectangulaire",
    "Compare data on hover": "Comparer au survol",
    "Download plot as a PNG": "Télécharger le graphique (PNG)",
    "Download plot": "Télécharger le graphique",
    "Download plot as JSON": "Télécharger le graphique (JSON)",
    "Lasso Select": "Sélection au lasso",
    "Pan": "Déplacer",
    "Reset axes": "Réinitialiser les axes",
    "Reset view": "Réinitialiser la vue",
    "Reset views": "Réinitialiser les vues",
    "Reset": "Réinitialiser",
    "Show closest data on hover": "Valeur la plus proche au survol",
    "Toggle Spike Lines": "Lignes de repère",
    "Toggle show closest data on hover": "Valeur au survol",
    "Zoom": "Agrandir une zone",
    "Zoom in": "Agrandir",
    "Zoom out": "Réduire",
    "Double-click to zoom back out": "Double-cliquez pour revenir à la vue d'ensemble",
    "Double-click on legend to isolate one trace": "Double-cliquez sur la légende pour isoler une série",
    "Preparing image - this may take a few seconds": "Préparation de l'image, quelques secondes…",
    "Image download succeeded": "Image téléchargée",
    "Sorry, there was a problem downloading your image!": "Le téléchargement de l'image a échoué.",
    "Snapshot succeeded": "Image prête",
    "trace": "série",
}
CONFIG_PLOTLY = {
    "locale": "fr",
    "locales": {
        "fr": {
            "dictionary": DICTIONNAIRE_PLOTLY,
            "format": {
                "decimal": ",",
                "thousands": "\u202f",
                "grouping": [3],
                "currency": ["", "\u00a0€"],
                "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
                "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
                "months": [
                    "janvier",
                    "février",
                    "mars",
                    "avril",
                    "mai",
                    "juin",
                    "juillet",
                    "août",
                    "septembre",
                    "octobre",
                    "novembre",
                    "décembre",
                ],
                "shortMonths": [
                    "janv.",
                    "févr.",
                    "mars",
                    "avr.",
                    "mai",
                    "juin",
                    "juil.",
                    "août",
                    "sept.",
                    "oct.",
                    "nov.",
                    "déc.",
                ],
                "date": "%d/%m/%Y",
            },
        }
    },
    "displaylogo": False,
    # Selection tools serve no reading of these charts; fewer buttons, fewer words to translate.
    "modeBarButtonsToRemove": [
        "select2d",
        "lasso2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
    ],
}

PLACEHOLDERS = {"selectbox": "Choisir…", "multiselect": "Choisir une ou plusieurs options"}

# Streamlit's own English on screen, replaced or hidden (its front end has no French):
# - the table toolbar (« Download as CSV », « Search », « Fullscreen »): hidden, ui.tableau gives
#   French CSV / XLSX buttons; the same toolbar over charts and the « Fullscreen » button
#   Streamlit adds to Plotly's toolbar too (presentation mode enlarges charts, in French);
# - the file uploader's « Upload » button and « 400MB per file » line: French text instead
#   (visibility/display, so neither the screen nor a screen reader gets the English).
CSS_FRANCAIS = """<style>
[data-testid="stElementToolbar"], [data-testid="stElementToolbarButton"], .modebar-btn[data-title="Fullscreen"] {
  display: none !important; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { display: none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after { content: "Choisir un fichier"; }
[data-testid="stFileUploaderDropzoneInstructions"] span { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {
  content: "ou glissez-le ici · 400 Mo au plus par fichier"; font-size: 0.875rem; opacity: 0.75; }
</style>"""


def _graduations_pourcent(vmin: float, vmax: float) -> list[float]:
    """Round tick values (proportions) covering [vmin, vmax], about 4 to 8 of them."""
    import math

    bas, haut = min(0.0, vmin), max(vmax, 0.0)
    etendue = haut - bas or 1.0
    pas = next((p for p in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0) if etendue / p <= 8), 10.0)
    debut, fin = math.floor(bas / pas + 1e-9), math.ceil(haut / pas - 1e-9)
    return [round(i * pas, 10) for i in range(debut, fin + 1)]


def pourcents_francais(figure: dict) -> dict:
    """Percentage axes (tickformat « .0% ») with French ticks, « 60 % » and not « 60% »: Plotly's
    number formats follow d3's, which glue the percent sign. The ticks are given as values and
    texts (fr.pourcent), computed from the data the axis carries. Works on the figure's dict."""
    import numpy as np

    from observatoire.ecrans import formats as fr

    mise_en_page = figure.get("layout", {})
    for nom, axe in list(mise_en_page.items()):
        if not (re.fullmatch(r"[xy]axis\d*", nom) and isinstance(axe, dict)):
            continue
        m = re.fullmatch(r",?\.(\d)%", str(axe.get("tickformat", "")))
        if not m:
            continue
        lettre, numero = nom[0], nom[5:]
        valeurs, maxima = [], []
        for trace in figure.get("data", []):
            if trace.get(f"{lettre}axis", lettre) != lettre + numero:
                continue
            try:
                v = np.asarray(trace.get(lettre, []), dtype=float)
            except (TypeError, ValueError):
                continue
            v = v[np.isfinite(v)]
            valeurs.extend(v.tolist())
            maxima.append(float(v.max()) if v.size else 0.0)
        if mise_en_page.get("barmode") in ("stack", "relative") and maxima:
            valeurs.append(sum(x for x in maxima if x > 0))  # stacked bars reach at most the sum of the maxima
        bornes = axe.get("range")
        if bornes and len(bornes) == 2 and all(isinstance(b, (int, float)) for b in bornes):
            valeurs.extend(bornes)
        if not valeurs:
            continue
        graduations = _graduations_pourcent(min(valeurs), max(valeurs))
        axe.update(
            tickmode="array", tickvals=graduations, ticktext=[fr.pourcent(g, int(m.group(1))) for g in graduations]
        )
        axe.pop("tickformat", None)
    return figure


def franciser_streamlit() -> None:
    """French defaults for every page (called by `navigation`, each run): selectbox and
    multiselect placeholders (« Choose an option »), Plotly's toolbar and percentage ticks, the
    CSS above. The widgets' defaults are set on Streamlit's DeltaGenerator once per process."""
    from streamlit.delta_generator import DeltaGenerator

    for nom, texte in PLACEHOLDERS.items():
        origine = getattr(DeltaGenerator, nom)
        if getattr(origine, "_en_francais", False):
            continue

        def widget(self, *args, _origine=origine, _texte=texte, **kwargs):
            if kwargs.get("placeholder") is None:
                kwargs["placeholder"] = _texte
            return _origine(self, *args, **kwargs)

        widget.__name__, widget.__doc__, widget._en_francais = nom, origine.__doc__, True
        setattr(DeltaGenerator, nom, widget)
    origine = DeltaGenerator.plotly_chart
    if not getattr(origine, "_en_francais", False):

        def plotly_chart(self, figure_or_data, *args, config=None, _origine=origine, **kwargs):
            # A ready spec (ui.graphique) stays a ready figure: handed over as a dict, Streamlit
            # would validate it again (30 to 70 ms a chart).
            prete = isinstance(figure_or_data, _FigurePrete)
            if hasattr(figure_or_data, "to_dict"):
                figure_or_data = figure_or_data.to_dict()
            if isinstance(figure_or_data, dict):
                figure_or_data = pourcents_francais(figure_or_data)
                mise_en_page = figure_or_data.setdefault("layout", {})
                mise_en_page.setdefault("separators", ", ")
                if prete:
                    figure_or_data = _figure_prete(figure_or_data)
            return _origine(self, figure_or_data, *args, config={**CONFIG_PLOTLY, **(config or {})}, **kwargs)

        plotly_chart.__name__, plotly_chart.__doc__, plotly_chart._en_francais = "plotly_chart", origine.__doc__, True
        DeltaGenerator.plotly_chart = plotly_chart
    for nom in (*PLACEHOLDERS, "plotly_chart"):
        setattr(st, nom, getattr(st._main, nom))
    st.html(CSS_FRANCAIS)
