-- The latest RPLS vintage not after the end of the selected period.
SELECT max(millesime) AS millesime
FROM parc_communes
WHERE millesime <= $annee_fin
