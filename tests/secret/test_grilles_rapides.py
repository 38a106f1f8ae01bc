"""The faster computations of the secret's grids give exactly what the slower ones gave.

secret.masquer, valeurs.objectifs_communes, attributions.sommer, attributions.objectif_3 and
valeurs._evolution_territoire were rewritten on numpy arrays (issue 17: CPU per page view). The
versions before that rewrite are kept below as the reference; on the demo base, for every year, with no landlord filter and with one landlord, the
objectives' grid, the Bilan CIL's mask, the selection's objectives and its evolution year by
year must be identical (values, masks and dtypes), whichever version computed them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import duckdb
import numpy as np
import pandas as pd

from observatoire.base import db, memoire
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue
from observatoire.secret import suppression as secret
from observatoire.secret import valeurs
from observatoire.secret.suppression import SEUIL_PAR_DEFAUT, a_masquer

# ---------------------------------------------------------------- the versions before the rewrite


def masquer_ancien(
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
    # On numpy arrays: cell-by-cell `.at` access made a 35 000-row table take minutes.
    caches = np.zeros((len(df), len(colonnes_df)), dtype=bool)
    for c in colonnes:
        caches[:, position[c]] = a_masquer(df[c], seuil).to_numpy(dtype=bool)
    if primaires is not None:
        for c in primaires.columns:
            caches[:, position[c]] |= primaires[c].reindex(df.index).fillna(False).to_numpy(dtype=bool)
    paires = [(position[n], position[d]) for n, d in couples]
    for (n, d), (cn, cd) in zip(couples, paires):
        complement = pd.to_numeric(df[d], errors="coerce") - pd.to_numeric(df[n], errors="coerce")
        petit = a_masquer(complement, seuil).to_numpy(dtype=bool)
        caches[:, cn] |= petit
        caches[:, cd] |= petit

    def coupler() -> None:
        for cn, cd in paires:
            ensemble = caches[:, cn] | caches[:, cd]
            caches[:, cn] = ensemble
            caches[:, cd] = ensemble

    coupler()
    presentes = df.notna().to_numpy()
    valeurs_num = np.full(caches.shape, np.nan)
    for c in set(colonnes) | {c for g in totaux_lignes for c in g}:
        valeurs_num[:, position[c]] = pd.to_numeric(df[c], errors="coerce").to_numpy(dtype=float)
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

    masque = pd.DataFrame(caches, index=df.index, columns=df.columns)
    for source, liees in (colonnes_liees or {}).items():
        for c in liees:
            masque[c] = masque[c] | masque[source]

    valeurs = df.copy()
    for c in df.columns:
        if masque[c].any():
            valeurs[c] = valeurs[c].astype("object").where(~masque[c], pd.NA)
    return valeurs, masque


def objectif_3_ancien(comptes_annee: pd.DataFrame, close: bool = True) -> A.Objectif3:
    """Objective 3 for one year's counts (already filtered to one year and one perimeter)."""
    total = A.sommer(comptes_annee, ["annee"])
    vide = {"o3_num": 0, "o3_den": 0, "o3_nr": 0}
    indicatif = A.resultat(3, total.iloc[0] if len(total) else vide, close)
    par = A.sommer(comptes_annee, ["reservataire"])
    res = tuple((str(l["reservataire"]), A.resultat(3, l, close)) for _, l in par.iterrows())
    st, ok, n = catalogue.statut_ensemble([r.statut for _, r in res], close=close)
    return A.Objectif3(st, ok, n, indicatif, res)


def evolution_territoire_ancien(
    lire, comptes_selection: pd.DataFrame, communes, bailleurs, seuil: int, reservataire: str | None = None
) -> pd.DataFrame:
    ev = A.evolution(comptes_selection)
    ev["cache"] = False
    if ev.empty or not (tuple(communes) or tuple(bailleurs) or reservataire):
        return ev
    ev = ev.astype({c: "object" for c in valeurs.COLONNES_EVOLUTION_MASQUEES})
    for annee in sorted(ev["annee"].unique()):
        objectifs = valeurs.objectifs_territoire(
            lire, comptes_selection, int(annee), communes, bailleurs, seuil, reservataire
        )
        for n, v in objectifs.items():
            ligne = (ev["annee"] == annee) & (ev["objectif"] == n)
            if v.cache:
                ev.loc[ligne, valeurs.COLONNES_EVOLUTION_MASQUEES] = None
                ev.loc[ligne, ["statut", "precision", "cache"]] = [catalogue.SECRET, "", True]
            else:
                ev.loc[ligne, ["statut", "precision"]] = [v.statut, v.precision]
    return ev


def objectifs_communes_ancien(
    comptes: pd.DataFrame,
    annee: int,
    seuil: int,
    o3_reservataires: pd.DataFrame | None = None,
    close: bool | None = None,
    comptes_tous: pd.DataFrame | None = None,
    caches_par_bailleur: pd.DataFrame | None = None,
    communes_forcees=(),
) -> pd.DataFrame:
    """The three objectives for every commune of `comptes` (attributions_comptes run with no
    commune filter), one year, after suppression on the whole grid. Indexed by code_insee, with
    for each objective n: o{n}_num, o{n}_den, o{n}_nr, o{n}_taux, o{n}_statut, o{n}_cache, and
    o3_precision. `o3_reservataires` (query objectif_3_communes_reservataires) gives objective
    3's verdict per réservataire; without it objective 3 has no verdict (« donnée manquante »).
    `communes_forcees`: communes whose every cell is hidden from the start (hidden in another
    table sharing margins with this grid: the Bilan CIL by commune, see grilles_publication)."""
    close = A.annee_close(annee) if close is None else close
    primaires = valeurs.petits_complements(comptes, comptes_tous, annee, seuil)
    communes_forcees = frozenset(communes_forcees)
    if communes_forcees:
        an = A.sommer(comptes[comptes["annee"] == annee], valeurs.CLES_COMMUNE).set_index(valeurs.CLES_COMMUNE)
        forcees = an.index.get_level_values("code_insee").isin(list(communes_forcees))
        if primaires is None:
            primaires = pd.DataFrame(
                False, index=an.index, columns=[f"o{n}_{x}" for n in (1, 2, 3) for x in ("num", "den")]
            )
        for c in primaires.columns:
            # A zero describes nobody: « 0 / 0 » stays « sans objet » (a rate's zero numerator goes
            # with its denominator anyway, rates being one cell).
            non_nul = pd.to_numeric(an[c]).to_numpy() > 0
            primaires[c] = primaires[c].reindex(an.index).fillna(False).to_numpy(dtype=bool) | (forcees & non_nul)
    if caches_par_bailleur is not None and primaires is not None:
        # Several landlords: a commune hidden for one of them stays hidden for the group, or the
        # group minus the other landlords' visible cells would give it back.
        codes = primaires.index.get_level_values("code_insee")
        for c in primaires.columns:
            primaires[c] = primaires[c].to_numpy() | caches_par_bailleur[c].reindex(codes).fillna(False).to_numpy(
                dtype=bool
            )
    tm = A.tableau_objectifs(comptes, annee, valeurs.CLES_COMMUNE, [1, 2, 3], seuil=seuil, primaires=primaires)
    v, m = tm.valeurs.set_index("code_insee"), tm.masque.set_index(tm.valeurs["code_insee"])
    sortie = pd.DataFrame(index=v.index)
    sortie["commune"] = v["commune"]
    for n in (1, 2, 3):
        p = A.OBJECTIFS[n].colonne
        cache = m[f"{p}_num"] | m[f"{p}_den"]
        sortie[f"{p}_num"] = v[f"{p}_num"]
        sortie[f"{p}_den"] = v[f"{p}_den"]
        base = A.sommer(comptes[comptes["annee"] == annee], valeurs.CLES_COMMUNE).set_index("code_insee")
        sortie[f"{p}_nr"] = base[f"{p}_nr"].reindex(v.index).astype("object").where(~cache, pd.NA)
        sortie[f"{p}_cache"] = cache
        statuts = [
            catalogue.SECRET if c else A.Resultat(int(a), int(b), A.OBJECTIFS[n].cible, 0, close).statut
            for a, b, c in zip(v[f"{p}_num"].tolist(), v[f"{p}_den"].tolist(), cache.tolist())
        ]
        if n == 3:
            statuts, precisions = valeurs._statuts_o3(v.index, cache, o3_reservataires, seuil, close)
            sortie["o3_precision"] = precisions
        sortie[f"{p}_statut"] = statuts
        sortie[f"{p}_taux"] = [
            None if c else (int(a) / int(b) if int(b) else None) for a, b, c in zip(v[f"{p}_num"], v[f"{p}_den"], cache)
        ]
    return sortie


def sommer_ancien(comptes: pd.DataFrame, par: list[str]) -> pd.DataFrame:
    par = list(par)
    if "niveau" in comptes.columns:
        comptes = comptes[comptes["niveau"] == A.niveau_pour(par)]
    cols = A.colonnes_comptes(comptes, par)
    if comptes.empty:
        return pd.DataFrame(columns=par + cols)
    groupes = comptes.groupby(par, dropna=False, sort=True)
    valeurs = groupes[cols].sum().astype("int64")
    return valeurs.reset_index()


def test_sommer_egale_le_groupby_de_pandas():
    # keys of three dtypes, a missing key (its group last), a missing count (0), a level filter
    comptes = pd.DataFrame(
        {
            "niveau": ["commune", "commune", "commune", "bailleur", "commune", "commune"],
            "annee": pd.array([2021, 2020, 2021, 2021, 2020, 2021], dtype="int32"),
            "code_insee": ["62041", "62041", None, "62041", "62001", "62041"],
            "commune": ["Arras", "Arras", None, "Arras", "Achicourt", "Arras"],
            "bailleur": [None, None, None, "Bailleur A", None, None],
            "o1_num": [1, 2, 3, 40, 5, 6],
            "o1_den": pd.array([10, None, 30, 400, 50, 60], dtype="Int64"),
            "o2_num": [0.0, 1.0, float("nan"), 2.0, 3.0, 4.0],
        }
    )
    for par in (["annee"], ["annee", "code_insee", "commune"], ["code_insee", "commune"], ["bailleur"]):
        attendu = sommer_ancien(comptes, par)
        pd.testing.assert_frame_equal(A.sommer.sans_memoire(comptes, par), attendu, check_exact=True)
    # hand-computed: Arras 2021 = rows 0 and 5; the missing commune last
    t = A.sommer.sans_memoire(comptes, ["annee", "code_insee", "commune"])
    assert t["code_insee"].tolist()[:3] == ["62001", "62041", "62041"]
    assert pd.isna(t["code_insee"].iloc[-1])
    assert t[["o1_num", "o1_den", "o2_num"]].to_numpy().tolist() == [[5, 50, 3], [2, 0, 1], [7, 70, 4], [3, 30, 0]]
    # nothing at the level asked
    vide = A.sommer.sans_memoire(comptes[comptes["niveau"] == "bailleur"], ["code_insee", "commune"])
    pd.testing.assert_frame_equal(
        vide, sommer_ancien(comptes[comptes["niveau"] == "bailleur"], ["code_insee", "commune"])
    )


# ---------------------------------------------------------------- old and new, on the demo base


def _calculer(lire, annees, bailleurs, communes) -> dict:
    """Every grid and selection figure the pages read, for each year and landlord filter."""
    memoire.vider()
    valeurs._MEMOIRE.vider()
    sortie = {}
    for b in [(), *[(x,) for x in bailleurs]]:
        for a in annees:
            comptes = lire(
                "attributions_comptes",
                annee_debut=a,
                annee_fin=a,
                communes=[],
                bailleurs=list(b),
                reservataire=None,
                reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
            )
            o3 = lire("objectif_3_communes_reservataires", annee=a, bailleurs=list(b))
            tous = lire(
                "attributions_comptes",
                annee_debut=a,
                annee_fin=a,
                communes=[],
                bailleurs=[],
                reservataire=None,
                reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
            )
            grille, bilan = valeurs.grilles_publication(
                comptes, a, 11, o3, comptes_tous=tous if b else None, bailleurs=b
            )
            sortie[("grille", a, b)] = grille
            sortie[("bilan", a, b)] = bilan.masque
        for c in communes:
            selection = lire(
                "attributions_comptes",
                annee_debut=min(annees),
                annee_fin=max(annees),
                communes=[c],
                bailleurs=list(b),
                reservataire=None,
                reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
            )
            sortie[("evolution", c, b)] = valeurs.evolution_territoire(lire, selection, (c,), b, 11)
            sortie[("objectif_3", c, b)] = [A.objectif_3(selection[selection["annee"] == a]) for a in annees]
    return sortie


def test_grilles_et_selections_identiques_a_l_ancien_calcul(base_demo, monkeypatch):
    con = duckdb.connect(str(base_demo), read_only=True)
    try:
        annees = [int(a) for (a,) in con.execute("SELECT DISTINCT annee FROM attributions ORDER BY 1").fetchall()]
        bailleurs = [b for (b,) in con.execute("SELECT DISTINCT bailleur FROM attributions ORDER BY 1").fetchall()]
        # the commune with the most attributions and one with few (cells hidden)
        communes = [
            c
            for (c,) in con.execute(
                "SELECT code_insee FROM attributions GROUP BY code_insee ORDER BY count(*) DESC, code_insee"
            ).fetchall()
        ]
        communes = communes[:1] + communes[-1:]
        gardes: dict = {}

        def lire(nom, **params):
            cle = (nom, repr(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())))
            if cle not in gardes:
                gardes[cle] = db.requete(con, nom, **params)
            return gardes[cle].copy(deep=False)

        lire.jeton = lambda: ("demo", "1")
        nouveau = _calculer(lire, annees, bailleurs[:1], communes)
        monkeypatch.setattr(secret, "masquer", memoire.pur(masquer_ancien))
        monkeypatch.setattr(A, "objectif_3", memoire.pur(objectif_3_ancien))
        monkeypatch.setattr(A, "sommer", memoire.pur(sommer_ancien))
        monkeypatch.setattr(valeurs, "_evolution_territoire", evolution_territoire_ancien)
        monkeypatch.setattr(valeurs, "objectifs_communes", memoire.pur(objectifs_communes_ancien))
        ancien = _calculer(lire, annees, bailleurs[:1], communes)
    finally:
        memoire.vider()
        valeurs._MEMOIRE.vider()
        con.close()
    assert ancien.keys() == nouveau.keys()
    caches = 0
    for cle, attendu in ancien.items():
        if isinstance(attendu, pd.DataFrame):
            pd.testing.assert_frame_equal(nouveau[cle], attendu, check_exact=True, obj=str(cle))
            if cle[0] == "grille":
                caches += int(attendu[[f"o{n}_cache" for n in (1, 2, 3)]].to_numpy().sum())
        else:
            assert nouveau[cle] == attendu, cle
    # the comparison covers hidden cells, not only grids where nothing is hidden
    assert caches > 0
    assert any(bool(np.any(ancien[("evolution", c, ())]["cache"])) for c in communes)
