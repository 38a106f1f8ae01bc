-- Store one setting (run inside observatoire.base.ecriture.modifier_base): the value replaces the
-- previous one of the same key.
INSERT INTO reglages (cle, valeur) VALUES ($cle, $valeur)
ON CONFLICT (cle) DO UPDATE SET valeur = excluded.valeur
