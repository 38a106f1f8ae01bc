"""The Accueil's helpers: the territory named as chosen, the glossary's tooltips, the cards' one
sentence (hand-computed expectations)."""

import pandas as pd

from observatoire.ecrans import filtres
from observatoire.indicateurs import glossaire, synthese, territoire

NOMS = {"62041": "Arras", "62004": "Achicourt", "62099": "Beaurains", "62085": "Basseux"}


def test_territoire_nomme_ce_qui_est_montre():
    assert territoire.nom_territoire([], NOMS) == "Communauté Urbaine d'Arras (46 communes)"
    assert territoire.nom_territoire(["62041"], NOMS) == "Arras"
    # two or more communes: never the first one's name alone
    assert territoire.nom_territoire(["62041", "62004", "62099"], NOMS) == "3 communes : Arras, Achicourt, Beaurains"
    assert (
        territoire.nom_territoire(["62041", "62004", "62099", "62085"], NOMS, max_noms=2)
        == "4 communes : Arras, Achicourt et 2 autres"
    )
    tout = {str(i): f"C{i}" for i in range(46)}
    assert territoire.nom_territoire(list(tout), tout) == "Communauté Urbaine d'Arras (46 communes)"


def test_filtres_nomment_territoire_et_bailleurs():
    f = filtres.Filtres(2014, 2025, ("62041", "62004"), ("Habitat Alpha (fictif)",), noms_communes=NOMS)
    assert f.territoire() == "2 communes : Arras, Achicourt"
    assert f.perimetre() == "Arras, Achicourt · bailleur : Habitat Alpha (fictif) · 2014-2025"
    f2 = filtres.Filtres(2020, 2024, (), ("A", "B"), noms_communes=NOMS)
    assert f2.perimetre() == "toute la CU d'Arras (46 communes) · 2 bailleurs : A, B · 2020-2024"


def test_glossaire_sigles_en_infobulle():
    html = glossaire.expliquer("147 hors QPV au 1er quartile ou ANRU ; PLUS + PLA-I, plusieurs <b>")
    assert '<abbr title="Quartier prioritaire de la politique de la ville.' in html
    assert '">1er quartile</abbr>' in html and '">ANRU</abbr>' in html and '">PLA-I</abbr>' in html
    assert "plusieurs &lt;b&gt;" in html  # text escaped, « plus » inside a word untouched
    assert html.count("<abbr") == 5
    assert glossaire.sigles_presents("DPE, QPV, DPE") == ["DPE", "QPV"]
    # every acronym points to an entry of the one glossary (methode.GLOSSAIRE)
    assert all(glossaire.definition(s) for s in glossaire.SIGLES)


def test_carte_parc_une_phrase_courte():
    c = synthese.carte_parc(
        pd.Series({"logements": 1000, "en_qpv": 250}), pd.Series({"logements": 990, "en_qpv": 250}), 2025
    )
    assert c.en_bref == "Dont 250 en QPV (25,0\u00a0%). +10 en un an."
    assert c.phrase.startswith("Au 1er janvier 2025, 1\u202f000 logements sociaux")
