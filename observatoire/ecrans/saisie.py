"""What the analyste's entry forms share (1st-quartile thresholds, contingent inputs): the
confirmation kept across the rerun that follows a save, and the save's outcome on screen —
every error listed and nothing written, or the caches cleared and the page run again."""

from __future__ import annotations

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
