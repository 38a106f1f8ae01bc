"""Router of the observatory: page config, shared sidebar filters, demo banner, navigation."""

from pathlib import Path

import streamlit as st

from observatoire.base import incidents
from observatoire.ecrans import acces, ui

incidents.installer()  # an unexpected error: a French message with an incident number, never a traceback
acces.proteger_vidage_du_cache()  # « Clear cache » from a browser: analyste sessions only
ui.geler_objets_durables()  # the server's collection after each run: only what runs created

st.set_page_config(
    page_title="Observatoire de l'habitat — CU d'Arras",
    # A local file: a Material icon name here makes the browser fetch an SVG from Google Fonts.
    page_icon=str(Path(__file__).parent / "observatoire" / "ecrans" / "icone.png"),
    layout="wide",
)

conf_acces = acces.configuration()
if conf_acces.erreur:  # secrets.toml asks for access control but cannot be used: nothing is shown (fail closed)
    st.navigation(
        [st.Page(acces.page_acces_ferme, title="Accès fermé", icon=":material/lock:", url_path="acces_ferme")]
    ).run()
    st.stop()
if not acces.peut_voir():  # [acces] mode = "connexion" and nobody logged in yet: only the login page
    st.navigation(
        [st.Page(acces.page_connexion, title="Connexion", icon=":material/lock:", url_path="connexion")]
    ).run()
    st.stop()
st.session_state[acces.CLE_ANALYSTE_CONNECTE] = acces.analyste_connecte()

# The base is built (first start) or upgraded (older base) once, before any page runs, under a
# lock shared by every session and process; the sessions arriving meanwhile wait with a message.
ui.preparer_base()

# url_path is the file's stem on purpose: on the very first run after a server start,
# Streamlit resolves a deep link against the files of pages/ (see ui._ignorer_le_dossier_pages);
# with equal names the page is found and reruns through this router, without a "page not found".
# ui.navigation: an unknown address (« /accueil », a typo) opens the Accueil, filters kept.
pages = ui.navigation(
    {
        "Synthèse": [
            st.Page("pages/accueil.py", title="Accueil", icon=":material/home:", url_path="accueil", default=True),
            st.Page(
                "pages/fiche_commune.py", title="Fiche commune", icon=":material/description:", url_path="fiche_commune"
            ),
            st.Page("pages/carte.py", title="Carte", icon=":material/map:", url_path="carte"),
            st.Page(
                "pages/comparer.py",
                title="Comparer des communes",
                icon=":material/compare_arrows:",
                url_path="comparer",
            ),
            st.Page("pages/diaporama.py", title="Diaporama CIL", icon=":material/slideshow:", url_path="diaporama"),
        ],
        "Attributions": [
            st.Page("pages/attributions.py", title="Objectifs légaux", icon=":material/key:", url_path="attributions"),
            st.Page(
                "pages/contingent.py",
                title="Contingent communautaire",
                icon=":material/handshake:",
                url_path="contingent",
            ),
            st.Page("pages/bilan_cil.py", title="Bilan CIL", icon=":material/summarize:", url_path="bilan_cil"),
        ],
        "Production et parc": [
            st.Page(
                "pages/production.py", title="Production PLH", icon=":material/construction:", url_path="production"
            ),
            st.Page("pages/parc_social.py", title="Parc social", icon=":material/apartment:", url_path="parc_social"),
            st.Page("pages/occupation.py", title="Occupation", icon=":material/groups:", url_path="occupation"),
        ],
        "Sources et méthode": [
            st.Page("pages/donnees.py", title="Données", icon=":material/database:", url_path="donnees"),
            st.Page("pages/methode.py", title="Méthode", icon=":material/menu_book:", url_path="methode"),
            st.Page(
                "pages/accessibilite.py",
                title="Accessibilité",
                icon=":material/accessibility_new:",
                url_path="accessibilite",
            ),
        ],
    },
    # Every page listed: folded, the list ends with an English « View 3 more » button.
    expanded=True,
)
# Each page's own title in the browser tab and in a screen reader's window list (RGAA 8.6).
st.set_page_config(page_title=f"{pages.title} — Observatoire de l'habitat — CU d'Arras")
ui.habillage_accessible()

st.session_state["_filtres"] = ui.filtres_barre_laterale()
acces.barre_laterale()
ui.cadre_presentation()
if not (ui.presentation_active() and pages.url_path == "diaporama"):
    # Projected slides carry a small constant demo mark of their own instead of the banner.
    ui.bandeau_demo()
try:
    with ui.pied_de_page_apres():  # also after a page that stops early (st.stop: no data yet)
        pages.run()
finally:
    # The filters live for one run only: a page that finds none was run without this router
    # (see ui.filtres) and reruns through it.
    st.session_state.pop("_filtres", None)
