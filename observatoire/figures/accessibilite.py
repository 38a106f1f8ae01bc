"""Accessibility (RGAA 4.1 / WCAG 2.1 AA): the text alternative of every chart, the list of what
Streamlit's own markup still gets wrong, and the facts of the accessibility statement.

No Streamlit here: the page « Accessibilité », ui.graphique and tests/test_accessibilite.py read
this module, so the statement cannot drift from what the automated test accepts.
"""

from __future__ import annotations

import datetime as _dt
import re

import pandas as pd

from observatoire import formats as fr

# ---------------------------------------------------------------- the figures of a chart, as a table

_SANS_CATEGORIE = "catégorie"


_TITRE_MAX = 80  # a longer axis title is a note (a list of hidden communes), not a column name


def _titre_axe(axe) -> str | None:
    titre = getattr(getattr(axe, "title", None), "text", None)
    titre = _texte_etiquette(titre) if titre else None
    return titre if titre and len(titre) <= _TITRE_MAX else None


def _en_pourcent(axe) -> bool:
    return "%" in str(getattr(axe, "tickformat", None) or "")


def _categorie(v) -> str:
    """Years stay « 2024 » (no thousands space); other categories as they are drawn."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def _liste(valeurs) -> list:
    if valeurs is None:
        return []
    if isinstance(valeurs, (str, bytes)):
        return [valeurs]
    return list(valeurs)


def _texte_etiquette(e) -> str:
    """A bar label as text: Plotly's <br> becomes « · », other tags go."""
    return re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", " · ", str(e))).strip()


def _sans_espaces(texte) -> str:
    # « 1 200 » typed by a page and « 1\u202f200 » from formats.nombre say the same thing
    return "".join(str(texte).split()).replace("\u202f", "")


def chiffres_figure(fig) -> pd.DataFrame:
    """The figures a Plotly chart draws, as a table of text a screen reader reads row by row.

    One row per category (the x of vertical bars and lines, the y of horizontal bars), in the
    order drawn; one column per named trace, formatted as the axis shows it (« 12,3 % » for a
    percentage axis, « 1 234 » otherwise); « – » where the chart draws nothing (a hidden or
    missing value). A trace's text labels, when they say more than its value (« 84,6 % — ✘ non
    atteint »), get a column of their own. Reference lines (add_hline / add_vline) are shapes,
    not traces: the pages state their targets in words.
    """
    lignes: dict[str, dict[str, str]] = {}
    colonnes: list[str] = []
    titre_categorie = None
    for i, trace in enumerate(fig.data, start=1):
        if trace.type not in ("bar", "scatter"):
            continue
        horizontale = trace.type == "bar" and trace.orientation == "h"
        axe_valeurs = fig.layout.xaxis if horizontale else fig.layout.yaxis
        axe_categories = fig.layout.yaxis if horizontale else fig.layout.xaxis
        titre_categorie = titre_categorie or _titre_axe(axe_categories)
        categories = _liste(trace.y if horizontale else trace.x)
        valeurs = _liste(trace.x if horizontale else trace.y)
        if not categories and valeurs:
            categories = list(range(len(valeurs)))
        pourcent = _en_pourcent(axe_valeurs)
        suffixe = str(getattr(axe_valeurs, "ticksuffix", None) or "")
        nombres = [v for v in valeurs if v is not None and not pd.isna(v)]
        entiers = all(float(v).is_integer() for v in nombres)

        def texte(v):
            if v is None or pd.isna(v):
                return fr.MANQUANT
            if pourcent:
                return fr.pourcent(v)
            # a value already in percent units, drawn with a « % » suffix: « 42,9 % »
            return fr.nombre(v, 0 if entiers else 1) + ("\u00a0%" if "%" in suffixe else "")

        nom = str(trace.name) if trace.name else (_titre_axe(axe_valeurs) or f"série {i}")
        while nom in colonnes:
            nom += " "
        colonnes.append(nom)
        etiquettes = (
            [None if e is None else _texte_etiquette(e) for e in _liste(trace.text)]
            if not isinstance(trace.text, str)
            else []
        )
        textes_valeurs = [texte(v) for v in valeurs]
        parle = len(etiquettes) == len(valeurs) and any(
            e not in (None, "") and _sans_espaces(e) != _sans_espaces(t) for e, t in zip(etiquettes, textes_valeurs)
        )
        nom_etiquette = f"{nom} (étiquette)"
        if parle:
            colonnes.append(nom_etiquette)
        for k, (c, t) in enumerate(zip(categories, textes_valeurs)):
            ligne = lignes.setdefault(_categorie(c), {})
            ligne[nom] = t
            if parle:
                ligne[nom_etiquette] = str(etiquettes[k]) if etiquettes[k] not in (None, "") else fr.MANQUANT
    if not colonnes:
        return pd.DataFrame()
    premiere = titre_categorie or _SANS_CATEGORIE
    table = pd.DataFrame(
        [{premiere: c, **{n: v.get(n, fr.MANQUANT) for n in colonnes}} for c, v in lignes.items()],
        columns=[premiere, *colonnes],
    )
    return table


# ---------------------------------------------------------------- what Streamlit's markup gets wrong

# axe-core violations (rules of wcag2a, wcag2aa, wcag21a, wcag21aa, impact serious or critical)
# that come from Streamlit's own markup, which the app cannot change. Each entry: the axe rule,
# the CSS selector of Streamlit's element the offending node sits in, why, and what the app does
# instead. tests/test_accessibilite.py fails on any serious or critical violation outside this
# list; the « Accessibilité » page lists them as known gaps. Entry form:
#   "regle-axe": {"selecteur": '[data-testid="…"]', "element": "…", "raison": "…"}
# Empty since the navigation's roles are set right (ui.SCRIPT_NAVIGATION): on the unchanged app,
# axe's « list » (1 node) and « listitem » (12 nodes) came from Streamlit's sectioned sidebar
# navigation, ul[data-testid="stSidebarNavItems"] › div › li.
EXCEPTIONS_STREAMLIT: dict[str, dict[str, str]] = {}


# ---------------------------------------------------------------- the accessibility statement

RGAA = "RGAA 4.1.2"
AXE_CORE = "axe-core 4.12.1"  # shipped by axe-playwright-python 0.1.8 (requirements.txt, tests)
DATE_TESTS = _dt.date(2026, 11, 28)  # last run of the automated checks whose results are stated below
REGLES_AXE = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
CONTACT = "habitat@… (adresse du service habitat de la CU d'Arras, à compléter)"
ADRESSE_POSTALE = "Communauté urbaine d'Arras, service habitat — adresse postale à compléter"
# Without an RGAA audit (a person checking the 106 criteria on a sample of pages), the law says
# « non conforme », whatever automated tests find: they cover only part of the criteria.
ETAT = "non conforme"


# What the observatory does for accessibility, as stated on the page (each point is checked by
# tests/test_accessibilite.py or by the unit tests of the module it names).
MESURES = (
    "Chaque graphique est suivi de « Les chiffres du graphique » : les mêmes valeurs dans un tableau, "
    "lisible par un lecteur d'écran.",
    "La carte est accompagnée du tableau de l'indicateur pour les 46 communes et d'une liste « Choisir une "
    "commune » utilisable au clavier, qui sélectionne la commune comme un clic sur la carte.",
    "Les statuts (atteint, non atteint, en avance, en retard, secret statistique…) sont toujours écrits en "
    "toutes lettres avec un signe ou une icône, jamais indiqués par la seule couleur.",
    "Les couleurs des textes et des légendes respectent un contraste d'au moins 4,5:1 ; celles des "
    "graphiques et de la carte sont lisibles par les personnes daltoniennes (bleu et orange, jamais "
    "rouge et vert).",
    "Toutes les commandes sont accessibles au clavier (touche Tab) et l'élément actif est entouré d'un cadre bleu.",
    "Chaque page a son propre titre dans l'onglet du navigateur.",
)

# Known gaps (RGAA « contenus non accessibles », non-conformités), besides EXCEPTIONS_STREAMLIT.
NON_CONFORMITES = (
    "La carte elle-même est une image dessinée (WebGL) : un lecteur d'écran ne peut pas la parcourir. "
    "Alternative : le tableau « Données de la carte » et la liste « Choisir une commune ».",
    "Les graphiques sont des images : un lecteur d'écran n'en lit que le titre. Alternative : « Les chiffres "
    "du graphique » sous chacun, et les tableaux de la page.",
    "Les tableaux interactifs (tri, défilement) sont dessinés dans une zone graphique : un lecteur d'écran "
    "n'en lit que les lignes affichées. Alternative : les téléchargements CSV et XLSX de chaque tableau.",
    "Les fichiers téléchargés (classeurs, documents du bilan CIL) n'ont pas été vérifiés.",
    "Quelques noms de commandes fournis par le cadriciel Streamlit et lus par les lecteurs d'écran sont en "
    "anglais (« Skip to main content », « Link to heading », « Help for … », bornes « start » et « end » "
    "du curseur de période).",
    "Aucun test manuel avec un lecteur d'écran (NVDA, JAWS, VoiceOver) ni à 200 % de zoom n'a encore été fait.",
)
