"""The Données page's provenance tables (figures/provenance.py), on hand-built query results."""

import pandas as pd

from observatoire.figures import provenance


def libelle(jeu):
    return {"rpls": "parc social (RPLS)"}.get(jeu, jeu)


def test_date_chargement_en_francais_et_tiret_sans_date():
    dates = pd.Series([pd.Timestamp("2026-11-22 10:04:59"), None])
    assert provenance.date_chargement(dates).tolist() == ["22/11/2026 10:04", "–"]


def test_table_jeux():
    jeux = pd.DataFrame(
        {
            "jeu": ["rpls", "communes"],
            "demo": [True, False],
            "millesimes": ["2024, 2025", None],
            "fichiers": [2, 1],
            "lignes": [25838.0, 46.0],
            "dernier_import": [pd.Timestamp("2026-11-28 11:19"), pd.Timestamp("2026-01-02 08:00")],
        }
    )
    t = provenance.table_jeux(jeux, libelle)
    assert list(t.columns) == [
        "Jeu de données",
        "Code",
        "Statut",
        "Millésimes",
        "Fichiers",
        "Lignes chargées",
        "Dernier chargement",
    ]
    assert t.iloc[0].tolist() == ["parc social (RPLS)", "rpls", "démo", "2024, 2025", 2, 25838, "28/11/2026 11:19"]
    assert t.iloc[1].tolist() == ["communes", "communes", "réel", "–", 1, 46, "02/01/2026 08:00"]
    assert str(t["Lignes chargées"].dtype) == "Int64"  # 25838, not 25838.0
    assert jeux["millesimes"].isna().iloc[1]  # the query result is left as it was


def test_table_provenance():
    prov = pd.DataFrame(
        {
            "jeu": ["rpls"],
            "millesime": [2024.0],
            "fichier": ["rpls_2024.csv.gz"],
            "demo": [False],
            "lignes_lues": [10],
            "lignes_chargees": [8],
            "lignes_rejetees": [2],
            "importe_le": [pd.Timestamp("2026-03-04 05:06")],
            "sha256": ["ab12"],
            "autre": ["pas montré"],
        }
    )
    t = provenance.table_provenance(prov, libelle)
    assert list(t.columns) == [
        "Jeu",
        "Millésime",
        "Fichier",
        "Statut",
        "Lues",
        "Chargées",
        "Rejetées",
        "Chargé le",
        "SHA-256",
    ]
    assert t.iloc[0].tolist() == [
        "parc social (RPLS)",
        "2024",
        "rpls_2024.csv.gz",
        "réel",
        10,
        8,
        2,
        "04/03/2026 05:06",
        "ab12",
    ]
    sans = provenance.table_provenance(prov.assign(millesime=[None]), libelle)
    assert sans["Millésime"].tolist() == ["–"]


def test_table_fichiers_reconnus_et_millesimes_publics():
    reconnus = pd.DataFrame(
        {
            "jeu": ["rpls", "rpls", "sitadel"],
            "millesime": [2025, 2023, None],
            "fichier": ["a.csv", "b.csv", "c.csv"],
            "disposition": ["rpls_dido", "rpls_dido", "inconnue"],
            "nature": ["public", "loi", None],
            "date_diffusion": [None, None, pd.Timestamp("2025-09-30")],
            "detail": [None, "x", None],
            "importe_le": [pd.Timestamp("2026-01-01 00:00")] * 3,
        }
    )
    t = provenance.table_fichiers_reconnus(reconnus, libelle, {"rpls_dido": "RPLS DiDo"})
    assert t["Disposition reconnue"].tolist() == ["RPLS DiDo", "RPLS DiDo", "inconnue"]
    assert t["Fichier RPLS"].tolist() == ["public", "« version loi » (restreint)", "–"]
    assert t["Date de diffusion"].tolist() == ["–", "–", "30/09/2025"]
    assert t["Millésime"].tolist() == ["2025", "2023", "–"]
    assert t["Précision"].tolist() == ["", "x", ""]
    assert t["Jeu"].tolist() == ["parc social (RPLS)", "parc social (RPLS)", "sitadel"]
    assert provenance.millesimes_publics(t) == ["2025"]
    deux_publics = provenance.table_fichiers_reconnus(reconnus.assign(nature="public"), libelle, {})
    assert provenance.millesimes_publics(deux_publics) == ["2023", "2025", "–"]
