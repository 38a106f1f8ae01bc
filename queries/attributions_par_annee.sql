-- Attributions per year: volume, leases signed, refusals, on the contingent communautaire.
SELECT
    annee,
    count(*) AS attributions,
    count(*) FILTER (WHERE bail_signe) AS baux_signes,
    count(*) FILTER (WHERE refus) AS refus,
    count(*) FILTER (WHERE contingent_communautaire) AS contingent_communautaire
FROM attributions
WHERE annee BETWEEN $annee_debut AND $annee_fin
  AND ($communes IS NULL OR list_contains($communes::VARCHAR[], code_insee))
  AND ($bailleurs IS NULL OR list_contains($bailleurs::VARCHAR[], bailleur))
GROUP BY annee
ORDER BY annee
