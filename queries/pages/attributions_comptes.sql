-- Attribution counts behind the three legal objectives, the QPV / hors QPV comparison and the
-- annual CIL bilan (derived table attributions_agregats, whose SQL defines each count), at the
-- three levels the pages show, for each year:
-- - niveau 'commune': per commune (code_insee, commune);
-- - niveau 'bailleur': per landlord;
-- - niveau 'reservataire': per réservataire — their sum is the selection's total.
-- One level's rows never mix with another's: observatoire.indicateurs.attributions.sommer picks the level
-- from the keys it sums by, then applies the secret statistique before display. Returning three
-- small levels instead of year × commune × landlord × réservataire keeps a national selection
-- at about 120 000 rows instead of 900 000.
-- With nothing selected (no commune, landlord or réservataire, the préfectoral share « État »:
-- every page's default view) the rows are already computed, in the derived table
-- attributions_niveaux (same expressions, no filter); any other selection groups them here.
WITH a AS (
    SELECT
        annee, code_insee, geographie_qpv,
        coalesce(bailleur, 'Bailleur non renseigné') AS bailleur,
        coalesce(reservataire, 'Réservataire non renseigné') AS reservataire,
        -- Contribution solidaire: every attribution outside the préfectoral share (réservataire
        -- État), on the priority-public flag (objective 3's counts).
        (reservataire IS DISTINCT FROM $reservataire_prefectoral) AS hors_prefectoral,
        * EXCLUDE (annee, code_insee, geographie_qpv, bailleur, reservataire)
    FROM attributions_agregats
    WHERE annee BETWEEN $annee_debut AND $annee_fin
      AND ($communes IS NULL OR list_contains($communes::VARCHAR[], code_insee))
      AND ($bailleurs IS NULL OR list_contains($bailleurs::VARCHAR[], bailleur))
      AND ($reservataire::VARCHAR IS NULL OR reservataire = $reservataire::VARCHAR)
      AND NOT (
          $communes IS NULL AND $bailleurs IS NULL AND $reservataire::VARCHAR IS NULL
          AND coalesce($reservataire_prefectoral::VARCHAR = 'État', FALSE)
      )
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
UNION ALL
SELECT *
FROM attributions_niveaux
WHERE annee BETWEEN $annee_debut AND $annee_fin
  AND $communes IS NULL AND $bailleurs IS NULL AND $reservataire::VARCHAR IS NULL
  AND coalesce($reservataire_prefectoral::VARCHAR = 'État', FALSE)
ORDER BY niveau, annee, code_insee, bailleur, reservataire
