-- Social dwellings at 1 January of a vintage, in and out of QPV, for the selected scope.
SELECT
    coalesce(sum(logements), 0)::BIGINT AS logements,
    coalesce(sum(en_qpv), 0)::BIGINT AS logements_qpv
FROM parc_communes
WHERE millesime = $millesime
  AND ($communes IS NULL OR list_contains($communes::VARCHAR[], code_insee))
  AND ($bailleurs IS NULL OR list_contains($bailleurs::VARCHAR[], bailleur))
