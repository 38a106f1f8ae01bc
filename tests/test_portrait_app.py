"""The Fiche commune through AppTest on the demo database: one commune, a compared commune, two
communes in the filter, a commune absent from the RPLS sheet, and the same hidden cells as
Objectifs légaux (this year and year by year)."""

from __future__ import annotations

from observatoire.chargement import publiques
from observatoire.secret import suppression as secret
from tests.outils_app import lancer

FICHE = "fiche_commune"
OBJECTIFS = "attributions"


def _rpls_public(at):
    densite = "Densité (logements sociaux pour 100 résidences principales)"
    return next(
        d.value for d in at.dataframe if "indicateur" in d.value.columns and densite in set(d.value["indicateur"])
    )


def _valeurs(at):
    return at.table[0].value


def test_fiche_une_commune_et_une_commune_comparee(app_env):
    at = lancer(FICHE, commune="62041", comparer="62004")
    assert at.title[0].value == "Fiche commune : Arras"
    assert at.selectbox(key="comparer").value == "62004"
    t = _valeurs(at)
    # A column each, never summed: Arras 7 405 and Achicourt 1 073 dwellings at 1/1/2025 (demo README).
    stock = t.loc["Logements sociaux (stock au 1er janvier)"]
    assert (stock["Arras"], stock["Achicourt"], stock["CU d'Arras"]) == ("7\u202f405", "1\u202f073", "12\u202f985")
    assert {"statut Arras", "statut Achicourt", "statut CU"} <= set(t.columns)
    details = at.table[1].value
    assert "Achicourt : numérateur ÷ dénominateur" in details.columns
    # Trends: four charts, each with its source line; real public figures labelled as such.
    assert len(at.get("plotly_chart")) == 4
    captions = " ".join(c.value for c in at.caption)
    assert "Source : RPLS (SDES) · Millésime : 2016-2025" in captions
    assert "données publiques réelles — INSEE, 2013-2021" in captions
    assert "Département (Pas-de-Calais) : non disponible" in captions
    assert at.get("download_button")
    public = _rpls_public(at)
    assert list(public.columns) == ["indicateur", "Arras", "Achicourt", "CU d'Arras"]
    assert public.iloc[0]["Arras"] == "7\u202f337"  # real SDES stock on 1/1/2024 (data/publiques/README.md)


def test_fiche_deux_communes_filtrees_le_dit_et_laisse_choisir(app_env):
    at = lancer(FICHE, communes=["62099", "62004"])
    assert any("2 communes sont sélectionnées" in i.value and "Beaurains, Achicourt" in i.value for i in at.info)
    choix = at.selectbox(key="commune")
    assert choix.options == ["Beaurains", "Achicourt"]
    assert at.title[0].value == "Fiche commune : Beaurains"
    choix.set_value("62004").run()
    assert at.title[0].value == "Fiche commune : Achicourt"
    assert at.query_params["commune"] in ("62004", ["62004"])


def test_fiche_commune_absente_du_fichier_rpls(app_env):
    at = lancer(FICHE, commune="62085")  # Basseux: one of the 12 communes absent from the SDES sheet
    public = _rpls_public(at)
    assert (public["Basseux"] == publiques.ABSENTE_RPLS).all()
    assert not (public["Basseux"] == "0").any()


def test_fiche_memes_cases_masquees_qu_objectifs_legaux(app_env):
    # Beaurains, 2025: objective 1 hidden (a handful of leases hors QPV) on both pages.
    fiche = lancer(FICHE, commune="62099")
    t = _valeurs(fiche)
    o1 = "Objectif légal 1 — hors QPV, 1er quartile ou relogés ANRU"
    o3 = "Objectif légal 3 — publics prioritaires, par réservataire"
    assert t.loc[o1, "Beaurains"] == secret.SECRET
    page = lancer(OBJECTIFS, communes="62099", annee="2025")
    communes = next(d.value for d in page.dataframe if "Commune" in d.value.columns).set_index("Commune")
    assert communes.loc["Beaurains", "Obj. 1 : taux (cible 25\u00a0%)"] == secret.SECRET
    o3_page = communes.loc[
        "Beaurains", "Obj. 3 : taux indicatif, tous réservataires (cible 25\u00a0% par réservataire)"
    ]
    assert o3_page == t.loc[o3, "Beaurains"]
    # Year by year: the fiche's hidden years are the page's hidden rows, objective by objective.
    annees = next(d.value for d in fiche.dataframe if "année" in d.value.columns)
    evolution = next(d.value for d in page.dataframe if "Année" in d.value.columns)
    taux = "Taux légal (objectif 3 : taux indicatif, tous réservataires)"
    caches, montres = 0, 0
    for n, court in ((1, "hors QPV"), (2, "en QPV"), (3, "publics prioritaires")):
        lignes = evolution[evolution["Objectif"].str.contains(court, regex=False)]
        caches_page = set(lignes.loc[lignes[taux] == secret.SECRET, "Année"])
        colonne = annees[f"Obj. {n} · Beaurains"]
        caches_fiche = set(annees.loc[colonne == secret.SECRET, "année"])
        assert caches_fiche == caches_page, n
        caches += len(caches_fiche)
        montres += int((~colonne.isin([secret.SECRET, "–"])).sum())
    assert caches and montres  # hidden and shown years both present (demo): the comparison is not vacuous
