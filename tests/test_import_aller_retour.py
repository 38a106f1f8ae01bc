"""Import then read back: the named queries the pages use, and the figures on the pages, must give
the numbers counted by hand from the imported files (tests/fixtures/imports/fabriquer.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from observatoire.base.db import requete
from observatoire.chargement import importer
from tests.outils_app import lancer

FIX = Path(__file__).parent / "fixtures" / "imports"
TOUT = {"annee_debut": 2014, "annee_fin": 2030, "communes": None, "bailleurs": None}


@pytest.fixture()
def base(base_demo, tmp_path) -> Path:
    copie = tmp_path / "observatoire.duckdb"
    shutil.copyfile(base_demo, copie)
    return copie


def q(base: Path, nom: str, **params):
    con = duckdb.connect(str(base), read_only=True)
    try:
        return requete(con, nom, **{**TOUT, **params})
    finally:
        con.close()


def parc(base: Path, millesime: int, **params) -> list[int]:
    """Dwellings and dwellings in QPV of a vintage, read as the Parc social page reads them."""
    r = q(base, "parc_repartitions", millesime=millesime, **params)
    secteur = r[r["dimension"] == "secteur"]
    return [int(secteur["logements"].sum()), int(secteur.loc[secteur["categorie"] == "en QPV", "logements"].sum())]


def test_rpls_parc_social_effectif(base):
    importer.importer("rpls", FIX / "rpls_2024_utf8.csv", base)
    # 5 CUA dwellings, 2 in QPV (Arras lines 2 and 4); Arras alone: 3, 2 in QPV
    assert parc(base, 2024) == [5, 2]
    assert parc(base, 2024, communes=["62041"]) == [3, 2]
    assert q(base, "rpls_dernier_millesime", annee_fin=2030)["millesime"].iloc[0] == 2024


def test_rpls_restreint_bailleurs(base):
    importer.importer("rpls", FIX / "rpls_2022_cp1252.csv", base)
    bailleurs = q(base, "bailleurs_liste")["bailleur"].tolist()
    assert "Habitat Cœur d’Artois (fictif)" in bailleurs and "Société Épi (fictif)" in bailleurs
    # Habitat Cœur d'Artois: lines 2, 3 and 6 of the file (Arras ×2, Écurie); 1 in QPV
    assert parc(base, 2022, bailleurs=["Habitat Cœur d’Artois (fictif)"]) == [3, 1]


def test_sitadel_production_par_annee(base):
    importer.importer("sitadel", FIX / "sitadel_logements.csv", base)
    p = q(base, "production_par_annee").pivot(index="annee", columns="indicateur", values="valeur")
    assert p.loc[2022, "logements_autorises"] == 53  # 40 + 12 (Arras) + 1 (Beaurains)
    assert p.loc[2023, "logements_autorises"] == 28  # 25 (Arras) + 3 (Achicourt); cancelled 8 not counted
    assert p.loc[2022, "logements_commences"] == 41
    assert p.loc[2024, "logements_commences"] == 3
    assert pd.isna(p.loc[2024, "logements_autorises"])  # not in the file, and the demo value is gone: missing
    ach = q(base, "production_par_annee", communes=["62004"]).query("indicateur == 'logements_autorises'")
    assert ach.set_index("annee")["valeur"].to_dict() == {2022: 0, 2023: 3}


def test_financements_et_ptz_production_par_annee(base):
    importer.importer("financements", FIX / "financements_2023.csv", base)
    importer.importer("ptz", FIX / "ptz_2023.csv", base)
    p = q(base, "production_par_annee", annee_debut=2023, annee_fin=2023).set_index("indicateur")["valeur"]
    assert p["lls_plus"] == 60 and p["lls_plai"] == 24 and p["lls_pls"] == 5
    assert p["ptz_neuf"] == 50 and p["accession_ancien"] == 15
    # other years: the demo financing is gone with the first real file
    assert "lls_plus" not in set(q(base, "production_par_annee", annee_debut=2019, annee_fin=2019)["indicateur"])


def test_attributions_par_annee(base):
    importer.importer("attributions", FIX / "attributions_2024.csv", base)
    a = q(base, "attributions_comptes", reservataire=None, reservataire_prefectoral="État")
    a = a[a["niveau"] == "reservataire"].groupby("annee")[["attributions", "refus", "contingent"]].sum()
    assert a.index.tolist() == [2024]
    assert a.loc[2024].tolist() == [4, 1, 1]


def test_page_accueil_et_bandeau_apres_import(base, monkeypatch):
    """The figure on the home page is the file's count, and the banner no longer lists the RPLS."""
    importer.importer("rpls", FIX / "rpls_2025_virgule.csv", base)
    monkeypatch.setenv("OBSERVATOIRE_DB", str(base))
    at = lancer()
    # (« Logements sociaux financés · 2014-2020 » is another card: the stock is the one « au 1er janvier »)
    logements = next(m for m in at.metric if m.label.startswith("Logements sociaux") and "1er janvier" in m.label)
    assert logements.label.endswith("1er janvier 2025") and logements.value == "5"
    bandeau = next(w.value for w in at.warning if "Données de démonstration" in w.value)
    assert "attributions" in bandeau and "rpls" not in bandeau
