"""The commune map: indicator per commune, class breaks, colours, GeoJSON and the pydeck deck.

Offline by design: the communes' outlines come from the database (communes.geometrie_wkt, WGS84)
and the deck has no basemap (map_provider=None, no tiles). No Streamlit here.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk
import shapely
from shapely.geometry import mapping

from observatoire import formats as fr
from observatoire import exports, parc, secret

# Colour-blind-safe sequential blues (ColorBrewer « Blues », 5 classes), light to dark.
PALETTE = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
GRIS_SECRET = "#8c8c8c"  # hidden value (secret statistique)
GRIS_SANS = "#f2f2f2"  # no value (no stock, no target, no data)
CONTOUR_SELECTION = "#111111"
CONTOUR_QPV = "#e69f00"  # orange of the Okabe-Ito palette
ID_COUCHE = "communes"
PAS_DE_FOND = "__MAP_STYLE__"

ATTEINT, NON_ATTEINT = "objectif atteint", "objectif non atteint"
SANS_OBJECTIF = "pas d'objectif communal"
SANS_PARC = "sans parc social"
SANS_DONNEE = "aucune donnée"
SANS_ATTRIBUTION = "aucune attribution concernée"


@dataclass(frozen=True)
class Indicateur:
    cle: str
    titre: str
    source: str
    format: str  # nombre, pourmille, pourcent
    numerateur: str = ""
    denominateur: str = ""
    cible: float | None = None
    definition: str = ""


INDICATEURS: dict[str, Indicateur] = {
    i.cle: i
    for i in [
        Indicateur("parc", "Logements sociaux (stock au 1er janvier)", "RPLS (SDES)", "nombre",
                   "logements sociaux", "", None, "Nombre de logements sociaux au 1er janvier du millésime."),
        Indicateur("poids_social", "Logements sociaux pour 1 000 habitants", "RPLS (SDES), population municipale (INSEE)",
                   "pourmille", "logements sociaux", "habitants", None, parc.FORMULE_POIDS),
        Indicateur("part_qpv", "Part du parc social situé en QPV", "RPLS (SDES)", "pourcent",
                   "logements en QPV", "logements sociaux", None,
                   "Logements sociaux situés en quartier prioritaire ÷ logements sociaux de la commune."),
        Indicateur("vacance", "Taux de vacance de plus de 3 mois", "RPLS (SDES), fichier restreint", "pourcent",
                   "vacants > 3 mois", "loués ou vacants", None, parc.FORMULE_VACANCE),
        Indicateur("dpe_efg", "Part des logements classés E, F ou G (DPE énergie)", "RPLS (SDES)", "pourcent",
                   "logements E, F ou G", "logements sociaux", None,
                   "Logements de classe énergie E, F ou G ÷ tous les logements sociaux (les logements sans DPE "
                   "restent au dénominateur)."),
        Indicateur("taux_plh", "Taux de réalisation du PLH (logements autorisés)", "Sitadel (SDES), objectifs du PLH",
                   "pourcent", "logements autorisés cumulés", "objectif communal de la période", 1.0,
                   "Logements autorisés cumulés sur les années du PLH ÷ objectif communal de la période du PLH "
                   "(objectif annuel × 6 ans)."),
        Indicateur("objectif_1", "Objectif légal 1 : hors QPV, 1er quartile ou relogés ANRU", "SNE / bailleurs", "pourcent",
                   "baux signés hors QPV au 1er quartile ou relogés ANRU", "baux signés hors QPV (renseignés)", 0.25,
                   "Attributions hors QPV suivies d'un bail signé, à un ménage du 1er quartile ou relogé ANRU/NPNRU "
                   "÷ attributions hors QPV suivies d'un bail signé. Cible légale : au moins 25 %."),
        Indicateur("objectif_2", "Objectif légal 2 : en QPV, quartiles 2 à 4", "SNE / bailleurs", "pourcent",
                   "attributions en QPV hors 1er quartile", "attributions en QPV (renseignées)", 0.50,
                   "Attributions en QPV (bail signé ou non) à des ménages hors 1er quartile ÷ attributions en QPV. "
                   "Cible légale : au moins 50 %."),
        Indicateur("objectif_3", "Objectif légal 3 : publics prioritaires", "SNE / bailleurs", "pourcent",
                   "attributions à des publics prioritaires", "attributions (renseignées)", 0.25,
                   "Attributions à des ménages DALO ou prioritaires (L.441-1) ÷ attributions, tous réservataires de "
                   "la commune confondus (la loi fixe la cible par réservataire). Cible légale : au moins 25 %."),
    ]
}


def formater(valeur, format_: str) -> str:
    if valeur is None or pd.isna(valeur):
        return fr.MANQUANT
    if format_ == "pourcent":
        return fr.pourcent(valeur)
    if format_ == "pourmille":
        return f"{fr.nombre(valeur, 1)} ‰"
    return fr.nombre(valeur)


# ---------------------------------------------------------------- one value per commune


def tableau(
    cle: str,
    communes: pd.DataFrame,
    logements: pd.DataFrame | None = None,
    objectifs_attribution: pd.DataFrame | None = None,
    plh: pd.DataFrame | None = None,
    seuil: int = secret.SEUIL_PAR_DEFAUT,
) -> pd.DataFrame:
    """The indicator for each of the communes: value, numerator, denominator, target, status.

    - `communes`: code_insee, nom, population (query carte_communes);
    - `logements`: stock counts per commune, one vintage (parc_indicateurs, par_commune);
    - `objectifs_attribution`: per-commune counts (carte_objectifs_attribution);
    - `plh`: per-commune cumulated authorisations and target (carte_taux_plh).
    Rates on fewer than `seuil` dwellings or households (vacancy, attribution objectives) are
    hidden with secondary suppression: `secret` is True and `statut` says « secret statistique ».
    """
    ind = INDICATEURS[cle]
    t = communes[["code_insee", "nom"]].copy()
    num = den = None
    secretise = False
    if cle in ("parc", "poids_social", "part_qpv", "vacance", "dpe_efg"):
        colonnes = ["code_insee", "logements", "en_qpv", "efg", "vacants_3_mois", "loues_ou_vacants"]
        base = logements[colonnes] if logements is not None else pd.DataFrame(columns=colonnes)
        t = t.merge(base, on="code_insee", how="left")
        t["logements"] = t["logements"].fillna(0).astype(int)
        if cle == "parc":
            num, den = t["logements"], None
        elif cle == "poids_social":
            pop = communes.set_index("code_insee")["population"]
            num, den = t["logements"], t["code_insee"].map(pop)
        elif cle == "part_qpv":
            num, den = t["en_qpv"].fillna(0), t["logements"]
        elif cle == "dpe_efg":
            num, den = t["efg"].fillna(0), t["logements"]
        else:
            num, den = t["vacants_3_mois"].fillna(0), t["loues_ou_vacants"].fillna(0)
            secretise = True
    elif cle == "taux_plh":
        p = (plh if plh is not None else pd.DataFrame(columns=["code_insee", "autorises", "objectif"]))
        t = t.merge(p[["code_insee", "autorises", "objectif"]], on="code_insee", how="left")
        num, den = t["autorises"], t["objectif"]
    else:
        n = cle[-1]
        a = objectifs_attribution if objectifs_attribution is not None else pd.DataFrame(columns=["code_insee"])
        cols = [f"obj{n}_num", f"obj{n}_den", f"obj{n}_nr"]
        a = a.reindex(columns=["code_insee"] + cols)
        t = t.merge(a, on="code_insee", how="left")
        for c in cols:
            t[c] = t[c].fillna(0).astype(int)
        num, den = t[f"obj{n}_num"], t[f"obj{n}_den"]
        t["non_renseigne"] = t[f"obj{n}_nr"]
        secretise = True

    t["numerateur"] = pd.to_numeric(num, errors="coerce").astype("float64")
    t["denominateur"] = pd.to_numeric(den, errors="coerce").astype("float64") if den is not None else float("nan")
    if cle == "parc":
        t["valeur"] = t["numerateur"]
    elif cle == "poids_social":
        t["valeur"] = [parc.pour_mille(a, b) for a, b in zip(t["numerateur"], t["denominateur"])]
    else:
        t["valeur"] = (t["numerateur"] / t["denominateur"]).where(t["denominateur"] > 0)
    t["valeur"] = pd.to_numeric(t["valeur"], errors="coerce").astype("float64")
    t["cible"] = ind.cible
    t["secret"] = False
    if secretise:
        _, masque = parc.masquer_taux(t[["denominateur", "numerateur", "valeur"]], "denominateur",
                                      ["numerateur", "valeur"], seuil=seuil)
        t["secret"] = masque["denominateur"].to_numpy()
        for c in ("numerateur", "denominateur", "valeur"):
            t.loc[t["secret"], c] = float("nan")
    t["statut"] = [_statut(cle, r) for r in t.itertuples()]
    keep = ["code_insee", "nom", "valeur", "numerateur", "denominateur", "cible", "statut", "secret"]
    if "non_renseigne" in t:
        t.loc[t["secret"], "non_renseigne"] = pd.NA
        keep.append("non_renseigne")
    return t[keep].reset_index(drop=True)


def _statut(cle: str, r) -> str:
    if r.secret:
        return secret.SECRET
    if cle == "taux_plh" and (r.denominateur is None or pd.isna(r.denominateur)):
        return SANS_OBJECTIF
    if cle in ("part_qpv", "vacance", "dpe_efg") and not (r.denominateur > 0):
        return SANS_PARC
    if cle == "parc" and r.valeur == 0:
        return SANS_PARC
    if cle.startswith("objectif_") and not (r.denominateur > 0):
        return SANS_ATTRIBUTION
    if pd.isna(r.valeur):
        return SANS_DONNEE
    if r.cible is not None and not pd.isna(r.cible):
        return ATTEINT if r.valeur >= r.cible - 1e-12 else NON_ATTEINT
    return ""


# ---------------------------------------------------------------- classes and colours


def bornes(valeurs: pd.Series, cle: str, n: int = 5) -> list[float]:
    """Upper-exclusive class breaks (n-1 inner bounds).

    With a target (PLH, legal objectives), fixed breaks around it: 40 %, 80 %, 100 % and 120 %
    of the target, so « reached » is exactly the two darkest classes. Otherwise quantiles of the
    shown values, rounded to a readable step; duplicate bounds are dropped.
    """
    cible = INDICATEURS[cle].cible
    if cible is not None:
        return [round(cible * k, 6) for k in (0.4, 0.8, 1.0, 1.2)]
    v = pd.to_numeric(valeurs, errors="coerce").dropna()
    v = v[v > 0] if cle in ("parc", "poids_social", "part_qpv") else v
    if v.empty:
        return []
    qs = [float(v.quantile(k / n)) for k in range(1, n)]
    pas = _pas(cle, float(v.max()))
    out: list[float] = []
    for q in qs:
        b = math.ceil(q / pas) * pas
        b = round(b, 6)
        if b > 0 and (not out or b > out[-1]):
            out.append(b)
    return out


def _pas(cle: str, maximum: float) -> float:
    if INDICATEURS[cle].format == "pourcent":
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


def couleur(valeur, limites: list[float]) -> str:
    k = classe(valeur, limites)
    if k is None:
        return GRIS_SANS
    # Spread fewer classes across the whole palette so the darkest always means « highest ».
    nb = len(limites) + 1
    idx = round(k * (len(PALETTE) - 1) / (nb - 1)) if nb > 1 else len(PALETTE) - 1
    return PALETTE[idx]


def legende(cle: str, limites: list[float]) -> pd.DataFrame:
    """One row per class: colour, bounds in words; then the grey categories."""
    ind = INDICATEURS[cle]
    f = lambda x: formater(x, ind.format)  # noqa: E731
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
        if ind.cible is not None:
            texte += " — " + (ATTEINT if bas is not None and bas >= ind.cible - 1e-12 else NON_ATTEINT)
        lignes.append({"couleur": couleur(bas if bas is not None else (haut - 1e-9 if haut is not None else 0), limites),
                       "classe": texte})
    lignes.append({"couleur": GRIS_SECRET, "classe": "secret statistique (moins de 11 logements ou ménages)"})
    sans = {"taux_plh": SANS_OBJECTIF, "objectif_1": SANS_ATTRIBUTION, "objectif_2": SANS_ATTRIBUTION,
            "objectif_3": SANS_ATTRIBUTION}.get(cle, "sans parc social")
    lignes.append({"couleur": GRIS_SANS, "classe": sans})
    return pd.DataFrame(lignes)


def rgb(hexa: str, alpha: int = 255) -> list[int]:
    h = hexa.lstrip("#")
    return [int(h[i:i + 2], 16) for i in (0, 2, 4)] + [alpha]


# ---------------------------------------------------------------- GeoJSON and deck


def geometrie(wkt: str | None):
    if wkt is None or (isinstance(wkt, float) and math.isnan(wkt)) or not str(wkt).strip():
        return None
    return shapely.from_wkt(wkt)


def geojson(communes: pd.DataFrame, t: pd.DataFrame, cle: str, limites: list[float],
            selection: tuple[str, ...] = ()) -> dict:
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
        teinte = GRIS_SECRET if est_secret else couleur(valeur, limites)
        features.append({
            "type": "Feature",
            "geometry": mapping(g),
            "properties": {
                "code_insee": c.code_insee,
                "nom": c.nom,
                "valeur_texte": secret.SECRET if est_secret else formater(valeur, ind.format),
                "detail": detail(v, ind) if v is not None else "",
                "statut": "" if v is None else (v["statut"] or ""),
                "couleur": rgb(teinte, 230),
                "selectionnee": c.code_insee in selection,
            },
        })
    return {"type": "FeatureCollection", "features": features}


def detail(v, ind: Indicateur) -> str:
    """Numerator and denominator in words, for the tooltip and the table."""
    if v["secret"]:
        return secret.SECRET
    num, den = v["numerateur"], v["denominateur"]
    if ind.cle == "parc":
        return f"{fr.nombre(num)} {ind.numerateur}"
    if den is None or pd.isna(den):
        return f"{fr.nombre(num)} {ind.numerateur} · {ind.denominateur} : {fr.MANQUANT}"
    return f"{fr.nombre(num)} {ind.numerateur} ÷ {fr.nombre(den)} {ind.denominateur}"


def contours(wkts: pd.Series) -> dict:
    feats = [{"type": "Feature", "geometry": mapping(g), "properties": {}}
             for g in (geometrie(w) for w in wkts) if g is not None]
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


def deck(communes: pd.DataFrame, t: pd.DataFrame, cle: str, limites: list[float],
         selection: tuple[str, ...] = (), qpv: pd.DataFrame | None = None) -> pdk.Deck:
    """The offline deck: filled communes, outline of the selection, QPV outlines, names."""
    fc = geojson(communes, t, cle, limites, selection)
    couches = [
        pdk.Layer(
            "GeoJsonLayer", id=ID_COUCHE, data=fc, pickable=True, stroked=True, filled=True,
            get_fill_color="properties.couleur", get_line_color=[255, 255, 255, 255],
            line_width_min_pixels=1, auto_highlight=True, highlight_color=[255, 255, 255, 110],
        )
    ]
    choisies = {"type": "FeatureCollection", "features": [f for f in fc["features"] if f["properties"]["selectionnee"]]}
    if choisies["features"]:
        couches.append(pdk.Layer(
            "GeoJsonLayer", id="selection", data=choisies, pickable=False, stroked=True, filled=False,
            get_line_color=rgb(CONTOUR_SELECTION), line_width_min_pixels=3,
        ))
    if qpv is not None and not qpv.empty:
        couches.append(pdk.Layer(
            "GeoJsonLayer", id="qpv", data=contours(qpv["geometrie_wkt"]), pickable=False, stroked=True,
            filled=False, get_line_color=rgb(CONTOUR_QPV), line_width_min_pixels=2,
        ))
    noms = [{"nom": c.nom, "position": [c.longitude, c.latitude]} for c in communes.itertuples()
            if not pd.isna(c.longitude) and not pd.isna(c.latitude)]
    couches.append(pdk.Layer(
        "TextLayer", id="noms", data=noms, get_position="position", get_text="nom", get_size=10,
        # Quoted: pydeck turns a bare string into an accessor expression ("@@=auto").
        size_units='"pixels"', get_color=[20, 20, 20, 255], character_set='"auto"', font_family='"sans-serif"',
        font_weight=600, outline_width=2, outline_color=[255, 255, 255, 255],
        font_settings={"sdf": True}, pickable=False,
    ))
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
            "style": {"backgroundColor": "#ffffff", "color": "#111111", "border": "1px solid #999",
                      "fontSize": "13px", "padding": "6px"},
        },
    )


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
    """CSV for a French Excel (`;`, decimal comma, UTF-8 with BOM) through observatoire.exports,
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


def table_export(t: pd.DataFrame, cle: str, annee: str) -> pd.DataFrame:
    """The map's data table with French headers; hidden values read « secret statistique »."""
    ind = INDICATEURS[cle]
    out = pd.DataFrame({
        "code INSEE": t["code_insee"],
        "commune": t["nom"],
        "indicateur": ind.titre,
        "période / millésime": annee,
        "valeur": t["valeur"].astype("object"),
        f"numérateur ({ind.numerateur})": t["numerateur"].astype("object"),
        f"dénominateur ({ind.denominateur or 'sans objet'})": t["denominateur"].astype("object"),
        "cible": t["cible"],
        "statut": t["statut"],
    })
    for c in out.columns[4:7]:
        out[c] = [secret.SECRET if s else (None if pd.isna(v) else v) for v, s in zip(out[c], t["secret"])]
    if "non_renseigne" in t:
        out["non renseignés (hors dénominateur)"] = [secret.SECRET if s else v for v, s in zip(t["non_renseigne"], t["secret"])]
    return out


def table_affichage(t: pd.DataFrame, cle: str) -> pd.DataFrame:
    """The map's table for the screen: French formats, « secret statistique » in hidden cells."""
    ind = INDICATEURS[cle]
    cache = t["secret"].tolist()
    out = pd.DataFrame({
        "commune": t["nom"],
        "valeur": [secret.SECRET if s else formater(v, ind.format) for v, s in zip(t["valeur"], cache)],
        f"numérateur ({ind.numerateur})": [secret.SECRET if s else formater(v, "nombre") for v, s in zip(t["numerateur"], cache)],
    })
    if ind.denominateur:
        out[f"dénominateur ({ind.denominateur})"] = [secret.SECRET if s else formater(v, "nombre")
                                                      for v, s in zip(t["denominateur"], cache)]
    if ind.cible is not None:
        out["cible"] = formater(ind.cible, ind.format)
    if "non_renseigne" in t:
        out["non renseignés"] = [secret.SECRET if s else formater(v, "nombre") for v, s in zip(t["non_renseigne"], cache)]
    out["statut"] = t["statut"]
    return out.sort_values("commune", key=lambda s: s.str.normalize("NFKD")).reset_index(drop=True)


# ---------------------------------------------------------------- the commune fiche

INDICATEURS_FICHE = ["parc", "poids_social", "part_qpv", "vacance", "mobilite", "loyer", "dpe_efg",
                     "taux_plh", "objectif_1", "objectif_2", "objectif_3"]


def fiche(
    code: str,
    communes: pd.DataFrame,
    logements: pd.DataFrame,
    objectifs_attribution: pd.DataFrame | None,
    plh: pd.DataFrame | None,
    objectif_plh_cu: float | None,
    seuil: int = secret.SEUIL_PAR_DEFAUT,
) -> pd.DataFrame:
    """One commune next to the whole CU: one row per indicator, value and « numérateur ÷
    dénominateur » for each, target and status in words.

    The commune's values are those of the map (`tableau`, same secret statistique), so the fiche
    never shows what the map hides. Mobility and rent are not on the map: they are hidden below
    the threshold with the same rule (`parc.par_commune`).
    """
    lignes = []
    pop_cu = float(communes["population"].sum())
    cu = parc.total(logements)
    par_c, masque_c = parc.par_commune(logements, communes, seuil)
    par_c, masque_c = par_c.set_index("code_insee"), masque_c.set_index(par_c["code_insee"])
    for cle in INDICATEURS_FICHE:
        if cle in ("mobilite", "loyer"):
            ligne = _fiche_officiel(cle, code, par_c, masque_c, cu)
        else:
            ind = INDICATEURS[cle]
            t = tableau(cle, communes, logements=logements, objectifs_attribution=objectifs_attribution, plh=plh,
                        seuil=seuil).set_index("code_insee")
            v = t.loc[code]
            num_cu, den_cu = _cu(cle, cu, objectifs_attribution, plh, pop_cu, objectif_plh_cu)
            val_cu = None
            if cle == "parc":
                val_cu = num_cu
            elif cle == "poids_social":
                val_cu = parc.pour_mille(num_cu, den_cu)
            elif den_cu:
                val_cu = num_cu / den_cu
            ligne = {
                "indicateur": ind.titre,
                "commune": secret.SECRET if v["secret"] else formater(v["valeur"], ind.format),
                "commune_detail": detail(v, ind),
                "cu": formater(val_cu, ind.format),
                "cu_detail": _detail_cu(num_cu, den_cu, ind),
                "cible": formater(ind.cible, ind.format) if ind.cible is not None else "aucune",
                "statut_commune": v["statut"] or "",
                "statut_cu": ("" if val_cu is None or ind.cible is None
                              else (ATTEINT if val_cu >= ind.cible - 1e-12 else NON_ATTEINT)),
            }
        lignes.append(ligne)
    return pd.DataFrame(lignes)


def _cu(cle, cu: pd.Series, attrib, plh, pop_cu, objectif_plh_cu):
    """Numerator and denominator for the whole CU (`cu`: stock counts summed, parc.total)."""
    if cle == "parc":
        return int(cu["logements"]), None
    if cle == "poids_social":
        return int(cu["logements"]), pop_cu
    ratio = {"part_qpv": parc.part_qpv, "dpe_efg": parc.part_efg, "vacance": parc.taux_vacance}.get(cle)
    if ratio is not None:
        r = ratio(cu)
        return r.numerateur, r.denominateur
    if cle == "taux_plh":
        autorises = None if plh is None or plh.empty else float(plh["autorises"].sum())
        return autorises, objectif_plh_cu
    n = cle[-1]
    if attrib is None or attrib.empty:
        return 0, 0
    return int(attrib[f"obj{n}_num"].sum()), int(attrib[f"obj{n}_den"].sum())


def _detail_cu(num, den, ind: Indicateur) -> str:
    if ind.cle == "parc":
        return f"{fr.nombre(num)} {ind.numerateur}"
    return f"{fr.nombre(num)} {ind.numerateur} ÷ {fr.nombre(den)} {ind.denominateur}"


def _fiche_officiel(cle, code, par_c, masque_c, cu: pd.Series) -> dict:
    if cle == "mobilite":
        titre, n, d, col, f_ = "Taux de mobilité", "baux_annee_precedente", "base_mobilite", "taux_mobilite", "pourcent"
        r = parc.taux_mobilite(cu)
        mots = ("baux signés en N-1", "loués ou vacants mis en location avant N-1")
    else:
        titre, n, d, col, f_ = "Loyer moyen (€/m² par mois)", "somme_loyers", "somme_surfaces", "loyer_m2", "euros"
        r = parc.loyer_moyen(cu)
        mots = ("€ de loyers", "m² loués")
    fmt = (lambda x: f"{fr.euros(x)}/m²" if not pd.isna(x) else fr.MANQUANT) if f_ == "euros" else (lambda x: formater(x, f_))
    if code in par_c.index:
        cache = bool(masque_c.loc[code, col])
        v = par_c.loc[code]
        valeur = secret.SECRET if cache else fmt(v[col])
        det = secret.SECRET if cache else f"{fr.nombre(v[n])} {mots[0]} ÷ {fr.nombre(v[d])} {mots[1]}"
        statut = secret.SECRET if cache else ""
    else:
        valeur, det, statut = fr.MANQUANT, SANS_PARC, SANS_PARC
    return {
        "indicateur": titre, "commune": valeur, "commune_detail": det, "cu": fmt(r.taux),
        "cu_detail": f"{fr.nombre(r.numerateur)} {mots[0]} ÷ {fr.nombre(r.denominateur)} {mots[1]}",
        "cible": "aucune", "statut_commune": statut, "statut_cu": "",
    }
