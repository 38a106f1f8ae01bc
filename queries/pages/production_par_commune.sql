-- PLH production summed per commune and indicator over a span of years (commune table and
-- ranking), on the years a PLH counts ($annees; NULL = every year of the span). Every selected
-- commune appears, even with no row (indicateur NULL = no data); `annees` counts the years that
-- have a value, so an incomplete sum can be flagged.
WITH par_an AS (
    -- One row per commune × indicator × year first: the year count is then a plain count.
    SELECT code_insee, indicateur, annee, sum(valeur) AS valeur
    FROM production
    WHERE annee BETWEEN $annee_debut AND $annee_fin
      AND ($annees IS NULL OR list_contains($annees::INTEGER[], annee))
      AND ($communes IS NULL OR list_contains($communes::VARCHAR[], code_insee))
    GROUP BY ALL
),
par_commune AS (
    SELECT code_insee, indicateur, sum(valeur) AS valeur, count(*) AS annees
    FROM par_an
    GROUP BY ALL
)
SELECT c.code_insee, c.nom, p.indicateur, p.valeur, coalesce(p.annees, 0) AS annees
FROM communes AS c
LEFT JOIN par_commune AS p USING (code_insee)
WHERE ($communes IS NULL OR list_contains($communes::VARCHAR[], c.code_insee))
  AND ($epci IS NULL OR c.code_epci = $epci)  -- the territory served (db.territoire)
ORDER BY c.nom, p.indicateur
