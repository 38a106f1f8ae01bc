-- The réservataires present in the attributions, for the page's réservataire filter.
SELECT DISTINCT reservataire
FROM attributions
WHERE reservataire IS NOT NULL
ORDER BY reservataire
