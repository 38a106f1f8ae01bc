"""Statistical confidentiality (secret statistique), applied before data reach the page.

Rule (GIP SNE, objectifs-et-regles.md §5): no figure about a group of fewer than `seuil`
households (default 11) is shown below CUA level. Hiding one small cell is not enough when its
total and the other cells of that total are shown: the value comes back by subtraction. So
every *additive group* (cells whose sum is shown) that contains exactly one hidden cell gets a
second, complementary cell hidden: the smallest non-zero visible one (a zero if nothing else). We repeat until no group
has a lone hidden cell, since a complementary cell can create a lone cell in another group.

Zero is shown: it describes nobody. The page formats hidden cells as « secret statistique »,
never as 0 (see `libelle`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

import pandas as pd

SEUIL_PAR_DEFAUT = 11
VARIABLE_SEUIL = "OBSERVATOIRE_SEUIL_SECRET"  # configurable threshold (environment variable)
SECRET = "secret statistique"
PHRASE = (
    "Secret statistique : les effectifs de moins de {seuil} ménages ne sont pas affichés, ni les "
    "cases qui permettraient de les retrouver par soustraction."
)


def seuil_en_vigueur() -> int:
    """The threshold in force: OBSERVATOIRE_SEUIL_SECRET if set to an integer ≥ 1, else 11."""
    texte = os.environ.get(VARIABLE_SEUIL, "").strip()
    try:
        valeur = int(texte)
    except ValueError:
        return SEUIL_PAR_DEFAUT
    return valeur if valeur >= 1 else SEUIL_PAR_DEFAUT


def a_masquer(valeurs: pd.Series, seuil: int = SEUIL_PAR_DEFAUT) -> pd.Series:
    v = pd.to_numeric(valeurs, errors="coerce")
    return (v > 0) & (v < seuil)


def masquer(
    df: pd.DataFrame,
    colonnes: Sequence[str],
    seuil: int = SEUIL_PAR_DEFAUT,
    totaux_colonnes: bool = True,
    totaux_lignes: Iterable[Sequence[str]] = (),
    colonnes_liees: dict[str, Sequence[str]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hide small counts and their complements.

    - `colonnes`: the count columns checked against the threshold (primary suppression).
    - `totaux_colonnes`: a total of each column over the rows is shown (e.g. a CUA line), so each
      column is an additive group.
    - `totaux_lignes`: groups of columns whose sum is shown on the same row (e.g. en QPV + hors
      QPV = ensemble); each such group on each row is an additive group.
    - `colonnes_liees`: columns hidden together with a count (e.g. a rate computed on it):
      {"menages": ["part_apl", "menages_apl"]}.

    Returns (values with hidden cells set to <NA>, boolean mask of hidden cells).
    """
    masque = pd.DataFrame(False, index=df.index, columns=df.columns)
    for c in colonnes:
        masque[c] = a_masquer(df[c], seuil)

    groupes: list[list[tuple[object, str]]] = []
    if totaux_colonnes and len(df) > 1:
        for c in colonnes:
            groupes.append([(i, c) for i in df.index])
    for groupe in totaux_lignes:
        for i in df.index:
            groupes.append([(i, c) for c in groupe])

    change = True
    while change:
        change = False
        for groupe in groupes:
            caches = [cell for cell in groupe if masque.at[cell]]
            if len(caches) != 1:
                continue
            candidats = [cell for cell in groupe if not masque.at[cell] and pd.notna(df.at[cell])]
            if not candidats:
                continue  # a one-cell group: its total must not be shown either (caller's job)
            # Smallest non-zero first (least information lost); a zero only as a last resort,
            # since a hidden zero still leaves the reader two unknowns.
            plus_petit = min(candidats, key=lambda cell: (df.at[cell] == 0, df.at[cell], str(cell[0]), cell[1]))
            masque.at[plus_petit] = True
            change = True

    for source, liees in (colonnes_liees or {}).items():
        for c in liees:
            masque[c] = masque[c] | masque[source]

    valeurs = df.copy()
    for c in df.columns:
        if masque[c].any():
            valeurs[c] = valeurs[c].astype("object").where(~masque[c], pd.NA)
    return valeurs, masque


def libelle(valeurs: pd.DataFrame, masque: pd.DataFrame, formateur=str) -> pd.DataFrame:
    """Text version for display and export: hidden cells read « secret statistique »."""
    sortie = valeurs.copy().astype("object")
    for c in valeurs.columns:
        sortie[c] = [SECRET if m else formateur(v) for v, m in zip(valeurs[c], masque[c])]
    return sortie
