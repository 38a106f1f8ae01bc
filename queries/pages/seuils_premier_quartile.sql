-- The 1st-quartile thresholds (€/an/UC) per year, shown and edited on the Attributions page.
SELECT annee, seuil_euros_uc, demo
FROM seuils_premier_quartile
ORDER BY annee
