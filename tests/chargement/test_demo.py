"""Tests du générateur de données de démonstration (observatoire.chargement.demo)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from observatoire.base.chemins import DEMO
from observatoire.chargement import demo

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
QPV_COMMUNES = {"62041", "62004", "62753", "62764"}


def _read(path: Path, **kw) -> pd.DataFrame:
    return pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, **kw)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("demo_a")
    demo.generate(d)
    return d


@pytest.fixture(scope="module")
def rpls(out) -> dict[int, pd.DataFrame]:
    return {m: _read(out / f"rpls_{m}.csv.gz", compression="gzip") for m in demo.MILLESIMES}


@pytest.fixture(scope="module")
def production(out) -> pd.DataFrame:
    df = _read(out / "production.csv")
    df["annee"] = df["annee"].astype(int)
    df["valeur"] = df["valeur"].astype(int)
    return df


@pytest.fixture(scope="module")
def attributions(out) -> pd.DataFrame:
    df = _read(out / "attributions.csv")
    df["annee"] = df["annee"].astype(int)
    seuils = _read(out / "seuils_premier_quartile.csv")
    seuil = dict(zip(seuils["annee"].astype(int), seuils["seuil_euros_uc"].astype(float)))
    derive = df["premier_quartile"] == ""
    ress = pd.to_numeric(df["ressources_uc"], errors="coerce")
    q1 = df["premier_quartile"] == "oui"
    q1_derive = ress < df["annee"].map(seuil)
    df["q1"] = np.where(derive & ress.notna(), q1_derive, q1)
    df["q1_non"] = np.where(derive & ress.notna(), ~q1_derive, df["premier_quartile"] == "non")
    return df


def test_files_and_determinism(out, tmp_path):
    names = sorted(p.name for p in out.iterdir())
    expected = sorted(
        [f"rpls_{m}.csv.gz" for m in range(2016, 2026)]
        + [
            "attributions.csv",
            "seuils_premier_quartile.csv",
            "ops.csv",
            "production.csv",
            "objectifs_communes.csv",
            "contingent_flux.csv",
            "README.md",
        ]
    )
    assert names == expected
    again = tmp_path / "b"
    paths = demo.generate(again, seed=demo.DEFAULT_SEED)
    assert sorted(p.name for p in paths) == expected
    for name in expected:
        assert (out / name).read_bytes() == (again / name).read_bytes(), name
    other = tmp_path / "c"
    demo.generate(other, seed=demo.DEFAULT_SEED + 1)
    assert (other / "rpls_2025.csv.gz").read_bytes() != (out / "rpls_2025.csv.gz").read_bytes()


def test_text_format(out):
    for p in out.iterdir():
        if p.suffix == ".csv":
            raw = p.read_bytes()
            assert b"\r" not in raw and raw.endswith(b"\n")
            raw.decode("utf-8")


def test_rpls_columns_and_stock(rpls):
    assert "DEPCOM" in rpls[2025].columns and "DEPCOM_CODE" not in rpls[2025].columns
    assert "DEPCOM_CODE" in rpls[2024].columns and "DEPCOM" not in rpls[2024].columns
    cols24 = list(rpls[2024].columns)
    assert cols24[:3] == ["REG_CODE", "DEP_CODE", "EPCI_CODE"] and cols24[-1] == "id_logement"
    assert len(cols24) == 27
    # 2024 is calibrated on the real SDES stock (12 853); 2025 = 2024 + entries − sales and demolitions
    assert len(rpls[2024]) == 12_853
    assert 12_700 <= len(rpls[2025]) <= 13_300
    assert 11_500 <= len(rpls[2016]) <= 12_700
    df = rpls[2025]
    parts = df["DEPCOM"].value_counts(normalize=True)
    assert 0.55 <= parts["62041"] <= 0.60
    communes = [r["code_insee"] for r in csv.DictReader(open(REFERENCE / "communes.csv", encoding="utf-8"))]
    assert len(set(communes) - set(df["DEPCOM"])) >= 12
    assert set(df["RS"]) == set(demo.BAILLEURS)
    assert 0.40 <= (df["RS"] == "Habitat Alpha (fictif)").mean() <= 0.50
    assert set(df["FINAN_CODE"]) <= {"10", "11", "12", "13", "14", "16", "49", "50", "51", "52", "53", "54", "55", "99"}
    assert set(df["DPEENERGIE"]) <= set("ABCDEFG") | {""}
    assert df["id_logement"].is_unique


def test_rpls_qpv(rpls):
    qpv = pd.read_csv(REFERENCE / "qpv.csv", dtype=str, keep_default_na=False)
    q24 = qpv[qpv["geographie"] == "2024"]
    communes_de = {r.code_qpv: set(r.communes_insee.split("|")) for r in q24.itertuples()}
    for m, df in rpls.items():
        col = "DEPCOM" if m >= 2025 else "DEPCOM_CODE"
        en = df[df["QPV_CODE"] == "1"]
        assert set(en[col]) <= QPV_COMMUNES
        assert (df.loc[df["QPV_CODE"] == "2", "PLG_QP24"] == "").all()
        assert (df["PLG_QP15"] == "").all()
        for code, com in zip(en["PLG_QP24"], en[col]):
            assert com in communes_de[code]
    df = rpls[2025]
    in4 = df[df["DEPCOM"].isin(QPV_COMMUNES)]
    assert 0.35 <= (in4["QPV_CODE"] == "1").mean() <= 0.45


def test_rpls_flows_match_production(rpls, production):
    prod = production.groupby(["annee", "indicateur", "code_insee"])["valeur"].sum()

    def par_commune(annee, indicateurs):
        return sum(prod.loc[(annee, ind)] for ind in indicateurs)

    for m in range(2016, 2025):
        a, b = rpls[m], rpls[m + 1]
        col_b = "DEPCOM" if m + 1 >= 2025 else "DEPCOM_CODE"
        dans_b = a["id_logement"].isin(b["id_logement"])
        assert dans_b.mean() > 0.99
        attendu = par_commune(m, ["ventes_hlm", "demolitions"])
        obtenu = a.loc[~dans_b, "DEPCOM_CODE"].value_counts().reindex(attendu.index, fill_value=0)
        assert (obtenu == attendu).all(), m
        deja = b["id_logement"].isin(a["id_logement"])
        assert (b.loc[~deja, "NEWLOGT_CODE"] == "1").all()
        assert (b.loc[deja, "NEWLOGT_CODE"] == "2").all()
        fin = par_commune(m + 1 - 3, ["lls_plus", "lls_plai", "lls_pls"])
        obtenu = b.loc[~deja, col_b].value_counts().reindex(fin.index, fill_value=0)
        assert (obtenu == fin).all(), m + 1


def test_rpls_occupation(rpls):
    df = rpls[2025]
    mode = df["MODE"]
    assert 0.94 <= (mode == "1").mean() <= 0.98
    assert (df.loc[mode != "1", "LOYERPRINC"] == "9999").all()
    loues = df[mode == "1"]
    m2 = loues["LOYERPRINC"].astype(float) / loues["SURFHAB"].astype(float)
    assert 5.0 <= m2.mean() <= 7.0
    bail_an = loues["BAIL"].str[-4:].astype(int)
    assert 0.08 <= (bail_an == 2024).mean() <= 0.13
    vac = df.loc[mode == "2", "duree_vacance"].astype(int)
    assert vac.between(1, 24).all()
    assert (df.loc[mode != "2", "duree_vacance"] == "").all()


def test_attributions(attributions):
    df = attributions
    par_an = df.groupby("annee").size()
    assert list(par_an.index) == list(range(2017, 2026))
    assert par_an.between(1200, 1400).all()
    assert set(df.loc[df["en_qpv"] == "oui", "code_insee"]) <= QPV_COMMUNES
    assert ((df["contingent_communautaire"] == "oui") == (df["reservataire"] == "CU d'Arras")).all()
    assert (df.loc[df["annee"] <= 2018, "premier_quartile"] == "").all()
    assert (df.loc[df["annee"] <= 2018, "ressources_uc"] != "").all()
    assert (df.loc[df["annee"] >= 2019, "ressources_uc"] == "").all()
    assert (df.loc[df["annee"] >= 2019, "premier_quartile"] == "").mean() > 0.005
    assert (df["prioritaire"] == "").mean() > 0.005
    assert (df.loc[df["annee"] <= 2023, "geographie_qpv"] == "2015").all()
    assert (df.loc[df["annee"] >= 2024, "geographie_qpv"] == "2024").all()
    assert (df.loc[(df["annee"] <= 2023) | (df["en_qpv"] == "non"), "code_qpv"] == "").all()
    assert (df.loc[(df["annee"] >= 2024) & (df["en_qpv"] == "oui"), "code_qpv"] != "").all()
    assert (df.loc[df["refus"] == "oui", "bail_signe"] == "non").all()
    assert (df["date_attribution"].str[:4].astype(int) == df["annee"]).all()


def test_attribution_objectives(attributions):
    df = attributions
    for annee, g in df.groupby("annee"):
        hors = g[(g["en_qpv"] == "non") & (g["bail_signe"] == "oui")]
        obj1 = (hors["q1"] | (hors["relogement_anru"] == "oui")).mean()
        assert 0.12 <= obj1 < 0.25, (annee, obj1)
        en = g[g["en_qpv"] == "oui"]
        obj2 = en["q1_non"].mean()
        assert 0.50 < obj2 <= 0.66, (annee, obj2)
        assert 0.33 <= (g["en_qpv"] == "oui").mean() <= 0.42
        prio = g.groupby("reservataire")["prioritaire"].apply(lambda s: (s == "oui").mean())
        assert 0.45 <= prio["État"] <= 0.60
        assert 0.23 <= prio["CU d'Arras"] <= 0.33
        assert 0.09 <= prio["Action Logement"] <= 0.19
    obj1_par_an = [
        ((g["q1"] | (g["relogement_anru"] == "oui"))[(g["en_qpv"] == "non") & (g["bail_signe"] == "oui")]).mean()
        for _, g in df.groupby("annee")
    ]
    assert obj1_par_an[-1] > obj1_par_an[0]


def test_production(production):
    p = production
    assert set(p["annee"]) == set(range(2014, 2026))
    tot = p.groupby(["annee", "indicateur"])["valeur"].sum().unstack()
    assert (tot["logements_autorises"] < 550).sum() >= 8
    assert tot["logements_autorises"].between(330, 600).all()
    lls = tot["lls_plus"] + tot["lls_plai"]
    assert lls.between(110, 215).all() and (lls < 200).sum() >= 8
    assert tot["lls_pls"].between(3, 15).all()
    assert not ((p["annee"] == 2025) & p["indicateur"].isin(["ptz_neuf", "accession_ancien"])).any()
    ptz = tot["ptz_neuf"].dropna()
    assert len(ptz) == 11 and ptz.between(50, 150).all() and (ptz < 140).sum() >= 8
    assert ptz[2018] < ptz[2017] and ptz[2019] < ptz[2017]
    # une ligne par (année, commune, indicateur), zéros compris
    assert not p.duplicated(["annee", "code_insee", "indicateur"]).any()
    assert len(p[p["annee"] == 2024]) == 46 * 9
    aut = p[p["indicateur"] == "logements_autorises"].groupby("code_insee")["valeur"].sum()
    assert len(aut) == 46 and (aut > 0).all()
    dem = p[(p["indicateur"] == "demolitions") & (p["valeur"] > 0)]
    assert set(dem["code_insee"]) <= {"62041", "62753", "62764"}


def test_objectifs_communes(out):
    o = _read(out / "objectifs_communes.csv")
    o["objectif_annuel"] = o["objectif_annuel"].astype(float)
    o["objectif_periode"] = o["objectif_periode"].astype(float)
    sums = o.groupby("indicateur")["objectif_annuel"].sum()
    assert sums.to_dict() == {"logements": 550, "lls": 200, "accession_aidee": 140}
    assert (o["objectif_periode"] == 6 * o["objectif_annuel"]).all()
    assert o["code_insee"].nunique() == 42
    assert (o["plh"] == "PLH 2014-2020").all()


def test_ops(out, rpls):
    o = _read(out / "ops.csv")
    num = o.columns[3:]
    o[num] = o[num].astype(int)
    assert sorted(set(o["annee"].astype(int))) == list(range(2012, 2023, 2))
    assert set(o.loc[o["en_qpv"] == "oui", "code_insee"]) <= QPV_COMMUNES
    bandes = [
        "menages_ress_moins_20",
        "menages_ress_20_40",
        "menages_ress_40_60",
        "menages_ress_60_100",
        "menages_ress_plus_100",
    ]
    assert (o[bandes].sum(axis=1) <= o["menages"]).all()
    types = ["personnes_seules", "familles_monoparentales", "couples_sans_enfant", "couples_avec_enfants"]
    assert (o[types].sum(axis=1) <= o["menages"]).all()
    assert (o["grandes_familles"] <= o["couples_avec_enfants"] + o["familles_monoparentales"]).all()
    assert (o["menages"] < 11).any()
    tot = o.groupby("en_qpv")[bandes[:3] + ["menages"]].sum()
    sous60 = tot[bandes[:3]].sum(axis=1) / tot["menages"]
    assert sous60["oui"] > sous60["non"]
    loues = (rpls[2020]["MODE"] == "1").sum()
    menages = o.loc[o["annee"] == "2020", "menages"].sum()
    assert 0.86 <= menages / loues <= 0.94


def test_contingent_flux(out):
    f = _read(out / "contingent_flux.csv")
    assert len(f) == 12 and set(f["bailleur"]) == set(demo.BAILLEURS)
    for _annee, g in f.groupby("annee"):
        mel = g["mises_en_location"].astype(int).sum()
        assert 1100 <= mel <= 1300
        assert 0.19 <= g["mutations_internes"].astype(int).sum() / mel <= 0.28


def test_cli(tmp_path, monkeypatch):
    appels = []

    def faux_generate(out_dir, seed=demo.DEFAULT_SEED):
        appels.append((Path(out_dir), seed))
        return []

    monkeypatch.setattr(demo, "generate", faux_generate)
    assert demo.main(["--seed", "7", "--out", str(tmp_path / "x")]) == 0
    assert demo.main([]) == 0
    assert appels == [(tmp_path / "x", 7), (demo.DEFAULT_OUT, demo.DEFAULT_SEED)]
    # where the build reads the demo (data/demo at the repository root, not inside the package)
    assert demo.DEFAULT_OUT == Path(demo.__file__).resolve().parents[2] / "data" / "demo" == DEMO
