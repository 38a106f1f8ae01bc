"""A chart drawn from a spec kept once per content of its builder's arguments, with the table of
« Les chiffres du graphique » kept beside it.

`graphiques.figure` keeps the spec, but every rerun then pays twice for a dict of hundreds of
elements walked in Python: the shallow copies memoire hands back (every dict and list of the
spec) and the digest of the whole spec that keys its text alternative (`_chiffres_spec`). Here
the key is the builder's arguments (small frames), the spec is kept as marshal bytes (immutable:
each rerun unpacks its own copy in C, no session can touch another's) and the text alternative
is computed once with it."""

from __future__ import annotations

import marshal

from observatoire.base import memoire
from observatoire.ecrans import graphiques


@memoire.pur
def _garde(fonction, args: tuple) -> tuple:
    spec = graphiques.figure(fonction, *args)
    chiffres = graphiques._chiffres_spec(spec)
    try:
        return marshal.dumps(spec), chiffres
    except ValueError:  # a value marshal does not know (never in the project's specs): memoire copies it
        return spec, chiffres


def spec_et_chiffres(fonction, *args) -> tuple[dict, object]:
    """The spec `graphiques.figure(fonction, *args)` and the table `graphique` would read from it."""
    spec, chiffres = _garde(fonction, args)
    return (marshal.loads(spec) if isinstance(spec, bytes) else spec), chiffres


def graphique(fonction, args: tuple, key: str, nom_fichier: str, source: str, millesime: str, perimetre: str) -> None:
    """`graphiques.graphique(graphiques.figure(fonction, *args), …)`: the same chart and table."""
    spec, chiffres = spec_et_chiffres(fonction, *args)
    graphiques.graphique(spec, key, nom_fichier, source, millesime, perimetre, chiffres=chiffres)
