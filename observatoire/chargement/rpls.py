"""RPLS: the file per dwelling (public or « version loi ») and the results by commune (xlsx, or
the zip holding it). INSEE's RPLS by commune, IRIS or QPV is read by publiques.py."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

from observatoire import formats as fr
from observatoire.base import travail
from observatoire.chargement import dispositions, sources
from observatoire.chargement.assemblage import assembler, finir_csv, millesime_unique, perimetre, provenance_unique
from observatoire.chargement.classeurs import ouvrir_classeur, tableau_de_feuille
from observatoire.chargement.lecture import CLASSEUR_MAX_MO, detecter_csv, lire_csv, verifier_zip
from observatoire.chargement.types_de_fichier import Apercu, ErreurImport, refuser_autre_type


def _millesime_rpls(disposition, entete) -> int | None:
    """The vintage a DiDo header tells by itself: PLG_QP → 2023; PLG_QP24 with DEPCOM_CODE → 2024,
    with DEPCOM → 2025 (the commune column was renamed in 2025). Only for the header as published
    (most of its columns): a user's trimmed extract does not tell its vintage."""
    cles = {dispositions.cle_colonne(c) for c in entete}
    if disposition is None or disposition.score(cles) < 0.8:
        return None
    if disposition.cle == "rpls_dido_2023":
        return 2023
    if disposition.cle == "rpls_dido_2024":
        return 2024 if "depcom_code" in cles else 2025 if "depcom" in cles else None
    return None


def analyser(chemin, nom, ref, millesime, progres) -> Apercu:
    fmt = detecter_csv(chemin, nom, progres)
    correspondance = sources.entetes_rpls(fmt.entete)
    manquantes = sources.rpls_manquantes(correspondance.values())
    if manquantes:
        refuser_autre_type(nom, fmt.entete, "rpls")
        raise ErreurImport(
            dispositions.message_aucune(
                nom,
                fmt.entete,
                "rpls",
                "fichier RPLS détaillé au logement",
                prefixe=f"colonne(s) obligatoire(s) absente(s) : {', '.join(manquantes)}, attendu les colonnes d'un fichier RPLS",
            )
        )
    disposition = dispositions.reconnaitre(fmt.entete, "rpls")
    lecture = lire_csv(chemin, nom, fmt, correspondance, "DEPCOM", set(ref.communes), progres)
    contenu = None
    if "MILLESIME" in lecture.brut.columns:
        vals = lecture.brut["MILLESIME"].dropna().str.strip().unique()
        if len(vals) == 1 and re.fullmatch(r"20\d\d", vals[0]):
            contenu = int(vals[0])
    m, origine, avert = millesime_unique(nom, millesime, contenu, _millesime_rpls(disposition, fmt.entete))
    if disposition is not None and disposition.cle == "rpls_dido_2024" and m < 2024:
        avert.append(
            f"la disposition du fichier (PLG_QP24, géographie prioritaire 2024) est celle des millésimes 2024 "
            f"et suivants, mais le millésime retenu est {m} : vérifiez le millésime."
        )
    if disposition is not None and disposition.cle == "rpls_dido_2023" and m >= 2024:
        avert.append(
            f"la disposition du fichier (PLG_QP, géographie prioritaire 2015) est celle du millésime 2023, "
            f"mais le millésime retenu est {m} : les QPV de ce millésime seraient ceux de 2015."
        )
    progres(0.72, "contrôle des valeurs…")
    df, c = sources.rpls_depuis_brut(lecture.brut, m, lecture.lignes, ref.codes_qpv_2024)
    if "id_logement" not in lecture.brut.columns or lecture.brut["id_logement"].fillna("").eq("").all():
        cols = list(lecture.brut.columns)
        dup = lecture.brut.duplicated(subset=cols, keep="first") & ~c.rejete
        if dup.any():
            avert.append(
                f"{fr.nombre(int(dup.sum()))} ligne(s) identiques à une autre ligne (par exemple ligne "
                f"{int(lecture.lignes[dup].iloc[0])}) ; gardées, car le fichier public n'identifie pas les "
                "logements : deux logements semblables d'un même immeuble ont la même ligne."
            )
    restreint = [col for col in sources.RPLS_RESTREINT if col in lecture.brut.columns]
    if len(restreint) >= 3:
        avert.append(
            "fichier restreint : bailleur, occupation, bail, loyer et contingent sont chargés "
            f"({', '.join(restreint)})."
        )
    annees = pd.Series(m, index=df.index)
    a = finir_csv("rpls", chemin, nom, fmt, lecture, ref, df, c, annees, origine, avert, "DEPCOM")
    a.disposition = disposition.cle if disposition is not None else ""
    a.nature = sources.nature_rpls(lecture.brut.columns)
    return a


def _classeur_dans_zip(chemin: Path, nom: str) -> tuple[Path, str] | None:
    """The 2025 results come as a zip holding `…_secret_donnees.xlsx`: that workbook, copied to a
    work file (None when `chemin` is itself a workbook)."""
    with zipfile.ZipFile(chemin) as z:
        noms = z.namelist()
        if "[Content_Types].xml" in noms:
            return None
        classeurs = [n for n in noms if n.lower().endswith(".xlsx") and not Path(n).name.startswith(("~$", "._"))]
        if not classeurs:
            raise ErreurImport(
                f"{nom} : l'archive zip ne contient aucun classeur xlsx ; attendu le classeur des résultats "
                "RPLS par commune (…_secret_donnees.xlsx) ou le classeur lui-même."
            )
        choisi = next((n for n in classeurs if "donnees" in n.lower()), classeurs[0])
        sortie = travail.fichier(suffixe=".xlsx", prefixe="rpls-communes-")
        with z.open(choisi) as src, open(sortie, "wb") as dst:
            while bloc := src.read(1 << 20):
                dst.write(bloc)
    return sortie, Path(choisi).name


def _entete_rpls_communes(ligne: pd.Series) -> bool:
    """The row of technical names (DEPCOM_ARM or DEPCOM, nb_ls…) under the labels."""
    valeurs = {str(v).strip().lower() for v in ligne}
    return bool(valeurs & {"depcom_arm", "depcom"}) and "nb_ls" in valeurs


def analyser_communes(chemin, nom, ref, millesime, progres) -> Apercu:
    with open(chemin, "rb") as f:
        if f.read(4) != b"PK\x03\x04":
            raise ErreurImport(
                f"{nom} n'est pas un classeur Excel (xlsx) : les résultats RPLS par commune "
                "s'importent tels que publiés, au format xlsx (ou le zip qui le contient)."
            )
    verifier_zip(chemin, nom, CLASSEUR_MAX_MO * 1_000_000, "le classeur")
    try:
        dedans = _classeur_dans_zip(chemin, nom)
    except zipfile.BadZipFile as e:
        raise ErreurImport(f"{nom} : archive illisible ({e}).") from e
    if dedans is not None:
        classeur, membre = dedans
        try:
            a = analyser_communes(classeur, f"{nom} › {membre}", ref, millesime, progres)
        finally:
            classeur.unlink(missing_ok=True)
        a.chemin, a.fichier = chemin, nom
        a.detail = (a.detail + " ; " if a.detail else "") + f"classeur {membre} lu dans l'archive zip"
        return a
    classeur = ouvrir_classeur(chemin, nom, " : classeur Excel illisible")
    feuille = next(
        (s for s in classeur.sheet_names if sources.sans_accents(s).strip().lower() in ("communes", "commune")), None
    )
    if feuille is None:
        raise ErreurImport(
            f"{nom} : aucune feuille « COMMUNES » (ou « Commune ») ; feuilles trouvées : "
            f"{', '.join(classeur.sheet_names)}."
        )
    progres(0.2, f"lecture de la feuille {feuille}…")
    tableau = tableau_de_feuille(classeur, chemin, nom, feuille, _entete_rpls_communes)
    if tableau is None:
        raise ErreurImport(
            f"{nom}, feuille « {feuille} » : ligne des noms techniques (DEPCOM_ARM, nb_ls…) introuvable "
            "dans les 30 premières lignes ; attendu le classeur de résultats RPLS tel que publié (en-tête ligne 6)."
        )
    df, ligne_entete = tableau
    contenu = None
    info = next((s for s in classeur.sheet_names if s.strip().upper().startswith("INFO")), None)
    if info:
        texte = " ".join(classeur.parse(info, header=None, dtype=str).fillna("").astype(str).values.ravel())
        annees = set(re.findall(r"1er janvier (20\d\d)", texte))
        if len(annees) == 1:
            contenu = int(annees.pop())
    m, origine, avert = millesime_unique(nom, millesime, contenu)
    df = df.rename(columns=sources.entetes_rpls_communes(df.columns))
    df = df.loc[:, ~df.columns.duplicated()]
    # notes under the table (« Source : … ») and blank lines: a first cell and nothing else
    autres = [c for c in df.columns if c not in ("code_insee", "nom")]
    note = df[autres].astype(str).apply(lambda s: s.str.strip()).eq("").all(axis=1)
    df = df[~note & (df["code_insee"].astype(str).str.strip() != "")].copy()
    lignes = pd.Series(df.index.to_numpy() + ligne_entete + 2, index=df.index)
    df = df.reset_index(drop=True)
    lignes.index = df.index
    table, c = sources.rpls_communes_depuis_brut(df, m, lignes)
    hors, detail = perimetre(c.texte("code_insee"), ref, c, "code_insee")
    rejete = c.rejete & ~hors
    garde = ~rejete & ~hors
    lignes_hors = set(lignes[hors].astype(int))
    rejets = [r for r in c.rejets if r.ligne not in lignes_hors]
    par_annee = provenance_unique(m, len(df), garde.sum(), rejete.sum())
    a = assembler(
        "rpls_communes",
        chemin,
        nom,
        f"classeur Excel (feuille « {feuille} », en-tête ligne {ligne_entete + 1})",
        None,
        None,
        [m],
        origine,
        len(df),
        int(garde.sum()),
        int(hors.sum()),
        detail,
        rejets,
        avert,
        table[garde].reset_index(drop=True),
        par_annee,
    )
    a.disposition = "rpls_communes"
    a.detail = f"feuille {feuille}"
    masquees = int(table.loc[garde, ["nb_loues", "nb_vacants", "nb_vides"]].isna().all(axis=1).sum())
    if masquees:
        a.avertissements.append(
            f"{fr.nombre(masquees)} commune(s) aux comptes d'occupation masqués (cases vides du "
            "classeur, secret statistique) : chargés vides (non renseignés), jamais 0."
        )
    return a
