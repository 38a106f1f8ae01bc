"""The preview's tables and texts of the import flow (ecrans/import_fichiers.py), on a real
preview of a fixture file (importer.analyser reads it; nothing is written)."""

from pathlib import Path

import pandas as pd
import pytest

from observatoire.chargement import importer
from observatoire.ecrans import import_fichiers as imp

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


@pytest.fixture(scope="module")
def apercu(tmp_path_factory):
    from tests.conftest import creer_base_fixture

    base = creer_base_fixture(tmp_path_factory.mktemp("imp") / "b.duckdb")
    return importer.analyser("rpls", FIX / "rpls_2024_codes_invalides.csv", base)


def test_texte_du_bouton_accorde():
    assert imp.texte_confirmation(1) == "Importer 1 ligne dans la base"
    assert imp.texte_confirmation(0) == "Importer 0 ligne dans la base"
    assert imp.texte_confirmation(12345) == "Importer 12\u202f345 lignes dans la base"  # narrow no-break space


def test_titre_et_table_d_impact_selon_le_jeu():
    impact = pd.DataFrame(
        {"effet": ["supprimé"], "periode": ["2024"], "detail": ["Bailleur A"], "lignes": [3], "autre": [0]}
    )
    t = imp.table_impact(impact, "attributions")
    assert list(t.columns) == ["Effet", "Année (ou PLH)", "Bailleur", "Lignes"]
    assert list(imp.table_impact(impact, "rpls").columns) == ["Effet", "Année (ou PLH)", "Communes", "Lignes"]
    assert imp.titre_impact("attributions") == (
        "**Ce que l'import supprime et ce qu'il garde dans la base**, par année et bailleur :"
    )
    assert imp.titre_impact("rpls") == "**Ce que l'import supprime et ce qu'il garde dans la base**, par année :"


def test_tables_de_l_apercu(apercu):
    # the fixture: 8 lines read, 1 kept, 7 rejected (as the browser test of the page reads them)
    assert (apercu.lignes_lues, apercu.lignes_gardees, apercu.lignes_rejetees) == (8, 1, 7)
    rejets = imp.table_rejets(apercu.motifs())
    assert list(rejets.columns) == ["Première ligne", "Colonne", "Motif", "Lignes", "Attendu"]
    assert rejets["Lignes"].sum() == 7
    remplissage = imp.table_remplissage(apercu.remplissage())
    assert list(remplissage.columns)[:3] == ["Colonne", "Renseignées", "Vides"]
    assert (remplissage["Renseignées"] + remplissage["Vides"] == 1).all()  # one kept line


def test_phrase_du_fichier_public():
    phrase = imp.phrase_fichier_public("2024")
    assert phrase.startswith("**Fichier public du RPLS.** Pour le millésime 2024, taux de vacance")
    assert "« non disponible dans le fichier public » (jamais 0)" in phrase
