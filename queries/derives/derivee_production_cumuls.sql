-- Derived table `production_cumuls` (its only definition: the columns are this SELECT's, rebuilt
-- by observatoire.base.derives.recalculer at every build and inside every write): PLH production
-- per commune × indicator, running totals year after year. One row per commune × indicator ×
-- year from the base's first production year to its last, a year without a row included, so the
-- total over any run of consecutive years [a, b] is two lookups: cumul(b) − cumul(a − 1), for the
-- value (production.valeur is NOT NULL, so a sum is never NULL) and for the number of years that
-- have a value. production_par_commune reads it when its years are consecutive.
CREATE OR REPLACE TABLE production_cumuls AS
WITH par_an AS (
    SELECT code_insee, indicateur, annee, sum(valeur) AS valeur
    FROM production
    GROUP BY ALL
),

bornes AS (
    SELECT min(annee) AS premiere, max(annee) AS derniere FROM production
),

annees AS (
    SELECT unnest(range(premiere, derniere + 1)) AS annee
    FROM bornes
    WHERE premiere IS NOT NULL
),

cles AS (
    SELECT DISTINCT code_insee, indicateur FROM par_an
),

dense AS (
    SELECT k.code_insee, k.indicateur, y.annee, p.valeur, p.annee IS NOT NULL AS renseignee
    FROM cles AS k
    CROSS JOIN annees AS y
    LEFT JOIN par_an AS p
        ON k.code_insee = p.code_insee AND k.indicateur = p.indicateur AND y.annee = p.annee
)

SELECT
    code_insee,
    indicateur,
    annee::INTEGER AS annee,
    (coalesce(sum(valeur) OVER cumul, 0))::HUGEINT AS valeur_cumulee,
    count(*) FILTER (WHERE renseignee) OVER cumul AS annees_cumulees
FROM dense
WINDOW cumul AS (PARTITION BY code_insee, indicateur ORDER BY annee ROWS UNBOUNDED PRECEDING)
ORDER BY annee, code_insee, indicateur
