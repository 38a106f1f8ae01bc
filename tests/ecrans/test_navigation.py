"""The page list as data (observatoire/ecrans/navigation.py): every page the app serves, its
script, its address and its menu section in one place, read by app.py, the links and the tests."""

import re

import pytest

from observatoire.ecrans import navigation
from observatoire.indicateurs import catalogue
from tests.conftest import RACINE


def test_le_dossier_pages_est_ignore_par_streamlit():
    # With `pages/` next to app.py, Streamlit runs its scripts alone (without the router's
    # filters and banner) for a deep link opened before st.navigation's first call, unless its
    # page manager is told up front: this fails if Streamlit renames what we set.
    from streamlit.runtime.pages_manager import PagesManager

    assert (RACINE / "pages").is_dir() and navigation.DOSSIER == "pages"
    assert PagesManager.uses_pages_directory is False


def test_chaque_page_a_son_script_une_adresse_unique_et_une_page_par_defaut():
    assert len(navigation.PAGES) == 14
    for e in navigation.PAGES:
        assert (RACINE / e.chemin).is_file(), e.chemin
    adresses = [e.adresse for e in navigation.PAGES]
    assert len(set(adresses)) == len(adresses)
    assert [e.fichier for e in navigation.PAGES if e.defaut] == ["accueil"]
    assert list(navigation.sections()) == ["Synthèse", "Attributions", "Production et parc", "Sources et méthode"]
    assert [e.titre for e in navigation.sections()["Attributions"]] == [
        "Objectifs légaux",
        "Contingent communautaire",
        "Bilan CIL",
    ]


def test_entree_par_nom_par_chemin_ou_par_l_ancien_chemin():
    production = navigation.entree("production")
    assert production.chemin == "pages/production.py" and production.titre == "Production PLH"
    assert navigation.entree("pages/production.py") is production
    assert navigation.entree("pages/production.py") is production  # the catalogue's form
    with pytest.raises(KeyError, match="Page inconnue de la navigation : « tableau_de_bord »"):
        navigation.entree("tableau_de_bord")


def test_les_pages_du_catalogue_sont_dans_la_navigation():
    pages = {i.page for i in catalogue.INDICATEURS.values() if i.page}
    assert pages, "le catalogue ne cite aucune page"
    for page in pages:
        assert navigation.entree(page).chemin in {e.chemin for e in navigation.PAGES}


def test_app_py_ne_liste_pas_les_pages_lui_meme():
    texte = (RACINE / "app.py").read_text(encoding="utf-8")
    assert "navigation.navigation(" in texte
    assert not re.search(r'st\.Page\(\s*"', texte)


def test_l_api_privee_des_pages_en_un_seul_endroit():
    # The page manager's flag is set in navigation.ignorer_le_dossier_pages only.
    fichiers = [RACINE / "app.py", *(RACINE / "observatoire").rglob("*.py"), *(RACINE / "pages").glob("*.py")]
    trouves = {
        str(chemin.relative_to(RACINE))
        for chemin in fichiers
        for motif in ("PagesManager", "uses_pages_directory", "source_util")
        if motif in chemin.read_text(encoding="utf-8")
    }
    assert trouves == {"observatoire/ecrans/navigation.py"}


def test_couleurs_seulement_dans_couleurs_py():
    # Two greys for the same purpose came from colours written in several modules.
    hexa = re.compile(r"#[0-9a-fA-F]{6}\b")
    dossiers = [RACINE / "pages", RACINE / "observatoire" / "ecrans", RACINE / "observatoire" / "figures"]
    trouves = [
        f"{chemin.relative_to(RACINE)}: {m.group(0)}"
        for dossier in dossiers
        for chemin in sorted(dossier.glob("*.py"))
        if chemin.name != "couleurs.py"
        for m in hexa.finditer(chemin.read_text(encoding="utf-8"))
    ]
    assert trouves == []


class _Gestionnaire:
    def __init__(self, nom):
        self.intended_page_script_hash = ""
        self.intended_page_name = nom
        self.intention = None

    def set_script_intent(self, page_script_hash, page_name):
        self.intention = (page_script_hash, page_name)


@pytest.mark.parametrize(
    "nom, effacee", [("accueil", True), ("/nimportequoi", True), ("production", False), ("", False)]
)
def test_adresse_inconnue_menee_a_l_accueil(monkeypatch, nom, effacee):
    # « /accueil » once opened Streamlit's English « Page not found » dialog: the default page
    # answers at « / » only, so its script name must count as unknown.
    from streamlit.runtime.scriptrunner_utils import script_run_context

    gestionnaire = _Gestionnaire(nom)
    contexte = type("Contexte", (), {"pages_manager": gestionnaire})()
    monkeypatch.setattr(script_run_context, "get_script_run_ctx", lambda: contexte)
    navigation.adresse_inconnue_vers_accueil(navigation.adresses_connues())
    assert (gestionnaire.intention == ("", "")) is effacee
