"""The Contingent communautaire page's tables (observatoire/figures/contingent.py), computed by hand."""

import pandas as pd

from observatoire.figures import contingent as K
from observatoire.indicateurs import contingent as C


def _calc():
    # Two landlords; exclusions, assiette and contingents already computed (C.tableau_flux's columns).
    return pd.DataFrame(
        {
            "annee": [2024, 2024],
            "bailleur": ["X (fictif)", "Y (fictif)"],
            "mises_en_location": [100, 1051],
            "premieres_mises_en_location": [10, 0],
            "mutations_internes": [5, 0],
            "relogements_npnru_internes": [3, 0],
            "relogements_lhi": [1, 0],
            "relogements_ventes": [1, 1],
            "demo": [True, False],
            "exclusions": [10, 1],
            "assiette": [90, 1050],
            "contingent_prefectoral": [27, 315],
            "contingent_epci": [18, 210],
        }
    )


def test_tableau_de_l_objectif_avec_sa_ligne_ensemble():
    t = K.table_objectif(_calc())
    assert list(t.columns) == [C.LIBELLES_COURTS[c] for c in K.COLONNES_OBJECTIF] + ["Statut"]
    assert list(t["Bailleur"]) == ["X (fictif)", "Y (fictif)", "Ensemble"]
    assert list(t["Statut"]) == ["démo", "saisi", ""]
    ensemble = t.iloc[2]
    # 100 + 1 051 = 1 151 (French thousands separator), 10 + 1 = 11, 90 + 1 050 = 1 140, 18 + 210 = 228
    assert ensemble["Mises en location (1)"] == "1\u202f151"
    assert ensemble["Exclusions"] == "11"
    assert ensemble["Assiette"] == "1\u202f140"
    assert ensemble["Préfectoral 30 %"] == "342"
    assert ensemble["EPCI 20 % (objectif)"] == "228"
    assert t.iloc[1]["Mises en location (1)"] == "1\u202f051"


def test_modele_de_saisie_reprend_l_annee_ou_met_des_zeros():
    calc = _calc()
    repris = K.modele_saisie(calc, 2024, ["Z (fictif)"])
    assert list(repris.columns) == ["annee", "bailleur"] + C.ENTREES
    assert list(repris["bailleur"]) == ["X (fictif)", "Y (fictif)"]
    assert list(repris.index) == [0, 1]
    vide = K.modele_saisie(calc.iloc[0:0], 2026, ["A (fictif)", "B (fictif)"])
    assert list(vide["annee"]) == [2026, 2026]
    assert list(vide["bailleur"]) == ["A (fictif)", "B (fictif)"]
    assert vide[C.ENTREES].to_numpy().sum() == 0


def test_phrases():
    assert K.phrase_realise(True).endswith("L'année est close : statut « atteint » ou « non atteint ».")
    assert "rythme attendu à ce jour" in K.phrase_realise(False)
    assert "(total : **1\u202f234**)" in K.legende_objectif(2024, 1234)
    assert K.legende_realise(2024, "FIN").endswith("Le total compare les bailleurs qui ont un flux dû. FIN")
    assert K.legende_communes(2023, "FIN").startswith("Les attributions de 2023 au titre")
