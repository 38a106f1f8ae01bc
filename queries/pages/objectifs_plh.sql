-- Targets of one PLH: CU-wide rows (code_insee NULL) and per-commune rows, with the commune name
-- ($epci: the communes of the territory served only, db.territoire; NULL = every commune).
SELECT o.plh, o.code_insee, c.nom, o.indicateur, o.objectif_annuel, o.objectif_periode, o.demo, o.source
FROM objectifs AS o
LEFT JOIN communes AS c ON o.code_insee = c.code_insee
WHERE o.plh = $plh
  AND (o.code_insee IS NULL OR $epci IS NULL OR c.code_epci = $epci)
ORDER BY o.code_insee NULLS FIRST, o.indicateur
