"""PLH targets per commune (template) and the 1st-quartile threshold (arrêté annex or template)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from observatoire import formats as fr
from observatoire.chargement import sources
from observatoire.chargement.assemblage import (
    assembler,
    entetes_simples,
    finir_csv,
    lire_csv_type,
    millesime_unique,
    provenance_par_annee,
    provenance_unique,
    refuser_modele,
    signaler_autre_millesime,
)
from observatoire.chargement.classeurs import ouvrir_classeur, tableau_de_feuille
from observatoire.chargement.lecture import detecter_csv, lire_csv
from observatoire.chargement.types_de_fichier import TYPES, Apercu, ErreurImport, Progres, refuser_autre_type


def analyser_objectifs(chemin, nom, ref, millesime, progres) -> Apercu:
    t = TYPES["objectifs"]
    fmt, lecture = lire_csv_type(t, chemin, nom, ref, progres, entetes_simples())
    df, c = sources.objectifs_depuis_brut(lecture.brut, set(ref.plhs), lecture.lignes, demo=False, source=nom)
    annees = df["plh"].map(ref.plhs)
    return finir_csv(
        "objectifs",
        chemin,
        nom,
        fmt,
        lecture,
        ref,
        df,
        c,
        annees,
        "colonne « plh » (millésime = première année du PLH)",
        [],
        "code_insee",
    )


SIREN_CUA = "200033579"


def _entete_seuils(ligne: pd.Series) -> bool:
    """The first row with a « SIRET » cell, or the template's « annee » cell (a title above the
    table may also speak of « seuil »)."""
    cellules = [sources.sans_accents(str(v)).strip().lower() for v in ligne]
    return any("siret" in c for c in cellules) or "annee" in cellules


def _lire_tableau(
    chemin: Path, nom: str, progres: Progres
) -> tuple[pd.DataFrame, pd.Series, str, str | None, str | None]:
    """A small CSV or an xlsx sheet as text; (frame, line numbers, format, encoding, separator)."""
    with open(chemin, "rb") as f:
        est_zip = f.read(4) == b"PK\x03\x04"
    if est_zip:
        classeur = ouvrir_classeur(chemin, nom, " n'est ni un CSV ni un classeur Excel lisible")
        feuille = classeur.sheet_names[0]
        df, ligne_entete = tableau_de_feuille(classeur, chemin, nom, feuille, _entete_seuils, defaut=0)
        lignes = pd.Series(np.arange(len(df)) + ligne_entete + 2, index=df.index)
        return df, lignes, f"classeur Excel (feuille « {feuille} »)", None, None
    fmt = detecter_csv(chemin, nom)
    lecture = lire_csv(chemin, nom, fmt, {c: c for c in fmt.entete}, None, set(), progres)
    return lecture.brut, lecture.lignes, fmt.libelle, fmt.libelle_encodage, fmt.separateur


def analyser_seuils(chemin, nom, ref, millesime, progres) -> Apercu:
    brut, lignes, format_, enc, sep = _lire_tableau(chemin, nom, progres)
    # the CU's row of the template may be the real threshold: only the whole template is refused
    refuser_modele("seuils_q1", nom, brut, None, ligne_a_ligne=False)
    norm = {c: sources.sans_accents(str(c)).strip().lower() for c in brut.columns}
    simple = {"annee", "seuil_euros_uc"} <= set(norm.values())
    if simple:
        brut = brut.rename(columns=norm)
        df, c = sources.seuils_depuis_brut(brut, lignes)
        signaler_autre_millesime(c, df["annee"], "annee", millesime)
        garde = ~c.rejete
        par_annee = provenance_par_annee(df["annee"], garde, c.rejete, pd.Series(False, index=df.index))
        return assembler(
            "seuils_q1",
            chemin,
            nom,
            format_ + " (modèle annee ; seuil_euros_uc)",
            enc,
            sep,
            list(par_annee["millesime"]),
            "colonne « annee »",
            len(df),
            int(garde.sum()),
            0,
            {},
            c.rejets,
            [],
            df[garde].reset_index(drop=True),
            par_annee,
        )

    col_siret = next((c for c, n in norm.items() if "siret" in n or "siren" in n), None)
    col_nom = next((c for c, n in norm.items() if "nom" in n and "epci" in n), None)
    col_seuil = next((c for c, n in norm.items() if "seuil" in n), None)
    if col_seuil is None or (col_siret is None and col_nom is None):
        refuser_autre_type(nom, brut.columns, "seuils_q1")
        raise ErreurImport(
            f"{nom}, ligne 1 (en-tête) : colonnes « SIRET de l'EPCI » et « Valeur du seuil de ressources 1er quartile » "
            "introuvables ; attendu le tableau annexé à l'arrêté (Code département | Département | Nom de l'EPCI | "
            "SIRET de l'EPCI | Valeur du seuil…) ou le modèle annee ; seuil_euros_uc."
        )
    col_annee = next((c for c, n in norm.items() if n in ("annee", "millesime")), None)
    contenu = None
    if col_annee is not None:
        vals = brut[col_annee].astype(str).str.strip().unique()
        if len(vals) == 1 and re.fullmatch(r"20\d\d", vals[0]):
            contenu = int(vals[0])
    m, origine, avert = millesime_unique(nom, millesime, contenu)
    siret = (
        brut[col_siret].astype(str).str.replace(r"\D", "", regex=True) if col_siret else pd.Series("", index=brut.index)
    )
    noms = (
        brut[col_nom].astype(str).map(sources.sans_accents).str.lower() if col_nom else pd.Series("", index=brut.index)
    )
    cua = siret.str.startswith(SIREN_CUA) | ((siret == "") & noms.str.contains("arras") & noms.str.contains("urbaine"))
    if not cua.any():
        raise ErreurImport(
            f"{nom} : le tableau ne contient pas la ligne de la CU d'Arras (SIRET commençant par "
            f"{SIREN_CUA}) ; {fr.nombre(len(brut))} lignes lues."
        )
    sous = brut[cua].rename(columns={col_seuil: "seuil_euros_uc"}).copy()
    sous["annee"] = str(m)
    df, c = sources.seuils_depuis_brut(sous, lignes[cua])
    garde = ~c.rejete
    par_annee = provenance_unique(m, len(brut), garde.sum(), c.rejete.sum())
    return assembler(
        "seuils_q1",
        chemin,
        nom,
        format_ + " (annexe de l'arrêté)",
        enc,
        sep,
        [m],
        origine,
        len(brut),
        int(garde.sum()),
        int(len(brut) - cua.sum()),
        {"autres EPCI": int(len(brut) - cua.sum())},
        c.rejets,
        avert,
        df[garde].reset_index(drop=True),
        par_annee,
    )
