"""Exports offered under every table (tableaux.tableau): CSV for French Excel with a header saying
source, vintage and filters; XLSX with a « Sources et définitions » sheet; formula injection
neutralised in both. The files are opened and read back."""

import csv
import io
from datetime import date

import pandas as pd
from openpyxl import load_workbook

from observatoire.ecrans import tableaux
from observatoire.figures import exports
from observatoire.secret import suppression as secret
from tests.outils_app import lancer
from tests.test_app_exports_roles import fichiers_servis  # noqa: F401 (fixture)

DF = pd.DataFrame(
    {
        "Commune": ['=HYPERLINK("http://x")', "+33 6", "-2+3", "@SOMME(A1)", "Arras"],
        "Taux": [0.125, 0.5, None, 1.0, 0.25],
        "Logements": [1234, 5, 0, 7, 41019],
    }
)
ENTETE = {
    "Source": "RPLS (SDES)",
    "Millésime": "1er janvier 2025",
    "Périmètre (filtres)": "Arras · tous bailleurs · 2014-2025",
    "Note": "=1+1 ; piège",
}


def test_csv_entete_puis_tableau_format_excel_fr():
    brut = exports.csv_fr_entete(DF, ENTETE)
    assert brut.startswith(b"\xef\xbb\xbf") and brut.count(b"\xef\xbb\xbf") == 1  # one BOM, at the start
    lignes = list(csv.reader(io.StringIO(brut.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0] == ["Source", "RPLS (SDES)"]
    assert lignes[1] == ["Millésime", "1er janvier 2025"]
    assert lignes[2] == ["Périmètre (filtres)", "Arras · tous bailleurs · 2014-2025"]
    assert lignes[3] == ["Note", "'=1+1 ; piège"]  # quoted (it holds a « ; ») and neutralised
    assert lignes[4] == []
    assert lignes[5] == ["Commune", "Taux", "Logements"]
    table = lignes[6:]
    assert [l[0] for l in table] == ['\'=HYPERLINK("http://x")', "'+33 6", "'-2+3", "'@SOMME(A1)", "Arras"]
    assert [l[1] for l in table] == ["0,125", "0,5", "", "1,0", "0,25"]  # decimal comma, missing = empty
    assert [l[2] for l in table] == ["1234", "5", "0", "7", "41019"]


def test_xlsx_feuille_donnees_et_sources(tmp_path):
    xlsx = exports.classeur_xlsx({"Parc par commune": DF}, ENTETE, colonnes_pourcent=["Taux"])
    chemin = tmp_path / "t.xlsx"
    chemin.write_bytes(xlsx)
    wb = load_workbook(chemin)
    assert wb.sheetnames == ["Parc par commune", exports.FEUILLE_SOURCES]
    ws = wb["Parc par commune"]
    assert [c.value for c in ws[1]] == ["Commune", "Taux", "Logements"]
    communes = [ws.cell(row=i, column=1) for i in range(2, 7)]
    assert [c.value for c in communes] == ['\'=HYPERLINK("http://x")', "'+33 6", "'-2+3", "'@SOMME(A1)", "Arras"]
    assert all(c.data_type == "s" for c in communes)  # text, never a formula
    assert ws["B2"].value == 0.125 and ws["B2"].number_format == "0.0%"
    assert ws["B4"].value is None  # missing stays empty, not 0
    assert ws["C6"].value == 41019
    sources = {r[0].value: r[1].value for r in wb[exports.FEUILLE_SOURCES].iter_rows(min_row=2)}
    assert sources["Source"] == "RPLS (SDES)"
    assert sources["Périmètre (filtres)"] == "Arras · tous bailleurs · 2014-2025"
    assert sources["Note"] == "'=1+1 ; piège"


def test_entete_dit_source_millesime_filtres_secret_et_demo(app_env):
    df = pd.DataFrame({"Commune": ["Arras", "Basseux"], "Ménages": ["120", secret.SECRET]})
    entete = tableaux.entete_export("OPS (GIP SNE)", "2022", "2 communes · 2014-2025", df)
    assert entete["Source"] == "OPS (GIP SNE)" and entete["Millésime"] == "2022"
    assert entete["Périmètre (filtres)"] == "2 communes · 2014-2025"
    assert entete["Secret statistique"].startswith("Secret statistique : les effectifs de moins de 11")
    assert "démonstration" in entete["Avertissement"]
    sans_secret = tableaux.entete_export("RPLS", "2025", "CU", pd.DataFrame({"n": [1, 2]}))
    assert "Secret statistique" not in sans_secret


def test_format_ecran_francais():
    style = tableaux._format_ecran(
        pd.DataFrame({"n": [1234567, 3], "t": [0.125, 0.5], "x": [1.25, None]}), colonnes_pourcent=["t"]
    )
    html = style.to_html()
    assert "1\u202f234\u202f567" in html and "12,5\u00a0%" in html and "1,2" in html and "–" in html


def test_accueil_offre_csv_et_xlsx(app_env):
    at = lancer()
    boutons = at.get("download_button")
    libelles = [b.proto.label for b in boutons]
    assert "CSV" in libelles and "XLSX" in libelles
    t = at.dataframe[0].value
    assert len(t) == 8 and list(t.columns)[:4] == ["Indicateur", "Valeur", "Cible", "Situation"]


def test_fichiers_construits_au_clic_seulement(app_env, fichiers_servis, monkeypatch):
    # Building the CSV and XLSX of every table on every rerun was most of a page's CPU: tableaux.tableau
    # hands st.download_button callables, run on a click only. Same files as before, once clicked.
    construits = []
    for nom in ("csv_fr_entete", "classeur_xlsx"):
        original = getattr(exports, nom)
        monkeypatch.setattr(exports, nom, lambda *a, _f=original, _n=nom, **k: construits.append(_n) or _f(*a, **k))
    at = lancer()
    assert construits == []
    boutons = {b.key: b for b in at.get("download_button")}
    cles = [k for k in boutons if k.startswith(("csv_", "xlsx_"))]
    assert cles and all(boutons[k].proto.deferred_file_id and not boutons[k].proto.url for k in cles)

    table = at.dataframe[0].value
    cle = next(k.removeprefix("csv_") for k in cles if k.startswith("csv_"))
    lignes = list(csv.reader(io.StringIO(fichiers_servis(at, f"csv_{cle}").decode("utf-8-sig")), delimiter=";"))
    assert construits == ["csv_fr_entete"]
    entete = dict(l[:2] for l in lignes[: lignes.index([])])
    assert entete["Source"] and entete["Millésime"] and "démonstration" in entete["Avertissement"]
    assert entete["Exporté le"] == date.today().strftime("%d/%m/%Y")
    assert lignes[lignes.index([]) + 1] == list(table.columns)
    assert len(lignes) - lignes.index([]) - 2 == len(table)

    wb = load_workbook(io.BytesIO(fichiers_servis(at, f"xlsx_{cle}")))
    assert wb.sheetnames[1:] == [exports.FEUILLE_SOURCES]
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == list(table.columns)
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == table.iloc[:, 0].tolist()
    sources = {r[0]: r[1] for r in wb[exports.FEUILLE_SOURCES].iter_rows(min_row=2, values_only=True)}
    assert {k: sources[k] for k in entete} == entete
