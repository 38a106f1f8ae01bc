"""Diaporama for the CIL: one message per slide (a headline figure with its status, one chart, the
source), 16:9, held in 1280×720; stepped with « précédente / suivante », the keyboard or a clicker
(→ ← PgDn PgUp Espace, Début / Fin). The URL points to one slide (`?diapo=N`). Slide content is
built by observatoire.figures.diaporama from the results the other pages compute."""

import dataclasses

import pandas as pd
import streamlit as st

from observatoire.ecrans import cadre, chiffres, filtres, graphiques, requetes
from observatoire.figures import diaporama as D
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import contingent as C
from observatoire.indicateurs import parc, plh, synthese
from observatoire.secret import suppression as secret
from observatoire.secret import valeurs

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
perimetre = f.perimetre()

# ---------------------------------------------------------------- data of each slide (read only when shown)

plhs = requetes.donnees("plh_liste")
p = synthese.plh_de_reference(plhs, f.annee_fin)
comptes = requetes.donnees(
    "attributions_comptes", **f.sql(), reservataire=None, reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL
)
annee_attrib = requetes.donnees("carte_annee_attributions", **f.sql())["annee"].iloc[0]
annee_attrib = None if pd.isna(annee_attrib) else int(annee_attrib)  # no attribution yet: NA, not a year


def _production():
    """The PLH's cards and bilan on its counted years up to the end of the period (as the Accueil)."""
    if p is None or min(f.annee_fin, p.annee_fin) < p.annee_debut:
        return [], None, None, None
    annee_bilan = min(f.annee_fin, p.annee_fin)
    production, objectifs, cartes = chiffres.production_plh(f, p, seuil)
    realise = plh.realise_annuel(production, "autorises", range(p.annee_debut, annee_bilan + 1))
    cibles = plh.objectifs_du_perimetre(objectifs, f.communes)
    return cartes, plh.tableau_bilan(realise, cibles, annee_bilan, p), annee_bilan, cibles


def diapo_production() -> D.Diapo:
    cartes, bilan, annee_bilan, _ = _production()
    return D.diapo_production(cartes, bilan, p, annee_bilan)


def diapo_annuelle() -> D.Diapo:
    cartes, bilan, _, cibles = _production()
    communes = list(plh.communes_comptees(p, f.communes)) if p is not None else list(f.communes)
    production = requetes.donnees("production_par_annee", **(f.sql() | {"communes": communes}))
    serie = plh.realise_annuel(production, "autorises", range(f.annee_debut, f.annee_fin + 1))["logements"]
    annuel = ((cibles or {}).get("logements") or {}).get("annuel")
    return D.diapo_annuelle(serie, p, annuel, bilan, cartes[0].statut if cartes else None, f.annee_debut, f.annee_fin)


def _objectif(n: int) -> D.Diapo:
    objectifs = (
        valeurs.objectifs_territoire(requetes.donnees, comptes, annee_attrib, f.communes, f.bailleurs, seuil)
        if annee_attrib
        else {}
    )
    carte = synthese.cartes_attributions(comptes, annee_attrib, objectifs, seuil)[n - 1]
    ev = valeurs.evolution_territoire(requetes.donnees, comptes, f.communes, f.bailleurs, seuil)
    return D.diapo_objectif(n, carte, ev)


def _bilan_article_11():
    """The same bilan as the Bilan CIL page and its exports (contingent.bilan_article_11, the reading set)."""
    lecture = C.lecture_reglee(requetes.donnees("reglages"))
    if annee_attrib is None:
        return None, lecture
    flux = requetes.donnees("contingent_flux", **(f.sql() | {"annee_debut": annee_attrib, "annee_fin": annee_attrib}))
    bilan = chiffres.bilan_article_11(
        f,
        annee_attrib,
        lecture,
        seuil,
        comptes[comptes["annee"] == annee_attrib],
        flux,
        lambda: C.lire_comptes_communes(requetes.donnees, annee_attrib, annee_attrib, f.bailleurs),
        (lambda: C.lire_comptes_communes(requetes.donnees, annee_attrib, annee_attrib)) if f.bailleurs else None,
    )
    return bilan, lecture


def diapo_contingent() -> D.Diapo:
    return D.diapo_contingent(_bilan_article_11()[0], annee_attrib)


def diapo_article_11() -> D.Diapo:
    bilan, lecture = _bilan_article_11()
    d = D.diapo_article_11(bilan, annee_attrib, lecture)
    if bilan is not None:
        d = dataclasses.replace(d, phrase=d.phrase + " " + secret.PHRASE.format(seuil=seuil))
    return d


def diapo_parc() -> D.Diapo:
    millesime = requetes.donnees("rpls_dernier_millesime", **f.sql())["millesime"].iloc[0]
    if pd.isna(millesime):
        return D._vide("Le parc social", "Aucun millésime RPLS jusqu'à la fin de la période choisie.", "RPLS")
    millesime = int(millesime)
    ind = requetes.donnees(
        "parc_indicateurs", **f.sql(), millesime_debut=millesime - 6, millesime_fin=millesime, par_commune=False
    )
    serie = ind.groupby("millesime")["logements"].sum().sort_index()
    avant = parc.total(ind, millesime - 1) if (millesime - 1) in serie.index else None
    return D.diapo_parc(synthese.carte_parc(parc.total(ind, millesime), avant, millesime), serie)


DIAPOS = [
    ("Production et objectifs du PLH", diapo_production),
    ("Logements autorisés par an", diapo_annuelle),
    ("Objectif légal 1", lambda: _objectif(1)),
    ("Objectif légal 2", lambda: _objectif(2)),
    ("Objectif légal 3", lambda: _objectif(3)),
    ("Contingent communautaire", diapo_contingent),
    ("Bilan de l'article 11", diapo_article_11),
    ("Le parc social", diapo_parc),
]

# ---------------------------------------------------------------- navigation: ?diapo=N, buttons, keys


def _numero() -> int:
    try:
        n = int(st.query_params.get("diapo", "1"))
    except ValueError:
        n = 1
    return min(max(n, 1), len(DIAPOS))


def _aller(n: int) -> None:
    st.query_params["diapo"] = str(n)


def dessiner(d: D.Diapo, n: int) -> None:
    st.title(f"Diaporama CIL — {n} / {len(DIAPOS)} : {d.titre}")
    if len(d.chiffres) > 1 or d.figure is None:
        # Several figures (the art. 11 bilan) or no chart: the figures side by side, the sentence below.
        for col, c in zip(st.columns(len(d.chiffres), border=True), d.chiffres):
            with col:
                chiffres.chiffre(c)
        st.markdown(d.phrase)
        if d.note:
            st.caption(d.note)
        cadre.legende(d.source, d.millesime, perimetre)
    else:
        gauche, droite = st.columns([2, 3], gap="medium")
        with gauche:
            chiffres.chiffre(d.chiffres[0])
            st.markdown(d.phrase)
        with droite:
            graphiques.graphique(
                d.figure, f"diapo_graphique_{n}", f"diapo_{n}_{d.titre}", d.source, d.millesime, perimetre
            )
            if d.note:
                st.caption(d.note)
    if d.lignes and not cadre.presentation_active():
        with st.expander("Le détail, phrase par phrase"):
            for ligne in d.lignes:
                st.markdown(ligne)


n = _numero()
st.query_params["diapo"] = str(n)
st.html(D.CSS_DIAPO)
with st.container(key="diapo_cadre"):
    dessiner(DIAPOS[n - 1][1](), n)

with st.container(key="diapo_pied", horizontal=True, vertical_alignment="center", gap="small"):
    dernier = len(DIAPOS)
    for libelle, cle, icone, droite, vers, aide in (
        ("Première", "premiere", "first_page", False, 1, "Touche Début"),
        ("Précédente", "precedente", "arrow_back", False, n - 1, "Touches ← ou Page précédente"),
        ("Suivante", "suivante", "arrow_forward", True, n + 1, "Touches →, Page suivante ou Espace"),
        ("Dernière", "derniere", "last_page", True, dernier, "Touche Fin"),
    ):
        st.button(
            libelle,
            key=f"diapo_{cle}",
            icon=f":material/{icone}:",
            disabled=n == (dernier if droite else 1),
            on_click=_aller,
            args=(vers,),
            help=aide,
            **({"icon_position": "right"} if droite else {}),
        )
    jeux_demo = requetes.donnees("jeux_demo")["jeu"].tolist()
    # The demo mark: small and in the same place on every slide (the page's banner is left out when projecting).
    st.caption(
        f"Diapositive {n} / {len(DIAPOS)}"
        + ("" if cadre.presentation_active() else " · pour projeter : « Mode présentation » dans la barre latérale")
        + (" · :orange-badge[:material/warning: Données de démonstration, inventées]" if jeux_demo else "")
    )
    st.html(D.script_clavier(), unsafe_allow_javascript=True)
