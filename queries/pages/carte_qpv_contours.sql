-- QPV outlines of the most recent priority geography, when a contour file has been imported
-- (geometrie_wkt stays NULL otherwise and the map says so).
SELECT geographie, code_qpv, nom, geometrie_wkt
FROM qpv
WHERE geometrie_wkt IS NOT NULL
  AND geographie = (SELECT max(geographie) FROM qpv WHERE geometrie_wkt IS NOT NULL)
ORDER BY nom
