"""The PLH bilan's table on the Production page: one line per indicator, hidden figures read
« secret statistique », missing ones « – ». Pure: tested without Streamlit."""

from __future__ import annotations

import pandas as pd

from observatoire import formats as fr
from observatoire.base import memoire
from observatoire.indicateurs import plh
from observatoire.secret import suppression as secret


@memoire.pur
def tableau_du_bilan(bilan: pd.DataFrame, caches: pd.Series, p: plh.Plh, communes_choisies: bool) -> pd.DataFrame:
    """`bilan`: plh.tableau_bilan (masked by plh.masquer_bilan when communes are chosen),
    `caches`: which indicators the mask hides."""
    lignes = []
    for code, libelle, mesure in plh.INDICATEURS:
        b = bilan.loc[code]
        masque = bool(caches[code])
        remarques = []
        if b["annees_manquantes"]:
            remarques.append("donnée manquante : " + ", ".join(map(str, b["annees_manquantes"])))
        if not b["a_objectif"]:
            remarques.append(plh.PAS_D_OBJECTIF if communes_choisies else plh.PAS_D_OBJECTIF_CU)
        elif b["sans_objectif"]:
            remarques.append(f"{len(b['sans_objectif'])} commune(s) sans objectif communal")
        if b["objectif_demo"]:
            remarques.append("objectif communal de démonstration")
        if code in plh.PLAFONDS and b["a_objectif"]:
            remarques.append("plafond sur tout le PLH, pas un minimum")
        lignes.append(
            {
                "Indicateur": libelle,
                "Mesuré par": mesure,
                "Objectif annuel": fr.valeur_affichee(b["objectif_annuel"]),
                f"Réalisé en {b['annee_bilan']}": fr.valeur_affichee(b["realise_annee"], cache=masque),
                f"Réalisé cumulé {p.annee_debut}-{b['annee_bilan']}": secret.SECRET
                if masque
                else fr.valeur_affichee(b["realise_cumule"]),
                f"Objectif cumulé fin {b['annee_bilan']}": fr.valeur_affichee(b["objectif_cumule"]),
                "Taux de réalisation (cible 100 %)": fr.valeur_affichee(b["taux"], "pourcent", cache=masque),
                "Écart (logements)": fr.valeur_affichee(b["ecart"], cache=masque),
                "Situation": secret.SECRET
                if masque
                else (plh.mots_statut(b["statut"], code in plh.PLAFONDS) if b["a_objectif"] else "–"),
                f"Rythme nécessaire / an jusqu'en {p.annee_fin}": (
                    secret.SECRET
                    if masque
                    else (
                        "PLH terminé"
                        if b["rythme"] is None
                        and plh.annees_restantes(b["annee_bilan"], p) == 0
                        and code not in plh.PLAFONDS
                        else fr.valeur_affichee(b["rythme"])
                    )
                ),
                f"Objectif du PLH ({p.nb_annees} années comptées)": fr.valeur_affichee(b["objectif_periode"]),
                "Remarque": " ; ".join(remarques),
            }
        )
    return pd.DataFrame(lignes)
