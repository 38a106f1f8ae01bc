"""Observatoire de l'habitat de la Communauté Urbaine d'Arras : logique hors Streamlit."""

import sys as _sys

if "streamlit" in _sys.modules:  # inside a Streamlit server (or AppTest): uploads only from analyste sessions
    from observatoire.base import travail as _travail  # noqa: F401 its import cleans what killed processes left
    from observatoire.ecrans import televersement as _televersement

    _televersement.installer()
