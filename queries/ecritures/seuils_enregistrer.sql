-- Save one year's 1st-quartile threshold typed by a user (replaces the demo value: demo = false).
INSERT OR REPLACE INTO seuils_premier_quartile (annee, seuil_euros_uc, demo)
VALUES ($annee, $seuil_euros_uc, FALSE)
