import pytest

from observatoire.base import db


def test_nom_de_requete_invalide_refuse():
    for nom in ["../schema", "communes_liste; DROP TABLE communes", "COMMUNES_LISTE", "inexistante"]:
        with pytest.raises(db.RequeteInconnue):
            db.sql_de(nom)


def test_parametres_lus_hors_commentaires():
    assert db.parametres_de("parc_social_effectif") == {"millesime", "communes", "bailleurs"}
    assert db.parametres_de("annees_disponibles") == frozenset()


def test_parametre_manquant(base_fixture):
    with pytest.raises(TypeError, match="millesime"):
        db.requete(base_fixture, "parc_social_effectif", communes=None, bailleurs=None)


def test_valeur_hostile_liee_jamais_interpretee(base_fixture):
    df = db.requete(base_fixture, "parc_social_effectif", millesime=2025, communes=["62041' OR 1=1 --"], bailleurs=None)
    assert df["logements"].iloc[0] == 0


def test_toutes_les_requetes_ont_un_commentaire_d_intention():
    from observatoire.base.chemins import QUERIES

    for f in QUERIES.glob("*.sql"):
        assert f.read_text(encoding="utf-8").lstrip().startswith("--"), f.name


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
