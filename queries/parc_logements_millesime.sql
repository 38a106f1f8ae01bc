-- The dwelling rows of one RPLS vintage, every commune, for the selected landlords: the map and
-- the commune fiche compute per-commune and CUA indicators on them (observatoire.parc).
SELECT
    millesime, code_insee, id_logement, bailleur, en_qpv, financement, type_construction,
    nb_pieces, surface_habitable, annee_construction, annee_premiere_location, nouveau_logement,
    dpe_energie, mode_occupation, year(date_bail) AS annee_bail, loyer_principal, duree_vacance
FROM rpls_logements
WHERE millesime = $millesime
  AND ($bailleurs IS NULL OR list_contains($bailleurs::VARCHAR[], bailleur))
