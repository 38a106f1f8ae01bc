-- Dwellings of one RPLS vintage per commune and landlord, on every commune and every landlord:
-- the grid on which the secret statistique of the breakdown by landlord is decided (the landlord
-- is a field of the restricted file), whatever the page's filters.
SELECT code_insee, bailleur, sum(logements)::BIGINT AS logements
FROM parc_communes
WHERE millesime = $millesime AND bailleur IS NOT NULL
GROUP BY ALL
ORDER BY code_insee, bailleur
