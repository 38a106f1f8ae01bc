"""The Bilan CIL's notes, sentences and exports (observatoire/figures/bilan_cil.py)."""

from types import SimpleNamespace

import pandas as pd

from observatoire.figures import bilan_cil as B
from observatoire.indicateurs import catalogue
from observatoire.indicateurs import contingent as C
from observatoire.secret import suppression as secret


def test_definitions_en_phrases():
    d = B.definitions(C.LECTURE_DEFAUT)
    assert list(d) == list(C.definitions_bilan(C.LECTURE_DEFAUT))
    for k, v in C.definitions_bilan(C.LECTURE_DEFAUT).items():
        assert d[k] == v[0].upper() + v[1:] + "."


def test_lecture_et_libelles():
    autre = C.autre_lecture(C.LECTURE_DEFAUT)
    assert B.libelle_lecture(C.LECTURE_DEFAUT).endswith(" (par défaut)")
    assert not B.libelle_lecture(autre).endswith(" (par défaut)")
    phrase = B.phrase_lecture(autre)
    assert f"**lecture retenue** : {C.LECTURES[autre][1]}." in phrase
    assert f"({C.LECTURES[C.LECTURE_DEFAUT][0]})" in phrase


def test_ligne_statut():
    l = SimpleNamespace(statut=catalogue.ATTEINT, element="Refus", phrase="12 refus.")
    assert B.ligne_statut(l) == ":blue-badge[:material/check_circle: atteint] **Refus** — 12 refus."


def test_notices_ordre_et_selection():
    l = SimpleNamespace(statut=catalogue.ATTEINT, element="Refus", phrase="12 refus.")
    n = B.notices(2024, "CU · 2024", None, C.LECTURE_DEFAUT, [l], "S.", False)
    cles = list(n)
    assert cles[:4] == ["Source", "Millésime", "Filtres", "Contribution solidaire : lecture retenue"]
    assert n["Article 11 : Refus"] == f"{catalogue.libelle(catalogue.ATTEINT)}. 12 refus."
    assert "Avertissement" not in n and "Sélection" not in n
    assert cles[-1] == "Secret statistique" and n["Secret statistique"] == "S."
    n = B.notices(2024, "CU · 2024", "Démo.", C.LECTURE_DEFAUT, [], "S.", True)
    assert list(n)[3] == "Avertissement" and n["Avertissement"] == "Démo."
    assert n["Sélection"] == secret.POURQUOI_SELECTION


def test_legendes():
    assert B.legende_evolution(False).endswith("les lignes pointillées noires sont les cibles légales.")
    assert B.legende_evolution(True).endswith(secret.POURQUOI_SELECTION)
    assert "(année close : « atteint » ou « non atteint »). " in B.legende_objectifs(2023, True, "")
    assert B.legende_objectifs(2025, False, " FIN").endswith("indicatif. FIN")
    assert B.legende_par_commune(2024, "S.", True).endswith("l'est aussi ici. S.")
    assert B.legende_par_commune(2024, "S.", False).endswith(f"S. {secret.POURQUOI_SELECTION}")
    assert ", pour toute la CU d'Arras" in B.legende_reservataires(2024, True, "S.")
    assert B.legende_reservataires(2024, False, "S.").endswith("non réservé). S.")
    assert B.periode_evolution(pd.DataFrame({"annee": [2019, 2017, 2020]}), 2020) == "2017-2020"


def test_fin_legende_objectifs_dit_pourquoi_un_objectif_est_cache():
    phrases = ("Secret : moins de 5.", "Sélection trop petite.")
    assert B.fin_legende_objectifs(False, True, phrases) == ""
    assert B.fin_legende_objectifs(True, False, phrases) == " Secret : moins de 5."
    assert B.fin_legende_objectifs(True, True, phrases) == " Sélection trop petite."


def test_perimetre_de_l_annee_remplace_la_periode_par_l_annee():
    assert B.perimetre_de_l_annee("Arras · tous les bailleurs · 2014-2025", 2023) == "Arras · tous les bailleurs · 2023"
    assert B.perimetre_de_l_annee("A · B · C · 2014-2017", 2017) == "A · B · C · 2017"
