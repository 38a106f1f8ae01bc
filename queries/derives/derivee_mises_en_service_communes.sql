-- Derived table `mises_en_service_communes` (its only definition: the columns are this SELECT's,
-- rebuilt by observatoire.base.derives.recalculer at every build and inside every write): the
-- dwellings flagged new (NEWLOGT) per RPLS vintage × commune and financing, one row for every
-- vintage × commune the RPLS holds (zeros included), so production_mises_en_service sums a few
-- rows per commune instead of reading every dwelling of every vintage.
CREATE OR REPLACE TABLE mises_en_service_communes AS
SELECT
    millesime,
    code_insee,
    count(*) FILTER (WHERE nouveau_logement AND financement = 'PLUS') AS plus,
    count(*) FILTER (WHERE nouveau_logement AND financement = 'PLAI') AS plai,
    count(*) FILTER (WHERE nouveau_logement AND financement = 'PLS') AS pls,
    count(*) FILTER (
        WHERE nouveau_logement AND (financement NOT IN ('PLUS', 'PLAI', 'PLS') OR financement IS NULL)
    ) AS autre
FROM rpls_logements
GROUP BY millesime, code_insee
ORDER BY millesime, code_insee
