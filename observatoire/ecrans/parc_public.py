"""The Parc social page's section « Chiffres publics réels »: the real RPLS figures published by
commune (SDES, 1 January 2024) and by QPV (INSEE), never mixed with the demo stock above them.
The table and the perimeter are pure functions; `section` draws."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from observatoire.base import memoire
from observatoire.chargement import publiques
from observatoire.ecrans import cadre, requetes
from observatoire.figures import parc_social as fps

VINTAGE = "1er janvier 2024"


def perimetre_reel(communes: tuple, perimetre: str) -> str:
    """The page's perimeter without its landlord part: the public file has no landlord."""
    return "toute la CU d'Arras (46 communes)" if not communes else perimetre.split(" · ")[0]


@memoire.pur
def table_reelle(reels: pd.DataFrame, noms: pd.DataFrame, communes: tuple) -> pd.DataFrame:
    """The public stock by commune as shown: the selected communes (all without a selection)."""
    table = publiques.parc_social_public(reels, noms)
    if communes:
        table = table[table["code_insee"].isin(communes)]
    return table.drop(columns="code_insee").rename(columns=fps.COLONNES_REELLES)


def section(communes: tuple, perimetre: str, communes_base: pd.DataFrame) -> None:
    st.header("Chiffres publics réels")
    reels = requetes.donnees("publiques_rpls_communes", millesime=publiques.MILLESIME_RPLS_COMMUNES)
    if reels.empty:
        st.info(fps.BASE_SANS_PUBLIQUES)
        return
    st.markdown(fps.INTRO_REELS)
    source_reelle = publiques.source_ecran("rpls_communes")
    total = publiques.total_cu(reels)
    for colonne, (titre, valeur, texte) in zip(st.columns(3), fps.cartes_reelles(total, publiques.ABSENTE_RPLS)):
        colonne.metric(titre, valeur)
        colonne.markdown(texte)
    cadre.legende(source_reelle, VINTAGE, "toute la CU d'Arras (34 communes du fichier)")
    st.dataframe(
        table_reelle(reels, communes_base[["code_insee", "nom"]], communes),
        hide_index=True,
        key="tableau_parc_reel",
        height=35 * 13 + 3,
    )
    st.caption(fps.LEGENDE_REELS)
    cadre.legende(source_reelle, VINTAGE, perimetre_reel(communes, perimetre))

    qpv_reels = requetes.donnees("publiques_rpls_qpv")
    if qpv_reels.empty:
        return
    st.subheader("Quartiers prioritaires (géographie 2015)")
    table_qpv = publiques.qpv_public(
        qpv_reels, requetes.donnees("publiques_qpv_2015"), requetes.donnees("publiques_qpv_revenus")
    )
    st.dataframe(table_qpv, hide_index=True, key="tableau_qpv_reel", width="stretch")
    st.caption(fps.LEGENDE_QPV)
    cadre.legende(
        f"{publiques.source_ecran('rpls_insee')} ; {publiques.source_ecran('qpv_revenus')}",
        f"RPLS {int(qpv_reels['millesime'].iloc[0])}",
        "les 5 QPV 2015 de la CU d'Arras",
    )
