"""Parc social (RPLS): the stock at 1 January of a vintage and its evolution, its breakdowns,
its energy labels, the official vacancy / mobility / rent indicators, the weight of social
housing per commune, and what entered and left the stock between two vintages."""

import plotly.graph_objects as go
import streamlit as st

from observatoire.chargement import publiques
from observatoire.ecrans import acces, cadre, filtres, graphiques, requetes
from observatoire.ecrans import formats as fr
from observatoire.figures.couleurs import BLEU, GRIS, ORANGE  # contrast, colour blindness: see that module
from observatoire.indicateurs import parc
from observatoire.secret import suppression as secret

SOURCE = "RPLS (SDES)"
SOURCE_RESTREINT = "RPLS (SDES), fichier restreint"

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

# One vintage before the first shown: entries and exits of the first one need it.
indicateurs = requetes.donnees(
    "parc_indicateurs", **f.sql(), millesime_debut=min(choix) - 1, millesime_fin=max(choix), par_commune=False
)
if indicateurs[indicateurs["millesime"] == millesime].empty:
    st.info(f"Aucun logement social au 1er janvier {millesime} pour ce périmètre ({f.perimetre()}).")
    st.stop()
perimetre = f.perimetre()
vintage = f"1er janvier {millesime}"
evo = parc.evolution(indicateurs[indicateurs["millesime"].between(min(choix), max(choix))])
precedent = evo[evo["millesime"] == millesime - 1]
actuel = evo[evo["millesime"] == millesime].iloc[0]
occupation_connue = parc.occupation_connue(actuel)
repartitions = requetes.donnees("parc_repartitions", **f.sql(), millesime=millesime)
# The restricted fields (vacancy, mobility, rent) go through the secret on the grid of EVERY
# commune (landlord filter applied), whatever the commune filter: the map's cells. A selection's
# rate is shown only when none of its communes is hidden on that grid (parc.caches_selection).
communes_base = requetes.donnees("carte_communes")
ind_communes = requetes.donnees(
    "parc_indicateurs",
    **(f.sql() | {"communes": []}),
    millesime_debut=min(choix),
    millesime_fin=max(choix),
    par_commune=True,
)
# With a landlord filter (analyste), every landlord's counts too: « all landlords » minus « these
# landlords » must not give small counts back. The role does not lift the secret.
ind_tous = (
    requetes.donnees(
        "parc_indicateurs",
        **(f.sql() | {"communes": [], "bailleurs": []}),
        millesime_debut=min(choix),
        millesime_fin=max(choix),
        par_commune=True,
    )
    if f.bailleurs
    else None
)
evo_v, evo_m, raisons = parc.evolution_publiee(
    evo, ind_communes, communes_base, f.communes, f.bailleurs, seuil, ind_tous
)
i_actuel = evo.index[evo["millesime"] == millesime][0]
raisons_actuel = raisons.get(millesime, {})
# The CU's figure (same landlords), given in place of a withheld selection figure.
cu = parc.avec_taux(parc.total(ind_communes, millesime).to_frame().T).iloc[0]
caches_cu = parc.caches_selection(
    None, cu, (), f.bailleurs, seuil, parc.total(ind_tous, millesime) if ind_tous is not None else None
)
nom_cu = "Toute la CU d'Arras" + (" (bailleurs sélectionnés)" if f.bailleurs else "")


def chiffre_cu(cle: str, texte: str) -> str:
    """The CU's figure in place of the selection's, labelled as such (or hidden too)."""
    if caches_cu[cle] is not None:
        return f"{nom_cu} : {secret.SECRET}"
    return f"{nom_cu} : {texte}"


# ---------------------------------------------------------------- key figures

c1, c2, c3, c4 = st.columns(4)
with c1:
    delta = (
        None
        if precedent.empty
        else f"{fr.nombre(actuel['logements'] - precedent.iloc[0]['logements'])} depuis {millesime - 1}"
    )
    st.metric(f"Logements sociaux au {vintage}", fr.nombre(actuel["logements"]), delta=delta, delta_color="off")
    st.markdown(f"dont **{fr.nombre(actuel['en_qpv'])}** en QPV ({fr.pourcent(actuel['part_qpv'])})")
with c2:
    if "vacance" in raisons_actuel:
        st.metric("Taux de vacance de plus de 3 mois", secret.SECRET)
        st.markdown(
            chiffre_cu(
                "vacance",
                f"{fr.pourcent(cu['taux_vacance'])} ({fr.nombre(cu['vacants_3_mois'])} vacants > 3 "
                f"mois ÷ {fr.nombre(cu['loues_ou_vacants'])} loués ou vacants)",
            )
        )
    else:
        st.metric(
            "Taux de vacance de plus de 3 mois",
            fr.pourcent(actuel["taux_vacance"]) if occupation_connue else parc.NON_DISPONIBLE,
        )
        st.markdown(
            f"{fr.nombre(actuel['vacants_3_mois'])} vacants > 3 mois ÷ {fr.nombre(actuel['loues_ou_vacants'])} loués ou vacants · "
            "cible : aucune (indicateur de suivi)"
        )
with c3:
    if "mobilite" in raisons_actuel:
        st.metric("Taux de mobilité", secret.SECRET)
        st.markdown(
            chiffre_cu(
                "mobilite",
                f"{fr.pourcent(cu['taux_mobilite'])} ({fr.nombre(cu['baux_annee_precedente'])} "
                f"baux ÷ {fr.nombre(cu['base_mobilite'])} logements)",
            )
        )
    else:
        st.metric(
            "Taux de mobilité", fr.pourcent(actuel["taux_mobilite"]) if occupation_connue else parc.NON_DISPONIBLE
        )
        st.markdown(
            f"{fr.nombre(actuel['baux_annee_precedente'])} baux signés en {millesime - 1} ÷ "
            f"{fr.nombre(actuel['base_mobilite'])} logements loués ou vacants · cible : aucune"
        )
with c4:
    if "loyer" in raisons_actuel:
        st.metric("Loyer moyen", secret.SECRET)
        st.markdown(chiffre_cu("loyer", f"{fr.euros(cu['loyer_m2'])}/m²"))
    else:
        st.metric("Loyer moyen", f"{fr.euros(actuel['loyer_m2'])}/m²" if occupation_connue else parc.NON_DISPONIBLE)
        st.markdown(
            f"{fr.euros(actuel['somme_loyers'], 0)} de loyers mensuels ÷ {fr.nombre(actuel['somme_surfaces'])} m² "
            "habitables · cible : aucune"
        )
for phrase in dict.fromkeys(raisons_actuel.values()):
    st.caption(phrase)
cadre.legende(SOURCE_RESTREINT, vintage, perimetre)
if not occupation_connue:
    # Never 0: the public file simply does not carry what these rates need; say which file does.
    st.warning(
        f"Le millésime {millesime} vient du fichier RPLS public : il ne porte ni l'occupation, ni les loyers, ni "
        "les bailleurs. " + " ".join(parc.raison_non_disponible(i, parc.PUBLIC) for i in parc.INDICATEURS_LOI)
    )
with st.expander("Définitions officielles (SDES)"):
    st.markdown(f"- {parc.FORMULE_VACANCE}\n- {parc.FORMULE_MOBILITE}\n- {parc.FORMULE_LOYER}\n- {parc.FORMULE_POIDS}")

# ---------------------------------------------------------------- evolution

st.header("Évolution du parc")
fig = go.Figure()
fig.add_bar(
    x=evo["millesime"],
    y=evo["en_qpv"],
    name="en QPV",
    marker_color=ORANGE,
    hovertemplate="%{x} : %{y:,.0f} logements en QPV<extra></extra>",
)
fig.add_bar(
    x=evo["millesime"],
    y=evo["logements"] - evo["en_qpv"],
    name="hors QPV",
    marker_color=BLEU,
    hovertemplate="%{x} : %{y:,.0f} logements hors QPV<extra></extra>",
)
fig.add_scatter(
    x=evo["millesime"],
    y=evo["logements"],
    mode="text",
    text=[fr.nombre(v) for v in evo["logements"]],
    textposition="top center",
    showlegend=False,
    hoverinfo="skip",
    name="ensemble du parc",
)
fig.update_layout(
    barmode="stack",
    separators=", ",
    height=360,
    margin=dict(l=10, r=10, t=30, b=10),
    xaxis=dict(dtick=1, title="millésime (parc au 1er janvier)"),
    yaxis=dict(title="logements sociaux", tickformat=",d"),
    legend=dict(orientation="h", y=1.12),
)
st.plotly_chart(fig, key="graphique_evolution_parc")
st.caption(
    "Chaque barre compte les logements sociaux au 1er janvier du millésime, en QPV (orange) et hors QPV (bleu) ; "
    "le total est écrit au-dessus."
)
cadre.legende(SOURCE, f"{int(evo['millesime'].min())}-{int(evo['millesime'].max())}", perimetre)
graphiques.chiffres_du_graphique(fig, titre="Évolution du parc social")

rates = parc.texte(
    evo_v,
    evo_m,
    {
        "millesime": ("millésime", str),
        "logements": ("logements", fr.nombre),
        "vacants_3_mois": ("vacants > 3 mois", fr.nombre),
        "loues_ou_vacants": ("loués ou vacants", fr.nombre),
        "taux_vacance": ("taux de vacance > 3 mois", fr.pourcent),
        "baux_annee_precedente": ("baux signés en N-1", fr.nombre),
        "base_mobilite": ("loués ou vacants mis en location avant N-1", fr.nombre),
        "taux_mobilite": ("taux de mobilité", fr.pourcent),
        "loyer_m2": ("loyer moyen (€/m²)", lambda v: fr.euros(v)),
    },
)
st.dataframe(rates, hide_index=True)
st.caption("Taux officiels par millésime, avec leur numérateur et leur dénominateur (définitions ci-dessus).")
for phrase in dict.fromkeys(p for r in raisons.values() for p in r.values()):
    st.caption(phrase)
cadre.legende(SOURCE_RESTREINT, f"{int(evo['millesime'].min())}-{int(evo['millesime'].max())}", perimetre)

# ---------------------------------------------------------------- breakdowns

st.header(f"Composition du parc au {vintage}")
phrases = {
    "secteur": "situation (en QPV ou hors QPV)",
    "bailleur": "bailleur",
    "financement": "financement",
    "type": "type de construction",
    "taille": "taille (nombre de pièces)",
    "epoque": "époque de construction",
}
onglets = {
    "secteur": "QPV / hors QPV",
    "bailleur": "Bailleur",
    "financement": "Financement",
    "type": "Type de construction",
    "taille": "Taille",
    "epoque": "Époque de construction",
}
for (colonne, _titre), onglet in zip(onglets.items(), st.tabs(list(onglets.values()))):
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
                st.caption(
                    f"{int(caches.sum())} bailleur(s) non montré(s) : secret statistique (moins de {seuil} "
                    "logements dans le périmètre ou dans l'une de ses communes, ou case masquée pour ne pas "
                    "redonner une autre par différence). Le bailleur vient du fichier restreint du RPLS : le rôle "
                    "analyste ne lève pas le secret."
                )
            r = r[~caches.to_numpy()]
        g = go.Figure(
            go.Bar(
                y=r[colonne],
                x=r["logements"],
                orientation="h",
                marker_color=BLEU,
                text=[f"{fr.nombre(n)} ({fr.pourcent(p)})" for n, p in zip(r["logements"], r["part"])],
                textposition="auto",
                hovertemplate="%{y} : %{x:,.0f} logements<extra></extra>",
            )
        )
        g.update_layout(
            separators=", ",
            height=max(220, 45 * len(r) + 60),
            margin=dict(l=10, r=10, t=10, b=10),
            yaxis=dict(autorange="reversed", title=None),
            xaxis=dict(title="logements sociaux", tickformat=",d"),
        )
        st.plotly_chart(g, key=f"graphique_repartition_{colonne}")
        st.caption(f"Logements sociaux au {vintage} par {phrases[colonne]} : nombre et part du parc du périmètre.")
        cadre.legende(SOURCE_RESTREINT if colonne == "bailleur" else SOURCE, vintage, perimetre)
        graphiques.chiffres_du_graphique(g, titre=f"Logements sociaux par {phrases[colonne]}")

# ---------------------------------------------------------------- by commune: stock, weight, rates

st.header("Par commune : poids du logement social et taux officiels")
# The grid of every commune (the map's cells), restricted to the selected communes.
valeurs, masque = parc.par_commune(
    ind_communes[ind_communes["millesime"] == millesime],
    communes_base,
    seuil,
    f.communes,
    None if ind_tous is None else ind_tous[ind_tous["millesime"] == millesime],
)
tableau = parc.texte(
    valeurs,
    masque,
    {
        "nom": ("commune", str),
        "logements": ("logements sociaux", fr.nombre),
        "population": ("habitants", fr.nombre),
        "pour_mille": ("pour 1 000 habitants", lambda v: fr.nombre(v, 1)),
        "en_qpv": ("dont en QPV", fr.nombre),
        "vacants_3_mois": ("vacants > 3 mois", fr.nombre),
        "loues_ou_vacants": ("loués ou vacants", fr.nombre),
        "taux_vacance": ("taux de vacance > 3 mois", fr.pourcent),
        "baux_annee_precedente": ("baux N-1", fr.nombre),
        "base_mobilite": ("base mobilité", fr.nombre),
        "taux_mobilite": ("taux de mobilité", fr.pourcent),
        "loyer_m2": ("loyer (€/m²)", lambda v: fr.euros(v)),
    },
)
top = valeurs.sort_values("pour_mille", ascending=True).tail(20)
g = go.Figure(
    go.Bar(
        y=top["nom"],
        x=top["pour_mille"],
        orientation="h",
        marker_color=BLEU,
        text=[fr.nombre(v, 1) for v in top["pour_mille"]],
        textposition="outside",
        customdata=list(zip(top["logements"], top["population"])),
        hovertemplate="%{y} : %{x:.1f} pour 1 000 habitants<br>%{customdata[0]:,.0f} logements ÷ "
        "%{customdata[1]:,.0f} habitants<extra></extra>",
    )
)
g.update_layout(
    separators=", ",
    height=max(260, 26 * len(top) + 80),
    margin=dict(l=10, r=40, t=10, b=10),
    xaxis=dict(title="logements sociaux pour 1 000 habitants"),
    yaxis=dict(title=None),
)
st.plotly_chart(g, key="graphique_poids_social")
st.caption(
    f"Logements sociaux pour 1 000 habitants ({len(top)} communes les mieux dotées du périmètre) : "
    "logements au 1er janvier ÷ population municipale × 1 000. Cible : aucune fixée par le PLH."
)
cadre.legende("RPLS (SDES), population municipale (INSEE)", vintage, perimetre)
graphiques.chiffres_du_graphique(g, titre="Logements sociaux pour 1 000 habitants")
st.dataframe(tableau, hide_index=True)
st.caption(
    "Chaque commune avec du parc social : stock, poids, vacance, mobilité et loyer, numérateurs et "
    "dénominateurs compris. Communes sans logement social non listées."
)
if masque.any().any():
    st.caption(
        f"Vacance, mobilité et loyer viennent du fichier restreint du RPLS : un taux est masqué quand son "
        f"numérateur, son dénominateur ou leur différence compte moins de {seuil} logements (le loyer suit la "
        "vacance) ; les cases masquées d'une commune sont celles de la carte, quelle que soit la sélection. "
        "Les nombres de logements sont publics. " + secret.PHRASE.format(seuil=seuil)
    )
cadre.legende(SOURCE_RESTREINT, vintage, perimetre)

# ---------------------------------------------------------------- energy

st.header("Énergie (DPE)")
dpe = parc.parts_dpe(repartitions)
efg = parc.part_efg(actuel)
cols = st.columns([2, 1])
with cols[0]:
    couleurs = [
        ORANGE if p else (GRIS if c == parc.DPE_INCONNU else BLEU)
        for c, p in zip(dpe["classe_dpe"], dpe["prioritaire"])
    ]
    etiquettes = [
        f"{fr.nombre(n)}<br>{fr.pourcent(p)}" + ("<br><b>prioritaire</b>" if prio else "")
        for n, p, prio in zip(dpe["logements"], dpe["part"], dpe["prioritaire"])
    ]
    g = go.Figure(
        go.Bar(
            x=dpe["classe_dpe"],
            y=dpe["logements"],
            marker_color=couleurs,
            text=etiquettes,
            textposition="outside",
            hovertemplate="classe %{x} : %{y:,.0f} logements<extra></extra>",
            cliponaxis=False,
        )
    )
    g.update_layout(
        separators=", ",
        height=380,
        margin=dict(l=10, r=10, t=50, b=10),
        xaxis=dict(title="classe énergie du DPE", type="category"),
        yaxis=dict(title="logements sociaux", tickformat=",d"),
    )
    st.plotly_chart(g, key="graphique_dpe")
    st.caption(
        "Logements par classe énergie du DPE. Les classes E, F et G (orange, « prioritaire ») sont la priorité "
        "de rénovation ; les logements sans DPE (gris) sont montrés à part."
    )
    cadre.legende(SOURCE, vintage, perimetre)
    graphiques.chiffres_du_graphique(g, titre="Logements sociaux par classe énergie du DPE")
with cols[1]:
    st.metric("Logements classés E, F ou G", fr.pourcent(efg.taux))
    st.markdown(
        f"{fr.nombre(efg.numerateur)} logements E, F ou G ÷ {fr.nombre(efg.denominateur)} logements au DPE "
        f"connu ; {fr.nombre(actuel['dpe_inconnu'])} logements sans DPE, comptés à part · cible du PLH : "
        "rénover en priorité E, F et G, au moins jusqu'à la classe C"
    )
    cadre.legende(SOURCE, vintage, perimetre)

# ---------------------------------------------------------------- entries and exits

st.header("Entrées et sorties du parc entre millésimes")
prod = requetes.donnees("parc_ventes_demolitions", **f.sql())
es = parc.entrees_sorties(indicateurs, prod)
if es.empty:
    st.info("Il faut deux millésimes consécutifs pour mesurer les entrées et sorties.")
else:
    if not es["ids_disponibles"].all():
        st.info(
            "Le fichier RPLS ne porte pas d'identifiant stable de logement (c'est le cas du fichier public) : "
            "les sorties ne peuvent pas être comptées logement par logement, ni réparties entre ventes et "
            "démolitions. Seules la variation du stock et les mises en service sont montrées."
        )
    table_es = parc.texte(
        es,
        None,
        {
            "millesime": ("millésime N", str),
            "logements_avant": ("parc au 1er janvier N-1", fr.nombre),
            "mises_en_service": ("mises en service en N-1 (NEWLOGT)", fr.nombre),
            "entrees": ("entrées (absents en N-1)", fr.nombre),
            "sorties": ("sorties (absents en N)", fr.nombre),
            "ventes": ("dont ventes déclarées en N-1", fr.nombre),
            "demolitions": ("dont démolitions déclarées en N-1", fr.nombre),
            "autres_sorties": ("autres sorties", fr.nombre),
            "logements": ("parc au 1er janvier N", fr.nombre),
            "variation": ("variation", fr.nombre),
        },
    )
    st.dataframe(table_es, hide_index=True)
    st.caption(
        "Pour chaque millésime N : logements entrés dans le parc social (présents en N, absents du "
        "répertoire en N-1, dont mis en service pendant N-1) et sortis (présents en N-1, absents du répertoire "
        "en N). Un logement qui change de bailleur ou de commune reste dans le parc : ni entrée ni sortie, d'où "
        "un écart possible avec la variation quand un bailleur est filtré. Ventes et démolitions sont celles que "
        "les bailleurs ont déclarées pour l'année N-1 (table production, tous bailleurs) ; le reste est « autres "
        "sorties »."
    )
    cadre.legende(
        f"{SOURCE} ; ventes et démolitions : bailleurs",
        f"{int(es['millesime'].min())}-{int(es['millesime'].max())}",
        perimetre,
    )

# ---------------------------------------------------------------- real public figures (SDES, INSEE)

st.header("Chiffres publics réels")
reels = requetes.donnees("publiques_rpls_communes", millesime=publiques.MILLESIME_RPLS_COMMUNES)
if reels.empty:
    st.info(
        "Les données publiques réelles ne sont pas dans cette base (construite avant leur ajout) : "
        "reconstruisez-la (`make build`) pour les voir."
    )
else:
    st.markdown(
        "Le parc social **réel** de chaque commune au 1er janvier 2024, tel que le SDES le publie (RPLS, résultats "
        "par commune), et celui des quartiers prioritaires (INSEE). Ces chiffres ne sont pas calculés par "
        "l'observatoire : ils sont recopiés de la source, cases masquées comprises."
    )
    total = publiques.total_cu(reels)
    perimetre_reel = "toute la CU d'Arras (46 communes)" if not f.communes else perimetre.split(" · ")[0]
    k1, k2, k3 = st.columns(3)
    k1.metric("Parc social réel au 1er janvier 2024", fr.nombre(total["logements"]))
    k1.markdown(
        f"dans les **{total['communes']}** communes du fichier ; "
        f"{46 - total['communes']} communes en sont absentes (« {publiques.ABSENTE_RPLS} », pas 0)"
    )
    k2.metric("Vacance réelle (toute durée), CU", fr.pourcent(total["vacance_ponderee"] / 100))
    k2.markdown(
        "moyenne des taux communaux pondérée par le parc (le fichier ne donne pas les vacants de toutes les communes)"
    )
    k3.metric("Mobilité réelle, CU", fr.pourcent(total["mobilite_ponderee"] / 100))
    k3.markdown("moyenne des taux communaux pondérée par le parc")
    cadre.legende(
        publiques.source_ecran("rpls_communes"), "1er janvier 2024", "toute la CU d'Arras (34 communes du fichier)"
    )
    table_reelle = publiques.parc_social_public(reels, communes_base[["code_insee", "nom"]])
    if f.communes:
        table_reelle = table_reelle[table_reelle["code_insee"].isin(f.communes)]
    st.dataframe(
        table_reelle.drop(columns="code_insee").rename(
            columns={
                "logements_sociaux": "logements sociaux",
                "densite": "pour 100 résidences principales",
                "loues": "loués",
                "vacants": "vacants",
                "taux_vacance": "taux de vacance",
                "taux_mobilite": "taux de mobilité",
            }
        ),
        hide_index=True,
        key="tableau_parc_reel",
        height=35 * 13 + 3,
    )
    st.caption(
        "Parc social réel de chaque commune au 1er janvier 2024 : nombre de logements, densité (logements "
        "sociaux pour 100 résidences principales), logements loués et vacants, taux de vacance (toute durée) "
        "et de mobilité publiés par le SDES. « – » : case masquée à la source (secret statistique des petites "
        "communes), jamais 0. « absente du fichier RPLS » : la commune n'est pas dans la feuille du SDES."
    )
    cadre.legende(publiques.source_ecran("rpls_communes"), "1er janvier 2024", perimetre_reel)

    qpv_reels = requetes.donnees("publiques_rpls_qpv")
    if not qpv_reels.empty:
        st.subheader("Quartiers prioritaires (géographie 2015)")
        table_qpv = publiques.qpv_public(
            qpv_reels, requetes.donnees("publiques_qpv_2015"), requetes.donnees("publiques_qpv_revenus")
        )
        st.dataframe(table_qpv, hide_index=True, key="tableau_qpv_reel", width="stretch")
        st.caption(
            "Les 5 QPV de la géographie 2015 : logements sociaux, taux de vacance (toute durée et de plus de "
            "3 mois), taux de rotation et loyer moyen (€/m² de surface habitable) du RPLS diffusé par l'INSEE ; "
            "revenu médian par unité de consommation et taux de pauvreté de Filosofi (dernière année publiée). "
            "« – » : non diffusé (secret statistique)."
        )
        cadre.legende(
            f"{publiques.source_ecran('rpls_insee')} ; {publiques.source_ecran('qpv_revenus')}",
            f"RPLS {int(qpv_reels['millesime'].iloc[0])}",
            "les 5 QPV 2015 de la CU d'Arras",
        )
