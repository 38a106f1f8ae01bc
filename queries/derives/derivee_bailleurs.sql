-- Derived table `bailleurs` (its only definition: the columns are this SELECT's, rebuilt by
-- observatoire.base.derives.reconstruire at every build and inside every write): every landlord of
-- the stock or of the attributions (the filter list). Kept as a table so the router never scans the
-- dwelling rows for a DISTINCT.
CREATE OR REPLACE TABLE bailleurs AS
SELECT DISTINCT bailleur
FROM (
    SELECT bailleur FROM parc_communes
    UNION ALL
    SELECT bailleur FROM attributions
)
WHERE bailleur IS NOT NULL
