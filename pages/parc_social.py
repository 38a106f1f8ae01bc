"""Parc social (RPLS): the stock at 1 January of a vintage and its evolution, its breakdowns,
its energy labels, the official vacancy / mobility / rent indicators, the weight of social
housing per commune, and what entered and left the stock between two vintages."""

import streamlit as st

from observatoire import formats as fr
from observatoire.ecrans import acces, cadre, filtres, graphiques, parc_public, requetes
from observatoire.figures import parc_social as fps
from observatoire.indicateurs import parc
from observatoire.secret import suppression as secret

SOURCE, SOURCE_RESTREINT = fps.SOURCE, fps.SOURCE_RESTREINT

f = filtres.filtres()
# The RPLS queries read communes and landlords, not the period: left out of their cache key, a new
# period reuses them (the vintages shown come from the period, through millesime_debut / _fin).
perimetre_sql = {"communes": list(f.communes), "bailleurs": list(f.bailleurs)}
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


def indicateurs_parc(debut: int, par_commune: bool, **filtre):
    return requetes.donnees(
        "parc_indicateurs",
        **(perimetre_sql | filtre),
        millesime_debut=debut,
        millesime_fin=max(choix),
        par_commune=par_commune,
    )


# One vintage before the first shown: entries and exits of the first one need it.
indicateurs = indicateurs_parc(min(choix) - 1, False)
if indicateurs[indicateurs["millesime"] == millesime].empty:
    st.info(f"Aucun logement social au 1er janvier {millesime} pour ce périmètre ({f.perimetre()}).")
    st.stop()
perimetre = f.perimetre()
vintage = f"1er janvier {millesime}"
evo = parc.evolution(indicateurs[indicateurs["millesime"].between(min(choix), max(choix))])
precedent = evo[evo["millesime"] == millesime - 1]
actuel = evo[evo["millesime"] == millesime].iloc[0]
occupation_connue = parc.occupation_connue(actuel)
repartitions = requetes.donnees("parc_repartitions", **perimetre_sql, millesime=millesime)
# The restricted fields (vacancy, mobility, rent) go through the secret on the grid of EVERY
# commune (landlord filter applied), whatever the commune filter: the map's cells. A selection's
# rate is shown only when none of its communes is hidden on that grid (parc.caches_selection).
communes_base = requetes.donnees("carte_communes")
ind_communes = indicateurs_parc(min(choix), True, communes=[])
# With a landlord filter (analyste), every landlord's counts too: « all landlords » minus « these
# landlords » must not give small counts back. The role does not lift the secret.
ind_tous = indicateurs_parc(min(choix), True, communes=[], bailleurs=[]) if f.bailleurs else None
evo_v, evo_m, raisons = parc.evolution_publiee(
    evo, ind_communes, communes_base, f.communes, f.bailleurs, seuil, ind_tous
)
raisons_actuel = raisons.get(millesime, {})
nom_cu = fps.nom_cu(f.bailleurs)
# The CU's figure (same landlords), given in place of a withheld selection figure.
cu, caches_cu = fps.chiffres_cu(ind_communes, ind_tous, millesime, f.bailleurs, seuil)

# ---------------------------------------------------------------- key figures

c1, *colonnes_taux = st.columns(4)
with c1:
    delta = fps.evolution_du_stock(actuel, precedent, millesime)
    st.metric(f"Logements sociaux au {vintage}", fr.nombre(actuel["logements"]), delta=delta, delta_color="off")
    st.markdown(f"dont **{fr.nombre(actuel['en_qpv'])}** en QPV ({fr.pourcent(actuel['part_qpv'])})")
for colonne, cle in zip(colonnes_taux, fps.TAUX):
    cache, cache_cu = cle in raisons_actuel, caches_cu[cle] is not None
    titre, valeur, texte = fps.carte_taux(cle, actuel, millesime, occupation_connue, cache, cu, cache_cu, nom_cu)
    colonne.metric(titre, valeur)
    colonne.markdown(texte)
for phrase in dict.fromkeys(raisons_actuel.values()):
    st.caption(phrase)
cadre.legende(SOURCE_RESTREINT, vintage, perimetre)
if not occupation_connue:
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

st.dataframe(parc.texte(evo_v, evo_m, fps.COLONNES_TAUX), hide_index=True)
st.caption("Taux officiels par millésime, avec leur numérateur et leur dénominateur (définitions ci-dessus).")
for phrase in dict.fromkeys(p for r in raisons.values() for p in r.values()):
    st.caption(phrase)
cadre.legende(SOURCE_RESTREINT, millesimes_vus, perimetre)

# ---------------------------------------------------------------- breakdowns

st.header(f"Composition du parc au {vintage}")
for colonne, onglet in zip(fps.ONGLETS, st.tabs(list(fps.ONGLETS.values()))):
    with onglet:
        if colonne == "bailleur" and not acces.exiger_analyste("le détail par bailleur"):
            continue
        r = parc.repartition(repartitions, colonne)
        if colonne == "bailleur" and set(r[colonne]) == {parc.NON_RENSEIGNE}:
            st.info("Le fichier RPLS public ne porte pas le bailleur : répartition indisponible.")
            continue
        if colonne == "bailleur":
            r, caches = parc.repartition_bailleurs_publiee(
                requetes.donnees("parc_bailleurs_communes", millesime=millesime), f.communes, f.bailleurs, seuil
            )
            if caches.any():
                st.caption(fps.phrase_bailleurs_caches(int(caches.sum()), seuil))
            r = r[~caches.to_numpy()]
        g = graphiques.figure(fps.figure_repartition, r, colonne)
        source_onglet = SOURCE_RESTREINT if colonne == "bailleur" else SOURCE
        explication, titre = fps.legende_repartition(colonne, vintage), fps.titre_repartition(colonne)
        cle = f"graphique_repartition_{colonne}"
        graphiques.graphique_simple(g, cle, explication, source_onglet, vintage, perimetre, titre)

# ---------------------------------------------------------------- by commune: stock, weight, rates

st.header("Par commune : poids du logement social et taux officiels")
# The grid of every commune (the map's cells), restricted to the selected communes.
valeurs, masque = parc.par_commune(
    ind_communes[ind_communes["millesime"] == millesime].reset_index(drop=True),  # the same key whatever the period
    communes_base,
    seuil,
    f.communes,
    None if ind_tous is None else ind_tous[ind_tous["millesime"] == millesime].reset_index(drop=True),
)
top = fps.mieux_dotees(valeurs)
g, source_poids = graphiques.figure(fps.figure_poids, top), "RPLS (SDES), population municipale (INSEE)"
explication, titre = fps.legende_poids(len(top)), "Logements sociaux pour 1 000 habitants"
graphiques.graphique_simple(g, "graphique_poids_social", explication, source_poids, vintage, perimetre, titre)
st.dataframe(parc.texte(valeurs, masque, fps.COLONNES_COMMUNES), hide_index=True)
st.caption(fps.LEGENDE_COMMUNES)
if masque.any().any():
    st.caption(fps.phrase_secret_communes(seuil))
cadre.legende(SOURCE_RESTREINT, vintage, perimetre)

# ---------------------------------------------------------------- energy

st.header("Énergie (DPE)")
cols = st.columns([2, 1])
with cols[0]:
    titre_dpe = "Logements sociaux par classe énergie du DPE"
    g = fps.spec_dpe(parc.parts_dpe(repartitions))
    graphiques.graphique_simple(g, "graphique_dpe", fps.LEGENDE_DPE, SOURCE, vintage, perimetre, titre_dpe)
with cols[1]:
    efg = parc.part_efg(actuel)
    st.metric("Logements classés E, F ou G", fr.pourcent(efg.taux))
    st.markdown(fps.phrase_efg(efg, actuel["dpe_inconnu"]))
    cadre.legende(SOURCE, vintage, perimetre)

# ---------------------------------------------------------------- entries and exits

st.header("Entrées et sorties du parc entre millésimes")
es = parc.entrees_sorties(indicateurs, requetes.donnees("parc_ventes_demolitions", **perimetre_sql))
if es.empty:
    st.info("Il faut deux millésimes consécutifs pour mesurer les entrées et sorties.")
else:
    if not es["ids_disponibles"].all():
        st.info(fps.SANS_IDENTIFIANT)
    st.dataframe(parc.texte(es, None, fps.COLONNES_ENTREES_SORTIES), hide_index=True)
    st.caption(fps.LEGENDE_ENTREES_SORTIES)
    periode_es = f"{int(es['millesime'].min())}-{int(es['millesime'].max())}"
    cadre.legende(f"{SOURCE} ; ventes et démolitions : bailleurs", periode_es, perimetre)

# ---------------------------------------------------------------- real public figures (SDES, INSEE)

parc_public.section(f.communes, perimetre, communes_base)
