"""The diaporama's slides as plain data (observatoire.figures.diaporama), without Streamlit: the PLH's
target drawn over the PLH's years only, the yearly average against it, one slide per legal
objective with hidden years left out, the art. 11 figures (realised flux against flux due, the
CU's when the selection is withheld, « secret statistique » otherwise), and the keyboard map.
Expected values are computed by hand."""

from __future__ import annotations

import pandas as pd

from observatoire.figures import diaporama as D
from observatoire.indicateurs import catalogue, plh
from observatoire.indicateurs import contingent as C
from observatoire.secret import suppression as secret

PLH = plh.Plh("PLH 2014-2020", 2014, 2020)


def _serie(debut=2014, fin=2025, valeur=500.0):
    return pd.Series([valeur] * (fin - debut + 1), index=range(debut, fin + 1), dtype="Float64")


def _objectif_trace(fig):
    return [t for t in fig.data if t.type == "scatter"]


def test_objectif_du_plh_trace_sur_ses_seules_annees():
    fig = D.figure_annuelle(_serie(), PLH, 550.0)
    (trace,) = _objectif_trace(fig)
    # 2014-2020 only (half a bar's width either side), never over 2021-2025.
    assert list(trace.x) == [2013.55, 2020.45]
    assert list(trace.y) == [550.0, 550.0]
    assert "550 par an" in trace.name
    # every bar carries its value
    assert list(fig.data[0].text) == ["500"] * 12


def test_pas_d_objectif_apres_le_plh():
    # A period wholly after the PLH: no target line at all.
    fig = D.figure_annuelle(_serie(2021, 2025), PLH, 550.0)
    assert _objectif_trace(fig) == []
    assert _objectif_trace(D.figure_annuelle(_serie(), None, None)) == []


def test_moyenne_annuelle_contre_l_objectif_annuel():
    # 7 counted years, 2016 missing: 6 known years summing to 2 790 → 465 a year.
    bilan = pd.DataFrame.from_dict(
        {
            "logements": {
                "annee_bilan": 2020,
                "annees_comptees": list(range(2014, 2021)),
                "annees_manquantes": [2016],
                "realise_cumule": 2790.0,
            }
        },
        orient="index",
    )
    d = D.diapo_annuelle(_serie(), PLH, 550.0, bilan, catalogue.NON_ATTEINT, 2014, 2025)
    (c,) = d.chiffres
    assert c.valeur == "465 par an" and c.statut == catalogue.NON_ATTEINT
    assert c.reference == "objectif : 550 par an"
    assert "Après 2020, le PLH 2014-2020 est terminé" in d.phrase
    # Without a target the figure has no status of a target.
    d = D.diapo_annuelle(_serie(), None, None, None, None, 2014, 2025)
    assert d.chiffres[0].statut == catalogue.SANS_CIBLE and d.chiffres[0].valeur == "6\u202f000"


def _evolution():
    lignes = []
    for annee, (num, den, statut) in {
        2023: (30, 100, catalogue.ATTEINT),
        2024: (None, None, catalogue.SECRET),
        2025: (20, 100, catalogue.NON_ATTEINT),
    }.items():
        lignes.append(
            {
                "annee": annee,
                "objectif": 1,
                "numerateur": num,
                "denominateur": den,
                "taux": None if num is None else num / den,
                "statut": statut,
                "precision": "",
            }
        )
    lignes.append(
        {
            "annee": 2025,
            "objectif": 2,
            "numerateur": 60,
            "denominateur": 100,
            "taux": 0.6,
            "statut": catalogue.ATTEINT,
            "precision": "",
        }
    )
    return pd.DataFrame(lignes)


def test_objectif_annee_cachee_sans_barre_et_cible_legale():
    fig = D.figure_objectif(1, _evolution())
    barres = fig.data[0]
    assert list(barres.x) == [2023, 2025]  # 2024 is under the secret: no bar, not even 0
    assert list(barres.text) == ["30\u00a0%", "20\u00a0%"]
    assert list(barres.marker.pattern.shape) == ["", "/"]  # reached: plain, not reached: hatched
    (cible,) = _objectif_trace(fig)
    assert list(cible.y) == [0.25, 0.25] and list(cible.x) == [2022.55, 2025.45]
    carte = type(
        "Carte",
        (),
        {
            "titre": "Objectif légal 1 · hors QPV",
            "valeur": "20,0\u00a0%",
            "statut": catalogue.NON_ATTEINT,
            "cible": "≥ 25 %",
            "phrase": "En 2025, 20,0 %…",
            "millesime": "2025",
            "precision": "",
        },
    )()
    d = D.diapo_objectif(1, carte, _evolution())
    assert "Secret statistique : 2024" in d.note
    assert d.lignes == ("- **Objectif légal 1 · hors QPV** (✘ non atteint) : En 2025, 20,0 %…",)


def _bilan(publiable=True, lignes_cu=(), reference="flux dû 175", refus_statut=catalogue.SANS_CIBLE):
    lignes = (
        [
            C.LigneBilan(C.ELEMENTS_ARTICLE_11[0], 258, reference, catalogue.ATTEINT, "…"),
            C.LigneBilan(C.ELEMENTS_ARTICLE_11[1], 27, "pas de cible", refus_statut, "…"),
            C.LigneBilan(C.ELEMENTS_ARTICLE_11[2], 69, "minimum 65", catalogue.ATTEINT, "…"),
        ]
        if publiable
        else C.lignes_secret()
    )
    # Two landlords with a flux due (100 + 75), one without: realised 120 + 107 = 227 against 175.
    realise = pd.DataFrame(
        {
            "bailleur": ["A", "B", "C"],
            "contingent_epci": pd.array([100, 75, None], dtype="Int64"),
            "contingent_realise": [120, 107, 31],
        }
    )
    return C.BilanArticle11(None, lignes, realise, None, publiable, list(lignes_cu))


def test_trois_chiffres_de_l_article_11():
    chiffres, portee = D.chiffres_article_11(_bilan())
    assert portee == ""
    contingent, refus, solidaire = chiffres
    assert (contingent.valeur, contingent.statut) == ("227", catalogue.ATTEINT)
    assert contingent.reference == "flux dû : 175 ; 258 attributions du contingent en tout"
    assert (refus.valeur, refus.statut, refus.reference) == (
        "27",
        catalogue.SANS_CIBLE,
        "sur 258 attributions du contingent ; pas de cible",
    )
    assert (solidaire.valeur, solidaire.reference) == ("69", "minimum : 65 (un quart)")


def test_article_11_sans_flux_du_sur_une_selection():
    # Below CU level the flux due is not comparable: the count of attributions, no realised-vs-due pair.
    contingent = D.chiffres_article_11(_bilan(reference="flux dû non connu"))[0][0]
    assert contingent.valeur == "258" and contingent.reference == "flux dû non connu"
    d = D.diapo_contingent(_bilan(reference="flux dû non connu"), 2025)
    assert d.figure is None and d.chiffres[0].valeur == "258"


def test_article_11_selection_secrete_sans_chiffre_de_la_cu():
    chiffres, portee = D.chiffres_article_11(_bilan(publiable=False))
    assert portee == "" and [c.valeur for c in chiffres] == [secret.SECRET] * 3
    assert {c.statut for c in chiffres} == {catalogue.SECRET}
    d = D.diapo_contingent(_bilan(publiable=False), 2025)
    assert d.figure is None and d.chiffres[0].valeur == secret.SECRET  # no due/realised pair leaks


def test_article_11_selection_secrete_chiffres_de_la_cu_nommes():
    cu = _bilan().lignes
    chiffres, portee = D.chiffres_article_11(_bilan(publiable=False, lignes_cu=cu))
    assert portee == C.TOUTE_LA_CU
    assert chiffres[0].valeur == "227" and chiffres[2].valeur == "69"
    d = D.diapo_article_11(_bilan(publiable=False, lignes_cu=cu), 2025, C.LECTURE_EPCI)
    assert "secret statistique" in d.phrase and C.TOUTE_LA_CU in d.phrase


def test_contingent_realise_contre_du():
    d = D.diapo_contingent(_bilan(), 2025)
    barres = d.figure.data[0]
    assert list(barres.x) == [175, 227] and list(barres.text) == ["175", "227"]
    assert d.chiffres[0].valeur == "227" and d.chiffres[0].reference == "flux dû : 175"


def test_touches_de_la_telecommande():
    script = D.script_clavier()
    for touche, action in {
        "ArrowRight": "suivante",
        "PageDown": "suivante",
        " ": "suivante",
        "ArrowLeft": "precedente",
        "PageUp": "precedente",
        "Home": "premiere",
        "End": "derniere",
    }.items():
        assert D.TOUCHES[touche] == action
        assert f'"{touche}": "{action}"' in script
    assert "window.parent.document" in script and ".st-key-diapo_" in script


def test_periode_sans_attribution_pas_d_erreur(app_env):
    """/diaporama?communes=62004&fin=2016 (found by the load test): no attribution up to 2016, the
    year query returns NA; the page raised « boolean value of NA is ambiguous »."""
    from tests.outils_app import lancer

    at = lancer("diaporama", communes="62004", fin="2016")
    assert not at.exception
