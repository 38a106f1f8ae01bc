"""The PLH bilan's table (observatoire/figures/bilan_plh.py), built once from plh.tableau_bilan's
frame: values, hidden cells and remarks computed by hand."""

import pandas as pd

from observatoire.figures import bilan_plh
from observatoire.indicateurs import plh

P = plh.Plh("PLH 2020-2025", 2020, 2025)


def _bilan():
    lignes = {}
    for code, _, _ in plh.INDICATEURS:
        lignes[code] = {
            "annee_bilan": 2023,
            "objectif_annuel": None,
            "realise_annee": 10.0,
            "realise_cumule": 40.0,
            "objectif_cumule": None,
            "taux": None,
            "ecart": None,
            "statut": None,
            "rythme": None,
            "objectif_periode": None,
            "a_objectif": False,
            "sans_objectif": [],
            "objectif_demo": False,
            "annees_manquantes": [],
        }
    # 600 dwellings a year over 4 counted years: 2 000 built of 2 400 expected (83,3 %), 400 late;
    # 3 600 over 6 years, 1 600 left for 2024-2025: 800 a year.
    lignes["logements"].update(
        objectif_annuel=600.0,
        realise_annee=450.0,
        realise_cumule=2000.0,
        objectif_cumule=2400.0,
        taux=2000 / 2400,
        ecart=-400.0,
        statut=catalogue_en_retard(),
        rythme=800.0,
        objectif_periode=3600.0,
        a_objectif=True,
        annees_manquantes=[2021],
    )
    return pd.DataFrame.from_dict(lignes, orient="index")


def catalogue_en_retard():
    from observatoire.indicateurs import catalogue

    return catalogue.EN_RETARD


def test_une_ligne_par_indicateur_en_francais():
    bilan = _bilan()
    t = bilan_plh.tableau_du_bilan(bilan, pd.Series(False, index=bilan.index), P, communes_choisies=False)
    assert list(t["Indicateur"]) == [libelle for _, libelle, _ in plh.INDICATEURS]
    logements = t.iloc[0]
    assert logements["Objectif annuel"] == "600"
    assert logements["Réalisé en 2023"] == "450"
    assert logements["Réalisé cumulé 2020-2023"] == "2\u202f000"
    assert logements["Taux de réalisation (cible 100 %)"] == "83,3\u00a0%"
    assert logements["Écart (logements)"] == "−400"
    assert logements["Rythme nécessaire / an jusqu'en 2025"] == "800"
    assert logements["Objectif du PLH (6 années comptées)"] == "3\u202f600"
    assert logements["Remarque"] == "donnée manquante : 2021"
    lls = t.iloc[1]
    assert lls["Objectif annuel"] == "–" and lls["Situation"] == "–"
    assert lls["Remarque"] == plh.PAS_D_OBJECTIF_CU


def test_les_chiffres_caches_disent_secret_statistique():
    bilan = _bilan()
    caches = pd.Series(False, index=bilan.index)
    caches["logements"] = True
    t = bilan_plh.tableau_du_bilan(bilan, caches, P, communes_choisies=True)
    logements = t.iloc[0]
    for colonne in ("Réalisé en 2023", "Réalisé cumulé 2020-2023", "Taux de réalisation (cible 100 %)", "Situation"):
        assert logements[colonne] == "secret statistique", colonne
    assert logements["Objectif annuel"] == "600"  # a target is never hidden
    assert t.iloc[1]["Remarque"] == plh.PAS_D_OBJECTIF
