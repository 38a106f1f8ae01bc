-- Derived table `plh_taux_communes` (its only definition: the columns are this SELECT's, rebuilt
-- by observatoire.base.derives.recalculer at every build and inside every write): the page query
-- carte_taux_plh for every commune of the base (with its EPCI), which only filters these rows by
-- the territory served. What each column says:
-- PLH achievement per commune for the latest PLH: dwellings authorised (Sitadel) summed over the
-- calendar years the PLH counts (plh_annees; none listed = every calendar year of the PLH),
-- against the commune's annual target × the number of those same years. Same years on both sides.
-- A commune without a target row, or outside the PLH's perimeter when plh_communes lists it, has
-- objectif NULL. `annees` says how many counted years have data (a missing year is missing, never
-- zero); `annees_comptees` is the list of counted years, `nb_annees_comptees` their number;
-- `perimetre_renseigne` says whether the PLH's communes are listed (false: the current communes of
-- the CU are counted) and `dans_perimetre` whether the commune is one of them (NULL when not listed).
CREATE OR REPLACE TABLE plh_taux_communes AS
WITH p AS (SELECT * FROM plh ORDER BY annee_debut DESC LIMIT 1),
comptees AS (
    SELECT a.annee FROM plh_annees AS a, p WHERE a.plh = p.plh
    UNION ALL
    SELECT unnest(range(p.annee_debut, p.annee_fin + 1)) AS annee FROM p
    WHERE NOT EXISTS (SELECT 1 FROM plh_annees AS a WHERE a.plh = p.plh)
),
liste AS (SELECT list(annee ORDER BY annee) AS annees_comptees, count(*) AS nb_annees_comptees FROM comptees),
perimetre AS (SELECT c.code_insee FROM plh_communes AS c, p WHERE c.plh = p.plh),
autorises AS (
    SELECT pr.code_insee, sum(pr.valeur) AS autorises, count(DISTINCT pr.annee) AS annees
    FROM production AS pr
    WHERE pr.indicateur = 'logements_autorises' AND pr.annee IN (SELECT annee FROM comptees)
    GROUP BY pr.code_insee
),
cibles AS (
    SELECT o.code_insee, max(o.objectif_annuel) AS objectif_annuel
    FROM objectifs AS o, p
    WHERE o.plh = p.plh AND o.indicateur = 'logements' AND o.code_insee IS NOT NULL
    GROUP BY o.code_insee
)
SELECT
    c.code_insee,
    c.code_epci,
    p.plh, p.annee_debut, p.annee_fin,
    l.annees_comptees, l.nb_annees_comptees,
    a.autorises,
    coalesce(a.annees, 0) AS annees,
    o.objectif_annuel,
    CASE WHEN (SELECT count(*) FROM perimetre) > 0 AND c.code_insee NOT IN (SELECT code_insee FROM perimetre) THEN NULL
         ELSE o.objectif_annuel * l.nb_annees_comptees END AS objectif,
    (SELECT count(*) FROM perimetre) > 0 AS perimetre_renseigne,
    CASE WHEN (SELECT count(*) FROM perimetre) > 0 THEN c.code_insee IN (SELECT code_insee FROM perimetre) END
        AS dans_perimetre
FROM communes AS c
CROSS JOIN p
CROSS JOIN liste AS l
LEFT JOIN autorises AS a ON c.code_insee = a.code_insee
LEFT JOIN cibles AS o ON c.code_insee = o.code_insee
ORDER BY c.code_insee
