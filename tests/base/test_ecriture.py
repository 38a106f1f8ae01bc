"""Atomic writes: a failed change leaves the base exactly as it was."""

import hashlib
import shutil

import duckdb
import pandas as pd
import pytest

from observatoire.base import ecriture
from observatoire.base.ecriture import modifier_base


def empreinte(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_modification_reussie(chemin_fixture, tmp_path):
    base = tmp_path / "b.duckdb"
    shutil.copy(chemin_fixture, base)
    n = modifier_base(base, lambda con: con.execute("DELETE FROM attributions WHERE annee = 2024").fetchone())
    assert n == (5,)
    con = duckdb.connect(str(base), read_only=True)
    assert con.execute("SELECT count(*) FROM attributions").fetchone()[0] == 4
    con.close()


def test_echec_laisse_la_base_intacte(chemin_fixture, tmp_path):
    base = tmp_path / "b.duckdb"
    shutil.copy(chemin_fixture, base)
    avant = empreinte(base)

    def operation(con):
        con.execute("DELETE FROM attributions")
        raise ValueError("fichier invalide à mi-chemin")

    with pytest.raises(ValueError):
        modifier_base(base, operation)
    assert empreinte(base) == avant
    assert not list(tmp_path.glob(".build-*"))


def test_lecteur_ouvert_pendant_l_ecriture(chemin_fixture, tmp_path):
    base = tmp_path / "b.duckdb"
    shutil.copy(chemin_fixture, base)
    lecteur = duckdb.connect(str(base), read_only=True)
    modifier_base(base, lambda con: con.execute("DELETE FROM production"))
    # the open reader still sees its snapshot; a new reader sees the change
    assert lecteur.execute("SELECT count(*) FROM production").fetchone()[0] == 5
    lecteur.close()
    assert duckdb.connect(str(base), read_only=True).execute("SELECT count(*) FROM production").fetchone()[0] == 0


def test_restes_d_un_processus_tue_nettoyes(chemin_fixture, tmp_path):
    import os

    base = tmp_path / "b.duckdb"
    shutil.copy(chemin_fixture, base)
    mort = tmp_path / ".build-b.duckdb-4194999"  # above any pid in use here
    vivant = tmp_path / f".build-b.duckdb-{os.getppid()}"  # a live process: left alone
    mort.write_bytes(b"copie interrompue")
    vivant.write_bytes(b"ecriture en cours")
    modifier_base(base, lambda con: None)
    assert not mort.exists()
    assert vivant.exists()


# ---------------------------------------------------------------- the one write path


def _copie(chemin_fixture, tmp_path):
    base = tmp_path / "b.duckdb"
    shutil.copy(chemin_fixture, base)
    return base


def _lire(base, sql):
    con = duckdb.connect(str(base), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_echec_pendant_la_reconstruction_des_agregats_laisse_la_base_intacte(chemin_fixture, tmp_path, monkeypatch):
    # The derived tables are replaced (CREATE OR REPLACE) inside the transaction: a failure after
    # the first one leaves the file byte for byte as it was, the schema applied first included.
    base = _copie(chemin_fixture, tmp_path)
    avant = empreinte(base)
    vraie = ecriture.derives.recalculer

    def a_moitie(con):
        con.execute(ecriture.sql_de("derivee_parc_communes"))
        raise duckdb.IOException("disque plein")

    monkeypatch.setattr(ecriture.derives, "recalculer", a_moitie)
    with pytest.raises(duckdb.IOException):
        modifier_base(base, lambda con: con.execute("DELETE FROM rpls_logements"))
    assert empreinte(base) == avant
    assert not list(tmp_path.glob(".build-*")) and ecriture.versions(base) == []
    monkeypatch.setattr(ecriture.derives, "recalculer", vraie)
    assert _lire(base, "SELECT count(*) FROM rpls_logements") == [(9,)]


def test_enregistrer_seuils(chemin_fixture, tmp_path):
    base = _copie(chemin_fixture, tmp_path)
    # 2023: resources 8 000, 9 000, 8 500 per UC; threshold 8 500 (demo): only 8 000 is below it
    q1 = "SELECT sum(o1_num) FROM attributions_agregats WHERE annee = 2023"
    assert _lire(base, q1) == [(1,)]
    n = ecriture.enregistrer_seuils(base, pd.DataFrame({"annee": [2023, 2024], "seuil_euros_uc": [9500.0, 10000]}))
    assert n == 2
    assert _lire(base, "SELECT * FROM seuils_premier_quartile ORDER BY annee") == [
        (2023, 9500.0, False),
        (2024, 10000.0, False),
    ]
    assert _lire(base, q1) == [(3,)]  # 8 000, 9 000 and 8 500 < 9 500: the aggregates follow
    assert ecriture.versions(base)[0].par == "saisie des seuils du 1er quartile (2023, 2024)"


def test_enregistrer_flux_remplace_le_bailleur_annee(chemin_fixture, tmp_path):
    base = _copie(chemin_fixture, tmp_path)
    ligne = dict.fromkeys(ecriture.COLONNES_FLUX[2:], 1)
    premiere = pd.DataFrame([{"annee": 2024, "bailleur": "Bailleur A (fictif)", **ligne}])
    assert ecriture.enregistrer_flux(base, premiere) == 1
    seconde = pd.DataFrame(
        [
            {"annee": 2024, "bailleur": "Bailleur A (fictif)", **ligne, "mises_en_location": 40},
            {"annee": 2024, "bailleur": "Bailleur B (fictif)", **ligne, "mises_en_location": 7},
        ]
    )
    assert ecriture.enregistrer_flux(base, seconde) == 2
    assert _lire(base, "SELECT bailleur, mises_en_location, demo FROM contingent_flux ORDER BY bailleur") == [
        ("Bailleur A (fictif)", 40, False),
        ("Bailleur B (fictif)", 7, False),
    ]


def test_enregistrer_reglage_remplace_la_valeur(chemin_fixture, tmp_path):
    base = _copie(chemin_fixture, tmp_path)
    ecriture.enregistrer_reglage(base, "contribution_solidaire_lecture", "hors_prefectoral")
    assert ecriture.enregistrer_reglage(base, "contribution_solidaire_lecture", "epci") == "epci"
    assert _lire(base, "SELECT cle, valeur FROM reglages") == [("contribution_solidaire_lecture", "epci")]


def test_enregistrer_lecture_plh(chemin_fixture, tmp_path):
    base = _copie(chemin_fixture, tmp_path)
    modifier_base(base, lambda con: con.execute("INSERT INTO plh VALUES ('PLH 2014-2020', 2014, 2020, NULL, 'test')"))
    # the schema gave the new PLH every calendar year at the next write (none was written)
    ecriture.enregistrer_lecture_plh(base, "PLH 2014-2020", [2019, 2014, 2015, 2014], ["62041", "62004"])
    assert _lire(base, "SELECT annee FROM plh_annees ORDER BY annee") == [(2014,), (2015,), (2019,)]
    assert _lire(base, "SELECT code_insee FROM plh_communes ORDER BY 1") == [("62004",), ("62041",)]
    ecriture.enregistrer_lecture_plh(base, "PLH 2014-2020", [2016], [])
    assert _lire(base, "SELECT annee FROM plh_annees") == [(2016,)]
    assert _lire(base, "SELECT count(*) FROM plh_communes") == [(0,)]


def test_ajouter_plh_ecrit_et_nomme_la_version(chemin_fixture, tmp_path):
    from observatoire.indicateurs import plh

    base = _copie(chemin_fixture, tmp_path)
    nouveau = plh.Plh("PLH 2026-2031", 2026, 2031, lecture="essai")
    cibles = pd.DataFrame(
        {
            "indicateur": ["logements", "lls", "lls_pls"],
            "objectif_annuel": [500, None, None],
            "objectif_periode": [None, None, 60],
        }
    )
    # lls has no target at all: skipped, 2 rows written
    assert ecriture.ajouter_plh(base, nouveau, cibles, "saisie du 01/01/2026") == 2
    assert _lire(base, "SELECT plh, annee_debut, annee_fin, lecture FROM plh") == [
        ("PLH 2026-2031", 2026, 2031, "essai")
    ]
    assert _lire(base, "SELECT indicateur, objectif_annuel, objectif_periode, demo FROM objectifs ORDER BY 1") == [
        ("lls_pls", None, 60.0, False),
        ("logements", 500.0, None, False),
    ]
    assert _lire(base, "SELECT min(annee), max(annee), count(*) FROM plh_annees") == [(2026, 2031, 6)]
    assert ecriture.versions(base)[0].par == "ajout du PLH 2026-2031"


def test_ajouter_plh_deja_present_laisse_la_base_intacte(chemin_fixture, tmp_path):
    from observatoire.indicateurs import plh

    base = _copie(chemin_fixture, tmp_path)
    nouveau = plh.Plh("PLH 2026-2031", 2026, 2031)
    ecriture.ajouter_plh(base, nouveau, pd.DataFrame(columns=["indicateur"]), "saisie")
    avant, versions_avant = empreinte(base), len(ecriture.versions(base))
    with pytest.raises(duckdb.ConstraintException):  # the name is the key of `plh`
        ecriture.ajouter_plh(base, nouveau, pd.DataFrame(columns=["indicateur"]), "saisie")
    assert empreinte(base) == avant and len(ecriture.versions(base)) == versions_avant
    assert not list(tmp_path.glob(".build-*"))


def test_enregistrer_objectifs_communes(chemin_fixture, tmp_path):
    from observatoire.indicateurs import plh

    base = _copie(chemin_fixture, tmp_path)
    p = plh.Plh("PLH 2014-2020", 2014, 2020)
    ecriture.ajouter_plh(base, p, pd.DataFrame(columns=["indicateur"]), "saisie")
    edite = pd.DataFrame(
        {"code_insee": ["62041", "62004"], "logements": [120, None], "lls": [40, 3], "accession_aidee": [None, None]}
    )
    assert ecriture.enregistrer_objectifs_communes(base, p, edite, "saisie du 02/02/2026") == 3
    assert _lire(base, "SELECT code_insee, indicateur, objectif_annuel, source FROM objectifs ORDER BY 1, 2") == [
        ("62004", "lls", 3.0, "saisie du 02/02/2026"),
        ("62041", "lls", 40.0, "saisie du 02/02/2026"),
        ("62041", "logements", 120.0, "saisie du 02/02/2026"),
    ]
    assert ecriture.versions(base)[0].par == "objectifs communaux du PLH 2014-2020"

    # a table the operation cannot read (no code_insee) fails after the old targets were deleted
    # on the copy: the file keeps them, byte for byte
    avant = empreinte(base)
    with pytest.raises(KeyError):
        ecriture.enregistrer_objectifs_communes(base, p, edite.drop(columns="code_insee"), "saisie")
    assert empreinte(base) == avant
    assert _lire(base, "SELECT count(*) FROM objectifs") == [(3,)]
