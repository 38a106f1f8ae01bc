"""Derived tables (observatoire/base/derives.py) and the schema (observatoire/base/schema.py): the
derived tables are filled at build, rebuilt inside every write and rolled back with it; schema.sql
replays harmlessly; a base built by an older version gets what it lacks from the same two steps
(ecriture.mettre_a_niveau)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from observatoire.base import db, derives, ecriture, schema
from observatoire.base.ecriture import modifier_base
from observatoire.chargement import importer
from tests.conftest import creer_base_sql

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


@pytest.fixture()
def base(chemin_fixture, tmp_path):
    copie = tmp_path / "base.duckdb"
    shutil.copyfile(chemin_fixture, copie)
    return copie


def _lire(chemin, sql):
    con = duckdb.connect(str(chemin), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _colonnes(chemin, table):
    return [
        r[0]
        for r in _lire(
            chemin, f"SELECT column_name FROM duckdb_columns() WHERE table_name = '{table}' ORDER BY column_index"
        )
    ]


def _stock(chemin, millesime):
    return _lire(chemin, f"SELECT sum(logements) FROM parc_communes WHERE millesime = {int(millesime)}")[0][0]


def _recalcule(chemin, tmp_path) -> dict[str, list]:
    """Every derived table recomputed from scratch on a copy of the base, rows sorted."""
    copie = tmp_path / "recalcul.duckdb"
    shutil.copyfile(chemin, copie)
    con = duckdb.connect(str(copie))
    try:
        for t in derives.TABLES:
            con.execute(f"DROP TABLE {t}")
        derives.recalculer(con)
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in derives.TABLES}
    finally:
        con.close()


def test_les_agregats_disent_ce_que_disent_les_lignes(base):
    # Counted on the rows themselves, independently of the derivation SQL.
    par_ligne = _lire(base, "SELECT millesime, code_insee, count(*) FROM rpls_logements GROUP BY ALL ORDER BY ALL")
    agrege = _lire(
        base,
        "SELECT millesime, code_insee, sum(logements)::BIGINT FROM parc_communes "
        "WHERE logements > 0 GROUP BY ALL ORDER BY ALL",
    )
    assert par_ligne and agrege == par_ligne
    bailleurs = _lire(
        base,
        "SELECT DISTINCT bailleur FROM (SELECT bailleur FROM rpls_logements UNION ALL "
        "SELECT bailleur FROM attributions) WHERE bailleur IS NOT NULL ORDER BY 1",
    )
    con = duckdb.connect(str(base), read_only=True)
    assert [(b,) for b in db.requete(con, "bailleurs_liste")["bailleur"]] == bailleurs
    par_ligne = con.execute(
        "SELECT annee, count(*), count(*) FILTER (WHERE en_qpv), count(*) FILTER (WHERE refus) "
        "FROM attributions GROUP BY annee ORDER BY annee"
    ).fetchall()
    comptes = db.requete(
        con,
        "attributions_comptes",
        annee_debut=1900,
        annee_fin=2100,
        communes=None,
        bailleurs=None,
        reservataire=None,
        reservataire_prefectoral="État",
    )
    assert par_ligne and set(comptes["niveau"]) == {"commune", "bailleur", "reservataire"}
    for niveau, lignes in comptes.groupby("niveau"):  # each level adds up to the same totals
        agrege = lignes.groupby("annee")[["attributions", "en_qpv", "refus"]].sum().reset_index()
        assert [tuple(int(v) for v in r) for r in agrege.itertuples(index=False)] == par_ligne, niveau
    con.close()


def test_colonnes_des_tables_derivees_celles_de_leur_select(base):
    # schema.sql no longer declares them: the types are the SELECT's (counts BIGINT, sums DOUBLE).
    types = dict(_lire(base, "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'parc_communes'"))
    assert (types["logements"], types["entrees"], types["somme_loyers"], types["code_insee"]) == (
        "BIGINT",
        "BIGINT",
        "DOUBLE",
        "VARCHAR",
    )
    assert _colonnes(base, "bailleurs") == ["bailleur"]
    assert "CREATE TABLE IF NOT EXISTS parc_communes" not in schema.SCHEMA.read_text(encoding="utf-8")


def test_une_ecriture_recalcule_les_agregats(base):
    avant = _stock(base, 2025)

    def ajouter(con):
        con.execute(
            "INSERT INTO rpls_logements (millesime, code_insee, id_logement, bailleur) "
            "SELECT 2025, '62041', 'nouveau', 'Bailleur ajouté'"
        )

    modifier_base(base, ajouter)
    assert _stock(base, 2025) == avant + 1
    assert ("Bailleur ajouté",) in _lire(base, "SELECT bailleur FROM bailleurs")


def test_apres_un_import_les_agregats_egalent_leur_recalcul(base_demo, tmp_path):
    copie = tmp_path / "observatoire.duckdb"
    shutil.copyfile(base_demo, copie)
    avant = _lire(copie, "SELECT count(*) FROM attributions_agregats WHERE annee = 2024")[0][0]
    importer.importer("attributions", FIX / "attributions_2024.csv", copie)
    # the file's 4 CUA attributions of 2024 replaced the demo's whole year
    assert _lire(copie, "SELECT sum(attributions) FROM attributions_agregats WHERE annee = 2024") == [(4,)]
    assert avant > 4
    recalcule = _recalcule(copie, tmp_path)
    for t in derives.TABLES:
        assert _lire(copie, f"SELECT * FROM {t} ORDER BY ALL") == recalcule[t], t


def test_une_ecriture_qui_echoue_laisse_les_agregats(base):
    avant = _lire(base, "SELECT * FROM parc_communes ORDER BY ALL")

    def echouer(con):
        con.execute("DELETE FROM rpls_logements")
        raise ValueError("fichier refusé")

    with pytest.raises(ValueError):
        modifier_base(base, echouer)
    assert _lire(base, "SELECT * FROM parc_communes ORDER BY ALL") == avant


def test_le_schema_se_rejoue_sans_rien_changer(base):
    tables = "SELECT table_name, estimated_size FROM duckdb_tables() ORDER BY ALL"
    avant = (_lire(base, tables), _lire(base, "SELECT * FROM plh_annees ORDER BY ALL"))
    con = duckdb.connect(str(base))
    schema.appliquer(con)
    schema.appliquer(con)
    con.close()
    assert (_lire(base, tables), _lire(base, "SELECT * FROM plh_annees ORDER BY ALL")) == avant
    con = duckdb.connect(str(base), read_only=True)
    assert schema.ecarts(con) == []
    con.close()
    assert ecriture.mettre_a_niveau(base) is False


# ---------------------------------------------------------------- a base built by an older version


def _vieillir(chemin):
    """Give the base the layout of an earlier version, as it was written then: no settings, no
    PLH years or perimeter, `plh.nb_annees`, attributions without ex_zus, the RPLS sheet without
    its 2024 columns, and a derived table with fewer columns and a primary key."""
    con = duckdb.connect(str(chemin))
    for t in ("reglages", "plh_annees", "plh_communes", "attributions_agregats"):
        con.execute(f"DROP TABLE {t}")
    con.execute("ALTER TABLE attributions DROP COLUMN ex_zus")
    for c in ("nb_asso", "nb_occup_finan", "nb_occup_temp"):
        con.execute(f"ALTER TABLE rpls_communes DROP COLUMN {c}")
    con.execute("ALTER TABLE plh ADD COLUMN nb_annees INTEGER")
    con.execute("INSERT INTO plh VALUES ('PLH 2014-2020', 2014, 2020, 'lecture', 'seed', 6)")
    con.execute(
        "CREATE TABLE attributions_agregats (annee INTEGER, code_insee VARCHAR, bailleur VARCHAR, "
        "reservataire VARCHAR, attributions BIGINT NOT NULL, PRIMARY KEY (annee, code_insee, bailleur, reservataire))"
    )
    con.close()


def test_ecarts_d_une_base_ancienne(base):
    _vieillir(base)
    con = duckdb.connect(str(base), read_only=True)
    ecarts = schema.ecarts(con)
    con.close()
    assert set(ecarts) == {
        "reglages",
        "plh_annees",
        "plh_communes",
        "attributions_agregats",
        "attributions.ex_zus",
        "rpls_communes.nb_asso",
        "rpls_communes.nb_occup_finan",
        "rpls_communes.nb_occup_temp",
    }


def test_mise_a_niveau_d_une_base_ancienne(base, tmp_path):
    attendu_o1 = _lire(base, "SELECT annee, sum(o1_num), sum(o1_den) FROM attributions_agregats GROUP BY 1 ORDER BY 1")
    _vieillir(base)
    assert ecriture.mettre_a_niveau(base) is True
    # the columns added since, empty (NULL = non renseigné), and no column left behind
    assert _colonnes(base, "attributions")[-1] == "ex_zus"
    assert _lire(base, "SELECT count(*) FROM attributions WHERE ex_zus IS NOT NULL") == [(0,)]
    assert _colonnes(base, "rpls_communes")[-3:] == ["nb_asso", "nb_occup_finan", "nb_occup_temp"]
    assert "nb_annees" not in _colonnes(base, "plh")
    assert _lire(base, "SELECT count(*) FROM reglages") == [(0,)]  # empty: the default reading
    # every PLH counts each of its calendar years, the default
    assert _lire(base, "SELECT plh, annee FROM plh_annees ORDER BY ALL") == [
        ("PLH 2014-2020", a) for a in range(2014, 2021)
    ]
    # the derived table rebuilt with today's columns and the same counts as before
    assert "contingent_realise" in _colonnes(base, "attributions_agregats")
    assert (
        _lire(base, "SELECT annee, sum(o1_num), sum(o1_den) FROM attributions_agregats GROUP BY 1 ORDER BY 1")
        == attendu_o1
    )
    recalcule = _recalcule(base, tmp_path)
    assert _lire(base, "SELECT * FROM attributions_agregats ORDER BY ALL") == recalcule["attributions_agregats"]
    assert ecriture.mettre_a_niveau(base) is False  # nothing left to do
    # the base before the upgrade is kept: it can be put back
    assert [v.par for v in ecriture.versions(base)][0].startswith("mise à niveau de la base (ajouts : ")


def test_mise_a_niveau_d_une_base_sans_tables_derivees(base):
    attendu = _lire(base, "SELECT * FROM parc_communes ORDER BY ALL")
    con = duckdb.connect(str(base))
    for t in derives.TABLES:
        con.execute(f"DROP TABLE {t}")
    con.close()
    assert ecriture.mettre_a_niveau(base) is True
    assert _lire(base, "SELECT * FROM parc_communes ORDER BY ALL") == attendu
    assert ecriture.mettre_a_niveau(base) is False


def test_une_colonne_de_table_derivee_en_plus_ou_en_moins_est_reconstruite(base):
    # What a new column in a derived SELECT looks like to a base built before it.
    con = duckdb.connect(str(base))
    con.execute("ALTER TABLE parc_communes DROP COLUMN sorties")
    con.execute("ALTER TABLE bailleurs ADD COLUMN ancienne VARCHAR")
    con.close()
    con = duckdb.connect(str(base), read_only=True)
    assert schema.ecarts(con) == ["bailleurs", "parc_communes"]
    con.close()
    assert ecriture.mettre_a_niveau(base) is True
    assert _colonnes(base, "parc_communes")[-1] == "sorties" and _colonnes(base, "bailleurs") == ["bailleur"]


# ---------------------------------------------------------------- attributions_niveaux

NIVEAUX_SQL = """
INSERT INTO communes VALUES
  ('62041', 'Arras', 41019, '200033579', 'CU d''Arras', 2.76, 50.29, NULL),
  ('62004', 'Achicourt', 7799, '200033579', 'CU d''Arras', 2.76, 50.27, NULL);
INSERT INTO attributions (annee, code_insee, bailleur, reservataire, geographie_qpv, en_qpv, prioritaire) VALUES
  (2024, '62041', 'A', 'État', 2024, true, true),
  (2024, '62041', 'A', 'CU d''Arras', 2024, false, true),
  (2024, '62004', 'B', 'État', 2024, false, false),
  (2024, '62004', NULL, NULL, 2024, NULL, NULL),
  (2023, '62041', 'B', 'Action Logement', 2015, true, false);
"""

COLONNES_NIVEAUX = "niveau, annee, coalesce(code_insee, bailleur, reservataire), commune, attributions, en_qpv, o3_num, o3_nr, cs_den, cs_num, cs_nr"


def _comptes_attributions(con, **filtres):
    p = {"annee_debut": 2023, "annee_fin": 2024, "communes": None, "bailleurs": None, "reservataire": None}
    return db.requete(con, "attributions_comptes", **(p | {"reservataire_prefectoral": "État"} | filtres))


def test_attributions_niveaux_comptes_a_la_main(tmp_path):
    base = creer_base_sql(tmp_path / "niveaux.duckdb", NIVEAUX_SQL)
    # Per level: attributions, en QPV, priority publics (o3_num, unknown o3_nr) and the contribution
    # solidaire outside réservataire « État » (cs_*: a NULL réservataire is outside it).
    assert _lire(base, f"SELECT {COLONNES_NIVEAUX} FROM attributions_niveaux ORDER BY ALL") == [
        ("bailleur", 2023, "B", None, 1, 1, 0, 0, 1, 0, 0),
        ("bailleur", 2024, "A", None, 2, 1, 2, 0, 1, 1, 0),
        ("bailleur", 2024, "B", None, 1, 0, 0, 0, 0, 0, 0),
        ("bailleur", 2024, "Bailleur non renseigné", None, 1, 0, 0, 1, 1, 0, 1),
        ("commune", 2023, "62041", "Arras", 1, 1, 0, 0, 1, 0, 0),
        ("commune", 2024, "62004", "Achicourt", 2, 0, 0, 1, 1, 0, 1),
        ("commune", 2024, "62041", "Arras", 2, 1, 2, 0, 1, 1, 0),
        ("reservataire", 2023, "Action Logement", None, 1, 1, 0, 0, 1, 0, 0),
        ("reservataire", 2024, "CU d'Arras", None, 1, 0, 1, 0, 1, 1, 0),
        ("reservataire", 2024, "Réservataire non renseigné", None, 1, 0, 0, 1, 1, 0, 1),
        ("reservataire", 2024, "État", None, 2, 1, 1, 0, 0, 0, 0),
    ]
    con = duckdb.connect(str(base), read_only=True)
    try:
        # Nothing selected: the query returns the derived rows of the period, as the grouping of
        # the filtered path (every commune named) computes them.
        sans_filtre = _comptes_attributions(con)
        pd.testing.assert_frame_equal(sans_filtre, _comptes_attributions(con, communes=["62004", "62041"]))
        assert len(sans_filtre) == 11
        assert len(_comptes_attributions(con, annee_debut=2024)) == 8  # 3 landlords, 2 communes, 3 réservataires
        # Another préfectoral réservataire takes the grouping path: Arras 2024 outside « CU d'Arras »
        # is the État attribution only (priority public).
        autre = _comptes_attributions(con, reservataire_prefectoral="CU d'Arras")
        arras = autre[(autre["niveau"] == "commune") & (autre["annee"] == 2024) & (autre["code_insee"] == "62041")]
        assert arras[["cs_den", "cs_num", "cs_nr"]].values.tolist() == [[1, 1, 0]]
    finally:
        con.close()


def test_attributions_o3_communes_comptes_a_la_main(tmp_path):
    base = creer_base_sql(tmp_path / "o3.duckdb", NIVEAUX_SQL)
    # Objective 3 per commune × réservataire, every landlord summed: (o3_num, o3_den, o3_nr).
    assert _lire(base, "SELECT * FROM attributions_o3_communes ORDER BY ALL") == [
        (2023, "62041", "Action Logement", 0, 1, 0),
        (2024, "62004", "Réservataire non renseigné", 0, 1, 1),
        (2024, "62004", "État", 0, 1, 0),
        (2024, "62041", "CU d'Arras", 1, 1, 0),
        (2024, "62041", "État", 1, 1, 0),
    ]
    con = duckdb.connect(str(base), read_only=True)
    try:
        tous = db.requete(con, "objectif_3_communes_reservataires", annee=2024, bailleurs=None)
        assert tous.values.tolist() == [
            ["62004", "Réservataire non renseigné", 0, 1, 1],
            ["62004", "État", 0, 1, 0],
            ["62041", "CU d'Arras", 1, 1, 0],
            ["62041", "État", 1, 1, 0],
        ]
        # A landlord selected: grouped from attributions_agregats (landlord A: Arras only).
        a = db.requete(con, "objectif_3_communes_reservataires", annee=2024, bailleurs=["A"])
        assert a.values.tolist() == [["62041", "CU d'Arras", 1, 1, 0], ["62041", "État", 1, 1, 0]]
        assert list(a.dtypes) == list(tous.dtypes)
    finally:
        con.close()


# ---------------------------------------------------------------- production_cumuls

PRODUCTION_SQL = """
INSERT INTO communes VALUES
  ('62041', 'Arras', 41019, '200033579', 'CU d''Arras', 2.76, 50.29, NULL),
  ('62004', 'Achicourt', 7799, '200033579', 'CU d''Arras', 2.76, 50.27, NULL),
  ('62065', 'Beaurains', 5500, '200033579', 'CU d''Arras', 2.78, 50.27, NULL);
INSERT INTO production (annee, code_insee, indicateur, valeur, source) VALUES
  (2015, '62041', 'logements_autorises', 10, 'sitadel'),
  (2015, '62041', 'logements_autorises', 5, 'sitadel'),  -- same commune and year: summed (15)
  (2017, '62041', 'logements_autorises', 7, 'sitadel'),  -- nothing in 2016
  (2016, '62004', 'logements_autorises', 3, 'sitadel'),
  (2017, '62004', 'lls_plus', 2, 'financements');
"""


def _par_commune(con, debut, fin, annees=None, communes=None):
    r = db.requete(
        con, "production_par_commune", annee_debut=debut, annee_fin=fin, annees=annees, communes=communes, epci=None
    )
    return [
        (c, None if pd.isna(i) else i, None if pd.isna(v) else int(v), int(n))
        for c, _, i, v, n in r.itertuples(index=False)
    ]


def test_production_cumuls_et_sommes_par_commune_comptes_a_la_main(tmp_path):
    base = creer_base_sql(tmp_path / "production.duckdb", PRODUCTION_SQL)
    # Running totals (value, years with a value), every year 2015-2017, the empty ones included.
    assert _lire(base, "SELECT * FROM production_cumuls ORDER BY code_insee, indicateur, annee") == [
        ("62004", "lls_plus", 2015, 0, 0),
        ("62004", "lls_plus", 2016, 0, 0),
        ("62004", "lls_plus", 2017, 2, 1),
        ("62004", "logements_autorises", 2015, 0, 0),
        ("62004", "logements_autorises", 2016, 3, 1),
        ("62004", "logements_autorises", 2017, 3, 1),
        ("62041", "logements_autorises", 2015, 15, 1),
        ("62041", "logements_autorises", 2016, 15, 1),
        ("62041", "logements_autorises", 2017, 22, 2),
    ]
    con = duckdb.connect(str(base), read_only=True)
    try:
        # Consecutive years (running totals), a span wider than the data: every value, Beaurains empty.
        tout = [
            ("62004", "lls_plus", 2, 1),
            ("62004", "logements_autorises", 3, 1),
            ("62041", "logements_autorises", 22, 2),
            ("62065", None, None, 0),
        ]
        assert _par_commune(con, 2010, 2030) == tout
        assert _par_commune(con, 2014, 2020, annees=[2015, 2016, 2017]) == tout
        # Years with a gap (summed from the rows): 2016 left out, Achicourt's 3 dwellings with it.
        assert _par_commune(con, 2014, 2020, annees=[2015, 2017]) == [
            ("62004", "lls_plus", 2, 1),
            ("62041", "logements_autorises", 22, 2),
            ("62065", None, None, 0),
        ]
        # 2016 alone: Arras had nothing that year (no row, not a zero), Achicourt 3.
        assert _par_commune(con, 2016, 2016, annees=[2016, 2017]) == [
            ("62004", "logements_autorises", 3, 1),
            ("62041", None, None, 0),
            ("62065", None, None, 0),
        ]
        # 2017 for Arras: cumul(2017) − cumul(2016) = 7, one year.
        assert _par_commune(con, 2017, 2017, communes=["62041"]) == [("62041", "logements_autorises", 7, 1)]
        # No year asked for within the span: every commune, empty.
        assert _par_commune(con, 2014, 2020, annees=[2021]) == [
            ("62004", None, None, 0),
            ("62041", None, None, 0),
            ("62065", None, None, 0),
        ]
    finally:
        con.close()


def test_production_annees_et_par_annee_comptees_a_la_main(tmp_path):
    base = creer_base_sql(tmp_path / "production.duckdb", PRODUCTION_SQL)
    assert _lire(base, "SELECT annee, indicateur, valeur::INTEGER FROM production_annees ORDER BY ALL") == [
        (2015, "logements_autorises", 15),
        (2016, "logements_autorises", 3),
        (2017, "lls_plus", 2),
        (2017, "logements_autorises", 7),
    ]
    con = duckdb.connect(str(base), read_only=True)
    try:

        def par_annee(debut, fin, communes):
            r = db.requete(con, "production_par_annee", annee_debut=debut, annee_fin=fin, communes=communes)
            return [(a, i, int(v)) for a, i, v in r.itertuples(index=False)]

        # Every commune: the derived sums; Arras alone: summed from its rows.
        assert par_annee(2016, 2017, None) == [
            (2016, "logements_autorises", 3),
            (2017, "lls_plus", 2),
            (2017, "logements_autorises", 7),
        ]
        assert par_annee(2014, 2020, ["62041"]) == [(2015, "logements_autorises", 15), (2017, "logements_autorises", 7)]
    finally:
        con.close()


MISES_EN_SERVICE_SQL = """
INSERT INTO communes VALUES
  ('62041', 'Arras', 41019, '200033579', 'CU d''Arras', 2.76, 50.29, NULL),
  ('62004', 'Achicourt', 7799, '200033579', 'CU d''Arras', 2.76, 50.27, NULL);
INSERT INTO rpls_logements (millesime, code_insee, id_logement, financement, nouveau_logement) VALUES
  (2024, '62041', 'a1', 'PLUS', true),
  (2024, '62041', 'a2', 'PLUS', true),
  (2024, '62041', 'a3', NULL, true),     -- new, financing unknown: « autre »
  (2024, '62041', 'a4', 'PLAI', false),  -- not new
  (2024, '62004', 'b1', 'PLAI', true),
  (2024, '62004', 'b2', 'PLS', NULL),    -- flag unknown: not counted
  (2025, '62041', 'a1', 'PLUS', false);  -- a vintage with no new dwelling: zeros, not absent
"""


def test_mises_en_service_communes_comptees_a_la_main(tmp_path):
    base = creer_base_sql(tmp_path / "mes.duckdb", MISES_EN_SERVICE_SQL)
    # (vintage, commune, PLUS, PLAI, PLS, autre)
    assert _lire(base, "SELECT * FROM mises_en_service_communes ORDER BY ALL") == [
        (2024, "62004", 0, 1, 0, 0),
        (2024, "62041", 2, 0, 0, 1),
        (2025, "62041", 0, 0, 0, 0),
    ]
    con = duckdb.connect(str(base), read_only=True)
    try:

        def mes(communes, debut=2020, fin=2030):
            r = db.requete(con, "production_mises_en_service", annee_debut=debut, annee_fin=fin, communes=communes)
            return [tuple(int(x) for x in t) for t in r.itertuples(index=False)]

        # (year of service = vintage − 1, vintage, PLUS, PLAI, PLS, autre)
        assert mes(None) == [(2023, 2024, 2, 1, 0, 1), (2024, 2025, 0, 0, 0, 0)]
        assert mes(["62004"]) == [(2023, 2024, 0, 1, 0, 0), (2024, 2025, 0, 0, 0, 0)]
        assert mes(None, 2024, 2024) == [(2024, 2025, 0, 0, 0, 0)]
    finally:
        con.close()


def test_plh_taux_communes_filtre_par_territoire(tmp_path):
    base = creer_base_sql(
        tmp_path / "plh.duckdb",
        PRODUCTION_SQL
        + """
        UPDATE communes SET code_epci = '200000001' WHERE code_insee = '62065';
        INSERT INTO plh VALUES ('PLH 2015-2017', 2015, 2017, 'lecture', 'seed');
        INSERT INTO objectifs (plh, code_insee, indicateur, objectif_annuel, demo) VALUES
          ('PLH 2015-2017', '62041', 'logements', 10, false), ('PLH 2015-2017', '62004', 'logements', 2, false);
        """,
    )
    # Authorised dwellings over 2015-2017 against the annual target × 3 years, every commune of the base.
    assert _lire(
        base, "SELECT code_insee, code_epci, autorises::INTEGER, annees, objectif FROM plh_taux_communes ORDER BY 1"
    ) == [
        ("62004", "200033579", 3, 1, 6.0),
        ("62041", "200033579", 22, 2, 30.0),
        ("62065", "200000001", None, 0, None),
    ]
    con = duckdb.connect(str(base), read_only=True)
    try:
        assert db.requete(con, "carte_taux_plh", epci="200033579")["code_insee"].tolist() == ["62004", "62041"]
        assert db.requete(con, "carte_taux_plh", epci=None)["code_insee"].tolist() == ["62004", "62041", "62065"]
        assert "code_epci" not in db.requete(con, "carte_taux_plh", epci=None).columns
    finally:
        con.close()
