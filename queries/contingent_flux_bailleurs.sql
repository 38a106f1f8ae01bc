-- Landlords known anywhere (flux inputs, RPLS, attributions): the choices of the flux editor.
SELECT DISTINCT bailleur FROM (
    SELECT bailleur FROM contingent_flux
    UNION SELECT bailleur FROM attributions
    UNION SELECT bailleur FROM rpls_logements
)
WHERE bailleur IS NOT NULL
ORDER BY bailleur
