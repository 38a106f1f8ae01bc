"""One definition per indicator, checked where a reader sees it: for each catalogue indicator
drawn on several surfaces and a set of (territory, year) cases — small communes, a large one, a
landlord filter — the Accueil card, the map's table, the commune fiche, the diaporama and the
Objectifs légaux page give the same value and the same status (or the same mask).

The pages are run through AppTest on the demo base, exactly as a browser would ask for them (the
filters in the URL); the figures compared are the texts the pages draw."""

from __future__ import annotations

import re

import pytest

from observatoire.indicateurs import catalogue
from tests.outils_app import lancer

BAILLEUR = "Logis Bêta (fictif)"
# Arras (large), Dainville (medium), Anzin-Saint-Aubin and Willerval (small), Basseux (tiny).
COMMUNES = ["62041", "62263", "62037", "62892", "62085"]
OBJECTIFS = ["objectif_1", "objectif_2", "objectif_3"]
MOTS = sorted(catalogue.STATUTS, key=len, reverse=True)


def mot_statut(texte: str) -> str:
    """The status word in a drawn text (badge, table cell, list line)."""
    for mot in MOTS:
        if re.search(rf"(^|[\s\[(✔✘▲▼🔒?·–]){re.escape(mot)}($|[\s\]),])", texte):
            return mot
    return ""


def _accueil(at):
    """{catalogue key: (value, status)} from the Accueil cards (metrics + badges in order)."""
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    sortie = {}
    for metrique, badge in zip(at.metric, badges):
        titre = metrique.label.split(" · ")
        for cle in OBJECTIFS:
            n = cle[-1]
            if titre[0] == f"Objectif légal {n}":
                sortie[cle] = (metrique.value.replace(" (indicatif)", ""), mot_statut(badge))
        if metrique.label.startswith(catalogue.INDICATEURS["parc_social"].titre_court + " ·"):
            sortie["parc_social"] = (metrique.value, mot_statut(badge))
        if metrique.label.startswith(catalogue.INDICATEURS["dpe_efg"].titre_court + " ·"):
            sortie["dpe_efg"] = (metrique.value, mot_statut(badge))
    return sortie


def _carte(cle, nom, **filtres):
    at = lancer("carte", indicateur=cle, **filtres)
    table = at.dataframe[0].value.set_index("commune")
    ligne = table.loc[nom]
    return ligne["valeur"], mot_statut(ligne["statut"])


def _fiche(code, nom, **filtres):
    at = lancer("fiche_commune", commune=code, **filtres)
    t = at.table[0].value  # the fiche's values: a static table indexed by indicator (its text wraps)
    sortie = {}
    for cle in OBJECTIFS + ["dpe_efg", "parc_social"]:
        ligne = t.loc[catalogue.INDICATEURS[cle].titre]
        sortie[cle] = (ligne[nom], mot_statut(ligne[f"statut {nom}"]))
    return sortie


def _objectifs_legaux(code, nom, **filtres):
    """The Objectifs légaux page: headline metrics and the commune's row of the commune table."""
    from observatoire.indicateurs import attributions as A

    at = lancer("attributions", communes=code, **filtres)
    titres = {A.TITRES_CARTES[int(c[-1])]: c for c in OBJECTIFS}
    entete = {titres[m.label]: m.value for m in at.metric if m.label in titres}
    table = next(d.value for d in at.dataframe if "Commune" in d.value.columns).set_index("Commune")
    ligne = {}
    for cle in OBJECTIFS:
        n = cle[-1]
        taux = next(c for c in table.columns if c.startswith(f"Obj. {n} : taux"))
        ligne[cle] = (
            (table.loc[nom, taux], mot_statut(table.loc[nom, f"Obj. {n} : statut"])) if nom in table.index else None
        )
    return entete, ligne


@pytest.fixture(scope="module")
def noms():
    import csv

    from tests.conftest import RACINE

    with open(RACINE / "data/reference/communes.csv", encoding="utf-8") as f:
        return {l["code_insee"]: l["nom"] for l in csv.DictReader(f)}


@pytest.mark.parametrize("bailleurs", [None, BAILLEUR])
@pytest.mark.parametrize("code", COMMUNES)
def test_objectifs_accueil_carte_fiche_identiques(app_env, noms, code, bailleurs):
    filtres = {"bailleurs": bailleurs} if bailleurs else {}
    nom = noms[code]
    accueil = _accueil(lancer(communes=code, **filtres))
    fiche = _fiche(code, nom, **filtres)
    entete, ligne = _objectifs_legaux(code, nom, **filtres)
    for cle in OBJECTIFS:
        # Objectifs légaux: the headline for the selection and the commune's row of its table.
        assert entete.get(cle, "–") == accueil[cle][0], (cle, nom, bailleurs)  # « – »: no attribution that year
        if ligne[cle] is not None:
            assert ligne[cle] == accueil[cle], (cle, nom, bailleurs)
        carte_valeur, carte_statut = _carte(cle, nom, **filtres)
        # The Accueil card for a one-commune selection, the map's cell and the fiche's cell.
        assert accueil[cle] == (carte_valeur, carte_statut) == fiche[cle], (cle, nom, bailleurs)
        assert carte_statut in catalogue.STATUTS
        # Never « en retard » for a finished year.
        assert carte_statut not in (catalogue.EN_AVANCE, catalogue.EN_RETARD)


@pytest.mark.parametrize("code", ["62041", "62892"])
def test_parc_accueil_carte_fiche_identiques(app_env, noms, code):
    nom = noms[code]
    accueil = _accueil(lancer(communes=code))
    fiche = _fiche(code, nom)
    for cle in ("dpe_efg", "parc_social"):
        valeur, _ = _carte(cle, nom)
        assert accueil[cle][0] == valeur == fiche[cle][0], (cle, nom)


@pytest.mark.parametrize("filtres", [{}, {"communes": "62892"}, {"communes": "62041"}, {"bailleurs": BAILLEUR}])
def test_diaporama_et_accueil_meme_statut(app_env, filtres):
    accueil = _accueil(lancer(**filtres))
    lignes = []
    for n in (3, 4, 5):  # one slide per legal objective
        at = lancer("diaporama", diapo=str(n), **filtres)
        lignes += [m.value for m in at.markdown if m.value.startswith("- **Objectif légal")]
    assert len(lignes) == 3
    for cle, ligne in zip(OBJECTIFS, lignes):
        assert mot_statut(ligne.split(" : ")[0]) == accueil[cle][1], (cle, filtres, ligne)


def test_cu_entiere_accueil_et_fiche(app_env, noms):
    """The CU column of the fiche is the Accueil card of the whole CU."""
    accueil = _accueil(lancer())
    at = lancer("fiche_commune", commune="62041")
    t = at.table[0].value
    for cle in OBJECTIFS:
        ligne = t.loc[catalogue.INDICATEURS[cle].titre]
        assert (ligne["CU d'Arras"], mot_statut(ligne["statut CU"])) == accueil[cle], cle


@pytest.mark.parametrize("filtres", [{}, {"communes": "62041"}])
def test_bilan_cil_et_diaporama_memes_chiffres_de_l_article_11(app_env, filtres):
    """The art. 11 totals (contingent, refusals, contribution solidaire) read the same on the Bilan
    CIL page and on the diaporama's slide, with the same status."""
    bilan = lancer("bilan_cil", **filtres)
    lignes_bilan = {}
    for m in bilan.markdown:
        trouve = re.match(r":\w+-badge\[\S+ (.+?)\] \*\*(.+?)\*\* — (.+)", m.value)
        if trouve:
            lignes_bilan[trouve.group(2)] = (trouve.group(1), trouve.group(3))
    diapo = lancer("diaporama", diapo="7", **filtres)
    lignes_diapo = {}
    for m in diapo.markdown:
        trouve = re.match(r"- \*\*(.+?)\*\* \((.+?)\) : (.+)", m.value)
        if trouve and not trouve.group(1).startswith("Objectif légal"):
            lignes_diapo[trouve.group(1)] = (mot_statut(trouve.group(2)), trouve.group(3))
    assert len(lignes_bilan) == 3 and lignes_diapo == lignes_bilan
