-- PLH achievement per commune: dwellings authorised (Sitadel) cumulated over the years of the
-- latest PLH, against the commune's target for the whole period (objectifs.objectif_periode).
-- A commune without a target row has objectif NULL (« pas d'objectif communal »); `annees` says
-- how many PLH years have data (a missing year is missing, never zero).
WITH p AS (SELECT * FROM plh ORDER BY annee_debut DESC LIMIT 1),
autorises AS (
    SELECT pr.code_insee, sum(pr.valeur) AS autorises, count(DISTINCT pr.annee) AS annees
    FROM production AS pr, p
    WHERE pr.indicateur = 'logements_autorises' AND pr.annee BETWEEN p.annee_debut AND p.annee_fin
    GROUP BY pr.code_insee
),
cibles AS (
    SELECT o.code_insee, max(o.objectif_periode) AS objectif
    FROM objectifs AS o, p
    WHERE o.plh = p.plh AND o.indicateur = 'logements' AND o.code_insee IS NOT NULL
    GROUP BY o.code_insee
)
SELECT
    c.code_insee,
    p.plh, p.annee_debut, p.annee_fin,
    a.autorises,
    coalesce(a.annees, 0) AS annees,
    o.objectif
FROM communes AS c
CROSS JOIN p
LEFT JOIN autorises AS a ON a.code_insee = c.code_insee
LEFT JOIN cibles AS o ON o.code_insee = c.code_insee
ORDER BY c.code_insee
