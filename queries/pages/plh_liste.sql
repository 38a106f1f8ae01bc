-- The PLH periods the user can choose from (a new PLH is added as data, not code), oldest first,
-- with the calendar years each one counts and its communes (NULL = none listed: every calendar
-- year of the PLH is counted; the perimeter is « non renseigné »).
SELECT
    p.plh, p.annee_debut, p.annee_fin,
    (SELECT list(a.annee ORDER BY a.annee) FROM plh_annees AS a WHERE a.plh = p.plh) AS annees_comptees,
    (SELECT list(c.code_insee ORDER BY c.code_insee) FROM plh_communes AS c WHERE c.plh = p.plh) AS communes_plh,
    p.lecture, p.source
FROM plh AS p
ORDER BY p.annee_debut, p.plh
