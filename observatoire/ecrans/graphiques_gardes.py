"""A chart drawn from a spec kept once per content of its builder's arguments, with the table of
« Les chiffres du graphique » kept beside it.

`graphiques.figure` keeps the spec, but every rerun then pays twice for a dict of hundreds of
elements walked in Python: the shallow copies memoire hands back (every dict and list of the
spec) and the digest of the whole spec that keys its text alternative (`_chiffres_spec`). Here
the key is the builder's arguments (small frames), the spec is kept pickled (immutable bytes: each
rerun unpacks its own copy in C, numpy arrays included, and no session can touch another's) and
the text alternative is computed once with it."""

from __future__ import annotations

import pickle

from observatoire.base import memoire
from observatoire.ecrans import graphiques


@memoire.pur
def _garde(fonction, args: tuple, avec_chiffres: bool) -> tuple:
    spec = graphiques.figure(fonction, *args)
    chiffres = graphiques._chiffres_spec(spec) if avec_chiffres else False
    return pickle.dumps(spec, protocol=pickle.HIGHEST_PROTOCOL), chiffres


def spec_et_chiffres(fonction, *args, avec_chiffres: bool = True) -> tuple[dict, object]:
    """The spec `graphiques.figure(fonction, *args)` and the table `graphique` would read from it
    (False without `avec_chiffres`: the page draws its own)."""
    spec, chiffres = _garde(fonction, args, avec_chiffres)
    return pickle.loads(spec), chiffres


def graphique(
    fonction,
    args: tuple,
    key: str,
    nom_fichier: str,
    source: str,
    millesime: str,
    perimetre: str,
    chiffres: bool = True,
) -> None:
    """`graphiques.graphique(graphiques.figure(fonction, *args), …, chiffres=chiffres)`: the same
    chart and table (`chiffres=False`: no table, the page draws its own)."""
    spec, chiffres = spec_et_chiffres(fonction, *args, avec_chiffres=chiffres)
    graphiques.graphique(spec, key, nom_fichier, source, millesime, perimetre, chiffres=chiffres)
