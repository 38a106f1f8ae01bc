-- Social dwellings at 1 January of a vintage, in and out of QPV, for the selected scope.
SELECT
    count(*) AS logements,
    count(*) FILTER (WHERE en_qpv) AS logements_qpv
FROM rpls_logements
WHERE millesime = $millesime
  AND ($communes IS NULL OR list_contains($communes::VARCHAR[], code_insee))
  AND ($bailleurs IS NULL OR list_contains($bailleurs::VARCHAR[], bailleur))
