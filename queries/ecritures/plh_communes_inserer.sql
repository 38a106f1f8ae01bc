-- The communes of a PLH perimeter, one row per INSEE code of the list.
INSERT INTO plh_communes (plh, code_insee)
SELECT $plh, unnest($communes::VARCHAR[])
