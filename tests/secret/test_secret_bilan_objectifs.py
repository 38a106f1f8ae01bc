"""The Bilan CIL by commune and the legal objectives by commune share rows and counts (the
contribution solidaire's base is every attribution of the commune: objective 1's denominator plus
objective 2's). A commune hidden in one and shown in the other comes back by subtraction: the two
grids are suppressed together (valeurs.grilles_publication)."""

from __future__ import annotations

from functools import partial

import pandas as pd
import pytest

from observatoire.base import db
from observatoire.indicateurs import contingent as C
from observatoire.secret import valeurs


def _caches_objectifs(g: pd.DataFrame) -> set[str]:
    return set(g.index[g[["o1_cache", "o2_cache", "o3_cache"]].any(axis=1).to_numpy()])


def _caches_bilan(b: C.GrilleBilan) -> set[str]:
    return set(b.masque.index[b.masque.any(axis=1).to_numpy()])


@pytest.fixture(scope="module")
def lire(base_demo):
    con = db.connecter(base_demo)
    try:
        yield partial(db.requete, con)
    finally:
        con.close()


@pytest.mark.parametrize("annee", range(2017, 2026))
def test_une_commune_cachee_dans_le_bilan_l_est_dans_les_objectifs(lire, annee):
    """Before: 2024-2025 demo, Achicourt (62004) and Beaurains (62099) hidden in the bilan by
    secondary suppression, their objectives shown on every page (the bilan page's own table too)."""
    g = valeurs.grille_objectifs(lire, annee, (), 11)
    b = C.grille_bilan(C.lire_comptes_communes(lire, annee, annee), annee, 11)
    seuls = _caches_bilan(b) - _caches_objectifs(g)
    assert not seuls, sorted(seuls)
    # …and the other way round: a commune hidden in the objectives is hidden in the bilan (every
    # non-zero count when the objectives hide it on their own rules; its own cells when it was
    # hidden there because of the bilan), unless its bilan row is all zeros.
    for code in _caches_objectifs(g) & set(b.valeurs.index):
        non_nuls = [c for c in C.COMPTES_GRILLE if b.valeurs.at[code, c] != 0]
        assert not non_nuls or b.masque.loc[code].any(), (code, non_nuls)


def _comptes(lignes):
    """attributions_comptes rows at commune level: (code, o1_num, o1_den, o2_num, o2_den, bilan counts)."""
    cols_o = ["o1_num", "o1_den", "o2_num", "o2_den"]
    cols_b = [
        "contingent_entite",
        "contingent_entite_refus",
        "contingent_realise",
        "refus",
        "cs_epci_den",
        "cs_epci_num",
        "cs_den",
        "cs_num",
    ]
    zero = {c: 0 for c in ["o1_nr", "o2_nr", "o3_num", "o3_den", "o3_nr", "cs_epci_nr", "cs_nr"]}
    rows = [
        {
            "annee": 2024,
            "niveau": "commune",
            "code_insee": c,
            "commune": c,
            **dict(zip(cols_o, o)),
            **dict(zip(cols_b, b)),
            **zero,
        }
        for c, o, b in lignes
    ]
    return pd.DataFrame(rows)


def test_cas_calcule_a_la_main():
    """Three communes, threshold 11. Bilan: Y's contingent 4 is small (primary), Z's 20 goes with
    it (secondary: the column total is shown, and 20 < 30); the objectives alone show Y and Z (no
    small count, no small complement). Joint: Y and Z are hidden in the objectives too — a commune
    of the page is shown in both tables or hidden in both; X keeps every cell (each column then has
    two hidden cells, Y's and Z's, so nothing more is needed)."""
    comptes = _comptes(
        [
            ("X", (20, 80, 12, 50), (30, 0, 30, 0, 30, 12, 130, 40)),
            ("Y", (12, 40, 11, 30), (4, 0, 4, 0, 4, 1, 70, 20)),
            ("Z", (30, 60, 15, 40), (20, 0, 20, 0, 20, 11, 100, 30)),
        ]
    )
    seules = valeurs.objectifs_communes(comptes, 2024, 11, close=True)
    assert not _caches_objectifs(seules)  # the case is not empty: alone, the objectives hide nothing
    g, b = valeurs.grilles_publication(comptes, 2024, 11, close=True)
    assert _caches_bilan(b) == {"Y", "Z"}
    assert b.masque.loc["Z", "contingent_entite"] and b.masque.loc["Z", "cs_epci_den"]
    assert not b.masque.loc["X"].any()
    assert _caches_objectifs(g) == {"Y", "Z"}
    assert g.loc[["Y", "Z"], ["o1_cache", "o2_cache"]].to_numpy().all()
    assert not g.loc["X", ["o1_cache", "o2_cache", "o3_cache"]].any()
    assert (g.loc["X", "o1_num"], g.loc["X", "o1_den"]) == (20, 80)
    # A hidden zero would say nothing: objective 3 (0 / 0 everywhere) stays « sans objet ».
    assert not g.loc[["Y", "Z"], "o3_cache"].any()


def test_commune_sans_objectif_a_cacher_le_calcul_se_termine():
    """Y is hidden in the bilan (contingent 4) but has no objective count (all zeros): nothing to
    hide there; the joint suppression ends (it looped forever before) and Y stays « sans objet »."""
    comptes = _comptes(
        [
            ("X", (20, 80, 12, 50), (30, 0, 30, 0, 30, 12, 130, 40)),
            ("Y", (0, 0, 0, 0), (4, 0, 4, 0, 4, 1, 70, 20)),
            ("Z", (30, 60, 15, 40), (20, 0, 20, 0, 20, 11, 100, 30)),
        ]
    )
    g, b = valeurs.grilles_publication(comptes, 2024, 11, close=True)
    assert not g.loc["Y", ["o1_cache", "o2_cache", "o3_cache"]].any()
    # Z, hidden in the bilan, is hidden in the objectives; X, the only other non-zero cell of each
    # objectives column, goes with it (the CU total is shown), and so its bilan row too.
    assert _caches_objectifs(g) == {"X", "Z"}
    assert _caches_bilan(b) == {"X", "Y", "Z"}
