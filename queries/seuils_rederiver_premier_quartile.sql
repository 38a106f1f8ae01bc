-- After a threshold is edited, judge again the attributions of that year whose export gives
-- declared resources per UC: 1st quartile = strictly under the threshold (as in the build).
UPDATE attributions AS a
SET premier_quartile = a.ressources_uc < s.seuil_euros_uc
FROM seuils_premier_quartile AS s
WHERE a.annee = s.annee
  AND a.annee = $annee
  AND a.ressources_uc IS NOT NULL
