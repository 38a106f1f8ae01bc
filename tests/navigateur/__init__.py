"""Real browser (Chromium) and real server tests; their helpers are in tests/outils/navigateur.py."""
