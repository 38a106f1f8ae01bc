-- LOVAC (private-stock vacancy) by commune and year, from the latest LOVAC vintage loaded;
-- NULL = secret statistique (« s ») or not published for that year.
SELECT annee, code_insee, parc_prive, vacants, vacants_plus_2ans
FROM lovac_communes
WHERE millesime_lovac = (SELECT max(millesime_lovac) FROM lovac_communes)
ORDER BY code_insee, annee
