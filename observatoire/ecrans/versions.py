"""The Données page's section « Versions précédentes de la base »: the kept earlier bases and the
restore (analyste only). The table and the texts are pure functions; `section` draws."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from observatoire import formats as fr
from observatoire.base import ecriture
from observatoire.base.chemins import base_par_defaut
from observatoire.ecrans import acces, tableaux
from observatoire.figures.exports import echapper_markdown as md

CLE_RESTAUREE = "_version_restauree"
SOURCE = "Dossier des versions (data/versions)"
AUCUNE = "Aucune version précédente gardée pour l'instant : la première écriture en créera une."
REFUS = "La restauration d'une version est réservée au rôle analyste."


def explication(nombre: int) -> str:
    return (
        f"Chaque écriture (import, saisie d'objectifs, de seuils ou de flux) garde la base telle qu'elle était juste "
        f"avant : les {fr.nombre(nombre)} dernières sont conservées (réglage `OBSERVATOIRE_VERSIONS`). "
        "Restaurer une version remet toute la base dans cet état ; la base remplacée devient elle-même une version, "
        "la restauration s'annule donc de la même façon. En ligne de commande : `python -m observatoire versions`, "
        "puis `python -m observatoire restaurer <numéro>`."
    )


def table_versions(liste: list[ecriture.Version]) -> pd.DataFrame:
    """One row per kept base, newest first, numbered as `python -m observatoire versions` does."""
    return pd.DataFrame(
        {
            "N°": range(1, len(liste) + 1),
            "Base remplacée le": [f"{v.remplacee_le:%d/%m/%Y %H:%M:%S}" for v in liste],
            "Remplacée par": [v.par for v in liste],
            "Taille (Mo)": [fr.nombre(v.taille / 1e6, 1) for v in liste],
        }
    )


def libelles_choix(liste: list[ecriture.Version]) -> dict[str, str]:
    """The restore choice's label of each version, by identifier."""
    return {
        v.identifiant: f"n° {n} — base du {v.remplacee_le:%d/%m/%Y %H:%M:%S}, avant : {v.par}"
        for n, v in enumerate(liste, start=1)
    }


def phrase_restauree(v: ecriture.Version) -> str:
    return (
        f"Version restaurée : {v.libelle}. La base remplacée est gardée "
        "comme version : la restauration peut être annulée."
    )


def _restaurer(choisie: str) -> None:
    try:
        v = ecriture.restaurer(base_par_defaut(), choisie)
    except ecriture.ErreurVersion as e:
        st.error(md(str(e)), icon=":material/block:")
    else:
        st.session_state[CLE_RESTAUREE] = phrase_restauree(v)
        st.cache_data.clear()
        st.rerun()


def section(perimetre: str) -> None:
    st.subheader("Versions précédentes de la base (annuler un import)")
    st.markdown(explication(ecriture.nombre_versions()))
    if CLE_RESTAUREE in st.session_state:
        st.success(md(st.session_state.pop(CLE_RESTAUREE)), icon=":material/history:")
    liste = ecriture.versions(base_par_defaut())
    if not liste:
        st.caption(AUCUNE)
        return
    tableaux.tableau(
        table_versions(liste), "Versions précédentes de la base", SOURCE, "toutes", perimetre, key="table_versions"
    )
    if not acces.est_analyste():
        st.caption(REFUS)
        return
    libelles = libelles_choix(liste)
    col_choix, col_bouton = st.columns([3, 1])
    with col_choix:
        choisie = st.selectbox(
            "Version à restaurer", options=list(libelles), key="version_choisie", format_func=libelles.get
        )
    with col_bouton:
        st.write("")
        if st.button("Restaurer cette version", key="version_restaurer", icon=":material/history:", type="primary"):
            _restaurer(choisie)
