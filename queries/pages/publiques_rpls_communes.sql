-- RPLS results by commune (SDES sheet COMMUNES) for one vintage: only the communes the sheet lists.
SELECT code_insee, nom, nb_ls, densite, nb_loues, nb_vacants, nb_vides, tx_vac, tx_mob
FROM rpls_communes
WHERE millesime = $millesime
ORDER BY code_insee
