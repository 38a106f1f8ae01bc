"""PLH target arithmetic (observatoire/indicateurs/plh.py) and the production/objectifs queries, on cases
computed by hand."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from observatoire.base import db, derives, ecriture, schema
from observatoire.base.chemins import DEMO, REFERENCE
from observatoire.base.ecriture import modifier_base
from observatoire.chargement import sources
from observatoire.indicateurs import catalogue, plh

# Every calendar year of the PLH is counted by default: 2014 … 2020, seven years.
P = plh.Plh("PLH 2014-2020", 2014, 2020)
# The same PLH read on six years only (an editable choice): 2014 … 2019.
P6 = plh.Plh("PLH 2014-2020", 2014, 2020, annees=range(2014, 2020))
P2 = plh.Plh("PLH 2021-2026", 2021, 2026)


# ---------------------------------------------------------------- cumulated target


def test_objectif_cumule_a_mi_periode():
    # 2014, 2015, 2016 → 3 years × 550
    assert plh.objectif_cumule(550, 2016, P) == 1650
    # 2014 … 2017 → 4 years × 200
    assert plh.objectif_cumule(200, 2017, P) == 800


def test_objectif_cumule_memes_annees_des_deux_cotes():
    assert P.nb_annees == 7 and P.annees == (2014, 2015, 2016, 2017, 2018, 2019, 2020)
    assert plh.objectif_cumule(550, 2019, P) == 3300  # 6 years counted
    assert plh.objectif_cumule(550, 2020, P) == 3850  # 7th calendar year counted: 7 × 550, not 6 × 550
    assert plh.objectif_cumule(550, 2013, P) == 0  # before the PLH
    assert plh.objectif_cumule(None, 2016, P) is None
    # Read on six counted years (2014-2019), 2020 adds nothing to either side.
    assert plh.objectif_cumule(550, 2020, P6) == 3300


def test_objectif_periode_annuel_fois_annees_comptees():
    assert plh.objectif_periode(140, None, P) == 980  # 140 × 7
    assert plh.objectif_periode(None, 50, P) == 50  # PLS: only a PLH total (a ceiling)
    # An annual target wins over a stated total: 550 × 7 = 3 850, never the 6-year 3 300.
    assert plh.objectif_periode(550, 3300, P) == 3850
    assert plh.objectif_periode(550, None, P6) == 3300
    assert plh.objectif_periode(None, None, P) is None


def test_lls_du_plh_2014_2020_sur_les_memes_annees():
    # Demo LLS financed (PLUS + PLA-I, data/demo/README.md): 2014 … 2020.
    lls = pd.Series({2014: 172.0, 2015: 176.0, 2016: 120.0, 2017: 148.0, 2018: 187.0, 2019: 197.0, 2020: 208.0})
    # Seven years counted: 1 208 against 7 × 200 = 1 400 → 86,3 %, a finished PLH: « non atteint ».
    # (Before: 1 208 against a 6-year 1 200 = 100,7 % « en avance ».)
    b = plh.bilan_indicateur(lls, 200, 1200, 2020, P, aujourd_hui=2026)
    assert (b["realise_cumule"], b["objectif_cumule"]) == (1208, 1400)
    assert b["taux"] == pytest.approx(1208 / 1400) and round(100 * b["taux"], 1) == 86.3
    assert b["statut"] == catalogue.NON_ATTEINT and b["close"]
    assert b["annees_comptees"] == [2014, 2015, 2016, 2017, 2018, 2019, 2020]
    # Six years counted (2014-2019): 1 000 against 6 × 200 = 1 200 → 83,3 %; 2020 counts on neither side.
    b6 = plh.bilan_indicateur(lls, 200, 1200, 2020, P6, aujourd_hui=2026)
    assert (b6["realise_cumule"], b6["objectif_cumule"]) == (1000, 1200)
    assert round(100 * b6["taux"], 1) == 83.3 and b6["statut"] == catalogue.NON_ATTEINT


def test_lire_et_ecrire_les_annees_comptees():
    assert plh.lire_annees("2014|2015|2016|2017|2018|2019|2020", 2014, 2020) == list(range(2014, 2021))
    assert plh.lire_annees("2014-2016|2018", 2014, 2020) == [2014, 2015, 2016, 2018]
    assert plh.lire_annees(None, 2014, 2020) == list(range(2014, 2021))  # empty: every calendar year
    assert plh.texte_annees(range(2014, 2021)) == "2014-2020"
    assert plh.texte_annees([2014, 2015, 2016, 2018]) == "2014-2016, 2018"
    assert plh.phrase_annees(P) == "2014-2020, 7 années comptées"
    assert plh.phrase_annees(P, 2017) == "2014-2017, 4 années comptées sur les 7 du PLH 2014-2020"
    assert plh.phrase_annees(P6) == "2014-2019, 6 années comptées"


def test_perimetre_du_plh():
    assert plh.phrase_perimetre(P) == "périmètre du PLH non renseigné : communes actuelles de la CU"
    assert plh.communes_comptees(P, ()) == () and plh.communes_comptees(P, ("62041",)) == ("62041",)
    p39 = plh.Plh("PLH 2014-2020", 2014, 2020, communes=("62041", "62004"))
    assert plh.phrase_perimetre(p39) == "périmètre du PLH 2014-2020 : 2 communes"
    assert plh.communes_comptees(p39, ()) == ("62004", "62041")  # nothing selected: the perimeter
    assert plh.communes_comptees(p39, ("62041", "62085")) == ("62041",)  # Basseux is outside
    assert plh.hors_perimetre(p39, ("62041", "62085")) == ["62085"]
    assert plh.communes_comptees(p39, ("62085",)) == ("62085",)  # none inside: shown, without a target


def test_taux_et_ecart():
    assert plh.taux_realisation(1650, 2200) == pytest.approx(0.75)
    assert plh.ecart(1650, 2200) == -550
    assert plh.ecart(2400, 2200) == 200
    assert plh.taux_realisation(10, 0) is None
    assert plh.taux_realisation(None, 100) is None


# ---------------------------------------------------------------- remaining pace


def test_rythme_necessaire_en_avance():
    # End of 2017: 2 400 built, 900 left to reach 3 300 over 2018, 2019, 2020 → 300 a year.
    assert plh.rythme_necessaire(3300, 2400, 2017, P) == pytest.approx(300)
    assert plh.rythme_necessaire(3300, 2400, 2017, P) < 550


def test_rythme_necessaire_en_retard():
    # End of 2017: 1 500 built, 1 800 left over 3 years → 600 a year, above the 550 target.
    assert plh.rythme_necessaire(3300, 1500, 2017, P) == pytest.approx(600)
    # Another PLH: end of 2022, 800 of 3 000 → 2 200 over 2023-2026 (4 years) = 550.
    assert plh.rythme_necessaire(3000, 800, 2022, P2) == pytest.approx(550)


def test_rythme_necessaire_aux_bornes():
    assert plh.rythme_necessaire(3300, 3000, 2020, P) is None  # PLH over: no year left
    assert plh.rythme_necessaire(3300, 3400, 2018, P) == 0  # total already reached
    # Before the PLH starts, every year of it is left: 3 300 / 7.
    assert plh.rythme_necessaire(3300, 0, 2013, P) == pytest.approx(3300 / 7)
    # Six counted years (2014-2019): at the end of 2017, 2018 and 2019 are left: (3 300 − 2 400) / 2.
    assert plh.rythme_necessaire(3300, 2400, 2017, P6) == pytest.approx(450)
    assert plh.rythme_necessaire(3300, 2400, 2019, P6) is None  # 2020 is not counted


def test_statut_mots_du_catalogue():
    # A finished PLH read to its end: atteint / non atteint (never « en retard »).
    assert plh.statut(1208, 1400, close=True) == catalogue.NON_ATTEINT
    assert plh.statut(1400, 1400, close=True) == catalogue.ATTEINT
    # In the course of the PLH: against the target expected so far.
    assert plh.statut(1975, 2200, close=False) == catalogue.EN_RETARD
    assert plh.statut(2300, 2200, close=False) == catalogue.EN_AVANCE
    # A ceiling (PLS ≈ 50 over the PLH): 60 is over it.
    assert plh.statut(60, None, close=True, plafond=True, objectif_total=50) == catalogue.NON_ATTEINT
    assert plh.mots_statut(catalogue.NON_ATTEINT, plafond=True) == "✘ non atteint (plafond dépassé)"
    assert plh.mots_statut(catalogue.ATTEINT) == "✔ atteint"
    assert plh.statut(None, 1400, close=True) == catalogue.MANQUANT
    # Closed only when the PLH is over and the reading reaches its last counted year.
    assert plh.lecture_close(2020, P, aujourd_hui=2026) and not plh.lecture_close(2017, P, aujourd_hui=2026)
    assert not plh.lecture_close(2020, P, aujourd_hui=2020)
    assert plh.lecture_close(2019, P6, aujourd_hui=2026)
    assert plh.statut_annee(2021, P) == plh.HORS_PERIODE
    assert plh.statut_annee(2014, P) == plh.DANS_PERIODE
    assert plh.statut_annee(2020, P6) == plh.NON_COMPTEE


# ---------------------------------------------------------------- realised figures, missing years


def _production(lignes):
    return pd.DataFrame(lignes, columns=["annee", "indicateur", "valeur"])


def test_annee_manquante_reste_manquante_jamais_zero():
    prod = _production(
        [
            (2014, "logements_autorises", 100),
            (2014, "lls_plus", 30),
            (2014, "lls_plai", 10),
            (2014, "ptz_neuf", 20),
            (2016, "logements_autorises", 80),
            (2016, "lls_plus", 5),
            (2016, "lls_plai", 0),
        ]
    )
    r = plh.realise_annuel(prod, "autorises", range(2014, 2017))
    assert list(r.index) == [2014, 2015, 2016]  # the missing year is kept as a row
    assert pd.isna(r.loc[2015, "logements"])  # missing, not 0
    assert r.loc[2014, "lls"] == 40
    assert r.loc[2014, "libre"] == 100 - 40 - 20
    assert r.loc[2016, "lls"] == 5  # a 0 row is a real zero
    assert pd.isna(r.loc[2016, "accession_aidee"])  # no PTZ row in 2016
    assert pd.isna(r.loc[2016, "libre"])  # a missing part makes libre missing


def test_comptage_commences():
    prod = _production([(2014, "logements_autorises", 100), (2014, "logements_commences", 70)])
    assert plh.realise_annuel(prod, "commences", [2014]).loc[2014, "logements"] == 70
    assert plh.realise_annuel(prod, "autorises", [2014]).loc[2014, "logements"] == 100


def test_bilan_signale_les_annees_manquantes():
    serie = pd.Series({2014: 500.0, 2016: 600.0, 2021: 900.0})
    b = plh.bilan_indicateur(serie, 550, 3300, 2016, P)
    assert b["realise_cumule"] == 1100
    assert b["annees_manquantes"] == [2015]
    assert b["objectif_cumule"] == 1650
    assert b["ecart"] == -550
    assert b["statut"] == catalogue.EN_RETARD  # end of 2016: in the course of the PLH
    # PLH target 550 × 7 = 3 850; 3 850 − 1 100 = 2 750 left over 2017-2020 (4 years) = 687,5
    assert b["rythme"] == pytest.approx(687.5)
    # a bilan after the end of the PLH stops at 2020: 2021 is outside the period
    b2 = plh.bilan_indicateur(serie, 550, 3300, 2025, P, aujourd_hui=2026)
    assert b2["annee_bilan"] == 2020
    assert b2["realise_cumule"] == 1100
    assert b2["rythme"] is None
    assert b2["statut"] == catalogue.NON_ATTEINT  # finished: 1 100 of 3 850


def test_bilan_plafond_pls():
    serie = pd.Series({2014: 20.0, 2015: 40.0})
    b = plh.bilan_indicateur(serie, None, 50, 2015, P, plafond=True, aujourd_hui=2026)
    assert b["objectif_cumule"] == 50
    assert b["ecart"] == 10
    assert b["statut"] == catalogue.EN_RETARD  # over the ceiling in 2015, the PLH still running then
    assert plh.mots_statut(b["statut"], plafond=True) == "▼ en retard (plafond dépassé)"
    assert b["rythme"] is None


# ---------------------------------------------------------------- targets by commune


def _objectifs_demo() -> pd.DataFrame:
    communes = sources.lire_objectifs_communes(DEMO / "objectifs_communes.csv", demo=True)
    cu = pd.read_csv(REFERENCE / "objectifs_plh.csv")
    cu["code_insee"] = None
    cu["demo"] = False
    return pd.concat([cu[communes.columns], communes], ignore_index=True)


def test_repartition_communale_de_demo_egale_l_objectif_cu():
    rep = plh.repartition_communes(_objectifs_demo()).set_index(["indicateur", "champ"])
    attendu = {"logements": (550, 3300), "lls": (200, 1200), "accession_aidee": (140, 840)}
    for ind, (annuel, _) in attendu.items():
        assert rep.loc[(ind, "objectif_annuel"), "somme_communes"] == annuel
        assert rep.loc[(ind, "objectif_annuel"), "ecart"] == 0
    # 46 communes, 4 without a commune target (data/demo/README.md)
    assert rep.loc[("logements", "objectif_annuel"), "communes"] == 42


def test_repartition_signale_un_ecart():
    obj = pd.DataFrame(
        {
            "code_insee": [None, "A", "B"],
            "indicateur": ["logements"] * 3,
            "objectif_annuel": [100.0, 60.0, 30.0],
            "objectif_periode": [600.0, 360.0, 180.0],
            "demo": [False, True, True],
        }
    )
    rep = plh.repartition_communes(obj).set_index(["indicateur", "champ"])
    assert rep.loc[("logements", "objectif_annuel"), "ecart"] == -10
    assert rep.loc[("logements", "objectif_periode"), "ecart"] == -60


def test_objectifs_du_perimetre():
    obj = pd.DataFrame(
        {
            "code_insee": [None, None, "A", "A", "A", "B"],
            "indicateur": ["logements", "lls", "logements", "lls", "accession_aidee", "logements"],
            "objectif_annuel": [550.0, 200.0, 40.0, 10.0, 5.0, 20.0],
            "objectif_periode": [3300.0, 1200.0, 240.0, 60.0, 30.0, 120.0],
            "demo": [False, False, True, True, True, True],
        }
    )
    cu = plh.objectifs_du_perimetre(obj, ())
    assert cu["logements"]["annuel"] == 550 and not cu["logements"]["demo"]
    sel = plh.objectifs_du_perimetre(obj, ("A", "B", "C"))
    assert sel["logements"]["annuel"] == 60
    assert sel["logements"]["sans_objectif"] == ["C"]
    assert sel["lls"]["annuel"] == 10 and sel["lls"]["sans_objectif"] == ["B", "C"]
    # libre derived for communes: 60 − 10 − 5
    assert sel["libre"]["annuel"] == 45
    assert sel["logements"]["demo"]


def test_tableau_communes_objectif_absent_et_part_de_l_effort():
    communes = pd.DataFrame({"code_insee": ["A", "B"], "nom": ["Aville", "Bbourg"]})
    prod = pd.DataFrame(
        {
            "code_insee": ["A", "A", "A", "A", "B"],
            "indicateur": ["logements_autorises", "lls_plus", "lls_plai", "ptz_neuf", "logements_autorises"],
            "valeur": [120.0, 20.0, 10.0, 15.0, 30.0],
        }
    )
    obj = pd.DataFrame(
        {
            "code_insee": [None, "A"],
            "indicateur": ["logements", "logements"],
            "objectif_annuel": [550.0, 50.0],
            "objectif_periode": [3300.0, 300.0],
            "demo": [False, True],
        }
    )
    t = plh.tableau_communes(communes, prod, obj, "autorises", 2016, P, total_cu=600).set_index("code_insee")
    assert t.loc["A", "objectif_logements"] == 150  # 50 × 3 years
    assert t.loc["A", "taux_logements"] == pytest.approx(0.8)
    assert t.loc["A", "ecart_logements"] == -30
    assert t.loc["A", "lls"] == 30
    assert t.loc["A", "part_effort"] == pytest.approx(0.2)
    assert t.loc["B", "part_effort"] == pytest.approx(0.05)
    assert t.loc["B", "sans_objectif"] and not t.loc["A", "sans_objectif"]
    assert t.loc["A", "objectif_demo"]
    assert t.loc["A", "statut"] == catalogue.EN_RETARD  # end of 2016: the PLH was still running
    # Perimeter filled with Aville only: Bbourg is outside, no target of this PLH.
    p_a = plh.Plh("PLH 2014-2020", 2014, 2020, communes=("A",))
    obj_b = pd.concat(
        [
            obj,
            pd.DataFrame(
                {
                    "code_insee": ["B"],
                    "indicateur": ["logements"],
                    "objectif_annuel": [10.0],
                    "objectif_periode": [None],
                    "demo": [True],
                }
            ),
        ],
        ignore_index=True,
    )
    t2 = plh.tableau_communes(communes, prod, obj_b, "autorises", 2020, p_a, total_cu=600, aujourd_hui=2026).set_index(
        "code_insee"
    )
    assert t2.loc["B", "hors_perimetre"] and pd.isna(t2.loc["B", "objectif_logements"])
    assert t2.loc["A", "objectif_logements"] == 350  # 50 × 7 counted years
    assert t2.loc["A", "statut"] == catalogue.NON_ATTEINT  # 120 of 350, PLH finished


def test_masquer_menages_cache_le_complement():
    df = pd.DataFrame(
        {"logements": [100, 200], "lls": [40, 50], "accession_aidee": [5, 60], "libre": [55, 90]},
        index=["A", "B"],
    )
    valeurs, masque = plh.masquer_menages(df, totaux_colonnes=False)
    assert masque.loc["A", "accession_aidee"]
    # lls + accession + libre = logements: one more cell of the row is hidden (the smaller, lls)
    assert masque.loc["A", "lls"] and not masque.loc["A", "libre"]
    assert not masque.loc["B"].any()


# ---------------------------------------------------------------- validation and writing


def test_valider_plh_messages_francais():
    assert plh.valider_plh("PLH 2026-2031", 2026, 2031, ["PLH 2014-2020"]) == []
    assert any("existe déjà" in e for e in plh.valider_plh("PLH 2014-2020", 2014, 2020, ["PLH 2014-2020"]))
    assert any("obligatoire" in e for e in plh.valider_plh(" ", 2026, 2031, []))
    assert any("précède" in e for e in plh.valider_plh("X", 2031, 2026, []))
    assert plh.valider_annees([2014, 2020], P) == []
    assert plh.valider_annees([], P) == ["Choisissez au moins une année comptée du PLH 2014-2020."]
    assert plh.valider_annees([2013, 2014], P) == ["2013 : hors de la période du PLH 2014-2020 (2014-2020)."]
    assert plh.valider_communes(["62041", "99999"], ["62041"]) == ["Commune inconnue : 99999."]
    assert plh.valider_communes([], ["62041"]) == []


def test_valider_objectifs():
    bon = pd.DataFrame({"indicateur": ["logements"], "objectif_annuel": [500], "objectif_periode": [None]})
    assert plh.valider_objectifs(bon) == []
    mauvais = pd.DataFrame({"indicateur": ["logements", "truc"], "objectif_annuel": ["abc", -3]})
    erreurs = plh.valider_objectifs(mauvais)
    assert any("truc" in e for e in erreurs)
    assert any("pas des nombres" in e for e in erreurs)
    assert any("négatif" in e for e in erreurs)


FIXTURE = """
INSERT INTO communes VALUES
  ('62041', 'Arras', 41019, '200033579', 'CU d''Arras', 2.76, 50.29, NULL),
  ('62004', 'Achicourt', 7799, '200033579', 'CU d''Arras', 2.76, 50.27, NULL),
  ('62085', 'Basseux', 137, '200033579', 'CU d''Arras', 2.65, 50.22, NULL);
INSERT INTO plh (plh, annee_debut, annee_fin, lecture, source) VALUES ('PLH 2014-2020', 2014, 2020, 'lecture', 'PLH 2014-2020');
INSERT INTO plh_annees SELECT 'PLH 2014-2020', unnest(range(2014, 2021));
INSERT INTO objectifs VALUES
  ('PLH 2014-2020', NULL, 'logements', 550, 3300, false, 'seed'),
  ('PLH 2014-2020', '62041', 'logements', 300, 1800, true, 'démo'),
  ('PLH 2014-2020', '62004', 'logements', 50, 300, true, 'démo');
INSERT INTO production VALUES
  (2014, '62041', 'logements_autorises', 300, 'sitadel'),
  (2015, '62041', 'logements_autorises', 250, 'sitadel'),
  (2021, '62041', 'logements_autorises', 100, 'sitadel'),
  (2015, '62004', 'logements_autorises', 40, 'sitadel'),
  (2015, '62004', 'ptz_neuf', 7, 'ptz');
-- vintage 2016: 2 new PLUS + 1 new PLAI in Arras (commissioned 2015), 1 old; vintage 2017: none new
INSERT INTO rpls_logements (millesime, code_insee, financement, nouveau_logement) VALUES
  (2016, '62041', 'PLUS', true), (2016, '62041', 'PLUS', true), (2016, '62041', 'PLAI', true),
  (2016, '62041', 'PLUS', false), (2016, '62004', 'PLS', true),
  (2017, '62041', 'PLUS', false);
"""


@pytest.fixture()
def base_plh(tmp_path):
    chemin = tmp_path / "plh.duckdb"
    con = duckdb.connect(str(chemin))
    schema.appliquer(con)
    con.execute(FIXTURE)
    derives.recalculer(con)  # as every write does: the pages' queries read the derived tables
    con.close()
    return chemin


def test_requete_mises_en_service_par_millesime_moins_un(base_plh):
    con = duckdb.connect(str(base_plh), read_only=True)
    tout = db.requete(con, "production_mises_en_service", annee_debut=2010, annee_fin=2030, communes=[]).set_index(
        "annee"
    )
    assert list(tout.index) == [2015, 2016]
    assert (tout.loc[2015, "plus"], tout.loc[2015, "plai"], tout.loc[2015, "pls"]) == (2, 1, 1)
    assert tout.loc[2016, ["plus", "plai", "pls"]].sum() == 0  # a vintage with none new: a true 0
    arras = db.requete(con, "production_mises_en_service", annee_debut=2010, annee_fin=2030, communes=["62041"])
    assert arras.set_index("annee").loc[2015, "pls"] == 0
    con.close()


def test_requete_production_par_commune(base_plh):
    con = duckdb.connect(str(base_plh), read_only=True)
    r = db.requete(con, "production_par_commune", annee_debut=2014, annee_fin=2020, annees=None, communes=[])
    arras = r[(r["code_insee"] == "62041") & (r["indicateur"] == "logements_autorises")].iloc[0]
    assert arras["valeur"] == 550 and arras["annees"] == 2  # 2021 is outside the span
    # Only the counted years: 2014 alone gives Arras's 300.
    r1 = db.requete(con, "production_par_commune", annee_debut=2014, annee_fin=2020, annees=[2014], communes=["62041"])
    a1 = r1[r1["indicateur"] == "logements_autorises"].iloc[0]
    assert (a1["valeur"], a1["annees"]) == (300, 1)
    basseux = r[r["code_insee"] == "62085"]
    assert len(basseux) == 1 and pd.isna(basseux["indicateur"].iloc[0])  # listed, no data
    con.close()


def test_requete_objectifs_plh(base_plh):
    con = duckdb.connect(str(base_plh), read_only=True)
    r = db.requete(con, "objectifs_plh", plh="PLH 2014-2020")
    assert r["code_insee"].isna().iloc[0]
    assert set(r["nom"].dropna()) == {"Arras", "Achicourt"}
    assert len(db.requete(con, "objectifs_plh", plh="inconnu")) == 0
    con.close()


def test_ajouter_un_plh_comme_donnee(base_plh):
    nouveau = plh.Plh("PLH 2026-2031", 2026, 2031, lecture="Objectifs annuels × années comptées.")
    obj = pd.DataFrame(
        {
            "indicateur": ["logements", "lls", "libre"],
            "objectif_annuel": [500, 180, None],
            "objectif_periode": [None, None, None],
        }
    )
    n = modifier_base(base_plh, lambda con: plh.enregistrer_plh(con, nouveau, obj, "saisie test"))
    assert n == 2  # the row with no target at all is not written
    con = duckdb.connect(str(base_plh), read_only=True)
    liste = db.requete(con, "plh_liste").set_index("plh")
    assert list(liste.loc["PLH 2026-2031", "annees_comptees"]) == [2026, 2027, 2028, 2029, 2030, 2031]
    relu = plh.Plh.depuis_ligne(liste.loc["PLH 2026-2031"].to_dict() | {"plh": "PLH 2026-2031"})
    assert relu.nb_annees == 6 and not relu.perimetre_renseigne
    o = db.requete(con, "objectifs_plh", plh="PLH 2026-2031").set_index("indicateur")
    assert o.loc["logements", "objectif_annuel"] == 500 and not o.loc["logements", "demo"]
    con.close()


def test_plh_en_double_rien_n_est_ecrit(base_plh):
    avant = base_plh.read_bytes()
    with pytest.raises(duckdb.ConstraintException):
        modifier_base(base_plh, lambda con: plh.enregistrer_plh(con, P, pd.DataFrame(columns=["indicateur"]), "x"))
    assert base_plh.read_bytes() == avant


def test_modifier_objectifs_communaux_garde_le_libelle_demo(base_plh):
    edite = pd.DataFrame(
        {
            "code_insee": ["62041", "62004", "62085"],
            "logements": [300, 60, None],
            "lls": [None, None, 2],
            "accession_aidee": [None] * 3,
        }
    )
    modifier_base(base_plh, lambda con: plh.enregistrer_objectifs_communes(con, P, edite, "saisie test"))
    con = duckdb.connect(str(base_plh), read_only=True)
    o = db.requete(con, "objectifs_plh", plh="PLH 2014-2020")
    o = o[o["code_insee"].notna()].set_index(["code_insee", "indicateur"])
    assert o.loc[("62041", "logements"), "demo"]  # unchanged: still demo
    assert not o.loc[("62004", "logements"), "demo"]  # edited: entered value
    # No derived total written back: the PLH target is computed (60 × counted years).
    assert pd.isna(o.loc[("62004", "logements"), "objectif_periode"])
    assert o.loc[("62085", "lls"), "objectif_annuel"] == 2
    assert ("62085", "logements") not in o.index  # empty cell = pas d'objectif communal
    con.close()


def test_trajectoire_s_arrete_a_une_annee_manquante():
    serie = pd.Series({2014: 500.0, 2015: 600.0, 2017: 400.0})
    t = plh.trajectoire(serie, 550, P, 2018).set_index("annee")
    assert list(t.index) == [2014, 2015, 2016, 2017, 2018]
    assert t.loc[2015, "realise_cumule"] == 1100
    assert pd.isna(t.loc[2016, "realise_cumule"]) and pd.isna(t.loc[2017, "realise_cumule"])
    assert t.loc[2018, "objectif_cumule"] == 2750  # 5 × 550


def test_masquer_bilan_cache_accession_et_libre():
    bilan = pd.DataFrame(
        {
            "realise_annee": [40.0, 3.0, 20.0, 12.0],
            "realise_cumule": [200.0, 8.0, 100.0, 30.0],
            "taux": [0.5, 0.1, 0.4, 0.9],
            "ecart": [-200.0, -70.0, -150.0, -3.0],
            "rythme": [80.0, 20.0, 40.0, 5.0],
            "statut": ["en retard"] * 4,
        },
        index=["logements", "accession_aidee", "libre", "ventes_hlm"],
    )
    sortie, caches = plh.masquer_bilan(bilan, seuil=11)
    assert list(caches[caches].index) == ["accession_aidee", "libre"]
    assert sortie.at["accession_aidee", "realise_cumule"] is None and sortie.at["libre", "taux"] is None
    assert sortie.at["ventes_hlm", "realise_cumule"] == 30  # 12 and 30 are ≥ 11
    assert sortie.at["logements", "realise_cumule"] == 200


def test_masquer_menages_avec_valeurs_manquantes():
    # Float64 with <NA> (as realise_annuel returns): a missing year is neither hidden nor 0.
    df = pd.DataFrame(
        {"logements": [100, 50], "lls": [40, 20], "accession_aidee": [pd.NA, 4], "libre": [pd.NA, 26]},
        index=[2024, 2025],
    ).astype("Float64")
    valeurs, masque = plh.masquer_menages(df, totaux_colonnes=False, seuil=11)
    assert not masque.loc[2024, "accession_aidee"] and pd.isna(valeurs.loc[2024, "accession_aidee"])
    assert masque.loc[2025, "accession_aidee"] and masque.loc[2025, "lls"]


def test_appliquer_modifications_du_tableau_edite():
    df = pd.DataFrame({"code_insee": ["A", "B"], "logements": [10.0, None]})
    sortie = plh.appliquer_modifications(
        df, {"edited_rows": {"1": {"logements": 7}}, "added_rows": [], "deleted_rows": []}
    )
    assert sortie.loc[1, "logements"] == 7 and sortie.loc[0, "logements"] == 10
    assert pd.isna(df.loc[1, "logements"])  # the original is untouched
    assert plh.appliquer_modifications(df, None).equals(df.astype("object"))


# ---------------------------------------------------------------- map and fiche queries: same years, perimeter


def _carte(chemin):
    con = duckdb.connect(str(chemin), read_only=True)
    try:
        return db.requete(con, "carte_taux_plh").set_index("code_insee"), db.requete(con, "fiche_objectif_plh_cu").iloc[
            0
        ]
    finally:
        con.close()


def test_carte_taux_plh_memes_annees_et_perimetre(base_plh):
    t, cu = _carte(base_plh)
    assert plh.phrase_carte(t.reset_index()) == (
        "PLH 2014-2020 : 2014-2020, 7 années comptées ; périmètre du PLH non renseigné : communes actuelles de la CU"
    )
    # Arras: 300 (2014) + 250 (2015) authorised, 2021 outside; target 300 a year × 7 counted years = 2 100.
    assert (t.loc["62041", "autorises"], t.loc["62041", "objectif"], t.loc["62041", "annees"]) == (550, 2100, 2)
    assert t.loc["62004", "objectif"] == 350  # 50 × 7
    assert pd.isna(t.loc["62085", "objectif"])  # no commune target
    assert t.loc["62041", "nb_annees_comptees"] == 7 and not t.loc["62041", "perimetre_renseigne"]
    assert pd.isna(t.loc["62041", "dans_perimetre"])
    assert (cu["objectif"], cu["nb_annees_comptees"]) == (3850, 7)  # 550 × 7, the fiche's CU reference

    # Six counted years and a perimeter of Arras only: Achicourt loses its target, Arras 300 × 6.
    modifier_base(
        base_plh,
        lambda con: (ecriture.remplacer_lecture_plh(con, P.plh, range(2014, 2020), ["62041"]),),
    )
    t, cu = _carte(base_plh)
    assert (t.loc["62041", "autorises"], t.loc["62041", "objectif"]) == (550, 1800)
    assert pd.isna(t.loc["62004", "objectif"]) and not t.loc["62004", "dans_perimetre"]
    assert t.loc["62041", "dans_perimetre"] and t.loc["62041", "perimetre_renseigne"]
    assert cu["objectif"] == 3300  # 550 × 6, the same six years
    assert (
        plh.phrase_carte(t.reset_index())
        == "PLH 2014-2020 : 2014-2019, 6 années comptées ; périmètre du PLH 2014-2020 : 1 commune"
    )
    con = duckdb.connect(str(base_plh), read_only=True)
    relu = plh.Plh.depuis_ligne(db.requete(con, "plh_liste").iloc[0])
    con.close()
    assert relu.annees == tuple(range(2014, 2020)) and relu.communes == ("62041",)


def test_mise_a_niveau_d_une_base_sans_annees_comptees(base_plh):
    # A base built before: `plh` with its 6-year `nb_annees`, no plh_annees nor plh_communes.
    con = duckdb.connect(str(base_plh))
    con.execute("DROP TABLE plh_annees")
    con.execute("DROP TABLE plh_communes")
    con.execute("DROP TABLE plh")
    con.execute(
        "CREATE TABLE plh (plh VARCHAR PRIMARY KEY, annee_debut INTEGER NOT NULL, annee_fin INTEGER NOT NULL, "
        "nb_annees INTEGER NOT NULL, lecture VARCHAR, source VARCHAR)"
    )
    con.execute("INSERT INTO plh VALUES ('PLH 2014-2020', 2014, 2020, 6, 'lecture', 'seed 001')")
    con.close()
    assert ecriture.mettre_a_niveau(base_plh) is True
    con = duckdb.connect(str(base_plh), read_only=True)
    relu = plh.Plh.depuis_ligne(db.requete(con, "plh_liste").iloc[0])
    colonnes = [
        r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'plh'").fetchall()
    ]
    con.close()
    assert relu.annees == tuple(range(2014, 2021)) and relu.communes == ()  # every calendar year, by default
    assert "nb_annees" not in colonnes
    # A PLH can be added to the upgraded base.
    modifier_base(base_plh, lambda c: plh.enregistrer_plh(c, P2, pd.DataFrame(columns=["indicateur"]), "saisie"))
    assert ecriture.mettre_a_niveau(base_plh) is False


def test_une_reconstruction_protege_les_annees_et_communes_saisies(base_plh):
    from observatoire.base.build import donnees_a_proteger

    assert donnees_a_proteger(base_plh) == []  # every calendar year, no commune: the defaults
    modifier_base(
        base_plh,
        lambda con: (
            ecriture.remplacer_lecture_plh(con, P.plh, range(2014, 2020), ["62041", "62004"]),
            plh.enregistrer_plh(con, P2, pd.DataFrame(columns=["indicateur"]), "saisie du 28/11/2026"),
        ),
    )
    assert dict(donnees_a_proteger(base_plh)) == {
        "années comptées des PLH modifiées": 1,
        "communes des PLH saisies": 2,
        "PLH saisis": 1,
    }
