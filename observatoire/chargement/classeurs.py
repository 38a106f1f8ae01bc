"""Reading an xlsx sheet as text: size check, formulas without a value, header row search."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from observatoire.chargement.lecture import CLASSEUR_MAX_MO, verifier_zip
from observatoire.chargement.types_de_fichier import ErreurImport

LIGNES_AVANT_ENTETE = 30  # a published workbook puts a title and notes above its table


def refuser_formules_sans_valeur(chemin: Path, nom: str, feuille: str) -> None:
    """A workbook cell holding a formula whose result was never computed (a file written by a
    program, not saved by Excel or LibreOffice) would read as empty: refuse it, naming the cell."""
    # openpyxl costs ~0.7 s to import: loaded here, only CSV imports and the app's start skip it
    from openpyxl import load_workbook

    formules = load_workbook(chemin, read_only=True, data_only=False)
    valeurs = load_workbook(chemin, read_only=True, data_only=True)
    try:
        for ligne_f, ligne_v in zip(formules[feuille].iter_rows(), valeurs[feuille].iter_rows()):
            for cf, cv in zip(ligne_f, ligne_v):
                f = getattr(cf, "value", None)
                if isinstance(f, str) and f.startswith("=") and getattr(cv, "value", None) is None:
                    raise ErreurImport(
                        f"{nom}, feuille « {feuille} », cellule {cf.coordinate} : formule « {f[:60]} » sans valeur "
                        "calculée (le classeur n'a pas été enregistré par un tableur) ; attendu des valeurs. Ouvrez le "
                        "classeur dans Excel ou LibreOffice, enregistrez-le, puis importez-le de nouveau."
                    )
    finally:
        formules.close()
        valeurs.close()


def ouvrir_classeur(chemin: Path, nom: str, illisible: str) -> pd.ExcelFile:
    """The workbook, once its decompressed size is checked. `illisible`: what follows the file
    name in the refusal when openpyxl cannot read it (« : classeur Excel illisible »)."""
    verifier_zip(chemin, nom, CLASSEUR_MAX_MO * 1_000_000, "le classeur")
    try:
        return pd.ExcelFile(chemin, engine="openpyxl")
    except Exception as e:
        raise ErreurImport(f"{nom}{illisible} ({e}).") from e


def tableau_de_feuille(
    classeur: pd.ExcelFile,
    chemin: Path,
    nom: str,
    feuille: str,
    est_entete: Callable[[pd.Series], bool],
    defaut: int | None = None,
) -> tuple[pd.DataFrame, int] | None:
    """A sheet as text under its header row: the first of the first rows where `est_entete`
    holds, else `defaut` (None: no table found). Columns without a name are dropped. Returns the
    table and the header's row index (0 for the sheet's first row)."""
    refuser_formules_sans_valeur(chemin, nom, feuille)
    brut = classeur.parse(feuille, header=None, dtype=str).fillna("")
    ligne = next((i for i in range(min(len(brut), LIGNES_AVANT_ENTETE)) if est_entete(brut.iloc[i])), defaut)
    if ligne is None:
        return None
    df = brut.iloc[ligne + 1 :].reset_index(drop=True)
    df.columns = [str(v).strip() for v in brut.iloc[ligne]]
    return df.loc[:, [c != "" for c in df.columns]], ligne
