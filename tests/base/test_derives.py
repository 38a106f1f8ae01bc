"""Derived tables (observatoire/base/derives.py): filled at build, recomputed inside every write and
rolled back with it, added to a database built before they existed."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from observatoire.base import db, derives
from observatoire.base.ecriture import modifier_base


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


def _stock(chemin, millesime):
    return _lire(chemin, f"SELECT sum(logements) FROM parc_communes WHERE millesime = {int(millesime)}")[0][0]


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


def test_une_ecriture_qui_echoue_laisse_les_agregats(base):
    avant = _lire(base, "SELECT * FROM parc_communes ORDER BY ALL")

    def echouer(con):
        con.execute("DELETE FROM rpls_logements")
        raise ValueError("fichier refusé")

    with pytest.raises(ValueError):
        modifier_base(base, echouer)
    assert _lire(base, "SELECT * FROM parc_communes ORDER BY ALL") == avant


def test_mise_a_niveau_d_une_base_sans_tables_derivees(base):
    attendu = _lire(base, "SELECT * FROM parc_communes ORDER BY ALL")
    con = duckdb.connect(str(base))
    for t in derives.TABLES:
        con.execute(f"DROP TABLE {t}")
    con.close()
    assert derives.mettre_a_niveau(base) is True
    assert _lire(base, "SELECT * FROM parc_communes ORDER BY ALL") == attendu
    assert derives.mettre_a_niveau(base) is False  # nothing left to do


def test_mise_a_niveau_d_une_base_aux_agregats_anciens_et_sans_reglages(base):
    # A base built before the contingent columns and the settings table: the derived table is
    # rebuilt with the schema's columns, the settings table is created (empty: default reading).
    attendu = _lire(base, "SELECT annee, code_insee, attributions FROM attributions_agregats ORDER BY ALL")
    con = duckdb.connect(str(base))
    con.execute("ALTER TABLE attributions_agregats DROP COLUMN contingent_realise")
    con.execute("DROP TABLE reglages")
    con.close()
    assert derives.mettre_a_niveau(base) is True
    assert _lire(base, "SELECT annee, code_insee, attributions FROM attributions_agregats ORDER BY ALL") == attendu
    assert _lire(base, "SELECT count(*) FROM reglages") == [(0,)]
    assert derives.mettre_a_niveau(base) is False


def test_mise_a_niveau_d_une_base_sans_colonne_ex_zus(base):
    attendu = _lire(base, "SELECT annee, sum(o1_num), sum(o1_den) FROM attributions_agregats GROUP BY 1 ORDER BY 1")
    con = duckdb.connect(str(base))
    con.execute("ALTER TABLE attributions DROP COLUMN ex_zus")  # a base built before the column
    con.close()
    con = duckdb.connect(str(base), read_only=True)
    assert "attributions.ex_zus" in derives.manquantes(con)
    con.close()
    assert derives.mettre_a_niveau(base) is True
    assert _lire(base, "SELECT count(*) FROM attributions WHERE ex_zus IS NOT NULL") == [(0,)]
    assert (
        _lire(base, "SELECT annee, sum(o1_num), sum(o1_den) FROM attributions_agregats GROUP BY 1 ORDER BY 1")
        == attendu
    )
    assert derives.mettre_a_niveau(base) is False
