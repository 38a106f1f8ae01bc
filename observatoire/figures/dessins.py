"""Static SVG drawings built by hand: the map to download, the commune locator map and the small
time-series charts of the printable fiche.

Neither matplotlib nor kaleido is in the environment, and the printable fiche must not carry
plotly.js: these drawings are plain SVG text, offline, readable by any browser and printable on A4.
Every text piece is escaped (commune names come from imported files). No Streamlit here.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import pandas as pd
import shapely

from observatoire import formats as fr
from observatoire.figures import couleurs

POLICE = "DejaVu Sans, Arial, sans-serif"
GRIS_COMMUNES = couleurs.GRIS_CLAIR
GRIS_TRAIT = couleurs.FOND
SURLIGNE = couleurs.BLEU


def _e(texte) -> str:
    return html.escape(str(texte), quote=True)


@dataclass(frozen=True)
class Svg:
    """An SVG document as text; `html` lets exports.document_html inline it as it is."""

    texte: str

    @property
    def html(self) -> str:
        return f'<div class="graphique">{self.texte}</div>'

    def encode(self, *args) -> bytes:
        return self.texte.encode("utf-8")


# ---------------------------------------------------------------- geometry


def _geometries(wkts) -> list:
    out = []
    for w in wkts:
        if w is None or (isinstance(w, float) and math.isnan(w)) or not str(w).strip():
            out.append(None)
        else:
            out.append(shapely.from_wkt(w))
    return out


class Projection:
    """Longitude × cos(mean latitude), latitude: equal-area enough for 30 km, north up."""

    def __init__(self, geoms, largeur: float, hauteur: float, marge: float = 4):
        valides = [g for g in geoms if g is not None]
        minx, miny, maxx, maxy = shapely.union_all(valides).bounds if valides else (2.55, 50.2, 2.95, 50.4)
        self.k = math.cos(math.radians((miny + maxy) / 2))
        larg, haut = max((maxx - minx) * self.k, 1e-9), max(maxy - miny, 1e-9)
        self.echelle = min((largeur - 2 * marge) / larg, (hauteur - 2 * marge) / haut)
        self.x0 = marge + ((largeur - 2 * marge) - larg * self.echelle) / 2 - minx * self.k * self.echelle
        self.y0 = marge + ((hauteur - 2 * marge) - haut * self.echelle) / 2 + maxy * self.echelle

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return self.x0 + lon * self.k * self.echelle, self.y0 - lat * self.echelle


def chemin(geom, proj: Projection) -> str:
    """The SVG path data of a polygon or multipolygon (holes kept, even-odd fill)."""
    morceaux = []
    polygones = getattr(geom, "geoms", [geom])
    for poly in polygones:
        for anneau in [poly.exterior, *poly.interiors]:
            pts = [proj(x, y) for x, y in anneau.coords]
            morceaux.append("M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in pts) + " Z")
    return " ".join(morceaux)


# ---------------------------------------------------------------- the map to download


def carte_svg(
    communes: pd.DataFrame,
    teintes: dict,
    titre: str,
    classes: list[tuple[str, str]],
    source: str,
    selection=(),
    qpv_wkts=(),
    etiquettes: list[dict] | None = None,
    largeur: int = 1000,
    hauteur: int = 700,
) -> Svg:
    """The choropleth as a standalone SVG: communes filled (`teintes`: code_insee → colour),
    selection outlined, QPV outlined in orange, names with a white box, legend (`classes`: (colour,
    text) rows) and the source line, so the file says what it shows and where it comes from."""
    l_carte = largeur - 330
    geoms = _geometries(communes["geometrie_wkt"])
    proj = Projection(geoms, l_carte, hauteur - 90, 10)
    decale = 50  # room for the title
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{largeur}" height="{hauteur}" '
        f'viewBox="0 0 {largeur} {hauteur}" font-family="{POLICE}" role="img" aria-label="{_e(titre)}">',
        f'<rect width="{largeur}" height="{hauteur}" fill="{couleurs.FOND}"/>',
        f'<text x="10" y="28" font-size="18" font-weight="bold" fill="#111">{_e(titre)}</text>',
        f'<g transform="translate(0 {decale})">',
    ]
    choisies = set(selection)
    for c, g in zip(communes.itertuples(), geoms):
        if g is None:
            continue
        teinte = teintes.get(c.code_insee, couleurs.GRIS_SANS)
        parts.append(
            f'<path d="{chemin(g, proj)}" fill="{_e(teinte)}" fill-rule="evenodd" stroke="{couleurs.FOND}" '
            f'stroke-width="0.8"><title>{_e(c.nom)}</title></path>'
        )
    for c, g in zip(communes.itertuples(), geoms):
        if g is not None and c.code_insee in choisies:
            parts.append(f'<path d="{chemin(g, proj)}" fill="none" stroke="{couleurs.CONTOUR}" stroke-width="2.5"/>')
    for g in _geometries(qpv_wkts):
        if g is not None:
            parts.append(f'<path d="{chemin(g, proj)}" fill="none" stroke="{couleurs.ORANGE_VIF}" stroke-width="1.8"/>')
    for et in etiquettes or []:
        x, y = proj(*et["position"])
        w = 0.62 * 11 * len(et["nom"]) + 6
        parts.append(
            f'<rect x="{x - w / 2:.1f}" y="{y - 8:.1f}" width="{w:.1f}" height="15" rx="2" fill="{couleurs.FOND}" '
            f'fill-opacity="0.85"/><text x="{x:.1f}" y="{y + 3.5:.1f}" font-size="11" font-weight="600" '
            f'text-anchor="middle" fill="#111">{_e(et["nom"])}</text>'
        )
    parts.append("</g>")
    x0, y = l_carte + 15, decale + 10
    for teinte, texte in classes:
        parts.append(
            f'<rect x="{x0}" y="{y}" width="22" height="15" fill="{_e(teinte)}" stroke="#777" stroke-width="0.8"/>'
        )
        for i, ligne in enumerate(_couper(texte, 40)):
            parts.append(f'<text x="{x0 + 30}" y="{y + 12 + 14 * i}" font-size="12" fill="#111">{_e(ligne)}</text>')
        y += 14 * max(1, len(_couper(texte, 40))) + 10
    if choisies:
        parts.append(
            f'<rect x="{x0}" y="{y}" width="22" height="15" fill="none" stroke="#111" stroke-width="2.5"/>'
            f'<text x="{x0 + 30}" y="{y + 12}" font-size="12" fill="#111">commune sélectionnée</text>'
        )
        y += 25
    if len(qpv_wkts):
        parts.append(
            f'<rect x="{x0}" y="{y}" width="22" height="15" fill="none" stroke="{couleurs.ORANGE_VIF}" stroke-width="2"/>'
            f'<text x="{x0 + 30}" y="{y + 12}" font-size="12" fill="#111">quartier prioritaire (QPV)</text>'
        )
    for i, ligne in enumerate(_couper(source, 150)[:3]):
        parts.append(f'<text x="10" y="{hauteur - 34 + 14 * i}" font-size="11" fill="#444">{_e(ligne)}</text>')
    parts.append("</svg>")
    return Svg("".join(parts))


def _couper(texte: str, n: int) -> list[str]:
    """Words wrapped at n characters (SVG text does not wrap by itself)."""
    lignes, courante = [], ""
    for mot in str(texte).split():
        if courante and len(courante) + 1 + len(mot) > n:
            lignes.append(courante)
            courante = mot
        else:
            courante = f"{courante} {mot}".strip()
    return lignes + ([courante] if courante else [])


# ---------------------------------------------------------------- the locator map


def localisation_svg(
    communes: pd.DataFrame, code: str, autre: str | None = None, largeur: int = 260, hauteur: int = 220
) -> Svg:
    """The 46 communes in grey, the commune in dark blue (and the compared one hatched orange)."""
    geoms = _geometries(communes["geometrie_wkt"])
    proj = Projection(geoms, largeur, hauteur, 4)
    noms = dict(zip(communes["code_insee"], communes["nom"]))
    etiquette = "Situation de " + str(noms.get(code, code)) + " dans la CU d'Arras"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{largeur}" height="{hauteur}" viewBox="0 0 {largeur} {hauteur}" '
        f'role="img" aria-label="{_e(etiquette)}">'
    ]
    for c, g in zip(communes.itertuples(), geoms):
        if g is None:
            continue
        teinte = SURLIGNE if c.code_insee == code else (couleurs.ORANGE_VIF if c.code_insee == autre else GRIS_COMMUNES)
        parts.append(
            f'<path d="{chemin(g, proj)}" fill="{teinte}" fill-rule="evenodd" stroke="{GRIS_TRAIT}" '
            f'stroke-width="0.7"><title>{_e(c.nom)}</title></path>'
        )
    parts.append("</svg>")
    return Svg("".join(parts))


# ---------------------------------------------------------------- time series


@dataclass(frozen=True)
class Serie:
    nom: str
    valeurs: list  # one per abscissa; None = no value (gap), never 0
    couleur: str
    pointille: bool = False


def graphique_svg(
    titre: str,
    abscisses: list,
    series: list[Serie],
    source: str,
    unite: str = "nombre",
    barres: bool = False,
    largeur: int = 680,
    hauteur: int = 240,
    note: str = "",
    cible: float | None = None,
) -> Svg:
    """A small line (or grouped bar) chart with a zero-based axis, French numbers, a legend and
    the source line. A missing or hidden value is a gap, and `note` says why. `cible`: a dotted
    horizontal line at the target."""

    def fmt(v):
        if unite == "pourcent":
            return fr.pourcent(v, 0)
        return fr.nombre(v)

    g, d, h, b = 62, 12, 46, 52 + (14 if note else 0)
    l_zone, h_zone = largeur - g - d, hauteur - h - b
    toutes = [float(v) for s in series for v in s.valeurs if v is not None and not pd.isna(v)]
    if cible is not None:
        toutes.append(float(cible))
    haut = max(toutes) if toutes else 1.0
    pas_axe = _pas_axe(haut if haut > 0 else 1.0, entier=unite != "pourcent")
    nb_pas = max(1, math.ceil((haut if haut > 0 else 1.0) / pas_axe - 1e-9))
    haut = nb_pas * pas_axe
    n = max(len(abscisses), 1)
    pas = l_zone / n

    def x(i):
        return g + pas * (i + 0.5)

    def y(v):
        return h + h_zone - float(v) / haut * h_zone

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{largeur}" height="{hauteur}" viewBox="0 0 {largeur} {hauteur}" '
        f'font-family="{POLICE}" role="img" aria-label="{_e(titre)}">',
        f'<rect width="{largeur}" height="{hauteur}" fill="{couleurs.FOND}"/>',
        f'<text x="{g}" y="18" font-size="13" font-weight="bold" fill="#111">{_e(titre)}</text>',
    ]
    for k in range(nb_pas + 1):
        v = pas_axe * k
        parts.append(
            f'<line x1="{g}" x2="{largeur - d}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="{couleurs.GRIS_GRILLE}"/>'
            f'<text x="{g - 6}" y="{y(v) + 4:.1f}" font-size="10" text-anchor="end" fill="#444">{_e(fmt(v))}</text>'
        )
    etiquette_tous = max(1, math.ceil(n / 12))
    for i, a in enumerate(abscisses):
        if i % etiquette_tous == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{h + h_zone + 14}" font-size="10" text-anchor="middle" fill="#444">{_e(a)}</text>'
            )
    if cible is not None:
        parts.append(
            f'<line x1="{g}" x2="{largeur - d}" y1="{y(cible):.1f}" y2="{y(cible):.1f}" stroke="#111" '
            f'stroke-dasharray="2 3"/><text x="{largeur - d}" y="{y(cible) - 4:.1f}" font-size="10" '
            f'text-anchor="end" fill="#111">{_e("cible " + fmt(cible))}</text>'
        )
    nb = max(len(series), 1)
    for j, s in enumerate(series):
        if barres:
            lb = pas * 0.8 / nb
            for i, v in enumerate(s.valeurs):
                if v is None or pd.isna(v):
                    continue
                x0 = x(i) - pas * 0.4 + j * lb
                parts.append(
                    f'<rect x="{x0:.1f}" y="{y(v):.1f}" width="{lb:.1f}" height="{h + h_zone - y(v):.1f}" '
                    f'fill="{s.couleur}"><title>{_e(f"{s.nom}, {abscisses[i]} : {fmt(v)}")}</title></rect>'
                )
            continue
        troncon: list[str] = []
        for i, v in enumerate(list(s.valeurs) + [None]):
            if v is None or pd.isna(v):
                if len(troncon) > 1:
                    parts.append(
                        f'<polyline points="{" ".join(troncon)}" fill="none" stroke="{s.couleur}" stroke-width="2"'
                        + (' stroke-dasharray="5 3"' if s.pointille else "")
                        + "/>"
                    )
                troncon = []
                continue
            troncon.append(f"{x(i):.1f},{y(v):.1f}")
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.6" fill="{s.couleur}">'
                f"<title>{_e(f'{s.nom}, {abscisses[i]} : {fmt(v)}')}</title></circle>"
            )
    lx = g
    for s in series:
        motif = (
            f'<rect x="{lx}" y="{hauteur - b + 26}" width="14" height="9" fill="{s.couleur}"/>'
            if barres
            else f'<line x1="{lx}" x2="{lx + 16}" y1="{hauteur - b + 31}" y2="{hauteur - b + 31}" stroke="{s.couleur}" '
            f'stroke-width="2.5"' + (' stroke-dasharray="5 3"' if s.pointille else "") + "/>"
        )
        parts.append(
            motif + f'<text x="{lx + 20}" y="{hauteur - b + 35}" font-size="10.5" fill="#111">{_e(s.nom)}</text>'
        )
        lx += 28 + 6.2 * len(s.nom)
    if note:
        parts.append(f'<text x="{g}" y="{hauteur - 20}" font-size="10" fill="#444">{_e(note)}</text>')
    parts.append(f'<text x="{g}" y="{hauteur - 6}" font-size="9.5" fill="#555">{_e("Source : " + source)}</text>')
    parts.append("</svg>")
    return Svg("".join(parts))


def _pas_axe(v: float, entier: bool = True) -> float:
    """A round step (1, 2, 2.5, 5 × 10^k) giving at most 5 intervals up to v; whole numbers for counts."""
    puissance = 10 ** math.floor(math.log10(v))
    for p in (puissance / 10, puissance, puissance * 10):
        for m in (1, 2, 2.5, 5):
            pas = m * p
            if entier and pas < 1 or (not entier and pas < 0.01):
                continue
            if v / pas <= 5 + 1e-9:
                return pas
    return max(10 * puissance, 1 if entier else 0.01)
