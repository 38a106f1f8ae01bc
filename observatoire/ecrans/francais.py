"""French everywhere: Streamlit's and Plotly's English defaults replaced (placeholders, Plotly's
toolbar and number formats, percentage ticks, the file uploader's and table toolbar's words)."""

from __future__ import annotations

import re

import streamlit as st

# ---------------------------------------------------------------- French everywhere: Streamlit's and Plotly's defaults

# Plotly's toolbar in French (its bundle in Streamlit ships no French locale: given in the config).
DICTIONNAIRE_PLOTLY = {
    "Autoscale": "Échelle automatique",
    "Box Select": "Sélection rectangulaire",
    "Compare data on hover": "Comparer au survol",
    "Download plot as a PNG": "Télécharger le graphique (PNG)",
    "Download plot": "Télécharger le graphique",
    "Download plot as JSON": "Télécharger le graphique (JSON)",
    "Lasso Select": "Sélection au lasso",
    "Pan": "Déplacer",
    "Reset axes": "Réinitialiser les axes",
    "Reset view": "Réinitialiser la vue",
    "Reset views": "Réinitialiser les vues",
    "Reset": "Réinitialiser",
    "Show closest data on hover": "Valeur la plus proche au survol",
    "Toggle Spike Lines": "Lignes de repère",
    "Toggle show closest data on hover": "Valeur au survol",
    "Zoom": "Agrandir une zone",
    "Zoom in": "Agrandir",
    "Zoom out": "Réduire",
    "Double-click to zoom back out": "Double-cliquez pour revenir à la vue d'ensemble",
    "Double-click on legend to isolate one trace": "Double-cliquez sur la légende pour isoler une série",
    "Preparing image - this may take a few seconds": "Préparation de l'image, quelques secondes…",
    "Image download succeeded": "Image téléchargée",
    "Sorry, there was a problem downloading your image!": "Le téléchargement de l'image a échoué.",
    "Snapshot succeeded": "Image prête",
    "trace": "série",
}
CONFIG_PLOTLY = {
    "locale": "fr",
    "locales": {
        "fr": {
            "dictionary": DICTIONNAIRE_PLOTLY,
            "format": {
                "decimal": ",",
                "thousands": "\u202f",
                "grouping": [3],
                "currency": ["", "\u00a0€"],
                "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
                "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
                "months": [
                    "janvier",
                    "février",
                    "mars",
                    "avril",
                    "mai",
                    "juin",
                    "juillet",
                    "août",
                    "septembre",
                    "octobre",
                    "novembre",
                    "décembre",
                ],
                "shortMonths": [
                    "janv.",
                    "févr.",
                    "mars",
                    "avr.",
                    "mai",
                    "juin",
                    "juil.",
                    "août",
                    "sept.",
                    "oct.",
                    "nov.",
                    "déc.",
                ],
                "date": "%d/%m/%Y",
            },
        }
    },
    "displaylogo": False,
    # Selection tools serve no reading of these charts; fewer buttons, fewer words to translate.
    "modeBarButtonsToRemove": [
        "select2d",
        "lasso2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
    ],
}

PLACEHOLDERS = {"selectbox": "Choisir…", "multiselect": "Choisir une ou plusieurs options"}

# Streamlit's own English on screen, replaced or hidden (its front end has no French):
# - the table toolbar (« Download as CSV », « Search », « Fullscreen »): hidden, tableaux.tableau gives
#   French CSV / XLSX buttons; the same toolbar over charts and the « Fullscreen » button
#   Streamlit adds to Plotly's toolbar too (presentation mode enlarges charts, in French);
# - the file uploader's « Upload » button and « 400MB per file » line: French text instead
#   (visibility/display, so neither the screen nor a screen reader gets the English).
CSS_FRANCAIS = """<style>
[data-testid="stElementToolbar"], [data-testid="stElementToolbarButton"], .modebar-btn[data-title="Fullscreen"] {
  display: none !important; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { display: none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after { content: "Choisir un fichier"; }
[data-testid="stFileUploaderDropzoneInstructions"] span { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {
  content: "ou glissez-le ici · 400 Mo au plus par fichier"; font-size: 0.875rem; opacity: 0.75; }
</style>"""


def _graduations_pourcent(vmin: float, vmax: float) -> list[float]:
    """Round tick values (proportions) covering [vmin, vmax], about 4 to 8 of them."""
    import math

    bas, haut = min(0.0, vmin), max(vmax, 0.0)
    etendue = haut - bas or 1.0
    pas = next((p for p in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0) if etendue / p <= 8), 10.0)
    debut, fin = math.floor(bas / pas + 1e-9), math.ceil(haut / pas - 1e-9)
    return [round(i * pas, 10) for i in range(debut, fin + 1)]


def pourcents_francais(figure: dict) -> dict:
    """Percentage axes (tickformat « .0% ») with French ticks, « 60 % » and not « 60% »: Plotly's
    number formats follow d3's, which glue the percent sign. The ticks are given as values and
    texts (fr.pourcent), computed from the data the axis carries. Works on the figure's dict."""
    import numpy as np

    from observatoire import formats as fr

    mise_en_page = figure.get("layout", {})
    for nom, axe in list(mise_en_page.items()):
        if not (re.fullmatch(r"[xy]axis\d*", nom) and isinstance(axe, dict)):
            continue
        m = re.fullmatch(r",?\.(\d)%", str(axe.get("tickformat", "")))
        if not m:
            continue
        lettre, numero = nom[0], nom[5:]
        valeurs, maxima = [], []
        for trace in figure.get("data", []):
            if trace.get(f"{lettre}axis", lettre) != lettre + numero:
                continue
            try:
                v = np.asarray(trace.get(lettre, []), dtype=float)
            except (TypeError, ValueError):
                continue
            v = v[np.isfinite(v)]
            valeurs.extend(v.tolist())
            maxima.append(float(v.max()) if v.size else 0.0)
        if mise_en_page.get("barmode") in ("stack", "relative") and maxima:
            valeurs.append(sum(x for x in maxima if x > 0))  # stacked bars reach at most the sum of the maxima
        bornes = axe.get("range")
        if bornes and len(bornes) == 2 and all(isinstance(b, (int, float)) for b in bornes):
            valeurs.extend(bornes)
        if not valeurs:
            continue
        graduations = _graduations_pourcent(min(valeurs), max(valeurs))
        axe.update(
            tickmode="array", tickvals=graduations, ticktext=[fr.pourcent(g, int(m.group(1))) for g in graduations]
        )
        axe.pop("tickformat", None)
    return figure


def franciser_streamlit() -> None:
    """French defaults for every page (called by `navigation`, each run): selectbox and
    multiselect placeholders (« Choose an option »), Plotly's toolbar and percentage ticks, the
    CSS above. The widgets' defaults are set on Streamlit's DeltaGenerator once per process."""
    from streamlit.delta_generator import DeltaGenerator

    # imported here: graphiques draws through the frame, which imports this module
    from observatoire.ecrans.graphiques import FigurePrete, figure_prete

    for nom, texte in PLACEHOLDERS.items():
        origine = getattr(DeltaGenerator, nom)
        if getattr(origine, "_en_francais", False):
            continue

        def widget(self, *args, _origine=origine, _texte=texte, **kwargs):
            if kwargs.get("placeholder") is None:
                kwargs["placeholder"] = _texte
            return _origine(self, *args, **kwargs)

        widget.__name__, widget.__doc__, widget._en_francais = nom, origine.__doc__, True
        setattr(DeltaGenerator, nom, widget)
    origine = DeltaGenerator.plotly_chart
    if not getattr(origine, "_en_francais", False):

        def plotly_chart(self, figure_or_data, *args, config=None, _origine=origine, **kwargs):
            # A ready spec (graphiques.graphique) stays a ready figure: handed over as a dict, Streamlit
            # would validate it again (30 to 70 ms a chart).
            prete = isinstance(figure_or_data, FigurePrete)
            if hasattr(figure_or_data, "to_dict"):
                figure_or_data = figure_or_data.to_dict()
            if isinstance(figure_or_data, dict):
                figure_or_data = pourcents_francais(figure_or_data)
                mise_en_page = figure_or_data.setdefault("layout", {})
                mise_en_page.setdefault("separators", ", ")
                if prete:
                    figure_or_data = figure_prete(figure_or_data)
            return _origine(self, figure_or_data, *args, config={**CONFIG_PLOTLY, **(config or {})}, **kwargs)

        plotly_chart.__name__, plotly_chart.__doc__, plotly_chart._en_francais = "plotly_chart", origine.__doc__, True
        DeltaGenerator.plotly_chart = plotly_chart
    for nom in (*PLACEHOLDERS, "plotly_chart"):
        setattr(st, nom, getattr(st._main, nom))
    st.html(CSS_FRANCAIS)
