"""The Fiche commune's tables, cards and charts (observatoire/figures/fiche_commune.py), by hand."""

import pandas as pd

from observatoire.figures import couleurs, dessins, portrait
from observatoire.figures import fiche_commune as F

NOMS = {"62041": "Arras", "62004": "Achicourt"}


def test_colonnes_des_deux_tableaux():
    valeurs, details = F.colonnes_tableaux("62041", "", NOMS)
    assert valeurs == {
        "indicateur": "indicateur",
        "valeur_62041": "Arras",
        "cu": "CU d'Arras",
        "cible": "cible",
        "statut_62041": "statut Arras",
        "statut_cu": "statut CU",
    }
    assert list(details.values()) == [
        "indicateur",
        "Arras : numérateur ÷ dénominateur",
        "CU d'Arras : numérateur ÷ dénominateur",
    ]
    valeurs, details = F.colonnes_tableaux("62041", "62004", NOMS)
    # the compared commune right after the commune, for values and statuses alike
    assert list(valeurs) == [
        "indicateur",
        "valeur_62041",
        "valeur_62004",
        "cu",
        "cible",
        "statut_62041",
        "statut_62004",
        "statut_cu",
    ]
    assert list(details) == ["indicateur", "detail_62041", "detail_62004", "cu_detail"]


def _grille():
    cles = list(F.CARTES)
    return pd.DataFrame(
        {
            "cle": cles,
            "indicateur": [f"Indicateur {i}" for i in range(4)],
            "valeur_62041": ["7 405", "180,5 ‰", "41,1 %", "16,2 %"],
            "detail_62041": ["d0", "d1", "d2", "d3"],
            "valeur_62004": ["900", "115,4 ‰", "0,0 %", "10,0 %"],
            "cu": ["12 985", "120,5 ‰", "34,0 %", "15,9 %"],
        }
    )


def test_cartes_de_l_entete():
    seule = F.cartes(_grille(), "62041", "", NOMS, 2025)
    assert [c.libelle for c in seule] == list(F.CARTES.values())
    assert seule[0].valeur == "7 405"
    assert seule[0].aide == "Indicateur 0, parc au 1er janvier 2025."
    assert seule[1].detail == "d1  \nCU d'Arras : **120,5 ‰**"
    deux = F.cartes(_grille(), "62041", "62004", NOMS, 2025)
    assert deux[2].detail == "d2  \nAchicourt : **0,0 %**  \nCU d'Arras : **34,0 %**"


def test_graphique_du_parc_et_son_svg():
    stock = pd.DataFrame({"millesime": [2024, 2025], "cu": [10.0, 12.0], "62004": [3.0, 4.0]})
    fig = F.figure_stock(stock, ("62004",), NOMS)
    assert [t.name for t in fig.ecran.data] == ["Achicourt"]
    assert fig.ecran.layout.yaxis.dtick == 1  # under 10 dwellings: whole-number ticks
    assert fig.titre == "Logements sociaux au 1er janvier"
    assert isinstance(fig.svg, dessins.Svg) and "RPLS (SDES), 2024-2025" in fig.svg.texte
    grand = F.figure_stock(stock.assign(**{"62004": [300.0, 400.0]}), ("62004",), NOMS)
    assert grand.ecran.layout.yaxis.dtick is None


def test_graphique_de_production_deux_barres_par_commune():
    prod = pd.DataFrame(
        {
            "annee": [2024],
            "logements_autorises_62041": [10.0],
            "logements_commences_62041": [None],
            "logements_autorises_62004": [2.0],
            "logements_commences_62004": [1.0],
        }
    )
    fig = F.figure_production(prod, ("62041", "62004"), NOMS, [2024], "Sitadel (SDES), 2024-2024")
    noms = [t.name for t in fig.ecran.data]
    assert noms == ["Arras : autorisés", "Arras : commencés", "Achicourt : autorisés", "Achicourt : commencés"]
    teintes = [t.marker.color for t in fig.ecran.data]
    assert teintes == [portrait.BLEU, couleurs.BLEU_CLAIR, portrait.ORANGE, couleurs.ORANGE_CLAIR]


def test_annee_ops_periode_et_legende():
    annees = pd.Series([2018, 2020, 2022])
    assert F.annee_ops(annees, 2021) == 2020
    assert F.annee_ops(annees, 2016) == 2022  # none up to the end of the period: the latest loaded
    assert F.periode(pd.Series([2019, 2016, 2025])) == "2016-2025"
    assert F.legende_objectifs([], "S.").endswith("n'a pas de point : aucune sur la période. S.")
    assert F.legende_objectifs(["Objectif 1 : x", "Objectif 2 : y"], "S.").endswith(
        ": Objectif 1 : x; Objectif 2 : y. S."
    )


def test_page_imprimable():
    loc = dessins.Svg("<svg></svg>")
    page = F.page_imprimable(
        "Fiche commune : Arras",
        loc,
        ["41 019 habitants."],
        [("Indicateurs", pd.DataFrame({"indicateur": ["Parc"], "Arras": ["7 405"]}))],
        [dessins.Svg("<svg id='g1'></svg>")],
        [("Occupation", pd.DataFrame({"profil": ["seul"]}))],
        {"Source": "RPLS"},
    ).decode("utf-8")
    assert page.index("41 019 habitants.") < page.index("Indicateurs") < page.index("g1") < page.index("Occupation")
    assert "size: A4 portrait" in page
