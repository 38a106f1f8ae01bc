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


# ---------------------------------------------------------------- charts built without re-validating their layout


def _objectifs_avec_les_aides_de_plotly(series, codes, noms):
    """The objectives chart as it was built with make_subplots / add_scatter / add_hline: the
    reference ecran_objectifs must give, property for property."""
    import plotly.graph_objects as go  # noqa: F401
    from plotly.subplots import make_subplots

    from observatoire.indicateurs import attributions as A

    fig = make_subplots(rows=1, cols=3, shared_yaxes=True, subplot_titles=[A.TITRES_CARTES[n] for n in (1, 2, 3)])
    for n in (1, 2, 3):
        s = series[n]
        for c, teinte in zip(codes, F.TEINTES):
            fig.add_scatter(
                x=s["annee"],
                y=s[c],
                name=noms[c],
                mode="lines+markers",
                line=dict(color=teinte, width=3),
                legendgroup=c,
                showlegend=n == 1,
                row=1,
                col=n,
                connectgaps=False,
                hovertemplate="%{x} : %{y:.1%}<extra>" + noms[c] + "</extra>",
            )
        fig.add_scatter(
            x=s["annee"],
            y=s["cu"],
            name="CU d'Arras",
            mode="lines",
            line=dict(color=portrait.GRIS_FONCE, dash="dash"),
            legendgroup="cu",
            showlegend=n == 1,
            row=1,
            col=n,
            hovertemplate="%{x} : %{y:.1%}<extra>CU d'Arras</extra>",
        )
        fig.add_hline(
            y=float(A.OBJECTIFS[n].cible), line=dict(color=couleurs.CONTOUR, dash="dot", width=1), row=1, col=n
        )
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    fig.update_layout(
        title="Objectifs légaux d'attribution, année par année",
        height=390,
        legend=dict(orientation="h", y=-0.18),
        margin=dict(l=60, r=10, b=40, t=115),
    )
    return fig


def _spec(fig) -> dict:
    """A figure as the browser receives it (arrays of objects are numpy arrays in to_dict)."""
    import json

    return json.loads(fig.to_json())


def _series_objectifs(valeurs_arras, valeurs_cu, annees):
    s = pd.DataFrame({"annee": annees})
    s["cu"] = valeurs_cu
    s["62041"] = valeurs_arras
    s["cache_62041"] = [v is None for v in valeurs_arras]
    s["62004"] = [None] * len(annees)  # a commune with no attribution: every point missing
    s["cache_62004"] = [False] * len(annees)
    return {1: s, 2: s.assign(cu=[0.5] * len(annees)), 3: s}


def test_graphique_des_objectifs_celui_des_aides_de_plotly():
    series = _series_objectifs([0.31, None, 0.2], [0.25, 0.26, 0.27], [2019, 2020, 2021])
    for codes in (("62041",), ("62041", "62004")):
        attendu = _spec(_objectifs_avec_les_aides_de_plotly(series, codes, NOMS))
        obtenu = _spec(F.ecran_objectifs(series, codes, NOMS))
        assert obtenu == attendu
        # the targets' dotted lines, one per facet (25 %, 50 %, 25 %)
        assert [(f["yref"], f["y0"]) for f in obtenu["layout"]["shapes"]] == [("y", 0.25), ("y2", 0.5), ("y3", 0.25)]
    vide = _series_objectifs([], [], [])
    assert _spec(F.ecran_objectifs(vide, ("62041",), NOMS)) == _spec(
        _objectifs_avec_les_aides_de_plotly(vide, ("62041",), NOMS)
    )


def test_graphique_de_production_celui_de_plotly():
    import plotly.graph_objects as go

    prod = pd.DataFrame(
        {
            "annee": [2023, 2024],
            "logements_autorises_62041": [10.0, None],
            "logements_commences_62041": [4.0, 5.0],
            "logements_autorises_62004": [None, None],
            "logements_commences_62004": [1.0, None],
        }
    )
    for codes in (("62041",), ("62041", "62004")):
        fig = go.Figure()
        for i, c in enumerate(codes):
            for ind, mot in (("logements_autorises", "autorisés"), ("logements_commences", "commencés")):
                fig.add_bar(
                    x=prod["annee"],
                    y=prod[f"{ind}_{c}"],
                    name=f"{NOMS[c]} : {mot}",
                    marker_color=F._TEINTES_PRODUCTION[(i, ind)],
                    hovertemplate="%{x} : %{y:,.0f} logements<extra></extra>",
                )
        fig.update_layout(
            title="Logements neufs autorisés et commencés par année",
            height=340,
            barmode="group",
            yaxis_title="logements",
            yaxis_tickformat=",d",
            legend=F.LEGENDE_BAS,
            margin=F.MARGES,
        )
        assert _spec(F.ecran_production(prod, codes, NOMS)) == _spec(fig)


def test_chiffres_du_graphique_ceux_de_sa_spec():
    """F.chiffres reads the figure; graphiques reads the spec graphiques.figure keeps: same table."""
    from observatoire.ecrans import graphiques

    series = _series_objectifs([0.31, None, 0.2], [0.25, 0.26, 0.27], [2019, 2020, 2021])
    codes = ("62041", "62004")
    table = F.chiffres(F.ecran_objectifs, series, codes, NOMS)
    pd.testing.assert_frame_equal(
        table, graphiques._chiffres_spec(graphiques.figure(F.ecran_objectifs, series, codes, NOMS))
    )
    assert list(table.iloc[0]) == [
        "2019",
        *[v if v == "–" else v + "\u00a0%" for v in ("31,0", "–", "25,0", "31,0", "–", "50,0", "31,0", "–", "25,0")],
    ]
    # memoised per content: other rates, another table
    autre = F.chiffres(
        F.ecran_objectifs, _series_objectifs([0.1, None, 0.2], [0.25, 0.26, 0.27], [2019, 2020, 2021]), codes, NOMS
    )
    assert autre.iloc[0, 1] == "10,0\u00a0%"


def test_annees_de_la_periode():
    ev = pd.DataFrame({"annee": [2018, 2019, 2019, 2021], "objectif": [1, 1, 2, 1]}, index=[5, 6, 7, 8])
    t = F.annees_de_la_periode(ev, 2019, 2020)
    assert t.to_dict("list") == {"annee": [2019, 2019], "objectif": [1, 2]}
    assert list(t.index) == [0, 1]
    assert F.annees_de_la_periode(ev, 2022, 2025).empty


def test_series_publiques_par_commune_et_par_contenu():
    """portrait._cote_a_cote is memoised: another commune or other rows, another result."""
    jeux = {
        "publiques_population": pd.DataFrame(
            {"code_insee": ["62041", "62004"], "annee": [2021, 2021], "population": [41000.0, 7800.0]}
        ),
        "publiques_rp_logement": pd.DataFrame(),
        "publiques_filosofi": pd.DataFrame(),
        "publiques_lovac": pd.DataFrame(),
        "publiques_rpls_communes": pd.DataFrame(),
    }
    arras = portrait._cote_a_cote("62041", None, jeux, NOMS)["population"]
    assert list(arras.columns) == ["année", "Arras", "CU d'Arras (46 communes)"]
    assert list(arras["Arras"]) == ["41\u202f000"]
    achicourt = portrait._cote_a_cote("62004", None, jeux, NOMS)["population"]
    assert list(achicourt["Achicourt"]) == ["7\u202f800"]
    jeux["publiques_population"] = jeux["publiques_population"].assign(population=[41001.0, 7800.0])
    assert list(portrait._cote_a_cote("62041", None, jeux, NOMS)["population"]["Arras"]) == ["41\u202f001"]
