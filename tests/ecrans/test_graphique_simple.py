"""graphiques.graphique_simple given the ready spec of graphiques.figure: the same chart and the
same « Les chiffres du graphique » as given the Figure, the escaping of user data undone in the
table (« Maisons & Cités », never « Maisons &amp; Cités »). The JSON Streamlit sends is compared
after the French wrapper of st.plotly_chart (ecrans/francais.py), as on every page."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def _deux_fois(r_json: str) -> AppTest:
    def script(r_json):
        import pandas as pd

        from observatoire.ecrans import francais, graphiques
        from observatoire.figures import parc_social as fps

        francais.franciser_streamlit()  # as every page gets it (navigation): st.plotly_chart in French
        r = pd.read_json(__import__("io").StringIO(r_json), orient="split")
        args = ("explication", "RPLS (SDES)", "2025", "toute la CU", "Logements sociaux par bailleur")
        graphiques.graphique_simple(fps.figure_repartition(r, "bailleur"), "figure", *args)
        graphiques.graphique_simple(graphiques.figure(fps.figure_repartition, r, "bailleur"), "spec", *args)

    at = AppTest.from_function(script, kwargs={"r_json": r_json}, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _specs(at):
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def test_spec_prete_meme_graphique_et_memes_chiffres():
    import pandas as pd

    r = pd.DataFrame({"bailleur": ["Habitat Alpha", "Logis Bêta"], "logements": [1200, 300], "part": [0.8, 0.2]})
    at = _deux_fois(r.to_json(orient="split"))
    figure, spec = _specs(at)
    assert figure == spec
    assert figure["data"][0]["y"] == ["Habitat Alpha", "Logis Bêta"]
    tables = [t.value for t in at.table]
    assert len(tables) == 2 and tables[0].equals(tables[1])
    assert tables[1].iloc[0].tolist() == ["Habitat Alpha", "1\u202f200", "1\u202f200 (80,0\u00a0%)"]


def test_noms_echappes_dans_le_graphique_lisibles_dans_la_table():
    import pandas as pd

    r = pd.DataFrame({"bailleur": ["Maisons & Cités", "<b>Gras</b>"], "logements": [50, 40], "part": [0.5, 0.4]})
    at = _deux_fois(r.to_json(orient="split"))
    _, spec = _specs(at)
    # Plotly renders a subset of HTML in labels: the ready spec carries them escaped ...
    assert spec["data"][0]["y"] == ["Maisons &amp; Cités", "&lt;b&gt;Gras&lt;/b&gt;"]
    # ... and the table of figures reads them as typed, as the Figure's table does.
    tables = [t.value for t in at.table]
    assert tables[1].iloc[:, 0].tolist() == ["Maisons & Cités", "<b>Gras</b>"]
    assert tables[0].equals(tables[1])


def test_graphique_sur_une_spec_prete_table_lisible():
    # graphiques.graphique (source subtitle, PNG export) reads its table from the ready spec too:
    # the user data escaped for Plotly reads as typed there.
    import pandas as pd

    def script(r_json):
        import io

        import pandas as pd

        from observatoire.ecrans import francais, graphiques
        from observatoire.figures import parc_social as fps

        francais.franciser_streamlit()
        r = pd.read_json(io.StringIO(r_json), orient="split")
        spec = graphiques.figure(fps.figure_repartition, r, "bailleur")
        graphiques.graphique(spec, "spec", "repartition", "RPLS (SDES)", "2025", "toute la CU")

    r = pd.DataFrame({"bailleur": ["Maisons & Cités", "<b>Gras</b>"], "logements": [50, 40], "part": [0.5, 0.4]})
    at = AppTest.from_function(script, kwargs={"r_json": r.to_json(orient="split")}, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["y"] == [
        "Maisons &amp; Cités",
        "&lt;b&gt;Gras&lt;/b&gt;",
    ]
    assert at.table[0].value.iloc[:, 0].tolist() == ["Maisons & Cités", "<b>Gras</b>"]
