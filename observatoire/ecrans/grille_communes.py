"""The figures every commune's column is computed from, as Fiche commune and Comparer des communes
read them: the latest RPLS vintage and attribution year of the filters, the stock of every
commune, the legal objectives' grid of every commune and of the whole CU, the PLH rates.
`carte.fiche_communes` turns them into the indicators' grid."""

from __future__ import annotations

import datetime
import threading
from collections import OrderedDict
from dataclasses import dataclass

import pandas as pd

from observatoire.base import db
from observatoire.ecrans import requetes
from observatoire.ecrans.filtres import Filtres
from observatoire.figures import carte
from observatoire.secret import valeurs


@dataclass(frozen=True)
class Grille:
    millesime: int | None
    annee_attrib: int | None
    logements: pd.DataFrame
    logements_tous: pd.DataFrame | None
    attrib: pd.DataFrame | None
    objectifs_cu: dict | None
    plh: pd.DataFrame
    objectif_cu: float | None
    nom_plh: str

    def indicateurs(self, codes, communes: pd.DataFrame, seuil: int, cles=None) -> pd.DataFrame:
        """The indicators' grid of `codes` beside the whole CU (carte.fiche_communes)."""

        return carte.fiche_communes(
            codes,
            communes,
            self.logements,
            self.attrib,
            self.plh,
            self.objectif_cu,
            seuil,
            self.objectifs_cu,
            self.logements_tous,
            cles=cles,
        )


def _annee(df: pd.DataFrame, colonne: str) -> int | None:
    x = df[colonne].iloc[0]
    return None if pd.isna(x) else int(x)


_GRILLES: OrderedDict = OrderedDict()
_GRILLES_MAX = 128  # (end of period, landlords, threshold) settings kept, least recently used dropped
_verrou = threading.Lock()


def lire(f: Filtres, seuil: int) -> Grille:
    """The grid's inputs for these filters, read once per base version, end of the period,
    landlords and threshold (what decides them: the start of the period and the communes do
    not), and the current year (statuses); read-only for the callers (shared between sessions)."""
    cle = (
        requetes.donnees.jeton(),
        db.territoire(),
        datetime.date.today().year,
        f.annee_fin,
        tuple(f.bailleurs),
        seuil,
    )
    with _verrou:
        gardee = _GRILLES.get(cle)
        if gardee is not None:
            _GRILLES.move_to_end(cle)
            return gardee
    lue = _lire(f, seuil)
    with _verrou:
        _GRILLES[cle] = lue
        while len(_GRILLES) > _GRILLES_MAX:
            _GRILLES.popitem(last=False)
    return lue


def _lire(f: Filtres, seuil: int) -> Grille:
    # Each query gets its own parameters only: a parameter it does not read (the start of the
    # period) would, in the cache key, read the same rows again for each period.
    millesime = _annee(requetes.donnees("rpls_dernier_millesime", annee_fin=f.annee_fin), "millesime")
    annee_attrib = _annee(requetes.donnees("carte_annee_attributions", annee_fin=f.annee_fin), "annee")
    logements = requetes.donnees(
        "parc_indicateurs",
        communes=[],
        bailleurs=list(f.bailleurs),
        millesime_debut=millesime,
        millesime_fin=millesime,
        par_commune=True,
    )
    logements_tous = None
    if f.bailleurs:  # landlord filter: the other landlords' counts must pass the threshold too
        logements_tous = requetes.donnees(
            "parc_indicateurs",
            communes=[],
            bailleurs=[],
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
    plh_cu = requetes.donnees("fiche_objectif_plh_cu")
    return Grille(
        millesime=millesime,
        annee_attrib=annee_attrib,
        logements=logements,
        logements_tous=logements_tous,
        attrib=attrib,
        objectifs_cu=objectifs_cu,
        # Without its list of counted years (arrays in cells, unread here): each memoised grid
        # function digests this frame, and those cells cost more to digest than all the others.
        plh=requetes.donnees("carte_taux_plh").drop(columns=["annees_comptees"], errors="ignore"),
        objectif_cu=None if plh_cu.empty or pd.isna(plh_cu["objectif"].iloc[0]) else float(plh_cu["objectif"].iloc[0]),
        nom_plh=plh_cu["plh"].iloc[0] if not plh_cu.empty else "PLH",
    )
