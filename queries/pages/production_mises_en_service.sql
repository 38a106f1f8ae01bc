-- Social dwellings commissioned per year as RPLS sees them: a dwelling flagged new (NEWLOGT) in
-- vintage N was put into service during year N-1. One row per vintage loaded, so a year with
-- no vintage is missing (absent), while a vintage with no new dwelling gives a true 0.
-- Counted per vintage × commune in the derived table mises_en_service_communes.
SELECT
    millesime - 1 AS annee,
    millesime,
    coalesce(sum(plus) FILTER (WHERE $communes IS NULL OR list_contains($communes::VARCHAR[], code_insee)), 0)::BIGINT
        AS plus,
    coalesce(sum(plai) FILTER (WHERE $communes IS NULL OR list_contains($communes::VARCHAR[], code_insee)), 0)::BIGINT
        AS plai,
    coalesce(sum(pls) FILTER (WHERE $communes IS NULL OR list_contains($communes::VARCHAR[], code_insee)), 0)::BIGINT
        AS pls,
    coalesce(sum(autre) FILTER (WHERE $communes IS NULL OR list_contains($communes::VARCHAR[], code_insee)), 0)::BIGINT
        AS autre
FROM mises_en_service_communes
WHERE millesime - 1 BETWEEN $annee_debut AND $annee_fin
GROUP BY millesime
ORDER BY millesime
