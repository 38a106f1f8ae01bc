"""Production: social housing financed (template), PTZ (SGFGAS base or template) and Sitadel
(permit list, or by commune monthly / annual)."""

from __future__ import annotations

import pandas as pd

from observatoire import formats as fr
from observatoire.chargement import dispositions, sources
from observatoire.chargement.assemblage import (
    colonnes_manquantes,
    date_du_nom,
    entetes_par,
    entetes_simples,
    finir_csv,
    lire_csv_type,
    signaler_autre_millesime,
)
from observatoire.chargement.lecture import FormatCsv, detecter_csv, lire_csv, seconde_ligne
from observatoire.chargement.types_de_fichier import TYPES, Apercu, ErreurImport, refuser_autre_type


def _analyser_large(
    cle: str, indicateurs: dict[str, str], synonymes: dict[str, str], chemin, nom, ref, millesime, progres
) -> Apercu:
    t = TYPES[cle]
    entetes = entetes_simples(synonymes)
    fmt = detecter_csv(chemin, nom)
    if not set(entetes(fmt.entete).values()) & set(indicateurs):
        colonnes_manquantes(t, nom, fmt.entete, entetes(fmt.entete), list(t.obligatoires) + list(indicateurs))
    fmt, lecture = lire_csv_type(t, chemin, nom, ref, progres, entetes)
    long, c = sources.production_large_depuis_brut(lecture.brut, indicateurs, cle, lecture.lignes)
    annee = c.entier("annee")
    signaler_autre_millesime(c, annee, "annee", millesime)

    def garder(garde: pd.Series) -> pd.DataFrame:
        ok = long["_index"].map(garde) & long["valeur"].notna()
        return long.loc[ok, sources.PRODUCTION_COLONNES].reset_index(drop=True)

    return finir_csv(
        cle, chemin, nom, fmt, lecture, ref, lecture.brut, c, annee, "colonne « annee »", [], "code_insee", garder
    )


def analyser_financements(chemin, nom, ref, millesime, progres) -> Apercu:
    return _analyser_large(
        "financements",
        sources.FINANCEMENTS_COLONNES,
        sources.FINANCEMENTS_SYNONYMES,
        chemin,
        nom,
        ref,
        millesime,
        progres,
    )


def _analyser_ptz_sgfgas(chemin, nom, ref, millesime, progres, fmt: FormatCsv) -> Apercu:
    """The SGFGAS PTZ base (data.gouv.fr): tab-separated, CP1252, one row per loan (`an`, `type`
    0 existing / 1 new, `cins` the commune…) → PTZ dans le neuf / dans l'ancien per commune and year."""
    correspondance = {
        c: {"cins": "code_insee"}.get(dispositions.cle_colonne(c), dispositions.cle_colonne(c)) for c in fmt.entete
    }
    lecture = lire_csv(chemin, nom, fmt, correspondance, "code_insee", set(ref.communes), progres)
    c = sources.Controle(lecture.brut, lecture.lignes)
    annee = c.annee_passee("an", 1995)
    type_pret = c.code("type", {"0", "1"}, "0 (logement ancien) ou 1 (logement neuf)", obligatoire=True)
    signaler_autre_millesime(c, annee, "an", millesime)
    prets = pd.DataFrame(
        {
            "annee": annee,
            "code_insee": sources.commune_normalisee(c.texte("code_insee")),
            "indicateur": type_pret.map({"1": "ptz_neuf", "0": "accession_ancien"}),
        }
    )
    communes_cua = sorted(ref.communes)

    def garder(garde: pd.Series) -> pd.DataFrame:
        p = prets[garde]
        morceaux = []
        # a year and kind of loan the file covers: every CUA commune, 0 where no loan (the base
        # lists every loan); a kind absent a year (no PTZ in the existing stock some years) gives no row
        for (an, indicateur), g in p.groupby(["annee", "indicateur"]):
            n = g.groupby("code_insee").size().reindex(communes_cua, fill_value=0)
            morceaux.append(
                pd.DataFrame(
                    {
                        "annee": int(an),
                        "code_insee": n.index,
                        "indicateur": indicateur,
                        "valeur": n.values.astype("int64"),
                        "source": "ptz",
                    }
                )
            )
        return pd.concat(morceaux, ignore_index=True) if morceaux else pd.DataFrame(columns=sources.PRODUCTION_COLONNES)

    a = finir_csv(
        "ptz", chemin, nom, fmt, lecture, ref, lecture.brut, c, annee, "colonne « an »", [], "code_insee", garder
    )
    a.disposition = "ptz_sgfgas"
    return a


def analyser_ptz(chemin, nom, ref, millesime, progres) -> Apercu:
    fmt = detecter_csv(chemin, nom, progres)
    if {"an", "type", "cins"} <= {dispositions.cle_colonne(c) for c in fmt.entete}:
        return _analyser_ptz_sgfgas(chemin, nom, ref, millesime, progres, fmt)
    return _analyser_large("ptz", sources.PTZ_COLONNES, sources.PTZ_SYNONYMES, chemin, nom, ref, millesime, progres)


# Sitadel headers are read in upper case; a few names vary between releases.
_COMMUNE_SITADEL = {"CODE_INSEE": "COMM", "DEPCOM": "COMM", "CODE_COMMUNE": "COMM"}
_CASSE_PERMIS = {"NUM_DAU": "Num_DAU", "ETAT_DAU": "Etat_DAU", "TYPE_DAU": "Type_DAU"}


def _haut(colonne: str) -> str:
    return colonne.strip().lstrip("\ufeff").upper()


def _code_sitadel_communes(colonne: str) -> str:
    return _COMMUNE_SITADEL.get(_haut(colonne), _haut(colonne))


def _code_permis(colonne: str) -> str:
    canon = sources.SITADEL_SYNONYMES.get(_haut(colonne), _haut(colonne))
    return _CASSE_PERMIS.get(canon, canon)


def _refuser_sitadel(nom: str, entete: list[str], prefixe: str) -> None:
    """No Sitadel layout recognised: the closest one and what it lacks (dispositions)."""
    raise ErreurImport(dispositions.message_aucune(nom, entete, "sitadel", "fichier Sitadel", prefixe=prefixe))


def _analyser_sitadel_communes(chemin, nom, ref, millesime, progres, fmt: FormatCsv) -> Apercu:
    """Sitadel aggregated by commune: the monthly file (ANNEE, MOIS, CODE_INSEE…) or the annual
    one (ANNEE, COMM…). A release revises past years: it replaces the years it covers."""

    correspondance = entetes_par(_code_sitadel_communes)(fmt.entete)
    disposition = dispositions.reconnaitre(fmt.entete, "sitadel")
    presentes = set(correspondance.values())
    manquantes = [c for c in ("ANNEE", "COMM", "LOG_AUT") if c not in presentes]
    if manquantes or disposition is None:
        _refuser_sitadel(nom, fmt.entete, f"colonne(s) absente(s) : {', '.join(manquantes)}" if manquantes else "")
    lecture = lire_csv(chemin, nom, fmt, correspondance, "COMM", set(ref.communes), progres)
    lignes, c = sources.sitadel_communes_depuis_brut(lecture.brut, lecture.lignes)
    signaler_autre_millesime(c, lignes["annee"], "ANNEE", millesime)
    avert, detail = [], ""
    ok = ~c.rejete
    if "MOIS" in presentes and ok.any():
        dernier = lignes.loc[ok].dropna(subset=["annee", "mois"]).sort_values(["annee", "mois"]).iloc[-1]
        detail = f"données jusqu'à {sources.MOIS[int(dernier['mois']) - 1]} {int(dernier['annee'])}"
        partielle = int(dernier["mois"]) < 12
        if partielle:
            avert.append(
                f"l'année {int(dernier['annee'])} n'est couverte que jusqu'à "
                f"{sources.MOIS[int(dernier['mois']) - 1]} : elle est remplacée par ces mois seulement "
                "(cumul partiel de l'année)."
            )
    sans_com = sorted(int(a) for a, g in lignes[ok].groupby("annee") if g["com"].notna().sum() == 0)
    if sans_com:
        avert.append(
            f"LOG_COM (logements commencés) est vide pour {', '.join(map(str, sans_com))} : les "
            "commencés de cette année sont « non renseignés » (pas 0) et ceux déjà dans la base sont gardés."
        )
    sous_types = ok & ~lignes["total"]
    if "TYPE_LGT" in presentes and sous_types.any():
        avert.append(
            f"{fr.nombre(int(sous_types.sum()))} ligne(s) de sous-types de logement (TYPE_LGT autre que "
            "« Tous Logements ») : comptées seulement pour une commune et une année sans ligne "
            "« Tous Logements », pour ne rien compter deux fois."
        )
    communes_cua = sorted(ref.communes)
    lecture.brut["COMM"] = lignes["code_insee"]

    def garder(garde: pd.Series) -> pd.DataFrame:
        return sources.sitadel_communes_annuel(lignes[garde], communes_cua)

    a = finir_csv(
        "sitadel",
        chemin,
        nom,
        fmt,
        lecture,
        ref,
        lecture.brut,
        c,
        lignes["annee"],
        "colonne « ANNEE »",
        avert,
        "COMM",
        garder,
    )
    a.disposition = disposition.cle
    a.detail = detail
    a.date_diffusion = date_du_nom(nom)
    return a


def analyser_sitadel(chemin, nom, ref, millesime, progres) -> Apercu:
    t = TYPES["sitadel"]
    fmt = detecter_csv(chemin, nom)
    codes = {"DATE_REELLE_AUTORISATION", "NB_LGT_TOT_CREES"}
    if not codes & {str(c).strip().upper() for c in fmt.entete}:
        seconde = seconde_ligne(chemin, fmt)
        if codes <= {c.upper() for c in seconde}:  # labels on line 1, codes on line 2: the header
            fmt.entete, fmt.lignes_entete = seconde, 2
    if {str(c).strip().upper() for c in fmt.entete} & {"LOG_AUT", "LOG_COM"}:
        return _analyser_sitadel_communes(chemin, nom, ref, millesime, progres, fmt)

    correspondance = entetes_par(_code_permis)(fmt.entete)
    if not {"COMM", "DATE_REELLE_AUTORISATION", "NB_LGT_TOT_CREES"} <= set(correspondance.values()):
        refuser_autre_type(nom, fmt.entete, "sitadel")
        manquantes = [c for c in t.obligatoires if c not in set(correspondance.values())]
        _refuser_sitadel(nom, fmt.entete, f"colonne(s) obligatoire(s) absente(s) : {', '.join(manquantes)}")
    # Older extracts split the code (DEP + a 3-character COMM): that cannot be filtered in SQL,
    # so the whole file is read and the perimeter is applied to the rebuilt code.
    commune_sql = None if "DEP" in correspondance.values() else "COMM"
    lecture = lire_csv(chemin, nom, fmt, correspondance, commune_sql, set(ref.communes), progres)
    permis, c = sources.sitadel_depuis_brut(lecture.brut, lecture.lignes)
    lecture.brut["COMM"] = permis["code_insee"]
    if millesime is not None:
        autre = (
            permis["aut"].notna() & (permis["aut"] != millesime) & (permis["doc"].isna() | (permis["doc"] != millesime))
        )
        c.signaler(
            autre & ~c.rejete,
            "DATE_REELLE_AUTORISATION",
            "n'est ni autorisé ni commencé l'année demandée",
            f"une date de l'année {millesime} (option --millesime)",
        )
    avert = []
    annules = permis["annule"] & ~c.rejete
    if annules.any():
        avert.append(
            f"{fr.nombre(int(annules.sum()))} permis annulé(s) (Etat_DAU = 4) : lus, mais comptés ni en autorisés ni en commencés."
        )
    communes_cua = sorted(ref.communes)

    def garder(garde: pd.Series) -> pd.DataFrame:
        p = permis[garde & ~permis["annule"]]
        aut = p.groupby(["aut", "code_insee"])["nb"].sum()
        doc = p[p["doc"].notna()].groupby(["doc", "code_insee"])["nb"].sum()
        annees_aut = sorted(permis.loc[garde, "aut"].dropna().astype(int).unique())
        annees_doc = sorted(permis.loc[garde, "doc"].dropna().astype(int).unique())
        morceaux = []
        for indicateur, serie, annees in (
            ("logements_autorises", aut, annees_aut),
            ("logements_commences", doc, annees_doc),
        ):
            # A year the file covers gives a row for every commune: no permit is a true zero.
            grille = pd.MultiIndex.from_product([annees, communes_cua], names=["annee", "code_insee"])
            s = serie.rename_axis(["annee", "code_insee"]).reindex(grille, fill_value=0)
            morceaux.append(
                pd.DataFrame(
                    {
                        "annee": s.index.get_level_values(0).astype(int),
                        "code_insee": s.index.get_level_values(1),
                        "indicateur": indicateur,
                        "valeur": s.values.astype(int),
                        "source": "sitadel",
                    }
                )
            )
        return pd.concat(morceaux, ignore_index=True)

    annee = permis["aut"].fillna(permis["doc"])
    a = finir_csv(
        "sitadel", chemin, nom, fmt, lecture, ref, lecture.brut, c, annee, "dates des permis", avert, "COMM", garder
    )
    a.disposition = "sitadel_permis"
    a.detail = "deux lignes d'en-tête : libellés, puis codes" if fmt.lignes_entete == 2 else ""
    a.date_diffusion = date_du_nom(nom)
    return a
