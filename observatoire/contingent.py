"""Contingent communautaire, gestion en flux (convention de réservation, seed 002, art. 4-5 and
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
- Contribution solidaire (art. 5): at least ¼ of the attributions, computed on all attributions
  minus the préfectoral share, go to DALO / L.441-1 priority publics. The minimum is rounded up
  (« au moins un quart »).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from observatoire import formats as fr

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

# Annex 2 of the 2024-2026 convention (seed 002), Pas-de-Calais habitat, year 2024.
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


def calculer(mises_en_location: int, mutations_internes: int, relogements_npnru_internes: int,
             relogements_lhi: int, relogements_ventes: int, premieres_mises_en_location: int = 0) -> Flux:
    """The flux of one landlord and year. `premieres_mises_en_location` is for information only."""
    exclusions = mutations_internes + relogements_npnru_internes + relogements_lhi + relogements_ventes
    assiette = mises_en_location - exclusions
    return Flux(assiette, exclusions, arrondi(TAUX_PREFECTORAL * assiette), arrondi(TAUX_EPCI * assiette))


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
        bailleur = "" if ligne.get("bailleur") is None or ligne.get("bailleur") is pd.NA else str(ligne["bailleur"]).strip()
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
    the contingent_flux table; every cell is read as text and checked by `valider_flux`."""
    import io

    for encodage in ("utf-8-sig", "cp1252"):
        try:
            texte = contenu.decode(encodage)
            break
        except UnicodeDecodeError:
            continue
    sep = ";" if texte.splitlines()[0].count(";") >= texte.splitlines()[0].count(",") else ","
    df = pd.read_csv(io.StringIO(texte), sep=sep, dtype=str, keep_default_na=False)
    df.columns = [c.strip() for c in df.columns]
    return df


def enregistrer_flux(chemin, propres: pd.DataFrame) -> int:
    """Replace the inputs of these landlord-years (demo = false), atomically. Returns rows written."""
    from observatoire.db import sql_de
    from observatoire.ecriture import modifier_base

    lot = propres[["annee", "bailleur"] + ENTREES].copy()
    lot["demo"] = False

    def operation(con):
        # On `con` itself (not a cursor): the view and the writes belong to its transaction.
        con.register("_lot", lot)
        try:
            con.execute(sql_de("contingent_flux_remplacer"))
        finally:
            con.unregister("_lot")
        return len(lot)

    return modifier_base(chemin, operation)


# ---------------------------------------------------------------- realised vs objective, contribution solidaire


@dataclass(frozen=True)
class ContributionSolidaire:
    base: int  # attributions minus the préfectoral share, priority flag known
    menages: int  # of which DALO / L.441-1 priority publics

    @property
    def minimum(self) -> int:
        return math.ceil(PART_CONTRIBUTION_SOLIDAIRE * self.base)

    @property
    def manque(self) -> int:
        return max(0, self.minimum - self.menages)

    @property
    def taux(self) -> float | None:
        return self.menages / self.base if self.base else None


def realise_contre_objectif(objectifs: pd.DataFrame, realises: pd.DataFrame) -> pd.DataFrame:
    """Per landlord: objective (contingent EPCI) vs attributions made on the contingent.
    `objectifs`: bailleur, contingent_epci; `realises`: bailleur, contingent. A landlord with
    no input has no objective (NA), never 0."""
    t = objectifs[["bailleur", "contingent_epci"]].merge(realises[["bailleur", "contingent"]], on="bailleur", how="outer")
    t["contingent"] = t["contingent"].fillna(0).astype("int64")
    t["contingent_epci"] = t["contingent_epci"].astype("Int64")
    t["ecart"] = t["contingent"] - t["contingent_epci"]
    t["taux_realisation"] = [
        (r / o) if pd.notna(o) and o else None for r, o in zip(t["contingent"], t["contingent_epci"])
    ]
    return t.sort_values("bailleur").reset_index(drop=True)


def saisir_flux(chemin, saisie: pd.DataFrame) -> tuple[int, list[str]]:
    """Validate then save: with any error, nothing is written. Returns (rows written, messages)."""
    propres, erreurs = valider_flux(saisie)
    if erreurs:
        return 0, erreurs
    return enregistrer_flux(chemin, propres), []


# ---------------------------------------------------------------- annual CIL bilan (art. 11)

COLONNES_BILAN = [
    ("contingent", "Contingent communautaire", "nombre"),
    ("refus", "Refus", "nombre"),
    ("contingent_refus", "dont refus sur le contingent", "nombre"),
    ("cs_den", "Attributions hors préfectoral", "nombre"),
    ("cs_num", "Contribution solidaire (ménages prioritaires)", "nombre"),
    ("cs_min", "Minimum ¼", "nombre"),
    ("cs_manque", "Manquants pour ¼", "nombre"),
]
DEFINITIONS_BILAN = {
    "Contingent communautaire": "attributions au titre du contingent communautaire (réservataire CU d'Arras, délégué aux communes)",
    "Refus": "attributions refusées par le ménage, toutes attributions ; « dont » : celles du contingent communautaire",
    "Attributions hors préfectoral": "toutes les attributions sauf celles du contingent préfectoral (réservataire État), priorité renseignée",
    "Contribution solidaire": "parmi elles, ménages DALO ou publics prioritaires L.441-1",
    "Minimum ¼": "un quart des attributions hors préfectoral, arrondi à l'entier supérieur ; « manquants » : ménages qu'il manquait pour l'atteindre",
}
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


def etapes_exemple(ligne) -> pd.DataFrame:
    """The calculation of one landlord-year as a two-column table (step, value), for the screen."""
    t = tableau_flux(pd.DataFrame([ligne])).iloc[0]
    etapes = [c for c in LIBELLES if c not in ("annee", "bailleur")]
    return pd.DataFrame({"Étape": [LIBELLES[c] for c in etapes], "Valeur": [fr.nombre(t[c]) for c in etapes]})


def tableau_bilan_communes(comptes: pd.DataFrame, annee: int, seuil: int | None = None):
    """Art. 11 bilan by commune for one year, with primary and secondary suppression.
    Returns an attributions.TableauMasque (cs_min / cs_manque hidden with their counts)."""
    from observatoire import attributions as A
    from observatoire import secret

    seuil = secret.seuil_en_vigueur() if seuil is None else seuil
    cle = ["code_insee", "commune"]
    an = comptes[comptes["annee"] == annee]
    comptes_cols = ["contingent", "refus", "contingent_refus", "cs_den", "cs_num"]
    table = A.sommer(an, cle).set_index(cle)[comptes_cols]
    total = A.sommer(an.assign(_t="Ensemble"), ["_t"])
    for df in (table, total):
        cs = [ContributionSolidaire(int(b), int(m)) for b, m in zip(df["cs_den"], df["cs_num"])]
        df["cs_min"] = [c.minimum for c in cs]
        df["cs_manque"] = [c.manque for c in cs]
    valeurs, masque = secret.masquer(
        table, comptes_cols, seuil=seuil,
        colonnes_liees={"cs_den": ["cs_min", "cs_manque"], "cs_num": ["cs_manque"]},
    )
    return A.TableauMasque(valeurs.reset_index(), masque.reset_index(drop=True), total)


COLONNES_REALISE = [
    ("contingent_epci", "Objectif (contingent EPCI 20 %)", "nombre"),
    ("contingent", "Réalisé : attributions au titre du contingent", "nombre"),
    ("ecart", "Écart réalisé − objectif (logements)", "nombre"),
    ("taux_realisation", "Taux de réalisation", "pourcent"),
]


def tableau_realise(t: pd.DataFrame, seuil: int | None = None):
    """Realised vs objective per landlord with the secret statistique on the realised counts
    (the gap and the rate go with them: objective − gap would give the count back)."""
    from observatoire import attributions as A
    from observatoire import secret

    seuil = secret.seuil_en_vigueur() if seuil is None else seuil
    table = t.set_index("bailleur")[["contingent_epci", "contingent", "ecart", "taux_realisation"]]
    valeurs, masque = secret.masquer(table, ["contingent"], seuil=seuil,
                                     colonnes_liees={"contingent": ["ecart", "taux_realisation"]})
    obj = t["contingent_epci"].dropna()
    somme_obj = int(obj.sum()) if len(obj) else None
    realise = int(t["contingent"].sum())
    realise_avec_obj = int(t.loc[t["contingent_epci"].notna(), "contingent"].sum())
    total = pd.DataFrame([{
        "_t": "Ensemble", "contingent_epci": somme_obj, "contingent": realise,
        "ecart": (realise_avec_obj - somme_obj) if somme_obj is not None else None,
        "taux_realisation": (realise_avec_obj / somme_obj) if somme_obj else None,
    }])
    return A.TableauMasque(valeurs.reset_index(), masque.reset_index(drop=True), total)


def figure_bilan_communes(tm, annee: int):
    """Bars of the attributions on the contingent by commune; communes under the secret are named
    below the chart, without a bar (a hidden value is never drawn, not even as 0)."""
    import plotly.graph_objects as go

    v = tm.valeurs.assign(_cache=tm.masque["contingent"].to_numpy())
    visibles = v[~v["_cache"] & (v["contingent"].fillna(0).astype(float) > 0)].sort_values("contingent", ascending=False)
    caches = v[v["_cache"]]["commune"].tolist()
    fig = go.Figure(go.Bar(
        x=visibles["commune"], y=visibles["contingent"].astype(float), marker_color="#0b5394",
        text=[fr.nombre(x) for x in visibles["contingent"]], textposition="outside",
    ))
    lignes = [", ".join(caches[i:i + 9]) for i in range(0, len(caches), 9)]
    note = ("Secret statistique : " + ",<br>".join(lignes)) if caches else ""
    fig.update_layout(
        title=f"Attributions {annee} au titre du contingent communautaire, par commune",
        separators=", ", height=420, margin=dict(l=10, r=10, t=60, b=10 + 20 * len(lignes)),
        xaxis=dict(title=dict(text=note, font=dict(size=12)), tickangle=-35), yaxis=dict(title="attributions", rangemode="tozero"),
    )
    return fig
