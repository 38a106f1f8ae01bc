"""The Fiche commune's two widgets (the commune shown, the commune compared with it), kept in the
URL as ?commune=62041&comparer=62004, its locator map as an image with a text alternative, and
the series it reads from the base (cached queries) for observatoire.figures.fiche_commune."""

from __future__ import annotations

import base64
import datetime
import html
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from observatoire.base import db, memoire
from observatoire.chargement import publiques
from observatoire.ecrans import filtres, graphiques, grille_communes, navigation, requetes
from observatoire.ecrans.filtres import Filtres
from observatoire.ecrans.grille_communes import Grille
from observatoire.figures import dessins, fiche_commune, portrait
from observatoire.indicateurs import attributions as A
from observatoire.secret import valeurs


def choisir(selection, noms: dict) -> tuple[str, str]:
    """The commune shown and the one compared with it (« » for none). Read and written here rather
    than with bind="query-params", which would put the commune's name, not its INSEE code, in the
    URL (the map links to ?commune=62041)."""
    choix = portrait.choix_commune(selection, st.query_params.get("commune"), noms)
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
    filtres.ecrire_url("commune", [code])
    filtres.ecrire_url("comparer", [autre] if autre else [])
    return code, autre


def carte_de_situation(localisation: dessins.Svg, legende: str) -> None:
    """An <img> with its alternative text (RGAA 1.1): st.image gives an SVG none."""
    image = base64.b64encode(localisation.texte.encode("utf-8")).decode("ascii")
    st.html(
        f'<img src="data:image/svg+xml;base64,{image}" width="220" '
        f'alt="Carte de situation : {html.escape(legende, quote=True)} de la CU d\'Arras">'
    )
    st.caption(legende)


# ---------------------------------------------------------------- the fiche's series, read from the base


def stock(f: Filtres, codes) -> pd.DataFrame:
    """Social stock of each loaded RPLS vintage (portrait.serie_parc); empty when none is loaded."""
    millesimes = requetes.donnees("parc_millesimes")["millesime"]
    if not len(millesimes):
        return pd.DataFrame()
    # The query's own parameters only: the period is not one of them, and in the cache key it
    # would read the same rows again for each period.
    brut = requetes.donnees(
        "parc_indicateurs",
        communes=[],
        bailleurs=list(f.bailleurs),
        millesime_debut=int(millesimes.min()),
        millesime_fin=int(millesimes.max()),
        par_commune=True,
    )
    return portrait.serie_parc(brut, codes)


def evolutions_objectifs(f: Filtres, codes, seuil: int) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The legal objectives year by year of each commune and of the CU: the Objectifs légaux page's
    own call with the commune as filter, so a year hidden there is a gap here.

    Computed over every year of the filters' range, then the period's years kept: each year's row
    depends on that year's attributions alone (attributions.evolution sums year by year,
    valeurs.objectifs_territoire is kept per year), so a new period reuses the years computed."""
    bornes = requetes.donnees("annees_disponibles").iloc[0]
    annee_min, annee_max = int(bornes["annee_min"]), int(bornes["annee_max"])

    def comptes(communes: list[str]) -> pd.DataFrame:
        return requetes.donnees(
            "attributions_comptes",
            annee_debut=annee_min,
            annee_fin=annee_max,
            communes=communes,
            bailleurs=list(f.bailleurs),
            reservataire=None,
            reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
        )

    def periode(ev: pd.DataFrame) -> pd.DataFrame:
        return fiche_commune.annees_de_la_periode(ev, f.annee_debut, f.annee_fin)

    ev = {
        c: periode(valeurs.evolution_territoire(requetes.donnees, comptes([c]), (c,), f.bailleurs, seuil))
        for c in codes
    }
    return ev, periode(valeurs.evolution_territoire(requetes.donnees, comptes([]), (), f.bailleurs, seuil))


def production(f: Filtres, codes, annees: list[int]) -> pd.DataFrame:
    """Dwellings authorised and started per year of each commune (portrait.serie_production)."""
    # Every year of the filters' range, read once per commune: serie_production keeps `annees`.
    bornes = requetes.donnees("annees_disponibles").iloc[0]
    par_commune = {
        c: requetes.donnees(
            "production_par_annee",
            annee_debut=min(int(bornes["annee_min"]), f.annee_debut),
            annee_fin=max(int(bornes["annee_max"]), f.annee_fin),
            communes=[c],
        )
        for c in codes
    }
    return portrait.serie_production(par_commune, annees)


def occupation(f: Filtres, code: str, seuil: int) -> tuple[int | None, pd.DataFrame]:
    """The OPS survey shown (the latest up to the end of the period) and the commune's rows, read on
    the grid of every commune (the Occupation page's cells, whatever its selection) and the CU;
    (None, empty) when no survey is loaded."""
    ops = requetes.donnees("ops_enquete", communes=[])  # every survey year: the query has no period
    if ops.empty:
        return None, pd.DataFrame()
    annee_ops = fiche_commune.annee_ops(ops["annee"], f.annee_fin)
    return annee_ops, fiche_commune.occupation(ops[ops["annee"] == annee_ops], code, seuil)


# ---------------------------------------------------------------- everything the fiche computes, kept per view


@dataclass(frozen=True)
class Fiche:
    """What the Fiche commune draws for one commune (and the compared one), filters and
    threshold: read-only for the page (shared between sessions)."""

    grille_lue: Grille
    grille: pd.DataFrame  # carte.fiche_communes
    valeurs_affichees: pd.DataFrame
    details_affiches: pd.DataFrame
    localisation: dessins.Svg
    stock: pd.DataFrame
    spec_stock: dict | None
    svg_stock: dessins.Svg | None
    population: pd.DataFrame
    spec_population: dict | None
    svg_population: dessins.Svg | None
    objectifs: fiche_commune.LectureObjectifs | None  # None: no attribution in the period
    spec_objectifs: dict | None
    chiffres_objectifs: pd.DataFrame | None
    table_objectifs: pd.DataFrame | None
    spec_production: dict
    chiffres_production: pd.DataFrame
    svg_production: dessins.Svg
    annee_ops: int | None
    occupation: pd.DataFrame
    publics: dict[str, pd.DataFrame]


SOURCE_POPULATION = publiques.source_ecran("population_communes")
# The fiche's parts, kept apart from the other results: a few MB.
_PARTIES = memoire.Reserve(768)


def _garder(cle: tuple, calcul):
    """`calcul()` once per `cle`, shared between sessions (its result read-only)."""
    return _PARTIES.obtenir(cle, calcul)


def fiche(f: Filtres, code: str, autre: str, seuil: int, communes: pd.DataFrame, noms: dict) -> Fiche:
    """The fiche of `code` (compared with `autre`, « » for none), each part computed once for what
    decides it: base version, landlords, communes shown, threshold and current year (statuses)
    for all; the end of the period for the indicators' grid; the whole period for the trends of
    the period. A rerun with the same settings, or another period, reads back what it can instead
    of digesting each frame again for every kept figure. Everything comes from the base
    (requetes.donnees), the arguments and the current year: all in the keys."""
    commun = (
        requetes.donnees.jeton(),
        db.territoire(),
        datetime.date.today().year,
        tuple(f.bailleurs),
        code,
        autre,
        seuil,
    )
    codes = (code, autre) if autre else (code,)
    noms_fiche = {c: noms[c] for c in codes}  # what the charts read: their keys stay small
    fixe = _garder(("fixe", *commun), lambda: _partie_fixe(f, code, autre, codes, communes, noms, noms_fiche))
    grille = _garder(
        ("grille", f.annee_fin, *commun), lambda: _partie_grille(f, code, autre, codes, seuil, communes, noms)
    )
    periode = _garder(
        ("periode", f.annee_debut, f.annee_fin, *commun), lambda: _partie_periode(f, code, codes, seuil, noms_fiche)
    )
    # The OPS survey shown depends on the end of the period only.
    annee_ops, lignes = _garder(("ops", f.annee_fin, *commun), lambda: occupation(f, code, seuil))
    return Fiche(**fixe, **grille, **periode, annee_ops=annee_ops, occupation=lignes)


def _partie_fixe(f: Filtres, code, autre, codes, communes, noms, noms_fiche) -> dict:
    """What the period does not change: the locator map, the stock and population series, the
    real public figures."""
    F = fiche_commune
    serie_stock = stock(f, codes)
    pop = portrait.serie_population(requetes.donnees("publiques_population"), codes)
    return dict(
        localisation=F.localisation(communes, code, autre or None),
        stock=serie_stock,
        spec_stock=None if serie_stock.empty else graphiques.figure(F.ecran_stock, serie_stock, codes, noms_fiche),
        svg_stock=None if serie_stock.empty else F.svg_stock(serie_stock, codes, noms_fiche),
        population=pop,
        spec_population=None if pop.empty else graphiques.figure(F.ecran_population, pop, codes, noms_fiche),
        svg_population=None if pop.empty else F.svg_population(pop, codes, noms_fiche, SOURCE_POPULATION),
        publics=portrait.public_cote_a_cote(code, autre or None, requetes.donnees, noms),
    )


def _partie_grille(f: Filtres, code, autre, codes, seuil, communes, noms) -> dict:
    """The indicators' grid: the latest RPLS vintage and attribution year up to the end of the period."""
    g = grille_communes.lire(f, seuil)
    grille = g.indicateurs(codes, communes, seuil)
    colonnes, details = fiche_commune.colonnes_tableaux(code, autre, noms)
    return dict(
        grille_lue=g,
        grille=grille,
        valeurs_affichees=grille[list(colonnes)].rename(columns=colonnes),
        details_affiches=grille[list(details)].rename(columns=details),
    )


def _partie_periode(f: Filtres, code, codes, seuil, noms_fiche) -> dict:
    """The trends of the period: legal objectives and production year by year."""
    F = fiche_commune
    periode = f"{f.annee_debut}-{f.annee_fin}"
    ev, ev_cu = evolutions_objectifs(f, codes, seuil)
    obj = None if ev_cu.empty else F.lecture_objectifs(ev, ev_cu, codes, noms_fiche, f"{F.SOURCE_ATTRIB}, {periode}")
    annees = list(range(f.annee_debut, f.annee_fin + 1))
    prod = production(f, codes, annees)
    return dict(
        objectifs=obj,
        spec_objectifs=None if obj is None else graphiques.figure(F.ecran_objectifs, obj.series, codes, noms_fiche),
        chiffres_objectifs=None if obj is None else F.chiffres(F.ecran_objectifs, obj.series, codes, noms_fiche),
        table_objectifs=None if obj is None else portrait.table_objectifs(obj.series, codes, noms_fiche),
        spec_production=graphiques.figure(F.ecran_production, prod, codes, noms_fiche),
        chiffres_production=F.chiffres(F.ecran_production, prod, codes, noms_fiche),
        svg_production=F.svg_production(prod, codes, noms_fiche, annees, f"{F.SOURCE_PROD}, {periode}"),
    )
