"""Production PLH: new dwellings against the PLH targets (550 / 200 / 140), by year, cumulated
since the start of the PLH and by commune; the PLH period and its targets are data."""

import dataclasses
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from observatoire.base.chemins import base_par_defaut
from observatoire.base.ecriture import modifier_base
from observatoire.ecrans import acces, cadre, filtres, graphiques, navigation, requetes, tableaux
from observatoire.ecrans import formats as fr
from observatoire.figures import bilan_plh
from observatoire.figures.couleurs import (  # contrast, colour blindness: see that module
    BLEU,
    GRIS,
    GRIS_ANNOTATION,
    ORANGE,
)
from observatoire.indicateurs import catalogue, plh
from observatoire.secret import suppression as secret

COULEURS = {"lls": BLEU, "accession_aidee": ORANGE, "libre": GRIS}
PARTS_LIBELLES = {
    "lls": "LLS financés (PLUS + PLA-I)",
    "accession_aidee": "Accession aidée (PTZ neuf)",
    "libre": "Marché libre",
}

f = filtres.filtres()
# The landlord filter does not apply to production figures: the scope line says so.
perimetre = dataclasses.replace(f, bailleurs=()).perimetre()
seuil = secret.seuil_en_vigueur()

st.title("Production de logements et objectifs du PLH")
st.markdown(
    "Logements neufs produits dans la CU d'Arras, mesurés contre les objectifs du Programme Local "
    "de l'Habitat : par année, en cumul depuis le début du PLH et par commune."
)
if f.bailleurs:
    st.caption(
        "Le filtre « Bailleurs » ne s'applique pas à cette page : la production n'est pas ventilée par bailleur."
    )

# ---------------------------------------------------------------- choices: PLH period, counting

plhs = requetes.donnees("plh_liste")
noms_plh = plhs["plh"].tolist()
c1, c2 = st.columns(2)
with c1:
    choix = st.selectbox(
        "Période du PLH",
        noms_plh,
        index=noms_plh.index("PLH 2014-2020") if "PLH 2014-2020" in noms_plh else 0,
        key="plh",
        bind="query-params",
    )
with c2:
    choix_comptage = st.radio(
        "Logements comptés",
        list(plh.CHOIX_COMPTAGE),
        key="comptage",
        bind="query-params",
        horizontal=True,
        help="Sitadel : un logement autorisé a reçu son permis ; un logement commencé a déclaré l'ouverture de son chantier.",
    )
comptage = plh.CHOIX_COMPTAGE[choix_comptage]
p = plh.Plh.depuis_ligne(plhs.set_index("plh").loc[choix].to_dict() | {"plh": choix})
mot_comptage = plh.LIBELLES_COMPTAGE[comptage].lower()

objectifs = requetes.donnees("objectifs_plh", plh=p.plh)
cibles = plh.objectifs_du_perimetre(objectifs, f.communes)
annee_bilan = min(f.annee_fin, p.annee_fin)
annees_vues = list(range(f.annee_debut, f.annee_fin + 1))
annees_donnees = range(min(p.annee_debut, f.annee_debut), max(p.annee_fin, f.annee_fin) + 1)
# Production is counted on the PLH's perimeter when it is filled (plh.communes_comptees).
communes_comptees = plh.communes_comptees(p, f.communes)
dehors = plh.hors_perimetre(p, f.communes)
production = requetes.donnees(
    "production_par_annee",
    annee_debut=annees_donnees[0],
    annee_fin=annees_donnees[-1],
    communes=list(communes_comptees),
)
realise = plh.realise_annuel(production, comptage, annees_donnees)
total = {k: (cibles.get(k) or {}).get("periode") for k in ("logements", "lls", "accession_aidee")}

totaux_plh = {k: plh.objectif_periode((cibles.get(k) or {}).get("annuel"), total[k], p) for k in total}
phrase_objectifs = (
    f"Objectifs du PLH pour le périmètre : **{fr.nombre(totaux_plh['logements'])}** logements, dont "
    f"**{fr.nombre(totaux_plh['lls'])}** LLS et **{fr.nombre(totaux_plh['accession_aidee'])}** accessions aidées "
    f"(objectif annuel × {p.nb_annees} années comptées)."
    if any(v is not None for v in totaux_plh.values())
    else "Aucun objectif n'est saisi pour ce périmètre et ce PLH."
)
st.info(
    f"**Comment la période est lue — {p.plh}.** {p.lecture or ''}\n\n"
    f"**Années comptées : {plh.phrase_annees(p)}**, chacune avec son objectif annuel ; le réalisé de ces années "
    f"est comparé à l'objectif annuel × leur nombre (les mêmes années des deux côtés). "
    f"**Communes comptées : {plh.phrase_perimetre(p)}.**\n\n"
    f"{phrase_objectifs} Le bilan est arrêté à la fin de **{annee_bilan}** (fin de la période "
    f"choisie dans les filtres, au plus tard la dernière année du PLH) et cumule les années comptées depuis "
    f"{p.annee_debut}, quel que soit le début de la période filtrée. Le **rythme nécessaire** répartit ce qui reste "
    f"à produire pour atteindre l'objectif du PLH sur les années comptées restantes. **Marché libre** = logements − "
    f"LLS financés − accessions aidées (PTZ neuf).",
    icon=":material/straighten:",
)
if dehors:
    st.warning(
        ", ".join(f.noms_communes.get(c, c) for c in dehors) + f" : {plh.HORS_PERIMETRE} ({plh.phrase_perimetre(p)}), "
        "non comptée(s) dans le bilan."
    )
if f.communes:
    sans = (cibles.get("logements") or {}).get("sans_objectif", list(f.communes))
    st.markdown(
        "Communes sélectionnées : les objectifs sont la **somme des objectifs communaux** "
        + ("(**valeurs de démonstration, inventées**)" if (cibles.get("logements") or {}).get("demo") else "")
        + "."
        + (
            " " + ", ".join(f.noms_communes.get(c, c) for c in sans) + " : **" + plh.PAS_D_OBJECTIF + "**."
            if sans
            else ""
        )
    )

if f.annee_fin < p.annee_debut:
    st.warning(
        f"La période choisie dans les filtres ({f.annee_debut}-{f.annee_fin}) s'arrête avant le début du "
        f"{p.plh} ({p.annee_debut}) : il n'y a pas encore de bilan à faire."
    )
    st.stop()

# ---------------------------------------------------------------- bilan: the key figures

bilan = plh.tableau_bilan(realise, cibles, annee_bilan, p)
caches = pd.Series(False, index=bilan.index)
if f.communes:
    bilan, caches = plh.masquer_bilan(bilan, seuil)

st.header(f"Bilan {p.annee_debut}-{annee_bilan}")
st.markdown(f"Années comptées : **{plh.phrase_annees(p, annee_bilan)}** · {plh.phrase_perimetre(p)}.")
colonnes = st.columns(3)
for col, code in zip(colonnes, ("logements", "lls", "accession_aidee")):
    b = bilan.loc[code]
    with col:
        titre = {
            "logements": plh.LIBELLES_COMPTAGE[comptage],
            "lls": "LLS financés (PLUS + PLA-I)",
            "accession_aidee": "Accessions aidées (PTZ neuf)",
        }[code]
        if caches[code]:
            st.metric(f"{titre}, {p.annee_debut}-{b['annee_bilan']}", secret.SECRET)
            st.markdown(secret.PHRASE.format(seuil=seuil))
            continue
        st.metric(f"{titre}, {p.annee_debut}-{b['annee_bilan']}", fr.nombre(b["realise_cumule"]))
        if not b["a_objectif"]:
            st.markdown(f"**{plh.PAS_D_OBJECTIF if f.communes else plh.PAS_D_OBJECTIF_CU}**.")
        else:
            st.markdown(
                f"**{fr.nombre(b['realise_cumule'])}** réalisés / **{fr.nombre(b['objectif_cumule'])}** attendus "
                f"fin {b['annee_bilan']} (objectif {fr.nombre(b['objectif_annuel'])} par an) → "
                f"**{fr.pourcent(b['taux'])}** de l'objectif cumulé (cible 100 %) : **{plh.mots_statut(b['statut'])}**, "
                f"écart {fr.nombre(b['ecart'])} logements."
            )
            if b["rythme"] is None:
                st.markdown(
                    f"Plus d'année comptée à venir : objectif du PLH {fr.nombre(b['objectif_periode'])} "
                    f"({fr.nombre(b['objectif_annuel'])} × {p.nb_annees} années comptées)."
                )
            else:
                restantes = [a for a in p.annees if a > b["annee_bilan"]]
                st.markdown(
                    f"Rythme nécessaire : **{fr.nombre(b['rythme'])} par an** sur les années comptées restantes "
                    f"({plh.texte_annees(restantes)}) pour atteindre {fr.nombre(b['objectif_periode'])} "
                    f"(objectif annuel : {fr.nombre(b['objectif_annuel'])})."
                )
        if b["annees_manquantes"]:
            st.markdown(
                f":material/warning: Cumul incomplet — donnée manquante pour {', '.join(map(str, b['annees_manquantes']))}."
            )
        cadre.legende(
            {"logements": "Sitadel (SDES)", "lls": "agréments (DDTM)", "accession_aidee": "PTZ (SGFGAS)"}[code],
            f"{p.annee_debut}-{b['annee_bilan']}",
            perimetre,
        )


tableaux.tableau(
    bilan_plh.tableau_du_bilan(bilan, caches, p, bool(f.communes)),
    "bilan_plh",
    "Sitadel, agréments, PTZ, bailleurs (démo)",
    f"{p.annee_debut}-{annee_bilan}",
    perimetre,
    key="tableau_bilan",
)
st.caption(
    f"Chaque ligne compare le réalisé des années comptées ({plh.phrase_annees(p, annee_bilan)}) à l'objectif annuel × "
    f"ces mêmes années ; l'écart est en logements (négatif = retard). Situation : « atteint » / « non atteint » pour un "
    f"PLH terminé lu jusqu'à sa dernière année comptée, « en avance » / « en retard » en cours de PLH. "
    f"Logements : {mot_comptage}. « – » = donnée manquante ou objectif absent, jamais zéro."
)
if caches.any():
    st.caption(
        secret.PHRASE.format(seuil=seuil) + " Les PTZ, ventes HLM et accessions dans l'ancien comptent des ménages."
    )
cadre.legende("Sitadel, agréments, PTZ, bailleurs (démo)", f"{p.annee_debut}-{annee_bilan}", perimetre)

# ---------------------------------------------------------------- year by year

st.header("Année par année")
vue = realise.reindex(annees_vues)
valeurs_annuelles, masque_annuel = (
    plh.masquer_menages(vue, totaux_colonnes=True, seuil=seuil)
    if f.communes
    else (vue, pd.DataFrame(False, index=vue.index, columns=vue.columns))
)
objectif_an = {code: (cibles.get(code) or {}).get("annuel") for code, _, _ in plh.INDICATEURS}
table = pd.DataFrame({"Année": [str(a) for a in annees_vues]})
table["Période"] = [plh.statut_annee(a, p) for a in annees_vues]
for code, libelle, _ in plh.INDICATEURS:
    entete = libelle if objectif_an[code] is None else f"{libelle} (objectif {fr.nombre(objectif_an[code])}/an)"
    table[entete] = [
        secret.SECRET
        if masque_annuel.at[a, code]
        else (plh.MANQUANTE if pd.isna(valeurs_annuelles.at[a, code]) else fr.nombre(valeurs_annuelles.at[a, code]))
        for a in annees_vues
    ]
    if code == "logements" and objectif_an[code]:
        table["Logements : % de l'objectif annuel"] = [
            fr.pourcent(plh.taux_realisation(vue.at[a, code], objectif_an[code])) if p.contient(a) else plh.HORS_PERIODE
            for a in annees_vues
        ]
tableaux.tableau(
    table,
    "production_par_annee",
    "Sitadel, agréments, PTZ, bailleurs (démo)",
    f"{f.annee_debut}-{f.annee_fin}",
    perimetre,
    key="tableau_annuel",
)
st.caption(
    f"Réalisé de chaque année de la période filtrée ; les années hors du {p.plh} restent affichées et sont "
    f"marquées « {plh.HORS_PERIODE} » (elles ne comptent pas dans le bilan). « {plh.MANQUANTE} » : aucune "
    "donnée pour l'année, ce n'est pas un zéro."
)
cadre.legende("Sitadel, agréments, PTZ, bailleurs (démo)", f"{f.annee_debut}-{f.annee_fin}", perimetre)

# Stacked chart: how each year's production splits into LLS / accession aidée / libre, against the split target.
x_objectif = "Objectif / an"
x = [x_objectif] + [str(a) for a in annees_vues]
opacite = [1.0] + [1.0 if p.contient(a) else 0.45 for a in annees_vues]
fig = go.Figure()
for code in plh.PARTS:
    ys = [objectif_an.get(code)] + [
        None
        if (masque_annuel.at[a, code] or pd.isna(valeurs_annuelles.at[a, code]))
        else float(valeurs_annuelles.at[a, code])
        for a in annees_vues
    ]
    fig.add_trace(
        go.Bar(
            x=x,
            y=ys,
            name=PARTS_LIBELLES[code],
            marker_color=COULEURS[code],
            marker_opacity=opacite,
            marker_pattern_shape=["/"] + [""] * len(annees_vues),
            hovertemplate="%{x} : %{y:,.0f} " + PARTS_LIBELLES[code] + "<extra></extra>",
        )
    )
if objectif_an.get("logements"):
    # The target as a dashed line with its own legend entry (an annotation would sit on a bar).
    ligne_objectif = [objectif_an["logements"]] + [
        objectif_an["logements"] if p.contient(a) else None for a in annees_vues
    ]
    fig.add_trace(
        go.Scatter(
            x=x,
            y=ligne_objectif,
            mode="lines",
            line=dict(color=GRIS_ANNOTATION, dash="dash"),
            name=f"objectif total : {fr.nombre(objectif_an['logements'])} / an",
            hoverinfo="skip",
        )
    )
# Annotations on a category axis take the category's position (a year as text would be read as a number).
for position, a in enumerate(annees_vues, start=1):
    notes = []
    if not p.contient(a):
        notes.append("hors PLH")
    if any(pd.isna(vue.at[a, c]) for c in plh.PARTS):
        notes.append("manquant")
    if any(masque_annuel.at[a, c] for c in plh.PARTS):
        notes.append("secret")
    if notes:
        haut = sum(
            float(valeurs_annuelles.at[a, c])
            for c in plh.PARTS
            if not masque_annuel.at[a, c] and pd.notna(valeurs_annuelles.at[a, c]) and valeurs_annuelles.at[a, c] > 0
        )
        fig.add_annotation(
            x=position,
            y=haut,
            text="<br>".join(notes),
            showarrow=False,
            yanchor="bottom",
            yshift=4,
            font=dict(size=11, color=GRIS_ANNOTATION),
        )
fig.update_layout(
    barmode="relative",
    separators=", ",
    height=480,
    margin=dict(l=10, r=10, t=70, b=60),
    title=f"Répartition de la production annuelle ({mot_comptage}) et répartition de l'objectif",
    legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
    xaxis=dict(type="category", title=None),
    yaxis=dict(title="logements", tickformat=",.0f"),
)
graphiques.graphique(
    fig,
    "graphique_repartition",
    "production_repartition",
    "Sitadel, agréments, PTZ (démo)",
    f"{f.annee_debut}-{f.annee_fin}",
    perimetre,
)
st.caption(
    f"Chaque barre empile, pour une année, les LLS financés, les accessions aidées (PTZ neuf) et le marché libre "
    f"(= {mot_comptage} − LLS − accession aidée) ; la barre hachurée « {x_objectif} » est la répartition visée par le "
    f"PLH et la ligne pointillée l'objectif total, tracée sur les années du PLH. Une part manquante n'est pas dessinée (mention « manquant ») ; "
    f"les années pâlies, marquées « hors PLH », sont hors du {p.plh}."
)

# Cumulated trajectory of one indicator against its cumulated target.
choix_cumul = st.radio(
    "Indicateur du cumul",
    ["logements", "lls", "accession_aidee"],
    format_func={
        "logements": plh.LIBELLES_COMPTAGE[comptage],
        "lls": "LLS financés",
        "accession_aidee": "Accession aidée",
    }.get,
    key="indicateur_cumul",
    horizontal=True,
)
traj = plh.trajectoire(realise[choix_cumul], objectif_an.get(choix_cumul), p, annee_bilan)
cache_cumul = bool(caches.get(choix_cumul, False))
fig2 = go.Figure()
fig2.add_trace(
    go.Scatter(
        x=traj["annee"],
        y=traj["objectif_cumule"],
        name="objectif cumulé",
        mode="lines+markers",
        line=dict(color=GRIS, dash="dash"),
        marker_symbol="diamond",
    )
)
if not cache_cumul:
    fig2.add_trace(
        go.Scatter(
            x=traj["annee"],
            y=[None if pd.isna(v) else float(v) for v in traj["realise_cumule"]],
            name="réalisé cumulé",
            mode="lines+markers",
            line=dict(color=BLEU, width=3),
        )
    )
fig2.update_layout(
    separators=", ",
    height=400,
    margin=dict(l=10, r=10, t=50, b=60),
    title=f"Cumul depuis {p.annee_debut} : réalisé et objectif",
    xaxis=dict(dtick=1, title=None),
    yaxis=dict(title="logements cumulés", tickformat=",.0f", rangemode="tozero"),
    legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
)
graphiques.graphique(
    fig2,
    "graphique_cumul",
    "production_cumul",
    "Sitadel, agréments, PTZ (démo)",
    f"{p.annee_debut}-{annee_bilan}",
    perimetre,
)
st.caption(
    f"Le trait plein cumule le réalisé année après année depuis {p.annee_debut} ; le pointillé est l'objectif cumulé "
    f"(objectif annuel × années comptées écoulées, {plh.phrase_annees(p)}). Le trait s'interrompt après une année "
    "manquante : le cumul n'est plus connu." + (" " + secret.PHRASE.format(seuil=seuil) if cache_cumul else "")
)

# ---------------------------------------------------------------- social rentals: financed vs commissioned

st.header("Logements sociaux : financés et mis en service")
mes = requetes.donnees(
    "production_mises_en_service", annee_debut=f.annee_debut, annee_fin=f.annee_fin, communes=list(f.communes)
)
mes = mes.set_index("annee").reindex(annees_vues)
finances = vue["lls"]
mis_en_service = mes["plus"] + mes["plai"]
fig3 = go.Figure()
fig3.add_trace(
    go.Bar(
        x=[str(a) for a in annees_vues],
        y=[None if pd.isna(v) else float(v) for v in finances],
        name="financés (agréments PLUS + PLA-I)",
        marker_color=BLEU,
    )
)
fig3.add_trace(
    go.Bar(
        x=[str(a) for a in annees_vues],
        y=[None if pd.isna(v) else float(v) for v in mis_en_service],
        name="mis en service (RPLS, PLUS + PLA-I)",
        marker_color=ORANGE,
        marker_pattern_shape=".",
    )
)
for position, a in enumerate(annees_vues):
    for serie, decalage in ((finances, -14), (mis_en_service, 14)):
        if pd.isna(serie.get(a)):
            fig3.add_annotation(
                x=position,
                y=0,
                text="donnée manquante",
                textangle=-90,
                showarrow=False,
                yanchor="bottom",
                xshift=decalage,
                yshift=4,
                font=dict(size=10, color=GRIS_ANNOTATION),
            )
if objectif_an.get("lls"):
    fig3.add_trace(
        go.Scatter(
            x=[str(a) for a in annees_vues],
            y=[objectif_an["lls"] if p.contient(a) else None for a in annees_vues],
            mode="lines",
            line=dict(color=GRIS_ANNOTATION, dash="dash"),
            hoverinfo="skip",
            name=f"objectif : {fr.nombre(objectif_an['lls'])} financés / an",
        )
    )
fig3.update_layout(
    barmode="group",
    separators=", ",
    height=420,
    margin=dict(l=10, r=10, t=50, b=60),
    title="Logements locatifs sociaux financés et mis en service, par an",
    xaxis=dict(type="category", title=None),
    yaxis=dict(title="logements", tickformat=",.0f"),
    legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
)
graphiques.graphique(
    fig3,
    "graphique_lls",
    "lls_finances_mis_en_service",
    "agréments (DDTM) ; RPLS (SDES), logements nouveaux du millésime N comptés en N−1 (démo)",
    f"{f.annee_debut}-{f.annee_fin}",
    perimetre,
)
st.caption(
    "Le PLH compte les logements sociaux **financés** (agréments de l'année) ; le RPLS voit les mêmes logements "
    "quand ils sont **mis en service**, souvent deux ou trois ans plus tard. Un logement marqué « nouveau » au "
    "millésime N du RPLS a été mis en service pendant l'année N−1. Une barre absente est une donnée manquante "
    "(pas de financement connu ou pas de millésime RPLS pour l'année)."
)
tableau_lls = pd.DataFrame(
    {
        "Année": [str(a) for a in annees_vues],
        "Financés PLUS + PLA-I": [plh.MANQUANTE if pd.isna(v) else fr.nombre(v) for v in finances],
        "dont PLA-I financés": [plh.MANQUANTE if pd.isna(v) else fr.nombre(v) for v in vue["lls_plai"]],
        "PLS financés": [plh.MANQUANTE if pd.isna(v) else fr.nombre(v) for v in vue["lls_pls"]],
        "Mis en service PLUS + PLA-I (RPLS)": [plh.MANQUANTE if pd.isna(v) else fr.nombre(v) for v in mis_en_service],
        "PLS mis en service (RPLS)": [plh.MANQUANTE if pd.isna(v) else fr.nombre(v) for v in mes["pls"]],
        "Millésime RPLS": [fr.MANQUANT if pd.isna(v) else str(int(v)) for v in mes["millesime"]],
    }
)
tableaux.tableau(
    tableau_lls,
    "lls_finances_mis_en_service",
    "agréments (DDTM) ; RPLS (SDES) (démo)",
    f"{f.annee_debut}-{f.annee_fin}",
    perimetre,
    key="tableau_lls",
)
cadre.legende(
    "agréments (DDTM) ; RPLS (SDES), logements nouveaux du millésime N comptés en N−1 (démo)",
    f"{f.annee_debut}-{f.annee_fin}",
    perimetre,
)

# ---------------------------------------------------------------- by commune

st.header(f"Par commune, {p.annee_debut}-{annee_bilan}")
communes = requetes.donnees("communes_liste")
if f.communes:
    communes = communes[communes["code_insee"].isin(f.communes)]
annees_bilan = plh.annees_comptees(annee_bilan, p)
prod_communes = requetes.donnees(
    "production_par_commune",
    annee_debut=p.annee_debut,
    annee_fin=annee_bilan,
    annees=annees_bilan,
    communes=list(f.communes),
)
prod_cu = requetes.donnees(
    "production_par_annee", annee_debut=p.annee_debut, annee_fin=annee_bilan, communes=list(p.communes)
)
total_cu = plh.realise_annuel(prod_cu, comptage, annees_bilan)["logements"].sum(skipna=True)
tc = plh.tableau_communes(communes, prod_communes, objectifs, comptage, annee_bilan, p, float(total_cu))
valeurs_c, masque_c = plh.masquer_menages(
    tc.set_index("code_insee")[["logements", "lls", "accession_aidee"]], seuil=seuil
)
tc = tc.set_index("code_insee")

repartition = plh.repartition_communes(objectifs)
ecarts = repartition[(repartition["champ"] == "objectif_annuel") & repartition["ecart"].fillna(0).ne(0)]
for _, r in ecarts.iterrows():
    st.warning(
        f"Les objectifs communaux « {plh.LIBELLES.get(r['indicateur'], r['indicateur'])} » totalisent "
        f"{fr.nombre(r['somme_communes'])} par an contre {fr.nombre(r['objectif_cu'])} pour la CU (écart "
        f"{fr.nombre(r['ecart'])}) : la répartition communale ne couvre pas exactement l'objectif communautaire."
    )


def _statut_commune(ligne):
    if ligne["hors_perimetre"]:
        return plh.HORS_PERIMETRE
    if ligne["sans_objectif"]:
        return plh.PAS_D_OBJECTIF
    return plh.mots_statut(ligne["statut"])


tableau_c = pd.DataFrame(
    {
        "Commune": tc["nom"],
        f"{plh.LIBELLES_COMPTAGE[comptage]} réalisés": [fr.nombre(v) for v in valeurs_c["logements"]],
        f"Objectif cumulé fin {annee_bilan}": [
            plh.PAS_D_OBJECTIF if s else fr.nombre(v) for v, s in zip(tc["objectif_logements"], tc["sans_objectif"])
        ],
        "Taux de réalisation (cible 100 %)": [
            plh.PAS_D_OBJECTIF if s else fr.pourcent(v) for v, s in zip(tc["taux_logements"], tc["sans_objectif"])
        ],
        "Écart (logements)": [
            plh.PAS_D_OBJECTIF if s else fr.nombre(v) for v, s in zip(tc["ecart_logements"], tc["sans_objectif"])
        ],
        "Situation": [_statut_commune(r) for _, r in tc.iterrows()],
        "LLS financés / objectif": [
            f"{fr.nombre(v)} / {fr.nombre(o) if pd.notna(o) else plh.PAS_D_OBJECTIF}"
            for v, o in zip(tc["lls"], tc["objectif_lls"])
        ],
        "Accession aidée (PTZ neuf)": [
            fr.valeur_affichee(v, cache=m) for v, m in zip(valeurs_c["accession_aidee"], masque_c["accession_aidee"])
        ],
        "Part de l'effort CU (logements)": [fr.pourcent(v) for v in tc["part_effort"]],
        "Part de l'objectif CU": [
            plh.PAS_D_OBJECTIF if s else fr.pourcent(v) for v, s in zip(tc["part_objectif"], tc["sans_objectif"])
        ],
        "Objectif": [
            "—" if s else ("démo" if d else "saisi") for s, d in zip(tc["sans_objectif"], tc["objectif_demo"])
        ],
    }
).sort_values("Commune")
tableaux.tableau(
    tableau_c,
    "production_par_commune",
    "Sitadel, agréments, PTZ ; objectifs communaux (démo)",
    f"{p.annee_debut}-{annee_bilan}",
    perimetre,
    key="tableau_communes",
)
st.caption(
    f"Pour chaque commune : {mot_comptage} des années comptées ({plh.phrase_annees(p, annee_bilan)}) contre "
    f"l'objectif communal annuel × ces mêmes années ; part de l'effort = logements de la commune / logements de "
    f"tout le périmètre ({plh.phrase_perimetre(p)} : {fr.nombre(total_cu)}) sur les mêmes années. Les objectifs "
    f"communaux marqués « démo » sont inventés. "
    + secret.PHRASE.format(seuil=seuil)
    + " Les logements, eux, ne décrivent pas des ménages et restent affichés."
)
cadre.legende("Sitadel, agréments, PTZ ; objectifs communaux (démo)", f"{p.annee_debut}-{annee_bilan}", perimetre)

classement = tc[~tc["sans_objectif"] & tc["taux_logements"].notna()].sort_values("taux_logements")
if len(classement):
    en_avance = classement["statut"].isin([catalogue.ATTEINT, catalogue.EN_AVANCE])
    # The status is written in each commune's label (never colour alone), clear of the 100 % line.
    etiquettes = [
        f"{nom} — {fr.pourcent(t)} ({catalogue.libelle(s)})"
        for nom, t, s in zip(classement["nom"], classement["taux_logements"], classement["statut"])
    ]
    fig4 = go.Figure(
        go.Bar(
            y=etiquettes,
            x=100 * classement["taux_logements"].astype(float),
            orientation="h",
            marker_color=[BLEU if a else ORANGE for a in en_avance],
            marker_pattern_shape=["" if a else "/" for a in en_avance],
            hovertemplate="%{y}<extra></extra>",
        )
    )
    fig4.add_vline(
        x=100,
        line_dash="dash",
        line_color=GRIS_ANNOTATION,
        annotation_text="objectif : 100 %",
        annotation_position="top",
    )
    fig4.update_layout(
        separators=", ",
        height=min(1100, 130 + 22 * len(classement)),
        bargap=0.25,
        margin=dict(l=10, r=20, t=60, b=10),
        title=f"Classement des communes : taux de réalisation de l'objectif logements, fin {annee_bilan}",
        xaxis=dict(ticksuffix="\u00a0%", title="réalisé / objectif cumulé", rangemode="tozero"),
        yaxis=dict(title=None),
        showlegend=False,
    )
    graphiques.graphique(
        fig4,
        "graphique_classement",
        "classement_communes_plh",
        "Sitadel ; objectifs communaux (démo)",
        f"{p.annee_debut}-{annee_bilan}",
        perimetre,
    )
    st.caption(
        "Communes classées par taux de réalisation de leur objectif communal de logements (bleu plein : "
        f"{catalogue.ATTEINT} ou {catalogue.EN_AVANCE} ; orange hachuré : {catalogue.NON_ATTEINT} ou {catalogue.EN_RETARD} ; "
        "la situation est écrite à côté du nom de la commune). "
        f"Communes sans objectif ({plh.PAS_D_OBJECTIF}) : "
        + (", ".join(tc.loc[tc["sans_objectif"], "nom"]) or "aucune")
        + "."
    )

navigation.lien_page(
    "carte",
    "Voir le taux de réalisation sur la carte des communes",
    ":material/map:",
    query_params={"indicateur": "taux_plh"},
)

# ---------------------------------------------------------------- targets are data: edit them
# The saves run in the submit buttons' callbacks: they happen before the page script, so a rerun
# of the page (router) cannot lose the click.


def _enregistrer_communes(p_plh: plh.Plh, edition: pd.DataFrame) -> None:
    if not acces.est_analyste():
        st.session_state["_erreur_objectifs"] = (
            "Rien n'a été enregistré : la saisie des objectifs demande le rôle analyste."
        )
        return
    edite = plh.appliquer_modifications(edition, st.session_state.get("editeur_objectifs_communes"))
    erreurs = plh.valider_objectifs(edite, colonnes=plh.INDICATEURS_COMMUNAUX)
    if erreurs:
        st.session_state["_erreur_objectifs"] = "Rien n'a été enregistré. " + " ".join(erreurs)
        return
    n = modifier_base(
        base_par_defaut(),
        lambda con: plh.enregistrer_objectifs_communes(con, p_plh, edite, f"saisie du {date.today():%d/%m/%Y}"),
    )
    st.cache_data.clear()
    st.session_state["_message_objectifs"] = f"{n} objectifs communaux enregistrés pour le {p_plh.plh}."


def _ajouter_plh(modele: pd.DataFrame, existants: list[str]) -> None:
    if not acces.est_analyste():
        st.session_state["_erreur_objectifs"] = (
            "Rien n'a été enregistré : la saisie des objectifs demande le rôle analyste."
        )
        return
    etat = st.session_state
    nom, debut, fin = (
        (etat.get("nouveau_plh_nom") or "").strip(),
        etat.get("nouveau_plh_debut"),
        etat.get("nouveau_plh_fin"),
    )
    cibles_saisies = plh.appliquer_modifications(modele, etat.get("editeur_nouveau_plh"))
    erreurs = plh.valider_plh(nom, debut, fin, existants) + plh.valider_objectifs(cibles_saisies)
    if erreurs:
        etat["_erreur_objectifs"] = "Rien n'a été enregistré. " + " ".join(erreurs)
        return
    # Every calendar year of the new PLH is counted (the list is edited afterwards); no perimeter yet.
    nouveau = plh.Plh(nom, int(debut), int(fin), lecture=(etat.get("nouveau_plh_lecture") or "").strip() or None)
    modifier_base(
        base_par_defaut(),
        lambda con: plh.enregistrer_plh(con, nouveau, cibles_saisies, f"saisie du {date.today():%d/%m/%Y}"),
    )
    st.cache_data.clear()
    etat["_message_objectifs"] = f"{nouveau.plh} ajouté : choisissez-le dans « Période du PLH »."


def _enregistrer_lecture(p_plh: plh.Plh, connues: list[str]) -> None:
    """Save the counted years and the communes of the PLH (both editable data)."""
    etat = st.session_state
    if not acces.est_analyste():
        etat["_erreur_objectifs"] = "Rien n'a été enregistré : la saisie des objectifs demande le rôle analyste."
        return
    annees = etat.get("plh_annees_comptees") or []
    codes = etat.get("plh_communes_perimetre") or []
    erreurs = plh.valider_annees(annees, p_plh) + plh.valider_communes(codes, connues)
    if erreurs:
        etat["_erreur_objectifs"] = "Rien n'a été enregistré. " + " ".join(erreurs)
        return

    def operation(con):
        plh.enregistrer_annees(con, p_plh, annees)
        plh.enregistrer_communes_plh(con, p_plh, codes)

    modifier_base(base_par_defaut(), operation)
    st.cache_data.clear()
    apres = plh.Plh(p_plh.plh, p_plh.annee_debut, p_plh.annee_fin, tuple(annees), tuple(codes))
    etat["_message_objectifs"] = (
        f"{p_plh.plh} : années comptées {plh.phrase_annees(apres)} ; {plh.phrase_perimetre(apres)}."
    )


st.header("Objectifs : des données modifiables")
if "_message_objectifs" in st.session_state:
    st.success(st.session_state.pop("_message_objectifs"))
if "_erreur_objectifs" in st.session_state:
    st.error(st.session_state.pop("_erreur_objectifs"))

peut_modifier = acces.exiger_analyste("la saisie des objectifs du PLH")
with st.expander(f"Années comptées et communes du {p.plh}"):
    st.markdown(
        f"**Années comptées** : les années civiles dont la production est additionnée, chacune avec son objectif "
        f"annuel (par défaut toutes les années du PLH, {p.annee_debut} à {p.annee_fin}). Aujourd'hui : "
        f"{plh.phrase_annees(p)}.\n\n"
        f"**Communes du PLH** : les communes de l'EPCI à l'adoption du PLH, sur lesquelles ses objectifs portent. "
        f"Aujourd'hui : {plh.phrase_perimetre(p)}. Laisser vide tant que la liste n'est pas connue."
    )
    toutes_communes = requetes.donnees("communes_liste")
    noms = dict(zip(toutes_communes["code_insee"], toutes_communes["nom"]))
    with st.form("form_lecture_plh"):
        st.multiselect(
            "Années comptées",
            list(range(p.annee_debut, p.annee_fin + 1)),
            default=list(p.annees),
            key="plh_annees_comptees",
        )
        st.multiselect(
            "Communes du PLH",
            list(noms),
            default=[c for c in p.communes if c in noms],
            format_func=lambda c: f"{noms.get(c, c)} ({c})",
            key="plh_communes_perimetre",
            placeholder=plh.PERIMETRE_NON_RENSEIGNE,
        )
        st.form_submit_button(
            "Enregistrer les années et les communes",
            on_click=_enregistrer_lecture,
            args=(p, list(noms)),
            disabled=not peut_modifier,
        )

with st.expander(f"Objectifs communaux du {p.plh}"):
    st.markdown(
        f"Objectifs **annuels** par commune ; l'objectif du PLH est l'objectif annuel × {p.nb_annees} années comptées. Une case vide "
        f"veut dire « {plh.PAS_D_OBJECTIF} ». La colonne « Origine » dit si la valeur est de **démonstration** "
        "(inventée) ou saisie ; une valeur modifiée devient « saisie »."
    )
    toutes = requetes.donnees("communes_liste")
    oc = objectifs[objectifs["code_insee"].notna()]
    large = oc.pivot_table(index="code_insee", columns="indicateur", values="objectif_annuel", aggfunc="sum")
    origine = oc.groupby("code_insee")["demo"].any()
    edition = pd.DataFrame({"code_insee": toutes["code_insee"], "Commune": toutes["nom"]})
    for ind in plh.INDICATEURS_COMMUNAUX:
        edition[ind] = edition["code_insee"].map(large[ind]) if ind in large else None
    edition["Origine"] = edition["code_insee"].map(
        lambda c: "" if c not in origine else ("démo" if origine[c] else "saisie")
    )
    with st.form("form_objectifs_communes"):
        st.data_editor(
            edition,
            hide_index=True,
            disabled=["code_insee", "Commune", "Origine"],
            column_config={
                "code_insee": st.column_config.TextColumn("Code INSEE"),
                "logements": st.column_config.NumberColumn("Logements / an", min_value=0, step=1),
                "lls": st.column_config.NumberColumn("LLS / an", min_value=0, step=1),
                "accession_aidee": st.column_config.NumberColumn("Accession aidée / an", min_value=0, step=1),
            },
            key="editeur_objectifs_communes",
        )
        st.form_submit_button(
            "Enregistrer les objectifs communaux",
            on_click=_enregistrer_communes,
            args=(p, edition),
            disabled=not peut_modifier,
        )

with st.expander("Ajouter une période de PLH"):
    st.markdown(
        "Un nouveau PLH s'ajoute comme une donnée : son nom, ses années et ses objectifs communautaires. Il compte "
        "toutes ses années civiles (la liste se modifie ensuite, avec ses communes) et apparaît dans le choix "
        "« Période du PLH »."
    )
    modele = pd.DataFrame(
        {
            "indicateur": [code for code, _, _ in plh.INDICATEURS],
            "Indicateur": [libelle for _, libelle, _ in plh.INDICATEURS],
            "objectif_annuel": [None] * len(plh.INDICATEURS),
            "objectif_periode": [None] * len(plh.INDICATEURS),
        }
    ).astype({"objectif_annuel": "float64", "objectif_periode": "float64"})
    with st.form("form_nouveau_plh"):
        a1, a2, a3 = st.columns([2, 1, 1])
        a1.text_input("Nom", placeholder="PLH 2026-2031", key="nouveau_plh_nom")
        a2.number_input(
            "Première année", min_value=1990, max_value=2100, value=date.today().year, step=1, key="nouveau_plh_debut"
        )
        a3.number_input(
            "Dernière année", min_value=1990, max_value=2100, value=date.today().year + 5, step=1, key="nouveau_plh_fin"
        )
        st.text_area(
            "Comment lire la période",
            placeholder="Objectif cumulé = objectif annuel × années écoulées…",
            key="nouveau_plh_lecture",
        )
        st.data_editor(
            modele,
            hide_index=True,
            disabled=["indicateur", "Indicateur"],
            column_order=["Indicateur", "objectif_annuel", "objectif_periode"],
            column_config={
                "objectif_annuel": st.column_config.NumberColumn("Objectif annuel", min_value=0),
                "objectif_periode": st.column_config.NumberColumn(
                    "Objectif sur tout le PLH (seulement sans objectif annuel)", min_value=0
                ),
            },
            key="editeur_nouveau_plh",
        )
        st.form_submit_button(
            "Ajouter ce PLH", on_click=_ajouter_plh, args=(modele, noms_plh), disabled=not peut_modifier
        )
