"""The indicator catalogue: every indicator the observatory shows is declared here, once.

Accueil cards, pages, the map (its list, legend and tooltip), the commune fiche, the diaporama,
the Bilan CIL workbook and document, every export header and the Méthode page read their title,
definition, numerator and denominator, unit, source, target, status words and confidentiality
rule from this module. The Méthode page is generated from it, so a definition cannot drift from
what the screens show.

Adding an indicator to the map, the fiche and Méthode: one entry here (with `carte=True`), the
count in a query if it is new, a test. `observatoire.figures.carte` computes the map's values from the
entry's `comptes` (numerator and denominator columns of the per-commune counts).

One status vocabulary for everything (`statut`):
- a closed period (a finished year, a finished PLH): « atteint » / « non atteint »;
- a period still running (the current year, a PLH in progress): « en avance » / « en retard »
  against the pace expected so far;
- « secret statistique » (the figure is hidden), « donnée manquante » (no data), « sans objet »
  (nothing to measure: no attribution in the objective's scope, no stock), « sans cible
  chiffrée » (the texts set no number).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from fractions import Fraction

# ---------------------------------------------------------------- documents, by their titles

# Cited by title on every screen, never by file name (the source documents kept with the project).
NOTE_CUS = "note de la CUA aux bailleurs pour les conventions d'utilité sociale (vers 2010)"
PLH_2014_2020 = "PLH 2014-2020, programme d'actions"
CONVENTION_2024_2026 = "convention de réservation 2024-2026 du contingent communautaire (Pas-de-Calais habitat)"
CRH_2012 = "Comité régional de l'habitat 2012, conventions d'utilité sociale"
ATELIER_DREAL_2018 = "atelier DREAL 2018 sur la réforme des attributions"

# ---------------------------------------------------------------- statuses

ATTEINT = "atteint"
NON_ATTEINT = "non atteint"
EN_AVANCE = "en avance"
EN_RETARD = "en retard"
SECRET = "secret statistique"
MANQUANT = "donnée manquante"
SANS_OBJET = "sans objet"
SANS_CIBLE = "sans cible chiffrée"

STATUTS = (ATTEINT, NON_ATTEINT, EN_AVANCE, EN_RETARD, SECRET, MANQUANT, SANS_OBJET, SANS_CIBLE)


@dataclass(frozen=True)
class Presentation:
    """How a status is drawn: never a colour alone, always a word and a sign."""

    mot: str
    signe: str  # a text glyph for tables, CSV and XLSX
    icone: str  # Streamlit material icon for badges
    couleur: str  # Streamlit badge colour name
    hexa: str  # the same colour for charts and the map (colour-blind-safe; 4.5:1 on white, couleurs.py)


PRESENTATION: dict[str, Presentation] = {
    ATTEINT: Presentation(ATTEINT, "✔", ":material/check_circle:", "blue", "#0072b2"),
    NON_ATTEINT: Presentation(NON_ATTEINT, "✘", ":material/cancel:", "orange", "#ad5400"),
    EN_AVANCE: Presentation(EN_AVANCE, "▲", ":material/trending_up:", "blue", "#0072b2"),
    EN_RETARD: Presentation(EN_RETARD, "▼", ":material/warning:", "orange", "#ad5400"),
    SECRET: Presentation(SECRET, "🔒", ":material/lock:", "gray", "#6f6f6f"),
    MANQUANT: Presentation(MANQUANT, "?", ":material/help:", "gray", "#6f6f6f"),
    SANS_OBJET: Presentation(SANS_OBJET, "–", ":material/remove:", "gray", "#6f6f6f"),
    SANS_CIBLE: Presentation(SANS_CIBLE, "·", ":material/info:", "gray", "#6f6f6f"),
}


def libelle(statut: str | None) -> str:
    """The status with its sign (« ✔ atteint »), for tables, tooltips and exports."""
    if not statut:
        return ""
    p = PRESENTATION.get(statut)
    if p is None:
        # « non atteint (2 réservataires sur 5 …) »: the status word first, then its precision.
        mot = next((m for m in sorted(PRESENTATION, key=len, reverse=True) if statut.startswith(m + " (")), None)
        return f"{PRESENTATION[mot].signe} {statut}" if mot else statut
    return f"{p.signe} {p.mot}"


def annee_courante() -> int:
    return _dt.date.today().year


def periode_close(annee_fin: int, aujourd_hui: int | None = None) -> bool:
    """A period is closed once its last calendar year is over."""
    return int(annee_fin) < (annee_courante() if aujourd_hui is None else int(aujourd_hui))


def _atteint(valeur: Fraction, cible: Fraction, sens: str) -> bool:
    return valeur >= cible if sens == ">=" else valeur <= cible


def statut(
    numerateur,
    denominateur,
    cible: Fraction | None,
    *,
    sens: str = ">=",
    close: bool = True,
    attendu=None,
    cache: bool = False,
) -> str:
    """The one status function.

    - `numerateur` / `denominateur`: the realised ratio (exact fractions: 25 % of 400 is 100);
      for a count against a target, numerator = realised, denominator = 1 and `cible` = target.
    - `close`: the period is over → « atteint » / « non atteint » against `cible`.
    - running period → « en avance » / « en retard » against `attendu` (what the pace expects by
      now, same unit as the ratio), or against `cible` when no pace is given.
    """
    if cache:
        return SECRET
    if numerateur is None or denominateur is None or _na(numerateur) or _na(denominateur):
        return MANQUANT
    if cible is None:
        return SANS_CIBLE
    if denominateur == 0:
        return SANS_OBJET
    valeur = Fraction(_exact(numerateur)) / Fraction(_exact(denominateur))
    if close:
        return ATTEINT if _atteint(valeur, Fraction(_exact(cible)), sens) else NON_ATTEINT
    repere = Fraction(_exact(cible if attendu is None else attendu))
    return EN_AVANCE if _atteint(valeur, repere, sens) else EN_RETARD


def statut_ensemble(statuts: list[str], close: bool = True) -> tuple[str, int, int]:
    """A target that every member must reach (objective 3: each réservataire).

    Returns (status, members reaching it, members measured). Members without anything to measure
    (« sans objet ») are not counted; a hidden member makes the whole status hidden only when it
    could change the verdict (all the visible ones reach the target)."""
    mesures = [s for s in statuts if s not in (SANS_OBJET, MANQUANT)]
    ok = sum(1 for s in mesures if s in (ATTEINT, EN_AVANCE))
    if not mesures:
        return SANS_OBJET, 0, 0
    if any(s == SECRET for s in mesures) and ok == len([s for s in mesures if s != SECRET]):
        return SECRET, ok, len(mesures)
    tous = ok == len(mesures)
    if close:
        return (ATTEINT if tous else NON_ATTEINT), ok, len(mesures)
    return (EN_AVANCE if tous else EN_RETARD), ok, len(mesures)


def _na(x) -> bool:
    try:
        return x != x  # NaN
    except Exception:  # pandas NA raises on bool()
        return True


def _exact(x):
    if isinstance(x, (int, Fraction)):
        return x
    return Fraction(str(float(x))) if not isinstance(x, str) else Fraction(x)


# ---------------------------------------------------------------- confidentiality rules (named here)

# Which rule applies to an indicator's figures below the level of the whole CU. The rule itself is
# implemented in observatoire.secret.suppression; an entry only names it.
SECRET_AUCUN = "aucun"  # public aggregates (Sitadel, RPLS public fields, targets)
SECRET_MENAGES = "menages"  # counts of households (attributions, OPS, PTZ): < 11 hidden, with complements
SECRET_RPLS_RESTREINT = "rpls_restreint"  # fields of the « version loi » RPLS (rent, occupancy, leases, landlord)

REGLES_SECRET = {
    SECRET_AUCUN: "Données publiques : pas de secret statistique.",
    SECRET_MENAGES: "Sous le niveau de la CU, un effectif de moins de 11 ménages est remplacé par « secret "
    "statistique », un taux aussi quand son numérateur, son dénominateur ou leur différence est sous "
    "le seuil, ainsi que les cases (total, complément, autre sélection) qui permettraient de le "
    "retrouver (voir « Secret statistique » dans les limites connues).",
    SECRET_RPLS_RESTREINT: "Champs du fichier RPLS restreint (« version loi ») : sous le niveau de la CU, un taux "
    "calculé sur moins de 11 logements, ou dont le numérateur ou le complément est sous ce "
    "seuil, est remplacé par « secret statistique », avec les cases qui le rendraient.",
}

# ---------------------------------------------------------------- the entries

LIMITE_PERIMETRE = (
    "Le périmètre de la CU d'Arras a changé : 24 communes au PLH 2008, 39 au 1er janvier 2013 (périmètre "
    "du PLH 2014-2020), 46 aujourd'hui. Tant que la liste des communes d'un PLH n'est pas renseignée, "
    "l'observatoire compte la production sur les 46 communes actuelles et l'écrit à côté du résultat."
)
LIMITE_QPV = (
    "La géographie prioritaire a changé le 1er janvier 2024 (décret 2023-1314 : 6 quartiers, nouveaux "
    "codes) ; avant, géographie 2015 (décret 2014-1750 : 5 quartiers). « En QPV » n'a donc pas le même "
    "contenu avant et après 2024 : chaque année est lue sur la géographie en vigueur, et l'écran le dit."
)

LIMITE_EX_ZUS = (
    "Anciennes ZUS (objectif 1, 2015-2020) : une attribution hors QPV marquée « ex_zus » dans l'export est "
    "comptée comme en QPV et sort du champ de l'objectif 1. Quand l'export ne porte pas la colonne « ex_zus » "
    "ou la laisse vide, l'attribution est comptée hors QPV (au dénominateur de l'objectif 1) : le taux de ces "
    "années peut alors différer de la lecture légale, et l'écran donne le nombre d'attributions concernées."
)

POURCENT, NOMBRE, POURMILLE, EUROS_M2 = "pourcent", "nombre", "pourmille", "euros_m2"


@dataclass(frozen=True)
class Indicateur:
    cle: str
    titre: str
    titre_court: str
    theme: str
    definition: str
    numerateur: str  # in words
    denominateur: str  # in words ("" for a plain count)
    unite: str  # pourcent, nombre, pourmille, euros_m2
    source: str
    millesime: str  # what the vintage means
    page: str  # the detail page, its name in ecrans/navigation.PAGES (« production »)
    formule: str
    reference: str
    texte_cible: str
    limites: tuple[str, ...] = ()
    cible: Fraction | None = None
    sens: str = ">="
    periode: str = "annuelle"  # annuelle, cumulee (PLH), stock (1er janvier)
    regle_secret: str = SECRET_AUCUN
    # Per-commune counts read by the map and the fiche: (numerator column, denominator column)
    # of the named query `requete`; None when the indicator is not mapped.
    requete: str | None = None
    comptes: tuple[str, str | None] | None = None
    non_renseignes: str | None = None  # column counting « non renseigné » (beside the denominator)
    carte: bool = False  # drawn on the map (and so on the fiche)
    fiche: bool = False  # on the commune fiche without being drawn on the map
    autres_lectures: tuple[str, ...] = field(default=())

    @property
    def texte_cible_court(self) -> str:
        if self.cible is None:
            return "pas de cible chiffrée"
        if self.unite == POURCENT:
            return f"{'≥' if self.sens == '>=' else '≤'} {float(self.cible) * 100:.0f} %".replace(".", ",")
        return self.texte_cible

    def statut(self, numerateur, denominateur, *, close: bool = True, attendu=None, cache: bool = False) -> str:
        return statut(numerateur, denominateur, self.cible, sens=self.sens, close=close, attendu=attendu, cache=cache)


_ENTREES = [
    # ------------------------------------------------------------ Production PLH
    Indicateur(
        cle="production_logements",
        titre="Production de logements neufs (PLH)",
        titre_court="Logements autorisés (PLH)",
        theme="Production PLH",
        definition="Nombre de logements neufs autorisés (permis de construire accordés) ou commencés (ouverture de "
        "chantier déclarée) dans l'année, cumulé sur les années du PLH.",
        numerateur="logements autorisés cumulés sur les années comptées du PLH",
        denominateur="objectif annuel × nombre de ces mêmes années",
        unite=POURCENT,
        source="Sitadel (SDES)",
        millesime="Année civile ; les dernières années sont révisées par le SDES pendant environ deux ans.",
        page="production",
        formule="Taux de réalisation = logements cumulés sur les années comptées du PLH ÷ (objectif annuel × ces "
        "mêmes années). Les deux côtés portent toujours sur les mêmes années, que l'écran nomme. Rythme "
        "nécessaire = (objectif de la période − cumul) ÷ années restantes.",
        reference=f"{PLH_2014_2020}, orientation n° 1 « viser la production de 550 logements neufs par an » ; le "
        "texte parle de la période 2014-2020 (sept années civiles) et des « 6 ans du PLH ».",
        texte_cible="550 logements par an.",
        cible=Fraction(1),
        periode="cumulee",
        limites=(
            "Les permis autorisés ne sont pas tous construits : « commencés » est plus proche de la production réelle.",
            "Le PLH 2014-2020 dit « 2014-2020 » (sept années civiles) et « 6 ans » : l'observatoire compte les années "
            "que la fiche du PLH désigne (par défaut toutes ses années civiles), avec l'objectif annuel de chacune.",
            LIMITE_PERIMETRE,
        ),
        requete="carte_taux_plh",
        comptes=("autorises", "objectif"),
        carte=True,
    ),
    Indicateur(
        cle="lls_finances",
        titre="Logements locatifs sociaux financés",
        titre_court="Logements locatifs sociaux financés",
        theme="Production PLH",
        definition="Logements locatifs sociaux (LLS) ayant reçu dans l'année un agrément de financement PLUS ou PLA-I "
        "(le PLS est suivi à part).",
        numerateur="LLS financés (PLUS + PLA-I) cumulés sur les années comptées du PLH",
        denominateur="objectif annuel × nombre de ces mêmes années",
        unite=POURCENT,
        source="agréments de l'État (DDTM)",
        millesime="Année de l'agrément ; la mise en service suit de deux à trois ans (visible dans le RPLS).",
        page="production",
        formule="LLS = PLUS + PLA-I financés ; taux = cumul sur les années comptées ÷ (objectif annuel × ces mêmes années).",
        reference=f"{PLH_2014_2020}, objectif opérationnel n° 1 « produire et mettre en location 200 logements "
        "locatifs sociaux par an », action n° 10 ; 140 PLUS et 60 PLA-I. PLS limité à environ 50 sur le PLH.",
        texte_cible="200 par an (140 PLUS + 60 PLA-I).",
        cible=Fraction(1),
        periode="cumulee",
        limites=(
            "Un logement financé n'est pas encore un logement livré : comparer avec les mises en service du RPLS.",
            "Une année sans fichier d'agréments est « donnée manquante », jamais zéro.",
        ),
    ),
    Indicateur(
        cle="accession_aidee",
        titre="Accession aidée à la propriété (PTZ neuf)",
        titre_court="Accession aidée (PTZ neuf)",
        theme="Production PLH",
        definition="Ménages ayant obtenu un prêt à taux zéro (PTZ) pour acheter un logement neuf : la mesure que le "
        "PLH retient pour l'accession aidée.",
        numerateur="PTZ neufs cumulés sur les années comptées du PLH",
        denominateur="objectif annuel × nombre de ces mêmes années",
        unite=POURCENT,
        source="statistiques des PTZ (SGFGAS)",
        millesime="Année d'émission du prêt.",
        page="production",
        formule="Taux = PTZ neufs cumulés sur les années comptées ÷ (140 × ces mêmes années).",
        reference=f"{PLH_2014_2020}, objectif opérationnel n° 2 et action n° 13 : « le nombre de Prêts à Taux Zéro "
        "visé dans le neuf est de 140 par an, soit 25 % de la construction neuve ».",
        texte_cible="au moins 140 par an.",
        cible=Fraction(1),
        periode="cumulee",
        regle_secret=SECRET_MENAGES,
        limites=(
            "Les PTZ sont publiés avec retard : la dernière année est souvent absente (« donnée manquante »).",
            "Le PTZ compte des ménages : sous le niveau de la CU, les petits effectifs sont couverts par le secret statistique.",
        ),
    ),
    # ------------------------------------------------------------ Attributions
    Indicateur(
        cle="objectif_1",
        titre="Objectif légal 1 — hors QPV, 1er quartile ou relogés ANRU",
        titre_court="Obj. 1 · hors QPV",
        theme="Attributions",
        definition="Part des attributions de logements situés hors QPV, suivies d'un bail signé, qui vont à des "
        "demandeurs du 1er quartile de ressources ou à des ménages relogés par une opération de "
        "renouvellement urbain (ANRU / NPNRU).",
        numerateur="baux signés hors QPV, 1er quartile ou relogés ANRU",
        denominateur="baux signés hors QPV (quartile connu ou non)",
        unite=POURCENT,
        source="SNE / exports des bailleurs",
        millesime="Année civile de l'attribution.",
        page="attributions",
        formule="attributions hors QPV suivies d'un bail, au 1er quartile ou relogées ANRU ÷ toutes les attributions "
        "hors QPV suivies d'un bail (celles dont le quartile est inconnu restent au dénominateur) ; cible ≥ 25 %.",
        reference="CCH, art. L.441-1 (loi Égalité et Citoyenneté, 2017 ; loi ELAN, 2018) ; "
        f"{ATELIER_DREAL_2018}, point 5 « Les objectifs d'attributions fixés par la loi ».",
        texte_cible="au moins 25 % chaque année.",
        cible=Fraction(1, 4),
        regle_secret=SECRET_MENAGES,
        limites=(
            "L'appartenance au 1er quartile vient du drapeau déclaré dans l'export du SNE ; à défaut, des ressources "
            "déclarées par unité de consommation comparées au seuil de l'arrêté de l'année.",
            "Depuis la loi ELAN, les anciennes ZUS comptent comme QPV pour cet objectif pendant 6 ans à partir de janvier 2015.",
            LIMITE_EX_ZUS,
            LIMITE_QPV,
            "Taux légal : une attribution dont le quartile est inconnu reste au dénominateur. Le taux parmi les cas "
            "connus est donné à côté, étiqueté comme tel, avec le nombre d'inconnus.",
        ),
        requete="attributions_comptes",
        comptes=("o1_num", "o1_den"),
        non_renseignes="o1_nr",
        carte=True,
    ),
    Indicateur(
        cle="objectif_2",
        titre="Objectif légal 2 — en QPV, quartiles 2 à 4",
        titre_court="Obj. 2 · en QPV",
        theme="Attributions",
        definition="Part des attributions de logements situés en QPV (propositions, bail signé ou non) qui vont à des "
        "demandeurs des 2e, 3e et 4e quartiles.",
        numerateur="attributions en QPV hors 1er quartile",
        denominateur="attributions en QPV (quartile connu ou non)",
        unite=POURCENT,
        source="SNE / exports des bailleurs",
        millesime="Année civile de l'attribution.",
        page="attributions",
        formule="attributions en QPV à des ménages dont le quartile est connu et n'est pas le 1er ÷ toutes les "
        "attributions en QPV ; cible ≥ 50 %.",
        reference=f"CCH, art. L.441-1 ; minimum de 50 % rendu obligatoire par la loi ELAN ({ATELIER_DREAL_2018}, point 7).",
        texte_cible="au moins 50 % chaque année.",
        cible=Fraction(1, 2),
        regle_secret=SECRET_MENAGES,
        limites=(LIMITE_QPV, "Compté sur les attributions, pas sur les baux : un refus après attribution compte."),
        requete="attributions_comptes",
        comptes=("o2_num", "o2_den"),
        non_renseignes="o2_nr",
        carte=True,
    ),
    Indicateur(
        cle="objectif_3",
        titre="Objectif légal 3 — publics prioritaires, par réservataire",
        titre_court="Obj. 3 · publics prioritaires",
        theme="Attributions",
        definition="Pour chaque réservataire (État, Action Logement, collectivités, et le bailleur pour ses logements "
        "non réservés), part des attributions qui vont à des ménages reconnus DALO ou, à défaut, aux "
        "publics prioritaires de l'article L.441-1.",
        numerateur="attributions à des ménages DALO ou prioritaires",
        denominateur="attributions du réservataire",
        unite=POURCENT,
        source="SNE / exports des bailleurs",
        millesime="Année civile de l'attribution.",
        page="attributions",
        formule="pour chaque réservataire : attributions DALO ou prioritaires ÷ attributions du réservataire ; cible "
        "≥ 25 % pour chacun. « Atteint » seulement si chaque réservataire l'atteint ; le taux tous "
        "réservataires confondus est un chiffre indicatif.",
        reference=f"CCH, art. L.441-1 ; « l'effort de relogement repose sur l'ensemble des réservataires » ({ATELIER_DREAL_2018}, point 5).",
        texte_cible="au moins 25 % pour chaque réservataire.",
        cible=Fraction(1, 4),
        regle_secret=SECRET_MENAGES,
        limites=(
            "Le taux « tous réservataires » est indicatif ; l'obligation se lit réservataire par réservataire.",
            "Le statut de public prioritaire dépend de la saisie dans le SNE.",
        ),
        requete="attributions_comptes",
        comptes=("o3_num", "o3_den"),
        non_renseignes="o3_nr",
        carte=True,
    ),
    # ------------------------------------------------------------ Contingent and CIL
    Indicateur(
        cle="contingent",
        titre="Contingent communautaire (gestion en flux)",
        titre_court="Contingent communautaire",
        theme="Contingent et bilan CIL",
        definition="Nombre de logements que chaque bailleur doit attribuer dans l'année à des ménages proposés par la "
        "CU et les communes, calculé sur les logements qui se libèrent ou sont mis en service.",
        numerateur="attributions du contingent communautaire et communal suivies d'un bail signé",
        denominateur="flux annuel dû (20 % de l'assiette)",
        unite=NOMBRE,
        source="bailleurs (entrées de la gestion en flux) ; SNE / exports des bailleurs",
        millesime="Année de la convention ; le volume est arrêté au premier trimestre.",
        page="contingent",
        formule="Flux annuel = 20 % × (logements mis en location − mutations internes − relogements NPNRU internes − "
        "relogements LHI − relogements liés aux ventes). Exemple 2024 : 677 → assiette 481 → 96. Flux réalisé = "
        "attributions suivies d'un bail signé, contingents communautaire et communaux ensemble.",
        reference=f"{CONVENTION_2024_2026}, article 3 (les contingents communautaire et communaux « ne forment qu'une "
        "seule entité »), article 4 « Principe de détermination du volume annuel » et annexe 2 ; décret "
        "2020-145 sur la gestion en flux.",
        texte_cible="20 % de l'assiette (30 % pour le contingent préfectoral).",
        cible=Fraction(1),
        regle_secret=SECRET_MENAGES,
        limites=(
            "La règle d'arrondi n'est pas écrite dans la convention : l'observatoire l'affiche à côté du résultat.",
            "Une proposition refusée ne libère pas de logement : elle ne compte pas dans le flux réalisé.",
        ),
    ),
    Indicateur(
        cle="contribution_solidaire",
        titre="Contribution solidaire (bilan annuel à la CIL)",
        titre_court="Contribution solidaire",
        theme="Contingent et bilan CIL",
        definition="Part des attributions qui vont à des ménages DALO ou prioritaires, au sens de l'article 5 de la "
        "convention ; le bilan présenté chaque année à la CIL la donne par commune, avec les attributions "
        "du contingent communautaire et les refus.",
        numerateur="ménages DALO ou prioritaires",
        denominateur="attributions retenues par la lecture choisie (voir ci-dessous)",
        unite=POURCENT,
        source="SNE / exports des bailleurs",
        millesime="Année civile.",
        page="bilan_cil",
        formule="ménages DALO ou prioritaires ÷ attributions de la base retenue ; minimum = un quart de la base, "
        "arrondi à l'entier supérieur.",
        reference=f"{CONVENTION_2024_2026}, article 5 (contribution solidaire) et article 11 « Bilan annuel ».",
        texte_cible="au moins un quart.",
        cible=Fraction(1, 4),
        regle_secret=SECRET_MENAGES,
        limites=(
            "L'article 5 se lit de deux façons : « au moins un quart des attributions annuelles des logements réservés "
            "par l'EPCI » (lecture par défaut) ou « sur l'ensemble des attributions en retirant la part déjà réservée "
            "au contingent préfectoral ». La lecture retenue est un réglage, écrit sur la page et dans le bilan ; le "
            "chiffre de l'autre lecture est donné à côté.",
            "Sous le niveau de la CU, les petits effectifs sont couverts par le secret statistique.",
        ),
    ),
    # ------------------------------------------------------------ Stock
    Indicateur(
        cle="parc_social",
        titre="Logements sociaux (stock au 1er janvier)",
        titre_court="Logements sociaux",
        theme="Parc social",
        definition="Logements des bailleurs sociaux au 1er janvier, en et hors QPV, par financement, taille, époque et commune.",
        numerateur="logements sociaux",
        denominateur="",
        unite=NOMBRE,
        source="RPLS (SDES)",
        millesime="Parc au 1er janvier de l'année du millésime.",
        page="parc_social",
        formule="Nombre de logements du répertoire au 1er janvier.",
        reference=f"{PLH_2014_2020}, action n° 52 : faire de l'observatoire l'outil de pilotage de la politique "
        f"communautaire ; la {NOTE_CUS} demande que les données des CUS alimentent l'observatoire.",
        texte_cible="pas de cible chiffrée de stock : le PLH fixe une production.",
        periode="stock",
        limites=(
            "Le fichier public du RPLS ne donne pas l'identité du bailleur, ni le loyer, ni l'occupation : le détail par "
            "bailleur demande le fichier restreint, remis aux services de l'État et aux partenaires.",
            LIMITE_PERIMETRE,
        ),
        requete="parc_indicateurs",
        comptes=("logements", None),
        carte=True,
    ),
    Indicateur(
        cle="poids_social",
        titre="Logements sociaux pour 1 000 habitants",
        titre_court="Logements sociaux ‰ habitants",
        theme="Parc social",
        definition="Logements sociaux au 1er janvier rapportés à la population municipale.",
        numerateur="logements sociaux",
        denominateur="habitants (population municipale)",
        unite=POURMILLE,
        source="RPLS (SDES), population municipale (INSEE)",
        millesime="Parc au 1er janvier ; population du dernier recensement disponible.",
        page="parc_social",
        formule="Logements sociaux pour 1 000 habitants = logements sociaux au 1er janvier ÷ population municipale × 1 000.",
        reference="Indicateur de cadrage des publications régionales du RPLS.",
        texte_cible="pas de cible chiffrée.",
        periode="stock",
        requete="parc_indicateurs",
        comptes=("logements", "population"),
        carte=True,
    ),
    Indicateur(
        cle="part_qpv",
        titre="Part du parc social situé en QPV",
        titre_court="Parc en QPV",
        theme="Parc social",
        definition="Logements sociaux situés en quartier prioritaire (géographie du millésime) ÷ logements sociaux.",
        numerateur="logements en QPV",
        denominateur="logements sociaux",
        unite=POURCENT,
        source="RPLS (SDES)",
        millesime="Parc au 1er janvier.",
        page="parc_social",
        formule="logements situés en QPV ÷ logements sociaux.",
        reference="Publications régionales du RPLS ; suivi du peuplement demandé par le PLH (action n° 31).",
        texte_cible="pas de cible chiffrée.",
        periode="stock",
        limites=(LIMITE_QPV,),
        requete="parc_indicateurs",
        comptes=("en_qpv", "logements"),
        carte=True,
    ),
    Indicateur(
        cle="dpe_efg",
        titre="Part des logements classés E, F ou G (DPE énergie)",
        titre_court="Logements classés E, F ou G",
        theme="Parc social",
        definition="Part des logements sociaux dont l'étiquette énergie du DPE est E, F ou G, parmi ceux dont le DPE "
        "est connu : les logements à rénover en priorité.",
        numerateur="logements classés E, F ou G",
        denominateur="logements au DPE connu",
        unite=POURCENT,
        source="RPLS (SDES)",
        millesime="Parc au 1er janvier.",
        page="parc_social",
        formule="logements classés E, F ou G ÷ logements dont le DPE est connu ; les logements sans DPE sont comptés à "
        "part (comme le fait le SDES).",
        reference=f"{NOTE_CUS} : « engager prioritairement la rénovation énergétique des bâtiments en classe E, F, G en "
        f"vue d'atteindre a minima la classe C » ; {CRH_2012}, indicateurs C3/C4.",
        texte_cible="pas de cible chiffrée : une priorité de rénovation, sortie en classe C (< 150 kWhEP/m²/an).",
        periode="stock",
        limites=(
            "Le nombre de logements sans DPE est donné à côté du taux.",
            "Le DPE a changé de méthode en juillet 2021 : les étiquettes avant et après ne sont pas strictement comparables.",
        ),
        requete="parc_indicateurs",
        comptes=("efg", "dpe_connu"),
        non_renseignes="dpe_inconnu",
        carte=True,
    ),
    Indicateur(
        cle="mises_en_service",
        titre="Part des logements mis en service dans l'année",
        titre_court="Mises en service",
        theme="Parc social",
        definition="Part du parc social au 1er janvier N formée des logements mis en service pendant l'année N-1 : "
        "le renouvellement du parc par la construction et l'acquisition.",
        numerateur="logements mis en service pendant l'année N-1",
        denominateur="logements sociaux au 1er janvier N",
        unite=POURCENT,
        source="RPLS (SDES)",
        millesime="Parc au 1er janvier N ; les mises en service portent sur l'année N-1.",
        page="parc_social",
        formule="logements du parc au 1er janvier N signalés « mis en service pendant l'année N-1 » (NEWLOGT) ÷ "
        "logements du parc au 1er janvier N.",
        reference="Indicateur « mises en service » des publications régionales du RPLS (SDES).",
        texte_cible="pas de cible chiffrée : la production attendue par le PLH se lit sur la page Production PLH.",
        periode="stock",
        limites=("Un logement acquis puis conventionné compte comme une mise en service, comme dans le RPLS.",),
        requete="parc_indicateurs",
        comptes=("mises_en_service", "logements"),
        carte=True,
    ),
    Indicateur(
        cle="vacance",
        titre="Taux de vacance de plus de 3 mois",
        titre_court="Vacance > 3 mois",
        theme="Parc social",
        definition="Part des logements proposés à la location qui sont vacants depuis plus de trois mois. « Vacant » "
        "(MODE 2 : proposé à la location, sans locataire) n'est pas « vide » (MODE 3 : hors location, "
        "travaux, vente, démolition).",
        numerateur="logements vacants depuis plus de 3 mois",
        denominateur="logements loués ou vacants",
        unite=POURCENT,
        source="RPLS (SDES), fichier restreint",
        millesime="Parc au 1er janvier.",
        page="parc_social",
        formule="Taux de vacance de plus de 3 mois = logements vacants depuis plus de 3 mois (MODE = 2, durée de "
        "vacance > 3 mois) ÷ logements loués ou vacants (MODE = 1 ou 2) ; les logements vides (MODE = 3) "
        "n'entrent ni au numérateur ni au dénominateur.",
        reference="Définition du SDES reprise par les publications régionales du RPLS.",
        texte_cible="pas de cible chiffrée.",
        periode="stock",
        regle_secret=SECRET_RPLS_RESTREINT,
        limites=("Le champ MODE n'est pas dans le fichier public du RPLS.",),
        requete="parc_indicateurs",
        comptes=("vacants_3_mois", "loues_ou_vacants"),
        carte=True,
    ),
    Indicateur(
        cle="mobilite",
        titre="Taux de mobilité (rotation)",
        titre_court="Mobilité",
        theme="Parc social",
        definition="Part des logements qui ont changé de locataire dans l'année précédant le 1er janvier.",
        numerateur="baux signés l'année précédente (logements mis en location avant)",
        denominateur="logements loués ou vacants mis en location avant l'année précédente",
        unite=POURCENT,
        source="RPLS (SDES), fichier restreint",
        millesime="Parc au 1er janvier N ; la mobilité porte sur l'année N-1.",
        page="parc_social",
        formule="Taux de mobilité (parc au 1er janvier N) = baux signés pendant l'année N-1 sur des logements mis en "
        "location avant N-1 ÷ logements loués ou vacants mis en location avant N-1.",
        reference="Définition du SDES reprise par les publications régionales du RPLS ; flux de mutation suivis par "
        f"le {PLH_2014_2020} (action n° 31).",
        texte_cible="pas de cible chiffrée.",
        periode="stock",
        regle_secret=SECRET_RPLS_RESTREINT,
        limites=("La date de bail n'est pas dans le fichier public du RPLS.",),
        requete="parc_indicateurs",
        comptes=("baux_annee_precedente", "base_mobilite"),
        carte=True,
    ),
    Indicateur(
        cle="loyer_moyen",
        titre="Loyer moyen au m² de surface habitable",
        titre_court="Loyer moyen",
        theme="Parc social",
        definition="Loyer principal mensuel moyen par m² de surface habitable des logements loués.",
        numerateur="somme des loyers principaux (€/mois)",
        denominateur="somme des surfaces habitables (m²)",
        unite=EUROS_M2,
        source="RPLS (SDES), fichier restreint",
        millesime="Parc au 1er janvier.",
        page="parc_social",
        formule="Loyer moyen = somme des loyers principaux (LOYERPRINC, €/mois) ÷ somme des surfaces habitables "
        "(SURFHAB, m²) des logements loués dont le loyer est connu.",
        reference="Définition du SDES reprise par les publications régionales du RPLS.",
        texte_cible="pas de cible chiffrée.",
        periode="stock",
        regle_secret=SECRET_RPLS_RESTREINT,
        limites=(
            "Le loyer n'est pas dans le fichier public du RPLS.",
            "Secret statistique : le loyer moyen d'une commune est masqué quand elle compte moins de 11 logements "
            "loués ou vacants (avec une deuxième commune, pour que le total de la CU ne le rende pas).",
        ),
        fiche=True,
    ),
    # ------------------------------------------------------------ Occupation
    Indicateur(
        cle="occupation",
        titre="Occupation du parc social",
        titre_court="Occupation",
        theme="Occupation",
        definition="Profil des ménages logés : ressources par rapport aux plafonds PLUS, bénéficiaires de l'APL, "
        "composition familiale, âge du titulaire, emménagés récents ; en QPV et hors QPV.",
        numerateur="ménages de la catégorie",
        denominateur="ménages enquêtés",
        unite=POURCENT,
        source="enquête sur l'occupation du parc social (OPS), GIP SNE",
        millesime="Enquête tous les deux ans (2012 … 2022).",
        page="occupation",
        formule="part = ménages de la catégorie ÷ ménages enquêtés.",
        reference=f"{PLH_2014_2020}, action n° 31 (peuplement : % APL, ménages sous 60 % des plafonds, par commune, "
        f"QPV / hors QPV) ; sources présentées à l'{ATELIER_DREAL_2018}.",
        texte_cible="pas de cible chiffrée.",
        periode="stock",
        regle_secret=SECRET_MENAGES,
        limites=(
            "Aucun groupe de moins de 11 ménages n'est affiché (secret statistique), ni les cases qui permettraient de le retrouver.",
            "Une part est masquée aussi quand les ménages qui n'ont pas le profil sont moins de 11 (ménages enquêtés − "
            "ménages du profil) ; le nombre de ménages enquêtés reste affiché.",
            "Le total d'une sélection de communes n'est affiché que si aucune de ses communes n'a de case masquée ; "
            "sinon la page donne les chiffres de toute la CU et le dit.",
        ),
    ),
]

INDICATEURS: dict[str, Indicateur] = {i.cle: i for i in _ENTREES}
# Older spellings still found in shared links (?indicateur=taux_plh): read, never written.
ALIAS = {"taux_plh": "production_logements", "parc": "parc_social"}

THEMES = list(dict.fromkeys(i.theme for i in _ENTREES))


def indicateur(cle: str) -> Indicateur:
    """The entry for `cle` (or one of its older spellings); KeyError otherwise."""
    return INDICATEURS[ALIAS.get(cle, cle)]


def sur_la_carte() -> list[Indicateur]:
    return [i for i in _ENTREES if i.carte]


def sur_la_fiche() -> list[Indicateur]:
    return [i for i in _ENTREES if i.carte or i.fiche]


def objectif_attribution(numero: int) -> Indicateur:
    return INDICATEURS[f"objectif_{numero}"]
