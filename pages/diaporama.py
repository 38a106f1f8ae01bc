"""Diaporama for the CIL: the key charts one at a time (production vs PLH, the legal objectives,
the CIL bilan), stepped with « précédent / suivant ». The URL points to one slide (`?diapo=N`)."""

import plotly.graph_objects as go
import streamlit as st

from observatoire import attributions as A
from observatoire import contingent as C
from observatoire import formats as fr
from observatoire import catalogue, plh, secret, synthese, ui, valeurs

f = ui.filtres()
seuil = secret.seuil_en_vigueur()
perimetre = f.perimetre()
SOURCE_ATTRIB = "SNE / exports des bailleurs (attributions)"

# ---------------------------------------------------------------- data for the slides (logic modules)

plhs = ui.donnees("plh_liste")
p = synthese.plh_de_reference(plhs, f.annee_fin)
comptes = ui.donnees("attributions_comptes", **f.sql(), reservataire=None, reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL)
annee_attrib = ui.donnees("carte_annee_attributions", **f.sql())["annee"].iloc[0]
annee_attrib = None if annee_attrib is None or annee_attrib != annee_attrib else int(annee_attrib)


def diapo_production() -> None:
    if p is None or min(f.annee_fin, p.annee_fin) < p.annee_debut:
        st.info("Pas de PLH en cours sur la période choisie.")
        return
    annee_bilan = min(f.annee_fin, p.annee_fin)
    production = ui.donnees("production_par_annee", annee_debut=p.annee_debut, annee_fin=p.annee_fin,
                            communes=list(plh.communes_comptees(p, f.communes)))
    objectifs = ui.donnees("objectifs_plh_perimetre", plh=p.plh, communes=list(f.communes))
    cartes = synthese.cartes_production(production, objectifs, p, f.communes, f.annee_fin, seuil)
    realise = plh.realise_annuel(production, "autorises", range(p.annee_debut, annee_bilan + 1))
    bilan = plh.tableau_bilan(realise, plh.objectifs_du_perimetre(objectifs, f.communes), annee_bilan, p)
    lignes = [(c, bilan.loc[code]) for c, code in zip(cartes, ("logements", "lls", "accession_aidee"))]
    lignes = [(c, b) for c, b in lignes if c.statut not in (synthese.SECRET, synthese.MANQUANT) and b["taux"] is not None]
    fig = go.Figure(go.Bar(
        y=[c.titre for c, _ in lignes],
        x=[b["taux"] for _, b in lignes],
        orientation="h",
        marker=dict(color=[catalogue.PRESENTATION[c.statut].hexa for c, _ in lignes],
                    pattern_shape=["" if c.statut in (catalogue.ATTEINT, catalogue.EN_AVANCE) else "/" for c, _ in lignes]),
        text=[f"{fr.nombre(b['realise_cumule'])} / {fr.nombre(b['objectif_cumule'])} : {fr.pourcent(b['taux'])} — "
              f"{catalogue.libelle(c.statut)}" for c, b in lignes],
        textposition="auto",
        insidetextanchor="start",
    ))
    fig.add_vline(x=1, line_dash="dash", line_color="#000", annotation_text="objectif cumulé : 100 %", annotation_position="top")
    fig.update_layout(
        title=f"Réalisé cumulé {p.annee_debut}-{annee_bilan} rapporté à l'objectif cumulé",
        height=380, margin=dict(l=10, r=20, t=70, b=40),
        xaxis=dict(tickformat=".0%", title="part de l'objectif cumulé atteinte", rangemode="tozero"),
        yaxis=dict(title=None, autorange="reversed"),
    )
    ui.graphique(fig, "diapo_graphique_production", f"production_plh_{p.annee_debut}_{annee_bilan}",
                 "Sitadel, agréments, PTZ", f"{p.annee_debut}-{annee_bilan}", perimetre)
    st.caption(
        "Chaque barre rapporte ce qui a été réalisé depuis le début du PLH à ce qui était attendu à la fin de "
        f"{annee_bilan} (objectif annuel × années comptées du PLH écoulées) ; la ligne pointillée marque l'objectif (100 %). "
        "Bleu plein : objectif atteint (ou en avance) ; orange hachuré : non atteint (ou en retard) ; la situation est "
        "écrite dans la barre."
    )
    for c in cartes:
        st.markdown(f"- **{c.titre}** ({catalogue.libelle(c.statut)}) : {c.phrase}")


def diapo_annuelle() -> None:
    if p is None:
        st.info("Pas de PLH de référence.")
        return
    production = ui.donnees("production_par_annee", **(f.sql() | {"communes": list(plh.communes_comptees(p, f.communes))}))
    realise = plh.realise_annuel(production, "autorises", range(f.annee_debut, f.annee_fin + 1))
    objectifs = plh.objectifs_du_perimetre(ui.donnees("objectifs_plh_perimetre", plh=p.plh, communes=list(f.communes)), f.communes)
    annuel = (objectifs.get("logements") or {}).get("annuel")
    serie = realise["logements"]
    fig = go.Figure(go.Bar(
        x=list(serie.index), y=[None if v is None or v != v else float(v) for v in serie.astype("object")],
        marker_color=ui.BLEU, name="logements autorisés",
        text=[fr.nombre(v) for v in serie.astype("object")], textposition="outside",
    ))
    if annuel:
        fig.add_hline(y=annuel, line_dash="dash", line_color=ui.ORANGE, line_width=3,
                      annotation_text=f"objectif du {p.plh} : {fr.nombre(annuel)} par an", annotation_position="top left")
    fig.update_layout(title="Logements autorisés par an (Sitadel)", height=420, margin=dict(l=10, r=10, t=60, b=40),
                      xaxis=dict(dtick=1, title=None), yaxis=dict(title="logements", rangemode="tozero"))
    ui.graphique(fig, "diapo_graphique_annuel", "logements_autorises_par_an", "Sitadel (SDES)",
                 f"{f.annee_debut}-{f.annee_fin}", perimetre)
    st.caption(
        "Chaque barre compte les logements neufs autorisés dans l'année ; la ligne pointillée orange est l'objectif "
        f"annuel du {p.plh} ({p.annee_debut}-{p.annee_fin}). Une année sans barre est une donnée manquante."
    )


def diapo_objectifs() -> None:
    ev = valeurs.evolution_territoire(ui.donnees, comptes, f.communes, f.bailleurs, seuil)
    if ev.empty:
        st.info("Aucune attribution sur la période et le périmètre choisis.")
        return
    ui.graphique(ui.figure(A.figure_evolution, ev), "diapo_graphique_objectifs", "objectifs_legaux_attribution", SOURCE_ATTRIB,
                 f"{f.annee_debut}-{f.annee_fin}", perimetre)
    st.caption(
        "Chaque ligne suit la part des attributions qui va au public visé par un objectif légal, année par année ; "
        "les lignes pointillées noires sont les cibles (25 % pour les objectifs 1 et 3, 50 % pour l'objectif 2)."
    )
    objectifs = valeurs.objectifs_territoire(ui.donnees, comptes, annee_attrib, f.communes, f.bailleurs, seuil)
    for c in synthese.cartes_attributions(comptes, annee_attrib, objectifs, seuil):
        st.markdown(f"- **{c.titre}** ({catalogue.libelle(c.statut)}{f', {c.precision}' if c.precision else ''}) : {c.phrase}")


def diapo_bilan_cil() -> None:
    if annee_attrib is None:
        st.info("Aucune attribution sur la période et le périmètre choisis.")
        return
    # The same bilan as the Bilan CIL page and its exports (contingent.bilan_article_11, reading set).
    lecture = C.lecture_reglee(ui.donnees("reglages"))
    comptes_annee = comptes[comptes["annee"] == annee_attrib]
    flux = ui.donnees("contingent_flux", **(f.sql() | {"annee_debut": annee_attrib, "annee_fin": annee_attrib}))
    close = catalogue.periode_close(annee_attrib)
    bilan = valeurs.memoriser(
        ui.donnees, ("bilan_article_11", annee_attrib, lecture, f.communes, f.bailleurs, seuil, close),
        lambda: C.bilan_article_11(comptes_annee, flux, annee_attrib, lecture, f.communes, bailleurs=f.bailleurs, seuil=seuil,
                                   close=close,
                                   comptes_communes=C.lire_comptes_communes(ui.donnees, annee_attrib, annee_attrib, f.bailleurs),
                                   comptes_tous=C.lire_comptes_communes(ui.donnees, annee_attrib, annee_attrib) if f.bailleurs else None))
    ui.graphique(ui.figure(C.figure_bilan_communes, bilan.par_commune, annee_attrib), "diapo_graphique_bilan",
                 f"bilan_cil_{annee_attrib}", SOURCE_ATTRIB, str(annee_attrib), perimetre)
    st.caption(
        f"Attributions de {annee_attrib} au titre du contingent communautaire et des contingents communaux, par commune "
        f"(article 11 de la convention de réservation). Contribution solidaire, lecture retenue : {C.LECTURES[lecture][0]}. "
        + secret.PHRASE.format(seuil=seuil)
    )
    for ligne in bilan.lignes:
        st.markdown(f"- **{ligne.element}** ({catalogue.libelle(ligne.statut)}) : {ligne.phrase}")


DIAPOS = [
    ("Production et objectifs du PLH", diapo_production),
    ("Logements autorisés par an", diapo_annuelle),
    ("Objectifs légaux d'attribution", diapo_objectifs),
    ("Bilan CIL : contingent communautaire par commune", diapo_bilan_cil),
]

# ---------------------------------------------------------------- navigation: ?diapo=N


def _numero() -> int:
    try:
        n = int(st.query_params.get("diapo", "1"))
    except ValueError:
        n = 1
    return min(max(n, 1), len(DIAPOS))


def _aller(n: int) -> None:
    st.query_params["diapo"] = str(n)


n = _numero()
st.query_params["diapo"] = str(n)
st.title(f"Diaporama CIL — {n} / {len(DIAPOS)} : {DIAPOS[n - 1][0]}")
c1, c2, c3 = st.columns([1, 1, 4])
c1.button("Précédent", key="diapo_precedent", icon=":material/arrow_back:", disabled=n == 1, on_click=_aller, args=(n - 1,))
c2.button("Suivant", key="diapo_suivant", icon=":material/arrow_forward:", disabled=n == len(DIAPOS), on_click=_aller, args=(n + 1,))
if not ui.presentation_active():
    c3.caption("Pour projeter : « Mode présentation » dans la barre latérale. L'adresse de la page désigne la diapositive affichée.")
DIAPOS[n - 1][1]()
