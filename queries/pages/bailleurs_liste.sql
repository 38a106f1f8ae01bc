-- Every landlord known to the stock or to the attributions (the public RPLS has none).
SELECT bailleur
FROM bailleurs
ORDER BY bailleur
