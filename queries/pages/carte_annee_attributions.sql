-- The latest attribution year not after the end of the selected period (NULL without data).
SELECT max(annee) AS annee
FROM attributions_agregats
WHERE annee <= $annee_fin
