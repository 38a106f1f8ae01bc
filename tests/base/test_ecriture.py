"""Atomic writes: a failed change leaves the base exactly as it was."""

import hashlib
import shutil

import duckdb
import pytest

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
