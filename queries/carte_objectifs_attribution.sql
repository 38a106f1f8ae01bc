-- The three legal attribution objectives (CCH L.441-1) per commune for one year, as counts:
-- 1: hors QPV, leases signed: 1st quartile OR ANRU rehousing; 2: in QPV, all attributions:
-- not 1st quartile; 3: all attributions: priority public. A NULL flag is « non renseigné »:
-- outside the denominator, counted apart. Three-valued logic gives objective 1's flag.
SELECT
    code_insee,
    count(*) FILTER (WHERE NOT en_qpv AND bail_signe AND (premier_quartile OR relogement_anru)) AS obj1_num,
    count(*) FILTER (WHERE NOT en_qpv AND bail_signe AND (premier_quartile OR relogement_anru) IS NOT NULL) AS obj1_den,
    count(*) FILTER (WHERE NOT en_qpv AND bail_signe AND (premier_quartile OR relogement_anru) IS NULL) AS obj1_nr,
    count(*) FILTER (WHERE en_qpv AND premier_quartile = false) AS obj2_num,
    count(*) FILTER (WHERE en_qpv AND premier_quartile IS NOT NULL) AS obj2_den,
    count(*) FILTER (WHERE en_qpv AND premier_quartile IS NULL) AS obj2_nr,
    count(*) FILTER (WHERE prioritaire) AS obj3_num,
    count(*) FILTER (WHERE prioritaire IS NOT NULL) AS obj3_den,
    count(*) FILTER (WHERE prioritaire IS NULL) AS obj3_nr
FROM attributions
WHERE annee = $annee
  AND ($bailleurs IS NULL OR list_contains($bailleurs::VARCHAR[], bailleur))
GROUP BY code_insee
ORDER BY code_insee
