"""Real browser on the map: a click on a commune puts it in the global commune filter (sidebar
and URL), the other pages follow, and the map loads nothing from the Internet."""

from __future__ import annotations

import math

import duckdb
import pytest

from observatoire.base import db
from observatoire.figures import carte
from tests.navigateur import ARGS_CHROMIUM, CAPTURES, CHROMIUM, attendre_rendu, exiger_chromium, serveur_streamlit

# app.py's page_icon (":material/home_work:") is an SVG Streamlit fetches from Google Fonts for
# the favicon: not the map's doing, reported to the router's owner. Everything else must stay local.


@pytest.fixture(scope="module")
def navigateur(base_demo):
    exiger_chromium()
    from playwright.sync_api import sync_playwright

    with serveur_streamlit(base_demo) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS_CHROMIUM)
        yield browser, url, base_demo
        browser.close()


def _pixel(lon: float, lat: float, vue, largeur: float, hauteur: float) -> tuple[float, float]:
    """Web-Mercator position of (lon, lat) in a deck of the given size centred on `vue`."""
    echelle = 512 * 2**vue.zoom / (2 * math.pi)

    def y(phi):
        return math.log(math.tan(math.pi / 4 + math.radians(phi) / 2))

    return (
        largeur / 2 + echelle * math.radians(lon - vue.longitude),
        hauteur / 2 - echelle * (y(lat) - y(vue.latitude)),
    )


def test_clic_sur_une_commune_filtre_toutes_les_pages(navigateur):
    browser, url, base = navigateur
    con = duckdb.connect(str(base), read_only=True)
    communes = db.requete(con, "carte_communes")
    con.close()
    vue = carte.vue(communes)
    achicourt = communes.set_index("code_insee").loc["62004"]

    page = browser.new_page(viewport={"width": 1440, "height": 1400})
    externes: list[str] = []
    page.on(
        "request",
        lambda r: externes.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None,
    )
    page.goto(url)
    attendre_rendu(page)
    page.goto(f"{url}/carte?indicateur=parc")
    attendre_rendu(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "indicateur=parc" in page.url
    assert "communes=" not in page.url

    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.wait_for(state="visible", timeout=30000)
    boite = canvas.bounding_box()
    x, y = _pixel(achicourt["longitude"], achicourt["latitude"], vue, boite["width"], boite["height"])
    from playwright.sync_api import TimeoutError as Delai

    # WebGL picking needs the deck drawn once: hover (the tooltip names the commune), then click;
    # a click that came too early is repeated.
    for _ in range(4):
        page.mouse.move(boite["x"] + x, boite["y"] + y)
        page.mouse.click(boite["x"] + x, boite["y"] + y)
        try:
            page.wait_for_function("() => window.location.search.includes('communes=62004')", timeout=10000)
            break
        except Delai:
            continue
    assert "communes=62004" in page.url
    page.get_by_text("Fiche commune : Achicourt").wait_for(timeout=90000)  # the link the map shows
    attendre_rendu(page)

    barre = page.locator('[data-testid="stSidebar"]')
    assert "Achicourt" in barre.locator('[data-testid="stMultiSelect"]').first.inner_text()
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "carte-apres-clic.png"))

    # Another page follows the filter: its scope line names the commune.
    barre.get_by_text("Parc social", exact=True).click()
    page.wait_for_url("**/parc_social**", timeout=30000)
    attendre_rendu(page)
    assert "communes=62004" in page.url
    assert "Périmètre : Achicourt" in page.inner_text("body")
    assert "Achicourt" in barre.locator('[data-testid="stMultiSelect"]').first.inner_text()

    # No tile, style, script or icon from the Internet (app.py's favicon is a local file).
    assert externes == []
    page.close()


def test_carte_sans_contours_qpv_le_dit(navigateur):
    browser, url, _ = navigateur
    page = browser.new_page(viewport={"width": 1440, "height": 1400})
    page.goto(f"{url}/carte?indicateur=objectif_1")
    attendre_rendu(page)
    texte = page.inner_text("body")
    assert "Contours des QPV non chargés" in texte
    assert "secret statistique" in texte
    assert "indicateur=objectif_1" in page.url
    page.screenshot(path=str(CAPTURES / "carte-objectif-1.png"), full_page=True)
    page.close()
