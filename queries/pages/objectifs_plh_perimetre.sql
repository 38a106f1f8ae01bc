-- Targets of one PLH for the selected scope only: the CU-wide rows (code_insee NULL) and the
-- rows of the selected communes (observatoire.indicateurs.plh.objectifs_du_perimetre sums them). The cards
-- need no other commune's targets; the Production page, which lists them all, uses objectifs_plh.
SELECT o.plh, o.code_insee, c.nom, o.indicateur, o.objectif_annuel, o.objectif_periode, o.demo, o.source
FROM objectifs AS o
LEFT JOIN communes AS c ON o.code_insee = c.code_insee
WHERE o.plh = $plh
  AND (o.code_insee IS NULL OR ($communes IS NOT NULL AND list_contains($communes::VARCHAR[], o.code_insee)))
ORDER BY o.code_insee NULLS FIRST, o.indicateur
