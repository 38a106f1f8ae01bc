"""Names of the former single frame module, for the callers not yet moved to the modules by
concern (requetes, filtres, cadre, tableaux, graphiques, francais, navigation): imports only, no
code of its own. New code imports those modules."""

from observatoire.ecrans.cadre import legende, libelle_jeu
from observatoire.ecrans.filtres import filtres
from observatoire.ecrans.graphiques import graphique
from observatoire.ecrans.requetes import donnees
from observatoire.ecrans.tableaux import tableau

__all__ = ["donnees", "filtres", "graphique", "legende", "libelle_jeu", "tableau"]
