"""Old path of tests/outils/app.py, for tests written before the tests were laid out like the package."""

from tests.outils.app import PAGES_APP, lancer  # noqa: F401
