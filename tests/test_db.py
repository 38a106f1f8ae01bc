import pytest

from observatoire import db


def test_nom_de_requete_invalide_refuse():
    for nom in ["../schema", "communes_liste; DROP TABLE communes", "COMMUNES_LISTE", "inexistante"]:
        with pytest.raises(db.RequeteInconnue):
            db.sql_de(nom)


def test_parametres_lus_hors_commentaires():
    assert db.parametres_de("parc_social_effectif") == {"millesime", "communes", "bailleurs"}
    assert db.parametres_de("communes_liste") == frozenset()


def test_parametre_manquant(base_fixture):
    with pytest.raises(TypeError, match="millesime"):
        db.requete(base_fixture, "parc_social_effectif", communes=None, bailleurs=None)


def test_valeur_hostile_liee_jamais_interpretee(base_fixture):
    df = db.requete(base_fixture, "parc_social_effectif", millesime=2025, communes=["62041' OR 1=1 --"], bailleurs=None)
    assert df["logements"].iloc[0] == 0


def test_toutes_les_requetes_ont_un_commentaire_d_intention():
    from observatoire.chemins import QUERIES

    for f in QUERIES.glob("*.sql"):
        assert f.read_text(encoding="utf-8").lstrip().startswith("--"), f.name


def test_base_absente_message_clair(tmp_path):
    with pytest.raises(FileNotFoundError, match="observatoire build"):
        db.connecter(tmp_path / "absente.duckdb")
