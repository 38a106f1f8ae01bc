"""The printable CIL bilan: an A4 portrait HTML document, light (static SVG charts drawn here,
no plotly.js), tables with repeated headers, page breaks before each part, the three art. 11
figures as headline boxes at the top, and the demo warning when demo data is loaded.

Every figure it prints comes from the Bilan CIL page's tables, already masked (secret
statistique): nothing is computed here but the drawing."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from observatoire import formats as fr
from observatoire.figures import couleurs
from observatoire.figures.exports import _table_html
from observatoire.indicateurs import catalogue

LARGEUR_SVG = 680  # px: the printable width of A4 portrait (210 mm − 2 × 12 mm ≈ 703 px at 96 dpi)

# A4 portrait: wide tables shrink their type and wrap their headers; a part starts a new page;
# a table row never splits and its header repeats on each page (thead, display: table-header-group).
STYLE_A4 = f"""
@page {{ size: A4 portrait; margin: 12mm; }}
body {{ max-width: 760px; }}
table {{ width: 100%; table-layout: auto; font-size: .8em; }}
th, td {{ padding: .2em .3em; overflow-wrap: break-word; hyphens: auto; }}
td.n {{ white-space: nowrap; }}
body {{ font-family: "DejaVu Sans", Arial, "Noto Color Emoji", "Noto Emoji", sans-serif; }}
th {{ font-size: .95em; vertical-align: bottom; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; break-inside: avoid; }}
.large table {{ font-size: .7em; font-family: "Arial Narrow", "Liberation Sans Narrow", "DejaVu Sans Condensed", sans-serif;
  font-stretch: condensed; }}
.large th, .large td {{ padding: .15em .2em; }}
.avertissement {{ border: 2px solid {couleurs.BORDURE_AVERTISSEMENT_IMPRIME}; background: {couleurs.FOND_AVERTISSEMENT}; padding: .5em .8em; font-weight: bold; }}
.chiffres {{ display: flex; gap: .6em; margin: .8em 0; }}
.chiffre {{ flex: 1 1 0; border: 1px solid #999; border-radius: 4px; padding: .5em .6em; }}
.chiffre .libelle {{ font-size: .85em; color: #333; }}
.chiffre .valeur {{ font-size: 1.9em; font-weight: bold; margin: .1em 0; }}
.chiffre .statut {{ font-weight: bold; }}
.chiffre .reference {{ font-size: .85em; color: #333; }}
.graphique svg {{ max-width: 100%; height: auto; }}
@media print {{
  body {{ max-width: none; margin: 0; font-size: 10pt; }}
  h2.partie {{ page-break-before: always; break-before: page; }}
  table {{ font-size: 7.5pt; page-break-inside: auto; }}
  .large table {{ font-size: 6.5pt; }}
  .chiffres, .graphique, .avertissement {{ page-break-inside: avoid; break-inside: avoid; }}
}}
"""


@dataclass(frozen=True)
class Balisage:
    """HTML built here from escaped pieces (exports.document_html writes it as is)."""

    html: str


def chiffres_article_11(chiffres) -> Balisage:
    """The three art. 11 figures as boxes: figure, status (word and sign, never a colour alone), reference."""
    boites = []
    for c in chiffres:
        p = catalogue.PRESENTATION.get(c.statut, catalogue.PRESENTATION[catalogue.SANS_CIBLE])
        boites.append(
            f'<div class="chiffre" style="border-top: 5px solid {p.hexa}">'
            f'<div class="libelle">{html.escape(c.libelle)}</div><div class="valeur">{html.escape(c.valeur)}</div>'
            f'<div class="statut" style="color: {p.hexa}">{html.escape(p.signe)} {html.escape(p.mot)}</div>'
            f'<div class="reference">{html.escape(c.reference)}</div></div>'
        )
    return Balisage('<div class="chiffres">' + "".join(boites) + "</div>")


def avertissement(texte: str) -> Balisage:
    return Balisage(f'<p class="avertissement">{html.escape(texte)}</p>')


def _svg(hauteur: int, corps: list[str], titre: str) -> Balisage:
    return Balisage(
        f'<div class="graphique"><svg xmlns="http://www.w3.org/2000/svg" role="img" width="{LARGEUR_SVG}" height="{hauteur}" '
        f'viewBox="0 0 {LARGEUR_SVG} {hauteur}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">'
        f"<title>{html.escape(titre)}</title>"
        f'<text x="0" y="14" font-size="13" font-weight="bold">{html.escape(titre)}</text>'
        + "".join(corps)
        + "</svg></div>"
    )


def barres_communes(tm, annee: int) -> Balisage:
    """Attributions on the contingent by commune, horizontal bars with their value (communes
    under the secret are named below, without a bar: a hidden value is never drawn)."""
    v = tm.valeurs.assign(_cache=tm.masque["contingent_entite"].to_numpy())
    visibles = v[~v["_cache"] & (v["contingent_entite"].fillna(0).astype(float) > 0)].sort_values(
        "contingent_entite", ascending=False
    )
    caches = v[v["_cache"]]["commune"].tolist()
    titre = f"Attributions {annee} au titre du contingent communautaire et communal, par commune"
    pas, haut, gauche = 16, 26, 190
    maxi = float(visibles["contingent_entite"].max()) if len(visibles) else 1.0
    largeur_barres = LARGEUR_SVG - gauche - 50
    corps = []
    for i, (_, l) in enumerate(visibles.iterrows()):
        y = haut + i * pas
        w = max(1.0, largeur_barres * float(l["contingent_entite"]) / maxi)
        corps.append(
            f'<text x="{gauche - 6}" y="{y + 11}" text-anchor="end">{html.escape(str(l["commune"]))}</text>'
            f'<rect x="{gauche}" y="{y + 2}" width="{w:.1f}" height="{pas - 4}" fill="{couleurs.BLEU}"/>'
            f'<text x="{gauche + w + 4:.1f}" y="{y + 11}">{html.escape(fr.nombre(l["contingent_entite"]))}</text>'
        )
    y = haut + len(visibles) * pas + 14
    if caches:
        texte = "Secret statistique (sans barre) : " + ", ".join(caches)
        # Wrapped by hand: SVG text does not wrap.
        lignes, courante = [], ""
        for mot in texte.split(" "):
            if len(courante) + len(mot) > 105:
                lignes.append(courante)
                courante = mot
            else:
                courante = f"{courante} {mot}".strip()
        lignes.append(courante)
        for k, ligne in enumerate(lignes):
            corps.append(f'<text x="0" y="{y + 14 * k}" font-size="10">{html.escape(ligne)}</text>')
        y += 14 * len(lignes)
    return _svg(y + 4, corps, titre)


STYLES_OBJECTIFS = {
    1: (couleurs.BLEU_OBJECTIF_1, ""),
    2: (couleurs.VERMILLON_OBJECTIF_2, "6 3"),
    3: (couleurs.VERT_OBJECTIF_3, "2 3"),
}


def courbes_objectifs(evolution: pd.DataFrame, titre: str) -> Balisage:
    """The three legal objectives year by year (valeurs.evolution_territoire: hidden points are
    absent, the line broken there), their targets dashed, each point labelled."""
    annees = sorted(int(a) for a in evolution["annee"].unique()) if len(evolution) else []
    gauche, droite, haut, bas = 46, 24, 40, 210
    hauteur = bas + 50
    corps = []
    if not annees:
        return _svg(40, ['<text x="0" y="32">Aucune donnée.</text>'], titre)
    pas = (LARGEUR_SVG - gauche - droite) / max(1, len(annees) - 1) if len(annees) > 1 else 0
    x = {
        a: gauche + (i * pas if len(annees) > 1 else (LARGEUR_SVG - gauche - droite) / 2) for i, a in enumerate(annees)
    }

    def y(t: float) -> float:
        return bas - (bas - haut) * t  # 0 % at the bottom, 100 % at the top

    for t in (0, 0.25, 0.5, 0.75, 1.0):
        corps.append(
            f'<line x1="{gauche}" x2="{LARGEUR_SVG - droite}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#ddd"/>'
            f'<text x="{gauche - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{fr.pourcent(t, 0)}</text>'
        )
    for a in annees:
        corps.append(f'<text x="{x[a]:.1f}" y="{bas + 16}" text-anchor="middle">{a}</text>')
    for cible, texte in ((0.25, "cible des objectifs 1 et 3 : 25 %"), (0.5, "cible de l'objectif 2 : 50 %")):
        corps.append(
            f'<line x1="{gauche}" x2="{LARGEUR_SVG - droite}" y1="{y(cible):.1f}" y2="{y(cible):.1f}" stroke="#222" '
            f'stroke-dasharray="5 4"/><text x="{gauche + 4}" y="{y(cible) - 4:.1f}" '
            f'font-size="10">{html.escape(texte)}</text>'
        )
    legende = []
    for n, (couleur, trait) in STYLES_OBJECTIFS.items():
        d = evolution[evolution["objectif"] == n].sort_values("annee")
        points = [
            (int(l["annee"]), None if l["statut"] == catalogue.SECRET or pd.isna(l["taux"]) else float(l["taux"]))
            for _, l in d.iterrows()
        ]
        troncon: list[str] = []
        for a, t in points + [(None, None)]:
            if t is None:
                if len(troncon) > 1:
                    corps.append(
                        f'<polyline fill="none" stroke="{couleur}" stroke-width="2" stroke-dasharray="{trait}" '
                        f'points="{" ".join(troncon)}"/>'
                    )
                troncon = []
                continue
            troncon.append(f"{x[a]:.1f},{y(t):.1f}")
            corps.append(
                f'<circle cx="{x[a]:.1f}" cy="{y(t):.1f}" r="3" fill="{couleur}"/>'
                f'<text x="{x[a]:.1f}" y="{y(t) - 6 + 18 * (n == 1):.1f}" text-anchor="middle" font-size="9" '
                f'fill="{couleur}">{fr.pourcent(t, 0)}</text>'
            )
        legende.append((couleur, trait, f"Objectif {n}" + (" (indicatif)" if n == 3 else "")))
    for i, (couleur, trait, texte) in enumerate(legende):
        lx = gauche + i * 200
        corps.append(
            f'<line x1="{lx}" x2="{lx + 26}" y1="{hauteur - 12}" y2="{hauteur - 12}" stroke="{couleur}" stroke-width="2" '
            f'stroke-dasharray="{trait}"/><text x="{lx + 32}" y="{hauteur - 8}">{html.escape(texte)}</text>'
        )
    return _svg(hauteur, corps, titre)


def tableau_large(df: pd.DataFrame) -> Balisage:
    """A table of many columns: narrower, smaller type (class « large » around it: the table's own
    markup stays the one every export writes), headers repeated."""

    return Balisage('<div class="large">' + _table_html(df) + "</div>")
