"""Attributions: the template, one row per attribution."""

from __future__ import annotations

from observatoire import formats as fr
from observatoire.chargement import sources
from observatoire.chargement.assemblage import entetes_simples, finir_csv, lire_csv_type, signaler_autre_millesime
from observatoire.chargement.types_de_fichier import TYPES, Apercu


def analyser(chemin, nom, ref, millesime, progres) -> Apercu:
    t = TYPES["attributions"]
    fmt, lecture = lire_csv_type(t, chemin, nom, ref, progres, entetes_simples())
    df, c = sources.attributions_depuis_brut(lecture.brut, lecture.lignes, ref.codes_qpv_par_geographie)
    signaler_autre_millesime(c, df["annee"], "annee", millesime)
    avert = []
    # identical lines (every column): an attribution file has no identifier, two identical lines
    # are most often an export repeated; kept (two real attributions can look alike), but reported
    cles = lecture.brut.fillna("").astype(str).apply(lambda s: s.str.strip())
    doubles = cles.duplicated(keep="first") & ~c.rejete
    if doubles.any():
        premieres = {}
        for i, t in zip(cles.index, cles.itertuples(index=False, name=None)):
            premieres.setdefault(t, int(lecture.lignes[i]))
        exemples = [
            f"ligne {int(lecture.lignes[i])} = ligne {premieres[t]}"
            for i, t in zip(cles.index[doubles], cles[doubles].itertuples(index=False, name=None))
        ][:5]
        avert.append(
            f"{fr.nombre(int(doubles.sum()))} ligne(s) en double, identiques à une ligne précédente "
            f"({', '.join(exemples)}{', …' if doubles.sum() > 5 else ''}) : gardées, car deux attributions "
            "peuvent se ressembler ; vérifiez qu'il ne s'agit pas d'un export répété."
        )
    gardees = df[~c.rejete]
    sans = gardees["premier_quartile"].isna() & gardees["ressources_uc"].notna()
    if sans.any():
        avert.append(
            f"{fr.nombre(int(sans.sum()))} attribution(s) sans drapeau 1er quartile mais avec les ressources "
            "par UC : le 1er quartile est lu sur le seuil de l'année (s'il est chargé) au moment du calcul, "
            "le drapeau reste vide dans la base."
        )
    debut, fin = sources.PERIODE_EX_ZUS
    periode = gardees["annee"].between(debut, fin).fillna(False)
    if "ex_zus" not in lecture.brut.columns and periode.any():
        avert.append(
            f"pas de colonne « ex_zus » : pour {debut}-{fin}, les attributions hors QPV sont toutes comptées hors "
            "QPV dans l'objectif 1 (les anciennes ZUS ne peuvent pas en être retirées)."
        )
    hors_periode = (gardees["ex_zus"] == True).fillna(False) & ~periode  # noqa: E712 (nullable)
    if hors_periode.any():
        avert.append(
            f"{fr.nombre(int(hors_periode.sum()))} attribution(s) marquée(s) « ex_zus » hors de {debut}-{fin} : "
            "sans effet (les anciennes ZUS ne comptent comme QPV que les six années à partir de 2015)."
        )
    return finir_csv(
        "attributions", chemin, nom, fmt, lecture, ref, df, c, df["annee"], "colonne « annee »", avert, "code_insee"
    )
