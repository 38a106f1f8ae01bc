"""Bilan CIL page on the demo base (AppTest): the three totals of art. 11 carry a status and a
sentence, the reading of the contribution solidaire is stated on screen, in the workbook and in
the document with the other reading's figure beside it, the setting switches the reading, and
objective 3 is read per réservataire (the all-réservataires rate labelled « indicatif »). The
figures are counted straight from the attributions with SQL (hand-written definitions)."""

from __future__ import annotations

import io
import math
import shutil

import duckdb
import pytest
from openpyxl import load_workbook

from observatoire.indicateurs import contingent as C
from tests.outils_app import lancer

pytest.importorskip("streamlit")

from tests.test_app_exports_roles import fichiers_servis  # noqa: F401  (fixture)


def _sql_2025(base) -> dict:
    """Art. 11 figures of 2025 from the attribution rows: the contingent entity is the flag or the
    réservataire CU d'Arras / Communes; realised = lease signed; two readings of the contribution."""
    con = duckdb.connect(str(base), read_only=True)
    try:
        r = con.execute("""
            WITH a AS (SELECT *, contingent_communautaire OR reservataire IN ('CU d''Arras', 'Communes') AS sur
                       FROM attributions WHERE annee = 2025)
            SELECT count(*) FILTER (WHERE sur), count(*) FILTER (WHERE sur AND bail_signe AND refus IS NOT TRUE),
                   count(*) FILTER (WHERE sur AND refus), count(*) FILTER (WHERE sur AND prioritaire),
                   count(*) FILTER (WHERE reservataire IS DISTINCT FROM 'État'),
                   count(*) FILTER (WHERE reservataire IS DISTINCT FROM 'État' AND prioritaire)
            FROM a""").fetchone()
    finally:
        con.close()
    return dict(zip(["entite", "realise", "refus", "cs_epci", "base_hp", "cs_hp"], r))


def _feuille(wb, nom):
    ws = wb[nom]
    entetes = [c.value for c in ws[1]]
    return [dict(zip(entetes, l)) for l in ws.iter_rows(min_row=2, values_only=True)]


def test_bilan_2025_trois_chiffres_de_l_article_11_avec_statut_et_lecture(app_env, fichiers_servis):
    x = _sql_2025(app_env)
    at = lancer("bilan_cil", annee="2025")
    texte = " ".join(m.value for m in at.markdown)
    assert "lecture retenue** : un quart des attributions annuelles des logements réservés par l'EPCI" in texte
    wb = load_workbook(io.BytesIO(fichiers_servis(at, "export_bilan_xlsx")))
    assert wb.sheetnames[0] == "Article 11"
    a, b, c = _feuille(wb, "Article 11")
    assert a["Total"] == x["entite"] and a["Statut"] in ("✔ atteint", "✘ non atteint")
    assert f"Flux réalisé 2025 : {x['realise']} attributions suivies d'un bail signé" in a["Lecture"]
    assert b["Total"] == x["refus"] and b["Statut"] == "· sans cible chiffrée"
    minimum = math.ceil(x["entite"] / 4)
    assert c["Total"] == x["cs_epci"] and c["Repère"] == f"minimum {minimum}"
    assert c["Statut"] == ("✔ atteint" if x["cs_epci"] >= minimum else "✘ non atteint")
    autre = (
        f"Selon l'autre lecture (toutes les attributions hors contingent préfectoral) : {x['cs_hp']} sur {x['base_hp']}"
    )
    assert autre in c["Lecture"].replace("\u202f", "")  # French thousands separator removed
    sources = {r[0]: r[1] for r in wb["Sources et définitions"].iter_rows(min_row=2, values_only=True)}
    assert sources["Contribution solidaire : lecture retenue"].startswith(
        "un quart des attributions annuelles des logements réservés par l'EPCI"
    )
    assert "Avertissement" in sources and "démonstration" in sources["Avertissement"]
    # Objective 3: status per réservataire, the all-réservataires rate labelled « indicatif ».
    o3 = _feuille(wb, "Objectifs légaux")[2]
    assert "(indicatif, tous réservataires)" in o3["Taux"]
    assert o3["Statut"].startswith(("✔ atteint", "✘ non atteint"))
    html = fichiers_servis(at, "export_bilan_html").decode("utf-8")
    assert "les trois chiffres de l&#x27;article 11" in html or "les trois chiffres de l'article 11" in html
    assert "Lecture retenue" in html and "Données de démonstration" in html


def test_le_reglage_change_la_lecture_du_bilan(app_env, tmp_path, monkeypatch):
    copie = tmp_path / "observatoire.duckdb"
    shutil.copyfile(app_env, copie)
    monkeypatch.setenv("OBSERVATOIRE_DB", str(copie))
    C.enregistrer_lecture(copie, C.LECTURE_HORS_PREFECTORAL)
    at = lancer("bilan_cil", annee="2025")
    texte = " ".join(m.value for m in at.markdown)
    assert "lecture retenue** : un quart de l'ensemble des attributions, « en retirant la part déjà réservée" in texte
    x = _sql_2025(copie)
    cs = next(m.value for m in at.markdown if "contribution solidaire** —" in m.value)
    assert (
        f"{x['cs_hp']} ménages prioritaires sur {x['base_hp']} toutes les attributions hors contingent"
        in cs.replace("\u202f", "")
    )
    assert "Selon l'autre lecture (attributions des logements réservés par l'EPCI)" in cs
