-- Before the counted years of a PLH are replaced by the edited list.
DELETE FROM plh_annees WHERE plh = $plh
