"""The frame of every page: the server's garbage collection after each run, demo banner,
« source · millésime · périmètre » caption, accessibility dressing, footer, presentation mode."""

from __future__ import annotations

import atexit
import gc
import sys
import threading
from contextlib import contextmanager

import streamlit as st

from observatoire.ecrans.filtres import ecrire_url
from observatoire.ecrans.navigation import lien_page
from observatoire.ecrans.requetes import donnees
from observatoire.figures import couleurs as _couleurs

# ---------------------------------------------------------------- garbage collection after each run

_modules_au_gel = 0
_executions_depuis_le_gel = 0
RENOUVELLEMENT_DU_GEL = 200  # script runs between two renewals of the freeze
_verrou_gel = threading.Lock()


def geler_objets_durables() -> None:
    """Keep the server's full garbage collections cheap (called by app.py).

    A full collection walks every object the process tracks: with pandas, Plotly, openpyxl,
    geopandas… loaded, about 150 000 objects and 0.1 s of CPU, under the global interpreter lock.
    Streamlit ran one after every script run (`runner.postScriptGC`, now off in
    .streamlit/config.toml: with twenty sessions it still cost 40 to 50 ms a view); Python's own
    generational collection still runs one now and then. Modules, classes and functions never
    become garbage: `gc.freeze()` moves what is alive now out of the collector's sight, and a
    collection then walks only what runs created since.

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
    // The file uploader's button shows « Choisir un fichier » through CSS (francais.CSS_FRANCAIS, the
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
        "accessibilite",
        f"{TITRE_PAGE_ACCESSIBILITE} : {accessibilite.ETAT}",
        icone=":material/accessibility_new:",
    )
    st.caption("Observatoire de l'habitat de la Communauté urbaine d'Arras · service habitat")


# ---------------------------------------------------------------- presentation mode (CIL meetings)

CLE_PRESENTATION = "mode_presentation"

_CSS_PRESENTATION = f"""
<style>
/* Mode présentation : pas de barre latérale ni de commandes, texte grand, fond blanc contrasté. */
html {{ font-size: clamp(18px, 1.3vw, 26px) !important; }}
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {{ display: none !important; }}
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{ background: {_couleurs.FOND} !important; color: {_couleurs.NOIR} !important; }}
[data-testid="stMainBlockContainer"] {{ max-width: 100% !important; padding: 3rem 2.2rem 2rem 2.2rem !important; }}
h1, h2, h3, p, li, label, [data-testid="stMetricValue"], [data-testid="stMetricLabel"] {{ color: {_couleurs.NOIR} !important; }}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * {{ color: {_couleurs.GRIS_TEXTE_PRESENTATION} !important; opacity: 1 !important; }}
h1 {{ font-size: 2.1rem !important; padding-top: 0.2rem !important; }}
/* Le bandeau « démonstration » reste, en plus compact ; la sortie est fixée en haut à droite. */
[data-testid="stAlert"] {{ font-size: 0.8rem !important; }}
[data-testid="stAlert"] > div {{ padding: 0.35rem 0.8rem !important; }}
.st-key-presentation_quitter {{ position: fixed !important; top: 0.4rem; right: 0.8rem; z-index: 1000; width: auto !important; }}
/* Les commandes disparaissent (la vue vient de l'adresse) ; seuls restent les boutons de la présentation. */
[data-testid="stElementContainer"]:has(.stSelectbox, .stMultiSelect, .stSlider, .stRadio, .stTextInput,
  .stNumberInput, .stDownloadButton, .stFileUploader, .stCheckbox, .stToggle, .stDataEditor,
  .stSegmentedControl, .stPills, .stDateInput),
[data-testid="stElementContainer"]:has(.stButton):not([class*="st-key-presentation_"]):not([class*="st-key-diapo_"]),
[data-testid="stExpander"], [data-testid="stForm"], [data-testid="stPageLink-NavLink"],
.modebar-container {{ display: none !important; }}
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
    ecrire_url("presentation", ["1"] if actif else [])
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
