"""evolution_publiee keeps each vintage's grid (grille_communes, secret applied) whatever the
period queried: a user moving the period slider reuses the grids of the vintages already seen,
and gets the cells and reasons a fresh computation gives."""

from __future__ import annotations

import pandas as pd

from observatoire.base import memoire
from observatoire.indicateurs import parc
from tests.indicateurs.test_parc import _communes_abc, _comptes_abc


def _ind(millesimes, vacants_2025=30):
    """_comptes_abc (communes A, B, C) for each vintage; in 2025 A's vacant count is given."""
    morceaux = []
    for m in millesimes:
        c = _comptes_abc() if m != 2025 else _comptes_abc(vacants_3_mois=[vacants_2025, 30, 40])
        morceaux.append(c.assign(millesime=m))
    return pd.concat(morceaux, ignore_index=True)


def _evolution(ind, selection):
    lignes = [parc.total(ind[ind["millesime"] == m]).rename(None) for m in sorted(set(ind["millesime"]))]
    evo = parc.evolution(pd.DataFrame(lignes).assign(millesime=sorted(set(ind["millesime"]))))
    return parc.evolution_publiee(evo, ind, _communes_abc(), selection, (), 11)


def test_grille_d_un_millesime_gardee_quelle_que_soit_la_periode(monkeypatch):
    memoire.vider()
    calculees = []
    origine = parc._table_communes
    monkeypatch.setattr(parc, "_table_communes", lambda ind, communes: calculees.append(1) or origine(ind, communes))
    large = _evolution(_ind([2023, 2024, 2025]), ("B", "C"))
    assert len(calculees) == 3  # one grid per vintage
    etroit = _evolution(_ind([2024, 2025]), ("B", "C"))
    assert len(calculees) == 3  # the 2024 and 2025 grids kept from the wider period
    v_large, m_large, r_large = large
    v_etroit, m_etroit, r_etroit = etroit
    pd.testing.assert_frame_equal(m_large.iloc[1:].reset_index(drop=True), m_etroit)
    assert {k: r_large[k] for k in r_large if k >= 2024} == r_etroit


def test_grille_gardee_suit_les_comptes_et_la_selection():
    memoire.vider()
    # B + C = the CU minus A: with A's 3 vacant dwellings hidden on the grid, B + C would give them back.
    _, _, raisons = _evolution(_ind([2025], vacants_2025=3), ("B", "C"))
    assert "vacance" in raisons.get(2025, {})
    _, _, raisons = _evolution(_ind([2025], vacants_2025=30), ("B", "C"))
    assert "vacance" not in raisons.get(2025, {})
    _, _, raisons = _evolution(_ind([2025], vacants_2025=3), ())
    assert raisons == {}  # the whole CU is the published margin
