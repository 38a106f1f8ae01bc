"""Real browser: no English string a user can read, on any page — Streamlit's dialogs and widgets,
Plotly's toolbar, the table toolbar — text or tooltip (title, aria-label, placeholder, Plotly's
data-title), including an unknown address, which opens the Accueil with its filters."""

import re

import pytest

from tests.outils.navigateur import attendre_rendu

# Streamlit's and Plotly's defaults a French page must not show.
ANGLAIS = [
    "Page not found",
    "does not seem to exist",
    "Running the app's main page",
    "Choose an option",
    "Choose options",
    "Download as CSV",
    "Search",
    "Fullscreen",
    "Close fullscreen",
    "Upload",
    "per file",
    "Drag and drop",
    "Browse files",
    "Zoom",
    "Pan",
    "Download plot",
    "Autoscale",
    "Reset axes",
    "Box Select",
    "Lasso Select",
    "Show closest data on hover",
    "Compare data on hover",
    "Toggle Spike Lines",
    "Double-click",
    "No results",
    "No options to select",
    "Copy to clipboard",
    "Show password",
]
# Not yet here: the screen-reader labels of Streamlit's widgets (« Clear all », « Remove … » on a
# multiselect's chips, « Open », « Collapse sidebar », « Increment »): its front end has no French.
_MOTIF = re.compile(r"(?<![\w-])(" + "|".join(re.escape(m) for m in ANGLAIS) + r")(?![\w-])")

# Every page of the router is checked by tests/navigateur/test_navigateur.py (one visit per page, all its
# checks); here, the addresses that are not a plain page.
CHEMINS = [
    "/",
    "/accueil?communes=62041",
    "/nimportequoi?debut=2019",
]

_TEXTES_JS = """() => {
  const textes = [document.body.innerText];
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [data-title]')) {
    // what is not rendered (display: none, visibility: hidden) is neither seen nor read aloud
    if (!el.checkVisibility({checkVisibilityCSS: true})) continue;
    for (const a of ['title', 'aria-label', 'placeholder', 'data-title']) {
      const v = el.getAttribute(a); if (v) textes.push(v);
    }
  }
  return textes;
}"""


def anglais_visible(textes: list[str]) -> list[str]:
    return sorted({m.group(1) for t in textes for m in _MOTIF.finditer(t)})


def test_liste_reconnait_l_anglais():
    assert anglais_visible(["Page not found", "Télécharger le graphique", "Zoom", "Recherche"]) == [
        "Page not found",
        "Zoom",
    ]
    assert anglais_visible(["Zoomer", "Panorama", "Rechercher"]) == []


def _survoler(page) -> None:
    # Toolbars (Plotly, tables) only exist once the pointer is over the element.
    for selecteur in (".js-plotly-plot", '[data-testid="stDataFrame"]'):
        elements = page.locator(selecteur).filter(visible=True)
        if elements.count():
            elements.first.scroll_into_view_if_needed()
            elements.first.hover()
            page.wait_for_timeout(400)


def verifier_francais(page, chemin: str) -> None:
    """No English string readable on the drawn `page` (toolbars shown by hovering first)."""
    _survoler(page)
    textes = page.evaluate(_TEXTES_JS)
    assert anglais_visible(textes) == [], chemin


@pytest.mark.parametrize("chemin", CHEMINS)
def test_aucune_chaine_anglaise(navigateur, chemin):
    browser, url = navigateur
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(url + chemin)
    attendre_rendu(page)
    verifier_francais(page, chemin)
    if chemin.startswith(("/accueil", "/nimportequoi")):
        # the Accueil, with the address's filters kept
        assert page.locator("h1").first.inner_text().startswith("Observatoire de l'habitat")
        attendu = "communes=62041" if "communes" in chemin else "debut=2019"
        assert attendu in page.url
        assert page.locator('[role="dialog"]').count() == 0
    page.close()
