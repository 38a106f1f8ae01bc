-- Population municipale (INSEE) of every commune and year: données publiques réelles.
SELECT annee, code_insee, population
FROM population_communes
ORDER BY code_insee, annee
