"""Importers of the published layouts (domain formats.md, « What the published files really look
like »): one small file per layout, written here from the published headers, with the quirks of
the real files (codes as text, BOM, decimal comma, empty = NULL, two header rows, Excel formula
cells); one refusal per kind (a header matching no layout names the closest one and the columns
that differ); imports through the real `python -m observatoire import` into a copy of the demo base.

Expected figures are counted by hand from the rows written in each test.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from observatoire.chargement import dispositions, importer
from observatoire.chargement.dispositions import RPLS_DIDO_2023, RPLS_DIDO_2024
from observatoire.chargement.importer import ErreurImport
from observatoire.indicateurs import parc
from tests.conftest import RACINE, lire


@pytest.fixture()
def base(copie_base_demo) -> Path:
    """A private copy of the demo database for a test that writes (tests/conftest.py)."""
    return copie_base_demo


def cli(*args, timeout=180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "observatoire", "import", *map(str, args)],
        cwd=RACINE,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def csv_texte(entete, lignes, sep=";", guillemets=True) -> str:
    """A CSV as the producers write it: every field quoted (DiDo, Sitadel) or not."""

    def champ(v):
        v = "" if v is None else str(v)
        return '"' + v.replace('"', '""') + '"' if guillemets else v

    return "\n".join(sep.join(champ(v) for v in ligne) for ligne in [list(entete), *lignes]) + "\n"


def rangee(entete, **valeurs):
    """One row of a wide published header: the given columns filled, the others empty."""
    return [valeurs.get(c, "") for c in entete]


# ---------------------------------------------------------------- detection of the layouts


def test_reconnaitre_chaque_disposition_par_son_entete():
    assert dispositions.reconnaitre(RPLS_DIDO_2024).cle == "rpls_dido_2024"
    assert dispositions.reconnaitre(RPLS_DIDO_2023).cle == "rpls_dido_2023"
    assert dispositions.reconnaitre(dispositions.RPLS_DATAGOUV).cle == "rpls_datagouv"
    assert dispositions.reconnaitre(dispositions.SITADEL_MENSUEL).cle == "sitadel_mensuel"
    assert dispositions.reconnaitre(dispositions.SITADEL_ANNUEL).cle == "sitadel_annuel"
    assert dispositions.reconnaitre(dispositions.QPV_LISTE_2024).cle == "qpv_liste_2024"
    assert dispositions.reconnaitre(dispositions.PTZ_SGFGAS).cle == "ptz_sgfgas"
    # lower case, BOM and accents do not matter
    assert (
        dispositions.reconnaitre(["\ufeffannee", "mois", "code_insee", "type_lgt", "log_aut"]).cle == "sitadel_mensuel"
    )
    assert dispositions.reconnaitre(["annee", "code_insee", "menages"]) is None


def test_plus_proche_nomme_les_colonnes_qui_different():
    entete = [c if c != "SURFHAB" else "SURFACE" for c in RPLS_DIDO_2024]
    d, manquantes, en_trop = dispositions.plus_proche(entete, "rpls")
    assert d.cle == "rpls_dido_2024" and manquantes == ["SURFHAB"] and en_trop == ["SURFACE"]


# ---------------------------------------------------------------- RPLS detailed file


def ecrire_dido_2024(chemin: Path, libelles_courts: bool = False) -> Path:
    entete = list(RPLS_DIDO_2024)
    if libelles_courts:  # some extracts: LIBREG, LIBDEP, LIBEPCI
        entete = [
            {"REG_LIBELLE": "LIBREG", "DEP_LIBELLE": "LIBDEP", "EPCI_LIBELLE": "LIBEPCI"}.get(c, c) for c in entete
        ]
    commun = dict(
        REG_CODE="32", DEP_CODE="62", EPCI_CODE="200033579", TYPECONST_CODE="C", NBPIECE="3", CONSTRUCT="1972"
    )
    lignes = [
        # Arras, in QPV 2024 (and QP 2015), decimal comma
        rangee(
            entete,
            **commun,
            DEPCOM="62041",
            QPV_CODE="1",
            FINAN_CODE="13",
            SURFHAB="65,5",
            PLG_QP24="QN06259M",
            PLG_QP15="QP062061",
            DPEENERGIE="D",
        ),
        # Arras, outside every quartier: the geocoding writes a non-code (not an error)
        rangee(
            entete,
            **commun,
            DEPCOM="62041",
            QPV_CODE="2",
            FINAN_CODE="10",
            SURFHAB="48",
            PLG_QP24="HZ",
            PLG_QP15="HZ",
            DPEENERGIE="",
        ),
        # Achicourt, QPV_CODE says outside but the 2024 geocoding puts it in Cheminots (the vintage's geography wins)
        rangee(
            entete,
            **commun,
            DEPCOM="62004",
            QPV_CODE="2",
            FINAN_CODE="14",
            SURFHAB="80,25",
            PLG_QP24="QN06262M",
            PLG_QP15="",
            DPEENERGIE="F",
        ),
        # Écurie (INSEE 62290), no geocoded code: QPV_CODE is read
        rangee(
            entete, **(commun | dict(TYPECONST_CODE="I")), DEPCOM="62290", QPV_CODE="2", FINAN_CODE="52", SURFHAB="70"
        ),
        # Lille: outside the CUA
        rangee(entete, **commun, DEPCOM="59350", QPV_CODE="1", FINAN_CODE="13", SURFHAB="50", PLG_QP24="QN05901M"),
    ]
    chemin.write_bytes(csv_texte(entete, lignes).encode("utf-8-sig"))
    return chemin


def test_rpls_dido_2024_bom_guillemets_virgule_decimale(base_demo, tmp_path):
    a = importer.analyser("rpls", ecrire_dido_2024(tmp_path / "rpls_2024_dido.csv"), base_demo)
    assert a.disposition == "rpls_dido_2024" and a.nature == "public" and a.encodage == "UTF-8 avec BOM"
    assert (a.lignes_lues, a.lignes_gardees, a.lignes_hors_cua, a.lignes_rejetees) == (5, 4, 1, 0)
    d = a.donnees.set_index(a.donnees.index)
    assert d["code_insee"].tolist() == ["62041", "62041", "62004", "62290"]
    assert d["en_qpv"].tolist() == [True, False, True, False]
    assert d["code_qpv_2024"].fillna("").tolist() == ["QN06259M", "", "QN06262M", ""]  # « HZ »: outside
    assert d["code_qpv_2015"].fillna("").tolist() == ["QP062061", "", "", ""]
    assert d["surface_habitable"].sum() == pytest.approx(65.5 + 48 + 80.25 + 70)
    assert d["financement"].tolist() == ["PLUS", "PLAI", "PLS", "PLUS"]
    assert any("Disposition reconnue : RPLS détaillé au logement, DiDo millésimes 2024-2025" in l for l in a.resume())
    assert any("fichier public" in l for l in a.resume())


def test_rpls_libelles_libreg_libdep_libepci(base_demo, tmp_path):
    a = importer.analyser("rpls", ecrire_dido_2024(tmp_path / "rpls_2025.csv", libelles_courts=True), base_demo)
    assert a.disposition == "rpls_dido_2024" and a.lignes_gardees == 4 and a.millesimes == [2025]


def test_rpls_dido_2023_qpv_de_la_geographie_2015(base_demo, tmp_path):
    entete = list(RPLS_DIDO_2023)
    lignes = [
        rangee(
            entete,
            DEPCOM_CODE="62041",
            QPV_CODE="1",
            FINAN_CODE="13",
            TYPECONST_CODE="C",
            NBPIECE="3",
            SURFHAB="60",
            PLG_QP="QP062062",
            PLG_IRIS2022_CODE="620410101",
        ),
        rangee(
            entete,
            DEPCOM_CODE="62041",
            QPV_CODE="2",
            FINAN_CODE="13",
            TYPECONST_CODE="C",
            NBPIECE="2",
            SURFHAB="45",
            PLG_QP="HZ",
        ),
    ]
    chemin = tmp_path / "rpls_2023.csv"
    chemin.write_text(csv_texte(entete, lignes), encoding="utf-8")
    a = importer.analyser("rpls", chemin, base_demo)
    assert a.disposition == "rpls_dido_2023" and a.millesimes == [2023]
    assert a.donnees["code_qpv_2015"].fillna("").tolist() == ["QP062062", ""]
    assert a.donnees["code_qpv_2024"].isna().all()
    assert a.donnees["en_qpv"].tolist() == [True, False]


def test_rpls_copie_data_gouv_en_tetes_en_clair(base_demo, tmp_path):
    entete = [
        "Région - Code de la zone",
        "Département - Code de la zone",
        "Code Commune",
        "Libéllé Commune",
        "Situation en QPV - Code",
        "Code QPV 2024",
        "Code QPV 2015",
        "Type de construction - Libellé",
        "Nombre de pièces",
        "Surface habitable",
        "Année de construction",
        "Financement initial - Libellé",
        "Etiquette DPE Energie",
        "Etiquette DPE GES",
    ]
    lignes = [
        ["32", "62", "62041", "Arras", "1", "QN06260M", "", "Collectif", "4", "75,5", "1968", "PLUS", "E", "C"],
        ["32", "62", "62004", "Achicourt", "2", "", "", "Individuel", "5", "90", "2012", "PLAI", "NC", ""],
        ["32", "62", "62004", "Achicourt", "2", "", "", "Collectif", "2", "41", "1975", "HLM/O", "B", "B"],
    ]
    chemin = tmp_path / "Donnees-detaillees-au-logement-RPLS.2025-01.csv"
    chemin.write_text(csv_texte(entete, lignes), encoding="utf-8")
    a = importer.analyser("rpls", chemin, base_demo, millesime=2025)
    assert a.disposition == "rpls_datagouv" and a.lignes_gardees == 3 and a.lignes_rejetees == 0
    d = a.donnees
    assert d["type_construction"].tolist() == ["C", "I", "C"]
    assert d["financement"].tolist() == ["PLUS", "PLAI", "PLUS"]  # HLM/O: before 1977, counted with PLUS
    assert d["finan_code"].tolist() == ["13", "10", "52"]
    assert d["dpe_energie"].fillna("").tolist() == ["E", "", "B"]  # « NC »: no DPE, not a rejection
    assert d["en_qpv"].tolist() == [True, False, False] and d["code_qpv_2024"].tolist()[0] == "QN06260M"


def ecrire_version_loi(chemin: Path) -> Path:
    """The « version loi » file: latin-1, dates mm/aaaa, corrected `_red` fields."""
    entete = [
        "DEPCOM",
        "LIBCOM",
        "QPV_red",
        "FINAN",
        "TYPECONST",
        "NBPIECE",
        "SURFHAB",
        "CONSTRUCT",
        "LOCAT",
        "RS",
        "MODE",
        "MODE_red",
        "bail_red",
        "LOYERPRINC",
        "loyerprinc_red",
        "duree_vacance",
    ]
    lignes = [
        [
            "62041",
            "Arras",
            "1",
            "13",
            "C",
            "3",
            "60",
            "1970",
            "1971",
            "Société Épi (fictif)",
            "1",
            "1",
            "03/2023",
            "999",
            "312,4",
            "",
        ],
        [
            "62041",
            "Arras",
            "2",
            "12",
            "C",
            "2",
            "40",
            "1985",
            "1986",
            "Société Épi (fictif)",
            "1",
            "2",
            "",
            "",
            "",
            "7",
        ],
        [
            "62004",
            "Achicourt",
            "2",
            "14",
            "I",
            "4",
            "85",
            "2010",
            "2011",
            "Société Épi (fictif)",
            "1",
            "1",
            "11/2021",
            "9999",
            "9999",
            "",
        ],
    ]
    chemin.write_bytes(csv_texte(entete, lignes, guillemets=False).encode("iso-8859-1"))
    return chemin


def test_rpls_version_loi_latin1_champs_red(base_demo, tmp_path):
    a = importer.analyser("rpls", ecrire_version_loi(tmp_path / "rpls_2024_version_loi.csv"), base_demo)
    assert a.nature == "loi" and a.encodage == "ISO-8859-1 (Latin-1)" and a.disposition == "rpls_loi"
    d = a.donnees
    assert d["bailleur"].tolist() == ["Société Épi (fictif)"] * 3
    assert d["en_qpv"].tolist() == [True, False, False]  # QPV_red: 1 = in QPV
    assert d["mode_occupation"].tolist() == [1, 2, 1]  # MODE_red wins over MODE
    assert d["loyer_principal"].iloc[0] == pytest.approx(312.4) and pd.isna(d["loyer_principal"].iloc[2])  # 9999
    assert [str(x) if pd.notna(x) else "" for x in d["date_bail"]] == ["2023-03-01", "", "2021-11-01"]
    assert d["duree_vacance"].tolist()[1] == 7


def test_public_puis_version_loi_par_la_ligne_de_commande(base, tmp_path):
    """The kind of file is recorded per vintage; on the public one, vacancy, mobility and rent are
    NULL with the French reason, never 0; the « version loi » of the same vintage makes them computable."""
    r = cli("rpls", ecrire_dido_2024(tmp_path / "rpls_2024.csv"), "--db", base)
    assert r.returncode == 0, r.stderr
    assert lire(base, "SELECT millesime, disposition, nature FROM imports_fichiers WHERE jeu = 'rpls'") == [
        (2024, "rpls_dido_2024", "public")
    ]
    con = duckdb.connect(str(base), read_only=True)
    try:
        natures = parc.natures_rpls(con)
        ind = con.execute(
            "SELECT millesime, sum(logements) AS logements, "
            + ", ".join(f"sum({c}) AS {c}" for c in parc.COMPTES if c != "logements")
            + " FROM parc_communes GROUP BY 1"
        ).df()
    finally:
        con.close()
    assert natures == {2024: "public"}
    t = parc.avec_taux(ind, natures).set_index("millesime")
    assert t.loc[2024, "logements"] == 4
    for c in ("taux_vacance", "taux_mobilite", "loyer_m2"):
        assert pd.isna(t.loc[2024, c])
    raison = parc.raison_non_disponible("vacance", natures[2024])
    assert raison.startswith("Taux de vacance : non disponible dans le fichier public.") and "version loi" in raison
    assert parc.raison_non_disponible("vacance", "loi") is None

    r = cli("rpls", ecrire_version_loi(tmp_path / "rpls_2024_loi.csv"), "--db", base)
    assert r.returncode == 0, r.stderr
    con = duckdb.connect(str(base), read_only=True)
    try:
        assert parc.natures_rpls(con) == {2024: "loi"}
    finally:
        con.close()
    # the public file's record went with its rows: one record per vintage
    assert lire(base, "SELECT nature FROM imports_fichiers WHERE jeu = 'rpls'") == [("loi",)]


def test_natures_sans_enregistrement_lues_dans_les_logements(base_fixture):
    # the fixture base: vintages loaded without the record, with MODE on every dwelling
    assert parc.natures_rpls(base_fixture) == {2024: "loi", 2025: "loi"}


def test_rpls_refus_nomme_la_disposition_la_plus_proche(base_demo, tmp_path):
    entete = [c if c != "SURFHAB" else "SURFACE_HAB" for c in RPLS_DIDO_2024]
    chemin = tmp_path / "rpls_2024.csv"
    chemin.write_text(csv_texte(entete, [rangee(entete, DEPCOM="62041")]), encoding="utf-8")
    with pytest.raises(ErreurImport) as e:
        importer.analyser("rpls", chemin, base_demo)
    message = str(e.value)
    assert message.startswith("rpls_2024.csv, ligne 1 (en-tête) : colonne(s) obligatoire(s) absente(s) : SURFHAB")
    assert "la plus proche est « RPLS détaillé au logement, DiDo millésimes 2024-2025 »" in message
    assert "absentes du fichier : SURFHAB" in message and "qu'elle n'a pas : SURFACE_HAB" in message
    assert message.count(". ") == 0  # one sentence


# ---------------------------------------------------------------- RPLS results by commune


def classeur_resultats(feuille: str, lignes: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    info = wb.active
    info.title = "INFORMATIONS"
    info["A1"] = "Parc locatif social au 1er janvier 2025"
    ws = wb.create_sheet(feuille)
    ws["A1"] = "Répertoire des logements locatifs des bailleurs sociaux"
    entete = [
        "DEPCOM_ARM",
        "LIBCOM",
        "LIBCOM_DEP",
        "REG",
        "DEP",
        "nb_ls",
        "nb_lgt_tot",
        "nb_loues",
        "nb_vacants",
        "nb_vides",
        "nb_asso",
        "nb_occup_finan",
        "nb_occup_temp",
        "nb_ls_en_qpv",
        "tx_vac",
        "tx_vac3",
        "tx_mob",
        "densite",
        "loymoy",
    ]
    for j, c in enumerate(entete, start=1):
        ws.cell(row=6, column=j, value=c)
    for i, ligne in enumerate(lignes, start=7):
        for j, v in enumerate(ligne, start=1):
            if v is not None:
                ws.cell(row=i, column=j, value=v)
    flux = io.BytesIO()
    wb.save(flux)
    return flux.getvalue()


LIGNES_RESULTATS = [
    [
        "62041",
        "Arras",
        "Arras (62)",
        "32",
        "62",
        7337,
        20500,
        6900,
        300,
        80,
        20,
        25,
        12,
        4100,
        4.1,
        2.2,
        9.8,
        35.8,
        5.9,
    ],
    # masked counts are empty cells, the ratios stay
    [
        "62426",
        "Héninel",
        "Héninel (62)",
        "32",
        "62",
        4,
        80,
        None,
        None,
        None,
        None,
        None,
        None,
        0,
        0.0,
        0.0,
        12.5,
        5.0,
        None,
    ],
    [
        "59350",
        "Lille",
        "Lille (59)",
        "32",
        "59",
        30000,
        110000,
        29000,
        900,
        100,
        0,
        0,
        0,
        15000,
        3.0,
        1.5,
        8.0,
        27.0,
        6.1,
    ],
]


def test_rpls_communes_2025_zip_feuille_commune_cases_vides(base, tmp_path):
    chemin = tmp_path / "statistiques_sdes_resultats_rpls_2025.zip"
    with zipfile.ZipFile(chemin, "w") as z:
        z.writestr(
            "statistiques_sdes_resultats_rpls_2025_secret_donnees.xlsx", classeur_resultats("COMMUNE", LIGNES_RESULTATS)
        )
        z.writestr("notice.txt", "Notice")
    a = importer.analyser("rpls_communes", chemin, base)
    assert a.millesimes == [2025] and "COMMUNE" in a.format and "ligne 6" in a.format
    assert (a.lignes_gardees, a.lignes_hors_cua) == (2, 1)
    d = a.donnees.set_index("code_insee")
    assert d.loc["62041", "nb_asso"] == 20 and d.loc["62041", "nb_occup_temp"] == 12
    for c in ("nb_loues", "nb_vacants", "nb_asso", "loymoy"):
        assert pd.isna(d.loc["62426", c])  # empty cell: masked, never 0
    assert d.loc["62426", "tx_mob"] == pytest.approx(12.5)
    importer.ecrire(a, base)
    assert lire(
        base, "SELECT nb_ls, nb_loues, nb_asso FROM rpls_communes WHERE millesime = 2025 ORDER BY code_insee"
    ) == [(7337, 6900, 20), (4, None, None)]
    # (the 2024 rows come from the shipped real files, data/publiques/)
    assert lire(base, "SELECT fichier FROM imports WHERE jeu = 'rpls_communes' AND millesime = 2025") == [
        (chemin.name,)
    ]


def test_rpls_communes_2024_feuille_communes_par_la_ligne_de_commande(base, tmp_path):
    chemin = tmp_path / "resultats_rpls_2024.xlsx"
    chemin.write_bytes(classeur_resultats("COMMUNES", LIGNES_RESULTATS))
    r = cli("rpls_communes", chemin, "--db", base, "--millesime", "2024")
    assert r.returncode == 0, r.stderr
    assert "Disposition reconnue : RPLS, résultats par commune" in r.stdout
    assert lire(base, "SELECT count(*), sum(nb_ls) FROM rpls_communes WHERE millesime = 2024") == [(2, 7341)]


# ---------------------------------------------------------------- Sitadel


def test_sitadel_mensuel_tous_logements_compte_une_fois(base_demo, tmp_path):
    entete = dispositions.SITADEL_MENSUEL
    lignes = [
        ["2024", "1", "62041", "Tous Logements", "10", "4", "800", "300"],
        ["2024", "1", "62041", "Collectif", "8", "4", "600", "300"],
        ["2024", "1", "62041", "Individuel pur", "2", "0", "200", "0"],
        ["2024", "2", "62041", "Tous Logements", "5", "", "400", ""],
        # Achicourt, February: sub-types only → summed
        ["2024", "2", "62004", "Individuel pur", "3", "1", "300", "90"],
        ["2024", "2", "62004", "Individuel groupé", "2", "", "200", ""],
        ["2024", "2", "59350", "Tous Logements", "100", "50", "1", "1"],
    ]
    chemin = tmp_path / "sitadel-logements-communes-mensuel-2024-03-28.csv"
    chemin.write_text(csv_texte(entete, lignes), encoding="utf-8")
    a = importer.analyser("sitadel", chemin, base_demo)
    assert a.disposition == "sitadel_mensuel" and a.date_diffusion == date(2024, 3, 28)
    assert a.detail == "données jusqu'à février 2024" and a.millesimes == [2024]
    v = a.donnees.set_index(["code_insee", "indicateur"])["valeur"]
    assert v[("62041", "logements_autorises")] == 15 and v[("62041", "logements_commences")] == 4
    assert v[("62004", "logements_autorises")] == 5 and v[("62004", "logements_commences")] == 1
    assert v[("62099", "logements_autorises")] == 0  # a commune the file does not list: no permit
    assert len(a.donnees) == 2 * 46


def ecrire_annuel(chemin: Path, autorises_2022: int) -> Path:
    entete = dispositions.SITADEL_ANNUEL
    lignes = [
        ["2022", "62041", "Tous Logements", str(autorises_2022), "700", "", ""],
        ["2023", "62041", "Tous Logements", "410", "390", "", ""],
        ["2024", "62041", "Tous Logements", "350", "", "", ""],  # starts of the latest year: empty
        ["2024", "62004", "Tous Logements", "20", "", "", ""],
    ]
    chemin.write_text(csv_texte(entete, lignes), encoding="utf-8")
    return chemin


def test_sitadel_annuel_nouvelle_livraison_remplace_les_annees(base, tmp_path):
    ancienne = ecrire_annuel(tmp_path / "sdes-sitadel2-logements-communes-annuel-2013-2024.csv", 928)
    r = cli("sitadel", ancienne, "--db", base, "--diffusion", "2025-01-30")
    assert r.returncode == 0, r.stderr
    assert "LOG_COM (logements commencés) est vide pour 2024" in r.stdout
    requete = (
        "SELECT annee, indicateur, valeur FROM production WHERE source = 'sitadel' AND code_insee = '62041' "
        "ORDER BY annee, indicateur"
    )
    assert lire(base, requete) == [
        (2022, "logements_autorises", 928),
        (2022, "logements_commences", 700),
        (2023, "logements_autorises", 410),
        (2023, "logements_commences", 390),
        (2024, "logements_autorises", 350),
    ]  # 2024 starts: missing, no 0
    # the next release revises 2022 (928 → 1 266): it replaces the years it covers
    nouvelle = ecrire_annuel(tmp_path / "sdes-sitadel2-logements-communes-annuel-2013-2025.csv", 1266)
    r = cli("sitadel", nouvelle, "--db", base, "--diffusion", "28/02/2025")
    assert r.returncode == 0, r.stderr
    assert lire(base, requete)[0] == (2022, "logements_autorises", 1266)
    assert lire(
        base, "SELECT DISTINCT disposition, date_diffusion FROM imports_fichiers WHERE jeu = 'production (sitadel)'"
    ) == [("sitadel_annuel", date(2025, 2, 28))]


def test_sitadel_permis_deux_lignes_d_en_tete(base_demo, tmp_path):
    libelles = [
        "Région",
        "Département",
        "Commune",
        "Type d'autorisation",
        "Numéro",
        "État",
        "Date d'autorisation",
        "Date de mise en chantier",
        "Nombre de logements créés",
    ]
    codes = [
        "REG",
        "DEP",
        "COMM",
        "TYPE_DAU",
        "NUM_DAU",
        "ETAT_DAU",
        "DATE_REELLE_AUTORISATION",
        "DATE_REELLE_DOC",
        "NB_LGT_TOT_CREES",
    ]
    lignes = [
        ["32", "62", "62041", "PC", "PC06204123X0001", "5", "2023-04-12", "2023-10-02", "24"],
        ["32", "62", "62041", "PC", "PC06204123X0002", "4", "2023-06-01", "", "30"],  # cancelled
        ["32", "62", "62004", "PC", "PC06200423X0003", "2", "2023-09-20", "", "6"],
    ]
    chemin = tmp_path / "liste-des-autorisations-durbanisme-creant-des-logements.csv"
    chemin.write_text(csv_texte(libelles, [codes, *lignes], guillemets=False), encoding="utf-8")
    a = importer.analyser("sitadel", chemin, base_demo)
    assert a.disposition == "sitadel_permis" and "deux lignes d'en-tête" in a.detail
    assert (a.lignes_lues, a.lignes_gardees, a.lignes_rejetees) == (3, 3, 0)
    v = a.donnees.set_index(["annee", "code_insee", "indicateur"])["valeur"]
    assert v[(2023, "62041", "logements_autorises")] == 24 and v[(2023, "62004", "logements_autorises")] == 6
    assert v[(2023, "62041", "logements_commences")] == 24


def test_sitadel_refus_nomme_la_disposition_la_plus_proche(base_demo, tmp_path):
    entete = ["ANNEE", "MOIS", "CODE_INSEE", "TYPE_LGT", "LOGEMENTS_AUTORISES", "LOG_COM", "SDP_AUT", "SDP_COM"]
    chemin = tmp_path / "sitadel.csv"
    chemin.write_text(csv_texte(entete, [["2024", "1", "62041", "Tous Logements", "3", "1", "", ""]]), encoding="utf-8")
    with pytest.raises(ErreurImport) as e:
        importer.analyser("sitadel", chemin, base_demo)
    message = str(e.value)
    assert "colonne(s) absente(s) : LOG_AUT" in message
    assert "la plus proche est « Sitadel, logements autorisés et commencés par commune, mensuel »" in message
    assert "qu'elle n'a pas : LOGEMENTS_AUTORISES" in message


# ---------------------------------------------------------------- QPV


def test_qpv_liste_2024_cellule_formule_excel(base, tmp_path):
    texte = (
        "code_qp;lib_qp;insee_reg;lib_reg;insee_dep;lib_dep;insee_com;lib_com;siren_epci;lib_epci\n"
        'QN06262M;Cheminots Jean Jaurès Moulin Hacart;32;Hauts-de-France;62;Pas-de-Calais;"=""62004;62041""";'
        "Achicourt, Arras;200033579;CU d'Arras\n"
        'QN01313M;Quartier marseillais;93;PACA;13;Bouches-du-Rhône;"=""13055;13070""";Marseille;200054807;AMP\n'
        "QN06299Z;Quartier nouveau (fictif);32;Hauts-de-France;62;Pas-de-Calais;62099;Beaurains;200033579;CU d'Arras\n"
        "QX1;Code faux;32;Hauts-de-France;62;Pas-de-Calais;62041;Arras;200033579;CU d'Arras\n"
    )
    chemin = tmp_path / "liste_qp_2024.csv"
    chemin.write_text(texte, encoding="utf-8")
    a = importer.analyser("qpv", chemin, base)
    assert a.disposition == "qpv_liste_2024" and a.millesimes == [2024]
    assert (a.lignes_lues, a.lignes_gardees, a.lignes_hors_cua, a.lignes_rejetees) == (4, 2, 1, 1)
    assert a.donnees["communes_insee"].tolist()[0] == ["62004", "62041"]
    assert a.messages_rejets()[0].startswith("liste_qp_2024.csv, ligne 5, colonne « code_qp » : « QX1 »")
    importer.ecrire(a, base)
    assert lire(base, "SELECT nom, communes_insee, source FROM qpv WHERE code_qpv = 'QN06299Z'") == [
        ("Quartier nouveau (fictif)", ["62099"], "liste : liste_qp_2024.csv")
    ]
    assert lire(base, "SELECT count(*) FROM qpv WHERE geographie = 2024") == [(7,)]
    # the list is recorded apart: a later contour file does not remove its provenance
    assert lire(base, "SELECT jeu, millesime, fichier FROM imports WHERE fichier = 'liste_qp_2024.csv'") == [
        ("qpv_liste", 2024, "liste_qp_2024.csv")
    ]


def test_qpv_liste_2015_publiee(base_demo):
    # the real file as shipped in data/publiques (code, nom_qp, insee_com)
    a = importer.analyser("qpv", RACINE / "data" / "publiques" / "qpv2015_liste_cua.csv", base_demo)
    assert a.millesimes == [2015] and a.lignes_gardees == 5
    assert sorted(a.donnees["code_qpv"]) == ["QP062060", "QP062061", "QP062062", "QP062063", "QP062064"]


def test_qpv_contours_communes_de_insee_com(base_demo, tmp_path):
    communes = pd.read_csv(RACINE / "data" / "reference" / "communes.csv", dtype={"code_insee": str}).set_index(
        "code_insee"
    )
    x, y = communes.loc["62041", ["longitude", "latitude"]]
    d = 0.002
    carre = [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]]
    geojson = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "code_qp": "QN06262M",
                    "lib_qp": "Cheminots Jean Jaurès Moulin Hacart",
                    "insee_com": "62004, 62041",
                },
                "geometry": {"type": "Polygon", "coordinates": carre},
            }
        ],
    }
    chemin = tmp_path / "QP2024_France_Hexagonale_Outre_Mer_WGS84.geojson"
    chemin.write_text(json.dumps(geojson), encoding="utf-8")
    a = importer.analyser("qpv", chemin, base_demo)
    assert a.donnees["communes_insee"].tolist() == [["62004", "62041"]]  # not only Arras, which the square touches


def test_qpv_liste_refus_nomme_la_disposition_la_plus_proche(base_demo, tmp_path):
    chemin = tmp_path / "qpv.csv"
    chemin.write_text(
        "code_qp;lib_qp;insee_reg;lib_reg;insee_dep;lib_dep;commune;lib_com\n"
        "QN06259M;Bonnettes;32;HdF;62;PdC;62041;Arras\n",
        encoding="utf-8",
    )
    with pytest.raises(ErreurImport) as e:
        importer.analyser("qpv", chemin, base_demo)
    message = str(e.value)
    assert "la plus proche est « Liste des QPV 2024 (data.gouv.fr) »" in message and "insee_com" in message
    assert "qu'elle n'a pas : commune" in message


# ---------------------------------------------------------------- PTZ


def test_ptz_sgfgas_tabulation_cp1252(base, tmp_path):
    entete = list(dispositions.PTZ_SGFGAS)
    lignes = [
        ["2019", "1", "32", "62", "200033579", "62041", "B2", "2500", "240", "40000", "150000", "1", "0", "0", "2"],
        ["2019", "1", "32", "62", "200033579", "62041", "B2", "2400", "240", "38000", "140000", "1", "0", "0", "2"],
        ["2019", "0", "32", "62", "200033579", "62004", "C", "1500", "240", "20000", "90000", "1", "0", "0", "1"],
        ["2019", "1", "32", "59", "200093201", "59350", "A", "3000", "240", "50000", "200000", "1", "0", "0", "3"],
        ["2020", "1", "32", "62", "200033579", "62099", "B2", "2500", "240", "40000", "150000", "1", "0", "0", "2"],
    ]
    texte = csv_texte(entete, lignes, sep="\t", guillemets=False).replace("B2", "B2 – zone détendue", 1)
    chemin = tmp_path / "PTZ_base_1995_2020.txt"
    chemin.write_bytes(texte.encode("cp1252"))  # « – » exists only in CP1252
    r = cli("ptz", chemin, "--db", base)
    assert r.returncode == 0, r.stderr
    assert "Windows-1252" in r.stdout and "Disposition reconnue : Base des prêts à taux zéro (SGFGAS)" in r.stdout
    assert lire(
        base,
        "SELECT annee, code_insee, indicateur, valeur FROM production WHERE source = 'ptz' AND valeur > 0 "
        "ORDER BY annee, code_insee",
    ) == [(2019, "62004", "accession_ancien", 1), (2019, "62041", "ptz_neuf", 2), (2020, "62099", "ptz_neuf", 1)]
    # a year and kind of loan the base covers: every commune, 0 where no loan
    assert lire(
        base, "SELECT count(*) FROM production WHERE source = 'ptz' AND annee = 2019 AND indicateur = 'ptz_neuf'"
    ) == [(46,)]


# ---------------------------------------------------------------- the kind read from the header


def test_type_auto_lu_dans_l_en_tete(base_demo, tmp_path):
    sitadel = tmp_path / "sitadel_mensuel.csv"
    sitadel.write_text(
        csv_texte(dispositions.SITADEL_MENSUEL, [["2024", "1", "62041", "Tous Logements", "3", "1", "", ""]]),
        encoding="utf-8",
    )
    assert importer.detecter_type(sitadel, sitadel.name) == "sitadel"
    a = importer.analyser("auto", sitadel, base_demo)
    assert a.type == "sitadel" and a.disposition == "sitadel_mensuel"
    assert importer.detecter_type(ecrire_dido_2024(tmp_path / "rpls_2024.csv"), "rpls_2024.csv") == "rpls"
    inconnu = tmp_path / "inconnu.csv"
    inconnu.write_text("ANNEE;MOIS;COMMUNE;LOGEMENTS\n2024;1;62041;3\n", encoding="utf-8")
    with pytest.raises(
        ErreurImport, match="la plus proche est « Sitadel, logements autorisés et commencés par commune, mensuel »"
    ):
        importer.analyser("auto", inconnu, base_demo)


def test_rpls_millesime_lu_dans_la_disposition_quand_le_nom_ne_le_donne_pas(base_demo, tmp_path):
    a = importer.analyser("rpls", ecrire_dido_2024(tmp_path / "logements_sociaux.csv"), base_demo)
    assert a.millesimes == [2025] and a.origine_millesime == "disposition de l'en-tête"  # DEPCOM: 2025
    entete = ["DEPCOM_CODE" if c == "DEPCOM" else c for c in RPLS_DIDO_2024]
    chemin = tmp_path / "extrait_cua.csv"
    chemin.write_text(
        csv_texte(
            entete,
            [
                rangee(
                    entete,
                    DEPCOM_CODE="62041",
                    QPV_CODE="2",
                    FINAN_CODE="13",
                    TYPECONST_CODE="C",
                    NBPIECE="3",
                    SURFHAB="60",
                )
            ],
        ),
        encoding="utf-8",
    )
    assert importer.analyser("rpls", chemin, base_demo).millesimes == [2024]  # DEPCOM_CODE: 2024
