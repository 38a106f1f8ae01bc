"""Results of the pages' pure computations, kept in memory and keyed by the content of their
arguments.

A page view with new filters recomputes grids that do not depend on those filters: the
secondary suppression on every commune (`secret.masquer`), the map's indicator per commune, the
OPS grid of a survey year. They depend only on the rows the named queries returned and on a few
scalars (threshold, year, indicator). `@pur` keys a function's result on a digest of every
argument: a DataFrame by its columns, dtypes, index and cell values
(raw bytes of numeric columns, repr of the others), a scalar by its type and repr, containers and dataclasses
element by element. Same inputs, same result, whatever session, filter or base version they came
from: after an import the queries return other rows, hence other keys; nothing has to be
invalidated, and nothing outside the arguments may decide the result (no environment variable,
no database read, no clock inside a function marked `@pur`).

Two things outside the arguments are part of every key, because functions read them when an
argument is left at None: the current year (a year's status turns from « en avance » to
« atteint » on 1 January: catalogue.periode_close) and the threshold of the secret set in the
environment (secret.seuil_en_vigueur). A function that reads the day of the year (the contingent's
pace) must not be marked.

An argument the digest does not know (an open connection, a function…) makes the call run
without memory. Results are shared between sessions: each caller gets shallow copies of the
DataFrames and Series (under pandas' copy-on-write, a caller that modifies its copy never
touches the kept one), so callers need not treat them as read-only.

The digest costs well under a millisecond for the CU's frames, against 5 to 200 ms for the functions marked.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import os
import threading
from collections import OrderedDict

import numpy as np
import pandas as pd
import pyarrow as pa

ABSENT = object()


class Reserve:
    """Results kept under a key, shared by every session of the process, at most `taille`, the
    least recently read dropped first. `pur` below keeps its results in one; secret/valeurs and
    the Fiche commune's parts (ecrans/commune) in their own."""

    def __init__(self, taille: int):
        self.taille = taille
        self._resultats: OrderedDict = OrderedDict()
        self._verrou = threading.Lock()

    def lire(self, cle):
        """The result kept under `cle`, or ABSENT."""
        with self._verrou:
            resultat = self._resultats.get(cle, ABSENT)
            if resultat is not ABSENT:
                self._resultats.move_to_end(cle)
            return resultat

    def garder(self, cle, resultat) -> None:
        with self._verrou:
            self._resultats[cle] = resultat
            while len(self._resultats) > self.taille:
                self._resultats.popitem(last=False)

    def obtenir(self, cle, calcul):
        """The result kept under `cle`, or `calcul()` kept there."""
        resultat = self.lire(cle)
        if resultat is ABSENT:
            resultat = calcul()
            self.garder(cle, resultat)
        return resultat

    def vider(self) -> None:
        with self._verrou:
            self._resultats.clear()

    def __len__(self) -> int:
        return len(self._resultats)


_reserve = Reserve(4000)  # a few MB for the CU
compteurs = {"retrouves": 0, "calcules": 0, "sans_memoire": 0}


class _Inconnu(Exception):
    """An argument the digest cannot describe: the call runs without memory."""


_SCALAIRES = (str, int, float, bool, bytes, type(None), np.generic)


def _tableau(h, valeurs) -> None:
    """A column's cells: the raw bytes of a numeric numpy array, the repr of anything else (repr
    tells 1 from "1" and from 1.0, None from NA and NaN, and gives floats exactly)."""
    fleche = getattr(valeurs, "_pa_array", None)
    if fleche is not None and (pa.types.is_string(fleche.type) or pa.types.is_large_string(fleche.type)):
        # pandas' strings (pyarrow): their buffers, not a list of Python strings (most of a grid's
        # digest). Offset and length with the buffers decide the content; the same strings held in
        # other buffers get another key, a computation once more, never a wrong result.
        h.update(f"\x01PA{fleche.type}:{len(fleche)}:{fleche.num_chunks}".encode())
        for morceau in fleche.chunks:
            h.update(f"{morceau.offset}:{len(morceau)}".encode())
            for tampon in morceau.buffers():
                if tampon is None:
                    h.update(b"\x00")
                else:
                    h.update(f"\x01{tampon.size}:".encode())
                    h.update(tampon)
        return
    a = valeurs if isinstance(valeurs, np.ndarray) else np.asarray(valeurs, dtype=object)
    if a.dtype.kind in "biufcmM":
        h.update(a.dtype.str.encode())
        h.update(np.ascontiguousarray(a).tobytes())
    else:
        h.update(repr(a.tolist()).encode())


def _cellules(x: pd.Index | pd.Series):
    """The cells of an index or a Series: pyarrow strings stay in pyarrow, the rest as numpy."""
    tableau = None if isinstance(x, pd.MultiIndex) else x.array
    return tableau if hasattr(tableau, "_pa_array") else x.to_numpy()


def _nourrir(h, x) -> None:
    if isinstance(x, pd.DataFrame):
        h.update(b"\x01DF")
        h.update(repr((list(map(str, x.columns)), [str(t) for t in x.dtypes], x.shape, list(x.index.names))).encode())
        _tableau(h, _cellules(x.index))
        blocs = getattr(getattr(x, "_mgr", None), "blocks", None)
        if blocs is None:
            for _, colonne in x.items():
                _tableau(h, colonne.to_numpy())
            return
        # pandas' blocks (the columns of one dtype, held together): a Series per column would
        # cost more than its hash. Two equal frames stored in other blocks get two keys: a
        # computation once more, never a wrong result.
        for bloc in blocs:
            h.update(
                repr((bloc.mgr_locs.as_array.tolist(), repr(bloc.dtype), bloc.shape)).encode()
            )  # repr: categories too
            _tableau(h, bloc.values)
    elif isinstance(x, pd.Series):
        h.update(b"\x01SE")
        h.update(repr((str(x.name), str(x.dtype), len(x), list(x.index.names))).encode())
        _tableau(h, _cellules(x.index))
        _tableau(h, _cellules(x))
    elif isinstance(x, pd.Index):
        h.update(b"\x01IX")
        h.update(repr((str(x.dtype), len(x), list(x.names))).encode())
        _tableau(h, _cellules(x))
    elif x is pd.NA or x is pd.NaT:
        h.update(b"\x01NA" + repr(x).encode())
    elif isinstance(x, range):
        h.update(b"\x01R" + repr(x).encode())
    elif isinstance(x, _SCALAIRES):
        h.update(b"\x01S")
        h.update(repr((type(x).__name__, x)).encode())
    elif isinstance(x, (tuple, list)):
        h.update(b"\x01T" if isinstance(x, tuple) else b"\x01L")
        h.update(str(len(x)).encode())
        for e in x:
            _nourrir(h, e)
    elif isinstance(x, (set, frozenset)):
        h.update(b"\x01E")
        elements = []
        for e in x:
            sous = hashlib.blake2b(digest_size=16)
            _nourrir(sous, e)
            elements.append(sous.digest())
        for d in sorted(elements):
            h.update(d)
    elif isinstance(x, dict):
        h.update(b"\x01D")
        h.update(str(len(x)).encode())
        for k, v in x.items():  # insertion order is part of a dict's meaning for our callers
            _nourrir(h, k)
            _nourrir(h, v)
    elif callable(x) and getattr(x, "__module__", "").startswith("observatoire.") and "<" not in x.__qualname__:
        # a module-level function (a figure's builder): its name; a lambda or a closure is unknown
        h.update(b"\x01F" + f"{x.__module__}.{x.__qualname__}".encode())
    elif dataclasses.is_dataclass(x) and not isinstance(x, type):
        h.update(b"\x01C" + type(x).__qualname__.encode())
        for f in dataclasses.fields(x):
            _nourrir(h, getattr(x, f.name))
    else:
        raise _Inconnu(type(x).__name__)


def _contexte() -> tuple:
    # secret.VARIABLE_SEUIL, read here: secret imports this module
    return datetime.date.today().year, os.environ.get("OBSERVATOIRE_SEUIL_SECRET")


def empreinte(*args, **kwargs) -> bytes:
    """Digest of arguments (raises _Inconnu for an argument it cannot describe)."""
    h = hashlib.blake2b(digest_size=20)
    _nourrir(h, _contexte())
    _nourrir(h, args)
    _nourrir(h, sorted(kwargs.items()))
    return h.digest()


def _copie(x):
    """What a caller receives: the kept result, its DataFrames and Series shallow-copied."""
    if isinstance(x, (pd.DataFrame, pd.Series)):
        return x.copy(deep=False)
    if isinstance(x, tuple) and not hasattr(x, "_fields"):
        return tuple(_copie(e) for e in x)
    if isinstance(x, list):
        return [_copie(e) for e in x]
    if isinstance(x, dict):
        return {k: _copie(v) for k, v in x.items()}
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        champs = {f.name: _copie(getattr(x, f.name)) for f in dataclasses.fields(x) if f.init}
        return dataclasses.replace(x, **champs)
    return x


def pur(fonction):
    """Keep `fonction`'s results, keyed by its arguments' content (see the module's docstring)."""
    nom = f"{fonction.__module__}.{fonction.__qualname__}"

    @functools.wraps(fonction)
    def memorisee(*args, **kwargs):
        try:
            cle = (nom, empreinte(*args, **kwargs))
        except _Inconnu:
            compteurs["sans_memoire"] += 1
            return fonction(*args, **kwargs)
        resultat = _reserve.lire(cle)
        if resultat is ABSENT:
            compteurs["calcules"] += 1
            resultat = fonction(*args, **kwargs)
            _reserve.garder(cle, resultat)  # kept as computed; callers only ever see copies of it
        else:
            compteurs["retrouves"] += 1
        return _copie(resultat)

    memorisee.sans_memoire = fonction
    return memorisee


def vider() -> None:
    """Forget every kept result (tests)."""
    _reserve.vider()
