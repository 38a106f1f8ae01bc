-- What a rebuild from data/ would erase: files imported into the base (not the reference files
-- the build itself loads, not the demo), and values entered in the app (targets, thresholds,
-- flux inputs are stored with demo = false). One row per dataset, with how many rows it holds.
-- $empreintes_publiques: SHA-256 of the real public files of data/publiques/, which the build loads.
SELECT jeu, count(*) AS lignes
FROM (
    SELECT jeu FROM imports
    WHERE NOT demo
      AND NOT (jeu = 'communes' AND fichier = 'communes.csv')
      AND NOT (jeu = 'qpv' AND fichier = 'qpv.csv')
      AND NOT (jeu = 'objectifs_plh' AND fichier = 'objectifs_plh.csv')
      AND NOT list_contains($empreintes_publiques, sha256)
    UNION ALL
    SELECT 'seuils du 1er quartile saisis' FROM seuils_premier_quartile WHERE NOT demo
    UNION ALL
    SELECT 'flux du contingent saisis' FROM contingent_flux WHERE NOT demo
    UNION ALL
    SELECT 'objectifs communaux saisis' FROM objectifs WHERE NOT demo AND code_insee IS NOT NULL
    -- A PLH added in the app, its communes (the reference file lists none) and counted years other
    -- than every calendar year of the PLH (the default a rebuild would bring back).
    UNION ALL
    SELECT 'PLH saisis' FROM plh WHERE source LIKE 'saisie du %'
    UNION ALL
    SELECT 'communes des PLH saisies' FROM plh_communes
    UNION ALL
    SELECT 'années comptées des PLH modifiées' FROM plh AS p
        WHERE (SELECT count(*) FROM plh_annees AS a WHERE a.plh = p.plh) <> p.annee_fin - p.annee_debut + 1
)
GROUP BY jeu
ORDER BY jeu
