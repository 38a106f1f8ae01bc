"""Comparer des communes: the communes of the global filter side by side, a column each, with the
whole CU, for the indicators chosen; exportable in CSV and XLSX."""

import streamlit as st

from observatoire.ecrans import cadre, filtres, grille_communes, navigation, requetes, tableaux
from observatoire.figures import comparer
from observatoire.indicateurs import catalogue
from observatoire.secret import suppression as secret

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
st.title("Comparer des communes")
st.markdown(
    "Les communes choisies dans le filtre « Communes » (barre latérale, ou clic sur la **Carte**) côte à côte, "
    "**une colonne par commune** (jamais additionnées), avec toute la CU d'Arras."
)
if not f.communes:
    st.info(
        "Choisissez au moins une commune dans le filtre « Communes » de la barre latérale, ou cliquez sur les "
        "communes de la page « Carte » : chacune devient une colonne du tableau.",
        icon=":material/info:",
    )
    navigation.lien_page("carte", "Choisir sur la carte", ":material/map:")
    st.stop()

# In the URL as ?indicateurs=vacance&indicateurs=mobilite (keys, not French labels).
if "comparer_indicateurs" not in st.session_state:
    st.session_state["comparer_indicateurs"] = comparer.indicateurs_demandes(st.query_params.get_all("indicateurs"))
cles = st.multiselect(
    "Indicateurs",
    comparer.COMPARABLES,
    key="comparer_indicateurs",
    format_func=lambda k: catalogue.INDICATEURS[k].titre,
    placeholder="Tous les indicateurs",
)
cles = cles or list(comparer.COMPARABLES)
voulu = [] if set(cles) == set(comparer.COMPARABLES) else cles
filtres.ecrire_url("indicateurs", voulu)

communes = requetes.donnees("carte_communes")
noms = dict(zip(communes["code_insee"], communes["nom"]))
codes = [c for c in f.communes if c in noms]
g = grille_communes.lire(f, seuil)
grille = g.indicateurs(codes, communes, seuil, cles=cles)
t = comparer.tableaux(grille, codes, {c: noms[c] for c in codes})
perimetre = f.perimetre() + " · chaque commune séparément, et toute la CU d'Arras"
sources = sorted({catalogue.INDICATEURS[c].source for c in cles})
source = " ; ".join(sources)
vintage = f"RPLS au 1er janvier {g.millesime} · attributions {g.annee_attrib} · {g.nom_plh}"
definitions = {catalogue.INDICATEURS[c].titre: catalogue.INDICATEURS[c].definition for c in cles}

if len(codes) == 1:
    st.caption("Une seule commune dans le filtre : ajoutez-en d'autres pour les voir côte à côte.")
st.header("Valeurs")
# The indicator column stays in view when many communes make the tables scroll sideways.
epingle = {"indicateur": st.column_config.TextColumn("indicateur", pinned=True)}
tableaux.tableau(
    t["valeurs"],
    "comparaison_communes",
    source,
    vintage,
    perimetre,
    key="comparer_valeurs",
    definitions=definitions,
    height=35 * (len(t["valeurs"]) + 1) + 3,
    column_config=epingle,
)
st.caption(
    "Une colonne par commune, valeur de l'indicateur ; la cible (2e colonne) est celle du texte qui la fixe. "
    "Définitions complètes : page « Méthode »."
)
cadre.legende(source, vintage, perimetre)
if (t["valeurs"] == secret.SECRET).any().any():
    st.caption(
        secret.PHRASE.format(seuil=seuil) + " Les cases masquées sont celles des pages Carte, Fiche commune et "
        "Objectifs légaux : la même grille de toutes les communes."
    )

st.header("Statuts")
tableaux.tableau(
    t["statuts"],
    "comparaison_statuts",
    source,
    vintage,
    perimetre,
    key="comparer_statuts",
    height=35 * (len(t["statuts"]) + 1) + 3,
    column_config=epingle,
)
st.caption(
    "Atteint / non atteint pour une période close, en avance / en retard pour une période en cours ; « sans "
    "objet » : rien à mesurer (pas de parc social, aucune attribution concernée)."
)

st.header("Numérateurs et dénominateurs")
tableaux.tableau(
    t["details"],
    "comparaison_numerateurs",
    source,
    vintage,
    perimetre,
    key="comparer_details",
    height=35 * (len(t["details"]) + 1) + 3,
    column_config=epingle,
)
cadre.legende(source, vintage, perimetre)
st.caption(
    "Indicateurs du catalogue sans valeur par commune (suivis pour toute la CU ou par bailleur) : "
    + ", ".join(comparer.NON_COMPARABLES)
    + "."
)
if len(codes) >= 1:
    navigation.lien_page(
        "fiche_commune",
        f"Fiche commune : {noms[codes[0]]}",
        ":material/description:",
        query_params={"commune": codes[0]} | ({"comparer": codes[1]} if len(codes) > 1 else {}),
    )
