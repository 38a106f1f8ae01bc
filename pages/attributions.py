"""Attributions: the three legal objectives (QPV / hors QPV / publics prioritaires), per calendar
year — headline, evolution, by commune, by landlord, per réservataire, QPV vs hors QPV — and the
editable 1st-quartile thresholds."""

import streamlit as st

from observatoire.ecrans import filtres, requetes
from observatoire.ecrans import objectifs_legaux as E
from observatoire.figures import objectifs_legaux as O
from observatoire.indicateurs import attributions as A
from observatoire.secret import suppression as secret
from observatoire.secret import valeurs

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()

st.title("Attributions : les objectifs légaux")
st.markdown(O.INTRODUCTION)

reservataires = requetes.donnees("attributions_reservataires")["reservataire"].tolist()
TOUS = "Tous les réservataires"
c1, c2 = st.columns(2)
with c1:
    choix_res = st.selectbox("Réservataire", [TOUS] + reservataires, key="reservataire", bind="query-params")
annees = list(range(f.annee_fin, f.annee_debut - 1, -1))
with c2:
    annee = st.selectbox("Année de la synthèse", annees, key="annee", bind="query-params")
reservataire = None if choix_res == TOUS else choix_res
perimetre = f.perimetre() + ("" if reservataire is None else f" · réservataire : {reservataire}")
periode = f"{f.annee_debut}-{f.annee_fin}"

comptes = requetes.donnees(
    "attributions_comptes", **f.sql(), reservataire=reservataire, reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL
)
vides = A.annees_sans_attribution(comptes, f.annee_debut, f.annee_fin)
geo = A.geographies(comptes)
o = E.Objectifs(f, annee, reservataire, perimetre, comptes, seuil, secret.PHRASE.format(seuil=seuil))

with st.expander("Définitions des trois objectifs", icon=":material/menu_book:"):
    for paragraphe in O.definitions():
        st.markdown(paragraphe)

# ---------------------------------------------------------------- the year: headline cards

st.header(f"Synthèse {annee}")
if annee in vides:
    st.info(
        f"Aucune attribution en {annee} pour le périmètre choisi : les objectifs ne peuvent pas être calculés.",
        icon=":material/info:",
    )
else:
    E.synthese(o, geo)

# ---------------------------------------------------------------- evolution

st.header("Évolution")
# Each year × objective through the same layer as the Accueil (hidden points: gap and « secret statistique »).
ev = valeurs.evolution_territoire(requetes.donnees, comptes, f.communes, f.bailleurs, seuil, reservataire)
if vides:
    st.caption("Années sans attribution pour le périmètre choisi : " + ", ".join(str(a) for a in vides) + ".")
if ev.empty:
    st.info("Aucune attribution sur la période et le périmètre choisis.")
else:
    E.evolution(o, ev, geo, periode)

# ---------------------------------------------------------------- below CUA level

st.header(f"Détail {annee}")
onglets = st.tabs(["Par commune", "Par bailleur", "Par réservataire (objectif 3)", "QPV / hors QPV"])
with onglets[0]:
    E.par_commune(o)
with onglets[1]:
    E.par_bailleur(o)
with onglets[2]:
    E.par_reservataire(o)
with onglets[3]:
    E.qpv_hors_qpv(o, geo)
E.bouton_export(o, ev)

# ---------------------------------------------------------------- 1st-quartile thresholds

E.seuils_premier_quartile()
