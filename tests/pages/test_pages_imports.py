"""Every page after every kind of import (issue 14, item 3): the page × import matrix.

Each fixture of tests/fixtures/imports/ and each template of data/modeles/ is imported through
the importer (as the page « Données » and the command line do). A file the importer refuses
leaves the base unchanged; a file it accepts changes it. Non-finite numbers (`inf`, `1e30`) are
tried too: refused by the importer, or harmless.

The files of one kind (RPLS, attributions, OPS…) are imported one after the other into ONE copy
of the demo base, the non-finite ones last; then every page of the router that reads the base
(tests.outils.app.PAGES_APP) runs through AppTest on that copy, once per kind: no exception, no
traceback, no server path on screen. The page « Accessibilité » reads nothing imported: it is
run once, on the demo base. (Before, the pages ran after each accepted file alone: 14 pages ×
every file; a file's rows that a later file of the same vintage replaces are no longer on screen,
which the fixtures of one vintage — encodings, separators, BOM — do not need.)
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
from tests.outils.app import PAGES_APP

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


def parcourir_pages(base: Path, monkeypatch, sauf: set[str] = frozenset()) -> dict[str, list[str]]:
    """Run every page on `base` (but those in `sauf`); returns {page: problems}."""
    monkeypatch.setenv("OBSERVATOIRE_DB", str(base))
    monkeypatch.chdir(RACINE)
    at = AppTest.from_file(str(RACINE / "app.py"), default_timeout=120)
    at.run()
    problemes = {}
    for fichier, _, _ in PAGES_APP:
        if fichier in sauf:
            continue
        at.switch_page(fichier)
        at.run()
        mauvais = [e.value for e in at.exception] + [t for t in textes(at) if INTERDITS.search(t)]
        if mauvais:
            problemes[fichier] = [str(m)[:300] for m in mauvais]
    return problemes


def _empreinte(chemin: Path) -> str:
    return hashlib.sha256(chemin.read_bytes()).hexdigest()


SANS_IMPORT = {"pages/accessibilite.py"}  # reads nothing imported: checked once, on the demo base


def importer_un(type_: str, fichier: Path, base: Path) -> bool:
    """Import `fichier` into `base`: True when accepted (the base changed), False when refused
    with one French sentence and the base unchanged."""
    avant = _empreinte(base)
    try:
        importer.importer(type_, fichier, base, nom=fichier.name)
    except ErreurSource as e:
        assert str(e).strip() and "Traceback" not in str(e), fichier.name
        assert _empreinte(base) == avant, f"{fichier.name} refusé mais la base a changé"
        return False
    assert _empreinte(base) != avant, f"{fichier.name} accepté mais la base n'a pas changé"
    return True


def _non_finis(dossier: Path) -> list[tuple[str, Path]]:
    sortie = []
    for nom, (type_, contenu) in sorted(NON_FINIS.items()):
        fichier = dossier / "televersement" / nom
        fichier.parent.mkdir(exist_ok=True)
        fichier.write_text(contenu, encoding="utf-8")
        sortie.append((type_, fichier))
    return sortie


TYPES = sorted({t for t, _ in _fichiers()} | {t for t, _ in NON_FINIS.values()})


@pytest.mark.parametrize("type_", TYPES)
def test_chaque_page_apres_chaque_type_d_import(base_demo, tmp_path, monkeypatch, type_):
    base = tmp_path / "observatoire.duckdb"
    shutil.copyfile(base_demo, base)
    fichiers = [(t, f) for t, f in _fichiers() + _non_finis(tmp_path) if t == type_]
    acceptes = [f.name for t, f in fichiers if importer_un(t, f, base)]
    if not acceptes:
        return
    problemes = parcourir_pages(base, monkeypatch, sauf=SANS_IMPORT)
    assert not problemes, f"après l'import de {', '.join(acceptes)} ({type_}) : {problemes}"


def test_pages_sans_import_sur_la_base_de_demo(base_demo, monkeypatch):
    pages = {f for f, _, _ in PAGES_APP} - SANS_IMPORT
    assert not parcourir_pages(base_demo, monkeypatch, sauf=pages)


def test_la_matrice_couvre_fixtures_et_modeles():
    noms = {f.name for _, f in _fichiers()}
    assert {"financements_2023.csv", "sitadel_logements.csv", "financements.csv", "ops.csv"} <= noms
    assert len(PAGES_APP) >= 12
    assert SANS_IMPORT <= {f for f, _, _ in PAGES_APP}
    assert {"rpls", "attributions", "ops", "sitadel", "objectifs", "qpv"} <= set(TYPES)
