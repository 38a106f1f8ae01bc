"""« Les chiffres du graphique » for a ready chart (graphiques.figure: the spec of Figure.to_dict, whose
numpy arrays are packed in base64): the table reads the numbers, it does not fail on the packing."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from observatoire.ecrans import graphiques
from observatoire.figures.accessibilite import chiffres_figure


def test_chiffres_d_un_graphique_pret_egaux_a_ceux_de_la_figure():
    fig = go.Figure(go.Bar(x=np.array(["en QPV", "hors QPV"]), y=np.array([0.25, 0.5]), name="Objectif 1"))
    spec = fig.to_dict()
    assert "bdata" in str(spec["data"][0]["y"])  # the packing the page meets
    attendu = chiffres_figure(fig)
    obtenu = graphiques._chiffres_spec(spec)
    assert obtenu.equals(attendu), (obtenu, attendu)
    assert len(obtenu) == 2
