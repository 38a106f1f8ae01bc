"""Parc social on a vintage from the public RPLS file: vacancy, mobility and rent read « non
disponible dans le fichier public » (never 0, never « donnée manquante »), and the page says
which file gives them."""

from __future__ import annotations

import shutil

import duckdb

from observatoire.indicateurs import parc
from tests.outils_app import lancer


def test_millesime_du_fichier_public(base_demo, tmp_path, monkeypatch):
    from tests.conftest import RACINE

    base = tmp_path / "public.duckdb"
    shutil.copyfile(base_demo, base)
    con = duckdb.connect(str(base))
    # The derived counts of a public-file vintage: no occupation, lease or rent, no landlord.
    con.execute("""UPDATE parc_communes SET occupation_renseignee = 0, loues_ou_vacants = 0, vacants_3_mois = 0,
                   base_mobilite = 0, baux_annee_precedente = 0, somme_loyers = 0, somme_surfaces = 0
                   WHERE millesime = (SELECT max(millesime) FROM parc_communes)""")
    con.close()
    monkeypatch.setenv("OBSERVATOIRE_DB", str(base))
    monkeypatch.chdir(RACINE)
    at = lancer("parc_social")
    valeurs = {m.label: m.value for m in at.metric}
    for libelle in ("Taux de vacance de plus de 3 mois", "Taux de mobilité", "Loyer moyen"):
        assert valeurs[libelle] == parc.NON_DISPONIBLE, (libelle, valeurs[libelle])
    avertissement = " ".join(w.value for w in at.warning)
    assert "fichier RPLS public" in avertissement and "version loi" in avertissement
