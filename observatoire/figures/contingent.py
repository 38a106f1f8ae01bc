"""What the Contingent communautaire page shows, built without Streamlit: the table of the year's
inputs and objective per landlord (with its « Ensemble » row), the entry form's starting rows,
and the longer sentences."""

from __future__ import annotations

import pandas as pd

from observatoire import formats as fr
from observatoire.base import memoire
from observatoire.indicateurs import contingent as C

SOURCE_FLUX = "Bailleurs (convention de réservation, gestion en flux)"
SOURCE_ATTR = "SNE / exports des bailleurs (attributions)"
SOURCE_EXEMPLE = "Convention de réservation 2024-2026, annexe 2"
COLONNES_OBJECTIF = ["bailleur"] + C.ENTREES + ["exclusions", "assiette", "contingent_prefectoral", "contingent_epci"]
COLONNES_COMMUNES = [
    ("contingent_entite", "Attributions au titre du contingent communautaire et communal", "nombre"),
    ("contingent_entite_refus", "dont refusées par le ménage", "nombre"),
    ("contingent_realise", "Flux réalisé (bail signé)", "nombre"),
]


@memoire.pur
def table_objectif(calc: pd.DataFrame) -> pd.DataFrame:
    """C.tableau_flux in words: one row per landlord, its status (demo or entered), then the
    « Ensemble » row summing every column."""
    vue = calc.assign(statut=calc["demo"].map({True: "démo", False: "saisi"}))
    total = {c: calc[c].sum() for c in COLONNES_OBJECTIF[1:]} | {"bailleur": "Ensemble"}
    affiche = pd.concat(
        [vue[COLONNES_OBJECTIF + ["statut"]], pd.DataFrame([total | {"statut": ""}])], ignore_index=True
    )
    for c in COLONNES_OBJECTIF[1:]:
        affiche[c] = affiche[c].map(fr.nombre)
    return affiche.rename(columns=C.LIBELLES_COURTS | {"statut": "Statut"})


@memoire.pur
def modele_saisie(flux_an: pd.DataFrame, annee: int, bailleurs: list[str]) -> pd.DataFrame:
    """The entry form's rows: the year's inputs, else a row of zeros per known landlord."""
    modele = (
        flux_an[["annee", "bailleur"] + C.ENTREES]
        if not flux_an.empty
        else pd.DataFrame({"annee": annee, "bailleur": bailleurs, **{c: 0 for c in C.ENTREES}})
    )
    return modele.reset_index(drop=True)


PHRASE_CALCUL = (
    "**Assiette de référence** = mises en location − (mutations internes hors NPNRU + relogements NPNRU internes "
    "+ relogements LHI + relogements liés aux ventes) ; **contingent préfectoral** = 30 % de l'assiette ; "
    "**contingent EPCI** = 20 % de l'assiette.  \n"
    f"{C.REGLE_PREMIERES}  \n{C.REGLE_ARRONDI}"
)


def phrase_realise(close: bool) -> str:
    return (
        "Le **flux réalisé** compte les attributions du contingent suivies d'un **bail signé** : une proposition refusée "
        "ne libère pas de logement. Le contingent communautaire et les contingents communaux « ne forment qu'une seule "
        "entité » (convention de réservation 2024-2026, article 3) : les attributions des deux comptent ensemble. "
        + (
            "L'année est close : statut « atteint » ou « non atteint »."
            if close
            else "L'année est en cours : « en avance » ou « en retard » par rapport au rythme attendu à ce jour "
            "(flux dû × jours écoulés ÷ jours de l'année)."
        )
    )


def legende_objectif(annee: int, total) -> str:
    return (
        f"Pour chaque bailleur, les entrées de {annee} et le calcul de l'objectif : la dernière colonne est le nombre "
        f"d'attributions que le bailleur doit réaliser au titre du contingent communautaire en {annee} "
        f"(total : **{fr.nombre(total)}**). Exclusions = (2) + (3) + (4) + (5) ; assiette = (1) − exclusions. Les "
        "volumes de logements d'une convention ne décrivent pas des ménages : ils ne sont pas soumis au secret "
        "statistique."
    )


def legende_realise(annee: int, phrase_fin: str) -> str:
    return (
        f"Pour chaque bailleur, le flux réalisé en {annee} (attributions du contingent communautaire et communal "
        f"suivies d'un bail signé), comparé au flux dû (20 % de l'assiette) : écart en logements, taux de réalisation "
        f"et statut, pour {C.TOUTE_LA_CU} (le flux dû est fixé pour la CU, quel que soit le filtre de communes). "
        f"Le total compare les bailleurs qui ont un flux dû. {phrase_fin}"
    )


def legende_communes(annee: int, phrase_fin: str) -> str:
    return (
        f"Les attributions de {annee} au titre du contingent communautaire et communal, commune par commune, et celles "
        f"suivies d'un bail signé (le contingent est délégué aux maires ; le flux dû est fixé par bailleur, pas par "
        f"commune). Les cases masquées sont celles du bilan CIL par commune, quelle que soit la sélection. {phrase_fin}"
    )


PHRASE_SAISIE = (
    "Une ligne par bailleur et par année, en nombres entiers positifs ou nuls. Une saisie remplace les entrées du "
    "même bailleur pour la même année ; l'objectif est recalculé aussitôt. Rien n'est enregistré si une valeur est "
    "négative, non numérique, ou si les exclusions dépassent les mises en location."
)
