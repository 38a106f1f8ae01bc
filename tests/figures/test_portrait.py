"""The commune portrait's logic on hand-made rows: which commune is shown, the time series (a gap
is never 0, a hidden year has no value), the public figures side by side."""

from __future__ import annotations

import pandas as pd

from observatoire.chargement import publiques
from observatoire.figures import portrait
from observatoire.secret import suppression as secret

NOMS = {"62041": "Arras", "62004": "Achicourt", "62085": "Basseux"}


def test_choix_commune_une_aucune_plusieurs():
    # Nothing asked, no filter: Arras; the URL wins; a single filtered commune is the default.
    assert portrait.choix_commune((), None, NOMS).defaut == "62041"
    assert portrait.choix_commune((), "62085", NOMS).defaut == "62085"
    c = portrait.choix_commune(("62004",), None, NOMS)
    assert (c.defaut, c.message) == ("62004", None)
    assert c.options == ["62004", "62041", "62085"]  # every commune, by name
    # Several communes: only those are offered, and the page says so (never silently the first).
    c = portrait.choix_commune(("62085", "62004"), None, NOMS)
    assert c.options == ["62085", "62004"] and c.defaut == "62085"
    assert c.message.startswith("2 communes sont sélectionnées") and "Basseux, Achicourt" in c.message
    assert portrait.choix_commune(("62085", "62004"), "62004", NOMS).defaut == "62004"
    # A commune asked for in the URL but outside the selection is not shown behind the user's back.
    assert portrait.choix_commune(("62085", "62004"), "62041", NOMS).defaut == "62085"
    assert portrait.options_comparaison("62041", NOMS) == ["", "62004", "62085"]


def test_serie_parc_commune_sans_ligne_compte_zero_la_cu_somme():
    ind = pd.DataFrame(
        {
            "millesime": [2023, 2023, 2024, 2024, 2024],
            "code_insee": ["62041", "62004", "62041", "62004", "62085"],
            "logements": [100, 20, 110, 21, 3],
        }
    )
    s = portrait.serie_parc(ind, ("62085", "62041"))
    assert list(s["millesime"]) == [2023, 2024]
    assert list(s["62085"]) == [0.0, 3.0]  # no row in a loaded vintage: no social dwelling that year
    assert list(s["cu"]) == [120.0, 134.0]
    # A commune with no social dwelling in any vintage (Basseux): zeros, not an error.
    assert list(portrait.serie_parc(ind.iloc[:2], ("62085",))["62085"]) == [0.0]


def _evolution(taux, caches):
    return pd.DataFrame({"annee": [2022, 2023, 2024], "objectif": 1, "taux": taux, "cache": caches})


def test_serie_objectifs_annee_masquee_sans_valeur():
    ev = {"62041": _evolution([0.2, None, 0.3], [False, True, False])}
    cu = _evolution([0.21, 0.22, 0.23], [False, False, False])
    s = portrait.serie_objectifs(ev, cu, 1)
    assert s["62041"].tolist()[0] == 0.2 and pd.isna(s["62041"].tolist()[1])
    assert s["cache_62041"].tolist() == [False, True, False]
    assert portrait.annees_cachees(s, "62041") == [2023]
    t = portrait.table_objectifs({1: s}, ("62041",), NOMS)
    assert t["Obj. 1 · Arras"].tolist() == ["20,0\u00a0%", secret.SECRET, "30,0\u00a0%"]
    assert t["Obj. 1 · CU d'Arras"].tolist()[1] == "22,0\u00a0%"
    note = portrait.phrase_secret_annees({"Arras": [2023], "Achicourt": []})
    assert note == "Années masquées (secret statistique, pas de point) — Arras : 2023"


def test_serie_production_annee_sans_ligne_manquante():
    p = pd.DataFrame({"annee": [2020, 2022], "indicateur": "logements_autorises", "valeur": [12.0, 0.0]})
    s = portrait.serie_production({"62041": p}, [2020, 2021, 2022])
    v = s["logements_autorises_62041"].tolist()
    assert v[0] == 12.0 and pd.isna(v[1]) and v[2] == 0.0  # 2021: missing, 2022: a real zero
    assert s["logements_commences_62041"].isna().all()


def _donnees_publiques(nom, **_):
    if nom == "publiques_population":
        return pd.DataFrame(
            {
                "annee": [2020, 2021] * 2,
                "code_insee": ["62041", "62041", "62004", "62004"],
                "population": [41000, 41019, 7700, 7799],
            }
        )
    if nom == "publiques_rpls_communes":
        return pd.DataFrame(
            {
                "code_insee": ["62041", "62004"],
                "nb_ls": [7337, 1068],
                "densite": [40.0, 30.0],
                "tx_vac": [2.0, 1.0],
                "tx_mob": [9.0, 10.0],
            }
        )
    return pd.DataFrame()


def test_chiffres_publics_cote_a_cote_commune_absente_du_rpls():
    t = portrait.public_cote_a_cote("62085", "62041", _donnees_publiques, NOMS)
    rpls = t["rpls"].set_index("indicateur")
    assert list(rpls.columns) == ["Basseux", "Arras", "CU d'Arras"]
    assert rpls.loc["Logements sociaux", "Basseux"] == publiques.ABSENTE_RPLS  # never 0
    assert rpls.loc["Logements sociaux", "Arras"] == "7\u202f337"
    assert rpls.loc["Logements sociaux", "CU d'Arras"].startswith("8\u202f405")
    pop = t["population"]
    assert list(pop.columns) == ["année", "Basseux", "Arras", "CU d'Arras (46 communes)"]
    assert pop["Arras"].tolist() == ["41\u202f000", "41\u202f019"] and pop["Basseux"].tolist() == ["–", "–"]
    seul = portrait.public_cote_a_cote("62041", None, _donnees_publiques, NOMS)
    assert list(seul["rpls"].columns) == ["indicateur", "Arras", "CU d'Arras"]


def test_page_imprimable_a4_sans_plotly_js():
    from observatoire.figures import dessins, exports

    svg = dessins.graphique_svg(
        "Population", [2020, 2021], [dessins.Serie("Arras", [41000, 41019], "#0b5394")], "INSEE"
    )
    page = exports.document_html(
        "Fiche commune : Arras", [("Population", svg)], {"Source": "INSEE"}, style=portrait.STYLE_A4
    )
    assert "size: A4 portrait" in page and "<svg" in page
    assert "plotly" not in page.lower() and "<script" not in page
