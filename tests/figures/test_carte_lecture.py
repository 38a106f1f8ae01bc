"""The map reads right: a palette that changes colour at the target, a legend that says what its
classes are, labels that do not overlap, a click that adds or removes a commune, an SVG export."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pandas as pd

from observatoire.figures import carte, dessins

# Three communes side by side, 0.1° wide: Grande (big), Petite (small, squeezed against Grande's
# label), Loin (far away).
COMMUNES = pd.DataFrame(
    {
        "code_insee": ["62001", "62002", "62003"],
        "nom": ["Grande-Commune", "Petite-Commune", "Loin"],
        "population": [40000, 300, 800],
        "longitude": [2.75, 2.76, 2.95],
        "latitude": [50.30, 50.30, 50.40],
        "geometrie_wkt": [
            "POLYGON((2.70 50.25, 2.80 50.25, 2.80 50.35, 2.70 50.35, 2.70 50.25))",
            "POLYGON((2.80 50.25, 2.85 50.25, 2.85 50.35, 2.80 50.35, 2.80 50.25))",
            "POLYGON((2.90 50.35, 3.00 50.35, 3.00 50.45, 2.90 50.45, 2.90 50.35))",
        ],
    }
)


def test_palette_divergente_change_de_couleur_a_la_cible():
    limites = carte.bornes(pd.Series([0.1]), "objectif_1")
    assert limites == [0.1, 0.2, 0.25, 0.3]
    juste_sous, a_la_cible = (
        carte.couleur(0.2499, limites, carte.palette("objectif_1")),
        carte.couleur(0.25, limites, carte.palette("objectif_1")),
    )
    assert juste_sous in carte.NON_ATTEINT_COULEURS and a_la_cible in carte.ATTEINT_COULEURS
    assert carte.couleur(0.05, limites, carte.palette("objectif_1")) == "#b35806"  # farthest below: darkest orange
    assert carte.couleur(0.9, limites, carte.palette("objectif_1")) == "#2166ac"
    # Objective 2's target is 50 %: 45 % is below it, whatever objective 1 says.
    l2 = carte.bornes(pd.Series([0.1]), "objectif_2")
    assert carte.couleur(0.45, l2, carte.palette("objectif_2")) in carte.NON_ATTEINT_COULEURS
    # No target: the sequential blues.
    assert carte.palette("vacance") == carte.PALETTE


def test_legende_dit_indicateur_unite_et_classes():
    assert carte.titre_legende("objectif_1").endswith("(en %)")
    assert carte.titre_legende("poids_social").endswith("(pour 1 000 habitants (‰))")
    lg = carte.legende("objectif_1", [0.1, 0.2, 0.25, 0.3])
    assert list(lg["couleur"]) == carte.PALETTE_CIBLE + [carte.GRIS_SECRET, carte.GRIS_SANS]
    assert lg["classe"].iloc[2].endswith("non atteint") and lg["classe"].iloc[3].endswith("atteint")
    assert "donnée manquante" in lg["classe"].iloc[-1] and "secret statistique" in lg["classe"].iloc[-2]
    # Three bounds make four classes: the caption counts them, never « quintiles ».
    phrase = carte.phrase_classes("vacance", [0.01, 0.02, 0.03])
    assert phrase.startswith("4 classes") and "quintile" not in phrase
    assert carte.phrase_classes("objectif_2", [0.2, 0.4, 0.5, 0.6]).startswith(
        "5 classes fixées autour de la cible (≥ 50 %)"
    )


def test_bornes_des_effectifs_a_leur_echelle():
    # Stocks from 3 to 7 000 dwellings: quantiles 9, 23, 38, 240 must not all round to 50.
    v = pd.Series([3, 5, 8, 9, 12, 20, 22, 30, 35, 38, 60, 200, 240, 800, 7000])
    limites = carte.bornes(v, "parc_social")
    assert len(limites) == 4 and limites == sorted(set(limites))
    assert limites[0] < 50


def test_etiquettes_sans_chevauchement_par_priorite():
    v = carte.vue(COMMUNES)
    noms = [e["nom"] for e in carte.etiquettes(COMMUNES, v=v)]
    # Petite-Commune's label would overlap Grande-Commune's (1 km apart): the bigger one wins.
    assert noms == ["Grande-Commune", "Loin"]
    # A selected commune comes first: it keeps its name, the bigger neighbour gives way.
    noms = [e["nom"] for e in carte.etiquettes(COMMUNES, selection=("62002",), v=v)]
    assert noms == ["Petite-Commune", "Loin"]


def test_etiquettes_avec_fond_blanc_dans_le_deck():
    t = pd.DataFrame(
        {
            "code_insee": COMMUNES["code_insee"],
            "nom": COMMUNES["nom"],
            "valeur": [1.0, 2.0, 3.0],
            "numerateur": [1.0, 2.0, 3.0],
            "denominateur": [float("nan")] * 3,
            "cible": None,
            "statut": "sans cible chiffrée",
            "secret": False,
            "precision": "",
        }
    )
    spec = json.loads(carte.deck(COMMUNES, t, "parc_social", [2.0]).to_json())
    noms = next(c for c in spec["layers"] if c["id"] == "noms")
    assert noms["background"] is True and noms["getBackgroundColor"][:3] == [255, 255, 255]
    assert [d["nom"] for d in noms["data"]] == ["Grande-Commune", "Loin"]


def test_clic_ajoute_puis_retire():
    assert carte.basculer([], "62041") == ["62041"]
    assert carte.basculer(["62041"], "62004") == ["62041", "62004"]
    assert carte.basculer(["62041", "62004"], "62041") == ["62004"]
    assert carte.basculer(["62041"], None) == ["62041"]


def test_carte_svg_autonome_lisible():
    t = pd.DataFrame(
        {
            "code_insee": COMMUNES["code_insee"],
            "nom": COMMUNES["nom"],
            "valeur": [0.28, 0.10, float("nan")],
            "numerateur": [3.0, 1.0, float("nan")],
            "denominateur": [10.0, 10.0, float("nan")],
            "cible": 0.25,
            "statut": ["atteint", "non atteint", "secret statistique"],
            "secret": [False, False, True],
            "precision": "",
        }
    )
    limites = carte.bornes(t["valeur"], "objectif_1")
    svg = carte.carte_svg(COMMUNES, t, "objectif_1", limites, "Source : SNE · 2024 <démo>", selection=("62001",))
    racine = ET.fromstring(svg.texte)  # well-formed XML, the name with « < » escaped
    ns = "{http://www.w3.org/2000/svg}"
    remplis = [e.get("fill") for e in racine.iter(f"{ns}path") if e.find(f"{ns}title") is not None]
    assert remplis == ["#92c5de", "#f1a340", carte.GRIS_SECRET]  # 28 % atteint, 10 % non atteint, hidden
    textes = " ".join(e.text or "" for e in racine.iter(f"{ns}text"))
    assert "Objectif légal 1" in textes and "Source : SNE · 2024 <démo>" in textes and "secret statistique" in textes
    assert "commune sélectionnée" in textes


def test_graphique_svg_trou_jamais_zero():
    svg = dessins.graphique_svg(
        "Population",
        [2019, 2020, 2021],
        [dessins.Serie("Arras", [100, None, 120], "#0b5394")],
        "INSEE",
        note="2020 : secret statistique",
    )
    racine = ET.fromstring(svg.texte)
    ns = "{http://www.w3.org/2000/svg}"
    assert len(list(racine.iter(f"{ns}circle"))) == 2  # no point for the hidden year
    assert not list(racine.iter(f"{ns}polyline"))  # and no line drawn across the gap
    assert "2020 : secret statistique" in " ".join(e.text or "" for e in racine.iter(f"{ns}text"))
