import re
from pathlib import Path

import pytest

from observatoire.base import db, derives
from observatoire.base.chemins import QUERIES, RACINE


def test_nom_de_requete_invalide_refuse():
    for nom in ["../schema", "communes_liste; DROP TABLE communes", "COMMUNES_LISTE", "inexistante"]:
        with pytest.raises(db.RequeteInconnue):
            db.sql_de(nom)


def test_parametres_lus_hors_commentaires():
    assert db.parametres_de("parc_repartitions") == {"millesime", "communes", "bailleurs"}
    assert db.parametres_de("annees_disponibles") == frozenset()


def test_parametre_manquant(base_fixture):
    with pytest.raises(TypeError, match="millesime"):
        db.requete(base_fixture, "parc_repartitions", communes=None, bailleurs=None)


def test_valeur_hostile_liee_jamais_interpretee(base_fixture):
    df = db.requete(base_fixture, "parc_repartitions", millesime=2025, communes=["62041' OR 1=1 --"], bailleurs=None)
    assert len(df) == 0
    assert len(db.requete(base_fixture, "parc_repartitions", millesime=2025, communes=["62041"], bailleurs=None))


def test_toutes_les_requetes_ont_un_commentaire_d_intention():
    fichiers = list(QUERIES.rglob("*.sql"))
    assert len(fichiers) > 40
    for f in fichiers:
        assert f.read_text(encoding="utf-8").lstrip().startswith("--"), f.name


# ---------------------------------------------------------------- queries/ split by role


def test_chaque_requete_est_dans_un_dossier_de_role():
    hors_role = [
        str(f.relative_to(QUERIES))
        for f in QUERIES.rglob("*.sql")
        if f.parent.parent != QUERIES or f.parent.name not in db.ROLES
    ]
    assert hors_role == []
    assert {f"derivee_{t}" for t in derives.TABLES} == {f.stem for f in (QUERIES / "derives").glob("*.sql")}


def test_requete_trouvee_par_son_nom_nu_dans_son_dossier():
    fichiers = db.fichiers_requetes()
    assert fichiers["communes_liste"] == QUERIES / "pages" / "communes_liste.sql"
    assert fichiers["seuils_enregistrer"] == QUERIES / "ecritures" / "seuils_enregistrer.sql"
    assert fichiers["derivee_bailleurs"] == QUERIES / "derives" / "derivee_bailleurs.sql"
    assert fichiers["donnees_a_proteger"] == QUERIES / "build" / "donnees_a_proteger.sql"
    assert db.sql_de("communes_liste").startswith("--")


def test_un_nom_en_double_est_refuse_en_francais(tmp_path):
    for role in ("pages", "build"):
        (tmp_path / "queries" / role).mkdir(parents=True)
        (tmp_path / "queries" / role / "communes.sql").write_text("-- x\nSELECT 1", encoding="utf-8")
    (tmp_path / "queries" / "pages" / "autre.sql").write_text("-- y\nSELECT 2", encoding="utf-8")
    with pytest.raises(db.RequeteEnDouble) as e:
        db.fichiers_requetes(tmp_path / "queries")
    assert str(e.value) == (
        "La requête « communes » existe en double (queries/pages/communes.sql et queries/build/communes.sql) : "
        "un nom ne doit désigner qu'un fichier de queries/, renommez l'un des deux."
    )
    (tmp_path / "queries" / "build" / "communes.sql").unlink()
    assert set(db.fichiers_requetes(tmp_path / "queries")) == {"communes", "autre"}


SOURCES_PYTHON = ("observatoire", "pages", "scripts", "bench", "app.py")


def requetes_sans_lecteur(noms, racine: Path) -> list[str]:
    """The query names no Python source under `racine` mentions as a string literal (derived
    tables are read through derives.TABLES: `derivee_<table>`)."""
    textes = []
    for entree in SOURCES_PYTHON:
        chemin = racine / entree
        fichiers = [chemin] if chemin.is_file() else sorted(chemin.rglob("*.py")) if chemin.is_dir() else []
        textes += [f.read_text(encoding="utf-8") for f in fichiers]
    tout = "\n".join(textes)
    lus = set(re.findall(r"[\"']([a-z0-9_]+)[\"']", tout)) | {f"derivee_{t}" for t in derives.TABLES}
    return sorted(set(noms) - lus)


def test_aucune_requete_morte():
    assert requetes_sans_lecteur(db.fichiers_requetes(), RACINE) == []


def test_une_requete_que_personne_ne_lit_est_signalee(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "accueil.py").write_text('ui.donnees("communes_liste")\n', encoding="utf-8")
    assert requetes_sans_lecteur(["communes_liste", "orpheline"], tmp_path) == ["orpheline"]


def test_base_absente_message_clair(tmp_path):
    with pytest.raises(FileNotFoundError, match="observatoire build"):
        db.connecter(tmp_path / "absente.duckdb")


def test_territoire_restreint_les_requetes_de_reference(chemin_fixture, tmp_path, monkeypatch):
    """OBSERVATOIRE_EPCI: the communes of one EPCI only, in a base holding two."""
    import shutil

    import duckdb

    shutil.copyfile(chemin_fixture, tmp_path / "deux_epci.duckdb")
    base_fixture = duckdb.connect(str(tmp_path / "deux_epci.duckdb"))
    base_fixture.execute(
        "INSERT INTO communes VALUES ('59350', 'Lille', 236710, '200093201', 'MEL', 3.06, 50.63, NULL)"
    )
    monkeypatch.delenv(db.VARIABLE_EPCI, raising=False)
    assert "59350" in db.requete(base_fixture, "communes_liste")["code_insee"].tolist()
    monkeypatch.setenv(db.VARIABLE_EPCI, "200033579")
    for nom in ("communes_liste", "carte_communes"):
        codes = db.requete(base_fixture, nom)["code_insee"].tolist()
        assert "59350" not in codes and {"62041", "62004", "62085"} <= set(codes), nom
    monkeypatch.setenv(db.VARIABLE_EPCI, "200093201")
    assert db.requete(base_fixture, "communes_liste")["code_insee"].tolist() == ["59350"]
    # an explicit value wins over the setting
    assert len(db.requete(base_fixture, "communes_liste", epci=None)) == 4
