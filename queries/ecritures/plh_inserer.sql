-- A new PLH period (its counted years and communes go to plh_annees and plh_communes).
INSERT INTO plh (plh, annee_debut, annee_fin, lecture, source)
VALUES ($plh, $annee_debut, $annee_fin, $lecture, $source)
