"""The breakdown of the social stock by landlord (Parc social, analyste): the landlord is a field
of the restricted RPLS file, so its counts follow the secret statistique, on the grid of every
commune: « the CU » minus « the CU without one commune » must not give a landlord's small count."""

from __future__ import annotations

from functools import partial

import pandas as pd

from observatoire.base import db
from observatoire.indicateurs import parc


def _grille():
    # Communes a, b, c; landlords L (big), M (5 dwellings in c), N (big), P (8 in total).
    lignes = [
        ("a", "L", 300),
        ("b", "L", 200),
        ("c", "L", 40),
        ("a", "M", 100),
        ("c", "M", 5),
        ("a", "N", 60),
        ("b", "N", 30),
        ("b", "P", 8),
    ]
    return pd.DataFrame(lignes, columns=["code_insee", "bailleur", "logements"])


def _visibles(r, caches):
    return dict(zip(r.loc[~caches.to_numpy(), "bailleur"], r.loc[~caches.to_numpy(), "logements"]))


def test_toute_la_cu_masque_les_petits_et_leur_complement():
    r, caches = parc.repartition_bailleurs_publiee(_grille(), (), (), 11)
    # P 8 < 11 (primary); the total 743 is shown, so the smallest other, N 90, goes with it.
    assert _visibles(r, caches) == {"L": 540, "M": 105}
    assert r.loc[caches.to_numpy(), "logements"].isna().all()


def test_la_cu_moins_une_commune_ne_rend_pas_un_petit_compte():
    """Before: CU 105 for M, CU without c 100: c's 5 dwellings of M given back."""
    cu, m_cu = parc.repartition_bailleurs_publiee(_grille(), (), (), 11)
    sans_c, m_sans_c = parc.repartition_bailleurs_publiee(_grille(), ("a", "b"), (), 11)
    a, b = _visibles(cu, m_cu), _visibles(sans_c, m_sans_c)
    for bailleur in a.keys() & b.keys():
        assert not 0 < a[bailleur] - b[bailleur] < 11, bailleur
    avec_c, m_c = parc.repartition_bailleurs_publiee(_grille(), ("c",), (), 11)
    assert "M" not in _visibles(avec_c, m_c)
    # The CU shows M (105); the selection {a, b} hides it: the rest of the CU, c, holds 5 of M.
    assert a.get("M") == 105 and "M" not in b
    # {a} alone: M's rest (b + c = 5) is small too; L's rest (240) is not, L shown.
    seul_a = _visibles(*parc.repartition_bailleurs_publiee(_grille(), ("a",), (), 11))
    assert "M" not in seul_a and seul_a.get("L") == 300


def test_toute_la_selection_egale_toute_la_cu():
    """Selecting every commune is the CU: same cells."""
    r1, m1 = parc.repartition_bailleurs_publiee(_grille(), (), (), 11)
    r2, m2 = parc.repartition_bailleurs_publiee(_grille(), ("a", "b", "c"), (), 11)
    assert _visibles(r1, m1) == _visibles(r2, m2)


def test_base_de_demo_cu_moins_chaque_commune(base_demo):
    """On the demo base, for every commune: no visible landlord count differs between the CU and
    the CU without that commune by a small count."""
    con = db.connecter(base_demo)
    try:
        lire = partial(db.requete, con)
        millesime = int(lire("parc_millesimes")["millesime"].max())
        grille = lire("parc_bailleurs_communes", millesime=millesime)
    finally:
        con.close()
    assert len(grille) and grille["bailleur"].nunique() > 1
    cu = _visibles(*parc.repartition_bailleurs_publiee(grille, (), (), 11))
    codes = sorted(set(grille["code_insee"]))
    petits_trouves = 0
    for code in codes:
        autres = tuple(c for c in codes if c != code)
        sans = _visibles(*parc.repartition_bailleurs_publiee(grille, autres, (), 11))
        petits = grille[(grille["code_insee"] == code) & (grille["logements"] < 11)]
        petits_trouves += len(petits)
        for bailleur in cu.keys() & sans.keys():
            assert not 0 < cu[bailleur] - sans[bailleur] < 11, (code, bailleur)
    assert petits_trouves  # the demo has small landlord counts in some commune: the test bites
