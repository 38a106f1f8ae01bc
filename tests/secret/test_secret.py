"""Primary and secondary suppression on hand-made tables."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from observatoire.secret import suppression as secret


def test_suppression_primaire_sous_11_et_zero_affiche():
    df = pd.DataFrame({"menages": [250, 10, 11, 0]}, index=["Arras", "Agny", "Acq", "Basseux"])
    _, masque = secret.masquer(df, ["menages"], totaux_colonnes=False)
    assert masque["menages"].tolist() == [False, True, False, False]


def test_suppression_secondaire_dans_la_colonne():
    # Total shown = 346: hiding only Agny (7) would let 346 - 250 - 40 - 49 = 7 come back.
    df = pd.DataFrame({"menages": [250, 7, 40, 49]}, index=["Arras", "Agny", "Acq", "Wailly"])
    valeurs, masque = secret.masquer(df, ["menages"])
    assert masque["menages"].tolist() == [False, True, True, False]  # + the smallest other: Acq (40)
    assert valeurs["menages"].isna().tolist() == [False, True, True, False]


def test_deux_petites_cases_se_protegent_mutuellement():
    df = pd.DataFrame({"menages": [250, 7, 3, 49]})
    _, masque = secret.masquer(df, ["menages"])
    assert masque["menages"].tolist() == [False, True, True, False]


def test_cascade_ligne_puis_colonne_aucune_case_seule():
    # Rows: communes; en_qpv + hors_qpv = ensemble shown on each row, and CUA totals per column.
    df = pd.DataFrame(
        {"en_qpv": [300, 0, 120], "hors_qpv": [5, 60, 80]},
        index=["Arras", "Agny", "Achicourt"],
    )
    _, masque = secret.masquer(df, ["en_qpv", "hors_qpv"], totaux_lignes=[["en_qpv", "hors_qpv"]])
    assert masque.loc["Arras", "hors_qpv"]
    # No additive group (a column with its CUA total, a row with its ensemble) may hold exactly
    # one hidden cell: it would come back by subtraction.
    for c in df.columns:
        assert masque[c].sum() != 1, c
    for i in df.index:
        assert masque.loc[i].sum() != 1, i


def test_complement_zero_en_dernier_recours():
    # Agny's row: 0 en QPV + 60 hors QPV. If 60 is hidden as a complement, hiding the 0 is the
    # only way to stop 60 coming back from the row total.
    df = pd.DataFrame({"en_qpv": [0], "hors_qpv": [7]}, index=["Agny"])
    _, masque = secret.masquer(df, ["en_qpv", "hors_qpv"], totaux_lignes=[["en_qpv", "hors_qpv"]])
    assert masque.loc["Agny"].tolist() == [True, True]


def test_colonnes_liees_et_libelle():
    df = pd.DataFrame({"menages": [8, 300, 200], "part_apl": [0.5, 0.55, 0.6]})
    valeurs, masque = secret.masquer(df, ["menages"], colonnes_liees={"menages": ["part_apl"]})
    assert masque["part_apl"].tolist() == [True, False, True]
    texte = secret.libelle(valeurs, masque)
    assert texte.loc[0, "menages"] == "secret statistique"
    assert texte.loc[1, "menages"] == "300"
    assert "0" not in texte.loc[0].tolist()


# ---------------------------------------------------------------- the array version equals the cell version


def _masquer_cellule_par_cellule(df, colonnes, seuil, totaux_colonnes, totaux_lignes):
    """The original cell-by-cell algorithm (before secret.masquer worked on numpy arrays), kept as
    the reference the faster version must reproduce exactly."""
    masque = pd.DataFrame(False, index=df.index, columns=df.columns)
    for c in colonnes:
        masque[c] = secret.a_masquer(df[c], seuil)
    groupes = []
    if totaux_colonnes and len(df) > 1:
        for c in colonnes:
            groupes.append([(i, c) for i in df.index])
    for groupe in totaux_lignes:
        for i in df.index:
            groupes.append([(i, c) for c in groupe])
    change = True
    while change:
        change = False
        for groupe in groupes:
            caches = [cell for cell in groupe if masque.at[cell]]
            if len(caches) != 1:
                continue
            candidats = [cell for cell in groupe if not masque.at[cell] and pd.notna(df.at[cell])]
            if not candidats:
                continue
            plus_petit = min(candidats, key=lambda cell: (df.at[cell] == 0, df.at[cell], str(cell[0]), cell[1]))
            masque.at[plus_petit] = True
            change = True
    return masque


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 9).flatmap(
        lambda n: st.tuples(
            st.lists(
                st.lists(st.one_of(st.integers(0, 40), st.just(None)), min_size=4, max_size=4), min_size=n, max_size=n
            ),
            st.booleans(),
            st.booleans(),
            st.integers(1, 15),
        )
    )
)
def test_masquer_egale_l_algorithme_cellule_par_cellule(cas):
    lignes, totaux_colonnes, avec_lignes, seuil = cas
    df = pd.DataFrame(lignes, columns=["a", "b", "c", "d"], index=[f"commune {i}" for i in range(len(lignes))])
    df = df.astype("Int64")
    colonnes = ["a", "b", "c"]
    totaux_lignes = [("a", "b")] if avec_lignes else []
    valeurs, masque = secret.masquer(
        df,
        colonnes,
        seuil=seuil,
        totaux_colonnes=totaux_colonnes,
        totaux_lignes=totaux_lignes,
        colonnes_liees={"a": ["d"]},
    )
    attendu = _masquer_cellule_par_cellule(df, colonnes, seuil, totaux_colonnes, totaux_lignes)
    attendu["d"] = attendu["d"] | attendu["a"]
    assert masque.equals(attendu)
    assert valeurs.isna().to_numpy()[masque.to_numpy()].all()


def test_complement_d_un_taux_protege():
    # Objective 2 at 11 / 16: both counts pass, but 16 − 11 = 5 first-quartile households would
    # come back by subtraction. The rate is one cell: numerator and denominator hidden together.
    df = pd.DataFrame({"num": [11, 120, 60], "den": [16, 200, 100]}, index=["A", "B", "C"])
    _, masque = secret.masquer(df, ["num", "den"], couples=[("num", "den")])
    assert masque.loc["A"].tolist() == [True, True]
    # The column totals are shown: a second rate is hidden so that A does not come back (C, the smallest).
    assert masque.loc["C"].tolist() == [True, True] and not masque.loc["B"].any()
    # Without the pair rule (today's code before this change), A's 11 / 16 was shown.
    _, ancien = secret.masquer(df, ["num", "den"])
    assert not ancien.loc["A"].any()


def test_couple_masque_ensemble_numerateur_et_denominateur():
    df = pd.DataFrame({"num": [3, 50, 40], "den": [40, 200, 100]}, index=["A", "B", "C"])
    valeurs, masque = secret.masquer(df, ["num", "den"], couples=[("num", "den")])
    # A's numerator (3) is small: its denominator goes with it (40 alone says how many were not).
    assert masque.loc["A"].tolist() == [True, True]
    for c in df.columns:
        assert masque[c].sum() != 1


def test_selection_publiable():
    masque = pd.DataFrame({"num": [False, True, True], "den": [False, True, True]}, index=["62041", "62892", "62263"])
    assert secret.selection_publiable(masque, [])  # the whole CU
    assert secret.selection_publiable(masque, ["62041"])
    assert not secret.selection_publiable(masque, ["62041", "62892"])  # Willerval hidden in the grid
    assert not secret.selection_publiable(masque, ["62892"])


@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=2, max_size=8),
    st.integers(2, 15),
)
@settings(max_examples=300, deadline=None)
def test_aucun_taux_masque_ne_se_recalcule(lignes, seuil):
    """For random tables of rates with shown column totals: no hidden numerator or denominator is
    alone in its column, and no shown rate has a small numerator, denominator or complement."""
    df = pd.DataFrame([(n, n + c) for n, c in lignes], columns=["num", "den"])
    _, masque = secret.masquer(df, ["num", "den"], seuil=seuil, couples=[("num", "den")])
    assert (masque["num"] == masque["den"]).all()
    for c in ("num", "den"):
        assert masque[c].sum() != 1
    visibles = df[~masque["num"]]
    for n, d in zip(visibles["num"], visibles["den"]):
        for x in (n, d, d - n):
            assert not 0 < x < seuil
