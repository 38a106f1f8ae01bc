-- Datasets whose loaded data are demo data: drives the banner on every page.
SELECT jeu
FROM imports
GROUP BY jeu
HAVING bool_or(demo)
ORDER BY jeu
