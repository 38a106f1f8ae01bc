"""Real browser on the map (one file, was two): a click on a commune puts it in the global
commune filter (sidebar and URL), the other pages follow, and the map loads nothing from the
Internet; a click adds a commune, a click on another adds it too, a second click on the first
takes it out (the selection is a toggle, kept in the URL); without QPV contours the map says so."""

from __future__ import annotations

import duckdb
import pytest

from observatoire.base import db
from observatoire.figures import carte
from tests.outils.navigateur import CAPTURES, attendre_rendu

# app.py's page_icon (":material/home_work:") is an SVG Streamlit fetches from Google Fonts for
# the favicon: not the map's doing, reported to the router's owner. Everything else must stay local.

_pixel = carte._pixel


@pytest.fixture()
def carte_demo(navigateur, base_demo):
    browser, url = navigateur
    return browser, url, base_demo


def test_clic_sur_une_commune_filtre_toutes_les_pages(carte_demo):
    browser, url, base = carte_demo
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


def test_carte_sans_contours_qpv_le_dit(carte_demo):
    browser, url, _ = carte_demo
    page = browser.new_page(viewport={"width": 1440, "height": 1400})
    page.goto(f"{url}/carte?indicateur=objectif_1")
    attendre_rendu(page)
    texte = page.inner_text("body")
    assert "Contours des QPV non chargés" in texte
    assert "secret statistique" in texte
    assert "indicateur=objectif_1" in page.url
    page.screenshot(path=str(CAPTURES / "carte-objectif-1.png"), full_page=True)
    page.close()


def _cliquer(page, boite, x, y, attendu: str) -> None:
    """Hover then click (WebGL picking needs the deck drawn); repeated when it came too early."""
    from playwright.sync_api import TimeoutError as Delai

    for _ in range(4):
        page.mouse.move(boite["x"] + x, boite["y"] + y)
        page.wait_for_timeout(400)
        page.mouse.click(boite["x"] + x, boite["y"] + y)
        try:
            page.wait_for_function(f"() => {attendu}", timeout=10000)
            return
        except Delai:
            continue
    raise AssertionError(f"l'adresse n'a pas suivi le clic : {page.url}")


def test_clic_ajoute_puis_retire_une_commune(carte_demo):
    browser, url, base = carte_demo
    con = duckdb.connect(str(base), read_only=True)
    communes = db.requete(con, "carte_communes").set_index("code_insee")
    con.close()
    vue = carte.vue(communes.reset_index())
    page = browser.new_page(viewport={"width": 1440, "height": 1400})
    page.goto(url)
    attendre_rendu(page)
    page.goto(f"{url}/carte?indicateur=parc_social")
    attendre_rendu(page)

    def point(code):
        canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
        canvas.wait_for(state="visible", timeout=30000)
        boite = canvas.bounding_box()
        c = communes.loc[code]
        x, y = carte._pixel(c["longitude"], c["latitude"], vue, boite["width"], boite["height"])
        return boite, x, y

    _cliquer(page, *point("62004"), "window.location.search.includes('communes=62004')")
    attendre_rendu(page)
    _cliquer(page, *point("62041"), "window.location.search.includes('communes=62041')")
    attendre_rendu(page)
    assert "communes=62004" in page.url and "communes=62041" in page.url  # added, not replaced
    barre = page.locator('[data-testid="stSidebar"]').locator('[data-testid="stMultiSelect"]').first.inner_text()
    assert "Achicourt" in barre and "Arras" in barre
    # The link to the comparison is drawn after the map: waited for, not read at once (slow machine).
    page.get_by_text("Comparer les 2 communes sélectionnées").first.wait_for(timeout=60000)
    _cliquer(page, *point("62004"), "!window.location.search.includes('communes=62004')")
    attendre_rendu(page)
    assert "communes=62041" in page.url and "communes=62004" not in page.url  # the second click took it out
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "carte-bascule.png"))
    page.close()
