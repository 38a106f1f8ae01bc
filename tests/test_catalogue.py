"""The indicator catalogue: one status vocabulary, one entry per indicator."""

from fractions import Fraction

import pytest

from observatoire.indicateurs import catalogue as C


def test_periode_close_contre_periode_en_cours():
    # 426 / 1 330 = 32,0 % against 25 %: a finished year reads « atteint », never « en retard ».
    assert C.statut(426, 1330, Fraction(1, 4), close=True) == C.ATTEINT
    assert C.statut(300, 1330, Fraction(1, 4), close=True) == C.NON_ATTEINT
    # A running period is judged against the pace expected so far.
    assert C.statut(1000, 1, 3300, close=False, attendu=1100) == C.EN_RETARD
    assert C.statut(1200, 1, 3300, close=False, attendu=1100) == C.EN_AVANCE


def test_egalite_exacte_atteint():
    assert C.statut(100, 400, Fraction(1, 4)) == C.ATTEINT
    assert C.statut(99, 400, Fraction(1, 4)) == C.NON_ATTEINT
    assert C.statut(Fraction(1, 3) * 3, 4, Fraction(1, 4)) == C.ATTEINT


def test_etats_propres():
    assert C.statut(3, 5, Fraction(1, 4), cache=True) == C.SECRET
    assert C.statut(None, 5, Fraction(1, 4)) == C.MANQUANT
    assert C.statut(float("nan"), 5, Fraction(1, 4)) == C.MANQUANT
    assert C.statut(0, 0, Fraction(1, 4)) == C.SANS_OBJET
    assert C.statut(3, 5, None) == C.SANS_CIBLE
    # Every status has a word and a sign: never a colour alone.
    for s in C.STATUTS:
        assert C.libelle(s).endswith(s) and C.libelle(s) != s


def test_statut_ensemble_par_reservataire():
    s, ok, n = C.statut_ensemble([C.ATTEINT, C.NON_ATTEINT, C.ATTEINT, C.SANS_OBJET, C.NON_ATTEINT])
    assert (s, ok, n) == (C.NON_ATTEINT, 2, 4)
    assert C.statut_ensemble([C.ATTEINT, C.ATTEINT])[0] == C.ATTEINT
    # A hidden member could change a verdict that the visible members would give as « atteint ».
    assert C.statut_ensemble([C.ATTEINT, C.SECRET])[0] == C.SECRET
    assert C.statut_ensemble([C.NON_ATTEINT, C.SECRET])[0] == C.NON_ATTEINT


def test_une_entree_par_cle_et_champs_remplis():
    cles = [i.cle for i in C._ENTREES]
    assert len(cles) == len(set(cles))
    for i in C.INDICATEURS.values():
        for champ in (
            "titre",
            "titre_court",
            "definition",
            "numerateur",
            "unite",
            "source",
            "millesime",
            "page",
            "formule",
            "reference",
            "texte_cible",
        ):
            assert getattr(i, champ), (i.cle, champ)
        assert i.regle_secret in C.REGLES_SECRET
        if i.carte:
            assert i.requete and i.comptes


def test_alias_des_anciens_liens():
    assert C.indicateur("taux_plh") is C.INDICATEURS["production_logements"]
    with pytest.raises(KeyError):
        C.indicateur("inconnu")


def test_aucune_reference_interne_dans_les_textes():
    for i in C.INDICATEURS.values():
        for texte in (i.definition, i.formule, i.reference, i.texte_cible, *i.limites):
            assert "seed" not in texte.lower(), (i.cle, texte)


# ---------------------------------------------------------------- Méthode is generated from the catalogue


def test_methode_liste_chaque_indicateur_du_catalogue_et_rien_d_autre(app_env):
    from tests.outils_app import lancer

    at = lancer("methode")
    titres = [s.value for s in at.subheader]
    assert sorted(titres) == sorted(i.titre for i in C.INDICATEURS.values())
    textes = " ".join(m.value for m in at.markdown)
    for i in C.INDICATEURS.values():
        for morceau in (i.definition, i.formule, i.reference, i.numerateur, C.REGLES_SECRET[i.regle_secret]):
            assert morceau in textes, (i.cle, morceau)
    # The status words are explained once, with their sign.
    for s in C.STATUTS:
        assert C.libelle(s) in textes
    assert "seed" not in textes.lower()


def test_carte_et_methode_lisent_la_meme_entree():
    from observatoire.figures import carte
    from observatoire.indicateurs import methode

    for cle, ind in carte.INDICATEURS.items():
        assert ind is C.INDICATEURS[cle]
        assert methode.PAR_CLE[cle]["definition"] == ind.definition
