"""The « Chiffres publics réels » table and perimeter (ecrans/parc_public.py), hand-built rows."""

import pandas as pd

from observatoire.chargement.publiques import ABSENTE_RPLS
from observatoire.ecrans import parc_public

REELS = pd.DataFrame(
    {
        "code_insee": ["62041", "62004"],
        "nb_ls": [9000, 120],
        "densite": [45.04, 10.0],
        "nb_loues": [8800, 118],
        "nb_vacants": [200, 2],
        "tx_vac": [2.2, 1.7],
        "tx_mob": [9.5, None],
    }
)
NOMS = pd.DataFrame({"code_insee": ["62004", "62041", "62099"], "nom": ["Achicourt", "Arras", "Zzz"]})


def test_table_reelle_toutes_les_communes():
    t = parc_public.table_reelle(REELS, NOMS, ())
    assert list(t.columns) == [
        "commune",
        "logements sociaux",
        "pour 100 résidences principales",
        "loués",
        "vacants",
        "taux de vacance",
        "taux de mobilité",
    ]
    # largest stock first; a commune absent from the sheet last, said absent, never 0
    assert t["commune"].tolist() == ["Arras", "Achicourt", "Zzz"]
    assert t.iloc[0].tolist() == [
        "Arras",
        "9\u202f000",
        "45,0",
        "8\u202f800",
        "200",
        "2,2\xa0%",
        "9,5\xa0%",
    ]  # no-break space before %
    assert t.iloc[2, 1] == ABSENTE_RPLS


def test_table_reelle_communes_choisies():
    t = parc_public.table_reelle(REELS, NOMS, ("62004", "62099"))
    assert t["commune"].tolist() == ["Achicourt", "Zzz"]


def test_perimetre_reel_sans_les_bailleurs():
    assert parc_public.perimetre_reel((), "toute la CU d'Arras · Bailleur A") == "toute la CU d'Arras (46 communes)"
    assert parc_public.perimetre_reel(("62041",), "Arras · Bailleur A") == "Arras"
