"""OPS (occupation du parc social): the template commune × QPV / hors QPV."""

from __future__ import annotations

from observatoire.chargement import sources
from observatoire.chargement.assemblage import entetes_simples, finir_csv, lire_csv_type, signaler_autre_millesime
from observatoire.chargement.types_de_fichier import TYPES, Apercu


def analyser(chemin, nom, ref, millesime, progres) -> Apercu:
    t = TYPES["ops"]
    fmt, lecture = lire_csv_type(t, chemin, nom, ref, progres, entetes_simples())
    df, c = sources.ops_depuis_brut(lecture.brut, lecture.lignes)
    signaler_autre_millesime(c, df["annee"], "annee", millesime)
    return finir_csv("ops", chemin, nom, fmt, lecture, ref, df, c, df["annee"], "colonne « annee »", [], "code_insee")
