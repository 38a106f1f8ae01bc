"""fps.vue_parc, what the Parc social page draws for one perimeter, vintage and period (kept per
base version by the page): on the hand-written base of tests/indicateurs/test_parc.py (2025:
10 dwellings, Alpha 5 and Beta 5; 2024: 10, Arras only; 1 sale and 1 demolition in 2024)."""

from __future__ import annotations

from observatoire.base import db
from observatoire.figures import parc_social as fps
from tests.indicateurs.test_parc import base_parc  # noqa: F401 (fixture)


def _lire(con):
    def lire(nom, **params):
        if "epci" in db.parametres_de(nom):
            params.setdefault("epci", None)
        return db.requete(con, nom, **params)

    return lire


def test_vue_de_la_cu(base_parc):
    vue = fps.vue_parc(_lire(base_parc), (), (), 2025, 2024, 2025, 3, True)
    assert not vue.vide
    assert vue.evo["millesime"].tolist() == [2024, 2025] and int(vue.actuel["logements"]) == 10
    assert int(vue.precedent.iloc[0]["logements"]) == 10  # L01-L08, L11, L12
    # every landlord shown at threshold 3 (5 dwellings each); none hidden
    assert vue.repartitions["bailleur"][["bailleur", "logements"]].values.tolist() == [["Alpha", 5], ["Beta", 5]]
    assert vue.bailleurs_caches == 0 and not vue.bailleur_non_renseigne
    es = vue.entrees_sorties.iloc[0]
    assert (int(es["millesime"]), int(es["sorties"]), es["ventes"], es["demolitions"]) == (2025, 2, 1, 1)
    assert int(es["entrees"]) == 2 and vue.table_entrees_sorties.iloc[0]["entrées (absents en N-1)"] == "2"  # L09, L10
    assert [c[0] for c in vue.cartes] == list(fps.TAUX.values())


def test_vue_suit_le_role_le_seuil_et_le_bailleur(base_parc):
    lire = _lire(base_parc)
    lecteur = fps.vue_parc(lire, (), (), 2025, 2024, 2025, 3, False)
    assert "bailleur" not in lecteur.repartitions  # never computed for a lecteur
    assert set(lecteur.repartitions) == set(fps.ONGLETS) - {"bailleur"}
    secret = fps.vue_parc(lire, (), (), 2025, 2024, 2025, 11, True)
    assert secret.bailleurs_caches == 2 and secret.repartitions["bailleur"].empty  # 5 < 11: both hidden
    alpha = fps.vue_parc(lire, (), ("Alpha",), 2025, 2024, 2025, 3, True)
    assert int(alpha.actuel["logements"]) == 5
    assert fps.vue_parc(lire, (), (), 2030, 2024, 2025, 3, True).vide
