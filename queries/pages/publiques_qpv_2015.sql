-- The QPV of the 2015 geography (reference list) with their codes and communes.
SELECT code_qpv, nom, communes_insee, population
FROM qpv
WHERE geographie = 2015 AND code_qpv IS NOT NULL
ORDER BY code_qpv
