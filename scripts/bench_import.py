"""Benchmark of the RPLS import at regional scale: `make bench-import`.

Generates a Hauts-de-France-like RPLS file (600 000 dwellings, every column of the restricted
file, about 250 MB, ~2 % of the lines in the CU d'Arras) in a temporary folder, builds a demo
database next to it, then times `python -m observatoire import rpls …` in a child process pinned
to two cores, and prints wall time and peak memory (RSS) of the import. Target: ≤ 60 s, ≤ 2 GB.

Not run by the test suite. Options: --lignes N, --garder (keep the temporary folder).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

from observatoire import formats as fr  # noqa: E402  needs the repository root on sys.path

CIBLE_SECONDES, CIBLE_MO = 60, 2048


def generer(chemin: Path, lignes: int) -> None:
    """One SQL statement: random but plausible dwellings, the CUA's 46 communes for ~2 % of them."""
    communes = [
        l.split(",")[0]
        for l in (RACINE / "data" / "reference" / "communes.csv").read_text(encoding="utf-8").splitlines()[1:]
    ]
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute("SELECT setseed(0.2014)")
    cua = "[" + ", ".join(f"'{c}'" for c in communes) + "]"
    con.execute(f"""
        COPY (
            WITH base AS (
                SELECT i,
                       CASE WHEN random() < 0.0225 THEN {cua}[1 + (i % 46)::INT]
                            ELSE ['02', '59', '60', '62', '80'][1 + (i % 5)::INT] || ((i * 7919) % 99 + 901)::VARCHAR  -- never a CUA code
                       END AS commune,
                       random() AS r1, random() AS r2, random() AS r3
                FROM range({lignes}) t(i)
            )
            SELECT '32' AS REG_CODE, 'Hauts-de-France' AS REG_LIBELLE, left(commune, 2) AS DEP_CODE,
                   'Département ' || left(commune, 2) AS DEP_LIBELLE,
                   CASE WHEN list_contains({cua}, commune) THEN '200033579' ELSE '2000' || (i % 90000)::VARCHAR END AS EPCI_CODE,
                   'Communauté d''agglomération fictive du Hainaut' AS EPCI_LIBELLE, commune AS DEPCOM_CODE, 'Commune ' || commune AS DEPCOM_LIBELLE,
                   left(commune, 2) || '000' AS CODEPOSTAL, (1 + i % 120)::VARCHAR AS NUMVOIE, '' AS INDREP,
                   ['RUE', 'AV', 'BD', 'ALL', 'CHE'][1 + (i % 5)::INT] AS TYPVOIE,
                   'DES ' || ['TILLEULS', 'JARDINS DE LA SCARPE', 'FUSILLES', 'ACACIAS', 'MARTYRS DE LA RESISTANCE'][1 + (i % 5)::INT] AS NOMVOIE,
                   (i % 12)::VARCHAR AS ETAGE, 'BAT ' || chr(65 + (i % 6)::INT) AS COMPLGEO, '' AS LIEUDIT,
                   CASE WHEN r1 < 0.3 THEN '1' ELSE '2' END AS QPV_CODE,
                   CASE WHEN r1 < 0.3 THEN 'Quartier fictif' ELSE '' END AS QPV_LIBELLE,
                   '' AS PLG_QP24, '' AS PLG_QP15, commune || '0101' AS PLG_IRIS2024_CODE, '' AS PLG_ZUS, '' AS PLG_QVA,
                   '1' AS QUALITE_GEOLOC, '2154' AS EPSG,
                   (650000 + (r2 * 100000)::INT)::VARCHAR AS X, (7000000 + (r3 * 100000)::INT)::VARCHAR AS Y,
                   ['C', 'C', 'C', 'I', 'E'][1 + (i % 5)::INT] AS TYPECONST_CODE, (1 + (i % 5))::VARCHAR AS NBPIECE,
                   replace(round(25 + r2 * 90, 1)::VARCHAR, '.', ',') AS SURFHAB,
                   (1950 + (i % 70))::VARCHAR AS CONSTRUCT, (1951 + (i % 70))::VARCHAR AS LOCAT,
                   (1951 + (i % 70))::VARCHAR AS PATRIMOINE, (1 + i % 4)::VARCHAR AS ORIGINE, '1' AS DROIT_CODE,
                   ['10', '11', '12', '13', '14', '16', '52', '99'][1 + (i % 8)::INT] AS FINAN_CODE,
                   'Financement fictif' AS FINAN_LIBELLE, '' AS FINANAUTRE, '1' AS CONV,
                   '62/2/' || (i % 99999)::VARCHAR AS NUMCONV, '01/01/1990' AS DATCONV, '1' AS CUS, '2' AS NEWLOGT_CODE,
                   '06/2019' AS DPEDATE, ['A', 'B', 'C', 'D', 'E', 'F', 'G', ''][1 + (i % 8)::INT] AS DPEENERGIE,
                   ['A', 'B', 'C', 'D', 'E', 'F', 'G', ''][1 + ((i + 3) % 8)::INT] AS DPESERRE,
                   '' AS SRU_EXPIR, '' AS SRU_ALINEA, '1' AS CODSEGPATRIM, 'Segment patrimonial fictif numéro ' || (i % 9)::VARCHAR AS LIBSEGPATRIM, '2' AS PMR_CODE,
                   'Bailleur fictif ' || (i % 40)::VARCHAR AS RS, lpad((i % 99999)::VARCHAR, 14, '0') AS SIRET,
                   ['1', '1', '1', '1', '2', '3', '5', '9'][1 + (i % 8)::INT] AS MODE,
                   lpad((1 + i % 12)::VARCHAR, 2, '0') || '/' || (2000 + i % 23)::VARCHAR AS BAIL,
                   replace(round(150 + r3 * 500, 2)::VARCHAR, '.', ',') AS LOYERPRINC,
                   (1 + i % 7)::VARCHAR AS CONTRESLOG, '' AS duree_vacance
            FROM base
        ) TO '{chemin}' (DELIMITER ';', HEADER, QUOTE '"')
    """)
    con.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lignes", type=int, default=600_000)
    parser.add_argument("--garder", action="store_true")
    parser.add_argument(
        "--encodage",
        default="utf-8",
        choices=["utf-8", "iso-8859-1", "cp1252"],
        help="encodage du fichier généré (les fichiers régionaux 2017-2022 sont en ISO-8859-1)",
    )
    args = parser.parse_args(argv)

    dossier = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        fichier = dossier / "rpls_2024_reg32.csv"
        t = time.perf_counter()
        generer(fichier, args.lignes)
        if args.encodage != "utf-8":
            autre = fichier.with_suffix(".tmp")
            with open(fichier, encoding="utf-8") as src, open(autre, "w", encoding=args.encodage, newline="") as dst:
                for bloc in iter(lambda: src.read(1 << 22), ""):
                    dst.write(bloc)
            os.replace(autre, fichier)
        taille = fichier.stat().st_size / 1e6
        print(
            f"Fichier généré : {fichier.name}, {fr.nombre(args.lignes)} lignes, {fr.nombre(taille)} Mo, {args.encodage} "
            f"({time.perf_counter() - t:.1f} s)"
        )

        from observatoire.base.build import construire

        base = construire(dossier / "observatoire.duckdb")
        print(f"Base de démonstration construite : {base}")

        cmd = [sys.executable, "-m", "observatoire", "import", "rpls", str(fichier), "--db", str(base)]
        avant = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        debut = time.perf_counter()
        r = subprocess.run(
            cmd,
            cwd=RACINE,
            capture_output=True,
            text=True,
            preexec_fn=lambda: os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[:2])),
        )
        duree = time.perf_counter() - debut
        pic = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB, largest child waited for
        if r.returncode != 0:
            print(r.stdout, r.stderr, sep="\n")
            print(f"ÉCHEC de l'import (code {r.returncode})")
            return 1
        pic_mo = pic / 1024
        resume = [l for l in r.stdout.splitlines() if l.startswith(("Lignes", "Format"))]
        print("\n".join(resume))
        print(f"Cœurs utilisables : {len(os.sched_getaffinity(0))} (import limité à 2)")
        print(
            f"Durée de l'import : {duree:.1f} s (cible ≤ {CIBLE_SECONDES} s) — {'OK' if duree <= CIBLE_SECONDES else 'DÉPASSÉ'}"
        )
        print(
            f"Mémoire maximale (RSS) : {fr.nombre(pic_mo)} Mo (cible ≤ {fr.nombre(CIBLE_MO)} Mo) — "
            f"{'OK' if pic_mo <= CIBLE_MO else 'DÉPASSÉ'}"
        )
        if avant > pic:
            print("(attention : la mesure RSS inclut un processus enfant précédent plus gros)")
        return 0 if duree <= CIBLE_SECONDES and pic_mo <= CIBLE_MO else 1
    finally:
        if args.garder:
            print(f"Dossier gardé : {dossier}")
        else:
            shutil.rmtree(dossier, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
