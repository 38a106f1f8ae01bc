"""The restricted RPLS rates hide the same communes on the map (carte.tableau, rule
`rpls_restreint`, through parc.masquer_taux) and on the Parc social commune table
(parc.par_commune), on the demo base, for every landlord filter: one grid, one rule."""

from __future__ import annotations

import duckdb
import pytest

from observatoire.base import db
from observatoire.figures import carte
from observatoire.indicateurs import parc
from observatoire.secret import suppression as secret

BAILLEURS = [(), ("Cité Zêta (fictif)",), ("Habitat Alpha (fictif)", "Toit Epsilon (fictif)")]


@pytest.fixture(scope="module")
def con(base_demo):
    c = duckdb.connect(str(base_demo), read_only=True)
    yield c
    c.close()


@pytest.mark.parametrize("bailleurs", BAILLEURS)
@pytest.mark.parametrize("millesime", [2020, 2025])
def test_carte_et_tableau_par_commune_memes_cases(con, bailleurs, millesime):
    communes = db.requete(con, "carte_communes")
    logements = db.requete(
        con,
        "parc_indicateurs",
        millesime_debut=millesime,
        millesime_fin=millesime,
        communes=[],
        bailleurs=list(bailleurs),
        par_commune=True,
    )
    seuil = secret.seuil_en_vigueur()
    # With a landlord filter, both sides get the counts of every landlord (the other landlords'
    # small counts hide a commune too), as the Parc social page and the map pass them.
    tous = (
        db.requete(
            con,
            "parc_indicateurs",
            millesime_debut=millesime,
            millesime_fin=millesime,
            communes=[],
            bailleurs=[],
            par_commune=True,
        )
        if bailleurs
        else None
    )
    v, m = parc.par_commune(logements, communes, seuil, ind_tous=tous)
    tableau = m.set_index(v["code_insee"])
    for cle, colonne in (("vacance", "taux_vacance"), ("mobilite", "taux_mobilite")):
        t = carte.tableau(cle, communes, logements=logements, seuil=seuil, logements_tous=tous).set_index("code_insee")
        avec_parc = tableau.index
        assert t.loc[avec_parc, "secret"].tolist() == tableau[colonne].tolist(), (cle, bailleurs)
        # A commune without social housing is never hidden (0 / 0 says nothing).
        assert not t.drop(index=avec_parc)["secret"].any()
    # Something is hidden, and something is shown: the comparison is not between two empty sets.
    assert tableau["taux_vacance"].any() and not tableau["taux_vacance"].all()


def test_petit_numerateur_masque_sur_la_carte(con):
    # Beaurains 2025: 761 dwellings, but fewer than 11 vacant for more than 3 months. The map used
    # to hide a rate only on a small denominator: it showed this one.
    communes = db.requete(con, "carte_communes")
    logements = db.requete(
        con, "parc_indicateurs", millesime_debut=2025, millesime_fin=2025, communes=[], bailleurs=[], par_commune=True
    )
    ligne = logements.set_index("code_insee").loc["62099"]
    assert 0 < ligne["vacants_3_mois"] < 11 and ligne["loues_ou_vacants"] > 700
    t = carte.tableau("vacance", communes, logements=logements, seuil=11).set_index("code_insee")
    assert t.loc["62099", "secret"] and t.loc["62099", "valeur"] != t.loc["62099", "valeur"]  # NaN
