"""The name of the territory a figure covers, said the same way on every screen and export.

« Arras » · « 3 communes : Arras, Achicourt, Beaurains » · « Communauté Urbaine d'Arras
(46 communes) ». A selection of several communes is never shown under the name of the first
one, nor under the CU's name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

NOM_CU = "Communauté Urbaine d'Arras"
NB_COMMUNES_CU = 46


def nom_territoire(
    communes: Iterable[str],
    noms: Mapping[str, str] | None = None,
    *,
    nb_communes_cu: int | None = None,
    max_noms: int | None = None,
) -> str:
    """`communes`: INSEE codes chosen (empty = the whole CU); `noms`: code → name. With
    `max_noms`, a long list is cut after that many names (« … et 9 autres ») — for titles;
    exports give the full list."""
    noms = noms or {}
    codes = list(dict.fromkeys(communes))
    total = nb_communes_cu or (len(noms) if len(noms) >= NB_COMMUNES_CU else NB_COMMUNES_CU)
    if not codes or len(codes) >= total:
        return f"{NOM_CU} ({total} communes)"
    libelles = [noms.get(c, c) for c in codes]
    if len(libelles) == 1:
        return libelles[0]
    if max_noms is not None and len(libelles) > max_noms:
        reste = len(libelles) - max_noms
        liste = ", ".join(libelles[:max_noms]) + f" et {reste} autre{'s' if reste > 1 else ''}"
    else:
        liste = ", ".join(libelles)
    return f"{len(libelles)} communes : {liste}"


def noms_bailleurs(bailleurs: Iterable[str]) -> str:
    """« tous bailleurs » · « bailleur : X » · « 2 bailleurs : X, Y » (every name, for exports)."""
    liste = list(dict.fromkeys(bailleurs))
    if not liste:
        return "tous bailleurs"
    if len(liste) == 1:
        return f"bailleur : {liste[0]}"
    return f"{len(liste)} bailleurs : {', '.join(liste)}"
