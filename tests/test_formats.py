import math

from observatoire import formats as fr

NNBSP = "\u202f"


def test_nombre_francais():
    assert fr.nombre(1234.5, 1) == f"1{NNBSP}234,5"
    assert fr.nombre(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert fr.nombre(0) == "0"
    assert fr.nombre(-12.34, 1) == "−12,3"
    assert fr.nombre(-0.01, 1) == "0,0"


def test_pourcent_francais():
    assert fr.pourcent(0.123) == "12,3\u00a0%"
    assert fr.pourcent(0.25, 0) == "25\u00a0%"


def test_manquant_jamais_zero():
    for v in (None, math.nan, float("nan")):
        assert fr.nombre(v) == fr.MANQUANT
        assert fr.pourcent(v) == fr.MANQUANT


def test_valeur_affichee_un_seul_format_avec_masque():
    from observatoire.formats import valeur_affichee

    assert valeur_affichee(1234.4) == "1\u202f234"
    assert valeur_affichee(0.1234, "pourcent") == "12,3\u00a0%"
    assert valeur_affichee(2.35, "pourmille") == "2,4 ‰"
    assert valeur_affichee(7.5, "euros_m2") == "7,50\u00a0€/m²"
    assert valeur_affichee(None) == "–" and valeur_affichee(float("nan"), "pourcent") == "–"
    # hidden wins over missing and over any value: the mask says it is there but not publishable
    assert valeur_affichee(12, cache=True) == "secret statistique"
    assert valeur_affichee(None, "pourcent", cache=True) == "secret statistique"
