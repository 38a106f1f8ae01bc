-- The 46 communes with their population, label point and simplified outline (WGS84 WKT), for
-- the map and the per-1 000-inhabitants weight.
-- $epci: only the communes of the territory served (db.territoire; NULL = every commune).
SELECT code_insee, nom, population, longitude, latitude, geometrie_wkt
FROM communes
WHERE $epci IS NULL OR code_epci = $epci
ORDER BY nom
