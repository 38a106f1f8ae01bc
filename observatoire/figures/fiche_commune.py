"""What the Fiche commune page draws, built without Streamlit from the series of
observatoire.figures.portrait: its two indicator tables' columns, its four trend charts (each as a
plotly figure for the screen and a static SVG for the A4 page), the real public figures' blocks
and the printable page itself."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from observatoire.base import memoire
from observatoire.figures import accessibilite, couleurs, dessins, exports, portrait
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import parc

SOURCE_PARC, SOURCE_ATTRIB, SOURCE_PROD = "RPLS (SDES)", "SNE / exports des bailleurs (attributions)", "Sitadel (SDES)"
TEINTES = (portrait.BLEU, portrait.ORANGE)  # the commune, the compared commune
LEGENDE_BAS = dict(orientation="h", y=-0.2)
MARGES = dict(l=60, r=10, b=40)
TITRE_STOCK, TITRE_POPULATION = "Logements sociaux au 1er janvier", "Population municipale"
TITRE_PRODUCTION = "Logements neufs autorisés et commencés"


@dataclass(frozen=True)
class Figure:
    """One trend chart: for the screen (plotly) and for the A4 page (its own titled SVG)."""

    ecran: go.Figure
    titre: str
    svg: dessins.Svg


def colonnes_tableaux(code: str, autre: str, noms: dict) -> tuple[dict, dict]:
    """The two tables' columns (grid column → header): values and statuses, then every numerator
    and denominator; the compared commune's columns beside the commune's."""
    nom, nom_autre = noms[code], noms.get(autre, "")
    valeurs = {"indicateur": "indicateur", f"valeur_{code}": nom}
    if autre:
        valeurs[f"valeur_{autre}"] = nom_autre
    valeurs |= {"cu": "CU d'Arras", "cible": "cible", f"statut_{code}": f"statut {nom}"}
    if autre:
        valeurs[f"statut_{autre}"] = f"statut {nom_autre}"
    valeurs["statut_cu"] = "statut CU"
    details = {"indicateur": "indicateur", f"detail_{code}": f"{nom} : numérateur ÷ dénominateur"}
    if autre:
        details[f"detail_{autre}"] = f"{nom_autre} : numérateur ÷ dénominateur"
    details["cu_detail"] = "CU d'Arras : numérateur ÷ dénominateur"
    return valeurs, details


def ecran_stock(stock: pd.DataFrame, codes, noms: dict) -> go.Figure:
    """Social stock on 1 January, a bar per commune and vintage (portrait.serie_parc): the screen
    chart, module-level so that graphiques.figure keeps its spec per content of the series."""
    fig = go.Figure()
    for c, teinte in zip(codes, TEINTES):
        fig.add_bar(
            x=stock["millesime"],
            y=stock[c],
            name=noms[c],
            marker_color=teinte,
            hovertemplate="%{x} : %{y:,.0f} logements<extra>" + noms[c] + "</extra>",
        )
    fig.update_layout(
        title=TITRE_STOCK,
        height=340,
        barmode="group",
        yaxis_title="logements",
        yaxis_tickformat=",d",
        legend=LEGENDE_BAS,
        margin=MARGES,
    )
    if stock[list(codes)].max().max() < 10:  # a few dwellings: whole-number ticks, not 0,5 steps rounded
        fig.update_yaxes(dtick=1)
    return fig


@memoire.pur
def svg_stock(stock: pd.DataFrame, codes, noms: dict) -> dessins.Svg:
    return dessins.graphique_svg(
        TITRE_STOCK,
        list(stock["millesime"]),
        [dessins.Serie(noms[c], list(stock[c]), t) for c, t in zip(codes, TEINTES)],
        f"{SOURCE_PARC}, {periode(stock['millesime'])}",
        barres=True,
    )


def figure_stock(stock: pd.DataFrame, codes, noms: dict) -> Figure:
    return Figure(ecran_stock(stock, codes, noms), TITRE_STOCK, svg_stock(stock, codes, noms))


def ecran_population(pop: pd.DataFrame, codes, noms: dict) -> go.Figure:
    """Population municipale, a line per commune (portrait.serie_population)."""
    fig = go.Figure()
    for c, teinte in zip(codes, TEINTES):
        fig.add_scatter(
            x=pop["annee"],
            y=pop[c],
            name=noms[c],
            mode="lines+markers",
            line=dict(color=teinte, width=3),
            hovertemplate="%{x} : %{y:,.0f} habitants<extra>" + noms[c] + "</extra>",
        )
    fig.update_layout(
        title=TITRE_POPULATION,
        height=340,
        yaxis_title="habitants",
        yaxis_rangemode="tozero",
        yaxis_tickformat=",d",
        legend=LEGENDE_BAS,
        margin=MARGES,
    )
    return fig


@memoire.pur
def svg_population(pop: pd.DataFrame, codes, noms: dict, source: str) -> dessins.Svg:
    return dessins.graphique_svg(
        TITRE_POPULATION,
        list(pop["annee"]),
        [dessins.Serie(noms[c], list(pop[c]), t) for c, t in zip(codes, TEINTES)],
        source,
    )


def figure_population(pop: pd.DataFrame, codes, noms: dict, source: str) -> Figure:
    return Figure(ecran_population(pop, codes, noms), TITRE_POPULATION, svg_population(pop, codes, noms, source))


@dataclass(frozen=True)
class LectureObjectifs:
    """The three legal objectives year by year without the screen chart: the series
    (portrait.serie_objectifs), the hidden years in words, one SVG per objective."""

    notes: list[str]
    series: dict[int, pd.DataFrame]
    svgs: list[tuple[str, dessins.Svg]]


@dataclass(frozen=True)
class Objectifs:
    """The three legal objectives year by year: one faceted chart, its hidden years in words,
    the series (portrait.serie_objectifs) and one SVG per objective."""

    ecran: go.Figure
    notes: list[str]
    series: dict[int, pd.DataFrame]
    svgs: list[tuple[str, dessins.Svg]]


@memoire.pur
def lecture_objectifs(
    ev: dict[str, pd.DataFrame], ev_cu: pd.DataFrame, codes, noms: dict, source: str
) -> LectureObjectifs:
    notes, series, svgs = [], {}, []
    for n in (1, 2, 3):
        s = series[n] = portrait.serie_objectifs(ev, ev_cu, n)
        note = portrait.phrase_secret_annees({noms[c]: portrait.annees_cachees(s, c) for c in codes})
        if note:
            notes.append(f"Objectif {n} : {note}")
        svgs.append((f"Objectif légal {n}", portrait.figure_svg_objectif(s, n, codes, noms, source)))
    return LectureObjectifs(notes, series, svgs)


def _scatter_objectif(n: int, x: pd.Series, y: pd.Series, **proprietes) -> dict:
    """One trace of facet `n` as plotly's validation stores it (its series as numpy arrays, the
    rest as given: strings, booleans, a line dict), without validating it again each time."""
    axes = {"xaxis": "x", "yaxis": "y"} if n == 1 else {"xaxis": f"x{n}", "yaxis": f"y{n}"}
    return {"type": "scatter", "x": x.to_numpy(), "y": y.to_numpy(), **proprietes, **axes}


@functools.cache
def _mise_en_page_objectifs() -> str:
    """The objectives chart's layout (three facets, their titles, the targets' dotted lines),
    which no data changes: built once with plotly's helpers, kept as JSON."""
    fig = make_subplots(rows=1, cols=3, shared_yaxes=True, subplot_titles=[A.TITRES_CARTES[n] for n in (1, 2, 3)])
    for n in (1, 2, 3):
        # add_hline leaves out a facet without a trace: one placeholder each, dropped with the data
        fig.add_scatter(x=[0], y=[0], row=1, col=n)
        fig.add_hline(
            y=float(A.OBJECTIFS[n].cible), line=dict(color=couleurs.CONTOUR, dash="dot", width=1), row=1, col=n
        )
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    # The facets' titles sit under the chart's source line, not on it.
    fig.update_layout(
        title="Objectifs légaux d'attribution, année par année",
        height=390,
        legend=dict(orientation="h", y=-0.18),
        margin=dict(l=60, r=10, b=40, t=115),
    )
    return json.dumps(fig.to_dict()["layout"])


@memoire.pur  # read twice: its spec (graphiques.figure) and its figures (chiffres)
def ecran_objectifs(series: dict[int, pd.DataFrame], codes, noms: dict) -> go.Figure:
    """The three objectives side by side (`series`: lecture_objectifs), one facet each.

    Neither the traces nor the fixed layout (_mise_en_page_objectifs) are validated by plotly
    again: make_subplots, add_scatter and add_hline validate them property by property, 40 to
    150 ms a chart, for a layout that never changes and traces of plain values
    (tests/figures/test_figures_fiche_commune.py checks the spec is the one those helpers give)."""
    traces = []
    for n in (1, 2, 3):
        s = series[n]
        for c, teinte in zip(codes, TEINTES):
            traces.append(
                _scatter_objectif(
                    n,
                    x=s["annee"],
                    y=s[c],
                    name=noms[c],
                    mode="lines+markers",
                    line=dict(color=teinte, width=3),
                    legendgroup=c,
                    showlegend=n == 1,
                    connectgaps=False,
                    hovertemplate="%{x} : %{y:.1%}<extra>" + noms[c] + "</extra>",
                )
            )
        traces.append(
            _scatter_objectif(
                n,
                x=s["annee"],
                y=s["cu"],
                name="CU d'Arras",
                mode="lines",
                line=dict(color=portrait.GRIS_FONCE, dash="dash"),
                legendgroup="cu",
                showlegend=n == 1,
                hovertemplate="%{x} : %{y:.1%}<extra>CU d'Arras</extra>",
            )
        )
    return go.Figure(data=traces, layout=json.loads(_mise_en_page_objectifs()), _validate=False)


def figure_objectifs(ev: dict[str, pd.DataFrame], ev_cu: pd.DataFrame, codes, noms: dict, source: str) -> Objectifs:
    lecture = lecture_objectifs(ev, ev_cu, codes, noms, source)
    return Objectifs(ecran_objectifs(lecture.series, codes, noms), lecture.notes, lecture.series, lecture.svgs)


_TEINTES_PRODUCTION = {
    (0, "logements_autorises"): portrait.BLEU,
    (0, "logements_commences"): couleurs.BLEU_CLAIR,
    (1, "logements_autorises"): portrait.ORANGE,
    (1, "logements_commences"): couleurs.ORANGE_CLAIR,
}
_MOTS_PRODUCTION = {"logements_autorises": "autorisés", "logements_commences": "commencés"}


@functools.cache
def _mise_en_page_production() -> str:
    """The production chart's layout, which no data changes: validated once, kept as JSON."""
    fig = go.Figure()
    fig.update_layout(
        title="Logements neufs autorisés et commencés par année",
        height=340,
        barmode="group",
        yaxis_title="logements",
        yaxis_tickformat=",d",
        legend=LEGENDE_BAS,
        margin=MARGES,
    )
    return json.dumps(fig.to_dict()["layout"])


@memoire.pur  # read twice: its spec (graphiques.figure) and its figures (chiffres)
def ecran_production(prod: pd.DataFrame, codes, noms: dict) -> go.Figure:
    """Dwellings authorised and started per year, two bars per commune (portrait.serie_production).
    Neither its traces nor its fixed layout (_mise_en_page_production) validated by plotly again
    (tests/figures/test_figures_fiche_commune.py checks the spec is the one go.Figure gives)."""
    # Each trace as plotly's validation stores it (series as numpy arrays), not validated again.
    traces = [
        {
            "type": "bar",
            "x": prod["annee"].to_numpy(),
            "y": prod[f"{ind}_{c}"].to_numpy(),
            "name": f"{noms[c]} : {_MOTS_PRODUCTION[ind]}",
            "marker": {"color": _TEINTES_PRODUCTION[(i, ind)]},
            "hovertemplate": "%{x} : %{y:,.0f} logements<extra></extra>",
        }
        for i, c in enumerate(codes)
        for ind in ("logements_autorises", "logements_commences")
    ]
    return go.Figure(data=traces, layout=json.loads(_mise_en_page_production()), _validate=False)


@memoire.pur
def chiffres(ecran, *args) -> pd.DataFrame:
    """« Les chiffres du graphique » of the chart `ecran(*args)` (a module-level function of
    this module), once per content of its arguments: read on the figure itself, not rebuilt
    from its spec (plotly would validate it all again)."""
    return accessibilite.chiffres_figure(ecran(*args))


@memoire.pur
def svg_production(prod: pd.DataFrame, codes, noms: dict, annees: list[int], source: str) -> dessins.Svg:
    series = [
        dessins.Serie(f"{noms[c]} : {_MOTS_PRODUCTION[ind]}", list(prod[f"{ind}_{c}"]), _TEINTES_PRODUCTION[(i, ind)])
        for i, c in enumerate(codes)
        for ind in ("logements_autorises", "logements_commences")
    ]
    return dessins.graphique_svg(TITRE_PRODUCTION, annees, series, source, barres=True)


def figure_production(prod: pd.DataFrame, codes, noms: dict, annees: list[int], source: str) -> Figure:
    return Figure(
        ecran_production(prod, codes, noms), TITRE_PRODUCTION, svg_production(prod, codes, noms, annees, source)
    )


@memoire.pur
def localisation(communes: pd.DataFrame, code: str, autre: str | None) -> dessins.Svg:
    """The locator map (dessins.localisation_svg), once per commune pair."""
    return dessins.localisation_svg(communes, code, autre)


@memoire.pur
def occupation(ops_annee: pd.DataFrame, code: str, seuil: int) -> pd.DataFrame:
    """The commune's OPS lines (parc.occupation_fiche) on the grid of every commune of one survey
    year (`ops_annee`), as the Occupation page publishes it."""
    publication = parc.ops_publication(ops_annee, (), seuil)
    return parc.occupation_fiche(
        publication.communes_valeurs,
        publication.communes_masque,
        publication.secteurs_valeurs,
        publication.secteurs_masque,
        code,
    )


def annees_de_la_periode(ev: pd.DataFrame, debut: int, fin: int) -> pd.DataFrame:
    """The rows of the years `debut` to `fin` of a year-by-year frame (column `annee`)."""
    return ev[(ev["annee"] >= debut) & (ev["annee"] <= fin)].reset_index(drop=True)


def periode(annees: pd.Series) -> str:
    """« 2016-2025 »: the first and last year of a series."""
    return f"{int(annees.min())}-{int(annees.max())}"


def annee_ops(annees: pd.Series, annee_fin: int) -> int:
    """The OPS survey shown: the latest up to the end of the period, else the latest loaded."""
    avant = annees[annees <= annee_fin]
    return int(avant.max()) if len(avant) else int(annees.max())


# The real public figures, in the order shown: (key of portrait.public_cote_a_cote, title,
# dataset of publiques, vintage, caption).
BLOCS_PUBLICS = [
    (
        "rpls",
        "Parc social au 1er janvier 2024",
        "rpls_communes",
        "1er janvier 2024",
        "Logements sociaux, densité, vacance (toute durée) et mobilité publiés par le SDES. La CU : somme des 34 "
        "communes du fichier et moyennes des taux pondérées par le parc.",
    ),
    (
        "population",
        "Population municipale",
        "population_communes",
        "2013-2021",
        "Population municipale de chaque année, commune et total des 46 communes.",
    ),
    (
        "logement",
        "Logements (recensement 2021)",
        "rp_logement",
        "RP 2021",
        "Logements par catégorie et par type, effectifs du recensement (arrondis à l'unité) et part dans le total.",
    ),
    (
        "revenus",
        "Revenus et pauvreté (Filosofi 2021)",
        "filosofi_communes",
        "revenus 2021",
        "Revenus disponibles 2021 ; les indicateurs de la CU elle-même (médiane, pauvreté) sont publiés par "
        "l'INSEE à l'échelle de l'EPCI, fichier non livré ici.",
    ),
    (
        "lovac",
        "Logements vacants du parc privé (LOVAC)",
        "lovac",
        "LOVAC 2025",
        "Logements du parc privé et vacants (dont depuis plus de 2 ans) par année ; la somme de la CU omet les "
        "communes masquées et le dit.",
    ),
]


def page_imprimable(
    titre: str,
    localisation: dessins.Svg,
    lignes_entete: list[str],
    tableaux: list[tuple[str, pd.DataFrame]],
    figures_svg: list[dessins.Svg],
    suite: list[tuple[str, pd.DataFrame]],
    sources: dict,
) -> bytes:
    """The self-contained A4 page: header with the locator map, the indicator tables, every chart
    as inline SVG (each carries its own title), then the OPS and public figures' tables."""
    tete = portrait.entete_imprimable(localisation, lignes_entete)
    return exports.document_html(
        titre,
        [("", tete), *tableaux] + [("", svg) for svg in figures_svg] + suite,
        sources,
        style=portrait.STYLE_A4,
    ).encode("utf-8")


# The four headline cards: grid key → short label.
CARTES = {
    "parc_social": "Logements sociaux",
    "poids_social": "Pour 1 000 habitants",
    "part_qpv": "Part du parc en QPV",
    "dpe_efg": "Classés E, F ou G (DPE)",
}


@dataclass(frozen=True)
class Carte:
    libelle: str
    valeur: str
    aide: str
    detail: str  # markdown under the figure: numerator ÷ denominator, compared commune, CU


def cartes(grille: pd.DataFrame, code: str, autre: str, noms: dict, millesime) -> list[Carte]:
    """The headline cards of the commune from the indicators' grid (carte.fiche_communes)."""
    principaux = grille.set_index("cle")
    sortie = []
    for cle, court in CARTES.items():
        ligne = principaux.loc[cle]
        sortie.append(
            Carte(
                court,
                ligne[f"valeur_{code}"],
                f"{ligne['indicateur']}, parc au 1er janvier {millesime}.",
                f"{ligne[f'detail_{code}']}  \n"
                + (f"{noms[autre]} : **{ligne[f'valeur_{autre}']}**  \n" if autre else "")
                + f"CU d'Arras : **{ligne['cu']}**",
            )
        )
    return sortie


def legende_indicateurs(nom: str, nom_autre: str, millesime, nom_plh: str, annee_attrib) -> str:
    return (
        f"Chaque indicateur pour {nom}"
        + (f", pour {nom_autre}" if nom_autre else "")
        + " et pour toute la CU d'Arras, avec son "
        f"numérateur, son dénominateur, sa cible et son statut en toutes lettres. Parc : RPLS au 1er janvier {millesime} ; "
        f"PLH : logements autorisés cumulés sur la période du {nom_plh} ; objectifs légaux d'attribution : année {annee_attrib} "
        "(la loi fixe l'objectif 3 par réservataire : l'objectif 3 n'est « atteint » que si chaque réservataire atteint "
        f"25 % ; le taux affiché, tous réservataires confondus, est indicatif). {portrait.PHRASE_DEPARTEMENT}"
    )


def legende_objectifs(notes: list[str], phrase_secret: str) -> str:
    return (
        "Taux légal de chaque objectif (objectif 3 : taux indicatif, tous réservataires) ; tirets gris : toute la "
        "CU ; pointillés noirs : la cible légale. Une année masquée (secret statistique) n'a pas de point : "
        + ("; ".join(notes) + "." if notes else "aucune sur la période.")
        + " "
        + phrase_secret
    )
