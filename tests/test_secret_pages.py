"""The « curious user » attacks of the confidentiality issue, replayed on the demo base through
the pages themselves (AppTest: the URL is all the attacker has)."""

from __future__ import annotations

from functools import partial

import pytest

from observatoire.base import db
from observatoire.indicateurs import attributions as A
from observatoire.secret import suppression as secret
from observatoire.secret import valeurs
from tests.outils_app import lancer

ANNEE = 2025
# Bailleul-Sir-Berthoult: one attribution in 2025 (Willerval, used before the demo followed the real
# stock, has none in 2025 now).
WILLERVAL = "62073"


@pytest.fixture(scope="module")
def grille(base_demo):
    con = db.connecter(base_demo)
    try:
        yield valeurs.grille_objectifs(partial(db.requete, con), ANNEE, (), secret.seuil_en_vigueur())
    finally:
        con.close()


def _entete(at):
    titres = {A.TITRES_CARTES[n]: n for n in A.OBJECTIFS}
    return {titres[m.label]: m.value for m in at.metric if m.label in titres}


def test_willerval_aucun_chiffre_sur_objectifs_legaux(app_env, grille):
    """/attributions?communes=62073: one attribution in 2025; nothing of it may show."""
    at = lancer("attributions", communes=WILLERVAL)
    for n, valeur in _entete(at).items():
        assert valeur in (secret.SECRET, "–"), (n, valeur)
    communes = next(d.value for d in at.dataframe if "Commune" in d.value.columns)
    ensemble = communes[communes["Commune"] == "Ensemble de la sélection"].iloc[0]
    willerval = communes[communes["Commune"] == "Bailleul-Sir-Berthoult"].iloc[0]
    for n in A.OBJECTIFS:
        if bool(grille.loc[WILLERVAL, f"o{n}_cache"]):
            cols = [c for c in communes.columns if c.startswith(f"Obj. {n} :")]
            assert (willerval[cols] == secret.SECRET).all() and (ensemble[cols] == secret.SECRET).all(), n
    # Evolution: every year of Willerval is a small count: no rate, no count is shown.
    evolution = next(d.value for d in at.dataframe if "Année" in d.value.columns)
    visibles = evolution[(evolution["Numérateur"] != secret.SECRET) & (evolution["Dénominateur (légal)"] != "0")]
    assert visibles.empty, visibles
    # The QPV / hors QPV tab is withheld.
    assert not any("Zone" in d.value.columns for d in at.dataframe)


@pytest.mark.parametrize("code", [WILLERVAL, "62263", "62037"])
def test_cu_moins_une_commune_ne_rend_pas_ses_cases(app_env, grille, code):
    """The whole CU minus the CU without one commune: for every objective where that commune's
    cell is hidden, the « CU without it » headline is withheld (it contains another hidden cell)."""
    con = db.connecter(app_env)
    try:
        toutes = db.requete(con, "communes_liste")["code_insee"].tolist()
    finally:
        con.close()
    autres = [c for c in toutes if c != code]
    assert len(autres) == 45
    at = lancer("attributions", communes=autres)
    entete = _entete(at)
    for n in A.OBJECTIFS:
        if code in grille.index and bool(grille.loc[code, f"o{n}_cache"]):
            assert entete[n] == secret.SECRET, (code, n, entete[n])
