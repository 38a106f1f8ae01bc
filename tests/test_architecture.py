"""The stages of docs/architecture.md, held against the imports: Streamlit only in the screen
frame, and nothing below it imports it."""

import ast

from tests.conftest import RACINE

PAQUET = RACINE / "observatoire"
SOUS_LE_CADRE = ("base", "chargement", "indicateurs", "secret", "figures")


def _imports(chemin) -> set[str]:
    modules = set()
    for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
        if isinstance(noeud, ast.ImportFrom) and noeud.module:
            modules.add(noeud.module)
        elif isinstance(noeud, ast.Import):
            modules.update(a.name for a in noeud.names)
    return modules


def test_streamlit_seulement_dans_le_cadre_des_ecrans():
    fautifs = {
        str(f.relative_to(RACINE))
        for etape in SOUS_LE_CADRE
        for f in (PAQUET / etape).glob("*.py")
        if any(m == "streamlit" or m.startswith("streamlit.") for m in _imports(f))
    }
    assert fautifs == set()


def test_rien_sous_le_cadre_n_importe_les_ecrans():
    fautifs = {
        (str(f.relative_to(RACINE)), m)
        for etape in SOUS_LE_CADRE
        for f in (PAQUET / etape).glob("*.py")
        for m in _imports(f)
        if m.startswith("observatoire.ecrans")
    }
    assert fautifs == set()
