"""Occupation du parc social (OPS): who lives in the social stock, by commune and QPV / hors QPV,
for each survey year; the 11-household rule is applied on the server before anything is drawn."""

import dataclasses

import plotly.graph_objects as go
import streamlit as st

from observatoire.ecrans import cadre, filtres, graphiques, requetes, tableaux
from observatoire.ecrans import formats as fr
from observatoire.figures.couleurs import BLEU, GRIS, ORANGE  # contrast, colour blindness: see that module
from observatoire.indicateurs import parc
from observatoire.secret import suppression as secret
from observatoire.secret.valeurs import memoriser

SOURCE = "Enquête OPS (GIP SNE)"
COULEURS = {"en QPV": ORANGE, "hors QPV": BLEU, parc.ENSEMBLE: GRIS}
DU_PERIMETRE, DE_LA_CU = "du périmètre", "de toute la CU d'Arras"

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
ops = requetes.donnees("ops_enquete", **(f.sql() | {"communes": []}))
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
ops_annee = ops[ops["annee"] == annee]
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
SUFFIXE_CU = " (toute la CU d'Arras)"
suffixe = "" if publication.publiable else SUFFIXE_CU

# ---------------------------------------------------------------- en QPV / hors QPV

st.header(f"En QPV et hors QPV — enquête {annee}")
if not publication.publiable:
    st.warning(secret.POURQUOI_SELECTION + " Les chiffres ci-dessous sont ceux de toute la CU d'Arras.")
valeurs, masque = publication.secteurs_valeurs, publication.secteurs_masque
LIGNES = {cle: libelle for cle, (_, libelle) in parc.OPS_INDICATEURS.items()}
fig = go.Figure()
for i, ligne in valeurs.iterrows():
    nom = ligne["secteur"]
    parts = [None if masque.at[i, f"part_{k}"] else ligne[f"part_{k}"] for k in LIGNES]
    textes = [secret.SECRET if masque.at[i, f"part_{k}"] else fr.pourcent(ligne[f"part_{k}"]) for k in LIGNES]
    fig.add_bar(
        y=list(LIGNES.values()),
        x=parts,
        name=nom + suffixe,
        orientation="h",
        marker_color=COULEURS[nom],
        text=textes,
        textposition="outside",
        cliponaxis=False,
        hovertemplate=f"{nom}{suffixe} · %{{y}} : %{{text}}<extra></extra>",
    )
fig.update_layout(
    barmode="group",
    separators=", ",
    height=760,
    margin=dict(l=10, r=60, t=40, b=10),
    xaxis=dict(title="part des ménages", tickformat=".0%", range=[0, 1.05]),
    yaxis=dict(autorange="reversed", title=None),
    legend=dict(orientation="h", y=1.05),
)
graphiques.graphique(
    fig, "graphique_ops_secteurs", f"OPS {annee} en QPV et hors QPV", SOURCE, str(annee), perimetre_secteurs
)
st.caption(
    "Part des ménages du parc social présentant chaque caractéristique, en QPV (orange), hors QPV (bleu) et "
    f"pour l'ensemble ({DU_PERIMETRE if publication.publiable else DE_LA_CU}, gris). Les tranches de ressources "
    "sont cumulées (« < 60 % » comprend « < 40 % »)."
)

COLONNES = {"secteur": ("", str), "menages": ("ménages enquêtés", fr.nombre)}
for cle, (col, libelle) in parc.OPS_INDICATEURS.items():
    COLONNES[col] = (f"{libelle} (ménages)", fr.nombre)
    COLONNES[f"part_{cle}"] = (f"{libelle} (part)", fr.pourcent)
table = (
    parc.texte(valeurs.assign(secteur=valeurs["secteur"] + suffixe), masque, COLONNES)
    .set_index("")
    .T.reset_index(names="indicateur")
)
tableaux.tableau(
    table,
    f"OPS {annee} en QPV et hors QPV",
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
    "Afficher",
    ["parts", "effectifs"],
    horizontal=True,
    key="affichage_ops",
    format_func={"parts": "parts des ménages (%)", "effectifs": "nombres de ménages"}.get,
)
vc, mc = publication.communes_valeurs, publication.communes_masque
colonnes = {"nom": ("commune", str), "secteur": ("secteur", str), "menages": ("ménages enquêtés", fr.nombre)}
for cle, (col, libelle) in parc.OPS_INDICATEURS.items():
    colonnes[f"part_{cle}" if affichage == "parts" else col] = (
        libelle,
        fr.pourcent if affichage == "parts" else fr.nombre,
    )
tableaux.tableau(
    parc.texte(vc, mc, colonnes),
    f"OPS {annee} par commune ({affichage})",
    SOURCE,
    str(annee),
    perimetre,
    key="table_ops_communes",
    height=min(38 * (len(vc) + 1) + 4, 720),
)
st.caption(
    "Une ligne par commune et par secteur (en QPV / hors QPV) : ménages enquêtés et, au choix, la part ou le "
    "nombre de ménages de chaque profil. Seules les communes ayant des ménages enquêtés figurent."
)
st.caption(
    phrase_secret + " Une case masquée se lit « secret statistique », jamais 0 ; une part calculée sur un "
    "effectif masqué est masquée aussi, comme un effectif dont le complément (ménages enquêtés moins cet effectif) "
    "est petit. Les cases masquées d'une commune sont les mêmes quelle que soit la sélection."
)
cadre.legende(SOURCE, str(annee), perimetre)

# ---------------------------------------------------------------- evolution

st.header("Évolution entre enquêtes")
choix = st.selectbox(
    "Indicateur suivi", list(LIGNES), format_func=LIGNES.get, key="indicateur_ops", index=list(LIGNES).index("sous_60")
)
fig = go.Figure()
series = {}
# The selection's series when every survey year may be published for it, otherwise the CU's.
publications = {a: publier(a, f.communes) for a in sorted(annees)}
evolution_publiable = all(p.publiable or p.selection_vide for p in publications.values())
if not evolution_publiable:
    publications = {a: publier(a, ()) for a in sorted(annees)}
for a, p in publications.items():
    v, m = p.secteurs_valeurs, p.secteurs_masque
    for i, ligne in v.iterrows():
        series.setdefault(ligne["secteur"], []).append(
            (a, None if m.at[i, f"part_{choix}"] else ligne[f"part_{choix}"])
        )
suffixe_evolution = "" if evolution_publiable else SUFFIXE_CU
for nom, points in series.items():
    fig.add_scatter(
        x=[p[0] for p in points],
        y=[p[1] for p in points],
        name=nom + suffixe_evolution,
        mode="lines+markers+text",
        line=dict(color=COULEURS[nom], dash="dot" if nom == parc.ENSEMBLE else "solid"),
        text=[fr.pourcent(p[1]) if p[1] is not None else secret.SECRET for p in points],
        textposition="top center",
        hovertemplate=f"{nom}{suffixe_evolution} · %{{x}} : %{{text}}<extra></extra>",
    )
fig.update_layout(
    separators=", ",
    height=380,
    margin=dict(l=10, r=10, t=30, b=10),
    xaxis=dict(title="année d'enquête", tickmode="array", tickvals=sorted(annees)),
    yaxis=dict(title="part des ménages", tickformat=".0%", rangemode="tozero"),
    legend=dict(orientation="h", y=1.12),
)
graphiques.graphique(
    fig,
    "graphique_ops_evolution",
    f"OPS évolution {choix}",
    SOURCE,
    f"{min(annees)}-{max(annees)}",
    perimetre if evolution_publiable else perimetre_cu,
)
st.caption(
    f"Part des ménages « {LIGNES[choix]} » à chaque enquête OPS, en QPV, hors QPV et pour l'ensemble "
    f"{DU_PERIMETRE if evolution_publiable else DE_LA_CU} "
    "(un point masqué par le secret statistique n'est pas tracé)."
)
if not evolution_publiable:
    st.caption(secret.POURQUOI_SELECTION)
