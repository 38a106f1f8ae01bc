"""The Données page's versions table and texts (ecrans/versions.py), without Streamlit."""

from datetime import datetime
from pathlib import Path

from observatoire.base.ecriture import Version
from observatoire.ecrans import versions

LISTE = [
    Version(
        "20261122-100403-123456", Path("x.duckdb"), datetime(2026, 11, 22, 10, 4, 3), "import de a.csv", 12_345_678
    ),
    Version("20261121-090000-000001", Path("y.duckdb"), datetime(2026, 11, 21, 9, 0, 0), "saisie des seuils", 50_000),
]


def test_table_versions_numerotee_du_plus_recent():
    t = versions.table_versions(LISTE)
    assert list(t.columns) == ["N°", "Base remplacée le", "Remplacée par", "Taille (Mo)"]
    assert t.iloc[0].tolist() == [1, "22/11/2026 10:04:03", "import de a.csv", "12,3"]
    assert t.iloc[1].tolist() == [2, "21/11/2026 09:00:00", "saisie des seuils", "0,1"]


def test_libelles_du_choix_et_phrases():
    assert versions.libelles_choix(LISTE) == {
        "20261122-100403-123456": "n° 1 — base du 22/11/2026 10:04:03, avant : import de a.csv",
        "20261121-090000-000001": "n° 2 — base du 21/11/2026 09:00:00, avant : saisie des seuils",
    }
    assert versions.phrase_restauree(LISTE[1]) == (
        "Version restaurée : base du 21/11/2026 à 09:00:00, avant : saisie des seuils. "
        "La base remplacée est gardée comme version : la restauration peut être annulée."
    )
    assert "les 10 dernières sont conservées" in versions.explication(10)
