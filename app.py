"""Router of the observatory: page config, shared sidebar filters, demo banner, navigation."""

from pathlib import Path

import streamlit as st

from observatoire.ecrans import acces, cadre, filtres, incidents, navigation, requetes

incidents.installer()  # an unexpected error: a French message with an incident number, never a traceback
acces.proteger_vidage_du_cache()  # « Clear cache » from a browser: analyste sessions only
cadre.geler_objets_durables()  # the server's collection after each run: only what runs created

st.set_page_config(
    page_title="Observatoire de l'habitat — CU d'Arras",
    # A local file: a Material icon name here makes the browser fetch an SVG from Google Fonts.
    page_icon=str(Path(__file__).parent / "observatoire" / "ecrans" / "icone.png"),
    layout="wide",
)


def page_seule(page, titre: str, adresse: str) -> None:
    """The app reduced to one page behind a lock icon, then nothing else runs."""
    st.navigation([st.Page(page, title=titre, icon=":material/lock:", url_path=adresse)]).run()
    st.stop()


conf_acces = acces.configuration()
if conf_acces.erreur:  # secrets.toml asks for access control but cannot be used: nothing is shown (fail closed)
    page_seule(acces.page_acces_ferme, "Accès fermé", "acces_ferme")
if not acces.peut_voir():  # [acces] mode = "connexion" and nobody logged in yet: only the login page
    page_seule(acces.page_connexion, "Connexion", "connexion")
st.session_state[acces.CLE_ANALYSTE_CONNECTE] = acces.analyste_connecte()

# The base is built (first start) or upgraded (older base) once, before any page runs, under a
# lock shared by every session and process; the sessions arriving meanwhile wait with a message.
requetes.preparer_base()

# The page list is data (observatoire/ecrans/navigation.py, PAGES). An unknown address
# (« /accueil », a typo) opens the Accueil, filters kept.
# Every page listed: folded, the list ends with an English « View 3 more » button.
pages = navigation.navigation(expanded=True)
# Each page's own title in the browser tab and in a screen reader's window list (RGAA 8.6).
st.set_page_config(page_title=f"{pages.title} — Observatoire de l'habitat — CU d'Arras")
cadre.habillage_accessible()

st.session_state["_filtres"] = filtres.filtres_barre_laterale()
acces.barre_laterale()
cadre.cadre_presentation()
if not (cadre.presentation_active() and pages.url_path == "diaporama"):
    # Projected slides carry a small constant demo mark of their own instead of the banner.
    cadre.bandeau_demo()
try:
    with cadre.pied_de_page_apres():  # also after a page that stops early (st.stop: no data yet)
        pages.run()
finally:
    # The filters live for one run only: the next run reads them from the widgets again.
    st.session_state.pop("_filtres", None)
