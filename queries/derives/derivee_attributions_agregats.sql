-- Derived table `attributions_agregats` (its only definition: the columns are this SELECT's,
-- rebuilt by observatoire.base.derives.reconstruire at every build and inside every write):
-- attribution counts per year × commune × landlord × réservataire, behind the three legal
-- objectives (CCH L.441-1), the QPV / hors QPV comparison and the annual CIL bilan. A NULL flag is
-- « non renseigné », never false: for the three legal objectives the attribution stays in the
-- denominator (the legal rate) and out of the numerator, and is also counted in the *_nr column
-- (shown beside; « taux parmi les cas connus » = num / (den − nr)). The 1st-quartile flag is the
-- one the file declared, or else ressources_uc < the year's threshold, derived here only:
-- attributions.premier_quartile is never written from a threshold, so a new threshold recomputes
-- this table (every write does). Objective 1 counts ex-ZUS perimeters as QPV for the six years from
-- 1 January 2015 (loi ELAN): an attribution hors QPV flagged ex_zus in 2015-2020 leaves objective
-- 1's field (o1_ex_zus); one whose ex_zus flag is empty in those years is counted hors QPV
-- (o1_ex_zus_nr says how many).
CREATE OR REPLACE TABLE attributions_agregats AS
WITH a AS (
    SELECT
        a.*,
        coalesce(a.premier_quartile, a.ressources_uc < s.seuil_euros_uc) AS q1,
        a.annee BETWEEN 2015 AND 2020 AS periode_ex_zus,
        NOT a.en_qpv AND NOT coalesce(a.ex_zus AND a.annee BETWEEN 2015 AND 2020, FALSE) AS hors_qpv_o1,
        -- The EPCI's contingent (convention de réservation 2024-2026, art. 3: contingent
        -- communautaire and communal contingents « ne forment qu'une seule entité »): flagged
        -- contingent_communautaire, or réservataire « CU d'Arras » or « Communes » (the labels of
        -- the attributions template, data/modeles/attributions.csv).
        a.contingent_communautaire OR a.reservataire IN ('CU d''Arras', 'Communes') AS sur_contingent
    FROM attributions AS a
    LEFT JOIN seuils_premier_quartile AS s USING (annee)
)
SELECT
    a.annee,
    a.code_insee,
    a.bailleur,
    a.reservataire,
    max(a.geographie_qpv) AS geographie_qpv,
    count(*) AS attributions,
    count(*) FILTER (WHERE a.en_qpv) AS en_qpv,
    count(*) FILTER (WHERE NOT a.en_qpv) AS hors_qpv,
    count(*) FILTER (WHERE a.en_qpv IS NULL) AS qpv_nr,
    -- Objective 1: every attribution hors QPV (ex-ZUS 2015-2020 count as QPV) followed by a
    -- signed lease, quartile known or not; numerator: 1st quartile OR rehoused by ANRU/NPNRU.
    count(*) FILTER (WHERE a.hors_qpv_o1 AND a.bail_signe) AS o1_den,
    count(*) FILTER (WHERE a.hors_qpv_o1 AND a.bail_signe AND (a.q1 OR a.relogement_anru)) AS o1_num,
    count(*) FILTER (WHERE a.hors_qpv_o1 AND a.bail_signe AND (a.q1 OR a.relogement_anru) IS NULL) AS o1_nr,
    count(*) FILTER (WHERE a.hors_qpv_o1 AND a.bail_signe IS NULL) AS o1_bail_nr,
    count(*) FILTER (WHERE NOT a.en_qpv AND a.bail_signe AND a.periode_ex_zus AND a.ex_zus) AS o1_ex_zus,
    count(*) FILTER (WHERE NOT a.en_qpv AND a.bail_signe AND a.periode_ex_zus AND a.ex_zus IS NULL) AS o1_ex_zus_nr,
    -- Objective 2: every attribution in QPV (proposal, lease or not); numerator: quartile known
    -- and not the 1st (quartiles 2-4).
    count(*) FILTER (WHERE a.en_qpv) AS o2_den,
    count(*) FILTER (WHERE a.en_qpv AND NOT a.q1) AS o2_num,
    count(*) FILTER (WHERE a.en_qpv AND a.q1 IS NULL) AS o2_nr,
    -- Objective 3: every attribution of the réservataire; numerator: DALO / L.441-1 priority publics.
    count(*) AS o3_den,
    count(*) FILTER (WHERE a.prioritaire) AS o3_num,
    count(*) FILTER (WHERE a.prioritaire IS NULL) AS o3_nr,
    -- QPV / hors QPV side by side (all attributions).
    count(*) FILTER (WHERE a.en_qpv AND a.q1) AS q1_qpv,
    count(*) FILTER (WHERE NOT a.en_qpv AND a.q1 IS NOT NULL) AS q1_hors_den,
    count(*) FILTER (WHERE NOT a.en_qpv AND a.q1) AS q1_hors,
    count(*) FILTER (WHERE NOT a.en_qpv AND a.q1 IS NULL) AS q1_hors_nr,
    count(*) FILTER (WHERE a.en_qpv AND a.prioritaire IS NOT NULL) AS prio_qpv_den,
    count(*) FILTER (WHERE a.en_qpv AND a.prioritaire) AS prio_qpv,
    count(*) FILTER (WHERE a.en_qpv AND a.prioritaire IS NULL) AS prio_qpv_nr,
    count(*) FILTER (WHERE NOT a.en_qpv AND a.prioritaire IS NOT NULL) AS prio_hors_den,
    count(*) FILTER (WHERE NOT a.en_qpv AND a.prioritaire) AS prio_hors,
    count(*) FILTER (WHERE NOT a.en_qpv AND a.prioritaire IS NULL) AS prio_hors_nr,
    -- CIL bilan (art. 11): contingent communautaire, refusals, contribution solidaire.
    count(*) FILTER (WHERE a.refus) AS refus,
    count(*) FILTER (WHERE a.refus IS NULL) AS refus_nr,
    count(*) FILTER (WHERE a.contingent_communautaire) AS contingent,
    count(*) FILTER (WHERE a.contingent_communautaire IS NULL) AS contingent_nr,
    count(*) FILTER (WHERE a.contingent_communautaire AND a.refus) AS contingent_refus,
    -- The EPCI's contingent as one entity (sur_contingent): its attributions and refusals (art. 11),
    -- its realised flux = attributions followed by a signed lease (a refused proposal frees no
    -- dwelling), lease unknown apart; and the contribution solidaire read as « un quart des
    -- attributions annuelles des logements réservés par l'EPCI » (art. 5, first reading).
    count(*) FILTER (WHERE a.sur_contingent) AS contingent_entite,
    count(*) FILTER (WHERE a.sur_contingent AND a.refus) AS contingent_entite_refus,
    count(*) FILTER (WHERE a.sur_contingent AND a.bail_signe AND a.refus IS NOT TRUE) AS contingent_realise,
    count(*) FILTER (WHERE a.sur_contingent AND a.bail_signe IS NULL) AS contingent_realise_nr,
    -- As objective 3: an unknown priority stays in the base (legal reading), counted apart in _nr.
    count(*) FILTER (WHERE a.sur_contingent) AS contingent_prio_den,
    count(*) FILTER (WHERE a.sur_contingent AND a.prioritaire) AS contingent_prio,
    count(*) FILTER (WHERE a.sur_contingent AND a.prioritaire IS NULL) AS contingent_prio_nr
FROM a
GROUP BY a.annee, a.code_insee, a.bailleur, a.reservataire
