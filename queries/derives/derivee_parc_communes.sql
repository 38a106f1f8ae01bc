-- Derived table `parc_communes` (its only definition: the columns are this SELECT's, rebuilt by
-- observatoire.base.derives.reconstruire at every build and inside every write): the RPLS stock per
-- vintage × commune × landlord, with the counts behind the official SDES rates
-- (../shared/domain/formats.md):
-- - vacancy: vacant for more than 3 months (MODE = 2, duration > 3) ÷ let or vacant (MODE 1, 2);
-- - mobility (vintage N): leases started in N-1 on dwellings first let before N-1 ÷ let or
--   vacant dwellings first let before N-1;
-- - rent: Σ LOYERPRINC ÷ Σ SURFHAB over let dwellings whose rent is known.
-- Entries and exits compare the stable dwelling ids of N and N-1: a dwelling present in N and
-- absent from N-1 entered the social stock (counted at N's commune and landlord); one present
-- in N-1 and absent from N left it (counted at N-1's). A dwelling that changes landlord stays
-- in the stock, so it is neither. Without N-1, or without ids (public file), both are NULL.
CREATE OR REPLACE TABLE parc_communes AS
WITH millesimes AS (
    SELECT millesime, count(*) FILTER (WHERE id_logement IS NULL) = 0 AS ids_complets
    FROM rpls_logements
    GROUP BY millesime
),
paires AS (
    SELECT n.millesime
    FROM millesimes AS n
    JOIN millesimes AS p ON p.millesime = n.millesime - 1
    WHERE n.ids_complets AND p.ids_complets
),
stock AS (
    SELECT
        millesime, code_insee, bailleur,
        count(*) AS logements,
        count(*) FILTER (WHERE en_qpv) AS en_qpv,
        count(*) FILTER (WHERE dpe_energie IN ('E', 'F', 'G')) AS efg,
        count(*) FILTER (WHERE coalesce(dpe_energie NOT IN ('A', 'B', 'C', 'D', 'E', 'F', 'G'), TRUE)) AS dpe_inconnu,
        count(*) FILTER (WHERE nouveau_logement) AS mises_en_service,
        count(*) FILTER (WHERE mode_occupation IS NOT NULL) AS occupation_renseignee,
        count(*) FILTER (WHERE mode_occupation IN (1, 2)) AS loues_ou_vacants,
        count(*) FILTER (WHERE mode_occupation = 2 AND duree_vacance > 3) AS vacants_3_mois,
        count(*) FILTER (WHERE mode_occupation IN (1, 2) AND annee_premiere_location < millesime - 1) AS base_mobilite,
        count(*) FILTER (WHERE mode_occupation = 1 AND annee_premiere_location < millesime - 1
                           AND year(date_bail) = millesime - 1) AS baux_annee_precedente,
        coalesce(sum(loyer_principal) FILTER (WHERE mode_occupation = 1 AND loyer_principal IS NOT NULL
                                                AND surface_habitable > 0), 0) AS somme_loyers,
        coalesce(sum(surface_habitable) FILTER (WHERE mode_occupation = 1 AND loyer_principal IS NOT NULL
                                                  AND surface_habitable > 0), 0) AS somme_surfaces
    FROM rpls_logements
    GROUP BY ALL
),
entrees AS (
    SELECT n.millesime, n.code_insee, n.bailleur, count(*) AS entrees
    FROM rpls_logements AS n
    WHERE n.millesime IN (SELECT millesime FROM paires)
      AND NOT EXISTS (SELECT 1 FROM rpls_logements AS p
                      WHERE p.millesime = n.millesime - 1 AND p.id_logement = n.id_logement)
    GROUP BY ALL
),
sorties AS (
    SELECT p.millesime + 1 AS millesime, p.code_insee, p.bailleur, count(*) AS sorties
    FROM rpls_logements AS p
    WHERE p.millesime + 1 IN (SELECT millesime FROM paires)
      AND NOT EXISTS (SELECT 1 FROM rpls_logements AS n
                      WHERE n.millesime = p.millesime + 1 AND n.id_logement = p.id_logement)
    GROUP BY ALL
),
tout AS (
    SELECT * FROM stock
    UNION ALL BY NAME
    SELECT * FROM entrees
    UNION ALL BY NAME
    SELECT * FROM sorties
)
SELECT
    millesime, code_insee, bailleur,
    coalesce(sum(logements), 0)::BIGINT AS logements,
    coalesce(sum(en_qpv), 0)::BIGINT AS en_qpv,
    coalesce(sum(efg), 0)::BIGINT AS efg,
    coalesce(sum(dpe_inconnu), 0)::BIGINT AS dpe_inconnu,
    coalesce(sum(mises_en_service), 0)::BIGINT AS mises_en_service,
    coalesce(sum(occupation_renseignee), 0)::BIGINT AS occupation_renseignee,
    coalesce(sum(loues_ou_vacants), 0)::BIGINT AS loues_ou_vacants,
    coalesce(sum(vacants_3_mois), 0)::BIGINT AS vacants_3_mois,
    coalesce(sum(base_mobilite), 0)::BIGINT AS base_mobilite,
    coalesce(sum(baux_annee_precedente), 0)::BIGINT AS baux_annee_precedente,
    coalesce(sum(somme_loyers), 0) AS somme_loyers,
    coalesce(sum(somme_surfaces), 0) AS somme_surfaces,
    CASE WHEN millesime IN (SELECT millesime FROM paires) THEN coalesce(sum(entrees), 0)::BIGINT END AS entrees,
    CASE WHEN millesime IN (SELECT millesime FROM paires) THEN coalesce(sum(sorties), 0)::BIGINT END AS sorties
FROM tout
GROUP BY millesime, code_insee, bailleur
