"""The charts kept with their text alternative (ecrans/graphiques_gardes.py): the same spec as
graphiques.figure, the same table as graphiques.graphique read, one result per content of the
arguments, and a spec each caller may modify."""

from __future__ import annotations

import pandas as pd

from observatoire.ecrans import graphiques, graphiques_gardes
from observatoire.figures import production as fp
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import plh

P = plh.Plh("PLH 2014-2020", 2014, 2020)


def _trajectoire(realise):
    # 550 a year: cumulated 550, 1 100, 1 650.
    return pd.DataFrame(
        {
            "annee": [2014, 2015, 2016],
            "realise": realise,
            "realise_cumule": pd.Series(realise, dtype="Float64").cumsum().to_numpy(),
            "objectif_cumule": [550.0, 1100.0, 1650.0],
        }
    )


def test_meme_spec_et_meme_table_que_les_chemins_d_origine():
    traj = _trajectoire([400.0, 500.0, 600.0])
    spec, table = graphiques_gardes.spec_et_chiffres(fp.figure_cumul, traj, False, P)
    assert spec == graphiques.figure(fp.figure_cumul, traj, False, P)
    pd.testing.assert_frame_equal(table, graphiques._chiffres_de_figure(fp.figure_cumul(traj, False, P)))
    # The realised cumulation, read back as the screen writes it: 400, 900, 1 500.
    assert table.iloc[:, -1].tolist() == ["400", "900", "1\u202f500"]
    q = pd.DataFrame(
        {
            "zone": ["en QPV", "hors QPV"],
            "part_premier_quartile": [0.1, 0.3],
            "part_prioritaires": [0.4, 0.2],
        }
    )
    spec_q, table_q = graphiques_gardes.spec_et_chiffres(A.figure_qpv, q, chiffres=graphiques_gardes.DE_LA_SPEC)
    pd.testing.assert_frame_equal(table_q, graphiques._chiffres_spec(graphiques.figure(A.figure_qpv, q)))
    assert graphiques_gardes.spec_et_chiffres(A.figure_qpv, q, chiffres=graphiques_gardes.SANS)[1] is False


def test_un_resultat_par_contenu_et_une_copie_par_appel():
    traj = _trajectoire([400.0, 500.0, 600.0])
    spec, _ = graphiques_gardes.spec_et_chiffres(fp.figure_cumul, traj, False, P)
    assert [t["name"] for t in spec["data"]] == ["objectif cumulé", "réalisé cumulé"]
    # Hidden by the secret: the realised line is left out, a different spec.
    cache, table_cache = graphiques_gardes.spec_et_chiffres(fp.figure_cumul, traj, True, P)
    assert [t["name"] for t in cache["data"]] == ["objectif cumulé"]
    assert "réalisé cumulé" not in table_cache.columns
    # Other figures, other spec: 1 000 instead of 400 the first year.
    autre, _ = graphiques_gardes.spec_et_chiffres(fp.figure_cumul, _trajectoire([1000.0, 500.0, 600.0]), False, P)
    assert autre != spec
    # A caller that modifies its spec (as francais.pourcents_francais does with the axes) leaves
    # the kept one as it was.
    spec["layout"]["yaxis"]["title"]["text"] = "modifié"
    spec["data"].clear()
    encore, _ = graphiques_gardes.spec_et_chiffres(fp.figure_cumul, traj, False, P)
    assert encore["layout"]["yaxis"]["title"]["text"] == "logements cumulés"
    assert len(encore["data"]) == 2
