"""Contingent communautaire (gestion en flux): the annex 2 example figure for figure, rounding,
input validation (nothing saved on bad input), realised vs objective, contribution solidaire and
the CIL bilan by commune with its suppression."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from observatoire.base import db, schema
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import contingent as C
from observatoire.secret import suppression as secret


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
    ligne = {
        "annee": "2026",
        "bailleur": "Habitat Alpha (fictif)",
        "mises_en_location": "100",
        "premieres_mises_en_location": "5",
        "mutations_internes": "20",
        "relogements_npnru_internes": "0",
        "relogements_lhi": "0",
        "relogements_ventes": "0",
    }
    ligne.update(modifs)
    return pd.DataFrame([ligne])


def test_validation_messages_en_francais():
    _, e = C.valider_flux(_saisie(mutations_internes="-3"))
    assert e == [
        "Ligne 1 (Habitat Alpha (fictif)) : « Mutations internes hors NPNRU (2) » ne peut pas être négatif (reçu -3)."
    ]
    _, e = C.valider_flux(_saisie(mises_en_location="beaucoup"))
    assert e == [
        "Ligne 1 (Habitat Alpha (fictif)) : « Mises en location (1) » doit être un nombre entier (reçu « beaucoup »)."
    ]
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
    schema.appliquer(con)
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
    contenu = (
        "\ufeffannee;bailleur;mises_en_location;premieres_mises_en_location;mutations_internes;"
        "relogements_npnru_internes;relogements_lhi;relogements_ventes\n"
        "2024;OPH;677;0;180;10;5;1\n"
    ).encode("utf-8")
    df = C.lire_fichier_flux(contenu)
    propres, e = C.valider_flux(df)
    assert e == []
    assert C.tableau_flux(propres)["contingent_epci"].tolist() == [96]


def test_realise_contre_objectif():
    objectifs = pd.DataFrame({"bailleur": ["A", "B"], "contingent_epci": [96, 10]})
    realises = pd.DataFrame({"bailleur": ["A", "C"], "contingent_realise": [80, 4]})
    t = C.realise_contre_objectif(objectifs, realises).set_index("bailleur")
    assert t.loc["A", "ecart"] == -16 and t.loc["A", "taux_realisation"] == pytest.approx(80 / 96)
    assert t.loc["B", "contingent_realise"] == 0  # no attribution on the contingent: 0 realised
    assert pd.isna(t.loc["C", "contingent_epci"])  # no input: no objective, never 0


def test_contribution_solidaire_un_quart_arrondi_au_dessus():
    cs = C.ContributionSolidaire(base=7, menages=1)
    assert (cs.minimum, cs.manque) == (2, 1)  # ⌈7 / 4⌉ = 2
    assert C.ContributionSolidaire(8, 2).manque == 0


def _comptes_bilan():
    zero = {c: 0 for c in ["o1_num", "o1_den", "o1_nr", "o2_num", "o2_den", "o2_nr", "o3_num", "o3_den", "o3_nr"]}
    cols = [
        "contingent_entite",
        "contingent_entite_refus",
        "contingent_realise",
        "refus",
        "cs_epci_den",
        "cs_epci_num",
        "cs_epci_nr",
        "cs_den",
        "cs_num",
        "cs_nr",
    ]
    lignes = [
        ("1", "X", 40, 12, 26, 30, 40, 12, 0, 200, 60, 0),
        ("2", "Y", 3, 0, 3, 15, 3, 1, 0, 30, 6, 1),
        ("3", "Z", 25, 14, 11, 20, 25, 6, 0, 80, 25, 0),
    ]
    comptes = pd.DataFrame(
        [{"annee": 2024, "code_insee": c, "commune": n, **dict(zip(cols, v)), **zero} for c, n, *v in lignes]
    )
    comptes["bailleur"], comptes["reservataire"], comptes["geographie_qpv"] = "A", "CU d'Arras", 2024
    return comptes


def test_bilan_cil_par_commune_avec_secret():
    tm = C.tableau_bilan_communes(_comptes_bilan(), 2024, seuil=11, lecture=C.LECTURE_EPCI, close=True)
    m = tm.masque.set_index(tm.valeurs["commune"])
    assert m["contingent_entite"].tolist() == [False, True, True]  # Y 3 (primary) + Z 25 (secondary)
    # Refusals among the contingent form a rate with it: hidden with it (Y's 3 would be its base).
    assert m["contingent_entite_refus"].tolist() == [False, True, True]
    assert m["contingent_realise"].tolist() == [False, True, True]  # Y 3 + Z 11 (secondary)
    assert m["cs_menages"].tolist() == [False, True, True]  # Y 1, Z 6
    # A rate is one cell: its base goes with its numerator (Y's base 3 − 1 = 2 others would show).
    assert m["cs_base"].tolist() == [False, True, True]
    assert m["cs_manque"].tolist() == m["cs_statut"].tolist() == [False, True, True]
    assert m["cs_autre_menages"].tolist() == m["cs_autre_base"].tolist() == [False, True, True]  # Y 6 / 30: Z secondary
    assert not m["refus"].any()
    t = tm.total.iloc[0]
    # Reading EPCI: 12 + 1 + 6 = 19 households for a base of 40 + 3 + 25 = 68, minimum ⌈68 / 4⌉ = 17.
    assert (t["contingent_entite"], t["contingent_realise"], t["refus"]) == (68, 40, 65)
    assert (t["cs_base"], t["cs_menages"], t["cs_min"], t["cs_manque"], t["cs_statut"]) == (68, 19, 17, 0, "atteint")
    assert (t["cs_autre_base"], t["cs_autre_menages"]) == (310, 91)
    x = tm.valeurs.set_index("commune").loc["X"]
    assert (x["cs_min"], x["cs_manque"], x["cs_statut"]) == (10, 0, "atteint")  # ⌈40 / 4⌉ = 10 ≤ 12


def test_bilan_cil_autre_lecture():
    tm = C.tableau_bilan_communes(_comptes_bilan(), 2024, seuil=11, lecture=C.LECTURE_HORS_PREFECTORAL, close=True)
    t = tm.total.iloc[0]
    # Reading « hors préfectoral »: 60 + 6 + 25 = 91 for 200 + 30 + 80 = 310, minimum ⌈310 / 4⌉ = 78.
    assert (t["cs_base"], t["cs_menages"], t["cs_min"], t["cs_manque"]) == (310, 91, 78, 0)
    assert (t["cs_autre_base"], t["cs_autre_menages"]) == (68, 19)
    x = tm.valeurs.set_index("commune").loc["X"]
    assert (x["cs_min"], x["cs_manque"]) == (50, 0)  # ⌈200 / 4⌉
    libelles = [lab for _, lab, _ in C.colonnes_bilan(C.LECTURE_HORS_PREFECTORAL)]
    assert "Autre lecture (attributions des logements réservés par l'EPCI) : ménages prioritaires" in libelles


def test_totaux_article_11_avec_statuts(base_flux_realise):
    import datetime as dt

    t = A.sommer(_comptes_2025(base_flux_realise), ["annee"]).iloc[0]
    lignes = C.totaux_article_11(t, 16, 11, 2025, C.LECTURE_EPCI, aujourd_hui=dt.date(2026, 11, 28))
    a, b, c = lignes
    assert (a.valeur, a.statut) == (14, "non atteint")
    assert a.phrase.startswith(
        "Flux réalisé 2025 : 11 attributions suivies d'un bail signé pour un flux dû de 16 "
        "(20 % de l'assiette) : ✘ non atteint, il manque 5 attributions."
    )
    assert (b.valeur, b.statut) == (3, "sans cible chiffrée")
    assert b.phrase.startswith("3 refus sur 14 attributions du contingent (21,4\u00a0%)")
    assert (c.valeur, c.reference, c.statut) == (4, "minimum 4", "atteint")
    assert "Lecture retenue : un quart des attributions annuelles des logements réservés par l'EPCI" in c.phrase
    assert (
        "Selon l'autre lecture (toutes les attributions hors contingent préfectoral) : 4 sur 17, minimum 5, ✘ non atteint."
        in c.phrase
    )
    # The same year while it runs (1 July 2025: 181 days of 365 → pace 16 × 181/365 = 7,9): 11 is ahead.
    a = C.totaux_article_11(t, 16, 11, 2025, C.LECTURE_EPCI, aujourd_hui=dt.date(2025, 7, 1))[0]
    assert a.statut == "en avance" and "rythme attendu à ce jour : 7,9" in a.phrase


# ---------------------------------------------------------------- reading 6: realised flux (issue 12)

# 2025, landlord « H » (fictif): 10 attributions flagged contingent communautaire (réservataire CU
# d'Arras), of which 3 refused (no lease); 4 on a communal contingent (réservataire « Communes »,
# flag false as in the demo), lease signed; 6 others (État 4, Action Logement 2), lease signed.
# Priority publics: CU 7 leased → 2 prioritaires, 3 refused → 1 prioritaire; Communes 4 → 1;
# État 4 → 3; Action Logement 2 → 0, plus 1 Action Logement with priority unknown.
LIGNES_FLUX_REALISE = """
INSERT INTO communes VALUES
  ('62041', 'Arras', 41019, '200033579', 'CU d''Arras', 2.76, 50.29, NULL),
  ('62004', 'Achicourt', 7799, '200033579', 'CU d''Arras', 2.76, 50.27, NULL);
INSERT INTO attributions (annee, code_insee, bailleur, reservataire, en_qpv, prioritaire, bail_signe, refus,
                          contingent_communautaire) VALUES
  (2025, '62041', 'H', 'CU d''Arras', false, true,  true,  false, true),
  (2025, '62041', 'H', 'CU d''Arras', false, true,  true,  false, true),
  (2025, '62041', 'H', 'CU d''Arras', false, false, true,  false, true),
  (2025, '62041', 'H', 'CU d''Arras', false, false, true,  false, true),
  (2025, '62004', 'H', 'CU d''Arras', false, false, true,  false, true),
  (2025, '62004', 'H', 'CU d''Arras', false, false, true,  false, true),
  (2025, '62004', 'H', 'CU d''Arras', false, false, true,  false, true),
  (2025, '62041', 'H', 'CU d''Arras', false, true,  false, true,  true),
  (2025, '62041', 'H', 'CU d''Arras', false, false, false, true,  true),
  (2025, '62004', 'H', 'CU d''Arras', false, false, false, true,  true),
  (2025, '62041', 'H', 'Communes',    false, true,  true,  false, false),
  (2025, '62041', 'H', 'Communes',    false, false, true,  false, false),
  (2025, '62004', 'H', 'Communes',    false, false, true,  false, false),
  (2025, '62004', 'H', 'Communes',    false, false, true,  false, false),
  (2025, '62041', 'H', 'État',        false, true,  true,  false, false),
  (2025, '62041', 'H', 'État',        false, true,  true,  false, false),
  (2025, '62004', 'H', 'État',        false, true,  true,  false, false),
  (2025, '62004', 'H', 'État',        false, false, true,  false, false),
  (2025, '62041', 'H', 'Action Logement', false, false, true, false, false),
  (2025, '62041', 'H', 'Action Logement', false, false, true, false, false),
  (2025, '62004', 'H', 'Action Logement', false, NULL,  true, false, false);
INSERT INTO contingent_flux VALUES (2025, 'H', 100, 0, 20, 0, 0, 0, false);
"""


@pytest.fixture(scope="module")
def base_flux_realise(tmp_path_factory):
    from observatoire.base import derives

    chemin = tmp_path_factory.mktemp("flux_realise") / "flux.duckdb"
    con = duckdb.connect(str(chemin))
    schema.appliquer(con)
    con.execute(LIGNES_FLUX_REALISE)
    derives.recalculer(con)
    con.close()
    return chemin


def _comptes_2025(chemin):
    con = duckdb.connect(str(chemin), read_only=True)
    try:
        return db.requete(
            con,
            "attributions_comptes",
            annee_debut=2025,
            annee_fin=2025,
            communes=None,
            bailleurs=None,
            reservataire=None,
            reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
        )
    finally:
        con.close()


def test_flux_realise_baux_signes_communautaire_et_communal(base_flux_realise):
    comptes = _comptes_2025(base_flux_realise)
    t = A.sommer(comptes, ["annee"]).iloc[0]
    # 10 contingent communautaire − 3 refused (no lease) + 4 communal with a lease = 11 (today: 10).
    assert t["contingent_realise"] == 11
    assert t["contingent_entite"] == 14  # every attribution of the single entity (art. 11 bilan)
    assert t["contingent_entite_refus"] == 3
    par_commune = A.sommer(comptes, ["code_insee", "commune"]).set_index("commune")["contingent_realise"]
    assert par_commune.to_dict() == {"Achicourt": 5, "Arras": 6}  # 3 + 2 ; 4 + 2


def test_flux_realise_contre_flux_du(base_flux_realise):
    import datetime as dt

    comptes = _comptes_2025(base_flux_realise)
    flux = C.tableau_flux(
        pd.DataFrame(
            [
                {
                    "annee": 2025,
                    "bailleur": "H",
                    "mises_en_location": 100,
                    "premieres_mises_en_location": 0,
                    "mutations_internes": 20,
                    "relogements_npnru_internes": 0,
                    "relogements_lhi": 0,
                    "relogements_ventes": 0,
                }
            ]
        )
    )
    # Due: 20 % × (100 − 20) = 16. Realised 11 → gap −5, 68,75 %, a closed year: « non atteint ».
    t = C.realise_contre_objectif(
        flux, A.sommer(comptes, ["bailleur"]), annee=2025, aujourd_hui=dt.date(2026, 11, 28)
    ).set_index("bailleur")
    assert (t.loc["H", "contingent_epci"], t.loc["H", "contingent_realise"], t.loc["H", "ecart"]) == (16, 11, -5)
    assert t.loc["H", "taux_realisation"] == pytest.approx(11 / 16)
    assert t.loc["H", "statut"] == "non atteint"


def test_statut_du_contingent_annee_close_et_en_cours():
    import datetime as dt

    assert C.statut_contingent(96, 96, annee=2025, aujourd_hui=dt.date(2026, 11, 28)) == "atteint"
    assert C.statut_contingent(95, 96, annee=2025, aujourd_hui=dt.date(2026, 11, 28)) == "non atteint"
    # 2026 still running on 1 July (day 182 of 365): pace = 96 × 181/365 = 47,6 (days elapsed).
    assert C.statut_contingent(48, 96, annee=2026, aujourd_hui=dt.date(2026, 7, 1)) == "en avance"
    assert C.statut_contingent(47, 96, annee=2026, aujourd_hui=dt.date(2026, 7, 1)) == "en retard"
    assert C.statut_contingent(11, None, annee=2025, aujourd_hui=dt.date(2026, 11, 28)) == "donnée manquante"


# ---------------------------------------------------------------- reading 7: contribution solidaire, two readings


def test_contribution_solidaire_deux_lectures(base_flux_realise):
    t = A.sommer(_comptes_2025(base_flux_realise), ["annee"]).iloc[0]
    # (a) attributions of the dwellings reserved by the EPCI (contingent communautaire + communal):
    #     14 attributions, of which 4 prioritaires (2 + 1 refused + 1 communal); ⌈14 / 4⌉ = 4 → atteint.
    a = C.contribution_solidaire(t, C.LECTURE_EPCI)
    assert (a.base, a.menages, a.minimum, a.manque, a.non_renseignes) == (14, 4, 4, 0, 0)
    # (b) every attribution minus the préfectoral share: 21 − 4 (État) = 17 (the one unknown priority
    #     stays in the base, as for objective 3, and is counted apart); 4 prioritaires; ⌈17 / 4⌉ = 5
    #     → 1 missing, « non atteint ». Today's code only had this reading.
    b = C.contribution_solidaire(t, C.LECTURE_HORS_PREFECTORAL)
    assert (b.base, b.menages, b.minimum, b.manque, b.non_renseignes) == (17, 4, 5, 1, 1)
    assert C.statut_contribution(a, close=True) == "atteint"
    assert C.statut_contribution(b, close=True) == "non atteint"
    assert C.statut_contribution(C.ContributionSolidaire(14, 3), close=True) == "non atteint"
    assert C.statut_contribution(C.ContributionSolidaire(14, 3), close=False) == "en retard"


def test_reglage_de_la_lecture_enregistre_dans_la_base(base_flux, tmp_path):
    def lire(chemin):
        con = duckdb.connect(str(chemin), read_only=True)
        try:
            return C.lecture_reglee(db.requete(con, "reglages"))
        finally:
            con.close()

    assert lire(base_flux) == C.LECTURE_EPCI  # nothing stored: the default, reading (a)
    assert C.enregistrer_lecture(base_flux, C.LECTURE_HORS_PREFECTORAL) == C.LECTURE_HORS_PREFECTORAL
    assert lire(base_flux) == C.LECTURE_HORS_PREFECTORAL
    C.enregistrer_lecture(base_flux, C.LECTURE_EPCI)  # replaced, not duplicated
    assert lire(base_flux) == C.LECTURE_EPCI
    avant = base_flux.read_bytes()
    with pytest.raises(ValueError):
        C.enregistrer_lecture(base_flux, "moitié")
    assert base_flux.read_bytes() == avant


# ---------------------------------------------------------------- secret statistique across views (issue 13)


def _comptes_grille(lignes, annee=2024):
    """attributions_comptes rows at commune level from (code, name, entite, refus_c, realise, refus, cs_epci_den,
    cs_epci_num, cs_den, cs_num, o1_num, o1_den) tuples; the other counts 0 (o3 = 30 / 60 everywhere)."""
    cols = [
        "contingent_entite",
        "contingent_entite_refus",
        "contingent_realise",
        "refus",
        "cs_epci_den",
        "cs_epci_num",
        "cs_den",
        "cs_num",
        "o1_num",
        "o1_den",
    ]
    zero = {
        c: 0
        for c in [
            "cs_epci_nr",
            "cs_nr",
            "o1_nr",
            "o2_num",
            "o2_den",
            "o2_nr",
            "o3_nr",
            "contingent_nr",
            "contingent_realise_nr",
            "refus_nr",
        ]
    }
    comptes = pd.DataFrame(
        [
            {
                "niveau": "commune",
                "annee": annee,
                "code_insee": c,
                "commune": n,
                **zero,
                **dict(zip(cols, v)),
                "o3_num": 30,
                "o3_den": 60,
            }
            for c, n, *v in lignes
        ]
    )
    comptes["bailleur"], comptes["reservataire"], comptes["geographie_qpv"] = None, None, 2024
    par_an = comptes.drop(columns=["code_insee", "commune"]).groupby(["annee"], as_index=False).sum(numeric_only=True)
    par_an["niveau"], par_an["reservataire"], par_an["bailleur"], par_an["geographie_qpv"] = (
        "reservataire",
        "CU d'Arras",
        None,
        2024,
    )
    par_an["code_insee"] = par_an["commune"] = None
    return pd.concat([comptes, par_an], ignore_index=True)


def _selection(comptes, codes):
    """What attributions_comptes returns with a commune filter: those communes, and the levels above summed on them."""
    communes = comptes[comptes["code_insee"].isin(codes)]
    haut = communes.drop(columns=["code_insee", "commune"]).groupby("annee", as_index=False).sum(numeric_only=True)
    haut["niveau"], haut["reservataire"], haut["bailleur"], haut["geographie_qpv"] = (
        "reservataire",
        "CU d'Arras",
        None,
        2024,
    )
    haut["code_insee"] = haut["commune"] = None
    return pd.concat([communes, haut], ignore_index=True)


def test_base_de_la_contribution_epci_et_contingent_masques_ensemble():
    # The base of the contribution solidaire (reading « EPCI ») counts the attributions on the
    # contingent, as contingent_entite: Y's 3 priority households hide its base (15), and today
    # its contingent 15 stayed shown — the same count, so the hidden base came back.
    comptes = _comptes_grille(
        [
            ("1", "X", 40, 12, 28, 30, 40, 20, 100, 40, 30, 100),
            ("2", "Y", 15, 0, 15, 20, 15, 3, 50, 20, 30, 100),
            ("3", "Z", 30, 11, 19, 25, 30, 12, 80, 30, 30, 100),
        ]
    )
    for lecture, base in ((C.LECTURE_EPCI, "cs_base"), (C.LECTURE_HORS_PREFECTORAL, "cs_autre_base")):
        tm = C.tableau_bilan_communes(comptes, 2024, seuil=11, lecture=lecture, close=True)
        m = tm.masque.set_index(tm.valeurs["commune"])
        assert m[base].tolist() == m["contingent_entite"].tolist(), lecture
        assert m.loc["Y", "contingent_entite"]  # 15, hidden with the base (today: shown)
        # The column then has a second hidden cell: the smallest other one, Z's 30 (with its refusals).
        assert m["contingent_entite"].tolist() == [False, True, True]
        assert m["contingent_entite_refus"].tolist() == [False, True, True]


def test_commune_masquee_dans_les_objectifs_masquee_dans_le_bilan():
    # W: objective 1 is 3 / 50 (hidden: 3 < 11) but its bilan counts are all large. Whatever links
    # the two tables of the page (the contribution « hors préfectoral » is objective 3's count less
    # the État's), W's bilan row is hidden too; then a second commune per column (X, the smallest).
    comptes = _comptes_grille(
        [
            ("1", "W", 40, 12, 28, 30, 40, 20, 60, 25, 3, 50),
            ("2", "X", 35, 11, 24, 25, 35, 12, 55, 20, 20, 60),
            ("3", "Y", 60, 20, 40, 45, 60, 30, 90, 40, 25, 70),
        ]
    )
    tm = C.tableau_bilan_communes(comptes, 2024, seuil=11, close=True)
    # Today: nothing of W hidden in the bilan.
    assert tm.masque.iloc[0][["contingent_entite", "refus", "cs_base", "cs_autre_menages"]].all()
    g = C.grille_bilan(comptes, 2024, seuil=11, close=True)
    assert g.masque.loc["1"].all()
    assert g.masque.loc["2"].all() and not g.masque.loc["3"].any()


def test_bilan_article_11_selection_publiable_ou_niveau_cu():
    comptes = _comptes_grille(
        [
            ("1", "X", 40, 12, 28, 30, 40, 20, 100, 40, 30, 100),
            ("2", "Y", 3, 1, 2, 5, 3, 1, 8, 3, 30, 100),
            ("3", "Z", 30, 11, 19, 25, 30, 12, 80, 30, 30, 100),
            ("4", "V", 50, 15, 35, 40, 50, 20, 120, 50, 30, 100),
        ]
    )
    selection = lambda codes: _selection(comptes, codes)  # noqa: E731
    vide = pd.DataFrame()
    # Y's counts are small (primary); in each column the smallest other non-zero cell is Z's
    # (30, 19, 25, 80, 12 for the priority households, whose base is the contingent): Y and Z hidden.
    g = C.grille_bilan(comptes, 2024, seuil=11, close=True)
    assert sorted(g.masque.index[g.masque.any(axis=1)]) == ["2", "3"]
    visibles = ["1", "4"]
    # The whole CU: shown (the published margin): 40 + 3 + 30 + 50 = 123 attributions on the
    # contingent, 12 + 1 + 11 + 15 = 39 refused, 20 + 1 + 12 + 20 = 53 priority households.
    b = C.bilan_article_11(comptes, vide, 2024, C.LECTURE_EPCI, (), comptes_communes=comptes, seuil=11, close=True)
    assert b.publiable and [l.valeur for l in b.lignes] == [123, 39, 53] and not b.lignes_cu
    # « The CU minus Y » has a hidden commune: withheld, the CU's figures in its place, labelled.
    moins_y = ["1", "3", "4"]
    b = C.bilan_article_11(
        selection(moins_y), vide, 2024, C.LECTURE_EPCI, moins_y, comptes_communes=comptes, seuil=11, close=True
    )
    assert not b.publiable and b.total is None
    assert [l.valeur for l in b.lignes] == [None, None, None]
    assert {l.statut for l in b.lignes} == {"secret statistique"}
    assert all(l.phrase == secret.POURQUOI_SELECTION for l in b.lignes)
    assert [l.valeur for l in b.lignes_cu] == [123, 39, 53]
    assert all(l.element.endswith("(toute la CU d'Arras)") for l in b.lignes_cu)
    assert b.par_commune.total_caches == frozenset(c for c, _, _ in C.colonnes_bilan(C.LECTURE_EPCI))
    t = A.mettre_en_forme(b.par_commune, [("commune", "Commune", "texte")], C.colonnes_bilan(C.LECTURE_EPCI))
    assert set(t.iloc[-1].drop("Commune")) == {secret.SECRET}
    # Y alone: its row and the selection's total both « secret statistique », its 3 nowhere.
    b = C.bilan_article_11(
        selection(["2"]), vide, 2024, C.LECTURE_EPCI, ["2"], comptes_communes=comptes, seuil=11, close=True
    )
    assert not b.publiable and b.par_commune.valeurs["contingent_entite"].isna().all()
    # Two communes with no hidden cell: shown, summed.
    b = C.bilan_article_11(
        selection(visibles), vide, 2024, C.LECTURE_EPCI, visibles, comptes_communes=comptes, seuil=11, close=True
    )
    assert b.publiable and [l.valeur for l in b.lignes] == [90, 27, 40]  # X + V: 40 + 50, 12 + 15, 20 + 20


def test_realise_par_bailleur_total_masque_avec_un_bailleur_masque():
    t = pd.DataFrame({"bailleur": ["A", "B", "C"], "contingent_epci": [10, 40, 30], "contingent_realise": [5, 45, 30]})
    t = C.realise_contre_objectif(t[["bailleur", "contingent_epci"]], t[["bailleur", "contingent_realise"]], annee=2024)
    tm = C.tableau_realise(t, seuil=11, annee=2024)
    assert tm.masque["contingent_realise"].tolist() == [True, False, True]  # A 5, then C 30 (secondary)
    assert not tm.total_caches and tm.total.iloc[0]["contingent_realise"] == 80
    # Landlord A alone: its row is hidden, and the total (= A's 5) too; A and B: the total would be 5 + 45.
    for choix in (("A",), ("A", "B")):
        tm = C.tableau_realise(t, seuil=11, annee=2024, bailleurs=choix)
        assert "contingent_realise" in tm.total_caches, choix
    tm = C.tableau_realise(t, seuil=11, annee=2024, bailleurs=("B",))
    assert not tm.total_caches and tm.total.iloc[0]["contingent_realise"] == 45


def test_filtre_bailleur_bailleur_masque_dans_le_tableau_par_bailleur(tmp_path):
    # 2025, every attribution on the contingent with a signed lease: landlord A 30 in Arras and 20
    # in Achicourt (realised 50), B 15 + 19 (34), C 3 in Arras. The table by landlord hides C (3)
    # and, second, B (34): filtering the bilan on B alone would give B's 34 back as its total.
    from observatoire.base import derives

    chemin = tmp_path / "bailleurs.duckdb"
    con = duckdb.connect(str(chemin))
    schema.appliquer(con)
    con.execute(LIGNES_FLUX_REALISE.split("INSERT INTO attributions")[0])
    for bailleur, code, n in (
        ("A", "62041", 30),
        ("A", "62004", 20),
        ("B", "62041", 15),
        ("B", "62004", 19),
        ("C", "62041", 3),
    ):
        con.execute(
            """INSERT INTO attributions (annee, code_insee, bailleur, reservataire, en_qpv, prioritaire, bail_signe,
                       refus, contingent_communautaire) SELECT 2025, ?, ?, 'CU d''Arras', false, false, true, false, true
                       FROM range(?)""",
            [code, bailleur, n],
        )
    derives.recalculer(con)
    con.close()

    def comptes(bailleurs):
        c = duckdb.connect(str(chemin), read_only=True)
        try:
            return db.requete(
                c,
                "attributions_comptes",
                annee_debut=2025,
                annee_fin=2025,
                communes=None,
                bailleurs=list(bailleurs) or None,
                reservataire=None,
                reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
            )
        finally:
            c.close()

    tous = comptes(())
    assert C.bailleurs_caches_realise(tous, 2025, ("B",), 11) and not C.bailleurs_caches_realise(tous, 2025, ("A",), 11)
    vide = pd.DataFrame()
    for choix, attendu in ((("B",), None), (("C",), None), (("A",), 50)):
        k = comptes(choix)
        b = C.bilan_article_11(
            k,
            vide,
            2025,
            C.LECTURE_EPCI,
            (),
            comptes_communes=k,
            bailleurs=choix,
            seuil=11,
            close=True,
            comptes_tous=tous,
        )
        assert b.lignes[0].valeur == attendu, choix
        if attendu is None:
            # Nor can B's communes add up to it: its realised flux is hidden in every commune.
            assert b.par_commune.masque["contingent_realise"].all() or choix == ("C",)
            assert b.par_commune.total_caches


def test_realise_par_bailleur_memorise_garde_le_jour_et_les_bailleurs():
    # Kept by content (memoire.pur): the day decides the pace of an open year, the landlord filter
    # the total. A: assiette 100 → 20 due, 12 realised; B: assiette 50 → 10 due, 30 realised.
    flux = pd.DataFrame(
        {
            "annee": [2026, 2026],
            "bailleur": ["A", "B"],
            "mises_en_location": [100, 50],
            "premieres_mises_en_location": [0, 0],
            **{c: [0, 0] for c in C.EXCLUSIONS},
        }
    )
    comptes = pd.DataFrame({"annee": [2026, 2026], "bailleur": ["A", "B"], "contingent_realise": [12, 30]})
    juillet = C.realise_par_bailleur(comptes, flux, 2026, seuil=1, aujourd_hui=dt.date(2026, 7, 1))
    decembre = C.realise_par_bailleur(comptes, flux, 2026, seuil=1, aujourd_hui=dt.date(2026, 12, 1))
    # 1 July: 20 × 181/365 = 9,9 expected by then, 12 realised; 1 December: 20 × 334/365 = 18,3.
    assert juillet.valeurs.set_index("bailleur").loc["A", "statut"] == "en avance"
    assert decembre.valeurs.set_index("bailleur").loc["A", "statut"] == "en retard"
    seul_b = C.realise_par_bailleur(comptes, flux, 2026, ("B",), seuil=1, aujourd_hui=dt.date(2026, 7, 1))
    assert seul_b.valeurs["bailleur"].tolist() == ["B"]
    assert seul_b.total.iloc[0]["contingent_realise"] == 30
    assert juillet.total.iloc[0]["contingent_realise"] == 42
    # A caller that writes into its copy does not touch the kept result.
    juillet.valeurs.loc[0, "contingent_realise"] = 999
    encore = C.realise_par_bailleur(comptes, flux, 2026, seuil=1, aujourd_hui=dt.date(2026, 7, 1))
    assert encore.valeurs["contingent_realise"].tolist() == [12, 30]
