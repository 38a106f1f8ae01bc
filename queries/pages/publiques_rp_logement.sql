-- Census housing (INSEE, base communale « Logement ») of every commune, latest census loaded.
SELECT code_insee, logements, residences_principales, residences_secondaires, logements_vacants,
       maisons, appartements, rp_1piece, annee
FROM rp_logement_communes
WHERE annee = (SELECT max(annee) FROM rp_logement_communes)
ORDER BY code_insee
