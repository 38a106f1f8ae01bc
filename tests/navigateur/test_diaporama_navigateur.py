"""The diaporama in a real browser (Chromium, one Streamlit server for the module), presentation
mode, as projected: at 1280×720 and 1920×1080 every slide holds in the screen (no scrolling,
nothing cut on the right), → / PgDn / Espace advance, ← / PgUp go back, Début / Fin jump, and the
URL carries the slide. Screenshots of every slide go to tests/screenshots/ to be looked at."""

import pytest

from tests.outils.navigateur import CAPTURES, attendre_rendu

NB_DIAPOS = 8

# The lowest drawn point of the page's content and whether the page scrolls (Streamlit scrolls
# stMain, not the document).
MESURE = """() => {
  const bloc = document.querySelector('[data-testid="stMainBlockContainer"]');
  let bas = 0, droite = 0;
  for (const el of bloc.querySelectorAll('[data-testid="stElementContainer"]')) {
    const r = el.getBoundingClientRect();
    if (r.height > 0 && getComputedStyle(el).display !== 'none') { bas = Math.max(bas, r.bottom); droite = Math.max(droite, r.right); }
  }
  const main = document.querySelector('[data-testid="stMain"]');
  return {bas: bas, droite: droite, defilement: main.scrollHeight - main.clientHeight,
          largeur: document.documentElement.scrollWidth};
}"""


def _ouvrir(browser, adresse, largeur, hauteur):
    page = browser.new_page(viewport={"width": largeur, "height": hauteur})
    page.goto(adresse)
    attendre_rendu(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    return page


@pytest.mark.parametrize("largeur, hauteur", [(1280, 720), (1920, 1080)])
def test_chaque_diapo_tient_dans_l_ecran(navigateur, largeur, hauteur):
    browser, url = navigateur
    CAPTURES.mkdir(parents=True, exist_ok=True)
    for n in range(1, NB_DIAPOS + 1):
        page = _ouvrir(browser, f"{url}/diaporama?presentation=1&diapo={n}", largeur, hauteur)
        m = page.evaluate(MESURE)
        page.screenshot(path=str(CAPTURES / f"diaporama_{n}_{largeur}x{hauteur}.png"))
        assert m["bas"] <= hauteur, (n, m)
        assert m["defilement"] <= 0, (n, m)
        assert m["droite"] <= largeur and m["largeur"] <= largeur, (n, m)
        assert f"Diaporama CIL — {n} / {NB_DIAPOS}" in page.locator("h1").first.inner_text()
        # One headline figure at least, with its status word; the source under it; no banner.
        assert page.locator('[data-testid="stMetricValue"]').count() >= 1
        assert page.get_by_text("Source :").count() >= 1
        assert page.locator('[data-testid="stAlert"]').filter(visible=True).count() == 0
        assert page.get_by_text("Données de démonstration, inventées").is_visible()
        page.close()


def _attendre_diapo(page, n):
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('diapo') === '{n}'", timeout=30000)
    attendre_rendu(page)
    assert f"Diaporama CIL — {n} / {NB_DIAPOS}" in page.locator("h1").first.inner_text()


def test_clavier_et_telecommande(navigateur):
    browser, url = navigateur
    page = _ouvrir(browser, f"{url}/diaporama?presentation=1&diapo=2", 1280, 720)
    for touche, attendu in [
        ("ArrowRight", 3),
        ("PageDown", 4),
        ("Space", 5),
        ("ArrowLeft", 4),
        ("PageUp", 3),
        ("End", NB_DIAPOS),
        ("Home", 1),
    ]:
        page.keyboard.press(touche)
        _attendre_diapo(page, attendu)
    # On the first slide ← does nothing; the same link in a new page shows the same slide.
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(1500)
    assert "diapo=1" in page.url
    page.keyboard.press("ArrowRight")
    _attendre_diapo(page, 2)
    copie = _ouvrir(browser, page.url, 1280, 720)
    assert f"Diaporama CIL — 2 / {NB_DIAPOS}" in copie.locator("h1").first.inner_text()
    copie.close()
    page.close()
