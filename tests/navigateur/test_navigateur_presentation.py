"""Real browser (Chromium): a link with filters opens the filtered view, presentation mode hides
the sidebar and the controls, the diaporama follows its URL; screenshots at 1280×720 and
1920×1080 go to tests/screenshots/ to be looked at."""

import pytest

from tests.outils.navigateur import CAPTURES, attendre_rendu


def _ouvrir(browser, adresse, largeur=1440, hauteur=1000):
    page = browser.new_page(viewport={"width": largeur, "height": hauteur})
    page.goto(adresse)
    attendre_rendu(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    return page


def test_lien_filtre_reproduit_la_vue(navigateur):
    browser, url = navigateur
    page = _ouvrir(browser, f"{url}/diaporama?communes=62041&communes=62004&debut=2018&fin=2024&diapo=3")
    barre = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Arras" in barre and "Achicourt" in barre
    # The chart's scope line comes with the chart (the year-by-year secret check runs first).
    page.get_by_text("la ligne pointillée est la cible légale").wait_for(timeout=60000)
    corps = page.locator('[data-testid="stMain"]').inner_text()
    assert "Diaporama CIL — 3 / 8" in corps
    assert "Achicourt, Arras" in corps or "Arras, Achicourt" in corps  # the scope line under the chart
    assert "2018-2024" in corps
    for morceau in ("communes=62041", "communes=62004", "debut=2018", "fin=2024", "diapo=3"):
        assert morceau in page.url
    # the same link in a fresh page gives the same view
    copie = _ouvrir(browser, page.url)
    assert "Diaporama CIL — 3 / 8" in copie.locator('[data-testid="stMain"]').inner_text()
    assert "Achicourt" in copie.locator('[data-testid="stSidebar"]').inner_text()
    page.close()
    copie.close()


def test_suivant_change_l_adresse(navigateur):
    browser, url = navigateur
    page = _ouvrir(browser, f"{url}/diaporama?diapo=1")
    page.get_by_role("button", name="Suivante").click()
    page.wait_for_function("() => location.search.includes('diapo=2')", timeout=30000)
    attendre_rendu(page)
    assert "Diaporama CIL — 2 / 8" in page.locator('[data-testid="stMain"]').inner_text()
    page.close()


@pytest.mark.parametrize("largeur, hauteur", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize(
    "chemin, nom",
    [
        ("/?presentation=1", "accueil"),
        ("/diaporama?presentation=1&diapo=1", "diaporama_1"),
        ("/diaporama?presentation=1&diapo=3", "diaporama_3"),
    ],
)
def test_mode_presentation_masque_la_barre_laterale(navigateur, largeur, hauteur, chemin, nom):
    browser, url = navigateur
    page = _ouvrir(browser, url + chemin, largeur, hauteur)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert (
        page.locator('[data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"]')
        .filter(visible=True)
        .count()
        == 0
    )
    assert page.get_by_role("button", name="Quitter le mode présentation").is_visible()
    # controls are hidden, the slide buttons stay
    assert page.locator(".stSelectbox, .stMultiSelect, .stSlider, .stDownloadButton").filter(visible=True).count() == 0
    if nom.startswith("diaporama"):
        assert page.get_by_role("button", name="Suivante").is_visible()
    # larger text than the normal 16 px
    assert page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 18
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / f"presentation_{nom}_{largeur}x{hauteur}.png"))
    page.close()


def test_sortir_du_mode_presentation(navigateur):
    browser, url = navigateur
    page = _ouvrir(browser, f"{url}/?presentation=1&communes=62041")
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    page.get_by_role("button", name="Quitter le mode présentation").click()
    page.wait_for_function("() => !location.search.includes('presentation')", timeout=30000)
    attendre_rendu(page)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    assert "communes=62041" in page.url  # the filters survive
    page.close()
