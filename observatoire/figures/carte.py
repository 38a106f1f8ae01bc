"""The commune map: indicator per commune, class breaks, colours, GeoJSON and the pydeck deck.

Offline by design: the communes' outlines come from the database (communes.geometrie_wkt, WGS84)
and the deck has no basemap (map_provider=None, no tiles). No Streamlit here.
"""

from __future__ import annotations

import html
import math

import pandas as pd
import pydeck as pdk
import shapely
from shapely.geometry import mapping

from observatoire import formats as fr
from observatoire.base import memoire
from observatoire.figures import couleurs, dessins, exports
from observatoire.indicateurs import catalogue, parc
from observatoire.secret import suppression as secret

# Colour-blind-safe sequential blues (ColorBrewer « Blues », 5 classes), light to dark: the
# indicators without a target.
PALETTE = couleurs.PALETTE_SEQUENTIELLE
# Indicators with a target: a diverging palette centred on it, orange below (« non atteint »,
# darkest = farthest), blue from the target up (« atteint »). Orange against blue stays apart for
# every common colour-vision deficiency (ColorBrewer PuOr / RdBu ends, no red-green pair).
NON_ATTEINT_COULEURS = couleurs.NON_ATTEINT_COULEURS
ATTEINT_COULEURS = couleurs.ATTEINT_COULEURS
PALETTE_CIBLE = NON_ATTEINT_COULEURS + ATTEINT_COULEURS
GRIS_SECRET = couleurs.GRIS_SECRET
GRIS_SANS = couleurs.GRIS_SANS
CONTOUR_SELECTION = couleurs.CONTOUR
# Commune names: near-black letters in a white halo, so each letter sits on white whatever the
# class colour under it (18:1, couleurs.contraste); without the halo, these letters on the darkest blue
# would be 2.3:1.
COULEUR_NOMS, HALO_NOMS, EPAISSEUR_HALO = couleurs.NOMS_SUR_CARTE, couleurs.FOND, 2
CONTOUR_QPV = couleurs.ORANGE  # dark orange: seen against the light classes, and by colour-blind readers
ID_COUCHE = "communes"
PAS_DE_FOND = "__MAP_STYLE__"

SANS_DONNEE = catalogue.MANQUANT

# The map's indicators are the catalogue's entries marked `carte` (title, definition, numerator,
# denominator, unit, source, target, confidentiality rule): nothing is redefined here.
Indicateur = catalogue.Indicateur
INDICATEURS: dict[str, Indicateur] = {i.cle: i for i in catalogue.sur_la_carte()}
PAR_DEFAUT = "parc_social"

# Which frame each named query feeds (`tableau`'s arguments).
_SOURCES = {"parc_indicateurs": "logements", "attributions_comptes": "objectifs_attribution", "carte_taux_plh": "plh"}


def cle_demandee(texte: str | None) -> str:
    """The indicator asked for in the URL (older spellings accepted), else the default."""
    try:
        cle = catalogue.indicateur(texte or "").cle
    except KeyError:
        return PAR_DEFAUT
    return cle if cle in INDICATEURS else PAR_DEFAUT


def cible(ind: Indicateur) -> float | None:
    return None if ind.cible is None else float(ind.cible)


def formater(valeur, format_: str) -> str:
    return fr.valeur_affichee(valeur, format_)


# ---------------------------------------------------------------- one value per commune


@memoire.pur
def tableau(
    cle: str,
    communes: pd.DataFrame,
    logements: pd.DataFrame | None = None,
    objectifs_attribution: pd.DataFrame | None = None,
    plh: pd.DataFrame | None = None,
    seuil: int = secret.SEUIL_PAR_DEFAUT,
    logements_tous: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The indicator for each of the communes: value, numerator, denominator, target, status.

    - `communes`: code_insee, nom, population (query carte_communes);
    - `logements`: stock counts per commune, one vintage (parc_indicateurs, par_commune);
    - `objectifs_attribution`: the legal objectives' grid (`valeurs.objectifs_communes`), already
      through suppression: the map shows exactly the cells of Objectifs légaux;
    - `plh`: per-commune cumulated authorisations and target (carte_taux_plh);
    - `logements_tous`: with a landlord filter, the stock counts of every landlord (the
      restricted rates hide a commune whose other landlords' counts are small).
    The numerator and denominator are the catalogue entry's `comptes`. Rates from the restricted
    RPLS fields on fewer than `seuil` dwellings are hidden with secondary suppression.
    """
    ind = INDICATEURS[cle]
    source = _SOURCES[ind.requete]
    t = communes[["code_insee", "nom"]].copy()
    col_num, col_den = ind.comptes
    cache = pd.Series(False, index=t.index)
    statuts = None
    if source == "logements":
        base = logements if logements is not None else pd.DataFrame(columns=["code_insee"] + parc.COMPTES)
        base = base.copy()
        base["dpe_connu"] = base["logements"] - base["dpe_inconnu"] if "dpe_inconnu" in base else pd.NA
        t = t.merge(base.drop(columns=[c for c in ("nom",) if c in base]), on="code_insee", how="left")
        t["population"] = t["code_insee"].map(communes.set_index("code_insee")["population"])
        for c in parc.COMPTES + ["dpe_connu"]:
            if c in t:
                t[c] = pd.to_numeric(t[c], errors="coerce").fillna(0)
    elif source == "plh":
        p = plh if plh is not None else pd.DataFrame(columns=["code_insee", col_num, col_den])
        t = t.merge(p.drop(columns=[c for c in ("nom",) if c in p]), on="code_insee", how="left")
    else:
        n = int(cle[-1])
        grille = objectifs_attribution
        pref = f"o{n}"
        if grille is None or grille.empty:
            grille = pd.DataFrame(
                columns=[f"{pref}_num", f"{pref}_den", f"{pref}_nr", f"{pref}_cache", f"{pref}_statut"]
            )
        g = grille.reindex(t["code_insee"])
        cache = g[f"{pref}_cache"].fillna(False).astype(bool).reset_index(drop=True)
        t[col_num] = pd.to_numeric(g[f"{pref}_num"], errors="coerce").fillna(0).to_numpy()
        t[col_den] = pd.to_numeric(g[f"{pref}_den"], errors="coerce").fillna(0).to_numpy()
        t["non_renseigne"] = g[f"{pref}_nr"].to_numpy()
        statuts = [s if isinstance(s, str) and s else catalogue.SANS_OBJET for s in g[f"{pref}_statut"]]
        if n == 3 and "o3_precision" in g:
            t["precision"] = g["o3_precision"].fillna("").to_numpy()

    t["numerateur"] = pd.to_numeric(t[col_num], errors="coerce").astype("float64")
    t["denominateur"] = pd.to_numeric(t[col_den], errors="coerce").astype("float64") if col_den else float("nan")
    if col_den is None:
        t["valeur"] = t["numerateur"]
    elif ind.unite == catalogue.POURMILLE:
        t["valeur"] = [parc.pour_mille(a, b) for a, b in zip(t["numerateur"], t["denominateur"])]
    else:
        t["valeur"] = (t["numerateur"] / t["denominateur"]).where(t["denominateur"] > 0)
    t["valeur"] = pd.to_numeric(t["valeur"], errors="coerce").astype("float64")
    t["cible"] = cible(ind)
    if ind.regle_secret == catalogue.SECRET_RPLS_RESTREINT:
        # The Parc social table's grid (every commune, same rule, landlord complements included).
        base = logements if logements is not None else pd.DataFrame(columns=["code_insee"] + parc.COMPTES)
        _, masque = parc.grille_communes(base, communes, seuil, logements_tous)
        cache = pd.Series((masque[col_num] | masque[col_den]).to_numpy(), index=t.index)
    t["secret"] = cache.to_numpy()
    for c in ("numerateur", "denominateur", "valeur"):
        t.loc[t["secret"], c] = float("nan")
    if statuts is None:
        close = True
        if source == "plh" and "annee_fin" in t and t["annee_fin"].notna().any():
            close = catalogue.periode_close(int(t["annee_fin"].dropna().iloc[0]))
        statuts = [_statut(ind, r, close) for r in t.itertuples()]
    t["statut"] = [catalogue.SECRET if s else st for s, st in zip(t["secret"], statuts)]
    keep = ["code_insee", "nom", "valeur", "numerateur", "denominateur", "cible", "statut", "secret"]
    if ind.non_renseignes:
        if "non_renseigne" not in t:
            t["non_renseigne"] = t[ind.non_renseignes] if ind.non_renseignes in t else pd.NA
        t["non_renseigne"] = t["non_renseigne"].astype("object")
        t.loc[t["secret"], "non_renseigne"] = pd.NA
        keep.append("non_renseigne")
    t["precision"] = t["precision"] if "precision" in t else ""
    t.loc[t["secret"], "precision"] = ""
    keep.append("precision")
    return t[keep].reset_index(drop=True)


def _statut(ind: Indicateur, r, close: bool) -> str:
    """The catalogue's status for one commune (stock indicators: « sans objet » without stock)."""
    if ind.comptes[1] is None:
        return catalogue.SANS_OBJET if not r.numerateur else catalogue.SANS_CIBLE
    if ind.cible is None and (pd.isna(r.denominateur) or r.denominateur == 0):
        return catalogue.SANS_OBJET
    return ind.statut(
        None if pd.isna(r.numerateur) else r.numerateur,
        None if pd.isna(r.denominateur) else r.denominateur,
        close=close,
    )


def statut_texte(r) -> str:
    """A row's status with its sign and precision, as every table and tooltip writes it."""
    texte = catalogue.libelle(r["statut"])
    precision = r.get("precision", "") if hasattr(r, "get") else ""
    return f"{texte} ({precision})" if texte and precision else texte


# ---------------------------------------------------------------- classes and colours


def bornes(valeurs: pd.Series, cle: str, n: int = 5) -> list[float]:
    """Upper-exclusive class breaks (n-1 inner bounds).

    With a target (PLH, legal objectives), fixed breaks around it: 40 %, 80 %, 100 % and 120 %
    of the target, so « reached » is exactly the two darkest classes. Otherwise quantiles of the
    shown values, rounded to a readable step; duplicate bounds are dropped.
    """
    c = cible(INDICATEURS[cle])
    if c is not None:
        return [round(c * k, 6) for k in (0.4, 0.8, 1.0, 1.2)]
    v = pd.to_numeric(valeurs, errors="coerce").dropna()
    v = v[v > 0] if cle in ("parc_social", "poids_social", "part_qpv") else v
    if v.empty:
        return []
    qs = [float(v.quantile(k / n)) for k in range(1, n)]
    pas_max = _pas(cle, float(v.max()))
    out: list[float] = []
    for q in qs:
        # Counts spread over orders of magnitude (3 to 7 000 dwellings): each bound is rounded to
        # its own scale (two significant digits), or the small bounds all round to the same step.
        pas = (
            pas_max
            if INDICATEURS[cle].unite == catalogue.POURCENT or q <= 0
            else min(pas_max, max(1.0, 10 ** math.floor(math.log10(q)) / 2))
        )
        b = math.ceil(q / pas) * pas
        b = round(b, 6)
        if b > 0 and (not out or b > out[-1]):
            out.append(b)
    return out


def _pas(cle: str, maximum: float) -> float:
    if INDICATEURS[cle].unite == catalogue.POURCENT:
        return 0.005 if maximum <= 0.2 else 0.01
    if maximum >= 1000:
        return 50
    if maximum >= 100:
        return 5
    return 1


def classe(valeur, limites: list[float]) -> int | None:
    if valeur is None or pd.isna(valeur):
        return None
    for i, b in enumerate(limites):
        if valeur < b:
            return i
    return len(limites)


def palette(cle: str) -> list[str]:
    """The five class colours of an indicator: diverging around its target, else sequential."""
    return PALETTE_CIBLE if cible(INDICATEURS[cle]) is not None else PALETTE


def couleur(valeur, limites: list[float], couleurs: list[str] | None = None) -> str:
    couleurs = couleurs or PALETTE
    k = classe(valeur, limites)
    if k is None:
        return GRIS_SANS
    if couleurs is PALETTE_CIBLE:
        # Fixed breaks around the target: class k is colour k, so the 25 % line is the colour change.
        return couleurs[min(k, len(couleurs) - 1)]
    # Spread fewer classes across the whole palette so the darkest always means « highest ».
    nb = len(limites) + 1
    idx = round(k * (len(couleurs) - 1) / (nb - 1)) if nb > 1 else len(couleurs) - 1
    return couleurs[idx]


def phrase_classes(cle: str, limites: list[float]) -> str:
    """What the classes are, in words, for the legend (never « quintiles » over four classes)."""
    ind = INDICATEURS[cle]
    n = len(limites) + 1
    if ind.cible is not None:
        return (
            f"{n} classes fixées autour de la cible ({ind.texte_cible_court}) : 40 %, 80 %, 100 % et 120 % de la "
            "cible ; en orange sous la cible (non atteint), en bleu à partir de la cible (atteint)."
        )
    if n == 1:
        return "une seule classe : trop peu de valeurs distinctes pour les répartir."
    return (
        f"{n} classes de la plus claire (valeurs basses) à la plus foncée (valeurs hautes), chacune regroupant à "
        f"peu près le même nombre de communes (quantiles des valeurs affichées, bornes arrondies)"
        + (
            " ; les communes sans parc social ne comptent pas dans les bornes."
            if cle in ("parc_social", "poids_social", "part_qpv")
            else "."
        )
    )


def legende(cle: str, limites: list[float]) -> pd.DataFrame:
    """One row per class: colour, bounds in words; then the grey categories."""
    ind = INDICATEURS[cle]
    f = lambda x: formater(x, ind.unite)  # noqa: E731
    c = cible(ind)
    lignes = []
    bords = [None] + list(limites) + [None]
    for k in range(len(bords) - 1):
        bas, haut = bords[k], bords[k + 1]
        if bas is None and haut is None:
            texte = "toutes les valeurs"
        elif bas is None:
            texte = f"moins de {f(haut)}"
        elif haut is None:
            texte = f"{f(bas)} et plus"
        else:
            texte = f"de {f(bas)} à moins de {f(haut)}"
        if c is not None:
            texte += " — " + catalogue.libelle(
                catalogue.ATTEINT if bas is not None and bas >= c - 1e-12 else catalogue.NON_ATTEINT
            )
        lignes.append(
            {
                "couleur": couleur(
                    bas if bas is not None else (haut - 1e-9 if haut is not None else 0), limites, palette(cle)
                ),
                "classe": texte,
            }
        )
    lignes.append(
        {"couleur": GRIS_SECRET, "classe": catalogue.libelle(catalogue.SECRET) + " (moins de 11 logements ou ménages)"}
    )
    sans = {
        "production_logements": "pas d'objectif communal",
        "objectif_1": "aucune attribution concernée",
        "objectif_2": "aucune attribution concernée",
        "objectif_3": "aucune attribution concernée",
    }.get(cle, "sans parc social")
    lignes.append(
        {"couleur": GRIS_SANS, "classe": f"{catalogue.libelle(catalogue.SANS_OBJET)} ou {catalogue.MANQUANT} ({sans})"}
    )
    return pd.DataFrame(lignes)


def _ligne_legende(pastille: str, texte: str, contour_seul: bool = False) -> str:
    """One row of the legend beside the map: a swatch (its CSS) and its words. An outline-only
    swatch keeps its border inside its box, the size of the filled ones."""
    taille = ";box-sizing:border-box" if contour_seul else ""
    return (
        "<div style='display:flex;align-items:center;margin:4px 0'><span style='display:inline-block;width:22px;"
        f"height:16px;{pastille};margin-right:8px;flex:none{taille}'></span>"
        f"<span style='font-size:0.9em'>{html.escape(texte)}</span></div>"
    )


def legende_html(cle: str, limites: list[float], selection: bool = False, qpv: bool = False) -> str:
    """The legend beside the map as HTML rows: the classes (`legende`), then the outline of a
    selected commune and of a QPV when the map draws them."""
    lg = legende(cle, limites)
    lignes = [
        _ligne_legende(f"background:{c};border:1px solid {couleurs.BORD_PASTILLE}", texte)
        for c, texte in zip(lg["couleur"], lg["classe"])
    ]
    if selection:
        lignes.append(_ligne_legende(f"border:3px solid {CONTOUR_SELECTION}", "commune sélectionnée", True))
    if qpv:
        lignes.append(_ligne_legende(f"border:2px solid {CONTOUR_QPV}", "quartier prioritaire (QPV)", True))
    return "".join(lignes)


UNITES = {
    catalogue.POURCENT: "en %",
    catalogue.POURMILLE: "pour 1 000 habitants (‰)",
    catalogue.NOMBRE: "en nombre",
    catalogue.EUROS_M2: "en €/m²",
}


def titre_legende(cle: str) -> str:
    """The legend's heading: the indicator and its unit."""
    ind = INDICATEURS[cle]
    return f"{ind.titre} ({UNITES.get(ind.unite, ind.unite)})"


def carte_svg(
    communes: pd.DataFrame,
    t: pd.DataFrame,
    cle: str,
    limites: list[float],
    source: str,
    selection=(),
    qpv: pd.DataFrame | None = None,
):
    """The map as a standalone SVG (download): the same colours, legend and labels as on screen."""

    valeurs = t.set_index("code_insee")
    teintes = {
        code: GRIS_SECRET
        if bool(valeurs.at[code, "secret"])
        else couleur(valeurs.at[code, "valeur"], limites, palette(cle))
        for code in valeurs.index
    }
    lg = legende(cle, limites)
    return dessins.carte_svg(
        communes,
        teintes,
        titre_legende(cle),
        list(zip(lg["couleur"], lg["classe"])),
        source,
        selection=selection,
        qpv_wkts=[] if qpv is None or qpv.empty else list(qpv["geometrie_wkt"]),
        etiquettes=etiquettes(communes, selection, largeur=670, hauteur=610, taille=11),
    )


def rgb(hexa: str, alpha: int = 255) -> list[int]:
    h = hexa.lstrip("#")
    return [int(h[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


# ---------------------------------------------------------------- GeoJSON and deck


def geometrie(wkt: str | None):
    if wkt is None or (isinstance(wkt, float) and math.isnan(wkt)) or not str(wkt).strip():
        return None
    return shapely.from_wkt(wkt)


def geojson(
    communes: pd.DataFrame, t: pd.DataFrame, cle: str, limites: list[float], selection: tuple[str, ...] = ()
) -> dict:
    """FeatureCollection of the communes with what the tooltip and the colours need."""
    ind = INDICATEURS[cle]
    valeurs = t.set_index("code_insee")
    features = []
    for c in communes.itertuples():
        g = geometrie(c.geometrie_wkt)
        if g is None:
            continue
        v = valeurs.loc[c.code_insee] if c.code_insee in valeurs.index else None
        est_secret = bool(v is not None and v["secret"])
        valeur = None if v is None else v["valeur"]
        teinte = GRIS_SECRET if est_secret else couleur(valeur, limites, palette(cle))
        features.append(
            {
                "type": "Feature",
                "geometry": mapping(g),
                "properties": {
                    "code_insee": c.code_insee,
                    "nom": c.nom,
                    "valeur_texte": fr.valeur_affichee(valeur, ind.unite, cache=est_secret),
                    "detail": detail(v, ind) if v is not None else "",
                    "statut": "" if v is None else statut_texte(v),
                    "couleur": rgb(teinte, 230),
                    "selectionnee": c.code_insee in selection,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def detail(v, ind: Indicateur) -> str:
    """Numerator and denominator in words, for the tooltip and the table."""
    if v["secret"]:
        return secret.SECRET
    num, den = v["numerateur"], v["denominateur"]
    if ind.comptes and ind.comptes[1] is None:
        return f"{fr.nombre(num)} {ind.numerateur}"
    if den is None or pd.isna(den):
        return f"{fr.nombre(num)} {ind.numerateur} · {ind.denominateur} : {fr.MANQUANT}"
    return f"{fr.nombre(num)} {ind.numerateur} ÷ {fr.nombre(den)} {ind.denominateur}"


def contours(wkts: pd.Series) -> dict:
    feats = [
        {"type": "Feature", "geometry": mapping(g), "properties": {}}
        for g in (geometrie(w) for w in wkts)
        if g is not None
    ]
    return {"type": "FeatureCollection", "features": feats}


def vue(communes: pd.DataFrame) -> pdk.ViewState:
    geoms = [g for g in (geometrie(w) for w in communes["geometrie_wkt"]) if g is not None]
    if geoms:
        minx, miny, maxx, maxy = shapely.union_all(geoms).bounds
    else:
        minx, miny, maxx, maxy = 2.55, 50.2, 2.95, 50.4
    # deck.gl's world is 512 px wide at zoom 0; fit the CU in about 600 × 600 px (the map column
    # on a 1280-px projector), latitude stretched by Mercator.
    haut = max((maxy - miny) / math.cos(math.radians((miny + maxy) / 2)), 0.01)
    larg = max(maxx - minx, 0.01)
    zoom = min(math.log2(650 * 360 / (512 * larg)), math.log2(600 * 360 / (512 * haut))) + 0.1
    zoom = max(6.0, min(13.0, zoom))
    return pdk.ViewState(longitude=(minx + maxx) / 2, latitude=(miny + maxy) / 2, zoom=zoom, pitch=0, bearing=0)


TAILLE_NOMS = 12  # px
# The map's drawing area the labels are placed for: the map column at 1280 px (the narrowest
# screen it is read on; wider, the same view has more room around it), 620 px high.
LARGEUR_CARTE, HAUTEUR_CARTE = 600, 620


def _pixel(lon: float, lat: float, v: pdk.ViewState, largeur: float, hauteur: float) -> tuple[float, float]:
    """Web-Mercator position of (lon, lat) in a deck of the given size centred on the view."""
    echelle = 512 * 2**v.zoom / (2 * math.pi)

    def y(phi):
        return math.log(math.tan(math.pi / 4 + math.radians(phi) / 2))

    return (largeur / 2 + echelle * math.radians(lon - v.longitude), hauteur / 2 - echelle * (y(lat) - y(v.latitude)))


def largeur_texte(texte: str, taille: float = TAILLE_NOMS) -> float:
    """A generous estimate of a bold sans-serif label's width in px (no font metrics offline)."""
    return 0.62 * taille * len(texte) + 8


def etiquettes(
    communes: pd.DataFrame,
    selection=(),
    v: pdk.ViewState | None = None,
    largeur: float = LARGEUR_CARTE,
    hauteur: float = HAUTEUR_CARTE,
    taille: float = TAILLE_NOMS,
) -> list[dict]:
    """The communes whose name is written on the map: placed by priority (the selected communes,
    then by population) and kept only when their box overlaps no label already placed, at the
    map's opening view; the others are named by the tooltip on hover. In the urban core the
    small communes between Arras and its neighbours give way."""
    v = v or vue(communes)
    places: list[tuple[float, float, float, float]] = []
    choisies = set(selection)
    lignes = [c for c in communes.itertuples() if not pd.isna(c.longitude) and not pd.isna(c.latitude)]
    lignes.sort(
        key=lambda c: (c.code_insee not in choisies, -(0 if pd.isna(c.population) else float(c.population)), c.nom)
    )
    sortie = []
    for c in lignes:
        x, y = _pixel(float(c.longitude), float(c.latitude), v, largeur, hauteur)
        demi_l, demi_h = largeur_texte(c.nom, taille) / 2, taille * 0.8
        boite = (x - demi_l, y - demi_h, x + demi_l, y + demi_h)
        if boite[0] < 0 or boite[2] > largeur or boite[1] < 0 or boite[3] > hauteur:
            continue  # a name cut by the map's edge: on hover only
        if any(not (boite[2] < b[0] or b[2] < boite[0] or boite[3] < b[1] or b[3] < boite[1]) for b in places):
            continue
        places.append(boite)
        sortie.append({"code_insee": c.code_insee, "nom": c.nom, "position": [float(c.longitude), float(c.latitude)]})
    return sortie


# Kept per content of its arguments: the deck's GeoJSON, labels and view cost ~16 ms a view, and
# st.pydeck_chart only reads the Deck (to_json), so every session can be handed the same one.
@memoire.pur
def deck(
    communes: pd.DataFrame,
    t: pd.DataFrame,
    cle: str,
    limites: list[float],
    selection: tuple[str, ...] = (),
    qpv: pd.DataFrame | None = None,
) -> pdk.Deck:
    """The offline deck: filled communes, outline of the selection, QPV outlines, names."""
    fc = geojson(communes, t, cle, limites, selection)
    couches = [
        pdk.Layer(
            "GeoJsonLayer",
            id=ID_COUCHE,
            data=fc,
            pickable=True,
            stroked=True,
            filled=True,
            get_fill_color="properties.couleur",
            get_line_color=[255, 255, 255, 255],
            line_width_min_pixels=1,
            auto_highlight=True,
            highlight_color=[255, 255, 255, 110],
        )
    ]
    choisies = {"type": "FeatureCollection", "features": [f for f in fc["features"] if f["properties"]["selectionnee"]]}
    if choisies["features"]:
        couches.append(
            pdk.Layer(
                "GeoJsonLayer",
                id="selection",
                data=choisies,
                pickable=False,
                stroked=True,
                filled=False,
                get_line_color=rgb(CONTOUR_SELECTION),
                line_width_min_pixels=3,
            )
        )
    if qpv is not None and not qpv.empty:
        couches.append(
            pdk.Layer(
                "GeoJsonLayer",
                id="qpv",
                data=contours(qpv["geometrie_wkt"]),
                pickable=False,
                stroked=True,
                filled=False,
                get_line_color=rgb(CONTOUR_QPV),
                line_width_min_pixels=2,
            )
        )
    couches.append(
        pdk.Layer(
            "TextLayer",
            id="noms",
            data=etiquettes(communes, selection),
            get_position="position",
            get_text="nom",
            get_size=TAILLE_NOMS,
            # Quoted: pydeck turns a bare string into an accessor expression ("@@=auto").
            size_units='"pixels"',
            get_color=[17, 17, 17, 255],
            character_set='"auto"',
            font_family='"sans-serif"',
            font_weight=600,
            # A white label box: dark text stays readable on the darkest class. (deck.gl's SDF outline
            # width is a fraction of the glyph buffer, at most 1: the former value 2 drew nothing.)
            background=True,
            get_background_color=[255, 255, 255, 215],
            background_padding=[3, 1, 3, 1],
            pickable=False,
        )
    )
    return pdk.Deck(
        layers=couches,
        initial_view_state=vue(communes),
        map_provider=None,
        # Streamlit's frontend loads a Carto basemap style (cartocdn.com) whenever a MapView has
        # no map style. Its sentinel "__MAP_STYLE__" is the one value that makes it draw no
        # basemap at all: the map stays offline (checked by tests/test_navigateur_carte.py).
        map_style=PAS_DE_FOND,
        tooltip={
            "html": "<b>{nom}</b><br/>{valeur_texte}<br/><span style='font-size:0.85em'>{detail}</span>"
            "<br/><i>{statut}</i>",
            "style": {
                "backgroundColor": couleurs.FOND,
                "color": couleurs.CONTOUR,
                "border": "1px solid #999",
                "fontSize": "13px",
                "padding": "6px",
            },
        },
    )


def basculer(selection, code: str | None) -> list[str]:
    """A click on the map: the commune joins the selection, or leaves it when already in."""
    selection = list(selection)
    if not code:
        return selection
    return [c for c in selection if c != code] if code in selection else selection + [code]


def commune_choisie(etat) -> str | None:
    """The INSEE code of the commune picked on the map (the pydeck selection state), if any."""
    try:
        objets = etat["selection"]["objects"].get(ID_COUCHE) or []
    except (KeyError, TypeError, AttributeError):
        return None
    for o in objets:
        props = o.get("properties", o) if isinstance(o, dict) else {}
        code = props.get("code_insee")
        if code:
            return str(code)
    return None


# ---------------------------------------------------------------- export


def csv_excel(df: pd.DataFrame, entete: dict | None = None) -> bytes:
    """CSV for a French Excel (`;`, decimal comma, UTF-8 with BOM) through observatoire.figures.exports,
    optionally preceded by « rubrique;texte » lines (source, millésime, filtres).

    Columns mixing numbers and « secret statistique » are text: their numbers are written here
    with a decimal comma; missing values are left empty, never 0.
    """
    sortie = df.copy().astype("object")
    for c in sortie.columns:
        sortie[c] = [_texte_csv(v) for v in sortie[c]]
    return exports.csv_fr_entete(sortie, entete) if entete else exports.csv_fr(sortie)


def _texte_csv(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    if isinstance(v, bool):
        return "oui" if v else "non"
    if isinstance(v, (int, float)) or hasattr(v, "dtype"):
        x = float(v)
        if x.is_integer():
            return str(int(x))
        return repr(round(x, 6)).replace(".", ",")
    return str(v)


def _libelle_non_renseignes(ind: Indicateur) -> str:
    if ind.cle.startswith("objectif_"):
        return "dont quartile ou statut inconnu (au dénominateur)"
    return "non renseignés (hors dénominateur)"


@memoire.pur
def table_export(t: pd.DataFrame, cle: str, annee: str) -> pd.DataFrame:
    """The map's data table with French headers; hidden values read « secret statistique »."""
    ind = INDICATEURS[cle]
    out = pd.DataFrame(
        {
            "code INSEE": t["code_insee"],
            "commune": t["nom"],
            "indicateur": ind.titre,
            "période / millésime": annee,
            "valeur": t["valeur"].astype("object"),
            f"numérateur ({ind.numerateur})": t["numerateur"].astype("object"),
            f"dénominateur ({ind.denominateur or 'sans objet'})": t["denominateur"].astype("object"),
            "cible": t["cible"],
            "statut": [statut_texte(r) for _, r in t.iterrows()],
        }
    )
    for c in out.columns[4:7]:
        out[c] = [secret.SECRET if s else (None if pd.isna(v) else v) for v, s in zip(out[c], t["secret"])]
    if "non_renseigne" in t:
        out[_libelle_non_renseignes(ind)] = [
            secret.SECRET if s else (None if pd.isna(v) else v) for v, s in zip(t["non_renseigne"], t["secret"])
        ]
    return out


@memoire.pur
def table_affichage(t: pd.DataFrame, cle: str) -> pd.DataFrame:
    """The map's table for the screen: French formats, « secret statistique » in hidden cells."""
    ind = INDICATEURS[cle]
    cache = t["secret"].tolist()
    out = pd.DataFrame(
        {
            "commune": t["nom"],
            "valeur": [fr.valeur_affichee(v, ind.unite, cache=s) for v, s in zip(t["valeur"], cache)],
            f"numérateur ({ind.numerateur})": [
                fr.valeur_affichee(v, "nombre", cache=s) for v, s in zip(t["numerateur"], cache)
            ],
        }
    )
    if ind.denominateur:
        out[f"dénominateur ({ind.denominateur})"] = [
            fr.valeur_affichee(v, "nombre", cache=s) for v, s in zip(t["denominateur"], cache)
        ]
    if ind.cible is not None:
        out["cible"] = ind.texte_cible_court
    if "non_renseigne" in t:
        out[_libelle_non_renseignes(ind)] = [
            fr.valeur_affichee(v, "nombre", cache=s) for v, s in zip(t["non_renseigne"], cache)
        ]
    out["statut"] = [statut_texte(r) for _, r in t.iterrows()]
    return out.sort_values("commune", key=lambda s: s.str.normalize("NFKD")).reset_index(drop=True)


# ---------------------------------------------------------------- the commune fiche

# The fiche's rows: the map's indicators plus the restricted-RPLS ones the map does not draw.
INDICATEURS_FICHE = [i.cle for i in catalogue.sur_la_fiche()]


@memoire.pur
def fiche(
    code: str,
    communes: pd.DataFrame,
    logements: pd.DataFrame,
    objectifs_attribution: pd.DataFrame | None,
    plh: pd.DataFrame | None,
    objectif_plh_cu: float | None,
    seuil: int = secret.SEUIL_PAR_DEFAUT,
    objectifs_cu: dict | None = None,
    logements_tous: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One commune next to the whole CU: one row per indicator, value and « numérateur ÷
    dénominateur » for each, target and status in words.

    The commune's values are the map's (`tableau`, same grid, same secret statistique), so the
    fiche never shows what the map hides. `objectifs_cu`: the legal objectives for the whole CU
    ({n: valeurs.Valeur}), as the Accueil card gives them.
    """
    g = fiche_communes(
        (code,), communes, logements, objectifs_attribution, plh, objectif_plh_cu, seuil, objectifs_cu, logements_tous
    )
    return g.rename(
        columns={f"valeur_{code}": "commune", f"detail_{code}": "commune_detail", f"statut_{code}": "statut_commune"}
    )[["indicateur", "commune", "commune_detail", "cu", "cu_detail", "cible", "statut_commune", "statut_cu"]]


@memoire.pur
def fiche_communes(
    codes,
    communes: pd.DataFrame,
    logements: pd.DataFrame,
    objectifs_attribution: pd.DataFrame | None,
    plh: pd.DataFrame | None,
    objectif_plh_cu: float | None,
    seuil: int = secret.SEUIL_PAR_DEFAUT,
    objectifs_cu: dict | None = None,
    logements_tous: pd.DataFrame | None = None,
    cles=None,
) -> pd.DataFrame:
    """Several communes side by side, each in its own columns (valeur_<code>, detail_<code>,
    statut_<code>), never summed, with the whole CU (cu, cu_detail, statut_cu), one row per
    indicator of `cles` (default: the fiche's). Every commune's cells come from the one grid of
    every commune (`tableau`), so a cell hidden on the map or on Objectifs légaux is hidden here."""
    lignes = []
    cles = list(INDICATEURS_FICHE if cles is None else cles)
    pop_cu = float(communes["population"].sum())
    cu = parc.total(logements)
    par_c, masque_c = parc.par_commune(logements, communes, seuil, ind_tous=logements_tous)
    par_c, masque_c = par_c.set_index("code_insee"), masque_c.set_index(par_c["code_insee"])
    for cle in cles:
        ind = catalogue.INDICATEURS[cle]
        if cle not in INDICATEURS:
            ligne = {"cle": cle}
            for code in codes:
                o = _fiche_officiel(ind, code, par_c, masque_c, cu)
                ligne.update(
                    {
                        f"valeur_{code}": o["commune"],
                        f"detail_{code}": o["commune_detail"],
                        f"statut_{code}": o["statut_commune"],
                    }
                )
            lignes.append({k: o[k] for k in ("indicateur", "cu", "cu_detail", "cible", "statut_cu")} | ligne)
            continue
        t = tableau(
            cle,
            communes,
            logements=logements,
            objectifs_attribution=objectifs_attribution,
            plh=plh,
            seuil=seuil,
            logements_tous=logements_tous,
        ).set_index("code_insee")
        if cle.startswith("objectif_") and objectifs_cu is not None:
            vc = objectifs_cu[int(cle[-1])]
            num_cu, den_cu = vc.numerateur, vc.denominateur
            val_cu = vc.valeur
            statut_cu = catalogue.libelle(vc.statut) + (f" ({vc.precision})" if vc.precision else "")
            cu_detail = secret.SECRET if vc.cache else _detail_cu(num_cu, den_cu, ind)
        else:
            num_cu, den_cu = _cu(cle, cu, objectifs_attribution, plh, pop_cu, objectif_plh_cu)
            val_cu = None
            if ind.comptes[1] is None:
                val_cu = num_cu
            elif ind.unite == catalogue.POURMILLE:
                val_cu = parc.pour_mille(num_cu, den_cu)
            elif den_cu:
                val_cu = num_cu / den_cu
            statut_cu = "" if ind.cible is None else catalogue.libelle(ind.statut(num_cu, den_cu))
            cu_detail = _detail_cu(num_cu, den_cu, ind)
        ligne = {
            "cle": cle,
            "indicateur": ind.titre,
            "cu": secret.SECRET if val_cu is None and cu_detail == secret.SECRET else formater(val_cu, ind.unite),
            "cu_detail": cu_detail,
            "cible": ind.texte_cible_court if ind.cible is not None else "aucune",
            "statut_cu": statut_cu,
        }
        for code in codes:
            v = t.loc[code]
            ligne.update(
                {
                    f"valeur_{code}": fr.valeur_affichee(v["valeur"], ind.unite, cache=v["secret"]),
                    f"detail_{code}": detail(v, ind),
                    f"statut_{code}": "" if v["statut"] == catalogue.SANS_CIBLE else statut_texte(v),
                }
            )
        lignes.append(ligne)
    return pd.DataFrame(lignes)


def _cu(cle, cu: pd.Series, attrib, plh, pop_cu, objectif_plh_cu):
    """Numerator and denominator for the whole CU, from the catalogue entry's counts (`cu`: stock
    counts summed, parc.total)."""
    ind = INDICATEURS[cle]
    col_num, col_den = ind.comptes
    if ind.requete == "parc_indicateurs":
        comptes = cu.copy()
        comptes["dpe_connu"] = cu["logements"] - cu["dpe_inconnu"]
        comptes["population"] = pop_cu
        return _nombre(comptes[col_num]), (None if col_den is None else _nombre(comptes[col_den]))
    if ind.requete == "carte_taux_plh":
        autorises = None if plh is None or plh.empty else float(plh[col_num].sum())
        return autorises, objectif_plh_cu
    if attrib is None or attrib.empty:
        return 0, 0
    return int(attrib[col_num].sum()), int(attrib[col_den].sum())


def _nombre(x):
    x = float(x)
    return int(x) if x.is_integer() else x


def _detail_cu(num, den, ind: Indicateur) -> str:
    if ind.comptes and ind.comptes[1] is None:
        return f"{fr.nombre(num)} {ind.numerateur}"
    return f"{fr.nombre(num)} {ind.numerateur} ÷ {fr.nombre(den)} {ind.denominateur}"


# Restricted-RPLS indicators shown on the fiche but not on the map: (count columns, rate column
# of parc.par_commune, the ratio function for the whole CU).
_OFFICIELS = {
    "loyer_moyen": ("somme_loyers", "somme_surfaces", "loyer_m2", parc.loyer_moyen),
}


def _fiche_officiel(ind: Indicateur, code, par_c, masque_c, cu: pd.Series) -> dict:
    n, d, col, ratio = _OFFICIELS[ind.cle]
    r = ratio(cu)
    fmt = lambda x: formater(x, ind.unite)  # noqa: E731
    mots = (ind.numerateur, ind.denominateur)
    if code in par_c.index:
        cache = bool(masque_c.loc[code, col])
        v = par_c.loc[code]
        valeur = secret.SECRET if cache else fmt(v[col])
        det = secret.SECRET if cache else f"{fr.nombre(v[n])} {mots[0]} ÷ {fr.nombre(v[d])} {mots[1]}"
        statut = catalogue.libelle(catalogue.SECRET) if cache else ""
    else:
        valeur, det, statut = fr.MANQUANT, "sans parc social", catalogue.libelle(catalogue.SANS_OBJET)
    return {
        "indicateur": ind.titre,
        "commune": valeur,
        "commune_detail": det,
        "cu": fmt(r.taux),
        "cu_detail": f"{fr.nombre(r.numerateur)} {mots[0]} ÷ {fr.nombre(r.denominateur)} {mots[1]}",
        "cible": "aucune",
        "statut_commune": statut,
        "statut_cu": "",
    }


def titre_legende_html(cle: str) -> str:
    """The legend's heading, escaped for the HTML legend beside the map."""
    return html.escape(titre_legende(cle))


def phrase_table(ind: Indicateur) -> str:
    """The caption of the map's table: what its columns are."""
    return (
        f"Les 46 communes : {ind.titre.lower()}, numérateur ({ind.numerateur}) et dénominateur "
        f"({ind.denominateur or 'sans objet'})"
        + (f", cible {ind.texte_cible_court}" if ind.cible is not None else "")
        + ", statut en toutes lettres."
    )
