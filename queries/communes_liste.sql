-- The 46 communes of the CU, for filters and labels.
SELECT code_insee, nom, population
FROM communes
ORDER BY nom
