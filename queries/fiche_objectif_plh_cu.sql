-- The CU-wide PLH target for dwellings over the latest PLH (objectifs row with code_insee NULL),
-- the reference the commune fiche sets next to the commune's own achievement rate.
WITH p AS (SELECT * FROM plh ORDER BY annee_debut DESC LIMIT 1)
SELECT p.plh, p.annee_debut, p.annee_fin, max(o.objectif_periode) AS objectif
FROM p LEFT JOIN objectifs o ON o.plh = p.plh AND o.code_insee IS NULL AND o.indicateur = 'logements'
GROUP BY p.plh, p.annee_debut, p.annee_fin
