-- PLH production per year and indicator for the selected communes. A year with no row for an
-- indicator is missing data (NULL after pivoting), not zero.
SELECT annee, indicateur, sum(valeur) AS valeur
FROM production
WHERE annee BETWEEN $annee_debut AND $annee_fin
  AND ($communes IS NULL OR list_contains($communes::VARCHAR[], code_insee))
GROUP BY annee, indicateur
ORDER BY annee, indicateur
