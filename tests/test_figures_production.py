"""The Production page's texts, tables and figures (observatoire/figures/production.py), on small
frames whose expected cells are written by hand."""

import math

import pandas as pd

from observatoire.figures import production as fp
from observatoire.indicateurs import plh

P = plh.Plh("PLH 2020-2025", 2020, 2025)
CODES = [code for code, _, _ in plh.INDICATEURS]


def _n(texte) -> str:
    """French formats use narrow no-break spaces: compared here with plain ones, minus signs as « - »."""
    if isinstance(texte, list):
        return [_n(t) for t in texte]
    return texte.replace("\u202f", " ").replace("\xa0", " ").replace("−", "-")


def _vue(valeurs: dict[int, dict]) -> pd.DataFrame:
    """Years × indicators; indicators not given are missing."""
    return pd.DataFrame([{c: valeurs[a].get(c, math.nan) for c in CODES} for a in valeurs], index=list(valeurs))


def test_objectifs_annuels_et_totaux_du_plh():
    cibles = {"logements": {"annuel": 550.0, "periode": None}, "lls": {"annuel": None, "periode": 900.0}}
    an = fp.objectifs_annuels(cibles)
    assert an["logements"] == 550.0 and an["lls"] is None and an["accession_aidee"] is None
    # 550 × 6 counted years; the LLS target is given for the whole period only
    assert fp.totaux_du_plh(cibles, P) == {"logements": 3300.0, "lls": 900.0, "accession_aidee": None}
    texte = fp.texte_lecture(P, 2023, fp.totaux_du_plh(cibles, P))
    assert "**3 300** logements, dont **900** LLS et **–** accessions aidées" in _n(texte)
    assert "Aucun objectif n'est saisi" in fp.texte_lecture(P, 2023, {k: None for k in fp.CARTES})


def test_phrase_selection_nomme_les_communes_sans_objectif():
    cibles = {"logements": {"sans_objectif": ["62007"], "demo": True}}
    phrase = fp.phrase_selection(cibles, ("62041", "62007"), {"62041": "Arras", "62007": "Acq"})
    assert phrase == (
        "Communes sélectionnées : les objectifs sont la **somme des objectifs communaux** "
        "(**valeurs de démonstration, inventées**). Acq : **pas d'objectif communal**."
    )


def _carte(**kw):
    base = {
        "a_objectif": True,
        "realise_cumule": 1200.0,
        "objectif_cumule": 1650.0,
        "annee_bilan": 2022,
        "objectif_annuel": 550.0,
        "taux": 1200 / 1650,
        "statut": "en_retard",
        "ecart": -450.0,
        "rythme": 700.0,
        "objectif_periode": 3300.0,
        "annees_manquantes": [],
    }
    return pd.Series(base | kw)


def test_lignes_carte_rythme_et_annees_manquantes():
    lignes = fp.lignes_carte(_carte(annees_manquantes=[2021]), P, communes_choisies=False)
    lignes = _n(lignes)
    assert lignes[0].startswith("**1 200** réalisés / **1 650** attendus fin 2022 (objectif 550 par an) → **72,7 %**")
    assert lignes[0].endswith("écart -450 logements.")
    # (3 300 − 1 200) ÷ 3 remaining counted years = 700
    assert lignes[1].startswith("Rythme nécessaire : **700 par an** sur les années comptées restantes (2023-2025)")
    assert lignes[2] == ":material/warning: Cumul incomplet — donnée manquante pour 2021."


def test_lignes_carte_sans_objectif_et_fin_de_plh():
    assert fp.lignes_carte(_carte(a_objectif=False), P, communes_choisies=True) == [f"**{plh.PAS_D_OBJECTIF}**."]
    fin = fp.lignes_carte(_carte(rythme=None), P, communes_choisies=False)
    assert _n(fin[1]) == "Plus d'année comptée à venir : objectif du PLH 3 300 (550 × 6 années comptées)."


def test_tableau_annuel_masque_manquant_et_hors_periode():
    vue = _vue({2019: {"logements": 400.0}, 2020: {"logements": 275.0, "lls": 8.0}})
    masque = pd.DataFrame(False, index=vue.index, columns=vue.columns)
    masque.at[2020, "lls"] = True
    objectif_an = {c: None for c in CODES} | {"logements": 550.0}
    t = fp.tableau_annuel(vue, vue, masque, objectif_an, [2019, 2020], P)
    assert t["Année"].tolist() == ["2019", "2020"]
    assert t["Période"].tolist() == [plh.HORS_PERIODE, "période du PLH"]
    assert _n(t["Logements neufs (objectif 550/an)"].tolist()) == ["400", "275"]
    assert _n(t["Logements : % de l'objectif annuel"].tolist()) == [plh.HORS_PERIODE, "50,0 %"]
    assert t["Logements locatifs sociaux (PLUS + PLA-I)"].tolist() == [plh.MANQUANTE, "secret statistique"]


def test_figure_repartition_ne_dessine_ni_le_secret_ni_le_manquant():
    vue = _vue(
        {
            2019: {"lls": 10.0, "accession_aidee": 5.0, "libre": 20.0},
            2020: {"lls": 30.0, "accession_aidee": 4.0, "libre": 60.0},
        }
    )
    masque = pd.DataFrame(False, index=vue.index, columns=vue.columns)
    masque.at[2020, "accession_aidee"] = True
    objectif_an = {c: None for c in CODES} | {"logements": 550.0, "lls": 200.0, "accession_aidee": 140.0}
    fig = fp.figure_repartition(vue, vue, masque, objectif_an, [2019, 2020], P, "logements autorisés")
    barres = {t.name: list(t.y) for t in fig.data if t.type == "bar"}
    assert barres["LLS financés (PLUS + PLA-I)"] == [200.0, 10.0, 30.0]
    assert barres["Accession aidée (PTZ neuf)"] == [140.0, 5.0, None]
    ligne = next(t for t in fig.data if t.type == "scatter")
    assert list(ligne.y) == [550.0, None, 550.0] and _n(ligne.name) == "objectif total : 550 / an"
    notes = {a.x: (a.text, a.y) for a in fig.layout.annotations}
    # 2019 is outside the PLH (10 + 5 + 20 drawn); 2020's hidden part is left out of the height (30 + 60)
    assert notes == {1: ("hors PLH", 35.0), 2: ("secret", 90.0)}


def test_tableau_lls_additionne_plus_et_plai_mis_en_service():
    vue = _vue({2021: {"lls": 12.0, "lls_plai": 4.0, "lls_pls": 3.0}})
    mes = pd.DataFrame({"plus": [7.0], "plai": [2.0], "pls": [math.nan], "millesime": [2022.0]}, index=[2021])
    t = fp.tableau_lls([2021], vue, mes)
    assert t.iloc[0].tolist() == ["2021", "12", "4", "3", "9", plh.MANQUANTE, "2022"]


def test_alertes_repartition_seulement_les_ecarts_annuels():
    rep = pd.DataFrame(
        {
            "champ": ["objectif_annuel", "objectif_annuel", "objectif_periode"],
            "indicateur": ["logements", "lls", "lls"],
            "somme_communes": [540.0, 200.0, 10.0],
            "objectif_cu": [550.0, 200.0, 20.0],
            "ecart": [-10.0, 0.0, -10.0],
        }
    )
    alertes = fp.alertes_repartition(rep)
    assert len(alertes) == 1
    assert "totalisent 540 par an contre 550 pour la CU (écart -10)" in _n(alertes[0])


def test_edition_objectifs_communes_origine_demo_ou_saisie():
    objectifs = pd.DataFrame(
        {
            "code_insee": ["62041", "62041", "62004", None],
            "indicateur": ["logements", "lls", "logements", "logements"],
            "objectif_annuel": [300.0, 100.0, 20.0, 550.0],
            "demo": [True, True, False, False],
        }
    )
    communes = pd.DataFrame({"code_insee": ["62004", "62007", "62041"], "nom": ["Achicourt", "Acq", "Arras"]})
    e = fp.edition_objectifs_communes(objectifs, communes)
    assert e["Origine"].tolist() == ["saisie", "", "démo"]
    assert e["logements"].tolist()[0] == 20.0 and e["logements"].tolist()[2] == 300.0
    assert math.isnan(e["lls"].tolist()[0]) and e["lls"].tolist()[2] == 100.0
    # no commune has an accession target: the column is there, empty
    assert e["accession_aidee"].isna().all()


def test_classement_et_tableau_communes():
    tc = pd.DataFrame(
        {
            "nom": ["Arras", "Acq", "Agny"],
            "sans_objectif": [False, True, False],
            "hors_perimetre": [False, False, False],
            "taux_logements": [1.1, None, 0.5],
            "objectif_logements": [1000.0, None, 100.0],
            "ecart_logements": [100.0, None, -50.0],
            "statut": ["en_avance", None, "en_retard"],
            "lls": [30.0, 0.0, 5.0],
            "objectif_lls": [40.0, None, 10.0],
            "part_effort": [0.9, 0.01, 0.09],
            "part_objectif": [0.8, None, 0.1],
            "objectif_demo": [True, False, False],
        },
        index=pd.Index(["62041", "62007", "62013"], name="code_insee"),
    )
    assert fp.classement(tc)["nom"].tolist() == ["Agny", "Arras"]
    valeurs = pd.DataFrame({"logements": [1100.0, 3.0, 50.0], "accession_aidee": [12.0, 2.0, 1.0]}, index=tc.index)
    masque = pd.DataFrame({"logements": False, "accession_aidee": [False, True, True]}, index=tc.index)
    t = fp.tableau_communes(tc, valeurs, masque, "autorises", 2022).set_index("Commune")
    assert t.index.tolist() == ["Acq", "Agny", "Arras"]
    assert t.at["Acq", "Taux de réalisation (cible 100 %)"] == plh.PAS_D_OBJECTIF
    assert t.at["Acq", "Accession aidée (PTZ neuf)"] == "secret statistique"
    assert _n(t.at["Arras", "Logements autorisés réalisés"]) == "1 100"
    assert t.at["Agny", "LLS financés / objectif"] == "5 / 10"
    assert t.at["Arras", "Objectif"] == "démo" and t.at["Agny", "Objectif"] == "saisi"
    assert "Communes sans objectif (pas d'objectif communal) : Acq." in fp.legende_classement(tc)
