"""Export helpers: XLSX (a sheet per table + sources), French CSV, formula neutralisation, the
printable HTML; and the CIL bilan workbook opened with openpyxl, figures checked."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from observatoire.figures import exports
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import contingent as C


def test_neutraliser_les_formules():
    assert exports.neutraliser('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert exports.neutraliser("+33") == "'+33"
    assert exports.neutraliser("-2") == "'-2"
    assert exports.neutraliser("@SUM(A1)") == "'@SUM(A1)"
    assert exports.neutraliser("Arras") == "Arras"
    assert exports.neutraliser(-2) == -2  # numbers untouched


def test_csv_fr_point_virgule_virgule_decimale_bom():
    df = pd.DataFrame({"commune": ["Arras", "=1+1"], "taux": [0.25, 0.5], "n": [1200, 3]})
    brut = exports.csv_fr(df)
    assert brut.startswith(b"\xef\xbb\xbf")
    texte = brut.decode("utf-8-sig").splitlines()
    assert texte == ["commune;taux;n", "Arras;0,25;1200", "'=1+1;0,5;3"]


def test_classeur_une_feuille_par_tableau_et_sources():
    t1 = pd.DataFrame(
        {
            "Commune": ["Arras", "+cmd", "Agny"],
            "Attributions": [120, 45, "secret statistique"],
            "Taux": [0.25, 0.5, None],
        }
    )
    t2 = pd.DataFrame({"x": [1]})
    brut = exports.classeur_xlsx(
        {"Par commune": t1, "Nom/interdit:trop long pour une feuille excel": t2},
        {"Source": "SNE / bailleurs", "Millésime": "2024", "Filtres": "toute la CU"},
        colonnes_pourcent=["Taux"],
    )
    wb = load_workbook(io.BytesIO(brut))
    assert wb.sheetnames == ["Par commune", "Nom interdit trop long pour une", "Sources et définitions"]
    ws = wb["Par commune"]
    assert [c.value for c in ws[1]] == ["Commune", "Attributions", "Taux"]
    assert ws["B2"].value == 120 and ws["B4"].value == "secret statistique"
    assert ws["A3"].value == "'+cmd"  # not a formula
    assert ws["C2"].value == 0.25 and ws["C2"].number_format == "0.0%"
    assert ws["C4"].value is None  # missing, not 0
    src = {r[0].value: r[1].value for r in wb["Sources et définitions"].iter_rows(min_row=2)}
    assert src == {"Source": "SNE / bailleurs", "Millésime": "2024", "Filtres": "toute la CU"}


def test_classeur_du_bilan_cil_chiffres_verifies():
    # The contingent example of annex 2 and a two-commune bilan, exported as the page does.
    flux = C.tableau_flux(pd.DataFrame([C.EXEMPLE_ANNEXE_2]))
    zero = {c: 0 for c in ["o1_num", "o1_den", "o1_nr", "o2_num", "o2_den", "o2_nr", "o3_num", "o3_den", "o3_nr"]}
    cols = [
        "contingent_entite",
        "contingent_entite_refus",
        "contingent_realise",
        "refus",
        "cs_epci_den",
        "cs_epci_num",
        "cs_epci_nr",
        "cs_den",
        "cs_num",
        "cs_nr",
    ]
    lignes = [
        ("62041", "Arras", 60, 11, 45, 25, 60, 20, 0, 300, 70, 0),
        ("62004", "Achicourt", 4, 0, 4, 12, 4, 1, 0, 40, 12, 0),
        ("62753", "Saint-Laurent-Blangy", 14, 0, 13, 13, 14, 3, 0, 44, 11, 0),
    ]
    comptes = pd.DataFrame(
        [{"annee": 2024, "code_insee": c, "commune": n, **dict(zip(cols, v)), **zero} for c, n, *v in lignes]
    )
    comptes["bailleur"], comptes["reservataire"], comptes["geographie_qpv"] = "A", "CU d'Arras", 2024
    tm = C.tableau_bilan_communes(comptes, 2024, seuil=11, lecture=C.LECTURE_EPCI, close=True)
    table = A.mettre_en_forme(tm, [("commune", "Commune", "texte")], C.colonnes_bilan(C.LECTURE_EPCI), texte=False)
    brut = exports.classeur_xlsx(
        {"Bilan par commune": table, "Contingent": flux.rename(columns=C.LIBELLES)},
        {"Source": "démo"},
    )
    wb = load_workbook(io.BytesIO(brut))
    ws = wb["Bilan par commune"]
    lignes = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    entetes = [c.value for c in ws[1]]
    i = entetes.index("Contingent communautaire et communal : attributions")
    j = entetes.index("Contribution solidaire : ménages prioritaires")
    k = entetes.index("Minimum ¼")
    s = entetes.index("Contribution solidaire : statut")
    o = entetes.index("Autre lecture (toutes les attributions hors contingent préfectoral) : ménages prioritaires")
    assert lignes["Arras"][i] == 60
    assert lignes["Achicourt"][i] == "secret statistique"  # 4 < 11
    assert lignes["Saint-Laurent-Blangy"][i] == "secret statistique"  # complement of Achicourt
    assert lignes["Ensemble de la sélection"][i] == 78  # 60 + 4 + 14
    assert lignes["Arras"][j] == 20 and lignes["Ensemble de la sélection"][j] == 24  # 20 + 1 + 3
    assert lignes["Arras"][k] == 15  # ⌈60 / 4⌉
    assert lignes["Ensemble de la sélection"][k] == 20  # ⌈78 / 4⌉ ; 24 ≥ 20
    assert lignes["Arras"][s] == "atteint" and lignes["Ensemble de la sélection"][s] == "atteint"
    assert lignes["Arras"][o] == 70 and lignes["Ensemble de la sélection"][o] == 93  # the other reading beside
    ws = wb["Contingent"]
    entetes = [c.value for c in ws[1]]
    valeurs = [c.value for c in ws[2]]
    ligne = dict(zip(entetes, valeurs))
    assert ligne["Mises en location (1)"] == 677
    assert ligne["Assiette de référence 1 − (2+3+4+5)"] == 481
    assert ligne["Contingent préfectoral 30 %"] == 144
    assert ligne["Contingent EPCI 20 % (objectif)"] == 96


def test_document_html_autonome():
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=["Arras"], y=[3]))
    page = exports.document_html(
        "Bilan <CIL>",
        [("Tableau", pd.DataFrame({"a": ["secret statistique"]})), ("Graphique", fig), ("", "Texte")],
        {"Source": "démo"},
    )
    assert page.startswith("<!DOCTYPE html>") and "Bilan &lt;CIL&gt;" in page
    assert "secret statistique" in page and "<table>" in page
    assert 'src="http' not in page  # plotly.js inlined: no script fetched from a CDN
    assert page.count("plotly.js v") <= 2 and "Plotly.newPlot" in page


def test_graphique_du_document_mis_en_page_comme_une_copie_de_la_figure():
    # document_html lays each figure out on its dict (fast); the result must be the layout a copy
    # of the figure gets from update_layout + update_xaxes/yaxes, which the document used before.
    import plotly.express as px
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    deux = make_subplots(rows=1, cols=2)
    deux.add_trace(go.Scatter(x=[1], y=[2]), 1, 1)
    deux.add_trace(go.Bar(x=[1], y=[2]), 1, 2)
    figures = [
        go.Figure(go.Bar(x=["Arras"], y=[3]), layout=dict(title="T", margin=dict(t=75, l=10))),
        go.Figure(go.Pie(values=[1, 2])),  # no axes: xaxis and yaxis appear all the same
        deux,
        px.line(pd.DataFrame({"annee": [2023, 2024], "n": [1, 2]}), x="annee", y="n"),
    ]
    for fig in figures:
        avant = fig.to_dict()
        copie = go.Figure(fig)
        copie.update_layout(width=exports.LARGEUR_GRAPHIQUE, margin=dict(l=70, r=30), template=copie.layout.template)
        copie.update_xaxes(automargin=True)
        copie.update_yaxes(automargin=True)
        assert exports._figure_imprimable(fig) == copie.to_dict()
        assert fig.to_dict() == avant  # the page's figure is left as it was


def test_graphique_a_l_ecran_echappe_les_noms(app_env, monkeypatch):
    """A landlord named with HTML reaches a chart's labels: drawn as text, never as a link."""
    import plotly.graph_objects as go
    import streamlit as st

    from observatoire.ecrans import graphiques

    recu = {}
    monkeypatch.setattr(st, "plotly_chart", lambda fig, **k: recu.setdefault("fig", fig))
    monkeypatch.setattr(graphiques, "legende", lambda *a, **k: None)
    monkeypatch.setattr(graphiques, "presentation_active", lambda: False)
    fig = go.Figure(go.Bar(x=['<a href="http://x">Logis</a>'], y=[3], text=["<b>3</b>"]))
    graphiques.graphique(fig, "k", "f", "source", "2025", "CU")
    trace = recu["fig"]["data"][0]
    assert list(trace["x"]) == ['&lt;a href="http://x"&gt;Logis&lt;/a&gt;'] and list(trace["text"]) == [
        "&lt;b&gt;3&lt;/b&gt;"
    ]
