-- The 46 communes with their population, label point and simplified outline (WGS84 WKT), for
-- the map and the per-1 000-inhabitants weight.
SELECT code_insee, nom, population, longitude, latitude, geometrie_wkt
FROM communes
ORDER BY nom
