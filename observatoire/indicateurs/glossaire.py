"""The glossary, once: the Méthode page lists it, the Accueil explains its acronyms with it
(tooltips), other screens can do the same with `expliquer` / `sigles_presents`.

The definitions are methode.GLOSSAIRE's (written for the observatory's readers); `SIGLES` maps
each acronym as it is written on screen to its entry.
"""

from __future__ import annotations

import html
import re

from observatoire.indicateurs.methode import GLOSSAIRE

DEFINITIONS: dict[str, str] = dict(GLOSSAIRE)

# acronym or term as it appears in a sentence → glossary entry
SIGLES: dict[str, str] = {
    "QPV": "QPV",
    "1er quartile": "1er quartile",
    "ANRU": "NPNRU / ANRU",
    "NPNRU": "NPNRU / ANRU",
    "DALO": "DALO",
    "PTZ": "PTZ",
    "LLS": "LLS",
    "PLUS": "PLUS",
    "PLA-I": "PLAI (PLA-I)",
    "PLAI": "PLAI (PLA-I)",
    "PLS": "PLS",
    "DPE": "DPE",
    "PLH": "PLH",
    "RPLS": "RPLS",
    "SNE": "SNE",
    "CIL": "CIL",
    "Sitadel": "Logement autorisé / commencé",
}


def definition(sigle: str) -> str:
    return DEFINITIONS[SIGLES[sigle]]


# Longest first (« PLA-I » before « PLA »), whole words only (« PLUS » is not in « plusieurs »:
# case-sensitive, and « LLS » is not inside another word).
_MOTIF = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(s) for s in sorted(SIGLES, key=len, reverse=True)) + r")(?![\w-])"
)


def sigles_presents(*textes: str) -> list[str]:
    """The glossary's acronyms found in the texts, in order of first appearance, each once."""
    vus: dict[str, None] = {}
    for texte in textes:
        for m in _MOTIF.finditer(texte or ""):
            vus.setdefault(m.group(1), None)
    return list(vus)


def expliquer(texte: str) -> str:
    """`texte` as HTML-escaped markup where each acronym carries its definition as a tooltip
    (<abbr title="…">), for st.markdown(..., unsafe_allow_html=True)."""
    morceaux, debut = [], 0
    for m in _MOTIF.finditer(texte):
        morceaux.append(html.escape(texte[debut : m.start()], quote=False))
        sigle = m.group(1)
        morceaux.append(f'<abbr title="{html.escape(definition(sigle))}">{html.escape(sigle)}</abbr>')
        debut = m.end()
    morceaux.append(html.escape(texte[debut:], quote=False))
    return "".join(morceaux)


def aide(*textes: str) -> str:
    """The definitions of the acronyms found in the texts, one line each (for a help= tooltip)."""
    return "\n\n".join(f"**{s}** : {definition(s)}" for s in sigles_presents(*textes))
