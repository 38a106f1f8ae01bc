-- Objective 3 (publics prioritaires) per commune × réservataire for one year and a landlord
-- filter: the law sets the 25 % target for each réservataire, so a commune's verdict on the map
-- and the fiche needs each réservataire's counts (observatoire.secret.valeurs.objectifs_communes).
-- With no landlord selected the counts are already summed, in the derived table
-- attributions_o3_communes (same expressions); a landlord filter groups them here.
SELECT
    code_insee,
    coalesce(reservataire, 'Réservataire non renseigné') AS reservataire,
    sum(o3_num)::BIGINT AS o3_num,
    sum(o3_den)::BIGINT AS o3_den,
    sum(o3_nr)::BIGINT AS o3_nr
FROM attributions_agregats
WHERE annee = $annee
  AND $bailleurs IS NOT NULL
  AND list_contains($bailleurs::VARCHAR[], bailleur)
GROUP BY ALL
UNION ALL
SELECT code_insee, reservataire, o3_num, o3_den, o3_nr
FROM attributions_o3_communes
WHERE annee = $annee AND $bailleurs IS NULL
ORDER BY ALL
