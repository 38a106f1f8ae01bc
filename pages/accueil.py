"""Accueil: the few figures an elected official reads first, each with its source and vintage."""

import plotly.graph_objects as go
import streamlit as st

from observatoire import formats as fr
from observatoire import ui

f = ui.filtres()
st.title("Observatoire de l'habitat — Communauté Urbaine d'Arras")
st.markdown(
    "Parc social, attributions et production de logements de la CU d'Arras, "
    "mesurés contre les objectifs du PLH et les obligations légales d'attribution."
)

millesime = ui.donnees("rpls_dernier_millesime", **f.sql())["millesime"].iloc[0]
parc = ui.donnees("parc_social_effectif", millesime=millesime, **f.sql()).iloc[0]
attrib = ui.donnees("attributions_par_annee", **f.sql())
prod = ui.donnees("production_par_annee", **f.sql()).pivot(index="annee", columns="indicateur", values="valeur")

col1, col2, col3 = st.columns(3)
with col1:
    st.metric(f"Logements sociaux au 1er janvier {millesime}", fr.nombre(parc["logements"]))
    part_qpv = parc["logements_qpv"] / parc["logements"] if parc["logements"] else None
    st.markdown(f"dont **{fr.nombre(parc['logements_qpv'])}** en QPV ({fr.pourcent(part_qpv)})")
    ui.legende("RPLS (SDES)", f"1er janvier {millesime}", f.perimetre())
with col2:
    if attrib.empty:
        st.metric("Attributions", fr.MANQUANT)
        st.markdown("Aucune attribution sur la période et le périmètre choisis.")
    else:
        derniere = attrib.iloc[-1]
        st.metric(f"Attributions en {int(derniere['annee'])}", fr.nombre(derniere["attributions"]))
        st.markdown(
            f"**{fr.nombre(derniere['baux_signes'])}** suivies d'un bail signé · "
            f"**{fr.nombre(derniere['refus'])}** refus"
        )
        ui.legende("SNE / bailleurs", str(int(derniere["annee"])), f.perimetre())
with col3:
    if "logements_autorises" in prod and prod["logements_autorises"].notna().any():
        annee = int(prod["logements_autorises"].last_valid_index())
        st.metric(f"Logements autorisés en {annee}", fr.nombre(prod.loc[annee, "logements_autorises"]))
        if not f.communes:
            st.markdown("Objectif du PLH 2014-2020 : **550** logements neufs par an")
        ui.legende("Sitadel (SDES)", str(annee), f.perimetre())
    else:
        st.metric("Logements autorisés", fr.MANQUANT)

if "logements_autorises" in prod:
    serie = prod["logements_autorises"]
    fig = go.Figure(go.Bar(x=serie.index, y=serie.values, name="Logements autorisés", marker_color="#1f77b4"))
    if not f.communes:
        fig.add_hline(y=550, line_dash="dash", line_color="#d62728", annotation_text="objectif PLH : 550 / an")
    fig.update_layout(
        title="Logements autorisés par an",
        separators=", ",
        height=360,
        margin=dict(l=10, r=10, t=50, b=10),
        xaxis=dict(dtick=1, title=None),
        yaxis=dict(title="logements"),
    )
    st.plotly_chart(fig, key="graphique_logements_autorises")
    st.caption(
        "Chaque barre compte les logements neufs autorisés (permis) dans l'année ; la ligne rouge est "
        "l'objectif annuel du PLH quand toute la CU est sélectionnée."
    )
    ui.legende("Sitadel (SDES)", f"{f.annee_debut}-{f.annee_fin}", f.perimetre())
