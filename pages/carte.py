"""Carte: one indicator of the observatory on the 46 communes (offline choropleth, no tiles).
Clicking a commune adds it to the global commune filter (or takes it out), so every page follows."""

import dataclasses
from functools import partial

import pandas as pd
import streamlit as st

from observatoire.ecrans import cadre, filtres, graphiques, navigation, requetes, tableaux
from observatoire.ecrans import selection_carte as choix_carte
from observatoire.figures import carte
from observatoire.indicateurs import plh as plh_regles
from observatoire.secret import suppression as secret
from observatoire.secret import valeurs

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
st.title("Carte des communes")
st.markdown(
    "Un indicateur de l'observatoire sur les 46 communes de la CU d'Arras. **Cliquez sur une commune**, ou "
    "choisissez-la dans la liste « Choisir une commune », pour l'ajouter au filtre « Communes » (un second choix "
    "l'en retire) : toutes les pages suivent. Les valeurs de la carte sont aussi dans le tableau sous la carte."
)

# In the URL as ?indicateur=objectif_1 (other pages link to it). bind="query-params" would put
# the French label in the URL, so the key is read from and written to the URL here.
if "indicateur" not in st.session_state:
    demande = st.query_params.get("indicateur")
    st.session_state["indicateur"] = carte.cle_demandee(demande)
choix_indicateur, choix_commune = st.columns(2)
cle = choix_indicateur.selectbox(
    "Indicateur", list(carte.INDICATEURS), format_func=lambda k: carte.INDICATEURS[k].titre, key="indicateur"
)
if st.query_params.get("indicateur") != cle:
    st.query_params["indicateur"] = cle
ind = carte.INDICATEURS[cle]

communes = requetes.donnees("carte_communes")
millesime = requetes.donnees("rpls_dernier_millesime", **f.sql())["millesime"].iloc[0]
millesime = None if pd.isna(millesime) else int(millesime)
annee_attrib = requetes.donnees("carte_annee_attributions", **f.sql())["annee"].iloc[0]
annee_attrib = None if pd.isna(annee_attrib) else int(annee_attrib)
logements = attrib = plh = None
if ind.requete == "parc_indicateurs":
    logements = (
        requetes.donnees(
            "parc_indicateurs",
            **(f.sql() | {"communes": []}),
            millesime_debut=millesime,
            millesime_fin=millesime,
            par_commune=True,
        )
        if millesime is not None
        else None
    )
    vintage = f"1er janvier {millesime}"
elif ind.requete == "carte_taux_plh":
    plh = requetes.donnees("carte_taux_plh")
    vintage = plh_regles.phrase_carte(plh) if not plh.empty else "—"
else:
    attrib = (
        valeurs.grille_objectifs(requetes.donnees, annee_attrib, f.bailleurs, seuil)
        if annee_attrib is not None
        else None
    )
    vintage = str(annee_attrib)
logements_tous = None
if logements is not None and f.bailleurs:  # landlord filter: the other landlords' counts must pass too
    logements_tous = requetes.donnees(
        "parc_indicateurs",
        **(f.sql() | {"communes": [], "bailleurs": []}),
        millesime_debut=millesime,
        millesime_fin=millesime,
        par_commune=True,
    )
t = carte.tableau(
    cle,
    communes,
    logements=logements,
    objectifs_attribution=attrib,
    plh=plh,
    seuil=seuil,
    logements_tous=logements_tous,
)
limites = carte.bornes(t.loc[~t["secret"], "valeur"], cle)
qpv = requetes.donnees("carte_qpv_contours")
# The map always shows the 46 communes; the landlord filter applies to its values.
perimetre = dataclasses.replace(f, communes=()).perimetre()
if ind.requete == "carte_taux_plh":
    perimetre = dataclasses.replace(f, communes=(), bailleurs=()).perimetre()

# Before the map in the page order, so Tab reaches it first; it follows the sidebar filter.
st.session_state[choix_carte.CLE_COMMUNE_CLAVIER] = f.communes[0] if len(f.communes) == 1 else None
choix_commune.selectbox(
    "Choisir une commune",
    options=sorted(f.noms_communes, key=lambda c: f.noms_communes[c]),
    format_func=lambda c: f.noms_communes.get(c, c),
    key=choix_carte.CLE_COMMUNE_CLAVIER,
    on_change=choix_carte.choisir_au_clavier,
    placeholder="Plusieurs communes sélectionnées" if len(f.communes) > 1 else "Toute la CU d'Arras",
    help="Au clavier comme à la souris : la commune choisie est ajoutée au filtre « Communes » (ou retirée si elle "
    "y est déjà), comme par un clic sur la carte ; toutes les pages suivent.",
)

gauche, droite = st.columns([3, 1])
with gauche:
    cle_carte = choix_carte.cle_carte()
    st.pydeck_chart(
        carte.deck(communes, t, cle, limites, selection=f.communes, qpv=qpv),
        on_select=partial(choix_carte.choisir, cle_carte),
        selection_mode="single-object",
        key=cle_carte,
        height=620,
        alt=f"Carte des 46 communes de la CU d'Arras : {ind.titre}. Les valeurs de chaque commune sont dans le "
        "tableau « Données de la carte », sous la carte.",
    )
with droite:
    st.markdown(f"**{carte.titre_legende_html(cle)}**", unsafe_allow_html=True)
    lignes = carte.legende_html(cle, limites, selection=bool(f.communes), qpv=not qpv.empty)
    st.markdown(lignes, unsafe_allow_html=True)
    st.caption(
        f"Classes : {carte.phrase_classes(cle, limites)} Noms écrits là où ils tiennent sans se chevaucher ; "
        "survolez une commune pour lire son nom et sa valeur."
    )
    if f.communes:
        st.button("Revenir à toute la CU", on_click=choix_carte.toute_la_cu, key="carte_toute_la_cu")
    if len(f.communes) == 1:
        navigation.lien_page(
            "fiche_commune",
            f"Fiche commune : {f.noms_communes.get(f.communes[0], f.communes[0])}",
            ":material/description:",
            query_params={"commune": f.communes[0]},
        )
    elif len(f.communes) > 1:
        navigation.lien_page(
            "comparer", f"Comparer les {len(f.communes)} communes sélectionnées", ":material/compare_arrows:"
        )
    st.download_button(
        "Télécharger la carte (image SVG)",
        # Built on a click (a callable), not on every rerun of the page.
        partial(
            lambda *a, **k: carte.carte_svg(*a, **k).encode(),
            communes,
            t,
            cle,
            limites,
            f"Source : {ind.source} · Millésime : {vintage} · Périmètre : {perimetre}",
            selection=f.communes,
            qpv=qpv,
        ),
        file_name=f"carte_{cle}.svg",
        mime="image/svg+xml",
        key="export_carte_svg",
        icon=":material/image:",
        help="Image vectorielle de la carte avec sa légende et sa source : s'ouvre dans un navigateur, s'insère dans "
        "un traitement de texte ou une présentation.",
    )

st.caption(f"{ind.definition} Survolez une commune pour lire sa valeur, son numérateur et son dénominateur.")
cadre.legende(ind.source, vintage, perimetre)
if qpv.empty:
    st.caption(
        "Contours des QPV non chargés : importez un fichier de contours des quartiers prioritaires "
        "(page « Données ») pour les dessiner sur la carte."
    )
if t["secret"].any():
    st.caption(
        f"{int(t['secret'].sum())} commune(s) en gris foncé : « secret statistique ». "
        + secret.PHRASE.format(seuil=seuil)
    )

# ---------------------------------------------------------------- the map's table and its export

st.header("Données de la carte")
export = carte.table_export(t, cle, vintage)
table_carte = carte.table_affichage(t, cle)
st.dataframe(table_carte, hide_index=True, height=420)
graphiques.chiffres_du_graphique(table_carte, titre=f"{ind.titre}, par commune", libelle="Les chiffres de la carte")
st.caption(carte.phrase_table(ind))
cadre.legende(ind.source, vintage, perimetre)
st.download_button(
    "Télécharger le tableau (CSV pour Excel)",
    # Built on a click (a callable), not on every rerun of the page.
    partial(
        carte.csv_excel,
        export,
        {
            **tableaux.avertissement_demo(),
            "Indicateur": ind.titre,
            "Source": ind.source,
            "Millésime": vintage,
            "Périmètre": perimetre,
            "Définition": ind.definition,
        },
    ),
    file_name=f"carte_{cle}_{vintage.split()[-1]}.csv".replace("(", "").replace(")", ""),
    mime="text/csv",
    key="export_carte",
    icon=":material/download:",
)
