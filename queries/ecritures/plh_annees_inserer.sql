-- The counted years of a PLH, one row per year of the list.
INSERT INTO plh_annees (plh, annee)
SELECT $plh, unnest($annees::INTEGER[])
