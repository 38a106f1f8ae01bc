"""What each indicator means, how it is computed, where it comes from, which text asks for it and
what it cannot say. Content as data: the « Méthode » page lists it, and any page can link to an
entry with `lien(cle)` (the page anchor is the entry's `cle`).

References point to the source documents kept with the project (../shared/seeds/):
- seed 000: note de la CUA aux bailleurs pour les CUS (vers 2010);
- seed 001: PLH 2014-2020, programme d'actions thématiques;
- seed 002: convention de réservation 2024-2026 du contingent communautaire (Pas-de-Calais habitat);
- seed 003: Comité Régional de l'Habitat 2012 sur les CUS;
- seed 004: atelier DREAL 2018 sur la réforme des attributions.
"""

from __future__ import annotations

from observatoire import parc

URL_PAGE = "methode"

LIMITE_PERIMETRE = (
    "Le périmètre de la CU d'Arras a changé : 24 communes au PLH 2008, 39 au 1er janvier 2013 (périmètre "
    "du PLH 2014-2020), 46 aujourd'hui. L'observatoire calcule tout sur les 46 communes actuelles : une "
    "série « CU entière » ne correspond donc pas, pour les années anciennes, au périmètre de l'époque (ni aux "
    "chiffres publiés alors)."
)
LIMITE_QPV = (
    "La géographie prioritaire a changé le 1er janvier 2024 (décret 2023-1314 : 6 quartiers, nouveaux "
    "codes) ; avant, géographie 2015 (décret 2014-1750 : 5 quartiers). « En QPV » n'a donc pas le même "
    "contenu avant et après 2024 : chaque année est lue sur la géographie en vigueur, et l'écran le dit."
)
LIMITE_DEMO = "Dans cette installation, les chiffres sont des données de démonstration, inventées, tant que les fichiers officiels ne sont pas importés."

INDICATEURS: list[dict] = [
    {
        "cle": "production-logements",
        "titre": "Production de logements neufs",
        "theme": "Production PLH",
        "page": "pages/production.py",
        "definition": "Nombre de logements neufs autorisés (permis de construire accordés) ou commencés (ouverture de chantier déclarée) dans l'année.",
        "formule": "Taux de réalisation = logements cumulés depuis le début du PLH ÷ (550 × années écoulées, au plus 6). "
                   "Rythme nécessaire = (3 300 − cumul) ÷ années restantes jusqu'à 2020.",
        "source": "Sitadel (SDES), fichier des logements, en date réelle d'autorisation ou de mise en chantier.",
        "millesime": "Une année civile ; les dernières années sont révisées par le SDES pendant environ deux ans.",
        "reference": "PLH 2014-2020, orientation n° 1 « viser la production de 550 logements neufs par an » "
                     "(seed 001, sommaire et fiches de l'orientation 1) ; « 6 ans du PLH » : 3 300 logements.",
        "cible": "550 logements par an ; 3 300 sur le PLH.",
        "limites": [
            "Les permis autorisés ne sont pas tous construits : « commencés » est plus proche de la production réelle.",
            LIMITE_PERIMETRE,
        ],
    },
    {
        "cle": "lls-finances",
        "titre": "Logements locatifs sociaux financés",
        "theme": "Production PLH",
        "page": "pages/production.py",
        "definition": "Logements locatifs sociaux ayant reçu dans l'année un agrément de financement PLUS ou PLA-I (le PLS est suivi à part).",
        "formule": "LLS = PLUS + PLA-I financés ; taux = cumul depuis 2014 ÷ (200 × années écoulées).",
        "source": "Agréments de l'État (DDTM, système de financement du logement social).",
        "millesime": "Année de l'agrément ; la mise en service suit de deux à trois ans (visible dans le RPLS).",
        "reference": "PLH 2014-2020, objectif opérationnel n° 1 « produire et mettre en location 200 logements "
                     "locatifs sociaux par an », action n° 10 ; 140 PLUS et 60 PLA-I (seed 001). PLS limité à "
                     "environ 50 sur la durée du PLH.",
        "cible": "200 par an (140 PLUS + 60 PLA-I) ; 1 200 sur le PLH.",
        "limites": [
            "Un logement financé n'est pas encore un logement livré : comparer avec les mises en service du RPLS.",
            "Une année sans fichier d'agréments est « donnée manquante », jamais zéro.",
        ],
    },
    {
        "cle": "accession-aidee",
        "titre": "Accession aidée à la propriété",
        "theme": "Production PLH",
        "page": "pages/production.py",
        "definition": "Ménages ayant obtenu un prêt à taux zéro (PTZ) pour acheter un logement neuf : c'est la mesure que le PLH retient pour l'accession aidée.",
        "formule": "Taux = PTZ neufs cumulés depuis 2014 ÷ (140 × années écoulées).",
        "source": "Statistiques des PTZ (SGFGAS), transmises à la CU sous forme de tableau.",
        "millesime": "Année d'émission du prêt.",
        "reference": "PLH 2014-2020, objectif opérationnel n° 2 et action n° 13 : « le nombre de Prêts à Taux Zéro "
                     "visé dans le neuf est de 140 par an, soit 25 % de la construction neuve » ; 60 par an en "
                     "moyenne en 2008-2011 (seed 001).",
        "cible": "140 au minimum par an ; 840 sur le PLH.",
        "limites": [
            "Les PTZ sont publiés avec retard : la dernière année est souvent absente (affichée « donnée manquante »).",
            "Le PTZ compte des ménages : sous le niveau de la CU, les petits effectifs sont couverts par le secret statistique.",
        ],
    },
    {
        "cle": "objectif-1",
        "titre": "Objectif légal 1 — hors QPV, 1er quartile",
        "theme": "Attributions",
        "page": "pages/attributions.py",
        "definition": "Part des attributions de logements situés hors QPV, suivies d'un bail signé, qui vont à des "
                      "demandeurs du 1er quartile de ressources ou à des ménages relogés par une opération de "
                      "renouvellement urbain (ANRU / NPNRU).",
        "formule": "attributions hors QPV suivies d'un bail, au 1er quartile ou relogés ANRU ÷ attributions hors QPV suivies d'un bail ; cible ≥ 25 %.",
        "source": "SNE (infocentre) ou exports des bailleurs ; seuil du 1er quartile fixé chaque année par arrêté.",
        "millesime": "Année civile de l'attribution.",
        "reference": "CCH, art. L.441-1 (loi Égalité et Citoyenneté, 2017 ; loi ELAN, 2018) ; rappelé à l'atelier "
                     "DREAL 2018, point 5 « Les objectifs d'attributions fixés par la loi » (seed 004).",
        "cible": "au moins 25 %.",
        "limites": [
            "L'appartenance au 1er quartile repose sur les ressources déclarées par le demandeur : une demande mal renseignée fausse le taux (seed 004).",
            "Depuis la loi ELAN, les anciennes ZUS comptent comme QPV pour cet objectif pendant 6 ans à partir de janvier 2015.",
            LIMITE_QPV,
            "Un drapeau manquant est « non renseigné » : l'attribution sort du calcul et le nombre est affiché.",
        ],
    },
    {
        "cle": "objectif-2",
        "titre": "Objectif légal 2 — en QPV, quartiles 2 à 4",
        "theme": "Attributions",
        "page": "pages/attributions.py",
        "definition": "Part des attributions de logements situés en QPV (propositions, bail signé ou non) qui vont à des demandeurs des 2e, 3e et 4e quartiles.",
        "formule": "attributions en QPV hors 1er quartile ÷ attributions en QPV ; cible ≥ 50 %.",
        "source": "SNE (infocentre) ou exports des bailleurs.",
        "millesime": "Année civile de l'attribution.",
        "reference": "CCH, art. L.441-1 ; minimum de 50 % rendu obligatoire par la loi ELAN (seed 004, point 7).",
        "cible": "au moins 50 %.",
        "limites": [LIMITE_QPV, "Compté sur les attributions, pas sur les baux : un refus après attribution compte."],
    },
    {
        "cle": "objectif-3",
        "titre": "Objectif légal 3 — publics prioritaires, par réservataire",
        "theme": "Attributions",
        "page": "pages/attributions.py",
        "definition": "Pour chaque réservataire (État, Action Logement, collectivités, et le bailleur pour ses logements non réservés), part des attributions qui vont à des ménages reconnus DALO ou, à défaut, aux publics prioritaires de l'article L.441-1.",
        "formule": "attributions à des ménages DALO ou prioritaires ÷ attributions du réservataire ; cible ≥ 25 % pour chacun.",
        "source": "SNE (infocentre), SYPLO pour le contingent préfectoral, exports des bailleurs.",
        "millesime": "Année civile de l'attribution.",
        "reference": "CCH, art. L.441-1 ; « l'effort de relogement repose sur l'ensemble des réservataires » (seed 004, point 5).",
        "cible": "au moins 25 %, pour chaque réservataire.",
        "limites": [
            "Le taux « tous réservataires » résume ; l'obligation se lit réservataire par réservataire.",
            "Le statut de public prioritaire dépend de la saisie dans le SNE.",
        ],
    },
    {
        "cle": "contingent",
        "titre": "Contingent communautaire (gestion en flux)",
        "theme": "Contingent et bilan CIL",
        "page": "pages/contingent.py",
        "definition": "Nombre de logements que chaque bailleur doit attribuer dans l'année à des ménages proposés par la CU, calculé sur les logements qui se libèrent ou sont mis en service.",
        "formule": "Flux annuel = 20 % × (logements mis en location − mutations internes − relogements NPNRU internes − "
                   "relogements LHI − relogements liés aux ventes). Exemple 2024 : 677 → assiette 481 → 96.",
        "source": "Bailleurs (entrées de la gestion en flux) ; parc de référence : dernier RPLS (PLAI, PLUS, PLS).",
        "millesime": "Année de la convention ; le volume est arrêté au premier trimestre.",
        "reference": "Convention de réservation 2024-2026, article 4 « Principe de détermination du volume annuel » "
                     "et annexe 2 (seed 002) ; décret 2020-145 sur la gestion en flux.",
        "cible": "20 % de l'assiette (30 % pour le contingent préfectoral).",
        "limites": ["La règle d'arrondi n'est pas écrite dans la convention : l'observatoire l'affiche à côté du résultat."],
    },
    {
        "cle": "contribution-solidaire",
        "titre": "Contribution solidaire et bilan annuel à la CIL",
        "theme": "Contingent et bilan CIL",
        "page": "pages/bilan_cil.py",
        "definition": "Part des attributions (hors contingent préfectoral) qui vont à des ménages DALO ou prioritaires ; le bilan présenté chaque année à la CIL la donne par commune, avec les attributions du contingent communautaire et les refus.",
        "formule": "ménages DALO ou prioritaires ÷ attributions hors contingent préfectoral ; cible ≥ 1/4, minimum arrondi à l'entier supérieur.",
        "source": "SNE / exports des bailleurs.",
        "millesime": "Année civile.",
        "reference": "Convention de réservation 2024-2026, article 5 (contribution solidaire) et article 11 « Bilan annuel » (seed 002).",
        "cible": "au moins un quart.",
        "limites": ["Sous le niveau de la CU, les petits effectifs sont couverts par le secret statistique."],
    },
    {
        "cle": "parc-social",
        "titre": "Parc locatif social",
        "theme": "Parc social",
        "page": "pages/parc_social.py",
        "definition": "Logements des bailleurs sociaux au 1er janvier, en et hors QPV, par financement, taille, époque et commune.",
        "formule": "Nombre de lignes du répertoire au 1er janvier ; " + parc.FORMULE_POIDS,
        "source": "RPLS (SDES), fichier détaillé au logement.",
        "millesime": "Parc au 1er janvier de l'année du millésime.",
        "reference": "PLH 2014-2020, action n° 52 : faire de l'observatoire l'outil de pilotage de la politique communautaire (seed 001) ; la CUA demande que les données des CUS alimentent l'observatoire (seed 000).",
        "cible": "pas de cible chiffrée de stock : le PLH fixe une production.",
        "limites": [
            "Le fichier public du RPLS ne donne pas l'identité du bailleur, ni le loyer, ni l'occupation : le détail par bailleur demande le fichier restreint, remis aux services de l'État et aux partenaires.",
            LIMITE_PERIMETRE,
        ],
    },
    {
        "cle": "dpe-efg",
        "titre": "Part des logements classés E, F ou G",
        "theme": "Parc social",
        "page": "pages/parc_social.py",
        "definition": "Part des logements sociaux dont l'étiquette énergie du DPE est E, F ou G : les logements à rénover en priorité.",
        "formule": "logements classés E, F ou G ÷ tous les logements du parc (ceux sans DPE restent au dénominateur).",
        "source": "RPLS (SDES), champ DPEENERGIE.",
        "millesime": "Parc au 1er janvier.",
        "reference": "Note de la CUA aux bailleurs pour les CUS : « engager prioritairement la rénovation énergétique des bâtiments en classe E, F, G en vue d'atteindre a minima la classe C » (seed 000, volet énergie) ; CRH 2012, indicateurs C3/C4 (seed 003).",
        "cible": "pas de cible chiffrée : une priorité de rénovation ; objectif de sortie en classe C (< 150 kWhEP/m²/an).",
        "limites": ["Environ 12 % des logements n'ont pas de DPE au niveau national : ils comptent au dénominateur, pas au numérateur.",
                    "Le DPE a changé de méthode en juillet 2021 : les étiquettes avant et après ne sont pas strictement comparables."],
    },
    {
        "cle": "vacance-mobilite-loyer",
        "titre": "Vacance, mobilité et loyer moyen",
        "theme": "Parc social",
        "page": "pages/parc_social.py",
        "definition": "Les trois indicateurs officiels des publications régionales du RPLS.",
        "formule": " ".join([parc.FORMULE_VACANCE, parc.FORMULE_MOBILITE, parc.FORMULE_LOYER]),
        "source": "RPLS (SDES), fichier restreint (MODE, BAIL, LOYERPRINC).",
        "millesime": "Parc au 1er janvier ; la mobilité porte sur l'année précédente.",
        "reference": "Définitions du SDES reprises par les publications régionales du RPLS.",
        "cible": "pas de cible chiffrée.",
        "limites": ["Ces champs ne sont pas dans le fichier public du RPLS."],
    },
    {
        "cle": "occupation",
        "titre": "Occupation du parc social",
        "theme": "Occupation",
        "page": "pages/occupation.py",
        "definition": "Profil des ménages logés : ressources par rapport aux plafonds PLUS, bénéficiaires de l'APL, composition familiale, âge du titulaire, emménagés récents ; en QPV et hors QPV.",
        "formule": "part = ménages de la catégorie ÷ ménages enquêtés.",
        "source": "Enquête sur l'occupation du parc social (OPS), GIP SNE, agrégats communaux.",
        "millesime": "Enquête tous les deux ans (2012 … 2022).",
        "reference": "PLH 2014-2020, action n° 31 (peuplement : % APL, ménages sous 60 % des plafonds, par commune, QPV / hors QPV) (seed 001) ; sources présentées à l'atelier DREAL 2018 (seed 004).",
        "cible": "pas de cible chiffrée.",
        "limites": ["Aucun groupe de moins de 11 ménages n'est affiché (secret statistique), ni les cases qui permettraient de le retrouver."],
    },
]

PAR_CLE = {i["cle"]: i for i in INDICATEURS}

LIMITES_GENERALES: list[tuple[str, str]] = [
    ("Géographie prioritaire 2024", LIMITE_QPV),
    ("Périmètre de la CU", LIMITE_PERIMETRE),
    ("RPLS public sans bailleur", "Le fichier public du RPLS ne contient ni l'identité du bailleur, ni le loyer, ni l'occupation. Les vues par bailleur demandent le fichier restreint, et le rôle « analyste » dans l'observatoire."),
    ("Retard des PTZ", "Les statistiques de PTZ arrivent avec un an de retard ou plus : la dernière année de l'accession aidée est souvent manquante."),
    ("Secret statistique", "Sous le niveau de la CU (commune, bailleur, QPV), un effectif de moins de 11 ménages est remplacé par « secret statistique », ainsi que les cases qui permettraient de le retrouver par soustraction. Le masquage est fait sur le serveur, avant l'affichage."),
    ("Données de démonstration", LIMITE_DEMO),
]

# From ../shared/domain/glossaire.md, written for the observatory's readers.
GLOSSAIRE: list[tuple[str, str]] = [
    ("1er quartile", "Les 25 % de demandeurs de logement social aux ressources les plus faibles. Le seuil (en euros par an et par unité de consommation) est fixé chaque année pour la CU par arrêté ; on le compare aux ressources que le demandeur a déclarées."),
    ("Attribution / bail signé", "Une attribution est la décision d'une commission (CAL) d'attribuer un logement à un ménage ; le bail signé est le contrat qui suit, quand le ménage accepte."),
    ("Béguinage", "Petit ensemble de 10 à 20 logements pour personnes âgées autonomes, autour d'un jardin commun."),
    ("CAL / CALEOL", "Commission d'attribution des logements (et d'examen de l'occupation des logements), tenue par chaque bailleur."),
    ("CIA", "Convention intercommunale d'attribution : les engagements des partenaires sur les attributions."),
    ("CIL", "Conférence intercommunale du logement : l'instance de la CU qui fixe les orientations d'attribution et reçoit chaque année le bilan."),
    ("Contingent / réservataire", "Un réservataire (État, CU et communes, Action Logement) a le droit de proposer des ménages pour une part des logements ; le bailleur garde le reste (parc non réservé)."),
    ("Contribution solidaire", "La part des attributions de la CU qui va aux ménages prioritaires : au moins un quart."),
    ("CUS", "Convention d'utilité sociale, signée entre l'État et chaque bailleur social."),
    ("DALO", "Droit au logement opposable : les ménages reconnus DALO sont les premiers des publics prioritaires."),
    ("DPE", "Diagnostic de performance énergétique, de A (sobre) à G (énergivore). Les classes E, F et G sont à rénover en priorité ; la classe C correspond à moins de 150 kWh d'énergie primaire par m² et par an."),
    ("Gestion en flux", "Les droits des réservataires portent sur une part des logements qui se libèrent chaque année, et non plus sur des logements désignés une fois pour toutes."),
    ("LHI", "Lutte contre l'habitat indigne : relogement des occupants d'un logement interdit à l'habitation."),
    ("Logement autorisé / commencé", "Autorisé : le permis de construire est accordé. Commencé : le chantier est ouvert (source Sitadel)."),
    ("LLS", "Logement locatif social."),
    ("Mutation", "Un locataire qui change de logement chez le même bailleur."),
    ("NPNRU / ANRU", "Nouveau programme national de renouvellement urbain, et l'agence nationale qui le conduit."),
    ("OPS", "Enquête sur l'occupation du parc social, tous les deux ans : qui habite les logements sociaux."),
    ("PLAI (PLA-I)", "Prêt locatif aidé d'intégration : le financement le plus social, pour les loyers les plus bas et les ménages les plus modestes."),
    ("PLH", "Programme local de l'habitat : le programme de la CU pour six ans, avec des objectifs de production de logements."),
    ("PLS", "Prêt locatif social : logements sociaux aux loyers les plus hauts, pour des ménages aux revenus intermédiaires."),
    ("PLUS", "Prêt locatif à usage social : le financement ordinaire du logement social."),
    ("PSLA", "Prêt social location-accession : le ménage loue d'abord, puis peut acheter."),
    ("PTZ", "Prêt à taux zéro pour un premier achat, sous conditions de ressources : le PLH s'en sert pour mesurer l'accession aidée."),
    ("Publics prioritaires (L.441-1)", "Les catégories de ménages que l'article L.441-1 du code de la construction et de l'habitation désigne comme prioritaires pour un logement social."),
    ("QPV", "Quartier prioritaire de la politique de la ville. Liste de 2015, puis nouvelle liste au 1er janvier 2024."),
    ("RPLS", "Répertoire des logements locatifs des bailleurs sociaux : tous les logements sociaux au 1er janvier de chaque année."),
    ("Secret statistique", "Règle qui cache les chiffres portant sur trop peu de ménages (moins de 11), pour qu'on ne puisse pas les reconnaître."),
    ("SNE", "Système national d'enregistrement des demandes de logement social."),
    ("SYPLO", "Outil de l'État qui recense les ménages prioritaires pour le contingent préfectoral."),
    ("Taux de vacance / de mobilité", "Vacance : part des logements vides depuis plus de trois mois. Mobilité : part des logements qui ont changé de locataire dans l'année."),
    ("ZUS", "Zone urbaine sensible : la géographie prioritaire d'avant les QPV."),
]


def lien(cle: str) -> str:
    """Relative URL of an indicator's entry on the Méthode page (for markdown links)."""
    if cle not in PAR_CLE:
        raise KeyError(cle)
    return f"{URL_PAGE}#{cle}"
