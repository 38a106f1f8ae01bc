-- The CU-wide PLH target for dwellings over the latest PLH (objectifs row with code_insee NULL):
-- the annual target × the calendar years the PLH counts (plh_annees; none listed = every
-- calendar year of the PLH), the reference the commune fiche sets next to the commune's own
-- achievement rate (carte_taux_plh, same years).
WITH p AS (SELECT * FROM plh ORDER BY annee_debut DESC LIMIT 1),
comptees AS (
    SELECT a.annee FROM plh_annees AS a, p WHERE a.plh = p.plh
    UNION ALL
    SELECT unnest(range(p.annee_debut, p.annee_fin + 1)) AS annee FROM p
    WHERE NOT EXISTS (SELECT 1 FROM plh_annees AS a WHERE a.plh = p.plh)
),
liste AS (SELECT list(annee ORDER BY annee) AS annees_comptees, count(*) AS nb_annees_comptees FROM comptees)
SELECT p.plh, p.annee_debut, p.annee_fin, l.annees_comptees, l.nb_annees_comptees,
       max(o.objectif_annuel) AS objectif_annuel,
       max(o.objectif_annuel) * l.nb_annees_comptees AS objectif
FROM p
CROSS JOIN liste AS l
LEFT JOIN objectifs AS o ON p.plh = o.plh AND o.code_insee IS NULL AND o.indicateur = 'logements'
GROUP BY p.plh, p.annee_debut, p.annee_fin, l.annees_comptees, l.nb_annees_comptees
