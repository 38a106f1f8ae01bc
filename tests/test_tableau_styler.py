"""tableaux.tableau: the Styler with display values computed once shows exactly what pandas' Styler shows."""

from __future__ import annotations

import pandas as pd
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData
from streamlit.testing.v1 import AppTest

from observatoire.ecrans import tableaux

TABLES = [
    pd.DataFrame({"n": [1234567, 3], "t": [0.125, 0.5], "x": [1.25, None], "c": ["Arras", None], "b": [True, False]}),
    pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "o": [1.5, "secret statistique"], "f": [2.0, 3.0]}),
]


def test_meme_proto_que_le_styler_de_pandas():
    for df in TABLES:
        for pourcent in ((), ("t",) if "t" in df else ("f",)):
            attendu, obtenu = ArrowData(), ArrowData()
            style = tableaux._format_ecran(df, pourcent)
            style.set_uuid("u")
            marshall_styler(attendu, style, "u")
            pret = tableaux._styler_pret(df, pourcent)
            pret.set_uuid("u")
            marshall_styler(obtenu, pret, "u")
            assert obtenu.SerializeToString() == attendu.SerializeToString()


def _page():
    import pandas as pd

    from observatoire.ecrans import tableaux

    tableaux.tableau(
        pd.DataFrame({"n": [1234567, 3], "t": [0.125, 0.5]}),
        "essai",
        "source",
        "2025",
        "CU",
        key="essai",
        colonnes_pourcent=["t"],
    )


def test_st_dataframe_accepte_le_styler_pret(app_env):
    at = AppTest.from_function(_page, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    proto = at.dataframe[0].proto
    affiche = proto.arrow_data.styler.display_values
    assert affiche  # the display values went through Streamlit's Styler path
    import pyarrow as pa

    texte = pa.ipc.open_stream(affiche).read_all().to_pandas()
    assert texte.iloc[0].tolist()[:2] == ["1\u202f234\u202f567", "12,5\u00a0%"]
