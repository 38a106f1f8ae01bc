-- PLH achievement per commune: dwellings authorised (Sitadel) cumulated over the years of the
-- latest PLH, against the commune's target for the whole period (objectifs.objectif_periode).
-- A commune without a target row has objectif NULL (« pas d'objectif communal »); `annees` says
-- how many PLH years have data (a missing year is missing, never zero).
WITH p AS (SELECT * FROM plh ORDER BY annee_debut DESC LIMIT 1)
SELECT
    c.code_insee,
    p.plh, p.annee_debut, p.annee_fin,
    (SELECT sum(valeur) FROM production pr
      WHERE pr.code_insee = c.code_insee AND pr.indicateur = 'logements_autorises'
        AND pr.annee BETWEEN p.annee_debut AND p.annee_fin) AS autorises,
    (SELECT count(DISTINCT annee) FROM production pr
      WHERE pr.code_insee = c.code_insee AND pr.indicateur = 'logements_autorises'
        AND pr.annee BETWEEN p.annee_debut AND p.annee_fin) AS annees,
    (SELECT max(objectif_periode) FROM objectifs o
      WHERE o.plh = p.plh AND o.code_insee = c.code_insee AND o.indicateur = 'logements') AS objectif
FROM communes c CROSS JOIN p
ORDER BY c.code_insee
