"""The three legal objectives on hand-computed fixtures (query + observatoire.indicateurs.attributions),
their edge cases, the legal denominator (unknown flags stay in it), the 1st-quartile threshold
(derived flag, editing, never written back), objective 3 per réservataire, ex-ZUS, and the
secret statistique on the tables below CUA level."""

from __future__ import annotations

import shutil
from fractions import Fraction

import duckdb
import pandas as pd
import pytest

from observatoire.base import db, derives, schema
from observatoire.indicateurs import attributions as A
from observatoire.secret import suppression as secret
from tests.conftest import creer_base_sql

# Columns: annee, code_insee, bailleur, reservataire, en_qpv, premier_quartile, ressources_uc,
#          prioritaire, relogement_anru, bail_signe, refus, contingent_communautaire
LIGNES_SQL = """
INSERT INTO communes VALUES
  ('62041', 'Arras', 41019, '200033579', 'CU d''Arras', 2.76, 50.29, NULL),
  ('62004', 'Achicourt', 7799, '200033579', 'CU d''Arras', 2.76, 50.27, NULL);
INSERT INTO attributions (annee, code_insee, bailleur, reservataire, geographie_qpv, en_qpv, premier_quartile,
    ressources_uc, prioritaire, relogement_anru, bail_signe, refus, contingent_communautaire) VALUES
  -- 2024, hors QPV
  (2024, '62041', 'A', 'État',                   2024, false, true,  NULL, true,  false, true,  false, false), -- h1 Q1
  (2024, '62041', 'A', 'CU d''Arras',            2024, false, false, NULL, false, true,  true,  false, false), -- h2 ANRU, not Q1
  (2024, '62041', 'B', 'CU d''Arras',            2024, false, true,  NULL, true,  false, false, true,  true),  -- h3 refused: no lease
  (2024, '62041', 'B', 'Bailleur (non réservé)', 2024, false, false, NULL, false, false, true,  false, false), -- h4
  (2024, '62004', 'A', 'Action Logement',        2024, false, NULL,  NULL, NULL,  false, true,  false, false), -- h5 flags missing
  (2024, '62004', 'A', 'Action Logement',        2024, false, false, NULL, false, false, true,  false, false), -- h6
  (2024, '62004', 'B', 'État',                   2024, false, NULL,  NULL, true,  true,  true,  false, false), -- h7 ANRU, Q1 unknown
  -- 2024, en QPV
  (2024, '62041', 'A', 'État',                   2024, true,  true,  NULL, true,  false, true,  false, false), -- q1
  (2024, '62041', 'A', 'CU d''Arras',            2024, true,  false, NULL, false, false, false, true,  true),  -- q2 refused
  (2024, '62041', 'B', 'Action Logement',        2024, true,  false, NULL, false, false, true,  false, false), -- q3
  (2024, '62041', 'B', 'Bailleur (non réservé)', 2024, true,  true,  NULL, false, false, true,  false, false), -- q4
  (2024, '62041', 'B', 'État',                   2024, true,  NULL,  NULL, true,  false, true,  false, false), -- q5 Q1 missing
  -- 2023: resources per UC instead of the flag; threshold 8 500 (strictly under = 1st quartile)
  (2023, '62041', 'A', 'État', 2015, false, NULL, 8000,  false, false, true, false, false),
  (2023, '62041', 'A', 'État', 2015, false, NULL, 9000,  false, false, true, false, false),
  (2023, '62041', 'A', 'État', 2015, false, NULL, 8500,  false, false, true, false, false),
  (2023, '62041', 'A', 'État', 2015, false, NULL, 10000, false, false, true, false, false),
  (2023, '62041', 'A', 'État', 2015, false, NULL, 10000, false, false, true, false, false),
  (2023, '62041', 'A', 'État', 2015, false, NULL, NULL,  false, false, true, false, false);
INSERT INTO seuils_premier_quartile VALUES (2023, 8500, true), (2024, 9247.3, true);
"""


def _base(chemin):
    return creer_base_sql(chemin, LIGNES_SQL)


@pytest.fixture(scope="module")
def chemin_attributions(tmp_path_factory):
    return _base(tmp_path_factory.mktemp("attributions") / "attributions.duckdb")


def _comptes(chemin, reservataire=None, debut=2022, fin=2024, communes=None, bailleurs=None):
    con = duckdb.connect(str(chemin), read_only=True)
    try:
        return db.requete(
            con,
            "attributions_comptes",
            annee_debut=debut,
            annee_fin=fin,
            communes=communes,
            bailleurs=bailleurs,
            reservataire=reservataire,
            reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
        )
    finally:
        con.close()


@pytest.fixture(scope="module")
def comptes(chemin_attributions):
    return _comptes(chemin_attributions)


def _cua(comptes, annee):
    return A.sommer(comptes[comptes["annee"] == annee], ["annee"]).iloc[0]


def test_objectif_1_anru_compte_et_refus_exclu(comptes):
    r = A.resultat(1, _cua(comptes, 2024))
    # Hors QPV with a lease: h1, h2, h4, h5, h6, h7 (h3 refused, no lease: out) = 6, the legal
    # denominator. Numerator: h1 (Q1), h2 (ANRU, not Q1), h7 (ANRU, Q1 unknown) = 3.
    # h5: Q1 unknown and not ANRU -> non renseigné: in the denominator, not the numerator.
    assert (r.numerateur, r.denominateur, r.non_renseignes) == (3, 6, 1)
    assert r.taux == pytest.approx(0.5)
    assert r.taux_connus == pytest.approx(3 / 5)
    assert r.statut == "atteint"
    assert r.phrase_non_renseignes() == "dont 1 au quartile inconnu, comptée au dénominateur"


def test_objectif_2_refus_compte_et_quartile_inconnu_au_denominateur(comptes):
    r = A.resultat(2, _cua(comptes, 2024))
    # In QPV: q1..q5 = 5 (q5 Q1 unknown stays in). Not Q1: q2 (refused, still counted), q3.
    assert (r.numerateur, r.denominateur, r.non_renseignes) == (2, 5, 1)
    assert r.statut == "non atteint"  # 40 % (the known cases alone would give 2 / 4 = 50 %)
    assert r.taux_connus == pytest.approx(0.5)
    assert r.manque == 1  # ⌈50 % × 5⌉ = 3


def test_lecture_legale_100_baux_20_q1_30_inconnus(tmp_path):
    # 100 leases hors QPV (2024): 20 in the 1st quartile, 30 of unknown quartile, 50 not Q1.
    con = duckdb.connect(str(tmp_path / "cent.duckdb"))
    schema.appliquer(con)
    con.execute("""
        INSERT INTO attributions (annee, code_insee, reservataire, geographie_qpv, en_qpv, premier_quartile,
                                  prioritaire, relogement_anru, bail_signe)
        SELECT 2024, '62041', 'État', 2024, false,
               CASE WHEN i <= 20 THEN true WHEN i <= 50 THEN NULL ELSE false END, false, false, true
        FROM range(1, 101) AS t(i)
    """)
    derives.recalculer(con)
    con.close()
    r = A.resultat(1, _cua(_comptes(tmp_path / "cent.duckdb"), 2024), close=True)
    assert (r.numerateur, r.denominateur, r.non_renseignes) == (20, 100, 30)
    assert A.fr.pourcent(r.taux) == "20,0\u00a0%"  # the legal rate
    assert r.statut == "non atteint"
    assert A.fr.pourcent(r.taux_connus) == "28,6\u00a0%"  # 20 / 70, secondary
    assert r.phrase_non_renseignes() == "dont 30 au quartile inconnu, comptées au dénominateur"
    assert r.phrase_taux_connus() == "taux parmi les cas connus : 28,6\u00a0% (20 sur 70)"
    assert r.manque == 5  # ⌈25 % × 100⌉ − 20


def test_objectif_3_par_reservataire_bailleur_non_reserve(comptes):
    par = A.sommer(comptes[comptes["annee"] == 2024], ["reservataire"]).set_index("reservataire")
    attendu = {
        "État": (4, 4, 0),  # h1, h7, q1, q5 all priority
        "CU d'Arras": (1, 3, 0),  # h3 priority (refused but an attribution), h2, q2 not
        "Action Logement": (0, 3, 1),  # h6, q3 not; h5 unknown (in the denominator)
        "Bailleur (non réservé)": (0, 2, 0),  # the landlord for its non-reserved stock: h4, q4
    }
    for res, (num, den, nr) in attendu.items():
        r = A.resultat(3, par.loc[res])
        assert (r.numerateur, r.denominateur, r.non_renseignes) == (num, den, nr), res
    cu = A.resultat(3, par.loc["CU d'Arras"])
    assert cu.statut == "atteint"  # 1/3 ≥ 25 %
    bailleur = A.resultat(3, par.loc["Bailleur (non réservé)"])
    assert (bailleur.statut, bailleur.manque) == ("non atteint", 1)  # ⌈25 % × 2⌉ = 1
    assert bailleur.phrase_ecart() == "Il manquait 1 attribution pour atteindre 25\u00a0%."


def test_filtre_reservataire(chemin_attributions):
    c = _comptes(chemin_attributions, reservataire="État")
    r = A.resultat(3, _cua(c, 2024))
    assert (r.numerateur, r.denominateur) == (4, 4)
    assert set(c.loc[c["niveau"] == "reservataire", "reservataire"]) == {"État"}


def test_seuil_premier_quartile_derive_strictement_inferieur(comptes):
    r = A.resultat(1, _cua(comptes, 2023))
    # 8000 < 8500 -> Q1; 8500 (= threshold) is not; 9000, 10000, 10000 not; no resources -> unknown
    # (in the legal denominator).
    assert (r.numerateur, r.denominateur, r.non_renseignes) == (1, 6, 1)
    assert r.statut == "non atteint"
    assert r.manque == 1  # ⌈25 % × 6⌉ = 2, 1 reached
    assert r.phrase_ecart() == "Il manquait 1 attribution pour atteindre 25\u00a0%."


def test_annee_sans_attribution_et_geographie(comptes):
    assert A.annees_sans_attribution(comptes, 2022, 2024) == [2022]
    assert A.geographies(comptes) == {2023: 2015, 2024: 2024}


def test_evolution_une_ligne_par_annee_et_objectif(comptes):
    ev = A.evolution(comptes)
    assert len(ev) == 6
    o1_2023 = ev[(ev["annee"] == 2023) & (ev["objectif"] == 1)].iloc[0]
    assert (o1_2023["numerateur"], o1_2023["denominateur"], o1_2023["statut"]) == (1, 6, "non atteint")
    assert o1_2023["taux_connus"] == pytest.approx(1 / 5)
    # Objective 3's status is the per-réservataire verdict: in 2024 État 4/4, CU d'Arras 1/3,
    # Action Logement 0/3, Bailleur 0/2 -> 2 of 4; the all-réservataires rate (5 / 12 = 41,7 %)
    # alone would read « atteint ».
    o3_2024 = ev[(ev["annee"] == 2024) & (ev["objectif"] == 3)].iloc[0]
    assert (o3_2024["numerateur"], o3_2024["denominateur"]) == (5, 12)
    assert (o3_2024["statut"], o3_2024["precision"]) == ("non atteint", "2 réservataires sur 4 à 25 % ou plus")
    assert o3_2024["manque"] == 2


def test_ecart_calcule_en_fractions_exactes():
    r = A.Resultat(99, 400, Fraction(1, 4))
    assert (r.minimum, r.manque) == (100, 1)
    assert A.Resultat(100, 400, Fraction(1, 4)).atteint is True
    r = A.Resultat(0, 7, Fraction(1, 2))
    assert (r.minimum, r.manque) == (4, 4)
    assert r.phrase_ecart() == "Il manquait 4 attributions pour atteindre 50\u00a0%."
    vide = A.Resultat(0, 0, Fraction(1, 4))
    assert vide.taux is None and vide.statut == "sans objet"


def test_qpv_hors_qpv(comptes):
    t = A.qpv_hors_qpv(comptes, 2024).set_index("zone")
    # En QPV: 5 attributions; Q1 known on 4 (q1, q4 Q1); priority known on 5 (q1, q5).
    assert t.loc[
        "En QPV", ["attributions", "premier_quartile", "premier_quartile_den", "prioritaires", "prioritaires_den"]
    ].tolist() == [5, 2, 4, 2, 5]
    # Hors QPV: 7; Q1 known on h1,h2,h3,h4,h6 (5), Q1 = h1, h3; priority known on 6: h1, h3, h7.
    assert t.loc[
        "Hors QPV", ["attributions", "premier_quartile", "premier_quartile_den", "prioritaires", "prioritaires_den"]
    ].tolist() == [7, 2, 5, 3, 6]


def test_edition_du_seuil_rederive_et_refuse_les_saisies_invalides(chemin_attributions, tmp_path):
    chemin = tmp_path / "copie.duckdb"
    shutil.copyfile(chemin_attributions, chemin)
    avant = chemin.read_bytes()
    n, erreurs = A.saisir_seuils(chemin, pd.DataFrame({"annee": [2023, 2024], "seuil_euros_uc": ["-5", "abc"]}))
    assert n == 0 and len(erreurs) == 2
    assert (
        "impossible" in erreurs[0]
        and "entre 1\u202f000 et 100\u202f000" in erreurs[0]
        and "n'est pas un nombre" in erreurs[1]
    )
    assert chemin.read_bytes() == avant  # nothing saved
    n, erreurs = A.saisir_seuils(chemin, pd.DataFrame({"annee": [2023], "seuil_euros_uc": ["9 500,0"]}))
    assert (n, erreurs) == (1, [])
    r = A.resultat(1, _cua(_comptes(chemin), 2023))
    assert (r.numerateur, r.denominateur) == (3, 6)  # 8000, 8500 and 9000 are now under 9 500
    con = duckdb.connect(str(chemin), read_only=True)
    assert con.execute("SELECT seuil_euros_uc, demo FROM seuils_premier_quartile WHERE annee = 2023").fetchone() == (
        9500.0,
        False,
    )
    # The derived flag is never written back: the stored flags stay what the rows declared.
    assert con.execute(
        "SELECT count(*) FROM attributions WHERE annee = 2023 AND premier_quartile IS NOT NULL"
    ).fetchone() == (0,)
    con.close()


def test_un_seuil_edite_ne_remplace_jamais_un_drapeau_declare(chemin_attributions, tmp_path):
    chemin = tmp_path / "declare.duckdb"
    shutil.copyfile(chemin_attributions, chemin)
    con = duckdb.connect(str(chemin))
    # 2023: two more leases hors QPV whose file declared the flag AND gave resources: declared
    # « not Q1 » at 5 000 €/UC (under any threshold here), declared « Q1 » at 12 000 €/UC.
    con.execute("""INSERT INTO attributions (annee, code_insee, reservataire, geographie_qpv, en_qpv, premier_quartile,
                       ressources_uc, prioritaire, relogement_anru, bail_signe)
                   VALUES (2023, '62041', 'État', 2015, false, false, 5000, false, false, true),
                          (2023, '62041', 'État', 2015, false, true, 12000, false, false, true)""")
    derives.recalculer(con)
    con.close()
    # 8 500 €: derived Q1 = 8000 only; declared: the 12 000 one -> 2 / 8.
    assert (
        A.resultat(1, _cua(_comptes(chemin), 2023)).numerateur,
        A.resultat(1, _cua(_comptes(chemin), 2023)).denominateur,
    ) == (2, 8)
    assert A.saisir_seuils(chemin, pd.DataFrame({"annee": [2023], "seuil_euros_uc": ["9 500"]})) == (1, [])
    # 9 500 €: derived Q1 = 8000, 8500, 9000; declared flags unchanged (5 000 stays « not Q1 »).
    r = A.resultat(1, _cua(_comptes(chemin), 2023))
    assert (r.numerateur, r.denominateur) == (4, 8)
    con = duckdb.connect(str(chemin), read_only=True)
    assert con.execute(
        "SELECT ressources_uc, premier_quartile FROM attributions WHERE annee = 2023 "
        "AND premier_quartile IS NOT NULL ORDER BY 1"
    ).fetchall() == [(5000.0, False), (12000.0, True)]
    con.close()


def test_ex_zus_comptees_qpv_pour_l_objectif_1_de_2015_a_2020(tmp_path):
    chemin = tmp_path / "zus.duckdb"
    con = duckdb.connect(str(chemin))
    schema.appliquer(con)
    # Leases hors QPV, all 1st quartile except where noted:
    #   2019: ex_zus oui (leaves objective 1), ex_zus vide (counted hors QPV), ex_zus non (not Q1);
    #   2022: ex_zus oui (period over: counted hors QPV);
    #   2019 en QPV with ex_zus oui: objective 2 as usual, not in objective 1's counts.
    con.execute("""INSERT INTO attributions (annee, code_insee, reservataire, geographie_qpv, en_qpv, premier_quartile,
                       prioritaire, relogement_anru, bail_signe, ex_zus) VALUES
                   (2019, '62041', 'État', 2015, false, true,  false, false, true, true),
                   (2019, '62041', 'État', 2015, false, true,  false, false, true, NULL),
                   (2019, '62041', 'État', 2015, false, false, false, false, true, false),
                   (2022, '62041', 'État', 2015, false, true,  false, false, true, true),
                   (2019, '62041', 'État', 2015, true,  false, false, false, true, true)""")
    derives.recalculer(con)
    con.close()
    c = _comptes(chemin, debut=2019, fin=2022)
    t19, t22 = _cua(c, 2019), _cua(c, 2022)
    r = A.resultat(1, t19)
    assert (r.numerateur, r.denominateur) == (1, 2)
    assert (t19["o1_ex_zus"], t19["o1_ex_zus_nr"]) == (1, 1)
    assert (A.resultat(2, t19).numerateur, A.resultat(2, t19).denominateur) == (1, 1)
    assert (A.resultat(1, t22).numerateur, A.resultat(1, t22).denominateur) == (1, 1)
    assert A.phrases_ex_zus(t22, 2022) == []
    assert A.phrases_ex_zus(t19, 2019) == [
        "1 attribution en ancienne ZUS, comptée comme en QPV : hors du champ de l'objectif 1 (2015-2020, loi ELAN).",
        "1 attribution hors QPV suivie d'un bail sans indication ex-ZUS (colonne « ex_zus » vide ou absente) : "
        "comptée hors QPV, au dénominateur de l'objectif 1.",
    ]


def test_statut_ensemble_de_la_selection_objectif_3_par_reservataire(comptes):
    tm = A.tableau_objectifs(comptes, 2024, ["code_insee", "commune"], seuil=0)
    # All réservataires: 5 / 12 = 41,7 % ≥ 25 %, but Action Logement (0/3) and the landlord (0/2) miss it.
    assert (tm.total.iloc[0]["o3_num"], tm.total.iloc[0]["o3_den"]) == (5, 12)
    assert tm.total.iloc[0]["o3_statut"] == "non atteint"
    texte = A.mettre_en_forme(tm, [("commune", "Commune", "texte")], A.colonnes_objectif(3, indicatif=True))
    total = texte.iloc[-1]
    assert total["Commune"] == "Ensemble de la sélection"
    assert total["Obj. 3 : statut"] == "✘ non atteint (2 réservataires sur 4 à 25 % ou plus)"
    # Gap: Action Logement ⌈0,75⌉ − 0 = 1, landlord ⌈0,5⌉ − 0 = 1 (the all-réservataires rate has none).
    assert total["Obj. 3 : attributions manquantes"] == "2"
    assert "Obj. 3 : taux indicatif, tous réservataires (cible 25\u00a0% par réservataire)" in texte.columns


# ---------------------------------------------------------------- secret statistique


def _comptes_synthetiques():
    zero = {c: 0 for c in ["o2_num", "o2_den", "o2_nr", "o3_num", "o3_den", "o3_nr", "o1_nr"]}
    lignes = [
        {"annee": 2024, "code_insee": "1", "commune": "X", "o1_num": 30, "o1_den": 100, **zero},
        {"annee": 2024, "code_insee": "2", "commune": "Y", "o1_num": 5, "o1_den": 40, **zero},
        {"annee": 2024, "code_insee": "3", "commune": "Z", "o1_num": 12, "o1_den": 50, **zero},
    ]
    df = pd.DataFrame(lignes)
    df["bailleur"], df["reservataire"], df["geographie_qpv"] = "A", "État", 2024
    return df


def test_secret_primaire_et_secondaire_sur_les_objectifs(monkeypatch):
    monkeypatch.delenv(secret.VARIABLE_SEUIL, raising=False)
    tm = A.tableau_objectifs(_comptes_synthetiques(), 2024, ["code_insee", "commune"], objectifs=[1])
    m = tm.masque.set_index(tm.valeurs["commune"])
    # Y (5 < 11) hidden; the selection total (47) is shown, so a second cell is hidden in the
    # column: the smallest other non-zero, Z (12). Their rates and gaps go with them.
    assert m["o1_num"].tolist() == [False, True, True]
    assert m["o1_taux"].tolist() == [False, True, True]
    assert m["o1_manque"].tolist() == [False, True, True]
    # The rate is one cell: its denominator goes with its numerator (den − num would give the others).
    assert m["o1_den"].tolist() == [False, True, True]
    assert (tm.total.iloc[0]["o1_num"], tm.total.iloc[0]["o1_den"]) == (47, 190)
    texte = A.mettre_en_forme(tm, [("commune", "Commune", "texte")], A.colonnes_objectif(1))
    y = texte[texte["Commune"] == "Y"].iloc[0]
    assert y["Obj. 1 : numérateur"] == "secret statistique"
    assert y["Obj. 1 : taux (cible 25\u00a0%)"] == "secret statistique"
    assert texte.iloc[-1]["Commune"] == "Ensemble de la sélection"
    # Y's hidden 5 cannot come back: total 47 minus the shown cells leaves 5 + 12 unknown.
    visibles = [int(v) for v, cache in zip(tm.valeurs["o1_num"], tm.masque["o1_num"]) if not cache]
    assert 47 - sum(visibles) == 17


def test_seuil_configurable(monkeypatch):
    monkeypatch.setenv(secret.VARIABLE_SEUIL, "3")
    tm = A.tableau_objectifs(_comptes_synthetiques(), 2024, ["code_insee", "commune"], objectifs=[1])
    assert not tm.masque.to_numpy().any()


def test_sommer_prend_un_seul_niveau():
    # Two levels of the same year: summing by year must count each attribution once.
    comptes = pd.DataFrame(
        {
            "niveau": ["commune", "commune", "bailleur", "reservataire", "reservataire"],
            "annee": 2024,
            "code_insee": ["62041", "62004", None, None, None],
            "commune": ["Arras", "Achicourt", None, None, None],
            "bailleur": [None, None, "Alpha", None, None],
            "reservataire": [None, None, None, "État", "Communes"],
            "attributions": [7, 3, 10, 4, 6],
        }
    )
    assert A.sommer(comptes, ["annee"])["attributions"].tolist() == [10]
    assert A.sommer(comptes, ["code_insee", "commune"])["attributions"].tolist() == [3, 7]
    assert A.sommer(comptes, ["bailleur"])["attributions"].tolist() == [10]
    with pytest.raises(ValueError):
        A.niveau_pour(["code_insee", "bailleur"])


def test_mettre_en_forme_colonne_par_colonne_et_memorisee():
    # Two communes, objective 1; Y's numerator hidden. Screen: French text; workbook: numbers.
    valeurs = pd.DataFrame(
        {
            "commune": ["X", "Y"],
            "code_insee": ["1", "2"],
            "o1_num": [1234.0, 5.0],
            "o1_taux": [0.3, None],
        }
    )
    masque = pd.DataFrame({"o1_num": [False, True], "o1_taux": [False, True]})
    total = pd.DataFrame({"o1_num": [1239.0], "o1_taux": [0.25]})
    tm = A.TableauMasque(valeurs, masque, total)
    cles = [("commune", "Commune", "texte"), ("code_insee", "Code INSEE", "texte")]
    colonnes = [("o1_num", "Num.", "nombre"), ("o1_taux", "Taux", "pourcent")]
    texte = A.mettre_en_forme(tm, cles, colonnes)
    assert texte.values.tolist() == [
        ["X", "1", "1\u202f234", "30,0\u00a0%"],
        ["Y", "2", "secret statistique", "secret statistique"],
        ["Ensemble de la sélection", "", "1\u202f239", "25,0\u00a0%"],
    ]
    brut = A.mettre_en_forme(tm, cles, colonnes, texte=False)
    assert brut["Num."].tolist() == [1234, "secret statistique", 1239]
    assert type(brut["Num."].iloc[0]) is int
    # The same table with Y shown: another key, Y's figures back (5, and a missing rate « – »).
    visible = A.TableauMasque(valeurs, masque.assign(o1_num=False, o1_taux=False), total)
    assert A.mettre_en_forme(visible, cles, colonnes).iloc[1].tolist() == ["Y", "2", "5", "–"]
    ecran, export = A.mettre_en_forme_ecran_et_export(tm, cles, colonnes)
    pd.testing.assert_frame_equal(ecran, texte)
    pd.testing.assert_frame_equal(export, brut)
