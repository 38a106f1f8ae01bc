"""What the AppTest and browser tests share: the router's page list (observatoire/ecrans/navigation.py:
a page added there is tested without touching the tests) and a runner for AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from observatoire.ecrans import navigation
from tests.conftest import RACINE

PAGES_APP = [(e.chemin, e.titre, e.adresse) for e in navigation.PAGES]  # (fichier, titre, url_path)


def lancer(page: str | None = None, **query) -> AppTest:
    """Run app.py (router + sidebar) then the page (its name in the navigation, « production »),
    with the given URL parameters."""
    at = AppTest.from_file(str(RACINE / "app.py"), default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(navigation.entree(page).chemin)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
