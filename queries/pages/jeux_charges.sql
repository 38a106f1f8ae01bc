-- One line per dataset: its vintages, rows loaded and whether it is demo data.
SELECT
    jeu,
    string_agg(DISTINCT cast(millesime AS VARCHAR), ', ' ORDER BY cast(millesime AS VARCHAR)) AS millesimes,
    count(*) AS fichiers,
    sum(lignes_chargees) AS lignes,
    bool_or(demo) AS demo,
    max(importe_le) AS dernier_import
FROM imports
GROUP BY jeu
ORDER BY jeu
