"""QPV: the national list of quartiers (2024 or 2015) and their contours (GeoJSON, zipped
shapefile)."""

from __future__ import annotations

import re
import zipfile

import pandas as pd

from observatoire.base.chemins import REFERENCE
from observatoire.chargement import dispositions, sources
from observatoire.chargement.assemblage import Reference, assembler, provenance_unique
from observatoire.chargement.lecture import detecter_csv, lire_csv, texte_max_octets, verifier_zip
from observatoire.chargement.sources import Rejet
from observatoire.chargement.types_de_fichier import Apercu, ErreurImport


def communes_de_cellule(valeur) -> list[str]:
    """« 62004, 62041 », « 62004;62041 » or the Excel formula cell of the data.gouv.fr list
    (once unquoted by the CSV reader: =« "62004;62041" ») → ['62004', '62041']."""
    t = str(valeur if valeur is not None else "").strip()
    if t.startswith("="):
        t = t[1:]
    t = t.replace('"', "").strip()
    codes = [c for c in re.split(r"[;,\s/|]+", t) if c]
    return list(sources.commune_normalisee(pd.Series(codes, dtype="object"))) if codes else []


def _analyser_qpv_liste(chemin, nom, ref, millesime, progres) -> Apercu:
    """The national list of the QPV: 2024 (code_qp;lib_qp;…;insee_com;…) or 2015 (CODE_QP;
    NOM_QP;COMMUNE_QP). Fills the codes, names and communes of the reference; adds a quartier of
    a CUA commune the reference lacks. The contours are not touched."""
    fmt = detecter_csv(chemin, nom, progres)
    cles = {dispositions.cle_colonne(c): c for c in fmt.entete}
    col_code = cles.get("code_qp") or cles.get("code")
    col_nom = cles.get("lib_qp") or cles.get("nom_qp")
    col_communes = cles.get("insee_com") or cles.get("commune_qp")
    if not (col_code and col_communes):
        raise ErreurImport(
            dispositions.message_aucune(
                nom,
                fmt.entete,
                "qpv",
                "liste de QPV",
                prefixe="colonnes du code du quartier et de ses communes introuvables",
            )
        )
    disposition = dispositions.reconnaitre(fmt.entete, "qpv")
    lecture = lire_csv(chemin, nom, fmt, {c: c for c in fmt.entete}, None, set(), progres)
    brut = lecture.brut
    c = sources.Controle(brut, lecture.lignes)
    code = c.texte(col_code).str.upper()
    c.signaler(
        ~code.str.match(sources.CODE_QPV),
        col_code,
        "n'est pas un code de quartier prioritaire",
        "QN suivi de 5 chiffres et d'une lettre (2024, ex. QN06259M) ou QP suivi de 6 chiffres (2015, ex. QP062061)",
    )
    # the 2015 list may name the communes (« Arras ») instead of giving their codes
    par_nom = {nom_cle(n): code for code, n in ref.communes.items()}
    communes = c.texte(col_communes).map(
        lambda v: (
            communes_de_cellule(v)
            if re.search(r"\d{4}", v)
            else ([par_nom.get(nom_cle(x), x) for x in re.split(r"\s*[;,/]\s*", v) if x] if v else [])
        )
    )
    c.signaler(
        (communes.map(len) == 0) & ~c.rejete,
        col_communes,
        "ne donne aucune commune",
        "le ou les codes INSEE des communes du quartier (« 62004;62041 »)",
    )
    mal = communes.map(lambda l: any(not sources.CODE_COMMUNE.match(x) for x in l))
    c.signaler(mal & ~c.rejete, col_communes, "contient un code commune mal formé", "des codes INSEE de 5 caractères")
    prefixes = set(code[~c.rejete].str.slice(0, 2))
    geographie = 2024 if prefixes == {"QN"} else 2015 if prefixes == {"QP"} else None
    if geographie is None:
        if prefixes:
            raise ErreurImport(
                f"{nom} : la liste mêle des codes QN (géographie 2024) et QP (géographie 2015) ; "
                "attendu une seule géographie par fichier."
            )
        geographie = 2024 if "lib_qp" in cles or "insee_com" in cles else 2015
    avert = []
    if millesime is not None and millesime != geographie:
        avert.append(f"les codes indiquent la géographie {geographie} ; l'option --millesime {millesime} est ignorée.")
    dans = communes.map(lambda l: bool(set(l) & set(ref.communes)))
    hors = ~dans & ~c.rejete
    garde = dans & ~c.rejete
    donnees = pd.DataFrame(
        {
            "geographie": geographie,
            "code_qpv": code[garde],
            "nom": (c.texte(col_nom)[garde] if col_nom else code[garde]),
            "communes_insee": communes[garde],
        }
    ).reset_index(drop=True)
    n_hors = int(hors.sum())
    par_annee = provenance_unique(geographie, lecture.lues, garde.sum(), c.rejete.sum() + len(lecture.rejets_structure))
    lignes_hors = set(lecture.lignes[hors].astype(int))
    rejets = [r for r in c.rejets + lecture.rejets_structure if r.ligne not in lignes_hors]
    a = assembler(
        "qpv",
        chemin,
        nom,
        fmt.libelle,
        fmt.libelle_encodage,
        fmt.separateur,
        [geographie],
        f"codes des quartiers (géographie {geographie})",
        lecture.lues,
        int(garde.sum()),
        n_hors,
        {"quartiers hors CU": n_hors} if n_hors else {},
        rejets,
        avert,
        donnees,
        par_annee,
    )
    a.disposition = (
        disposition.cle if disposition is not None else ("qpv_liste_2024" if geographie == 2024 else "qpv_liste_2015")
    )
    return a


def est_liste_qpv(a: Apercu) -> bool:
    return a.type == "qpv" and a.disposition.startswith("qpv_liste")


def analyser(chemin, nom, ref, millesime, progres) -> Apercu:
    # geopandas and shapely cost ~2.5 s to import: only a contour file pays it, not every import
    # (the page « Données » and the CLI load this module for any kind)
    import geopandas as gpd
    import shapely
    from shapely import wkt as shapely_wkt

    with open(chemin, "rb") as f:
        debut = f.read(4)
        f.seek(0)
        tete = f.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if not debut:
        raise ErreurImport(f"{nom} : le fichier est vide.")
    if not debut.startswith(b"PK") and not tete.startswith(b"{") and b"\x00" not in tete:
        premiere = tete.split(b"\n")[0].lower()
        if b"code_qp" in premiere or premiere.startswith(b"code"):
            return _analyser_qpv_liste(chemin, nom, ref, millesime, progres)
    progres(0.1, "lecture des contours…")
    try:
        if debut.startswith(b"PK\x03\x04"):
            verifier_zip(chemin, nom, texte_max_octets(), "l'archive")
            with zipfile.ZipFile(chemin) as z:
                shp = [n for n in z.namelist() if n.lower().endswith(".shp")]
            if not shp:
                raise ErreurImport(
                    f"{nom} : l'archive zip ne contient aucun fichier .shp ; attendu un shapefile zippé "
                    "(.shp, .shx, .dbf, .prj) ou un GeoJSON."
                )
            geo = gpd.read_file(f"zip://{chemin}!{shp[0]}")
        else:
            geo = gpd.read_file(chemin)
    except ErreurImport:
        raise
    except Exception as e:
        raise ErreurImport(
            f"{nom} n'est pas un fichier de contours lisible (GeoJSON ou shapefile zippé) : "
            f"{str(e).splitlines()[0][:160]}."
        ) from e
    if "geometry" not in geo or geo.geometry.isna().all():
        raise ErreurImport(
            f"{nom} n'est pas un fichier de contours : il ne contient aucune géométrie ; attendu un GeoJSON "
            "ou un shapefile zippé des quartiers prioritaires."
        )
    colonnes = {str(c).lower(): c for c in geo.columns}
    if "code_qp" in geo.columns:
        geographie, col_code = 2024, "code_qp"
        col_nom = colonnes.get("lib_qp")
    elif "CODE_QP" in geo.columns:
        geographie, col_code = 2015, "CODE_QP"
        col_nom = colonnes.get("nom_qp")
    elif "code_qp" in colonnes:
        col_code = colonnes["code_qp"]
        geographie = 2024 if str(geo[col_code].iloc[0]).upper().startswith("QN") else 2015
        col_nom = colonnes.get("lib_qp") or colonnes.get("nom_qp")
    else:
        raise ErreurImport(
            f"{nom} n'est pas un fichier de contours de QPV : ni colonne « code_qp » (géographie 2024) ni « CODE_QP » (géographie 2015) ; "
            f"colonnes lues : {', '.join(map(str, geo.columns[:10]))}."
        )
    col_communes = colonnes.get("insee_com") or colonnes.get("commune_qp")
    avert = []
    if millesime is not None and millesime != geographie:
        avert.append(
            f"la colonne {col_code} indique la géographie {geographie} ; l'option --millesime {millesime} est ignorée."
        )
    if geo.crs is None:
        x = geo.total_bounds[0]
        geo = geo.set_crs(2154 if abs(x) > 1000 else 4326)
        avert.append(
            "projection absente du fichier : "
            + ("Lambert-93 (EPSG:2154) déduite des coordonnées." if abs(x) > 1000 else "WGS84 supposé.")
        )
    origine_crs = geo.crs.to_string()
    if geo.crs.to_epsg() != 4326:
        geo = geo.to_crs(4326)
    progres(0.4, "sélection des quartiers de la CU…")
    # The CUA's communes from the reference geometries: a quartier belongs to the CUA when its
    # representative point lies in one of them.
    communes = _communes_geometries(ref)
    polys = {code: shapely_wkt.loads(w) for code, w in communes.items() if w}
    rejets: list[Rejet] = []
    lignes = []
    hors = 0
    for i, row in geo.reset_index(drop=True).iterrows():
        ligne = i + 1  # features are numbered from 1
        g = row.geometry
        code = str(row[col_code]).strip().upper() if row[col_code] is not None else ""
        nom_qp = str(row[col_nom]).strip() if col_nom and row[col_nom] is not None else ""
        if g is None or g.is_empty:
            rejets.append(Rejet(ligne, "geometry", code, "n'a pas de contour", "un polygone"))
            continue
        if g.geom_type not in ("Polygon", "MultiPolygon"):
            rejets.append(Rejet(ligne, "geometry", code, f"est un {g.geom_type}", "un polygone ou multipolygone"))
            continue
        if not code:
            rejets.append(Rejet(ligne, col_code, "", "est vide", "un code de quartier (QN… ou QP…)"))
            continue
        point = g.representative_point()
        dans = [c for c, p in polys.items() if p.contains(point)] or [c for c, p in polys.items() if p.intersects(g)]
        if code not in ref.codes_qpv and not dans:
            hors += 1
            continue
        touche = sorted(c for c, p in polys.items() if p.intersects(g)) or dans
        propres = communes_de_cellule(row[col_communes]) if col_communes is not None else []
        if propres and all(sources.CODE_COMMUNE.match(x) for x in propres):
            # the file's own communes (« 62004, 62041 ») rather than those the simplified outlines touch
            touche = propres
        lignes.append(
            {
                "code_qpv": code,
                "nom": nom_qp,
                "communes_insee": touche,
                "geometrie_wkt": shapely.to_wkt(g, rounding_precision=6, trim=True),
            }
        )
    donnees = pd.DataFrame(lignes, columns=["code_qpv", "nom", "communes_insee", "geometrie_wkt"])
    donnees["geographie"] = geographie
    # Match to the reference: by code, else by name (2015 codes are not in our reference).
    # (quartiers added by an earlier contour file are replaced, not matched)
    reference_geo = ref.qpv[
        (ref.qpv["geographie"] == geographie) & ~ref.qpv["source"].fillna("").str.startswith("contours")
    ]
    par_nom = {nom_cle(n): n for n in reference_geo["nom"]}
    codes_ref = set(reference_geo["code_qpv"].dropna())
    donnees["nom_reference"] = [
        (
            reference_geo.loc[reference_geo["code_qpv"] == c, "nom"].iloc[0]
            if c in codes_ref
            else par_nom.get(nom_cle(n))
        )
        for c, n in zip(donnees["code_qpv"], donnees["nom"])
    ]
    nouveaux = donnees["nom_reference"].isna().sum()
    if nouveaux:
        avert.append(
            f"{int(nouveaux)} quartier(s) absent(s) du référentiel ({', '.join(donnees.loc[donnees['nom_reference'].isna(), 'code_qpv'])}) : "
            "ils seront ajoutés à la table qpv avec leurs communes déduites des contours."
        )
    lues = len(geo)
    par_annee = provenance_unique(geographie, lues, len(donnees), len(rejets))
    a = assembler(
        "qpv",
        chemin,
        nom,
        f"contours {'GeoJSON' if not debut.startswith(b'PK') else 'shapefile zippé'} "
        f"(projection d'origine {origine_crs}, convertie en WGS84)",
        None,
        None,
        [geographie],
        f"colonne {col_code}",
        lues,
        len(donnees),
        hors,
        {"quartiers hors CU": hors} if hors else {},
        rejets,
        avert,
        donnees,
        par_annee,
    )
    a.disposition = ""  # contours: no header layout (properties code_qp / CODE_QP)
    return a


def nom_cle(nom: str) -> str:
    return re.sub(r"[^a-z0-9]", "", sources.sans_accents(str(nom)).lower())


_GEOMETRIES: dict[str, dict[str, str]] = {}


def _communes_geometries(ref: Reference) -> dict[str, str]:

    cle = "reference"
    if cle not in _GEOMETRIES:
        df = pd.read_csv(REFERENCE / "communes.csv", dtype={"code_insee": str})
        _GEOMETRIES[cle] = dict(zip(df["code_insee"], df["geometrie_wkt"].fillna("")))
    return {c: w for c, w in _GEOMETRIES[cle].items() if c in ref.communes}
