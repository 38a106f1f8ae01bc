-- Filosofi by QPV (2015 geography), every year loaded.
SELECT code_qpv, annee, revenu_median, taux_pauvrete, gini, s80s20
FROM qpv_revenus
ORDER BY code_qpv, annee
