"""Every write to the database (import, edited targets, flux inputs) goes through `modifier_base`.

The app reads the file read-only. A change is made on a copy, in the same directory, then the
copy replaces the file with os.replace (atomic on one file system). A failure at any point,
including a kill, leaves the previous file exactly as it was. A lock file serialises writers so
two analysts saving at once cannot lose each other's change.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from observatoire import derives

T = TypeVar("T")


@contextmanager
def _verrou(chemin: Path):
    with open(chemin.with_name(chemin.name + ".lock"), "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _vivant(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def nettoyer_restes(chemin: Path) -> None:
    """Remove the copies left by a writer that was killed (their process no longer exists)."""
    for reste in chemin.parent.glob(f".build-{chemin.name}-*"):
        pid = reste.name[len(f".build-{chemin.name}-"):].split(".")[0]
        if pid.isdigit() and not _vivant(int(pid)):
            reste.unlink(missing_ok=True)


def modifier_base(chemin: Path | str, operation: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Run `operation(con)` on a copy of the base, inside a transaction, then swap the copy in."""
    chemin = Path(chemin)
    with _verrou(chemin):
        nettoyer_restes(chemin)
        tmp = chemin.with_name(f".build-{chemin.name}-{os.getpid()}")
        try:
            shutil.copyfile(chemin, tmp)
            con = duckdb.connect(str(tmp))
            try:
                con.execute("BEGIN TRANSACTION")
                resultat = operation(con)
                derives.recalculer(con)
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            finally:
                con.close()
            os.replace(tmp, chemin)
            return resultat
        finally:
            tmp.unlink(missing_ok=True)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)
