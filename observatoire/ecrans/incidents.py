"""Unexpected errors: a French message with an incident number for the user, the traceback in
the server log under the same number. No traceback, exception text or server path ever reaches
a browser.

Two layers:

- `.streamlit/config.toml` sets `client.showErrorDetails = "none"`: whatever happens, Streamlit
  itself shows no type, message or traceback;
- `installer()` (called by app.py) replaces, in a running server, Streamlit's handler of an
  uncaught exception of a script run (page, sidebar, widget callback, fragment) by `_traiter`:
  log with a number, show the French message. Under AppTest (no server runtime) nothing is
  replaced, so tests still see `at.exception`.
"""

from __future__ import annotations

import logging
import secrets
import sys
from datetime import datetime

JOURNAL = logging.getLogger("observatoire.ecrans.incidents")


def configurer_journal() -> None:
    """The app's own loggers (observatoire.*) write to the server's stderr, with the time."""
    racine = logging.getLogger("observatoire")
    if not racine.handlers:
        sortie = logging.StreamHandler(sys.stderr)
        sortie.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s : %(message)s"))
        racine.addHandler(sortie)
        racine.setLevel(logging.INFO)
        racine.propagate = True


def numero() -> str:
    """« 20260128-142501-7F3A9C »: the time (to find it in the log) and a random part."""
    return f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3).upper()}"


def signaler(ex: BaseException) -> str:
    """Log the exception with its traceback under a new incident number; return the number."""
    n = numero()
    JOURNAL.error("Incident %s : erreur inattendue (%s)", n, type(ex).__name__, exc_info=ex)
    return n


MESSAGE = (
    "**Une erreur inattendue est survenue** (incident n° {numero}). Cette page n'a pas pu s'afficher "
    "entièrement ; les données ne sont pas modifiées. Rechargez la page ; si l'erreur revient, transmettez "
    "ce numéro à la personne qui administre l'observatoire : le détail est dans le journal du serveur."
)


def afficher(n: str) -> None:
    from streamlit.delta_generator_singletons import get_dg_singleton_instance

    get_dg_singleton_instance().main_dg.error(MESSAGE.format(numero=n), icon=":material/report:")


def _traiter(ex: Exception, on_script_error=None) -> None:  # signature of Streamlit's handler
    n = signaler(ex)
    try:
        afficher(n)
    except Exception:  # displaying must never hide the original failure from the log
        JOURNAL.exception("Incident %s : le message n'a pas pu être affiché", n)


_installe = False


def installer() -> bool:
    """Replace Streamlit's uncaught-exception handler in a running server (once per process).
    Returns True when our handler is in place."""
    global _installe
    configurer_journal()
    if _installe:
        return True
    from streamlit import runtime

    if not runtime.exists():  # AppTest, bare mode: leave Streamlit's own behaviour
        return False
    from streamlit.runtime import fragment
    from streamlit.runtime.scriptrunner import exec_code

    for module in (exec_code, fragment):
        if hasattr(module, "handle_user_script_exception"):
            module.handle_user_script_exception = _traiter
    _installe = True
    return True


def phrase_incident(ex: BaseException, quoi: str = "") -> str:
    """For a page that catches an unexpected exception itself (an import…): log it with a number
    and return the French sentence to show — never the exception's text, which may hold a path.
    `quoi`: « pendant la lecture de fichier.csv »…"""
    n = signaler(ex)
    return (
        f"Erreur inattendue{' ' + quoi if quoi else ''} (incident n° {n}) : le détail est dans le journal du "
        "serveur ; transmettez ce numéro à la personne qui administre l'observatoire."
    )
