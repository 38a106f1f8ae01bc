"""Reading the files: settings that bound what one file may cost, encoding and separator
detection, gzip and zip checks, and the CSV read by DuckDB (filtered to the CUA in SQL)."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import os
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from zlib import error as zlib_erreur

import duckdb
import pandas as pd

from observatoire import formats as fr
from observatoire.base import travail
from observatoire.chargement import sources
from observatoire.chargement.sources import Rejet
from observatoire.chargement.types_de_fichier import ErreurImport, Progres, rien

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


# ---------------------------------------------------------------- detection


def ouvrir(chemin: Path):
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


def detecter_csv(chemin: Path, nom: str, progres: Progres = rien) -> FormatCsv:
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
    with ouvrir(chemin) as f:
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
            with ouvrir(chemin) as f:
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


def verifier_gzip(chemin: Path, nom: str, progres: Progres = rien) -> int:
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
    with ouvrir(chemin) as f:
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


def seconde_ligne(chemin: Path, fmt: FormatCsv) -> list[str]:
    """The second line of a text file, split like the header (files with two header rows)."""
    with ouvrir(chemin) as f:
        f.readline()
        ligne = f.readline().decode("utf-8" if fmt.encodage == "mixte" else fmt.encodage, errors="replace")
    return [c.strip() for c in next(csv.reader([ligne.rstrip("\r\n")], delimiter=fmt.separateur), [])]


# ---------------------------------------------------------------- reading a CSV with DuckDB


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
        with ouvrir(chemin) as src, open(sortie, "w", encoding="utf-8", newline="") as dst:
            for ligne in src:
                try:
                    dst.write(ligne.decode("utf-8"))
                except UnicodeDecodeError:
                    dst.write(ligne.decode("cp1252", errors="replace"))
        progres(fin, "conversion de l'encodage en UTF-8…")
        return sortie
    with ouvrir(chemin) as src, open(sortie, "w", encoding="utf-8", newline="") as dst:
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
