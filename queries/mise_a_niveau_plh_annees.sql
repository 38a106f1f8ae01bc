-- Upgrade of a base built before the counted years existed: every PLH counts each of its
-- calendar years (the default), and the old `nb_annees` column (a 6-year reading of the PLH
-- 2014-2020 set against 7 years of production) goes.
INSERT INTO plh_annees SELECT plh, unnest(range(annee_debut, annee_fin + 1)) AS annee FROM plh;
ALTER TABLE plh DROP COLUMN IF EXISTS nb_annees;
