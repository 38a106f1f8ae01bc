"""Import the official extracts the CUA receives (RPLS, OPS, attributions, Sitadel, financing,
PTZ, PLH targets, 1st-quartile thresholds, QPV contours) into the database.

Two steps, so that nothing is written before the user has seen what will be:

1. `analyser(type, fichier)` reads the file and returns an `Apercu`: detected format, encoding,
   separator, vintage, rows read, rows kept for the CUA, rows left out (other communes), rows
   rejected with their reasons (file, line, column, what was expected). A file that cannot be
   this kind at all raises `ErreurImport` with one French sentence.
2. `ecrire(apercu, base)` writes it through `ecriture.modifier_base`: a copy of the database,
   one transaction, an atomic swap. It replaces the vintage(s) the file covers and nothing else,
   removes the demo data of that kind, and records the file in `imports` (SHA-256, counts).

Big CSVs are read by DuckDB (`read_csv`, every column as text) and filtered to the CUA's
communes in SQL, so a 600 000-row regional RPLS file never becomes a pandas frame.

This module is the entry the page « Données », the CLI and the tests use; the work is done by
types_de_fichier (kinds, preview), lecture and classeurs (files), assemblage (what analysers
share), one module per source family (rpls, ops, attributions, production, objectifs, qpv;
publiques for INSEE's RPLS), tranches (what a file replaces) and ecriture_import (the write).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import numpy as np

from observatoire import formats as fr
from observatoire.base.build import sha256
from observatoire.chargement import (
    attributions,
    dispositions,
    objectifs,
    ops,
    production,
    publiques,
    qpv,
    rpls,
    sources,
)
from observatoire.chargement.assemblage import MODELES, Reference, millesime_du_nom, modele, reference
from observatoire.chargement.ecriture_import import Resultat, ecrire
from observatoire.chargement.lecture import (
    TEXTE_MAX_MO,
    VARIABLE_LIGNES_MAX,
    VARIABLE_TEXTE_MAX,
    detecter_csv,
    lignes_max,
    seconde_ligne,
)
from observatoire.chargement.tranches import couverture, impact, phrase_remplacement
from observatoire.chargement.types_de_fichier import (
    DEMO,
    GARDEES,
    SUPPRIMEES,
    TYPES,
    Apercu,
    ErreurImport,
    Progres,
    Type,
    deviner_type,
    rien,
)

# What callers (page « Données », CLI, tests) reach through this module.
__all__ = [
    "DEMO",
    "GARDEES",
    "MODELES",
    "SUPPRIMEES",
    "TEXTE_MAX_MO",
    "TYPES",
    "VARIABLE_LIGNES_MAX",
    "VARIABLE_TEXTE_MAX",
    "Apercu",
    "ErreurImport",
    "Progres",
    "Resultat",
    "Type",
    "analyser",
    "deviner_type",
    "detecter_type",
    "ecrire",
    "importer",
    "lignes_max",
    "millesime_du_nom",
    "modele",
]

Analyseur = Callable[[Path, str, Reference, int | None, Progres], Apercu]

ANALYSEURS: dict[str, Analyseur] = {
    "rpls": rpls.analyser,
    "rpls_communes": rpls.analyser_communes,
    "ops": ops.analyser,
    "attributions": attributions.analyser,
    "sitadel": production.analyser_sitadel,
    "financements": production.analyser_financements,
    "ptz": production.analyser_ptz,
    "objectifs": objectifs.analyser_objectifs,
    "seuils_q1": objectifs.analyser_seuils,
    "qpv": qpv.analyser,
    "rpls_insee": publiques.analyser_rpls_insee,
}


def detecter_type(chemin: Path, nom: str) -> str:
    """The kind of an official file from its content: the published layout its header matches
    (dispositions), else the template whose columns it has; refused with the closest layout."""
    with open(chemin, "rb") as f:
        debut = f.read(512)
    if debut.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(chemin) as z:
            noms = [n.lower() for n in z.namelist()]
        return "qpv" if any(n.endswith(".shp") for n in noms) else "rpls_communes"
    if debut.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "qpv"
    fmt = detecter_csv(chemin, nom)
    entete = fmt.entete
    if not dispositions.reconnaitre(entete) and dispositions.reconnaitre(seconde_ligne(chemin, fmt)):
        entete = seconde_ligne(chemin, fmt)  # Sitadel permits: labels, then codes
    d = dispositions.reconnaitre(entete)
    if d is not None:
        return d.type
    autre = deviner_type(entete)
    if autre:
        return autre
    raise ErreurImport(dispositions.message_aucune(nom, entete, None, "fichier officiel"))


def analyser(
    type_: str,
    chemin: Path | str,
    base: Path | str,
    millesime: int | None = None,
    nom: str | None = None,
    progres: Progres = rien,
    date_diffusion: date | None = None,
) -> Apercu:
    """Read and check a file; nothing is written. Raises ErreurImport if the file is refused.
    `date_diffusion`: the release date the user gives (Sitadel), over the one in the file name.
    `type_` « auto »: the kind is read from the file's header (detecter_type)."""
    if type_ == "auto" and Path(chemin).is_file():
        type_ = detecter_type(Path(chemin), nom or Path(chemin).name)
    if type_ not in TYPES:
        raise ErreurImport(f"Type de fichier inconnu : « {type_} » ; attendu l'un de : {', '.join(TYPES)}.")
    chemin = Path(chemin)
    nom = nom or chemin.name
    if millesime is not None:
        fin = sources.annee_courante() + 1
        if (
            isinstance(millesime, bool)
            or not isinstance(millesime, (int, np.integer))
            or not 2000 <= int(millesime) <= fin
        ):
            raise ErreurImport(
                f"Millésime demandé « {millesime} » (option --millesime) impossible : attendu une année "
                f"entre 2000 et {fin}."
            )
    if not chemin.is_file():
        raise ErreurImport(f"{nom} : fichier introuvable.")
    ref = reference(Path(base))
    progres(0.01, "empreinte SHA-256…")
    empreinte = sha256(chemin)
    progres(0.04, "détection du format…")
    apercu = ANALYSEURS[type_](chemin, nom, ref, millesime, progres)
    apercu.sha256 = empreinte
    if date_diffusion is not None:
        if date_diffusion > date.today():
            raise ErreurImport(
                f"Date de diffusion demandée « {date_diffusion:%d/%m/%Y} » dans le futur : attendu la date "
                "à laquelle le producteur a publié le fichier."
            )
        apercu.date_diffusion = date_diffusion
    if apercu.lignes_gardees == 0:
        raise ErreurImport(_aucune_ligne(apercu))
    apercu.couverture = couverture(apercu, ref)
    con = duckdb.connect(str(base), read_only=True)
    try:
        apercu.impact = impact(con, apercu)
    finally:
        con.close()
    apercu.remplace = phrase_remplacement(apercu, demo=bool((apercu.impact["effet"] == DEMO).any()))
    progres(0.85, "aperçu prêt")
    return apercu


def _aucune_ligne(a: Apercu) -> str:
    if a.lignes_lues == 0:
        return f"{a.fichier} : le fichier ne contient aucune ligne de données (seulement un en-tête)."
    if a.lignes_hors_cua == a.lignes_lues:
        return f"{a.fichier} : aucune des {fr.nombre(a.lignes_lues)} lignes ne concerne une commune de la CU d'Arras."
    premier = sorted(a.rejets, key=lambda r: r.ligne)[0].message(a.fichier) if a.rejets else ""
    return f"{a.fichier} : aucune ligne valide ({fr.nombre(a.lignes_rejetees)} lignes rejetées). Premier problème : {premier}"


def importer(type_: str, chemin: Path | str, base: Path | str, **options) -> Resultat:
    """Analyse then write (the CLI and the tests; the page shows the preview in between).
    `options`: those of `analyser` (millesime, nom, progres, date_diffusion)."""
    return ecrire(analyser(type_, chemin, base, **options), base, options.get("progres", rien))
