-- The dwelling rows of every RPLS vintage up to the end of the period, for the selected communes
-- and landlords: observatoire.parc computes the official rates and breakdowns on them.
SELECT
    millesime, code_insee, id_logement, bailleur, en_qpv, financement, type_construction,
    nb_pieces, surface_habitable, annee_construction, annee_premiere_location, nouveau_logement,
    dpe_energie, mode_occupation, year(date_bail) AS annee_bail, loyer_principal, duree_vacance
FROM rpls_logements
WHERE millesime <= $annee_fin
  AND ($communes IS NULL OR list_contains($communes::VARCHAR[], code_insee))
  AND ($bailleurs IS NULL OR list_contains($bailleurs::VARCHAR[], bailleur))
