"""The observatory's colours, in one place, with what makes them readable (RGAA 3.2 / WCAG 1.4.3,
1.4.11): text at least 4.5:1 against its background, graphical objects (bars, lines, map
outlines) at least 3:1, and no pair that only a red/green distinction tells apart. No Streamlit
here: the map module and the tests read it too.

Checked by tests/test_accessibilite.py (contrast ratios computed with the WCAG formula, and the
palettes seen through a simulation of the three colour-vision deficiencies).
"""

from __future__ import annotations

# Chart colours (Plotly). ORANGE used to be Okabe-Ito's #e69f00 (2.2:1 on white: a bar or a line
# of it was hard to see, and it failed as text); the darker orange keeps the blue/orange pair,
# which colour-blind readers tell apart, at 5.2:1.
BLEU = "#0b5394"  # 7.8:1 on white
ORANGE = "#ad5400"  # 5.2:1 on white
GRIS = "#6f6f6f"  # 5.0:1 on white

FOND = "#ffffff"
FOND_BARRE_LATERALE = "#f1f4f8"  # .streamlit/config.toml secondaryBackgroundColor
TEXTE = "#1b1f24"  # .streamlit/config.toml textColor
# Streamlit draws captions in its « faded » text colour (#76797c, 4.4:1 on white): below the
# 4.5:1 of RGAA 3.2. Captions carry the source, vintage and scope of every figure, so they get
# a darker grey (cadre.CSS_ACCESSIBILITE).
TEXTE_SECONDAIRE = "#4f5358"  # 7.7:1 on white, 7.0:1 on the sidebar
# Keyboard focus ring (WCAG 2.4.7): the theme's blue, 3:1 at least against both backgrounds.
FOCUS = BLEU

# Neutrals, from black to the lightest grey (text, outlines, grid lines, empty areas).
NOIR = "#000000"  # presentation mode: text and axes at full contrast
CONTOUR = "#111111"  # selected commune's outline, target lines, map tooltip text
GRIS_TEXTE_PRESENTATION = "#1a1a1a"  # captions and subtitles in presentation mode, printed text
GRIS_ANNOTATION = "#333333"  # reference lines and their labels on charts
GRIS_SOUS_TITRE = "#444444"  # a chart's « Source : … » subtitle
GRIS_FONCE = "#555555"  # the commune portrait's comparison marks
GRIS_SECRET = "#8c8c8c"  # map: hidden value (secret statistique)
BORD_PASTILLE = "#777777"  # the outline of a colour swatch in the map's legend
GRIS_CLAIR = "#d9d9d9"  # the other communes on a small map, a bar « before the PLH »
GRIS_GRILLE = "#e3e3e3"  # grid lines of the SVG charts
GRIS_SANS = "#f2f2f2"  # map: no value (no stock, no target, no data)

# Second colours of charts and maps. Okabe-Ito's orange is kept where it outlines or fills next
# to a darker mark (the compared commune on a small map), never as text.
ORANGE_VIF = "#e69f00"
BLEU_CLAIR = "#6fa8dc"  # the lighter half of a stacked bar (commenced dwellings)
ORANGE_CLAIR = "#f6c26b"
# The three legal objectives in the printable bilan: Okabe-Ito blue, vermilion and green, with a
# dash pattern each, so that neither colour vision nor a black and white print is needed.
BLEU_OBJECTIF_1, VERMILLON_OBJECTIF_2, VERT_OBJECTIF_3 = "#0072b2", "#d55e00", "#009e73"

# Map classes: a sequential blue ramp (ColorBrewer Blues) and the two sides of a target.
PALETTE_SEQUENTIELLE = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
NON_ATTEINT_COULEURS = ["#b35806", "#f1a340", "#fee0b6"]
ATTEINT_COULEURS = ["#92c5de", "#2166ac"]
NOMS_SUR_CARTE = "#141414"  # commune names, over a white halo

# Printed and HTML documents (export, printable bilan): headings, warning box, table headers.
BORDURE_AVERTISSEMENT = "#b35c00"
BORDURE_AVERTISSEMENT_IMPRIME = "#b45f06"
TEXTE_AVERTISSEMENT = "#6b3700"
FOND_AVERTISSEMENT = "#fff4e5"
FOND_ENTETE_TABLEAU = "#e8eef6"

# A diverging pair for a map centred on a target (below the target: orange; above: blue). Both
# halves are ColorBrewer ramps that stay distinct for protanopes, deuteranopes and tritanopes
# (PuOr's orange side, RdBu's blue side); the middle is the neutral « at the target ».
PALETTE_DIVERGENTE = ["#b35806", "#f1a340", "#f7f7f7", "#92c5de", "#2166ac"]


def _lineaire(canal: int) -> float:
    c = canal / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def rvb(hexa: str) -> tuple[int, int, int]:
    h = hexa.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"couleur « {hexa} » : six chiffres hexadécimaux attendus, par exemple #0b5394")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def luminance(hexa: str) -> float:
    """Relative luminance (WCAG 2.1 definition)."""
    r, v, b = (_lineaire(c) for c in rvb(hexa))
    return 0.2126 * r + 0.7152 * v + 0.0722 * b


def contraste(premier_plan: str, fond: str) -> float:
    """WCAG contrast ratio, from 1 (same colour) to 21 (black on white)."""
    a, b = sorted((luminance(premier_plan), luminance(fond)), reverse=True)
    return (a + 0.05) / (b + 0.05)


# Machado, Oliveira & Fernandes (2009), full severity, applied in linear RGB: what a reader with
# the deficiency sees.
_SIMULATIONS = {
    "protanopie": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deutéranopie": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopie": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
DEFICIENCES = tuple(_SIMULATIONS)


def _srgb(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def simuler(hexa: str, deficience: str) -> str:
    """The colour as a reader with `deficience` (protanopie, deutéranopie, tritanopie) sees it."""
    lin = [_lineaire(c) for c in rvb(hexa)]
    m = _SIMULATIONS[deficience]
    sortie = [sum(m[i][j] * lin[j] for j in range(3)) for i in range(3)]
    return "#" + "".join(f"{round(_srgb(c) * 255):02x}" for c in sortie)


def _lab(hexa: str) -> tuple[float, float, float]:
    r, v, b = (_lineaire(c) for c in rvb(hexa))
    x = (0.4124 * r + 0.3576 * v + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * v + 0.0722 * b
    z = (0.0193 * r + 0.1192 * v + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def ecart(a: str, b: str) -> float:
    """Perceptual distance between two colours (CIE76 ΔE in L*a*b*): below ~10, hard to tell apart
    on a map or in a legend."""
    la, lb = _lab(a), _lab(b)
    return sum((x - y) ** 2 for x, y in zip(la, lb)) ** 0.5
