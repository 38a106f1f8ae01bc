"""Contingent communautaire, gestion en flux (convention de réservation 2024-2026, art. 3-5, 11 and
annex 2), and the « contribution solidaire » of the annual CIL bilan (art. 11).

Per landlord and year:

    assiette de référence = mises en location
                            − (mutations internes + relogements NPNRU internes
                               + relogements LHI + relogements liés aux ventes)
    contingent préfectoral = 30 % × assiette
    contingent EPCI        = 20 % × assiette   (the year's objective for the CU d'Arras)

- « dont 1ères mises en location » is *included* in the mises en location and is not excluded:
  annex 2 gives it « pour info » and art. 4 says reservations apply « dès la première mise en
  location des logements et au fur et à mesure qu'ils se libèrent ».
- Rounding: each contingent is **rounded down to a whole dwelling** (troncature), computed on
  integers (no floating point). The convention sets 20 % as a *maximum* (« un pourcentage maximum
  de 20 % des logements libérés ou mis en service »): rounding down never exceeds it. Annex 2:
  677 − (180 + 10 + 5 + 1) = 481 → 481 × 30 % = 144,3 → 144 ; 481 × 20 % = 96,2 → 96.
- Realised flux (art. 3 and 4): attributions on the EPCI's contingent **followed by a signed
  lease** (a refused proposal frees no dwelling), the contingent communautaire and the communal
  contingents counted together (« ne forment qu'une seule entité », art. 3). Defined once, in
  queries/derives/derivee_attributions_agregats.sql (`contingent_realise`), summed by attributions_comptes.
- Contribution solidaire (art. 5): at least ¼ of the attributions go to DALO / L.441-1 priority
  publics. The article reads two ways: « au moins un quart des attributions annuelles des
  logements réservés par l'EPCI » (reading « epci », the default: attributions on the contingent
  communautaire and communal) and « sur l'ensemble des attributions en retirant la part déjà
  réservée au contingent préfectoral » (reading « hors_prefectoral »). The reading is a setting
  stored in the base (table `reglages`); the bilan states it and gives the other one beside it.
  The minimum is rounded up (« au moins un quart »).
- Statuses come from observatoire.indicateurs.catalogue only: a finished year reads « atteint / non atteint »,
  the current year « en avance / en retard » (the flux against the pace expected so far).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from fractions import Fraction

import pandas as pd

from observatoire import formats as fr
from observatoire.base import ecriture, memoire
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue
from observatoire.secret import suppression as secret

TAUX_PREFECTORAL = Fraction(30, 100)
TAUX_EPCI = Fraction(20, 100)
PART_CONTRIBUTION_SOLIDAIRE = Fraction(1, 4)

EXCLUSIONS = ["mutations_internes", "relogements_npnru_internes", "relogements_lhi", "relogements_ventes"]
ENTREES = ["mises_en_location", "premieres_mises_en_location"] + EXCLUSIONS
LIBELLES = {
    "annee": "Année",
    "bailleur": "Bailleur",
    "mises_en_location": "Mises en location (1)",
    "premieres_mises_en_location": "dont 1ères mises en location (pour info)",
    "mutations_internes": "Mutations internes hors NPNRU (2)",
    "relogements_npnru_internes": "Relogements NPNRU internes (3)",
    "relogements_lhi": "Relogements LHI (4)",
    "relogements_ventes": "Relogements ventes (5)",
    "exclusions": "Exclusions (2+3+4+5)",
    "assiette": "Assiette de référence 1 − (2+3+4+5)",
    "contingent_prefectoral": "Contingent préfectoral 30 %",
    "contingent_epci": "Contingent EPCI 20 % (objectif)",
}
REGLE_ARRONDI = (
    "Chaque contingent est arrondi à l'entier inférieur (troncature) : la convention fixe 20 % comme "
    "un maximum, l'arrondi ne le dépasse donc jamais."
)
REGLE_PREMIERES = (
    "Les 1ères mises en location (livraisons) sont comprises dans les mises en location et ne sont "
    "pas exclues : l'annexe 2 les donne « pour info » et l'article 4 précise que les réservations "
    "s'exercent dès la première mise en location."
)

# Annex 2 of the convention de réservation 2024-2026, Pas-de-Calais habitat, year 2024.
EXEMPLE_ANNEXE_2 = {
    "annee": 2024,
    "bailleur": "OPH Pas-de-Calais habitat (exemple de l'annexe 2)",
    "mises_en_location": 677,
    "premieres_mises_en_location": 0,
    "mutations_internes": 180,
    "relogements_npnru_internes": 10,
    "relogements_lhi": 5,
    "relogements_ventes": 1,
}


def arrondi(x: Fraction) -> int:
    """Round down to a whole dwelling (documented rule, see module docstring)."""
    return math.floor(x)


@dataclass(frozen=True)
class Flux:
    assiette: int
    exclusions: int
    contingent_prefectoral: int
    contingent_epci: int


def calculer(
    mises_en_location: int,
    mutations_internes: int,
    relogements_npnru_internes: int,
    relogements_lhi: int,
    relogements_ventes: int,
    premieres_mises_en_location: int = 0,
) -> Flux:
    """The flux of one landlord and year. `premieres_mises_en_location` is for information only."""
    exclusions = mutations_internes + relogements_npnru_internes + relogements_lhi + relogements_ventes
    assiette = mises_en_location - exclusions
    return Flux(assiette, exclusions, arrondi(TAUX_PREFECTORAL * assiette), arrondi(TAUX_EPCI * assiette))


@memoire.pur
def tableau_flux(entrees: pd.DataFrame) -> pd.DataFrame:
    """Add exclusions, assiette and both contingents to a table of validated inputs."""
    sortie = entrees.copy()
    res = [calculer(**{c: int(ligne[c]) for c in ENTREES}) for ligne in entrees.to_dict("records")]
    sortie["exclusions"] = [r.exclusions for r in res]
    sortie["assiette"] = [r.assiette for r in res]
    sortie["contingent_prefectoral"] = [r.contingent_prefectoral for r in res]
    sortie["contingent_epci"] = [r.contingent_epci for r in res]
    return sortie


def phrase_calcul(ligne) -> str:
    """« 677 − (180 + 10 + 5 + 1) = 481 → 144 (30 %) → 96 (20 %) » for one landlord-year."""
    f = calculer(**{c: int(ligne[c]) for c in ENTREES})
    parts = " + ".join(fr.nombre(ligne[c]) for c in EXCLUSIONS)
    return (
        f"{fr.nombre(ligne['mises_en_location'])} − ({parts}) = {fr.nombre(f.assiette)} "
        f"→ contingent préfectoral {fr.nombre(f.contingent_prefectoral)} (30 %) "
        f"→ contingent EPCI {fr.nombre(f.contingent_epci)} (20 %)"
    )


# ---------------------------------------------------------------- inputs typed or uploaded


def _entier(v) -> int | None:
    if v is None or v is pd.NA or isinstance(v, bool):
        return None
    if isinstance(v, float):
        return int(v) if not math.isnan(v) and v == int(v) else None
    if isinstance(v, int):
        return v
    texte = str(v).strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace("−", "-")
    if texte.endswith(",0") or texte.endswith(".0"):
        texte = texte[:-2]
    try:
        return int(texte)
    except ValueError:
        return None


def valider_flux(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Check yearly inputs: a year, a landlord, whole non-negative numbers, exclusions and first
    lettings not above the mises en location, one row per landlord and year.
    Returns (clean table with ENTREES as int, annee, bailleur) and French messages; when there is
    any message, nothing must be saved."""
    erreurs: list[str] = []
    manquantes = [c for c in ["annee", "bailleur"] + ENTREES if c not in df.columns]
    if manquantes:
        noms = ", ".join(LIBELLES.get(c, c) for c in manquantes)
        return pd.DataFrame(columns=["annee", "bailleur"] + ENTREES), [f"Colonnes manquantes : {noms}."]
    propres, vus = [], set()
    for i, ligne in enumerate(df.to_dict("records"), start=1):
        bailleur = (
            "" if ligne.get("bailleur") is None or ligne.get("bailleur") is pd.NA else str(ligne["bailleur"]).strip()
        )
        if bailleur.lower() == "nan":
            bailleur = ""
        qui = f"Ligne {i}" + (f" ({bailleur})" if bailleur else "")
        annee = _entier(ligne.get("annee"))
        ok = True
        if not bailleur:
            erreurs.append(f"{qui} : le bailleur est vide.")
            ok = False
        if annee is None or not 2000 <= annee <= 2100:
            erreurs.append(f"{qui} : l'année « {ligne.get('annee')} » n'est pas une année valide.")
            ok = False
        valeurs = {}
        for c in ENTREES:
            v = _entier(ligne.get(c))
            if v is None:
                erreurs.append(f"{qui} : « {LIBELLES[c]} » doit être un nombre entier (reçu « {ligne.get(c)} »).")
                ok = False
            elif v < 0:
                erreurs.append(f"{qui} : « {LIBELLES[c]} » ne peut pas être négatif (reçu {v}).")
                ok = False
            else:
                valeurs[c] = v
        if not ok:
            continue
        exclusions = sum(valeurs[c] for c in EXCLUSIONS)
        if exclusions > valeurs["mises_en_location"]:
            erreurs.append(
                f"{qui} : les exclusions ({exclusions}) dépassent les mises en location "
                f"({valeurs['mises_en_location']}) ; l'assiette serait négative."
            )
            continue
        if valeurs["premieres_mises_en_location"] > valeurs["mises_en_location"]:
            erreurs.append(f"{qui} : les 1ères mises en location dépassent les mises en location.")
            continue
        if (annee, bailleur) in vus:
            erreurs.append(f"{qui} : le bailleur apparaît deux fois pour {annee}.")
            continue
        vus.add((annee, bailleur))
        propres.append({"annee": annee, "bailleur": bailleur, **valeurs})
    if not len(df):
        erreurs.append("Le tableau est vide : rien à enregistrer.")
    return pd.DataFrame(propres, columns=["annee", "bailleur"] + ENTREES), erreurs


def lire_fichier_flux(contenu: bytes) -> pd.DataFrame:
    """An uploaded CSV (`;` or `,`, UTF-8 with or without BOM, or CP1252) with the columns of
    the contingent_flux table; every cell is read as text and checked by `valider_flux`.
    An unreadable file (empty, not text, unbalanced quote…) raises ValueError with one French
    sentence, which the page shows."""
    import io

    texte = None
    for encodage in ("utf-8-sig", "cp1252"):
        try:
            texte = contenu.decode(encodage)
            break
        except UnicodeDecodeError:
            continue
    if texte is None or "\x00" in texte:
        raise ValueError("le fichier n'est pas un fichier texte CSV (UTF-8 ou Windows-1252 attendu).")
    lignes = texte.splitlines()
    if not lignes or not lignes[0].strip():
        raise ValueError("le fichier est vide : la première ligne doit donner les noms des colonnes.")
    sep = ";" if lignes[0].count(";") >= lignes[0].count(",") else ","
    try:
        df = pd.read_csv(io.StringIO(texte), sep=sep, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise ValueError("le fichier est vide : la première ligne doit donner les noms des colonnes.") from None
    except pd.errors.ParserError:
        raise ValueError(
            "le fichier CSV est mal formé (guillemet non refermé ou nombre de colonnes variable d'une ligne à l'autre)."
        ) from None
    df.columns = [str(c).strip() for c in df.columns]
    return df


def enregistrer_flux(chemin, propres: pd.DataFrame) -> int:
    """Replace the inputs of these landlord-years (demo = false) through the one write path."""
    return ecriture.enregistrer_flux(chemin, propres[["annee", "bailleur"] + ENTREES])


# ---------------------------------------------------------------- realised vs objective, contribution solidaire


LECTURE_EPCI = "epci"
LECTURE_HORS_PREFECTORAL = "hors_prefectoral"
LECTURE_DEFAUT = LECTURE_EPCI
CLE_LECTURE = "contribution_solidaire_lecture"  # key of the setting in the table `reglages`
SOURCE_CONVENTION = "convention de réservation 2024-2026"
LECTURES = {
    LECTURE_EPCI: (
        "attributions des logements réservés par l'EPCI",
        "un quart des attributions annuelles des logements réservés par l'EPCI (contingent communautaire et "
        f"contingents communaux, qui « ne forment qu'une seule entité »), {SOURCE_CONVENTION}, articles 3 et 5",
    ),
    LECTURE_HORS_PREFECTORAL: (
        "toutes les attributions hors contingent préfectoral",
        "un quart de l'ensemble des attributions, « en retirant la part déjà réservée au contingent préfectoral » "
        f"(réservataire État), {SOURCE_CONVENTION}, article 5",
    ),
}
# Columns of attributions_comptes for each reading: (base, priority households, priority unknown).
COLONNES_LECTURE = {
    LECTURE_EPCI: ("cs_epci_den", "cs_epci_num", "cs_epci_nr"),
    LECTURE_HORS_PREFECTORAL: ("cs_den", "cs_num", "cs_nr"),
}


def autre_lecture(lecture: str) -> str:
    return LECTURE_HORS_PREFECTORAL if lecture == LECTURE_EPCI else LECTURE_EPCI


def lecture_reglee(reglages: pd.DataFrame | None) -> str:
    """The reading stored in the table `reglages` (query `reglages`), the default otherwise."""
    if reglages is not None and len(reglages):
        v = reglages.loc[reglages["cle"] == CLE_LECTURE, "valeur"]
        if len(v) and v.iloc[0] in LECTURES:
            return str(v.iloc[0])
    return LECTURE_DEFAUT


def enregistrer_lecture(chemin, lecture: str) -> str:
    """Store the reading of the contribution solidaire (setting of the table `reglages`)."""
    if lecture not in LECTURES:
        raise ValueError(f"Lecture inconnue : {lecture}")
    return ecriture.enregistrer_reglage(chemin, CLE_LECTURE, lecture)


@dataclass(frozen=True)
class ContributionSolidaire:
    base: int  # attributions of the reading's base (an unknown priority stays in it, as for objective 3)
    menages: int  # of which DALO / L.441-1 priority publics
    non_renseignes: int = 0  # of the base, priority flag unknown (in the base, not among the households)

    @property
    def minimum(self) -> int:
        return math.ceil(PART_CONTRIBUTION_SOLIDAIRE * self.base)

    @property
    def manque(self) -> int:
        return max(0, self.minimum - self.menages)

    @property
    def taux(self) -> float | None:
        return self.menages / self.base if self.base else None


def contribution_solidaire(ligne, lecture: str) -> ContributionSolidaire:
    """The contribution solidaire of a row of summed counts (attributions_comptes) in `lecture`."""
    den, num, nr = COLONNES_LECTURE[lecture]
    return ContributionSolidaire(int(ligne[den]), int(ligne[num]), int(ligne[nr]))


def statut_contribution(cs: ContributionSolidaire, close: bool = True) -> str:
    """At least a quarter: households / base ≥ ¼ (the same as households ≥ ⌈base / 4⌉)."""
    return catalogue.statut(cs.menages, cs.base, PART_CONTRIBUTION_SOLIDAIRE, close=close)


def _aujourd_hui(aujourd_hui: dt.date | None) -> dt.date:
    return aujourd_hui or dt.date.today()


def attendu_a_date(du: int, annee: int, aujourd_hui: dt.date | None = None) -> Fraction:
    """What the pace expects of a year's flux by `aujourd_hui`: due × days elapsed / days in year."""
    jour = _aujourd_hui(aujourd_hui)
    debut, fin = dt.date(annee, 1, 1), dt.date(annee + 1, 1, 1)
    ecoules = min(max((jour - debut).days, 0), (fin - debut).days)
    return Fraction(du) * Fraction(ecoules, (fin - debut).days)


def statut_contingent(realise, du, annee: int, aujourd_hui: dt.date | None = None) -> str:
    """Realised flux against the flux due (catalogue.statut, a count against a target): a finished
    year « atteint / non atteint », the current year « en avance / en retard » against the pace
    expected so far; no input for the year: « donnée manquante »."""
    jour = _aujourd_hui(aujourd_hui)
    close = catalogue.periode_close(annee, jour.year)
    if du is None or du is pd.NA or (isinstance(du, float) and math.isnan(du)):
        return catalogue.statut(realise, None, None)
    du = int(du)
    attendu = None if close else attendu_a_date(du, annee, jour)
    return catalogue.statut(realise, 1, du, close=close, attendu=attendu)


def realise_contre_objectif(
    objectifs: pd.DataFrame, realises: pd.DataFrame, annee: int | None = None, aujourd_hui: dt.date | None = None
) -> pd.DataFrame:
    """Per landlord: flux due (contingent EPCI) vs realised flux (attributions on the contingent
    communautaire and communal followed by a signed lease), with its status for `annee` (a closed
    year when not given). `objectifs`: bailleur, contingent_epci; `realises`: bailleur,
    contingent_realise. A landlord with no input has no objective (NA), never 0."""
    t = objectifs[["bailleur", "contingent_epci"]].merge(
        realises[["bailleur", "contingent_realise"]], on="bailleur", how="outer"
    )
    t["contingent_realise"] = t["contingent_realise"].fillna(0).astype("int64")
    t["contingent_epci"] = t["contingent_epci"].astype("Int64")
    t["ecart"] = t["contingent_realise"] - t["contingent_epci"]
    t["taux_realisation"] = [
        (r / o) if pd.notna(o) and o else None for r, o in zip(t["contingent_realise"], t["contingent_epci"])
    ]
    an = annee if annee is not None else _aujourd_hui(aujourd_hui).year - 1
    t["statut"] = [
        statut_contingent(r, None if pd.isna(o) else int(o), an, aujourd_hui)
        for r, o in zip(t["contingent_realise"], t["contingent_epci"])
    ]
    return t.sort_values("bailleur").reset_index(drop=True)


def saisir_flux(chemin, saisie: pd.DataFrame) -> tuple[int, list[str]]:
    """Validate then save: with any error, nothing is written. Returns (rows written, messages)."""
    propres, erreurs = valider_flux(saisie)
    if erreurs:
        return 0, erreurs
    return enregistrer_flux(chemin, propres), []


# ---------------------------------------------------------------- annual CIL bilan (art. 11)


def colonnes_bilan(lecture: str = LECTURE_DEFAUT) -> list[tuple[str, str, str]]:
    """Columns of the art. 11 bilan by commune; the contribution solidaire in `lecture`, the other
    reading's figures beside it."""
    autre = LECTURES[autre_lecture(lecture)][0]
    return [
        ("contingent_entite", "Contingent communautaire et communal : attributions", "nombre"),
        ("contingent_entite_refus", "dont refusées par le ménage", "nombre"),
        ("contingent_realise", "Flux réalisé (bail signé)", "nombre"),
        ("refus", "Refus, toutes attributions", "nombre"),
        ("cs_base", "Contribution solidaire : base", "nombre"),
        ("cs_menages", "Contribution solidaire : ménages prioritaires", "nombre"),
        ("cs_min", "Minimum ¼", "nombre"),
        ("cs_manque", "Manquants pour ¼", "nombre"),
        ("cs_statut", "Contribution solidaire : statut", "statut"),
        ("cs_autre_menages", f"Autre lecture ({autre}) : ménages prioritaires", "nombre"),
        ("cs_autre_base", f"Autre lecture ({autre}) : base", "nombre"),
    ]


COLONNES_BILAN = colonnes_bilan()


def definitions_bilan(lecture: str = LECTURE_DEFAUT) -> dict[str, str]:
    return {
        "Contingent communautaire et communal": "attributions au titre du contingent de la CU d'Arras, délégué aux "
        "communes : contingent communautaire et contingents communaux, qui « ne forment qu'une seule entité » "
        f"({SOURCE_CONVENTION}, article 3) ; « dont refusées » : celles que le ménage a refusées",
        "Flux réalisé": "attributions du contingent suivies d'un bail signé : une proposition refusée ne libère pas "
        "de logement et ne compte pas",
        "Refus, toutes attributions": "attributions refusées par le ménage, quel que soit le réservataire",
        "Contribution solidaire": f"ménages DALO ou publics prioritaires L.441-1 ; lecture retenue : {LECTURES[lecture][1]}",
        "Autre lecture": f"le même chiffre selon l'autre lecture de l'article 5 : {LECTURES[autre_lecture(lecture)][1]}",
        "Minimum ¼": "un quart de la base, arrondi à l'entier supérieur ; « manquants » : ménages qu'il manquait "
        "pour l'atteindre ; une priorité non renseignée est exclue de la base",
    }


DEFINITIONS_BILAN = definitions_bilan()
LIBELLES_COURTS = {
    "bailleur": "Bailleur",
    "mises_en_location": "Mises en location (1)",
    "premieres_mises_en_location": "dont 1ères (info)",
    "mutations_internes": "Mutations internes (2)",
    "relogements_npnru_internes": "NPNRU internes (3)",
    "relogements_lhi": "LHI (4)",
    "relogements_ventes": "Ventes (5)",
    "exclusions": "Exclusions",
    "assiette": "Assiette",
    "contingent_prefectoral": "Préfectoral 30 %",
    "contingent_epci": "EPCI 20 % (objectif)",
}


@memoire.pur
def etapes_exemple(ligne) -> pd.DataFrame:
    """The calculation of one landlord-year as a two-column table (step, value), for the screen."""
    t = tableau_flux(pd.DataFrame([ligne])).iloc[0]
    etapes = [c for c in LIBELLES if c not in ("annee", "bailleur")]
    return pd.DataFrame({"Étape": [LIBELLES[c] for c in etapes], "Valeur": [fr.nombre(t[c]) for c in etapes]})


def _colonnes_cs(df: pd.DataFrame, lecture: str, close: bool) -> None:
    den, num, _ = COLONNES_LECTURE[lecture]
    aden, anum, _ = COLONNES_LECTURE[autre_lecture(lecture)]
    cs = [ContributionSolidaire(int(b), int(m)) for b, m in zip(df[den], df[num])]
    df["cs_base"], df["cs_menages"] = df[den].astype("int64"), df[num].astype("int64")
    df["cs_min"] = [c.minimum for c in cs]
    df["cs_manque"] = [c.manque for c in cs]
    df["cs_statut"] = [statut_contribution(c, close) for c in cs]
    df["cs_autre_base"], df["cs_autre_menages"] = df[aden].astype("int64"), df[anum].astype("int64")


# ---------------------------------------------------------------- the bilan's publication grid (secret statistique)
#
# The bilan by commune is published on one grid: every commune of the base (for a year and a
# landlord filter), whatever the commune filter says, as the legal objectives are
# (observatoire.secret.valeurs). Its cells are the counts below, named independently of the reading of
# the contribution solidaire (the reading only says which pair is « retenue »), so that the same
# cells are hidden on the Bilan CIL page, the Contingent page and the diaporama, whatever the
# reading.

CLES_COMMUNE = ["code_insee", "commune"]
COMPTES_GRILLE = [
    "contingent_entite",
    "contingent_entite_refus",
    "contingent_realise",
    "refus",
    "cs_epci_den",
    "cs_epci_num",
    "cs_den",
    "cs_num",
]
# Rates are one cell (numerator and denominator hidden together, the complement checked).
COUPLES_GRILLE = [
    ("contingent_entite_refus", "contingent_entite"),
    ("cs_epci_num", "cs_epci_den"),
    ("cs_num", "cs_den"),
]
# The same count under two names: the base of the contribution solidaire in the reading « EPCI »
# counts the attributions on the contingent, exactly as contingent_entite does
# (queries/derives/derivee_attributions_agregats.sql). Hidden in one column and shown in the other, it
# came back (2023 demo: Saint-Laurent-Blangy's base hidden, its contingent shown, 24 both).
IDENTIQUES_GRILLE = [("contingent_entite", "cs_epci_den")]
# The counts of the legal objectives' grid (observatoire.secret.valeurs, the map, the fiche), which the
# Bilan CIL page shows beside the bilan by commune.
COMPTES_OBJECTIFS = ["o1_num", "o1_den", "o2_num", "o2_den", "o3_num", "o3_den"]


@memoire.pur
def masquer_force(
    df: pd.DataFrame, colonnes: list[str], force: pd.DataFrame, seuil: int, couples=(), identiques=()
) -> pd.DataFrame:
    """secret.masquer (primary and secondary suppression, rates as one cell) with two additions:
    the cells of `force` are hidden from the start (a commune hidden in another table of the same
    page), and the columns of each pair of `identiques` (the same count under two names) are hidden
    together. Secondary suppression runs again until nothing changes. Returns the mask."""
    force = force[colonnes].astype(bool).copy()
    nombres = {c: pd.to_numeric(df[c], errors="coerce") for c in colonnes}
    while True:
        x = df[colonnes].copy()
        for c in colonnes:
            # A non-zero cell to hide from the start is handed to the primary rule as a count of ½
            # (hidden whatever the threshold); a zero describes nobody and stays shown.
            x[c] = nombres[c].where(~(force[c] & (nombres[c] > 0)), 0.5)
        _, masque = secret.masquer(x, colonnes, seuil=seuil, couples=couples)
        suite = masque.copy()
        for a, b in identiques:
            ensemble = masque[a] | masque[b]
            suite[a], suite[b] = ensemble, ensemble
        if suite.equals(masque):
            return masque
        force = suite


def communes_cachees(masque: pd.DataFrame) -> pd.Series:
    """Per commune (index of the mask): has at least one hidden cell."""
    return masque.any(axis=1)


def bailleurs_caches_realise(comptes_tous: pd.DataFrame, annee: int, bailleurs, seuil: int) -> bool:
    """Is one of `bailleurs` hidden in the table of realised flux by landlord (the CU's grid of
    every landlord, tableau_realise)? Its realised flux, a sum of its communes, must then not be
    given back by a filter on it."""
    an = comptes_tous[comptes_tous["annee"] == annee]
    t = A.sommer(an, ["bailleur"])
    if t.empty or not bailleurs:
        return False
    _, m = secret.masquer(t.set_index("bailleur")[["contingent_realise"]], ["contingent_realise"], seuil=seuil)
    return bool(m.loc[m.index.intersection(list(bailleurs)), "contingent_realise"].any())


def petits_autres_bailleurs(filtre: pd.DataFrame, tous: pd.DataFrame, seuil: int) -> pd.DataFrame:
    """With a landlord filter: the cells whose other landlords' count (every landlord minus the
    filtered ones) is small, or the complement of their rate: « tous bailleurs » minus « ces
    bailleurs » would give those households back. Same index as `filtre`, COMPTES_GRILLE columns."""
    t = tous.reindex(filtre.index).fillna(0)
    autres = {c: pd.to_numeric(t[c]) - pd.to_numeric(filtre[c]) for c in COMPTES_GRILLE}
    petit = {c: ((autres[c] > 0) & (autres[c] < seuil)) for c in COMPTES_GRILLE}
    for n, d in COUPLES_GRILLE:
        reste = autres[d] - autres[n]
        ensemble = petit[n] | petit[d] | ((reste > 0) & (reste < seuil))
        petit[n], petit[d] = ensemble, ensemble
    return pd.DataFrame(petit, index=filtre.index)


@dataclass(frozen=True)
class GrilleBilan:
    """The bilan's counts for every commune (`valeurs`, unmasked, indexed by INSEE code, with the
    commune's name and every column of attributions_comptes) and the mask of COMPTES_GRILLE."""

    valeurs: pd.DataFrame
    masque: pd.DataFrame

    def publiable(self, communes) -> bool:
        """May the selection's total be shown? (secret.selection_publiable on this grid.)"""
        return secret.selection_publiable(self.masque, tuple(communes), COMPTES_GRILLE)


@memoire.pur
def grille_bilan(
    comptes_communes: pd.DataFrame,
    annee: int,
    seuil: int | None = None,
    close: bool | None = None,
    comptes_tous: pd.DataFrame | None = None,
    bailleurs=(),
    caches_objectifs=None,
) -> GrilleBilan:
    """The bilan by commune of one year on every commune (`comptes_communes`: attributions_comptes
    with no commune filter), after suppression. Tables sharing margins on the Bilan CIL page: a
    commune with a hidden cell in the legal objectives by commune has every non-zero count of its
    bilan row hidden too (whatever links the two tables — the contribution solidaire « hors
    préfectoral » is objective 3's count less the État's — a hidden objective never comes back
    through the bilan); then secondary suppression runs on the bilan with those cells hidden.

    With a landlord filter (`bailleurs`, and `comptes_tous`: the same counts for every landlord),
    a cell whose other landlords are few is hidden from the start (as valeurs does for the
    objectives), and when a selected landlord is hidden in the table of realised flux by landlord,
    the realised flux of every commune is: they would add up to it.

    `caches_objectifs`: the communes hidden in the objectives' grid; by default the two grids are
    computed together (valeurs.grilles_publication), so that a commune hidden in the bilan only by
    secondary suppression is hidden in the objectives too."""
    seuil = secret.seuil_en_vigueur() if seuil is None else seuil
    bailleurs = tuple(bailleurs)
    tous = comptes_tous if bailleurs and comptes_tous is not None else None
    if caches_objectifs is None:
        from observatoire.secret import valeurs

        return valeurs.grilles_publication(
            comptes_communes, annee, seuil, close=close, comptes_tous=tous, bailleurs=bailleurs
        )[1]
    an = comptes_communes[comptes_communes["annee"] == annee]
    table = A.sommer(an, CLES_COMMUNE).set_index("code_insee")
    force = pd.DataFrame(False, index=table.index, columns=COMPTES_GRILLE)
    if len(table):
        caches_o = table.index.isin(list(caches_objectifs))
        force.loc[caches_o, :] = True
        if tous is not None:
            an_tous = tous[tous["annee"] == annee]
            force |= petits_autres_bailleurs(table, A.sommer(an_tous, CLES_COMMUNE).set_index("code_insee"), seuil)
            if bailleurs_caches_realise(tous, annee, bailleurs, seuil):
                force["contingent_realise"] = True
    masque = masquer_force(table, COMPTES_GRILLE, force, seuil, COUPLES_GRILLE, IDENTIQUES_GRILLE)
    return GrilleBilan(table, masque)


def _masque_lecture(masque: pd.DataFrame, lecture: str) -> pd.DataFrame:
    """The grid's mask under the bilan's column names for `lecture` (cs_base, cs_menages, …)."""
    den, num, _ = COLONNES_LECTURE[lecture]
    aden, anum, _ = COLONNES_LECTURE[autre_lecture(lecture)]
    m = pd.DataFrame(index=masque.index)
    for c in ("contingent_entite", "contingent_entite_refus", "contingent_realise", "refus"):
        m[c] = masque[c]
    m["cs_base"], m["cs_menages"] = masque[den], masque[num]
    m["cs_min"] = masque[den]
    m["cs_manque"] = m["cs_statut"] = masque[den] | masque[num]
    m["cs_autre_base"], m["cs_autre_menages"] = masque[aden], masque[anum]
    return m


def total_publiable(total, seuil: int, colonnes=COMPTES_GRILLE, couples=COUPLES_GRILLE) -> bool:
    """Below CU level with no commune in the grid to compare to (a landlord filter on the whole
    CU), a total is a cell like any other: shown only when none of its counts, nor the complement
    of a rate, is small."""
    df = pd.DataFrame([{c: total[c] for c in colonnes}])
    _, m = secret.masquer(df, list(colonnes), seuil=seuil, totaux_colonnes=False, couples=couples)
    return not bool(m.to_numpy().any())


@memoire.pur
def tableau_bilan_communes(
    comptes: pd.DataFrame,
    annee: int,
    seuil: int | None = None,
    lecture: str = LECTURE_DEFAUT,
    close: bool | None = None,
    communes=(),
    comptes_selection: pd.DataFrame | None = None,
    sous_cu: bool | None = None,
    grille: GrilleBilan | None = None,
    bailleurs=(),
    comptes_tous: pd.DataFrame | None = None,
):
    """Art. 11 bilan by commune for one year: the grid of every commune of `comptes`
    (grille_bilan), restricted to `communes` (empty: all), and the « Ensemble de la sélection »
    row summed on `comptes_selection` (default: `comptes`), hidden (every column in total_caches)
    when the selection is not publiable: one of its communes has a hidden cell, or, below CU level
    with no commune filter (landlord filter: `sous_cu`), one of the total's counts is small.
    Returns an attributions.TableauMasque (minimum, gap and status hidden with their counts)."""
    seuil = secret.seuil_en_vigueur() if seuil is None else seuil
    close = catalogue.periode_close(annee) if close is None else close
    communes = tuple(communes)
    grille = grille_bilan(comptes, annee, seuil, close, comptes_tous, bailleurs) if grille is None else grille
    table = grille.valeurs.copy()
    _colonnes_cs(table, lecture, close)
    masque = _masque_lecture(grille.masque, lecture)
    garder = [c for c, _, _ in colonnes_bilan(lecture)]
    if communes:
        dans = table.index.isin(communes)
        table, masque = table[dans], masque[dans]
    valeurs = table[garder].copy()
    for c in garder:
        if masque[c].any():
            valeurs[c] = valeurs[c].astype("object").where(~masque[c], pd.NA)
    if comptes_selection is None and communes:
        raise ValueError("tableau_bilan_communes : les comptes de la sélection sont requis avec un filtre de communes")
    selection = comptes if comptes_selection is None else comptes_selection
    an = selection[selection["annee"] == annee]
    total = A.sommer(an.assign(_t="Ensemble"), ["_t"])
    if len(total):
        _colonnes_cs(total, lecture, close)
    sous_cu = bool(communes) if sous_cu is None else sous_cu
    publiable = grille.publiable(communes) and (
        not len(total) or not sous_cu or bool(communes) or total_publiable(total.iloc[0], seuil)
    )
    if publiable and bailleurs and comptes_tous is not None and len(total):
        # The selection for these landlords against the same selection for every landlord.
        tous = comptes_tous[comptes_tous["annee"] == annee]
        tous = tous[tous["code_insee"].isin(communes)] if communes else tous
        somme_tous = A.sommer(tous, CLES_COMMUNE if communes else ["annee"])[COMPTES_GRILLE].sum().to_frame().T
        publiable = not petits_autres_bailleurs(
            total[COMPTES_GRILLE], somme_tous.set_axis(total.index), seuil
        ).to_numpy().any() and not bailleurs_caches_realise(comptes_tous, annee, bailleurs, seuil)
    caches = frozenset() if publiable else frozenset(garder)
    valeurs = valeurs.reset_index()
    valeurs.insert(1, "commune", table["commune"].to_numpy())
    return A.TableauMasque(valeurs, masque[garder].reset_index(drop=True), total, caches)


@dataclass(frozen=True)
class LigneBilan:
    """One of the three totals art. 11 asks for, with its status and the sentence that reads it."""

    element: str
    valeur: int | None  # None: withheld (secret statistique)
    reference: str
    statut: str
    phrase: str


ELEMENTS_ARTICLE_11 = [
    "Attributions au titre du contingent communautaire et communal",
    "Refus",
    "Ménages attributaires au titre de la contribution solidaire",
]
TOUTE_LA_CU = "toute la CU d'Arras"


def totaux_article_11(
    total,
    flux_du: int | None,
    realise_du: int | None,
    annee: int,
    lecture: str = LECTURE_DEFAUT,
    aujourd_hui: dt.date | None = None,
    non_renseignes: bool = True,
) -> list[LigneBilan]:
    """The three totals of the art. 11 bilan for the selection (`total`: one row of summed counts):
    (a) attributions on the contingent (communautaire and communal) and the realised flux against
    the flux due, (b) the refusals, (c) the contribution solidaire against its minimum in `lecture`,
    the other reading's figure beside it. `flux_du`: sum of the landlords' objectives (None: no
    input, or not comparable on this selection); `realise_du`: realised flux of those landlords.
    `non_renseignes`: say how many priority flags are unknown (the whole CU only: that count is in
    no grid, so a selection's would come back by difference). Call it on a publiable total only
    (bilan_article_11 decides)."""
    jour = _aujourd_hui(aujourd_hui)
    close = catalogue.periode_close(annee, jour.year)
    entite, realise = int(total["contingent_entite"]), int(total["contingent_realise"])
    lignes = []
    st_flux = statut_contingent(realise_du if realise_du is not None else realise, flux_du, annee, jour)
    if flux_du is None:
        phrase = (
            f"{fr.nombre(entite)} attributions au titre du contingent en {annee}, dont {fr.nombre(realise)} suivies "
            "d'un bail signé (flux réalisé). Flux dû non connu pour cette sélection : pas de comparaison."
        )
        ref = "flux dû non connu"
    else:
        r = realise_du
        if close:
            ecart = r - flux_du
            suite = (
                f"{fr.nombre(ecart)} de plus que le flux dû"
                if ecart >= 0
                else f"il manque {fr.nombre(-ecart)} attributions"
            )
        else:
            suite = f"rythme attendu à ce jour : {fr.nombre(float(attendu_a_date(flux_du, annee, jour)), 1)}"
        phrase = (
            f"Flux réalisé {annee} : {fr.nombre(r)} attributions suivies d'un bail signé pour un flux dû de "
            f"{fr.nombre(flux_du)} (20 % de l'assiette) : {catalogue.libelle(st_flux)}, {suite}. "
            f"{fr.nombre(entite)} attributions au titre du contingent en tout, contingents communautaire et communaux ensemble."
        )
        ref = f"flux dû {fr.nombre(flux_du)}"
    lignes.append(
        LigneBilan("Attributions au titre du contingent communautaire et communal", entite, ref, st_flux, phrase)
    )

    refus_c, refus = int(total["contingent_entite_refus"]), int(total["refus"])
    part = fr.pourcent(refus_c / entite) if entite else "sans objet"
    lignes.append(
        LigneBilan(
            "Refus",
            refus_c,
            "pas de cible",
            catalogue.statut(refus_c, 1, None),
            f"{fr.nombre(refus_c)} refus sur {fr.nombre(entite)} attributions du contingent ({part}) ; {fr.nombre(refus)} refus "
            "toutes attributions confondues. La convention ne fixe pas de cible ; une proposition refusée ne libère pas de "
            "logement et ne compte pas dans le flux réalisé.",
        )
    )

    cs = contribution_solidaire(total, lecture)
    autre = contribution_solidaire(total, autre_lecture(lecture))
    st_cs = statut_contribution(cs, close)
    nr = (
        f" (dont {fr.nombre(cs.non_renseignes)} sans information sur la priorité, comptées dans la base)"
        if cs.non_renseignes and non_renseignes
        else ""
    )
    lignes.append(
        LigneBilan(
            "Ménages attributaires au titre de la contribution solidaire",
            cs.menages,
            f"minimum {fr.nombre(cs.minimum)}",
            st_cs,
            f"{fr.nombre(cs.menages)} ménages prioritaires sur {fr.nombre(cs.base)} {LECTURES[lecture][0]}{nr}, pour un minimum "
            f"de {fr.nombre(cs.minimum)} (un quart, arrondi au-dessus) : {catalogue.libelle(st_cs)}. Lecture retenue : "
            f"{LECTURES[lecture][1]}. Selon l'autre lecture ({LECTURES[autre_lecture(lecture)][0]}) : "
            f"{fr.nombre(autre.menages)} sur {fr.nombre(autre.base)}, minimum {fr.nombre(autre.minimum)}, "
            f"{catalogue.libelle(statut_contribution(autre, close))}.",
        )
    )
    return lignes


POURQUOI_BAILLEURS = (
    "Secret statistique : le total des bailleurs choisis n'est pas affiché, car un de ses effectifs est petit, un de ces "
    "bailleurs est masqué dans le tableau par bailleur, ou les autres bailleurs sont trop peu nombreux : « tous les "
    "bailleurs » moins ce total le ferait réapparaître."
)


def lignes_secret(phrase: str = secret.POURQUOI_SELECTION) -> list[LigneBilan]:
    """The three totals withheld: « secret statistique », with the sentence saying why."""
    return [LigneBilan(e, None, "", catalogue.SECRET, phrase) for e in ELEMENTS_ARTICLE_11]


def tableau_totaux_article_11(lignes: list[LigneBilan], texte: bool = True) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Élément du bilan (article 11)": l.element,
                "Total": secret.SECRET if l.valeur is None else (fr.nombre(l.valeur) if texte else l.valeur),
                "Repère": l.reference,
                "Statut": catalogue.libelle(l.statut),
                "Lecture": l.phrase,
            }
            for l in lignes
        ]
    )


COLONNES_REALISE = [
    ("contingent_epci", "Flux dû (contingent EPCI 20 %)", "nombre"),
    ("contingent_realise", "Flux réalisé : attributions suivies d'un bail signé", "nombre"),
    ("ecart", "Écart réalisé − dû (logements)", "nombre"),
    ("taux_realisation", "Taux de réalisation", "pourcent"),
    ("statut", "Statut", "statut"),
]


def du_et_realise(t: pd.DataFrame) -> tuple[int | None, int | None]:
    """(flux due, realised flux) summed over the landlords that have an objective, from
    realise_contre_objectif; (None, None) when no landlord has one."""
    avec = t[t["contingent_epci"].notna()]
    if avec.empty:
        return None, None
    return int(avec["contingent_epci"].sum()), int(avec["contingent_realise"].sum())


def tableau_realise(
    t: pd.DataFrame,
    seuil: int | None = None,
    annee: int | None = None,
    aujourd_hui: dt.date | None = None,
    bailleurs=(),
):
    """Realised vs due per landlord with the secret statistique on the realised counts (the gap,
    the rate and the status go with them: due − gap would give the count back). `t` is the grid:
    every landlord (realise_contre_objectif on attributions_comptes with no landlord filter), so
    that a landlord's cell is hidden or shown whatever the filter; `bailleurs` keeps the selected
    ones. The total compares the landlords that have an objective; with a landlord filter it sums
    the selected ones and is hidden when one of them is (it would give it back)."""
    seuil = secret.seuil_en_vigueur() if seuil is None else seuil
    colonnes = ["contingent_epci", "contingent_realise", "ecart", "taux_realisation", "statut"]
    table = t.set_index("bailleur")[colonnes]
    valeurs, masque = secret.masquer(
        table,
        ["contingent_realise"],
        seuil=seuil,
        colonnes_liees={"contingent_realise": ["ecart", "taux_realisation", "statut"]},
    )
    bailleurs = tuple(bailleurs)
    if bailleurs:
        garder = table.index.isin(bailleurs)
        valeurs, masque, t = valeurs[garder], masque[garder], t[t["bailleur"].isin(bailleurs)]
    somme_obj, realise_avec_obj = du_et_realise(t)
    an = annee if annee is not None else _aujourd_hui(aujourd_hui).year - 1
    total = pd.DataFrame(
        [
            {
                "_t": "Ensemble",
                "contingent_epci": somme_obj,
                "contingent_realise": int(t["contingent_realise"].sum()),
                "ecart": (realise_avec_obj - somme_obj) if somme_obj is not None else None,
                "taux_realisation": (realise_avec_obj / somme_obj) if somme_obj else None,
                "statut": statut_contingent(realise_avec_obj or 0, somme_obj, an, aujourd_hui),
            }
        ]
    )
    caches = (
        frozenset(["contingent_realise", "ecart", "taux_realisation", "statut"])
        if (bailleurs and bool(masque["contingent_realise"].any()))
        else frozenset()
    )
    return A.TableauMasque(valeurs.reset_index(), masque.reset_index(drop=True), total, caches)


def realise_par_bailleur(
    comptes_tous: pd.DataFrame,
    flux: pd.DataFrame,
    annee: int,
    bailleurs=(),
    seuil: int | None = None,
    aujourd_hui: dt.date | None = None,
):
    """The realised-vs-due table per landlord, CU level: `comptes_tous` is attributions_comptes
    with no commune and no landlord filter (the grid of every landlord), `flux` the year's inputs.
    A table per landlord for a selection of communes would give landlord × commune cells by
    difference between two selections: it is never computed below CU level."""
    # The status reads the day of the year (the pace): the day is part of the key.
    return _realise_par_bailleur(
        comptes_tous, flux, annee, tuple(bailleurs), seuil, _aujourd_hui(aujourd_hui).toordinal()
    )


@memoire.pur
def _realise_par_bailleur(
    comptes_tous: pd.DataFrame, flux: pd.DataFrame, annee: int, bailleurs: tuple, seuil, jour: int
):
    aujourd_hui = dt.date.fromordinal(jour)
    an = comptes_tous[comptes_tous["annee"] == annee]
    calc = tableau_flux(flux) if not flux.empty else pd.DataFrame(columns=["bailleur", "contingent_epci"])
    t = realise_contre_objectif(calc, A.sommer(an, ["bailleur"]), annee=annee, aujourd_hui=aujourd_hui)
    return tableau_realise(t, seuil=seuil, annee=annee, aujourd_hui=aujourd_hui, bailleurs=bailleurs)


def figure_bilan_communes(tm, annee: int):
    """Bars of the attributions on the contingent by commune; communes under the secret are named
    below the chart, without a bar (a hidden value is never drawn, not even as 0)."""
    import plotly.graph_objects as go

    v = tm.valeurs.assign(_cache=tm.masque["contingent_entite"].to_numpy())
    visibles = v[~v["_cache"] & (v["contingent_entite"].fillna(0).astype(float) > 0)].sort_values(
        "contingent_entite", ascending=False
    )
    caches = v[v["_cache"]]["commune"].tolist()
    fig = go.Figure(
        go.Bar(
            x=visibles["commune"],
            y=visibles["contingent_entite"].astype(float),
            marker_color="#0b5394",
            text=[fr.nombre(x) for x in visibles["contingent_entite"]],
            textposition="outside",
        )
    )
    lignes = [", ".join(caches[i : i + 9]) for i in range(0, len(caches), 9)]
    note = ("Secret statistique : " + ",<br>".join(lignes)) if caches else ""
    fig.update_layout(
        title=f"Attributions {annee} au titre du contingent communautaire et communal, par commune",
        separators=", ",
        height=420,
        margin=dict(l=10, r=10, t=60, b=10 + 20 * len(lignes)),
        xaxis=dict(title=dict(text=note, font=dict(size=12)), tickangle=-35),
        yaxis=dict(title="attributions", rangemode="tozero"),
    )
    return fig


# ---------------------------------------------------------------- the art. 11 bilan, computed once


@dataclass(frozen=True)
class BilanArticle11:
    """What the Bilan CIL page, its exports and the diaporama show for one year and selection,
    after the secret statistique: nothing here needs masking again."""

    par_commune: object  # attributions.TableauMasque: the grid's cells, total row hidden when not publiable
    lignes: list  # the three totals (LigneBilan) of the selection, or three « secret statistique » lines
    realise: pd.DataFrame  # realised against due, per landlord, CU level (unmasked: tableau_realise masks it)
    total: pd.Series | None  # the selection's summed counts, None when withheld
    publiable: bool = True  # the selection's totals may be shown
    lignes_cu: list = field(default_factory=list)  # the CU's three totals, labelled, when the selection's are withheld
    non_renseignes: str = ""  # the caption on unknown flags (CU level only, labelled when a commune filter is on)


def phrase_non_renseignes(total, lecture: str) -> str:
    """« 3 attribution(s) sans information sur le contingent ; … » (empty when every flag is known)."""
    cs_nr = int(total[COLONNES_LECTURE[lecture][2]])
    morceaux = [
        f"{fr.nombre(total['contingent_nr'])} attribution(s) sans information sur le contingent"
        if total["contingent_nr"]
        else "",
        f"{fr.nombre(total['contingent_realise_nr'])} du contingent sans information sur le bail (hors du flux réalisé)"
        if total["contingent_realise_nr"]
        else "",
        f"{fr.nombre(total['refus_nr'])} sans information sur le refus" if total["refus_nr"] else "",
        f"{fr.nombre(cs_nr)} de la base de la contribution solidaire sans information sur la priorité (dans la base, pas "
        "parmi les ménages prioritaires)"
        if cs_nr
        else "",
    ]
    return " ; ".join(m for m in morceaux if m)


def bilan_article_11(
    comptes_annee: pd.DataFrame,
    flux: pd.DataFrame,
    annee: int,
    lecture: str,
    communes,
    *,
    comptes_communes: pd.DataFrame,
    bailleurs=(),
    seuil: int | None = None,
    close: bool | None = None,
    aujourd_hui: dt.date | None = None,
    comptes_tous: pd.DataFrame | None = None,
) -> BilanArticle11:
    """The art. 11 bilan of one year: by commune, the three totals, realised against due, with the
    secret statistique applied.

    - `comptes_annee`: attributions_comptes of the year with the page's filters (the selection);
    - `comptes_communes`: the same with no commune filter (same landlords): the grid on which cells
      are hidden (grille_bilan), and the CU level shown in place of a withheld selection;
    - `communes`, `bailleurs`: the filters (empty: the whole CU, every landlord);
    - `comptes_tous`: with a landlord filter, the counts of the year on every commune and every
      landlord (grille_bilan: other landlords few, landlord hidden in the table by landlord).

    The selection's totals (three art. 11 figures, « Ensemble de la sélection » row) are shown when
    the selection is the whole CU, or when none of its communes has a hidden cell in the grid
    (secret.selection_publiable); with a landlord filter and no commune, when none of the total's
    counts is small. Otherwise they read « secret statistique », with secret.POURQUOI_SELECTION,
    and `lignes_cu` gives the CU's. The flux due is set per landlord for the whole CU: with a
    commune filter the selection has no comparison (the CU lines have it)."""
    communes, bailleurs = tuple(communes), tuple(bailleurs)  # a bool here (the former signature) fails loudly
    seuil = secret.seuil_en_vigueur() if seuil is None else seuil
    close = catalogue.periode_close(annee) if close is None else close
    grille = grille_bilan(comptes_communes, annee, seuil, close, comptes_tous, bailleurs)
    tm = tableau_bilan_communes(
        comptes_communes,
        annee,
        seuil=seuil,
        lecture=lecture,
        close=close,
        communes=communes,
        comptes_selection=comptes_annee,
        sous_cu=bool(communes or bailleurs),
        grille=grille,
        bailleurs=bailleurs,
        comptes_tous=comptes_tous,
    )
    publiable = not tm.total_caches
    an_cu = comptes_communes[comptes_communes["annee"] == annee]
    total = A.sommer(comptes_annee, ["annee"]).iloc[0]
    total_cu = A.sommer(an_cu, ["annee"]).iloc[0]
    calc = tableau_flux(flux) if not flux.empty else pd.DataFrame(columns=["bailleur", "contingent_epci"])
    # Per landlord at CU level: the flux due is set for the whole CU, whatever the commune filter.
    t_real = realise_contre_objectif(calc, A.sommer(an_cu, ["bailleur"]), annee=annee, aujourd_hui=aujourd_hui)
    flux_du, realise_du = du_et_realise(t_real)
    cu_publiable = not bailleurs or (
        total_publiable(total_cu, seuil)
        and (
            comptes_tous is None
            or (
                tableau_bilan_communes(
                    comptes_communes,
                    annee,
                    seuil=seuil,
                    lecture=lecture,
                    close=close,
                    sous_cu=True,
                    grille=grille,
                    bailleurs=bailleurs,
                    comptes_tous=comptes_tous,
                ).total_caches
                == frozenset()
            )
        )
    )
    lignes_cu: list[LigneBilan] = []
    if publiable:
        lignes = totaux_article_11(
            total,
            None if communes else flux_du,
            None if communes else realise_du,
            annee,
            lecture,
            aujourd_hui,
            non_renseignes=not (communes or bailleurs),
        )
    else:
        lignes = lignes_secret(secret.POURQUOI_SELECTION if communes else POURQUOI_BAILLEURS)
        if communes and cu_publiable:
            lignes_cu = [
                replace(l, element=f"{l.element} ({TOUTE_LA_CU})")
                for l in totaux_article_11(
                    total_cu, flux_du, realise_du, annee, lecture, aujourd_hui, non_renseignes=not bailleurs
                )
            ]
    # Unknown flags: counts in no grid, so only the CU's (every landlord), labelled when a commune filter is on.
    nr = phrase_non_renseignes(total_cu, lecture) if not bailleurs else ""
    if nr:
        nr = f"Non renseigné{f' ({TOUTE_LA_CU})' if communes else ''} : {nr}."
    return BilanArticle11(tm, lignes, t_real, total if publiable else None, publiable, lignes_cu, nr)


# ---------------------------------------------------------------- the bilan's legal objectives (section 3)


def tableau_objectifs_bilan(objectifs: dict, comptes_annee: pd.DataFrame, close: bool, sous_cu: bool) -> pd.DataFrame:
    """The three legal objectives of the bilan, one row each, from the values every surface shows
    (`objectifs`: valeurs.objectifs_territoire, which applies the selection rule): a hidden one
    reads « secret statistique » in every cell but the target. Objective 3 is judged per
    réservataire, its all-réservataires rate indicative; the count of réservataires at 25 % is
    given at CU level only (below it, valeurs gives the verdict's precision)."""
    lignes = []
    total = A.sommer(comptes_annee, ["annee"])
    o3 = A.objectif_3(comptes_annee, close) if len(total) else None
    for n, d in A.OBJECTIFS.items():
        v = objectifs[n]
        cible = "≥\u00a025\u00a0% pour chaque réservataire" if n == 3 else f"≥\u00a0{fr.pourcent(float(d.cible), 0)}"
        if v.cache or not len(total):
            s = secret.SECRET if v.cache else fr.MANQUANT
            lignes.append(
                {
                    "Objectif": d.titre,
                    "Numérateur": s,
                    "Dénominateur": s,
                    "Non renseignés": s,
                    "Taux": s,
                    "Cible": cible,
                    "Statut": catalogue.libelle(v.statut),
                    "Écart": s,
                }
            )
            continue
        r = A.resultat(n, total.iloc[0], close)
        if n == 3:
            taux = f"{fr.pourcent(o3.indicatif.taux)} (indicatif, tous réservataires)"
            ecart = (
                f"{v.precision[0].upper()}{v.precision[1:]}."
                if v.precision
                else ""
                if sous_cu
                else f"{o3.atteints} réservataire{'s' if o3.atteints > 1 else ''} sur {o3.mesures} à 25 % ou plus."
            )
            statut = catalogue.libelle(v.statut) + (f" ({v.precision})" if v.precision else "")
        else:
            taux, ecart, statut = fr.pourcent(r.taux), r.phrase_ecart(), catalogue.libelle(v.statut)
        lignes.append(
            {
                "Objectif": d.titre,
                "Numérateur": fr.nombre(r.numerateur),
                "Dénominateur": fr.nombre(r.denominateur),
                "Non renseignés": fr.nombre(r.non_renseignes),
                "Taux": taux,
                "Cible": cible,
                "Statut": statut,
                "Écart": ecart,
            }
        )
    return pd.DataFrame(lignes)


LIBELLE_TAUX_EVOLUTION = A.LIBELLES_EVOLUTION["taux"]


def tableau_evolution_export(ev: pd.DataFrame) -> pd.DataFrame:
    """The points of the evolution chart (valeurs.evolution_territoire) for a workbook: a point
    left out of the chart reads « secret statistique »."""
    lignes = []
    for _, l in ev.iterrows():
        cache = l["statut"] == catalogue.SECRET
        lignes.append(
            {
                A.LIBELLES_EVOLUTION["annee"]: int(l["annee"]),
                A.LIBELLES_EVOLUTION["objectif"]: int(l["objectif"]),
                A.LIBELLES_EVOLUTION["numerateur"]: secret.SECRET if cache else int(l["numerateur"]),
                A.LIBELLES_EVOLUTION["denominateur"]: secret.SECRET if cache else int(l["denominateur"]),
                LIBELLE_TAUX_EVOLUTION: secret.SECRET if cache else (None if pd.isna(l["taux"]) else float(l["taux"])),
                A.LIBELLES_EVOLUTION["statut"]: catalogue.libelle(l["statut"])
                + (f" ({l['precision']})" if isinstance(l["precision"], str) and l["precision"] else ""),
            }
        )
    return pd.DataFrame(lignes)


def lire_comptes_communes(lire, annee_debut: int, annee_fin: int, bailleurs=()) -> pd.DataFrame:
    """attributions_comptes on every commune (the landlord filter kept): the grid bilan_article_11
    needs. `lire(nom, **params)` runs a named query (ui.donnees on a page)."""
    return lire(
        "attributions_comptes",
        annee_debut=annee_debut,
        annee_fin=annee_fin,
        communes=[],
        bailleurs=list(bailleurs),
        reservataire=None,
        reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
    )
