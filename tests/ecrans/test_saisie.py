"""The analyste's entry form (observatoire/ecrans/saisie.py): on a save with errors, each error is
listed and nothing else happens; on a save without, the page runs again and says so once."""

from streamlit.testing.v1 import AppTest


def _page(erreurs):
    def page():
        import pandas as pd
        import streamlit as st

        from observatoire.ecrans import saisie

        st.session_state.setdefault("appels", 0)

        def enregistrer(table, fichier):
            st.session_state["appels"] += 1
            assert fichier is None
            return len(table), list(st.session_state["erreurs"])

        saisie.formulaire(
            "essai",
            pd.DataFrame({"annee": [2024, 2025], "valeur": [1, 2]}),
            {},
            "Enregistrer",
            enregistrer,
            lambda n: f"{n} ligne(s) enregistrée(s)",
        )

    at = AppTest.from_function(page)
    at.session_state["erreurs"] = erreurs
    at.run()
    return at


def test_erreurs_listees_rien_d_autre():
    at = _page(["ligne 2 : seuil négatif", "ligne 3 : année manquante"])
    assert not at.error and not at.success
    at.button[0].click().run()
    assert at.session_state["appels"] == 1
    assert [e.value for e in at.error] == [
        "Rien n'a été enregistré :\n\n- ligne 2 : seuil négatif\n- ligne 3 : année manquante"
    ]
    assert not at.success


def test_enregistrement_confirme_une_fois():
    at = _page([])
    at.button[0].click().run()
    assert not at.error
    assert [s.value for s in at.success] == ["2 ligne(s) enregistrée(s)"]
    at.run()  # the confirmation is shown once
    assert not at.success
