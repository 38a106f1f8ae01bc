-- What the import recognised of each published file it loaded: its layout, the kind of RPLS file
-- (public / « version loi ») and the release date when there is one; newest first.
SELECT f.jeu, f.millesime, i.fichier, f.disposition, f.nature, f.date_diffusion, f.detail, f.importe_le
FROM imports_fichiers f
JOIN imports i
  ON i.jeu = f.jeu AND i.millesime IS NOT DISTINCT FROM f.millesime AND i.sha256 = f.sha256
 AND i.importe_le = f.importe_le
ORDER BY f.importe_le DESC, f.jeu, f.millesime DESC NULLS LAST
