"""AppTest on the Attributions, Contingent communautaire and Bilan CIL pages (demo database)."""

from __future__ import annotations

import duckdb
import pytest

from observatoire.base import db
from observatoire.indicateurs import attributions as A
from tests.outils_app import lancer


def _cua(base, annee, reservataire=None):
    con = duckdb.connect(str(base), read_only=True)
    try:
        c = db.requete(
            con,
            "attributions_comptes",
            annee_debut=annee,
            annee_fin=annee,
            communes=None,
            bailleurs=None,
            reservataire=reservataire,
            reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
        )
    finally:
        con.close()
    return A.sommer(c, ["annee"]).iloc[0]


def test_attributions_cartes_de_l_annee(app_env):
    at = lancer("attributions", annee="2024")
    assert at.selectbox(key="annee").value == 2024
    cartes = {m.label: m.value for m in at.metric}
    assert set(cartes) == set(A.TITRES_CARTES.values())
    # The card equals the objective recomputed from the counts of the demo base.
    r = A.resultat(1, _cua(app_env, 2024))
    assert cartes["Objectif 1 · hors QPV"] == A.fr.pourcent(r.taux)
    textes = " ".join(m.value for m in at.markdown)
    assert f"Il manquait {r.manque} attributions pour atteindre 25\u00a0%" in textes
    assert "non atteint" in textes and "atteint" in textes
    assert "géographie prioritaire 2024" in textes
    assert any("secret statistique" in c.value.lower() for c in at.caption)
    assert len([c for c in at.caption if c.value.startswith("Source :")]) >= 6


def test_attributions_objectif_3_par_reservataire_et_taux_legal(app_env):
    at = lancer("attributions", annee="2025")
    assert not at.exception
    con = duckdb.connect(str(app_env), read_only=True)
    try:
        c = db.requete(
            con,
            "attributions_comptes",
            annee_debut=2025,
            annee_fin=2025,
            communes=None,
            bailleurs=None,
            reservataire=None,
            reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
        )
    finally:
        con.close()
    o3 = A.objectif_3(c, close=True)
    # Demo 2025: the all-réservataires rate is above 25 %, but not every réservataire reaches it.
    assert o3.indicatif.taux > 0.25 and o3.statut == "non atteint" and o3.atteints < o3.mesures
    textes = " ".join(m.value for m in at.markdown)
    assert f"✘ non atteint ({o3.atteints} réservataires sur {o3.mesures} à 25 % ou plus)".replace(
        " ", " "
    ) in textes.replace(" ", " ")
    assert "taux indicatif, tous réservataires" in textes
    communes = next(d.value for d in at.dataframe if "Commune" in d.value.columns)
    total = communes.iloc[-1]
    assert total["Commune"] == "Ensemble de la sélection"
    assert total["Obj. 3 : statut"].startswith("✘ non atteint (")
    # Objective 1: the legal rate on the card, the unknown count and the known-case rate beside it.
    r = A.resultat(1, A.sommer(c, ["annee"]).iloc[0])
    assert r.non_renseignes > 0
    legendes = " ".join(x.value for x in at.caption)
    assert r.phrase_non_renseignes() in legendes and r.phrase_taux_connus() in legendes
    assert {m.label: m.value for m in at.metric}["Objectif 1 · hors QPV"] == A.fr.pourcent(
        r.numerateur / r.denominateur
    )
    evolution = next(d.value for d in at.dataframe if "Taux parmi les cas connus" in d.value.columns)
    assert len(evolution)


def test_attributions_ex_zus_annees_sans_la_colonne(app_env):
    at = lancer("attributions", annee="2019")
    legendes = " ".join(x.value for x in at.caption)
    # The demo has no « ex_zus » column: 2017-2020 leases hors QPV are counted hors QPV, and said so.
    assert "Objectif 1, 2019 :" in legendes and "sans indication ex-ZUS" in legendes
    assert "Anciennes ZUS : pour 2017, 2018, 2019, 2020" in legendes


def test_attributions_filtre_reservataire_dans_l_url(app_env):
    at = lancer("attributions", reservataire="CU d'Arras", annee="2023")
    assert at.selectbox(key="reservataire").value == "CU d'Arras"
    r = A.resultat(3, _cua(app_env, 2023, reservataire="CU d'Arras"))
    cartes = {m.label: m.value for m in at.metric}
    assert cartes["Objectif 3 · publics prioritaires"] == A.fr.pourcent(r.taux)


def test_attributions_annee_sans_attribution(app_env):
    at = lancer("attributions", annee="2015")
    assert any("Aucune attribution en 2015" in i.value for i in at.info)
    assert not at.metric


def test_attributions_tables_masquees(app_env):
    at = lancer("attributions", annee="2025")
    communes = next(d.value for d in at.dataframe if "Commune" in d.value.columns)
    assert (communes == "secret statistique").any().any()
    assert communes.iloc[-1]["Commune"] == "Ensemble de la sélection"
    # A rate goes with its counts: a hidden numerator or denominator hides the rate and status.
    cache = (communes["Obj. 1 : numérateur"] == "secret statistique") | (
        communes["Obj. 1 : dénominateur"] == "secret statistique"
    )
    assert (communes.loc[cache, "Obj. 1 : taux (cible 25\u00a0%)"] == "secret statistique").all()
    assert (communes.loc[cache, "Obj. 1 : statut"] == "secret statistique").all()
    res = next(d.value for d in at.dataframe if "Réservataire" in d.value.columns)
    assert "Bailleur (non réservé)" in set(res["Réservataire"])


def test_contingent_exemple_annexe_2_a_l_ecran(app_env):
    at = lancer("contingent", annee="2024")
    assert not at.exception
    textes = " ".join(m.value for m in at.markdown)
    assert "677 − (180 + 10 + 5 + 1) = 481 → contingent préfectoral 144 (30 %) → contingent EPCI 96 (20 %)" in textes
    exemple = at.dataframe[0].value.set_index("Étape")["Valeur"]
    assert exemple["Assiette de référence 1 − (2+3+4+5)"] == "481"
    assert exemple["Contingent préfectoral 30 %"] == "144"
    assert exemple["Contingent EPCI 20 % (objectif)"] == "96"
    flux = next(d.value for d in at.dataframe if "EPCI 20 % (objectif)" in d.value.columns)
    alpha = flux.set_index("Bailleur").loc["Habitat Alpha (fictif)"]
    # Demo input 2024 (data/demo/contingent_flux.csv): 526 − (141 + 8 + 2 + 2) = 373 → 30 % : 111,9 → 111 ;
    # 20 % : 74,6 → 74 (rounded down).
    assert (alpha["Assiette"], alpha["Préfectoral 30 %"], alpha["EPCI 20 % (objectif)"]) == ("373", "111", "74")


def test_bilan_cil_tableau_et_exports(app_env):
    at = lancer("bilan_cil", annee="2024")
    bilan = next(d.value for d in at.dataframe if "Contribution solidaire : ménages prioritaires" in d.value.columns)
    total = bilan.iloc[-1]
    c = _cua(app_env, 2024)
    assert total["Contingent communautaire et communal : attributions"] == A.fr.nombre(c["contingent_entite"])
    assert total["Flux réalisé (bail signé)"] == A.fr.nombre(c["contingent_realise"])
    assert total["Refus, toutes attributions"] == A.fr.nombre(c["refus"])
    assert (bilan == "secret statistique").any().any()
    libelles = [b.label for b in at.get("download_button")]
    assert "Classeur XLSX du bilan" in libelles and "Document imprimable (HTML)" in libelles


@pytest.mark.parametrize("page", ["attributions", "contingent", "bilan_cil"])
def test_pas_de_nan_ni_nom_de_colonne_brut(app_env, page):
    at = lancer(page)
    for d in at.dataframe:
        v = d.value
        assert not any(str(col).startswith(("o1_", "o2_", "o3_", "cs_")) for col in v.columns), list(v.columns)
        assert not v.astype(str).isin(["nan", "None", "<NA>"]).any().any()
