-- The latest RPLS vintage not after the end of the selected period.
SELECT max(millesime) AS millesime
FROM rpls_logements
WHERE millesime <= $annee_fin
