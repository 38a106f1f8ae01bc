-- What the import recognised of each published file it loaded: its layout, the kind of RPLS file
-- (public / « version loi ») and the release date when there is one; newest first.
SELECT f.jeu, f.millesime, i.fichier, f.disposition, f.nature, f.date_diffusion, f.detail, f.importe_le
FROM imports_fichiers AS f
JOIN imports AS i
  ON f.jeu = i.jeu AND i.millesime IS NOT DISTINCT FROM f.millesime AND f.sha256 = i.sha256
 AND f.importe_le = i.importe_le
ORDER BY f.importe_le DESC, f.jeu, f.millesime DESC NULLS LAST
