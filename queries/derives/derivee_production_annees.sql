-- Derived table `production_annees` (its only definition: the columns are this SELECT's, rebuilt
-- by observatoire.base.derives.recalculer at every build and inside every write): PLH production
-- per year and indicator, every commune summed — what production_par_annee returns with no
-- commune selected, read here instead of summing the production rows at each page.
CREATE OR REPLACE TABLE production_annees AS
SELECT annee, indicateur, sum(valeur) AS valeur
FROM production
GROUP BY annee, indicateur
ORDER BY annee, indicateur
