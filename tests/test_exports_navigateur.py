"""Real browser: the CSV and XLSX buttons under a table (tableaux.tableau) download their files. The
files are built on the click (st.download_button with a callable: the browser asks the server
to run it, then downloads the result), so this is checked where it happens, in Chromium."""

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from observatoire.figures import exports
from tests.navigateur import attendre_rendu


def _telecharger(page, cle: str, nom: str):
    """Click a download button and return the download. Under load a click can land while
    Streamlit redraws the block and start nothing (seen once in a full CI run): clicked again."""
    from playwright.sync_api import TimeoutError as Delai

    for essai in range(3):
        try:
            with page.expect_download(timeout=40000) as telechargement:
                bouton = page.locator(cle).get_by_role("button", name=nom, exact=True)
                # The DOM event reaches the button even if a redraw covers it for a moment.
                bouton.dispatch_event("click", timeout=90000)
            return telechargement
        except Delai:
            if essai == 2:
                raise


def test_csv_et_xlsx_telecharges_au_clic(navigateur):
    browser, url = navigateur
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page.goto(f"{url}/?communes=62041&debut=2019")
    attendre_rendu(page)
    # Generous waits: on a loaded 2-core CI machine the Accueil's expander can take over 30 s.
    page.get_by_text("Les huit indicateurs en tableau").click(timeout=90000)

    telechargement = _telecharger(page, ".st-key-csv_tableau_synthese", "CSV")
    assert telechargement.value.suggested_filename == "synthese_observatoire.csv"
    brut = Path(telechargement.value.path()).read_bytes()
    assert brut.startswith(b"\xef\xbb\xbf")
    lignes = list(csv.reader(io.StringIO(brut.decode("utf-8-sig")), delimiter=";"))
    entete = dict(l[:2] for l in lignes[: lignes.index([])])
    # the table covers several vintages, none of them the filters' period: that one is said apart
    assert entete["Périmètre (filtres)"] == "Arras · tous bailleurs"
    assert entete["Territoire"] == "Arras" and entete["Période choisie dans les filtres"] == "2019-2025"
    assert "Données de démonstration" in entete["Avertissement"]
    assert lignes[lignes.index([]) + 1][:4] == ["Indicateur", "Valeur", "Cible", "Situation"]

    telechargement = _telecharger(page, ".st-key-xlsx_tableau_synthese", "XLSX")
    assert telechargement.value.suggested_filename == "synthese_observatoire.xlsx"
    wb = load_workbook(io.BytesIO(Path(telechargement.value.path()).read_bytes()))
    assert wb.sheetnames == ["synthese_observatoire", exports.FEUILLE_SOURCES]
    assert [c.value for c in wb.worksheets[0][1]][:4] == ["Indicateur", "Valeur", "Cible", "Situation"]
    assert len(list(wb.worksheets[0].iter_rows(min_row=2))) == len(lignes) - lignes.index([]) - 2
    # « Valeur » of the production cards: numbers Excel can sum, not text
    valeurs = [r[1].value for r in wb.worksheets[0].iter_rows(min_row=2, max_row=4)]
    assert all(isinstance(v, int) for v in valeurs), valeurs
    page.close()
