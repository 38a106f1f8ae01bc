"""Export helpers shared by every page: an XLSX workbook, a CSV that French Excel opens as is,
and a printable HTML document. No Streamlit here: a page builds the bytes, then offers them with
`st.download_button`.

API (small on purpose):

- `classeur_xlsx(tableaux, sources, colonnes_pourcent=())` → bytes. One sheet per table (the
  dict key is the sheet name), plus a last sheet « Sources et définitions » listing `sources`
  (label → text: source, millésime, filtres, définitions…).
- `csv_fr(df)` → bytes. `;` separator, decimal comma, UTF-8 with BOM (Excel FR opens it as is).
- `neutraliser(valeur)` → the value, with a text starting with = + - @ (or tab / carriage
  return) prefixed by an apostrophe, so a spreadsheet never runs it as a formula (formula
  injection). Both writers apply it to every text cell.
- `echapper_markdown(texte)` → the text shown literally by `st.markdown` (file names, cell values
  of an uploaded file: no link, no image, no emphasis, no icon shortcode, no bare URL).
- `echapper_figure(figure)` → the figure with every text from the data HTML-escaped (Plotly
  renders `<a href>`, `<b>`… in labels): landlord names and other user data stay plain text.
- `document_html(titre, blocs, sources)` → str. A self-contained printable page: blocs are
  (sous-titre, contenu) with contenu a paragraph (str), a DataFrame or a Plotly figure (Plotly's
  JavaScript is inlined once: no CDN, no network).

Hidden cells (secret statistique) should arrive as the text « secret statistique », missing
values as NA: they are written as text and as an empty cell, never as 0.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from observatoire.figures import couleurs

FEUILLE_SOURCES = "Sources et définitions"
AVERTISSEMENT = "Avertissement"  # the header row saying the figures are demo data
LARGEUR_GRAPHIQUE = 1000  # px: fits an A4 landscape page and a 1100 px reading width
_DEBUTS_DANGEREUX = ("=", "+", "-", "@", "\t", "\r")
_INTERDITS_FEUILLE = re.compile(r"[\[\]:*?/\\]")


def neutraliser(valeur):
    """Prefix with « ' » a text a spreadsheet would read as a formula; other values unchanged."""
    if isinstance(valeur, str) and valeur.startswith(_DEBUTS_DANGEREUX):
        return "'" + valeur
    return valeur


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$=^\"'])")


def echapper_markdown(texte) -> str:
    """`texte` shown as is by Streamlit's Markdown: every Markdown character backslash-escaped,
    « : » glued to the next character followed by a zero-width space (no :material/…: icon or :red[…] colour, no
    « http:// » bare link) and « www. » broken the same way; line breaks kept as spaces."""
    t = _MARKDOWN_SPECIAL.sub(r"\\\1", str(texte))
    # Only a colon glued to what follows can open a shortcode (:material/…:, :red[…]) or a link
    # (http://): « Lignes gardées : 1 » keeps its plain colon, copied as typed.
    t = re.sub(r":(?=\S)", ":\u200b", t).replace("www", "w\u200bww").replace("@", "@\u200b")
    return re.sub(r"[\r\n]+", " ", t)


_CLES_TEXTE_FIGURE = ("x", "y", "z", "text", "hovertext", "labels", "ids", "name", "parents", "texttemplate")


def _echapper_valeur(v):
    if isinstance(v, str):
        return html.escape(v, quote=False)
    if isinstance(v, (list, tuple)):
        return [_echapper_valeur(x) for x in v]
    if hasattr(v, "tolist") and getattr(v, "dtype", None) is not None and v.dtype == object:
        return [_echapper_valeur(x) for x in v.tolist()]
    return v


def echapper_figure(figure):
    """Escape `<`, `>` and `&` in the data texts of a Plotly figure (categories, labels, texts,
    trace names, tick labels): Plotly renders a subset of HTML there (links, bold, images in
    some versions), so a landlord named `<a href=…>` would become a link. Works on a Figure (a
    modified copy is returned) or on its dict (modified in place and returned)."""
    d = figure if isinstance(figure, dict) else figure.to_dict()
    for trace in d.get("data", []):
        for cle in _CLES_TEXTE_FIGURE:
            if cle in trace:
                trace[cle] = _echapper_valeur(trace[cle])
    for cle, axe in d.get("layout", {}).items():
        if re.fullmatch(r"[xy]axis\d*", cle) and isinstance(axe, dict) and "ticktext" in axe:
            axe["ticktext"] = _echapper_valeur(axe["ticktext"])
    if isinstance(figure, dict):
        return d
    import plotly.graph_objects as go

    return go.Figure(d, skip_invalid=True)


# A number as the screens write it (observatoire.formats): « 526 », « 3 258 », « 1 234,5 »,
# « 19,7 % », « −12 ». Not a code (« 62041 » has no separator, « 007 » a leading zero) nor a year.
_NOMBRE_FR = re.compile(r"([−-]?)((?:[1-9]\d{0,2}(?:[\u202f\u00a0 ]\d{3})+)|[1-9]\d{0,2}|0)(?:,(\d+))?(\s*%)?")


def nombre_francais(texte: str):
    """(value, Excel number format) of a French-formatted number, or None for any other text.
    Excel's format codes are written in the en-US syntax and displayed in the reader's locale:
    '#,##0' shows « 3 258 » and '0.0%' « 19,7 % » in a French Excel."""
    m = _NOMBRE_FR.fullmatch(texte.strip())
    if not m:
        return None
    signe, entier, decimales, pourcent = m.groups()
    valeur = float(re.sub(r"\D", "", entier) + ("." + decimales if decimales else ""))
    valeur = -valeur if signe else valeur
    n = len(decimales or "")
    if pourcent:
        return round(valeur / 100, n + 2), "0" + ("." + "0" * n if n else "") + "%"
    if not n:
        return int(valeur), "#,##0"
    return valeur, "#,##0." + "0" * n


def _cellule(valeur):
    if valeur is None or valeur is pd.NA or valeur is pd.NaT:
        return None
    if isinstance(valeur, float) and valeur != valeur:  # NaN
        return None
    if hasattr(valeur, "item") and not isinstance(valeur, str):  # numpy scalar → Python
        valeur = valeur.item()
    if isinstance(valeur, str):
        return neutraliser(valeur)
    return valeur


def _nom_feuille(nom: str, pris: set[str]) -> str:
    base = _INTERDITS_FEUILLE.sub(" ", str(nom)).strip()[:31] or "Feuille"
    candidat, i = base, 2
    while candidat.lower() in pris:
        suffixe = f" ({i})"
        candidat, i = base[: 31 - len(suffixe)] + suffixe, i + 1
    pris.add(candidat.lower())
    return candidat


def classeur_xlsx(
    tableaux: Mapping[str, pd.DataFrame],
    sources: Mapping[str, str],
    colonnes_pourcent: Iterable[str] = (),
) -> bytes:
    """Workbook: one sheet per table, then « Sources et définitions». Columns named in
    `colonnes_pourcent` hold proportions (0.25) and are shown as « 25,0 % » by Excel."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    pourcent = set(colonnes_pourcent)
    gras = Font(bold=True)
    wb = Workbook()
    wb.remove(wb.active)
    pris: set[str] = {FEUILLE_SOURCES.lower()}
    for nom, df in tableaux.items():
        ws = wb.create_sheet(_nom_feuille(nom, pris))
        ws.append([_cellule(str(c)) for c in df.columns])
        for cell in ws[1]:
            cell.font = gras
        # Column by column (a Series gives Python scalars, as itertuples does), rows rebuilt by zip.
        colonnes = [df.iloc[:, j].tolist() for j in range(df.shape[1])]
        for ligne in zip(*colonnes):
            ws.append([_cellule(v) for v in ligne])
        # Numbers the table carries as French text become numbers Excel can sum and sort.
        for cellules in ws.iter_rows(min_row=2):
            for cell in cellules:
                if isinstance(cell.value, str) and (lu := nombre_francais(cell.value)) is not None:
                    cell.value, cell.number_format = lu
        for j, col in enumerate(df.columns, start=1):
            lettre = get_column_letter(j)
            largeur = max([len(str(col))] + [len(str(v)) for v in colonnes[j - 1][:200]]) + 2
            ws.column_dimensions[lettre].width = min(max(largeur, 8), 60)
            if col in pourcent:
                for cell in ws[lettre][1:]:
                    if isinstance(cell.value, (int, float)):
                        cell.number_format = "0.0%"
        ws.freeze_panes = "A2"
    ws = wb.create_sheet(FEUILLE_SOURCES)
    ws.append(["Rubrique", "Contenu"])
    for cell in ws[1]:
        cell.font = gras
    for cle, texte in sources.items():
        ws.append([_cellule(str(cle)), _cellule(str(texte))])
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 110
    for ligne in ws.iter_rows(min_row=2):
        ligne[1].alignment = Alignment(wrap_text=True, vertical="top")
        ligne[0].alignment = Alignment(vertical="top")
    tampon = io.BytesIO()
    wb.save(tampon)
    return tampon.getvalue()


def csv_fr(df: pd.DataFrame) -> bytes:
    """CSV for French Excel: `;`, decimal comma, UTF-8 with BOM; text cells neutralised."""
    sortie = df.copy()
    for c in sortie.columns:
        if sortie[c].dtype == object or pd.api.types.is_string_dtype(sortie[c]):
            sortie[c] = sortie[c].map(neutraliser)
    sortie.columns = [neutraliser(str(c)) for c in sortie.columns]
    return sortie.to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig")


def csv_fr_entete(df: pd.DataFrame, entete: Mapping[str, str]) -> bytes:
    """`csv_fr` preceded by header lines « Rubrique;texte » (source, millésime, filtres…) and a
    blank line, so the file says where its figures come from. Header texts are neutralised too."""
    lignes = [f"{_champ_csv(cle)};{_champ_csv(texte)}" for cle, texte in entete.items()]
    tete = ("\n".join(lignes) + "\n\n").encode("utf-8-sig")
    return tete + csv_fr(df).removeprefix("\ufeff".encode("utf-8"))


def _champ_csv(texte) -> str:
    texte = str(neutraliser(str(texte)))
    if any(c in texte for c in ';"\n\r'):
        texte = '"' + texte.replace('"', '""') + '"'
    return texte


_STYLE = f"""
body {{ font-family: "DejaVu Sans", Arial, sans-serif; color: {couleurs.GRIS_TEXTE_PRESENTATION}; margin: 2em auto; max-width: 1100px; }}
h1 {{ font-size: 1.6em; border-bottom: 2px solid {couleurs.BLEU}; padding-bottom: .3em; }}
h2 {{ font-size: 1.2em; color: {couleurs.BLEU}; margin-top: 1.6em; }}
table {{ border-collapse: collapse; margin: .6em 0; font-size: .9em; }}
th, td {{ border: 1px solid #999; padding: .25em .5em; }}
th {{ background: {couleurs.FOND_ENTETE_TABLEAU}; text-align: left; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
.sources {{ font-size: .85em; color: #444; }}
.avertissement {{ border: 2px solid {couleurs.BORDURE_AVERTISSEMENT}; padding: .4em .7em; color: {couleurs.TEXTE_AVERTISSEMENT}; background: {couleurs.FOND_AVERTISSEMENT}; }}
@page {{ size: A4 landscape; margin: 12mm; }}
@media print {{ body {{ margin: 0; max-width: none; }} table {{ font-size: .7em; }} h2 {{ page-break-after: avoid; }} table, .graphique {{ page-break-inside: avoid; }} }}
"""


def _table_html(df: pd.DataFrame) -> str:
    tetes = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    lignes = []
    for ligne in df.itertuples(index=False):
        cellules = []
        for v in ligne:
            texte = "" if v is None or (isinstance(v, float) and v != v) or v is pd.NA else str(v)
            classe = ' class="n"' if re.fullmatch(r"[−\-]?[\d\u202f\u00a0 ,.]+\s*%?€?", texte or "x") else ""
            cellules.append(f"<td{classe}>{html.escape(texte)}</td>")
        lignes.append("<tr>" + "".join(cellules) + "</tr>")
    return f"<table><thead><tr>{tetes}</tr></thead><tbody>{''.join(lignes)}</tbody></table>"


def _figure_imprimable(fig) -> dict:
    """The figure as a dict, 1000 px wide, side margins of 70 and 30 px, automargin on every x
    and y axis: the layout a copy of the figure gets from update_layout(width=…, margin=…) then
    update_xaxes / update_yaxes(automargin=True), which also set `xaxis` and `yaxis` when the
    figure has none. On the dict, not on a copy of the figure: copying and updating a Figure
    validates it again, template included (three quarters of the document's CPU)."""
    d = echapper_figure(fig.to_dict())  # a deep copy: the caller's figure is left as it was
    mise_en_page = d.setdefault("layout", {})
    mise_en_page["width"] = LARGEUR_GRAPHIQUE
    mise_en_page.setdefault("margin", {}).update(l=70, r=30)
    for prefixe in ("xaxis", "yaxis"):
        axes = sorted((k for k in mise_en_page if re.fullmatch(prefixe + r"\d*", k)), key=lambda k: int(k[5:] or 1))
        for axe in axes if prefixe in axes else [*axes, prefixe]:
            mise_en_page.setdefault(axe, {})["automargin"] = True
    return d


def document_html(titre: str, blocs: Iterable[tuple[str, object]], sources: Mapping[str, str], style: str = "") -> str:
    """A printable, self-contained HTML page (tables already formatted as French text). A bloc's
    content may also carry ready markup in a str attribute `html` (static SVG charts, boxes: the
    caller escapes its pieces); a title starting with « § » opens a new printed page. `style` is
    added after the default style (another page format)."""
    morceaux = [f"<h1>{html.escape(titre)}</h1>"]
    if sources.get(AVERTISSEMENT):  # demo data: said before any figure, not only at the end
        morceaux.append(f'<p class="avertissement"><strong>{html.escape(str(sources[AVERTISSEMENT]))}</strong></p>')
    js_inclus = False
    for sous_titre, contenu in blocs:
        if sous_titre.startswith("§"):
            morceaux.append(f'<h2 class="partie">{html.escape(sous_titre[1:].strip())}</h2>')
        elif sous_titre:
            morceaux.append(f"<h2>{html.escape(sous_titre)}</h2>")
        if isinstance(getattr(contenu, "html", None), str):
            morceaux.append(contenu.html)
        elif isinstance(contenu, pd.DataFrame):
            morceaux.append(_table_html(contenu))
        elif hasattr(contenu, "to_html"):  # a Plotly figure: fixed width for print, room for the axes
            import plotly.io as pio

            morceaux.append(
                '<div class="graphique">'
                + pio.to_html(
                    _figure_imprimable(contenu),
                    full_html=False,
                    include_plotlyjs=not js_inclus,
                    validate=False,
                    config={"displayModeBar": False, "staticPlot": True},
                )
                + "</div>"
            )
            js_inclus = True
        else:
            morceaux.append(f"<p>{html.escape(str(contenu))}</p>")
    morceaux.append('<h2>Sources et définitions</h2><dl class="sources">')
    for cle, texte in sources.items():
        morceaux.append(f"<dt><strong>{html.escape(str(cle))}</strong></dt><dd>{html.escape(str(texte))}</dd>")
    morceaux.append("</dl>")
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{html.escape(titre)}</title><style>{_STYLE}{style}</style></head><body>"
        + "\n".join(morceaux)
        + "</body></html>"
    )
