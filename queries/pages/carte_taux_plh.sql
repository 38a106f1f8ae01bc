-- PLH achievement per commune for the latest PLH: dwellings authorised (Sitadel) summed over the
-- calendar years the PLH counts (plh_annees; none listed = every calendar year of the PLH),
-- against the commune's annual target × the number of those same years. Same years on both sides.
-- A commune without a target row, or outside the PLH's perimeter when plh_communes lists it, has
-- objectif NULL. `annees` says how many counted years have data (a missing year is missing, never
-- zero); `annees_comptees` is the list of counted years, `nb_annees_comptees` their number;
-- `perimetre_renseigne` says whether the PLH's communes are listed (false: the current communes of
-- the CU are counted) and `dans_perimetre` whether the commune is one of them (NULL when not listed).
-- Computed for every commune at each write, in the derived table plh_taux_communes.
SELECT
    code_insee, plh, annee_debut, annee_fin, annees_comptees, nb_annees_comptees, autorises, annees,
    objectif_annuel, objectif, perimetre_renseigne, dans_perimetre
FROM plh_taux_communes
WHERE $epci IS NULL OR code_epci = $epci  -- the territory served (db.territoire)
ORDER BY code_insee
