"""Import: malformed files. A wrong file is refused with one French sentence; a wrong line is
rejected with a message naming file, line, column and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from observatoire.chargement import importer

FIX = Path(__file__).parents[1] / "fixtures" / "imports"


def analyser(base, type_, fichier, millesime=None):
    return importer.analyser(type_, FIX / fichier, base, millesime)


def refus(base, type_, fichier, millesime=None) -> str:
    with pytest.raises(importer.ErreurImport) as e:
        analyser(base, type_, fichier, millesime)
    message = str(e.value)
    assert "Traceback" not in message and fichier in message
    return message


@pytest.mark.parametrize(
    "type_, fichier, attendu",
    [
        ("rpls", "rpls_2024_vide.csv", "le fichier est vide"),
        ("rpls", "rpls_2024_entete_seul.csv", "aucune ligne de données"),
        ("rpls", "rpls_2024_pas_un_csv.csv", "n'est pas un fichier CSV"),
        ("rpls", "resultats_rpls_2023.xlsx", "n'est pas un fichier CSV"),
        ("rpls", "attributions_2024.csv", "ressemble à un fichier « Attributions"),
        ("attributions", "rpls_2024_utf8.csv", "ressemble à un fichier « RPLS"),
        ("ops", "sitadel_logements.csv", "ressemble à un fichier « Sitadel"),
        ("rpls_communes", "rpls_2024_utf8.csv", "n'est pas un classeur Excel"),
        ("qpv", "rpls_2024_utf8.csv", "n'est pas un fichier de contours"),
        ("seuils_q1", "ops_2022.csv", "ressemble à un fichier « OPS"),
    ],
)
def test_fichier_entierement_faux_refuse_en_une_phrase(base_demo, type_, fichier, attendu):
    message = refus(base_demo, type_, fichier)
    assert attendu in message
    assert message.count(". ") <= 1  # one sentence (a decimal or « … » aside)


def test_colonne_obligatoire_absente(base_demo):
    message = refus(base_demo, "rpls", "rpls_2024_colonne_manquante.csv")
    assert "ligne 1" in message and "SURFHAB" in message and "attendu" in message


def test_fichier_tronque_rejette_la_derniere_ligne(base_demo):
    a = analyser(base_demo, "rpls", "rpls_2024_tronque.csv")
    assert a.lignes_gardees == 5 and a.lignes_rejetees == 1
    (message,) = a.messages_rejets()
    assert message.startswith("rpls_2024_tronque.csv, ligne 9,")
    assert "incomplète" in message and "16 colonnes" in message


def test_codes_et_valeurs_impossibles(base_demo):
    a = analyser(base_demo, "rpls", "rpls_2024_codes_invalides.csv")
    # lines 2 to 8 each carry one problem, line 9 is valid
    assert (a.lignes_lues, a.lignes_gardees, a.lignes_rejetees) == (8, 1, 7)
    par_ligne = {r.ligne: r for r in a.rejets}
    assert sorted(par_ligne) == [2, 3, 4, 5, 6, 7, 8]
    assert (par_ligne[2].colonne, par_ligne[2].valeur) == ("DEPCOM", "6204X")
    assert par_ligne[3].colonne == "QPV_CODE"
    assert (par_ligne[4].colonne, par_ligne[4].valeur) == ("SURFHAB", "-5")
    assert (par_ligne[5].colonne, par_ligne[5].valeur) == ("CONSTRUCT", "2031")
    assert (par_ligne[6].colonne, par_ligne[6].valeur) == ("FINAN_CODE", "77")
    assert (par_ligne[7].colonne, par_ligne[7].valeur) == ("DPEENERGIE", "H")
    assert (par_ligne[8].colonne, par_ligne[8].valeur) == ("PLG_QP24", "QN99999X")
    m = par_ligne[4].message("rpls_2024_codes_invalides.csv")
    assert m == (
        "rpls_2024_codes_invalides.csv, ligne 4, colonne « SURFHAB » : « -5 » est une surface impossible ; "
        "attendu une surface en m² strictement positive (au plus 1 000)."
    )
    assert "A à G" in par_ligne[7].attendu
    motifs = a.motifs()
    assert motifs["lignes"].sum() == 7 and list(motifs["premiere_ligne"]) == sorted(motifs["premiere_ligne"])


def test_doublons_rejetes_avec_la_ligne_d_origine(base_demo):
    a = analyser(base_demo, "rpls", "rpls_2024_doublons.csv")
    assert (a.lignes_gardees, a.lignes_rejetees) == (2, 1)
    (r,) = a.rejets
    assert r.ligne == 4 and "ligne 2" in r.motif
    o = analyser(base_demo, "ops", "ops_doublons.csv")
    (r,) = o.rejets
    assert r.ligne == 4 and "ligne 2" in r.motif
    assert o.donnees["menages"].tolist() == [1200, 300]  # the first occurrence is kept


def test_attributions_mauvaises_lignes(base_demo):
    a = analyser(base_demo, "attributions", "attributions_mauvaises.csv")
    par_ligne = {r.ligne: r for r in a.rejets}
    assert sorted(par_ligne) == [2, 3, 4, 5]
    assert par_ligne[2].colonne == "en_qpv" and par_ligne[2].valeur == "peut-être"
    assert par_ligne[3].colonne == "date_attribution"
    assert par_ligne[4].colonne == "code_qpv" and par_ligne[4].valeur == "QN00000Z"
    assert par_ligne[5].colonne == "annee" and "futur" in par_ligne[5].motif
    assert a.lignes_gardees == 1


def test_aucune_ligne_de_la_cu(base_demo, tmp_path):
    f = tmp_path / "rpls_2024_nord.csv"
    f.write_text("DEPCOM;QPV_CODE;FINAN_CODE;TYPECONST_CODE;NBPIECE;SURFHAB\n59350;2;13;C;3;60\n", encoding="utf-8")
    with pytest.raises(importer.ErreurImport, match="aucune des 1 lignes ne concerne une commune de la CU"):
        importer.analyser("rpls", f, base_demo)


def test_type_inconnu(base_demo):
    with pytest.raises(importer.ErreurImport, match="Type de fichier inconnu"):
        importer.analyser("cadastre", FIX / "ops_2022.csv", base_demo)


def test_attributions_geographie_de_l_annee_et_qpv_contradictoire(base_demo, tmp_path):
    """Each year is counted on the QPV geography in force (2015 list before 2024, 2024 list from
    1 January 2024); a row hors QPV that carries a QPV code contradicts itself."""
    f = tmp_path / "attributions_geographies.csv"
    f.write_text(
        "annee;code_insee;en_qpv;code_qpv;geographie_qpv;premier_quartile;prioritaire;bail_signe;ex_zus\n"
        "2019;62041;oui;QP062061;;non;oui;oui;\n"  # line 2: 2015 code in 2019, accepted
        "2019;62041;oui;QN06259M;;non;oui;oui;\n"  # line 3: 2024 code in 2019
        "2024;62041;oui;QP062061;;non;oui;oui;\n"  # line 4: 2015 code in 2024
        "2019;62004;non;QP062060;;non;oui;oui;\n"  # line 5: hors QPV with a QPV code
        "2018;62764;non;;;non;non;oui;oui\n"  # line 6: ex-ZUS, accepted
        "2019;62041;oui;;2024;non;oui;oui;\n"  # line 7: 2024 geography in 2019
        "2019;62041;non;;;non;oui;oui;peut-être\n",  # line 8: ex_zus not oui / non
        encoding="utf-8",
    )
    a = importer.analyser("attributions", f, base_demo)
    par_ligne = {r.ligne: r for r in a.rejets}
    assert sorted(par_ligne) == [3, 4, 5, 7, 8] and a.lignes_gardees == 2
    assert (par_ligne[3].colonne, par_ligne[3].valeur) == ("code_qpv", "QN06259M")
    assert "géographie prioritaire 2024" in par_ligne[3].motif and "QP062060" in par_ligne[3].attendu
    assert (par_ligne[4].colonne, par_ligne[4].valeur) == ("code_qpv", "QP062061")
    assert "QN06258M" in par_ligne[4].attendu
    assert par_ligne[5].message(f.name) == (
        "attributions_geographies.csv, ligne 5, colonne « code_qpv » : « QP062060 » est un code QPV alors que la "
        "colonne « en_qpv » dit « non » (hors QPV) ; attendu une case vide pour une attribution hors QPV, ou « oui » "
        "dans « en_qpv »."
    )
    assert (par_ligne[7].colonne, par_ligne[7].valeur) == ("geographie_qpv", "2024")
    assert (par_ligne[8].colonne, par_ligne[8].valeur) == ("ex_zus", "peut-être")
    assert a.donnees["geographie_qpv"].tolist() == [2015, 2015]


# ---------------------------------------------------------------- issue 14, item 9: silent corruption


def test_encodages_melanges_reparés_avec_la_premiere_ligne_nommee(base_demo, tmp_path):
    """One Latin-1 line in a UTF-8 file used to turn every « é » of the file into « Ã© »."""
    texte = (
        (FIX / "attributions_2024.csv")
        .read_text(encoding="utf-8")
        .replace("Bailleur Test (fictif)", "Bailleur Été (fictif)")
    )
    lignes = texte.splitlines()
    octets = [l.encode("utf-8") for l in lignes]
    octets[3] = lignes[3].replace("Été", "Hélène").encode("cp1252")  # line 4 only, in Windows-1252
    fichier = tmp_path / "attributions_2024.csv"
    fichier.write_bytes(b"\n".join(octets) + b"\n")
    a = importer.analyser("attributions", fichier, base_demo)
    bailleurs = set(a.donnees["bailleur"])
    assert "Bailleur Été (fictif)" in bailleurs and "Bailleur Hélène (fictif)" in bailleurs
    assert not any("Ã" in b for b in bailleurs)
    assert any("encodages mélangés" in x and "ligne 4" in x for x in a.avertissements)


def test_formule_sans_valeur_calculee_refusee(base_demo, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Annexe"
    ws.append(
        [
            "Code département",
            "Département",
            "Nom de l'EPCI",
            "SIRET de l'EPCI",
            "Valeur du seuil de ressources 1er quartile",
        ]
    )
    ws.append(["62", "Pas-de-Calais", "CU d'Arras", "20003357900011", "=9000+247.3"])  # openpyxl stores no result
    fichier = tmp_path / "seuils_q1_2025.xlsx"
    wb.save(fichier)
    with pytest.raises(
        importer.ErreurImport,
        match=r"seuils_q1_2025\.xlsx, feuille « Annexe », cellule E2 : formule « =9000\+247\.3 » sans valeur calculée",
    ):
        importer.analyser("seuils_q1", fichier, base_demo)


def test_lignes_d_attribution_en_double_signalees(base_demo, tmp_path):
    lignes = (FIX / "attributions_2024.csv").read_text(encoding="utf-8").splitlines()
    fichier = tmp_path / "attributions_2024.csv"
    fichier.write_text("\n".join(lignes + [lignes[1], lignes[2], lignes[1]]) + "\n", encoding="utf-8")
    a = importer.analyser("attributions", fichier, base_demo)
    message = next(x for x in a.avertissements if "en double" in x)
    assert (
        message.startswith("3 ligne(s) en double") and "ligne 7 = ligne 2" in message and "ligne 8 = ligne 3" in message
    )


def test_millesime_impossible_refuse(base_demo):
    with pytest.raises(importer.ErreurImport, match="« 99999 » .* attendu une année entre 2000 et"):
        analyser(base_demo, "rpls", "rpls_2024_utf8.csv", millesime=99999)


def test_millesime_impossible_refuse_en_ligne_de_commande(copie_base_demo, tmp_path):
    import subprocess
    import sys

    base = copie_base_demo
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "observatoire",
            "import",
            "rpls",
            str(FIX / "rpls_2024_utf8.csv"),
            "--millesime",
            "99999",
            "--db",
            str(base),
        ],
        cwd=Path(__file__).parents[2],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1 and "99999" in r.stderr and "attendu une année" in r.stderr


@pytest.mark.parametrize("valeur", ["1e308", "inf", "-inf", "NaN", "1e30"])
def test_nombres_non_finis_ou_demesures_rejetes(base_demo, tmp_path, valeur):
    fichier = tmp_path / "financements_2023.csv"
    fichier.write_text(f"annee;code_insee;PLUS;PLAI\n2023;62041;{valeur};3\n2023;62004;4;1\n", encoding="utf-8")
    a = importer.analyser("financements", fichier, base_demo)
    assert a.lignes_gardees == 1 and a.lignes_rejetees == 1
    assert (
        "ligne 2, colonne « PLUS »" in a.messages_rejets()[0]
        or "ligne 2, colonne « lls_plus »" in a.messages_rejets()[0]
    )


def test_seuil_saisi_demesure_refuse():
    import pandas as pd

    from observatoire.indicateurs import attributions as A

    propres, erreurs = A.valider_seuils(pd.DataFrame({"annee": [2024, 2025], "seuil_euros_uc": ["1e308", "9 247,3"]}))
    assert propres["annee"].tolist() == [2025]
    assert erreurs and "1e308" in erreurs[0] and "entre 1\u202f000 et 100\u202f000" in erreurs[0]
