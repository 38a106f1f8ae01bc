"""Real public data (data/publiques/): the shipped files load unchanged, NULL stays NULL, the
provenance says producer and vintage, and the INSEE RPLS importer (commune / IRIS / QPV).

Expected figures are read by eye in the shipped files (data/publiques/README.md)."""

from __future__ import annotations

import hashlib

import duckdb
import pandas as pd
import pytest

from observatoire.chargement import importer, publiques
from observatoire.chargement.importer import ErreurImport
from tests.conftest import RACINE, lire

# The shared folder beside the clone (as in CI), when present: the shipped files must be its copies.
PARTAGE = RACINE.parent / "shared" / "donnees-publiques"


# ---------------------------------------------------------------- shipped files, as loaded


def test_fichiers_livres_sont_les_fichiers_publies():
    """Copied unchanged: same bytes as the republished extracts (when the shared copy is here)."""
    fichiers = [f for s in publiques.SOURCES for f in s.fichiers]
    assert len(fichiers) == 10
    for f in fichiers:
        assert (publiques.PUBLIQUES / f).is_file(), f
        if PARTAGE.is_dir():
            assert (publiques.PUBLIQUES / f).read_bytes() == (PARTAGE / f).read_bytes(), f


def test_rpls_2024_par_commune_charge_tel_quel(base_demo):
    lignes = lire(base_demo, "SELECT count(*), sum(nb_ls) FROM rpls_communes WHERE millesime = 2024")
    assert lignes == [(34, 12853)]
    arras = lire(
        base_demo,
        "SELECT nom, nb_ls, densite, tx_vac, tx_mob, nb_loues, nb_vacants, nb_vides "
        "FROM rpls_communes WHERE millesime = 2024 AND code_insee = '62041'",
    )
    assert arras == [("Arras", 7337, pytest.approx(34.4), pytest.approx(1.2472), pytest.approx(7.5041), 6651, 84, 307)]
    # Boiry-Becquerelle: 3 dwellings, breakdown blank in the SDES file (masked) → NULL, not 0
    assert lire(
        base_demo,
        "SELECT nb_ls, nb_loues, nb_vacants, nb_vides, tx_vac FROM rpls_communes "
        "WHERE millesime = 2024 AND code_insee = '62144'",
    ) == [(3, None, None, None, 0.0)]
    # the 12 communes absent from the sheet are absent from the table, not stored as 0
    absentes = lire(
        base_demo,
        "SELECT count(*) FROM communes c WHERE NOT EXISTS (SELECT 1 FROM rpls_communes r "
        "WHERE r.code_insee = c.code_insee AND r.millesime = 2024)",
    )
    assert absentes == [(12,)]
    assert lire(base_demo, "SELECT count(*) FROM rpls_communes WHERE nb_ls = 0") == [(0,)]


def test_autres_fichiers_publics_charges(base_demo):
    assert lire(base_demo, "SELECT count(*), count(DISTINCT code_insee) FROM population_communes") == [(46 * 9, 46)]
    assert lire(
        base_demo,
        "SELECT population FROM population_communes WHERE code_insee = '62004' AND annee IN (2013, 2021) "
        "ORDER BY annee",
    ) == [(7852,), (7938,)]
    assert lire(
        base_demo,
        "SELECT round(logements, 2), round(residences_principales, 2) FROM rp_logement_communes "
        "WHERE code_insee = '62004'",
    ) == [(3929.01, 3672.53)]
    # Filosofi 2021: Achicourt's median 21 900 €, poverty 17,0 % (decimal comma); Acq's poverty rate is « s »
    assert lire(
        base_demo, "SELECT revenu_median, taux_pauvrete, decile_1 FROM filosofi_communes WHERE code_insee = '62004'"
    ) == [(21900.0, 17.0, 11960.0)]
    assert lire(base_demo, "SELECT revenu_median, taux_pauvrete FROM filosofi_communes WHERE code_insee = '62007'") == [
        (27260.0, None)
    ]
    # LOVAC: Acq's vacant > 2 years is « s » → NULL; 2025 has no private-stock total in the file
    assert lire(
        base_demo,
        "SELECT annee, parc_prive, vacants, vacants_plus_2ans FROM lovac_communes "
        "WHERE code_insee = '62007' AND annee IN (2024, 2025) ORDER BY annee",
    ) == [(2024, 297, 22, None), (2025, None, 16, None)]
    # RPLS by QPV 2015 (decimal comma, counts written « 501.0 »)
    assert lire(
        base_demo,
        "SELECT code_geo, nb_ls, tx_vac, tx_vac3m, tx_rot, moy_loy FROM rpls_insee "
        "WHERE niveau = 'qpv' AND code_geo IN ('QP062060', 'QP062063') ORDER BY 1",
    ) == [("QP062060", 501, 3.2, 2.2, 8.9, 5.1), ("QP062063", 357, None, None, 19.1, 5.89)]
    assert lire(base_demo, "SELECT niveau, count(*) FROM rpls_insee GROUP BY 1 ORDER BY 1") == [
        ("iris", 25),
        ("qpv", 5),
    ]
    assert lire(base_demo, "SELECT count(*) FROM qpv_revenus") == [(50,)]


def test_provenance_producteur_millesime_non_demo(base_demo):
    lignes = lire(
        base_demo,
        "SELECT jeu, millesime, fichier, lignes_chargees, demo FROM imports "
        "WHERE fichier LIKE 'rpls2024%' ORDER BY fichier",
    )
    assert lignes == [
        ("rpls_communes", 2024, "rpls2024_sdes_communes_densite_nbls_vac_mob.csv", 34, False),
        ("rpls_communes", 2024, "rpls2024_sdes_communes_parc_detail.csv", 34, False),
    ]
    sha = hashlib.sha256((publiques.PUBLIQUES / "insee_filosofi2021_communes.csv").read_bytes()).hexdigest()
    assert lire(
        base_demo, "SELECT producteur, millesime, sha256 FROM sources_publiques WHERE jeu = 'filosofi_communes'"
    ) == [("INSEE", "revenus 2021", sha)]
    assert publiques.etiquette("rpls_communes") == "données publiques réelles — SDES, parc au 1er janvier 2024"
    # the banner's query: what is demo no longer lists the real datasets
    demo = {r[0] for r in lire(base_demo, "SELECT jeu FROM imports GROUP BY jeu HAVING bool_or(demo)")}
    assert "rpls_communes" not in demo and "population_communes" not in demo and "rpls" in demo


def test_reconstruire_ne_protege_pas_les_fichiers_publics(base_demo):
    from observatoire.base.build import donnees_a_proteger

    assert donnees_a_proteger(base_demo) == []


def test_nombre_illisible_dit_fichier_ligne_colonne():
    brut = pd.DataFrame({"MED21": ["21900", "12 abc"]})
    with pytest.raises(publiques.ErreurPublique, match=r"f\.csv, ligne 3, colonne « MED21 » : « 12 abc »"):
        publiques.nombres(brut, "MED21", "f.csv")


def test_parc_social_public_absente_jamais_zero():
    rpls = pd.DataFrame(
        {
            "code_insee": ["62041"],
            "nb_ls": [7337],
            "densite": [34.4],
            "nb_loues": [6651],
            "nb_vacants": [84],
            "tx_vac": [1.2472],
            "tx_mob": [7.5041],
        }
    )
    communes = pd.DataFrame({"code_insee": ["62041", "62085"], "nom": ["Arras", "Basseux"]})
    t = publiques.parc_social_public(rpls, communes).set_index("commune")
    assert t.loc["Arras", "logements_sociaux"] == "7\u202f337"
    assert t.loc["Arras", "taux_vacance"] == "1,2\u00a0%"
    assert t.loc["Basseux", "logements_sociaux"] == "absente du fichier RPLS"
    assert publiques.total_cu(pd.DataFrame({"nb_ls": [100, 300], "tx_vac": [2.0, 4.0], "tx_mob": [10.0, 6.0]})) == {
        "communes": 2,
        "logements": 400,
        "vacance_ponderee": 3.5,
        "mobilite_ponderee": 7.0,
    }


def test_portrait_commune(base_demo):
    from observatoire.base.db import requete

    con = duckdb.connect(str(base_demo), read_only=True)
    try:
        arras = publiques.portrait_commune("62041", lambda nom, **p: requete(con, nom, **p))
        basseux = publiques.portrait_commune("62085", lambda nom, **p: requete(con, nom, **p))
    finally:
        con.close()
    assert set(arras) == {"population", "logement", "revenus", "lovac", "rpls"}
    r = arras["rpls"].set_index("indicateur")
    assert r.loc["Logements sociaux", "commune"] == "7\u202f337"
    assert r.loc["Logements sociaux", "CU d'Arras"].startswith("12\u202f853 (34 communes")
    assert (basseux["rpls"]["commune"] == "absente du fichier RPLS").all()
    assert list(arras["population"]["année"]) == [str(a) for a in range(2013, 2022)]


# ---------------------------------------------------------------- the importer kind rpls_insee


def _ecrire(tmp_path, nom, texte, bom=False):
    chemin = tmp_path / nom
    chemin.write_bytes((b"\xef\xbb\xbf" if bom else b"") + texte.encode("utf-8"))
    return chemin


COMMUNES_2024 = (
    "CodGeo;LibGeo;nbLsPls;nbLsMes;txVac;txVac3m;txRot;moyLoy\n"
    "62041;Arras;7337;12;2,5;1,3;7,5;5,41\n"
    "62004;Achicourt;1068;;s;;8,3;5,02\n"
    "59350;Lille;40000;100;3,1;1,2;9,0;6,10\n"  # outside the CU: counted, not loaded
    "6204;Tronqué;10;0;1,0;0,5;5,0;5,00\n"  # a code that lost a character: rejected
)


def test_import_rpls_insee_communes_bom_virgule_decimale(base_demo, tmp_path):
    chemin = _ecrire(tmp_path, "data_RPLS2024_COM.csv", COMMUNES_2024, bom=True)
    a = importer.analyser("rpls_insee", chemin, base_demo)
    assert a.encodage == "UTF-8 avec BOM" and a.separateur == ";"
    assert a.millesimes == [2024] and a.origine_millesime == "nom du fichier"
    assert (a.lignes_lues, a.lignes_gardees, a.lignes_hors_cua, a.lignes_rejetees) == (4, 2, 1, 1)
    assert a.hors_cua == {"département 59": 1}
    assert a.messages_rejets() == [
        "data_RPLS2024_COM.csv, ligne 5, colonne « CodGeo » : « 6204 » n'est ni un code commune, "
        "ni un code IRIS, ni un code QPV ; attendu 5 caractères (62041), 9 chiffres (620410101) "
        "ou un code QPV (QP062061, QN06259M)."
    ]
    d = a.donnees.set_index("code_geo")
    assert d.loc["62041", "tx_vac"] == pytest.approx(2.5) and d.loc["62041", "moy_loy"] == pytest.approx(5.41)
    assert d.loc["62041", "nb_ls"] == 7337 and d.loc["62041", "code_insee"] == "62041"
    assert pd.isna(d.loc["62004", "tx_vac"]) and pd.isna(d.loc["62004", "nb_ls_mes"])  # « s » and blank → NULL
    assert set(d["niveau"]) == {"commune"}


def test_import_rpls_insee_iris_codes_texte_et_ecriture(copie_base_demo, tmp_path):
    base = copie_base_demo
    # IRIS codes as text (a leading-zero département would lose its zero as a number), « , » separator
    chemin = _ecrire(
        tmp_path,
        "rpls_iris.csv",
        'CodGeo,LibGeo,DepCom,nbLsPls,txVac,txRot\n620410101,Centre,62041,"1 200",3.5,"7,1"\n'
        "020010000,Ailleurs,02001,5,0,0\n",
    )
    a = importer.analyser("rpls_insee", chemin, base, millesime=2023)
    assert (a.lignes_gardees, a.lignes_hors_cua) == (1, 1) and a.hors_cua == {"département 02": 1}
    ligne = a.donnees.iloc[0]
    assert (ligne["code_geo"], ligne["niveau"], ligne["code_insee"]) == ("620410101", "iris", "62041")
    # « 1 200 » (a spreadsheet's thousands space), « 3.5 » and « 7,1 » in one file
    assert (ligne["nb_ls"], ligne["tx_vac"], ligne["tx_rot"]) == (1200, 3.5, 7.1)
    assert a.lignes_rejetees == 0
    importer.ecrire(a, base)
    assert lire(
        base, "SELECT millesime, niveau, code_geo, libelle, code_insee, nb_ls FROM rpls_insee WHERE millesime = 2023"
    ) == [(2023, "iris", "620410101", "Centre", "62041", 1200)]
    assert lire(base, "SELECT count(*) FROM rpls_insee WHERE millesime = 2022") == [(30,)]  # shipped rows untouched


def test_import_rpls_insee_qpv_remplace_son_niveau_seulement(copie_base_demo, tmp_path):
    base = copie_base_demo
    chemin = _ecrire(
        tmp_path,
        "rpls_qpv_2022.csv",
        'CodGeo;Note;nbLsPls;txVac;txVac3m;txRot;moyLoy\nQP062060;0;510.0;"3,0";"2,0";"9,1";"5,2"\n'
        "QP059001;0;100;1;1;1;5\n",
    )
    r = importer.importer("rpls_insee", chemin, base)
    assert r.apercu.hors_cua == {"QPV hors CU d'Arras": 1}
    # the 5 shipped QPV rows of 2022 are replaced by the file's one; the 25 IRIS rows stay
    assert lire(base, "SELECT niveau, count(*) FROM rpls_insee WHERE millesime = 2022 GROUP BY 1 ORDER BY 1") == [
        ("iris", 25),
        ("qpv", 1),
    ]
    assert lire(base, "SELECT nb_ls, tx_vac FROM rpls_insee WHERE code_geo = 'QP062060'") == [(510, 3.0)]
    # provenance: the shipped QPV file's row goes, the IRIS file's row stays
    assert lire(base, "SELECT fichier FROM imports WHERE jeu = 'rpls_insee' ORDER BY fichier") == [
        ("rpls2022_insee_iris_cua.csv",),
        ("rpls_qpv_2022.csv",),
    ]


def test_import_rpls_insee_refuse_un_fichier_sans_codgeo(base_demo, tmp_path):
    chemin = _ecrire(tmp_path, "rpls_2024.csv", "code;logements\n62041;7337\n")
    with pytest.raises(ErreurImport, match=r"rpls_2024\.csv n'est pas un fichier « RPLS — INSEE.*CodGeo, nbLsPls"):
        importer.analyser("rpls_insee", chemin, base_demo)


def test_import_rpls_insee_rejette_un_nombre_illisible(base_demo, tmp_path):
    chemin = _ecrire(tmp_path, "rpls_2024.csv", "CodGeo;nbLsPls;txVac\n62041;7337;2,5\n62004;mille;1,0\n")
    a = importer.analyser("rpls_insee", chemin, base_demo)
    assert a.lignes_gardees == 1 and a.lignes_rejetees == 1
    assert a.messages_rejets()[0].startswith(
        "rpls_2024.csv, ligne 3, colonne « nbLsPls » : « mille » n'est pas un nombre entier positif"
    )


# ---------------------------------------------------------------- the demo, calibrated on the real stock


def test_demo_2024_egale_le_parc_reel_par_commune(base_demo):
    """Demo stock of every commune on 1 January 2024 = the SDES nb_ls; the 12 communes absent
    from the sheet have no demo dwelling that year."""
    ecarts = lire(
        base_demo,
        """
        SELECT c.code_insee, coalesce(d.logements, 0) AS demo, r.nb_ls AS reel
        FROM communes c
        LEFT JOIN (SELECT code_insee, sum(logements) AS logements FROM parc_communes WHERE millesime = 2024
                   GROUP BY code_insee) d USING (code_insee)
        LEFT JOIN rpls_communes r ON r.code_insee = c.code_insee AND r.millesime = 2024
        WHERE coalesce(d.logements, 0) <> coalesce(r.nb_ls, 0)""",
    )
    assert ecarts == []
    assert lire(base_demo, "SELECT sum(logements) FROM parc_communes WHERE millesime = 2024") == [(12853,)]
    assert lire(
        base_demo, "SELECT sum(logements) FROM parc_communes WHERE millesime = 2024 AND code_insee = '62041'"
    ) == [(7337,)]
    assert lire(base_demo, "SELECT count(*) FROM parc_communes WHERE millesime = 2024 AND code_insee = '62085'") == [
        (0,)
    ]
