"""Real browser (Chromium) and real server tests.

`from tests.navigateur import …` (the helpers' old module, before the tests were laid out like
the package) still works: the helpers live in tests/outils/navigateur.py.
"""

from tests.outils.navigateur import *  # noqa: F403
from tests.outils.navigateur import attendre_rendu, attendre_sante, serveur_streamlit  # noqa: F401
