"""Parc social (RPLS) and occupation (OPS): official formulas on hand-computed rows, through the
named queries on a tiny database of our own (not the shared fixture)."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from observatoire.base import db, derives, schema
from observatoire.indicateurs import parc
from observatoire.secret import suppression as secret
from tests.conftest import creer_base_sql

# Vintage 2025 (N = 2025, N-1 = 2024). Commune A = 62041, B = 62004.
#   id   commune mode durée locat bail      loyer surf  → vac>3  base mob  bail N-1  loyer compté
#   L01  A       1          2010  2024-03   300   60       .      oui       oui       oui
#   L02  A       1          2015  2020-01   250   50       .      oui       .         oui
#   L03  A       1          2024  2024-06   400   70       .      non (2024 pas < 2024)  oui
#   L04  A       2    5     2000                  55       oui    oui       .
#   L05  A       2    3     2000                  55       non (3 pas > 3)  oui
#   L06  A       3          2000                  55       (vide : ni loué ni vacant)
#   L07  A       1          2012  2024-11   NULL  80       .      oui       oui       non (loyer inconnu)
#   L08  A       9          2000                  30       (sans objet)
#   L09  B       1          2001  2024-01   200   40       .      oui       oui       oui
#   L10  B       2    12    2023                  45       oui    oui (2023 < 2024)
# A: vacance 1/6, mobilité 2/5, loyer (300+250+400)/(60+50+70) = 950/180
# B: vacance 1/2, mobilité 1/2, loyer 200/40
# CU: vacance 2/8, mobilité 3/7, loyer 1150/220
SQL = """
INSERT INTO communes VALUES
  ('62041', 'Arras', 41019, '200033579', 'CU d''Arras', 2.76, 50.29, 'POLYGON((2.7 50.2, 2.8 50.2, 2.8 50.3, 2.7 50.3, 2.7 50.2))'),
  ('62004', 'Achicourt', 7799, '200033579', 'CU d''Arras', 2.75, 50.27, 'POLYGON((2.7 50.1, 2.8 50.1, 2.8 50.2, 2.7 50.2, 2.7 50.1))');
INSERT INTO rpls_logements (millesime, code_insee, id_logement, bailleur, en_qpv, financement, type_construction,
    nb_pieces, surface_habitable, annee_construction, annee_premiere_location, nouveau_logement, dpe_energie,
    mode_occupation, date_bail, loyer_principal, duree_vacance) VALUES
  (2025, '62041', 'L01', 'Alpha', true,  'PLUS', 'C', 3, 60, 1970, 2010, false, 'E', 1, DATE '2024-03-01', 300, NULL),
  (2025, '62041', 'L02', 'Alpha', true,  'PLAI', 'C', 2, 50, 1985, 2015, false, 'F', 1, DATE '2020-01-01', 250, NULL),
  (2025, '62041', 'L03', 'Alpha', false, 'PLUS', 'I', 4, 70, 2023, 2024, false, 'B', 1, DATE '2024-06-01', 400, NULL),
  (2025, '62041', 'L04', 'Beta',  false, 'PLS',  'C', 1, 55, 1960, 2000, false, NULL, 2, NULL, NULL, 5),
  (2025, '62041', 'L05', 'Beta',  false, 'PLUS', 'C', 6, 55, 1960, 2000, false, 'D', 2, NULL, NULL, 3),
  (2025, '62041', 'L06', 'Beta',  false, 'Autre','C', 2, 55, 1960, 2000, false, 'G', 3, NULL, NULL, NULL),
  (2025, '62041', 'L07', 'Beta',  false, 'PLUS', 'C', 3, 80, 1995, 2012, false, 'C', 1, DATE '2024-11-01', NULL, NULL),
  (2025, '62041', 'L08', 'Beta',  false, 'PLUS', 'C', 1, 30, 1995, 2000, false, 'A', 9, NULL, NULL, NULL),
  (2025, '62004', 'L09', 'Alpha', false, 'PLUS', 'I', 5, 40, 2024, 2001, true,  'C', 1, DATE '2024-01-01', 200, NULL),
  (2025, '62004', 'L10', 'Alpha', true,  'PLAI', 'C', 3, 45, 2024, 2023, false, NULL, 2, NULL, NULL, 12),
  (2024, '62041', 'L01', 'Alpha', true,  'PLUS', 'C', 3, 60, 1970, 2010, false, 'E', 1, DATE '2019-03-01', 300, NULL),
  (2024, '62041', 'L02', 'Alpha', true,  'PLAI', 'C', 2, 50, 1985, 2015, false, 'F', 1, DATE '2020-01-01', 250, NULL),
  (2024, '62041', 'L03', 'Alpha', false, 'PLUS', 'I', 4, 70, 2023, 2024, true,  'B', 1, DATE '2023-06-01', 400, NULL),
  (2024, '62041', 'L04', 'Beta',  false, 'PLS',  'C', 1, 55, 1960, 2000, false, NULL, 1, DATE '2010-01-01', 250, NULL),
  (2024, '62041', 'L05', 'Beta',  false, 'PLUS', 'C', 6, 55, 1960, 2000, false, 'D', 1, DATE '2011-01-01', 250, NULL),
  (2024, '62041', 'L06', 'Beta',  false, 'Autre','C', 2, 55, 1960, 2000, false, 'G', 3, NULL, NULL, NULL),
  (2024, '62041', 'L07', 'Beta',  false, 'PLUS', 'C', 3, 80, 1995, 2012, false, 'C', 1, DATE '2012-11-01', NULL, NULL),
  (2024, '62041', 'L08', 'Beta',  false, 'PLUS', 'C', 1, 30, 1995, 2000, false, 'A', 9, NULL, NULL, NULL),
  (2024, '62041', 'L11', 'Beta',  true,  'PLUS', 'C', 3, 60, 1960, 2000, false, 'G', 1, DATE '2015-01-01', 260, NULL),
  (2024, '62041', 'L12', 'Beta',  true,  'PLUS', 'C', 3, 60, 1960, 2000, false, 'G', 1, DATE '2016-01-01', 260, NULL);
-- Year 2024 (N-1 of 2025): 1 sale and 1 demolition in Arras = the 2 exits L11, L12.
INSERT INTO production VALUES
  (2024, '62041', 'ventes_hlm', 1, 'bailleurs'),
  (2024, '62041', 'demolitions', 1, 'bailleurs'),
  (2023, '62041', 'ventes_hlm', 4, 'bailleurs');
INSERT INTO ops VALUES
  (2022, '62041', true,  300, 50, 60, 70, 80, 10, 150, 100, 60, 40, 70, 20, 30, 60, 90),
  (2022, '62041', false, 200, 20, 30, 40, 90, 20, 80, 70, 30, 50, 40, 12, 20, 70, 50),
  (2022, '62004', false, 7, 1, 2, 2, 2, 0, 4, 3, 1, 1, 2, 0, 1, 2, 3);
"""


@pytest.fixture(scope="module")
def base_parc(tmp_path_factory):
    chemin = creer_base_sql(tmp_path_factory.mktemp("parc") / "parc.duckdb", SQL)
    con = duckdb.connect(str(chemin), read_only=True)
    yield con
    con.close()


def _indicateurs(con, debut=2024, fin=2025, communes=(), bailleurs=(), par_commune=False):
    return db.requete(
        con,
        "parc_indicateurs",
        millesime_debut=debut,
        millesime_fin=fin,
        communes=list(communes),
        bailleurs=list(bailleurs),
        par_commune=par_commune,
    )


@pytest.fixture()
def cu_2025(base_parc):
    return parc.total(_indicateurs(base_parc), 2025)


@pytest.fixture()
def repartitions(base_parc):
    return db.requete(base_parc, "parc_repartitions", millesime=2025, communes=[], bailleurs=[])


def test_taux_de_vacance_officiel_cu(cu_2025):
    r = parc.taux_vacance(cu_2025)
    assert (r.numerateur, r.denominateur) == (2, 8)
    assert r.taux == pytest.approx(0.25)


def test_taux_de_mobilite_officiel_cu(cu_2025):
    r = parc.taux_mobilite(cu_2025)
    assert (r.numerateur, r.denominateur) == (3, 7)


def test_loyer_moyen_somme_des_loyers_sur_somme_des_surfaces(cu_2025):
    r = parc.loyer_moyen(cu_2025)
    assert (r.numerateur, r.denominateur) == (1150, 220)
    assert r.taux == pytest.approx(5.2272727)


def test_indicateurs_officiels_par_commune(base_parc):
    t = parc.avec_taux(_indicateurs(base_parc, 2025, 2025, par_commune=True)).set_index("code_insee")
    a, b = t.loc["62041"], t.loc["62004"]
    assert (a["logements"], a["vacants_3_mois"], a["loues_ou_vacants"]) == (8, 1, 6)
    assert (a["baux_annee_precedente"], a["base_mobilite"]) == (2, 5)
    assert a["loyer_m2"] == pytest.approx(950 / 180)
    assert (b["vacants_3_mois"], b["loues_ou_vacants"], b["baux_annee_precedente"], b["base_mobilite"]) == (1, 2, 1, 2)
    assert b["taux_mobilite"] == pytest.approx(0.5)
    assert b["loyer_m2"] == pytest.approx(5.0)


def test_evolution_par_millesime(base_parc):
    evo = parc.evolution(_indicateurs(base_parc)).set_index("millesime")
    # 2024: 10 dwellings in Arras (L01-L08, L11, L12), 4 in QPV (L01, L02, L11, L12), E-F-G 5
    # (L01 E, L02 F, L06 G, L11 G, L12 G); no vacancy (L06 is MODE 3: neither let nor vacant).
    assert (evo.loc[2024, "logements"], evo.loc[2024, "en_qpv"], evo.loc[2024, "efg"]) == (10, 4, 5)
    assert evo.loc[2024, "part_qpv"] == pytest.approx(0.4)
    assert (evo.loc[2024, "vacants_3_mois"], evo.loc[2024, "loues_ou_vacants"]) == (0, 8)
    # 2025: 3 E-F-G among the 8 dwellings with a known DPE (2 unknown are counted apart).
    assert (evo.loc[2025, "logements"], evo.loc[2025, "en_qpv"], evo.loc[2025, "part_efg"]) == (
        10,
        3,
        pytest.approx(0.375),
    )


def test_filtre_bailleur_et_commune_dans_la_requete(base_parc):
    beta = parc.total(_indicateurs(base_parc, bailleurs=["Beta"]), 2025)
    assert beta["logements"] == 5
    # L04 (vacant 5 months), L05 (vacant 3 months: not more than 3) are Beta's vacant dwellings
    assert (beta["vacants_3_mois"], beta["loues_ou_vacants"]) == (1, 3)
    b = _indicateurs(base_parc, 2024, 2024, communes=["62004"])
    assert b.empty  # Achicourt has no dwelling in 2024


def test_dpe_parts_efg_et_inconnu(repartitions, cu_2025):
    d = parc.parts_dpe(repartitions).set_index("classe_dpe")
    # 10 dwellings: E 1, F 1, G 1, unknown 2 (L04, L10)
    assert d.loc["E", "logements"] == 1 and d.loc["G", "logements"] == 1
    assert d.loc[parc.DPE_INCONNU, "logements"] == 2
    assert d.loc[parc.DPE_INCONNU, "part"] == pytest.approx(0.2)
    assert d["prioritaire"].sum() == 3
    r = parc.part_efg(cu_2025)
    # Among the 8 dwellings with a known DPE (as the SDES does), not the 10 of the stock.
    assert (r.numerateur, r.denominateur) == (3, 8)
    assert r.taux == pytest.approx(0.375)
    assert cu_2025["dpe_inconnu"] == 2


def test_repartitions_taille_epoque_type(repartitions):
    tailles = parc.repartition(repartitions, "taille").set_index("taille")["logements"]
    # nb_pieces: 3,2,4,1,6,2,3,1,5,3 → T1 2, T2 2, T3 3, T4 1, T5+ 2
    assert tailles.to_dict() == {"T1": 2, "T2": 2, "T3": 3, "T4": 1, "T5 et plus": 2}
    epoques = parc.repartition(repartitions, "epoque").set_index("epoque")["logements"]
    # 1970, 1985 → 1970-1989 (2); 2023, 2024, 2024 → 2010+ (3); 1960 ×3 → 1950-1969; 1995 ×2
    assert epoques.to_dict() == {"avant 1950": 0, "1950-1969": 3, "1970-1989": 2, "1990-2009": 2, "2010 et après": 3}
    types = parc.repartition(repartitions, "type").set_index("type")["logements"]
    assert types["individuel"] == 2 and types["collectif"] == 8
    qpv = parc.repartition(repartitions, "secteur").set_index("secteur")
    assert qpv.loc["en QPV", "logements"] == 3 and qpv.loc["en QPV", "part"] == pytest.approx(0.3)
    bailleurs = parc.repartition(repartitions, "bailleur")
    assert bailleurs.to_dict("list")["bailleur"] == ["Alpha", "Beta"]  # 5 and 5: stable order
    assert bailleurs["logements"].tolist() == [5, 5]


def test_repartitions_filtrees(base_parc):
    rep = db.requete(base_parc, "parc_repartitions", millesime=2025, communes=["62004"], bailleurs=[])
    # Achicourt: L09 (5 rooms, PLUS, individual) and L10 (3 rooms, PLAI, collective, in QPV)
    assert parc.repartition(rep, "financement").set_index("financement")["logements"].to_dict() == {
        "PLAI": 1,
        "PLUS": 1,
        "PLS": 0,
        "Autre": 0,
    }
    assert parc.repartition(rep, "secteur").set_index("secteur")["logements"].to_dict() == {"en QPV": 1, "hors QPV": 1}


def test_poids_pour_mille():
    assert parc.pour_mille(82, 41000) == pytest.approx(2.0)
    assert parc.pour_mille(5, 0) is None


def test_entrees_sorties_entre_millesimes(base_parc):
    prod = db.requete(base_parc, "parc_ventes_demolitions", communes=[])
    es = parc.entrees_sorties(_indicateurs(base_parc), prod).set_index("millesime")
    r = es.loc[2025]
    assert (r["logements_avant"], r["logements"], r["variation"]) == (10, 10, 0)
    assert (r["entrees"], r["sorties"]) == (2, 2)  # L09, L10 in; L11, L12 out
    assert r["mises_en_service"] == 1  # only L09 carries NEWLOGT
    assert (r["ventes"], r["demolitions"], r["autres_sorties"]) == (1, 1, 0)
    assert bool(r["ids_disponibles"])
    # Per commune, each movement counts where the dwelling was: L09, L10 entered Achicourt,
    # L11, L12 left Arras.
    par_c = _indicateurs(base_parc, 2025, 2025, par_commune=True).set_index("code_insee")
    assert (par_c.loc["62004", "entrees"], par_c.loc["62004", "sorties"]) == (2, 0)
    assert (par_c.loc["62041", "entrees"], par_c.loc["62041", "sorties"]) == (0, 2)


def _base_modifiee(chemin, modification: str):
    """The module's rows with one change applied, derived tables recomputed (open connection)."""
    con = duckdb.connect(str(chemin))
    schema.appliquer(con)
    con.execute(SQL)
    con.execute(modification)
    derives.recalculer(con)
    return con


def test_entrees_sorties_sans_identifiant_indisponible(tmp_path):
    con = _base_modifiee(
        tmp_path / "public.duckdb", "UPDATE rpls_logements SET id_logement = NULL WHERE millesime = 2024"
    )
    es = parc.entrees_sorties(_indicateurs(con), pd.DataFrame(columns=["annee", "indicateur", "valeur"]))
    con.close()
    r = es.set_index("millesime").loc[2025]
    assert r["sorties"] is None or pd.isna(r["sorties"])
    assert not bool(r["ids_disponibles"])
    assert r["variation"] == 0


def test_changement_de_bailleur_ni_entree_ni_sortie(tmp_path):
    con = _base_modifiee(
        tmp_path / "transfert.duckdb",
        "UPDATE rpls_logements SET bailleur = 'Gamma' WHERE millesime = 2025 AND id_logement = 'L04'",
    )
    beta = _indicateurs(con, 2025, 2025, bailleurs=["Beta"]).iloc[0]
    gamma = _indicateurs(con, 2025, 2025, bailleurs=["Gamma"]).iloc[0]
    con.close()
    # L04 moved from Beta to Gamma: still social housing, so neither an exit nor an entry; Beta's
    # two exits are L11 and L12.
    assert (beta["logements"], beta["entrees"], beta["sorties"]) == (4, 0, 2)
    assert (gamma["logements"], gamma["entrees"], gamma["sorties"]) == (1, 0, 0)


def test_occupation_parts_et_secret(base_parc):
    ops = db.requete(base_parc, "ops_enquete", communes=[])
    valeurs, masque = parc.occupation(ops, seuil=11)
    arras_qpv = valeurs[(valeurs["code_insee"] == "62041") & valeurs["en_qpv"]].iloc[0]
    # < 60 % of the ceilings: 50 + 60 + 70 = 180 of 300
    assert arras_qpv["menages_sous_60"] == 180
    assert arras_qpv["part_sous_60"] == pytest.approx(0.6)
    assert arras_qpv["part_apl"] == pytest.approx(0.5)
    # Holders aged 65+: Achicourt (2) is hidden, so the smallest other cell of the column, Arras
    # en QPV (60 < 70), is hidden too: its share with it.
    i_qpv = valeurs.index[(valeurs["code_insee"] == "62041") & valeurs["en_qpv"]][0]
    assert masque.loc[i_qpv, "titulaires_65_plus"] and masque.loc[i_qpv, "part_titulaires_65_plus"]
    # Achicourt: 7 households → every count and every share hidden (never 0)...
    i = valeurs.index[valeurs["code_insee"] == "62004"][0]
    assert masque.loc[i, "menages"] and pd.isna(valeurs.loc[i, "menages"])
    assert masque.loc[i, "part_apl"] and pd.isna(valeurs.loc[i, "part_apl"])
    assert masque.loc[i, "part_sous_60"]
    # ... and, the CUA total being shown, a second commune row is hidden in the same column.
    assert masque["menages"].sum() == 2
    i_hors = valeurs.index[(valeurs["code_insee"] == "62041") & ~valeurs["en_qpv"]][0]
    assert masque.loc[i_hors, "menages"]  # 200 < 300: the complement of Achicourt's 7
    assert masque.loc[masque["menages"], "part_apl"].all()
    texte = secret.libelle(valeurs[["menages"]], masque[["menages"]])
    assert texte.loc[i, "menages"] == "secret statistique"


def test_occupation_cumul_masque_si_une_tranche_masquee():
    ops = pd.DataFrame(
        [
            {
                "annee": 2022,
                "code_insee": "x",
                "en_qpv": False,
                "menages": 100,
                "menages_ress_moins_20": 5,
                "menages_ress_20_40": 30,
                "menages_ress_40_60": 25,
                "menages_ress_60_100": 30,
                "menages_ress_plus_100": 10,
                "menages_apl": 50,
                "personnes_seules": 40,
                "familles_monoparentales": 20,
                "couples_sans_enfant": 20,
                "couples_avec_enfants": 20,
                "grandes_familles": 12,
                "titulaires_moins_30": 12,
                "titulaires_65_plus": 30,
                "emmenages_recents": 25,
            }
        ]
    )
    valeurs, masque = parc.occupation(ops, seuil=11)
    # « < 20 % » (5) is hidden with its share. « < 40 % » (35) = « < 20 % » + « 20-40 % » (30): the
    # 20-40 band, never shown, is hidden with it (the smallest other cell of that row group), so
    # « < 40 % » and « < 60 % » can stay: 35 and 60 give the 5 back only with the 30.
    assert masque.loc[0, "menages_sous_20"] and masque.loc[0, "part_sous_20"]
    assert masque.loc[0, "menages_ress_20_40"] and not masque.loc[0, "menages_ress_40_60"]
    assert valeurs.loc[0, "menages_sous_40"] == 35 and valeurs.loc[0, "menages_sous_60"] == 60
    assert not masque.loc[0, "part_apl"] and valeurs.loc[0, "part_apl"] == pytest.approx(0.5)
    # Grandes familles 12 of 100: shown (12 ≥ 11, and the 88 others too).
    assert not masque.loc[0, "grandes_familles"]


def _ops(code, menages, apl, en_qpv=False, **autres):
    ligne = {
        "annee": 2022,
        "code_insee": code,
        "nom": f"Commune {code}",
        "en_qpv": en_qpv,
        "menages": menages,
        "menages_ress_moins_20": 0,
        "menages_ress_20_40": 0,
        "menages_ress_40_60": 0,
        "menages_ress_60_100": 0,
        "menages_ress_plus_100": 0,
        "menages_apl": apl,
        "personnes_seules": 0,
        "familles_monoparentales": 0,
        "couples_sans_enfant": 0,
        "couples_avec_enfants": 0,
        "grandes_familles": 0,
        "titulaires_moins_30": 0,
        "titulaires_65_plus": 0,
        "emmenages_recents": 0,
    }
    return ligne | autres


def test_occupation_complement_petit_masque():
    # 92 APL households among 100: the 8 others are a small group, so the count and its share
    # are hidden; the 100 households surveyed stay (they say nothing of the 8).
    valeurs, masque = parc.occupation(pd.DataFrame([_ops("x", 100, 92)]), seuil=11)
    assert masque.loc[0, "menages_apl"] and masque.loc[0, "part_apl"] and pd.isna(valeurs.loc[0, "part_apl"])
    assert not masque.loc[0, "menages"] and valeurs.loc[0, "menages"] == 100
    # 89 of 100 (11 others): shown.
    valeurs, masque = parc.occupation(pd.DataFrame([_ops("x", 100, 89)]), seuil=11)
    assert not masque.loc[0, "part_apl"] and valeurs.loc[0, "part_apl"] == pytest.approx(0.89)


def test_ops_secteurs_trois_lignes_un_groupe():
    # En QPV 40 APL of 60, hors QPV 25 of 30: the 5 hors QPV households without the APL hide the
    # hors QPV count; since en QPV + hors QPV = ensemble, a second cell of the column is hidden
    # (en QPV's 40), else 65 − 40 would give the 25 back, and 30 − 25 the 5.
    ops = pd.DataFrame([_ops("a", 60, 40, en_qpv=True), _ops("b", 30, 25)])
    v, m = parc.ops_secteurs(ops, seuil=11)
    caches = dict(zip(v["secteur"], m["menages_apl"]))
    assert caches == {"en QPV": True, "hors QPV": True, parc.ENSEMBLE: False}
    assert v.loc[v["secteur"] == parc.ENSEMBLE, "menages_apl"].iloc[0] == 65
    assert not m["menages"].any()


def test_ops_publication_selection_et_cu():
    # One sector, three communes: A 5 households (hidden), so the smallest other one, B 100, is
    # hidden too (the CU's 305 is shown). C 200 has no hidden cell.
    ops = pd.DataFrame([_ops("A", 5, 0), _ops("B", 100, 50), _ops("C", 200, 100)])
    cu = parc.ops_publication(ops, (), seuil=11)
    assert cu.publiable and cu.secteurs_valeurs.set_index("secteur").at[parc.ENSEMBLE, "menages"] == 305
    assert cu.communes_masque.set_index(cu.communes_valeurs["code_insee"])["menages"].to_dict() == {
        "A": True,
        "B": True,
        "C": False,
    }
    # C alone: its own total (200), its row read from the grid of the three communes.
    c = parc.ops_publication(ops, ("C",), seuil=11)
    assert c.publiable and c.secteurs_valeurs.set_index("secteur").at[parc.ENSEMBLE, "menages"] == 200
    assert c.communes_valeurs["code_insee"].tolist() == ["C"]
    # B and C: 300 would give A's 5 back (305 − 300). Not publiable: the CU's 305 is given instead.
    bc = parc.ops_publication(ops, ("B", "C"), seuil=11)
    assert not bc.publiable
    assert bc.secteurs_valeurs.set_index("secteur").at[parc.ENSEMBLE, "menages"] == 305
    assert bc.communes_masque.set_index(bc.communes_valeurs["code_insee"])["menages"].to_dict() == {
        "B": True,
        "C": False,
    }
    # A selection without surveyed households says so.
    assert parc.ops_publication(ops, ("Z",), seuil=11).selection_vide


# ---------------------------------------------------------------- restricted RPLS fields per commune


def _communes_abc():
    return pd.DataFrame(
        {
            "code_insee": ["A", "B", "C"],
            "nom": ["Commune A", "Commune B", "Commune C"],
            "population": [1000, 2000, 3000],
        }
    )


def _comptes_abc(**changes):
    # A: 3 dwellings vacant > 3 months among 100 let or vacant; B: 30 / 200; C: 40 / 300.
    # Mobility: 20 / 90, 15 / 180, 30 / 280. Rents: 5 €/m² everywhere.
    t = pd.DataFrame(
        {
            "millesime": 2025,
            "code_insee": ["A", "B", "C"],
            "logements": [110, 210, 310],
            "en_qpv": [0, 50, 100],
            "efg": [10, 20, 30],
            "dpe_inconnu": [0, 0, 0],
            "mises_en_service": [0, 0, 0],
            "occupation_renseignee": [110, 210, 310],
            "loues_ou_vacants": [100, 200, 300],
            "vacants_3_mois": [3, 30, 40],
            "base_mobilite": [90, 180, 280],
            "baux_annee_precedente": [20, 15, 30],
            "somme_loyers": [2500.0, 5000.0, 7500.0],
            "somme_surfaces": [500.0, 1000.0, 1500.0],
        }
    )
    for c, v in changes.items():
        t[c] = v
    return t


def test_par_commune_taux_restreint_numerateur_petit():
    v, m = parc.par_commune(_comptes_abc(), _communes_abc(), seuil=11)
    v, m = v.set_index("code_insee"), m.set_index(v["code_insee"])
    # A's 3 vacant dwellings (of 100): the rate is one cell, hidden with its numerator and its
    # denominator; the CU's 73 / 600 is shown, so the smallest other numerator (B's 30) goes too.
    assert m.loc["A", "taux_vacance"] and m.loc["A", "vacants_3_mois"] and m.loc["A", "loues_ou_vacants"]
    assert m.loc["B", "taux_vacance"] and not m.loc["C", "taux_vacance"]
    assert pd.isna(v.loc["A", "taux_vacance"]) and v.loc["C", "vacants_3_mois"] == 40
    # Mobility: no small numerator, denominator or complement: all shown.
    assert not m["taux_mobilite"].any() and v.loc["A", "baux_annee_precedente"] == 20
    # Rent: its base (100, 200, 300 let or vacant dwellings) is not small: shown, whatever the vacancy.
    assert not m["loyer_m2"].any() and v.loc["A", "loyer_m2"] == pytest.approx(5.0)
    # Dwelling counts are public.
    assert not m["logements"].any() and not m["en_qpv"].any()


def test_par_commune_complement_et_loyer_sur_petite_base():
    # B: 195 of 200 vacant (5 let: small complement); A: 8 let or vacant (rent on 8 dwellings).
    comptes = _comptes_abc(vacants_3_mois=[0, 195, 40], loues_ou_vacants=[8, 200, 300])
    v, m = parc.par_commune(comptes, _communes_abc(), seuil=11)
    m = m.set_index(v["code_insee"])
    assert m.loc["B", "taux_vacance"] and m.loc["B", "loues_ou_vacants"]
    # A (8 let or vacant) is hidden too: each column then has two hidden cells, C stays.
    assert m.loc["A", "taux_vacance"] and not m.loc["C", "taux_vacance"]
    # The rent of A's 8 dwellings is hidden, and one more rent (the smallest base: B's 200).
    assert m["loyer_m2"].to_dict() == {"A": True, "B": True, "C": False}
    assert m.loc["A", "somme_loyers"] and m.loc["A", "somme_surfaces"]


def test_par_commune_grille_puis_selection():
    # The grid is computed on the three communes; the selection only drops rows.
    tout_v, tout_m = parc.par_commune(_comptes_abc(), _communes_abc(), seuil=11)
    v, m = parc.par_commune(_comptes_abc(), _communes_abc(), seuil=11, selection=("A", "C"))
    assert v["code_insee"].tolist() == ["C", "A"]  # by decreasing stock
    attendu = tout_m.set_index(tout_v["code_insee"]).loc[["C", "A"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(m, attendu)


def test_caches_selection_regle_des_selections():
    comptes = _comptes_abc()
    v, m = parc.grille_communes(comptes, _communes_abc(), seuil=11)
    grille = m.set_index(v["code_insee"])

    def total(codes):
        return parc.total(comptes[comptes["code_insee"].isin(codes)])

    # The whole CU: shown.
    assert parc.caches_selection(grille, total(["A", "B", "C"]), (), (), 11) == {
        "vacance": None,
        "mobilite": None,
        "loyer": None,
    }
    # C alone has no hidden cell: its rates are shown.
    assert parc.caches_selection(grille, total(["C"]), ("C",), (), 11)["vacance"] is None
    # B + C = the CU minus A: 70 / 500 would give A's 3 / 100 back (73 / 600 is public).
    caches = parc.caches_selection(grille, total(["B", "C"]), ("B", "C"), (), 11)
    assert caches == {"vacance": secret.POURQUOI_SELECTION, "mobilite": None, "loyer": None}
    # A landlord filter with no commune: the CU of that landlord, a cell like any other (5 vacant).
    petit = pd.Series({"vacants_3_mois": 5, "loues_ou_vacants": 300, "baux_annee_precedente": 30, "base_mobilite": 280})
    caches = parc.caches_selection(None, petit, (), ("Alpha",), 11)
    assert caches["vacance"] == secret.PHRASE.format(seuil=11) and caches["mobilite"] is None
    assert caches["loyer"] is None


def test_masquer_taux_de_la_carte_meme_regle():
    # The map's call (carte.tableau, rule rpls_restreint): a small numerator hides the rate.
    df = pd.DataFrame(
        {"denominateur": [100.0, 200.0, 300.0], "numerateur": [3.0, 30.0, 40.0], "valeur": [0.03, 0.15, 0.4 / 3]}
    )
    _, m = parc.masquer_taux(df, "denominateur", ["numerateur", "valeur"], seuil=11)
    assert m["denominateur"].tolist() == [True, True, False]
    assert m["valeur"].tolist() == [True, True, False]


def test_filtre_bailleur_autres_bailleurs_petits_masques():
    # Every landlord: _comptes_abc. One landlord: the same, except in C where it has 290 of the 300
    # dwellings let or vacant and 36 of the 40 vacant ones. C's figures for this landlord pass the
    # rule on their own (36 / 290), but « all landlords » (40 / 300) minus them gives the other
    # landlords' 4 / 10: hidden, rent too (10 other dwellings), and the role does not lift it.
    tous = _comptes_abc()
    filtre = _comptes_abc(
        loues_ou_vacants=[100, 200, 290],
        vacants_3_mois=[30, 30, 36],
        somme_loyers=[2500.0, 5000.0, 7250.0],
        somme_surfaces=[500.0, 1000.0, 1450.0],
    )
    seul_v, seul_m = parc.par_commune(filtre, _communes_abc(), seuil=11)
    assert not seul_m.set_index(seul_v["code_insee"]).loc["C", "taux_vacance"]
    v, m = parc.par_commune(filtre, _communes_abc(), seuil=11, ind_tous=tous)
    m = m.set_index(v["code_insee"])
    assert m.loc["C", "taux_vacance"] and m.loc["C", "vacants_3_mois"] and m.loc["C", "loues_ou_vacants"]
    assert m.loc["C", "loyer_m2"]
    # ... with a second hidden cell in each column (the CU total of the landlord is shown).
    assert m["taux_vacance"].sum() == 2 and m["loyer_m2"].sum() == 2
    # Mobility: the other landlords' counts are 0 everywhere (nothing to give back).
    assert not m["taux_mobilite"].any()
    # The selection {C} for this landlord: 36 / 290, but 40 / 300 for all landlords: hidden.
    total_f = parc.total(filtre[filtre["code_insee"] == "C"])
    total_t = parc.total(tous[tous["code_insee"] == "C"])
    caches = parc.caches_selection(None, total_f, (), ("Alpha",), 11, total_t)
    assert caches == {
        "vacance": secret.PHRASE.format(seuil=11),
        "mobilite": None,
        "loyer": secret.PHRASE.format(seuil=11),
    }
