"""PLH production measured against its targets: plain functions, no Streamlit.

How a PLH is read (data, tables `plh`, `plh_annees`, `plh_communes`):
- Same years on both sides. A PLH counts a list of calendar years (`annees`, editable; by
  default every calendar year of the PLH: 2014 … 2020 for the PLH 2014-2020, seven years). A
  cumulated reading at the end of a year adds up the production of the counted years elapsed (N)
  and compares it with N × the annual target; the PLH target is the annual target × all the
  counted years. The remaining pace (« rythme nécessaire ») spreads what is left over the
  counted years still to come. A total stated for the whole PLH (`objectif_periode`) is read
  only when there is no annual target (the PLS ceiling).
- Perimeter. A PLH's targets cover the communes of the EPCI when it was adopted (`communes`,
  editable; empty = not filled: production is then counted on the current communes of the CU,
  and every screen says so).
- Status words are the catalogue's (`observatoire.indicateurs.catalogue.statut`): a finished PLH read to its
  end is « atteint » / « non atteint »; a reading in the course of the PLH is « en avance » /
  « en retard » against the target expected so far.

Indicators (the page states these definitions):
- logements: logements autorisés or commencés (Sitadel), the user's choice;
- lls: logements locatifs sociaux financés = PLUS + PLA-I (agréments), PLS apart;
- accession_aidee: measured by PTZ neuf;
- libre (marché libre): logements − lls − accession_aidee, only when all three are known.

A missing value stays missing (NA), never 0: a year without a row is « donnée manquante ».
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from fractions import Fraction

import pandas as pd

from observatoire import formats as fr
from observatoire.base import ecriture, memoire
from observatoire.base.db import sql_de
from observatoire.indicateurs import catalogue
from observatoire.secret import suppression as secret

# code, libellé, ce qui le mesure
INDICATEURS: list[tuple[str, str, str]] = [
    ("logements", "Logements neufs", "logements autorisés ou commencés (Sitadel)"),
    ("lls", "Logements locatifs sociaux (PLUS + PLA-I)", "logements financés (agréments PLUS + PLA-I)"),
    ("lls_plus", "dont PLUS", "logements financés en PLUS"),
    ("lls_plai", "dont PLA-I", "logements financés en PLA-I"),
    ("accession_aidee", "Accession aidée", "PTZ accordés dans le neuf"),
    ("libre", "Marché libre", "logements − LLS financés − accession aidée"),
    ("lls_pls", "PLS", "logements financés en PLS"),
    ("ventes_hlm", "Ventes HLM", "logements sociaux vendus"),
    ("accession_ancien", "Accession aidée dans l'ancien", "ménages aidés (PTZ dans l'ancien)"),
]
LIBELLES = {code: libelle for code, libelle, _ in INDICATEURS}
MESURES = {code: mesure for code, _, mesure in INDICATEURS}
# The three parts of the 550 (stacked chart and commune split).
PARTS = ("lls", "accession_aidee", "libre")
# Targets with only a PLH total that is a ceiling, not a floor.
PLAFONDS = frozenset({"lls_pls"})
# Counts of households (not dwellings): secret statistique below CUA level.
MENAGES = ("accession_aidee", "ventes_hlm", "accession_ancien")
COMPTAGES = {"autorises": "logements_autorises", "commences": "logements_commences"}
LIBELLES_COMPTAGE = {"autorises": "Logements autorisés", "commences": "Logements commencés"}
# The radio shows these words and the URL carries them (?comptage=commencés).
CHOIX_COMPTAGE = {"autorisés": "autorises", "commencés": "commences"}

HORS_PERIODE = "hors période du PLH"
DANS_PERIODE = "période du PLH"
NON_COMPTEE = "année du PLH non comptée"
PAS_D_OBJECTIF = "pas d'objectif communal"
PAS_D_OBJECTIF_CU = "pas d'objectif pour ce PLH"
MANQUANTE = "donnée manquante"
PERIMETRE_NON_RENSEIGNE = "périmètre du PLH non renseigné : communes actuelles de la CU"
HORS_PERIMETRE = "hors du périmètre du PLH"


@dataclass(frozen=True)
class Plh:
    """A PLH period. `annees`: the calendar years it counts (empty at construction = every
    calendar year from annee_debut to annee_fin); `communes`: its perimeter (empty = not
    filled)."""

    plh: str
    annee_debut: int
    annee_fin: int
    annees: tuple[int, ...] = field(default=())
    communes: tuple[str, ...] = field(default=())
    lecture: str | None = None
    source: str | None = None

    def __post_init__(self):
        annees = tuple(sorted({int(a) for a in self.annees})) or tuple(range(self.annee_debut, self.annee_fin + 1))
        object.__setattr__(self, "annees", annees)
        object.__setattr__(self, "communes", tuple(sorted({str(c) for c in self.communes})))

    @classmethod
    def depuis_ligne(cls, ligne) -> Plh:
        return cls(
            plh=str(ligne["plh"]),
            annee_debut=int(ligne["annee_debut"]),
            annee_fin=int(ligne["annee_fin"]),
            annees=_liste(ligne.get("annees_comptees")),
            communes=_liste(ligne.get("communes_plh")),
            lecture=None if _manquant(ligne.get("lecture")) else str(ligne["lecture"]),
            source=None if _manquant(ligne.get("source")) else str(ligne["source"]),
        )

    def contient(self, annee: int) -> bool:
        return self.annee_debut <= annee <= self.annee_fin

    def compte(self, annee: int) -> bool:
        return annee in self.annees

    @property
    def nb_annees(self) -> int:
        """How many calendar years the PLH counts."""
        return len(self.annees)

    @property
    def perimetre_renseigne(self) -> bool:
        return bool(self.communes)


def _liste(x) -> tuple:
    """A list column read from DuckDB (list, numpy array) or None → a tuple."""
    if x is None or (not hasattr(x, "__len__") and _manquant(x)) or isinstance(x, str):
        return ()
    return tuple(v for v in x if not _manquant(v))


def lire_annees(texte, annee_debut: int, annee_fin: int) -> list[int]:
    """The counted years as written in data/reference/plh.csv: « 2014|2015|2017 » or ranges
    « 2014-2016|2018 »; empty = every calendar year of the PLH."""
    if texte is None or _manquant(texte) or not str(texte).strip():
        return list(range(annee_debut, annee_fin + 1))
    annees: set[int] = set()
    for morceau in re.split(r"[|;,\s]+", str(texte).strip()):
        if not morceau:
            continue
        if "-" in morceau:
            debut, fin = (int(x) for x in morceau.split("-", 1))
            annees.update(range(debut, fin + 1))
        else:
            annees.add(int(morceau))
    return sorted(annees)


def texte_annees(annees) -> str:
    """« 2014-2020 » for consecutive years, « 2014-2016, 2018 » otherwise."""
    annees = sorted({int(a) for a in annees})
    if not annees:
        return "aucune année"
    plages, debut, prec = [], annees[0], annees[0]
    for a in annees[1:] + [None]:
        if a is not None and a == prec + 1:
            prec = a
            continue
        plages.append(str(debut) if debut == prec else f"{debut}-{prec}")
        if a is not None:
            debut = prec = a
    return ", ".join(plages)


def _annees_mot(n: int) -> str:
    return f"{n} année{'s' if n > 1 else ''} comptée{'s' if n > 1 else ''}"


def phrase_annees(p: Plh, annee_bilan: int | None = None) -> str:
    """Which years a reading counts: « 2014-2020, 7 années comptées » (the whole PLH), or
    « 2014-2017, 4 années comptées sur les 7 du PLH 2014-2020 » for a reading in its course."""
    comptees = annees_comptees(annee_bilan, p) if annee_bilan is not None else list(p.annees)
    texte = f"{texte_annees(comptees)}, {_annees_mot(len(comptees))}" if comptees else "aucune année comptée"
    if len(comptees) < p.nb_annees:
        texte += f" sur les {p.nb_annees} du {p.plh}"
    return texte


def phrase_perimetre(p: Plh) -> str:
    """The perimeter the production is counted on, in words."""
    if not p.perimetre_renseigne:
        return PERIMETRE_NON_RENSEIGNE
    n = len(p.communes)
    return f"périmètre du {p.plh} : {n} commune{'s' if n > 1 else ''}"


def phrase_carte(t: pd.DataFrame) -> str:
    """What the map of the PLH rate counts, from the columns of query carte_taux_plh:
    « PLH 2014-2020 : 2014-2020, 7 années comptées ; périmètre du PLH non renseigné : communes
    actuelles de la CU »."""
    if t is None or t.empty:
        return ""
    ligne = t.iloc[0]
    p = Plh(
        str(ligne["plh"]),
        int(ligne["annee_debut"]),
        int(ligne["annee_fin"]),
        annees=_liste(ligne.get("annees_comptees")),
    )
    if bool(ligne.get("perimetre_renseigne", False)):
        n = int(pd.Series(t["dans_perimetre"]).fillna(False).astype(bool).sum())
        perimetre = f"périmètre du {p.plh} : {n} commune{'s' if n > 1 else ''}"
    else:
        perimetre = PERIMETRE_NON_RENSEIGNE
    return f"{p.plh} : {phrase_annees(p)} ; {perimetre}"


def communes_comptees(p: Plh, selection=()) -> tuple[str, ...]:
    """The communes whose production is counted against the PLH's targets (what to pass as
    `communes` to the production queries; empty = every current commune of the CU).

    No perimeter filled: the selection as it is. A perimeter filled: the perimeter when nothing is
    selected, else the selected communes inside it (when none is inside, the selection itself:
    those communes then have no target of this PLH)."""
    selection = tuple(selection or ())
    if not p.perimetre_renseigne:
        return selection
    if not selection:
        return p.communes
    dedans = tuple(c for c in selection if c in p.communes)
    return dedans or selection


def hors_perimetre(p: Plh, selection=()) -> list[str]:
    """Selected communes outside a filled PLH perimeter (not counted)."""
    if not p.perimetre_renseigne:
        return []
    return [c for c in (selection or ()) if c not in p.communes]


def _manquant(x) -> bool:
    if x is None or x is pd.NA:
        return True
    try:
        return bool(math.isnan(x))
    except TypeError:
        return False


# ---------------------------------------------------------------- target arithmetic


def annees_comptees(annee: int | None, p: Plh) -> list[int]:
    """The counted years of the PLH up to the end of `annee` (all of them when annee is None)."""
    return [a for a in p.annees if annee is None or a <= annee]


def annees_ecoulees(annee: int, p: Plh) -> int:
    """How many counted years of the PLH are over at the end of `annee` (0 before it starts)."""
    return len(annees_comptees(annee, p))


def objectif_periode(objectif_annuel, objectif_total, p: Plh) -> float | None:
    """The PLH target: the annual target × every counted year; a stated total only when there is
    no annual target (the PLS ceiling)."""
    if not _manquant(objectif_annuel):
        return float(objectif_annuel) * p.nb_annees
    if not _manquant(objectif_total):
        return float(objectif_total)
    return None


def objectif_cumule(objectif_annuel, annee: int, p: Plh) -> float | None:
    """Cumulated target at the end of `annee`: the annual target × the counted years elapsed."""
    if _manquant(objectif_annuel):
        return None
    return float(objectif_annuel) * annees_ecoulees(annee, p)


def taux_realisation(realise, objectif) -> float | None:
    """Realised / target; None when either is missing or the target is 0."""
    if _manquant(realise) or _manquant(objectif) or float(objectif) == 0:
        return None
    return float(realise) / float(objectif)


def ecart(realise, objectif) -> float | None:
    """Surplus (> 0) or shortfall (< 0) in dwellings."""
    if _manquant(realise) or _manquant(objectif):
        return None
    return float(realise) - float(objectif)


def annees_restantes(annee: int, p: Plh) -> int:
    """Counted years of the PLH still to come after `annee`."""
    return sum(1 for a in p.annees if a > annee)


def rythme_necessaire(objectif_total, realise_cumule, annee: int, p: Plh) -> float | None:
    """Dwellings a year needed over the counted years after `annee` to reach the PLH target
    (annual target × every counted year).

    None when no counted year is left (the PLH is over) or a figure is missing; 0 when the target
    is already reached.
    """
    if _manquant(objectif_total) or _manquant(realise_cumule):
        return None
    restantes = annees_restantes(annee, p)
    if restantes == 0:
        return None
    return max(0.0, float(objectif_total) - float(realise_cumule)) / restantes


def lecture_close(annee_bilan: int, p: Plh, aujourd_hui: int | None = None) -> bool:
    """A reading is closed when the PLH is over (its last year is past) and the reading reaches
    its last counted year; otherwise it is a reading in the course of the PLH."""
    return catalogue.periode_close(p.annee_fin, aujourd_hui) and annees_restantes(annee_bilan, p) == 0


def statut(realise, objectif_cumule, *, close: bool, plafond: bool = False, objectif_total=None) -> str:
    """The catalogue's status of a cumulated reading.

    A floor: realised / cumulated target against 100 % — « atteint » / « non atteint » when the
    reading is closed, « en avance » / « en retard » in the course of the PLH. A ceiling (PLS,
    a total for the whole PLH): « atteint » while the realised stays under it, « non atteint »
    once over it (« en avance » / « en retard » in the course of the PLH)."""
    if plafond:
        return catalogue.statut(
            realise, 1, None if _manquant(objectif_total) else objectif_total, sens="<=", close=close
        )
    return catalogue.statut(realise, objectif_cumule, Fraction(1), close=close)


def mots_statut(s: str | None, plafond: bool = False) -> str:
    """The status as tables show it (sign and word), « plafond » said for a ceiling."""
    if not s:
        return fr.MANQUANT
    texte = catalogue.libelle(s)
    if plafond and s in (catalogue.ATTEINT, catalogue.EN_AVANCE):
        return f"{texte} (sous le plafond)"
    if plafond and s in (catalogue.NON_ATTEINT, catalogue.EN_RETARD):
        return f"{texte} (plafond dépassé)"
    return texte


def statut_annee(annee: int, p: Plh) -> str:
    if not p.contient(annee):
        return HORS_PERIODE
    return DANS_PERIODE if p.compte(annee) else NON_COMPTEE


# ---------------------------------------------------------------- realised figures


@memoire.pur
def realise_annuel(production: pd.DataFrame, comptage: str, annees) -> pd.DataFrame:
    """Yearly realised values per PLH indicator, one row per year of `annees` (all kept).

    `production` is long (annee, indicateur, valeur) as the query returns it. A year or an
    indicator without a row stays NA (donnée manquante); sums of parts are NA when a part is.
    """
    annees = list(annees)
    large = production.pivot_table(index="annee", columns="indicateur", values="valeur", aggfunc="sum")
    large = large.reindex(annees).astype("Float64")

    def col(nom):
        return large[nom] if nom in large else pd.Series(pd.NA, index=large.index, dtype="Float64")

    sortie = pd.DataFrame(index=pd.Index(annees, name="annee"))
    sortie["logements"] = col(COMPTAGES[comptage])
    sortie["lls_plus"] = col("lls_plus")
    sortie["lls_plai"] = col("lls_plai")
    sortie["lls"] = sortie["lls_plus"] + sortie["lls_plai"]  # NA + x = NA: a missing part is not 0
    sortie["accession_aidee"] = col("ptz_neuf")
    sortie["libre"] = sortie["logements"] - sortie["lls"] - sortie["accession_aidee"]
    sortie["lls_pls"] = col("lls_pls")
    sortie["ventes_hlm"] = col("ventes_hlm")
    sortie["accession_ancien"] = col("accession_ancien")
    return sortie[[code for code, _, _ in INDICATEURS]]


def bilan_indicateur(
    serie: pd.Series,
    objectif_annuel,
    objectif_total,
    annee_bilan: int,
    p: Plh,
    plafond=False,
    aujourd_hui: int | None = None,
) -> dict:
    """Cumulated reading of one indicator over the counted years of the PLH up to `annee_bilan`,
    against the annual target × the same years (a ceiling: against the PLH total).

    Missing years among the counted ones are listed (`annees_manquantes`): the cumulated figure
    then adds up the known years only and the page says it is incomplete.
    """
    fin = min(annee_bilan, p.annee_fin)
    annees = annees_comptees(fin, p)
    valeurs = serie.reindex(annees)
    connues = valeurs.dropna()
    manquantes = [a for a in annees if a not in connues.index]
    cumul = float(connues.sum()) if len(connues) else None
    total = objectif_periode(objectif_annuel, objectif_total, p)
    cible = total if plafond else objectif_cumule(objectif_annuel, fin, p)
    annuel_realise = serie.get(annee_bilan, pd.NA) if annee_bilan in serie.index else pd.NA
    close = lecture_close(fin, p, aujourd_hui)
    a_cible = cible is not None
    return {
        "annee_bilan": fin,
        "annees_comptees": annees,
        "realise_annee": None if _manquant(annuel_realise) else float(annuel_realise),
        "objectif_annuel": None if _manquant(objectif_annuel) else float(objectif_annuel),
        "realise_cumule": cumul,
        "objectif_cumule": cible,
        "objectif_periode": total,
        "taux": taux_realisation(cumul, cible),
        "ecart": ecart(cumul, cible),
        "rythme": None if plafond else rythme_necessaire(total, cumul, fin, p),
        "close": close,
        "statut": statut(cumul, cible, close=close, plafond=plafond, objectif_total=total) if a_cible else None,
        "annees_manquantes": manquantes,
    }


@memoire.pur
def tableau_bilan(
    realise: pd.DataFrame, cibles: dict, annee_bilan: int, p: Plh, aujourd_hui: int | None = None
) -> pd.DataFrame:
    """One row per indicator (index = code): bilan_indicateur against the scope's targets."""
    lignes = {}
    for code, _, _ in INDICATEURS:
        cible = cibles.get(code, {})
        b = bilan_indicateur(
            realise[code],
            cible.get("annuel"),
            cible.get("periode"),
            annee_bilan,
            p,
            plafond=code in PLAFONDS,
            aujourd_hui=aujourd_hui,
        )
        b["sans_objectif"] = cible.get("sans_objectif", [])
        b["objectif_demo"] = bool(cible.get("demo", False))
        b["a_objectif"] = bool(cible) and (cible.get("annuel") is not None or cible.get("periode") is not None)
        lignes[code] = b
    return pd.DataFrame.from_dict(lignes, orient="index")


def trajectoire(serie: pd.Series, objectif_annuel, p: Plh, annee_fin: int) -> pd.DataFrame:
    """Counted year by counted year (to annee_fin): realised cumulated since the start of the PLH
    against the cumulated target. After a missing year the realised cumulation stops (NA): it
    cannot be known."""
    annees = annees_comptees(min(annee_fin, p.annee_fin), p)
    valeurs = serie.reindex(annees).astype("Float64")
    cumul = valeurs.cumsum(skipna=False)
    return pd.DataFrame(
        {
            "annee": annees,
            "realise": valeurs.values,
            "realise_cumule": cumul.values,
            "objectif_cumule": [objectif_cumule(objectif_annuel, a, p) for a in annees],
        }
    )


# ---------------------------------------------------------------- targets of a scope


def objectifs_du_perimetre(objectifs: pd.DataFrame, communes: tuple[str, ...] | list[str]) -> dict:
    """Targets for the whole CU (no commune selected) or the sum of the selected communes' targets.

    Returns {indicateur: {"annuel", "periode", "demo", "sans_objectif": [codes]}}. A commune
    without a target for an indicator is listed, not counted as 0. For communes, « libre » is
    derived (logements − lls − accession_aidee) when no commune row gives it.
    """
    sortie: dict[str, dict] = {}
    if not communes:
        cu = objectifs[objectifs["code_insee"].isna()]
        for _, ligne in cu.iterrows():
            sortie[ligne["indicateur"]] = {
                "annuel": None if _manquant(ligne["objectif_annuel"]) else float(ligne["objectif_annuel"]),
                "periode": None if _manquant(ligne["objectif_periode"]) else float(ligne["objectif_periode"]),
                "demo": bool(ligne["demo"]),
                "sans_objectif": [],
            }
        return sortie
    communales = objectifs[objectifs["code_insee"].isin(list(communes))]
    for indicateur, groupe in communales.groupby("indicateur"):
        sans = [c for c in communes if c not in set(groupe["code_insee"])]
        sortie[indicateur] = {
            "annuel": _somme_ou_none(groupe["objectif_annuel"]),
            "periode": _somme_ou_none(groupe["objectif_periode"]),
            "demo": bool(groupe["demo"].any()),
            "sans_objectif": sans,
        }
    if "libre" not in sortie and all(k in sortie for k in ("logements", "lls", "accession_aidee")):
        parts = [sortie[k] for k in ("logements", "lls", "accession_aidee")]
        if all(x["annuel"] is not None for x in parts):
            sortie["libre"] = {
                "annuel": parts[0]["annuel"] - parts[1]["annuel"] - parts[2]["annuel"],
                "periode": None,
                "demo": any(x["demo"] for x in parts),
                "sans_objectif": sorted(set().union(*(x["sans_objectif"] for x in parts))),
            }
    return sortie


def _somme_ou_none(s: pd.Series):
    s = pd.to_numeric(s, errors="coerce").dropna()
    return float(s.sum()) if len(s) else None


@memoire.pur
def repartition_communes(objectifs: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: sum of the commune targets against the CU-wide target, and the gap.

    Columns: indicateur, somme_communes, objectif_cu, ecart (somme − CU), communes (how many
    communes have a target). An edited commune table that no longer adds up shows here.
    """
    communales = objectifs[objectifs["code_insee"].notna()]
    cu = objectifs[objectifs["code_insee"].isna()].set_index("indicateur")
    lignes = []
    for indicateur, groupe in communales.groupby("indicateur"):
        for champ in ("objectif_annuel", "objectif_periode"):
            somme = _somme_ou_none(groupe[champ])
            ref = cu[champ].get(indicateur) if indicateur in cu.index else None
            ref = None if _manquant(ref) else float(ref)
            lignes.append(
                {
                    "indicateur": indicateur,
                    "champ": champ,
                    "somme_communes": somme,
                    "objectif_cu": ref,
                    "ecart": ecart(somme, ref),
                    "communes": int(groupe[champ].notna().sum()),
                }
            )
    return pd.DataFrame(lignes, columns=["indicateur", "champ", "somme_communes", "objectif_cu", "ecart", "communes"])


# ---------------------------------------------------------------- commune table


@memoire.pur
def tableau_communes(
    communes: pd.DataFrame,
    production_communes: pd.DataFrame,
    objectifs: pd.DataFrame,
    comptage: str,
    annee_bilan: int,
    p: Plh,
    total_cu: float | None,
    aujourd_hui: int | None = None,
) -> pd.DataFrame:
    """One row per commune: realised dwellings, LLS and accession aidée cumulated over the
    counted years of the PLH up to annee_bilan, against the commune's annual target × the same
    years; share of the CU effort; status (catalogue words).

    `production_communes` is long (code_insee, indicateur, valeur) already summed over the
    counted years (query production_par_commune with $annees); `total_cu` is the dwellings
    realised over the same years on the PLH's perimeter. A commune outside a filled perimeter
    has no target of this PLH (`hors_perimetre`).
    """
    large = production_communes.dropna(subset=["indicateur"]).pivot_table(
        index="code_insee", columns="indicateur", values="valeur", aggfunc="sum"
    )
    large = large.reindex(communes["code_insee"]).astype("Float64")

    def col(nom):
        return large[nom] if nom in large else pd.Series(pd.NA, index=large.index, dtype="Float64")

    obj = objectifs[objectifs["code_insee"].notna()].pivot_table(
        index="code_insee", columns="indicateur", values="objectif_annuel", aggfunc="sum"
    )
    demo = objectifs[objectifs["code_insee"].notna()].groupby("code_insee")["demo"].any()
    t = pd.DataFrame({"code_insee": communes["code_insee"].values, "nom": communes["nom"].values})
    t = t.set_index("code_insee")
    t["logements"] = col(COMPTAGES[comptage])
    t["lls"] = col("lls_plus") + col("lls_plai")
    t["accession_aidee"] = col("ptz_neuf")
    n = annees_ecoulees(annee_bilan, p)
    for ind in ("logements", "lls", "accession_aidee"):
        annuel = obj[ind].reindex(t.index) if ind in obj else pd.Series(float("nan"), index=t.index)
        t[f"objectif_{ind}"] = (annuel * n).astype("Float64")
    t["hors_perimetre"] = [p.perimetre_renseigne and c not in p.communes for c in t.index]
    for ind in ("logements", "lls", "accession_aidee"):
        t.loc[t["hors_perimetre"], f"objectif_{ind}"] = pd.NA
    t["taux_logements"] = t["logements"] / t["objectif_logements"].where(t["objectif_logements"] > 0)
    t["ecart_logements"] = t["logements"] - t["objectif_logements"]
    t["part_effort"] = t["logements"] / total_cu if total_cu else pd.NA
    total_obj = float(t["objectif_logements"].sum(skipna=True)) if t["objectif_logements"].notna().any() else None
    t["part_objectif"] = t["objectif_logements"] / total_obj if total_obj else pd.NA
    t["objectif_demo"] = demo.reindex(t.index).fillna(False).astype(bool)
    t["sans_objectif"] = t["objectif_logements"].isna()
    close = lecture_close(annee_bilan, p, aujourd_hui)
    t["statut"] = [
        None if sans else statut(None if pd.isna(r) else float(r), float(o), close=close)
        for r, o, sans in zip(t["logements"], t["objectif_logements"], t["sans_objectif"])
    ]
    return t.reset_index()


# ---------------------------------------------------------------- secret statistique


@memoire.pur
def masquer_menages(
    df: pd.DataFrame, totaux_colonnes: bool = True, seuil: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hide household counts (PTZ, ventes HLM, accession dans l'ancien) under the threshold.

    The three parts of the dwellings (lls + accession_aidee + libre = logements) form an
    additive group on each row, so a hidden accession count also hides its complement.
    Rates and gaps computed on a hidden count are hidden with it.
    """
    # secret.masquer compares with plain floats: a missing value must be NaN, not pd.NA.
    df = df.apply(lambda c: pd.to_numeric(c, errors="coerce").astype("float64"))
    colonnes = [c for c in MENAGES if c in df.columns]
    groupes = [list(PARTS)] if all(c in df.columns for c in PARTS) and "logements" in df.columns else []
    liees = {c: [x for x in (f"taux_{c}", f"ecart_{c}") if x in df.columns] for c in colonnes}
    seuil = secret.seuil_en_vigueur() if seuil is None else seuil
    return secret.masquer(
        df, colonnes, seuil=seuil, totaux_colonnes=totaux_colonnes, totaux_lignes=groupes, colonnes_liees=liees
    )


@memoire.pur
def masquer_bilan(bilan: pd.DataFrame, seuil: int | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """Secret on the bilan table (one row per indicator, below CUA level): a household count
    (realised that year or cumulated) under the threshold hides the row's realised figures and
    what is computed from them; a hidden accession aidée also hides « libre » (= logements −
    lls − accession, which would give it back). Returns (table, hidden rows)."""
    seuil = secret.seuil_en_vigueur() if seuil is None else seuil
    caches = pd.Series(False, index=bilan.index)
    for code in MENAGES:
        if code not in bilan.index:
            continue
        valeurs = pd.Series([bilan.at[code, "realise_annee"], bilan.at[code, "realise_cumule"]])
        if secret.a_masquer(valeurs, seuil).any():
            caches[code] = True
    if caches.get("accession_aidee", False) and "libre" in bilan.index:
        caches["libre"] = True
    sortie = bilan.copy()
    colonnes = ["realise_annee", "realise_cumule", "taux", "ecart", "rythme", "statut"]
    for c in colonnes:
        sortie[c] = sortie[c].astype("object").where(~caches, None)
    return sortie, caches


# ---------------------------------------------------------------- editing targets (written through ecriture.modifier_base)

INDICATEURS_OBJECTIF = [code for code, _, _ in INDICATEURS]
INDICATEURS_COMMUNAUX = ("logements", "lls", "accession_aidee")


def appliquer_modifications(df: pd.DataFrame, etat: dict | None) -> pd.DataFrame:
    """The table a fixed-rows st.data_editor shows, rebuilt from its widget state
    ({"edited_rows": {ligne: {colonne: valeur}}}), for use in a callback."""
    sortie = df.copy().reset_index(drop=True).astype("object")
    for ligne, changements in ((etat or {}).get("edited_rows") or {}).items():
        for colonne, valeur in changements.items():
            sortie.at[int(ligne), colonne] = valeur
    return sortie


def valider_plh(nom: str, annee_debut, annee_fin, existants: list[str]) -> list[str]:
    """French error messages for a new PLH period; empty list = valid. A new PLH counts every
    calendar year of its period (the list is edited afterwards)."""
    erreurs = []
    nom = (nom or "").strip()
    if not nom:
        erreurs.append("Le nom du PLH est obligatoire (par exemple « PLH 2026-2031 »).")
    elif nom in existants:
        erreurs.append(f"Un PLH nommé « {nom} » existe déjà.")
    try:
        debut, fin = int(annee_debut), int(annee_fin)
    except (TypeError, ValueError):
        return erreurs + ["Les années doivent être des nombres entiers."]
    if not 1990 <= debut <= 2100 or not 1990 <= fin <= 2100:
        erreurs.append("Les années doivent être comprises entre 1990 et 2100.")
    if fin < debut:
        erreurs.append("La dernière année du PLH précède sa première année.")
    return erreurs


def valider_annees(annees, p: Plh) -> list[str]:
    """The counted years of a PLH: at least one, each inside the PLH's period."""
    try:
        annees = [int(a) for a in annees or ()]
    except (TypeError, ValueError):
        return ["Les années comptées doivent être des années (nombres entiers)."]
    if not annees:
        return [f"Choisissez au moins une année comptée du {p.plh}."]
    dehors = sorted(a for a in annees if not p.contient(a))
    if dehors:
        return [f"{', '.join(map(str, dehors))} : hors de la période du {p.plh} ({p.annee_debut}-{p.annee_fin})."]
    return []


def valider_communes(codes, connues) -> list[str]:
    """The communes of a PLH perimeter must be known INSEE codes (an empty list is allowed: the
    perimeter is then « non renseigné »)."""
    inconnues = sorted(set(codes or ()) - set(connues))
    return [f"Commune inconnue : {', '.join(inconnues)}."] if inconnues else []


def valider_objectifs(df: pd.DataFrame, colonnes=("objectif_annuel", "objectif_periode")) -> list[str]:
    """Targets must be empty (no target) or non-negative numbers; `indicateur` must be known."""
    erreurs = []
    if "indicateur" in df.columns:
        inconnus = sorted(set(df["indicateur"].dropna()) - set(INDICATEURS_OBJECTIF))
        if inconnus:
            erreurs.append("Indicateur inconnu : " + ", ".join(inconnus) + ".")
    for c in colonnes:
        if c not in df.columns:
            continue
        brut = df[c]
        valeurs = pd.to_numeric(brut, errors="coerce")
        non_nombres = brut.notna() & (brut.astype(str).str.strip() != "") & valeurs.isna()
        if non_nombres.any():
            erreurs.append(f"« {c} » : {int(non_nombres.sum())} valeur(s) qui ne sont pas des nombres.")
        if (valeurs < 0).any():
            erreurs.append(f"« {c} » : un objectif ne peut pas être négatif.")
    return erreurs


def enregistrer_plh(con, p: Plh, objectifs_cu: pd.DataFrame, source: str) -> int:
    """Insert a PLH, its counted years, its communes and its CU-wide targets (rows with no target
    at all are skipped). Runs on the connection of ecriture.modifier_base."""
    con.execute(
        sql_de("plh_inserer"),
        {"plh": p.plh, "annee_debut": p.annee_debut, "annee_fin": p.annee_fin, "lecture": p.lecture, "source": source},
    )
    ecriture.remplacer_lecture_plh(con, p.plh, p.annees, p.communes)
    n = 0
    for _, ligne in objectifs_cu.iterrows():
        annuel = pd.to_numeric(ligne.get("objectif_annuel"), errors="coerce")
        total = pd.to_numeric(ligne.get("objectif_periode"), errors="coerce")
        if _manquant(annuel) and _manquant(total):
            continue
        con.execute(
            "INSERT INTO objectifs VALUES ($plh, NULL, $ind, $annuel, $total, false, $source)",
            {
                "plh": p.plh,
                "ind": ligne["indicateur"],
                "annuel": None if _manquant(annuel) else float(annuel),
                "total": None if _manquant(total) else float(total),
                "source": source,
            },
        )
        n += 1
    return n


def enregistrer_objectifs_communes(con, p: Plh, objectifs_communes: pd.DataFrame, source: str) -> int:
    """Replace the commune targets of a PLH by the edited table (wide: code_insee + one column per
    indicator of INDICATEURS_COMMUNAUX, yearly). Empty cell = pas d'objectif communal.

    A value left unchanged keeps its demo flag and source; a changed or new one is saved as
    entered (demo = false, `source`). No total is stored: the PLH target is computed (yearly
    target × counted years), never written back.
    """
    existants = con.execute(
        "SELECT code_insee, indicateur, objectif_annuel, demo, source FROM objectifs "
        "WHERE plh = $plh AND code_insee IS NOT NULL",
        {"plh": p.plh},
    ).fetchall()
    anciens = {(code, ind): (annuel, demo, src) for code, ind, annuel, demo, src in existants}
    con.execute("DELETE FROM objectifs WHERE plh = $plh AND code_insee IS NOT NULL", {"plh": p.plh})
    n = 0
    for _, ligne in objectifs_communes.iterrows():
        for ind in INDICATEURS_COMMUNAUX:
            v = pd.to_numeric(ligne.get(ind), errors="coerce")
            if _manquant(v):
                continue
            ancien = anciens.get((ligne["code_insee"], ind))
            garde = ancien is not None and ancien[0] is not None and float(ancien[0]) == float(v)
            con.execute(
                "INSERT INTO objectifs VALUES ($plh, $code, $ind, $annuel, $total, $demo, $source)",
                {
                    "plh": p.plh,
                    "code": ligne["code_insee"],
                    "ind": ind,
                    "annuel": float(v),
                    "total": None,
                    "demo": bool(ancien[1]) if garde else False,
                    "source": ancien[2] if garde else source,
                },
            )
            n += 1
    return n
