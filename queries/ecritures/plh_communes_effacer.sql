-- Before the communes of a PLH are replaced by the edited list.
DELETE FROM plh_communes WHERE plh = $plh
