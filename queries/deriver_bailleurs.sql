-- Derived table `bailleurs`: every landlord of the stock or of the attributions (the filter
-- list). Kept as a table so the router never scans the dwelling rows for a DISTINCT.
INSERT INTO bailleurs
SELECT DISTINCT bailleur
FROM (
    SELECT bailleur FROM parc_communes
    UNION ALL
    SELECT bailleur FROM attributions
)
WHERE bailleur IS NOT NULL
