-- The PLH periods the user can choose from (a new PLH is added as data, not code), oldest first.
SELECT plh, annee_debut, annee_fin, nb_annees, lecture, source
FROM plh
ORDER BY annee_debut, plh
