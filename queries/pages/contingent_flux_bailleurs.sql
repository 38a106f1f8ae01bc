-- Landlords known anywhere (flux inputs, and the derived list of the stock and attributions):
-- the choices of the flux editor.
SELECT DISTINCT bailleur FROM (
    SELECT bailleur FROM contingent_flux
    UNION
    SELECT bailleur FROM bailleurs
)
WHERE bailleur IS NOT NULL
ORDER BY bailleur
