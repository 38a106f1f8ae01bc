-- The three legal attribution objectives (CCH L.441-1) per commune for one year, as counts, from
-- the derived table attributions_agregats (whose SQL defines them, like for every other page):
-- 1: hors QPV, leases signed: 1st quartile OR ANRU rehousing; 2: in QPV, all attributions:
-- not 1st quartile; 3: all attributions: priority public. A NULL flag is « non renseigné »:
-- outside the denominator, counted apart.
SELECT
    code_insee,
    sum(o1_num)::BIGINT AS obj1_num,
    sum(o1_den)::BIGINT AS obj1_den,
    sum(o1_nr)::BIGINT AS obj1_nr,
    sum(o2_num)::BIGINT AS obj2_num,
    sum(o2_den)::BIGINT AS obj2_den,
    sum(o2_nr)::BIGINT AS obj2_nr,
    sum(o3_num)::BIGINT AS obj3_num,
    sum(o3_den)::BIGINT AS obj3_den,
    sum(o3_nr)::BIGINT AS obj3_nr
FROM attributions_agregats
WHERE annee = $annee
  AND ($bailleurs IS NULL OR list_contains($bailleurs::VARCHAR[], bailleur))
GROUP BY code_insee
ORDER BY code_insee
