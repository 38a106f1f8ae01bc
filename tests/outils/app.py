"""What the AppTest and browser tests share: the page list read from app.py (a page added to
the router is tested without touching the tests) and a runner for AppTest."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.conftest import RACINE

_PAGE = re.compile(r'st\.Page\(\s*"(pages/[\w]+\.py)"[^)]*?title="([^"]+)"[^)]*?url_path="([\w-]+)"', re.S)
PAGES_APP = _PAGE.findall((RACINE / "app.py").read_text(encoding="utf-8"))  # (fichier, titre, url_path)


def lancer(page: str | None = None, **query) -> AppTest:
    """Run app.py (router + sidebar) then the page, with the given URL parameters."""
    at = AppTest.from_file(str(RACINE / "app.py"), default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
