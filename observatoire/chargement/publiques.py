"""Real public data of the CU d'Arras (data/publiques/): reading the shipped files, loading them at
build with their provenance, the INSEE RPLS importer (by commune, IRIS or QPV), and the frames the
pages show (`parc_social_public`, `portrait_commune`).

The files are verbatim copies of rows published by SDES, INSEE and DGALN / Cerema. A blank cell or
« s » (secret statistique) in them is masked at the source: it stays NULL, never 0. The 12 communes
absent from the RPLS 2024 sheet are « absentes du fichier RPLS », not communes without social
housing: the sheet does not say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from observatoire.base import memoire
from observatoire.base.chemins import DATA
from observatoire.chargement.assemblage import assembler, colonnes_manquantes, millesime_unique, provenance_unique
from observatoire.chargement.lecture import VARIABLE_LIGNES_MAX, detecter_csv, lignes_max
from observatoire.chargement.sources import ErreurSource
from observatoire.chargement.types_de_fichier import TYPES, ErreurImport

PUBLIQUES = DATA / "publiques"
MILLESIME_RPLS_COMMUNES = 2024
ABSENTE_RPLS = "absente du fichier RPLS"
SECRET_SOURCE = "masqué à la source"


class ErreurPublique(ErreurSource):
    """A shipped public file does not read as documented: file, line, column, what was expected."""


# ---------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class SourcePublique:
    jeu: str  # name in `imports`
    fichiers: tuple[str, ...]
    producteur: str
    titre: str
    millesime: str  # as the screens write it
    couverture: str
    annee: int | None = None  # vintage in `imports`


SOURCES = (
    SourcePublique(
        "rpls_communes",
        ("rpls2024_sdes_communes_densite_nbls_vac_mob.csv", "rpls2024_sdes_communes_parc_detail.csv"),
        "SDES",
        "RPLS, résultats par commune (feuille COMMUNES)",
        "parc au 1er janvier 2024",
        "34 communes sur 46 (12 absentes du fichier)",
        MILLESIME_RPLS_COMMUNES,
    ),
    SourcePublique(
        "rpls_insee",
        ("rpls2022_insee_qpv2015_cua.csv", "rpls2022_insee_iris_cua.csv"),
        "INSEE / SDES",
        "RPLS par QPV (géographie 2015) et par IRIS",
        "RPLS 2022",
        "5 QPV 2015 ; 25 IRIS de 5 communes",
        2022,
    ),
    SourcePublique(
        "population_communes",
        ("insee_population_municipale_2013_2021_communes.csv",),
        "INSEE",
        "population municipale",
        "2013-2021",
        "46 communes",
    ),
    SourcePublique(
        "rp_logement",
        ("insee_rp2021_logement_communes_subset.csv",),
        "INSEE",
        "recensement, base communale « Logement »",
        "RP 2021",
        "46 communes",
        2021,
    ),
    SourcePublique(
        "filosofi_communes",
        ("insee_filosofi2021_communes.csv",),
        "INSEE",
        "Filosofi, revenus et pauvreté par commune",
        "revenus 2021",
        "46 communes",
        2021,
    ),
    SourcePublique(
        "lovac",
        ("lovac2025_communes_logements_vacants_cua.csv",),
        "DGALN / Cerema",
        "LOVAC, logements vacants du parc privé",
        "LOVAC 2025 (séries 2020-2025)",
        "46 communes",
        2025,
    ),
    SourcePublique(
        "qpv_revenus",
        ("qpv2015_filosofi_revenus_2012_2021_cua.csv",),
        "INSEE",
        "Filosofi par QPV (géographie 2015)",
        "revenus 2012-2021",
        "5 QPV 2015",
    ),
    SourcePublique(
        "qpv_population",
        ("qpv2015_population_2013_2018_cua.csv",),
        "INSEE",
        "population des QPV (géographie 2015)",
        "2013 et 2018",
        "5 QPV 2015",
    ),
)
PAR_JEU = {s.jeu: s for s in SOURCES}


def etiquette(jeu: str) -> str:
    """« données publiques réelles — SDES, parc au 1er janvier 2024 »: the label of real data."""
    s = PAR_JEU[jeu]
    return f"données publiques réelles — {s.producteur}, {s.millesime}"


def source_ecran(jeu: str) -> str:
    """The « Source » of ui.legende for a public dataset: its title and the real-data label."""
    return f"{PAR_JEU[jeu].titre} ({etiquette(jeu)})"


def empreintes(dossier: Path = PUBLIQUES) -> list[str]:
    """SHA-256 of the shipped files: the build loads them, a rebuild erases nothing of the user's."""
    from observatoire.base.build import sha256

    return sorted(sha256(dossier / f) for s in SOURCES for f in s.fichiers if (dossier / f).is_file())


# ---------------------------------------------------------------- reading the shipped files


def _brut(chemin: Path) -> pd.DataFrame:
    return pd.read_csv(chemin, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def nombres(brut: pd.DataFrame, colonne: str, fichier: str, entier: bool = False) -> pd.Series:
    """A numeric column as published: blank or « s » → NULL; decimal comma or point; anything else
    raises a French sentence naming the file, line and column."""
    if colonne not in brut.columns:
        raise ErreurPublique(
            f"{fichier}, ligne 1 (en-tête) : colonne « {colonne} » absente ; "
            f"colonnes lues : {', '.join(brut.columns[:10])}."
        )
    texte = brut[colonne].astype(str).str.strip()
    masque = texte.isin(["", "s", "nd", "ND", "NA"])
    valeurs = pd.to_numeric(texte.where(~masque).str.replace(",", ".", regex=False), errors="coerce")
    faux = valeurs.isna() & ~masque
    if entier:
        faux |= valeurs.notna() & (valeurs % 1 != 0)
    if faux.any():
        i = int(np.flatnonzero(faux.to_numpy())[0])
        raise ErreurPublique(
            f"{fichier}, ligne {i + 2}, colonne « {colonne} » : « {texte.iloc[i]} » n'est pas "
            f"{'un nombre entier' if entier else 'un nombre'} ; attendu "
            f"{'un entier' if entier else 'un nombre (virgule ou point décimal)'}, une case vide ou « s »."
        )
    return valeurs.round().astype("Int64") if entier else valeurs.astype("Float64")


def _codes(brut: pd.DataFrame, colonne: str, fichier: str) -> pd.Series:
    codes = brut[colonne].astype(str).str.strip()
    faux = ~codes.str.fullmatch(r"\d[\dAB]\d{3}")
    if faux.any():
        i = int(np.flatnonzero(faux.to_numpy())[0])
        raise ErreurPublique(
            f"{fichier}, ligne {i + 2}, colonne « {colonne} » : « {codes.iloc[i]} » n'est pas un "
            "code commune INSEE ; attendu 5 caractères, par exemple 62041."
        )
    return codes


def lire_rpls_communes(dossier: Path = PUBLIQUES) -> pd.DataFrame:
    """The SDES sheet COMMUNES, 1 January 2024: rows of `rpls_communes` (34 communes)."""
    f1, f2 = PAR_JEU["rpls_communes"].fichiers
    a, b = _brut(dossier / f1), _brut(dossier / f2)
    df = pd.DataFrame(
        {
            "millesime": MILLESIME_RPLS_COMMUNES,
            "code_insee": _codes(a, "DEPCOM_ARM", f1),
            "nom": a["LIBCOM"],
            "nb_ls": nombres(a, "nb_ls", f1, entier=True),
            "densite": nombres(a, "densite", f1),
            "tx_vac": nombres(a, "tx_vac", f1),
            "tx_mob": nombres(a, "tx_mob", f1),
        }
    )
    detail = pd.DataFrame(
        {
            "code_insee": _codes(b, "DEPCOM_ARM", f2),
            **{
                c: nombres(b, c, f2, entier=True)
                for c in ("nb_loues", "nb_vacants", "nb_vides", "nb_asso", "nb_occup_finan", "nb_occup_temp", "nb_ls")
            },
        }
    )
    ecart = df.merge(detail, on="code_insee", how="outer", suffixes=("", "_detail"), indicator=True)
    pas_ensemble = ecart[(ecart["_merge"] != "both") | (ecart["nb_ls"] != ecart["nb_ls_detail"]).fillna(True)]
    if len(pas_ensemble):
        raise ErreurPublique(
            f"{f1} et {f2} ne décrivent pas les mêmes communes ou pas le même nb_ls "
            f"(première commune en écart : {pas_ensemble['code_insee'].iloc[0]})."
        )
    return df.merge(detail.drop(columns="nb_ls"), on="code_insee").sort_values("code_insee").reset_index(drop=True)


def lire_population(dossier: Path = PUBLIQUES) -> pd.DataFrame:
    (f,) = PAR_JEU["population_communes"].fichiers
    brut = _brut(dossier / f)
    codes = _codes(brut, "codgeo", f)
    colonnes = sorted(c for c in brut.columns if re.fullmatch(r"p\d\d_pop", c))
    return (
        pd.concat(
            [
                pd.DataFrame(
                    {"annee": 2000 + int(c[1:3]), "code_insee": codes, "population": nombres(brut, c, f, entier=True)}
                )
                for c in colonnes
            ],
            ignore_index=True,
        )
        .sort_values(["code_insee", "annee"])
        .reset_index(drop=True)
    )


def lire_rp_logement(dossier: Path = PUBLIQUES) -> pd.DataFrame:
    (f,) = PAR_JEU["rp_logement"].fichiers
    brut = _brut(dossier / f)
    colonnes = {
        "logements": "P21_LOG",
        "residences_principales": "P21_RP",
        "residences_secondaires": "P21_RSECOCC",
        "logements_vacants": "P21_LOGVAC",
        "maisons": "P21_MAISON",
        "appartements": "P21_APPART",
        "rp_1piece": "P21_RP_1P",
    }
    return pd.DataFrame(
        {
            "annee": 2021,
            "code_insee": _codes(brut, "CODGEO", f),
            **{k: nombres(brut, v, f) for k, v in colonnes.items()},
        }
    )


def lire_filosofi(dossier: Path = PUBLIQUES) -> pd.DataFrame:
    (f,) = PAR_JEU["filosofi_communes"].fichiers
    brut = _brut(dossier / f)
    return pd.DataFrame(
        {
            "annee": 2021,
            "code_insee": _codes(brut, "CODGEO", f),
            "menages_fiscaux": nombres(brut, "NBMENFISC21", f, entier=True),
            "personnes": nombres(brut, "NBPERSMENFISC21", f),
            "revenu_median": nombres(brut, "MED21", f),
            "part_menages_imposes": nombres(brut, "PIMP21", f),
            "taux_pauvrete": nombres(brut, "TP6021", f),
            "decile_1": nombres(brut, "D121", f),
            "decile_9": nombres(brut, "D921", f),
            "rapport_interdecile": nombres(brut, "RD21", f),
        }
    )


def lire_lovac(dossier: Path = PUBLIQUES) -> pd.DataFrame:
    (f,) = PAR_JEU["lovac"].fichiers
    brut = _brut(dossier / f)
    codes = _codes(brut, "CODGEO_25", f)
    annees = sorted({int(m) for c in brut.columns for m in re.findall(r"^pp_\w+_(\d\d)$", c)})
    lignes = []
    for aa in annees:

        def col(nom):  # a year may lack a column (no private stock for the latest year): NULL
            return (
                nombres(brut, nom, f, entier=True)
                if nom in brut.columns
                else pd.Series(pd.NA, index=brut.index, dtype="Int64")
            )

        lignes.append(
            pd.DataFrame(
                {
                    "millesime_lovac": 2025,
                    "annee": 2000 + aa,
                    "code_insee": codes,
                    "parc_prive": col(f"pp_total_{aa:02d}"),
                    "vacants": col(f"pp_vacant_{aa:02d}"),
                    "vacants_plus_2ans": col(f"pp_vacant_plus_2ans_{aa:02d}"),
                }
            )
        )
    return pd.concat(lignes, ignore_index=True).sort_values(["code_insee", "annee"]).reset_index(drop=True)


def lire_qpv_revenus(dossier: Path = PUBLIQUES) -> pd.DataFrame:
    (f,) = PAR_JEU["qpv_revenus"].fichiers
    brut = _brut(dossier / f)
    return pd.DataFrame(
        {
            "geographie": 2015,
            "code_qpv": brut["code"].str.strip(),
            "annee": nombres(brut, "annee", f, entier=True),
            **{c: nombres(brut, c, f) for c in ("revenu_median", "taux_pauvrete", "gini", "s80s20")},
        }
    )


def lire_qpv_population(dossier: Path = PUBLIQUES) -> pd.DataFrame:
    (f,) = PAR_JEU["qpv_population"].fichiers
    brut = _brut(dossier / f)
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "geographie": 2015,
                    "code_qpv": brut["code"].str.strip(),
                    "annee": a,
                    "population": nombres(brut, f"pop_{a}", f, entier=True),
                }
            )
            for a in (2013, 2018)
        ],
        ignore_index=True,
    )


# ---------------------------------------------------------------- INSEE RPLS (CodGeo, nbLsPls…)

# INSEE column → rpls_insee column. CodGeo and nbLsPls are required; the others may be absent.
COLONNES_INSEE = {
    "nbLsPls": "nb_ls",
    "nbLsMes": "nb_ls_mes",
    "txVac": "tx_vac",
    "txVac3m": "tx_vac3m",
    "txRot": "tx_rot",
    "txLsCol": "tx_ls_col",
    "txLsInd": "tx_ls_ind",
    "txLs1p": "tx_ls_1p",
    "txLs2p": "tx_ls_2p",
    "txLs3p": "tx_ls_3p",
    "txLs4p": "tx_ls_4p",
    "txLs5pp": "tx_ls_5pp",
    "txLsPlai": "tx_ls_plai",
    "txLsPlusAv77": "tx_ls_plus_av77",
    "txLsPlusAp77": "tx_ls_plus_ap77",
    "txLsPls": "tx_ls_pls",
    "txLsPli": "tx_ls_pli",
    "moyLoy": "moy_loy",
    "q1Loy": "q1_loy",
    "medLoy": "med_loy",
    "q3Loy": "q3_loy",
}
ENTIERS_INSEE = ("nb_ls", "nb_ls_mes")
CODE_IRIS = re.compile(r"^\d[\dAB]\d{7}$")
CODE_COMMUNE = re.compile(r"^\d[\dAB]\d{3}$")
CODE_QPV = re.compile(r"^Q[PN]\d{3}[\dA-Z]{3,4}$")


def niveau_de(code: str) -> str | None:
    if CODE_COMMUNE.match(code):
        return "commune"
    if CODE_IRIS.match(code):
        return "iris"
    if CODE_QPV.match(code):
        return "qpv"
    return None


def rpls_insee_depuis_brut(
    brut: pd.DataFrame,
    millesime: int,
    nom: str,
    communes: set[str] | None = None,
    codes_qpv: set[str] | None = None,
    lignes: pd.Series | None = None,
):
    """Rows of `rpls_insee` from an all-text INSEE table (original column names, any case).

    Returns (rows kept, rejections, rows outside the CUA by département or « QPV hors CU »).
    `communes` / `codes_qpv` None: no perimeter filter (the shipped files are already the CUA's)."""
    from observatoire.chargement import sources

    lignes = lignes if lignes is not None else pd.Series(np.arange(len(brut)) + 2, index=brut.index)
    par_minuscule = {str(c).strip().lstrip("\ufeff").lower(): c for c in brut.columns}
    c = sources.Controle(brut, lignes)
    code = c.texte(par_minuscule["codgeo"]).str.upper()
    niveau = code.map(niveau_de)
    c.signaler(
        niveau.isna(),
        par_minuscule["codgeo"],
        "n'est ni un code commune, ni un code IRIS, ni un code QPV",
        "5 caractères (62041), 9 chiffres (620410101) ou un code QPV (QP062061, QN06259M)",
        valeurs=code,
    )
    out = pd.DataFrame({"millesime": int(millesime), "niveau": niveau, "code_geo": code})
    libelle = par_minuscule.get("libgeo")
    out["libelle"] = c.texte_ou_nul(libelle) if libelle else None
    depcom = par_minuscule.get("depcom")
    commune = code.where(niveau == "commune", code.str.slice(0, 5).where(niveau == "iris"))
    if depcom:
        commune = commune.where(niveau != "iris", c.texte(depcom).where(c.texte(depcom) != "", commune))
    out["code_insee"] = commune.where(niveau.isin(["commune", "iris"]), None)
    for insee, cible in COLONNES_INSEE.items():
        src = par_minuscule.get(insee.lower())
        if src is None:
            out[cible] = pd.Series(pd.NA, index=brut.index, dtype="Int64" if cible in ENTIERS_INSEE else "Float64")
            continue
        texte = c.texte(src).str.replace(r"[\s\u00a0\u202f]", "", regex=True)  # « 1 200 » re-saved by a spreadsheet
        masque = texte.isin(["", "s", "nd", "ND", "NA"])
        valeurs = pd.to_numeric(texte.where(~masque).str.replace(",", ".", regex=False), errors="coerce")
        entier = cible in ENTIERS_INSEE
        faux = (valeurs.isna() & ~masque) | (valeurs < 0)
        if entier:
            faux |= valeurs.notna() & (valeurs % 1 != 0)
        c.signaler(
            faux,
            src,
            "n'est pas " + ("un nombre entier positif" if entier else "un nombre positif"),
            "un nombre (virgule décimale, par exemple 3,2), une case vide ou « s » (secret)",
        )
        valeurs = valeurs.where(~faux)
        out[cible] = valeurs.round().astype("Int64") if entier else valeurs.astype("Float64")
    hors = pd.Series(False, index=brut.index)
    detail: dict[str, int] = {}
    if communes is not None:
        hors_commune = niveau.isin(["commune", "iris"]) & ~out["code_insee"].isin(communes)
        hors_qpv = (niveau == "qpv") & ~code.isin(codes_qpv or set())
        hors = (hors_commune | hors_qpv) & ~c.rejete
        for dep, n in out.loc[hors_commune & hors, "code_insee"].str.slice(0, 2).value_counts().items():
            detail[f"département {dep}"] = int(n)
        if int((hors_qpv & hors).sum()):
            detail["QPV hors CU d'Arras"] = int((hors_qpv & hors).sum())
    return out, c, hors, detail


def lire_rpls_insee(dossier: Path = PUBLIQUES) -> pd.DataFrame:
    """The shipped INSEE RPLS 2022 files (QPV 2015 with decimal comma, IRIS with decimal point)."""
    morceaux = []
    for f in PAR_JEU["rpls_insee"].fichiers:
        brut = _brut(dossier / f)
        out, c, _, _ = rpls_insee_depuis_brut(brut, 2022, f)
        if c.rejets:
            raise ErreurPublique(c.rejets[0].message(f))
        morceaux.append(out)
    return pd.concat(morceaux, ignore_index=True)


# ---------------------------------------------------------------- loading at build


def charger(con, dossier: Path = PUBLIQUES) -> None:
    """Load every shipped public file, with its provenance (`imports`, demo = false) and its
    producer and vintage (`sources_publiques`). Nothing when the folder is absent (a test base)."""
    if not dossier.is_dir():
        return
    from observatoire.base.build import _inserer, _tracer, sha256

    lectures = {
        "rpls_communes": ("rpls_communes", lire_rpls_communes),
        "rpls_insee": ("rpls_insee", lire_rpls_insee),
        "population_communes": ("population_communes", lire_population),
        "rp_logement": ("rp_logement_communes", lire_rp_logement),
        "filosofi_communes": ("filosofi_communes", lire_filosofi),
        "lovac": ("lovac_communes", lire_lovac),
        "qpv_revenus": ("qpv_revenus", lire_qpv_revenus),
        "qpv_population": ("qpv_population", lire_qpv_population),
    }
    for s in SOURCES:
        table, lire = lectures[s.jeu]
        df = lire(dossier)
        _inserer(con, table, df)
        for f in s.fichiers:
            chemin = dossier / f
            lignes = sum(1 for _ in open(chemin, encoding="utf-8-sig")) - 1
            # A file's rows: those it holds (the two RPLS 2024 files describe the same 34 communes).
            _tracer(con, s.jeu, chemin, lignes, lignes, demo=False, millesime=s.annee)
            con.execute(
                "INSERT INTO sources_publiques VALUES ($j, $f, $s, $p, $t, $m, $c)",
                {
                    "j": s.jeu,
                    "f": f,
                    "s": sha256(chemin),
                    "p": s.producteur,
                    "t": s.titre,
                    "m": s.millesime,
                    "c": s.couverture,
                },
            )
            if s.jeu == "rpls_insee":
                # Its slices (one level per file), as an import records them: importing a newer
                # QPV file then retires this file's provenance row and keeps the IRIS one.
                niveaux = sorted(
                    set(df.loc[df["code_geo"].isin(_brut(chemin).iloc[:, 0].str.strip().str.upper()), "niveau"])
                )
                for niveau in niveaux:
                    con.execute(
                        "INSERT INTO imports_tranches SELECT jeu, millesime, sha256, importe_le, $n FROM imports "
                        "WHERE jeu = $j AND fichier = $f",
                        {"n": niveau, "j": s.jeu, "f": f},
                    )


# ---------------------------------------------------------------- what the pages show


def _fr(v, decimales: int = 0) -> str:
    from observatoire import formats as fr

    return fr.MANQUANT if v is None or pd.isna(v) else fr.nombre(v, decimales)


def parc_social_public(rpls_communes: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Every commune of the CU with its real social stock on 1 January 2024 (SDES sheet):
    stock, density, vacancy, mobility; a commune absent from the sheet says so, never 0.
    `rpls_communes`: the 2024 rows; `communes`: code_insee, nom (the 46)."""
    r = rpls_communes.set_index("code_insee")
    lignes = []
    for code, nom in sorted(zip(communes["code_insee"], communes["nom"]), key=lambda t: t[1]):
        if code in r.index:
            x = r.loc[code]
            lignes.append(
                {
                    "commune": nom,
                    "code_insee": code,
                    "logements_sociaux": _fr(x["nb_ls"]),
                    "densite": _fr(x["densite"], 1),
                    "loues": _fr(x["nb_loues"]),
                    "vacants": _fr(x["nb_vacants"]),
                    "taux_vacance": _pc(x["tx_vac"]),
                    "taux_mobilite": _pc(x["tx_mob"]),
                    "_tri": float(x["nb_ls"]),
                }
            )
        else:
            lignes.append(
                {
                    "commune": nom,
                    "code_insee": code,
                    "logements_sociaux": ABSENTE_RPLS,
                    "densite": ABSENTE_RPLS,
                    "loues": ABSENTE_RPLS,
                    "vacants": ABSENTE_RPLS,
                    "taux_vacance": ABSENTE_RPLS,
                    "taux_mobilite": ABSENTE_RPLS,
                    "_tri": -1.0,
                }
            )
    df = pd.DataFrame(lignes).sort_values(["_tri", "commune"], ascending=[False, True]).drop(columns="_tri")
    return df.reset_index(drop=True)


def _pc(v, decimales: int = 1) -> str:
    from observatoire import formats as fr

    return fr.MANQUANT if v is None or pd.isna(v) else fr.pourcent(float(v) / 100, decimales)


def total_cu(rpls_communes: pd.DataFrame) -> dict:
    """The 34 communes of the sheet together: stock, and vacancy / mobility weighted by stock
    (the sheet gives rates, not their numerators: a weighted mean, labelled as such)."""
    r = rpls_communes.dropna(subset=["nb_ls"])
    n = float(r["nb_ls"].sum())
    return {
        "communes": int(len(r)),
        "logements": int(n),
        "vacance_ponderee": float((r["tx_vac"] * r["nb_ls"]).sum() / n) if n else None,
        "mobilite_ponderee": float((r["tx_mob"] * r["nb_ls"]).sum() / n) if n else None,
    }


@memoire.pur
def qpv_public(rpls_qpv: pd.DataFrame, qpv: pd.DataFrame, revenus: pd.DataFrame | None = None) -> pd.DataFrame:
    """The 5 QPV of the 2015 geography: INSEE RPLS (stock, vacancy, turnover, rent) and, when
    given, Filosofi's latest year (median income, poverty rate)."""
    noms = dict(zip(qpv["code_qpv"], qpv["nom"]))
    lignes = []
    for _, x in rpls_qpv.sort_values("code_geo").iterrows():
        ligne = {
            "QPV 2015": noms.get(x["code_geo"], x["code_geo"]),
            "code": x["code_geo"],
            "logements sociaux": _fr(x["nb_ls"]),
            "vacance": _pc(x["tx_vac"]),
            "vac. > 3 mois": _pc(x["tx_vac3m"]),
            "rotation": _pc(x["tx_rot"]),
            "loyer (€/m²)": _fr(x["moy_loy"], 2),
        }
        if revenus is not None and len(revenus):
            rv = revenus[revenus["code_qpv"] == x["code_geo"]].dropna(subset=["revenu_median"])
            d = rv.sort_values("annee").iloc[-1] if len(rv) else None
            # the latest year Filosofi published for this QPV (not the same for all five)
            ligne["revenu médian (€/UC)"] = f"{_fr(d['revenu_median'])} ({int(d['annee'])})" if d is not None else "–"
            ligne["taux de pauvreté"] = f"{_pc(d['taux_pauvrete'])} ({int(d['annee'])})" if d is not None else "–"
        lignes.append(ligne)
    return pd.DataFrame(lignes).fillna("–")


def jeux_portrait(donnees) -> dict[str, pd.DataFrame]:
    """The named queries `portrait_commune` reads, by name. `donnees(nom, **params)` runs a named
    query (ui.donnees, or a db.requete bound to a connection)."""
    return {
        "publiques_population": donnees("publiques_population"),
        "publiques_rp_logement": donnees("publiques_rp_logement"),
        "publiques_filosofi": donnees("publiques_filosofi"),
        "publiques_lovac": donnees("publiques_lovac"),
        "publiques_rpls_communes": donnees("publiques_rpls_communes", millesime=MILLESIME_RPLS_COMMUNES),
    }


def portrait_commune(code: str, donnees) -> dict[str, pd.DataFrame]:
    """The commune's real public figures beside the CU's, one frame per source (reusable by a
    fuller portrait). `donnees(nom, **params)` runs a named query (ui.donnees, or a db.requete
    bound to a connection). Keys: population, logement, revenus, lovac, rpls."""
    return portrait_des_jeux(code, jeux_portrait(donnees))


@memoire.pur
def portrait_des_jeux(code: str, jeux: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """`portrait_commune` on the frames `jeux_portrait` read: once per commune and content."""

    def donnees(nom, **_):
        return jeux[nom]

    out = {}
    pop = donnees("publiques_population")
    if len(pop):
        c = pop[pop["code_insee"] == code].set_index("annee")["population"]
        cu = pop.groupby("annee")["population"].sum(min_count=1)
        out["population"] = pd.DataFrame(
            {
                "année": [str(a) for a in cu.index],
                "commune": [_fr(c.get(a)) for a in cu.index],
                "CU d'Arras (46 communes)": [_fr(v) for v in cu.to_numpy()],
            }
        )
    rp = donnees("publiques_rp_logement")
    if len(rp):
        lignes = (
            ("logements", "Logements"),
            ("residences_principales", "Résidences principales"),
            ("residences_secondaires", "Résidences secondaires et logements occasionnels"),
            ("logements_vacants", "Logements vacants"),
            ("maisons", "Maisons"),
            ("appartements", "Appartements"),
        )
        c = rp[rp["code_insee"] == code]
        tot = rp[[k for k, _ in lignes]].sum(min_count=1)

        def part(v, d):
            return _pc(v / d * 100) if d and not pd.isna(v) and not pd.isna(d) else "–"

        rows = []
        for k, libelle in lignes:
            v = c[k].iloc[0] if len(c) else None
            rows.append(
                {
                    "indicateur": libelle,
                    "commune": _fr(v),
                    "part (commune)": part(v, c["logements"].iloc[0] if len(c) else None) if k != "logements" else "",
                    "CU d'Arras": _fr(tot[k]),
                    "part (CU)": part(tot[k], tot["logements"]) if k != "logements" else "",
                }
            )
        out["logement"] = pd.DataFrame(rows)
    fi = donnees("publiques_filosofi")
    if len(fi):
        c = fi[fi["code_insee"] == code]
        v = c.iloc[0] if len(c) else None

        def g(k, fmt):
            return fmt(v[k]) if v is not None else "–"

        # The CU's own median is not the median of its communes' medians: Filosofi publishes it
        # per EPCI, a file not shipped here. Only counts add up.
        out["revenus"] = pd.DataFrame(
            [
                {
                    "indicateur": "Ménages fiscaux",
                    "commune": g("menages_fiscaux", _fr),
                    "CU d'Arras": _fr(fi["menages_fiscaux"].sum(min_count=1)),
                },
                {
                    "indicateur": "Revenu disponible médian par unité de consommation (€)",
                    "commune": g("revenu_median", _fr),
                    "CU d'Arras": "non publié ici",
                },
                {
                    "indicateur": "Taux de pauvreté (seuil à 60 % du revenu médian)",
                    "commune": g("taux_pauvrete", _pc),
                    "CU d'Arras": "non publié ici",
                },
                {
                    "indicateur": "Part des ménages fiscaux imposés",
                    "commune": g("part_menages_imposes", _pc),
                    "CU d'Arras": "non publié ici",
                },
                {"indicateur": "1er décile (€)", "commune": g("decile_1", _fr), "CU d'Arras": "non publié ici"},
                {"indicateur": "9e décile (€)", "commune": g("decile_9", _fr), "CU d'Arras": "non publié ici"},
            ]
        )
    lo = donnees("publiques_lovac")
    if len(lo):
        c = lo[lo["code_insee"] == code].set_index("annee")
        cu = lo.groupby("annee")[["parc_prive", "vacants", "vacants_plus_2ans"]].sum(min_count=1)
        # A CU total with a commune masked (« s ») would be a partial sum: shown as such.
        incomplet = lo.groupby("annee")[["parc_prive", "vacants", "vacants_plus_2ans"]].agg(lambda s: s.isna().any())
        rows = []
        for a in cu.index:

            def cell(k):
                return _fr(c[k].get(a)) if a in c.index else "–"

            def cell_cu(k):
                if pd.isna(cu.loc[a, k]):
                    return "–"
                return _fr(cu.loc[a, k]) + (" (hors cases masquées)" if incomplet.loc[a, k] else "")

            rows.append(
                {
                    "année": str(a),
                    "parc privé (commune)": cell("parc_prive"),
                    "vacants (commune)": cell("vacants"),
                    "vacants depuis plus de 2 ans (commune)": cell("vacants_plus_2ans"),
                    "parc privé (CU)": cell_cu("parc_prive"),
                    "vacants (CU)": cell_cu("vacants"),
                    "vacants depuis plus de 2 ans (CU)": cell_cu("vacants_plus_2ans"),
                }
            )
        out["lovac"] = pd.DataFrame(rows)
    rc = donnees("publiques_rpls_communes", millesime=MILLESIME_RPLS_COMMUNES)
    if len(rc):
        c = rc[rc["code_insee"] == code]
        t = total_cu(rc)
        if len(c):
            x = c.iloc[0]
            commune = [_fr(x["nb_ls"]), _fr(x["densite"], 1), _pc(x["tx_vac"]), _pc(x["tx_mob"])]
        else:
            commune = [ABSENTE_RPLS] * 4
        out["rpls"] = pd.DataFrame(
            {
                "indicateur": [
                    "Logements sociaux",
                    "Densité (logements sociaux pour 100 résidences principales)",
                    "Taux de vacance",
                    "Taux de mobilité",
                ],
                "commune": commune,
                "CU d'Arras": [
                    f"{_fr(t['logements'])} ({t['communes']} communes du fichier)",
                    "non publiée ici",
                    f"{_pc(t['vacance_ponderee'])} (moyenne pondérée par le parc)",
                    f"{_pc(t['mobilite_ponderee'])} (moyenne pondérée par le parc)",
                ],
            }
        )
    return out


# ---------------------------------------------------------------- the importer kind « rpls_insee »


def analyser_rpls_insee(chemin: Path, nom: str, ref, millesime: int | None, progres):
    """importer.analyser for INSEE's RPLS by commune, IRIS or QPV (`;` or `,`, decimal comma or
    point, BOM or not, codes kept as text). Rows outside the CU are counted, not loaded."""
    t = TYPES["rpls_insee"]
    fmt = detecter_csv(chemin, nom, progres)
    correspondance = {
        c: ("CodGeo" if c.lower() == "codgeo" else "nbLsPls" if c.lower() == "nblspls" else c) for c in fmt.entete
    }
    colonnes_manquantes(t, nom, fmt.entete, correspondance)
    m, origine, avert = millesime_unique(nom, millesime)
    encodage = "utf-8" if fmt.encodage == "mixte" else fmt.encodage
    progres(0.3, "lecture du fichier…")
    try:
        brut = pd.read_csv(
            chemin,
            sep=fmt.separateur,
            dtype=str,
            keep_default_na=False,
            encoding=encodage,
            compression="gzip" if fmt.compresse else None,
            encoding_errors="replace",
        )
    except (pd.errors.ParserError, ValueError) as e:
        raise ErreurImport(f"{nom} : fichier CSV illisible ({e}).") from e
    brut.columns = [str(c).strip().lstrip("\ufeff") for c in brut.columns]
    if len(brut) > lignes_max():
        raise ErreurImport(
            f"{nom} : {len(brut)} lignes ; attendu au plus {lignes_max()} (réglage {VARIABLE_LIGNES_MAX})."
        )
    out, c, hors, detail = rpls_insee_depuis_brut(brut, m, nom, set(ref.communes), set(ref.codes_qpv))
    rejete = c.rejete & ~hors
    garde = ~rejete & ~hors
    lignes_hors = set(c.lignes[hors].astype(int))
    rejets = [r for r in c.rejets if r.ligne not in lignes_hors]
    doublons = out[garde].duplicated(subset=["niveau", "code_geo"], keep=False)
    if doublons.any():
        premier = out[garde][doublons]["code_geo"].iloc[0]
        raise ErreurImport(
            f"{nom} : le code « {premier} » apparaît sur plusieurs lignes ; attendu une ligne par commune, IRIS ou QPV."
        )
    niveaux = sorted(out.loc[garde, "niveau"].unique())
    if len(niveaux) > 1:
        avert = list(avert) + [f"le fichier mêle plusieurs niveaux géographiques ({', '.join(niveaux)})."]
    fmt_libelle = fmt.libelle + (
        ", virgule décimale" if brut.apply(lambda s: s.str.contains(r"^\d+,\d+$", regex=True)).any().any() else ""
    )
    par_annee = provenance_unique(m, len(brut), garde.sum(), rejete.sum())
    return assembler(
        "rpls_insee",
        chemin,
        nom,
        fmt_libelle,
        fmt.libelle_encodage,
        fmt.separateur,
        [m],
        origine,
        len(brut),
        int(garde.sum()),
        int(hors.sum()),
        detail,
        rejets,
        avert,
        out[garde].reset_index(drop=True),
        par_annee,
    )
