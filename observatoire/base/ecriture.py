"""Every write to the database (import, edited targets, flux inputs, upgrade) goes through `modifier_base`.

This module is the one write path: the entries typed on the screens have a function each here
(`enregistrer_seuils`, `enregistrer_flux`, `enregistrer_reglage`, `enregistrer_lecture_plh`,
`enregistrer_objectifs_communes`, `ajouter_plh`), whose SQL is in queries/ecritures/ or in the
domain module that holds the rules (indicateurs/plh.py for targets); the domain modules validate
first and compute what to write. A file import hands `modifier_base` its operation; `restaurer`
undoes.

Each write first applies schema.sql (idempotent: a base built by an older version gets the tables
and columns added since), runs its operation, then rebuilds the derived tables, all in one
transaction. `mettre_a_niveau` is that same write with no operation of its own.

The app reads the file read-only. A change is made on a copy, in the same directory, then the
copy replaces the file with os.replace (atomic on one file system). A failure at any point,
including a kill, leaves the previous file exactly as it was. A lock file serialises writers so
two analysts saving at once cannot lose each other's change.

Undo: before the swap, the previous file is kept in `versions/<nom de la base>/` next to the
base (a hard link: no copy), with a small JSON note saying which write replaced it. The last N
versions are kept (`OBSERVATOIRE_VERSIONS`, default 10; 0 keeps none). `versions(base)` lists
them, newest first; `restaurer(base, identifiant)` puts one back with the same atomic swap (the
base it replaces becomes a version too, so a restore can itself be undone).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from observatoire.base import derives, schema
from observatoire.base.db import sql_de

T = TypeVar("T")


@contextmanager
def _verrou(chemin: Path):
    with open(chemin.with_name(chemin.name + ".lock"), "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _vivant(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def nettoyer_restes(chemin: Path) -> None:
    """Remove the copies left by a writer that was killed (their process no longer exists)."""
    for reste in chemin.parent.glob(f".build-{chemin.name}-*"):
        pid = reste.name[len(f".build-{chemin.name}-") :].split(".")[0]
        if pid.isdigit() and not _vivant(int(pid)):
            reste.unlink(missing_ok=True)


VARIABLE_VERSIONS = "OBSERVATOIRE_VERSIONS"  # how many earlier bases are kept (default 10)
VERSIONS_PAR_DEFAUT = 10


class ErreurVersion(ValueError):
    """A restore that cannot be done: one French sentence."""


def nombre_versions() -> int:
    """The number of earlier bases to keep (`OBSERVATOIRE_VERSIONS`; a wrong value: the default)."""
    texte = os.environ.get(VARIABLE_VERSIONS, "").strip()
    if texte.isdigit():
        return min(int(texte), 1000)
    return VERSIONS_PAR_DEFAUT


def dossier_versions(chemin: Path | str) -> Path:
    chemin = Path(chemin)
    return chemin.parent / "versions" / chemin.stem


@dataclass(frozen=True)
class Version:
    identifiant: str  # file stem: 20261122-100403-123456
    chemin: Path
    remplacee_le: datetime  # when a write replaced it
    par: str  # the write that replaced it (« import de attributions_2024.csv … »)
    taille: int  # bytes

    @property
    def libelle(self) -> str:
        return f"base du {self.remplacee_le:%d/%m/%Y à %H:%M:%S}, avant : {self.par}"


def versions(chemin: Path | str) -> list[Version]:
    """The kept earlier bases, newest first."""
    dossier = dossier_versions(chemin)
    out = []
    for f in dossier.glob("*.duckdb") if dossier.is_dir() else []:
        note = f.with_suffix(".json")
        try:
            meta = json.loads(note.read_text(encoding="utf-8")) if note.is_file() else {}
        except (OSError, ValueError):
            meta = {}
        try:
            quand = datetime.strptime(f.stem[:22], "%Y%m%d-%H%M%S-%f")
        except ValueError:
            continue  # not one of ours
        out.append(Version(f.stem, f, quand, str(meta.get("par") or "modification de la base"), f.stat().st_size))
    return sorted(out, key=lambda v: v.identifiant, reverse=True)


def _garder_version(chemin: Path, par: str) -> None:
    """Keep the current base file as a version (hard link, copy if links are not possible),
    then drop the oldest beyond the configured number. Never fails the write."""
    n = nombre_versions()
    if n <= 0 or not chemin.is_file():
        return
    dossier = dossier_versions(chemin)
    try:
        dossier.mkdir(parents=True, exist_ok=True)
        ident = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        cible = dossier / f"{ident}.duckdb"
        (dossier / f"{ident}.json").write_text(
            json.dumps({"par": par, "base": chemin.name}, ensure_ascii=False), encoding="utf-8"
        )
        try:
            os.link(chemin, cible)
        except OSError:
            shutil.copyfile(chemin, cible)
        for ancienne in versions(chemin)[n:]:
            ancienne.chemin.unlink(missing_ok=True)
            ancienne.chemin.with_suffix(".json").unlink(missing_ok=True)
    except OSError:
        pass  # the undo history is a convenience: a full disk must not block the write itself


def modifier_base(
    chemin: Path | str, operation: Callable[[duckdb.DuckDBPyConnection], T], libelle: str = "modification de la base"
) -> T:
    """Run `operation(con)` on a copy of the base, inside a transaction, then swap the copy in.
    The previous base is kept as a version, described by `libelle` (« import de … »)."""
    chemin = Path(chemin)
    with _verrou(chemin):
        nettoyer_restes(chemin)
        tmp = chemin.with_name(f".build-{chemin.name}-{os.getpid()}")
        try:
            shutil.copyfile(chemin, tmp)
            con = duckdb.connect(str(tmp))
            try:
                con.execute("BEGIN TRANSACTION")
                schema.appliquer(con)
                resultat = operation(con)
                derives.recalculer(con)
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            finally:
                con.close()
            _garder_version(chemin, libelle)
            os.replace(tmp, chemin)
            return resultat
        finally:
            tmp.unlink(missing_ok=True)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)


# ---------------------------------------------------------------- the entries typed on the screens


def enregistrer_seuils(chemin: Path | str, seuils: pd.DataFrame) -> int:
    """Save validated 1st-quartile thresholds (columns annee, seuil_euros_uc; demo = false).
    Returns rows written. No flag is written into `attributions`: the 1st quartile of rows carrying
    resources per UC (and no declared flag) comes from the threshold when attributions_agregats is
    rebuilt, in the same transaction — exactly as after importing the arrêté."""
    lignes = [
        {"annee": int(ligne["annee"]), "seuil_euros_uc": float(ligne["seuil_euros_uc"])}
        for ligne in seuils.to_dict("records")
    ]

    def operation(con):
        # On `con` itself (not a cursor), so that every write belongs to the transaction.
        for ligne in lignes:
            con.execute(sql_de("seuils_enregistrer"), ligne)
        return len(lignes)

    annees = ", ".join(str(ligne["annee"]) for ligne in lignes)
    return modifier_base(chemin, operation, libelle=f"saisie des seuils du 1er quartile ({annees})")


COLONNES_FLUX = (
    "annee",
    "bailleur",
    "mises_en_location",
    "premieres_mises_en_location",
    "mutations_internes",
    "relogements_npnru_internes",
    "relogements_lhi",
    "relogements_ventes",
)


def enregistrer_flux(chemin: Path | str, entrees: pd.DataFrame) -> int:
    """Save validated flux inputs (COLONNES_FLUX; demo = false): they replace the rows of the same
    landlord and year. Returns rows written."""
    lot = entrees[list(COLONNES_FLUX)].copy()
    lot["demo"] = False

    def operation(con):
        # The view and the writes on `con` itself: they belong to its transaction.
        con.register("_lot", lot)
        try:
            con.execute(sql_de("contingent_flux_remplacer"))
        finally:
            con.unregister("_lot")
        return len(lot)

    annees = ", ".join(str(a) for a in sorted(set(lot["annee"])))
    return modifier_base(chemin, operation, libelle=f"saisie des flux du contingent ({annees})")


def enregistrer_reglage(chemin: Path | str, cle: str, valeur: str) -> str:
    """Store one setting of the table `reglages` (the value replaces the previous one)."""
    modifier_base(
        chemin,
        lambda con: con.execute(sql_de("reglages_enregistrer"), {"cle": cle, "valeur": valeur}),
        libelle=f"réglage {cle} = {valeur}",
    )
    return valeur


def remplacer_lecture_plh(con: duckdb.DuckDBPyConnection, plh: str, annees, communes) -> None:
    """On the connection of a write: replace the counted years and the communes of a PLH (no
    commune: the perimeter is « non renseigné »). Also what a new PLH's operation calls."""
    annees = sorted({int(a) for a in annees})
    communes = sorted({str(c) for c in communes or ()})
    con.execute(sql_de("plh_annees_effacer"), {"plh": plh})
    con.execute(sql_de("plh_annees_inserer"), {"plh": plh, "annees": annees})
    con.execute(sql_de("plh_communes_effacer"), {"plh": plh})
    if communes:
        con.execute(sql_de("plh_communes_inserer"), {"plh": plh, "communes": communes})


def enregistrer_lecture_plh(chemin: Path | str, plh: str, annees, communes) -> None:
    """Replace the counted years and the communes of a PLH (validated first: plh.valider_annees,
    plh.valider_communes)."""
    modifier_base(
        chemin,
        lambda con: remplacer_lecture_plh(con, plh, annees, communes),
        libelle=f"années comptées et communes du {plh}",
    )


def enregistrer_objectifs_communes(chemin: Path | str, p_plh, objectifs_communes: pd.DataFrame, source: str) -> int:
    """Replace the commune targets of a PLH by the edited table (validated first:
    plh.valider_objectifs); unchanged values keep their demo flag and source. Returns targets written."""
    # Imported here: the base package sits below the indicators, which import it.
    from observatoire.indicateurs import plh

    return modifier_base(
        chemin,
        lambda con: plh.enregistrer_objectifs_communes(con, p_plh, objectifs_communes, source),
        libelle=f"objectifs communaux du {p_plh.plh}",
    )


def ajouter_plh(chemin: Path | str, nouveau, objectifs_cu: pd.DataFrame, source: str) -> int:
    """Add a PLH period with its counted years, its communes and its CU-wide targets (validated
    first: plh.valider_plh, plh.valider_objectifs). Returns targets written."""
    from observatoire.indicateurs import plh

    return modifier_base(
        chemin,
        lambda con: plh.enregistrer_plh(con, nouveau, objectifs_cu, source),
        libelle=f"ajout du {nouveau.plh}",
    )


# ---------------------------------------------------------------- upgrade of an older base


def a_mettre_a_niveau(chemin: Path | str) -> list[str]:
    """What the base lacks of today's schema and derived tables (schema.ecarts), read-only."""
    con = duckdb.connect(str(chemin), read_only=True)
    try:
        return schema.ecarts(con)
    finally:
        con.close()


def mettre_a_niveau(chemin: Path | str) -> bool:
    """Bring a base built by an older version up to today's schema and derived tables: the usual
    atomic write (schema applied, derived tables rebuilt) with nothing else to do. The previous
    file is kept as a version. Returns True when there was something to do."""
    manque = a_mettre_a_niveau(chemin)
    if not manque:
        return False
    suite = " …" if len(manque) > 5 else ""
    libelle = f"mise à niveau de la base (ajouts : {', '.join(manque[:5])}{suite})"
    modifier_base(chemin, lambda con: None, libelle=libelle)
    return True


def restaurer(chemin: Path | str, identifiant: str) -> Version:
    """Put back an earlier version (same lock and atomic swap as a write). The base it replaces
    is kept as a version first. Raises ErreurVersion with a French sentence."""
    chemin = Path(chemin)
    with _verrou(chemin):
        choisie = next((v for v in versions(chemin) if v.identifiant == identifiant), None)
        if choisie is None:
            raise ErreurVersion(
                f"Version « {identifiant} » introuvable dans {dossier_versions(chemin)} ; "
                "les versions gardées sont listées par « python -m observatoire versions »."
            )
        nettoyer_restes(chemin)
        tmp = chemin.with_name(f".build-{chemin.name}-{os.getpid()}")
        try:
            shutil.copyfile(choisie.chemin, tmp)
            try:  # a damaged copy is refused before it replaces anything
                con = duckdb.connect(str(tmp), read_only=True)
                con.execute("SELECT count(*) FROM imports").fetchall()
                con.close()
            except duckdb.Error as e:
                raise ErreurVersion(
                    f"La version du {choisie.remplacee_le:%d/%m/%Y %H:%M:%S} est illisible "
                    f"({str(e).splitlines()[0]}) ; la base n'a pas changé."
                ) from e
            _garder_version(chemin, f"restauration de la {choisie.libelle}")
            os.replace(tmp, chemin)
            return choisie
        finally:
            tmp.unlink(missing_ok=True)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)
