"""What the Parc social and Occupation pages keep between views (memoire.pur) gives what they
computed before: the DPE chart's spec, the tables' formatters known by name, the table of
figures of an OPS chart, the CU's figures of one vintage whatever the period queried."""

from __future__ import annotations

import json

import pandas as pd

from observatoire.base import memoire
from observatoire.figures import occupation as fo
from observatoire.figures import parc_social as fps
from observatoire.indicateurs import parc
from tests.figures.test_figures_occupation import _secteurs

DPE = pd.DataFrame(
    {
        "classe_dpe": ["C", "E", parc.DPE_INCONNU],
        "logements": [100, 30, 20],
        "part": [0.5, 0.15, 0.1],
        "prioritaire": [False, True, False],
    }
)


def test_spec_dpe_garde_ses_balises_et_se_garde():
    spec = fps.spec_dpe(DPE)
    assert spec == json.loads(fps.figure_dpe(DPE).to_json())
    # our own line breaks and bold, not escaped (graphiques.figure would write « &lt;br&gt; »)
    assert (
        spec["data"][0]["text"][1].replace("\u202f", " ").replace("\xa0", " ") == "30<br>15,0 %<br><b>prioritaire</b>"
    )
    memoire.empreinte(spec)  # no numpy array left: its table of figures can be kept too
    autre = DPE.assign(logements=[100, 31, 20])
    assert fps.spec_dpe(autre)["data"][0]["y"] != spec["data"][0]["y"]


def test_formateurs_des_tableaux_connus_de_la_memoire():
    # `str` and lambdas made parc.texte run without memory on every view.
    for colonnes in (
        fps.COLONNES_TAUX,
        fps.COLONNES_COMMUNES,
        fps.COLONNES_ENTREES_SORTIES,
        fo.colonnes_communes("parts"),
        fo.colonnes_communes("effectifs"),
    ):
        memoire.empreinte(colonnes)
    assert fps.COLONNES_COMMUNES["pour_mille"][1](1234.56) == "1\u202f234,6"
    assert fps.COLONNES_TAUX["millesime"][1](2024) == "2024"
    assert fps.COLONNES_TAUX["loyer_m2"][1](5.5) == "5,50\u00a0€"
    ligne = {c: [0.25 if c.startswith("taux") else 7] for c in fps.COLONNES_TAUX} | {
        "millesime": [2024],
        "loyer_m2": [5.5],
    }
    avant = dict(memoire.compteurs)
    t = parc.texte(pd.DataFrame(ligne), None, fps.COLONNES_TAUX)
    assert memoire.compteurs["sans_memoire"] == avant["sans_memoire"]  # kept, not run without memory
    assert t.iloc[0]["millésime"] == "2024" and t.iloc[0]["loyer moyen (€/m²)"] == "5,50\u00a0€"
    assert t.iloc[0]["taux de vacance > 3 mois"] == "25,0\u00a0%"


def test_chiffres_ops_lisibles_et_suivent_le_masque():
    valeurs, masque = _secteurs(0.25, 0.5)
    t = fo.chiffres(fo.figure_secteurs, valeurs, masque, "")
    assert t.iloc[0, 0] == "ressources < 20 % des plafonds"  # never « &lt; »
    assert t.iloc[0]["en QPV"].replace("\xa0", " ") == "25,0 %"
    masque.at[0, "part_sous_20"] = True
    cache = fo.chiffres(fo.figure_secteurs, valeurs, masque, "")
    assert cache.iloc[0]["en QPV"] == "–" and cache.iloc[0]["hors QPV"] == t.iloc[0]["hors QPV"]


def test_chiffres_cu_d_un_millesime_quelle_que_soit_la_periode():
    def ind(millesimes):
        lignes = []
        for m in millesimes:
            for code, n in (("A", 300), ("B", 200)):
                ligne = {c: 0 for c in parc.COMPTES}
                ligne.update(
                    millesime=m, code_insee=code, logements=n + m - 2020, loues_ou_vacants=n, vacants_3_mois=20
                )
                lignes.append(ligne)
        return pd.DataFrame(lignes)

    large, etroit = ind([2022, 2023, 2024]), ind([2024])
    cu_large, caches_large = fps.chiffres_cu(large, None, 2024, (), 11)
    cu_etroit, caches_etroit = fps.chiffres_cu(etroit, None, 2024, (), 11)
    pd.testing.assert_series_equal(cu_large, cu_etroit)
    assert caches_large == caches_etroit
    assert cu_large["logements"] == 304 + 204 and cu_large["taux_vacance"] == 40 / 500
    assert fps.chiffres_cu(large, None, 2022, (), 11)[0]["logements"] == 302 + 202
