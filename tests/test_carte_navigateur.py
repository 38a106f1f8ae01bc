"""Real browser on the map: a click adds a commune to the global filter, a click on another adds
it too, a second click on the first takes it out (the selection is a toggle, kept in the URL)."""

from __future__ import annotations

import duckdb
import pytest

from observatoire.base import db
from observatoire.figures import carte
from tests.navigateur import ARGS_CHROMIUM, CAPTURES, CHROMIUM, attendre_rendu, exiger_chromium, serveur_streamlit


@pytest.fixture(scope="module")
def navigateur(base_demo):
    exiger_chromium()
    from playwright.sync_api import sync_playwright

    with serveur_streamlit(base_demo) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS_CHROMIUM)
        yield browser, url, base_demo
        browser.close()


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


def test_clic_ajoute_puis_retire_une_commune(navigateur):
    browser, url, base = navigateur
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
