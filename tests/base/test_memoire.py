"""observatoire.base.memoire: results kept by the content of the arguments, never a wrong hit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from observatoire.base import memoire
from observatoire.secret import suppression as secret

APPELS: list = []


@memoire.pur
def _total(df: pd.DataFrame, colonne: str, coef: int = 1) -> pd.DataFrame:
    APPELS.append(1)
    return pd.DataFrame({"total": [df[colonne].sum() * coef]})


@pytest.fixture(autouse=True)
def _propre():
    memoire.vider()
    APPELS.clear()
    yield
    memoire.vider()


def test_memes_valeurs_dans_un_autre_objet_un_seul_calcul():
    a = pd.DataFrame({"x": [1, 2, 3], "c": ["a", "b", "c"]})
    assert _total(a, "x").at[0, "total"] == 6
    assert _total(a.copy(), "x").at[0, "total"] == 6
    assert _total(pd.DataFrame({"x": [1, 2, 3], "c": ["a", "b", "c"]}), "x").at[0, "total"] == 6
    assert len(APPELS) == 1


def test_une_case_changee_un_autre_resultat():
    a = pd.DataFrame({"x": [1, 2, 3]})
    b = a.copy()
    b.loc[2, "x"] = 4
    assert _total(a, "x").at[0, "total"] == 6
    assert _total(b, "x").at[0, "total"] == 7
    assert _total(a, "x", 2).at[0, "total"] == 12
    assert len(APPELS) == 3


def test_types_distingues():
    e = memoire.empreinte
    assert e(pd.DataFrame({"a": [1]}, dtype=object)) != e(pd.DataFrame({"a": ["1"]}, dtype=object))
    assert e(pd.DataFrame({"a": [1]})) != e(pd.DataFrame({"a": [1.0]}))
    assert e(pd.DataFrame({"a": [np.nan]})) != e(pd.DataFrame({"a": [None]}, dtype=object))
    assert e(pd.DataFrame({"a": [pd.NA]}, dtype="Int64")) != e(pd.DataFrame({"a": [0]}, dtype="Int64"))
    assert e(pd.DataFrame({"a": [1.0], "b": [2.0]})) != e(pd.DataFrame({"a": [2.0], "b": [1.0]}))
    assert e(pd.DataFrame({"a": [1]}, index=[0])) != e(pd.DataFrame({"a": [1]}, index=[1]))
    assert e(pd.DataFrame({"a": [1]})) != e(pd.DataFrame({"b": [1]}))
    assert e(("a", 1)) != e(["a", 1]) and e(1) != e(True) and e(1) != e("1")
    assert e(pd.DataFrame({"c": pd.Categorical(["x", "y"], categories=["x", "y"])})) != e(
        pd.DataFrame({"c": pd.Categorical(["x", "y"], categories=["y", "x"])})
    )


def test_le_resultat_garde_ne_change_pas_quand_l_appelant_modifie_le_sien():
    a = pd.DataFrame({"x": [1, 2, 3]})
    r = _total(a, "x")
    r.loc[0, "total"] = 999
    r["autre"] = 1
    s = _total(a, "x")
    assert s.at[0, "total"] == 6 and list(s.columns) == ["total"]
    assert len(APPELS) == 1


def test_argument_inconnu_calcul_sans_memoire():
    @memoire.pur
    def appliquer(f, x):
        APPELS.append(1)
        return f(x)

    assert appliquer(lambda v: v + 1, 1) == 2
    assert appliquer(lambda v: v + 2, 1) == 3
    assert len(APPELS) == 2


def test_le_seuil_de_l_environnement_fait_partie_de_la_cle(monkeypatch):
    # a function reading the environment (seuil=None) never gets the result kept under another threshold
    df = pd.DataFrame({"n": [5, 20, 30]})
    monkeypatch.setenv(secret.VARIABLE_SEUIL, "3")
    calls = []

    @memoire.pur
    def seuil_lu(df):
        calls.append(1)
        return secret.seuil_en_vigueur()

    assert seuil_lu(df) == 3
    monkeypatch.setenv(secret.VARIABLE_SEUIL, "15")
    assert seuil_lu(df) == 15
    assert len(calls) == 2


def test_masquer_memorise_identique_au_calcul_direct():
    df = pd.DataFrame({"a": [3, 40, 50, 12], "b": [30, 2, 50, 60]}, index=list("wxyz"))
    direct = secret.masquer.sans_memoire(df, ["a", "b"], seuil=11, totaux_lignes=[["a", "b"]])
    for _ in range(2):
        v, m = secret.masquer(df, ["a", "b"], seuil=11, totaux_lignes=[["a", "b"]])
        pd.testing.assert_frame_equal(m, direct[1])
        pd.testing.assert_frame_equal(v, direct[0])


def test_empreinte_des_chaines_pyarrow_selon_le_contenu():
    # pandas' strings are hashed from their pyarrow buffers: two slices of one column share
    # those buffers, their offset and length must tell them apart.
    df = pd.DataFrame({"commune": ["Arras", "Achicourt", "Arras"], "n": [1, 2, 1]})
    assert str(df["commune"].dtype) == "str"
    debut, fin = df.iloc[:2].reset_index(drop=True), df.iloc[1:].reset_index(drop=True)
    assert memoire.empreinte(debut) != memoire.empreinte(fin)
    assert memoire.empreinte(df.iloc[[0]].reset_index(drop=True)) != memoire.empreinte(
        df.iloc[[1]].reset_index(drop=True)
    )
    # a missing name is not the string "nan", nor an empty one
    manquant = pd.DataFrame({"commune": pd.Series([None], dtype="str"), "n": [1]})
    assert (
        len(
            {
                memoire.empreinte(manquant),
                memoire.empreinte(manquant.fillna("nan")),
                memoire.empreinte(manquant.fillna("")),
            }
        )
        == 3
    )
    # a Series and an index of strings too
    assert memoire.empreinte(df["commune"].iloc[:2].reset_index(drop=True)) != memoire.empreinte(
        df["commune"].iloc[1:].reset_index(drop=True)
    )
    assert memoire.empreinte(pd.Index(["Arras", "Achicourt"])) != memoire.empreinte(pd.Index(["Achicourt", "Arras"]))
