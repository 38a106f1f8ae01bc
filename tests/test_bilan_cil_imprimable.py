"""The printable CIL bilan (issue 16): light (no plotly.js: static SVG charts), carries the demo
warning, the three art. 11 figures as headline boxes with their status, and fits A4 portrait —
rendered in Chromium with print emulation at 794 px (A4 at 96 dpi) nothing overflows, and the
PDF it prints has A4 pages. The page itself puts the three figures, with their status, first."""

from __future__ import annotations

import re

import pytest

from observatoire.indicateurs import catalogue
from tests.outils_app import lancer

pytest.importorskip("streamlit")

from tests.test_app_exports_roles import fichiers_servis  # noqa: F401  (fixture)

A4_PX = 794  # 210 mm at 96 dpi


@pytest.fixture()
def document(app_env, fichiers_servis):
    at = lancer("bilan_cil", annee="2025")
    return at, fichiers_servis(at, "export_bilan_html")


def test_document_leger_sans_plotly_avec_avertissement(document):
    _, contenu = document
    assert len(contenu) < 500_000, len(contenu)
    html = contenu.decode("utf-8")
    assert "plotly" not in html.lower()  # not the 4 MB library, nor a chart that needs it
    assert html.count("<svg") == 2  # contingent by commune, the objectives' evolution
    assert "Données de démonstration" in html and 'class="avertissement"' in html
    assert "size: A4 portrait" in html
    assert html.count("<thead>") == html.count("<table")  # every table repeats its header on each page
    # The three art. 11 figures as boxes, each with a status word of the catalogue.
    boites = re.findall(r'<div class="statut"[^>]*>(.*?)</div>', html)
    assert len(boites) == 3
    assert all(any(b.endswith(" " + s) for s in catalogue.STATUTS) for b in boites), boites


def test_cartes_de_l_article_11_en_tete_de_page(document):
    at, _ = document
    # The first three metrics of the page are the three art. 11 figures, before any table.
    libelles = [m.label for m in at.metric][:3]
    assert libelles[0].startswith("Contingent : flux réalisé") and libelles[1] == "Refus"
    assert libelles[2] == "Contribution solidaire"
    assert all(m.value not in ("", None) for m in at.metric[:3])
    premier_tableau = at.subheader[0].value
    assert premier_tableau.startswith("Les trois chiffres de l'article 11 en 2025") and "détail" not in premier_tableau


def test_document_tient_sur_a4_portrait(document, tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.navigateur import ARGS_CHROMIUM, CAPTURES, CHROMIUM, exiger_chromium

    exiger_chromium()
    _, contenu = document
    fichier = tmp_path / "bilan.html"
    fichier.write_bytes(contenu)
    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS_CHROMIUM)
        page = navigateur.new_page(viewport={"width": A4_PX, "height": 1123})
        page.emulate_media(media="print")
        page.goto(fichier.as_uri())
        largeur = page.evaluate("() => document.documentElement.scrollWidth")
        assert largeur <= A4_PX, largeur
        # No table wider than the page body (a cut column would not show in scrollWidth if clipped).
        debordements = page.evaluate("""() => [...document.querySelectorAll('table, svg')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length""")
        assert debordements == 0
        pdf = page.pdf(format="A4")
        CAPTURES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(CAPTURES / "bilan_cil_impression_794.png"), full_page=True)
        navigateur.close()
    # A4 portrait media box: 595 × 842 points.
    boites = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boites and all(abs(float(l) - 595) < 2 and abs(float(h) - 842) < 2 for l, h in boites), boites[:3]
    assert len(boites) >= 3  # one page per part at least: the parts start a new page
