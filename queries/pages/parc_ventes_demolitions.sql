-- Sales and demolitions declared by the landlords per year (table production), for the selected
-- communes: they split the exits of the stock between two RPLS vintages.
SELECT annee, indicateur, sum(valeur) AS valeur
FROM production
WHERE indicateur IN ('ventes_hlm', 'demolitions')
  AND ($communes IS NULL OR list_contains($communes::VARCHAR[], code_insee))
GROUP BY annee, indicateur
ORDER BY annee, indicateur
