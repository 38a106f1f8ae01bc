-- Every landlord known to the stock or to the attributions (the public RPLS has none).
SELECT DISTINCT bailleur
FROM (
    SELECT bailleur FROM rpls_logements
    UNION ALL
    SELECT bailleur FROM attributions
)
WHERE bailleur IS NOT NULL
ORDER BY bailleur
