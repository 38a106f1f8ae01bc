"""Router of the observatory: page config, shared sidebar filters, demo banner, navigation."""

import streamlit as st

from observatoire import ui

st.set_page_config(
    page_title="Observatoire de l'habitat — CU d'Arras",
    page_icon="🏘️",
    layout="wide",
)

pages = st.navigation(
    {
        "Observatoire": [
            st.Page("pages/accueil.py", title="Accueil", icon="🏠", url_path="accueil", default=True),
        ],
        "Sources": [
            st.Page("pages/donnees.py", title="Données", icon="🗂️", url_path="donnees"),
        ],
    }
)

st.session_state["_filtres"] = ui.filtres_barre_laterale()
ui.bandeau_demo()
pages.run()
