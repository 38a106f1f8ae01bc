-- Social dwellings commissioned per year as RPLS sees them: a dwelling flagged new (NEWLOGT) in
-- vintage N was put into service during year N-1. One row per vintage loaded, so a year with
-- no vintage is missing (absent), while a vintage with no new dwelling gives a true 0.
SELECT
    m.millesime - 1 AS annee,
    m.millesime,
    count(r.millesime) FILTER (WHERE r.financement = 'PLUS') AS plus,
    count(r.millesime) FILTER (WHERE r.financement = 'PLAI') AS plai,
    count(r.millesime) FILTER (WHERE r.financement = 'PLS') AS pls,
    count(r.millesime) FILTER (WHERE r.financement NOT IN ('PLUS', 'PLAI', 'PLS') OR r.financement IS NULL) AS autre
FROM (SELECT DISTINCT millesime FROM rpls_logements) AS m
LEFT JOIN rpls_logements AS r
    ON m.millesime = r.millesime
   AND r.nouveau_logement
   AND ($communes IS NULL OR list_contains($communes::VARCHAR[], r.code_insee))
WHERE m.millesime - 1 BETWEEN $annee_debut AND $annee_fin
GROUP BY m.millesime
ORDER BY m.millesime
