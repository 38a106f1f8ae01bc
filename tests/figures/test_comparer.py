"""Compare communes: a column per commune (never summed) and the CU, indicators from the URL, the
same hidden cells as the map and Objectifs légaux, CSV / XLSX exports."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from observatoire.figures import comparer
from observatoire.secret import suppression as secret
from tests.outils.app import lancer

PAGE = "comparer"
NOMS = {"62041": "Arras", "62099": "Beaurains"}


def test_indicateurs_demandes_dans_l_adresse():
    assert comparer.indicateurs_demandes(["vacance", "parc", "inconnu'; --"]) == ["parc_social", "vacance"]
    assert comparer.indicateurs_demandes([]) == []  # the page reads it as « every indicator »
    assert "Contingent communautaire (gestion en flux)" in comparer.NON_COMPARABLES


def test_tableaux_une_colonne_par_commune():
    grille = pd.DataFrame(
        {
            "cle": ["parc_social", "vacance"],
            "indicateur": ["Logements sociaux", "Vacance"],
            "valeur_62041": ["7 405", "1,4 %"],
            "detail_62041": ["7 405 logements", "102 ÷ 7 000"],
            "statut_62041": ["", ""],
            "valeur_62099": ["766", secret.SECRET],
            "detail_62099": ["766 logements", secret.SECRET],
            "statut_62099": ["", "🔒 secret statistique"],
            "cu": ["12 985", "1,5 %"],
            "cu_detail": ["12 985 logements", "190 ÷ 12 500"],
            "cible": ["aucune", "aucune"],
            "statut_cu": ["", ""],
        }
    )
    t = comparer.tableaux(grille, ("62099", "62041"), NOMS)
    assert list(t["valeurs"].columns) == ["indicateur", "cible", "Beaurains", "Arras", "CU d'Arras"]
    assert t["valeurs"]["Beaurains"].tolist() == ["766", secret.SECRET]
    assert t["statuts"]["Arras"].tolist() == ["· sans cible chiffrée"] * 2
    assert t["details"]["CU d'Arras"].tolist() == ["12 985 logements", "190 ÷ 12 500"]


def test_page_comparer_colonnes_cases_masquees_et_exports(app_env):
    at = lancer(PAGE, communes=["62099", "62041", "62004"])
    assert at.title[0].value == "Comparer des communes"
    v = at.dataframe[0].value.set_index("indicateur")
    assert list(v.columns) == ["cible", "Beaurains", "Arras", "Achicourt", "CU d'Arras"]
    stock = v.loc["Logements sociaux (stock au 1er janvier)"]
    assert (stock["Arras"], stock["Achicourt"], stock["CU d'Arras"]) == ("7\u202f405", "1\u202f073", "12\u202f985")
    # Objectifs légaux, same year (2025): Beaurains' objective 1 hidden there, hidden here; the
    # other communes' cells identical.
    page = lancer("attributions", communes=["62099", "62041", "62004"], annee="2025")
    par_commune = next(d.value for d in page.dataframe if "Commune" in d.value.columns).set_index("Commune")
    for nom in ("Beaurains", "Arras", "Achicourt"):
        assert (
            v.loc["Objectif légal 1 — hors QPV, 1er quartile ou relogés ANRU", nom]
            == par_commune.loc[nom, "Obj. 1 : taux (cible 25\u00a0%)"]
        ), nom
    assert v.loc["Objectif légal 1 — hors QPV, 1er quartile ou relogés ANRU", "Beaurains"] == secret.SECRET
    # The map's table for the same indicator says the same.
    carte = lancer("carte", indicateur="vacance")
    table = next(d.value for d in carte.dataframe if "commune" in d.value.columns).set_index("commune")
    for nom in ("Beaurains", "Arras", "Achicourt"):
        assert v.loc["Taux de vacance de plus de 3 mois", nom] == table.loc[nom, "valeur"], nom
    assert len(at.get("download_button")) == 6  # CSV and XLSX of the three tables


def test_page_comparer_export_xlsx_et_indicateurs_choisis(app_env):
    at = lancer(PAGE, communes=["62099", "62041"], indicateurs=["objectif_1", "vacance"])
    assert at.multiselect(key="comparer_indicateurs").value == ["objectif_1", "vacance"]
    v = at.dataframe[0].value
    assert len(v) == 2
    # The export carries the same cells, the source and the secret sentence.
    from observatoire.ecrans import tableaux

    export = tableaux.ExportTableau(v, "comparaison", "SNE", "2025", "Beaurains, Arras", {}, (), ())
    classeur = openpyxl.load_workbook(io.BytesIO(export.xlsx()))
    feuille = classeur.worksheets[0]
    lignes = [[c.value for c in r] for r in feuille.iter_rows()]
    assert lignes[0][:4] == ["indicateur", "cible", "Beaurains", "Arras"]
    assert any(secret.SECRET in (l or []) for l in lignes)
    assert "Secret statistique" in export.csv().decode("utf-8-sig")


def test_page_comparer_sans_commune_l_explique(app_env):
    at = lancer(PAGE)
    assert any("Choisissez au moins une commune" in i.value for i in at.info)
    assert not at.dataframe
