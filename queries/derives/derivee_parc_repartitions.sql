-- Derived table `parc_repartitions` (its only definition: the columns are this SELECT's, rebuilt by
-- observatoire.base.derives.reconstruire at every build and inside every write): dwellings per
-- vintage × commune × landlord × category of each breakdown the Parc social page shows, with the
-- labels it displays. Missing values are « non renseigné »; a dwelling without a valid DPE class is
-- « DPE inconnu » (kept apart, and still in the denominator of the E-F-G share).
CREATE OR REPLACE TABLE parc_repartitions AS
WITH libelles AS (
    SELECT
        millesime, code_insee, bailleur,
        CASE en_qpv WHEN TRUE THEN 'en QPV' WHEN FALSE THEN 'hors QPV' ELSE 'non renseigné' END AS secteur,
        coalesce(bailleur, 'non renseigné') AS nom_bailleur,
        coalesce(financement, 'non renseigné') AS financement,
        CASE type_construction WHEN 'C' THEN 'collectif' WHEN 'I' THEN 'individuel' WHEN 'E' THEN 'étudiant'
             ELSE 'non renseigné' END AS type,
        CASE WHEN nb_pieces IS NULL THEN 'non renseigné'
             WHEN nb_pieces >= 5 THEN 'T5 et plus'
             ELSE 'T' || greatest(nb_pieces, 1) END AS taille,
        CASE WHEN annee_construction IS NULL THEN 'non renseigné'
             WHEN annee_construction <= 1949 THEN 'avant 1950'
             WHEN annee_construction <= 1969 THEN '1950-1969'
             WHEN annee_construction <= 1989 THEN '1970-1989'
             WHEN annee_construction <= 2009 THEN '1990-2009'
             ELSE '2010 et après' END AS epoque,
        CASE WHEN dpe_energie IN ('A', 'B', 'C', 'D', 'E', 'F', 'G') THEN dpe_energie ELSE 'DPE inconnu' END
            AS classe_dpe
    FROM rpls_logements
)
SELECT
    millesime, code_insee, bailleur,
    CASE dimension WHEN 'nom_bailleur' THEN 'bailleur' ELSE dimension END AS dimension,
    categorie,
    count(*) AS logements
FROM libelles
UNPIVOT (categorie FOR dimension IN (secteur, nom_bailleur, financement, type, taille, epoque, classe_dpe))
GROUP BY ALL
