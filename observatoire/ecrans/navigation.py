"""The pages of the observatory, as data: one `Entree` per page (file, title, icon, address,
section, who may see it). app.py builds Streamlit's navigation from PAGES; links between pages
(`lien_page`), the catalogue's « voir la page » links and the tests read the same list.

A newcomer adds a page with one line in PAGES (and its script in pages/).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from observatoire.ecrans.francais import franciser_streamlit

# The project's decided layout keeps the page scripts in `pages/` beside app.py. Streamlit 1.67
# then treats the app as « multipage v1 » (each script of pages/ a page of its own, run without
# app.py's filters and banner) until st.navigation has been called once in the process; no public
# setting turns that off. `ignorer_le_dossier_pages` is the one place that says « st.navigation
# only » up front, through Streamlit's page manager; tests/test_navigation.py fails if Streamlit
# renames it.
DOSSIER = "pages"


def ignorer_le_dossier_pages() -> None:
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


ignorer_le_dossier_pages()


@dataclass(frozen=True)
class Entree:
    fichier: str  # the script's name in DOSSIER, without « .py »
    titre: str
    icone: str
    section: str
    defaut: bool = False
    role: str = "tous"  # who sees the page in the menu: every page is open to every role today

    @property
    def chemin(self) -> str:
        """The script's path from the app's folder, as st.Page and st.page_link take it."""
        return f"{DOSSIER}/{self.fichier}.py"

    @property
    def adresse(self) -> str:
        """The page's URL path (« /production »): the script's name."""
        return self.fichier


PAGES: tuple[Entree, ...] = (
    Entree("accueil", "Accueil", ":material/home:", "Synthèse", defaut=True),
    Entree("fiche_commune", "Fiche commune", ":material/description:", "Synthèse"),
    Entree("carte", "Carte", ":material/map:", "Synthèse"),
    Entree("comparer", "Comparer des communes", ":material/compare_arrows:", "Synthèse"),
    Entree("diaporama", "Diaporama CIL", ":material/slideshow:", "Synthèse"),
    Entree("attributions", "Objectifs légaux", ":material/key:", "Attributions"),
    Entree("contingent", "Contingent communautaire", ":material/handshake:", "Attributions"),
    Entree("bilan_cil", "Bilan CIL", ":material/summarize:", "Attributions"),
    Entree("production", "Production PLH", ":material/construction:", "Production et parc"),
    Entree("parc_social", "Parc social", ":material/apartment:", "Production et parc"),
    Entree("occupation", "Occupation", ":material/groups:", "Production et parc"),
    Entree("donnees", "Données", ":material/database:", "Sources et méthode"),
    Entree("methode", "Méthode", ":material/menu_book:", "Sources et méthode"),
    Entree("accessibilite", "Accessibilité", ":material/accessibility_new:", "Sources et méthode"),
)

RACINE_APP = Path(__file__).resolve().parents[2]


def entree(reference: str) -> Entree:
    """The entry of a page named by its script (« production »), its path in DOSSIER, or the
    path under `pages/` the catalogue still gives (« pages/production.py »)."""
    nom = Path(reference).stem
    for e in PAGES:
        if e.fichier == nom:
            return e
    raise KeyError(f"Page inconnue de la navigation : « {reference} » (voir observatoire/ecrans/navigation.py).")


def sections(pages=PAGES) -> dict[str, list[Entree]]:
    """The entries grouped by menu section, in PAGES' order."""
    groupes: dict[str, list[Entree]] = {}
    for e in pages:
        groupes.setdefault(e.section, []).append(e)
    return groupes


def pages_streamlit() -> dict[str, list]:
    """PAGES as st.Page objects by section, for st.navigation. url_path is the script's name."""
    return {
        section: [st.Page(e.chemin, title=e.titre, icon=e.icone, url_path=e.adresse, default=e.defaut) for e in entrees]
        for section, entrees in sections().items()
    }


def navigation(**options):
    """st.navigation over PAGES, an unknown address leading to the default page without an
    English dialog. `options`: st.navigation's (expanded=True: every page listed, no « View more »)."""
    adresse_inconnue_vers_accueil(adresses_connues())
    franciser_streamlit()
    return st.navigation(pages_streamlit(), **options)


def adresses_connues() -> set[str]:
    """The URL paths Streamlit resolves: the default page answers at « / » only, so « /accueil »
    is unknown to it (and led home by adresse_inconnue_vers_accueil, without the English dialog)."""
    return {"" if e.defaut else e.adresse for e in PAGES}


def adresse_inconnue_vers_accueil(adresses: set[str]) -> None:
    """An unknown address (/accueil, a mistyped /nimportequoi) opens the Accueil, filters kept,
    without Streamlit's English « Page not found » dialog.

    Streamlit 1.67 resolves the address in st.navigation: a name matching no page sends the
    browser a `page_not_found` message (the English dialog), then runs the default page. An
    intent cleared here resolves to the default page directly, with no message. The default
    page answers at « / » only, hence « /accueil » is unknown too."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    gestionnaire = ctx.pages_manager
    if gestionnaire.intended_page_script_hash:
        return  # a click in the menu or st.switch_page: a page the app registered
    nom = gestionnaire.intended_page_name
    if nom and nom.strip("/") not in adresses:
        gestionnaire.set_script_intent("", "")


def lien_page(page: str, libelle: str, icone: str = ":material/arrow_forward:", **kwargs) -> None:
    """st.page_link to a page of PAGES (its script's name, « production »), silent when the
    router has not registered it (a page run on its own in a test)."""
    from streamlit.errors import StreamlitAPIException

    try:
        st.page_link(entree(page).chemin, label=libelle, icon=icone, **kwargs)
    except (StreamlitAPIException, KeyError):
        pass
