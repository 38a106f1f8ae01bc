"""A headline figure with its status badge (Bilan CIL's art. 11 figures, the diaporama's slides),
and the art. 11 bilan both compute once per base version and filters."""

from __future__ import annotations

import streamlit as st

from observatoire.ecrans import requetes
from observatoire.ecrans.filtres import Filtres
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue, plh, synthese
from observatoire.indicateurs import contingent as C
from observatoire.secret import valeurs


def chiffre(c, reference_en_legende: bool = False) -> None:
    """`c`: a figures.diaporama.Chiffre. Its reference sentence under the badge, as a caption (an
    empty one keeps the cards aligned) or as text."""
    pres = catalogue.PRESENTATION.get(c.statut, catalogue.PRESENTATION[catalogue.SANS_CIBLE])
    st.metric(c.libelle, c.valeur)
    st.badge(pres.mot, icon=pres.icone, color=pres.couleur)
    reference = c.reference[0].upper() + c.reference[1:] if c.reference else ""
    if reference_en_legende:
        st.caption(reference)
    elif reference:
        st.markdown(reference)


def bilan_article_11(f: Filtres, annee: int, lecture: str, seuil: int, comptes, flux, comptes_communes, comptes_tous):
    """contingent.bilan_article_11, computed once per base version and filters: the Bilan CIL page,
    its exports and the diaporama's slides read the same result. `comptes_communes` and
    `comptes_tous` may be given as functions, then read only when the bilan is not kept yet."""
    close = catalogue.periode_close(annee)
    return valeurs.memoriser(
        requetes.donnees,
        ("bilan_article_11", annee, lecture, f.communes, f.bailleurs, seuil, close),
        lambda: C.bilan_article_11(
            comptes,
            flux,
            annee,
            lecture,
            f.communes,
            comptes_communes=comptes_communes() if callable(comptes_communes) else comptes_communes,
            bailleurs=f.bailleurs,
            seuil=seuil,
            close=close,
            comptes_tous=comptes_tous() if callable(comptes_tous) else comptes_tous,
        ),
    )


def comptes_du_bilan(f: Filtres, annee: int):
    """The attribution counts of a bilan year: of the period up to it (one query for the year and
    the evolution chart), of the year, and of the year on every commune with the same landlords
    (the grid on which the secret statistique is decided, whatever the commune filter, and the CU
    level shown in place of a withheld selection)."""
    periode = requetes.donnees(
        "attributions_comptes",
        **(f.sql() | {"annee_fin": annee}),
        reservataire=None,
        reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
    )
    communes = (
        periode if not f.communes else C.lire_comptes_communes(requetes.donnees, f.annee_debut, annee, f.bailleurs)
    )
    return periode, periode[periode["annee"] == annee], communes[communes["annee"] == annee]


def production_plh(f: Filtres, p, seuil: int):
    """The PLH's production and targets on the selection (its counted communes), and the
    production cards the Accueil and the diaporama show: (production, objectifs, cartes)."""
    production = requetes.donnees(
        "production_par_annee",
        annee_debut=p.annee_debut,
        annee_fin=p.annee_fin,
        communes=list(plh.communes_comptees(p, f.communes)),
    )
    objectifs = requetes.donnees("objectifs_plh_perimetre", plh=p.plh, communes=list(f.communes))
    return production, objectifs, synthese.cartes_production(production, objectifs, p, f.communes, f.annee_fin, seuil)
