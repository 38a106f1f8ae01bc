"""The Données page's provenance tables: what is loaded, every file loaded with its SHA-256, the
published files recognised. Pure functions of query results (no Streamlit); `libelle_jeu` is the
screens' name of a dataset (cadre.libelle_jeu), passed in."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

COLONNES_JEUX = {
    "libelle": "Jeu de données",
    "jeu": "Code",
    "statut": "Statut",
    "millesimes": "Millésimes",
    "fichiers": "Fichiers",
    "lignes": "Lignes chargées",
    "dernier_import": "Dernier chargement",
}
COLONNES_PROVENANCE = {
    "jeu": "Jeu",
    "millesime": "Millésime",
    "fichier": "Fichier",
    "statut": "Statut",
    "lignes_lues": "Lues",
    "lignes_chargees": "Chargées",
    "lignes_rejetees": "Rejetées",
    "importe_le": "Chargé le",
    "sha256": "SHA-256",
}
COLONNES_RECONNUS = {
    "jeu": "Jeu",
    "millesime": "Millésime",
    "fichier": "Fichier",
    "disposition": "Disposition reconnue",
    "nature": "Fichier RPLS",
    "date_diffusion": "Date de diffusion",
    "detail": "Précision",
    "importe_le": "Chargé le",
}
STATUTS = {True: "démo", False: "réel"}
NATURES = {"public": "public", "loi": "« version loi » (restreint)"}


def date_chargement(valeurs: pd.Series) -> pd.Series:
    """A load time as French text (« 22/11/2026 10:04 »), the same on screen and in the exports."""
    return pd.to_datetime(valeurs).dt.strftime("%d/%m/%Y %H:%M").fillna("–")


def _millesime(m) -> str:
    return "–" if pd.isna(m) else str(int(m))


def table_jeux(jeux: pd.DataFrame, libelle_jeu: Callable[[str], str]) -> pd.DataFrame:
    """Query `jeux_charges` as shown: one row per dataset, demo or real, vintages, files, rows."""
    t = jeux.assign(
        statut=jeux["demo"].map(STATUTS),
        millesimes=jeux["millesimes"].fillna("–"),  # a reference file has no vintage
        libelle=jeux["jeu"].map(libelle_jeu),
        dernier_import=date_chargement(jeux["dernier_import"]),
        lignes=jeux["lignes"].astype("Int64"),  # a DuckDB sum arrives as a float
    )
    return t[list(COLONNES_JEUX)].rename(columns=COLONNES_JEUX)


def table_provenance(prov: pd.DataFrame, libelle_jeu: Callable[[str], str]) -> pd.DataFrame:
    """Query `imports_provenance` as shown: every file loaded, its counts and its SHA-256."""
    t = prov.assign(
        statut=prov["demo"].map(STATUTS),
        jeu=prov["jeu"].map(libelle_jeu),
        millesime=prov["millesime"].map(_millesime),
        importe_le=date_chargement(prov["importe_le"]),
    )
    return t[list(COLONNES_PROVENANCE)].rename(columns=COLONNES_PROVENANCE)


def table_fichiers_reconnus(
    reconnus: pd.DataFrame, libelle_jeu: Callable[[str], str], libelles_dispositions: dict[str, str]
) -> pd.DataFrame:
    """Query `imports_fichiers` as shown: the published layout recognised, the RPLS file's nature
    and the delivery date (an unknown layout code is shown as it is)."""
    t = reconnus.assign(
        jeu=reconnus["jeu"].map(libelle_jeu),
        millesime=reconnus["millesime"].map(_millesime),
        disposition=reconnus["disposition"].map(lambda d: libelles_dispositions.get(d, d)),
        nature=reconnus["nature"].map(NATURES).fillna("–"),
        date_diffusion=pd.to_datetime(reconnus["date_diffusion"]).dt.strftime("%d/%m/%Y").fillna("–"),
        detail=reconnus["detail"].fillna(""),
        importe_le=date_chargement(reconnus["importe_le"]),
    )
    return t[list(COLONNES_RECONNUS)].rename(columns=COLONNES_RECONNUS)


def millesimes_publics(table_reconnus: pd.DataFrame) -> list[str]:
    """The RPLS vintages loaded from the public file (no vacancy, mobility nor rent for them)."""
    return sorted(table_reconnus.loc[table_reconnus["Fichier RPLS"] == "public", "Millésime"].unique())
