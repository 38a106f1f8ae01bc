"""The Objectifs légaux page's tables and texts (observatoire/figures/objectifs_legaux.py),
computed by hand."""

from types import SimpleNamespace

import pandas as pd

from observatoire.figures import objectifs_legaux as O
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue
from observatoire.secret import suppression as secret

NBSP = "\xa0"


def _evolution():
    return pd.DataFrame(
        {
            "annee": [2023, 2024],
            "objectif": [1, 1],
            "numerateur": [30, 3],
            "denominateur": [1200, 8],
            "non_renseignes": [0, 1],
            "manque": [270, 0],
            "taux": [0.025, 0.375],
            "taux_connus": [0.025, 3 / 7],
            "cible": [0.25, 0.25],
            "statut": [catalogue.NON_ATTEINT, catalogue.ATTEINT],
            "precision": ["", ""],
            "cache": [False, True],
        }
    )


def test_table_evolution_en_mots_et_points_caches():
    t = O.table_evolution(_evolution())
    l = A.LIBELLES_EVOLUTION
    premiere, seconde = t.iloc[0], t.iloc[1]
    assert premiere[l["annee"]] == "2023"
    assert premiere[l["denominateur"]] == "1\u202f200"
    assert premiere[l["taux"]] == f"2,5{NBSP}%"
    assert premiere[l["cible"]] == f"25{NBSP}%"
    assert premiere[l["objectif"]] == A.TITRES_COURTS[1]
    # 2024 is hidden: every count and rate reads « secret statistique », the target stays.
    for c in ("numerateur", "denominateur", "non_renseignes", "manque", "taux", "taux_connus"):
        assert seconde[l[c]] == secret.SECRET
    assert seconde[l["cible"]] == f"25{NBSP}%"


def test_export_evolution_masque_les_memes_cases_et_retire_cache():
    e = O.export_evolution(_evolution())
    l = A.LIBELLES_EVOLUTION
    assert "cache" not in e.columns
    assert e.iloc[0][l["numerateur"]] == 30  # a number in the workbook, not text
    assert e.iloc[1][l["numerateur"]] == secret.SECRET
    assert e.iloc[1][l["taux"]] == secret.SECRET


def test_table_qpv():
    q = pd.DataFrame(
        {
            "zone": ["QPV", "hors QPV"],
            "attributions": [1500, 20],
            "premier_quartile": [300, 5],
            "premier_quartile_den": [1450, 20],
            "part_premier_quartile": [300 / 1450, 0.25],
            "premier_quartile_nr": [50, 0],
            "prioritaires": [100, 2],
            "prioritaires_den": [1500, 20],
            "part_prioritaires": [100 / 1500, 0.1],
            "prioritaires_nr": [0, 0],
        }
    )
    t = O.table_qpv(q)
    assert list(t.iloc[0]) == [
        "QPV",
        "1\u202f500",
        "300 / 1\u202f450",
        f"20,7{NBSP}%",  # 300 / 1 450 = 20,69 %
        "50",
        "100 / 1\u202f500",
        f"6,7{NBSP}%",
        "0",
    ]
    assert t.iloc[1]["Part du 1er quartile"] == f"25,0{NBSP}%"


def test_carte_masquee_et_notes():
    v = SimpleNamespace(cache=True, statut=catalogue.ATTEINT, precision="")
    c = O.carte(2, None, True, v, None, None, True, "PHRASE SECRET")
    assert c.valeur == secret.SECRET and c.legende is None
    assert c.textes == [f"**{A.libelle_statut(catalogue.ATTEINT)}** · cible ≥ 50{NBSP}%  \nPHRASE SECRET"]
    assert c.titre == A.TITRES_CARTES[2]
    notes = O.notes_annee(pd.Series({"o1_bail_nr": 2, "qpv_nr": 0, "o1_ex_zus": 0, "o1_ex_zus_nr": 0}), 2024)
    assert notes == ["Objectif 1 : 2 attribution(s) hors QPV sans information sur le bail, exclues."]


def test_geographie_et_seuils():
    assert O.phrase_geographie(2024, 2024) == (
        "En 2024, « en QPV » et « hors QPV » sont mesurés sur la **géographie prioritaire 2024** (décret 2023-1314)."
    )
    assert (
        O.phrase_geographie(2016, None)
        == "La géographie prioritaire de 2016 n'est pas renseignée dans les attributions."
    )
    seuils = pd.DataFrame({"annee": [2024, 2025], "seuil_euros_uc": [9247.3, 10000.0], "demo": [False, True]})
    e = O.seuils_editables(seuils)
    assert list(e.columns) == ["annee", "seuil_euros_uc", "statut"]
    assert list(e["seuil_euros_uc"]) == ["9\u202f247,3", "10\u202f000,0"]
    assert list(e["statut"]) == ["saisi", "démo (inventé)"]
    lu = O.seuils_en_lecture(seuils)
    assert list(lu["Année"]) == ["2024", "2025"] and list(lu["Seuil (€/an/UC)"]) == [9247.3, 10000.0]
    assert O.message_seuils(3).startswith("3 seuil(s) enregistré(s)")
