-- Settings editable from the app (one value per key), e.g. the reading of the contribution
-- solidaire (observatoire.indicateurs.contingent.CLE_LECTURE). An absent key means the default.
SELECT cle, valeur FROM reglages ORDER BY cle
