"""Reading an xlsx sheet as text: size check, formulas without a value, header row search."""

from __future__ import annotations

from pathlib import Path

from observatoire.chargement.types_de_fichier import (
    ErreurImport,
)


def refuser_formules_sans_valeur(chemin: Path, nom: str, feuille: str) -> None:
    """A workbook cell holding a formula whose result was never computed (a file written by a
    program, not saved by Excel or LibreOffice) would read as empty: refuse it, naming the cell."""
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
