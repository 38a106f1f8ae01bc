"""Page « Production PLH » through AppTest on the demo database.

Expected figures are added up by hand from the demo totals published in data/demo/README.md
(table « Production (totaux CU) »): logements autorisés 2014-2020 = 414 + 519 + 484 + 558 + 463
+ 391 + 429 = 3 258; commencés = 359 + 357 + 406 + 395 + 478 + 344 + 303 = 2 642; PLUS + PLA-I
= 172 + 176 + 120 + 148 + 187 + 197 + 208 = 1 208.
"""

from __future__ import annotations

import shutil

import pytest

from observatoire.secret import suppression as secret
from tests.outils_app import lancer

PAGE = "production"
NNBSP = "\u202f"


def _bilan(at):
    return next(d.value for d in at.dataframe if "Indicateur" in d.value.columns).set_index("Indicateur")


def _annuel(at):
    return next(d.value for d in at.dataframe if "Période" in d.value.columns).set_index("Année")


def _bouton(at, libelle):
    return next(b for b in at.button if b.label == libelle)


def _textes(at):
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


def test_bilan_par_defaut_plh_2014_2020(app_env):
    at = lancer(PAGE)
    assert at.selectbox(key="plh").value == "PLH 2014-2020"
    assert at.radio(key="comptage").value == "autorisés"
    b = _bilan(at)
    log = b.loc["Logements neufs"]
    # Seven calendar years counted on both sides: 3 258 against 550 × 7 = 3 850.
    assert log["Réalisé cumulé 2014-2020"] == f"3{NNBSP}258"
    assert log["Objectif cumulé fin 2020"] == f"3{NNBSP}850"
    assert log["Taux de réalisation (cible 100 %)"] == "84,6\u00a0%"  # 3 258 / 3 850
    assert log["Écart (logements)"] == "−592"
    assert log["Situation"] == "✘ non atteint"  # a finished PLH: never « en retard »
    assert log["Rythme nécessaire / an jusqu'en 2020"] == "PLH terminé"
    assert log["Objectif du PLH (7 années comptées)"] == f"3{NNBSP}850"
    lls = b.loc["Logements locatifs sociaux (PLUS + PLA-I)"]
    # 1 208 against 200 × 7 = 1 400 → 86,3 % (was 1 208 / 1 200 = 100,7 % « en avance »)
    assert lls["Réalisé cumulé 2014-2020"] == f"1{NNBSP}208" and lls["Objectif cumulé fin 2020"] == f"1{NNBSP}400"
    assert lls["Taux de réalisation (cible 100 %)"] == "86,3\u00a0%" and lls["Situation"] == "✘ non atteint"
    # PLS: 3 + 12 + 11 + 11 + 11 + 8 + 4 = 60 over a ceiling of about 50
    assert b.loc["PLS", "Situation"] == "✘ non atteint (plafond dépassé)"
    # The page states how it reads the period: which years, which communes.
    textes = _textes(at)
    assert "6 ans du PLH" in textes and "2014-2020, 7 années comptées" in textes
    assert "périmètre du PLH non renseigné : communes actuelles de la CU" in textes
    assert any(c.value.startswith("Source :") for c in at.caption)


def test_rythme_necessaire_quand_la_periode_s_arrete_en_2017(app_env):
    at = lancer(PAGE, fin="2017")
    log = _bilan(at).loc["Logements neufs"]
    # 414 + 519 + 484 + 558 = 1 975 against 4 × 550 = 2 200; (550 × 7 − 1 975) / 3 years = 625
    assert log["Réalisé cumulé 2014-2017"] == f"1{NNBSP}975"
    assert log["Objectif cumulé fin 2017"] == f"2{NNBSP}200"
    assert log["Rythme nécessaire / an jusqu'en 2020"] == "625"
    assert log["Écart (logements)"] == "−225"
    assert log["Situation"] == "▼ en retard"  # a reading in the course of the PLH
    assert "2014-2017, 4 années comptées sur les 7 du PLH 2014-2020" in _textes(at)


def test_comptage_commences(app_env):
    at = lancer(PAGE)
    at.radio(key="comptage").set_value("commencés").run()
    assert _bilan(at).loc["Logements neufs", "Réalisé cumulé 2014-2020"] == f"2{NNBSP}642"


def test_annee_manquante_et_annees_hors_periode(app_env):
    at = lancer(PAGE)
    t = _annuel(at)
    # years after the PLH are kept and labelled, not dropped
    assert t.loc["2021", "Période"] == "hors période du PLH"
    assert t.loc["2014", "Période"] == "période du PLH"
    # PTZ 2025 is absent from the demo data: shown as missing, never 0
    accession = next(c for c in t.columns if c.startswith("Accession aidée (objectif"))
    libre = next(c for c in t.columns if c.startswith("Marché libre"))
    assert t.loc["2025", accession] == "donnée manquante"
    assert t.loc["2025", libre] == "donnée manquante"
    assert t.loc["2024", accession] == "86"  # ptz_neuf 2024 in data/demo/production.csv


def test_commune_sans_objectif(app_env):
    # Héninel (62426) has no commune target in the demo data, and 1 PTZ over the PLH
    # (data/demo/production.csv; Basseux, used before, has none since the demo follows the real stock).
    at = lancer(PAGE, communes="62426")
    textes = _textes(at)
    assert "pas d'objectif communal" in textes
    b = _bilan(at)
    assert "pas d'objectif communal" in b.loc["Logements neufs", "Remarque"]
    # Its PTZ count (1 over the PLH) is a household count under the threshold.
    assert b.loc["Accession aidée", "Réalisé cumulé 2014-2020"] == secret.SECRET
    assert b.loc["Marché libre", "Réalisé cumulé 2014-2020"] == secret.SECRET  # would give it back
    communes = next(d.value for d in at.dataframe if "Commune" in d.value.columns and "Situation" in d.value.columns)
    assert communes.iloc[0]["Situation"] == "pas d'objectif communal"


def test_objectifs_de_la_selection_sont_la_somme_communale(app_env):
    # Arras (62041) demo target: 239 / year → 239 × 7 = 1 673 at the end of 2020.
    at = lancer(PAGE, communes="62041")
    log = _bilan(at).loc["Logements neufs"]
    assert log["Objectif annuel"] == "239"
    assert log["Objectif cumulé fin 2020"] == f"1{NNBSP}673"
    assert "objectif communal de démonstration" in log["Remarque"]


@pytest.fixture()
def base_modifiable(base_demo, tmp_path, monkeypatch):
    chemin = tmp_path / "observatoire.duckdb"
    shutil.copyfile(base_demo, chemin)
    monkeypatch.setenv("OBSERVATOIRE_DB", str(chemin))
    from tests.conftest import RACINE

    monkeypatch.chdir(RACINE)
    return chemin


def test_ajouter_un_plh_depuis_la_page(base_modifiable):
    at = lancer(PAGE)
    at.text_input(key="nouveau_plh_nom").input("PLH 2021-2026")
    at.number_input(key="nouveau_plh_debut").set_value(2021)
    at.number_input(key="nouveau_plh_fin").set_value(2026)
    at.text_area(key="nouveau_plh_lecture").input("Six années pleines.")
    _bouton(at, "Ajouter ce PLH").click().run()
    assert not at.exception
    assert "PLH 2021-2026" in at.selectbox(key="plh").options
    assert any("PLH 2021-2026 ajouté" in s.value for s in at.success)


def test_plh_invalide_rien_n_est_enregistre(base_modifiable):
    avant = base_modifiable.read_bytes()
    at = lancer(PAGE)
    at.text_input(key="nouveau_plh_nom").input("PLH 2014-2020")  # already exists
    _bouton(at, "Ajouter ce PLH").click().run()
    assert any("Rien n'a été enregistré" in e.value and "existe déjà" in e.value for e in at.error)
    assert base_modifiable.read_bytes() == avant


def test_connexion_relit_la_base_apres_une_ecriture(base_modifiable):
    from observatoire.base.ecriture import modifier_base
    from observatoire.ecrans import requetes

    def nb_plh():
        con = requetes._connexion(str(base_modifiable), base_modifiable.stat().st_mtime)
        return con.execute("SELECT count(*) FROM plh").fetchone()[0]

    avant = nb_plh()
    modifier_base(
        base_modifiable,
        lambda con: con.execute("INSERT INTO plh (plh, annee_debut, annee_fin) VALUES ('PLH test', 2030, 2035)"),
    )
    assert nb_plh() == avant + 1


def test_annees_comptees_et_communes_modifiees_depuis_la_page(base_modifiable):
    at = lancer(PAGE)
    # Six counted years (2014-2019): LLS 1 208 − 208 = 1 000 against 200 × 6 = 1 200 → 83,3 %.
    at.multiselect(key="plh_annees_comptees").unselect(2020)
    at.multiselect(key="plh_communes_perimetre").select("62041")
    _bouton(at, "Enregistrer les années et les communes").click().run()
    assert not at.exception
    assert any("2014-2019, 6 années comptées" in s.value and "1 commune" in s.value for s in at.success)
    at = lancer(PAGE, communes="62041")
    b = _bilan(at)
    log = b.loc["Logements neufs"]
    # Arras: 239 a year × 6 counted years = 1 434
    assert log["Objectif cumulé fin 2020"] == f"1{NNBSP}434" and "Réalisé cumulé 2014-2020" in b.columns
    textes = _textes(at)
    assert "2014-2019, 6 années comptées" in textes and "périmètre du PLH 2014-2020 : 1 commune" in textes
    assert "non renseigné" not in textes
    # The whole CU is now counted on the PLH's perimeter (Arras alone): same figure as Arras selected.
    cu = _bilan(lancer(PAGE)).loc["Logements neufs"]
    assert cu["Réalisé cumulé 2014-2020"] == log["Réalisé cumulé 2014-2020"]
    assert cu["Objectif cumulé fin 2020"] == f"3{NNBSP}300"  # CU target 550 × 6 on its perimeter
    # Achicourt, outside the perimeter, is said so.
    achicourt = lancer(PAGE, communes="62004")
    assert any("Achicourt : hors du périmètre du PLH" in w.value for w in achicourt.warning)
    communes = next(
        d.value for d in achicourt.dataframe if "Commune" in d.value.columns and "Situation" in d.value.columns
    )
    assert communes.iloc[0]["Situation"] == "hors du périmètre du PLH"
