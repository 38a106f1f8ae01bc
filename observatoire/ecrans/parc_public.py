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
from observatoire.secret.valeurs import memoriser

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


def _tableaux(communes: tuple, communes_base: pd.DataFrame) -> dict | None:
    """The section's figures (None: the base has no public data), from the named queries."""
    reels = requetes.donnees("publiques_rpls_communes", millesime=publiques.MILLESIME_RPLS_COMMUNES)
    if reels.empty:
        return None
    sortie = {
        "cartes": fps.cartes_reelles(publiques.total_cu(reels), publiques.ABSENTE_RPLS),
        "table": table_reelle(reels, communes_base[["code_insee", "nom"]], communes),
        "table_qpv": None,
    }
    qpv_reels = requetes.donnees("publiques_rpls_qpv")
    if not qpv_reels.empty:
        sortie["table_qpv"] = publiques.qpv_public(
            qpv_reels, requetes.donnees("publiques_qpv_2015"), requetes.donnees("publiques_qpv_revenus")
        )
        sortie["millesime_qpv"] = int(qpv_reels["millesime"].iloc[0])
    return sortie


def section(communes: tuple, perimetre: str, communes_base: pd.DataFrame) -> None:
    st.header("Chiffres publics réels")
    # The same selection gives the same tables: built once per base version, shared, read only.
    t = memoriser(requetes.donnees, ("parc_public", communes), lambda: _tableaux(communes, communes_base))
    if t is None:
        st.info(fps.BASE_SANS_PUBLIQUES)
        return
    st.markdown(fps.INTRO_REELS)
    source_reelle = publiques.source_ecran("rpls_communes")
    for colonne, (titre, valeur, texte) in zip(st.columns(3), t["cartes"]):
        colonne.metric(titre, valeur)
        colonne.markdown(texte)
    cadre.legende(source_reelle, VINTAGE, "toute la CU d'Arras (34 communes du fichier)")
    st.dataframe(t["table"], hide_index=True, key="tableau_parc_reel", height=35 * 13 + 3)
    st.caption(fps.LEGENDE_REELS)
    cadre.legende(source_reelle, VINTAGE, perimetre_reel(communes, perimetre))

    if t["table_qpv"] is None:
        return
    st.subheader("Quartiers prioritaires (géographie 2015)")
    st.dataframe(t["table_qpv"], hide_index=True, key="tableau_qpv_reel", width="stretch")
    st.caption(fps.LEGENDE_QPV)
    cadre.legende(
        f"{publiques.source_ecran('rpls_insee')} ; {publiques.source_ecran('qpv_revenus')}",
        f"RPLS {t['millesime_qpv']}",
        "les 5 QPV 2015 de la CU d'Arras",
    )
