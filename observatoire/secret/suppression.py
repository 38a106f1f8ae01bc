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

import numpy as np
import pandas as pd

from observatoire.base import memoire

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
    return ((v > 0) & (v < seuil)).fillna(False).astype(bool)  # a missing count is not a small one


@memoire.pur
def masquer(
    df: pd.DataFrame,
    colonnes: Sequence[str],
    seuil: int = SEUIL_PAR_DEFAUT,
    totaux_colonnes: bool = True,
    totaux_lignes: Iterable[Sequence[str]] = (),
    colonnes_liees: dict[str, Sequence[str]] | None = None,
    couples: Sequence[tuple[str, str]] = (),
    primaires: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hide small counts and their complements.

    - `colonnes`: the count columns checked against the threshold (primary suppression).
    - `totaux_colonnes`: a total of each column over the rows is shown (e.g. a CUA line), so each
      column is an additive group.
    - `totaux_lignes`: groups of columns whose sum is shown on the same row (e.g. en QPV + hors
      QPV = ensemble); each such group on each row is an additive group.
    - `colonnes_liees`: columns hidden together with a count (e.g. a rate computed on it):
      {"menages": ["part_apl", "menages_apl"]}.
    - `couples`: (numerator, denominator) pairs of a rate. The rate is one cell: numerator and
      denominator are hidden together, and it is hidden when the numerator, the denominator or
      the complement (denominator − numerator) is a small count — « 11 / 16 » would give the 5
      others back.
    - `primaires`: cells to hide from the start for a reason the table cannot see (same index,
      some of the columns), e.g. a landlord's cell whose other landlords' count is small: the
      commune's all-landlords figure minus it would give them back.

    Returns (values with hidden cells set to <NA>, boolean mask of hidden cells).
    """
    colonnes_df = list(df.columns)
    position = {c: j for j, c in enumerate(colonnes_df)}
    # On numpy arrays, columns read once: cell-by-cell `.at` access made a 35 000-row table take
    # minutes, and each pandas column operation on a table indexed by (code_insee, commune)
    # copied its MultiIndex (most of a grid's 50-200 ms).
    plat = df.set_axis(pd.RangeIndex(len(df)), axis=0)
    nombres: dict[str, np.ndarray] = {}

    def nombre(c: str) -> np.ndarray:
        if c not in nombres:
            nombres[c] = _nombres(plat.iloc[:, position[c]])
        return nombres[c]

    caches = np.zeros((len(df), len(colonnes_df)), dtype=bool)
    for c in colonnes:
        caches[:, position[c]] = _petits(nombre(c), seuil)
    if primaires is not None:
        meme_index = primaires.index.equals(df.index)
        for c in primaires.columns:
            p = primaires[c] if meme_index else primaires[c].reindex(df.index)
            if p.dtype != bool:
                p = p.fillna(False)
            caches[:, position[c]] |= p.to_numpy(dtype=bool)
    paires = [(position[n], position[d]) for n, d in couples]
    for (n, d), (cn, cd) in zip(couples, paires):
        petit = _petits(nombre(d) - nombre(n), seuil)
        caches[:, cn] |= petit
        caches[:, cd] |= petit

    def coupler() -> None:
        for cn, cd in paires:
            ensemble = caches[:, cn] | caches[:, cd]
            caches[:, cn] = ensemble
            caches[:, cd] = ensemble

    coupler()
    presentes = plat.notna().to_numpy()
    valeurs_num = np.full(caches.shape, np.nan)
    for c in set(colonnes) | {c for g in totaux_lignes for c in g}:
        valeurs_num[:, position[c]] = nombre(c)
    etiquettes = [str(i) for i in df.index]

    # An additive group: (row positions, column positions) of its cells, in the order they are read.
    groupes: list[tuple[np.ndarray, np.ndarray]] = []
    lignes = np.arange(len(df))
    if totaux_colonnes and len(df) > 1:
        for c in colonnes:
            groupes.append((lignes, np.full(len(df), position[c])))
    for groupe in totaux_lignes:
        cols = np.array([position[c] for c in groupe])
        for i in lignes:
            groupes.append((np.full(len(cols), i), cols))

    change = True
    while change:
        change = False
        for r, c in groupes:
            if np.count_nonzero(caches[r, c]) != 1:
                continue
            candidats = np.flatnonzero(~caches[r, c] & presentes[r, c])
            if candidats.size == 0:
                continue  # a one-cell group: its total must not be shown either (caller's job)
            # Smallest non-zero first (least information lost); a zero only as a last resort,
            # since a hidden zero still leaves the reader two unknowns. Ties: row label, column.
            v = valeurs_num[r[candidats], c[candidats]]
            zero = v == 0
            cle = np.where(zero, np.inf, v) if (~zero).any() else v
            egaux = candidats[cle == np.nanmin(cle)] if not np.isnan(cle).all() else candidats
            k = min(egaux, key=lambda k: (etiquettes[r[k]], colonnes_df[c[k]]))
            caches[r[k], c[k]] = True
            coupler()
            change = True

    for source, liees in (colonnes_liees or {}).items():
        for c in liees:
            caches[:, position[c]] |= caches[:, position[source]]
    masque = pd.DataFrame(caches, index=df.index, columns=df.columns)

    valeurs = df.copy()
    for j in np.flatnonzero(caches.any(axis=0)):
        objets = plat.iloc[:, j].astype("object").to_numpy(copy=True)
        objets[caches[:, j]] = pd.NA
        valeurs.isetitem(j, objets)
    return valeurs, masque


def _nombres(serie: pd.Series) -> np.ndarray:
    """The column as floats, NaN for a missing or non-numeric cell (pd.to_numeric, coerce)."""
    if pd.api.types.is_numeric_dtype(serie.dtype):
        return serie.to_numpy(dtype=float, na_value=np.nan)
    return pd.to_numeric(serie, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _petits(v: np.ndarray, seuil: int) -> np.ndarray:
    """Small counts: 0 < v < seuil (NaN, a missing count, is not a small one)."""
    with np.errstate(invalid="ignore"):
        return (v > 0) & (v < seuil)


def libelle(valeurs: pd.DataFrame, masque: pd.DataFrame, formateur=str) -> pd.DataFrame:
    """Text version for display and export: hidden cells read « secret statistique »."""
    sortie = valeurs.copy().astype("object")
    for c in valeurs.columns:
        sortie[c] = [SECRET if m else formateur(v) for v, m in zip(valeurs[c], masque[c])]
    return sortie


def selection_publiable(
    masque_grille: pd.DataFrame, communes: Sequence[str], colonnes: Sequence[str] | None = None
) -> bool:
    """May a selection's total of a restricted source be shown?

    `masque_grille` is the mask of the per-commune table computed on every commune (index: INSEE
    codes). The whole CU (no commune selected) is the published margin: yes. A selection is
    otherwise shown only when none of its communes has a hidden cell in `colonnes`: its total is
    then the sum of visible cells and tells nothing new. If one commune is hidden, the selection
    minus the visible others (or the CU minus the selection's complement) would give it back."""
    if not communes:
        return True
    cols = list(colonnes) if colonnes is not None else list(masque_grille.columns)
    dans = masque_grille.index.intersection(list(communes))
    if not len(dans) or not cols:
        return True
    return not bool(masque_grille.loc[dans, cols].to_numpy().any())


POURQUOI_SELECTION = (
    "Secret statistique : le total de cette sélection n'est pas affiché, car au moins une de ses communes a un "
    "effectif masqué ; la sélection moins les autres communes le ferait réapparaître. Le chiffre de toute la CU "
    "est affiché."
)
