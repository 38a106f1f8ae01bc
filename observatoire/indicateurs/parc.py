"""Social housing stock (RPLS) and its occupation (OPS): the official formulas, on counts.

The RPLS functions take the counts of the `parc_indicateurs` / `parc_repartitions` queries (the
derived tables of queries/derives/derivee_parc_*.sql, one row per vintage, or per vintage and commune)
and return rates with their numerator and denominator, so a page can show all three. The
dwelling-level definitions live in that SQL, next to the rows they read. No Streamlit here.

Official definitions (SDES, regional RPLS publications; ../shared/domain/formats.md):
- taux de vacance = logements vacants depuis plus de 3 mois (MODE = 2 et durée > 3 mois)
  / logements loués ou vacants (MODE 1 ou 2) ;
- taux de mobilité (millésime N) = baux signés en N-1 sur des logements mis en location avant
  N-1 / logements loués ou vacants mis en location avant N-1 ;
- loyer moyen = Σ LOYERPRINC / Σ SURFHAB des logements loués dont le loyer est connu (€/m²).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from observatoire.base import memoire
from observatoire.base.db import requete
from observatoire.indicateurs import catalogue
from observatoire.secret import suppression as secret

# The formulas as the catalogue states them (one definition, shown on the page and in Méthode).
FORMULE_VACANCE = catalogue.INDICATEURS["vacance"].formule
FORMULE_MOBILITE = (
    "Taux de mobilité (parc au 1er janvier N) = baux signés pendant l'année N-1 sur des logements mis en "
    "location avant N-1 ÷ logements loués ou vacants mis en location avant N-1."
)
FORMULE_LOYER = catalogue.INDICATEURS["loyer_moyen"].formule
FORMULE_POIDS = catalogue.INDICATEURS["poids_social"].formule

# Category labels and their display order: the same strings as queries/derives/derivee_parc_repartitions.sql.
FINANCEMENTS = ["PLAI", "PLUS", "PLS", "Autre"]
TYPES_CONSTRUCTION = {"C": "collectif", "I": "individuel", "E": "étudiant"}
TAILLES = ["T1", "T2", "T3", "T4", "T5 et plus"]
EPOQUES = ["avant 1950", "1950-1969", "1970-1989", "1990-2009", "2010 et après"]
CLASSES_DPE = list("ABCDEFG")
DPE_PRIORITAIRES = ("E", "F", "G")
DPE_INCONNU = "DPE inconnu"
NON_RENSEIGNE = "non renseigné"

COMPTES = [
    "logements",
    "en_qpv",
    "efg",
    "dpe_inconnu",
    "mises_en_service",
    "occupation_renseignee",
    "loues_ou_vacants",
    "vacants_3_mois",
    "base_mobilite",
    "baux_annee_precedente",
    "somme_loyers",
    "somme_surfaces",
]


@dataclass(frozen=True)
class Ratio:
    """A rate a reader can check: numerator, denominator, and the quotient (None on 0)."""

    numerateur: float
    denominateur: float

    @property
    def taux(self) -> float | None:
        return self.numerateur / self.denominateur if self.denominateur else None


def _quotient(num: pd.Series, den: pd.Series) -> pd.Series:
    num = pd.to_numeric(num, errors="coerce").astype("float64")
    den = pd.to_numeric(den, errors="coerce").astype("float64")
    return (num / den).where(den > 0)


@memoire.pur
def avec_taux(ind: pd.DataFrame, natures: dict[int, str] | None = None) -> pd.DataFrame:
    """The counts of `parc_indicateurs` plus the rates they make (NaN when the base is 0).
    `natures` (millésime → « public » / « loi », `natures_rpls`): on a vintage from the public
    file, vacancy, mobility and rent are NaN (« non disponible dans le fichier public »), never 0."""
    t = ind.copy()
    for c in COMPTES:
        t[c] = pd.to_numeric(t[c], errors="coerce").fillna(0)
    t["taux_vacance"] = _quotient(t["vacants_3_mois"], t["loues_ou_vacants"])
    t["taux_mobilite"] = _quotient(t["baux_annee_precedente"], t["base_mobilite"])
    t["loyer_m2"] = _quotient(t["somme_loyers"], t["somme_surfaces"])
    if natures and "millesime" in t.columns:
        public = t["millesime"].map(lambda m: natures.get(int(m)) == PUBLIC if pd.notna(m) else False).astype(bool)
        for c in INDICATEURS_LOI.values():
            t[c] = t[c].where(~public)
    t["part_qpv"] = _quotient(t["en_qpv"], t["logements"])
    t["part_efg"] = _quotient(t["efg"], t["logements"] - t["dpe_inconnu"])
    return t


def taux_vacance(ligne) -> Ratio:
    return Ratio(int(ligne["vacants_3_mois"]), int(ligne["loues_ou_vacants"]))


def taux_mobilite(ligne) -> Ratio:
    return Ratio(int(ligne["baux_annee_precedente"]), int(ligne["base_mobilite"]))


def loyer_moyen(ligne) -> Ratio:
    """€/m² of living area per month: Σ rents / Σ surfaces over let dwellings with a rent."""
    return Ratio(float(ligne["somme_loyers"]), float(ligne["somme_surfaces"]))


def part_efg(ligne) -> Ratio:
    """E, F or G dwellings ÷ dwellings with a known DPE (as the SDES publishes it); the dwellings
    without a DPE are counted apart (`ligne["dpe_inconnu"]`), outside the denominator."""
    return Ratio(int(ligne["efg"]), int(ligne["logements"]) - int(ligne["dpe_inconnu"]))


def part_qpv(ligne) -> Ratio:
    return Ratio(int(ligne["en_qpv"]), int(ligne["logements"]))


@memoire.pur
def total(ind: pd.DataFrame, millesime: int | None = None) -> pd.Series:
    """The counts of `ind` (one vintage: `millesime`, or all rows) summed into one row."""
    lignes = ind if millesime is None else ind[ind["millesime"] == millesime]
    return lignes.reindex(columns=COMPTES).apply(pd.to_numeric, errors="coerce").fillna(0).sum()


def occupation_connue(ligne) -> bool:
    """False on the public file, which carries neither occupation, rent nor landlord."""
    return bool(ligne["occupation_renseignee"])


# ---------------------------------------------------------------- public file or « version loi »

PUBLIC, LOI = "public", "loi"
NON_DISPONIBLE = "non disponible dans le fichier public"
# Indicator → the rate column of `avec_taux` that needs the restricted file.
INDICATEURS_LOI = {"vacance": "taux_vacance", "mobilite": "taux_mobilite", "loyer": "loyer_m2"}
_CHAMPS_LOI = {
    "vacance": ("Taux de vacance", "l'occupation de chaque logement (champ MODE) et la durée de vacance"),
    "mobilite": ("Taux de mobilité", "la date du bail en cours (champ BAIL)"),
    "loyer": ("Loyer moyen", "le loyer de chaque logement (champ LOYERPRINC)"),
}
FICHIER_LOI = (
    "le fichier RPLS « version loi » (fichier restreint, au logement), que la DREAL transmet aux EPCI "
    "dotés d'un PLH ; importez-le sur la page Données, type « RPLS — fichier détaillé au logement »"
)


def natures_rpls(con) -> dict[int, str]:
    """Millésime → « public » or « loi »: the kind of RPLS file each vintage was imported from
    (recorded by the import), else read from the dwellings (some with their occupation: « loi »)."""
    import duckdb

    natures = {
        int(m): (LOI if o else PUBLIC)
        for m, o in requete(con, "rpls_occupation_par_millesime").itertuples(index=False, name=None)
    }
    try:
        enregistrees = requete(con, "rpls_natures")
    except duckdb.CatalogException:  # a base built before the import recorded it
        return natures
    for m, n in zip(enregistrees["millesime"], enregistrees["nature"]):
        natures[int(m)] = str(n)
    return natures


def raison_non_disponible(indicateur: str, nature: str | None) -> str | None:
    """None when `indicateur` (vacance, mobilite, loyer) can be computed from a vintage of this
    kind of file; else the French sentence a page shows instead of the figure."""
    if nature != PUBLIC:
        return None
    libelle, champ = _CHAMPS_LOI[indicateur]
    return f"{libelle} : {NON_DISPONIBLE}. Il demande {champ}, que seul contient {FICHIER_LOI}."


# ---------------------------------------------------------------- breakdowns of the stock

ORDRES = {
    "secteur": ["en QPV", "hors QPV", NON_RENSEIGNE],
    "financement": FINANCEMENTS + [NON_RENSEIGNE],
    "type": list(TYPES_CONSTRUCTION.values()) + [NON_RENSEIGNE],
    "taille": TAILLES + [NON_RENSEIGNE],
    "epoque": EPOQUES + [NON_RENSEIGNE],
    "classe_dpe": CLASSES_DPE + [DPE_INCONNU],
}


@memoire.pur
def repartition(rep: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Count and share of dwellings per category of `dimension` (rows of `parc_repartitions`).

    Ordered categories are all listed (0 when absent), except « non renseigné » / « DPE
    inconnu », listed only when present; the others (landlords) go by decreasing count."""
    lignes = rep[rep["dimension"] == dimension]
    comptes = lignes.groupby("categorie")["logements"].sum()
    ordre = ORDRES.get(dimension)
    if ordre:
        comptes = comptes.reindex(
            [o for o in ordre if o in comptes.index or o not in (NON_RENSEIGNE, DPE_INCONNU)], fill_value=0
        )
    else:
        comptes = comptes.sort_values(ascending=False, kind="stable")
    total_ = int(comptes.sum())
    df = comptes.rename_axis(dimension).reset_index(name="logements")
    df["logements"] = df["logements"].astype(int)
    df["part"] = df["logements"] / total_ if total_ else None
    return df


def parts_dpe(rep: pd.DataFrame) -> pd.DataFrame:
    """Counts and shares by DPE energy class over all dwellings; E-F-G flagged, unknown kept apart."""
    df = repartition(rep, "classe_dpe")
    df["prioritaire"] = df["classe_dpe"].isin(DPE_PRIORITAIRES)
    return df


def pour_mille(logements, population) -> float | None:
    if population is None or pd.isna(population) or not population:
        return None
    return 1000 * float(logements) / float(population)


# ---------------------------------------------------------------- entries and exits


@memoire.pur
def _production_par_annee(production: pd.DataFrame) -> pd.DataFrame:
    """Sales and demolitions per year (rows) and indicator (columns). It depends on the communes
    only, not on the vintages shown: kept when the period changes (the pivot is most of
    `entrees_sorties`' time)."""
    if production.empty:
        return pd.DataFrame()
    return production.pivot_table(index="annee", columns="indicateur", values="valeur", aggfunc="sum")


@memoire.pur
def entrees_sorties(ind: pd.DataFrame, production: pd.DataFrame) -> pd.DataFrame:
    """Per vintage N whose N-1 is in `ind` (rows of `parc_indicateurs` per vintage): what
    entered and left the social stock since N-1.

    - `mises_en_service`: dwellings of N flagged NEWLOGT (commissioned during N-1);
    - `entrees` / `sorties`: stable ids present in N and absent in N-1 / the reverse
      (queries/derives/derivee_parc_communes.sql; a change of landlord is neither);
    - `ventes`, `demolitions`: sales and demolitions the landlords declared for year N-1
      (table production), which split the exits; `autres_sorties` is the rest.
    Without stable ids (public file) entries and exits are None and `ids_disponibles` is False.
    """
    prod = _production_par_annee(production)
    par_millesime = ind.set_index("millesime")
    lignes = []
    millesimes = sorted(par_millesime.index)
    for precedent, n in zip(millesimes, millesimes[1:]):
        if n != precedent + 1:
            continue
        actuel = par_millesime.loc[n]
        ids_ok = not pd.isna(actuel["entrees"])
        ventes = prod.at[precedent, "ventes_hlm"] if "ventes_hlm" in prod and precedent in prod.index else None
        demol = prod.at[precedent, "demolitions"] if "demolitions" in prod and precedent in prod.index else None
        ventes = None if ventes is None or pd.isna(ventes) else int(ventes)
        demol = None if demol is None or pd.isna(demol) else int(demol)
        entrees = sorties = autres = None
        if ids_ok:
            entrees, sorties = int(actuel["entrees"]), int(actuel["sorties"])
            if ventes is not None and demol is not None:
                autres = sorties - ventes - demol
        avant, apres = int(par_millesime.at[precedent, "logements"]), int(actuel["logements"])
        lignes.append(
            {
                "millesime": int(n),
                "logements_avant": avant,
                "logements": apres,
                "variation": apres - avant,
                "mises_en_service": int(actuel["mises_en_service"]),
                "entrees": entrees,
                "sorties": sorties,
                "ventes": ventes,
                "demolitions": demol,
                "autres_sorties": autres,
                "ids_disponibles": ids_ok,
            }
        )
    return pd.DataFrame(lignes)


# ---------------------------------------------------------------- occupation (OPS)

OPS_COMPTES = [
    "menages",
    "menages_ress_moins_20",
    "menages_ress_20_40",
    "menages_ress_40_60",
    "menages_apl",
    "personnes_seules",
    "familles_monoparentales",
    "couples_sans_enfant",
    "couples_avec_enfants",
    "grandes_familles",
    "titulaires_65_plus",
    "emmenages_recents",
]
# Displayed indicator -> (count column, label). Cumulative resource bands are sums of the
# elementary bands; they are hidden as soon as one of their parts is.
OPS_INDICATEURS = {
    "sous_20": ("menages_sous_20", "ressources < 20 % des plafonds"),
    "sous_40": ("menages_sous_40", "ressources < 40 % des plafonds"),
    "sous_60": ("menages_sous_60", "ressources < 60 % des plafonds"),
    "apl": ("menages_apl", "bénéficiaires de l'APL"),
    "personnes_seules": ("personnes_seules", "personnes seules"),
    "familles_monoparentales": ("familles_monoparentales", "familles monoparentales"),
    "couples_sans_enfant": ("couples_sans_enfant", "couples sans enfant"),
    "couples_avec_enfants": ("couples_avec_enfants", "couples avec enfant(s)"),
    "grandes_familles": ("grandes_familles", "grandes familles (3 enfants et plus)"),
    "titulaires_65_plus": ("titulaires_65_plus", "titulaires de 65 ans et plus"),
    "emmenages_recents": ("emmenages_recents", "emménagés depuis moins de 3 ans"),
}


# Displayed counts and the bands they are made of: « < 40 % » = « < 20 % » + « 20-40 % », so
# showing two of the three gives the third (an additive group on each row).
OPS_BANDES = [
    ["menages_sous_20", "menages_ress_20_40", "menages_sous_40"],
    ["menages_sous_40", "menages_ress_40_60", "menages_sous_60"],
]


def complement_ops(col: str) -> str:
    """Name of the column « households without the characteristic » (menages − col)."""
    return f"non_{col}"


# The cells a reader sees on the Occupation page, the fiche and their exports.
OPS_AFFICHEES = ["menages"] + [col for col, _ in OPS_INDICATEURS.values()] + [f"part_{k}" for k in OPS_INDICATEURS]


@memoire.pur
def occupation(ops: pd.DataFrame, seuil: int = secret.SEUIL_PAR_DEFAUT, masquer: bool = True):
    """OPS counts and shares of households, with the 11-household rule applied.

    `ops`: rows of the `ops` table (one survey year, several communes × QPV / hors QPV, or a
    grouping of them). Returns (values, mask): hidden cells are <NA> in values and True in mask.

    Through secret.masquer:
    - primary rule on every count shown (households, each profile, the cumulative resource bands
      and the elementary bands that separate them) and on each complement « households without
      the profile » (menages − count, never shown but computable): « 12 APL ÷ 15 » would give the
      3 others back, so a small complement hides the count and its share;
    - each row: (count, complement) and (« < 20 % », « 20-40 % », « < 40 % »), (« < 40 % »,
      « 40-60 % », « < 60 % ») are additive groups;
    - over the rows (when there are several): each column is an additive group, its total shown
      (the sector or CU figure);
    - a share is hidden with its count, and every share with the households count.
    """
    df = ops.copy().reset_index(drop=True)
    for c in OPS_COMPTES:
        df[c] = pd.to_numeric(df[c], errors="coerce")
    df["menages_sous_20"] = df["menages_ress_moins_20"]
    df["menages_sous_40"] = df["menages_ress_moins_20"] + df["menages_ress_20_40"]
    df["menages_sous_60"] = df["menages_sous_40"] + df["menages_ress_40_60"]
    for cle, (col, _) in OPS_INDICATEURS.items():
        df[f"part_{cle}"] = _quotient(df[col], df["menages"])
    comptes = [col for col, _ in OPS_INDICATEURS.values()]
    for col in comptes:
        df[complement_ops(col)] = df["menages"] - df[col]
    if not masquer:
        return df, pd.DataFrame(False, index=df.index, columns=df.columns)
    colonnes = (
        ["menages"] + comptes + ["menages_ress_20_40", "menages_ress_40_60"] + [complement_ops(c) for c in comptes]
    )
    groupes = [list(b) for b in OPS_BANDES] + [[col, complement_ops(col)] for col in comptes]
    liees = {"menages": [f"part_{k}" for k in OPS_INDICATEURS]}
    for cle, (col, _) in OPS_INDICATEURS.items():
        liees.setdefault(col, []).append(f"part_{cle}")
    valeurs, masque = secret.masquer(
        df, colonnes, seuil=seuil, totaux_colonnes=len(df) > 1, totaux_lignes=groupes, colonnes_liees=liees
    )
    # The elementary « moins de 20 % » band is the « < 20 % » count under another name.
    masque["menages_ress_moins_20"] = masque["menages_sous_20"]
    valeurs["menages_ress_moins_20"] = valeurs["menages_sous_20"]
    return valeurs, masque


def masquer_taux(
    df: pd.DataFrame,
    denominateur: str,
    liees: list[str],
    seuil: int = secret.SEUIL_PAR_DEFAUT,
    numerateur: str = "numerateur",
    primaires: pd.DataFrame | None = None,
):
    """The map's rule for a rate from the restricted RPLS fields (catalogue rule `rpls_restreint`),
    the same as `par_commune`'s: one row per commune of the base (their total, the CU figure, is
    shown). The rate is one cell: hidden when its numerator, its denominator or the complement
    (denominator − numerator) is a small count, numerator and denominator with it, with
    secondary suppression over the rows. Without a `numerateur` column, only the denominator is
    checked. `primaires`: cells hidden from the start (same index), e.g. with a landlord filter
    the communes whose other landlords' counts are small (`petits_autres_bailleurs`)."""
    if numerateur in df.columns:
        return secret.masquer(
            df,
            [numerateur, denominateur],
            seuil=seuil,
            totaux_colonnes=len(df) > 1,
            couples=[(numerateur, denominateur)],
            colonnes_liees={denominateur: liees},
            primaires=primaires,
        )
    return secret.masquer(
        df,
        [denominateur],
        seuil=seuil,
        totaux_colonnes=len(df) > 1,
        colonnes_liees={denominateur: liees},
        primaires=primaires,
    )


# Rates from the restricted « version loi » RPLS fields: (numerator, denominator) of each, hidden
# together with the rate (a rate is one cell).
TAUX_RESTREINTS = {
    "vacance": ("vacants_3_mois", "loues_ou_vacants"),
    "mobilite": ("baux_annee_precedente", "base_mobilite"),
}
# The rent sums describe the let dwellings: their base is « loués ou vacants », checked on its own
# (a rent over 700 dwellings is not hidden because 8 of them are vacant).
BASE_LOYER = "loues_ou_vacants"
# Displayed columns of each indicator, for the selection rule.
COLONNES_RESTREINTES = {
    "vacance": ["vacants_3_mois", "loues_ou_vacants", "taux_vacance"],
    "mobilite": ["baux_annee_precedente", "base_mobilite", "taux_mobilite"],
    "loyer": ["somme_loyers", "somme_surfaces", "loyer_m2"],
}


def _petit(x: pd.Series, seuil: int) -> pd.Series:
    x = pd.to_numeric(x, errors="coerce")
    return ((x > 0) & (x < seuil)).fillna(False)


def petits_autres_bailleurs(
    filtre: pd.DataFrame, tous: pd.DataFrame, seuil: int = secret.SEUIL_PAR_DEFAUT
) -> pd.DataFrame:
    """With a landlord filter, the cells whose other landlords' counts are small: the
    all-landlords figure minus the filtered one would give them back. `filtre` and `tous`: the
    same rows (same index: communes, or one selection), counts of the filtered landlords and of
    every landlord. Columns: the numerator and denominator of each restricted rate (numerator,
    denominator or complement of the others small), and `loues_ou_vacants_loyer` for the rent's
    base."""
    sortie = pd.DataFrame(index=filtre.index)
    for n, d in TAUX_RESTREINTS.values():
        autres_n = pd.to_numeric(tous[n], errors="coerce").fillna(0) - pd.to_numeric(filtre[n], errors="coerce").fillna(
            0
        )
        autres_d = pd.to_numeric(tous[d], errors="coerce").fillna(0) - pd.to_numeric(filtre[d], errors="coerce").fillna(
            0
        )
        # Where the filtered landlords have nothing (0 / 0), the difference is the commune's own
        # all-landlords figure, which has its rule: nothing to hide here.
        present = pd.to_numeric(filtre[d], errors="coerce").fillna(0) > 0
        petit = present & (_petit(autres_n, seuil) | _petit(autres_d, seuil) | _petit(autres_d - autres_n, seuil))
        sortie[n] = petit
        sortie[d] = petit
    autres_base = pd.to_numeric(tous[BASE_LOYER], errors="coerce").fillna(0) - pd.to_numeric(
        filtre[BASE_LOYER], errors="coerce"
    ).fillna(0)
    base_presente = pd.to_numeric(filtre[BASE_LOYER], errors="coerce").fillna(0) > 0
    sortie[f"{BASE_LOYER}_loyer"] = base_presente & _petit(autres_base, seuil)
    return sortie


def masquer_restreints(t: pd.DataFrame, seuil: int = secret.SEUIL_PAR_DEFAUT, primaires: pd.DataFrame | None = None):
    """Secret on the restricted RPLS fields of a per-commune table (`avec_taux` rows, every
    commune of the base in the order of query carte_communes, as the map has them):
    - vacancy and mobility: each rate is `masquer_taux`'s cell (numerator, denominator and
      complement checked, numerator and denominator hidden together, secondary suppression over
      the communes, whose total is the CU figure);
    - rent: the sums of rents and surfaces, and their quotient, hidden when « loués ou vacants »
      is a small count, with secondary suppression over the communes (the CU's sums are shown).
    `primaires` (`petits_autres_bailleurs`, landlord filter): cells hidden from the start.
    Returns (values, mask)."""
    colonnes = [c for n, d in TAUX_RESTREINTS.values() for c in (n, d)]
    p_taux = p_loyer = None
    if primaires is not None:
        p_taux = primaires[colonnes]
        p_loyer = primaires[[f"{BASE_LOYER}_loyer"]].set_axis([BASE_LOYER], axis=1)
    valeurs, masque = secret.masquer(
        t,
        colonnes,
        seuil=seuil,
        totaux_colonnes=len(t) > 1,
        couples=list(TAUX_RESTREINTS.values()),
        colonnes_liees={"loues_ou_vacants": ["taux_vacance"], "base_mobilite": ["taux_mobilite"]},
        primaires=p_taux,
    )
    _, m_loyer = secret.masquer(
        t[[BASE_LOYER]], [BASE_LOYER], seuil=seuil, totaux_colonnes=len(t) > 1, primaires=p_loyer
    )
    for c in COLONNES_RESTREINTES["loyer"]:
        masque[c] = m_loyer[BASE_LOYER]
        valeurs[c] = t[c].astype("object").where(~masque[c], pd.NA)
    return valeurs, masque


# ---------------------------------------------------------------- tables the pages show


def evolution(ind: pd.DataFrame) -> pd.DataFrame:
    """Per vintage (rows of `parc_indicateurs` per vintage): stock, in QPV, E-F-G, and the
    official rates with their counts."""
    if ind.empty:
        return pd.DataFrame()
    return avec_taux(ind).sort_values("millesime").reset_index(drop=True)


def _table_communes(ind: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    colonnes = ["code_insee"] + COMPTES
    off = ind[colonnes] if not ind.empty else pd.DataFrame(columns=colonnes)
    t = avec_taux(communes[["code_insee", "nom", "population"]].merge(off, on="code_insee", how="left"))
    for c in ("logements", "en_qpv", "vacants_3_mois", "loues_ou_vacants", "baux_annee_precedente", "base_mobilite"):
        t[c] = t[c].astype(int)
    t["pour_mille"] = [pour_mille(a, b) for a, b in zip(t["logements"], t["population"])]
    return t


@memoire.pur
def grille_communes(
    ind: pd.DataFrame,
    communes: pd.DataFrame,
    seuil: int = secret.SEUIL_PAR_DEFAUT,
    ind_tous: pd.DataFrame | None = None,
):
    """The per-commune grid of one vintage, secret applied: one row per commune of `communes`
    (query carte_communes, EVERY commune of the base, in its order), `ind` the rows of
    `parc_indicateurs` per commune (landlord filter applied, no commune filter). With a landlord
    filter, `ind_tous` (the same query for every landlord) hides from the start the communes
    whose other landlords' counts are small. Returns (values, mask), index = the communes' order
    (the map's)."""
    t = _table_communes(ind, communes)
    primaires = None
    if ind_tous is not None:
        primaires = petits_autres_bailleurs(t, _table_communes(ind_tous, communes), seuil)
    return masquer_restreints(t, seuil, primaires)


@memoire.pur
def par_commune(
    ind: pd.DataFrame,
    communes: pd.DataFrame,
    seuil: int = secret.SEUIL_PAR_DEFAUT,
    selection=(),
    ind_tous: pd.DataFrame | None = None,
):
    """Stock, weight per 1 000 inhabitants and official rates per commune (`ind`: rows of
    `parc_indicateurs` per commune, one vintage, no commune filter; `communes`: every commune of
    the base, query carte_communes).

    Counts of dwellings are public (RPLS); the rates from the restricted file (vacancy,
    mobility, rent) describe leases and households: the secret runs on the grid of every commune
    (`grille_communes`, the same cells as the map), then the rows are restricted to `selection`
    (empty: every commune) and to the communes with social housing. `ind_tous`: with a landlord
    filter, the same counts for every landlord (see `grille_communes`). Returns (values, mask).
    """
    v, m = grille_communes(ind, communes, seuil, ind_tous)
    garder = pd.to_numeric(v["logements"], errors="coerce").fillna(0) > 0
    if selection:
        garder = garder & v["code_insee"].isin(list(selection))
    v, m = v[garder], m[garder]
    ordre = v.sort_values("logements", ascending=False, kind="stable").index
    return v.loc[ordre].reset_index(drop=True), m.loc[ordre].reset_index(drop=True)


@memoire.pur
def caches_selection(
    grille_masque: pd.DataFrame | None,
    total,
    communes=(),
    bailleurs=(),
    seuil: int = secret.SEUIL_PAR_DEFAUT,
    total_tous=None,
) -> dict[str, str | None]:
    """May the selection's restricted rates be shown? {"vacance" | "mobilite" | "loyer": None
    (shown) or the sentence saying why not}.

    - `grille_masque`: the mask of the per-commune grid (`grille_communes`), indexed by code_insee
      (needed only when `communes` is not empty);
    - `total`: the selection's counts (`total`, the page's filters applied).
    The whole CU with every landlord is the published margin. Below it, a rate is a cell like any
    other: hidden when its numerator, denominator or complement is small; and a selection of
    communes is shown only when none of its communes has the rate hidden on the grid
    (secret.selection_publiable), otherwise the selection minus the visible communes would give
    the hidden one back. A landlord filter changes the counts, not the rule; with `total_tous`
    (the selection's counts for every landlord) a rate is also hidden when the other landlords'
    counts are small (all landlords minus these would give them back).
    """
    autres = None
    if bailleurs and total_tous is not None:
        f_, t_ = pd.DataFrame([total]), pd.DataFrame([total_tous])
        autres = petits_autres_bailleurs(f_.reset_index(drop=True), t_.reset_index(drop=True), seuil).iloc[0]
    sortie: dict[str, str | None] = {}
    for cle in ("vacance", "mobilite", "loyer"):
        raison = None
        if communes and not secret.selection_publiable(grille_masque, communes, COLONNES_RESTREINTES[cle]):
            raison = secret.POURQUOI_SELECTION
        elif communes or bailleurs:
            if cle == "loyer":
                petits = [float(total[BASE_LOYER])]
            else:
                n, d = TAUX_RESTREINTS[cle]
                num, den = float(total[n]), float(total[d])
                petits = [num, den, den - num]
            if any(0 < x < seuil for x in petits):
                raison = secret.PHRASE.format(seuil=seuil)
            elif autres is not None:
                cle_autres = f"{BASE_LOYER}_loyer" if cle == "loyer" else TAUX_RESTREINTS[cle][1]
                if bool(autres[cle_autres]):
                    raison = secret.PHRASE.format(seuil=seuil)
        sortie[cle] = raison
    return sortie


@memoire.pur
def evolution_publiee(
    evo: pd.DataFrame,
    ind_communes: pd.DataFrame,
    communes_base: pd.DataFrame,
    selection=(),
    bailleurs=(),
    seuil: int = secret.SEUIL_PAR_DEFAUT,
    ind_communes_tous: pd.DataFrame | None = None,
):
    """The per-vintage table of the selection (`evolution`) with its restricted cells hidden
    (`caches_selection` per vintage, on the grid of that vintage). `ind_communes`: rows of
    `parc_indicateurs` per commune for the same vintages, no commune filter; `ind_communes_tous`:
    the same for every landlord, given with a landlord filter. Returns (values, mask, reasons) —
    reasons: {vintage: {rate: sentence}} for the hidden ones."""
    masque = pd.DataFrame(False, index=evo.index, columns=evo.columns)
    valeurs = evo.copy()
    raisons: dict[int, dict[str, str]] = {}
    for i, ligne in evo.iterrows():
        m_ = int(ligne["millesime"])
        # numbered from 0: a vintage's grid has the same memoised key whatever the period queried
        lignes = ind_communes[ind_communes["millesime"] == m_].reset_index(drop=True)
        tous = total_tous = None
        if bailleurs and ind_communes_tous is not None:
            tous = ind_communes_tous[ind_communes_tous["millesime"] == m_].reset_index(drop=True)
            total_tous = total(tous[tous["code_insee"].isin(list(selection))] if selection else tous)
        v, m = grille_communes(lignes, communes_base, seuil, tous)
        caches = caches_selection(
            m.set_index(v["code_insee"]), ligne.rename(None), selection, bailleurs, seuil, total_tous
        )
        for cle, raison in caches.items():
            if raison is None:
                continue
            raisons.setdefault(m_, {})[cle] = raison
            for c in COLONNES_RESTREINTES[cle]:
                masque.at[i, c] = True
    for c in masque.columns:
        if masque[c].any():
            valeurs[c] = valeurs[c].astype("object").where(~masque[c], pd.NA)
    return valeurs, masque, raisons


@memoire.pur
def texte(valeurs: pd.DataFrame, masque: pd.DataFrame | None, colonnes: dict) -> pd.DataFrame:
    """Display table: {column: (French header, formatter)}; hidden cells « secret statistique »."""
    out = pd.DataFrame(index=valeurs.index)
    for col, (titre, formateur) in colonnes.items():
        caches = masque[col] if masque is not None and col in masque else pd.Series(False, index=valeurs.index)
        out[titre] = [secret.SECRET if m else formateur(v) for v, m in zip(valeurs[col], caches)]
    return out.reset_index(drop=True)


SECTEURS_OPS = {True: "en QPV", False: "hors QPV"}
ENSEMBLE = "ensemble"


def _sommer_ops(ops: pd.DataFrame, par: list[str]) -> pd.DataFrame:
    colonnes = [
        c
        for c in ops.columns
        if c.startswith(("menages", "personnes", "familles", "couples", "grandes", "titulaires", "emmenages"))
    ]
    return ops.groupby(par, dropna=False)[colonnes].sum(min_count=1).reset_index()


@memoire.pur
def ops_secteurs(ops: pd.DataFrame, seuil: int = secret.SEUIL_PAR_DEFAUT):
    """One survey year of the perimeter: en QPV, hors QPV and ensemble rows, secret applied.

    The two sectors add up to the ensemble shown next to them (en QPV + hors QPV − ensemble = 0),
    so the three rows of each column are one additive group: a hidden ensemble hides a sector,
    a hidden sector hides the other one. Returns (values, mask) with a `secteur` column.
    """
    if ops.empty:
        return pd.DataFrame(), pd.DataFrame()
    s = _sommer_ops(ops, ["en_qpv"]).sort_values("en_qpv", ascending=False)
    s["secteur"] = s["en_qpv"].map(SECTEURS_OPS)
    ens = _sommer_ops(ops.assign(_tout=1), ["_tout"]).drop(columns="_tout")
    ens["secteur"] = ENSEMBLE
    lignes = pd.concat([s.drop(columns="en_qpv"), ens], ignore_index=True)
    valeurs, masque = occupation(lignes, seuil)
    masque["secteur"] = False
    return valeurs, masque.fillna(False).astype(bool)


@memoire.pur
def ops_communes(ops: pd.DataFrame, seuil: int = secret.SEUIL_PAR_DEFAUT):
    """One survey year, one row per commune × sector, secret applied.

    The sector totals are shown (ops_secteurs), so each sector's rows form an additive group per
    column; a commune's two rows are not summed on screen.
    """
    parts_v, parts_m = [], []
    for en_qpv in (True, False):
        bloc = ops[ops["en_qpv"] == en_qpv]
        if bloc.empty:
            continue
        v, m = occupation(bloc, seuil)
        parts_v.append(v)
        parts_m.append(m)
    if not parts_v:
        return pd.DataFrame(), pd.DataFrame()
    valeurs = pd.concat(parts_v, ignore_index=True)
    masque = pd.concat(parts_m, ignore_index=True).fillna(False).astype(bool)
    valeurs["secteur"] = valeurs["en_qpv"].map(SECTEURS_OPS)
    masque["secteur"] = False
    ordre = valeurs.sort_values(["nom", "en_qpv"], ascending=[True, False]).index
    return valeurs.loc[ordre].reset_index(drop=True), masque.loc[ordre].reset_index(drop=True)


@dataclass(frozen=True)
class OccupationPubliee:
    """What the Occupation page and the fiche may show for one survey year and a selection.

    - `communes_valeurs`, `communes_masque`: the rows of the selected communes, read from the grid
      computed on every commune of the base (`ops_communes`), whatever the selection: a commune's
      cell is hidden or shown identically on every page and for every selection;
    - `secteurs_valeurs`, `secteurs_masque`: en QPV / hors QPV / ensemble of the selection when it
      may be published (secret.selection_publiable: no commune of the selection has a hidden cell
      in the grid), otherwise those of the whole CU (`publiable` False: the page says so with
      secret.POURQUOI_SELECTION). The whole CU minus the other communes would otherwise give a
      hidden cell back.
    """

    communes_valeurs: pd.DataFrame
    communes_masque: pd.DataFrame
    secteurs_valeurs: pd.DataFrame
    secteurs_masque: pd.DataFrame
    publiable: bool
    selection_vide: bool = False


@memoire.pur
def ops_publication(ops_annee: pd.DataFrame, communes=(), seuil: int = secret.SEUIL_PAR_DEFAUT) -> OccupationPubliee:
    """`ops_annee`: the OPS rows of one survey year for EVERY commune (query ops_enquete with no
    commune filter); `communes`: the selection (empty: the whole CU)."""
    communes = tuple(communes)
    vc, mc = ops_communes(ops_annee, seuil)
    publiable = True
    if communes and len(vc):
        grille = mc.set_index(vc["code_insee"])
        publiable = secret.selection_publiable(grille, communes, OPS_AFFICHEES)
    if communes and len(vc):
        garder = vc["code_insee"].isin(communes).to_numpy()
        vc, mc = vc[garder].reset_index(drop=True), mc[garder].reset_index(drop=True)
    selection = ops_annee[ops_annee["code_insee"].isin(communes)] if communes else ops_annee
    vide = selection.empty
    vs, ms = ops_secteurs(selection if publiable else ops_annee, seuil)
    return OccupationPubliee(vc, mc, vs, ms, publiable, vide)


def occupation_fiche(vc: pd.DataFrame, mc: pd.DataFrame, vs: pd.DataFrame, ms: pd.DataFrame, code: str) -> pd.DataFrame:
    """OPS lines of the commune fiche: the commune's sectors (values of `ops_communes`, so the
    same cells are hidden as on the Occupation page) next to the CU ensemble (`ops_secteurs`)."""
    lignes = vc.index[vc["code_insee"] == code]
    if len(lignes) == 0:
        return pd.DataFrame()
    ens = vs.index[vs["secteur"] == ENSEMBLE][0]
    out = {"indicateur": ["ménages enquêtés"] + [lib for _, lib in OPS_INDICATEURS.values()]}

    def colonne(v, m, i):
        cel = [secret.SECRET if m.at[i, "menages"] else _fr_nombre(v.at[i, "menages"])]
        for cle, (col, _) in OPS_INDICATEURS.items():
            if m.at[i, f"part_{cle}"]:
                cel.append(secret.SECRET)
            else:
                cel.append(
                    f"{_fr_pourcent(v.at[i, f'part_{cle}'])} ({_fr_nombre(v.at[i, col])} ÷ {_fr_nombre(v.at[i, 'menages'])})"
                )
        return cel

    for i in lignes:
        out[f"{vc.at[i, 'nom']} — {vc.at[i, 'secteur']}"] = colonne(vc, mc, i)
    out["CU d'Arras — ensemble"] = colonne(vs, ms, ens)
    return pd.DataFrame(out)


def _fr_nombre(x):
    from observatoire import formats

    return formats.nombre(x)


def _fr_pourcent(x):
    from observatoire import formats

    return formats.pourcent(x)


@memoire.pur
def repartition_bailleurs_publiee(
    grille: pd.DataFrame, communes, bailleurs, seuil: int
) -> tuple[pd.DataFrame, pd.Series]:
    """The breakdown by landlord of the selection, secret applied (the landlord is a field of the
    restricted RPLS file; the analyste role does not lift the secret).

    `grille`: query parc_bailleurs_communes (code_insee, bailleur, logements) on every commune and
    landlord. A landlord's count in the selection is hidden when it is small, or — below CU level —
    when its count in the rest of the CU is small (« the CU » minus the selection would give it
    back), or when one of the selection's communes holds a small count of it (two selections one
    commune apart would). Then secondary suppression: the selection's total is shown, so a lone
    hidden landlord takes the next smallest with it.
    Returns (bailleur, logements, part — hidden cells <NA>) and the mask of `logements`."""
    communes, bailleurs = tuple(communes), tuple(bailleurs)
    toutes = set(grille["code_insee"])
    g = grille[grille["bailleur"].isin(bailleurs)] if bailleurs else grille
    sous_cu = bool(communes) and not toutes <= set(communes)
    sel = g[g["code_insee"].isin(communes)] if communes else g
    t = sel.groupby("bailleur")["logements"].sum().sort_values(ascending=False, kind="stable")
    t = t[t > 0].rename_axis("bailleur").to_frame()
    primaires = pd.DataFrame({"logements": False}, index=t.index)
    if sous_cu:
        petits = sel[(sel["logements"] > 0) & (sel["logements"] < seuil)]["bailleur"].unique()
        reste = g[~g["code_insee"].isin(communes)].groupby("bailleur")["logements"].sum().reindex(t.index, fill_value=0)
        primaires["logements"] = t.index.isin(list(petits)) | ((reste > 0) & (reste < seuil)).to_numpy()
    valeurs, masque = secret.masquer(t, ["logements"], seuil=seuil, primaires=primaires)
    total = int(t["logements"].sum())
    sortie = valeurs.reset_index()
    sortie["part"] = [
        pd.NA if m else (int(v) / total if total else None) for v, m in zip(t["logements"], masque["logements"])
    ]
    return sortie, masque["logements"].reset_index(drop=True)
