-- The kind of RPLS file behind each vintage, as the import recorded it (table imports_fichiers):
-- « loi » (the restricted « version loi »: occupation, lease, rent) or « public ». The latest
-- import of a vintage wins; a vintage with no record (demo, older import) is absent here.
SELECT millesime,
       arg_max(nature, importe_le) AS nature,
       arg_max(disposition, importe_le) AS disposition
FROM imports_fichiers
WHERE jeu = 'rpls' AND nature IS NOT NULL AND millesime IS NOT NULL
GROUP BY millesime
ORDER BY millesime
