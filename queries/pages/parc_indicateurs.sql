-- The RPLS stock and the counts behind the official rates, per vintage from $millesime_debut to
-- $millesime_fin — and per commune when $par_commune — for the selected communes and landlords.
-- observatoire.indicateurs.parc turns the counts into rates; each rate is shown with these counts.
SELECT
    millesime,
    CASE WHEN $par_commune THEN code_insee END AS code_insee,
    sum(logements)::BIGINT AS logements,
    sum(en_qpv)::BIGINT AS en_qpv,
    sum(efg)::BIGINT AS efg,
    sum(dpe_inconnu)::BIGINT AS dpe_inconnu,
    sum(mises_en_service)::BIGINT AS mises_en_service,
    sum(occupation_renseignee)::BIGINT AS occupation_renseignee,
    sum(loues_ou_vacants)::BIGINT AS loues_ou_vacants,
    sum(vacants_3_mois)::BIGINT AS vacants_3_mois,
    sum(base_mobilite)::BIGINT AS base_mobilite,
    sum(baux_annee_precedente)::BIGINT AS baux_annee_precedente,
    sum(somme_loyers) AS somme_loyers,
    sum(somme_surfaces) AS somme_surfaces,
    sum(entrees)::BIGINT AS entrees,
    sum(sorties)::BIGINT AS sorties
FROM parc_communes
WHERE millesime BETWEEN $millesime_debut AND $millesime_fin
  AND ($communes IS NULL OR list_contains($communes::VARCHAR[], code_insee))
  AND ($bailleurs IS NULL OR list_contains($bailleurs::VARCHAR[], bailleur))
GROUP BY ALL
ORDER BY ALL
