"""The Fiche commune's two widgets (the commune shown, the commune compared with it), kept in the
URL as ?commune=62041&comparer=62004, and its locator map as an image with a text alternative."""

from __future__ import annotations

import base64
import html

import streamlit as st

from observatoire.ecrans import filtres, navigation
from observatoire.figures import dessins, portrait


def choisir(selection, noms: dict) -> tuple[str, str]:
    """The commune shown and the one compared with it (« » for none). Read and written here rather
    than with bind="query-params", which would put the commune's name, not its INSEE code, in the
    URL (the map links to ?commune=62041)."""
    choix = portrait.choix_commune(selection, st.query_params.get("commune"), noms)
    if st.session_state.get("commune") not in choix.options:
        st.session_state["commune"] = choix.defaut
    if choix.message:
        st.info(choix.message, icon=":material/info:")
        navigation.lien_page("comparer", "Comparer les communes sélectionnées", ":material/compare_arrows:")
    c_commune, c_autre = st.columns(2)
    with c_commune:
        code = st.selectbox(
            "Commune",
            choix.options,
            format_func=noms.get,
            key="commune",
            help="La commune demandée dans l'adresse, sinon celle du filtre « Communes » (ou Arras). Avec "
            "plusieurs communes dans le filtre, la liste se limite à elles.",
        )
    options_autre = portrait.options_comparaison(code, noms)
    if "comparer" not in st.session_state or st.session_state["comparer"] not in options_autre:
        demande = st.query_params.get("comparer", "")
        st.session_state["comparer"] = demande if demande in options_autre else ""
    with c_autre:
        autre = st.selectbox(
            "Comparer avec",
            options_autre,
            key="comparer",
            format_func=lambda c: noms[c] if c else "aucune autre commune",
            help="Une seconde commune, en colonne à côté de la première et de la CU.",
        )
    filtres.ecrire_url("commune", [code])
    filtres.ecrire_url("comparer", [autre] if autre else [])
    return code, autre


def carte_de_situation(localisation: dessins.Svg, legende: str) -> None:
    """An <img> with its alternative text (RGAA 1.1): st.image gives an SVG none."""
    image = base64.b64encode(localisation.texte.encode("utf-8")).decode("ascii")
    st.html(
        f'<img src="data:image/svg+xml;base64,{image}" width="220" '
        f'alt="Carte de situation : {html.escape(legende, quote=True)} de la CU d\'Arras">'
    )
    st.caption(legende)
