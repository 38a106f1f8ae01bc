"""Accueil synthesis (observatoire.indicateurs.synthese): cards computed on small hand-made tables, expected
values worked out by hand in the comments; then the page itself through AppTest."""

import pandas as pd
import pytest

from observatoire.formats import ESPACE_MILLIERS as E
from observatoire.indicateurs import plh, synthese
from observatoire.secret import valeurs
from tests.outils.app import lancer

NB = "\u00a0"  # no-break space before « % »
# Every calendar year of the PLH counted (the default): 2014 … 2020, seven years.
P = plh.Plh("PLH 2014-2020", 2014, 2020)
OBJECTIFS_CU = pd.DataFrame(
    [
        ("PLH 2014-2020", None, None, "logements", 550.0, 3300.0, False, "seed 001"),
        ("PLH 2014-2020", None, None, "lls", 200.0, 1200.0, False, "seed 001"),
        ("PLH 2014-2020", None, None, "accession_aidee", 140.0, 840.0, False, "seed 001"),
    ],
    columns=["plh", "code_insee", "nom", "indicateur", "objectif_annuel", "objectif_periode", "demo", "source"],
)


def production(lignes):
    return pd.DataFrame(lignes, columns=["annee", "indicateur", "valeur"])


PROD = production(
    [
        (2014, "logements_autorises", 500),
        (2015, "logements_autorises", 600),
        (2016, "logements_autorises", 400),
        (2014, "lls_plus", 100),
        (2015, "lls_plus", 150),
        (2016, "lls_plus", 120),
        (2014, "lls_plai", 50),
        (2015, "lls_plai", 60),
        (2016, "lls_plai", 40),
        (2014, "ptz_neuf", 150),
        (2015, "ptz_neuf", 100),  # 2016 missing (PTZ lag)
    ]
)


def test_production_cumulee_contre_objectif_cumule():
    logements, lls, accession = synthese.cartes_production(PROD, OBJECTIFS_CU, P, (), 2016, 11, aujourd_hui=2026)
    # 500 + 600 + 400 = 1 500 against 550 × 3 = 1 650 → 90,9 %; end of 2016, the PLH was running: late
    assert logements.valeur == f"1{E}500"
    assert logements.statut == synthese.EN_RETARD
    assert f"1{E}650" in logements.cible and "550 par an × 3 années comptées" in logements.cible
    assert f"90,9{NB}%" in logements.phrase
    assert logements.phrase.startswith("2014-2016, 3 années comptées sur les 7 du PLH 2014-2020 :")
    assert logements.millesime == "2014-2016" and logements.page == "production"
    # what is left: 550 × 7 − 1 500 = 2 350 over 2017-2020 (4 counted years) = 587,5 → « 588 »
    assert "Rythme nécessaire : 588 par an sur les années comptées restantes (2017-2020)" in logements.phrase
    # LLS = PLUS + PLA-I = 150 + 210 + 160 = 520 against 600 → 86,7 %; in 2016: 160 for 200
    assert lls.valeur == "520" and lls.statut == synthese.EN_RETARD
    assert f"86,7{NB}%" in lls.phrase and "En 2016 : 160 pour 200 attendus" in lls.phrase
    assert "520 réalisés / 600 attendus" in lls.detail
    # PTZ: 250 known, 2016 missing → incomplete, said in words
    assert accession.valeur == "250"
    assert "donnée manquante pour 2016" in accession.phrase


def test_production_plh_termine_memes_annees_des_deux_cotes():
    prod = production([(a, "logements_autorises", 600) for a in range(2014, 2026)])
    logements = synthese.cartes_production(prod, OBJECTIFS_CU, P, (), 2025, 11, aujourd_hui=2026)[0]
    # the bilan stops in 2020: 7 × 600 = 4 200 against 7 × 550 = 3 850 (the same seven years)
    assert logements.valeur == f"4{E}200"
    assert logements.statut == synthese.ATTEINT
    assert logements.millesime == "2014-2020"
    assert f"3{E}850 fin 2020" in logements.cible
    assert "2014-2020, 7 années comptées" in logements.phrase and f"109,1{NB}%" in logements.phrase


def test_lls_demo_1208_sur_1400_non_atteint():
    # Demo LLS financed 2014-2020 (data/demo/README.md): PLUS 843 + PLA-I 365 = 1 208.
    plus = {2014: 126, 2015: 123, 2016: 81, 2017: 99, 2018: 130, 2019: 139, 2020: 145}
    plai = {2014: 46, 2015: 53, 2016: 39, 2017: 49, 2018: 57, 2019: 58, 2020: 63}
    prod = production([(a, "lls_plus", v) for a, v in plus.items()] + [(a, "lls_plai", v) for a, v in plai.items()])
    lls = synthese.cartes_production(prod, OBJECTIFS_CU, P, (), 2020, 11, aujourd_hui=2026)[1]
    # 1 208 against 200 × 7 = 1 400 → 86,3 %: a finished PLH, « non atteint »
    # (before: 1 208 / 1 200 = 100,7 % « atteint », seven years of production against six of target)
    assert lls.valeur == f"1{E}208" and lls.statut == synthese.NON_ATTEINT
    assert f"1{E}208 réalisés / 1{E}400 attendus fin 2020 = 86,3{NB}%" in lls.detail
    assert "2014-2020, 7 années comptées" in lls.phrase and "200 par an × 7" in lls.phrase
    # Six counted years chosen (2014-2019): 1 000 against 1 200 → 83,3 %, 2020 on neither side.
    p6 = plh.Plh("PLH 2014-2020", 2014, 2020, annees=range(2014, 2020))
    lls6 = synthese.cartes_production(prod, OBJECTIFS_CU, p6, (), 2020, 11, aujourd_hui=2026)[1]
    assert lls6.valeur == f"1{E}000" and f"83,3{NB}%" in lls6.detail and lls6.statut == synthese.NON_ATTEINT
    assert "2014-2019, 6 années comptées" in lls6.phrase


def test_perimetre_du_plh_dit_sur_la_carte():
    vide = synthese.cartes_production(PROD, OBJECTIFS_CU, P, (), 2016, 11, aujourd_hui=2026)
    for c in vide:
        assert "périmètre du PLH non renseigné : communes actuelles de la CU" in c.phrase
        assert "périmètre du PLH non renseigné : communes actuelles de la CU" in c.detail
    p39 = plh.Plh("PLH 2014-2020", 2014, 2020, communes=[f"62{i:03d}" for i in range(39)])
    rempli = synthese.cartes_production(PROD, OBJECTIFS_CU, p39, (), 2016, 11, aujourd_hui=2026)
    for c in rempli:
        assert "périmètre du PLH 2014-2020 : 39 communes" in c.phrase and "non renseigné" not in c.phrase


def test_plh_en_cours_en_avance_ou_en_retard():
    p = plh.Plh("PLH 2024-2029", 2024, 2029)
    obj = OBJECTIFS_CU.assign(plh="PLH 2024-2029")
    prod = production([(2024, "logements_autorises", 600), (2025, "logements_autorises", 520)])
    logements = synthese.cartes_production(prod, obj, p, (), 2025, 11, aujourd_hui=2026)[0]
    # 1 120 against 550 × 2 = 1 100 expected by the end of 2025: ahead, the PLH still running
    assert logements.statut == synthese.EN_AVANCE
    # 550 × 6 − 1 120 = 2 180 over 2026-2029 (4 years) = 545
    assert "Rythme nécessaire : 545 par an" in logements.phrase


def test_production_avant_le_plh_pas_de_carte():
    assert synthese.cartes_production(PROD, OBJECTIFS_CU, P, (), 2012, 11) == []


def test_plh_de_reference():
    plhs = pd.DataFrame(
        [
            ("PLH 2014-2020", 2014, 2020, None, None, None, None),
            ("PLH 2021-2026", 2021, 2026, [2021, 2022, 2023, 2024, 2025], ["62041"], None, None),
        ],
        columns=["plh", "annee_debut", "annee_fin", "annees_comptees", "communes_plh", "lecture", "source"],
    )
    assert synthese.plh_de_reference(plhs, 2018).plh == "PLH 2014-2020"
    assert synthese.plh_de_reference(plhs, 2018).nb_annees == 7  # no list: every calendar year
    recent = synthese.plh_de_reference(plhs, 2023)
    assert recent.plh == "PLH 2021-2026" and recent.nb_annees == 5 and recent.communes == ("62041",)
    assert synthese.plh_de_reference(plhs.iloc[:1], 2025).plh == "PLH 2014-2020"  # the last one begun
    assert synthese.plh_de_reference(plhs, 2010) is None


def comptes(lignes):
    colonnes = [
        "annee",
        "code_insee",
        "commune",
        "bailleur",
        "reservataire",
        "geographie_qpv",
        "o1_num",
        "o1_den",
        "o1_nr",
        "o2_num",
        "o2_den",
        "o2_nr",
        "o3_num",
        "o3_den",
        "o3_nr",
    ]
    return pd.DataFrame(lignes, columns=colonnes)


def cartes_attrib(c, annee, bailleurs=(), seuil=11):
    """The cards as the Accueil builds them (no commune filter: no grid needed). With a landlord
    filter, the hand-made rows are the landlord's and every landlord's alike (no other landlord)."""

    def lire(nom, **params):
        return c

    objectifs = valeurs.objectifs_territoire(lire, c, annee, (), bailleurs, seuil) if annee else {}
    return synthese.cartes_attributions(c, annee, objectifs, seuil)


def test_objectifs_legaux_valeur_statut_phrase():
    c = comptes(
        [
            (2024, "62041", "Arras", "B", "État", 2024, 6, 20, 0, 15, 25, 0, 5, 20, 1),
            (2024, "62041", "Arras", "B", "Action Logement", 2024, 4, 20, 2, 15, 25, 0, 2, 20, 0),
            (2023, "62041", "Arras", "B", "État", 2015, 1, 40, 0, 1, 50, 0, 1, 40, 0),
        ]
    )
    o1, o2, o3 = cartes_attrib(c, synthese.derniere_annee(c))
    # objective 1: (6 + 4) / (20 + 20) = 25,0 % → reached (≥ 25 %), 2 not filled in
    assert o1.valeur == f"25,0{NB}%" and o1.statut == synthese.ATTEINT and o1.millesime == "2024"
    assert o1.phrase.startswith(f"En 2024, 25,0{NB}% des attributions hors QPV")
    assert "l'objectif légal est 25" in o1.phrase
    assert o1.detail.startswith("10 / 40") and " 2 " in o1.detail
    # objective 2: 30 / 50 = 60,0 % ≥ 50 %
    assert o2.valeur == f"60,0{NB}%" and o2.statut == synthese.ATTEINT
    # objective 3: 7 / 40 = 17,5 %; État 5/20 = 25 % reaches it, Action Logement 2/20 does not
    # 2024 is a finished year: « non atteint », never « en retard »; the rate is indicative
    assert o3.valeur == f"17,5{NB}% (indicatif)" and o3.statut == synthese.NON_ATTEINT
    assert o3.precision == "1 réservataire sur 2 à 25 % ou plus" and "1 réservataire sur 2" in o3.phrase


def test_objectif_3_en_retard_si_un_reservataire_manque_la_cible():
    c = comptes(
        [
            (2024, "62041", "Arras", "B", "État", 2024, 0, 0, 0, 0, 0, 0, 15, 20, 0),
            (2024, "62041", "Arras", "B", "Action Logement", 2024, 0, 0, 0, 0, 0, 0, 2, 20, 0),
        ]
    )
    o1, o2, o3 = cartes_attrib(c, 2024)
    # 17 / 40 = 42,5 % all together, but Action Logement is at 10 %: the law asks each one
    assert (
        o3.valeur == f"42,5{NB}% (indicatif)"
        and o3.statut == synthese.NON_ATTEINT
        and "1 réservataire sur 2" in o3.phrase
    )
    # no attribution in the field of objectives 1 and 2: nothing to measure, not 0 %
    assert o1.statut == synthese.SANS_OBJET and o1.valeur == "–"


def test_objectifs_secret_sous_le_niveau_cu():
    c = comptes([(2024, "62085", "Basseux", "B", "État", 2024, 3, 12, 0, 20, 30, 0, 10, 40, 0)])
    o1, o2, o3 = cartes_attrib(c, 2024, bailleurs=("B",))
    assert o1.statut == synthese.SECRET and o1.valeur == "secret statistique" and "3" not in o1.detail
    assert o2.statut == synthese.SECRET  # 20 / 30: the complement 30 − 20 = 10 < 11 would give it back
    assert o3.statut == synthese.SECRET  # 10 / 40: 10 < 11


def test_objectifs_complement_petit_masque():
    c = comptes([(2024, "62085", "Basseux", "B", "État", 2024, 30, 40, 0, 20, 30, 0, 20, 40, 0)])
    o1, o2, o3 = cartes_attrib(c, 2024, bailleurs=("B",))
    assert o1.statut == synthese.SECRET  # 40 − 30 = 10 households not in the target public
    assert o2.statut == synthese.SECRET  # 30 − 20 = 10
    assert o3.statut == synthese.ATTEINT and o3.valeur == f"50,0{NB}% (indicatif)"  # 20 and 20: shown
    # at CUA level nothing is hidden
    assert cartes_attrib(c, 2024)[0].statut == synthese.ATTEINT


def test_aucune_attribution():
    cartes = cartes_attrib(comptes([]), None)
    assert [c.statut for c in cartes] == [synthese.MANQUANT] * 3
    # Attributions loaded for 2025 but none in the selection: nothing to measure, not missing data.
    cartes = cartes_attrib(comptes([]), 2025)
    assert [c.statut for c in cartes] == [synthese.SANS_OBJET] * 3 and cartes[0].millesime == "2025"


def test_parc_et_dpe():
    carte = synthese.carte_parc(
        pd.Series({"logements": 100, "en_qpv": 40}), pd.Series({"logements": 90, "en_qpv": 40}), 2025
    )
    assert carte.valeur == "100" and carte.statut == synthese.SANS_CIBLE
    assert f"dont 40 en QPV (40,0{NB}%)" in carte.phrase and "+10 logements en un an" in carte.phrase
    # Classes E, F, A, (none), G: 3 E-F-G of the 4 dwellings with a known DPE = 75 % (the one
    # without DPE is counted apart, as the SDES does); a year before E, A, A, B: 1 of 4 = 25 %.
    efg = synthese.carte_efg(
        pd.Series({"efg": 3, "logements": 5, "dpe_inconnu": 1}),
        2025,
        pd.Series({"efg": 1, "logements": 4, "dpe_inconnu": 0}),
    )
    assert efg.valeur == f"75,0{NB}%" and efg.detail == f"3 / 4 = 75,0{NB}% ; 1 sans DPE"
    assert "50,0 points de plus" in efg.phrase and "1 logement sans DPE" in efg.phrase
    assert efg.statut == synthese.SANS_CIBLE


def test_chaque_statut_a_des_mots_et_une_icone():
    for _statut, (mots, couleur, icone) in synthese.PRESENTATION_STATUT.items():
        assert mots and icone.startswith(":material/")
        assert couleur in {"blue", "orange", "gray"}  # colour-blind-safe, no red/green pair


# ---------------------------------------------------------------- the page


def test_accueil_huit_indicateurs(app_env):
    at = lancer()
    labels = [m.label for m in at.metric]
    assert len(labels) == 8
    for debut in (
        "Logements autorisés (PLH)",
        "Logements locatifs sociaux financés",
        "Accession aidée (PTZ neuf)",
        "Objectif légal 1",
        "Objectif légal 2",
        "Objectif légal 3",
        "Logements sociaux",
        "Logements classés E, F ou G",
    ):
        assert any(l.startswith(debut) for l in labels), debut
    # The full sentence is the card's « ? » tooltip (the card keeps one short sentence).
    textes = " ".join(m.proto.help for m in at.metric)
    assert "l'objectif légal est 25" in textes and "l'objectif légal est 50" in textes
    # st.badge is drawn as markdown « :couleur-badge[:material/icone: mots] »: words, icon and colour
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    assert len(badges) == 8
    assert all(any(mots in b for mots in (" atteint]", " non atteint]", "sans cible chiffrée]")) for b in badges), (
        badges
    )
    # Finished years and a finished PLH: never « en retard » on the Accueil.
    assert not any("en retard" in b for b in badges), badges
    assert all(b.startswith((":blue-badge", ":orange-badge", ":gray-badge")) for b in badges), badges
    # The source once per row of cards, not once per card.
    assert len([c for c in at.caption if c.value.startswith("Source :")]) == 3


@pytest.mark.parametrize("communes", ["62085"])
def test_accueil_petite_commune_secret(app_env, communes):
    at = lancer(communes=communes)  # Basseux, 137 inhabitants: small counts are hidden
    valeurs = {m.label.split(" · ")[0]: m.value for m in at.metric}
    assert valeurs["Objectif légal 1"] in {"secret statistique", "–"}
    assert not at.exception


def test_accords_et_parc_vide():
    prod = production([(2014, "logements_autorises", 1)])
    carte = synthese.cartes_production(prod, OBJECTIFS_CU, P, (), 2014, 11)[0]
    assert "1 logement autorisé pour un objectif cumulé de 550" in carte.phrase
    vide = synthese.carte_parc(pd.Series({"logements": 0, "en_qpv": 0}), None, 2025)
    assert vide.phrase == "Aucun logement social au 1er janvier 2025 dans le périmètre."
