"""The value of a catalogue indicator for a territory and a year: number, numerator,
denominator, status, mask — computed here once and read by every surface (Accueil card,
Objectifs légaux, map, fiche, diaporama, bilan).

The legal attribution objectives are published on one grid: every commune of the base, for a
year and a landlord filter. Primary and secondary suppression run on that whole grid
(`objectifs_communes`), whatever the commune filter says, so that a commune's cell is hidden or
shown identically on the map, the fiche and the Objectifs légaux table. A selection of communes
is shown only if it is the whole base or contains no hidden cell of the grid: otherwise its total
minus the visible cells would give a hidden one back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from observatoire.base import memoire
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue
from observatoire.secret import suppression as secret


@dataclass(frozen=True)
class Valeur:
    """One indicator for one territory: what every surface shows."""

    cle: str
    numerateur: float | None
    denominateur: float | None
    statut: str
    cache: bool = False
    non_renseignes: int | None = None
    precision: str = ""  # e.g. « 2 réservataires sur 5 à 25 % ou plus » (objective 3)

    @property
    def valeur(self) -> float | None:
        if self.cache or self.numerateur is None or not self.denominateur:
            return None
        return self.numerateur / self.denominateur


CLES_COMMUNE = ["code_insee", "commune"]

# Results computed once per base version and arguments, shared by every session of the server:
# a page view would otherwise recompute the grid of every commune (and, for the evolution, of
# every year). Only when `lire` says which base it reads (`lire.jeton()`, as ui.donnees does);
# the values are read-only for their callers.
# Least recently read dropped first, one at a time: emptied whole when full, as it was, it also
# dropped the grids every year × landlord that the deployment's warm-up computed, and under twenty
# sessions their first visitors paid for them again.
_MEMOIRE = memoire.Reserve(1024)


def memoriser(lire, cle, calcul):
    """`calcul()` once per base version and `cle` (a tuple of the arguments that decide it), for
    the pages' heavier tables built on named queries (`lire` = ui.donnees)."""
    return _memo(lire, cle, calcul)


def _memo(lire, cle, calcul):
    jeton = getattr(lire, "jeton", None)
    if jeton is None:
        return calcul()
    return _MEMOIRE.obtenir((jeton(), cle), calcul)


def statut_objectif_3(par_reservataire: list[A.Resultat], seuil: int, sous_cu: bool, close: bool) -> tuple[str, str]:
    """Objective 3's verdict from each réservataire's result: « atteint » only when every
    réservataire reaches 25 %. Below CU level a réservataire with a small count is « secret »
    in the verdict (statut_ensemble decides whether that hides the verdict). Returns (status,
    precision)."""
    statuts = [
        catalogue.SECRET
        if sous_cu and any(0 < x < seuil for x in (q.numerateur, q.denominateur - q.numerateur, q.denominateur))
        else q.statut
        for q in par_reservataire
    ]
    statut, ok, nb = catalogue.statut_ensemble(statuts, close=close)
    precision = (
        f"{ok} réservataire{'s' if ok > 1 else ''} sur {nb} à 25 % ou plus"
        if statut in (catalogue.NON_ATTEINT, catalogue.EN_RETARD)
        else ""
    )
    return statut, precision


def petits_complements(
    comptes_filtre: pd.DataFrame,
    comptes_tous: pd.DataFrame | None,
    annee: int,
    seuil: int,
    cle: list[str] = CLES_COMMUNE,
) -> pd.DataFrame | None:
    """With a landlord filter, the cells whose other landlords' counts are small (every landlord
    minus the filtered ones, numerator, denominator or complement): the all-landlords figure minus
    the filtered one would give those back. Index `cle`, columns o{n}_num / o{n}_den."""
    if comptes_tous is None:
        return None
    f = A.sommer(comptes_filtre[comptes_filtre["annee"] == annee], cle).set_index(cle)
    t = A.sommer(comptes_tous[comptes_tous["annee"] == annee], cle).set_index(cle).reindex(f.index).fillna(0)
    sortie = pd.DataFrame(index=f.index)
    for n in (1, 2, 3):
        p = A.OBJECTIFS[n].colonne
        autres_num = t[f"{p}_num"] - f[f"{p}_num"]
        autres_den = t[f"{p}_den"] - f[f"{p}_den"]
        # Where the filtered landlords have nothing (0 / 0), the difference is the commune's own
        # all-landlords cell, which the all-landlords grid protects.
        petit = (f[f"{p}_den"] > 0) & (
            ((autres_num > 0) & (autres_num < seuil))
            | ((autres_den > 0) & (autres_den < seuil))
            | ((autres_den - autres_num > 0) & (autres_den - autres_num < seuil))
        )
        sortie[f"{p}_num"] = petit.to_numpy()
        sortie[f"{p}_den"] = petit.to_numpy()
    return sortie


@memoire.pur
def objectifs_communes(
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
    primaires = petits_complements(comptes, comptes_tous, annee, seuil)
    communes_forcees = frozenset(communes_forcees)
    if communes_forcees:
        an = A.sommer(comptes[comptes["annee"] == annee], CLES_COMMUNE).set_index(CLES_COMMUNE)
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
    tm = A.tableau_objectifs(comptes, annee, CLES_COMMUNE, [1, 2, 3], seuil=seuil, primaires=primaires)
    v, m = tm.valeurs.set_index("code_insee"), tm.masque.set_index(tm.valeurs["code_insee"])
    # Columns gathered, then one frame: each column inserted into a frame copied its column
    # index (pyarrow strings), a fifth of the grid.
    sortie = {"commune": v["commune"]}
    base = A.sommer(comptes[comptes["annee"] == annee], CLES_COMMUNE).set_index("code_insee")
    for n in (1, 2, 3):
        p = A.OBJECTIFS[n].colonne
        cache = m[f"{p}_num"] | m[f"{p}_den"]
        nums, dens, caches = v[f"{p}_num"].tolist(), v[f"{p}_den"].tolist(), cache.tolist()
        sortie[f"{p}_num"] = v[f"{p}_num"]
        sortie[f"{p}_den"] = v[f"{p}_den"]
        sortie[f"{p}_nr"] = base[f"{p}_nr"].reindex(v.index).astype("object").where(~cache, pd.NA)
        sortie[f"{p}_cache"] = cache
        statuts = [
            catalogue.SECRET if c else A.Resultat(int(a), int(b), A.OBJECTIFS[n].cible, 0, close).statut
            for a, b, c in zip(nums, dens, caches)
        ]
        if n == 3:
            statuts, precisions = _statuts_o3(v.index, cache, o3_reservataires, seuil, close)
            sortie["o3_precision"] = precisions
        sortie[f"{p}_statut"] = statuts
        sortie[f"{p}_taux"] = [
            None if c else (int(a) / int(b) if int(b) else None) for a, b, c in zip(nums, dens, caches)
        ]
    return pd.DataFrame(sortie, index=v.index)


def _statuts_o3(codes, cache, o3_reservataires, seuil, close):
    statuts, precisions = [], []
    par_commune: dict = {}
    if o3_reservataires is not None:
        for l in o3_reservataires.to_dict("records"):
            par_commune.setdefault(l["code_insee"], []).append(l)
    for code in codes:
        if cache[code]:
            statuts.append(catalogue.SECRET)
            precisions.append("")
            continue
        if o3_reservataires is None:
            statuts.append(catalogue.MANQUANT)
            precisions.append("")
            continue
        lignes = par_commune.get(code)
        res = [] if lignes is None else [A.resultat(3, l, close) for l in lignes]
        s, pr = statut_objectif_3(res, seuil, True, close)
        statuts.append(s)
        precisions.append(pr)
    return statuts, precisions


def objectif_commune(n: int, grille: pd.DataFrame, code: str) -> Valeur:
    """Objective n for one commune, read from the grid (`objectifs_communes`)."""
    cle = f"objectif_{n}"
    p = A.OBJECTIFS[n].colonne
    if code not in grille.index:
        return Valeur(cle, 0, 0, catalogue.SANS_OBJET)
    r = grille.loc[code]
    if bool(r[f"{p}_cache"]):
        return Valeur(cle, None, None, catalogue.SECRET, cache=True)
    precision = str(r.get("o3_precision", "") or "") if n == 3 else ""
    return Valeur(
        cle, int(r[f"{p}_num"]), int(r[f"{p}_den"]), r[f"{p}_statut"], False, _entier(r[f"{p}_nr"]), precision
    )


def objectif_selection(
    n: int,
    comptes_selection: pd.DataFrame,
    annee: int,
    communes: tuple[str, ...],
    sous_cu: bool,
    grille: pd.DataFrame | None,
    seuil: int,
    close: bool | None = None,
    comptes_tous: pd.DataFrame | None = None,
) -> Valeur:
    """Objective n for the selection (`comptes_selection`: attributions_comptes with the page's
    filters). Shown when the selection is the whole CU with no landlord filter (`sous_cu`
    False). Below that, hidden when a count of the total is small, or when one commune of the
    selection is hidden on the grid (its value would come back by difference). A single-commune
    selection reads the grid's cell, exactly as the map and the fiche do."""
    cle = f"objectif_{n}"
    close = A.annee_close(annee) if close is None else close
    annee_c = comptes_selection[comptes_selection["annee"] == annee]
    total = A.sommer(annee_c, ["annee"])
    if total.empty:
        return Valeur(cle, 0, 0, catalogue.SANS_OBJET)
    r = A.resultat(n, total.iloc[0], close)
    if sous_cu:
        if len(communes) == 1 and grille is not None:
            return objectif_commune(n, grille, communes[0])
        if grille is not None and communes:
            p = A.OBJECTIFS[n].colonne
            dans = grille.index.intersection(list(communes))
            if bool(grille.loc[dans, f"{p}_cache"].any()):
                return Valeur(cle, None, None, catalogue.SECRET, cache=True)
        if any(0 < x < seuil for x in (r.numerateur, r.denominateur - r.numerateur, r.denominateur)):
            return Valeur(cle, None, None, catalogue.SECRET, cache=True)
        if comptes_tous is not None:
            # Landlord filter: the same selection for every landlord minus this one must not be small.
            tous = A.sommer(comptes_tous[comptes_tous["annee"] == annee], ["annee"])
            if len(tous):
                rt = A.resultat(n, tous.iloc[0], close)
                autres = (rt.numerateur - r.numerateur, rt.denominateur - r.denominateur)
                if any(0 < x < seuil for x in (*autres, autres[1] - autres[0])):
                    return Valeur(cle, None, None, catalogue.SECRET, cache=True)
    if n == 3:
        o3 = A.objectif_3(annee_c, close)
        statut, precision = statut_objectif_3([q for _, q in o3.par_reservataire], seuil, sous_cu, close)
        return Valeur(cle, r.numerateur, r.denominateur, statut, False, r.non_renseignes, precision)
    return Valeur(cle, r.numerateur, r.denominateur, r.statut, False, r.non_renseignes)


def _entier(x) -> int | None:
    return None if x is None or x is pd.NA or (isinstance(x, float) and x != x) else int(x)


def statut_mot(v: Valeur) -> str:
    """The status with its precision (« non atteint (2 réservataires sur 5 à 25 % ou plus) »)."""
    return f"{v.statut} ({v.precision})" if v.precision else v.statut


def phrase_secret(seuil: int) -> str:
    return secret.PHRASE.format(seuil=seuil)


# ---------------------------------------------------------------- with the named queries


def grille_objectifs(lire, annee: int, bailleurs, seuil: int) -> pd.DataFrame:
    return _memo(
        lire, ("grille", annee, tuple(bailleurs), seuil), lambda: _grille_objectifs(lire, annee, bailleurs, seuil)
    )


def comptes_de_l_annee(lire, annee: int, bailleurs, communes=(), reservataire=None) -> pd.DataFrame:
    """The year's attribution counts (query attributions_comptes) for these landlords ([] = all)
    and communes ([] = all), on the préfectoral reservation of the legal texts."""
    return lire(
        "attributions_comptes",
        annee_debut=annee,
        annee_fin=annee,
        communes=list(communes),
        bailleurs=list(bailleurs),
        reservataire=reservataire,
        reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
    )


def _grille_objectifs(lire, annee: int, bailleurs, seuil: int) -> pd.DataFrame:
    """The legal objectives' publication grid for a year and a landlord filter. `lire(nom,
    **params)` runs a named query (ui.donnees on a page, db.requete in a script or a test)."""
    comptes = comptes_de_l_annee(lire, annee, list(bailleurs))
    o3 = lire("objectif_3_communes_reservataires", annee=annee, bailleurs=list(bailleurs))
    tous = caches = None
    if bailleurs:
        tous = comptes_de_l_annee(lire, annee, [])
    if len(bailleurs) > 1:
        seuls = [grille_objectifs(lire, annee, (b,), seuil) for b in bailleurs]
        caches = pd.DataFrame(
            {
                f"o{n}_{x}": pd.concat([g[f"o{n}_cache"] for g in seuls], axis=1).fillna(False).any(axis=1)
                for n in (1, 2, 3)
                for x in ("num", "den")
            }
        )
    return grilles_publication(
        comptes, annee, seuil, o3, comptes_tous=tous, bailleurs=bailleurs, caches_par_bailleur=caches
    )[0]


def communes_cachees_objectifs(grille: pd.DataFrame) -> frozenset:
    """The communes with at least one hidden cell in the objectives' grid."""
    caches = grille[[f"o{n}_cache" for n in (1, 2, 3)]].astype(bool).any(axis=1)
    return frozenset(grille.index[caches.to_numpy()])


def grilles_publication(
    comptes: pd.DataFrame,
    annee: int,
    seuil: int,
    o3_reservataires: pd.DataFrame | None = None,
    close: bool | None = None,
    comptes_tous: pd.DataFrame | None = None,
    bailleurs=(),
    caches_par_bailleur: pd.DataFrame | None = None,
):
    """The legal objectives by commune and the Bilan CIL by commune, suppressed together.

    The two tables sit on the Bilan CIL page with the same rows and share counts (the bilan's
    base of the contribution solidaire is every attribution of the commune, objective 1's
    denominator plus objective 2's; its households are objective 3's less the État's). A commune
    hidden in one, and shown in the other, would come back by subtraction: a commune with a hidden
    cell in either is hidden in the other, and secondary suppression runs again on each until
    neither adds a commune (a fixed point: each turn only adds communes, 46 at most):
    - hidden in the objectives (on their own rules, or as a secondary cell caused by the bilan):
      every non-zero count of its bilan row is hidden (whatever links the two tables);
    - hidden in the bilan only: every cell of its objectives is hidden, and its bilan row keeps the
      bilan's own mask (nothing of the commune is left in the objectives to subtract from).
    Every surface of the objectives (Accueil, map, fiche, Objectifs légaux) reads this grid, so the
    same communes are hidden on every page. Returns (objectives grid, contingent.GrilleBilan)."""
    from observatoire.indicateurs import contingent

    if not set(contingent.COMPTES_GRILLE) <= set(comptes.columns):
        # Counts without the bilan's columns (a base or a fixture made for the objectives alone).
        grille = objectifs_communes(
            comptes,
            annee,
            seuil,
            o3_reservataires,
            close,
            comptes_tous=comptes_tous,
            caches_par_bailleur=caches_par_bailleur,
        )
        return grille, None
    forcees: frozenset = frozenset()
    propres = None  # hidden in the objectives on their own rules (no commune forced)
    while True:
        grille = objectifs_communes(
            comptes,
            annee,
            seuil,
            o3_reservataires,
            close,
            comptes_tous=comptes_tous,
            caches_par_bailleur=caches_par_bailleur,
            communes_forcees=forcees,
        )
        caches_o = communes_cachees_objectifs(grille)
        propres = caches_o if propres is None else propres
        bilan = contingent.grille_bilan(
            comptes, annee, seuil, close, comptes_tous, bailleurs, caches_objectifs=caches_o - (forcees - propres)
        )
        caches_b = frozenset(bilan.masque.index[contingent.communes_cachees(bilan.masque).to_numpy()])
        # Done when every commune hidden in the bilan is hidden in the objectives, or already forced
        # there (a commune whose objective counts are all zero has nothing to hide: it stays shown).
        if caches_b - caches_o <= forcees:
            return grille, bilan
        forcees = forcees | caches_b


def objectifs_territoire(
    lire, comptes_selection: pd.DataFrame, annee: int, communes, bailleurs, seuil: int, reservataire: str | None = None
) -> dict[int, Valeur]:
    # `comptes_selection` is the query run with these same filters: the key says it all.
    cle = ("territoire", annee, tuple(communes), tuple(bailleurs), seuil, reservataire)
    return _memo(
        lire,
        cle,
        lambda: _objectifs_territoire(lire, comptes_selection, annee, communes, bailleurs, seuil, reservataire),
    )


def _objectifs_territoire(
    lire, comptes_selection: pd.DataFrame, annee: int, communes, bailleurs, seuil: int, reservataire: str | None = None
) -> dict[int, Valeur]:
    """The three objectives for the selected territory, as every surface shows them. With a
    réservataire filter (Objectifs légaux), a one-commune selection is judged like any other
    selection below CU level, the grid of all réservataires deciding which communes are hidden."""
    communes, bailleurs = tuple(communes), tuple(bailleurs)
    sous_cu = bool(communes or bailleurs or reservataire)
    grille = grille_objectifs(lire, annee, bailleurs, seuil) if communes else None
    tous = None
    landlords_caches: dict[int, bool] = {}
    if bailleurs:
        tous = comptes_de_l_annee(lire, annee, [], communes=list(communes), reservataire=reservataire)
        landlords_caches = bailleurs_caches(lire, annee, bailleurs, seuil, reservataire)
    sortie = {}
    for n in (1, 2, 3):
        if landlords_caches.get(n):
            # A landlord hidden in the table by landlord (Objectifs légaux, whole CU) stays hidden
            # in every selection filtered on it: its visible parts would add up to it.
            sortie[n] = Valeur(f"objectif_{n}", None, None, catalogue.SECRET, cache=True)
            continue
        if reservataire and len(communes) == 1 and grille is not None:
            p = A.OBJECTIFS[n].colonne
            if communes[0] in grille.index and bool(grille.at[communes[0], f"{p}_cache"]):
                sortie[n] = Valeur(f"objectif_{n}", None, None, catalogue.SECRET, cache=True)
                continue
            sortie[n] = objectif_selection(n, comptes_selection, annee, (), True, None, seuil, comptes_tous=tous)
            continue
        sortie[n] = objectif_selection(n, comptes_selection, annee, communes, sous_cu, grille, seuil, comptes_tous=tous)
    return sortie


def tableau_communes(
    lire, comptes_selection: pd.DataFrame, annee: int, communes, bailleurs, seuil: int, reservataire: str | None = None
) -> A.TableauMasque:
    cle = ("communes", annee, tuple(communes), tuple(bailleurs), seuil, reservataire)
    return _memo(
        lire, cle, lambda: _tableau_communes(lire, comptes_selection, annee, communes, bailleurs, seuil, reservataire)
    )


def _tableau_communes(
    lire, comptes_selection: pd.DataFrame, annee: int, communes, bailleurs, seuil: int, reservataire: str | None = None
) -> A.TableauMasque:
    """The Objectifs légaux table by commune: the grid's cells (suppression on every commune, as
    the map and the fiche), restricted to the selected communes, objective 3 judged per
    réservataire, and the « Ensemble de la sélection » row as the Accueil gives it (hidden when
    it would give a hidden cell back)."""
    communes, bailleurs = tuple(communes), tuple(bailleurs)
    close = A.annee_close(annee)
    comptes = comptes_de_l_annee(lire, annee, list(bailleurs), reservataire=reservataire)
    tous = None
    if bailleurs:
        tous = comptes_de_l_annee(lire, annee, [], reservataire=reservataire)
    tm = A.tableau_objectifs(
        comptes,
        annee,
        CLES_COMMUNE,
        [1, 2, 3],
        seuil=seuil,
        close=close,
        primaires=petits_complements(comptes, tous, annee, seuil),
    )
    valeurs_t, masque = tm.valeurs.copy(), tm.masque.copy()
    if reservataire is None and len(valeurs_t):
        # Exactly the grid's cells (the map's, the fiche's, the Accueil's): its mask also holds the
        # communes hidden in the Bilan CIL and, with several landlords, those hidden for one of them.
        grille = grille_objectifs(lire, annee, bailleurs, seuil).reindex(valeurs_t["code_insee"])
        for n in (1, 2, 3):
            p = A.OBJECTIFS[n].colonne
            cache = grille[f"{p}_cache"].fillna(False).to_numpy(dtype=bool)
            for c in (f"{p}_num", f"{p}_den", f"{p}_taux", f"{p}_statut", f"{p}_manque"):
                if c in masque.columns:
                    masque[c] = cache
                    valeurs_t[c] = tm.valeurs[c].astype("object").where(~cache, pd.NA)
        valeurs_t["o3_statut"] = [statut_mot(objectif_commune(3, grille, code)) for code in valeurs_t["code_insee"]]
    if communes:
        garder = valeurs_t["code_insee"].isin(communes).to_numpy()
        valeurs_t, masque = valeurs_t[garder].reset_index(drop=True), masque[garder].reset_index(drop=True)
    sel = A.sommer(comptes_selection[comptes_selection["annee"] == annee].assign(_t="Ensemble de la sélection"), ["_t"])
    total = A._colonnes_objectifs(sel, [1, 2, 3], close)
    objectifs = objectifs_territoire(lire, comptes_selection, annee, communes, bailleurs, seuil, reservataire)
    caches = set()
    if len(total):
        total["o3_statut"] = objectifs[3].statut
        total["o3_precision"] = objectifs[3].precision
        total["o3_manque"] = A.objectif_3(comptes_selection[comptes_selection["annee"] == annee], close).manque
        for n, v in objectifs.items():
            if v.cache:
                p = A.OBJECTIFS[n].colonne
                caches |= {
                    f"{p}_num",
                    f"{p}_den",
                    f"{p}_taux",
                    f"{p}_statut",
                    f"{p}_manque",
                    f"{p}_nr",
                    f"{p}_taux_connus",
                }
    return A.TableauMasque(valeurs_t, masque, total, frozenset(caches))


COLONNES_EVOLUTION_MASQUEES = ["numerateur", "denominateur", "non_renseignes", "taux", "taux_connus", "manque"]


def evolution_territoire(
    lire, comptes_selection: pd.DataFrame, communes, bailleurs, seuil: int, reservataire: str | None = None
) -> pd.DataFrame:
    """The objectives year by year for the selection (attributions.evolution), each (year,
    objective) read through `objectifs_territoire`: same value, status and mask as the Accueil
    card of that year. A hidden point has no value (the chart leaves a gap, the table says
    « secret statistique »); column `cache` says which."""
    annees = (
        (int(comptes_selection["annee"].min()), int(comptes_selection["annee"].max())) if len(comptes_selection) else ()
    )
    cle = ("evolution", annees, len(comptes_selection), tuple(communes), tuple(bailleurs), seuil, reservataire)
    return _memo(
        lire, cle, lambda: _evolution_territoire(lire, comptes_selection, communes, bailleurs, seuil, reservataire)
    )


def _evolution_territoire(
    lire, comptes_selection: pd.DataFrame, communes, bailleurs, seuil: int, reservataire: str | None = None
) -> pd.DataFrame:
    ev = A.evolution(comptes_selection)
    ev["cache"] = False
    if ev.empty or not (tuple(communes) or tuple(bailleurs) or reservataire):
        return ev
    ev = ev.astype({c: "object" for c in COLONNES_EVOLUTION_MASQUEES})
    # On arrays, columns written once: a `.loc` assignment per (year, objective) was most of the call.
    annees, numeros = ev["annee"].to_numpy(), ev["objectif"].to_numpy()
    statuts = ev["statut"].to_numpy(dtype=object, copy=True)
    precisions = ev["precision"].to_numpy(dtype=object, copy=True)
    caches = np.zeros(len(ev), dtype=bool)
    for annee in sorted(ev["annee"].unique()):
        objectifs = objectifs_territoire(lire, comptes_selection, int(annee), communes, bailleurs, seuil, reservataire)
        for n, v in objectifs.items():
            ligne = (annees == annee) & (numeros == n)
            if v.cache:
                caches[ligne] = True
                statuts[ligne], precisions[ligne] = catalogue.SECRET, ""
            else:
                statuts[ligne], precisions[ligne] = v.statut, v.precision
    for c in COLONNES_EVOLUTION_MASQUEES:
        cellules = ev[c].to_numpy(dtype=object, copy=True)
        cellules[caches] = None
        ev[c] = cellules
    ev["statut"] = pd.Series(statuts, index=ev.index, dtype=ev["statut"].dtype)
    ev["precision"] = pd.Series(precisions, index=ev.index, dtype=ev["precision"].dtype)
    ev["cache"] = caches
    return ev


def comptes_publiables(ligne, colonnes, seuil: int) -> bool:
    """Every count of a selection-level row passes the threshold (0 is shown: it describes nobody)."""
    return not any(0 < int(ligne[c]) < seuil for c in colonnes)


def qpv_publiable(q: pd.DataFrame, objectifs: dict[int, Valeur], seuil: int) -> bool:
    """The QPV / hors QPV comparison of a selection below CU level (attributions.qpv_hors_qpv):
    shown only when its objectives are shown and every count, and every complement of a share,
    passes the threshold."""
    if any(v.cache for v in objectifs.values()):
        return False
    for _, l in q.iterrows():
        comptes = [
            l["attributions"],
            l["premier_quartile"],
            l["premier_quartile_den"],
            l["premier_quartile_nr"],
            l["prioritaires"],
            l["prioritaires_den"],
            l["prioritaires_nr"],
            l["premier_quartile_den"] - l["premier_quartile"],
            l["prioritaires_den"] - l["prioritaires"],
        ]
        if any(0 < int(x) < seuil for x in comptes):
            return False
    return True


def bailleurs_caches(lire, annee: int, bailleurs, seuil: int, reservataire: str | None = None) -> dict[int, bool]:
    cle = ("bailleurs", annee, tuple(bailleurs), seuil, reservataire)
    return _memo(lire, cle, lambda: _bailleurs_caches(lire, annee, bailleurs, seuil, reservataire))


def _bailleurs_caches(lire, annee: int, bailleurs, seuil: int, reservataire: str | None = None) -> dict[int, bool]:
    """For each objective: is one of `bailleurs` hidden in the table by landlord of the whole CU
    (the grid of landlords, with its secondary suppression)?"""
    comptes = comptes_de_l_annee(lire, annee, [], reservataire=reservataire)
    tm = A.tableau_objectifs(comptes, annee, ["bailleur"], [1, 2, 3], seuil=seuil)
    if tm.valeurs.empty:
        return {}
    m = tm.masque.set_index(tm.valeurs["bailleur"])
    dans = m.index.intersection(list(bailleurs))
    return {n: bool(m.loc[dans, [f"o{n}_num", f"o{n}_den"]].to_numpy().any()) for n in (1, 2, 3)}
