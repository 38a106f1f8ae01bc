-- The RPLS vintages loaded, newest first (a page offers those of the selected period).
SELECT DISTINCT millesime
FROM parc_communes
ORDER BY millesime DESC
