-- PLH production summed per commune and indicator over a span of years (commune table and
-- ranking). Every selected commune appears, even with no row (indicateur NULL = no data);
-- `annees` counts the years that have a value, so an incomplete sum can be flagged.
SELECT
    c.code_insee,
    c.nom,
    p.indicateur,
    sum(p.valeur) AS valeur,
    count(DISTINCT p.annee) AS annees
FROM communes AS c
LEFT JOIN production AS p
    ON p.code_insee = c.code_insee
   AND p.annee BETWEEN $annee_debut AND $annee_fin
WHERE ($communes IS NULL OR list_contains($communes::VARCHAR[], c.code_insee))
GROUP BY c.code_insee, c.nom, p.indicateur
ORDER BY c.nom, p.indicateur
