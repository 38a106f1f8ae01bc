"""The database build: every table filled from data/, provenance recorded, codes kept as text,
and a failed build leaves the previous base untouched."""

import hashlib
import shutil
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from observatoire.base.build import construire
from observatoire.base.chemins import DATA, RACINE


@pytest.fixture(scope="module")
def con(base_demo):
    c = duckdb.connect(str(base_demo), read_only=True)
    yield c
    c.close()


def compte(con, sql):
    return con.execute(sql).fetchone()[0]


def test_tables_remplies(con):
    assert compte(con, "SELECT count(*) FROM communes") == 46
    assert compte(con, "SELECT sum(population) FROM communes") == 107763
    assert compte(con, "SELECT count(*) FROM qpv WHERE geographie = 2024") == 6
    assert compte(con, "SELECT count(*) FROM qpv WHERE geographie = 2015") == 5
    assert compte(con, "SELECT count(DISTINCT millesime) FROM rpls_logements") == 10
    assert (
        12700 <= compte(con, "SELECT count(*) FROM rpls_logements WHERE millesime = 2025") <= 13300
    )  # 2024 = 12 853 réel
    assert compte(con, "SELECT count(DISTINCT annee) FROM attributions") == 9
    for t in ["ops", "production", "objectifs", "seuils_premier_quartile", "contingent_flux", "plh"]:
        assert compte(con, f"SELECT count(*) FROM {t}") > 0, t


def test_lignes_egales_aux_fichiers_sources(con):
    import gzip

    with gzip.open(DATA / "demo" / "rpls_2025.csv.gz", "rt", encoding="utf-8") as f:
        lignes_fichier = sum(1 for _ in f) - 1
    assert compte(con, "SELECT count(*) FROM rpls_logements WHERE millesime = 2025") == lignes_fichier
    with open(DATA / "demo" / "attributions.csv", encoding="utf-8") as f:
        assert compte(con, "SELECT count(*) FROM attributions") == sum(1 for _ in f) - 1


def test_codes_en_texte_et_demo_tracee(con):
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'rpls_logements'"
        ).fetchall()
    )
    assert types["code_insee"] == "VARCHAR" and types["finan_code"] == "VARCHAR"
    jeux = dict(con.execute("SELECT jeu, bool_or(demo) FROM imports GROUP BY jeu").fetchall())
    assert jeux["communes"] is False and jeux["objectifs_plh"] is False
    assert jeux["rpls"] is True and jeux["attributions"] is True
    assert compte(con, "SELECT count(*) FROM imports WHERE jeu = 'rpls'") == 10


def test_premier_quartile_derive_pour_2017_2018(con):
    # demo exports of 2017-2018 carry resources per UC, not the flag: the aggregates derive it from
    # the year's threshold, and the source rows keep the empty flag the file declared
    assert (
        compte(con, "SELECT count(*) FROM attributions WHERE annee IN (2017, 2018) AND ressources_uc IS NOT NULL")
        > 2000
    )
    assert (
        compte(con, "SELECT count(*) FROM attributions WHERE annee IN (2017, 2018) AND premier_quartile IS NOT NULL")
        == 0
    )
    a_la_main = compte(
        con,
        """
        SELECT count(*) FROM attributions a JOIN seuils_premier_quartile s USING (annee)
        WHERE a.annee = 2017 AND NOT a.en_qpv AND a.bail_signe AND (a.ressources_uc < s.seuil_euros_uc OR a.relogement_anru)
    """,
    )
    assert compte(con, "SELECT sum(o1_num) FROM attributions_agregats WHERE annee = 2017") == a_la_main


def test_echec_du_build_laisse_la_base_precedente(copie_base_demo, tmp_path):
    cible = copie_base_demo
    avant = hashlib.sha256(cible.read_bytes()).hexdigest()
    data = tmp_path / "data"
    shutil.copytree(DATA / "reference", data / "reference")
    shutil.copytree(DATA / "demo", data / "demo")
    (data / "demo" / "production.csv").write_text(
        "annee;code_insee;indicateur;valeur;source\n2024;62041;logements_autorises;beaucoup;sitadel\n", encoding="utf-8"
    )
    from observatoire.chargement.sources import ErreurSource

    with pytest.raises(ErreurSource, match=r"production\.csv, ligne 2, colonne « valeur »"):
        construire(cible, data)
    assert hashlib.sha256(cible.read_bytes()).hexdigest() == avant
    assert not list(tmp_path.glob(".build-*"))


def test_ligne_de_commande(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "observatoire", "build", "--db", str(tmp_path / "b.duckdb")],
        cwd=RACINE,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert "Base construite" in r.stdout
    assert (tmp_path / "b.duckdb").is_file()


def test_un_build_ne_jette_pas_les_imports_ni_les_saisies(copie_base_demo, tmp_path):
    from observatoire.base.build import donnees_a_proteger
    from observatoire.chargement import importer
    from observatoire.indicateurs import attributions

    base = copie_base_demo
    assert donnees_a_proteger(base) == []  # reference + demo only: a rebuild loses nothing
    importer.importer("rpls", RACINE / "tests" / "fixtures" / "imports" / "rpls_2024_utf8.csv", base)
    attributions.enregistrer_seuils(base, pd.DataFrame({"annee": [2030], "seuil_euros_uc": [9000.0]}))
    assert dict(donnees_a_proteger(base)) == {"rpls": 1, "seuils du 1er quartile saisis": 1}
    avant = hashlib.sha256(base.read_bytes()).hexdigest()
    cli = [sys.executable, "-m", "observatoire", "build", "--db", str(base)]
    r = subprocess.run(cli, cwd=RACINE, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert (
        "Construction refusée, base conservée" in r.stderr and "rpls (1 ligne)" in r.stderr and "--ecraser" in r.stderr
    )
    assert hashlib.sha256(base.read_bytes()).hexdigest() == avant
    r = subprocess.run(cli + ["--ecraser"], cwd=RACINE, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert donnees_a_proteger(base) == []


def test_une_base_d_une_version_anterieure_est_protegee_sans_trace(tmp_path):
    """A base built by an older version (a table the check reads is missing) crashed the build
    with a DuckDB traceback; it is now refused in French, kept as is, and --ecraser rebuilds it."""
    import duckdb

    base = tmp_path / "ancienne.duckdb"
    con = duckdb.connect(str(base))
    con.execute("CREATE TABLE imports (jeu VARCHAR, fichier VARCHAR, sha256 VARCHAR, demo BOOLEAN)")
    con.close()
    avant = hashlib.sha256(base.read_bytes()).hexdigest()
    cli = [sys.executable, "-m", "observatoire", "build", "--db", str(base)]
    r = subprocess.run(cli, cwd=RACINE, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert "version antérieure" in r.stderr and "--ecraser" in r.stderr
    assert hashlib.sha256(base.read_bytes()).hexdigest() == avant
    r = subprocess.run(cli + ["--ecraser"], cwd=RACINE, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    assert "Base construite" in r.stdout
