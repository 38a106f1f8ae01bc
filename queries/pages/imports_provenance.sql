-- The provenance log: every file loaded, newest first.
SELECT jeu, millesime, fichier, sha256, importe_le, lignes_lues, lignes_chargees, lignes_rejetees, demo
FROM imports
ORDER BY importe_le DESC, jeu, millesime DESC NULLS LAST, fichier
