"""The commune portrait (Fiche commune): which commune is shown, the time series beside the CU and
a compared commune, the real public figures side by side, the A4 printable page.

No Streamlit here. Every per-commune figure comes from a grid the other pages read: stock counts
(public RPLS fields), the legal objectives through `valeurs.evolution_territoire` (the same call
as Objectifs légaux with the commune as filter, so the same cells are « secret statistique »),
Sitadel production (public), INSEE population (public).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from observatoire import formats as fr
from observatoire.base import memoire
from observatoire.chargement import publiques
from observatoire.figures import couleurs, dessins
from observatoire.indicateurs import attributions as A
from observatoire.secret import suppression as secret

ARRAS = "62041"
DEPARTEMENT = "Pas-de-Calais"
# No shipped file gives the département's figures: the fiche says so rather than invent them.
PHRASE_DEPARTEMENT = (
    f"Département ({DEPARTEMENT}) : non disponible — aucun des fichiers livrés ne donne ces "
    "indicateurs à l'échelle du département."
)
BLEU, ORANGE, GRIS_FONCE = couleurs.BLEU, couleurs.ORANGE_VIF, couleurs.GRIS_FONCE


# ---------------------------------------------------------------- which commune


@dataclass(frozen=True)
class Choix:
    options: list[str]  # INSEE codes offered by the selectbox
    defaut: str
    message: str | None  # said on the page when the commune filter holds several communes


def choix_commune(selection, demandee: str | None, noms: dict) -> Choix:
    """The commune shown: the one asked for in the URL, else the filter's only commune, else
    Arras. With several communes in the filter the page offers exactly those and says so, rather
    than silently showing the first."""
    tous = sorted(noms, key=lambda c: noms[c])
    selection = [c for c in selection if c in noms]
    if len(selection) > 1:
        defaut = demandee if demandee in selection else selection[0]
        liste = ", ".join(noms[c] for c in selection)
        return Choix(
            selection,
            defaut,
            f"{len(selection)} communes sont sélectionnées dans le filtre « Communes » ({liste}) : la fiche en "
            "présente une à la fois. Choisissez-la ci-dessous, ou comparez-les toutes sur la page « Comparer "
            "des communes ».",
        )
    defaut = demandee if demandee in noms else (selection[0] if selection else (ARRAS if ARRAS in noms else tous[0]))
    return Choix(tous, defaut, None)


def options_comparaison(code: str, noms: dict) -> list[str]:
    """The communes a fiche can be compared with: « none » (empty string) then every other one."""
    return [""] + [c for c in sorted(noms, key=lambda c: noms[c]) if c != code]


# ---------------------------------------------------------------- time series


@memoire.pur
def serie_parc(ind: pd.DataFrame, codes) -> pd.DataFrame:
    """Social stock on 1 January of each vintage loaded: one column per commune and the CU.
    `ind`: parc_indicateurs per commune over every vintage (all landlords or the filter's).
    The stock is a public RPLS field; a commune with no row in a loaded vintage has no social
    dwelling that year (the RPLS lists every dwelling), so 0 there is a count, not a gap."""
    if ind.empty:
        return pd.DataFrame(columns=["millesime", "cu", *codes])
    par = ind.pivot_table(index="millesime", columns="code_insee", values="logements", aggfunc="sum")
    out = pd.DataFrame({"millesime": par.index.astype(int)})
    for code in codes:
        out[code] = par[code].fillna(0).to_numpy(dtype=float) if code in par else 0.0
    out["cu"] = par.sum(axis=1).to_numpy().astype(float)
    return out.reset_index(drop=True)


def serie_objectifs(ev_communes: dict[str, pd.DataFrame], ev_cu: pd.DataFrame, n: int) -> pd.DataFrame:
    """One legal objective year by year: rate or None per commune and the CU, and which
    commune-years are hidden. `ev_*`: valeurs.evolution_territoire frames (column `cache`)."""
    annees = sorted(set(ev_cu["annee"]) if len(ev_cu) else set())
    for ev in ev_communes.values():
        annees = sorted(set(annees) | set(ev["annee"]))
    out = pd.DataFrame({"annee": annees})

    def taux(ev):
        par_annee = {}  # year → (rate, hidden), read once rather than cell by cell
        if len(ev):
            e = ev[ev["objectif"] == n]
            caches_e = e["cache"].tolist() if "cache" in e else [False] * len(e)
            par_annee = dict(zip(e["annee"].tolist(), zip(e["taux"].tolist(), caches_e)))
        vals, caches = [], []
        for a in annees:
            if a not in par_annee:
                vals.append(None)
                caches.append(False)
                continue
            t, cache = par_annee[a]
            cache = bool(cache)
            vals.append(None if cache or t is None or pd.isna(t) else float(t))
            caches.append(cache)
        return vals, caches

    out["cu"], _ = taux(ev_cu)
    for code, ev in ev_communes.items():
        out[code], out[f"cache_{code}"] = taux(ev)
    return out


@memoire.pur
def serie_production(prod: dict[str, pd.DataFrame], annees) -> pd.DataFrame:
    """Dwellings authorised and started (Sitadel, public) per year for each commune; a year
    without a row is missing data (None), never 0. `prod`: code → production_par_annee."""
    out = pd.DataFrame({"annee": list(annees)})
    for code, p in prod.items():
        for ind in ("logements_autorises", "logements_commences"):
            s = p[p["indicateur"] == ind].set_index("annee")["valeur"] if len(p) else pd.Series(dtype=float)
            out[f"{ind}_{code}"] = [None if a not in s.index or pd.isna(s[a]) else float(s[a]) for a in out["annee"]]
    return out


@memoire.pur
def serie_population(pop: pd.DataFrame, codes) -> pd.DataFrame:
    """Population municipale (INSEE) of each year for each commune and the 46 together."""
    if pop.empty:
        return pd.DataFrame(columns=["annee", "cu", *codes])
    par = pop.pivot_table(index="annee", columns="code_insee", values="population", aggfunc="sum")
    out = pd.DataFrame({"annee": par.index.astype(int)})
    for code in codes:
        out[code] = [None if pd.isna(v) else float(v) for v in (par[code] if code in par else [None] * len(par))]
    out["cu"] = par.sum(axis=1, min_count=1).to_numpy()
    return out.reset_index(drop=True)


def annees_cachees(s: pd.DataFrame, code: str) -> list[int]:
    """The years where the commune's objective is « secret statistique » (a gap on the chart)."""
    col = f"cache_{code}"
    return [int(a) for a, c in zip(s["annee"], s[col]) if c] if col in s else []


@memoire.pur
def table_objectifs(series: dict[int, pd.DataFrame], codes, noms: dict) -> pd.DataFrame:
    """The objectives' chart as a table: one row per year, « Obj. n · commune » columns, hidden
    cells in words (« secret statistique »), years without attribution « – »."""
    annees = sorted({int(a) for s in series.values() for a in s["annee"]})
    out = pd.DataFrame({"année": [str(a) for a in annees]})
    for n, s in series.items():
        annees_s = s["annee"].tolist()  # the columns read once, not cell by cell
        for code in [*codes, "cu"]:
            nom = "CU d'Arras" if code == "cu" else noms[code]
            valeurs = dict(zip(annees_s, s[code].tolist()))
            caches = dict(zip(annees_s, s[f"cache_{code}"].tolist())) if code != "cu" else {}
            cellules = []
            for a in annees:
                if code != "cu" and bool(caches[a]):
                    cellules.append(secret.SECRET)
                else:
                    v = valeurs[a]
                    cellules.append(fr.MANQUANT if v is None or pd.isna(v) else fr.pourcent(v))
            out[f"Obj. {n} · {nom}"] = cellules
    return out


# ---------------------------------------------------------------- real public figures side by side


def public_cote_a_cote(code: str, autre: str | None, donnees, noms: dict) -> dict[str, pd.DataFrame]:
    """publiques.portrait_commune for the commune, with the compared commune's column(s) added
    beside it; column headers name the communes."""
    noms_utiles = {c: noms[c] for c in (code, autre) if c}
    return _cote_a_cote(code, autre, publiques.jeux_portrait(donnees), noms_utiles)


@memoire.pur
def _cote_a_cote(code: str, autre: str | None, jeux: dict[str, pd.DataFrame], noms: dict) -> dict[str, pd.DataFrame]:
    base = publiques.portrait_des_jeux(code, jeux)
    if not autre:
        return {k: _nommer(v, noms[code]) for k, v in base.items()}
    deux = publiques.portrait_des_jeux(autre, jeux)
    sortie = {}
    for cle, df in base.items():
        df = df.copy()
        o = deux.get(cle)
        if cle == "lovac":
            cols = [c for c in df.columns if c.endswith("(commune)")]
            for c in reversed(cols):
                df.insert(df.columns.get_loc(cols[-1]) + 1, c.replace("(commune)", f"({noms[autre]})"), o[c].to_numpy())
        else:
            pos = df.columns.get_loc("commune") + 1
            if "part (commune)" in df.columns:
                pos = df.columns.get_loc("part (commune)") + 1
                df.insert(pos, f"part ({noms[autre]})", o["part (commune)"].to_numpy())
            df.insert(pos, noms[autre] + " ", o["commune"].to_numpy())
        sortie[cle] = _nommer(df, noms[code]).rename(columns={noms[autre] + " ": noms[autre]})
    return sortie


def _nommer(df: pd.DataFrame, nom: str) -> pd.DataFrame:
    return df.rename(columns=lambda c: c.replace("(commune)", f"({nom})") if c != "commune" else nom)


# ---------------------------------------------------------------- the printable A4 page

STYLE_A4 = """
@page { size: A4 portrait; margin: 11mm 10mm; }
body { max-width: 190mm; font-size: 10.5pt; }
h1 { font-size: 1.4em; }
h2 { font-size: 1.05em; margin-top: 1.1em; }
table { font-size: .82em; width: 100%; }
th, td { padding: .15em .35em; }
.graphique svg { max-width: 100%; height: auto; }
.entete { display: flex; gap: 12px; align-items: flex-start; }
.entete p { margin: .2em 0; }
@media print { body { max-width: none; } table { font-size: .72em; } h2 { page-break-after: avoid; }
  .graphique, table { page-break-inside: avoid; } }
"""


@dataclass(frozen=True)
class Bloc:
    """Ready markup for exports.document_html (its pieces already escaped)."""

    html: str


def entete_imprimable(localisation: dessins.Svg, lignes: list[str]) -> Bloc:
    import html

    texte = "".join(f"<p>{html.escape(l)}</p>" for l in lignes)
    return Bloc(f'<div class="entete"><div>{localisation.texte}</div><div>{texte}</div></div>')


def phrase_secret_annees(noms_annees: dict[str, list[int]]) -> str:
    """« Arras : 2019 masqué (secret statistique) » for the chart notes; empty when nothing is hidden."""
    morceaux = [f"{nom} : {', '.join(str(a) for a in annees)}" for nom, annees in noms_annees.items() if annees]
    return ("Années masquées (secret statistique, pas de point) — " + " ; ".join(morceaux)) if morceaux else ""


def figure_svg_objectif(s: pd.DataFrame, n: int, codes, noms: dict, source: str) -> dessins.Svg:
    couleurs = [BLEU, ORANGE]
    series = [dessins.Serie(noms[c], list(s[c]), couleurs[i % 2]) for i, c in enumerate(codes)]
    series.append(dessins.Serie("CU d'Arras", list(s["cu"]), GRIS_FONCE, pointille=True))
    note = phrase_secret_annees({noms[c]: annees_cachees(s, c) for c in codes})
    cible = float(A.OBJECTIFS[n].cible)
    return dessins.graphique_svg(
        f"Objectif légal {n} (cible {fr.pourcent(cible, 0)})",
        list(s["annee"]),
        series,
        source,
        unite="pourcent",
        note=note,
        cible=cible,
    )
