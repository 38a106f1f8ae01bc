"""The Fiche commune's computations kept per settings (observatoire.ecrans.commune.fiche): the same
settings give the kept fiche back, any setting that changes a figure gives another one."""

from __future__ import annotations

from observatoire.ecrans import commune, requetes
from observatoire.ecrans.filtres import Filtres

BAILLEUR = "Habitat Alpha (fictif)"


def test_fiche_gardee_par_reglage(app_env):
    communes = requetes.donnees("carte_communes")
    noms = dict(zip(communes["code_insee"], communes["nom"]))
    tous = Filtres(2016, 2025)
    arras = commune.fiche(tous, "62041", "", 11, communes, noms)
    meme = commune.fiche(Filtres(2016, 2025, communes=("62041", "62004")), "62041", "", 11, communes, noms)
    assert meme.grille is arras.grille and meme.spec_objectifs is arras.spec_objectifs and meme.publics is arras.publics
    stock_2025 = arras.stock.loc[arras.stock["millesime"] == 2025, "62041"].iloc[0]
    assert stock_2025 == 7405  # Arras on 1/1/2025, every landlord (demo README)

    un_bailleur = commune.fiche(Filtres(2016, 2025, bailleurs=(BAILLEUR,)), "62041", "", 11, communes, noms)
    assert un_bailleur.grille is not arras.grille and un_bailleur.stock is not arras.stock
    assert un_bailleur.stock.loc[un_bailleur.stock["millesime"] == 2025, "62041"].iloc[0] < stock_2025

    courte = commune.fiche(Filtres(2019, 2021), "62041", "", 11, communes, noms)
    assert list(courte.objectifs.series[1]["annee"]) == [2019, 2020, 2021]
    assert list(arras.objectifs.series[1]["annee"])[-1] == 2025
    assert courte.grille_lue.millesime == 2021 and arras.grille_lue.millesime == 2025
    assert courte.publics is arras.publics  # the period changes neither the public figures nor the stock
    meme_fin = commune.fiche(Filtres(2020, 2025), "62041", "", 11, communes, noms)
    assert meme_fin.grille is arras.grille and meme_fin.spec_objectifs != arras.spec_objectifs

    comparee = commune.fiche(tous, "62041", "62004", 11, communes, noms)
    assert "Achicourt" in comparee.valeurs_affichees.columns
    assert "Achicourt" not in arras.valeurs_affichees.columns
    assert commune.fiche(tous, "62041", "", 5, communes, noms).grille is not arras.grille  # another threshold


def test_grille_gardee_par_fin_de_periode_et_bailleurs(app_env):
    from observatoire.ecrans import grille_communes

    tous = grille_communes.lire(Filtres(2016, 2025), 11)
    assert grille_communes.lire(Filtres(2019, 2025, communes=("62041",)), 11) is tous  # same end, same landlords
    assert (tous.millesime, tous.annee_attrib) == (2025, 2025)
    fin_2021 = grille_communes.lire(Filtres(2016, 2021), 11)
    assert (fin_2021.millesime, fin_2021.annee_attrib) == (2021, 2021)
    un_bailleur = grille_communes.lire(Filtres(2016, 2025, bailleurs=(BAILLEUR,)), 11)
    assert un_bailleur is not tous and un_bailleur.logements_tous is not None and tous.logements_tous is None
    assert un_bailleur.logements["logements"].sum() < tous.logements["logements"].sum()
