-- The 46 communes of the CU, for filters and labels ($epci: only the communes of the territory
-- served, db.territoire; NULL = every commune of the base).
SELECT code_insee, nom, population
FROM communes
WHERE $epci IS NULL OR code_epci = $epci
ORDER BY nom
