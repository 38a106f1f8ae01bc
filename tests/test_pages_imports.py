"""Every page after every import (issue 14, item 3): the page × fixture matrix.

Each fixture of tests/fixtures/imports/ and each template of data/modeles/ is imported into a
copy of the demo base through the importer (as the page « Données » and the command line do),
then every page of the router (tests.outils_app.PAGES_APP) runs through AppTest on that copy.
A file the importer refuses leaves the base unchanged (nothing to run the pages on); a file it
accepts must leave every page readable: no exception, no traceback, no server path on screen.
Non-finite numbers (`inf`, `1e30`) are tried too: refused by the importer, or harmless.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from observatoire.chargement import importer
from observatoire.chargement.sources import ErreurSource
from tests.conftest import RACINE
from tests.outils_app import PAGES_APP

FIX = RACINE / "tests" / "fixtures" / "imports"
MODELES = RACINE / "data" / "modeles"

# file name prefix → importer type (the first that matches)
PREFIXES = [
    ("resultats_rpls_", "rpls_communes"),
    ("rpls_", "rpls"),
    ("parc_social_", "rpls"),
    ("ops", "ops"),
    ("attributions", "attributions"),
    ("sitadel_", "sitadel"),
    ("financements", "financements"),
    ("ptz", "ptz"),
    ("objectifs", "objectifs"),
    ("seuils_q1", "seuils_q1"),
    ("qpv_", "qpv"),
]


def _type(nom: str) -> str | None:
    return next((t for prefixe, t in PREFIXES if nom.startswith(prefixe)), None)


def _fichiers() -> list[tuple[str, Path]]:
    sortie = []
    for dossier in (FIX, MODELES):
        for chemin in sorted(dossier.iterdir()):
            t = _type(chemin.name)
            if t is not None and chemin.is_file():
                sortie.append((t, chemin))
    return sortie


NON_FINIS = {
    "objectifs_inf.csv": (
        "objectifs",
        "plh;code_insee;indicateur;objectif_annuel;objectif_periode\n"
        "PLH 2014-2020;62041;logements;inf;1500\nPLH 2014-2020;62004;lls;1e30;-inf\n",
    ),
    "financements_2023_inf.csv": (
        "financements",
        "annee;code_insee;nom_commune;PLUS;PLAI;PLS\n2023;62041;Arras;1e30;inf;5\n2023;62004;Achicourt;NaN;4;2\n",
    ),
    "ptz_2023_inf.csv": ("ptz", "annee;code_insee;ptz_neuf;ptz_ancien\n2023;62041;inf;1e30\n"),
    "ops_2022_inf.csv": ("ops", (MODELES / "ops.csv").read_text(encoding="utf-8").replace(";1200;", ";1e30;", 1)),
}

# What must never reach a browser: a traceback, a server path, Python exception names.
INTERDITS = re.compile(r"Traceback|File \"|/work/|/tmp/|site-packages|\.py\b|NAType|TypeError|ValueError|KeyError")


def textes(at: AppTest) -> list[str]:
    """Every text the run put on screen (main area and sidebar)."""
    sortie = []
    for nom in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "error",
        "warning",
        "info",
        "success",
        "metric",
        "exception",
    ):
        for e in at.get(nom):
            sortie.append(str(getattr(e, "value", "")) + " " + str(getattr(e, "label", "") or ""))
    return sortie


def parcourir_pages(base: Path, monkeypatch) -> dict[str, list[str]]:
    """Run every page on `base`; returns {page: problems}."""
    monkeypatch.setenv("OBSERVATOIRE_DB", str(base))
    monkeypatch.chdir(RACINE)
    at = AppTest.from_file(str(RACINE / "app.py"), default_timeout=120)
    at.run()
    problemes = {}
    for fichier, _, _ in PAGES_APP:
        at.switch_page(fichier)
        at.run()
        mauvais = [e.value for e in at.exception] + [t for t in textes(at) if INTERDITS.search(t)]
        if mauvais:
            problemes[fichier] = [str(m)[:300] for m in mauvais]
    return problemes


def _empreinte(chemin: Path) -> str:
    return hashlib.sha256(chemin.read_bytes()).hexdigest()


def importer_puis_pages(type_: str, fichier: Path, base_demo: Path, tmp_path: Path, monkeypatch) -> None:
    base = tmp_path / "observatoire.duckdb"
    shutil.copyfile(base_demo, base)
    avant = _empreinte(base)
    try:
        importer.importer(type_, fichier, base, nom=fichier.name)
    except ErreurSource as e:  # refused: one French sentence, the base unchanged, nothing to show
        assert str(e).strip() and "Traceback" not in str(e)
        assert _empreinte(base) == avant
        return
    assert _empreinte(base) != avant
    problemes = parcourir_pages(base, monkeypatch)
    assert not problemes, f"après l'import de {fichier.name} ({type_}) : {problemes}"


@pytest.mark.parametrize("type_, fichier", _fichiers(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_chaque_page_apres_chaque_import(base_demo, tmp_path, monkeypatch, type_, fichier):
    importer_puis_pages(type_, fichier, base_demo, tmp_path, monkeypatch)


@pytest.mark.parametrize("nom", sorted(NON_FINIS))
def test_nombres_non_finis_refuses_ou_sans_effet_sur_les_pages(base_demo, tmp_path, monkeypatch, nom):
    type_, contenu = NON_FINIS[nom]
    fichier = tmp_path / "televersement" / nom
    fichier.parent.mkdir()
    fichier.write_text(contenu, encoding="utf-8")
    importer_puis_pages(type_, fichier, base_demo, tmp_path, monkeypatch)


def test_la_matrice_couvre_fixtures_et_modeles():
    noms = {f.name for _, f in _fichiers()}
    assert {"financements_2023.csv", "sitadel_logements.csv", "financements.csv", "ops.csv"} <= noms
    assert len(PAGES_APP) >= 12
