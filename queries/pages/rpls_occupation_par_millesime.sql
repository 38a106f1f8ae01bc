-- Per RPLS vintage: do some dwellings carry their occupation (MODE)? The kind of file of a
-- vintage the import did not record (demo, older import) is read from it.
SELECT millesime, sum(occupation_renseignee) > 0 AS occupation
FROM parc_communes
GROUP BY millesime
ORDER BY millesime
