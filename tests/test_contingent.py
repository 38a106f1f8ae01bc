"""Contingent communautaire (gestion en flux): the annex 2 example figure for figure, rounding,
input validation (nothing saved on bad input), realised vs objective, contribution solidaire and
the CIL bilan by commune with its suppression."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from observatoire import attributions as A
from observatoire import contingent as C
from observatoire import db
from observatoire.chemins import SCHEMA


def test_exemple_annexe_2_chiffre_pour_chiffre():
    # Seed 002, annex 2, OPH Pas-de-Calais habitat 2024:
    # 677 − (180 + 10 + 5 + 1) = 481 → préfectoral 144 (30 %) → EPCI 96 (20 %).
    f = C.calculer(**{k: v for k, v in C.EXEMPLE_ANNEXE_2.items() if k in C.ENTREES})
    assert (f.exclusions, f.assiette, f.contingent_prefectoral, f.contingent_epci) == (196, 481, 144, 96)
    t = C.tableau_flux(pd.DataFrame([C.EXEMPLE_ANNEXE_2]))
    assert t.loc[0, ["assiette", "contingent_prefectoral", "contingent_epci"]].tolist() == [481, 144, 96]
    assert C.phrase_calcul(C.EXEMPLE_ANNEXE_2) == (
        "677 − (180 + 10 + 5 + 1) = 481 → contingent préfectoral 144 (30 %) → contingent EPCI 96 (20 %)"
    )


def test_premieres_mises_en_location_pour_info_seulement():
    sans = C.calculer(677, 180, 10, 5, 1, premieres_mises_en_location=0)
    avec = C.calculer(677, 180, 10, 5, 1, premieres_mises_en_location=50)
    assert sans == avec


def test_arrondi_a_l_entier_inferieur():
    # assiette 9: 30 % = 2,7 → 2 ; 20 % = 1,8 → 1 (rounding to nearest would give 3 and 2).
    f = C.calculer(10, 1, 0, 0, 0)
    assert (f.assiette, f.contingent_prefectoral, f.contingent_epci) == (9, 2, 1)
    # assiette 15: 20 % = 3 exactly (no floating-point 2,9999…).
    assert C.calculer(15, 0, 0, 0, 0).contingent_epci == 3


def _saisie(**modifs):
    ligne = {"annee": "2026", "bailleur": "Habitat Alpha (fictif)", "mises_en_location": "100",
             "premieres_mises_en_location": "5", "mutations_internes": "20", "relogements_npnru_internes": "0",
             "relogements_lhi": "0", "relogements_ventes": "0"}
    ligne.update(modifs)
    return pd.DataFrame([ligne])


def test_validation_messages_en_francais():
    _, e = C.valider_flux(_saisie(mutations_internes="-3"))
    assert e == ["Ligne 1 (Habitat Alpha (fictif)) : « Mutations internes hors NPNRU (2) » ne peut pas être négatif (reçu -3)."]
    _, e = C.valider_flux(_saisie(mises_en_location="beaucoup"))
    assert e == ["Ligne 1 (Habitat Alpha (fictif)) : « Mises en location (1) » doit être un nombre entier (reçu « beaucoup »)."]
    _, e = C.valider_flux(_saisie(mises_en_location="12,5"))
    assert "nombre entier" in e[0]
    _, e = C.valider_flux(_saisie(mutations_internes="120"))
    assert "l'assiette serait négative" in e[0]
    _, e = C.valider_flux(_saisie(bailleur=""))
    assert "le bailleur est vide" in e[0]
    propres, e = C.valider_flux(_saisie(mises_en_location="1 000"))
    assert e == [] and propres.loc[0, "mises_en_location"] == 1000
    _, e = C.valider_flux(_saisie().drop(columns=["relogements_lhi"]))
    assert e == ["Colonnes manquantes : Relogements LHI (4)."]


@pytest.fixture()
def base_flux(tmp_path):
    chemin = tmp_path / "flux.duckdb"
    con = duckdb.connect(str(chemin))
    con.execute(SCHEMA.read_text(encoding="utf-8"))
    con.execute("INSERT INTO contingent_flux VALUES (2026, 'Habitat Alpha (fictif)', 50, 0, 10, 0, 0, 0, true)")
    con.close()
    return chemin


def _flux(chemin):
    con = duckdb.connect(str(chemin), read_only=True)
    try:
        return db.requete(con, "contingent_flux", annee_debut=2020, annee_fin=2030, bailleurs=None)
    finally:
        con.close()


def test_saisie_invalide_rien_n_est_enregistre(base_flux):
    avant = base_flux.read_bytes()
    mauvais = pd.concat([_saisie(), _saisie(bailleur="Logis Bêta (fictif)", relogements_lhi="-1")])
    n, erreurs = C.saisir_flux(base_flux, mauvais)
    assert n == 0 and len(erreurs) == 1
    assert base_flux.read_bytes() == avant
    assert _flux(base_flux)["mises_en_location"].tolist() == [50]


def test_saisie_valide_remplace_la_ligne_du_bailleur(base_flux):
    n, erreurs = C.saisir_flux(base_flux, pd.concat([_saisie(), _saisie(bailleur="Logis Bêta (fictif)")]))
    assert (n, erreurs) == (2, [])
    f = _flux(base_flux)
    assert f["bailleur"].tolist() == ["Habitat Alpha (fictif)", "Logis Bêta (fictif)"]
    assert f["mises_en_location"].tolist() == [100, 100]
    assert not f["demo"].any()
    # 100 − 20 = 80 → 20 % = 16
    assert C.tableau_flux(f)["contingent_epci"].tolist() == [16, 16]


def test_fichier_televerse_point_virgule_et_bom():
    contenu = ("\ufeffannee;bailleur;mises_en_location;premieres_mises_en_location;mutations_internes;"
               "relogements_npnru_internes;relogements_lhi;relogements_ventes\n"
               "2024;OPH;677;0;180;10;5;1\n").encode("utf-8")
    df = C.lire_fichier_flux(contenu)
    propres, e = C.valider_flux(df)
    assert e == []
    assert C.tableau_flux(propres)["contingent_epci"].tolist() == [96]


def test_realise_contre_objectif():
    objectifs = pd.DataFrame({"bailleur": ["A", "B"], "contingent_epci": [96, 10]})
    realises = pd.DataFrame({"bailleur": ["A", "C"], "contingent": [80, 4]})
    t = C.realise_contre_objectif(objectifs, realises).set_index("bailleur")
    assert t.loc["A", "ecart"] == -16 and t.loc["A", "taux_realisation"] == pytest.approx(80 / 96)
    assert t.loc["B", "contingent"] == 0  # no attribution on the contingent: 0 realised
    assert pd.isna(t.loc["C", "contingent_epci"])  # no input: no objective, never 0


def test_contribution_solidaire_un_quart_arrondi_au_dessus():
    cs = C.ContributionSolidaire(base=7, menages=1)
    assert (cs.minimum, cs.manque) == (2, 1)  # ⌈7 / 4⌉ = 2
    assert C.ContributionSolidaire(8, 2).manque == 0


def test_bilan_cil_par_commune_avec_secret():
    zero = {c: 0 for c in ["o1_num", "o1_den", "o1_nr", "o2_num", "o2_den", "o2_nr", "o3_num", "o3_den", "o3_nr"]}
    comptes = pd.DataFrame([
        {"annee": 2024, "code_insee": "1", "commune": "X", "contingent": 40, "refus": 30, "contingent_refus": 12, "cs_den": 200, "cs_num": 60, **zero},
        {"annee": 2024, "code_insee": "2", "commune": "Y", "contingent": 3, "refus": 15, "contingent_refus": 0, "cs_den": 30, "cs_num": 6, **zero},
        {"annee": 2024, "code_insee": "3", "commune": "Z", "contingent": 25, "refus": 20, "contingent_refus": 14, "cs_den": 80, "cs_num": 25, **zero},
    ])
    comptes["bailleur"], comptes["reservataire"], comptes["geographie_qpv"] = "A", "CU d'Arras", 2024
    tm = C.tableau_bilan_communes(comptes, 2024, seuil=11)
    m = tm.masque.set_index(tm.valeurs["commune"])
    assert m["contingent"].tolist() == [False, True, True]  # Y 3 (primary) + Z 25 (secondary)
    assert m["contingent_refus"].tolist() == [False, False, False]  # 0 shown, 12 and 14 ≥ 11
    assert m["cs_num"].tolist() == [False, True, True]  # Y 6 + Z 25
    assert m["cs_manque"].tolist() == [False, True, True]
    assert not m["cs_den"].any() and not m["cs_min"].any()
    t = tm.total.iloc[0]
    assert (t["contingent"], t["refus"], t["cs_den"], t["cs_num"], t["cs_min"], t["cs_manque"]) == (68, 65, 310, 91, 78, 0)
    x = tm.valeurs.set_index("commune").loc["X"]
    assert (x["cs_min"], x["cs_manque"]) == (50, 0)
    assert tm.valeurs.set_index("commune").loc["Y", "cs_min"] == 8  # ⌈30 / 4⌉
