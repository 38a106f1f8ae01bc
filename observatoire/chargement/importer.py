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
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import os
import re
import sys
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zlib import error as zlib_erreur

import duckdb
import numpy as np
import pandas as pd

from observatoire.base import travail
from observatoire.base.build import sha256
from observatoire.chargement import dispositions, sources
from observatoire.chargement.sources import ErreurSource, Rejet
from observatoire.ecrans import formats as fr

Progres = Callable[[float, str], None]


class ErreurImport(ErreurSource):
    """The whole file is refused: one French sentence saying why."""


def _rien(fraction: float, message: str) -> None:
    pass


# ---------------------------------------------------------------- the kinds of files


@dataclass(frozen=True)
class Type:
    cle: str
    libelle: str
    jeu: str  # name in `imports` (and in the demo banner)
    table: str
    obligatoires: tuple[str, ...]  # canonical columns the file must have
    commune: str | None  # canonical column holding the INSEE code (None: no commune filter)
    un_millesime: bool  # the file is one vintage (taken from its name, content or --millesime)
    extensions: tuple[str, ...] = (".csv", ".txt", ".gz")


TYPES: dict[str, Type] = {
    t.cle: t
    for t in [
        Type(
            "rpls",
            "RPLS — fichier détaillé au logement (public ou restreint)",
            "rpls",
            "rpls_logements",
            tuple(sources.RPLS_OBLIGATOIRES),
            "DEPCOM",
            True,
        ),
        Type(
            "rpls_communes",
            "RPLS — résultats par commune (classeur xlsx, ou le zip qui le contient)",
            "rpls_communes",
            "rpls_communes",
            ("code_insee", "nb_ls"),
            "code_insee",
            True,
            (".xlsx", ".zip"),
        ),
        Type(
            "ops",
            "OPS — occupation du parc social (modèle commune × QPV / hors QPV)",
            "ops",
            "ops",
            tuple(sources.OPS_OBLIGATOIRES),
            "code_insee",
            False,
        ),
        Type(
            "attributions",
            "Attributions (modèle, une ligne par attribution)",
            "attributions",
            "attributions",
            tuple(sources.ATTRIBUTIONS_OBLIGATOIRES),
            "code_insee",
            False,
        ),
        Type(
            "sitadel",
            "Sitadel — logements autorisés et commencés (liste des permis, ou par commune mensuel / annuel)",
            "production (sitadel)",
            "production",
            ("COMM", "DATE_REELLE_AUTORISATION", "NB_LGT_TOT_CREES"),
            "COMM",
            False,
        ),
        Type(
            "financements",
            "Logements sociaux financés (modèle PLUS / PLAI / PLS)",
            "production (financements)",
            "production",
            ("annee", "code_insee"),
            "code_insee",
            False,
        ),
        Type(
            "ptz",
            "Prêts à taux zéro (base SGFGAS, ou modèle neuf / ancien)",
            "production (ptz)",
            "production",
            ("annee", "code_insee"),
            "code_insee",
            False,
        ),
        Type(
            "objectifs",
            "Objectifs communaux du PLH (modèle)",
            "objectifs_communes",
            "objectifs",
            tuple(sources.OBJECTIFS_COLONNES[:3]),
            "code_insee",
            False,
        ),
        Type(
            "seuils_q1",
            "Seuil du 1er quartile (annexe de l'arrêté)",
            "seuils_premier_quartile",
            "seuils_premier_quartile",
            (),
            None,
            False,
            (".csv", ".txt", ".xlsx"),
        ),
        Type(
            "qpv",
            "QPV — liste des quartiers (CSV 2024 ou 2015) ou contours (GeoJSON, shapefile zippé)",
            "qpv_contours",
            "qpv",
            (),
            None,
            True,
            (".geojson", ".json", ".zip", ".csv", ".txt"),
        ),
    ]
}
# INSEE's RPLS by commune, IRIS or QPV: read by observatoire/chargement/publiques.py (analyser_rpls_insee).
TYPES["rpls_insee"] = Type(
    "rpls_insee",
    "RPLS — INSEE, par commune, IRIS ou QPV (CodGeo, nbLsPls, txVac…)",
    "rpls_insee",
    "rpls_insee",
    ("CodGeo", "nbLsPls"),
    None,
    True,
)


def _analyser_rpls_insee(chemin, nom, ref, millesime, progres) -> Apercu:
    from observatoire.chargement import publiques  # it imports this module: loaded on first use

    return publiques.analyser_rpls_insee(chemin, nom, ref, millesime, progres)


# Columns that betray a kind: used to say « this looks like an attributions file » when the
# user picked the wrong kind.
SIGNATURES = {
    "rpls": {"DEPCOM", "FINAN_CODE", "SURFHAB", "TYPECONST_CODE"},
    "ops": {"menages", "menages_apl", "en_qpv"},
    "attributions": {"bail_signe", "premier_quartile", "reservataire"},
    "sitadel": {"DATE_REELLE_AUTORISATION", "NB_LGT_TOT_CREES", "Num_DAU"},
    "financements": {"lls_plus", "lls_plai", "lls_pls"},
    "ptz": {"ptz_neuf", "accession_ancien"},
    "objectifs": {"plh", "indicateur", "objectif_annuel"},
    "seuils_q1": {"seuil_euros_uc", "siret de l'epci", "valeur du seuil"},
    "rpls_insee": {"CodGeo", "nbLsPls", "txVac3m", "txRot"},
}

SIREN_CUA = "200033579"

# Bounds on what one file may cost the server (issue 14, item 5). Settings (environment):
VARIABLE_TEXTE_MAX = "OBSERVATOIRE_TEXTE_MAX_MO"  # decompressed text of a .gz / content of a zip, in Mo
TEXTE_MAX_MO = 2000  # default: 2 Go of text (a regional RPLS is ~250 Mo)
VARIABLE_LIGNES_MAX = "OBSERVATOIRE_LIGNES_CU_MAX"  # rows kept for the CUA (they become a table in memory)
LIGNES_MAX = 100_000  # default: 6 times the CUA's social housing stock (≈ 16 000 dwellings)
CLASSEUR_MAX_MO = 100  # a workbook's sheets, decompressed (the RPLS results by commune: ≈ 5 Mo)


def _reglage(variable: str, defaut: int) -> int:
    texte = os.environ.get(variable, "").strip().replace(" ", "").replace("_", "")
    return int(texte) if texte.isdigit() and int(texte) > 0 else defaut


def texte_max_octets() -> int:
    return _reglage(VARIABLE_TEXTE_MAX, TEXTE_MAX_MO) * 1_000_000


def lignes_max() -> int:
    return _reglage(VARIABLE_LIGNES_MAX, LIGNES_MAX)


# Documented templates (docs/modeles.md), each a header plus a filled example, downloadable from
# the page « Données ». The official files (RPLS, Sitadel, QPV contours) are imported as published.
MODELES = {
    "ops": "ops.csv",
    "attributions": "attributions.csv",
    "financements": "financements.csv",
    "ptz": "ptz.csv",
    "objectifs": "objectifs.csv",
    "seuils_q1": "seuils_q1_2024.csv",
}


def modele(type_: str) -> Path:
    from observatoire.base.chemins import DATA

    return DATA / "modeles" / MODELES[type_]


# ---------------------------------------------------------------- the preview

NATURES = {
    "public": "fichier public — ni occupation, ni bail, ni loyer, ni bailleur : vacance, mobilité et loyer "
    "seront « non disponible dans le fichier public » pour ce millésime",
    "loi": "« version loi » (fichier restreint) — occupation, bail, loyer et bailleur chargés : vacance, "
    "mobilité et loyer calculables",
}


@dataclass
class Apercu:
    type: str
    fichier: str  # the name the user gave the file
    chemin: Path
    sha256: str
    format: str  # « CSV séparé par « ; » », « classeur Excel (feuille COMMUNES) »…
    encodage: str | None
    separateur: str | None
    millesimes: list[int]
    origine_millesime: str  # « nom du fichier », « contenu du fichier », « option --millesime »
    lignes_lues: int
    lignes_gardees: int
    lignes_hors_cua: int
    hors_cua: dict[str, int]  # département (or commune) → lines left out
    rejets: list[Rejet]
    avertissements: list[str]
    donnees: pd.DataFrame  # rows of the target table, ready to insert
    par_annee: pd.DataFrame  # per vintage: lues, gardees, rejetees (provenance rows)
    remplace: str = ""  # one sentence: what the write will replace
    impact: pd.DataFrame | None = None  # what the write deletes and keeps, by year and landlord / communes
    couverture: str = ""  # « 2 communes sur 46 (2024) »
    disposition: str = ""  # the published layout recognised (dispositions.DISPOSITIONS key)
    nature: str | None = None  # RPLS per dwelling: « public » or « loi » (restricted file)
    date_diffusion: date | None = None  # release date (Sitadel), from the file name or given
    detail: str = ""  # « données jusqu'à septembre 2025 »

    @property
    def lignes_rejetees(self) -> int:
        return self.lignes_lues - self.lignes_gardees - self.lignes_hors_cua

    @property
    def libelle(self) -> str:
        return TYPES[self.type].libelle

    def resume(self) -> list[str]:
        """The preview in a few French lines (shown by the CLI and the page)."""
        millesimes = ", ".join(str(m) for m in self.millesimes) or "–"
        lignes = [
            f"Fichier : {self.fichier} ({self.libelle})",
            f"Format détecté : {self.format}" + (f" · encodage {self.encodage}" if self.encodage else ""),
            f"Millésime(s) : {millesimes} (d'après {self.origine_millesime})",
            f"Lignes lues : {fr.nombre(self.lignes_lues)}",
            f"Lignes gardées pour la CU d'Arras : {fr.nombre(self.lignes_gardees)}",
        ]
        if self.disposition:
            lignes.insert(
                2,
                f"Disposition reconnue : {dispositions.DISPOSITIONS[self.disposition].libelle}"
                + (f" ({self.detail})" if self.detail else ""),
            )
        if self.date_diffusion is not None:
            lignes.append(f"Date de diffusion : {self.date_diffusion:%d/%m/%Y}")
        if self.nature is not None:
            lignes.append(f"Nature du fichier : {NATURES[self.nature]}")
        if self.lignes_hors_cua:
            detail = ", ".join(
                f"{k} : {fr.nombre(v)}" for k, v in sorted(self.hors_cua.items(), key=lambda kv: -kv[1])[:8]
            )
            lignes.append(f"Lignes hors CU d'Arras, non chargées : {fr.nombre(self.lignes_hors_cua)} ({detail})")
        lignes.append(f"Lignes rejetées : {fr.nombre(self.lignes_rejetees)}")
        if self.couverture:
            lignes.append(f"Couverture : {self.couverture}")
        lignes += [f"Attention : {a}" for a in self.avertissements]
        if self.remplace:
            lignes.append(self.remplace)
        if self.impact is not None and len(self.impact):
            for effet in (SUPPRIMEES, DEMO, GARDEES):
                sous = self.impact[self.impact["effet"] == effet]
                if len(sous):
                    lignes.append(
                        f"{effet[0].upper()}{effet[1:]} : {fr.nombre(int(sous['lignes'].sum()))} ligne(s) — "
                        + " ; ".join(
                            f"{r.periode}{' · ' + r.detail if r.detail else ''} : {fr.nombre(int(r.lignes))}"
                            for r in sous.head(12).itertuples()
                        )
                        + (" ; …" if len(sous) > 12 else "")
                    )
        return lignes

    def messages_rejets(self, maximum: int | None = None) -> list[str]:
        rejets = sorted(self.rejets, key=lambda r: (r.ligne, r.colonne))
        return [r.message(self.fichier) for r in (rejets[:maximum] if maximum else rejets)]

    def remplissage(self) -> pd.DataFrame:
        """For each column to be loaded: how many rows carry a value (no row-level data shown)."""
        d = self.donnees.drop(columns=[c for c in ("geometrie_wkt", "nom_reference") if c in self.donnees.columns])
        n = len(d)
        renseignees = [int(d[c].notna().sum()) for c in d.columns]
        return pd.DataFrame(
            {"colonne": list(d.columns), "renseignees": renseignees, "vides": [n - r for r in renseignees]}
        )

    def rejets_csv(self) -> bytes:
        """Every rejection, for Excel (UTF-8 with BOM, « ; »). The file name, the cell values and
        the column names come from the user's file: a text a spreadsheet would run as a formula
        (=, +, -, @…) is neutralised (exports.neutraliser), as in every other export."""
        from observatoire.figures.exports import neutraliser

        df = pd.DataFrame(
            [
                {
                    "fichier": self.fichier,
                    "ligne": r.ligne,
                    "colonne": r.colonne,
                    "valeur": r.valeur,
                    "motif": r.motif,
                    "attendu": r.attendu,
                }
                for r in sorted(self.rejets, key=lambda r: r.ligne)
            ],
            columns=["fichier", "ligne", "colonne", "valeur", "motif", "attendu"],
        )
        for c in ("fichier", "colonne", "valeur", "motif", "attendu"):
            df[c] = df[c].map(lambda v: neutraliser(str(v)))
        return df.to_csv(sep=";", index=False).encode("utf-8-sig")

    def motifs(self) -> pd.DataFrame:
        """Rejections counted by column and reason (what the page shows first)."""
        if not self.rejets:
            return pd.DataFrame(columns=["colonne", "motif", "attendu", "lignes", "premiere_ligne"])
        df = pd.DataFrame([r.__dict__ for r in self.rejets])
        return (
            df.groupby(["colonne", "motif", "attendu"], as_index=False)
            .agg(lignes=("ligne", "nunique"), premiere_ligne=("ligne", "min"))
            .sort_values(["premiere_ligne"])
            .reset_index(drop=True)
        )


# ---------------------------------------------------------------- detection


def _ouvrir(chemin: Path):
    with open(chemin, "rb") as f:
        tete = f.read(2)
    return gzip.open(chemin, "rb") if tete == b"\x1f\x8b" else open(chemin, "rb")


@dataclass
class FormatCsv:
    encodage: str  # python codec: utf-8, utf-8-sig, cp1252, iso-8859-1
    separateur: str
    compresse: bool
    entete: list[str]
    avertissement: str = ""  # mixed encodings: what was repaired, from which line
    lignes_entete: int = 1  # the Sitadel permit file has two: labels, then the codes (the header)

    @property
    def libelle_encodage(self) -> str:
        return {
            "utf-8": "UTF-8",
            "utf-8-sig": "UTF-8 avec BOM",
            "cp1252": "Windows-1252 (CP1252)",
            "iso-8859-1": "ISO-8859-1 (Latin-1)",
            "mixte": "UTF-8 avec des lignes en Windows-1252 (converties)",
        }[self.encodage]

    @property
    def libelle(self) -> str:
        sep = {";": "« ; »", ",": "« , »", "\t": "tabulation", "|": "« | »"}[self.separateur]
        return f"CSV séparé par {sep}" + (" (compressé gzip)" if self.compresse else "")


# CP1252 puts printable characters (€ œ ’ …) where ISO-8859-1 has control codes. Single bytes,
# searched with `in` (memchr): a regular expression over 250 MB takes seconds.
_CP1252_SEULEMENT = [bytes([b]) for b in [0x80, *range(0x82, 0x8D), 0x8E, *range(0x91, 0x9D), 0x9E, 0x9F]]
_NON_CP1252 = [bytes([b]) for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)]


def detecter_csv(chemin: Path, nom: str, progres: Progres = _rien) -> FormatCsv:
    """Encoding, separator and header of a text file, or one sentence saying why it is not a CSV."""
    with open(chemin, "rb") as f:
        debut = f.read(8)
    if len(debut) == 0:
        raise ErreurImport(f"{nom} : le fichier est vide.")
    if debut.startswith(b"PK\x03\x04"):
        raise ErreurImport(
            f"{nom} n'est pas un fichier CSV : c'est un classeur Excel ou une archive zip ; "
            "enregistrez-le en CSV (séparateur « ; ») ou choisissez le bon type de fichier."
        )
    if debut.startswith(b"%PDF"):
        raise ErreurImport(f"{nom} n'est pas un fichier CSV : c'est un document PDF.")
    if _est_gzip(chemin):
        verifier_gzip(chemin, nom, progres)
    with _ouvrir(chemin) as f:
        try:
            echantillon = f.read(1 << 16)
        except (OSError, EOFError) as e:
            raise ErreurImport(f"{nom} : l'archive gzip est illisible ou tronquée ({e}).") from e
    if b"\x00" in echantillon:
        raise ErreurImport(f"{nom} n'est pas un fichier CSV : il contient des données binaires.")
    if not echantillon.strip():
        raise ErreurImport(f"{nom} : le fichier est vide.")

    # Encoding: a BOM says UTF-8; otherwise the whole file must decode as UTF-8, else it is
    # CP1252 when it uses CP1252-only characters, ISO-8859-1 otherwise.
    if echantillon.startswith(codecs.BOM_UTF8):
        encodage = "utf-8-sig"
    else:
        encodage = "utf-8"
        decodeur = codecs.getincrementaldecoder("utf-8")()
        cp1252, latin = False, False
        taille, lu = max(os.path.getsize(chemin), 1), 0
        try:
            with _ouvrir(chemin) as f:
                for bloc in iter(lambda: f.read(1 << 22), b""):
                    lu += len(bloc)
                    progres(0.04 + 0.16 * min(lu / taille, 1.0), "détection de l'encodage…")
                    if encodage == "utf-8":
                        try:
                            decodeur.decode(bloc)
                        except UnicodeDecodeError:
                            encodage = "8bit"
                    if encodage == "8bit":
                        cp1252 = cp1252 or any(b in bloc for b in _CP1252_SEULEMENT)
                        latin = latin or any(b in bloc for b in _NON_CP1252)
        except (OSError, EOFError) as e:
            raise ErreurImport(f"{nom} : l'archive gzip est illisible ou tronquée ({e}).") from e
        if encodage == "8bit":
            encodage = "cp1252" if cp1252 and not latin else "iso-8859-1"
            mixte = _lignes_non_utf8(chemin)
            if mixte is not None:
                encodage = "mixte"
                avertissement = (
                    f"{nom} : encodages mélangés — le fichier est en UTF-8 sauf {fr.nombre(mixte[1])} ligne(s) en "
                    f"Windows-1252 / ISO-8859-1, la première à la ligne {mixte[0]} ; ces lignes ont été converties "
                    "(« é », « € » justes) : vérifiez-les dans l'aperçu, ou réenregistrez le fichier en UTF-8."
                )

    texte = echantillon.decode("utf-8" if encodage == "mixte" else encodage, errors="replace")
    premiere = texte.lstrip("\ufeff").splitlines()[0] if texte.strip() else ""
    comptes = {s: premiere.count(s) for s in (";", "\t", ",", "|")}
    separateur = max(comptes, key=lambda s: comptes[s])
    if comptes[separateur] == 0:
        raise ErreurImport(
            f"{nom} n'est pas un fichier CSV lisible : sa première ligne ne contient aucun séparateur "
            "(« ; », « , » ou tabulation) entre des noms de colonnes."
        )
    entete = next(csv.reader([premiere], delimiter=separateur))
    entete = [c.strip() for c in entete]
    return FormatCsv(
        encodage,
        separateur,
        echantillon[:2] == b"\x1f\x8b" or _est_gzip(chemin),
        entete,
        avertissement if encodage == "mixte" else "",
    )


def verifier_gzip(chemin: Path, nom: str, progres: Progres = _rien) -> int:
    """Decompress a .gz as a stream, without keeping it, and refuse it past the text limit (a
    few hundred KB of gzip can hold gigabytes of text). Returns the decompressed size."""
    limite = texte_max_octets()
    total = 0
    try:
        with gzip.open(chemin, "rb") as f:
            while bloc := f.read(1 << 20):
                total += len(bloc)
                if total > limite:
                    raise ErreurImport(
                        f"{nom} : une fois décompressé, le fichier dépasse {fr.nombre(limite / 1e6)} Mo de texte "
                        f"(compressé : {fr.nombre(os.path.getsize(chemin) / 1e3)} Ko) ; attendu un extrait de taille "
                        f"normale (un RPLS régional fait environ 250 Mo). Limite réglable : {VARIABLE_TEXTE_MAX} (en Mo)."
                    )
    except (OSError, EOFError, zlib_erreur) as e:
        raise ErreurImport(f"{nom} : l'archive gzip est illisible ou tronquée ({e}).") from e
    return total


def verifier_zip(chemin: Path, nom: str, limite: int, quoi: str) -> None:
    """Refuse a zip (workbook, zipped shapefile) whose content, decompressed, passes `limite`
    bytes; Python's zipfile never inflates a member past its declared size."""
    try:
        with zipfile.ZipFile(chemin) as z:
            total = sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile as e:
        raise ErreurImport(f"{nom} : {quoi} illisible ({e}).") from e
    if total > limite:
        raise ErreurImport(
            f"{nom} : une fois décompressé, {quoi} dépasse {fr.nombre(limite / 1e6)} Mo "
            f"({fr.nombre(total / 1e6)} Mo annoncés) ; attendu un fichier de taille normale."
        )


def _lignes_non_utf8(chemin: Path) -> tuple[int, int] | None:
    """For a file that is not all UTF-8: (first line, count) of the lines that are not UTF-8
    when other lines hold UTF-8 accents (mixed encodings), else None (one 8-bit encoding)."""
    premiere, mauvaises, utf8 = None, 0, False
    with _ouvrir(chemin) as f:
        for numero, ligne in enumerate(f, start=1):
            if ligne.isascii():
                continue
            try:
                ligne.decode("utf-8")
                utf8 = True
            except UnicodeDecodeError:
                mauvaises += 1
                premiere = premiere or numero
    return (premiere, mauvaises) if utf8 and mauvaises else None


def _est_gzip(chemin: Path) -> bool:
    with open(chemin, "rb") as f:
        return f.read(2) == b"\x1f\x8b"


def millesime_du_nom(nom: str) -> int | None:
    """`rpls_2024.csv`, `RPLS 2023 reg32.csv`, `resultats_rpls_2022.xlsx` → the year, if exactly one."""
    annees = {int(a) for a in re.findall(r"(?<!\d)(20[0-4]\d)(?!\d)", nom)}
    return annees.pop() if len(annees) == 1 else None


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
    if not dispositions.reconnaitre(entete) and dispositions.reconnaitre(_seconde_ligne(chemin, fmt)):
        entete = _seconde_ligne(chemin, fmt)  # Sitadel permits: labels, then codes
    d = dispositions.reconnaitre(entete)
    if d is not None:
        return d.type
    autre = deviner_type(entete)
    if autre:
        return autre
    raise ErreurImport(dispositions.message_aucune(nom, entete, None, "fichier officiel"))


def deviner_type(colonnes) -> str | None:
    """The kind whose signature columns best match a header (None if nothing matches)."""
    tels = {str(c).strip() for c in colonnes}
    tels |= {c.upper() for c in tels} | {c.lower() for c in tels} | {sources.sans_accents(c).lower() for c in tels}
    tels |= {sources.RPLS_SYNONYMES.get(c.upper(), c) for c in tels}
    meilleur, score = None, 0
    for cle, sig in SIGNATURES.items():
        s = len(sig & tels)
        if s >= 2 and s > score:
            meilleur, score = cle, s
    return meilleur


# ---------------------------------------------------------------- reading a CSV with DuckDB


def _ident(nom: str) -> str:
    return '"' + nom.replace('"', '""') + '"'


@dataclass
class Lecture:
    brut: pd.DataFrame  # kept rows (CUA + malformed commune codes), every column text, canonical names
    lignes: pd.Series  # line number in the file for each row of `brut`
    lues: int  # data lines in the file
    hors_cua: dict[str, int]
    rejets_structure: list[Rejet]  # lines DuckDB could not split into the header's columns


def _transcoder(chemin: Path, encodage: str, progres: Progres, debut: float, fin: float) -> Path:
    """A UTF-8 copy of a CP1252 / ISO-8859-1 file (DuckDB reads UTF-8 only without extensions)."""
    taille = max(os.path.getsize(chemin), 1)
    sortie = travail.fichier(suffixe=".csv", prefixe="import-utf8-")
    lu = 0
    if encodage == "mixte":  # line by line: UTF-8 where it decodes, Windows-1252 elsewhere
        with _ouvrir(chemin) as src, open(sortie, "w", encoding="utf-8", newline="") as dst:
            for ligne in src:
                try:
                    dst.write(ligne.decode("utf-8"))
                except UnicodeDecodeError:
                    dst.write(ligne.decode("cp1252", errors="replace"))
        progres(fin, "conversion de l'encodage en UTF-8…")
        return sortie
    with _ouvrir(chemin) as src, open(sortie, "w", encoding="utf-8", newline="") as dst:
        decodeur = codecs.getincrementaldecoder(encodage)()
        for bloc in iter(lambda: src.read(1 << 22), b""):
            dst.write(decodeur.decode(bloc))
            lu += len(bloc)
            progres(debut + (fin - debut) * min(lu / taille, 1.0), "conversion de l'encodage en UTF-8…")
        dst.write(decodeur.decode(b"", final=True))
    return sortie


def _avec_progres(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict, progres: Progres, debut: float, fin: float, message: str
):
    """Run a query in a thread while reporting DuckDB's own progress estimate."""
    resultat: dict = {}

    def executer():
        try:
            resultat["df"] = con.execute(sql, params).df()
        except BaseException as e:  # re-raised in the caller's thread
            resultat["erreur"] = e

    fil = threading.Thread(target=executer, daemon=True)
    fil.start()
    while fil.is_alive():
        fil.join(0.2)
        try:
            p = con.query_progress()
        except Exception:
            p = -1
        if p is not None and p >= 0:
            progres(debut + (fin - debut) * min(p, 100) / 100, message)
    if "erreur" in resultat:
        raise resultat["erreur"]
    progres(fin, message)
    return resultat["df"]


def lire_csv(
    chemin: Path,
    nom: str,
    fmt: FormatCsv,
    correspondance: dict[str, str],
    commune: str | None,
    cua: set[str],
    progres: Progres,
) -> Lecture:
    """Read every row as text with DuckDB; keep the CUA rows (and rows with a malformed commune
    code, to reject them with a message), count the others by département."""
    a_supprimer: Path | None = None
    source = chemin
    if fmt.encodage not in ("utf-8", "utf-8-sig"):
        source = a_supprimer = _transcoder(chemin, fmt.encodage, progres, 0.2, 0.25)
    try:
        con = duckdb.connect()
        con.execute("SET threads = 2")
        con.execute("SET memory_limit = '200MB'")
        con.execute("SET temp_directory = $d", {"d": str(travail.dossier())})
        con.execute("SET enable_progress_bar = true")
        con.execute("SET enable_progress_bar_print = false")
        options = (
            f"delim = '{fmt.separateur}', quote = '\"', escape = '\"', header = true, all_varchar = true, "
            "store_rejects = true, max_line_size = 2000000, auto_detect = false, "
            f"skip = {int(fmt.lignes_entete) - 1}, "
            f"columns = {{{', '.join(_chaine(f'c{i}') + ': ' + _chaine('VARCHAR') for i in range(len(fmt.entete)))}}}, "
            f"compression = '{'gzip' if fmt.compresse and source == chemin else 'none'}'"
        )
        lecture = f"read_csv($chemin, {options})"
        # several raw names may map to one canonical name: the first wins (correspondance does that)
        noms_sql = {}
        for i, c in enumerate(fmt.entete):
            canon = correspondance.get(c)
            if canon is not None and canon not in noms_sql:
                noms_sql[canon] = f"c{i}"
        params = {"chemin": str(source)}
        if commune is not None and commune in noms_sql:
            brut_code = f"upper(trim({noms_sql[commune]}))"
            # 62041.0 (a spreadsheet's float) → 62041 ; 1053 → 01053 ; computed once per row
            code = (
                f"CASE WHEN regexp_full_match({brut_code}, '\\d{{1,5}}(\\.0+)?') "
                f"THEN lpad(regexp_replace({brut_code}, '\\.0+$', ''), 5, '0') ELSE {brut_code} END"
            )
            # the reference codes are checked to be INSEE-shaped before being written as literals
            codes = sorted(c for c in cua if sources.CODE_COMMUNE.match(c))
            liste = "(" + ", ".join(_chaine(c) for c in codes) + ")" if codes else "(NULL)"
            hors = f"(_code NOT IN {liste} AND regexp_full_match(_code, '\\d[\\dAB]\\d{{3}}'))"
            sql = (
                f"SELECT * EXCLUDE (_code) FROM (SELECT row_number() OVER () AS _ligne, {code} AS _code, * "
                f"FROM {lecture}) WHERE NOT {hors}"
            )
            stats_sql = (
                f"SELECT left(_code, 2) AS dep, count(*) AS n FROM (SELECT {code} AS _code FROM {lecture}) "
                f"WHERE {hors} GROUP BY ALL"
            )
        else:
            sql = f"SELECT row_number() OVER () AS _ligne, * FROM {lecture}"
            stats_sql = None
        maxi = lignes_max()
        sql += f" LIMIT {maxi + 1}"  # a table in memory: never more than the bound (+1 to know it is passed)
        try:
            df = _avec_progres(
                con,
                sql,
                params,
                progres,
                0.25,
                0.55 if stats_sql else 0.7,
                "lecture du fichier et filtre des communes de la CU…",
            )
            if len(df) > maxi:
                raise ErreurImport(
                    f"{nom} : plus de {fr.nombre(maxi)} lignes pour les communes de la CU d'Arras (ou sans code commune "
                    f"valide) ; la CU compte environ 16 000 logements sociaux et quelques milliers d'attributions par an : "
                    f"ce fichier n'en est pas un extrait plausible. Limite réglable : {VARIABLE_LIGNES_MAX}."
                )
            hors = {}
            if stats_sql:
                stats = _avec_progres(con, stats_sql, params, progres, 0.55, 0.7, "comptage des lignes hors CU…")
                hors = {f"département {d}": int(n) for d, n in zip(stats["dep"], stats["n"])}
            rejets_df = con.execute(
                "SELECT line, error_type, csv_line, error_message FROM reject_errors ORDER BY line"
            ).df()
        except duckdb.OutOfMemoryException as e:
            raise ErreurImport(
                f"{nom} : le fichier demande plus de mémoire que l'import n'en a (200 Mo) ; "
                "découpez-le ou filtrez-le sur la CU d'Arras."
            ) from e
        except duckdb.Error as e:
            raise ErreurImport(
                f"{nom} : le fichier n'a pas pu être lu comme un CSV séparé par « {fmt.separateur} » "
                f"({str(e).splitlines()[0]})."
            ) from e
        finally:
            con.close()
    finally:
        if a_supprimer is not None:
            a_supprimer.unlink(missing_ok=True)

    n_cols = len(fmt.entete)
    rejets_structure = []
    lignes_rejetees = sorted(set(int(x) for x in rejets_df["line"])) if len(rejets_df) else []
    for ligne, groupe in rejets_df.groupby("line", sort=True) if len(rejets_df) else []:
        texte = str(groupe["csv_line"].iloc[0] or "")
        try:  # the line as DuckDB kept it may hold a line break (an unbalanced quote)
            trouvees = len(next(csv.reader(io.StringIO(texte), delimiter=fmt.separateur), [])) if texte else 0
        except csv.Error:
            trouvees = texte.count(fmt.separateur) + 1
        types = set(groupe["error_type"])
        motif = (
            "est une ligne incomplète (fichier tronqué ?)"
            if "MISSING COLUMNS" in types
            else "contient trop de colonnes"
            if "TOO MANY COLUMNS" in types
            else "n'a pas pu être découpée en colonnes"
        )
        rejets_structure.append(
            Rejet(
                int(ligne),
                "(ligne entière)",
                texte[:80],
                motif,
                f"{n_cols} colonnes séparées par « {fmt.separateur} » (trouvé : {trouvees})",
            )
        )
    # Line numbers: data rows are numbered from 2 (header = 1), skipping lines DuckDB rejected.
    numeros = df["_ligne"].astype("int64").to_numpy() + fmt.lignes_entete
    lignes_rejetees = [r + fmt.lignes_entete - 1 for r in lignes_rejetees]
    for r in lignes_rejetees:
        numeros = numeros + (numeros >= r)
    lignes = pd.Series(numeros, index=df.index)
    brut = df.drop(columns=["_ligne"]).rename(columns={v: k for k, v in noms_sql.items()})
    brut = brut[[c for c in noms_sql]]
    lues = int(len(df) + sum(hors.values()) + len(lignes_rejetees))
    return Lecture(brut, lignes, lues, hors, rejets_structure)


def _chaine(texte: str) -> str:
    return "'" + texte.replace("'", "''") + "'"


# ---------------------------------------------------------------- references from the database


@dataclass
class Reference:
    communes: dict[str, str]  # code → nom
    codes_qpv: set[str]
    codes_qpv_2024: set[str]
    codes_qpv_par_geographie: dict[int, set[str]]
    plhs: dict[str, int]  # PLH → first year
    qpv: pd.DataFrame


def reference(base: Path) -> Reference:
    con = duckdb.connect(str(base), read_only=True)
    try:
        communes = dict(con.execute("SELECT code_insee, nom FROM communes").fetchall())
        qpv = con.execute("SELECT geographie, code_qpv, nom, communes_insee, source FROM qpv").df()
        plhs = dict(con.execute("SELECT plh, annee_debut FROM plh").fetchall())
    finally:
        con.close()
    codes = set(qpv["code_qpv"].dropna())
    codes24 = set(qpv.loc[qpv["geographie"] == 2024, "code_qpv"].dropna())
    par_geo = {int(g): set(d["code_qpv"].dropna()) for g, d in qpv.groupby("geographie")}
    return Reference(communes, codes, codes24, par_geo, plhs, qpv)


# ---------------------------------------------------------------- the templates' example rows

_ENTETES_MODELES = {
    "financements": lambda: _entetes_simples(sources.FINANCEMENTS_SYNONYMES),
    "ptz": lambda: _entetes_simples(sources.PTZ_SYNONYMES),
    "seuils_q1": lambda: lambda colonnes: {c: c for c in colonnes},
}


def _normaliser_cellule(v) -> str:
    return re.sub(r"\s+", " ", str(v if v is not None and v == v else "")).strip().lower()


def _lignes_modele(type_: str) -> tuple[list[str], set[tuple[str, ...]]]:
    """The example rows of the shipped template of `type_` (canonical column names, normalised
    cells): such a row is never data."""
    if type_ not in MODELES:
        return [], set()
    texte = modele(type_).read_text(encoding="utf-8-sig").splitlines()
    lignes = list(csv.reader(texte, delimiter=";"))
    entetes = _ENTETES_MODELES.get(type_, lambda: _entetes_simples())()
    correspondance = entetes(lignes[0])
    colonnes = [correspondance.get(c, c) for c in lignes[0]]
    return colonnes, {tuple(_normaliser_cellule(v) for v in l) for l in lignes[1:] if any(x.strip() for x in l)}


def lignes_du_modele(type_: str, brut: pd.DataFrame) -> pd.Series:
    """True for the rows of `brut` that are an example row of the shipped template."""
    colonnes, exemples = _lignes_modele(type_)
    communes = [i for i, c in enumerate(colonnes) if c in brut.columns]
    if len(communes) < len(colonnes) or not len(brut):  # a file with the template's columns only
        return pd.Series(False, index=brut.index)
    cles = {tuple(e[i] for i in communes) for e in exemples}
    valeurs = brut[[colonnes[i] for i in communes]].map(_normaliser_cellule)
    return pd.Series([t in cles for t in valeurs.itertuples(index=False, name=None)], index=brut.index)


def _refuser_modele(
    type_: str, nom: str, brut: pd.DataFrame, c: sources.Controle | None, ligne_a_ligne: bool = True
) -> None:
    """Example rows of the template: the file is refused when it holds nothing else (« ceci est
    le fichier modèle »); otherwise each one is rejected with a message."""
    exemple = lignes_du_modele(type_, brut)
    if len(exemple) and exemple.all():
        raise ErreurImport(
            f"{nom} : ceci est le fichier modèle (data/modeles/{MODELES[type_]}) : ses {fr.nombre(int(exemple.sum()))} "
            "ligne(s) de données (CU d'Arras) sont les exemples inventés du modèle, pas des données. Gardez la ligne d'en-tête, remplacez les "
            "lignes d'exemple par vos propres lignes, puis importez le fichier."
        )
    if exemple.any() and ligne_a_ligne and c is not None:
        premiere = brut.columns[0]
        c.signaler(
            exemple,
            premiere,
            f"commence une ligne d'exemple du fichier modèle (data/modeles/{MODELES[type_]})",
            "vos propres données : effacez les lignes d'exemple du modèle",
        )


# ---------------------------------------------------------------- analysis (the preview)


def analyser(
    type_: str,
    chemin: Path | str,
    base: Path | str,
    millesime: int | None = None,
    nom: str | None = None,
    progres: Progres = _rien,
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
    fonction = {
        "rpls": _analyser_rpls,
        "rpls_communes": _analyser_rpls_communes,
        "ops": _analyser_ops,
        "attributions": _analyser_attributions,
        "sitadel": _analyser_sitadel,
        "financements": _analyser_financements,
        "ptz": _analyser_ptz,
        "objectifs": _analyser_objectifs,
        "seuils_q1": _analyser_seuils,
        "qpv": _analyser_qpv,
        "rpls_insee": _analyser_rpls_insee,
    }[type_]
    apercu = fonction(chemin, nom, ref, millesime, progres)
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
    apercu.remplace = _phrase_remplacement(apercu, demo=bool((apercu.impact["effet"] == DEMO).any()))
    progres(0.85, "aperçu prêt")
    return apercu


def _aucune_ligne(a: Apercu) -> str:
    if a.lignes_lues == 0:
        return f"{a.fichier} : le fichier ne contient aucune ligne de données (seulement un en-tête)."
    if a.lignes_hors_cua == a.lignes_lues:
        return f"{a.fichier} : aucune des {fr.nombre(a.lignes_lues)} lignes ne concerne une commune de la CU d'Arras."
    premier = sorted(a.rejets, key=lambda r: r.ligne)[0].message(a.fichier) if a.rejets else ""
    return f"{a.fichier} : aucune ligne valide ({fr.nombre(a.lignes_rejetees)} lignes rejetées). Premier problème : {premier}"


def _colonnes_manquantes(
    t: Type, nom: str, entete: list[str], correspondance: dict[str, str], obligatoires=None
) -> None:
    presentes = set(correspondance.values())
    obligatoires = list(obligatoires if obligatoires is not None else t.obligatoires)
    manquantes = [c for c in obligatoires if c not in presentes]
    if not manquantes:
        return
    autre = deviner_type(entete)
    if autre and autre != t.cle:
        raise ErreurImport(
            f"{nom} ressemble à un fichier « {TYPES[autre].libelle} », pas à un fichier « {t.libelle} » : "
            "choisissez le bon type de fichier."
        )
    if len(manquantes) == len(obligatoires) and len(obligatoires) > 1:
        raise ErreurImport(
            f"{nom} n'est pas un fichier « {t.libelle} » : aucune des colonnes attendues ({', '.join(obligatoires)}) "
            f"n'est dans la ligne d'en-tête (colonnes lues : {', '.join(entete[:8])}{'…' if len(entete) > 8 else ''})."
        )
    raise ErreurImport(
        f"{nom}, ligne 1 (en-tête) : colonne(s) obligatoire(s) absente(s) : {', '.join(manquantes)} ; "
        f"attendu les colonnes {', '.join(obligatoires)} (voir docs/modeles.md)."
    )


def _lire_csv_type(
    t: Type,
    chemin: Path,
    nom: str,
    ref: Reference,
    progres: Progres,
    entetes: Callable[[list[str]], dict[str, str]],
    obligatoires=None,
) -> tuple[FormatCsv, Lecture]:
    fmt = detecter_csv(chemin, nom, progres)
    correspondance = entetes(fmt.entete)
    _colonnes_manquantes(t, nom, fmt.entete, correspondance, obligatoires)
    lecture = lire_csv(chemin, nom, fmt, correspondance, t.commune, set(ref.communes), progres)
    return fmt, lecture


def _entetes_simples(synonymes: dict[str, str] | None = None) -> Callable[[list[str]], dict[str, str]]:
    """Template headers: case- and accent-insensitive, with a few synonyms."""
    synonymes = synonymes or {}

    def f(colonnes):
        out, pris = {}, set()
        for c in colonnes:
            cle = sources.sans_accents(str(c)).strip().lstrip("\ufeff").lower().replace(" ", "_")
            canon = synonymes.get(cle, cle)
            if canon not in pris:
                out[c] = canon
                pris.add(canon)
        return out

    return f


def _perimetre(
    communes: pd.Series, ref: Reference, controle: sources.Controle, colonne: str
) -> tuple[pd.Series, dict[str, int]]:
    """Split rows into CUA / other communes (left out, counted) / malformed codes (rejected)."""
    code = sources.commune_normalisee(communes)
    dans = code.isin(set(ref.communes))
    forme = code.str.match(sources.CODE_COMMUNE)
    controle.signaler(
        ~forme & ~controle.rejete,
        colonne,
        "n'est pas un code commune INSEE",
        "un code de 5 caractères, par exemple 62041 (Arras)",
        valeurs=communes,
    )
    hors = forme & ~dans
    comptes = code[hors].str.slice(0, 2).value_counts()
    return hors, {f"département {k}": int(v) for k, v in comptes.items()}


def _millesime_unique(
    nom: str, millesime: int | None, contenu: int | None = None, entete: int | None = None
) -> tuple[int, str, list[str]]:
    avert = []
    du_nom = millesime_du_nom(nom)
    if millesime is not None:
        if du_nom is not None and du_nom != millesime:
            avert.append(f"le nom du fichier indique {du_nom} mais le millésime {millesime} a été demandé.")
        return int(millesime), "option --millesime", avert
    if contenu is not None:
        return contenu, "contenu du fichier", avert
    if du_nom is not None:
        return du_nom, "nom du fichier", avert
    if entete is not None:
        return entete, "disposition de l'en-tête", avert
    raise ErreurImport(
        f"{nom} : le millésime ne se lit ni dans le nom du fichier ni dans son contenu ; "
        "indiquez-le (option --millesime AAAA, ou champ « Millésime » de la page Données)."
    )


def _assembler(
    type_: str,
    chemin: Path,
    nom: str,
    format_: str,
    encodage: str | None,
    separateur: str | None,
    millesimes: list[int],
    origine: str,
    lues: int,
    gardees: int,
    hors: int,
    hors_detail: dict,
    rejets: list[Rejet],
    avert: list[str],
    donnees: pd.DataFrame,
    par_annee: pd.DataFrame,
) -> Apercu:
    return Apercu(
        type_,
        nom,
        chemin,
        "",
        format_,
        encodage,
        separateur,
        sorted(int(m) for m in millesimes),
        origine,
        int(lues),
        int(gardees),
        int(hors),
        hors_detail,
        rejets,
        avert,
        donnees,
        par_annee,
    )


def _par_annee(
    annees: pd.Series, gardees: pd.Series, rejetees: pd.Series, hors: pd.Series, structure: int = 0
) -> pd.DataFrame:
    """Provenance per vintage: lines read / kept / rejected attributed to the year they belong to.
    Lines whose year is unknown (rejected for it) go to the first year."""
    df = pd.DataFrame(
        {"annee": annees.astype("Int64"), "g": gardees.astype(int), "r": rejetees.astype(int), "h": hors.astype(int)}
    )
    connues = df["annee"].dropna()
    if connues.empty:
        return pd.DataFrame(columns=["millesime", "lues", "gardees", "rejetees"])
    premiere = int(df.loc[df["g"] == 1, "annee"].min()) if (df["g"] == 1).any() else int(connues.min())
    df["annee"] = df["annee"].fillna(premiere)
    gardees_annees = set(df.loc[df["g"] == 1, "annee"].astype(int))
    # a year with only rejected lines has nothing to replace: its lines go to the first kept year
    df.loc[~df["annee"].isin(gardees_annees), "annee"] = premiere
    out = df.groupby("annee").agg(gardees=("g", "sum"), rejetees=("r", "sum"), hors=("h", "sum")).reset_index()
    out.loc[out["annee"] == premiere, "rejetees"] += structure
    out["lues"] = out["gardees"] + out["rejetees"] + out["hors"]
    return out.rename(columns={"annee": "millesime"})[["millesime", "lues", "gardees", "rejetees"]].astype(int)


def _finir_csv(
    type_: str,
    chemin: Path,
    nom: str,
    fmt: FormatCsv,
    lecture: Lecture,
    ref: Reference,
    df: pd.DataFrame,
    c: sources.Controle,
    annees: pd.Series,
    origine: str,
    avert: list[str],
    commune_col: str | None,
    garder_lignes: Callable[[pd.Series], pd.DataFrame] | None = None,
) -> Apercu:
    """Common end of the CSV kinds: perimeter, rejected rows, provenance per year."""
    hors = pd.Series(False, index=df.index)
    hors_detail = dict(lecture.hors_cua)
    if commune_col is not None:
        hors, detail = _perimetre(c.texte(commune_col), ref, c, commune_col)
        for k, v in detail.items():
            hors_detail[k] = hors_detail.get(k, 0) + v
    if type_ in MODELES:
        _refuser_modele(type_, nom, lecture.brut, c)
    if fmt.avertissement:
        avert = [fmt.avertissement] + list(avert)
    rejete = c.rejete & ~hors
    garde = ~rejete & ~hors
    rejets = c.rejets + lecture.rejets_structure
    # a row left out of the CUA is not « rejected », whatever else is wrong with it
    lignes_hors = set(lecture.lignes[hors].astype(int))
    rejets = [r for r in rejets if r.ligne not in lignes_hors]
    donnees = garder_lignes(garde) if garder_lignes else df[garde].reset_index(drop=True)
    n_hors = int(hors.sum()) + sum(lecture.hors_cua.values())
    par_annee = _par_annee(annees, garde, rejete, hors, structure=len(lecture.rejets_structure))
    # lines left out in SQL (other départements) belong to the first vintage's « read » count
    if len(par_annee) and sum(lecture.hors_cua.values()):
        par_annee.loc[par_annee.index[0], "lues"] += sum(lecture.hors_cua.values())
    millesimes = set(par_annee["millesime"]) if len(par_annee) else set()
    if "annee" in donnees.columns and TYPES[type_].table == "production":
        millesimes |= set(int(a) for a in donnees["annee"].dropna().unique())
    return _assembler(
        type_,
        chemin,
        nom,
        fmt.libelle,
        fmt.libelle_encodage,
        fmt.separateur,
        millesimes,
        origine,
        lecture.lues,
        int(garde.sum()),
        n_hors,
        hors_detail,
        rejets,
        avert,
        donnees,
        par_annee,
    )


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


def _analyser_rpls(chemin, nom, ref, millesime, progres) -> Apercu:
    fmt = detecter_csv(chemin, nom, progres)
    correspondance = sources.entetes_rpls(fmt.entete)
    manquantes = sources.rpls_manquantes(correspondance.values())
    if manquantes:
        autre = deviner_type(fmt.entete)
        if autre and autre != "rpls":
            raise ErreurImport(
                f"{nom} ressemble à un fichier « {TYPES[autre].libelle} », pas à un fichier "
                f"« {TYPES['rpls'].libelle} » : choisissez le bon type de fichier."
            )
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
    m, origine, avert = _millesime_unique(nom, millesime, contenu, _millesime_rpls(disposition, fmt.entete))
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
    a = _finir_csv("rpls", chemin, nom, fmt, lecture, ref, df, c, annees, origine, avert, "DEPCOM")
    a.disposition = disposition.cle if disposition is not None else ""
    a.nature = sources.nature_rpls(lecture.brut.columns)
    return a


def _analyser_ops(chemin, nom, ref, millesime, progres) -> Apercu:
    t = TYPES["ops"]
    fmt, lecture = _lire_csv_type(t, chemin, nom, ref, progres, _entetes_simples())
    df, c = sources.ops_depuis_brut(lecture.brut, lecture.lignes)
    avert = _filtrer_annee(df, c, millesime)
    return _finir_csv(
        "ops", chemin, nom, fmt, lecture, ref, df, c, df["annee"], "colonne « annee »", avert, "code_insee"
    )


def _filtrer_annee(df: pd.DataFrame, c: sources.Controle, millesime: int | None) -> list[str]:
    """With --millesime on a multi-year file, only that year is imported; the others are set aside."""
    if millesime is None:
        return []
    autres = df["annee"].notna() & (df["annee"] != millesime) & ~c.rejete
    if autres.any():
        c.signaler(autres, "annee", "n'est pas le millésime demandé", f"{millesime} (option --millesime)")
    return []


def _analyser_attributions(chemin, nom, ref, millesime, progres) -> Apercu:
    t = TYPES["attributions"]
    fmt, lecture = _lire_csv_type(t, chemin, nom, ref, progres, _entetes_simples())
    df, c = sources.attributions_depuis_brut(lecture.brut, lecture.lignes, ref.codes_qpv_par_geographie)
    _filtrer_annee(df, c, millesime)
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
    return _finir_csv(
        "attributions", chemin, nom, fmt, lecture, ref, df, c, df["annee"], "colonne « annee »", avert, "code_insee"
    )


def _analyser_production_large(
    cle: str, indicateurs: dict[str, str], synonymes: dict[str, str], chemin, nom, ref, millesime, progres
) -> Apercu:
    t = TYPES[cle]
    entetes = _entetes_simples(synonymes)
    fmt = detecter_csv(chemin, nom)
    if not set(entetes(fmt.entete).values()) & set(indicateurs):
        _colonnes_manquantes(t, nom, fmt.entete, entetes(fmt.entete), list(t.obligatoires) + list(indicateurs))
    fmt, lecture = _lire_csv_type(t, chemin, nom, ref, progres, entetes)
    long, c = sources.production_large_depuis_brut(lecture.brut, indicateurs, cle, lecture.lignes)
    annee = c.entier("annee")
    _filtrer_annee(pd.DataFrame({"annee": annee}), c, millesime)

    def garder(garde: pd.Series) -> pd.DataFrame:
        ok = long["_index"].map(garde) & long["valeur"].notna()
        return long.loc[ok, sources.PRODUCTION_COLONNES].reset_index(drop=True)

    return _finir_csv(
        cle, chemin, nom, fmt, lecture, ref, lecture.brut, c, annee, "colonne « annee »", [], "code_insee", garder
    )


def _analyser_financements(chemin, nom, ref, millesime, progres) -> Apercu:
    return _analyser_production_large(
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
    fin = sources.annee_courante()
    annee = c.entier(
        "an",
        1995,
        fin,
        f"une année entre 1995 et {fin}",
        obligatoire=True,
        motif_hors="est une année impossible ou dans le futur",
    )
    type_pret = c.code("type", {"0", "1"}, "0 (logement ancien) ou 1 (logement neuf)", obligatoire=True)
    if millesime is not None:
        c.signaler(
            annee.notna() & (annee != millesime) & ~c.rejete,
            "an",
            "n'est pas le millésime demandé",
            f"{millesime} (option --millesime)",
        )
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

    a = _finir_csv(
        "ptz", chemin, nom, fmt, lecture, ref, lecture.brut, c, annee, "colonne « an »", [], "code_insee", garder
    )
    a.disposition = "ptz_sgfgas"
    return a


def _analyser_ptz(chemin, nom, ref, millesime, progres) -> Apercu:
    fmt = detecter_csv(chemin, nom, progres)
    if {"an", "type", "cins"} <= {dispositions.cle_colonne(c) for c in fmt.entete}:
        return _analyser_ptz_sgfgas(chemin, nom, ref, millesime, progres, fmt)
    return _analyser_production_large(
        "ptz", sources.PTZ_COLONNES, sources.PTZ_SYNONYMES, chemin, nom, ref, millesime, progres
    )


_DATE_NOM = re.compile(r"(?<!\d)(20\d\d)[-_.]?(0[1-9]|1[0-2])(?:[-_.]?(0[1-9]|[12]\d|3[01]))?(?!\d)")


def date_du_nom(nom: str) -> date | None:
    """The release date a file name carries (`…-2025-09-30.csv`, `…_20250930.csv`, `…-2025-09.csv`:
    the 1st of the month), if exactly one."""
    trouvees = {
        date(int(a), int(m), int(j or 1))
        for a, m, j in _DATE_NOM.findall(Path(nom).stem)
        if not re.fullmatch(r"20\d\d", f"{m}{j}")
    }
    return trouvees.pop() if len(trouvees) == 1 else None


def _analyser_sitadel_communes(chemin, nom, ref, millesime, progres, fmt: FormatCsv) -> Apercu:
    """Sitadel aggregated by commune: the monthly file (ANNEE, MOIS, CODE_INSEE…) or the annual
    one (ANNEE, COMM…). A release revises past years: it replaces the years it covers."""

    def entetes(colonnes):
        out, pris = {}, set()
        for col in colonnes:
            haut = str(col).strip().lstrip("\ufeff").upper()
            canon = {"CODE_INSEE": "COMM", "DEPCOM": "COMM", "CODE_COMMUNE": "COMM"}.get(haut, haut)
            if canon not in pris:
                out[col] = canon
                pris.add(canon)
        return out

    correspondance = entetes(fmt.entete)
    disposition = dispositions.reconnaitre(fmt.entete, "sitadel")
    presentes = set(correspondance.values())
    manquantes = [c for c in ("ANNEE", "COMM", "LOG_AUT") if c not in presentes]
    if manquantes or disposition is None:
        raise ErreurImport(
            dispositions.message_aucune(
                nom,
                fmt.entete,
                "sitadel",
                "fichier Sitadel",
                prefixe=f"colonne(s) absente(s) : {', '.join(manquantes)}" if manquantes else "",
            )
        )
    lecture = lire_csv(chemin, nom, fmt, correspondance, "COMM", set(ref.communes), progres)
    lignes, c = sources.sitadel_communes_depuis_brut(lecture.brut, lecture.lignes)
    if millesime is not None:
        c.signaler(
            lignes["annee"].notna() & (lignes["annee"] != millesime) & ~c.rejete,
            "ANNEE",
            "n'est pas le millésime demandé",
            f"{millesime} (option --millesime)",
        )
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

    a = _finir_csv(
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


def _seconde_ligne(chemin: Path, fmt: FormatCsv) -> list[str]:
    """The second line of a text file, split like the header (files with two header rows)."""
    with _ouvrir(chemin) as f:
        f.readline()
        ligne = f.readline().decode("utf-8" if fmt.encodage == "mixte" else fmt.encodage, errors="replace")
    return [c.strip() for c in next(csv.reader([ligne.rstrip("\r\n")], delimiter=fmt.separateur), [])]


def _analyser_sitadel(chemin, nom, ref, millesime, progres) -> Apercu:
    t = TYPES["sitadel"]
    fmt = detecter_csv(chemin, nom)
    codes = {"DATE_REELLE_AUTORISATION", "NB_LGT_TOT_CREES"}
    if not codes & {str(c).strip().upper() for c in fmt.entete}:
        seconde = _seconde_ligne(chemin, fmt)
        if codes <= {c.upper() for c in seconde}:  # labels on line 1, codes on line 2: the header
            fmt.entete, fmt.lignes_entete = seconde, 2
    if {str(c).strip().upper() for c in fmt.entete} & {"LOG_AUT", "LOG_COM"}:
        return _analyser_sitadel_communes(chemin, nom, ref, millesime, progres, fmt)

    def entetes(colonnes):
        out, pris = {}, set()
        for col in colonnes:
            haut = str(col).strip().lstrip("\ufeff").upper()
            canon = sources.SITADEL_SYNONYMES.get(haut, haut)
            canon = {"NUM_DAU": "Num_DAU", "ETAT_DAU": "Etat_DAU", "TYPE_DAU": "Type_DAU"}.get(canon, canon)
            if canon not in pris:
                out[col] = canon
                pris.add(canon)
        return out

    correspondance = entetes(fmt.entete)
    if not {"COMM", "DATE_REELLE_AUTORISATION", "NB_LGT_TOT_CREES"} <= set(correspondance.values()):
        autre = deviner_type(fmt.entete)
        if autre and autre != "sitadel":
            _colonnes_manquantes(t, nom, fmt.entete, correspondance)
        manquantes = [c for c in t.obligatoires if c not in set(correspondance.values())]
        raise ErreurImport(
            dispositions.message_aucune(
                nom,
                fmt.entete,
                "sitadel",
                "fichier Sitadel",
                prefixe=f"colonne(s) obligatoire(s) absente(s) : {', '.join(manquantes)}",
            )
        )
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
    a = _finir_csv(
        "sitadel", chemin, nom, fmt, lecture, ref, lecture.brut, c, annee, "dates des permis", avert, "COMM", garder
    )
    a.disposition = "sitadel_permis"
    a.detail = "deux lignes d'en-tête : libellés, puis codes" if fmt.lignes_entete == 2 else ""
    a.date_diffusion = date_du_nom(nom)
    return a


def _analyser_objectifs(chemin, nom, ref, millesime, progres) -> Apercu:
    t = TYPES["objectifs"]
    fmt, lecture = _lire_csv_type(t, chemin, nom, ref, progres, _entetes_simples())
    df, c = sources.objectifs_depuis_brut(lecture.brut, set(ref.plhs), lecture.lignes, demo=False, source=nom)
    annees = df["plh"].map(ref.plhs)
    return _finir_csv(
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


# -- 1st-quartile thresholds: the arrêté annex, or the simple template


def refuser_formules_sans_valeur(chemin: Path, nom: str, feuille: str) -> None:
    """A workbook cell holding a formula whose result was never computed (a file written by a
    program, not saved by Excel or LibreOffice) would read as empty: refuse it, naming the cell."""
    from openpyxl import load_workbook

    formules = load_workbook(chemin, read_only=True, data_only=False)
    valeurs = load_workbook(chemin, read_only=True, data_only=True)
    try:
        for ligne_f, ligne_v in zip(formules[feuille].iter_rows(), valeurs[feuille].iter_rows()):
            for cf, cv in zip(ligne_f, ligne_v):
                f = getattr(cf, "value", None)
                if isinstance(f, str) and f.startswith("=") and getattr(cv, "value", None) is None:
                    raise ErreurImport(
                        f"{nom}, feuille « {feuille} », cellule {cf.coordinate} : formule « {f[:60]} » sans valeur "
                        "calculée (le classeur n'a pas été enregistré par un tableur) ; attendu des valeurs. Ouvrez le "
                        "classeur dans Excel ou LibreOffice, enregistrez-le, puis importez-le de nouveau."
                    )
    finally:
        formules.close()
        valeurs.close()


def _lire_tableau(
    chemin: Path, nom: str, progres: Progres
) -> tuple[pd.DataFrame, pd.Series, str, str | None, str | None]:
    """A small CSV or an xlsx sheet as text; (frame, line numbers, format, encoding, separator)."""
    with open(chemin, "rb") as f:
        est_zip = f.read(4) == b"PK\x03\x04"
    if est_zip:
        verifier_zip(chemin, nom, CLASSEUR_MAX_MO * 1_000_000, "le classeur")
        try:
            classeur = pd.ExcelFile(chemin, engine="openpyxl")
        except Exception as e:
            raise ErreurImport(f"{nom} n'est ni un CSV ni un classeur Excel lisible ({e}).") from e
        feuille = classeur.sheet_names[0]
        refuser_formules_sans_valeur(chemin, nom, feuille)
        brut = classeur.parse(feuille, header=None, dtype=str).fillna("")
        # the header is the first row with a « SIRET » cell, or the template's « annee » cell (a
        # title above the table may also speak of « seuil »)
        ligne_entete = 0
        for i in range(min(len(brut), 30)):
            cellules = [sources.sans_accents(str(v)).strip().lower() for v in brut.iloc[i]]
            if any("siret" in c for c in cellules) or "annee" in cellules:
                ligne_entete = i
                break
        entete = [str(v).strip() for v in brut.iloc[ligne_entete]]
        df = brut.iloc[ligne_entete + 1 :].reset_index(drop=True)
        df.columns = entete
        df = df.loc[:, [c != "" for c in df.columns]]
        lignes = pd.Series(np.arange(len(df)) + ligne_entete + 2, index=df.index)
        return df, lignes, f"classeur Excel (feuille « {feuille} »)", None, None
    fmt = detecter_csv(chemin, nom)
    lecture = lire_csv(chemin, nom, fmt, {c: c for c in fmt.entete}, None, set(), progres)
    return lecture.brut, lecture.lignes, fmt.libelle, fmt.libelle_encodage, fmt.separateur


def _analyser_seuils(chemin, nom, ref, millesime, progres) -> Apercu:
    brut, lignes, format_, enc, sep = _lire_tableau(chemin, nom, progres)
    # the CU's row of the template may be the real threshold: only the whole template is refused
    _refuser_modele("seuils_q1", nom, brut, None, ligne_a_ligne=False)
    norm = {c: sources.sans_accents(str(c)).strip().lower() for c in brut.columns}
    simple = {"annee", "seuil_euros_uc"} <= set(norm.values())
    if simple:
        brut = brut.rename(columns=norm)
        df, c = sources.seuils_depuis_brut(brut, lignes)
        if millesime is not None:
            c.signaler(
                (df["annee"] != millesime).fillna(False) & ~c.rejete,
                "annee",
                "n'est pas le millésime demandé",
                f"{millesime} (option --millesime)",
            )
        garde = ~c.rejete
        par_annee = _par_annee(df["annee"], garde, c.rejete, pd.Series(False, index=df.index))
        return _assembler(
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
        autre = deviner_type(brut.columns)
        if autre and autre != "seuils_q1":
            raise ErreurImport(
                f"{nom} ressemble à un fichier « {TYPES[autre].libelle} », pas à un fichier "
                f"« {TYPES['seuils_q1'].libelle} » : choisissez le bon type de fichier."
            )
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
    m, origine, avert = _millesime_unique(nom, millesime, contenu)
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
    par_annee = pd.DataFrame(
        {"millesime": [m], "lues": [len(brut)], "gardees": [int(garde.sum())], "rejetees": [int(c.rejete.sum())]}
    )
    return _assembler(
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


# -- RPLS per-commune workbook


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


def _analyser_rpls_communes(chemin, nom, ref, millesime, progres) -> Apercu:
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
            a = _analyser_rpls_communes(classeur, f"{nom} › {membre}", ref, millesime, progres)
        finally:
            classeur.unlink(missing_ok=True)
        a.chemin, a.fichier = chemin, nom
        a.detail = (a.detail + " ; " if a.detail else "") + f"classeur {membre} lu dans l'archive zip"
        return a
    try:
        classeur = pd.ExcelFile(chemin, engine="openpyxl")
    except Exception as e:
        raise ErreurImport(f"{nom} : classeur Excel illisible ({e}).") from e
    feuille = next(
        (s for s in classeur.sheet_names if sources.sans_accents(s).strip().lower() in ("communes", "commune")), None
    )
    if feuille is None:
        raise ErreurImport(
            f"{nom} : aucune feuille « COMMUNES » (ou « Commune ») ; feuilles trouvées : "
            f"{', '.join(classeur.sheet_names)}."
        )
    progres(0.2, f"lecture de la feuille {feuille}…")
    refuser_formules_sans_valeur(chemin, nom, feuille)
    brut = classeur.parse(feuille, header=None, dtype=str).fillna("")
    ligne_entete = None
    for i in range(min(len(brut), 30)):
        valeurs = {str(v).strip().lower() for v in brut.iloc[i]}
        if valeurs & {"depcom_arm", "depcom"} and "nb_ls" in valeurs:
            ligne_entete = i
            break
    if ligne_entete is None:
        raise ErreurImport(
            f"{nom}, feuille « {feuille} » : ligne des noms techniques (DEPCOM_ARM, nb_ls…) introuvable "
            "dans les 30 premières lignes ; attendu le classeur de résultats RPLS tel que publié (en-tête ligne 6)."
        )
    contenu = None
    info = next((s for s in classeur.sheet_names if s.strip().upper().startswith("INFO")), None)
    if info:
        texte = " ".join(classeur.parse(info, header=None, dtype=str).fillna("").astype(str).values.ravel())
        annees = set(re.findall(r"1er janvier (20\d\d)", texte))
        if len(annees) == 1:
            contenu = int(annees.pop())
    m, origine, avert = _millesime_unique(nom, millesime, contenu)
    entete = [str(v).strip() for v in brut.iloc[ligne_entete]]
    df = brut.iloc[ligne_entete + 1 :].reset_index(drop=True)
    df.columns = entete
    df = df.loc[:, [c != "" for c in df.columns]]
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
    hors, detail = _perimetre(c.texte("code_insee"), ref, c, "code_insee")
    rejete = c.rejete & ~hors
    garde = ~rejete & ~hors
    lignes_hors = set(lignes[hors].astype(int))
    rejets = [r for r in c.rejets if r.ligne not in lignes_hors]
    par_annee = pd.DataFrame(
        {"millesime": [m], "lues": [len(df)], "gardees": [int(garde.sum())], "rejetees": [int(rejete.sum())]}
    )
    a = _assembler(
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


# -- QPV contours


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
    par_nom = {_nom_cle(n): code for code, n in ref.communes.items()}
    communes = c.texte(col_communes).map(
        lambda v: (
            communes_de_cellule(v)
            if re.search(r"\d{4}", v)
            else ([par_nom.get(_nom_cle(x), x) for x in re.split(r"\s*[;,/]\s*", v) if x] if v else [])
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
    par_annee = pd.DataFrame(
        {
            "millesime": [geographie],
            "lues": [lecture.lues],
            "gardees": [int(garde.sum())],
            "rejetees": [int((c.rejete).sum()) + len(lecture.rejets_structure)],
        }
    )
    lignes_hors = set(lecture.lignes[hors].astype(int))
    rejets = [r for r in c.rejets + lecture.rejets_structure if r.ligne not in lignes_hors]
    a = _assembler(
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


def _est_liste_qpv(a: Apercu) -> bool:
    return a.type == "qpv" and a.disposition.startswith("qpv_liste")


def _analyser_qpv(chemin, nom, ref, millesime, progres) -> Apercu:
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
    par_nom = {_nom_cle(n): n for n in reference_geo["nom"]}
    codes_ref = set(reference_geo["code_qpv"].dropna())
    donnees["nom_reference"] = [
        (
            reference_geo.loc[reference_geo["code_qpv"] == c, "nom"].iloc[0]
            if c in codes_ref
            else par_nom.get(_nom_cle(n))
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
    par_annee = pd.DataFrame(
        {"millesime": [geographie], "lues": [lues], "gardees": [len(donnees)], "rejetees": [len(rejets)]}
    )
    a = _assembler(
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


def _nom_cle(nom: str) -> str:
    return re.sub(r"[^a-z0-9]", "", sources.sans_accents(str(nom)).lower())


_GEOMETRIES: dict[str, dict[str, str]] = {}


def _communes_geometries(ref: Reference) -> dict[str, str]:
    from observatoire.base.chemins import REFERENCE

    cle = "reference"
    if cle not in _GEOMETRIES:
        df = pd.read_csv(REFERENCE / "communes.csv", dtype={"code_insee": str})
        _GEOMETRIES[cle] = dict(zip(df["code_insee"], df["geometrie_wkt"].fillna("")))
    return {c: w for c, w in _GEOMETRIES[cle].items() if c in ref.communes}


# ---------------------------------------------------------------- writing


def _phrase_remplacement(a: Apercu, demo: bool = True) -> str:
    t = TYPES[a.type]
    ms = ", ".join(str(m) for m in a.millesimes)
    if _est_liste_qpv(a):
        return (
            f"L'import complètera la liste des QPV de la géographie {ms} (codes et communes des quartiers connus, "
            "quartiers absents ajoutés) ; les contours et le reste de la base ne changent pas."
        )
    if a.type == "qpv":
        return f"L'import remplacera les contours des QPV de la géographie {ms} ; le reste de la base ne change pas."
    if a.type == "objectifs":
        plhs = ", ".join(sorted(a.donnees["plh"].unique()))
        return (
            f"L'import remplacera les objectifs des communes du fichier pour : {plhs} ; les autres communes et le "
            "reste de la base ne changent pas."
        )
    tranche = {
        "attributions": "les attributions des bailleurs et années du fichier",
        "ops": "les communes et années du fichier",
        "financements": "les communes, années et financements que le fichier renseigne",
        "ptz": "les communes, années et types de PTZ que le fichier renseigne",
        "sitadel": f"les années {ms} (toutes les communes de la CU)",
        "rpls": f"le millésime {ms}",
        "rpls_communes": f"le millésime {ms}",
        "seuils_q1": f"les années {ms}",
        "rpls_insee": f"le millésime {ms} aux niveaux du fichier ({', '.join(sorted(set(a.donnees.get('niveau', []))))})",
    }[a.type]
    return (
        f"L'import remplacera dans « {t.jeu} » {tranche}, et elles seules"
        + (" ; les données de démonstration de ce jeu seront retirées" if demo else "")
        + " ; le reste de la base ne change pas (détail ci-dessous)."
    )


# ---------------------------------------------------------------- slices: what a file replaces

SUPPRIMEES = "supprimées, remplacées par le fichier"
DEMO = "supprimées, données de démonstration du jeu"
GARDEES = "gardées"


@dataclass(frozen=True)
class Tranche:
    """How one kind's rows are cut into slices. `cles` lists the slice keys of the file (one row
    per slice, columns named as in the table); `predicat` is true for a row of the table (alias
    t) inside one of them (the keys registered as _tranche)."""

    table: str
    filtre: str  # rows of this kind in the table
    periode: str  # the year (or PLH) of a row, as text
    detail: str  # what the preview groups by within a year (landlord) or '' (communes counted)
    communes: str  # the commune of a row, or NULL
    predicat: str
    demo: str  # true for a demo row of this kind


def _tranche(type_: str) -> Tranche:
    if type_ == "attributions":
        return Tranche(
            "attributions",
            "true",
            "CAST(t.annee AS VARCHAR)",
            "coalesce(t.bailleur, '(bailleur non renseigné)')",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.annee = t.annee AND k.bailleur IS NOT DISTINCT FROM t.bailleur)",
            "EXISTS (SELECT 1 FROM imports WHERE jeu = 'attributions' AND demo)",
        )
    if type_ == "ops":
        return Tranche(
            "ops",
            "true",
            "CAST(t.annee AS VARCHAR)",
            "''",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.annee = t.annee AND k.code_insee = t.code_insee)",
            "EXISTS (SELECT 1 FROM imports WHERE jeu = 'ops' AND demo)",
        )
    if type_ in ("financements", "ptz"):
        return Tranche(
            "production",
            f"t.source = '{type_}'",
            "CAST(t.annee AS VARCHAR)",
            "''",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.annee = t.annee AND k.code_insee = t.code_insee "
            "AND k.indicateur = t.indicateur)",
            f"EXISTS (SELECT 1 FROM imports WHERE jeu IN ('production', 'production ({type_})') AND demo)",
        )
    if type_ == "sitadel":
        return Tranche(
            "production",
            "t.source = 'sitadel'",
            "CAST(t.annee AS VARCHAR)",
            "''",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.annee = t.annee AND k.indicateur = t.indicateur)",
            "EXISTS (SELECT 1 FROM imports WHERE jeu IN ('production', 'production (sitadel)') AND demo)",
        )
    if type_ == "objectifs":
        return Tranche(
            "objectifs",
            "t.code_insee IS NOT NULL",
            "t.plh",
            "''",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.plh = t.plh AND k.code_insee = t.code_insee)",
            "t.demo",
        )
    if type_ == "rpls":
        return Tranche(
            "rpls_logements",
            "true",
            "CAST(t.millesime AS VARCHAR)",
            "''",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.millesime = t.millesime)",
            "EXISTS (SELECT 1 FROM imports i WHERE i.jeu = 'rpls' AND i.demo AND i.millesime = t.millesime)",
        )
    if type_ == "rpls_communes":
        return Tranche(
            "rpls_communes",
            "true",
            "CAST(t.millesime AS VARCHAR)",
            "''",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.millesime = t.millesime)",
            "false",
        )
    if type_ == "rpls_insee":  # one slice per vintage and level (commune, IRIS, QPV)
        return Tranche(
            "rpls_insee",
            "true",
            "CAST(t.millesime AS VARCHAR)",
            "t.niveau",
            "t.code_insee",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.millesime = t.millesime AND k.niveau = t.niveau)",
            "false",
        )
    if type_ == "seuils_q1":
        return Tranche(
            "seuils_premier_quartile",
            "true",
            "CAST(t.annee AS VARCHAR)",
            "''",
            "NULL",
            "EXISTS (SELECT 1 FROM _tranche k WHERE k.annee = t.annee)",
            "t.demo",
        )
    return Tranche(
        "qpv",
        "t.geometrie_wkt IS NOT NULL",
        "CAST(t.geographie AS VARCHAR)",
        "''",
        "NULL",
        "EXISTS (SELECT 1 FROM _tranche k WHERE k.geographie = t.geographie)",
        "false",
    )


def _cles(a: Apercu) -> pd.DataFrame:
    """The slice keys of the file (columns as in `_tranche(type).predicat`)."""
    d = a.donnees
    if a.type == "attributions":
        return d[["annee", "bailleur"]].drop_duplicates().astype({"annee": "int64"}).reset_index(drop=True)
    if a.type == "ops":
        return d[["annee", "code_insee"]].drop_duplicates().astype({"annee": "int64"}).reset_index(drop=True)
    if a.type in ("financements", "ptz"):
        return (
            d[["annee", "code_insee", "indicateur"]].drop_duplicates().astype({"annee": "int64"}).reset_index(drop=True)
        )
    if a.type == "sitadel":
        return d[["annee", "indicateur"]].drop_duplicates().astype({"annee": "int64"}).reset_index(drop=True)
    if a.type == "objectifs":
        return d[["plh", "code_insee"]].drop_duplicates().reset_index(drop=True)
    if a.type in ("rpls", "rpls_communes"):
        return pd.DataFrame({"millesime": [int(m) for m in a.millesimes]})
    if a.type == "rpls_insee":
        return d[["millesime", "niveau"]].drop_duplicates().astype({"millesime": "int64"}).reset_index(drop=True)
    if a.type == "seuils_q1":
        return pd.DataFrame({"annee": [int(m) for m in a.millesimes]})
    return pd.DataFrame({"geographie": [int(m) for m in a.millesimes]})


def _cles_provenance(a: Apercu, plhs: dict[str, int]) -> pd.DataFrame:
    """(millesime, tranche) for `imports_tranches`: the slices of the file, by provenance year."""
    k = _cles(a)
    if a.type == "attributions":
        return pd.DataFrame({"millesime": k["annee"], "tranche": k["bailleur"].fillna("(bailleur non renseigné)")})
    if a.type == "ops":
        return pd.DataFrame({"millesime": k["annee"], "tranche": k["code_insee"]})
    if a.type in ("financements", "ptz"):
        return pd.DataFrame({"millesime": k["annee"], "tranche": k["code_insee"] + "/" + k["indicateur"]})
    if a.type == "sitadel":
        return pd.DataFrame({"millesime": k["annee"], "tranche": k["indicateur"]})
    if a.type == "objectifs":
        return pd.DataFrame({"millesime": k["plh"].map(plhs), "tranche": k["code_insee"]})
    if a.type == "rpls_insee":
        return pd.DataFrame({"millesime": k["millesime"], "tranche": k["niveau"]})
    return pd.DataFrame({"millesime": [int(m) for m in a.millesimes], "tranche": "*"})


def _table_existe(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(_x(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = $t", {"t": table})[0][0])


def impact(con: duckdb.DuckDBPyConnection, a: Apercu) -> pd.DataFrame:
    """What the write will do to the rows already in the base: per year (or PLH) and landlord
    (attributions) or count of communes, the rows deleted (replaced by the file, or demo) and kept."""
    tr = _tranche(a.type)
    colonnes = ["periode", "detail", "lignes", "communes", "effet"]
    if not _table_existe(con, tr.table) or _est_liste_qpv(a):  # a list deletes nothing
        return pd.DataFrame(columns=colonnes)
    con.register("_tranche", _cles(a))
    try:
        # names and expressions come from _tranche (our code), never from the file
        df = con.execute(
            f"SELECT periode, detail, count(*) AS lignes, count(DISTINCT commune) AS communes, effet FROM ("
            f"SELECT {tr.periode} AS periode, {tr.detail} AS detail, {tr.communes} AS commune, "
            f"CASE WHEN {tr.demo} THEN $demo WHEN {tr.predicat} THEN $supprimees ELSE $gardees END AS effet "
            f"FROM {tr.table} t WHERE {tr.filtre}) GROUP BY ALL ORDER BY effet DESC, periode, detail",
            {"demo": DEMO, "supprimees": SUPPRIMEES, "gardees": GARDEES},
        ).df()
    finally:
        con.unregister("_tranche")
    if len(df) and (df["detail"] == "").all():
        df["detail"] = [f"{fr.nombre(int(n))} commune{'s' if n > 1 else ''}" if n else "" for n in df["communes"]]
    return df[colonnes]


def couverture(a: Apercu, ref: Reference) -> str:
    """« 2 communes sur 46 (2024) » for the kinds that are per commune."""
    if (
        a.type in ("qpv", "seuils_q1", "sitadel", "rpls_insee")
        or "code_insee" not in a.donnees.columns
        or not len(a.donnees)
    ):
        return ""
    total = len(ref.communes)
    col = "plh" if a.type == "objectifs" else ("millesime" if "millesime" in a.donnees.columns else "annee")
    parties = []
    for periode, g in a.donnees.groupby(col, sort=True):
        n = g["code_insee"].nunique()
        parties.append(f"{fr.nombre(n)} commune{'s' if n > 1 else ''} sur {fr.nombre(total)} ({periode})")
    return " ; ".join(parties)


def _x(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> list:
    """Run one statement of the write to completion (DuckDB refuses new work on a connection that
    still holds a pending result)."""
    return con.execute(sql, params or {}).fetchall()


def _inserer(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    # Column names come from our own schema and code, never from the user's file.
    colonnes = ", ".join(df.columns)
    con.register("_lot_import", df)
    try:
        _x(con, f"INSERT INTO {table} ({colonnes}) SELECT {colonnes} FROM _lot_import")
    finally:
        con.unregister("_lot_import")


def _retirer_demo(con: duckdb.DuckDBPyConnection, a: Apercu) -> list[str]:
    """Remove the demo rows of this kind (and their provenance rows); returns what was removed."""
    t = TYPES[a.type]
    retire = []
    if t.table == "production":
        # The demo loads production as one file: split its provenance by source first, so that
        # each source stays « demo » until its own real file arrives.
        demo = con.execute(
            "SELECT fichier, sha256, importe_le FROM imports WHERE jeu = 'production' AND demo"
        ).fetchall()
        if demo:
            fichier, sha, quand = demo[0]
            for source, n in con.execute(
                "SELECT source, count(*) FROM production GROUP BY source ORDER BY source"
            ).fetchall():
                _x(
                    con,
                    "INSERT INTO imports VALUES ($jeu, NULL, $f, $s, $q, $n, $n, 0, true)",
                    {"jeu": f"production ({source})", "f": fichier, "s": sha, "q": quand, "n": n},
                )
            _x(con, "DELETE FROM imports WHERE jeu = 'production' AND demo")
        if _x(con, "SELECT count(*) FROM imports WHERE jeu = $j AND demo", {"j": t.jeu})[0][0]:
            _x(con, "DELETE FROM production WHERE source = $s", {"s": a.type})
            _x(con, "DELETE FROM imports WHERE jeu = $j AND demo", {"j": t.jeu})
            retire.append(t.jeu)
        return retire
    demo_jeu = {"objectifs": "objectifs_communes"}.get(a.type, t.jeu)
    if not _x(con, "SELECT count(*) FROM imports WHERE jeu = $j AND demo", {"j": demo_jeu})[0][0]:
        return retire
    if a.type == "rpls":
        _x(
            con,
            "DELETE FROM rpls_logements WHERE millesime IN (SELECT millesime FROM imports WHERE jeu = 'rpls' AND demo)",
        )
    elif a.type in ("ops", "attributions"):
        _x(con, f"DELETE FROM {t.table}")  # demo and real never coexist: every row is demo
    elif a.type == "objectifs":
        _x(con, "DELETE FROM objectifs WHERE demo AND code_insee IS NOT NULL")
    elif a.type == "seuils_q1":
        _x(con, "DELETE FROM seuils_premier_quartile WHERE demo")
    _x(con, "DELETE FROM imports WHERE jeu = $j AND demo", {"j": demo_jeu})
    retire.append(demo_jeu)
    return retire


def _remplacer(con: duckdb.DuckDBPyConnection, a: Apercu) -> None:
    """Delete what the file replaces, then insert its rows."""
    ms = [int(m) for m in a.millesimes]
    t = TYPES[a.type]
    d = a.donnees
    if a.type == "rpls":
        _x(con, "DELETE FROM rpls_logements WHERE millesime = $m", {"m": ms[0]})
        _inserer(con, "rpls_logements", d)
    elif a.type == "rpls_communes":
        for colonne in sources.RPLS_COMMUNES_AJOUTEES:  # a base built before these columns
            _x(con, f"ALTER TABLE rpls_communes ADD COLUMN IF NOT EXISTS {colonne} INTEGER")
        _x(con, "DELETE FROM rpls_communes WHERE millesime = $m", {"m": ms[0]})
        _inserer(con, "rpls_communes", d)
    elif a.type in ("ops", "attributions", "objectifs", "rpls_insee") or t.table == "production":
        # exactly the slices the file covers (year × landlord, year × commune…): see _tranche
        tr = _tranche(a.type)
        con.register("_tranche", _cles(a))
        try:
            _x(con, f"DELETE FROM {tr.table} AS t WHERE {tr.filtre} AND {tr.predicat}")
        finally:
            con.unregister("_tranche")
        _inserer(con, tr.table, d)
    elif a.type == "seuils_q1":
        _x(con, "DELETE FROM seuils_premier_quartile WHERE list_contains($ms, annee)", {"ms": ms})
        # The 1st quartile is derived from the threshold in attributions_agregats (recomputed by
        # modifier_base): no flag is written into attributions.
        _inserer(con, "seuils_premier_quartile", d[["annee", "seuil_euros_uc", "demo"]].assign(demo=False))
    elif _est_liste_qpv(a):
        geo = ms[0]
        sans_code = _x(con, "SELECT nom FROM qpv WHERE geographie = $g AND code_qpv IS NULL", {"g": geo})
        par_nom = {_nom_cle(n): n for (n,) in sans_code}
        for r in d.itertuples(index=False):
            valeurs = {"g": geo, "c": r.code_qpv, "communes": list(r.communes_insee)}
            if _x(con, "SELECT count(*) FROM qpv WHERE geographie = $g AND code_qpv = $c", {"g": geo, "c": r.code_qpv})[
                0
            ][0]:
                _x(con, "UPDATE qpv SET communes_insee = $communes WHERE geographie = $g AND code_qpv = $c", valeurs)
            elif _nom_cle(r.nom) in par_nom:  # 2015 reference: names without codes
                _x(
                    con,
                    "UPDATE qpv SET code_qpv = $c, communes_insee = $communes WHERE geographie = $g "
                    "AND code_qpv IS NULL AND nom = $n",
                    valeurs | {"n": par_nom[_nom_cle(r.nom)]},
                )
            else:
                _x(
                    con,
                    "INSERT INTO qpv VALUES ($g, $c, $n, $communes, NULL, NULL, $s)",
                    valeurs | {"n": r.nom or r.code_qpv, "s": f"liste : {a.fichier}"},
                )
    elif a.type == "qpv":
        geo = ms[0]
        _x(con, "UPDATE qpv SET geometrie_wkt = NULL WHERE geographie = $g", {"g": geo})
        _x(con, "DELETE FROM qpv WHERE geographie = $g AND source LIKE 'contours%'", {"g": geo})
        for _, r in d.iterrows():
            if r["nom_reference"] is not None and not (isinstance(r["nom_reference"], float)):
                _x(
                    con,
                    "UPDATE qpv SET geometrie_wkt = $w, code_qpv = coalesce(code_qpv, $c) WHERE geographie = $g AND nom = $n",
                    {"w": r["geometrie_wkt"], "c": r["code_qpv"], "g": geo, "n": r["nom_reference"]},
                )
            else:
                _x(
                    con,
                    "INSERT INTO qpv VALUES ($g, $c, $n, $communes, NULL, $w, $s)",
                    {
                        "g": geo,
                        "c": r["code_qpv"],
                        "n": r["nom"] or r["code_qpv"],
                        "communes": list(r["communes_insee"]),
                        "w": r["geometrie_wkt"],
                        "s": f"contours : {a.fichier}",
                    },
                )


def _jeu(a: Apercu) -> str:
    """The dataset name in `imports`: the QPV list is recorded apart from the contours."""
    return "qpv_liste" if _est_liste_qpv(a) else TYPES[a.type].jeu


def _tracer(con: duckdb.DuckDBPyConnection, a: Apercu, quand: datetime) -> None:
    """Provenance: one `imports` row per year of the file, its slices in `imports_tranches`. An
    earlier file's row goes only when every slice it covered is replaced (or, for a row recorded
    before slices were, when none of its year's rows is left outside this file's slices)."""
    jeu = _jeu(a)
    plhs = dict(_x(con, "SELECT plh, annee_debut FROM plh"))
    nouvelles = _cles_provenance(a, plhs).dropna().astype({"millesime": "int64"}).drop_duplicates()
    tr = _tranche(a.type)
    con.register("_nouvelles", nouvelles)
    con.register("_tranche", _cles(a))
    try:
        anciennes = _x(
            con,
            "SELECT DISTINCT i.millesime, i.sha256, i.importe_le, "
            "count(tr.tranche) AS n, count(n.tranche) AS remplacees "
            "FROM imports i LEFT JOIN imports_tranches tr ON tr.jeu = i.jeu "
            "AND tr.millesime IS NOT DISTINCT FROM i.millesime AND tr.sha256 = i.sha256 "
            "AND tr.importe_le = i.importe_le "
            "LEFT JOIN _nouvelles n ON n.millesime = tr.millesime AND (n.tranche = tr.tranche OR n.tranche = '*') "
            "WHERE i.jeu = $j AND NOT i.demo AND list_contains($ms, i.millesime) GROUP BY ALL",
            {"j": jeu, "ms": sorted(set(nouvelles["millesime"]))},
        )
        for millesime, sha, importe_le, n, remplacees in anciennes:
            if n:
                partir = remplacees == n
            elif tr.table == "qpv" or "*" in set(nouvelles.loc[nouvelles["millesime"] == millesime, "tranche"]):
                partir = True
            else:  # recorded before slices: gone when nothing of its year is left outside this file
                reste = _x(
                    con,
                    f"SELECT count(*) FROM {tr.table} t WHERE {tr.filtre} AND CAST({tr.periode} AS VARCHAR) = $p "
                    f"AND NOT {tr.predicat}",
                    {
                        "p": str(millesime)
                        if a.type != "objectifs"
                        else next((p for p, an in plhs.items() if an == millesime), "")
                    },
                )[0][0]
                partir = reste == 0
            if partir:
                for table in ("imports", "imports_tranches", "imports_fichiers"):
                    _x(
                        con,
                        f"DELETE FROM {table} WHERE jeu = $j AND millesime IS NOT DISTINCT FROM $m AND sha256 = $s "
                        "AND importe_le = $q",
                        {"j": jeu, "m": millesime, "s": sha, "q": importe_le},
                    )
    finally:
        con.unregister("_nouvelles")
        con.unregister("_tranche")
    for _, r in a.par_annee.iterrows():
        _x(
            con,
            "INSERT INTO imports VALUES ($jeu, $m, $f, $sha, $q, $lues, $chargees, $rejetees, false)",
            {
                "jeu": jeu,
                "m": int(r["millesime"]),
                "f": a.fichier,
                "sha": a.sha256,
                "q": quand,
                "lues": int(r["lues"]),
                "chargees": int(r["gardees"]),
                "rejetees": int(r["rejetees"]),
            },
        )
    if a.disposition or a.nature or a.date_diffusion:
        for _, r in a.par_annee.iterrows():
            _x(
                con,
                "INSERT INTO imports_fichiers VALUES ($jeu, $m, $sha, $q, $d, $n, $diff, $detail)",
                {
                    "jeu": jeu,
                    "m": int(r["millesime"]),
                    "sha": a.sha256,
                    "q": quand,
                    "d": a.disposition or a.type,
                    "n": a.nature,
                    "diff": a.date_diffusion,
                    "detail": a.detail or None,
                },
            )
    for _, r in nouvelles.iterrows():
        _x(
            con,
            "INSERT INTO imports_tranches VALUES ($jeu, $m, $sha, $q, $t)",
            {"jeu": jeu, "m": int(r["millesime"]), "sha": a.sha256, "q": quand, "t": str(r["tranche"])},
        )


@dataclass
class Resultat:
    apercu: Apercu
    demo_retiree: list[str] = field(default_factory=list)
    jeux_demo_restants: list[str] = field(default_factory=list)

    def phrase(self, libelle: Callable[[str], str] = str) -> str:
        """One French sentence; `libelle` turns a dataset code into its name (ui.libelle_jeu)."""
        a = self.apercu
        texte = (
            f"{a.fichier} importé : {fr.nombre(a.lignes_gardees)} ligne(s) chargée(s) pour "
            f"« {libelle(_jeu(a))} » ({', '.join(map(str, a.millesimes))})"
        )
        if a.lignes_rejetees:
            texte += f", {fr.nombre(a.lignes_rejetees)} rejetée(s)"
        texte += "."
        if self.demo_retiree:
            texte += f" Données de démonstration retirées : {', '.join(map(libelle, self.demo_retiree))}."
        texte += (
            f" Jeux encore en démonstration : {', '.join(map(libelle, self.jeux_demo_restants))}."
            if self.jeux_demo_restants
            else " Plus aucun jeu de démonstration."
        )
        return texte


PAUSE_TEST = "OBSERVATOIRE_IMPORT_PAUSE"  # test hook: block mid-write so a test can kill the process


def ecrire(apercu: Apercu, base: Path | str, progres: Progres = _rien) -> Resultat:
    """Write the preview's rows: one transaction on a copy of the base, then an atomic swap."""
    from observatoire.base.ecriture import modifier_base

    quand = datetime.now().replace(microsecond=0)
    resultat = Resultat(apercu)

    def operation(con: duckdb.DuckDBPyConnection):
        progres(0.88, "retrait des données de démonstration de ce jeu…")
        resultat.demo_retiree = _retirer_demo(con, apercu)
        progres(0.9, "remplacement du millésime…")
        _remplacer(con, apercu)
        _tracer(con, apercu, quand)
        if os.environ.get(PAUSE_TEST):
            print("écriture commencée (pause de test)", file=sys.stderr, flush=True)
            sys.stdin.readline()
        resultat.jeux_demo_restants = [
            r[0] for r in _x(con, "SELECT jeu FROM imports GROUP BY jeu HAVING bool_or(demo) ORDER BY jeu")
        ]
        progres(0.97, "enregistrement de la base…")

    modifier_base(
        Path(base),
        operation,
        libelle=f"import de {apercu.fichier} ({TYPES[apercu.type].jeu}, {', '.join(map(str, apercu.millesimes))})",
    )
    progres(1.0, "import terminé")
    return resultat


def importer(
    type_: str,
    chemin: Path | str,
    base: Path | str,
    millesime: int | None = None,
    nom: str | None = None,
    progres: Progres = _rien,
    date_diffusion: date | None = None,
) -> Resultat:
    """Analyse then write (the CLI and the tests; the page shows the preview in between)."""
    return ecrire(analyser(type_, chemin, base, millesime, nom, progres, date_diffusion), base, progres)
