"""requetes.version_base: every process notices a swapped base file, even within one mtime tick."""

from __future__ import annotations

import os
import shutil

from observatoire.base.ecriture import modifier_base
from observatoire.ecrans import requetes


def test_version_change_apres_un_echange_de_fichier_meme_mtime(base_demo, tmp_path):
    base = tmp_path / "observatoire.duckdb"
    shutil.copyfile(base_demo, base)
    avant = base.stat()
    version = requetes.version_base(base)
    modifier_base(base, lambda con: con.execute("UPDATE communes SET nom = 'Arras (test)' WHERE code_insee = '62041'"))
    # the new file gets the old mtime back (a coarse clock, a restore): the inode still tells them apart
    os.utime(base, ns=(avant.st_atime_ns, avant.st_mtime_ns))
    assert base.stat().st_mtime_ns == avant.st_mtime_ns
    assert requetes.version_base(base) != version
    assert requetes.version_base(base) == requetes.version_base(base)
