"""The Méthode page's content: each indicator's entry is generated from the indicator catalogue
(observatoire.indicateurs.catalogue), so a definition cannot drift from what the screens compute; plus the
known limits of the data and a glossary. Any page can link to an entry with `lien(cle)` (the
page anchor is the catalogue key).
"""

from __future__ import annotations

from observatoire.indicateurs import catalogue

URL_PAGE = "methode"

LIMITE_PERIMETRE = catalogue.LIMITE_PERIMETRE
LIMITE_QPV = catalogue.LIMITE_QPV
LIMITE_DEMO = "Dans cette installation, les chiffres sont des données de démonstration, inventées, tant que les fichiers officiels ne sont pas importés."


def entree(ind: catalogue.Indicateur) -> dict:
    """One Méthode entry, every field read from the catalogue."""
    return {
        "cle": ind.cle,
        "titre": ind.titre,
        "theme": ind.theme,
        "page": ind.page,
        "definition": ind.definition,
        "formule": ind.formule,
        "numerateur": ind.numerateur,
        "denominateur": ind.denominateur or "sans objet (un effectif)",
        "cible": ind.texte_cible,
        "source": ind.source[0].upper() + ind.source[1:],
        "millesime": ind.millesime,
        "reference": ind.reference,
        "secret": catalogue.REGLES_SECRET[ind.regle_secret],
        "limites": list(ind.limites),
    }


INDICATEURS: list[dict] = [
    entree(i) for i in sorted(catalogue.INDICATEURS.values(), key=lambda i: catalogue.THEMES.index(i.theme))
]
PAR_CLE = {i["cle"]: i for i in INDICATEURS}

STATUTS = [
    (
        catalogue.ATTEINT,
        "la période est terminée (une année écoulée, un PLH achevé) et la cible est atteinte ou dépassée.",
    ),
    (catalogue.NON_ATTEINT, "la période est terminée et la cible n'est pas atteinte."),
    (
        catalogue.EN_AVANCE,
        "la période est en cours et le réalisé dépasse ce que le rythme de la cible attend à ce jour.",
    ),
    (catalogue.EN_RETARD, "la période est en cours et le réalisé est en dessous du rythme attendu à ce jour."),
    (
        catalogue.SECRET,
        "le chiffre porterait sur trop peu de ménages ou de logements, ou permettrait d'en retrouver un autre.",
    ),
    (catalogue.MANQUANT, "la source n'a pas été chargée pour cette année ou ce territoire (jamais lu comme zéro)."),
    (catalogue.SANS_OBJET, "rien à mesurer : aucune attribution dans le champ de l'objectif, aucun logement."),
    (catalogue.SANS_CIBLE, "les textes ne fixent pas de cible chiffrée pour cet indicateur."),
]

SECRET_EXPLICATION = (
    "Les attributions, l'occupation (OPS) et les champs du RPLS restreint (loyer, occupation, dates de bail, bailleur) "
    "décrivent des ménages. Sous le niveau de la CU, l'observatoire applique une seule règle, sur le serveur, avant tout "
    "affichage et tout export (tableaux, graphiques, carte, fiche, diaporama, bilan, CSV, XLSX, HTML) : "
    "(1) un effectif de moins de 11 ménages ou logements est remplacé par « secret statistique » ; un taux aussi, quand "
    "son numérateur, son dénominateur ou leur différence est sous ce seuil ; "
    "(2) dans un tableau dont le total est affiché, une deuxième case est masquée pour que la première ne se retrouve pas "
    "par soustraction ; le masquage est calculé une fois sur toutes les communes, et une commune masquée l'est sur toutes "
    "les pages ; (3) le total d'une sélection de communes n'est affiché que si c'est toute la CU ou si aucune de ses "
    "communes n'est masquée : sinon « toute la CU moins la sélection » rendrait la case cachée. "
    "Exemple : 11 attributions sur 16 au public visé passent le seuil, mais les 5 autres ménages se liraient par "
    "différence : le taux est masqué. Le rôle « analyste » donne le détail par bailleur, pas les cases sous le seuil. "
    "Le seuil (11 par défaut) se règle par la variable OBSERVATOIRE_SEUIL_SECRET. "
    "Les tableaux qui partagent des comptes se protègent ensemble : une commune masquée dans les objectifs légaux "
    "l'est aussi dans le bilan de la CIL, et une commune masquée dans le bilan l'est aussi dans les objectifs, sur "
    "toutes les pages. La répartition du parc par bailleur (le bailleur vient du fichier restreint) cache un bailleur "
    "qui compte moins de 11 logements dans la sélection, dans le reste de la CU ou dans l'une des communes choisies. Avec un filtre de communes, les détails par bailleur et par réservataire "
    "sont donnés pour toute la CU : croisés avec une sélection, deux sélections rendraient le chiffre d'un bailleur "
    "dans une commune. Avec un filtre bailleur, une case est masquée aussi quand les autres bailleurs de la même "
    "commune sont sous le seuil."
)

LIMITES_GENERALES: list[tuple[str, str]] = [
    ("Géographie prioritaire 2024", LIMITE_QPV),
    ("Périmètre de la CU", LIMITE_PERIMETRE),
    (
        "RPLS public sans bailleur",
        "Le fichier public du RPLS ne contient ni l'identité du bailleur, ni le loyer, ni l'occupation. Les vues par bailleur demandent le fichier restreint, et le rôle « analyste » dans l'observatoire.",
    ),
    (
        "Retard des PTZ",
        "Les statistiques de PTZ arrivent avec un an de retard ou plus : la dernière année de l'accession aidée est souvent manquante.",
    ),
    ("Secret statistique", SECRET_EXPLICATION),
    ("Données de démonstration", LIMITE_DEMO),
]

# From ../shared/domain/glossaire.md, written for the observatory's readers.
GLOSSAIRE: list[tuple[str, str]] = [
    (
        "1er quartile",
        "Les 25 % de demandeurs de logement social aux ressources les plus faibles. Le seuil (en euros par an et par unité de consommation) est fixé chaque année pour la CU par arrêté ; on le compare aux ressources que le demandeur a déclarées.",
    ),
    (
        "Attribution / bail signé",
        "Une attribution est la décision d'une commission (CAL) d'attribuer un logement à un ménage ; le bail signé est le contrat qui suit, quand le ménage accepte.",
    ),
    ("Béguinage", "Petit ensemble de 10 à 20 logements pour personnes âgées autonomes, autour d'un jardin commun."),
    (
        "CAL / CALEOL",
        "Commission d'attribution des logements (et d'examen de l'occupation des logements), tenue par chaque bailleur.",
    ),
    ("CIA", "Convention intercommunale d'attribution : les engagements des partenaires sur les attributions."),
    (
        "CIL",
        "Conférence intercommunale du logement : l'instance de la CU qui fixe les orientations d'attribution et reçoit chaque année le bilan.",
    ),
    (
        "Contingent / réservataire",
        "Un réservataire (État, CU et communes, Action Logement) a le droit de proposer des ménages pour une part des logements ; le bailleur garde le reste (parc non réservé).",
    ),
    (
        "Contribution solidaire",
        "La part des attributions de la CU qui va aux ménages prioritaires : au moins un quart.",
    ),
    ("CUS", "Convention d'utilité sociale, signée entre l'État et chaque bailleur social."),
    ("DALO", "Droit au logement opposable : les ménages reconnus DALO sont les premiers des publics prioritaires."),
    (
        "DPE",
        "Diagnostic de performance énergétique, de A (sobre) à G (énergivore). Les classes E, F et G sont à rénover en priorité ; la classe C correspond à moins de 150 kWh d'énergie primaire par m² et par an.",
    ),
    (
        "Gestion en flux",
        "Les droits des réservataires portent sur une part des logements qui se libèrent chaque année, et non plus sur des logements désignés une fois pour toutes.",
    ),
    ("LHI", "Lutte contre l'habitat indigne : relogement des occupants d'un logement interdit à l'habitation."),
    (
        "Logement autorisé / commencé",
        "Autorisé : le permis de construire est accordé. Commencé : le chantier est ouvert (source Sitadel).",
    ),
    ("LLS", "Logement locatif social."),
    ("Mutation", "Un locataire qui change de logement chez le même bailleur."),
    ("NPNRU / ANRU", "Nouveau programme national de renouvellement urbain, et l'agence nationale qui le conduit."),
    ("OPS", "Enquête sur l'occupation du parc social, tous les deux ans : qui habite les logements sociaux."),
    (
        "PLAI (PLA-I)",
        "Prêt locatif aidé d'intégration : le financement le plus social, pour les loyers les plus bas et les ménages les plus modestes.",
    ),
    (
        "PLH",
        "Programme local de l'habitat : le programme de la CU pour six ans, avec des objectifs de production de logements.",
    ),
    (
        "PLS",
        "Prêt locatif social : logements sociaux aux loyers les plus hauts, pour des ménages aux revenus intermédiaires.",
    ),
    ("PLUS", "Prêt locatif à usage social : le financement ordinaire du logement social."),
    ("PSLA", "Prêt social location-accession : le ménage loue d'abord, puis peut acheter."),
    (
        "PTZ",
        "Prêt à taux zéro pour un premier achat, sous conditions de ressources : le PLH s'en sert pour mesurer l'accession aidée.",
    ),
    (
        "Publics prioritaires (L.441-1)",
        "Les catégories de ménages que l'article L.441-1 du code de la construction et de l'habitation désigne comme prioritaires pour un logement social.",
    ),
    (
        "QPV",
        "Quartier prioritaire de la politique de la ville. Liste de 2015, puis nouvelle liste au 1er janvier 2024.",
    ),
    (
        "RPLS",
        "Répertoire des logements locatifs des bailleurs sociaux : tous les logements sociaux au 1er janvier de chaque année.",
    ),
    (
        "Secret statistique",
        "Règle qui cache les chiffres portant sur trop peu de ménages (moins de 11), pour qu'on ne puisse pas les reconnaître.",
    ),
    ("SNE", "Système national d'enregistrement des demandes de logement social."),
    ("SYPLO", "Outil de l'État qui recense les ménages prioritaires pour le contingent préfectoral."),
    (
        "Taux de vacance / de mobilité",
        "Taux de vacance de plus de 3 mois : part des logements proposés à la location qui sont vacants (sans locataire) depuis plus de trois mois. Un logement « vide » (hors location : travaux, vente, démolition) n'est pas un logement vacant et n'entre pas dans le calcul. Mobilité : part des logements qui ont changé de locataire dans l'année.",
    ),
    (
        "Vacant / vide",
        "Deux états différents du RPLS : « vacant » (MODE 2) = proposé à la location, sans locataire ; « vide » (MODE 3) = retiré de la location (travaux, vente, démolition).",
    ),
    ("ZUS", "Zone urbaine sensible : la géographie prioritaire d'avant les QPV."),
]


def lien(cle: str) -> str:
    """Relative URL of an indicator's entry on the Méthode page (for markdown links)."""
    if cle not in PAR_CLE:
        raise KeyError(cle)
    return f"{URL_PAGE}#{cle}"
