"""requetes.donnees: one cached result per base version and per value of the parameters the SQL reads."""

from __future__ import annotations

from observatoire.base import db
from observatoire.ecrans import requetes


def test_un_parametre_que_la_requete_ne_lit_pas_ne_relance_pas_la_requete(copie_base_demo, monkeypatch):
    monkeypatch.setenv("OBSERVATOIRE_DB", str(copie_base_demo))
    lus = db.parametres_de("parc_ventes_demolitions")
    assert "annee_debut" not in lus  # sales and demolitions by year: every year, whatever the period
    appels = []
    requete = db.requete
    monkeypatch.setattr(db, "requete", lambda con, nom, **v: appels.append((nom, v)) or requete(con, nom, **v))
    requetes._donnees.clear()
    communs = {k: None for k in lus if k != "epci"} | {"communes": ["62041"]}
    a = requetes.donnees("parc_ventes_demolitions", **communs, annee_debut=2018, annee_fin=2020)
    b = requetes.donnees("parc_ventes_demolitions", **communs, annee_debut=2021, annee_fin=2025)
    assert len(appels) == 1 and a.equals(b)
    # a parameter it reads is part of the key: another commune, another run
    requetes.donnees("parc_ventes_demolitions", **(communs | {"communes": ["62004"]}))
    assert len(appels) == 2 and list(appels[1][1]["communes"]) == ["62004"]
