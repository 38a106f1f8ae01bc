"""Pages Attributions, Contingent communautaire, Bilan CIL, Occupation and Données (issue 7):

- every read-only table has its CSV and XLSX download buttons (tableaux.tableau), every chart its PNG
  export and its source subtitle (graphiques.graphique);
- with a password configuration, the « lecteur » role sees neither the landlord-level detail nor
  the entry widgets (a French message stands in their place), the « analyste » role sees them;
- the XLSX of the Bilan CIL table, as served by its download button, read back with openpyxl
  against counts taken straight from the demo database with SQL.
"""

from __future__ import annotations

import ast
import csv
import io
import json

import duckdb
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from observatoire.ecrans import acces, navigation
from observatoire.figures import exports
from observatoire.secret import suppression as secret
from tests.conftest import RACINE
from tests.outils.app import lancer

MDP_ANALYSTE, MDP_LECTEUR = "analyste-Kx7-exports", "lecteur-Tq2-exports"
# salted scrypt hashes, as `python -m observatoire mot-de-passe` prints them (clear passwords are refused)
SECRETS = {
    "acces": {
        "mode": "connexion",
        "mots_de_passe": {"analyste": acces.empreinte(MDP_ANALYSTE), "lecteur": acces.empreinte(MDP_LECTEUR)},
    }
}
VERROU = "Accès réservé au rôle « analyste »"
NNBSP = "\u202f"

# The read-only tables (key given to tableaux.tableau) and the charts (graphiques.graphique) of each page, in the
# demo (no access configuration: everything is open).
TABLES = {
    "attributions": {
        "table_evolution",
        "table_communes",
        "table_bailleurs",
        "table_reservataires",
        "table_qpv",
    },
    "bilan_cil": {
        "table_bilan",
        "table_bilan_totaux",
        "table_bilan_realise",
        "table_bilan_objectifs",
        "table_bilan_reservataires",
        "table_bilan_objectifs_communes",
    },
    "contingent": {"table_exemple", "table_flux", "table_realise", "table_realise_communes"},
    "occupation": {"table_ops_secteurs", "table_ops_communes"},
    "donnees": {"table_jeux", "table_provenance"},
}
GRAPHIQUES = {
    "attributions": {"graphique_evolution_objectifs", "graphique_reservataires", "graphique_qpv"},
    "bilan_cil": {"graphique_bilan_communes", "graphique_bilan_evolution"},
    "contingent": set(),
    "occupation": {"graphique_ops_secteurs", "graphique_ops_evolution"},
    "donnees": set(),
}
# What the analyste role alone sees: tables, data editors, other widgets (type, key), and the
# message shown to the other roles in their place.
RESERVE = {
    "attributions": {
        "tables": {"table_bailleurs"},
        "editeurs": {"editeur_seuils"},
        "widgets": set(),
        "messages": ["Le détail par bailleur demande", "La saisie des seuils du 1er quartile demande"],
        "lecteur_seulement": {"table_seuils"},  # the thresholds stay readable, without the editor
    },
    "contingent": {
        "tables": {"table_flux", "table_realise"},
        "editeurs": {"editeur_flux"},
        "widgets": {("file_uploader", "fichier_flux")},
        "messages": ["Le détail par bailleur demande", "La saisie des entrées du flux demande"],
        "lecteur_seulement": set(),
    },
    "bilan_cil": {
        "tables": {"table_bilan_realise"},
        "editeurs": set(),
        "widgets": set(),
        "messages": ["Le détail par bailleur demande"],
        "lecteur_seulement": set(),
    },
    "donnees": {
        "tables": set(),
        "editeurs": set(),
        "widgets": {("selectbox", "import_type"), ("file_uploader", "import_fichier_0")},
        "messages": ["L'import de fichiers demande"],
        "lecteur_seulement": set(),
    },
}


# ---------------------------------------------------------------- helpers


def _cles_boutons(at) -> set[str]:
    return {b.key for b in at.get("download_button")}


def _tables_lecture(at) -> list:
    return [d for d in at.dataframe if d.editing_mode == "read_only"]


def _cles_editeurs(at) -> set[str]:
    return {d.key for d in at.dataframe if d.editing_mode != "read_only"}


def _tables_avec_exports(at) -> set[str]:
    """Keys of the tables that have both a CSV and an XLSX button (tableaux.tableau: csv_<clé>, xlsx_<clé>)."""
    cles = _cles_boutons(at)
    return {c.removeprefix("csv_") for c in cles if c.startswith("csv_") and "xlsx_" + c.removeprefix("csv_") in cles}


def _widget_present(at, genre: str, cle: str) -> bool:
    return any(getattr(w, "key", None) == cle for w in at.get(genre))


def _verrous(at) -> list[str]:
    return [i.value for i in at.info if VERROU in i.value]


def _bailleurs_demo(base) -> list[str]:
    con = duckdb.connect(str(base), read_only=True)
    try:
        return [
            r[0]
            for r in con.execute("SELECT DISTINCT bailleur FROM attributions WHERE bailleur IS NOT NULL").fetchall()
        ]
    finally:
        con.close()


def _connecte(page: str, mot_de_passe: str, **query) -> AppTest:
    """The app with a password configuration (mode « connexion »): log in on the login page with
    the role's password, as a user would, then open the page."""
    at = AppTest.from_file(str(RACINE / "app.py"), default_timeout=90)
    at.secrets = SECRETS
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert [t.value for t in at.title] == ["Observatoire de l'habitat — connexion"]
    at.text_input(key="mot_de_passe_page").input(mot_de_passe)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(navigation.entree(page).chemin).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture()
def fichiers_servis(monkeypatch):
    """The bytes behind a download button. AppTest keeps the files of a run in an in-memory media
    store (and its manager) it creates per run; recording subclasses keep hold of them. A button
    whose file is built on click (callable `data`, as tableaux.tableau does) has no URL but a deferred
    file id: its callable is run as the server runs it on a click, and the file it stored is read.
    Returns contenu(at, clé)."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.testing.v1 import app_test

    stockages: list[MemoryMediaFileStorage] = []
    gestionnaires: list[MediaFileManager] = []

    class Enregistre(MemoryMediaFileStorage):
        def __init__(self, media_endpoint: str) -> None:
            super().__init__(media_endpoint)
            stockages.append(self)

    class Gestionnaire(MediaFileManager):
        def __init__(self, storage) -> None:
            super().__init__(storage)
            gestionnaires.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Enregistre)
    monkeypatch.setattr(app_test, "MediaFileManager", Gestionnaire)

    def contenu(at, cle: str) -> bytes:
        bouton = next(b for b in at.get("download_button") if b.key == cle)
        url = bouton.proto.url
        if not url:
            assert bouton.proto.deferred_file_id, cle
            url = gestionnaires[-1].execute_deferred(bouton.proto.deferred_file_id)
        return stockages[-1].get_file(url.rsplit("/", 1)[-1]).content

    return contenu


# ---------------------------------------------------------------- (a) exports under every table and chart


@pytest.mark.parametrize("page", list(TABLES))
def test_chaque_tableau_a_ses_exports_csv_et_xlsx(app_env, page):
    at = lancer(page)
    tables = _tables_lecture(at)
    avec_exports = _tables_avec_exports(at)
    assert TABLES[page] <= avec_exports, TABLES[page] - avec_exports
    # No read-only table left without its exports: one CSV + XLSX pair per table on screen.
    assert len(tables) == len(avec_exports), (len(tables), sorted(avec_exports))
    libelles = [b.label for b in at.get("download_button") if b.key.startswith(("csv_", "xlsx_"))]
    assert libelles.count("CSV") == libelles.count("XLSX") == len(tables)


@pytest.mark.parametrize("page", list(GRAPHIQUES))
def test_chaque_graphique_a_son_export_png_et_sa_source(app_env, page):
    at = lancer(page)
    graphiques = at.get("plotly_chart")
    assert {g.proto.id.rsplit("-", 1)[-1] for g in graphiques} >= GRAPHIQUES[page]
    assert len(graphiques) == len(GRAPHIQUES[page])
    for g in graphiques:
        config = json.loads(g.proto.config)
        assert config["toImageButtonOptions"]["format"] == "png", g.proto.id
        assert config["locale"] == "fr"
        spec = json.loads(g.proto.spec)
        assert spec["layout"]["title"]["subtitle"]["text"].startswith("Source : "), g.proto.id
        assert spec["layout"]["separators"] == ", "


def _appel(noeud, nom: str) -> bool:
    return (
        isinstance(noeud, ast.Expr)
        and isinstance(noeud.value, ast.Call)
        and isinstance(noeud.value.func, ast.Attribute)
        and noeud.value.func.attr == nom
        and getattr(noeud.value.func.value, "id", None) in ("graphiques", "cadre", "st")
    )


@pytest.mark.parametrize("page", list(GRAPHIQUES))
def test_pas_de_legende_en_double_apres_un_graphique(page):
    # graphiques.graphique draws the « Source · Millésime · Périmètre » line itself: a page must not add a
    # second cadre.legende right after it (only st.caption sentences in between).
    arbre = ast.parse((RACINE / navigation.entree(page).chemin).read_text(encoding="utf-8"))
    assert not any(isinstance(n, ast.Call) and getattr(n.func, "attr", None) == "plotly_chart" for n in ast.walk(arbre))
    for noeud in ast.walk(arbre):
        for champ in ("body", "orelse"):
            bloc = getattr(noeud, champ, None)
            if not isinstance(bloc, list):
                continue
            for i, instr in enumerate(bloc):
                if not _appel(instr, "graphique"):
                    continue
                suite = bloc[i + 1 :]
                while suite and _appel(suite[0], "caption"):
                    suite = suite[1:]
                assert not (suite and _appel(suite[0], "legende")), f"{page}, ligne {suite[0].lineno}"


# ---------------------------------------------------------------- (b) lecteur / analyste


@pytest.mark.parametrize("page", list(RESERVE))
def test_lecteur_ne_voit_ni_detail_par_bailleur_ni_saisie(app_env, page):
    r = RESERVE[page]
    at = _connecte(page, MDP_LECTEUR)
    assert any("rôle **lecteur**" in c.value for c in at.sidebar.caption)
    avec_exports = _tables_avec_exports(at)
    assert not (r["tables"] & avec_exports), r["tables"] & avec_exports
    assert not (r["tables"] & {k[4:] for k in _cles_boutons(at) if k.startswith("csv_")})
    assert not (r["editeurs"] & _cles_editeurs(at))
    for genre, cle in r["widgets"]:
        assert not _widget_present(at, genre, cle), cle
    verrous = _verrous(at)
    for message in r["messages"]:
        assert any(message in v for v in verrous), (message, verrous)
    # The rest of the page still shows, with its exports.
    assert (TABLES[page] - r["tables"]) | r["lecteur_seulement"] <= avec_exports
    # No demo landlord name in any table the lecteur sees.
    noms = _bailleurs_demo(app_env)
    for d in at.dataframe:
        valeurs = set(d.value.astype(str).to_numpy().ravel())
        assert not valeurs & set(noms), valeurs & set(noms)


@pytest.mark.parametrize("page", list(RESERVE))
def test_analyste_voit_detail_et_saisie(app_env, page):
    r = RESERVE[page]
    at = _connecte(page, MDP_ANALYSTE)
    assert any("rôle **analyste**" in c.value for c in at.sidebar.caption)
    assert r["tables"] <= _tables_avec_exports(at)
    assert r["editeurs"] <= _cles_editeurs(at)
    for genre, cle in r["widgets"]:
        assert _widget_present(at, genre, cle), cle
    assert not _verrous(at)
    assert not (r["lecteur_seulement"] & _tables_avec_exports(at))


def test_occupation_sans_section_reservee(app_env):
    # OPS aggregates carry no landlord: a lecteur sees the whole page and its exports.
    at = _connecte("occupation", MDP_LECTEUR)
    assert TABLES["occupation"] <= _tables_avec_exports(at)
    assert not _verrous(at)


def test_bilan_cil_exports_du_lecteur_sans_bailleur(app_env, fichiers_servis):
    noms = _bailleurs_demo(app_env)
    lecteur = _connecte("bilan_cil", MDP_LECTEUR, annee="2024")
    assert lecteur.selectbox(key="annee").value == 2024
    wb = load_workbook(io.BytesIO(fichiers_servis(lecteur, "export_bilan_xlsx")))
    assert "Contingent par bailleur" not in wb.sheetnames and "Bilan par commune" in wb.sheetnames
    cellules = {str(c.value) for ws in wb.worksheets for ligne in ws.iter_rows() for c in ligne}
    assert not any(nom in texte for nom in noms for texte in cellules)
    html = fichiers_servis(lecteur, "export_bilan_html").decode("utf-8")
    assert "Le détail par bailleur est réservé au rôle analyste." in html
    assert not [nom for nom in noms if nom in html]

    analyste = _connecte("bilan_cil", MDP_ANALYSTE, annee="2024")
    wb = load_workbook(io.BytesIO(fichiers_servis(analyste, "export_bilan_xlsx")))
    assert "Contingent par bailleur" in wb.sheetnames
    html = fichiers_servis(analyste, "export_bilan_html").decode("utf-8")
    assert any(nom in html for nom in noms)


# ---------------------------------------------------------------- (c) the XLSX of a table, read back


def _contingent_2024(base) -> tuple[int, int]:
    """(whole CU, Arras) attributions of 2024 on the contingent communautaire and the communal
    contingents (one entity, convention art. 3), counted in SQL."""
    con = duckdb.connect(str(base), read_only=True)
    try:
        return con.execute(
            "WITH c AS (SELECT code_insee, contingent_communautaire OR reservataire IN ('CU d''Arras', 'Communes') AS sur "
            "FROM attributions WHERE annee = 2024) "
            "SELECT count(*) FILTER (WHERE sur), count(*) FILTER (WHERE sur AND code_insee = '62041') FROM c"
        ).fetchone()
    finally:
        con.close()


def _entier(texte: str) -> int:
    return int(str(texte).replace(NNBSP, "").replace("\u00a0", ""))


def test_bilan_cil_xlsx_du_tableau_par_commune(app_env, fichiers_servis):
    total, arras = _contingent_2024(app_env)
    assert total > 0 and arras >= secret.seuil_en_vigueur()  # Arras' figure is shown, not hidden
    at = lancer("bilan_cil", annee="2024")
    wb = load_workbook(io.BytesIO(fichiers_servis(at, "xlsx_table_bilan")))
    assert wb.sheetnames == ["Bilan CIL 2024 par commune", exports.FEUILLE_SOURCES]
    ws = wb.worksheets[0]
    entetes = [c.value for c in ws[1]]
    col = entetes.index("Contingent communautaire et communal : attributions")
    lignes = {ligne[0]: ligne for ligne in ws.iter_rows(min_row=2, values_only=True)}
    assert _entier(lignes["Ensemble de la sélection"][col]) == total
    assert _entier(lignes["Arras"][col]) == arras
    assert any(v == secret.SECRET for ligne in lignes.values() for v in ligne)  # small communes stay hidden
    sources = {r[0]: r[1] for r in wb[exports.FEUILLE_SOURCES].iter_rows(min_row=2, values_only=True)}
    assert sources["Millésime"] == "2024"
    assert sources["Périmètre (filtres)"] == "toute la CU d'Arras (46 communes) · tous bailleurs · 2024"
    assert sources["Source"].startswith("SNE / exports des bailleurs")
    assert "Contingent communautaire et communal" in sources and "Secret statistique" in sources

    # The CSV of the same table: header lines, then the same total.
    lignes_csv = list(
        csv.reader(io.StringIO(fichiers_servis(at, "csv_table_bilan").decode("utf-8-sig")), delimiter=";")
    )
    assert lignes_csv[0][0] == "Source" and lignes_csv[0][1].startswith("SNE / exports des bailleurs")
    entete_csv = next(l for l in lignes_csv if l[:1] == ["Commune"])
    ensemble = next(l for l in lignes_csv if l[:1] == ["Ensemble de la sélection"])
    assert _entier(ensemble[entete_csv.index("Contingent communautaire et communal : attributions")]) == total


def test_sans_configuration_tout_reste_ouvert(app_env):
    # The demo has no access configuration: no lock message anywhere, the analyste parts are there.
    for page, r in RESERVE.items():
        at = lancer(page)
        assert not _verrous(at), page
        assert r["tables"] <= _tables_avec_exports(at)
        assert r["editeurs"] <= _cles_editeurs(at)
        assert acces.configuration().ouverte


def test_contingent_csv_par_commune_porte_l_annee_et_le_total(app_env, fichiers_servis):
    total, _ = _contingent_2024(app_env)
    at = lancer("contingent", annee="2024")
    lignes = list(
        csv.reader(io.StringIO(fichiers_servis(at, "csv_table_realise_communes").decode("utf-8-sig")), delimiter=";")
    )
    entete = dict(l[:2] for l in lignes[: lignes.index([])])
    # The realised figures are those of 2024: the header says so, not the filtered period.
    assert entete["Millésime"] == "2024"
    assert entete["Périmètre (filtres)"] == "toute la CU d'Arras (46 communes) · tous bailleurs · 2024"
    colonnes = next(l for l in lignes if l[:1] == ["Commune"])
    ensemble = next(l for l in lignes if l[:1] == ["Ensemble de la sélection"])
    assert _entier(ensemble[colonnes.index("Attributions au titre du contingent communautaire et communal")]) == total
