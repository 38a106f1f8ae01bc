"""valeurs.memoriser: kept per base version and key, the least recently used dropped first (the
warm-up's grids stay while other results come and go)."""

from observatoire.base import memoire
from observatoire.secret import valeurs


def _lire():
    def lire(*a, **k):
        raise AssertionError("not read")

    lire.jeton = lambda: ("base", "v1")
    return lire


def test_le_moins_recemment_lu_part_seul(monkeypatch):
    monkeypatch.setattr(valeurs, "_MEMOIRE", memoire.Reserve(3))
    lire, calculs = _lire(), []

    def garder(cle):
        return valeurs.memoriser(lire, cle, lambda: calculs.append(cle) or f"valeur {cle}")

    for cle in ("grille 2024", "a", "b"):
        garder(cle)
    assert garder("grille 2024") == "valeur grille 2024"  # read again: the most recent now
    garder("c")  # one too many: « a », the least recently used, goes, and only it
    assert calculs == ["grille 2024", "a", "b", "c"]
    garder("grille 2024")
    garder("b")
    assert calculs == ["grille 2024", "a", "b", "c"]
    garder("a")
    assert calculs[-1] == "a" and len(calculs) == 5


def test_une_autre_version_de_la_base_recalcule(monkeypatch):
    monkeypatch.setattr(valeurs, "_MEMOIRE", memoire.Reserve(1024))
    lire, calculs = _lire(), []
    valeurs.memoriser(lire, ("x",), lambda: calculs.append(1) or 1)
    lire.jeton = lambda: ("base", "v2")  # a write swapped the file in
    valeurs.memoriser(lire, ("x",), lambda: calculs.append(2) or 2)
    assert calculs == [1, 2]
