"""Parc social (RPLS): the stock at 1 January of a vintage and its evolution, its breakdowns,
its energy labels, the official vacancy / mobility / rent indicators, the weight of social
housing per commune, and what entered and left the stock between two vintages."""

import streamlit as st

from observatoire import formats as fr
from observatoire.ecrans import acces, cadre, filtres, graphiques, parc_public, requetes
from observatoire.figures import parc_social as fps
from observatoire.indicateurs import parc
from observatoire.secret import suppression as secret
from observatoire.secret.valeurs import memoriser

SOURCE, SOURCE_RESTREINT = fps.SOURCE, fps.SOURCE_RESTREINT

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
st.title("Parc social (RPLS)")
st.markdown(
    "Logements sociaux de la CU d'Arras au 1er janvier de chaque millésime du répertoire RPLS : "
    "combien, où, de quel type, dans quel état énergétique, et comment ils sont occupés. Les chiffres réels "
    "publiés (parc par commune au 1er janvier 2024, QPV) sont en bas de page, section « Chiffres publics réels »."
)

millesimes = requetes.donnees("parc_millesimes")["millesime"].tolist()
dans_periode = [m for m in millesimes if f.annee_debut <= m <= f.annee_fin]
choix = dans_periode or millesimes
if not choix:
    st.info("Aucun millésime RPLS n'est chargé : importez un fichier depuis la page « Données ».")
    st.stop()
millesime = st.selectbox(
    "Millésime (parc au 1er janvier)",
    choix,
    key="millesime",
    bind="query-params",
    help="Les millésimes proposés sont ceux de la période choisie dans les filtres.",
)
if not dans_periode:
    st.caption("Aucun millésime dans la période filtrée : tous les millésimes chargés sont proposés.")

# The same perimeter, vintage and vintages shown give the same figures: computed once per base
# version (queries, secret, tables), shared between sessions, read only.
analyste = acces.est_analyste()
cle_vue = ("parc_social", f.communes, f.bailleurs, millesime, min(choix), max(choix), seuil, analyste)
vue = memoriser(
    requetes.donnees,
    cle_vue,
    lambda: fps.vue_parc(requetes.donnees, f.communes, f.bailleurs, millesime, min(choix), max(choix), seuil, analyste),
)
if vue.vide:
    st.info(f"Aucun logement social au 1er janvier {millesime} pour ce périmètre ({f.perimetre()}).")
    st.stop()
perimetre = f.perimetre()
vintage = f"1er janvier {millesime}"
evo, actuel = vue.evo, vue.actuel

# ---------------------------------------------------------------- key figures

c1, *colonnes_taux = st.columns(4)
with c1:
    delta = fps.evolution_du_stock(actuel, vue.precedent, millesime)
    st.metric(f"Logements sociaux au {vintage}", fr.nombre(actuel["logements"]), delta=delta, delta_color="off")
    st.markdown(f"dont **{fr.nombre(actuel['en_qpv'])}** en QPV ({fr.pourcent(actuel['part_qpv'])})")
for colonne, (titre, valeur, texte) in zip(colonnes_taux, vue.cartes):
    colonne.metric(titre, valeur)
    colonne.markdown(texte)
for phrase in dict.fromkeys(vue.raisons.get(millesime, {}).values()):
    st.caption(phrase)
cadre.legende(SOURCE_RESTREINT, vintage, perimetre)
if not parc.occupation_connue(actuel):
    st.warning(fps.phrase_fichier_public(millesime))
with st.expander("Définitions officielles (SDES)"):
    st.markdown(f"- {parc.FORMULE_VACANCE}\n- {parc.FORMULE_MOBILITE}\n- {parc.FORMULE_LOYER}\n- {parc.FORMULE_POIDS}")

# ---------------------------------------------------------------- evolution

st.header("Évolution du parc")
millesimes_vus = f"{int(evo['millesime'].min())}-{int(evo['millesime'].max())}"
fig = graphiques.figure(fps.figure_evolution, evo)
graphiques.graphique_simple(
    fig,
    "graphique_evolution_parc",
    fps.LEGENDE_EVOLUTION,
    SOURCE,
    millesimes_vus,
    perimetre,
    "Évolution du parc social",
)

st.dataframe(vue.table_evolution, hide_index=True)
st.caption("Taux officiels par millésime, avec leur numérateur et leur dénominateur (définitions ci-dessus).")
for phrase in dict.fromkeys(p for r in vue.raisons.values() for p in r.values()):
    st.caption(phrase)
cadre.legende(SOURCE_RESTREINT, millesimes_vus, perimetre)

# ---------------------------------------------------------------- breakdowns

st.header(f"Composition du parc au {vintage}")
for colonne, onglet in zip(fps.ONGLETS, st.tabs(list(fps.ONGLETS.values()))):
    with onglet:
        if colonne == "bailleur" and not acces.exiger_analyste("le détail par bailleur"):
            continue
        if colonne == "bailleur" and vue.bailleur_non_renseigne:
            st.info("Le fichier RPLS public ne porte pas le bailleur : répartition indisponible.")
            continue
        if colonne == "bailleur" and vue.bailleurs_caches:
            st.caption(fps.phrase_bailleurs_caches(vue.bailleurs_caches, seuil))
        g = graphiques.figure(fps.figure_repartition, vue.repartitions[colonne], colonne)
        source_onglet = SOURCE_RESTREINT if colonne == "bailleur" else SOURCE
        explication, titre = fps.legende_repartition(colonne, vintage), fps.titre_repartition(colonne)
        cle = f"graphique_repartition_{colonne}"
        graphiques.graphique_simple(g, cle, explication, source_onglet, vintage, perimetre, titre)

# ---------------------------------------------------------------- by commune: stock, weight, rates

st.header("Par commune : poids du logement social et taux officiels")
top = vue.top
g, source_poids = graphiques.figure(fps.figure_poids, top), "RPLS (SDES), population municipale (INSEE)"
explication, titre = fps.legende_poids(len(top)), "Logements sociaux pour 1 000 habitants"
graphiques.graphique_simple(g, "graphique_poids_social", explication, source_poids, vintage, perimetre, titre)
st.dataframe(vue.table_communes, hide_index=True)
st.caption(fps.LEGENDE_COMMUNES)
if vue.communes_masquees:
    st.caption(fps.phrase_secret_communes(seuil))
cadre.legende(SOURCE_RESTREINT, vintage, perimetre)

# ---------------------------------------------------------------- energy

st.header("Énergie (DPE)")
cols = st.columns([2, 1])
with cols[0]:
    titre_dpe = "Logements sociaux par classe énergie du DPE"
    g = fps.spec_dpe(vue.dpe)
    graphiques.graphique_simple(g, "graphique_dpe", fps.LEGENDE_DPE, SOURCE, vintage, perimetre, titre_dpe)
with cols[1]:
    efg = vue.efg
    st.metric("Logements classés E, F ou G", fr.pourcent(efg.taux))
    st.markdown(fps.phrase_efg(efg, actuel["dpe_inconnu"]))
    cadre.legende(SOURCE, vintage, perimetre)

# ---------------------------------------------------------------- entries and exits

st.header("Entrées et sorties du parc entre millésimes")
es = vue.entrees_sorties
if es.empty:
    st.info("Il faut deux millésimes consécutifs pour mesurer les entrées et sorties.")
else:
    if not es["ids_disponibles"].all():
        st.info(fps.SANS_IDENTIFIANT)
    st.dataframe(vue.table_entrees_sorties, hide_index=True)
    st.caption(fps.LEGENDE_ENTREES_SORTIES)
    periode_es = f"{int(es['millesime'].min())}-{int(es['millesime'].max())}"
    cadre.legende(f"{SOURCE} ; ventes et démolitions : bailleurs", periode_es, perimetre)

# ---------------------------------------------------------------- real public figures (SDES, INSEE)

parc_public.section(f.communes, perimetre, vue.noms_communes)
