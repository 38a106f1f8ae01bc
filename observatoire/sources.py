"""Read source files (official extracts and documented templates) into tables of the schema.

Each `lire_*` function takes a CSV path and returns a DataFrame whose columns are exactly the
columns of the target table. Codes stay strings; booleans are True / False / None (None =
« non renseigné »). Errors are `ErreurSource` with a French message naming file, line, column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

# Column names drift between RPLS vintages: older files drop the `_CODE` suffix, 2025 renames
# DEPCOM_CODE back to DEPCOM. We map every known spelling onto one canonical name.
RPLS_SYNONYMES = {
    "DEPCOM_CODE": "DEPCOM",
    "QPV": "QPV_CODE",
    "FINAN": "FINAN_CODE",
    "TYPECONST": "TYPECONST_CODE",
    "NEWLOGT": "NEWLOGT_CODE",
    "LIBCOM": "DEPCOM_LIBELLE",
}

RPLS_OBLIGATOIRES = ["DEPCOM", "QPV_CODE", "FINAN_CODE", "TYPECONST_CODE", "NBPIECE", "SURFHAB"]

# formats.md: 10-11 → PLAI ; 12-13 → PLUS ; 14 → PLS ; HLM before 1977 (50-55, 99) counted with PLUS
FINANCEMENT = {
    "10": "PLAI", "11": "PLAI",
    "12": "PLUS", "13": "PLUS",
    "50": "PLUS", "51": "PLUS", "52": "PLUS", "53": "PLUS", "54": "PLUS", "55": "PLUS", "99": "PLUS",
    "14": "PLS",
}

VRAI = {"oui", "o", "1", "true", "vrai", "x", "y", "yes"}
FAUX = {"non", "n", "0", "false", "faux", "no"}


class ErreurSource(ValueError):
    """A refusal the user reads: file, line/column and what was expected, in French."""


def booleen(serie: pd.Series, fichier: str, colonne: str) -> pd.Series:
    texte = serie.fillna("").astype(str).str.strip().str.lower()
    inconnus = texte[~texte.isin(VRAI | FAUX | {""})]
    if len(inconnus):
        ligne = int(inconnus.index[0]) + 2  # +1 header, +1 one-based
        raise ErreurSource(
            f"{fichier}, ligne {ligne}, colonne « {colonne} » : valeur « {serie.loc[inconnus.index[0]]} » "
            "inattendue ; attendu oui, non ou vide (non renseigné)."
        )
    return texte.map(lambda t: True if t in VRAI else (False if t in FAUX else None)).astype("boolean")


def entier(serie: pd.Series, fichier: str, colonne: str) -> pd.Series:
    texte = serie.fillna("").astype(str).str.strip()
    nombres = pd.to_numeric(texte.where(texte != "", None), errors="coerce")
    mauvais = nombres.isna() & (texte != "")
    if mauvais.any():
        i = mauvais.idxmax()
        raise ErreurSource(
            f"{fichier}, ligne {int(i) + 2}, colonne « {colonne} » : « {serie.loc[i]} » n'est pas un nombre entier."
        )
    return nombres.round().astype("Int64")


def decimal(serie: pd.Series, fichier: str, colonne: str) -> pd.Series:
    texte = serie.fillna("").astype(str).str.strip().str.replace(",", ".", regex=False)
    nombres = pd.to_numeric(texte.where(texte != "", None), errors="coerce")
    mauvais = nombres.isna() & (texte != "")
    if mauvais.any():
        i = mauvais.idxmax()
        raise ErreurSource(
            f"{fichier}, ligne {int(i) + 2}, colonne « {colonne} » : « {serie.loc[i]} » n'est pas un nombre."
        )
    return nombres.astype("Float64")


def lire_csv(chemin: Path, colonnes: list[str] | None = None) -> pd.DataFrame:
    """Every column as text: codes like 62004 or 01053 must never become numbers."""
    try:
        df = pd.read_csv(chemin, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise ErreurSource(f"{Path(chemin).name} : fichier illisible comme CSV UTF-8 séparé par « ; » ({e}).") from e
    if colonnes:
        manquantes = [c for c in colonnes if c not in df.columns]
        if manquantes:
            raise ErreurSource(
                f"{Path(chemin).name} : colonne(s) obligatoire(s) absente(s) : {', '.join(manquantes)}. "
                f"Colonnes attendues : {'; '.join(colonnes)}."
            )
    return df


def lire_rpls(chemin: Path, millesime: int) -> pd.DataFrame:
    nom = Path(chemin).name
    brut = lire_csv(chemin)
    brut = brut.rename(columns={k: v for k, v in RPLS_SYNONYMES.items() if k in brut.columns})
    manquantes = [c for c in RPLS_OBLIGATOIRES if c not in brut.columns]
    if manquantes:
        raise ErreurSource(f"{nom} : colonne(s) RPLS absente(s) : {', '.join(manquantes)}.")

    def col(c):
        return brut[c] if c in brut.columns else pd.Series([""] * len(brut), index=brut.index)

    def texte_ou_nul(c):
        s = col(c).astype(str).str.strip()
        return s.where(s != "", None)

    finan = col("FINAN_CODE").astype(str).str.strip()
    qpv = col("QPV_CODE").astype(str).str.strip()
    loyer = decimal(col("LOYERPRINC"), nom, "LOYERPRINC")
    bail = pd.to_datetime(col("BAIL"), format="%m/%Y", errors="coerce")
    newlogt = col("NEWLOGT_CODE").astype(str).str.strip()
    return pd.DataFrame(
        {
            "millesime": millesime,
            "code_insee": col("DEPCOM").astype(str).str.strip().str.zfill(5),
            "id_logement": texte_ou_nul("id_logement"),
            "bailleur": texte_ou_nul("RS"),
            "en_qpv": qpv.map({"1": True, "2": False}).astype("boolean"),
            "code_qpv_2024": texte_ou_nul("PLG_QP24"),
            "code_qpv_2015": texte_ou_nul("PLG_QP15"),
            "finan_code": finan.where(finan != "", None),
            "financement": finan.map(FINANCEMENT).fillna("Autre"),
            "type_construction": texte_ou_nul("TYPECONST_CODE"),
            "nb_pieces": entier(col("NBPIECE"), nom, "NBPIECE"),
            "surface_habitable": decimal(col("SURFHAB"), nom, "SURFHAB"),
            "annee_construction": entier(col("CONSTRUCT"), nom, "CONSTRUCT"),
            "annee_premiere_location": entier(col("LOCAT"), nom, "LOCAT"),
            "nouveau_logement": newlogt.map({"1": True, "2": False}).astype("boolean"),
            "dpe_energie": texte_ou_nul("DPEENERGIE"),
            "dpe_ges": texte_ou_nul("DPESERRE"),
            "mode_occupation": entier(col("MODE"), nom, "MODE"),
            "date_bail": bail.dt.date,
            "loyer_principal": loyer.where(loyer != 9999),
            "contingent": entier(col("CONTRESLOG"), nom, "CONTRESLOG"),
            "duree_vacance": entier(col("duree_vacance"), nom, "duree_vacance"),
        }
    )


ATTRIBUTIONS_COLONNES = [
    "annee", "date_attribution", "code_insee", "bailleur", "reservataire", "en_qpv", "code_qpv",
    "geographie_qpv", "premier_quartile", "ressources_uc", "prioritaire", "relogement_anru",
    "bail_signe", "refus", "mutation", "contingent_communautaire",
]
ATTRIBUTIONS_BOOLEENS = [
    "en_qpv", "premier_quartile", "prioritaire", "relogement_anru", "bail_signe", "refus",
    "mutation", "contingent_communautaire",
]


def lire_attributions(chemin: Path) -> pd.DataFrame:
    nom = Path(chemin).name
    brut = lire_csv(chemin, ATTRIBUTIONS_COLONNES)
    df = pd.DataFrame(
        {
            "annee": entier(brut["annee"], nom, "annee"),
            "date_attribution": pd.to_datetime(brut["date_attribution"], format="%Y-%m-%d", errors="coerce").dt.date,
            "code_insee": brut["code_insee"].str.strip().str.zfill(5),
            "bailleur": brut["bailleur"].where(brut["bailleur"] != "", None),
            "reservataire": brut["reservataire"].where(brut["reservataire"] != "", None),
            "code_qpv": brut["code_qpv"].where(brut["code_qpv"] != "", None),
            "geographie_qpv": entier(brut["geographie_qpv"], nom, "geographie_qpv"),
            "ressources_uc": decimal(brut["ressources_uc"], nom, "ressources_uc"),
        }
    )
    for b in ATTRIBUTIONS_BOOLEENS:
        df[b] = booleen(brut[b], nom, b)
    return df[ATTRIBUTIONS_COLONNES]


OPS_COLONNES = [
    "annee", "code_insee", "en_qpv", "menages", "menages_ress_moins_20", "menages_ress_20_40",
    "menages_ress_40_60", "menages_ress_60_100", "menages_ress_plus_100", "menages_apl",
    "personnes_seules", "familles_monoparentales", "couples_sans_enfant", "couples_avec_enfants",
    "grandes_familles", "titulaires_moins_30", "titulaires_65_plus", "emmenages_recents",
]


def lire_ops(chemin: Path) -> pd.DataFrame:
    nom = Path(chemin).name
    brut = lire_csv(chemin, OPS_COLONNES)
    df = pd.DataFrame({"code_insee": brut["code_insee"].str.strip().str.zfill(5)})
    df["en_qpv"] = booleen(brut["en_qpv"], nom, "en_qpv")
    for c in OPS_COLONNES:
        if c not in ("code_insee", "en_qpv"):
            df[c] = entier(brut[c], nom, c)
    return df[OPS_COLONNES]


PRODUCTION_COLONNES = ["annee", "code_insee", "indicateur", "valeur", "source"]
PRODUCTION_INDICATEURS = {
    "logements_autorises", "logements_commences", "lls_plus", "lls_plai", "lls_pls",
    "ptz_neuf", "ventes_hlm", "accession_ancien", "demolitions",
}


def lire_production(chemin: Path) -> pd.DataFrame:
    nom = Path(chemin).name
    brut = lire_csv(chemin, PRODUCTION_COLONNES)
    inconnus = brut[~brut["indicateur"].isin(PRODUCTION_INDICATEURS)]
    if len(inconnus):
        i = inconnus.index[0]
        raise ErreurSource(
            f"{nom}, ligne {int(i) + 2}, colonne « indicateur » : « {brut.loc[i, 'indicateur']} » inconnu ; "
            f"attendu l'un de : {', '.join(sorted(PRODUCTION_INDICATEURS))}."
        )
    return pd.DataFrame(
        {
            "annee": entier(brut["annee"], nom, "annee"),
            "code_insee": brut["code_insee"].str.strip().str.zfill(5),
            "indicateur": brut["indicateur"],
            "valeur": entier(brut["valeur"], nom, "valeur"),
            "source": brut["source"],
        }
    )


def lire_objectifs_communes(chemin: Path, demo: bool) -> pd.DataFrame:
    nom = Path(chemin).name
    brut = lire_csv(chemin, ["plh", "code_insee", "indicateur", "objectif_annuel", "objectif_periode"])
    return pd.DataFrame(
        {
            "plh": brut["plh"],
            "code_insee": brut["code_insee"].str.strip().str.zfill(5),
            "indicateur": brut["indicateur"],
            "objectif_annuel": decimal(brut["objectif_annuel"], nom, "objectif_annuel"),
            "objectif_periode": decimal(brut["objectif_periode"], nom, "objectif_periode"),
            "demo": demo,
            "source": "démo (objectifs communaux inventés)" if demo else nom,
        }
    )


def lire_seuils(chemin: Path, demo: bool) -> pd.DataFrame:
    nom = Path(chemin).name
    brut = lire_csv(chemin, ["annee", "seuil_euros_uc"])
    return pd.DataFrame(
        {
            "annee": entier(brut["annee"], nom, "annee"),
            "seuil_euros_uc": decimal(brut["seuil_euros_uc"], nom, "seuil_euros_uc"),
            "demo": demo,
        }
    )


CONTINGENT_FLUX_COLONNES = [
    "annee", "bailleur", "mises_en_location", "premieres_mises_en_location", "mutations_internes",
    "relogements_npnru_internes", "relogements_lhi", "relogements_ventes",
]


def lire_contingent_flux(chemin: Path, demo: bool) -> pd.DataFrame:
    nom = Path(chemin).name
    brut = lire_csv(chemin, CONTINGENT_FLUX_COLONNES)
    df = pd.DataFrame({"bailleur": brut["bailleur"]})
    for c in CONTINGENT_FLUX_COLONNES:
        if c != "bailleur":
            df[c] = entier(brut[c], nom, c)
    df["demo"] = demo
    return df[CONTINGENT_FLUX_COLONNES + ["demo"]]
