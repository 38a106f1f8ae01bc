"""The kinds of files the importer takes (Type, TYPES), the signature columns that tell one kind
from another, and the preview (Apercu) every analyser returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from observatoire import formats as fr
from observatoire.chargement import dispositions, sources
from observatoire.chargement.sources import ErreurSource, Rejet
from observatoire.figures.exports import neutraliser

Progres = Callable[[float, str], None]


class ErreurImport(ErreurSource):
    """The whole file is refused: one French sentence saying why."""


def rien(fraction: float, message: str) -> None:
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


SUPPRIMEES = "supprimées, remplacées par le fichier"
DEMO = "supprimées, données de démonstration du jeu"
GARDEES = "gardées"


def refuser_autre_type(nom: str, entete, cle: str) -> None:
    """Refuse a file whose header betrays another kind than `cle` (the user picked the wrong one)."""
    autre = deviner_type(entete)
    if autre and autre != cle:
        raise ErreurImport(
            f"{nom} ressemble à un fichier « {TYPES[autre].libelle} », pas à un fichier « {TYPES[cle].libelle} » : "
            "choisissez le bon type de fichier."
        )
