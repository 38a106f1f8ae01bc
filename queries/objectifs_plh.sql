-- Targets of one PLH: CU-wide rows (code_insee NULL) and per-commune rows, with the commune name.
SELECT o.plh, o.code_insee, c.nom, o.indicateur, o.objectif_annuel, o.objectif_periode, o.demo, o.source
FROM objectifs AS o
LEFT JOIN communes AS c ON c.code_insee = o.code_insee
WHERE o.plh = $plh
ORDER BY o.code_insee NULLS FIRST, o.indicateur
