"""The Parc social page's cards, figures and texts (observatoire/figures/parc_social.py), on small
rows whose expected texts are written by hand."""

import pandas as pd

from observatoire.figures import parc_social as fps
from observatoire.indicateurs import parc


def _n(texte: str) -> str:
    """French formats use narrow no-break spaces: compared here with plain ones."""
    return texte.replace("\u202f", " ").replace("\xa0", " ")


ACTUEL = pd.Series(
    {
        "logements": 1250,
        "taux_vacance": 0.02,
        "vacants_3_mois": 24,
        "loues_ou_vacants": 1200,
        "taux_mobilite": 0.1,
        "baux_annee_precedente": 110,
        "base_mobilite": 1100,
        "loyer_m2": 5.5,
        "somme_loyers": 330000.0,
        "somme_surfaces": 60000,
    }
)
# Ten times the counts; the rates are the CU's own (not multiplied).
CU = (ACTUEL * 10).where(~ACTUEL.index.isin(["taux_vacance", "taux_mobilite", "loyer_m2"]), ACTUEL)


def test_carte_taux_montree():
    titre, valeur, texte = fps.carte_taux("vacance", ACTUEL, 2024, True, False, CU, False, "Toute la CU d'Arras")
    assert (titre, _n(valeur)) == ("Taux de vacance de plus de 3 mois", "2,0 %")
    assert _n(texte) == "24 vacants > 3 mois ÷ 1 200 loués ou vacants · cible : aucune (indicateur de suivi)"
    _, valeur, texte = fps.carte_taux("mobilite", ACTUEL, 2024, True, False, CU, False, "")
    assert _n(texte) == "110 baux signés en 2023 ÷ 1 100 logements loués ou vacants · cible : aucune"
    _, valeur, texte = fps.carte_taux("loyer", ACTUEL, 2024, True, False, CU, False, "")
    assert _n(valeur) == "5,50 €/m²"
    assert _n(texte) == "330 000 € de loyers mensuels ÷ 60 000 m² habitables · cible : aucune"


def test_carte_taux_fichier_public_non_disponible():
    _, valeur, _ = fps.carte_taux("mobilite", ACTUEL, 2024, False, False, CU, False, "")
    assert valeur == parc.NON_DISPONIBLE


def test_carte_taux_cachee_donne_le_chiffre_de_la_cu_ou_le_cache_aussi():
    nom = "Toute la CU d'Arras (bailleurs sélectionnés)"
    titre, valeur, texte = fps.carte_taux("mobilite", ACTUEL, 2024, True, True, CU, False, nom)
    assert (titre, valeur) == ("Taux de mobilité", "secret statistique")
    # CU: 1 100 leases ÷ 11 000 dwellings
    assert _n(texte) == f"{nom} : 10,0 % (1 100 baux ÷ 11 000 logements)"
    assert _n(fps.carte_taux("loyer", ACTUEL, 2024, True, True, CU, False, nom)[2]) == f"{nom} : 5,50 €/m²"
    assert fps.carte_taux("vacance", ACTUEL, 2024, True, True, CU, True, nom)[2] == f"{nom} : secret statistique"
    assert fps.nom_cu(("B1",)) == nom and fps.nom_cu(()) == "Toute la CU d'Arras"


def test_evolution_du_stock():
    precedent = pd.DataFrame({"logements": [1200]})
    assert fps.evolution_du_stock(ACTUEL, precedent, 2024) == "50 depuis 2023"
    assert fps.evolution_du_stock(ACTUEL, precedent.iloc[0:0], 2024) is None


def test_figure_evolution_hors_qpv_est_la_difference():
    evo = pd.DataFrame({"millesime": [2023, 2024], "logements": [1200, 1250], "en_qpv": [400, 410]})
    fig = fps.figure_evolution(evo)
    assert list(fig.data[0].y) == [400, 410] and list(fig.data[1].y) == [800, 840]
    assert [_n(t) for t in fig.data[2].text] == ["1 200", "1 250"]


def test_figure_dpe_couleurs_et_mentions():
    dpe = pd.DataFrame(
        {
            "classe_dpe": ["C", "E", parc.DPE_INCONNU],
            "logements": [100, 30, 20],
            "part": [0.5, 0.15, 0.1],
            "prioritaire": [False, True, False],
        }
    )
    barre = fps.figure_dpe(dpe).data[0]
    assert list(barre.marker.color) == [fps.BLEU, fps.ORANGE, fps.GRIS]
    assert _n(barre.text[1]) == "30<br>15,0 %<br><b>prioritaire</b>"


def test_mieux_dotees_la_plus_dotee_en_dernier():
    valeurs = pd.DataFrame({"nom": list("ABCD"), "pour_mille": [50.0, 10.0, 80.0, 30.0]})
    assert fps.mieux_dotees(valeurs, n=3)["nom"].tolist() == ["D", "A", "C"]


def test_cartes_reelles():
    total = {"logements": 14000, "communes": 34, "vacance_ponderee": 3.2, "mobilite_ponderee": 8.75}
    cartes = fps.cartes_reelles(total, "absente du fichier RPLS")
    assert _n(cartes[0][1]) == "14 000"
    assert "12 communes en sont absentes (« absente du fichier RPLS », pas 0)" in cartes[0][2]
    assert _n(cartes[1][1]) == "3,2 %" and _n(cartes[2][1]) == "8,8 %"
