"""What every analyser shares: the reference read from the base, the templates' example rows,
missing columns, vintage, perimeter (CUA or not), provenance per year and the final preview."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from observatoire import formats as fr
from observatoire.base.chemins import DATA
from observatoire.chargement import sources
from observatoire.chargement.lecture import FormatCsv, Lecture, detecter_csv, lire_csv
from observatoire.chargement.sources import Rejet
from observatoire.chargement.types_de_fichier import TYPES, Apercu, ErreurImport, Progres, Type, refuser_autre_type

# Documented templates (docs/modeles.md), each a header plus a filled example, downloadable from
# the page « Données ». The official files (RPLS, Sitadel, QPV contours) are imported as published.
MODELES = {
    "ops": "ops.csv",
    "attributions": "attributions.csv",
    "financements": "financements.csv",
    "ptz": "ptz.csv",
    "objectifs": "objectifs.csv",
    "seuils_q1": "seuils_q1_2024.csv",
}


def modele(type_: str) -> Path:

    return DATA / "modeles" / MODELES[type_]


def millesime_du_nom(nom: str) -> int | None:
    """`rpls_2024.csv`, `RPLS 2023 reg32.csv`, `resultats_rpls_2022.xlsx` → the year, if exactly one."""
    annees = {int(a) for a in re.findall(r"(?<!\d)(20[0-4]\d)(?!\d)", nom)}
    return annees.pop() if len(annees) == 1 else None


# ---------------------------------------------------------------- references from the database


@dataclass
class Reference:
    communes: dict[str, str]  # code → nom
    codes_qpv: set[str]
    codes_qpv_2024: set[str]
    codes_qpv_par_geographie: dict[int, set[str]]
    plhs: dict[str, int]  # PLH → first year
    qpv: pd.DataFrame


def reference(base: Path) -> Reference:
    con = duckdb.connect(str(base), read_only=True)
    try:
        communes = dict(con.execute("SELECT code_insee, nom FROM communes").fetchall())
        qpv = con.execute("SELECT geographie, code_qpv, nom, communes_insee, source FROM qpv").df()
        plhs = dict(con.execute("SELECT plh, annee_debut FROM plh").fetchall())
    finally:
        con.close()
    codes = set(qpv["code_qpv"].dropna())
    codes24 = set(qpv.loc[qpv["geographie"] == 2024, "code_qpv"].dropna())
    par_geo = {int(g): set(d["code_qpv"].dropna()) for g, d in qpv.groupby("geographie")}
    return Reference(communes, codes, codes24, par_geo, plhs, qpv)


# ---------------------------------------------------------------- the templates' example rows

_ENTETES_MODELES = {
    "financements": lambda: entetes_simples(sources.FINANCEMENTS_SYNONYMES),
    "ptz": lambda: entetes_simples(sources.PTZ_SYNONYMES),
    "seuils_q1": lambda: lambda colonnes: {c: c for c in colonnes},
}


def _normaliser_cellule(v) -> str:
    return re.sub(r"\s+", " ", str(v if v is not None and v == v else "")).strip().lower()


def _lignes_modele(type_: str) -> tuple[list[str], set[tuple[str, ...]]]:
    """The example rows of the shipped template of `type_` (canonical column names, normalised
    cells): such a row is never data."""
    if type_ not in MODELES:
        return [], set()
    texte = modele(type_).read_text(encoding="utf-8-sig").splitlines()
    lignes = list(csv.reader(texte, delimiter=";"))
    entetes = _ENTETES_MODELES.get(type_, lambda: entetes_simples())()
    correspondance = entetes(lignes[0])
    colonnes = [correspondance.get(c, c) for c in lignes[0]]
    return colonnes, {tuple(_normaliser_cellule(v) for v in l) for l in lignes[1:] if any(x.strip() for x in l)}


def lignes_du_modele(type_: str, brut: pd.DataFrame) -> pd.Series:
    """True for the rows of `brut` that are an example row of the shipped template."""
    colonnes, exemples = _lignes_modele(type_)
    communes = [i for i, c in enumerate(colonnes) if c in brut.columns]
    if len(communes) < len(colonnes) or not len(brut):  # a file with the template's columns only
        return pd.Series(False, index=brut.index)
    cles = {tuple(e[i] for i in communes) for e in exemples}
    valeurs = brut[[colonnes[i] for i in communes]].map(_normaliser_cellule)
    return pd.Series([t in cles for t in valeurs.itertuples(index=False, name=None)], index=brut.index)


def refuser_modele(
    type_: str, nom: str, brut: pd.DataFrame, c: sources.Controle | None, ligne_a_ligne: bool = True
) -> None:
    """Example rows of the template: the file is refused when it holds nothing else (« ceci est
    le fichier modèle »); otherwise each one is rejected with a message."""
    exemple = lignes_du_modele(type_, brut)
    if len(exemple) and exemple.all():
        raise ErreurImport(
            f"{nom} : ceci est le fichier modèle (data/modeles/{MODELES[type_]}) : ses {fr.nombre(int(exemple.sum()))} "
            "ligne(s) de données (CU d'Arras) sont les exemples inventés du modèle, pas des données. Gardez la ligne d'en-tête, remplacez les "
            "lignes d'exemple par vos propres lignes, puis importez le fichier."
        )
    if exemple.any() and ligne_a_ligne and c is not None:
        premiere = brut.columns[0]
        c.signaler(
            exemple,
            premiere,
            f"commence une ligne d'exemple du fichier modèle (data/modeles/{MODELES[type_]})",
            "vos propres données : effacez les lignes d'exemple du modèle",
        )


def colonnes_manquantes(
    t: Type, nom: str, entete: list[str], correspondance: dict[str, str], obligatoires=None
) -> None:
    presentes = set(correspondance.values())
    obligatoires = list(obligatoires if obligatoires is not None else t.obligatoires)
    manquantes = [c for c in obligatoires if c not in presentes]
    if not manquantes:
        return
    refuser_autre_type(nom, entete, t.cle)
    if len(manquantes) == len(obligatoires) and len(obligatoires) > 1:
        raise ErreurImport(
            f"{nom} n'est pas un fichier « {t.libelle} » : aucune des colonnes attendues ({', '.join(obligatoires)}) "
            f"n'est dans la ligne d'en-tête (colonnes lues : {', '.join(entete[:8])}{'…' if len(entete) > 8 else ''})."
        )
    raise ErreurImport(
        f"{nom}, ligne 1 (en-tête) : colonne(s) obligatoire(s) absente(s) : {', '.join(manquantes)} ; "
        f"attendu les colonnes {', '.join(obligatoires)} (voir docs/modeles.md)."
    )


def lire_csv_type(
    t: Type,
    chemin: Path,
    nom: str,
    ref: Reference,
    progres: Progres,
    entetes: Callable[[list[str]], dict[str, str]],
    obligatoires=None,
) -> tuple[FormatCsv, Lecture]:
    fmt = detecter_csv(chemin, nom, progres)
    correspondance = entetes(fmt.entete)
    colonnes_manquantes(t, nom, fmt.entete, correspondance, obligatoires)
    lecture = lire_csv(chemin, nom, fmt, correspondance, t.commune, set(ref.communes), progres)
    return fmt, lecture


def entetes_par(canon: Callable[[str], str]) -> Callable[[list[str]], dict[str, str]]:
    """Header → canonical column names by `canon`; when two columns give one name, the first wins."""

    def f(colonnes):
        out, pris = {}, set()
        for c in colonnes:
            nom = canon(str(c))
            if nom not in pris:
                out[c] = nom
                pris.add(nom)
        return out

    return f


def entetes_simples(synonymes: dict[str, str] | None = None) -> Callable[[list[str]], dict[str, str]]:
    """Template headers: case- and accent-insensitive, with a few synonyms."""
    synonymes = synonymes or {}

    def canon(colonne: str) -> str:
        cle = sources.sans_accents(colonne).strip().lstrip("\ufeff").lower().replace(" ", "_")
        return synonymes.get(cle, cle)

    return entetes_par(canon)


def perimetre(
    communes: pd.Series, ref: Reference, controle: sources.Controle, colonne: str
) -> tuple[pd.Series, dict[str, int]]:
    """Split rows into CUA / other communes (left out, counted) / malformed codes (rejected)."""
    code = sources.commune_normalisee(communes)
    dans = code.isin(set(ref.communes))
    forme = code.str.match(sources.CODE_COMMUNE)
    controle.signaler(
        ~forme & ~controle.rejete,
        colonne,
        "n'est pas un code commune INSEE",
        "un code de 5 caractères, par exemple 62041 (Arras)",
        valeurs=communes,
    )
    hors = forme & ~dans
    comptes = code[hors].str.slice(0, 2).value_counts()
    return hors, {f"département {k}": int(v) for k, v in comptes.items()}


def millesime_unique(
    nom: str, millesime: int | None, contenu: int | None = None, entete: int | None = None
) -> tuple[int, str, list[str]]:
    avert = []
    du_nom = millesime_du_nom(nom)
    if millesime is not None:
        if du_nom is not None and du_nom != millesime:
            avert.append(f"le nom du fichier indique {du_nom} mais le millésime {millesime} a été demandé.")
        return int(millesime), "option --millesime", avert
    if contenu is not None:
        return contenu, "contenu du fichier", avert
    if du_nom is not None:
        return du_nom, "nom du fichier", avert
    if entete is not None:
        return entete, "disposition de l'en-tête", avert
    raise ErreurImport(
        f"{nom} : le millésime ne se lit ni dans le nom du fichier ni dans son contenu ; "
        "indiquez-le (option --millesime AAAA, ou champ « Millésime » de la page Données)."
    )


def assembler(
    type_: str,
    chemin: Path,
    nom: str,
    format_: str,
    encodage: str | None,
    separateur: str | None,
    millesimes: list[int],
    origine: str,
    lues: int,
    gardees: int,
    hors: int,
    hors_detail: dict,
    rejets: list[Rejet],
    avert: list[str],
    donnees: pd.DataFrame,
    par_annee: pd.DataFrame,
) -> Apercu:
    return Apercu(
        type_,
        nom,
        chemin,
        "",
        format_,
        encodage,
        separateur,
        sorted(int(m) for m in millesimes),
        origine,
        int(lues),
        int(gardees),
        int(hors),
        hors_detail,
        rejets,
        avert,
        donnees,
        par_annee,
    )


def provenance_par_annee(
    annees: pd.Series, gardees: pd.Series, rejetees: pd.Series, hors: pd.Series, structure: int = 0
) -> pd.DataFrame:
    """Provenance per vintage: lines read / kept / rejected attributed to the year they belong to.
    Lines whose year is unknown (rejected for it) go to the first year."""
    df = pd.DataFrame(
        {"annee": annees.astype("Int64"), "g": gardees.astype(int), "r": rejetees.astype(int), "h": hors.astype(int)}
    )
    connues = df["annee"].dropna()
    if connues.empty:
        return pd.DataFrame(columns=["millesime", "lues", "gardees", "rejetees"])
    premiere = int(df.loc[df["g"] == 1, "annee"].min()) if (df["g"] == 1).any() else int(connues.min())
    df["annee"] = df["annee"].fillna(premiere)
    gardees_annees = set(df.loc[df["g"] == 1, "annee"].astype(int))
    # a year with only rejected lines has nothing to replace: its lines go to the first kept year
    df.loc[~df["annee"].isin(gardees_annees), "annee"] = premiere
    out = df.groupby("annee").agg(gardees=("g", "sum"), rejetees=("r", "sum"), hors=("h", "sum")).reset_index()
    out.loc[out["annee"] == premiere, "rejetees"] += structure
    out["lues"] = out["gardees"] + out["rejetees"] + out["hors"]
    return out.rename(columns={"annee": "millesime"})[["millesime", "lues", "gardees", "rejetees"]].astype(int)


def finir_csv(
    type_: str,
    chemin: Path,
    nom: str,
    fmt: FormatCsv,
    lecture: Lecture,
    ref: Reference,
    df: pd.DataFrame,
    c: sources.Controle,
    annees: pd.Series,
    origine: str,
    avert: list[str],
    commune_col: str | None,
    garder_lignes: Callable[[pd.Series], pd.DataFrame] | None = None,
) -> Apercu:
    """Common end of the CSV kinds: perimeter, rejected rows, provenance per year."""
    hors = pd.Series(False, index=df.index)
    hors_detail = dict(lecture.hors_cua)
    if commune_col is not None:
        hors, detail = perimetre(c.texte(commune_col), ref, c, commune_col)
        for k, v in detail.items():
            hors_detail[k] = hors_detail.get(k, 0) + v
    if type_ in MODELES:
        refuser_modele(type_, nom, lecture.brut, c)
    if fmt.avertissement:
        avert = [fmt.avertissement] + list(avert)
    rejete = c.rejete & ~hors
    garde = ~rejete & ~hors
    rejets = c.rejets + lecture.rejets_structure
    # a row left out of the CUA is not « rejected », whatever else is wrong with it
    lignes_hors = set(lecture.lignes[hors].astype(int))
    rejets = [r for r in rejets if r.ligne not in lignes_hors]
    donnees = garder_lignes(garde) if garder_lignes else df[garde].reset_index(drop=True)
    n_hors = int(hors.sum()) + sum(lecture.hors_cua.values())
    par_annee = provenance_par_annee(annees, garde, rejete, hors, structure=len(lecture.rejets_structure))
    # lines left out in SQL (other départements) belong to the first vintage's « read » count
    if len(par_annee) and sum(lecture.hors_cua.values()):
        par_annee.loc[par_annee.index[0], "lues"] += sum(lecture.hors_cua.values())
    millesimes = set(par_annee["millesime"]) if len(par_annee) else set()
    if "annee" in donnees.columns and TYPES[type_].table == "production":
        millesimes |= set(int(a) for a in donnees["annee"].dropna().unique())
    return assembler(
        type_,
        chemin,
        nom,
        fmt.libelle,
        fmt.libelle_encodage,
        fmt.separateur,
        millesimes,
        origine,
        lecture.lues,
        int(garde.sum()),
        n_hors,
        hors_detail,
        rejets,
        avert,
        donnees,
        par_annee,
    )


def signaler_autre_millesime(c: sources.Controle, annees: pd.Series, colonne: str, millesime: int | None) -> None:
    """With --millesime on a multi-year file, only that year is imported; the others are set aside."""
    if millesime is None:
        return
    autres = (annees.notna() & (annees != millesime)).fillna(False) & ~c.rejete
    if autres.any():
        c.signaler(autres, colonne, "n'est pas le millésime demandé", f"{millesime} (option --millesime)")


def provenance_unique(millesime: int, lues: int, gardees: int, rejetees: int) -> pd.DataFrame:
    """The provenance of a one-vintage file (one `imports` row)."""
    return pd.DataFrame(
        {"millesime": [int(millesime)], "lues": [int(lues)], "gardees": [int(gardees)], "rejetees": [int(rejetees)]}
    )


_DATE_NOM = re.compile(r"(?<!\d)(20\d\d)[-_.]?(0[1-9]|1[0-2])(?:[-_.]?(0[1-9]|[12]\d|3[01]))?(?!\d)")


def date_du_nom(nom: str) -> date | None:
    """The release date a file name carries (`…-2025-09-30.csv`, `…_20250930.csv`, `…-2025-09.csv`:
    the 1st of the month), if exactly one."""
    trouvees = {
        date(int(a), int(m), int(j or 1))
        for a, m, j in _DATE_NOM.findall(Path(nom).stem)
        if not re.fullmatch(r"20\d\d", f"{m}{j}")
    }
    return trouvees.pop() if len(trouvees) == 1 else None
