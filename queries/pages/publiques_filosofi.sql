-- Filosofi (INSEE) by commune, latest income year loaded; NULL = secret statistique.
SELECT code_insee, annee, menages_fiscaux, personnes, revenu_median, part_menages_imposes,
       taux_pauvrete, decile_1, decile_9, rapport_interdecile
FROM filosofi_communes
WHERE annee = (SELECT max(annee) FROM filosofi_communes)
ORDER BY code_insee
