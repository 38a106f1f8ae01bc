"""XLSX exports reopened with openpyxl: numbers the screens write as French text (« 3 258 »,
« 19,7 % ») are numbers in Excel, codes stay text; the header names the territory, the landlords
and the table's own period, and carries the demo warning while demo data is loaded."""

import io

import pandas as pd
from openpyxl import load_workbook

from observatoire.ecrans import filtres, tableaux
from observatoire.figures import exports

NOMS = {"62041": "Arras", "62004": "Achicourt"}


def _feuilles(xlsx: bytes):
    wb = load_workbook(io.BytesIO(xlsx))
    sources = {r[0].value: r[1].value for r in wb[exports.FEUILLE_SOURCES].iter_rows(min_row=2)}
    return wb.worksheets[0], sources


def test_nombres_en_texte_deviennent_des_nombres():
    df = pd.DataFrame(
        {
            "Code": ["62041", "007"],
            "Indicateur": ["Logements", "Objectif 1"],
            "Valeur": ["3\u202f258", "19,7\u00a0%"],
            "Autre": ["526", "31,6\u00a0% (indicatif)"],
            "Période": ["2014-2020", "1\u202f234,5"],
        }
    )
    ws, _ = _feuilles(exports.classeur_xlsx({"t": df}, {"Source": "x"}))
    assert ws["A2"].value == "62041" and ws["A3"].value == "007"  # codes stay text
    assert ws["C2"].value == 3258 and ws["C2"].number_format == "#,##0"
    assert ws["C3"].value == 0.197 and ws["C3"].number_format == "0.0%"
    assert ws["D2"].value == 526 and isinstance(ws["D2"].value, int)
    assert ws["D3"].value == "31,6\u00a0% (indicatif)"  # a sentence stays a sentence
    assert ws["E2"].value == "2014-2020"
    assert ws["E3"].value == 1234.5 and ws["E3"].number_format == "#,##0.0"


def test_entete_territoire_bailleurs_periode_du_tableau_et_demo():
    f = filtres.Filtres(2014, 2025, ("62041", "62004"), ("Habitat Alpha (fictif)",), noms_communes=NOMS)
    df = pd.DataFrame({"Indicateur": ["Obj. 1"], "Valeur": ["19,7\u00a0%"], "Millésime": ["2024"]})
    export = tableaux.ExportTableau(df, "obj", "SNE / bailleurs", "2024", f.perimetre(), {}, (), ("attributions",), f)
    ws, sources = _feuilles(export.xlsx())
    assert ws["B2"].value == 0.197
    assert "Données de démonstration" in sources["Avertissement"] and "attributions" in sources["Avertissement"]
    assert sources["Millésime"] == "2024"
    # the filters' period (2014-2025) is not given as the table's
    assert sources["Périmètre (filtres)"] == "Arras, Achicourt · bailleur : Habitat Alpha (fictif)"
    assert sources["Territoire"] == "2 communes : Arras, Achicourt"
    assert sources["Bailleurs"] == "bailleur : Habitat Alpha (fictif)"
    assert sources["Période choisie dans les filtres"] == "2014-2025"
    # the CSV says the same first
    assert "\nAvertissement;Données de démonstration" in export.csv().decode("utf-8-sig").split("\n\n")[0]


def test_sans_donnees_de_demo_pas_d_avertissement():
    export = tableaux.ExportTableau(pd.DataFrame({"n": [1]}), "t", "RPLS", "2025", "CU", {}, (), ())
    _, sources = _feuilles(export.xlsx())
    assert "Avertissement" not in sources
    assert tableaux.avertissement_demo(()) == {}


def test_document_html_avertissement_en_tete():
    page = exports.document_html(
        "Fiche commune : Arras",
        [("Indicateurs", pd.DataFrame({"a": [1]}))],
        {**tableaux.avertissement_demo(("rpls",)), "Sources": "RPLS"},
    )
    assert page.index('class="avertissement"') < page.index("<table>")
    assert "Données de démonstration" in page
