"""Compare communes: several communes side by side, a column each (never summed), with the whole
CU, for the catalogue's indicators that exist per commune. No Streamlit here.

The cells are `carte.fiche_communes`'s, i.e. the grid of every commune the map, the fiche and
Objectifs légaux read: a cell « secret statistique » there is « secret statistique » here.
"""

from __future__ import annotations

import pandas as pd

from observatoire.base import memoire
from observatoire.figures import carte
from observatoire.indicateurs import catalogue

# The catalogue's indicators that have a value per commune (the fiche's rows). The others (LLS
# financed, PTZ, contingent, contribution solidaire, occupation) are followed for the CU or per
# landlord, not per commune: the page says so.
COMPARABLES: list[str] = list(carte.INDICATEURS_FICHE)
NON_COMPARABLES = [i.titre for i in catalogue.INDICATEURS.values() if i.cle not in COMPARABLES]
CU = "CU d'Arras"


def indicateurs_demandes(valeurs_url) -> list[str]:
    """The indicators asked for in the URL (?indicateurs=…, older spellings read), in the
    catalogue's order; unknown ones dropped. None asked: an empty list, which the page reads as
    « every indicator » (the multiselect stays short: its placeholder says so)."""
    demandes = set()
    for v in valeurs_url or []:
        try:
            cle = catalogue.indicateur(v).cle
        except KeyError:
            continue
        if cle in COMPARABLES:
            demandes.add(cle)
    return [c for c in COMPARABLES if c in demandes]


@memoire.pur
def tableaux(grille: pd.DataFrame, codes, noms: dict) -> dict[str, pd.DataFrame]:
    """From `carte.fiche_communes` (rows = indicators): three tables with rows = indicators and
    columns = the communes in the filter's order, then the CU:
    - « valeurs »: the value (« secret statistique » when hidden) and the target;
    - « statuts »: the status in words and sign;
    - « details »: numerator ÷ denominator."""
    base = grille.reset_index(drop=True)
    valeurs = pd.DataFrame({"indicateur": base["indicateur"]})
    statuts = valeurs.copy()
    details = valeurs.copy()
    # The target next to the indicator: still on screen when many communes make the table scroll.
    valeurs["cible"] = base["cible"]
    # An indicator without a target says so in words rather than with an empty cell.
    sans_cible = catalogue.libelle(catalogue.SANS_CIBLE)
    for code in codes:
        valeurs[noms[code]] = base[f"valeur_{code}"]
        statuts[noms[code]] = base[f"statut_{code}"].replace("", sans_cible)
        details[noms[code]] = base[f"detail_{code}"]
    valeurs[CU] = base["cu"]
    statuts[CU] = base["statut_cu"].replace("", sans_cible)
    details[CU] = base["cu_detail"]
    return {"valeurs": valeurs, "statuts": statuts, "details": details}
