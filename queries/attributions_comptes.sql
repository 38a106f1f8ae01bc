-- Attribution counts behind the three legal objectives, the QPV / hors QPV comparison and the
-- annual CIL bilan, by year × commune × bailleur × réservataire (derived table
-- attributions_agregats, whose SQL defines each count). observatoire.attributions adds them up
-- at the level a view needs and applies the secret statistique before display.
SELECT
    a.annee,
    max(a.geographie_qpv) AS geographie_qpv,
    a.code_insee,
    coalesce(c.nom, a.code_insee) AS commune,
    coalesce(a.bailleur, 'Bailleur non renseigné') AS bailleur,
    coalesce(a.reservataire, 'Réservataire non renseigné') AS reservataire,
    sum(attributions)::BIGINT AS attributions,
    sum(en_qpv)::BIGINT AS en_qpv,
    sum(hors_qpv)::BIGINT AS hors_qpv,
    sum(qpv_nr)::BIGINT AS qpv_nr,
    sum(o1_den)::BIGINT AS o1_den,
    sum(o1_num)::BIGINT AS o1_num,
    sum(o1_nr)::BIGINT AS o1_nr,
    sum(o1_bail_nr)::BIGINT AS o1_bail_nr,
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
    -- Contribution solidaire: all attributions minus the préfectoral share (réservataire État),
    -- on the priority-public flag (objective 3's counts).
    coalesce(sum(o3_den) FILTER (WHERE a.reservataire IS DISTINCT FROM $reservataire_prefectoral), 0)::BIGINT AS cs_den,
    coalesce(sum(o3_num) FILTER (WHERE a.reservataire IS DISTINCT FROM $reservataire_prefectoral), 0)::BIGINT AS cs_num,
    coalesce(sum(o3_nr) FILTER (WHERE a.reservataire IS DISTINCT FROM $reservataire_prefectoral), 0)::BIGINT AS cs_nr
FROM attributions_agregats AS a
LEFT JOIN communes AS c USING (code_insee)
WHERE a.annee BETWEEN $annee_debut AND $annee_fin
  AND ($communes IS NULL OR list_contains($communes::VARCHAR[], a.code_insee))
  AND ($bailleurs IS NULL OR list_contains($bailleurs::VARCHAR[], a.bailleur))
  AND ($reservataire::VARCHAR IS NULL OR a.reservataire = $reservataire::VARCHAR)
GROUP BY a.annee, a.code_insee, commune, a.bailleur, a.reservataire
ORDER BY a.annee, a.code_insee, bailleur, reservataire
