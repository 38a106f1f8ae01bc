-- PLH production per year and indicator for the selected communes. A year with no row for an
-- indicator is missing data (NULL after pivoting), not zero. With no commune selected the sums
-- are already made, in the derived table production_annees (same expression).
SELECT annee, indicateur, sum(valeur) AS valeur
FROM production
WHERE annee BETWEEN $annee_debut AND $annee_fin
  AND $communes IS NOT NULL
  AND list_contains($communes::VARCHAR[], code_insee)
GROUP BY annee, indicateur
UNION ALL
SELECT annee, indicateur, valeur
FROM production_annees
WHERE annee BETWEEN $annee_debut AND $annee_fin
  AND $communes IS NULL
ORDER BY annee, indicateur
