"""A chart drawn from a spec kept once per content of its builder's arguments, with the table of
« Les chiffres du graphique » kept beside it.

`graphiques.figure` keeps the spec, but every rerun then pays twice for a dict of hundreds of
elements walked in Python: the shallow copies memoire hands back (every dict and list of the
spec) and the digest of the whole spec that keys its text alternative (`_chiffres_spec`); and a
new period pays for the figure built twice (the spec, then a Figure rebuilt from it for the
table). Here the key is the builder's arguments (small frames), the figure is built once for
both, the spec is kept pickled (immutable bytes: each rerun unpacks its own copy in C, numpy
arrays included, and no session can touch another's)."""

from __future__ import annotations

import pickle

from observatoire.base import memoire
from observatoire.ecrans import graphiques

# Where « Les chiffres du graphique » are read, as `graphiques.graphique` read them for what the page
# handed it: the plotly Figure itself (« figure »), or the escaped spec of `graphiques.figure`
# (« spec »: a Figure is rebuilt from it, the costlier way); « » for none (the page draws its own).
DE_LA_FIGURE, DE_LA_SPEC, SANS = "figure", "spec", ""


@memoire.pur
def _garde(fonction, args: tuple, chiffres: str) -> tuple:
    from observatoire.figures.exports import echapper_figure

    fig = fonction(*args)
    spec = graphiques._sans_vides(echapper_figure(fig.to_dict()))  # what graphiques.figure keeps
    if chiffres == DE_LA_FIGURE:
        table = graphiques._chiffres_de_figure(fig)
    elif chiffres == DE_LA_SPEC:
        table = graphiques._chiffres_spec.sans_memoire(spec)
    else:
        table = False
    return pickle.dumps(spec, protocol=pickle.HIGHEST_PROTOCOL), table


def spec_et_chiffres(fonction, *args, chiffres: str = DE_LA_FIGURE) -> tuple[dict, object]:
    """The spec `graphiques.figure(fonction, *args)` and the table `graphique` reads for it."""
    spec, table = _garde(fonction, args, chiffres)
    return pickle.loads(spec), table


def graphique(
    fonction,
    args: tuple,
    key: str,
    nom_fichier: str,
    source: str,
    millesime: str,
    perimetre: str,
    chiffres: str = DE_LA_FIGURE,
) -> None:
    """`graphiques.graphique(fonction(*args), …)` (`chiffres` « figure »), or
    `graphiques.graphique(graphiques.figure(fonction, *args), …)` (« spec »; « » with
    chiffres=False): the same chart, the same table."""
    spec, table = spec_et_chiffres(fonction, *args, chiffres=chiffres)
    graphiques.graphique(spec, key, nom_fichier, source, millesime, perimetre, chiffres=table)
