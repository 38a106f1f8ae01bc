-- Yearly gestion-en-flux inputs per landlord (contingent communautaire), for the period and the
-- landlords selected; the arithmetic (assiette, 30 %, 20 %) is in observatoire.indicateurs.contingent.
SELECT annee, bailleur, mises_en_location, premieres_mises_en_location, mutations_internes,
       relogements_npnru_internes, relogements_lhi, relogements_ventes, demo
FROM contingent_flux
WHERE annee BETWEEN $annee_debut AND $annee_fin
  AND ($bailleurs IS NULL OR list_contains($bailleurs::VARCHAR[], bailleur))
ORDER BY annee, bailleur
