-- Derived table `attributions_niveaux` (its only definition: the columns are this SELECT's,
-- rebuilt by observatoire.base.derives.recalculer at every build and inside every write): the
-- result of the page query attributions_comptes for the whole base, every year, with no commune,
-- landlord or réservataire filter and the préfectoral share read as réservataire « État »
-- (observatoire.indicateurs.attributions.RESERVATAIRE_PREFECTORAL). The pages ask for exactly this
-- when nothing is selected: attributions_comptes then reads these rows instead of grouping
-- attributions_agregats again (a national base: 165 000 rows a year). Same expressions as the
-- query's, so the same columns and types; tests/base/test_derives.py compares the two paths.
CREATE OR REPLACE TABLE attributions_niveaux AS
WITH a AS (
    SELECT
        annee, code_insee, geographie_qpv,
        coalesce(bailleur, 'Bailleur non renseigné') AS bailleur,
        coalesce(reservataire, 'Réservataire non renseigné') AS reservataire,
        -- Contribution solidaire: every attribution outside the préfectoral share (réservataire
        -- État), on the priority-public flag (objective 3's counts).
        (reservataire IS DISTINCT FROM 'État') AS hors_prefectoral,
        * EXCLUDE (annee, code_insee, geographie_qpv, bailleur, reservataire)
    FROM attributions_agregats
),
g AS (
    SELECT
        CASE WHEN grouping(code_insee) = 0 THEN 'commune'
             WHEN grouping(bailleur) = 0 THEN 'bailleur'
             ELSE 'reservataire' END AS niveau,
        annee,
        max(geographie_qpv) AS geographie_qpv,
        code_insee, bailleur, reservataire,
        sum(attributions)::BIGINT AS attributions,
        sum(en_qpv)::BIGINT AS en_qpv,
        sum(hors_qpv)::BIGINT AS hors_qpv,
        sum(qpv_nr)::BIGINT AS qpv_nr,
        sum(o1_den)::BIGINT AS o1_den,
        sum(o1_num)::BIGINT AS o1_num,
        sum(o1_nr)::BIGINT AS o1_nr,
        sum(o1_bail_nr)::BIGINT AS o1_bail_nr,
        sum(o1_ex_zus)::BIGINT AS o1_ex_zus,
        sum(o1_ex_zus_nr)::BIGINT AS o1_ex_zus_nr,
        sum(o2_den)::BIGINT AS o2_den,
        sum(o2_num)::BIGINT AS o2_num,
        sum(o2_nr)::BIGINT AS o2_nr,
        sum(o3_den)::BIGINT AS o3_den,
        sum(o3_num)::BIGINT AS o3_num,
        sum(o3_nr)::BIGINT AS o3_nr,
        sum(q1_qpv)::BIGINT AS q1_qpv,
        sum(q1_hors_den)::BIGINT AS q1_hors_den,
        sum(q1_hors)::BIGINT AS q1_hors,
        sum(q1_hors_nr)::BIGINT AS q1_hors_nr,
        sum(prio_qpv_den)::BIGINT AS prio_qpv_den,
        sum(prio_qpv)::BIGINT AS prio_qpv,
        sum(prio_qpv_nr)::BIGINT AS prio_qpv_nr,
        sum(prio_hors_den)::BIGINT AS prio_hors_den,
        sum(prio_hors)::BIGINT AS prio_hors,
        sum(prio_hors_nr)::BIGINT AS prio_hors_nr,
        sum(refus)::BIGINT AS refus,
        sum(refus_nr)::BIGINT AS refus_nr,
        sum(contingent)::BIGINT AS contingent,
        sum(contingent_nr)::BIGINT AS contingent_nr,
        sum(contingent_refus)::BIGINT AS contingent_refus,
        sum(contingent_entite)::BIGINT AS contingent_entite,
        sum(contingent_entite_refus)::BIGINT AS contingent_entite_refus,
        sum(contingent_realise)::BIGINT AS contingent_realise,
        sum(contingent_realise_nr)::BIGINT AS contingent_realise_nr,
        -- Contribution solidaire, reading « EPCI » (art. 5: attributions of the dwellings reserved
        -- by the EPCI); cs_den / cs_num / cs_nr below are the reading « hors préfectoral ».
        sum(contingent_prio_den)::BIGINT AS cs_epci_den,
        sum(contingent_prio)::BIGINT AS cs_epci_num,
        sum(contingent_prio_nr)::BIGINT AS cs_epci_nr,
        coalesce(sum(o3_den) FILTER (WHERE hors_prefectoral), 0)::BIGINT AS cs_den,
        coalesce(sum(o3_num) FILTER (WHERE hors_prefectoral), 0)::BIGINT AS cs_num,
        coalesce(sum(o3_nr) FILTER (WHERE hors_prefectoral), 0)::BIGINT AS cs_nr
    FROM a
    GROUP BY GROUPING SETS ((annee, code_insee), (annee, bailleur), (annee, reservataire))
)
SELECT
    g.niveau, g.annee, g.geographie_qpv, g.code_insee,
    CASE WHEN g.niveau = 'commune' THEN coalesce(c.nom, g.code_insee) END AS commune,
    g.* EXCLUDE (niveau, annee, geographie_qpv, code_insee)
FROM g
LEFT JOIN communes AS c ON g.code_insee = c.code_insee
ORDER BY g.annee, g.niveau, g.code_insee, g.bailleur, g.reservataire
