"""The app's work files (transcoded copies, uploaded files, DuckDB spill files) live in one
folder, `data/travail/` (or `OBSERVATOIRE_TRAVAIL`), one sub-folder per process. What a killed
process left behind (its process no longer exists) is removed at start: `nettoyer()` runs when
this module is first imported and may be called again at any time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

from observatoire.base.chemins import DATA

VARIABLE = "OBSERVATOIRE_TRAVAIL"
_verrou = threading.Lock()


def racine() -> Path:
    return Path(os.environ.get(VARIABLE) or DATA / "travail")


def _vivant(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def nettoyer() -> int:
    """Remove the work folders of processes that no longer exist (and stray files); returns how
    many entries were removed."""
    dossier = racine()
    if not dossier.is_dir():
        return 0
    retires = 0
    for entree in dossier.iterdir():
        pid = entree.name.split("-")[0]
        if entree.is_dir() and pid.isdigit() and (int(pid) == os.getpid() or _vivant(int(pid))):
            continue
        if entree.is_dir():
            shutil.rmtree(entree, ignore_errors=True)
        else:
            entree.unlink(missing_ok=True)
        retires += 1
    return retires


def dossier() -> Path:
    """This process's work folder (created on demand)."""
    with _verrou:
        d = racine() / str(os.getpid())
        d.mkdir(parents=True, exist_ok=True)
        return d


def fichier(suffixe: str = "", prefixe: str = "travail-") -> Path:
    """A new empty file in this process's work folder; the caller removes it."""
    fd, chemin = tempfile.mkstemp(suffix=suffixe, prefix=prefixe, dir=dossier())
    os.close(fd)
    return Path(chemin)


def sous_dossier(prefixe: str = "televersement-") -> Path:
    """A new empty folder in this process's work folder; the caller removes it."""
    return Path(tempfile.mkdtemp(prefix=prefixe, dir=dossier()))


try:
    nettoyer()
except OSError:
    pass
