"""Primary and secondary suppression on hand-made tables."""

import pandas as pd

from observatoire import secret


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
