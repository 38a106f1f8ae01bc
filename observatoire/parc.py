"""Social housing stock (RPLS) and its occupation (OPS): the official formulas, on rows.

The functions take the dwelling rows a query returns (one row per dwelling and vintage, columns
as in `rpls_logements`, plus `annee_bail` = year of the current lease) and return counts with
their numerator and denominator, so a page can show all three. No Streamlit here.

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

from observatoire import secret

FORMULE_VACANCE = (
    "Taux de vacance = logements vacants depuis plus de 3 mois (MODE = 2, durée de vacance > 3 mois) "
    "÷ logements loués ou vacants (MODE = 1 ou 2)."
)
FORMULE_MOBILITE = (
    "Taux de mobilité (parc au 1er janvier N) = baux signés pendant l'année N-1 sur des logements mis en "
    "location avant N-1 ÷ logements loués ou vacants mis en location avant N-1."
)
FORMULE_LOYER = (
    "Loyer moyen = somme des loyers principaux (LOYERPRINC, €/mois) ÷ somme des surfaces habitables "
    "(SURFHAB, m²) des logements loués dont le loyer est connu."
)
FORMULE_POIDS = "Logements sociaux pour 1 000 habitants = logements sociaux au 1er janvier ÷ population municipale × 1 000."

FINANCEMENTS = ["PLAI", "PLUS", "PLS", "Autre"]
TYPES_CONSTRUCTION = {"C": "collectif", "I": "individuel", "E": "étudiant"}
TAILLES = ["T1", "T2", "T3", "T4", "T5 et plus"]
EPOQUES = [(None, 1949, "avant 1950"), (1950, 1969, "1950-1969"), (1970, 1989, "1970-1989"),
           (1990, 2009, "1990-2009"), (2010, None, "2010 et après")]
CLASSES_DPE = list("ABCDEFG")
DPE_PRIORITAIRES = ("E", "F", "G")
DPE_INCONNU = "DPE inconnu"
NON_RENSEIGNE = "non renseigné"


@dataclass(frozen=True)
class Ratio:
    """A rate a reader can check: numerator, denominator, and the quotient (None on 0)."""

    numerateur: float
    denominateur: float

    @property
    def taux(self) -> float | None:
        return self.numerateur / self.denominateur if self.denominateur else None


def _mode(rows: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(rows["mode_occupation"], errors="coerce")


def loue_ou_vacant(rows: pd.DataFrame) -> pd.Series:
    return _mode(rows).isin([1, 2])


def vacant_plus_3_mois(rows: pd.DataFrame) -> pd.Series:
    duree = pd.to_numeric(rows["duree_vacance"], errors="coerce")
    return (_mode(rows) == 2) & (duree > 3).fillna(False)


def base_mobilite(rows: pd.DataFrame) -> pd.Series:
    """Let or vacant dwellings first let before N-1 (N = the row's vintage)."""
    locat = pd.to_numeric(rows["annee_premiere_location"], errors="coerce")
    return loue_ou_vacant(rows) & (locat < rows["millesime"] - 1).fillna(False)


def bail_annee_precedente(rows: pd.DataFrame) -> pd.Series:
    """Leases started during N-1 on the dwellings of the mobility base."""
    bail = pd.to_numeric(rows["annee_bail"], errors="coerce")
    return base_mobilite(rows) & (_mode(rows) == 1) & (bail == rows["millesime"] - 1).fillna(False)


def loyer_connu(rows: pd.DataFrame) -> pd.Series:
    loyer = pd.to_numeric(rows["loyer_principal"], errors="coerce")
    surface = pd.to_numeric(rows["surface_habitable"], errors="coerce")
    return (_mode(rows) == 1) & loyer.notna() & (surface > 0).fillna(False)


def taux_vacance(rows: pd.DataFrame) -> Ratio:
    return Ratio(int(vacant_plus_3_mois(rows).sum()), int(loue_ou_vacant(rows).sum()))


def taux_mobilite(rows: pd.DataFrame) -> Ratio:
    return Ratio(int(bail_annee_precedente(rows).sum()), int(base_mobilite(rows).sum()))


def loyer_moyen(rows: pd.DataFrame) -> Ratio:
    """€/m² of living area per month: Σ rents / Σ surfaces over let dwellings with a rent."""
    connu = loyer_connu(rows)
    return Ratio(
        float(pd.to_numeric(rows.loc[connu, "loyer_principal"]).sum()),
        float(pd.to_numeric(rows.loc[connu, "surface_habitable"]).sum()),
    )


def indicateurs_officiels(rows: pd.DataFrame, par: list[str]) -> pd.DataFrame:
    """Vacancy, mobility and rent per group, each with its numerator and denominator."""
    connu = loyer_connu(rows)
    t = pd.DataFrame(
        {
            **{c: rows[c] for c in par},
            "logements": 1,
            "vacants_3_mois": vacant_plus_3_mois(rows).astype(int),
            "loues_ou_vacants": loue_ou_vacant(rows).astype(int),
            "baux_annee_precedente": bail_annee_precedente(rows).astype(int),
            "base_mobilite": base_mobilite(rows).astype(int),
            "somme_loyers": pd.to_numeric(rows["loyer_principal"], errors="coerce").where(connu, 0.0),
            "somme_surfaces": pd.to_numeric(rows["surface_habitable"], errors="coerce").where(connu, 0.0),
        },
        index=rows.index,
    )
    g = t.groupby(par, dropna=False).sum().reset_index() if par else t.sum().to_frame().T
    g["taux_vacance"] = _quotient(g["vacants_3_mois"], g["loues_ou_vacants"])
    g["taux_mobilite"] = _quotient(g["baux_annee_precedente"], g["base_mobilite"])
    g["loyer_m2"] = _quotient(g["somme_loyers"], g["somme_surfaces"])
    return g


def _quotient(num: pd.Series, den: pd.Series) -> pd.Series:
    num = pd.to_numeric(num, errors="coerce").astype("float64")
    den = pd.to_numeric(den, errors="coerce").astype("float64")
    return (num / den).where(den > 0)


# ---------------------------------------------------------------- breakdowns of the stock


def taille(nb_pieces) -> str:
    if pd.isna(nb_pieces):
        return NON_RENSEIGNE
    n = int(nb_pieces)
    return "T5 et plus" if n >= 5 else f"T{max(n, 1)}"


def epoque(annee) -> str:
    if pd.isna(annee):
        return NON_RENSEIGNE
    for debut, fin, libelle in EPOQUES:
        if (debut is None or annee >= debut) and (fin is None or annee <= fin):
            return libelle
    return NON_RENSEIGNE


def libelles_parc(rows: pd.DataFrame) -> pd.DataFrame:
    """Readable breakdown columns: secteur (QPV), financement, type, taille, époque, classe DPE."""
    out = rows.copy()
    out["secteur"] = out["en_qpv"].map({True: "en QPV", False: "hors QPV"}).fillna(NON_RENSEIGNE)
    out["financement"] = out["financement"].fillna(NON_RENSEIGNE)
    out["type"] = out["type_construction"].map(TYPES_CONSTRUCTION).fillna(NON_RENSEIGNE)
    out["taille"] = out["nb_pieces"].map(taille)
    out["epoque"] = out["annee_construction"].map(epoque)
    out["classe_dpe"] = out["dpe_energie"].where(out["dpe_energie"].isin(CLASSES_DPE), DPE_INCONNU)
    out["bailleur"] = out["bailleur"].fillna(NON_RENSEIGNE)
    return out


ORDRES = {
    "secteur": ["en QPV", "hors QPV", NON_RENSEIGNE],
    "financement": FINANCEMENTS + [NON_RENSEIGNE],
    "type": list(TYPES_CONSTRUCTION.values()) + [NON_RENSEIGNE],
    "taille": TAILLES + [NON_RENSEIGNE],
    "epoque": [e[2] for e in EPOQUES] + [NON_RENSEIGNE],
    "classe_dpe": CLASSES_DPE + [DPE_INCONNU],
}


def repartition(rows: pd.DataFrame, colonne: str) -> pd.DataFrame:
    """Count and share of dwellings per category of `colonne` (rows from `libelles_parc`)."""
    comptes = rows[colonne].value_counts()
    ordre = ORDRES.get(colonne)
    if ordre:
        comptes = comptes.reindex([o for o in ordre if o in comptes.index or o not in (NON_RENSEIGNE, DPE_INCONNU)],
                                  fill_value=0)
    else:
        comptes = comptes.sort_values(ascending=False)
    total = int(comptes.sum())
    df = comptes.rename_axis(colonne).reset_index(name="logements")
    df["logements"] = df["logements"].astype(int)
    df["part"] = df["logements"] / total if total else None
    return df


def parts_dpe(rows: pd.DataFrame) -> pd.DataFrame:
    """Counts and shares by DPE energy class over all dwellings; E-F-G flagged, unknown kept apart."""
    r = libelles_parc(rows) if "classe_dpe" not in rows else rows
    df = repartition(r, "classe_dpe")
    df["prioritaire"] = df["classe_dpe"].isin(DPE_PRIORITAIRES)
    return df


def part_efg(rows: pd.DataFrame) -> Ratio:
    """E, F or G dwellings ÷ all dwellings (those without a DPE stay in the denominator)."""
    return Ratio(int(rows["dpe_energie"].isin(DPE_PRIORITAIRES).sum()), len(rows))


def pour_mille(logements, population) -> float | None:
    if population is None or pd.isna(population) or not population:
        return None
    return 1000 * float(logements) / float(population)


# ---------------------------------------------------------------- entries and exits


def entrees_sorties(rows: pd.DataFrame, production: pd.DataFrame) -> pd.DataFrame:
    """Per vintage N (from the second one on): what entered and left the stock since N-1.

    - `mises_en_service`: dwellings of N flagged NEWLOGT (commissioned during N-1);
    - `entrees` / `sorties`: ids present in N and absent in N-1 / present in N-1 and absent in N;
    - `ventes`, `demolitions`: sales and demolitions the landlords declared for year N-1
      (table production), which split the exits; `autres_sorties` is the rest.
    When the rows carry no dwelling id (public file), entries and exits are None and
    `ids_disponibles` is False: the split cannot be computed.
    """
    prod = production.pivot_table(index="annee", columns="indicateur", values="valeur", aggfunc="sum") \
        if not production.empty else pd.DataFrame()
    lignes = []
    millesimes = sorted(rows["millesime"].unique())
    g = rows.groupby("millesime")
    effectifs = g.size()
    nouveaux = g["nouveau_logement"].apply(lambda s: int(s.fillna(False).astype(bool).sum()))
    ids_complets = g["id_logement"].apply(lambda s: bool(s.notna().all()))
    ids = {m: set(s) for m, s in g["id_logement"]} if ids_complets.all() else {}
    for precedent, n in zip(millesimes, millesimes[1:]):
        if n != precedent + 1:
            continue
        ids_ok = bool(ids)
        ventes = prod.at[precedent, "ventes_hlm"] if "ventes_hlm" in prod and precedent in prod.index else None
        demol = prod.at[precedent, "demolitions"] if "demolitions" in prod and precedent in prod.index else None
        ventes = None if ventes is None or pd.isna(ventes) else int(ventes)
        demol = None if demol is None or pd.isna(demol) else int(demol)
        entrees = sorties = autres = None
        if ids_ok:
            entrees, sorties = len(ids[n] - ids[precedent]), len(ids[precedent] - ids[n])
            if ventes is not None and demol is not None:
                autres = sorties - ventes - demol
        lignes.append(
            {
                "millesime": int(n),
                "logements_avant": int(effectifs[precedent]),
                "logements": int(effectifs[n]),
                "variation": int(effectifs[n] - effectifs[precedent]),
                "mises_en_service": int(nouveaux[n]),
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
    "menages", "menages_ress_moins_20", "menages_ress_20_40", "menages_ress_40_60", "menages_apl",
    "personnes_seules", "familles_monoparentales", "couples_sans_enfant", "couples_avec_enfants",
    "grandes_familles", "titulaires_65_plus", "emmenages_recents",
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


def occupation(ops: pd.DataFrame, seuil: int = secret.SEUIL_PAR_DEFAUT, masquer: bool = True):
    """OPS counts and shares of households, with the 11-household rule applied.

    `ops`: rows of the `ops` table (one survey year, several communes × QPV / hors QPV, or a
    grouping of them). Returns (values, mask): hidden cells are <NA> in values and True in mask;
    a share computed on a hidden count or a hidden denominator is hidden too.
    """
    df = ops.copy().reset_index(drop=True)
    for c in OPS_COMPTES:
        df[c] = pd.to_numeric(df[c], errors="coerce")
    df["menages_sous_20"] = df["menages_ress_moins_20"]
    df["menages_sous_40"] = df["menages_ress_moins_20"] + df["menages_ress_20_40"]
    df["menages_sous_60"] = df["menages_sous_40"] + df["menages_ress_40_60"]
    for cle, (col, _) in OPS_INDICATEURS.items():
        df[f"part_{cle}"] = _quotient(df[col], df["menages"])
    if not masquer:
        return df, pd.DataFrame(False, index=df.index, columns=df.columns)
    comptes = OPS_COMPTES
    liees = {
        "menages": [f"part_{k}" for k in OPS_INDICATEURS],
        "menages_ress_moins_20": ["menages_sous_20", "menages_sous_40", "menages_sous_60",
                                  "part_sous_20", "part_sous_40", "part_sous_60"],
        "menages_ress_20_40": ["menages_sous_40", "menages_sous_60", "part_sous_40", "part_sous_60"],
        "menages_ress_40_60": ["menages_sous_60", "part_sous_60"],
    }
    for cle, (col, _) in OPS_INDICATEURS.items():
        if col in comptes:
            liees.setdefault(col, []).append(f"part_{cle}")
    return secret.masquer(df, comptes, seuil=seuil, totaux_colonnes=len(df) > 1, colonnes_liees=liees)


def masquer_taux(df: pd.DataFrame, denominateur: str, liees: list[str], seuil: int = secret.SEUIL_PAR_DEFAUT):
    """Hide rates whose base (a count of dwellings or households) is below the threshold, with
    secondary suppression over the rows (their total, the CUA figure, is shown)."""
    return secret.masquer(df, [denominateur], seuil=seuil, totaux_colonnes=len(df) > 1,
                          colonnes_liees={denominateur: liees})


# ---------------------------------------------------------------- tables the pages show


def evolution(rows: pd.DataFrame) -> pd.DataFrame:
    """Per vintage: stock, in QPV, E-F-G, and the official rates with their counts."""
    if rows.empty:
        return pd.DataFrame()
    t = indicateurs_officiels(rows, ["millesime"]).set_index("millesime")
    g = rows.groupby("millesime")
    t["en_qpv"] = g["en_qpv"].apply(lambda s: int(s.fillna(False).astype(bool).sum()))
    t["efg"] = g["dpe_energie"].apply(lambda s: int(s.isin(DPE_PRIORITAIRES).sum()))
    t["dpe_inconnu"] = g["dpe_energie"].apply(lambda s: int((~s.isin(CLASSES_DPE)).sum()))
    t["part_qpv"] = _quotient(t["en_qpv"], t["logements"])
    t["part_efg"] = _quotient(t["efg"], t["logements"])
    return t.reset_index().sort_values("millesime")


def par_commune(rows: pd.DataFrame, communes: pd.DataFrame, seuil: int = secret.SEUIL_PAR_DEFAUT):
    """Stock, weight per 1 000 inhabitants and official rates per commune of `communes`.

    Counts of dwellings are public (RPLS); the rates from the restricted file (vacancy,
    mobility, rent) describe leases and households: below `seuil` dwellings in their base they
    are hidden, with secondary suppression (the CUA figure is shown). Returns (values, mask).
    """
    off = indicateurs_officiels(rows, ["code_insee"]) if not rows.empty else pd.DataFrame(columns=["code_insee"])
    t = communes[["code_insee", "nom", "population"]].merge(off, on="code_insee", how="left")
    for c in ("logements", "vacants_3_mois", "loues_ou_vacants", "baux_annee_precedente", "base_mobilite"):
        t[c] = pd.to_numeric(t[c], errors="coerce").fillna(0).astype(int)
    qpv = rows.groupby("code_insee")["en_qpv"].apply(lambda s: int(s.fillna(False).astype(bool).sum())) \
        if not rows.empty else pd.Series(dtype=int)
    t["en_qpv"] = t["code_insee"].map(qpv).fillna(0).astype(int)
    t["pour_mille"] = [pour_mille(a, b) for a, b in zip(t["logements"], t["population"])]
    t = t[(t["logements"] > 0)].sort_values("logements", ascending=False).reset_index(drop=True)
    return secret.masquer(
        t, ["loues_ou_vacants", "base_mobilite"], seuil=seuil, totaux_colonnes=len(t) > 1,
        colonnes_liees={
            "loues_ou_vacants": ["vacants_3_mois", "taux_vacance", "somme_loyers", "somme_surfaces", "loyer_m2"],
            "base_mobilite": ["baux_annee_precedente", "taux_mobilite"],
        },
    )


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
    colonnes = [c for c in ops.columns if c.startswith(("menages", "personnes", "familles", "couples", "grandes",
                                                          "titulaires", "emmenages"))]
    return ops.groupby(par, dropna=False)[colonnes].sum(min_count=1).reset_index()


def ops_secteurs(ops: pd.DataFrame, seuil: int = secret.SEUIL_PAR_DEFAUT):
    """One survey year of the perimeter: en QPV, hors QPV and ensemble rows, secret applied.

    The two sectors add up to the ensemble shown next to them, so they are masked as one
    additive group; the ensemble is masked on its own (it is below CUA level when communes are
    filtered). Returns (values, mask) with a `secteur` column.
    """
    if ops.empty:
        return pd.DataFrame(), pd.DataFrame()
    s = _sommer_ops(ops, ["en_qpv"]).sort_values("en_qpv", ascending=False)
    v1, m1 = occupation(s, seuil)
    ens = _sommer_ops(ops.assign(_tout=1), ["_tout"]).drop(columns="_tout")
    v2, m2 = occupation(ens, seuil)
    v1["secteur"] = v1["en_qpv"].map(SECTEURS_OPS)
    v2["secteur"] = ENSEMBLE
    m1["secteur"] = m2["secteur"] = False
    valeurs = pd.concat([v1.drop(columns="en_qpv"), v2], ignore_index=True)
    masque = pd.concat([m1.drop(columns="en_qpv"), m2], ignore_index=True).fillna(False).astype(bool)
    return valeurs, masque


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
    ordre = valeurs.sort_values(["nom", "en_qpv"], ascending=[True, False]).index
    return valeurs.loc[ordre].reset_index(drop=True), masque.loc[ordre].reset_index(drop=True)


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
                cel.append(f"{_fr_pourcent(v.at[i, f'part_{cle}'])} ({_fr_nombre(v.at[i, col])} ÷ {_fr_nombre(v.at[i, 'menages'])})")
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
