"""Fiche commune: one commune's portrait on one screen — its indicators beside the whole CU and a
chosen other commune, its trends, where it lies, its real public figures — to show in a meeting
and to print on A4 (a self-contained HTML page, charts as inline SVG)."""

import base64
import dataclasses
import html
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from observatoire.chargement import publiques
from observatoire.ecrans import cadre, filtres, graphiques, navigation, requetes, tableaux
from observatoire.ecrans import formats as fr
from observatoire.figures import carte, couleurs, dessins, exports, portrait
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import parc
from observatoire.secret import suppression as secret
from observatoire.secret import valeurs

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
communes = requetes.donnees("carte_communes")
noms = dict(zip(communes["code_insee"], communes["nom"]))

# In the URL as ?commune=62041 (the map links to it) and ?comparer=62004; read and written here,
# since bind="query-params" would put the commune's name, not its INSEE code, in the URL.
choix = portrait.choix_commune(f.communes, st.query_params.get("commune"), noms)
if st.session_state.get("commune") not in choix.options:
    st.session_state["commune"] = choix.defaut
if choix.message:
    st.info(choix.message, icon=":material/info:")
    navigation.lien_page("comparer", "Comparer les communes sélectionnées", ":material/compare_arrows:")
c_commune, c_autre = st.columns(2)
with c_commune:
    code = st.selectbox(
        "Commune",
        choix.options,
        format_func=noms.get,
        key="commune",
        help="La commune demandée dans l'adresse, sinon celle du filtre « Communes » (ou Arras). Avec "
        "plusieurs communes dans le filtre, la liste se limite à elles.",
    )
options_autre = portrait.options_comparaison(code, noms)
if "comparer" not in st.session_state or st.session_state["comparer"] not in options_autre:
    demande = st.query_params.get("comparer", "")
    st.session_state["comparer"] = demande if demande in options_autre else ""
with c_autre:
    autre = st.selectbox(
        "Comparer avec",
        options_autre,
        key="comparer",
        format_func=lambda c: noms[c] if c else "aucune autre commune",
        help="Une seconde commune, en colonne à côté de la première et de la CU.",
    )
for cle_url, valeur in (("commune", code), ("comparer", autre)):
    if (st.query_params.get(cle_url) or "") != valeur:
        if valeur:
            st.query_params[cle_url] = valeur
        else:
            del st.query_params[cle_url]
nom = noms[code]
nom_autre = noms.get(autre, "")
codes = (code, autre) if autre else (code,)
st.title(f"Fiche commune : {nom}")

population = int(communes.set_index("code_insee").loc[code, "population"])
millesime = requetes.donnees("rpls_dernier_millesime", **f.sql())["millesime"].iloc[0]
millesime = None if pd.isna(millesime) else int(millesime)
annee_attrib = requetes.donnees("carte_annee_attributions", **f.sql())["annee"].iloc[0]
annee_attrib = None if pd.isna(annee_attrib) else int(annee_attrib)
logements = requetes.donnees(
    "parc_indicateurs",
    **(f.sql() | {"communes": []}),
    millesime_debut=millesime,
    millesime_fin=millesime,
    par_commune=True,
)
attrib = objectifs_cu = None
if annee_attrib is not None:
    # The grid of every commune (the map's and Objectifs légaux's cells) and the whole CU (the
    # Accueil card's figure), for the landlord filter.
    attrib = valeurs.grille_objectifs(requetes.donnees, annee_attrib, f.bailleurs, seuil)
    comptes_cu = requetes.donnees(
        "attributions_comptes",
        **(f.sql() | {"communes": [], "annee_debut": annee_attrib, "annee_fin": annee_attrib}),
        reservataire=None,
        reservataire_prefectoral="État",
    )
    objectifs_cu = valeurs.objectifs_territoire(requetes.donnees, comptes_cu, annee_attrib, (), f.bailleurs, seuil)
plh = requetes.donnees("carte_taux_plh")
plh_cu = requetes.donnees("fiche_objectif_plh_cu")
objectif_cu = None if plh_cu.empty or pd.isna(plh_cu["objectif"].iloc[0]) else float(plh_cu["objectif"].iloc[0])
nom_plh = plh_cu["plh"].iloc[0] if not plh_cu.empty else "PLH"
# The fiche compares one commune with the whole CU whatever the commune filter says; the
# landlord filter applies to stock and attributions.
perimetre = (
    dataclasses.replace(f, communes=codes).perimetre()
    + " · comparée"
    + ("s" if autre else "")
    + " à toute la CU d'Arras"
)

localisation = dessins.localisation_svg(communes, code, autre or None)
entete, carte_situation = st.columns([3, 1])
with entete:
    st.markdown(
        f"**{fr.nombre(population)} habitants** (population municipale) · parc social au 1er janvier {millesime} · "
        f"attributions {annee_attrib} · {nom_plh}."
    )
with carte_situation:
    # An <img> with its alternative text (RGAA 1.1): st.image gives an SVG none.
    legende_situation = f"{nom} (bleu)" + (f" et {nom_autre} (orange)" if autre else "") + " parmi les 46 communes"
    image = base64.b64encode(localisation.texte.encode("utf-8")).decode("ascii")
    st.html(
        f'<img src="data:image/svg+xml;base64,{image}" width="220" '
        f'alt="Carte de situation : {html.escape(legende_situation, quote=True)} de la CU d\'Arras">'
    )
    st.caption(legende_situation)

logements_tous = None
if f.bailleurs:  # landlord filter: the other landlords' counts must pass the threshold too
    logements_tous = requetes.donnees(
        "parc_indicateurs",
        **(f.sql() | {"communes": [], "bailleurs": []}),
        millesime_debut=millesime,
        millesime_fin=millesime,
        par_commune=True,
    )
grille = carte.fiche_communes(codes, communes, logements, attrib, plh, objectif_cu, seuil, objectifs_cu, logements_tous)
principaux = grille.set_index("cle")
with entete:
    cols = st.columns(4)
    courts = {
        "parc_social": "Logements sociaux",
        "poids_social": "Pour 1 000 habitants",
        "part_qpv": "Part du parc en QPV",
        "dpe_efg": "Classés E, F ou G (DPE)",
    }
    for col, (cle_ind, court) in zip(cols, courts.items()):
        ligne = principaux.loc[cle_ind]
        with col:
            st.metric(
                court,
                ligne[f"valeur_{code}"],
                help=f"{principaux.loc[cle_ind, 'indicateur']}, parc au 1er janvier {millesime}.",
            )
            st.markdown(
                f"{ligne[f'detail_{code}']}  \n"
                + (f"{nom_autre} : **{ligne[f'valeur_{autre}']}**  \n" if autre else "")
                + f"CU d'Arras : **{ligne['cu']}**"
            )
cadre.legende("RPLS (SDES), population municipale (INSEE)", f"1er janvier {millesime}", perimetre)

st.header("Indicateurs de la commune et de la CU")
# Two tables so that nothing is cut at 1280-1440 px: the values and statuses side by side, then
# every numerator and denominator.
colonnes = {"indicateur": "indicateur", f"valeur_{code}": nom}
if autre:
    colonnes[f"valeur_{autre}"] = nom_autre
colonnes |= {"cu": "CU d'Arras", "cible": "cible", f"statut_{code}": f"statut {nom}"}
if autre:
    colonnes[f"statut_{autre}"] = f"statut {nom_autre}"
colonnes["statut_cu"] = "statut CU"
details = {"indicateur": "indicateur", f"detail_{code}": f"{nom} : numérateur ÷ dénominateur"}
if autre:
    details[f"detail_{autre}"] = f"{nom_autre} : numérateur ÷ dénominateur"
details["cu_detail"] = "CU d'Arras : numérateur ÷ dénominateur"
valeurs_affichees = grille[list(colonnes)].rename(columns=colonnes)
details_affiches = grille[list(details)].rename(columns=details)
# Static tables: their text wraps, so every column stays on screen at 1280 px, with a compared commune too.
st.table(valeurs_affichees.set_index("indicateur"))
st.markdown("**Numérateurs et dénominateurs**")
st.table(details_affiches.set_index("indicateur"))
st.caption(
    f"Chaque indicateur pour {nom}"
    + (f", pour {nom_autre}" if autre else "")
    + " et pour toute la CU d'Arras, avec son "
    f"numérateur, son dénominateur, sa cible et son statut en toutes lettres. Parc : RPLS au 1er janvier {millesime} ; "
    f"PLH : logements autorisés cumulés sur la période du {nom_plh} ; objectifs légaux d'attribution : année {annee_attrib} "
    "(la loi fixe l'objectif 3 par réservataire : l'objectif 3 n'est « atteint » que si chaque réservataire atteint "
    f"25 % ; le taux affiché, tous réservataires confondus, est indicatif). {portrait.PHRASE_DEPARTEMENT}"
)
cadre.legende(
    "RPLS (SDES) ; Sitadel (SDES) et objectifs du PLH ; SNE / bailleurs",
    f"RPLS {millesime} · attributions {annee_attrib}",
    perimetre,
)
if (grille[[f"valeur_{c}" for c in codes]] == secret.SECRET).any().any():
    st.caption(secret.PHRASE.format(seuil=seuil))

# ---------------------------------------------------------------- trends

st.header("Évolutions")
SOURCE_PARC, SOURCE_ATTRIB = "RPLS (SDES)", "SNE / exports des bailleurs (attributions)"
SOURCE_PROD, SOURCE_POP = "Sitadel (SDES)", publiques.source_ecran("population_communes")
millesimes = requetes.donnees("parc_millesimes")["millesime"]
figures_svg = []
g1, g2 = st.columns(2)

with g1:
    stock = pd.DataFrame()
    if len(millesimes):
        stock_brut = requetes.donnees(
            "parc_indicateurs",
            **(f.sql() | {"communes": []}),
            millesime_debut=int(millesimes.min()),
            millesime_fin=int(millesimes.max()),
            par_commune=True,
        )
        stock = portrait.serie_parc(stock_brut, codes)
    if stock.empty:
        st.info("Aucun millésime du RPLS chargé.")
    else:
        fig = go.Figure()
        for c, teinte in zip(codes, (portrait.BLEU, portrait.ORANGE)):
            fig.add_bar(
                x=stock["millesime"],
                y=stock[c],
                name=noms[c],
                marker_color=teinte,
                hovertemplate="%{x} : %{y:,.0f} logements<extra>" + noms[c] + "</extra>",
            )
        fig.update_layout(
            title="Logements sociaux au 1er janvier",
            height=340,
            barmode="group",
            yaxis_title="logements",
            yaxis_tickformat=",d",
            legend=dict(orientation="h", y=-0.2),
            margin=dict(l=60, r=10, b=40),
        )
        if stock[list(codes)].max().max() < 10:  # a few dwellings: whole-number ticks, not 0,5 steps rounded
            fig.update_yaxes(dtick=1)
        graphiques.graphique(
            fig,
            "fiche_stock",
            f"parc_social_{code}",
            SOURCE_PARC,
            f"{int(stock['millesime'].min())}-{int(stock['millesime'].max())}",
            perimetre,
        )
        figures_svg.append(
            (
                "Logements sociaux au 1er janvier",
                dessins.graphique_svg(
                    "Logements sociaux au 1er janvier",
                    list(stock["millesime"]),
                    [
                        dessins.Serie(noms[c], list(stock[c]), t)
                        for c, t in zip(codes, (portrait.BLEU, portrait.ORANGE))
                    ],
                    f"{SOURCE_PARC}, {int(stock['millesime'].min())}-{int(stock['millesime'].max())}",
                    barres=True,
                ),
            )
        )

with g2:
    pop = portrait.serie_population(requetes.donnees("publiques_population"), codes)
    if pop.empty:
        st.info("Population municipale non chargée.")
    else:
        fig = go.Figure()
        for c, teinte in zip(codes, (portrait.BLEU, portrait.ORANGE)):
            fig.add_scatter(
                x=pop["annee"],
                y=pop[c],
                name=noms[c],
                mode="lines+markers",
                line=dict(color=teinte, width=3),
                hovertemplate="%{x} : %{y:,.0f} habitants<extra>" + noms[c] + "</extra>",
            )
        fig.update_layout(
            title="Population municipale",
            height=340,
            yaxis_title="habitants",
            yaxis_rangemode="tozero",
            yaxis_tickformat=",d",
            legend=dict(orientation="h", y=-0.2),
            margin=dict(l=60, r=10, b=40),
        )
        graphiques.graphique(
            fig,
            "fiche_population",
            f"population_{code}",
            SOURCE_POP,
            f"{int(pop['annee'].min())}-{int(pop['annee'].max())}",
            f"{nom}" + (f", {nom_autre}" if autre else ""),
        )
        figures_svg.append(
            (
                "Population municipale",
                dessins.graphique_svg(
                    "Population municipale",
                    list(pop["annee"]),
                    [dessins.Serie(noms[c], list(pop[c]), t) for c, t in zip(codes, (portrait.BLEU, portrait.ORANGE))],
                    f"{SOURCE_POP}",
                ),
            )
        )

# Legal objectives year by year: the Objectifs légaux page's own call with the commune as filter,
# so a year hidden there is a gap here.
comptes_periode = {
    c: requetes.donnees(
        "attributions_comptes",
        **(f.sql() | {"communes": [c]}),
        reservataire=None,
        reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
    )
    for c in codes
}
comptes_periode_cu = requetes.donnees(
    "attributions_comptes",
    **(f.sql() | {"communes": []}),
    reservataire=None,
    reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
)
ev = {c: valeurs.evolution_territoire(requetes.donnees, comptes_periode[c], (c,), f.bailleurs, seuil) for c in codes}
ev_cu = valeurs.evolution_territoire(requetes.donnees, comptes_periode_cu, (), f.bailleurs, seuil)
if ev_cu.empty:
    st.info("Aucune attribution sur la période choisie.")
else:
    fig = make_subplots(rows=1, cols=3, shared_yaxes=True, subplot_titles=[A.TITRES_CARTES[n] for n in (1, 2, 3)])
    notes = []
    series_objectifs = {}
    for n in (1, 2, 3):
        s = series_objectifs[n] = portrait.serie_objectifs(ev, ev_cu, n)
        for c, teinte in zip(codes, (portrait.BLEU, portrait.ORANGE)):
            fig.add_scatter(
                x=s["annee"],
                y=s[c],
                name=noms[c],
                mode="lines+markers",
                line=dict(color=teinte, width=3),
                legendgroup=c,
                showlegend=n == 1,
                row=1,
                col=n,
                connectgaps=False,
                hovertemplate="%{x} : %{y:.1%}<extra>" + noms[c] + "</extra>",
            )
        fig.add_scatter(
            x=s["annee"],
            y=s["cu"],
            name="CU d'Arras",
            mode="lines",
            line=dict(color=portrait.GRIS_FONCE, dash="dash"),
            legendgroup="cu",
            showlegend=n == 1,
            row=1,
            col=n,
            hovertemplate="%{x} : %{y:.1%}<extra>CU d'Arras</extra>",
        )
        fig.add_hline(
            y=float(A.OBJECTIFS[n].cible), line=dict(color=couleurs.CONTOUR, dash="dot", width=1), row=1, col=n
        )
        note = portrait.phrase_secret_annees({noms[c]: portrait.annees_cachees(s, c) for c in codes})
        if note:
            notes.append(f"Objectif {n} : {note}")
        figures_svg.append(
            (
                f"Objectif légal {n}",
                portrait.figure_svg_objectif(s, n, codes, noms, f"{SOURCE_ATTRIB}, {f.annee_debut}-{f.annee_fin}"),
            )
        )
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    # The facets' titles sit under the chart's source line, not on it.
    fig.update_layout(
        title="Objectifs légaux d'attribution, année par année",
        height=390,
        legend=dict(orientation="h", y=-0.18),
        margin=dict(l=60, r=10, b=40, t=115),
    )
    graphiques.graphique(
        fig, "fiche_objectifs", f"objectifs_{code}", SOURCE_ATTRIB, f"{f.annee_debut}-{f.annee_fin}", perimetre
    )
    st.caption(
        "Taux légal de chaque objectif (objectif 3 : taux indicatif, tous réservataires) ; tirets gris : toute la "
        "CU ; pointillés noirs : la cible légale. Une année masquée (secret statistique) n'a pas de point : "
        + ("; ".join(notes) + "." if notes else "aucune sur la période.")
        + " "
        + secret.PHRASE.format(seuil=seuil)
    )
    with st.expander("Les mêmes taux, année par année (tableau)", icon=":material/table:"):
        st.dataframe(
            portrait.table_objectifs(series_objectifs, codes, noms), hide_index=True, key="fiche_objectifs_annees"
        )
        cadre.legende(SOURCE_ATTRIB, f"{f.annee_debut}-{f.annee_fin}", perimetre)

annees = list(range(f.annee_debut, f.annee_fin + 1))
prod = portrait.serie_production(
    {
        c: requetes.donnees("production_par_annee", annee_debut=f.annee_debut, annee_fin=f.annee_fin, communes=[c])
        for c in codes
    },
    annees,
)
fig = go.Figure()
teintes = {
    (0, "logements_autorises"): portrait.BLEU,
    (0, "logements_commences"): couleurs.BLEU_CLAIR,
    (1, "logements_autorises"): portrait.ORANGE,
    (1, "logements_commences"): couleurs.ORANGE_CLAIR,
}
mots = {"logements_autorises": "autorisés", "logements_commences": "commencés"}
series_prod = []
for i, c in enumerate(codes):
    for ind_prod in ("logements_autorises", "logements_commences"):
        fig.add_bar(
            x=prod["annee"],
            y=prod[f"{ind_prod}_{c}"],
            name=f"{noms[c]} : {mots[ind_prod]}",
            marker_color=teintes[(i, ind_prod)],
            hovertemplate="%{x} : %{y:,.0f} logements<extra></extra>",
        )
        series_prod.append(
            dessins.Serie(f"{noms[c]} : {mots[ind_prod]}", list(prod[f"{ind_prod}_{c}"]), teintes[(i, ind_prod)])
        )
fig.update_layout(
    title="Logements neufs autorisés et commencés par année",
    height=340,
    barmode="group",
    yaxis_title="logements",
    yaxis_tickformat=",d",
    legend=dict(orientation="h", y=-0.2),
    margin=dict(l=60, r=10, b=40),
)
graphiques.graphique(
    fig, "fiche_production", f"production_{code}", SOURCE_PROD, f"{f.annee_debut}-{f.annee_fin}", perimetre
)
st.caption("Une année sans donnée n'a pas de barre (donnée manquante, jamais zéro).")
figures_svg.append(
    (
        "Logements neufs autorisés et commencés",
        dessins.graphique_svg(
            "Logements neufs autorisés et commencés",
            annees,
            series_prod,
            f"{SOURCE_PROD}, {f.annee_debut}-{f.annee_fin}",
            barres=True,
        ),
    )
)

# ---------------------------------------------------------------- occupation (OPS)

ops = requetes.donnees("ops_enquete", annee_debut=f.annee_debut, annee_fin=f.annee_fin, communes=[])
lignes = pd.DataFrame()
if not ops.empty:
    annee_ops = (
        int(ops.loc[ops["annee"] <= f.annee_fin, "annee"].max())
        if (ops["annee"] <= f.annee_fin).any()
        else int(ops["annee"].max())
    )
    # The grid of every commune (the Occupation page's cells, whatever its selection) and the CU.
    publication = parc.ops_publication(ops[ops["annee"] == annee_ops], (), seuil)
    st.header(f"Occupation du parc social — enquête OPS {annee_ops}")
    lignes = parc.occupation_fiche(
        publication.communes_valeurs,
        publication.communes_masque,
        publication.secteurs_valeurs,
        publication.secteurs_masque,
        code,
    )
    if lignes.empty:
        st.info(f"Aucun ménage enquêté à {nom} en {annee_ops} (pas de parc social enquêté).")
    else:
        st.dataframe(lignes, hide_index=True, height=35 * (len(lignes) + 1) + 3)
        st.caption(
            f"Part des ménages de chaque profil à {nom} (en QPV / hors QPV) et dans toute la CU d'Arras, avec "
            "l'effectif de ménages et le nombre de ménages enquêtés. Cible : aucune fixée. "
            + secret.PHRASE.format(seuil=seuil)
        )
        cadre.legende(
            "Enquête OPS (GIP SNE)", str(annee_ops), dataclasses.replace(f, communes=(code,), bailleurs=()).perimetre()
        )

# ---------------------------------------------------------------- real public figures

reels = portrait.public_cote_a_cote(code, autre or None, requetes.donnees, noms)
sections_reelles = []
if reels:
    st.header(f"Chiffres publics réels : {nom}" + (f", {nom_autre}" if autre else "") + " et la CU d'Arras")
    st.markdown(
        "Recopiés des publications de l'INSEE, du SDES et de la DGALN / Cerema, sans calcul de "
        "l'observatoire ; « – » : case masquée à la source (secret statistique), jamais 0. "
        f"{portrait.PHRASE_DEPARTEMENT}"
    )
    perimetre_reel = f"{nom}" + (f", {nom_autre}" if autre else "") + " · toute la CU d'Arras (46 communes)"
    blocs = [
        (
            "rpls",
            "Parc social au 1er janvier 2024",
            "rpls_communes",
            "1er janvier 2024",
            "Logements sociaux, densité, vacance (toute durée) et mobilité publiés par le SDES. La CU : somme des 34 "
            "communes du fichier et moyennes des taux pondérées par le parc.",
        ),
        (
            "population",
            "Population municipale",
            "population_communes",
            "2013-2021",
            "Population municipale de chaque année, commune et total des 46 communes.",
        ),
        (
            "logement",
            "Logements (recensement 2021)",
            "rp_logement",
            "RP 2021",
            "Logements par catégorie et par type, effectifs du recensement (arrondis à l'unité) et part dans le total.",
        ),
        (
            "revenus",
            "Revenus et pauvreté (Filosofi 2021)",
            "filosofi_communes",
            "revenus 2021",
            "Revenus disponibles 2021 ; les indicateurs de la CU elle-même (médiane, pauvreté) sont publiés par "
            "l'INSEE à l'échelle de l'EPCI, fichier non livré ici.",
        ),
        (
            "lovac",
            "Logements vacants du parc privé (LOVAC)",
            "lovac",
            "LOVAC 2025",
            "Logements du parc privé et vacants (dont depuis plus de 2 ans) par année ; la somme de la CU omet les "
            "communes masquées et le dit.",
        ),
    ]
    for cle, titre, jeu, millesime_reel, legende in blocs:
        if cle not in reels:
            continue
        st.subheader(titre)
        st.dataframe(reels[cle], hide_index=True, key=f"public_{cle}")
        st.caption(legende)
        cadre.legende(publiques.source_ecran(jeu), millesime_reel, perimetre_reel)
        sections_reelles.append((f"{titre} — {publiques.etiquette(jeu)}", reels[cle]))

# ---------------------------------------------------------------- the printable page (A4)


# Read during the run: the download callable runs outside it, where no query may be made.
avertissement = tableaux.avertissement_demo()


def _page_imprimable() -> bytes:
    """Built on a click: tables as text, charts and locator map as inline SVG (no plotly.js)."""
    tete = portrait.entete_imprimable(
        localisation,
        [
            f"{fr.nombre(population)} habitants (population municipale).",
            f"Parc social au 1er janvier {millesime} · attributions {annee_attrib} · {nom_plh}.",
            f"Périmètre : {perimetre}.",
            portrait.PHRASE_DEPARTEMENT,
        ],
    )
    return exports.document_html(
        f"Fiche commune : {nom}" + (f" (comparée à {nom_autre})" if autre else ""),
        [
            ("", tete),
            ("Indicateurs de la commune et de la CU", valeurs_affichees),
            ("Numérateurs et dénominateurs", details_affiches),
        ]
        + [("", svg) for _, svg in figures_svg]  # each drawing carries its own title
        + ([(f"Occupation du parc social — OPS {annee_ops}", lignes)] if not lignes.empty else [])
        + sections_reelles,
        {
            **avertissement,
            "Sources": "RPLS (SDES) ; Sitadel (SDES) et objectifs du PLH ; SNE / bailleurs ; enquête OPS (GIP SNE) ; "
            "données publiques réelles (INSEE, SDES, DGALN / Cerema) nommées à chaque tableau",
            "Millésimes": f"RPLS au 1er janvier {millesime} ; attributions {annee_attrib} ; {nom_plh}",
            "Périmètre": perimetre,
            "Secret statistique": secret.PHRASE.format(seuil=seuil),
        },
        style=portrait.STYLE_A4,
    ).encode("utf-8")


st.download_button(
    "Télécharger la fiche (page HTML imprimable en A4)",
    partial(_page_imprimable),
    file_name=f"fiche_{code}.html",
    mime="text/html",
    key="export_fiche",
    icon=":material/print:",
    help="Une page autonome à ouvrir dans un navigateur puis imprimer (A4 portrait) : tableaux, graphiques et carte de "
    "situation inclus, sans connexion.",
)
