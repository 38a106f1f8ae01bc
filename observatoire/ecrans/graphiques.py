"""Charts: a Plotly figure drawn with its source subtitle, PNG export, caption and « Les
chiffres du graphique » (its text alternative), built once for the same data."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from observatoire.base import memoire
from observatoire.ecrans.cadre import legende, presentation_active
from observatoire.ecrans.tableaux import nom_de_fichier
from observatoire.figures import couleurs


class FigurePrete:
    """A ready figure spec handed to st.plotly_chart without a second validation.

    Given a dict, st.plotly_chart rebuilds a plotly Figure from it to validate it
    (`Figure(**spec).to_dict()`: 30 to 70 ms a chart); given a Figure, it only calls
    `to_dict()`. This object passes its isinstance check (BaseFigure is set as its base below,
    lazily: plotly is imported on first use) and hands back the spec as it is, already validated
    when the figure was built. `spec["data"]` reads like the dict (tests look inside)."""

    def __init__(self, spec: dict):
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec

    def __getitem__(self, cle):
        return self._spec[cle]


_classe_figure_prete = None


def figure_prete(spec: dict):
    global _classe_figure_prete
    if _classe_figure_prete is None:
        from plotly.basedatatypes import BaseFigure

        _classe_figure_prete = type("FigurePrete", (FigurePrete, BaseFigure), {})
    objet = _classe_figure_prete.__new__(_classe_figure_prete)
    FigurePrete.__init__(objet, spec)
    return objet


def _sans_vides(x):
    """The spec without its empty dicts (`"title": {}`), as plotly's validation, which
    st.plotly_chart ran on a dict, leaves it."""
    if isinstance(x, dict):
        sortie = {}
        for k, v in x.items():
            v = _sans_vides(v)
            if not (isinstance(v, dict) and not v):
                sortie[k] = v
        return sortie
    if isinstance(x, list):
        return [_sans_vides(e) for e in x]
    return x


@memoire.pur
def _spec_figure(fonction, args: tuple, kwargs: dict) -> dict:
    from observatoire.figures.exports import echapper_figure

    return _sans_vides(echapper_figure(fonction(*args, **kwargs).to_dict()))


def figure(fonction, *args, **kwargs) -> dict:
    """The spec of the Plotly figure `fonction(*args, **kwargs)`, escaped, built once per content
    of the arguments (memoire.pur: `fonction` a module-level function of observatoire, its
    arguments the frames it draws). Building a figure with plotly's graph objects validates
    every property (100 ms and more for the objectives' evolution): a rerun with the same data
    reuses the spec. For `graphique`, which accepts a Figure or such a spec."""
    return _spec_figure(fonction, args, kwargs)


def _sous_titre_source(spec: dict, source: str, millesime: str) -> dict:
    """`graphique`'s layout on a spec: the same as its batch of property assignments on a Figure,
    on copies of the few dicts it touches (the spec may be a kept one)."""
    spec = dict(spec)
    mise_en_page = dict(spec.get("layout") or {})
    spec["layout"] = mise_en_page
    mise_en_page["separators"] = ", "
    titre = dict(mise_en_page.get("title") or {})
    mise_en_page["title"] = titre
    titre["text"] = titre.get("text") or ""
    sous_titre = {"text": f"Source : {source} · {millesime}", "font": {"size": 11, "color": couleurs.GRIS_SOUS_TITRE}}
    ancien = titre.get("subtitle")
    if ancien:  # merged into, as update_layout does
        fusion = dict(ancien)
        fusion["text"] = sous_titre["text"]
        fusion["font"] = {**(ancien.get("font") or {}), **sous_titre["font"]}
        sous_titre = fusion
    titre["subtitle"] = sous_titre
    marge = dict(mise_en_page.get("margin") or {})
    marge["t"] = max(marge.get("t") or 0, 75)
    mise_en_page["margin"] = marge
    return spec


def graphique(
    fig, key: str, nom_fichier: str, source: str, millesime: str, perimetre: str, chiffres: pd.DataFrame | bool = True
) -> None:
    """A Plotly chart with its PNG export (modebar « télécharger en PNG », client side) and its
    `legende`. The source line is also the figure's subtitle, so the PNG carries it. In
    presentation mode the fonts and the height grow. `fig`: a plotly Figure, or the spec
    `figure` returns (built once for the same data).

    Under it, « Les chiffres du graphique »: the same figures as a table (RGAA 1.8, text
    alternative of a chart), read from the figure (`chiffres=True`), given by the page (a
    DataFrame), or left to the page (`False`, when it draws its own richer table)."""
    table_chiffres = None
    if chiffres is True:
        table_chiffres = _chiffres_spec(fig) if isinstance(fig, dict) else _chiffres_de_figure(fig)
    elif isinstance(chiffres, pd.DataFrame):
        table_chiffres = chiffres
    if isinstance(fig, dict) and not presentation_active():
        spec = _sous_titre_source(fig, source, millesime)
    else:
        import plotly.graph_objects as go

        deja_echappee = isinstance(fig, dict)  # figure() escaped it
        spec = _spec_ecran(go.Figure(fig) if deja_echappee else fig, source, millesime, echapper=not deja_echappee)
    st.plotly_chart(
        figure_prete(spec),
        key=key,
        config={
            "locale": "fr",
            "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": nom_de_fichier(nom_fichier), "scale": 2},
        },
    )
    legende(source, millesime, perimetre)
    # Not on a projected slide (it must fit the screen with nothing below): the same chart on its
    # page, out of presentation mode, carries the table.
    if table_chiffres is not None and not presentation_active():
        titre = ((spec.get("layout") or {}).get("title") or {}).get("text") or nom_fichier
        chiffres_du_graphique(table_chiffres, titre=titre)


def graphique_simple(fig, key: str, explication: str, source: str, millesime: str, perimetre: str, titre: str) -> None:
    """A Plotly chart drawn as Streamlit draws it (no source subtitle in the figure, no PNG
    settings), then its caption, its `legende` and « Les chiffres du graphique ». `fig`: a plotly
    Figure, or a ready spec (the one `figure` returns, built once for the same data): handed over
    as is, its table of figures kept with it."""
    if isinstance(fig, dict):
        st.plotly_chart(figure_prete(fig), key=key)
        # without its template (the same for every chart, never read by the table): a shorter key
        mise_en_page = {k: v for k, v in (fig.get("layout") or {}).items() if k != "template"}
        chiffres = _chiffres_spec_simple({**fig, "layout": mise_en_page})
    else:
        st.plotly_chart(fig, key=key)
        chiffres = fig
    st.caption(explication)
    legende(source, millesime, perimetre)
    chiffres_du_graphique(chiffres, titre=titre)


_ENTITES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))  # html.escape(quote=False) undone, « &amp; » last


def _textes_lisibles(x):
    """The strings of a spec with `figure`'s escaping undone (« Maisons &amp; Cités » reads
    « Maisons & Cités » in the table; Plotly decodes it when it draws)."""
    if isinstance(x, str):
        if "&" in x:
            for entite, caractere in _ENTITES:
                x = x.replace(entite, caractere)
        return x
    if isinstance(x, dict):
        return {k: _textes_lisibles(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_textes_lisibles(e) for e in x]
    return x


class _Lu:
    """A spec's dict read as plotly's objects are by the text alternative (`fig.data`,
    `trace.x`, `fig.layout.xaxis.title.text`): None for a property the spec does not set. The
    spec was validated when its Figure was built: no second Figure (5 ms a chart) to read it."""

    def __init__(self, d: dict):
        self._d = d

    def __getattr__(self, nom):
        v = self._d.get(nom)
        if nom == "data":
            return [_Lu(t) for t in v or []]
        return _Lu(v) if isinstance(v, dict) else v


@memoire.pur
def _chiffres_spec_simple(spec: dict) -> pd.DataFrame:
    """`graphique_simple`'s table of figures from a ready spec: the one its Figure gave, once per
    content of the spec."""
    return _chiffres_de_figure(_Lu(_tableaux_decodes(_textes_lisibles(spec))))


def _chiffres_de_figure(fig) -> pd.DataFrame:
    from observatoire.figures.accessibilite import chiffres_figure

    return chiffres_figure(fig)


@memoire.pur
def _chiffres_spec(spec: dict) -> pd.DataFrame:
    """The figures of a ready spec (figure()), once per content of the spec: its arrays unpacked
    (base64) and its text unescaped (figure() escaped it for Plotly, the table is plain text)."""
    return _chiffres_de_figure(_Lu(_tableaux_decodes(_textes_lisibles(spec))))


def _tableaux_decodes(x):
    """The spec with plotly's packed arrays ({"dtype": "f8", "bdata": base64, "shape": "2, 3"},
    what Figure.to_dict writes for numpy data) back as lists: a Figure built from the spec keeps
    them packed, and the text alternative reads numbers."""
    import base64

    import numpy as np

    if isinstance(x, dict):
        if "bdata" in x and "dtype" in x:
            a = np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"]))
            if x.get("shape"):
                a = a.reshape([int(n) for n in str(x["shape"]).split(",")])
            return a.tolist()
        return {k: _tableaux_decodes(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_tableaux_decodes(e) for e in x]
    return x


def _spec_ecran(fig, source: str, millesime: str, echapper: bool = True) -> dict:
    hauteur = fig.layout.height or 420
    mise_en_page = fig.layout
    # Property assignments in one batch: the same layout as update_layout(separators=…,
    # title=…, margin=…), for a quarter of its CPU (update_layout validates its argument again).
    with fig.batch_update():
        mise_en_page.separators = ", "
        # The source goes in the subtitle: it is part of the PNG and never overlaps axes or legend.
        mise_en_page.title.text = mise_en_page.title.text or ""
        sous_titre = dict(text=f"Source : {source} · {millesime}", font=dict(size=11, color=couleurs.GRIS_SOUS_TITRE))
        if mise_en_page.title.subtitle.to_plotly_json():  # merged into, as update_layout does
            mise_en_page.title.subtitle.update(sous_titre)
        else:
            mise_en_page.title.subtitle = sous_titre
        mise_en_page.margin.t = max(mise_en_page.margin.t or 0, 75)
    if presentation_active():
        fig.for_each_annotation(lambda a: a.update(font=dict(size=16, color=couleurs.NOIR)))
        fig.update_xaxes(tickfont=dict(size=16, color=couleurs.NOIR), title_font=dict(size=17, color=couleurs.NOIR))
        fig.update_yaxes(tickfont=dict(size=16, color=couleurs.NOIR), title_font=dict(size=17, color=couleurs.NOIR))
        fig.update_traces(textfont=dict(size=16), selector=lambda t: hasattr(t, "textfont"))
        fig.update_layout(
            font=dict(size=16, color=couleurs.NOIR),
            height=int(hauteur * 1.1),
            paper_bgcolor=couleurs.FOND,
            plot_bgcolor=couleurs.FOND,
            legend=dict(font=dict(size=16)),
            title=dict(
                font=dict(size=24, color=couleurs.NOIR),
                subtitle=dict(font=dict(size=14, color=couleurs.GRIS_TEXTE_PRESENTATION)),
            ),
        )
    # User data (landlord, commune names) reaches labels and hovers: escaped, Plotly renders HTML there.
    from observatoire.figures.exports import echapper_figure

    return _sans_vides(echapper_figure(fig.to_dict()) if echapper else fig.to_dict())


def chiffres_du_graphique(chiffres, titre: str = "", libelle: str = "Les chiffres du graphique") -> None:
    """« Les chiffres du graphique »: a chart's figures as an HTML table (st.table: real <table>,
    <th> headers, every row in the page, which a screen reader walks; st.dataframe draws on a
    canvas and shows a screen reader only the rows in view). `chiffres`: a table or a figure."""
    if not isinstance(chiffres, pd.DataFrame):
        from observatoire.figures.accessibilite import chiffres_figure

        chiffres = chiffres_figure(chiffres)
    if chiffres.empty:
        return
    with st.expander(libelle, icon=":material/table:"):
        st.table(chiffres, hide_index=True, alt=f"{libelle} : {titre}" if titre else None)
