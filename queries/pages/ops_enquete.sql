-- OPS aggregates (commune × en / hors QPV × survey year) for the selected communes, with the
-- commune name; observatoire.indicateurs.parc.occupation computes the shares and applies the secret.
SELECT o.*, c.nom
FROM ops AS o
JOIN communes AS c USING (code_insee)
WHERE ($communes IS NULL OR list_contains($communes::VARCHAR[], o.code_insee))
ORDER BY o.annee, c.nom, o.en_qpv DESC
