"""Observatoire de l'habitat de la Communauté Urbaine d'Arras : logique hors Streamlit."""

import sys as _sys

if "streamlit" in _sys.modules:  # inside a Streamlit server (or AppTest): uploads only from analyste sessions
    from observatoire import televersement as _televersement
    from observatoire import travail as _travail  # noqa: F401 (its import cleans what killed processes left)

    _televersement.installer()
