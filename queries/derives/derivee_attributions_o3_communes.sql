-- Derived table `attributions_o3_communes` (its only definition: the columns are this SELECT's,
-- rebuilt by observatoire.base.derives.recalculer at every build and inside every write): the
-- page query objectif_3_communes_reservataires with no landlord filter, for every year —
-- objective 3's counts per commune × réservataire, all landlords summed. With no landlord
-- selected (the pages' default view) the query reads these rows instead of grouping
-- attributions_agregats again. Same expressions as the query's, so the same columns and types.
CREATE OR REPLACE TABLE attributions_o3_communes AS
SELECT
    annee,
    code_insee,
    coalesce(reservataire, 'Réservataire non renseigné') AS reservataire,
    sum(o3_num)::BIGINT AS o3_num,
    sum(o3_den)::BIGINT AS o3_den,
    sum(o3_nr)::BIGINT AS o3_nr
FROM attributions_agregats
GROUP BY ALL
ORDER BY ALL
