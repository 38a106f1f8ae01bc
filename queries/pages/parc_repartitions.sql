-- Dwellings of one RPLS vintage per breakdown (dimension: secteur, bailleur, financement, type,
-- taille, epoque, classe_dpe) and category label, for the selected communes and landlords.
SELECT dimension, categorie, sum(logements)::BIGINT AS logements
FROM parc_repartitions
WHERE millesime = $millesime
  AND ($communes IS NULL OR list_contains($communes::VARCHAR[], code_insee))
  AND ($bailleurs IS NULL OR list_contains($bailleurs::VARCHAR[], bailleur))
GROUP BY ALL
ORDER BY dimension, logements DESC, categorie
