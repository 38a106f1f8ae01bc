"""Real browser: at 1440×900 the Accueil shows its eight key figures without scrolling (the cards'
bounding boxes end within 900 px); screenshots at 1440×900 and 1280×720 go to tests/screenshots/."""

import pytest

from tests.navigateur import CAPTURES, attendre_rendu


@pytest.mark.parametrize("adresse", ["/", "/?communes=62041&communes=62004&communes=62099"])
def test_huit_chiffres_au_dessus_de_la_ligne_de_flottaison(navigateur, adresse):
    browser, url = navigateur
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(url + adresse)
    attendre_rendu(page)
    cadres = page.locator('.st-key-cartes_accueil [data-testid="stMetric"]')
    cadres.nth(7).wait_for(timeout=60000)  # the first page of a fresh server may rerun once (filtres.filtres)
    page.wait_for_timeout(500)
    assert cadres.count() == 8
    for i in range(8):
        # the card: the bordered container around the metric and its sentence
        boite = cadres.nth(i).locator("xpath=ancestor::div[contains(@class, 'stVerticalBlock')][1]").bounding_box()
        assert boite["y"] + boite["height"] <= 900, (i, boite)
    titre = page.locator("h1").first.inner_text()
    if "communes=" in adresse:
        assert titre == "Observatoire de l'habitat — 3 communes : Arras, Achicourt, Beaurains"
    else:
        assert titre == "Observatoire de l'habitat — Communauté Urbaine d'Arras (46 communes)"
    page.close()


@pytest.mark.parametrize("largeur, hauteur", [(1440, 900), (1280, 720)])
def test_captures_accueil(navigateur, largeur, hauteur):
    browser, url = navigateur
    page = browser.new_page(viewport={"width": largeur, "height": hauteur})
    page.goto(url + "/")
    attendre_rendu(page)
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / f"accueil_{largeur}x{hauteur}.png"))
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
