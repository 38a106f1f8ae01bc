-- Save flux inputs typed or uploaded by a user: the rows of the registered view _lot replace the
-- rows of the same landlord and year (run inside observatoire.base.ecriture.modifier_base).
DELETE FROM contingent_flux AS f
WHERE EXISTS (SELECT 1 FROM _lot AS l WHERE l.annee = f.annee AND l.bailleur = f.bailleur);
INSERT INTO contingent_flux (annee, bailleur, mises_en_location, premieres_mises_en_location,
                             mutations_internes, relogements_npnru_internes, relogements_lhi,
                             relogements_ventes, demo)
SELECT annee, bailleur, mises_en_location, premieres_mises_en_location, mutations_internes,
       relogements_npnru_internes, relogements_lhi, relogements_ventes, demo
FROM _lot
