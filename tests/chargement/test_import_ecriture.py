"""Import: what the write does to the database. It replaces the vintage(s) the file covers and
nothing else, removes the demo data of that kind only, records the file (SHA-256, counts), and is
all or nothing — including when the process is killed in the middle of the write."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from observatoire.base.db import requete
from observatoire.chargement import ecriture_import, importer
from observatoire.indicateurs import attributions as A
from tests.conftest import RACINE, lire

FIX = Path(__file__).parents[1] / "fixtures" / "imports"


@pytest.fixture()
def base(copie_base_demo) -> Path:
    """A private copy of the demo database for a test that writes (tests/conftest.py)."""
    return copie_base_demo


def empreinte(chemin: Path) -> str:
    return hashlib.sha256(chemin.read_bytes()).hexdigest()


def test_reimport_remplace_un_seul_millesime(base):
    importer.importer("rpls", FIX / "rpls_2024_utf8.csv", base)
    importer.importer("rpls", FIX / "rpls_2023.csv.gz", base)
    assert lire(base, "SELECT millesime, count(*) FROM rpls_logements GROUP BY 1 ORDER BY 1") == [(2023, 5), (2024, 5)]
    # re-importing 2024 with a file whose only valid line is line 9 replaces 2024, and 2024 only
    importer.importer("rpls", FIX / "rpls_2024_codes_invalides.csv", base)
    assert lire(base, "SELECT millesime, count(*) FROM rpls_logements GROUP BY 1 ORDER BY 1") == [(2023, 5), (2024, 1)]
    assert lire(
        base,
        "SELECT millesime, fichier, lignes_lues, lignes_chargees, lignes_rejetees FROM imports "
        "WHERE jeu = 'rpls' ORDER BY millesime",
    ) == [
        (2023, "rpls_2023.csv.gz", 8, 5, 0),
        (2024, "rpls_2024_codes_invalides.csv", 8, 1, 7),
    ]


def test_premier_import_reel_retire_la_demo_de_ce_jeu_seulement(base):
    avant_attrib = lire(base, "SELECT count(*) FROM attributions")[0][0]
    demo_avant = set(requete(duckdb.connect(str(base), read_only=True), "jeux_demo")["jeu"])
    assert {"rpls", "attributions", "ops", "production"} <= demo_avant
    r = importer.importer("rpls", FIX / "rpls_2025_virgule.csv", base)
    assert r.demo_retiree == ["rpls"]
    # every demo vintage of the RPLS is gone, the real 2025 is there
    assert lire(base, "SELECT millesime, count(*) FROM rpls_logements GROUP BY 1") == [(2025, 5)]
    # other datasets keep their rows and their demo status
    assert lire(base, "SELECT count(*) FROM attributions")[0][0] == avant_attrib
    con = duckdb.connect(str(base), read_only=True)
    demo_apres = set(requete(con, "jeux_demo")["jeu"])
    con.close()
    assert demo_apres == demo_avant - {"rpls"}
    assert r.jeux_demo_restants == sorted(demo_apres)


def test_production_demo_retiree_source_par_source(base):
    lignes_bailleurs = lire(base, "SELECT count(*) FROM production WHERE source = 'bailleurs'")[0][0]
    importer.importer("sitadel", FIX / "sitadel_logements.csv", base)
    jeux = [j for (j,) in lire(base, "SELECT jeu FROM imports WHERE demo ORDER BY jeu")]
    assert "production (sitadel)" not in jeux and "production" not in jeux
    assert {"production (financements)", "production (ptz)", "production (bailleurs)"} <= set(jeux)
    # Sitadel rows are the file's only; the other sources are untouched
    assert lire(base, "SELECT min(annee), max(annee) FROM production WHERE source = 'sitadel'") == [(2022, 2024)]
    assert lire(base, "SELECT count(*) FROM production WHERE source = 'bailleurs'")[0][0] == lignes_bailleurs
    assert lire(base, "SELECT count(*) FROM production WHERE source = 'financements' AND annee = 2019")[0][0] > 0
    # a second Sitadel file covering 2023 only replaces 2023 and keeps 2022
    f = FIX / "sitadel_logements.csv"
    lignes = f.read_text(encoding="utf-8").splitlines()
    seul_2023 = [lignes[0]] + [l for l in lignes[1:] if ";2023-01-20;" in l]  # Arras, 25 dwellings
    autre = base.parent / "sitadel_2023.csv"
    autre.write_text("\n".join(seul_2023) + "\n", encoding="utf-8")
    importer.importer("sitadel", autre, base)
    assert lire(
        base, "SELECT annee, sum(valeur) FROM production WHERE indicateur = 'logements_autorises' GROUP BY 1 ORDER BY 1"
    ) == [(2022, 53), (2023, 25)]


def test_provenance_enregistree(base):
    importer.importer("ops", FIX / "ops_2022.csv", base)
    ((jeu, millesime, fichier, sha, quand, lues, chargees, rejetees, demo),) = lire(
        base, "SELECT * FROM imports WHERE jeu = 'ops'"
    )
    assert (jeu, millesime, fichier, lues, chargees, rejetees, demo) == ("ops", 2022, "ops_2022.csv", 4, 3, 0, False)
    assert sha == empreinte(FIX / "ops_2022.csv")
    assert quand is not None


def _objectif(base, n, annee):
    con = duckdb.connect(str(base), read_only=True)
    try:
        c = requete(
            con,
            "attributions_comptes",
            annee_debut=annee,
            annee_fin=annee,
            communes=None,
            bailleurs=None,
            reservataire=None,
            reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
        )
    finally:
        con.close()
    return A.resultat(n, A.sommer(c, ["annee"]).iloc[0])


def test_seuil_importe_puis_drapeau_q1_deduit_sans_etre_ecrit(base):
    importer.importer("attributions", FIX / "attributions_2024.csv", base)
    # In QPV (objective 2): line 2 (declared not Q1) and line 5 (no flag, 8 000 €/UC). Without a
    # 2024 threshold (the demo ones are removed by the real import below), line 5 is unknown.
    importer.importer("seuils_q1", FIX / "seuils_q1_2024.csv", base)
    # line 5: 8 000 €/UC < 9 247,30 → 1st quartile, read in the derivation: objective 2 = 1 / 2
    r = _objectif(base, 2, 2024)
    assert (r.numerateur, r.denominateur, r.non_renseignes) == (1, 2, 0)
    # … and never written into the source table: the stored flag stays what the file declared
    assert lire(base, "SELECT premier_quartile FROM attributions WHERE ressources_uc = 8000") == [(None,)]
    assert lire(base, "SELECT seuil_euros_uc, demo FROM seuils_premier_quartile WHERE annee = 2024") == [
        (9247.3, False)
    ]
    assert lire(base, "SELECT count(*) FROM seuils_premier_quartile WHERE demo")[0][0] == 0


def _objectif_1_2017_a_la_main(seuil: float) -> tuple[int, int]:
    """Objective 1 in 2017 from the demo CSV itself: leases hors QPV; 1st quartile = the declared
    flag, else ressources_uc < seuil; or rehoused ANRU."""
    df = pd.read_csv(RACINE / "data" / "demo" / "attributions.csv", sep=";", dtype=str, keep_default_na=False)
    d = df[(df["annee"] == "2017") & (df["en_qpv"] == "non") & (df["bail_signe"] == "oui")]
    q1 = d["premier_quartile"].map({"oui": True, "non": False})
    q1 = q1.where(d["premier_quartile"] != "", pd.to_numeric(d["ressources_uc"], errors="coerce") < seuil)
    num = int((q1.fillna(False).astype(bool) | (d["relogement_anru"] == "oui")).sum())
    return num, len(d)


def test_seuil_importe_change_l_objectif_1_comme_le_seuil_saisi(base, tmp_path):
    """Reading 4: importing the arrêté's 9 000 € for 2017 changes objective 1 at once, exactly as
    typing 9 000 in the editor (before, the import left the demo threshold's figure)."""
    avant = _objectif(base, 1, 2017)
    seuil_demo = lire(base, "SELECT seuil_euros_uc FROM seuils_premier_quartile WHERE annee = 2017")[0][0]
    assert (avant.numerateur, avant.denominateur) == _objectif_1_2017_a_la_main(seuil_demo)
    saisi = tmp_path / "saisi.duckdb"
    shutil.copyfile(base, saisi)
    fichier = tmp_path / "seuil_2017.csv"
    fichier.write_text("annee;seuil_euros_uc\n2017;9000\n", encoding="utf-8")
    importer.importer("seuils_q1", fichier, base)
    assert A.saisir_seuils(saisi, pd.DataFrame({"annee": [2017], "seuil_euros_uc": ["9 000"]})) == (1, [])
    importe, tape = _objectif(base, 1, 2017), _objectif(saisi, 1, 2017)
    attendu = _objectif_1_2017_a_la_main(9000)
    assert (importe.numerateur, importe.denominateur) == attendu == (tape.numerateur, tape.denominateur)
    assert importe.numerateur > avant.numerateur and importe.denominateur == avant.denominateur
    n, d = _objectif_1_2017_a_la_main(seuil_demo)
    assert A.fr.pourcent(avant.taux) == A.fr.pourcent(n / d) and A.fr.pourcent(importe.taux) == A.fr.pourcent(tape.taux)
    # no flag was written: 2017 rows carry resources only, as the file declared
    assert (
        lire(base, "SELECT count(*) FROM attributions WHERE annee = 2017 AND premier_quartile IS NOT NULL")[0][0] == 0
    )


def test_attributions_2019_codes_2015_et_ex_zus(base, tmp_path):
    f = tmp_path / "attributions_2019.csv"
    f.write_text(
        "annee;code_insee;en_qpv;code_qpv;premier_quartile;prioritaire;bail_signe;relogement_anru;ex_zus\n"
        "2019;62041;oui;QP062061;non;oui;oui;non;\n"  # 2015 code in 2019: accepted
        "2019;62764;non;;oui;non;oui;non;oui\n"  # ex-ZUS: out of objective 1
        "2019;62041;non;;non;non;oui;non;non\n"  # hors QPV, not ex-ZUS
        "2019;62041;non;;oui;non;oui;non;\n",  # ex_zus empty: counted hors QPV
        encoding="utf-8",
    )
    r = importer.importer("attributions", f, base)
    assert (r.apercu.lignes_gardees, r.apercu.lignes_rejetees) == (4, 0)
    assert lire(
        base,
        "SELECT code_qpv, geographie_qpv, ex_zus FROM attributions ORDER BY code_qpv NULLS LAST, ex_zus NULLS FIRST",
    ) == [("QP062061", 2015, None), (None, 2015, None), (None, 2015, False), (None, 2015, True)]
    o1 = _objectif(base, 1, 2019)
    assert (o1.numerateur, o1.denominateur) == (1, 2)  # the ex-ZUS Q1 lease is not counted hors QPV


def test_qpv_contours_et_quartier_inconnu_ajoute(base):
    importer.importer("qpv", FIX / "qpv_2024.geojson", base)
    importer.importer("qpv", FIX / "qpv_2015_l93.zip", base)
    avec = lire(
        base, "SELECT geographie, coalesce(code_qpv, nom) FROM qpv WHERE geometrie_wkt IS NOT NULL ORDER BY 1, 2"
    )
    # « Arras Ouest » (QP062010 in the file) is matched by name and keeps its reference code QP062061.
    assert avec == [(2015, "QP062061"), (2015, "QP062099"), (2024, "QN06258M"), (2024, "QN06259M")]
    assert lire(base, "SELECT communes_insee FROM qpv WHERE code_qpv = 'QP062099'") == [(["62099"],)]
    # re-importing 2015 does not duplicate the added quartier
    importer.importer("qpv", FIX / "qpv_2015_l93.zip", base)
    assert lire(base, "SELECT count(*) FROM qpv WHERE code_qpv = 'QP062099'")[0][0] == 1


def test_rpls_communes_dans_une_base_plus_ancienne(base):
    con = duckdb.connect(str(base))
    con.execute("DROP TABLE IF EXISTS rpls_communes")  # a base built before the table existed
    con.close()
    importer.importer("rpls_communes", FIX / "resultats_rpls_2023.xlsx", base)
    assert lire(base, "SELECT code_insee, nb_ls FROM rpls_communes ORDER BY 1") == [
        ("62004", 1000),
        ("62041", 7400),
        ("62426", None),
    ]


def test_echec_pendant_l_ecriture_laisse_la_base_intacte(base, monkeypatch):
    avant = empreinte(base)

    def panne(con, apercu, quand):
        raise RuntimeError("panne simulée après l'insertion des lignes")

    monkeypatch.setattr(ecriture_import, "_tracer", panne)
    with pytest.raises(RuntimeError):
        importer.importer("rpls", FIX / "rpls_2024_utf8.csv", base)
    assert empreinte(base) == avant


def _cli(*args, env=None, **kw):
    return subprocess.run(
        [sys.executable, "-m", "observatoire", "import", *map(str, args)],
        cwd=RACINE,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        **kw,
    )


# The CLI in a child whose last write step (ecriture_import._tracer) is wrapped to say so and wait:
# the kill lands while the transaction holds the new rows, without a hook in the import code.
PAUSE_PENDANT_L_ECRITURE = """
import sys
from observatoire.__main__ import main
from observatoire.chargement import ecriture_import

tracer = ecriture_import._tracer


def tracer_puis_attendre(con, apercu, quand):
    tracer(con, apercu, quand)
    print("écriture commencée (pause de test)", file=sys.stderr, flush=True)
    sys.stdin.readline()


ecriture_import._tracer = tracer_puis_attendre
sys.exit(main())
"""


def test_atomicite_processus_tue_pendant_l_ecriture(base):
    """Kill -9 the import while its transaction holds the new rows: the base is byte-identical."""
    avant = empreinte(base)
    lignes_avant = lire(base, "SELECT count(*) FROM rpls_logements")[0][0]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            PAUSE_PENDANT_L_ECRITURE,
            "import",
            "rpls",
            str(FIX / "rpls_2024_utf8.csv"),
            "--db",
            str(base),
        ],
        cwd=RACINE,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for ligne in proc.stderr:  # blocks until the child says it is writing
            if "écriture commencée" in ligne:
                break
        else:
            pytest.fail("l'import n'a pas atteint l'écriture")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert empreinte(base) == avant
    assert lire(base, "SELECT count(*) FROM rpls_logements")[0][0] == lignes_avant
    assert lire(base, "SELECT count(*) FROM imports WHERE NOT demo AND jeu = 'rpls'")[0][0] == 0
    # the lock died with the process: the next import goes through
    r = _cli("rpls", FIX / "rpls_2024_utf8.csv", "--db", base, timeout=120)
    assert r.returncode == 0, r.stderr
    assert lire(base, "SELECT count(*) FROM rpls_logements WHERE millesime = 2024")[0][0] == 5


def test_cli_succes_progression_et_apercu(base):
    r = _cli("rpls", FIX / "rpls_2024_utf8.csv", "--db", base, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Lignes lues : 8" in r.stdout and "Lignes gardées pour la CU d'Arras : 5" in r.stdout
    assert "[100 %]" in r.stderr and "Traceback" not in r.stderr
    seul = _cli("ops", FIX / "ops_2022.csv", "--db", base, "--apercu", timeout=120)
    assert seul.returncode == 0 and "rien n'a été écrit" in seul.stdout
    assert lire(base, "SELECT count(*) FROM imports WHERE jeu = 'ops' AND NOT demo")[0][0] == 0


@pytest.mark.parametrize(
    "args, code, attendu",
    [
        (("rpls", FIX / "rpls_2024_vide.csv"), 1, "le fichier est vide"),
        (("rpls", FIX / "parc_social_extrait.csv"), 1, "--millesime"),
        (("rpls", FIX / "rpls_2024_colonne_manquante.csv"), 1, "SURFHAB"),
        (("attributions", FIX / "rpls_2024_utf8.csv"), 1, "ressemble à un fichier"),
        (("rpls", FIX / "rpls_2024_codes_invalides.csv", "--strict"), 1, "--strict"),
    ],
)
def test_cli_echec_sans_trace(base, args, code, attendu):
    avant = empreinte(base)
    r = _cli(*args, "--db", base, timeout=120)
    assert r.returncode == code
    assert attendu in r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    assert empreinte(base) == avant


def test_cli_millesime_explicite(base):
    r = _cli("rpls", FIX / "parc_social_extrait.csv", "--millesime", "2024", "--db", base, timeout=120)
    assert r.returncode == 0, r.stderr
    assert lire(base, "SELECT count(*) FROM rpls_logements WHERE millesime = 2024")[0][0] == 5


def test_cli_base_absente(tmp_path):
    r = _cli("rpls", FIX / "rpls_2024_utf8.csv", "--db", tmp_path / "absente.duckdb", timeout=120)
    assert r.returncode == 2 and "Base introuvable" in r.stderr


# ---------------------------------------------------------------- issue 14, item 4: slices and undo


def _attributions_de(bailleur: str, dossier: Path, nom: str | None = None) -> Path:
    texte = (FIX / "attributions_2024.csv").read_text(encoding="utf-8").replace("Bailleur Test (fictif)", bailleur)
    chemin = dossier / (nom or f"attributions_2024_{bailleur.split()[1].lower()}.csv")
    chemin.write_text(texte, encoding="utf-8")
    return chemin


def test_import_d_un_bailleur_garde_les_autres_bailleurs_de_l_annee(base, tmp_path):
    a = _attributions_de("Bailleur A (fictif)", tmp_path)
    b = _attributions_de("Bailleur B (fictif)", tmp_path)
    importer.importer("attributions", a, base)
    apercu = importer.analyser("attributions", b, base)
    # the preview says what goes and what stays, by year and landlord
    impact = apercu.impact.set_index(["periode", "detail", "effet"])["lignes"]
    assert impact[("2024", "Bailleur A (fictif)", importer.GARDEES)] == 4
    assert not (apercu.impact["effet"] == importer.SUPPRIMEES).any()
    assert any(l.startswith("Gardées : 4 ligne(s) — 2024 · Bailleur A (fictif) : 4") for l in apercu.resume())
    assert apercu.couverture == "3 communes sur 46 (2024)"
    importer.ecrire(apercu, base)
    assert lire(base, "SELECT bailleur, count(*) FROM attributions GROUP BY 1 ORDER BY 1") == [
        ("Bailleur A (fictif)", 4),
        ("Bailleur B (fictif)", 4),
    ]
    assert lire(base, "SELECT fichier FROM imports WHERE jeu = 'attributions' ORDER BY fichier") == [
        (a.name,),
        (b.name,),
    ]
    # re-importing A replaces A's rows and A's provenance row, B's stay
    a2 = _attributions_de("Bailleur A (fictif)", tmp_path, "attributions_2024_a_corrige.csv")
    apercu = importer.analyser("attributions", a2, base)
    effets = apercu.impact.set_index(["detail", "effet"])["lignes"]
    assert (
        effets[("Bailleur A (fictif)", importer.SUPPRIMEES)] == 4
        and effets[("Bailleur B (fictif)", importer.GARDEES)] == 4
    )
    importer.ecrire(apercu, base)
    assert lire(base, "SELECT bailleur, count(*) FROM attributions GROUP BY 1 ORDER BY 1") == [
        ("Bailleur A (fictif)", 4),
        ("Bailleur B (fictif)", 4),
    ]
    assert lire(base, "SELECT fichier FROM imports WHERE jeu = 'attributions' ORDER BY fichier") == [
        (a2.name,),
        (b.name,),
    ]


def test_import_ops_remplace_les_seules_communes_du_fichier(base, tmp_path):
    importer.importer("ops", FIX / "ops_2022.csv", base)  # Arras (2 lines) and Achicourt
    autre = tmp_path / "ops_2022_dainville.csv"
    autre.write_text(
        (FIX / "ops_2022.csv").read_text(encoding="utf-8").splitlines()[0] + "\n2022;62263;non;150;;;;;;;;;;;;;;\n",
        encoding="utf-8",
    )
    apercu = importer.analyser("ops", autre, base)
    assert apercu.couverture == "1 commune sur 46 (2022)"
    assert apercu.impact[["periode", "detail", "effet"]].values.tolist() == [["2022", "2 communes", importer.GARDEES]]
    importer.ecrire(apercu, base)
    assert lire(base, "SELECT code_insee, count(*) FROM ops GROUP BY 1 ORDER BY 1") == [
        ("62004", 1),
        ("62041", 2),
        ("62263", 1),
    ]


def test_premier_import_annonce_le_retrait_de_la_demo(base):
    apercu = importer.analyser("ops", FIX / "ops_2022.csv", base)
    demo = apercu.impact[apercu.impact["effet"] == importer.DEMO]
    assert len(demo) and demo["lignes"].sum() == lire(base, "SELECT count(*) FROM ops")[0][0]
    assert "données de démonstration de ce jeu seront retirées" in apercu.remplace


def test_chaque_ecriture_garde_la_base_precedente_et_la_restaure(base, tmp_path):
    from observatoire.base import ecriture

    avant = empreinte(base)
    importer.importer("attributions", _attributions_de("Bailleur A (fictif)", tmp_path), base)
    apres_a = empreinte(base)
    importer.importer("attributions", _attributions_de("Bailleur B (fictif)", tmp_path), base)
    versions = ecriture.versions(base)
    assert len(versions) == 2 and "import de attributions_2024_b.csv" in versions[0].par
    assert empreinte(versions[1].chemin) == avant and empreinte(versions[0].chemin) == apres_a
    ecriture.restaurer(base, versions[1].identifiant)
    assert empreinte(base) == avant  # the demo base again, byte for byte
    # the restore is itself undoable: the base it replaced is now the newest version
    assert "restauration" in ecriture.versions(base)[0].par
    assert lire(base, "SELECT count(*) FROM attributions WHERE bailleur LIKE 'Bailleur _ (fictif)'") == [(0,)]


def test_nombre_de_versions_reglable(base, tmp_path, monkeypatch):
    from observatoire.base import ecriture
    from observatoire.base.ecriture import modifier_base

    monkeypatch.setenv("OBSERVATOIRE_VERSIONS", "2")
    for i in range(4):
        modifier_base(base, lambda con: con.execute("DELETE FROM production WHERE annee = 2016"), libelle=f"essai {i}")
    assert [v.par for v in ecriture.versions(base)] == ["essai 3", "essai 2"]
    monkeypatch.setenv("OBSERVATOIRE_VERSIONS", "0")
    modifier_base(base, lambda con: None, libelle="sans version")
    assert [v.par for v in ecriture.versions(base)] == ["essai 3", "essai 2"]


def test_ligne_de_commande_versions_et_restaurer(base, tmp_path):
    avant = empreinte(base)
    importer.importer("attributions", _attributions_de("Bailleur A (fictif)", tmp_path), base)
    cmd = [sys.executable, "-m", "observatoire"]
    r = subprocess.run(cmd + ["versions", "--db", str(base)], cwd=RACINE, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "import de attributions_2024_a.csv" in r.stdout and " 1 " in r.stdout
    r = subprocess.run(cmd + ["restaurer", "1", "--db", str(base)], cwd=RACINE, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "restaurée" in r.stdout and empreinte(base) == avant
    r = subprocess.run(cmd + ["restaurer", "99", "--db", str(base)], cwd=RACINE, capture_output=True, text=True)
    assert r.returncode == 1 and "introuvable" in r.stderr


def test_page_donnees_liste_les_versions_avec_le_bouton_de_restauration(base, tmp_path, monkeypatch):
    """The page lists the kept versions and offers the one-click restore (analyste; the demo
    runs open). The restore itself: test_chaque_ecriture_garde_la_base_precedente_et_la_restaure."""
    from tests.outils.app import lancer

    monkeypatch.setenv("OBSERVATOIRE_DB", str(base))
    monkeypatch.chdir(RACINE)
    importer.importer("attributions", _attributions_de("Bailleur A (fictif)", tmp_path), base)
    at = lancer("donnees")
    versions = next(d.value for d in at.dataframe if "Remplacée par" in d.value.columns)
    assert versions["Remplacée par"].tolist()[-1] == "import de attributions_2024_a.csv (attributions, 2024)"
    assert at.button(key="version_restaurer").label == "Restaurer cette version"
    assert at.selectbox(key="version_choisie").value == ecriture_versions(base)[0].identifiant


def ecriture_versions(base):
    from observatoire.base import ecriture

    return ecriture.versions(base)
