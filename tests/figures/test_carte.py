"""The commune map: per-commune indicators (legal attribution objectives, PLH rate) from the named
queries on hand-made rows, class breaks, colours, GeoJSON, the offline deck and the CSV export."""

from __future__ import annotations

import json
import pickle
from functools import partial

import duckdb
import pandas as pd
import pytest

from observatoire.base import db
from observatoire.figures import carte
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue
from observatoire.secret import suppression as secret
from observatoire.secret import valeurs
from tests.conftest import creer_base_sql

SQL = """
INSERT INTO communes VALUES
  ('62041', 'Arras', 41019, '200033579', 'CU d''Arras', 2.75, 50.25, 'POLYGON((2.7 50.2, 2.8 50.2, 2.8 50.3, 2.7 50.3, 2.7 50.2))'),
  ('62004', 'Achicourt', 7799, '200033579', 'CU d''Arras', 2.75, 50.15, 'POLYGON((2.7 50.1, 2.8 50.1, 2.8 50.2, 2.7 50.2, 2.7 50.1))'),
  ('62085', 'Basseux', 137, '200033579', 'CU d''Arras', 2.65, 50.15, NULL);
INSERT INTO plh (plh, annee_debut, annee_fin, lecture, source) VALUES ('PLH 2014-2020', 2014, 2020, 'lecture', 'test');
INSERT INTO objectifs VALUES ('PLH 2014-2020', '62041', 'logements', 50, 100, true, 'test'),
                             ('PLH 2014-2020', NULL, 'logements', 550, 3300, false, 'test');
-- Arras: 30 (2014) + 40 (2020) inside the PLH, 50 in 2021 outside → 70 / 100.
INSERT INTO production VALUES (2014, '62041', 'logements_autorises', 30, 'sitadel'),
                              (2020, '62041', 'logements_autorises', 40, 'sitadel'),
                              (2021, '62041', 'logements_autorises', 50, 'sitadel'),
                              (2016, '62004', 'logements_autorises', 12, 'sitadel');
-- Attributions 2024 in Arras:
--  r1 hors QPV, bail, Q1 oui,  ANRU non, prio oui  → obj1 oui
--  r2 hors QPV, bail, Q1 non,  ANRU non, prio non  → obj1 non
--  r3 hors QPV, bail, Q1 NULL, ANRU oui, prio NULL → obj1 oui (NULL OR vrai = vrai)
--  r4 hors QPV, bail, Q1 NULL, ANRU non, prio oui  → obj1 non renseigné
--  r5 hors QPV, sans bail, Q1 oui,       prio non  → hors objectif 1
--  r6 QPV, Q1 non  prio oui → obj2 oui ; r7 QPV, Q1 oui, prio non → obj2 non ; r8 QPV, Q1 NULL → non renseigné
-- obj1 = 2 / 3 (1 nr) ; obj2 = 1 / 2 (1 nr) ; obj3 = 3 / 7 (1 nr).  Bailleur B only: r2 and r7.
INSERT INTO attributions (annee, code_insee, bailleur, en_qpv, premier_quartile, prioritaire, relogement_anru, bail_signe) VALUES
  (2024, '62041', 'A', false, true,  true,  false, true),
  (2024, '62041', 'B', false, false, false, false, true),
  (2024, '62041', 'A', false, NULL,  NULL,  true,  true),
  (2024, '62041', 'A', false, NULL,  true,  false, true),
  (2024, '62041', 'A', false, true,  false, false, false),
  (2024, '62041', 'A', true,  false, true,  false, true),
  (2024, '62041', 'B', true,  true,  false, false, false),
  (2024, '62041', 'A', true,  NULL,  false, false, true),
  (2023, '62004', 'A', false, true,  true,  false, true);
"""


@pytest.fixture(scope="module")
def base_carte(tmp_path_factory):
    chemin = creer_base_sql(tmp_path_factory.mktemp("carte") / "carte.duckdb", SQL)
    con = duckdb.connect(str(chemin), read_only=True)
    yield con
    con.close()


def _grille(base, annee=2024, bailleurs=(), seuil=11):
    return valeurs.grille_objectifs(partial(db.requete, base), annee, bailleurs, seuil)


def test_objectifs_legaux_par_commune(base_carte):
    g = _grille(base_carte, seuil=1)
    r = g.loc["62041"]
    # r1 (Q1) and r3 (ANRU) are objective 1's numerator; r6 is objective 2's; r1, r4, r6 objective 3's.
    assert (r["o1_num"], r["o2_num"], r["o3_num"]) == (2, 1, 3)
    comptes = db.requete(
        base_carte,
        "attributions_comptes",
        annee_debut=2024,
        annee_fin=2024,
        communes=[],
        bailleurs=[],
        reservataire=None,
        reservataire_prefectoral="État",
    )
    cu = A.sommer(comptes, ["annee"]).iloc[0]
    for n in (1, 2, 3):
        assert (r[f"o{n}_num"], r[f"o{n}_den"], r[f"o{n}_nr"]) == (cu[f"o{n}_num"], cu[f"o{n}_den"], cu[f"o{n}_nr"])
    assert "62004" not in g.index  # 2023 only
    b = _grille(base_carte, bailleurs=("B",), seuil=1)
    # Landlord B: r2 (hors QPV, lease, not Q1) and r7 (QPV, Q1).
    assert (b.loc["62041", "o1_num"], b.loc["62041", "o1_den"], b.loc["62041", "o2_num"], b.loc["62041", "o2_den"]) == (
        0,
        1,
        0,
        1,
    )


def test_taux_plh_par_commune(base_carte):
    p = db.requete(base_carte, "carte_taux_plh").set_index("code_insee")
    # Same years on both sides: 7 counted years (2014-2020) × 50 a year = 350 against 30 + 40.
    assert (p.loc["62041", "autorises"], p.loc["62041", "objectif"], p.loc["62041", "annees"]) == (70, 350, 2)
    assert pd.isna(p.loc["62004", "objectif"])  # no commune target
    communes = db.requete(base_carte, "carte_communes")
    t = carte.tableau("production_logements", communes, plh=p.reset_index()).set_index("code_insee")
    assert t.loc["62041", "valeur"] == pytest.approx(0.20)
    assert t.loc["62041", "statut"] == catalogue.NON_ATTEINT  # the PLH is over
    assert t.loc["62004", "statut"] == catalogue.MANQUANT
    assert pd.isna(t.loc["62004", "valeur"])


def test_tableau_objectif_secret_sous_le_seuil(base_carte):
    communes = db.requete(base_carte, "carte_communes")
    g2 = _grille(base_carte, seuil=2)
    ouvert = carte.tableau("objectif_1", communes, objectifs_attribution=g2, seuil=2).set_index("code_insee")
    den = g2.loc["62041", "o1_den"]
    assert ouvert.loc["62041", "valeur"] == pytest.approx(2 / den)
    assert (ouvert.loc["62041", "numerateur"], ouvert.loc["62041", "denominateur"]) == (2, den)
    assert ouvert.loc["62041", "statut"] == catalogue.ATTEINT  # ≥ 25 %, 2024 is a finished year
    assert ouvert.loc["62041", "non_renseigne"] == g2.loc["62041", "o1_nr"]
    ferme = carte.tableau("objectif_1", communes, objectifs_attribution=_grille(base_carte), seuil=11).set_index(
        "code_insee"
    )
    assert ferme.loc["62041", "secret"] and ferme.loc["62041", "statut"] == secret.SECRET
    assert pd.isna(ferme.loc["62041", "valeur"]) and pd.isna(ferme.loc["62041", "numerateur"])
    assert pd.isna(ferme.loc["62041", "non_renseigne"])
    o2 = carte.tableau("objectif_2", communes, objectifs_attribution=_grille(base_carte, seuil=1), seuil=1).set_index(
        "code_insee"
    )
    assert o2.loc["62041", "numerateur"] == 1 and o2.loc["62041", "statut"] == catalogue.statut(
        1, o2.loc["62041", "denominateur"], A.OBJECTIFS[2].cible
    )
    # No attribution in Basseux: nothing to measure, never 0 %.
    assert o2.loc["62085", "statut"] == catalogue.SANS_OBJET and pd.isna(o2.loc["62085", "valeur"])


def test_carte_et_objectifs_legaux_masquent_les_memes_cases(base_carte):
    """The map's cell is the Objectifs légaux table's cell: same suppression, same grid."""
    communes = db.requete(base_carte, "carte_communes")
    comptes = db.requete(
        base_carte,
        "attributions_comptes",
        annee_debut=2024,
        annee_fin=2024,
        communes=[],
        bailleurs=[],
        reservataire=None,
        reservataire_prefectoral="État",
    )
    for seuil in (1, 2, 3, 11):
        tm = A.tableau_objectifs(comptes, 2024, ["code_insee", "commune"], seuil=seuil)
        page = tm.masque.set_index(tm.valeurs["code_insee"])
        for n in (1, 2, 3):
            t = carte.tableau(
                f"objectif_{n}", communes, objectifs_attribution=_grille(base_carte, seuil=seuil), seuil=seuil
            ).set_index("code_insee")
            p = A.OBJECTIFS[n].colonne
            assert bool(t.loc["62041", "secret"]) == bool(
                page.loc["62041", f"{p}_num"] or page.loc["62041", f"{p}_den"]
            )


def _logements():
    # Counts per commune as parc_indicateurs returns them (par_commune), from these dwellings:
    # Arras: 4 dwellings — 2 in QPV; DPE E, G, C, none; modes 1, 1, 2 (vacant 6 months), 1.
    # Achicourt: 1 dwelling, class C, let. Basseux: none.
    return pd.DataFrame(
        {
            "millesime": 2025,
            "code_insee": ["62041", "62004"],
            "logements": [4, 1],
            "en_qpv": [2, 0],
            "efg": [2, 0],
            "dpe_inconnu": [1, 0],
            "mises_en_service": [0, 0],
            "occupation_renseignee": [4, 1],
            "loues_ou_vacants": [4, 1],
            "vacants_3_mois": [1, 0],
            "base_mobilite": [4, 1],
            "baux_annee_precedente": [0, 0],
            "somme_loyers": [900.0, 300.0],
            "somme_surfaces": [180.0, 60.0],
        }
    )


def test_tableau_parc_poids_qpv_dpe(base_carte):
    communes = db.requete(base_carte, "carte_communes")
    lg = _logements()
    t = carte.tableau("poids_social", communes, logements=lg).set_index("code_insee")
    assert t.loc["62041", "valeur"] == pytest.approx(4 / 41019 * 1000)
    assert t.loc["62085", "valeur"] == 0
    q = carte.tableau("part_qpv", communes, logements=lg).set_index("code_insee")
    assert q.loc["62041", "valeur"] == pytest.approx(0.5)
    assert q.loc["62085", "statut"] == catalogue.SANS_OBJET
    d = carte.tableau("dpe_efg", communes, logements=lg).set_index("code_insee")
    # E and G among the 3 dwellings with a known DPE (the one without is counted apart).
    assert (d.loc["62041", "numerateur"], d.loc["62041", "denominateur"]) == (2, 3)
    assert d.loc["62041", "non_renseigne"] == 1
    v = carte.tableau("vacance", communes, logements=lg, seuil=1).set_index("code_insee")
    assert (v.loc["62041", "numerateur"], v.loc["62041", "denominateur"]) == (1, 4)
    v11 = carte.tableau("vacance", communes, logements=lg).set_index("code_insee")
    assert v11.loc["62041", "secret"] and v11.loc["62004", "secret"]


def test_bornes_quantiles_et_fixes():
    v = pd.Series([0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10])
    # quintiles (linear): 0.028, 0.046, 0.064, 0.082 → rounded up to the 0.5-point step
    assert carte.bornes(v, "vacance") == [0.03, 0.05, 0.065, 0.085]
    assert carte.bornes(v, "objectif_1") == [0.1, 0.2, 0.25, 0.3]
    assert carte.bornes(v, "objectif_2") == [0.2, 0.4, 0.5, 0.6]
    assert carte.classe(0.25, [0.1, 0.2, 0.25, 0.3]) == 3  # the target itself is « reached »
    assert carte.classe(None, [0.1]) is None
    assert carte.couleur(0.01, [0.1, 0.2, 0.25, 0.3]) == carte.PALETTE[0]
    assert carte.couleur(0.5, [0.1, 0.2, 0.25, 0.3]) == carte.PALETTE[-1]
    assert carte.couleur(float("nan"), [0.1]) == carte.GRIS_SANS


def test_legende_dit_les_bornes_et_le_statut():
    lg = carte.legende("objectif_1", [0.1, 0.2, 0.25, 0.3])
    assert lg["classe"].iloc[0] == "moins de 10,0\u00a0% — ✘ non atteint"
    assert lg["classe"].iloc[3] == "de 25,0\u00a0% à moins de 30,0\u00a0% — ✔ atteint"
    assert lg["classe"].iloc[4] == "30,0\u00a0% et plus — ✔ atteint"
    assert "secret statistique" in lg["classe"].iloc[5]
    assert list(lg["couleur"].iloc[:5]) == carte.PALETTE_CIBLE


def test_geojson_et_deck_hors_ligne(base_carte):
    communes = db.requete(base_carte, "carte_communes")
    t = carte.tableau("part_qpv", communes, logements=_logements())
    fc = carte.geojson(communes, t, "part_qpv", [0.25, 0.5], selection=("62004",))
    assert len(fc["features"]) == 2  # Basseux has no outline here
    props = {f["properties"]["code_insee"]: f["properties"] for f in fc["features"]}
    assert props["62041"]["valeur_texte"] == "50,0\u00a0%"
    assert props["62041"]["detail"] == "2 logements en QPV ÷ 4 logements sociaux"
    assert props["62004"]["selectionnee"] and not props["62041"]["selectionnee"]
    d = carte.deck(communes, t, "part_qpv", [0.25, 0.5], selection=("62004",))
    spec = json.loads(d.to_json())
    assert spec["mapStyle"] == carte.PAS_DE_FOND and "mapProvider" not in spec
    assert "http" not in d.to_json()
    ids = [c["id"] for c in spec["layers"]]
    assert ids[0] == carte.ID_COUCHE and "selection" in ids and "noms" in ids and "qpv" not in ids
    qpv = pd.DataFrame({"geometrie_wkt": ["POLYGON((2.72 50.22, 2.74 50.22, 2.74 50.24, 2.72 50.22))"]})
    assert "qpv" in [c["id"] for c in json.loads(carte.deck(communes, t, "part_qpv", [], qpv=qpv).to_json())["layers"]]


def test_commune_choisie_depuis_l_etat_de_selection():
    etat = {
        "selection": {
            "indices": {"communes": [3]},
            "objects": {"communes": [{"type": "Feature", "properties": {"code_insee": "62041"}}]},
        }
    }
    assert carte.commune_choisie(etat) == "62041"
    assert carte.commune_choisie({"selection": {"indices": {}, "objects": {}}}) is None
    assert carte.commune_choisie(None) is None


def test_export_csv_excel_francais(base_carte):
    communes = db.requete(base_carte, "carte_communes")
    t = carte.tableau("objectif_3", communes, objectifs_attribution=_grille(base_carte), seuil=11)
    brut = carte.csv_excel(carte.table_export(t, "objectif_3", "2024"))
    assert brut.startswith(b"\xef\xbb\xbf")
    texte = brut.decode("utf-8-sig")
    entete, *lignes = texte.strip().splitlines()
    assert entete.split(";")[:2] == ["code INSEE", "commune"]
    arras = next(l for l in lignes if "Arras" in l)
    assert "secret statistique" in arras and ";0;" not in arras
    g = _grille(base_carte, seuil=2)
    ouvert = carte.csv_excel(
        carte.table_export(
            carte.tableau("objectif_3", communes, objectifs_attribution=g, seuil=2), "objectif_3", "2024"
        )
    ).decode("utf-8-sig")
    arras = next(l for l in ouvert.splitlines() if "Arras" in l)
    den = g.loc["62041", "o3_den"]
    assert f";{carte._texte_csv(3 / den)};3;{den};0,25;" in arras
    avec_entete = carte.csv_excel(
        carte.table_export(t, "objectif_3", "2024"), {"Source": "SNE / bailleurs", "Millésime": "2024"}
    )
    assert avec_entete.decode("utf-8-sig").splitlines()[:2] == ["Source;SNE / bailleurs", "Millésime;2024"]


def test_taux_de_mobilite_sur_la_carte_et_la_fiche(base_carte):
    """An indicator added by its catalogue entry alone: the map computes it from the entry's counts."""
    communes = db.requete(base_carte, "carte_communes")
    lg = _logements().assign(baux_annee_precedente=[3, 0], base_mobilite=[12, 1])
    # Arras: 3 leases signed in N-1 ÷ 12 dwellings let or vacant before N-1 = 25 %.
    t = carte.tableau("mobilite", communes, logements=lg, seuil=1).set_index("code_insee")
    assert (t.loc["62041", "numerateur"], t.loc["62041", "denominateur"]) == (3, 12)
    assert t.loc["62041", "valeur"] == pytest.approx(0.25)
    assert t.loc["62041", "statut"] == catalogue.SANS_CIBLE
    # Achicourt: a base of 1 dwelling (< 11), restricted RPLS field: hidden, and Arras with it
    # (the CU total minus Arras would give Achicourt back).
    t = carte.tableau("mobilite", communes, logements=lg, seuil=11).set_index("code_insee")
    assert t.loc["62004", "secret"] and t.loc["62004", "statut"] == catalogue.SECRET
    assert t.loc["62041", "secret"] and pd.isna(t.loc["62041", "numerateur"])
    assert "mobilite" in carte.INDICATEURS and "mobilite" in carte.INDICATEURS_FICHE
    fiche = carte.fiche("62041", communes, lg, None, None, None, seuil=1).set_index("indicateur")
    ligne = fiche.loc[catalogue.INDICATEURS["mobilite"].titre]
    assert ligne["commune"] == "25,0\u00a0%" and ligne["cu"] == f"{carte.formater(3 / 13, 'pourcent')}"


def test_part_des_mises_en_service_sur_la_carte_et_la_fiche(base_carte):
    """Added by its catalogue entry alone (counts already in parc_indicateurs)."""
    communes = db.requete(base_carte, "carte_communes")
    lg = _logements().assign(mises_en_service=[1, 0])
    # Arras: 1 dwelling commissioned in N-1 out of 4 on 1 January N = 25 %; public RPLS field: no secret.
    t = carte.tableau("mises_en_service", communes, logements=lg).set_index("code_insee")
    assert (t.loc["62041", "numerateur"], t.loc["62041", "denominateur"]) == (1, 4)
    assert t.loc["62041", "valeur"] == pytest.approx(0.25) and not t.loc["62041", "secret"]
    assert t.loc["62004", "valeur"] == 0 and t.loc["62041", "statut"] == catalogue.SANS_CIBLE
    assert "mises_en_service" in carte.INDICATEURS and "mises_en_service" in carte.INDICATEURS_FICHE
    fiche = carte.fiche("62041", communes, lg, None, None, None, seuil=1).set_index("indicateur")
    ligne = fiche.loc[catalogue.INDICATEURS["mises_en_service"].titre]
    # CU: 1 of the 5 dwellings of the two communes.
    assert ligne["commune"] == "25,0\u00a0%" and ligne["cu"] == "20,0\u00a0%"


def test_deck_garde_par_contenu_et_refait_pour_une_autre_selection(base_carte):
    # Kept per content of its arguments (memoire.pur): the same data from another session reuses
    # the deck; another selection, another value or another threshold must not.
    communes = db.requete(base_carte, "carte_communes")
    t = carte.tableau("part_qpv", communes, logements=_logements())
    d = carte.deck(communes, t, "part_qpv", [0.25, 0.5], selection=("62004",))
    # another session's frames: the same rows read back from Streamlit's cache (pickled)
    communes2, t2 = pickle.loads(pickle.dumps(communes)), pickle.loads(pickle.dumps(t))
    assert carte.deck(communes2, t2, "part_qpv", [0.25, 0.5], selection=("62004",)) is d
    autre = carte.deck(communes, t, "part_qpv", [0.25, 0.5], selection=("62041",))
    assert autre is not d
    choisies = {
        c["id"]: [f["properties"]["code_insee"] for f in c["data"]["features"]]
        for c in json.loads(autre.to_json())["layers"]
        if c["id"] == "selection"
    }
    assert choisies == {"selection": ["62041"]}
    t2 = t.copy()
    t2.loc[t2["code_insee"] == "62041", "secret"] = True
    cache = {
        f["properties"]["code_insee"]: f["properties"]["valeur_texte"]
        for f in json.loads(carte.deck(communes, t2, "part_qpv", [0.25, 0.5]).to_json())["layers"][0]["data"][
            "features"
        ]
    }
    assert cache["62041"] == "secret statistique"
