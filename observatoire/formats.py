"""French number formats for screens and exports: 1 234,5 · 12,3 %.

The thousands separator is a narrow no-break space (U+202F), as the Imprimerie nationale and
French locales do; it never wraps a number across two lines on a projected slide.
"""

from __future__ import annotations

import math

ESPACE_MILLIERS = "\u202f"
MANQUANT = "–"  # shown for a missing value, never 0


def _est_manquant(x) -> bool:
    """None, NaN, pandas' NA / NaT, and non-finite numbers (±inf is never a figure to show)."""
    if x is None or type(x).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return not math.isfinite(x)
    except (TypeError, ValueError):
        return False


def nombre(x, decimales: int = 0) -> str:
    if _est_manquant(x):
        return MANQUANT
    texte = f"{float(x):,.{decimales}f}"
    if texte.startswith("-") and float(texte.replace(",", "")) == 0:
        texte = texte[1:]  # no "-0"
    return texte.replace(",", ESPACE_MILLIERS).replace(".", ",").replace("-", "−")


def pourcent(x, decimales: int = 1) -> str:
    """`x` is a proportion (0.123 → « 12,3 % »)."""
    if _est_manquant(x):
        return MANQUANT
    return f"{nombre(100 * float(x), decimales)}\u00a0%"


def euros(x, decimales: int = 2) -> str:
    if _est_manquant(x):
        return MANQUANT
    return f"{nombre(x, decimales)}\u00a0€"


def valeur_affichee(valeur, unite: str = "nombre", cache: bool = False) -> str:
    """The one text of a figure on screen: « secret statistique » when the mask hides it, « – »
    when missing, else in its unit (« nombre », « pourcent », « pourmille », « euros_m2 »)."""
    if cache:
        from observatoire.secret.suppression import SECRET

        return SECRET
    if _est_manquant(valeur):
        return MANQUANT
    if unite == "pourcent":
        return pourcent(valeur)
    if unite == "pourmille":
        return f"{nombre(valeur, 1)} ‰"
    if unite == "euros_m2":
        return f"{euros(valeur)}/m²"
    return nombre(valeur)
