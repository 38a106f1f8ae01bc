"""Peak memory of an import on a small gzip bomb (issue 14, item 5).

Writes a gzip file of a few hundred KB whose text is one valid RPLS line of Arras repeated
(about 1 000 times larger once decompressed), copies the base, then runs
`python -m observatoire import rpls <bombe> --apercu` in a child process and prints the child's
peak memory (RSS), its exit status and its message. The server runs the same `importer.analyser`
on an upload, so this is the peak an upload adds to the server.

    .venv/bin/python scripts/mesurer_bombe_gzip.py [--mo-texte 340] [--db CHEMIN]

Not run by the test suite (tests/chargement/test_import_formats.py checks a smaller bomb the same way).
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]

ENTETE = b"REG_CODE;DEP_CODE;EPCI_CODE;DEPCOM_CODE;DEPCOM_LIBELLE;QPV_CODE;PLG_QP24;TYPECONST_CODE;NBPIECE;SURFHAB;CONSTRUCT;LOCAT;FINAN_CODE;NEWLOGT_CODE;DPEENERGIE;DPESERRE\n"
LIGNE = b'"32";"62";"200033579";"62041";"Arras";"2";"";"C";"3";"65.5";"1975";"1976";"13";"2";"D";"E"\n'


def ecrire_bombe(chemin: Path, mo_texte: int) -> None:
    bloc = LIGNE * ((1 << 20) // len(LIGNE))
    with gzip.open(chemin, "wb", compresslevel=9) as f:
        f.write(ENTETE)
        for _ in range(mo_texte):
            f.write(bloc)


def lancer_et_mesurer(cmd: list[str], dossier: Path) -> tuple[subprocess.CompletedProcess, float]:
    """Run `cmd` and return its result and the peak memory (RSS, Mo) of that child alone
    (os.wait4: not the largest of every child this process ever waited for)."""
    # The command is started by a small relay process: a child's ru_maxrss counts the memory it
    # inherited at fork, so started straight from a large process (pytest after many page tests)
    # it would report that process's size, not the command's own peak.
    sortie, erreurs, pic = dossier / "sortie.txt", dossier / "erreurs.txt", dossier / "pic.txt"
    relais = (
        "import os, subprocess, sys\n"
        "p = subprocess.Popen(sys.argv[2:])\n"
        "_, statut, usage = os.wait4(p.pid, 0)\n"
        "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
        "sys.exit(os.waitstatus_to_exitcode(statut))\n"
    )
    with open(sortie, "w") as so, open(erreurs, "w") as se:
        p = subprocess.run([sys.executable, "-c", relais, str(pic), *cmd], cwd=RACINE, stdout=so, stderr=se, text=True)
    r = subprocess.CompletedProcess(cmd, p.returncode, sortie.read_text(), erreurs.read_text())
    return r, int(pic.read_text()) / 1024


def mesurer(bombe: Path, base: Path) -> tuple[float, int, str]:
    cmd = [sys.executable, "-m", "observatoire", "import", "rpls", str(bombe), "--apercu", "--db", str(base)]
    r, pic_mo = lancer_et_mesurer(cmd, bombe.parent)
    message = (
        (r.stderr.strip().splitlines() or [""])[-1] if r.returncode else (r.stdout.strip().splitlines() or [""])[-1]
    )
    return pic_mo, r.returncode, message


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mo-texte", type=int, default=340, help="taille décompressée en Mo (défaut 340)")
    p.add_argument("--db", help="base à copier (défaut : data/observatoire.duckdb)")
    args = p.parse_args()
    dossier = Path(tempfile.mkdtemp(prefix="bombe-"))
    try:
        base = dossier / "observatoire.duckdb"
        shutil.copyfile(args.db or RACINE / "data" / "observatoire.duckdb", base)
        bombe = dossier / "rpls_2024.csv.gz"
        ecrire_bombe(bombe, args.mo_texte)
        debut = time.perf_counter()
        pic, code, message = mesurer(bombe, base)
        print(f"Bombe : {bombe.stat().st_size / 1024:.0f} Ko compressés, {args.mo_texte} Mo de texte")
        print(f"Import (aperçu) : code {code} en {time.perf_counter() - debut:.1f} s — {message}")
        print(f"Pic de mémoire (RSS) du processus d'import : {pic:.0f} Mo")
        return 0
    finally:
        shutil.rmtree(dossier, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
