-- Derive the 1st-quartile flag where an export gives declared resources per UC instead.
-- "Under the threshold" is strict: a household exactly at the threshold is not 1st quartile.
-- A row without resources or without a threshold for its year stays NULL (non renseigné).
UPDATE attributions AS a
SET premier_quartile = a.ressources_uc < s.seuil_euros_uc
FROM seuils_premier_quartile AS s
WHERE a.annee = s.annee
  AND a.premier_quartile IS NULL
  AND a.ressources_uc IS NOT NULL
