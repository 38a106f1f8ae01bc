"""The three legal attribution objectives (CCH L.441-1; objectifs-et-regles.md §2), from counts.

The query `attributions_comptes` classifies each attribution once (numerator, denominator, non
renseigné) and returns counts per year at three levels: commune, bailleur, réservataire. This
module adds them up at the level a view needs (`sommer` picks the level) and turns each (numerator, denominator) into a `Resultat`: rate,
target, on/off target, and the gap in households.

Definitions (each counted per calendar year):

1. hors QPV, attributions **followed by a signed lease**: share going to 1st-quartile applicants
   or to households rehoused by an ANRU/NPNRU operation; target ≥ 25 %. A refused proposal (no
   lease) is not counted.
2. in QPV, **all** attributions (proposals, lease or not): share going to quartiles 2-4 (not 1st
   quartile); target ≥ 50 %. A refused proposal is counted.
3. per réservataire (État, Action Logement, CU d'Arras, Communes, and the bailleur for its
   non-reserved stock), all attributions: share going to DALO / L.441-1 priority publics;
   target ≥ 25 %.

The denominator is the legal one: every attribution in the objective's field, whatever its
flags. A missing flag (quartile, ANRU, priority) is « non renseigné »: the attribution stays in the
denominator and is not in the numerator (the legal rate), and the count is shown beside it
(`non_renseignes`), with the rate among known cases (`taux_connus`, labelled « taux parmi les cas
connus ») as a secondary figure. Objective 1 counts ex-ZUS perimeters as QPV in 2015-2020
(column `ex_zus`); each year is counted on the QPV geography in force (2015 list before 2024).

The 1st-quartile flag the file declared is the primary fact; where it is empty, declared
resources per UC under the year's threshold fill it — in the derivation of
attributions_agregats only, never written back into `attributions`.

The gap (« il manquait N attributions pour atteindre 25 % ») is computed at constant volume:
N = ⌈cible × dénominateur⌉ − numérateur, i.e. how many of the year's attributions would have had
to go to the target public. Exact fractions are used so that 25 % of 400 is 100, not 100.000001.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from observatoire import formats as fr
from observatoire.base import ecriture, memoire
from observatoire.indicateurs import catalogue
from observatoire.secret import suppression as secret

RESERVATAIRE_PREFECTORAL = "État"  # the préfectoral contingent, taken out of the contribution solidaire
RESERVATAIRE_BAILLEUR = "Bailleur (non réservé)"


@dataclass(frozen=True)
class Definition:
    numero: int
    titre: str
    cible: Fraction
    regle: str
    numerateur: str
    denominateur: str
    colonne: str  # prefix of the count columns in attributions_comptes: o1, o2, o3


def _definition(numero: int) -> Definition:
    """Objective `numero` as the indicator catalogue defines it (one definition for every surface)."""
    ind = catalogue.objectif_attribution(numero)
    return Definition(
        numero,
        ind.titre,
        ind.cible,
        f"{ind.definition} Cible : {ind.texte_cible}",
        ind.numerateur,
        ind.denominateur,
        f"o{numero}",
    )


OBJECTIFS = {n: _definition(n) for n in (1, 2, 3)}

# The catalogue's status vocabulary (one set of words for every surface).
ATTEINT, NON_ATTEINT, SANS_ATTRIBUTION = catalogue.ATTEINT, catalogue.NON_ATTEINT, catalogue.SANS_OBJET

# The secondary figure beside a legal rate, always shown under this label.
LIBELLE_TAUX_CONNUS = "taux parmi les cas connus"
LIBELLE_INDICATIF_3 = "taux indicatif, tous réservataires"
# What « non renseigné » means for each objective (« dont N au quartile inconnu, … »).
INCONNUS = {1: "au quartile inconnu", 2: "au quartile inconnu", 3: "sans information sur la priorité"}

# Ex-ZUS (loi ELAN): for objective 1 only, the ex-ZUS perimeters count as QPV for the six years
# from 1 January 2015. Stated on the page and handed to the catalogue's Méthode text.
PERIODE_EX_ZUS = (2015, 2020)
LIMITE_EX_ZUS = catalogue.LIMITE_EX_ZUS


def phrases_ex_zus(ligne, annee: int) -> list[str]:
    """What the ex-ZUS rule did to objective 1 for one year's summed counts (empty outside 2015-2020)."""
    debut, fin = PERIODE_EX_ZUS
    if not debut <= int(annee) <= fin:
        return []
    sortie = []
    n = int(ligne.get("o1_ex_zus", 0) or 0)
    if n:
        sortie.append(
            f"{fr.nombre(n)} attribution{'s' if n > 1 else ''} en ancienne ZUS, comptée{'s' if n > 1 else ''} "
            f"comme en QPV : hors du champ de l'objectif 1 ({debut}-{fin}, loi ELAN)."
        )
    n = int(ligne.get("o1_ex_zus_nr", 0) or 0)
    if n:
        sortie.append(
            f"{fr.nombre(n)} attribution{'s' if n > 1 else ''} hors QPV suivie{'s' if n > 1 else ''} d'un bail "
            "sans indication ex-ZUS (colonne « ex_zus » vide ou absente) : "
            f"comptée{'s' if n > 1 else ''} hors QPV, au dénominateur de l'objectif 1."
        )
    return sortie


@dataclass(frozen=True)
class Resultat:
    numerateur: int
    denominateur: int
    cible: Fraction
    non_renseignes: int = 0  # in the denominator, not in the numerator (flag unknown)
    close: bool = True  # the year is over (« atteint / non atteint »), else « en avance / en retard »
    inconnu: str = "au quartile inconnu"  # what « non renseigné » means here (phrase_non_renseignes)

    @property
    def taux(self) -> float | None:
        """The legal rate: numerator / every attribution in the field."""
        return self.numerateur / self.denominateur if self.denominateur else None

    @property
    def denominateur_connus(self) -> int:
        return self.denominateur - self.non_renseignes

    @property
    def taux_connus(self) -> float | None:
        """« Taux parmi les cas connus »: numerator / (denominator − unknown). Secondary, labelled."""
        d = self.denominateur_connus
        return self.numerateur / d if d > 0 else None

    @property
    def atteint(self) -> bool | None:
        if not self.denominateur:
            return None
        return Fraction(self.numerateur, self.denominateur) >= self.cible

    @property
    def minimum(self) -> int:
        """Attributions to the target public needed for the target at this volume."""
        return math.ceil(self.cible * self.denominateur)

    @property
    def manque(self) -> int:
        """Households missing to reach the target (0 when reached)."""
        return max(0, self.minimum - self.numerateur)

    @property
    def statut(self) -> str:
        return catalogue.statut(self.numerateur, self.denominateur, self.cible, close=self.close)

    def phrase_ecart(self) -> str:
        cible = fr.pourcent(float(self.cible), 0)
        if self.atteint is None:
            return "Aucune attribution dans le champ de l'objectif : taux non calculable."
        if self.atteint:
            marge = self.numerateur - self.minimum
            return f"Objectif atteint : {fr.nombre(marge)} attribution{'s' if marge > 1 else ''} de plus que le minimum de {cible}."
        s = "s" if self.manque > 1 else ""
        return f"Il manquait {fr.nombre(self.manque)} attribution{s} pour atteindre {cible}."

    def phrase_non_renseignes(self) -> str:
        """« dont 30 au quartile inconnu, comptées au dénominateur » (empty when none)."""
        n = self.non_renseignes
        if not n:
            return ""
        return f"dont {fr.nombre(n)} {self.inconnu}, comptée{'s' if n > 1 else ''} au dénominateur"

    def phrase_taux_connus(self) -> str:
        """« taux parmi les cas connus : 28,6 % (20 sur 70) » — only when some flags are unknown."""
        if not self.non_renseignes or self.taux_connus is None:
            return ""
        return (
            f"{LIBELLE_TAUX_CONNUS} : {fr.pourcent(self.taux_connus)} "
            f"({fr.nombre(self.numerateur)} sur {fr.nombre(self.denominateur_connus)})"
        )


def resultat(numero: int, ligne, close: bool = True) -> Resultat:
    """The objective `numero` from a row (Series or dict) of summed counts."""
    p = OBJECTIFS[numero].colonne
    return Resultat(
        int(ligne[f"{p}_num"]),
        int(ligne[f"{p}_den"]),
        OBJECTIFS[numero].cible,
        int(ligne[f"{p}_nr"]),
        close,
        INCONNUS[numero],
    )


def annee_close(annee: int, aujourd_hui: int | None = None) -> bool:
    return catalogue.periode_close(annee, aujourd_hui)


@dataclass(frozen=True)
class Objectif3:
    """Objective 3 read as the law sets it: per réservataire.

    `statut` is « atteint » only when every réservataire with attributions reaches 25 %;
    `indicatif` is the all-réservataires rate, an indicative figure only."""

    statut: str
    atteints: int
    mesures: int
    indicatif: Resultat
    par_reservataire: tuple[tuple[str, Resultat], ...]

    @property
    def manque(self) -> int:
        """Households missing, réservataire by réservataire, for each to reach 25 % (sum of gaps)."""
        return sum(r.manque for _, r in self.par_reservataire)

    @property
    def precision(self) -> str:
        """« (2 réservataires sur 5) » after a « non atteint »; empty otherwise."""
        if self.statut in (catalogue.NON_ATTEINT, catalogue.EN_RETARD):
            return f"{self.atteints} réservataire{'s' if self.atteints > 1 else ''} sur {self.mesures} à 25 % ou plus"
        return ""


@memoire.pur
def objectif_3(comptes_annee: pd.DataFrame, close: bool = True) -> Objectif3:
    """Objective 3 for one year's counts (already filtered to one year and one perimeter)."""
    total = sommer(comptes_annee, ["annee"])
    vide = {"o3_num": 0, "o3_den": 0, "o3_nr": 0}
    indicatif = resultat(3, total.iloc[0] if len(total) else vide, close)
    par = sommer(comptes_annee, ["reservataire"])
    # column by column (iterrows built a Series per row, to_dict a dict: most of the call)
    colonnes = (par[c].tolist() for c in ("reservataire", "o3_num", "o3_den", "o3_nr")) if len(par) else ([],) * 4
    res = tuple((str(r), resultat(3, {"o3_num": a, "o3_den": b, "o3_nr": c}, close)) for r, a, b, c in zip(*colonnes))
    st, ok, n = catalogue.statut_ensemble([r.statut for _, r in res], close=close)
    return Objectif3(st, ok, n, indicatif, res)


def libelle_statut(statut: str) -> str:
    """Status in words with a sign, never by colour alone (the catalogue's presentation)."""
    return catalogue.libelle(statut)


# ---------------------------------------------------------------- summing counts


def colonnes_comptes(comptes: pd.DataFrame, par: list[str] = ()) -> list[str]:
    exclues = set(CLES) | {"geographie_qpv"} | set(par)
    return [c for c in comptes.columns if c not in exclues]


CLES = ["niveau", "annee", "code_insee", "commune", "bailleur", "reservataire"]


def niveau_pour(par: list[str]) -> str:
    """The level of attributions_comptes whose rows, summed by `par`, give each count once."""
    communal = bool({"code_insee", "commune"} & set(par))
    if communal and "bailleur" in par:
        raise ValueError("attributions_comptes n'a pas de niveau commune × bailleur")
    if communal:
        return "commune"
    return "bailleur" if "bailleur" in par else "reservataire"


@memoire.pur
def sommer(comptes: pd.DataFrame, par: list[str]) -> pd.DataFrame:
    """Sum the counts by the given keys (e.g. ["annee"], ["annee", "code_insee", "commune"]),
    over the rows of the one level (`niveau`) that holds those keys."""
    par = list(par)
    cols = colonnes_comptes(comptes, par)
    garder = np.ones(len(comptes), dtype=bool)
    if "niveau" in comptes.columns:
        garder = (comptes["niveau"] == niveau_pour(par)).to_numpy(dtype=bool)
    if not garder.any() or not len(comptes.columns):
        return pd.DataFrame(columns=par + cols)
    # On numpy arrays, as groupby(par, dropna=False, sort=True).sum() did (groups in the keys'
    # order, a missing key last, a missing count as 0): a pandas groupby cost 5 to 6 ms a call,
    # and a grid makes several.
    lignes = np.flatnonzero(garder)
    codes = np.zeros(len(lignes), dtype=np.int64)
    cles = []
    for c in par:
        cellules = comptes[c].array
        if isinstance(cellules, pd.arrays.NumpyExtensionArray):
            cellules = cellules.to_numpy()
        code, distinctes = pd.factorize(cellules.take(lignes), sort=True, use_na_sentinel=False)
        codes = codes * len(distinctes) + code
        cles.append(distinctes)
    groupes, inverse = np.unique(codes, return_inverse=True)
    ordre = np.argsort(inverse, kind="stable")
    debuts = np.flatnonzero(np.r_[True, np.diff(inverse[ordre]) != 0])
    comptages = comptes[cols].to_numpy(dtype="float64", na_value=0)[lignes]
    sommes = np.add.reduceat(comptages[ordre], debuts, axis=0) if len(cols) else np.zeros((len(groupes), 0))
    sortie = {}
    reste = groupes
    for c, distinctes in reversed(list(zip(par, cles))):
        sortie[c] = distinctes.take(reste % len(distinctes))
        reste = reste // len(distinctes)
    sortie = {c: sortie[c] for c in par}
    for j, c in enumerate(cols):
        sortie[c] = sommes[:, j].astype("int64")
    return pd.DataFrame(sortie)


def geographies(comptes: pd.DataFrame) -> dict[int, int]:
    """Which QPV geography (2015 or 2024) each year is measured against."""
    g = comptes.dropna(subset=["geographie_qpv"]).groupby("annee")["geographie_qpv"].max()
    return {int(a): int(v) for a, v in g.items()}


def annees_sans_attribution(comptes: pd.DataFrame, annee_debut: int, annee_fin: int) -> list[int]:
    presentes = set(comptes["annee"].astype(int)) if not comptes.empty else set()
    return [a for a in range(annee_debut, annee_fin + 1) if a not in presentes]


COLONNES_EVOLUTION = [
    "annee",
    "objectif",
    "numerateur",
    "denominateur",
    "non_renseignes",
    "taux",
    "taux_connus",
    "cible",
    "statut",
    "precision",
    "manque",
]


@memoire.pur
def evolution(comptes: pd.DataFrame, aujourd_hui: int | None = None) -> pd.DataFrame:
    """One row per year × objective (CUA level of the selection, no suppression needed):
    annee, objectif, numerateur, denominateur, non_renseignes (in the denominator), taux (legal),
    taux_connus, cible, statut, precision, manque. Objective 3's status is the per-réservataire
    verdict (`objectif_3`); its rate is the indicative all-réservataires one. A finished year reads
    « atteint / non atteint », the current year « en avance / en retard »."""
    par_an = sommer(comptes, ["annee"])
    lignes = []
    for _, ligne in par_an.iterrows():
        annee = int(ligne["annee"])
        close = annee_close(annee, aujourd_hui)
        for n in OBJECTIFS:
            r = resultat(n, ligne, close)
            statut, precision, manque = r.statut, "", r.manque
            if n == 3:
                # Renumbered: a year's rows read over another period are the same rows under
                # other index labels, and the same content finds the kept verdict.
                o3 = objectif_3(comptes[comptes["annee"] == annee].reset_index(drop=True), close)
                statut, precision, manque = o3.statut, o3.precision, o3.manque
            lignes.append(
                {
                    "annee": annee,
                    "objectif": n,
                    "numerateur": r.numerateur,
                    "denominateur": r.denominateur,
                    "non_renseignes": r.non_renseignes,
                    "taux": r.taux,
                    "taux_connus": r.taux_connus,
                    "cible": float(r.cible),
                    "statut": statut,
                    "precision": precision,
                    "manque": manque,
                }
            )
    return pd.DataFrame(lignes, columns=COLONNES_EVOLUTION)


LIBELLES_EVOLUTION = {
    "annee": "Année",
    "objectif": "Objectif",
    "numerateur": "Numérateur",
    "denominateur": "Dénominateur (légal)",
    "non_renseignes": "Dont non renseignés (au dénominateur)",
    "taux": "Taux légal (objectif 3 : taux indicatif, tous réservataires)",
    "taux_connus": "Taux parmi les cas connus",
    "cible": "Cible",
    "statut": "Statut (objectif 3 : chaque réservataire)",
    "precision": "Précision",
    "manque": "Attributions manquantes",
}
LIBELLES_QPV = {
    "zone": "Zone",
    "attributions": "Attributions",
    "premier_quartile": "1er quartile",
    "premier_quartile_den": "1er quartile renseigné",
    "premier_quartile_nr": "1er quartile non renseigné",
    "part_premier_quartile": "Part du 1er quartile",
    "prioritaires": "Publics prioritaires",
    "prioritaires_den": "Priorité renseignée",
    "prioritaires_nr": "Priorité non renseignée",
    "part_prioritaires": "Part des publics prioritaires",
}


# ---------------------------------------------------------------- tables below CUA level (with secret)


@dataclass
class TableauMasque:
    """A table below CUA level after suppression: `valeurs` (hidden cells <NA>), `masque`, and
    the selection total row `total` (CUA level of the selection, never hidden)."""

    valeurs: pd.DataFrame
    masque: pd.DataFrame
    total: pd.DataFrame
    total_caches: frozenset = frozenset()  # columns of the total row hidden (observatoire.secret.valeurs)

    @property
    def nb_caches(self) -> int:
        return int(self.masque.to_numpy().sum())


@memoire.pur
def _colonnes_objectifs(df: pd.DataFrame, objectifs: list[int], close: bool = True) -> pd.DataFrame:
    sortie = df.copy()
    for n in objectifs:
        p = OBJECTIFS[n].colonne
        # the three counts column by column (iterrows built a Series per row: most of the time)
        lignes = zip(df[f"{p}_num"].tolist(), df[f"{p}_den"].tolist(), df[f"{p}_nr"].tolist())
        res = [resultat(n, {f"{p}_num": a, f"{p}_den": b, f"{p}_nr": c}, close) for a, b, c in lignes]
        sortie[f"{p}_taux"] = [r.taux for r in res]
        sortie[f"{p}_statut"] = [r.statut for r in res]
        sortie[f"{p}_manque"] = [r.manque for r in res]
    return sortie


@memoire.pur
def tableau_objectifs(
    comptes: pd.DataFrame,
    annee: int,
    cle: list[str],
    objectifs: list[int] = (1, 2, 3),
    seuil: int | None = None,
    close: bool | None = None,
    primaires: pd.DataFrame | None = None,
) -> TableauMasque:
    """Objectives of one year by `cle` (e.g. ["code_insee", "commune"], ["bailleur"],
    ["reservataire"]), with primary and secondary suppression on numerators and denominators.
    A rate, status or gap goes with its counts: hidden if either count is hidden.
    The selection total's objective 3 status is the per-réservataire verdict (`objectif_3`),
    with its precision in `o3_precision` (« 2 réservataires sur 5 à 25 % ou plus »)."""
    seuil = secret.seuil_en_vigueur() if seuil is None else seuil
    close = annee_close(annee) if close is None else close
    objectifs = list(objectifs)
    annee_comptes = comptes[comptes["annee"] == annee]
    base = sommer(annee_comptes, cle)
    total = _colonnes_objectifs(sommer(annee_comptes.assign(_t="Ensemble de la sélection"), ["_t"]), objectifs, close)
    if 3 in objectifs and len(total):
        o3 = objectif_3(annee_comptes, close)
        total["o3_statut"] = o3.statut
        total["o3_precision"] = o3.precision
        total["o3_manque"] = o3.manque
    table = _colonnes_objectifs(base, objectifs, close).set_index(cle)
    comptes_cols, liees = [], {}
    for n in objectifs:
        p = OBJECTIFS[n].colonne
        comptes_cols += [f"{p}_num", f"{p}_den"]
        derivees = [f"{p}_taux", f"{p}_statut", f"{p}_manque"]
        liees[f"{p}_num"] = derivees
        liees[f"{p}_den"] = derivees
    garder = comptes_cols + [c for v in liees.values() for c in v]
    garder = list(dict.fromkeys(garder))
    couples = [(f"{OBJECTIFS[n].colonne}_num", f"{OBJECTIFS[n].colonne}_den") for n in objectifs]
    valeurs, masque = secret.masquer(
        table[garder], comptes_cols, seuil=seuil, colonnes_liees=liees, couples=couples, primaires=primaires
    )
    return TableauMasque(valeurs.reset_index(), masque.reset_index(drop=True), total)


@memoire.pur
def tableau_comptes(
    comptes: pd.DataFrame,
    annee: int,
    cle: list[str],
    colonnes: list[str],
    seuil: int | None = None,
    totaux_lignes=(),
) -> TableauMasque:
    """Plain counts of one year by `cle`, with primary and secondary suppression."""
    seuil = secret.seuil_en_vigueur() if seuil is None else seuil
    annee_comptes = comptes[comptes["annee"] == annee]
    table = sommer(annee_comptes, cle).set_index(cle)[colonnes]
    total = sommer(annee_comptes.assign(_t="Ensemble de la sélection"), ["_t"])
    valeurs, masque = secret.masquer(table, colonnes, seuil=seuil, totaux_lignes=totaux_lignes)
    return TableauMasque(valeurs.reset_index(), masque.reset_index(drop=True), total)


def qpv_hors_qpv(comptes: pd.DataFrame, annee: int) -> pd.DataFrame:
    """QPV vs hors QPV side by side for one year (CUA level of the selection): volume, share of
    the 1st quartile, share of priority publics, each with numerator and denominator."""
    t = sommer(comptes[comptes["annee"] == annee], ["annee"])
    if t.empty:
        return pd.DataFrame()
    t = t.iloc[0].copy()
    # Shares among known flags here (labelled « 1er quartile renseigné »): this comparison is
    # descriptive, not a legal objective. o2_den holds every attribution in QPV (legal reading).
    t["q1_qpv_den"] = t["o2_den"] - t["o2_nr"]
    lignes = []
    for zone, vol, q1, q1_den, q1_nr, pr, pr_den, pr_nr in [
        ("En QPV", "en_qpv", "q1_qpv", "q1_qpv_den", "o2_nr", "prio_qpv", "prio_qpv_den", "prio_qpv_nr"),
        ("Hors QPV", "hors_qpv", "q1_hors", "q1_hors_den", "q1_hors_nr", "prio_hors", "prio_hors_den", "prio_hors_nr"),
    ]:
        lignes.append(
            {
                "zone": zone,
                "attributions": int(t[vol]),
                "premier_quartile": int(t[q1]),
                "premier_quartile_den": int(t[q1_den]),
                "premier_quartile_nr": int(t[q1_nr]),
                "part_premier_quartile": t[q1] / t[q1_den] if t[q1_den] else None,
                "prioritaires": int(t[pr]),
                "prioritaires_den": int(t[pr_den]),
                "prioritaires_nr": int(t[pr_nr]),
                "part_prioritaires": t[pr] / t[pr_den] if t[pr_den] else None,
            }
        )
    return pd.DataFrame(lignes)


# ---------------------------------------------------------------- 1st-quartile thresholds (editable)


from observatoire.chargement.sources import SEUIL_MAX, SEUIL_MIN  # noqa: E402


def valider_seuils(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Check edited thresholds: a year and a positive amount in €/an/UC on every row.
    Returns (clean table annee, seuil_euros_uc) and French error messages (empty when valid)."""
    erreurs: list[str] = []
    propres = []
    vus = set()
    for i, ligne in enumerate(df.to_dict("records"), start=1):
        annee = _nombre(ligne.get("annee"))
        seuil = _nombre(ligne.get("seuil_euros_uc"))
        if annee is None or annee != int(annee) or not 2000 <= annee <= 2100:
            erreurs.append(f"Ligne {i} : l'année « {ligne.get('annee')} » n'est pas une année valide.")
            continue
        if seuil is None:
            erreurs.append(
                f"Ligne {i} ({int(annee)}) : le seuil « {ligne.get('seuil_euros_uc')} » n'est pas un nombre."
            )
            continue
        if not SEUIL_MIN <= seuil <= SEUIL_MAX:  # the importer's bounds (sources.SEUIL_MIN / SEUIL_MAX)
            erreurs.append(
                f"Ligne {i} ({int(annee)}) : le seuil « {ligne.get('seuil_euros_uc')} » est impossible ; "
                f"attendu un seuil en €/an/UC entre {fr.nombre(SEUIL_MIN)} et {fr.nombre(SEUIL_MAX)}."
            )
            continue
        if int(annee) in vus:
            erreurs.append(f"Ligne {i} : l'année {int(annee)} apparaît deux fois.")
            continue
        vus.add(int(annee))
        propres.append({"annee": int(annee), "seuil_euros_uc": float(seuil)})
    return pd.DataFrame(propres, columns=["annee", "seuil_euros_uc"]), erreurs


def _nombre(v) -> float | None:
    """A number from a cell typed or uploaded by a user (accepts « 9 247,3 »); None otherwise."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    texte = str(v).strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    texte = texte.replace("−", "-")
    try:
        x = float(texte)
    except ValueError:
        return None
    return None if math.isnan(x) or math.isinf(x) else x


def enregistrer_seuils(chemin, seuils: pd.DataFrame) -> int:
    """Write validated thresholds through the one write path (base/ecriture.py)."""
    return ecriture.enregistrer_seuils(chemin, seuils)


def saisir_seuils(chemin, saisie: pd.DataFrame) -> tuple[int, list[str]]:
    """Validate then save: with any error, nothing is written. Returns (rows written, messages)."""
    propres, erreurs = valider_seuils(saisie)
    if erreurs:
        return 0, erreurs
    return enregistrer_seuils(chemin, propres), []


# ---------------------------------------------------------------- labelled tables (screen and export)

# (column, French label, kind) — kind: "nombre", "pourcent" (proportion), "statut", "texte".
Colonne = tuple[str, str, str]


def colonnes_objectif(n: int, indicatif: bool = False) -> list[Colonne]:
    """`indicatif`: objective 3 on rows that mix réservataires (communes, landlords): the rate is
    the indicative all-réservataires one and is labelled so."""
    p = OBJECTIFS[n].colonne
    cible = fr.pourcent(float(OBJECTIFS[n].cible), 0)
    taux = (
        f"Obj. {n} : {LIBELLE_INDICATIF_3} (cible {cible} par réservataire)"
        if indicatif and n == 3
        else f"Obj. {n} : taux (cible {cible})"
    )
    return [
        (f"{p}_num", f"Obj. {n} : numérateur", "nombre"),
        (f"{p}_den", f"Obj. {n} : dénominateur", "nombre"),
        (f"{p}_taux", taux, "pourcent"),
        (f"{p}_statut", f"Obj. {n} : statut", "statut"),
        (f"{p}_manque", f"Obj. {n} : attributions manquantes", "nombre"),
    ]


def _texte(v, genre: str) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return fr.MANQUANT
    if genre == "nombre":
        return fr.nombre(v)
    if genre == "pourcent":
        return fr.pourcent(v)
    if genre == "statut":
        return libelle_statut(v)
    return str(v)


def _brut(v, genre: str):
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if genre == "statut":
        return v
    if genre == "nombre":
        return int(v)
    if genre == "pourcent":
        return float(v)
    return v


@memoire.pur
def mettre_en_forme(
    tm: TableauMasque, cles: list[Colonne], colonnes: list[Colonne], texte: bool = True
) -> pd.DataFrame:
    """A table ready to show (`texte=True`: French-formatted text) or to export (`texte=False`:
    numbers), with hidden cells reading « secret statistique » and the selection total last."""
    conv = _texte if texte else _brut
    # Column by column (a row read with .iloc built a Series per row and cell: most of the time);
    # each cell as a row read gave it (numpy scalars), so the frame built below is the same.
    libelles, cellules = [], []
    for c, lab, _ in cles:
        libelles.append(lab)
        cellules.append(tm.valeurs[c].to_numpy())
    for c, lab, genre in colonnes:
        libelles.append(lab)
        caches = tm.masque[c].to_numpy()
        cellules.append(
            [secret.SECRET if bool(k) else conv(v, genre) for v, k in zip(tm.valeurs[c].to_numpy(), caches)]
        )
    lignes = (
        [dict(zip(libelles, ligne)) for ligne in zip(*cellules)] if cellules else [{} for _ in range(len(tm.valeurs))]
    )
    if len(tm.total):
        t = tm.total.iloc[0]
        ligne = {lab: ("Ensemble de la sélection" if j == 0 else "") for j, (c, lab, _) in enumerate(cles)}
        for c, lab, genre in colonnes:
            if c in tm.total_caches:
                ligne[lab] = secret.SECRET
                continue
            ligne[lab] = conv(t[c], genre) if c in t.index else None
            precision = c[: -len("_statut")] + "_precision" if c.endswith("_statut") else None
            if genre == "statut" and precision in t.index and isinstance(t[precision], str) and t[precision]:
                ligne[lab] = f"{ligne[lab]} ({t[precision]})"
        lignes.append(ligne)
    return pd.DataFrame(lignes, columns=[lab for _, lab, _ in cles + colonnes])


@memoire.pur
def mettre_en_forme_ecran_et_export(
    tm: TableauMasque, cles: list[Colonne], colonnes: list[Colonne]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`mettre_en_forme` as text (screen) and as numbers (workbook), kept under one key: the
    table's digest is taken once per rerun instead of twice."""
    return (
        mettre_en_forme.sans_memoire(tm, cles, colonnes),
        mettre_en_forme.sans_memoire(tm, cles, colonnes, texte=False),
    )


# ---------------------------------------------------------------- charts (colour-blind-safe, French)

from observatoire.figures.couleurs import BLEU, GRIS, ORANGE  # noqa: E402  (contrast, colour blindness)

STYLES = {1: (BLEU, "circle", "solid"), 2: (ORANGE, "square", "dash"), 3: (GRIS, "diamond", "dot")}
TITRES_CARTES = {1: "Objectif 1 · hors QPV", 2: "Objectif 2 · en QPV", 3: "Objectif 3 · publics prioritaires"}
TITRES_COURTS = {
    1: "Obj. 1 — hors QPV, 1er quartile ou ANRU",
    2: "Obj. 2 — en QPV, quartiles 2-4",
    3: f"Obj. 3 — publics prioritaires ({LIBELLE_INDICATIF_3})",
}


def figure_evolution(ev: pd.DataFrame, titre: str = "Les trois objectifs légaux, par année"):
    """One line per objective (colour + marker + dash: readable without colour), target lines."""
    import plotly.graph_objects as go

    traces = []
    for n in OBJECTIFS:
        d = ev[ev["objectif"] == n]
        couleur, symbole, trait = STYLES[n]
        traces.append(
            go.Scatter(
                x=d["annee"],
                y=d["taux"],
                name=TITRES_COURTS[n],
                mode="lines+markers",
                line=dict(color=couleur, dash=trait, width=2.5),
                marker=dict(symbol=symbole, size=9),
                customdata=list(zip(d["numerateur"], d["denominateur"])),
                hovertemplate="%{x} : %{y:.1%} (%{customdata[0]} / %{customdata[1]})<extra></extra>",
            )
        )
    # The target lines as add_hline draws them (a line across the x domain, its label at the
    # right end), given with the layout: one validation instead of one per line and per update.
    cibles = ((0.25, "cible des objectifs 1 et 3 : 25 %", "top"), (0.50, "cible de l'objectif 2 : 50 %", "bottom"))
    return go.Figure(
        data=traces,
        layout=dict(
            shapes=[
                dict(
                    line=dict(color="#222", dash="dash", width=1),
                    type="line",
                    x0=0,
                    x1=1,
                    xref="x domain",
                    y0=y,
                    y1=y,
                    yref="y",
                )
                for y, _, _ in cibles
            ],
            annotations=[
                dict(
                    showarrow=False,
                    text=texte,
                    x=1,
                    xanchor="right",
                    xref="x domain",
                    y=y,
                    yanchor=ancrage,
                    yref="y",
                )
                for y, texte, ancrage in cibles
            ],
            title=titre,
            separators=", ",
            height=420,
            margin=dict(l=10, r=10, t=60, b=10),
            xaxis=dict(dtick=1, title=None),
            yaxis=dict(title="part des attributions", tickformat=".0%", rangemode="tozero"),
            legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
        ),
    )


def figure_qpv(t: pd.DataFrame):
    """QPV vs hors QPV: share of the 1st quartile and of priority publics, side by side."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for col, nom, couleur, motif in [
        ("part_premier_quartile", "Part du 1er quartile", BLEU, ""),
        ("part_prioritaires", "Part des publics prioritaires", ORANGE, "/"),
    ]:
        fig.add_trace(
            go.Bar(
                x=t["zone"],
                y=t[col],
                name=nom,
                marker=dict(color=couleur, pattern_shape=motif),
                text=[fr.pourcent(v) for v in t[col]],
                textposition="outside",
            )
        )
    fig.update_layout(
        barmode="group",
        separators=", ",
        height=360,
        margin=dict(l=10, r=10, t=50, b=10),
        title="En QPV et hors QPV : 1er quartile et publics prioritaires",
        yaxis=dict(tickformat=".0%", title="part des attributions", rangemode="tozero"),
        xaxis=dict(title=None),
        legend=dict(orientation="h", yanchor="top", y=-0.1, x=0),
    )
    return fig


def figure_reservataires(t: pd.DataFrame, masque: pd.DataFrame):
    """Objective 3 per réservataire (hidden rates left out and named in the axis label)."""
    import plotly.graph_objects as go

    etiquettes = [f"{r} (secret statistique)" if m else r for r, m in zip(t["reservataire"], masque["o3_taux"])]
    valeurs = [None if m else v for v, m in zip(t["o3_taux"], masque["o3_taux"])]
    fig = go.Figure(
        go.Bar(
            y=etiquettes,
            x=valeurs,
            orientation="h",
            marker_color=GRIS,
            text=[fr.pourcent(v) if v is not None else "" for v in valeurs],
            textposition="outside",
        )
    )
    fig.add_vline(x=0.25, line_dash="dash", line_color="#222", annotation_text="cible : 25 %")
    fig.update_layout(
        title="Objectif 3 : part des publics prioritaires, par réservataire",
        separators=", ",
        height=80 + 48 * len(t),
        margin=dict(l=10, r=30, t=50, b=10),
        xaxis=dict(tickformat=".0%", rangemode="tozero", title="part des attributions"),
        yaxis=dict(title=None, autorange="reversed"),
    )
    return fig
