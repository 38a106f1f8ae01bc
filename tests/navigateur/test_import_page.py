"""The page « Données » in a real browser: choose the kind, upload, read the preview, confirm;
then the provenance lists the file and the demo banner no longer names the imported dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.outils.navigateur import (
    ARGS_CHROMIUM,
    CAPTURES,
    CHROMIUM,
    attendre_rendu,
    exiger_chromium,
    serveur_streamlit,
)

FIX = Path(__file__).parents[1] / "fixtures" / "imports"


@pytest.fixture()
def page_donnees(copie_base_demo):
    """Its own server: the test imports a file, i.e. writes to the base the shared server reads."""
    exiger_chromium()
    from playwright.sync_api import sync_playwright

    base = copie_base_demo
    with serveur_streamlit(base) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS_CHROMIUM)
        page = browser.new_page(viewport={"width": 1440, "height": 3200}, locale="fr-FR")
        page.goto(f"{url}/donnees")
        attendre_rendu(page)
        yield page
        browser.close()


def bandeau(page) -> str:
    return page.locator('[data-testid="stAlert"]').filter(has_text="Données de démonstration").first.inner_text()


def test_import_depuis_la_page(page_donnees):
    page = page_donnees
    assert "parc social (RPLS)" in bandeau(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        str(FIX / "rpls_2024_codes_invalides.csv")
    )
    page.get_by_text("Aperçu avant import").wait_for(timeout=60000)
    attendre_rendu(page)
    texte = page.inner_text("body")
    assert "Aperçu avant import" in texte
    assert "Lignes gardées pour la CU d'Arras : 1" in texte and "Lignes rejetées : 7" in texte
    assert "Traceback" not in texte
    page.get_by_text("Détail ligne par ligne").click()  # the messages: file, line, column, expected
    assert (
        page.get_by_text(
            "rpls_2024_codes_invalides.csv, ligne 4, colonne « SURFHAB » : « -5 » est une surface impossible"
        ).count()
        == 1
    )
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "donnees_apercu_import.png"), full_page=True)

    page.locator(".st-key-import_confirmer button").click()
    page.get_by_text("rpls_2024_codes_invalides.csv importé").wait_for(timeout=60000)  # after st.rerun()
    attendre_rendu(page)
    texte = page.inner_text("body")
    assert "rpls_2024_codes_invalides.csv importé" in texte
    assert "parc social (RPLS)" not in bandeau(page)  # the banner lists only the datasets still demo
    assert "attributions" in bandeau(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(CAPTURES / "donnees_apres_import.png"), full_page=True)


def test_fichier_refuse_sur_la_page(page_donnees):
    page = page_donnees
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(FIX / "rpls_2024_vide.csv"))
    page.get_by_text("Fichier refusé").wait_for(timeout=60000)
    attendre_rendu(page)
    texte = page.inner_text("body")
    assert "Fichier refusé, la base n'a pas changé." in texte and "le fichier est vide" in texte
    assert page.locator(".st-key-import_confirmer").count() == 0
    assert "Traceback" not in texte
