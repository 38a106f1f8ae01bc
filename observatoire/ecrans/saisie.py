"""The analyste's entry forms (1st-quartile thresholds, contingent inputs) share one shape: a table
to edit (and, for some, a CSV file instead), one button, then the save's outcome — every error
listed and nothing written, or the caches cleared, the page run again and a confirmation shown
once on that next run."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st


def confirmation(cle: str) -> None:
    """The message a successful save left for this run, shown once."""
    if cle in st.session_state:
        st.success(st.session_state.pop(cle), icon=":material/check_circle:")


def issue(erreurs: list[str], cle: str, message: str) -> None:
    """After a save: its errors (nothing was written), else `message` kept for the next run, which
    reads the new figures."""
    if erreurs:
        st.error("Rien n'a été enregistré :\n\n" + "\n".join(f"- {e}" for e in erreurs))
        return
    st.cache_data.clear()
    st.session_state[cle] = message
    st.rerun()


def formulaire(
    cle: str,
    modele: pd.DataFrame,
    column_config: dict,
    bouton: str,
    enregistrer: Callable,
    message: Callable[[int], str],
    fichier: tuple[str, str] | None = None,
) -> None:
    """The form `form_<cle>` with its editor `editeur_<cle>` (rows may be added) and, when
    `fichier` = (label, key) is given, a CSV uploader. On submit, `enregistrer(table, fichier
    téléversé or None)` returns (rows written, errors); `message(n)` confirms a save."""
    cle_message = f"_message_{cle}"
    confirmation(cle_message)
    with st.form(f"form_{cle}"):
        edite = st.data_editor(
            modele, hide_index=True, num_rows="dynamic", key=f"editeur_{cle}", column_config=column_config
        )
        televerse = st.file_uploader(fichier[0], type=["csv"], key=fichier[1]) if fichier else None
        envoye = st.form_submit_button(bouton, icon=":material/save:")
    if envoye:
        n, erreurs = enregistrer(edite, televerse)
        issue(erreurs, cle_message, message(n))
