-- The RPLS vintages loaded, newest first (a page offers those of the selected period).
SELECT DISTINCT millesime
FROM rpls_logements
ORDER BY millesime DESC
