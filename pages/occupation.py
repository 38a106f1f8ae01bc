"""Occupation du parc social (OPS): who lives in the social stock, by commune and QPV / hors QPV,
for each survey year; the 11-household rule is applied on the server before anything is drawn."""

import dataclasses

import streamlit as st

from observatoire.ecrans import cadre, filtres, graphiques, requetes, tableaux
from observatoire.figures import occupation as fo
from observatoire.indicateurs import parc
from observatoire.secret import suppression as secret
from observatoire.secret.valeurs import memoriser

SOURCE = fo.SOURCE

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
# OPS aggregates carry no landlord: the scope line says « tous bailleurs ».
perimetre = dataclasses.replace(f, bailleurs=()).perimetre()

st.title("Occupation du parc social (OPS)")
st.markdown(
    "Profil des ménages logés dans le parc social, d'après l'enquête sur l'occupation du parc social "
    "(OPS, tous les deux ans) : ressources, aide au logement, composition familiale, âge du titulaire, "
    "ancienneté dans le logement. En QPV et hors QPV, par commune."
)
if f.bailleurs:
    st.caption(
        "Le filtre « Bailleurs » ne s'applique pas à cette page : les agrégats OPS ne sont pas ventilés par bailleur."
    )

# Every commune, whatever the filter: the secret is applied on the grid of all communes (a
# commune's cell is the same for every selection), then the rows are restricted to the selection.
# The query reads no period nor landlord: one cache entry for every filter.
ops = requetes.donnees("ops_enquete", communes=[])
annees = sorted(ops["annee"].unique().tolist(), reverse=True)
if not annees:
    st.info("Aucune donnée OPS : importez l'enquête depuis la page « Données ».")
    st.stop()
dans_periode = [a for a in annees if f.annee_debut <= a <= f.annee_fin]
annee = st.selectbox(
    "Année d'enquête",
    dans_periode or annees,
    key="annee_enquete",
    bind="query-params",
    help="L'enquête OPS a lieu tous les deux ans ; les années proposées sont celles de la période filtrée.",
)
if not dans_periode:
    st.caption("Aucune enquête dans la période filtrée : toutes les années d'enquête sont proposées.")
phrase_secret = secret.PHRASE.format(seuil=seuil)


def publier(a: int, communes: tuple) -> parc.OccupationPubliee:
    # The same survey year and selection give the same tables: computed once per base version.
    return memoriser(
        requetes.donnees,
        ("ops", a, communes, seuil),
        lambda: parc.ops_publication(ops[ops["annee"] == a], communes, seuil),
    )


publication = publier(annee, f.communes)
if publication.selection_vide:
    st.info(f"Aucun ménage enquêté en {annee} dans les communes sélectionnées ({perimetre}).")
    st.stop()
# When the selection's total would give a hidden cell back, the sector figures are the CU's.
perimetre_cu = dataclasses.replace(f, communes=(), bailleurs=()).perimetre()
perimetre_secteurs = perimetre if publication.publiable else perimetre_cu
suffixe = "" if publication.publiable else fo.SUFFIXE_CU

# ---------------------------------------------------------------- en QPV / hors QPV

st.header(f"En QPV et hors QPV — enquête {annee}")
if not publication.publiable:
    st.warning(secret.POURQUOI_SELECTION + " Les chiffres ci-dessous sont ceux de toute la CU d'Arras.")
valeurs, masque = publication.secteurs_valeurs, publication.secteurs_masque
fig = graphiques.figure(fo.figure_secteurs, valeurs, masque, suffixe)
# The tables of a survey year and selection, as publier: once per base version, shared, read only.
cle_secteurs = ("ops_secteurs", annee, f.communes, seuil)
chiffres_secteurs, table_secteurs = memoriser(
    requetes.donnees,
    cle_secteurs,
    lambda: (
        fo.chiffres(fo.figure_secteurs, valeurs, masque, suffixe),
        fo.table_secteurs(valeurs, masque, suffixe),
    ),
)
nom_secteurs = f"OPS {annee} en QPV et hors QPV"
graphiques.graphique(
    fig, "graphique_ops_secteurs", nom_secteurs, SOURCE, str(annee), perimetre_secteurs, chiffres=chiffres_secteurs
)
st.caption(fo.legende_secteurs(publication.publiable))
tableaux.tableau(
    table_secteurs,
    nom_secteurs,
    SOURCE,
    str(annee),
    perimetre_secteurs,
    key="table_ops_secteurs",
    height="content",
)
st.caption(
    "Effectif de ménages (numérateur), ménages enquêtés (dénominateur) et part, par secteur. "
    "Cible : aucune fixée (le PLH demande de suivre ces parts par commune et par quartier)."
)
if masque.drop(columns="secteur").any().any():
    st.caption(phrase_secret)
if not publication.publiable:
    st.caption(secret.POURQUOI_SELECTION)
cadre.legende(SOURCE, str(annee), perimetre_secteurs)

# ---------------------------------------------------------------- by commune

st.header(f"Par commune — enquête {annee}")
affichage = st.radio(
    "Afficher", list(fo.AFFICHAGES), horizontal=True, key="affichage_ops", format_func=fo.AFFICHAGES.get
)
vc, mc = publication.communes_valeurs, publication.communes_masque
tableaux.tableau(
    memoriser(
        requetes.donnees,
        ("ops_communes", annee, f.communes, seuil, affichage),
        lambda: parc.texte(vc, mc, fo.colonnes_communes(affichage)),
    ),
    f"OPS {annee} par commune ({affichage})",
    SOURCE,
    str(annee),
    perimetre,
    key="table_ops_communes",
    height=fo.hauteur_communes(len(vc)),
)
st.caption(fo.LEGENDE_COMMUNES)
st.caption(phrase_secret + fo.SECRET_COMMUNES)
cadre.legende(SOURCE, str(annee), perimetre)

# ---------------------------------------------------------------- evolution

st.header("Évolution entre enquêtes")
choix = st.selectbox(
    "Indicateur suivi",
    list(fo.LIGNES),
    format_func=fo.LIGNES.get,
    key="indicateur_ops",
    index=list(fo.LIGNES).index("sous_60"),
)


def evolution_ops(communes: tuple, indicateur: str):
    """The selection's series when every survey year may be published for it, otherwise the
    CU's; whether it is the selection's; the chart's table of figures."""
    publications = {a: publier(a, communes) for a in sorted(annees)}
    publiable = all(p.publiable or p.selection_vide for p in publications.values())
    if not publiable:
        publications = {a: publier(a, ()) for a in sorted(annees)}
    s = fo.series_evolution(publications, indicateur)
    return s, publiable, fo.chiffres(fo.figure_evolution, s, "" if publiable else fo.SUFFIXE_CU, annees)


series, evolution_publiable, chiffres_evolution = memoriser(
    requetes.donnees, ("ops_evolution", f.communes, seuil, choix), lambda: evolution_ops(f.communes, choix)
)
suffixe_evolution = "" if evolution_publiable else fo.SUFFIXE_CU
fig = graphiques.figure(fo.figure_evolution, series, suffixe_evolution, annees)
graphiques.graphique(
    fig,
    "graphique_ops_evolution",
    f"OPS évolution {choix}",
    SOURCE,
    f"{min(annees)}-{max(annees)}",
    perimetre if evolution_publiable else perimetre_cu,
    chiffres=chiffres_evolution,
)
st.caption(fo.legende_evolution(choix, evolution_publiable))
if not evolution_publiable:
    st.caption(secret.POURQUOI_SELECTION)
