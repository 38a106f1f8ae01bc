-- Bounds of the period filter: the earliest and latest year any yearly dataset covers.
SELECT min(annee) AS annee_min, max(annee) AS annee_max
FROM (
    SELECT annee FROM attributions
    UNION ALL
    SELECT annee FROM production
    UNION ALL
    SELECT millesime AS annee FROM parc_communes
)
