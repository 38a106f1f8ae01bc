-- PLH production summed per commune and indicator over a span of years (commune table and
-- ranking), on the years a PLH counts ($annees; NULL = every year of the span). Every selected
-- commune appears, even with no row (indicateur NULL = no data); `annees` counts the years that
-- have a value, so an incomplete sum can be flagged.
-- When the years asked for are consecutive (every PLH counts consecutive years today) the sums
-- are two lookups in the running totals of the derived table production_cumuls; other years
-- are summed from the rows here.
WITH demandees AS (
    -- The years asked for within the span (NULL: the whole span).
    SELECT list_distinct(list_filter($annees::INTEGER[], LAMBDA x: x BETWEEN $annee_debut AND $annee_fin)) AS annees
),

consecutives AS (
    SELECT
        coalesce(list_min(annees), $annee_debut::INTEGER) AS debut,
        coalesce(list_max(annees), $annee_fin::INTEGER) AS fin,
        CASE WHEN annees IS NULL THEN $annee_debut <= $annee_fin
             ELSE len(annees) > 0 AND list_max(annees) - list_min(annees) + 1 = len(annees) END AS oui
    FROM demandees
),

par_an AS (
    -- One row per commune × indicator × year first: the year count is then a plain count.
    SELECT code_insee, indicateur, annee, sum(valeur) AS valeur
    FROM production
    WHERE annee BETWEEN $annee_debut AND $annee_fin
      AND ($annees IS NULL OR list_contains($annees::INTEGER[], annee))
      AND ($communes IS NULL OR list_contains($communes::VARCHAR[], code_insee))
      AND NOT (SELECT oui FROM consecutives)
    GROUP BY ALL
),

sommees AS (
    SELECT code_insee, indicateur, sum(valeur) AS valeur, count(*) AS annees
    FROM par_an
    GROUP BY ALL
),

-- The run [debut, fin] within the years the table holds: cumul(fin) − cumul(debut − 1), the
-- latter absent (0) before the first year.
limites AS (
    SELECT
        greatest(c.debut, min(p.annee)) AS debut,
        least(c.fin, max(p.annee)) AS fin
    FROM consecutives AS c, production_cumuls AS p
    WHERE c.oui
    GROUP BY c.debut, c.fin
),

cumulees AS (
    SELECT
        f.code_insee,
        f.indicateur,
        (f.valeur_cumulee - coalesce(d.valeur_cumulee, 0))::HUGEINT AS valeur,
        f.annees_cumulees - coalesce(d.annees_cumulees, 0) AS annees
    FROM limites AS l
    INNER JOIN production_cumuls AS f ON l.fin = f.annee
    LEFT JOIN production_cumuls AS d
        ON l.debut - 1 = d.annee AND f.code_insee = d.code_insee AND f.indicateur = d.indicateur
    WHERE l.debut <= l.fin
      AND ($communes IS NULL OR list_contains($communes::VARCHAR[], f.code_insee))
      AND f.annees_cumulees - coalesce(d.annees_cumulees, 0) > 0
),

par_commune AS (
    SELECT * FROM sommees
    UNION ALL
    SELECT * FROM cumulees
)

SELECT c.code_insee, c.nom, p.indicateur, p.valeur, coalesce(p.annees, 0) AS annees
FROM communes AS c
LEFT JOIN par_commune AS p USING (code_insee)
WHERE ($communes IS NULL OR list_contains($communes::VARCHAR[], c.code_insee))
  AND ($epci IS NULL OR c.code_epci = $epci)  -- the territory served (db.territoire)
ORDER BY c.nom, p.indicateur
