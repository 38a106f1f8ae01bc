"""Real browser: every page of the router opened ONCE in Chromium at 1440×900, and on that one
visit: no exception, a title, no traceback, the demo banner, a full-page screenshot in
tests/screenshots/ (to be looked at); no English string a user can read (tests/navigateur/test_francais.py's
check); then every expander opened and axe-core run (tests/figures/test_accessibilite.py's check).
Before, each page was opened three times (once per check). A filtered URL opens the filtered view.
"""

import pytest

from tests.figures.test_accessibilite import verifier_axe
from tests.navigateur.test_francais import verifier_francais
from tests.outils.app import PAGES_APP
from tests.outils.navigateur import CAPTURES, attendre_rendu


@pytest.mark.parametrize("fichier, titre, chemin", PAGES_APP)
def test_page_dans_chromium(navigateur, fichier, titre, chemin):
    browser, url = navigateur
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{url}/{chemin}")
    attendre_rendu(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").count() >= 1
    assert "Traceback" not in page.inner_text("body")
    assert "Données de démonstration" in page.inner_text("body")
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / f"{chemin}.png"), full_page=True)
    verifier_francais(page, f"/{chemin}")
    page.mouse.move(0, 0)  # the toolbars the French check hovered are not the page's content
    verifier_axe(page, chemin)
    page.close()


def test_url_filtree_ouvre_la_vue_filtree(navigateur):
    browser, url = navigateur
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(f"{url}/accueil?communes=62041&debut=2019")
    attendre_rendu(page)
    barre = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Arras" in barre
    assert "communes=62041" in page.url and "debut=2019" in page.url
    page.close()
