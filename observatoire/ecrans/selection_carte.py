"""Choosing communes from the map page: a click on the map, the keyboard list beside it, the
« whole CU » button. Each changes the sidebar's commune filter, so every page follows.

These are widget callbacks: they run before app.py, so the sidebar filter takes the new value.
"""

from __future__ import annotations

import streamlit as st

from observatoire.ecrans.filtres import CLE_COMMUNES
from observatoire.figures import carte

CLE_COMMUNE_CLAVIER = "carte_commune_clavier"
_VERSION = "_carte_version"


def cle_carte() -> str:
    """The map chart's key: a new one after each choice, or Streamlit would grey every other commune."""
    return f"carte_communes_{st.session_state.get(_VERSION, 0)}"


def _nouvelle_carte() -> None:
    st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1


def choisir(cle: str) -> None:
    """on_select of the map: the clicked commune is added, or removed when already chosen."""
    code = carte.commune_choisie(st.session_state.get(cle))
    if code:
        st.session_state[CLE_COMMUNES] = carte.basculer(st.session_state.get(CLE_COMMUNES, []), code)
        _nouvelle_carte()


def toute_la_cu() -> None:
    st.session_state[CLE_COMMUNES] = []


def choisir_au_clavier() -> None:
    """The keyboard path to a commune (RGAA 7.3: the map's click has no keyboard equivalent):
    the same effect as a click on the map: the commune is added, or removed when already chosen."""
    code = st.session_state.get(CLE_COMMUNE_CLAVIER)
    if code:
        st.session_state[CLE_COMMUNES] = carte.basculer(st.session_state.get(CLE_COMMUNES, []), code)
    _nouvelle_carte()
