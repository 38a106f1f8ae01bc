"""Confidentiality across views: no hidden cell of the legal objectives can be recomputed from
everything the observatory shows together — the grid by commune (map, fiche, Objectifs légaux),
the CU total, and the total of every possible selection of communes (Accueil, headline, « Ensemble
de la sélection »), complements (denominator − numerator) included.

The check is linear algebra: a hidden count is recoverable exactly when its unit vector lies in
the span of the visible sums (a cell, a selection total, the CU total)."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from observatoire.secret import valeurs

ANNEE = 2024


def comptes(cellules: list[tuple[int, int]]) -> pd.DataFrame:
    """One commune per cell (numerator, complement) of objective 1; objectives 2-3 empty."""
    lignes = []
    for i, (num, comp) in enumerate(cellules):
        lignes.append(
            {
                "annee": ANNEE,
                "code_insee": f"c{i}",
                "commune": f"Commune {i}",
                "bailleur": "B",
                "reservataire": "État",
                "o1_num": num,
                "o1_den": num + comp,
                "o1_nr": 0,
                "o2_num": 0,
                "o2_den": 0,
                "o2_nr": 0,
                "o3_num": 0,
                "o3_den": 0,
                "o3_nr": 0,
            }
        )
    return pd.DataFrame(lignes)


def recuperable(visibles: list[np.ndarray], cible: np.ndarray) -> bool:
    if not visibles:
        return False
    v = np.array(visibles, dtype=float)
    return np.linalg.matrix_rank(np.vstack([v, cible])) == np.linalg.matrix_rank(v)


def vues(cellules, seuil):
    """Every linear functional a reader sees on the 2k unknowns (num_i, den_i)."""
    k = len(cellules)
    c = comptes(cellules)
    grille = valeurs.objectifs_communes(c, ANNEE, seuil, None, close=True)
    codes = [f"c{i}" for i in range(k)]
    visibles, caches = [], []
    for i, code in enumerate(codes):
        e_num, e_den = np.zeros(2 * k), np.zeros(2 * k)
        e_num[i], e_den[k + i] = 1, 1
        if bool(grille.loc[code, "o1_cache"]):
            caches.append((e_num, e_den))
        else:
            visibles += [e_num, e_den]
    # The CU total (always shown), then every selection of communes.
    for taille in range(1, k + 1):
        for sel in combinations(range(k), taille):
            sous = c[c["code_insee"].isin([codes[i] for i in sel])]
            v = valeurs.objectif_selection(
                1,
                sous,
                ANNEE,
                tuple(codes[i] for i in sel) if taille < k else (),
                taille < k,
                grille,
                seuil,
                close=True,
            )
            if not v.cache:
                s_num, s_den = np.zeros(2 * k), np.zeros(2 * k)
                for i in sel:
                    s_num[i], s_den[k + i] = 1, 1
                visibles += [s_num, s_den]
    return visibles, caches


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=2, max_size=5), st.integers(3, 12))
@settings(max_examples=120, deadline=None)
def test_aucune_case_masquee_ne_se_recalcule_a_travers_les_selections(cellules, seuil):
    visibles, caches = vues(cellules, seuil)
    # Nothing visible below the CU (a cell, a selection's total) has a small numerator,
    # denominator or complement; the CU total is the published level (the last pair).
    x = np.array([n for n, _ in cellules] + [n + c for n, c in cellules], dtype=float)
    for i in range(0, len(visibles) - 2, 2):
        num, den = visibles[i] @ x, visibles[i + 1] @ x
        for compte in (num, den, den - num):
            assert not 0 < compte < seuil, (num, den)
    for e_num, e_den in caches:
        assert not recuperable(visibles, e_num)
        assert not recuperable(visibles, e_den)
        assert not recuperable(visibles, e_den - e_num)  # the complement


def test_cu_moins_une_commune():
    # Commune 0 has 3 households in the target public out of 40: hidden, with commune 2 (secondary).
    cellules = [(3, 37), (60, 140), (30, 70), (50, 150)]
    visibles, caches = vues(cellules, 11)
    assert len(caches) == 2
    # The whole CU minus commune 0 contains commune 2, hidden too: it is withheld, so the
    # difference « CU − (CU without commune 0) » does not exist on any screen.
    c = comptes(cellules)
    grille = valeurs.objectifs_communes(c, ANNEE, 11, None, close=True)
    sans_0 = c[c["code_insee"] != "c0"]
    v = valeurs.objectif_selection(1, sans_0, ANNEE, ("c1", "c2", "c3"), True, grille, 11, close=True)
    assert v.cache
    for e_num, _e_den in caches:
        assert not recuperable(visibles, e_num)


def _deux_bailleurs():
    lignes = []
    # Commune c0: landlord L1 20 / 60, landlord L2 2 / 5 (small); commune c1 and c2: large for both.
    for code, l1, l2 in [("c0", (20, 60), (2, 5)), ("c1", (40, 150), (30, 90)), ("c2", (35, 120), (25, 80))]:
        for bailleur, (num, den) in (("L1", l1), ("L2", l2)):
            lignes.append(
                {
                    "annee": ANNEE,
                    "code_insee": code,
                    "commune": code,
                    "bailleur": bailleur,
                    "reservataire": "État",
                    "o1_num": num,
                    "o1_den": den,
                    "o1_nr": 0,
                    "o2_num": 0,
                    "o2_den": 0,
                    "o2_nr": 0,
                    "o3_num": 0,
                    "o3_den": 0,
                    "o3_nr": 0,
                }
            )
    return pd.DataFrame(lignes)


def test_filtre_bailleur_ne_rend_pas_les_autres_bailleurs():
    """Commune c0 for every landlord (22 / 65) minus c0 for landlord L1 (20 / 60) would give L2's
    2 households out of 5: with the L1 filter, c0's cell is hidden (and a second one with it)."""
    tous = _deux_bailleurs()
    l1 = tous[tous["bailleur"] == "L1"]
    sans_regle = valeurs.objectifs_communes(l1, ANNEE, 11, None, close=True)
    assert not sans_regle.loc["c0", "o1_cache"]  # the landlord's own counts pass the threshold
    grille = valeurs.objectifs_communes(l1, ANNEE, 11, None, close=True, comptes_tous=tous)
    assert grille.loc["c0", "o1_cache"]
    assert grille["o1_cache"].sum() == 2  # secondary: the column total of L1 is shown
    # The same for the whole CU with the L1 filter: every landlord minus L1 = 57 / 175, large: shown.
    v = valeurs.objectif_selection(1, l1, ANNEE, (), True, None, 11, close=True, comptes_tous=tous)
    assert not v.cache and (v.numerateur, v.denominateur) == (95, 330)
    # A selection {c0} with L1: hidden (its other landlords are small).
    v0 = valeurs.objectif_selection(
        1,
        l1[l1["code_insee"] == "c0"],
        ANNEE,
        ("c0",),
        True,
        grille,
        11,
        close=True,
        comptes_tous=tous[tous["code_insee"] == "c0"],
    )
    assert v0.cache


def test_bailleur_masque_dans_le_tableau_par_bailleur_reste_masque_sous_filtre():
    """L3 (4 / 12) is hidden in the table by landlord, and a second landlord with it; filtering on
    that second landlord must not show its figure: the whole CU minus the visible landlords would
    give L3 back."""
    lignes = []
    for bailleur, num, den in (("L1", 40, 150), ("L2", 30, 100), ("L3", 4, 12), ("L4", 60, 200)):
        lignes.append(
            {
                "annee": ANNEE,
                "code_insee": "c0",
                "commune": "c0",
                "bailleur": bailleur,
                "reservataire": "État",
                "niveau": "bailleur",
                "o1_num": num,
                "o1_den": den,
                "o1_nr": 0,
                "o2_num": 0,
                "o2_den": 0,
                "o2_nr": 0,
                "o3_num": 0,
                "o3_den": 0,
                "o3_nr": 0,
            }
        )
    comptes = pd.DataFrame(lignes)

    def lire(nom, **p):
        return comptes

    caches = {b: valeurs.bailleurs_caches(lire, ANNEE, (b,), 11)[1] for b in ("L1", "L2", "L3", "L4")}
    assert caches == {"L1": False, "L2": True, "L3": True, "L4": False}  # L3 primary, L2 the smallest other


def test_plusieurs_bailleurs_ne_rendent_pas_la_case_d_un_seul():
    """(c0, {L1, L2}) − (c0, L1) = (c0, L2): with both landlords chosen, c0 stays hidden when it is
    hidden for one of them."""
    lignes = []
    for code, cellules in [
        ("c0", {"L1": (30, 90), "L2": (3, 40), "L3": (30, 90)}),
        ("c1", {"L1": (40, 150), "L2": (50, 160), "L3": (40, 150)}),
        ("c2", {"L1": (35, 120), "L2": (45, 140), "L3": (35, 120)}),
    ]:
        for bailleur, (num, den) in cellules.items():
            lignes.append(
                {
                    "annee": ANNEE,
                    "code_insee": code,
                    "commune": code,
                    "bailleur": bailleur,
                    "reservataire": "État",
                    "o1_num": num,
                    "o1_den": den,
                    "o1_nr": 0,
                    "o2_num": 0,
                    "o2_den": 0,
                    "o2_nr": 0,
                    "o3_num": 0,
                    "o3_den": 0,
                    "o3_nr": 0,
                }
            )
    tous = pd.DataFrame(lignes)

    def lire(nom, **p):
        if nom == "objectif_3_communes_reservataires":
            return pd.DataFrame(columns=["code_insee", "reservataire", "o3_num", "o3_den", "o3_nr"])
        choisis = p.get("bailleurs") or []
        return tous[tous["bailleur"].isin(choisis)] if choisis else tous

    assert valeurs.grille_objectifs(lire, ANNEE, ("L2",), 11).loc["c0", "o1_cache"]  # 3 / 40
    assert not valeurs.grille_objectifs(lire, ANNEE, ("L1",), 11).loc["c0", "o1_cache"]
    # L1 + L2 in c0 = 33 / 130 passes on its own counts, but minus L1's visible 30 / 90 it gives L2.
    assert valeurs.grille_objectifs(lire, ANNEE, ("L1", "L2"), 11).loc["c0", "o1_cache"]
