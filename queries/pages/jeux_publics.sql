-- Real public datasets loaded at build: producer and vintage (the real-data label of the screens).
SELECT jeu, producteur, titre, millesime, min(fichier) AS fichier
FROM sources_publiques
GROUP BY jeu, producteur, titre, millesime
ORDER BY min(rowid)
