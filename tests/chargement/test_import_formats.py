"""Import: one fixture per format and known variant (encodings, separators, decimal commas,
column names of every RPLS vintage, xlsx sheet names, GeoJSON / zipped shapefile, Lambert-93).

The fixtures are written by tests/fixtures/imports/fabriquer.py; the expected figures below are
counted by hand from the rows listed there (8 dwellings, 5 of them in the CUA).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shapely import wkt

from observatoire.chargement import importer
from observatoire.chargement.importer import ErreurImport

FIX = Path(__file__).parents[1] / "fixtures" / "imports"

# The 5 CUA dwellings of every RPLS variant: Arras ×3 (2 in QPV), Achicourt, Écurie.
# FINAN 13, 12, 52 → PLUS ; 11 → PLAI ; 14 → PLS. Surfaces 65,5 + 48 + 80 + 95,2 + 82 = 370,7 m².
COMMUNES_ATTENDUES = ["62004", "62041", "62041", "62041", "62290"]
SURFACE_TOTALE = 370.7


def analyser(base, type_, fichier, millesime=None):
    return importer.analyser(type_, FIX / fichier, base, millesime)


@pytest.mark.parametrize(
    "fichier, encodage, separateur, millesime",
    [
        ("rpls_2024_utf8.csv", "UTF-8", ";", 2024),  # DEPCOM_CODE, QPV_CODE, FINAN_CODE, quoted fields
        ("rpls_2024_bom.csv", "UTF-8 avec BOM", ";", 2024),
        ("rpls_2025_virgule.csv", "UTF-8", ",", 2025),  # 2025 naming (DEPCOM), decimal commas in quotes
        ("rpls_2018_latin1.csv", "ISO-8859-1 (Latin-1)", ";", 2018),  # DEPCOM, LIBCOM, QPV, FINAN, TYPECONST
        ("rpls_2022_cp1252.csv", "Windows-1252 (CP1252)", ";", 2022),  # Excel re-export, decimal commas
        ("rpls_2023.csv.gz", "UTF-8", ";", 2023),
    ],
)
def test_rpls_toutes_variantes_donnent_les_memes_logements(base_demo, fichier, encodage, separateur, millesime):
    a = analyser(base_demo, "rpls", fichier)
    assert a.encodage == encodage
    assert a.separateur == separateur
    assert a.millesimes == [millesime] and a.origine_millesime == "nom du fichier"
    assert (a.lignes_lues, a.lignes_gardees, a.lignes_hors_cua, a.lignes_rejetees) == (8, 5, 3, 0)
    assert a.hors_cua == {"département 59": 1, "département 62": 1, "département 80": 1}
    d = a.donnees
    assert sorted(d["code_insee"]) == COMMUNES_ATTENDUES
    assert int(d["en_qpv"].sum()) == 2
    assert d["financement"].value_counts().to_dict() == {"PLUS": 3, "PLAI": 1, "PLS": 1}
    assert d["surface_habitable"].sum() == pytest.approx(SURFACE_TOTALE)
    assert sorted(d["dpe_energie"].dropna()) == ["B", "C", "D", "E"]
    assert set(d["millesime"]) == {millesime}
    assert sorted(d["code_qpv_2024"].dropna()) == ["QN06259M", "QN06260M"]


def test_rpls_cp1252_restreint_decode_les_caracteres_windows(base_demo):
    d = analyser(base_demo, "rpls", "rpls_2022_cp1252.csv").donnees
    assert d.loc[0, "bailleur"] == "Habitat Cœur d’Artois (fictif)"  # œ and ’ exist only in CP1252
    assert sorted(d["bailleur"].unique()) == ["Habitat Cœur d’Artois (fictif)", "Société Épi (fictif)"]
    # LOYERPRINC « 312,40 » (decimal comma), 9999 = sans objet → NULL
    assert d["loyer_principal"].tolist()[:2] == [pytest.approx(312.4), None] or d["loyer_principal"].isna().iloc[1]
    assert d["loyer_principal"].sum() == pytest.approx(312.40 + 401.10 + 520 + 455.75)
    assert d["mode_occupation"].tolist() == [1, 2, 1, 1, 1]
    assert d["contingent"].tolist() == [4, 7, 2, 3, 7]
    assert str(d.loc[0, "date_bail"]) == "2015-03-01"


def test_rpls_latin1_garde_les_accents(base_demo):
    d = analyser(base_demo, "rpls", "rpls_2018_latin1.csv").donnees
    assert "Société Épi (fictif)" in set(d["bailleur"])


def test_millesime_obligatoire_si_absent_du_nom(base_demo):
    with pytest.raises(importer.ErreurImport, match="--millesime"):
        analyser(base_demo, "rpls", "parc_social_extrait.csv")
    a = analyser(base_demo, "rpls", "parc_social_extrait.csv", millesime=2024)
    assert a.millesimes == [2024] and a.origine_millesime == "option --millesime"
    assert a.lignes_gardees == 5


def test_millesime_demande_contredit_le_nom(base_demo):
    a = analyser(base_demo, "rpls", "rpls_2024_utf8.csv", millesime=2023)
    assert a.millesimes == [2023]
    assert any("2024" in x and "2023" in x for x in a.avertissements)


def test_ops_modele(base_demo):
    a = analyser(base_demo, "ops", "ops_2022.csv")
    assert a.millesimes == [2022]
    assert (a.lignes_lues, a.lignes_gardees, a.lignes_hors_cua) == (4, 3, 1)
    assert a.donnees["menages"].sum() == 1200 + 2100 + 300
    assert a.donnees["en_qpv"].tolist() == [True, False, False]


def test_attributions_modele(base_demo):
    a = analyser(base_demo, "attributions", "attributions_2024.csv")
    assert (a.lignes_lues, a.lignes_gardees, a.lignes_hors_cua, a.lignes_rejetees) == (5, 4, 1, 0)
    d = a.donnees
    assert int(d["bail_signe"].sum()) == 3 and int(d["refus"].sum()) == 1
    assert d["premier_quartile"].isna().sum() == 1  # line 5: resources given instead of the flag
    assert d["geographie_qpv"].tolist() == [2024] * 4


def test_sitadel_agrege_par_annee_reelle(base_demo):
    a = analyser(base_demo, "sitadel", "sitadel_logements.csv")
    d = a.donnees.set_index(["indicateur", "annee", "code_insee"])["valeur"]
    # authorised: 2022 Arras 40 + 12, Beaurains 1 ; 2023 Arras 25, Achicourt 3 (the 8 of a cancelled permit don't count)
    assert d[("logements_autorises", 2022, "62041")] == 52
    assert d[("logements_autorises", 2022, "62099")] == 1
    assert d[("logements_autorises", 2023, "62041")] == 25
    assert d[("logements_autorises", 2023, "62004")] == 3
    # started: 2022 Arras 40, Beaurains 1 ; 2023 Arras 25 ; 2024 Achicourt 3
    assert d[("logements_commences", 2022, "62041")] == 40
    assert d[("logements_commences", 2024, "62004")] == 3
    # a covered year gives every commune a row: no permit is a true zero
    assert d[("logements_autorises", 2022, "62004")] == 0
    assert len(a.donnees.query("indicateur == 'logements_autorises' and annee == 2022")) == 46
    assert a.millesimes == [2022, 2023, 2024]
    assert a.lignes_hors_cua == 1 and a.lignes_gardees == 6
    assert any("annulé" in x for x in a.avertissements)


def test_financements_et_ptz_case_vide_manquante_zero_garde(base_demo):
    f = analyser(base_demo, "financements", "financements_2023.csv").donnees
    somme = f.groupby("indicateur")["valeur"].sum().to_dict()
    assert somme == {"lls_plus": 60, "lls_plai": 24, "lls_pls": 5}
    assert not ((f["code_insee"] == "62004") & (f["indicateur"] == "lls_pls")).any()  # blank = missing
    assert ((f["code_insee"] == "62753") & (f["valeur"] == 0)).sum() == 3  # zero = zero
    p = analyser(base_demo, "ptz", "ptz_2023.csv").donnees
    assert p.groupby("indicateur")["valeur"].sum().to_dict() == {"accession_ancien": 15, "ptz_neuf": 50}


def test_objectifs_communaux(base_demo):
    a = analyser(base_demo, "objectifs", "objectifs_communes.csv")
    assert a.lignes_gardees == 3 and a.millesimes == [2014]
    assert a.donnees["objectif_annuel"].tolist() == [250, 100, 40]


def test_seuil_q1_annexe_de_l_arrete_garde_la_ligne_de_la_cu(base_demo):
    a = analyser(base_demo, "seuils_q1", "seuils_q1_2024.csv")
    assert a.millesimes == [2024]
    assert (a.lignes_lues, a.lignes_gardees, a.lignes_hors_cua) == (3, 1, 2)
    assert a.donnees["seuil_euros_uc"].tolist() == [pytest.approx(9247.30)]  # « 9 247,30 »


@pytest.mark.parametrize(
    "fichier, feuille, millesime",
    [("resultats_rpls_2023.xlsx", "COMMUNES", 2023), ("resultats_rpls_2019.xlsx", "Commune", 2019)],
)
def test_rpls_communes_classeur(base_demo, fichier, feuille, millesime):
    a = analyser(base_demo, "rpls_communes", fichier)
    assert feuille in a.format and "ligne 6" in a.format
    assert a.millesimes == [millesime] and a.origine_millesime == "contenu du fichier"
    assert (a.lignes_gardees, a.lignes_hors_cua, a.lignes_rejetees) == (3, 1, 0)
    d = a.donnees.set_index("code_insee")
    assert d.loc["62041", "nb_ls"] == 7400 and d.loc["62004", "nb_ls"] == 1000
    assert d.loc["62041", "densite"] == pytest.approx(35.2)
    assert d["nb_ls"].isna().loc["62426"]  # « s » (secret) → NULL, never 0


def test_qpv_2024_geojson(base_demo):
    a = analyser(base_demo, "qpv", "qpv_2024.geojson")
    assert a.millesimes == [2024]
    assert (a.lignes_lues, a.lignes_gardees, a.lignes_hors_cua) == (3, 2, 1)
    assert sorted(a.donnees["code_qpv"]) == ["QN06258M", "QN06259M"]


def test_qpv_2015_shapefile_lambert93_reprojete(base_demo):
    a = analyser(base_demo, "qpv", "qpv_2015_l93.zip")
    assert a.millesimes == [2015] and "2154" in a.format
    d = a.donnees.set_index("code_qpv")
    x, y = wkt.loads(d.loc["QP062010", "geometrie_wkt"]).centroid.coords[0]
    assert 2.7 < x < 2.8 and 50.2 < y < 50.4  # Arras in WGS84 degrees, not Lambert-93 metres
    assert d.loc["QP062010", "nom_reference"] == "Arras Ouest"  # matched by name (QP062010 is not a reference code)
    assert d.loc["QP062099", "communes_insee"] == ["62099"]
    assert any("absent" in x for x in a.avertissements)


def test_deviner_type():
    assert importer.deviner_type(["DEPCOM_CODE", "FINAN_CODE", "SURFHAB", "TYPECONST_CODE"]) == "rpls"
    assert importer.deviner_type(["annee", "bail_signe", "premier_quartile", "reservataire"]) == "attributions"
    assert importer.deviner_type(["a", "b"]) is None


def test_millesime_du_nom():
    assert importer.millesime_du_nom("rpls_2024.csv") == 2024
    assert importer.millesime_du_nom("RPLS 2023 reg32 (1).csv") == 2023
    assert importer.millesime_du_nom("rpls_2023_2024.csv") is None  # ambiguous
    assert importer.millesime_du_nom("parc.csv") is None


# a column of each template whose example value, changed, makes the row one's own data
_COLONNE_CHANGEE = {
    "ops": "emmenages_recents",
    "financements": "PLUS",
    "ptz": "ptz_neuf",
    "objectifs": "objectif_periode",
}


def _modele_rempli(type_: str) -> str:
    """The template with its example rows turned into one's own rows (one value changed)."""
    lignes = importer.modele(type_).read_text(encoding="utf-8").splitlines()
    if type_ == "attributions":
        return "\n".join(lignes).replace("Bailleur exemple (fictif)", "Bailleur réel (fictif)") + "\n"
    if type_ == "seuils_q1":  # the CU's row with another threshold (the other EPCI's row stays)
        return "\n".join(lignes).replace("9 105,00", "9 250,00") + "\n"
    entete = lignes[0].split(";")
    j = entete.index(_COLONNE_CHANGEE[type_])
    sortie = [lignes[0]]
    for l in lignes[1:]:
        cellules = l.split(";")
        cellules[j] = str(int(cellules[j]) + 1)
        sortie.append(";".join(cellules))
    return "\n".join(sortie) + "\n"


@pytest.mark.parametrize("type_", sorted(importer.MODELES))
def test_chaque_modele_telechargeable_est_refuse_comme_donnees(base_demo, type_):
    """Issue 14, item 4: the shipped template's example rows are not data (« ceci est le fichier modèle »)."""
    with pytest.raises(ErreurImport, match="ceci est le fichier modèle"):
        importer.analyser(type_, importer.modele(type_), base_demo)


@pytest.mark.parametrize("type_", sorted(importer.MODELES))
def test_chaque_modele_rempli_s_importe_sans_rejet(base_demo, type_, tmp_path):
    fichier = tmp_path / importer.MODELES[type_]
    fichier.write_text(_modele_rempli(type_), encoding="utf-8")
    a = importer.analyser(type_, fichier, base_demo)
    assert a.lignes_rejetees == 0 and a.lignes_gardees >= 1
    assert a.sha256 and len(a.sha256) == 64


def test_ligne_d_exemple_du_modele_rejetee_dans_un_vrai_fichier(base_demo, tmp_path):
    modele = importer.modele("ops").read_text(encoding="utf-8").splitlines()
    fichier = tmp_path / "ops_2022.csv"
    propre = modele[2].rsplit(";", 1)[0] + ";1"  # same row, another last value: one's own data
    fichier.write_text("\n".join([modele[0], modele[1], propre]) + "\n", encoding="utf-8")
    a = importer.analyser("ops", fichier, base_demo)
    assert a.lignes_gardees == 1 and a.lignes_rejetees == 1
    assert "ligne 2" in a.messages_rejets()[0] and "ligne d'exemple du fichier modèle" in a.messages_rejets()[0]


def test_sitadel_ancien_format_dep_et_comm(base_demo):
    a = analyser(base_demo, "sitadel", "sitadel_dep_comm.csv")
    assert (a.lignes_lues, a.lignes_gardees, a.lignes_hors_cua) == (3, 2, 1)
    d = a.donnees.set_index(["indicateur", "annee", "code_insee"])["valeur"]
    assert d[("logements_autorises", 2019, "62041")] == 30 and d[("logements_autorises", 2019, "62004")] == 6
    assert d[("logements_commences", 2019, "62041")] == 30


def test_seuil_q1_annexe_en_classeur(base_demo):
    a = analyser(base_demo, "seuils_q1", "seuils_q1_2025.xlsx")
    assert "classeur Excel" in a.format
    assert a.millesimes == [2025] and a.lignes_gardees == 1 and a.lignes_hors_cua == 1
    assert a.donnees["seuil_euros_uc"].tolist() == [pytest.approx(9433.5)]


def test_chaque_type_a_son_analyseur():
    """A kind added to TYPES without an analyser would fail only when a user picks it."""
    assert set(importer.ANALYSEURS) == set(importer.TYPES)
    assert importer.ANALYSEURS["rpls_insee"].__module__ == "observatoire.chargement.publiques"
    assert importer.ANALYSEURS["seuils_q1"].__module__ == "observatoire.chargement.objectifs"
