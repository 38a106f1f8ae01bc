-- INSEE RPLS by QPV, latest vintage loaded.
SELECT millesime, code_geo, nb_ls, tx_vac, tx_vac3m, tx_rot, moy_loy
FROM rpls_insee
WHERE niveau = 'qpv' AND millesime = (SELECT max(millesime) FROM rpls_insee WHERE niveau = 'qpv')
ORDER BY code_geo
