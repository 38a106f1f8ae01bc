"""The published layouts of the official files, with their exact headers (domain formats.md,
« What the published files really look like »), and the detection that names them.

A layout (« disposition ») is one way a producer has published one kind of file: the RPLS detailed
file of the DiDo 2024-2025 vintages, the 2023 one, its data.gouv.fr copy with descriptive headers,
the « version loi »… Detection compares a header with every layout: the one whose signature
columns are all there wins; a header matching none gets a message naming the closest layout and
the columns that differ, so the user sees at once « this is a 2023 file missing PLG_QP ».
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def cle_colonne(nom: str) -> str:
    """Header cells compared without case, accents, BOM, quotes or repeated spaces."""
    t = unicodedata.normalize("NFKD", str(nom).strip().lstrip("\ufeff").strip('"'))
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", t).strip()


@dataclass(frozen=True)
class Disposition:
    cle: str
    type: str  # the importer type it feeds
    libelle: str  # French, shown in the preview and in messages
    colonnes: tuple[str, ...]  # the published header
    signature: tuple[tuple[str, ...], ...]  # each tuple: one of these columns must be present
    exclues: tuple[str, ...] = ()  # columns that would mean another layout

    def reconnait(self, cles: set[str]) -> bool:
        if any(cle_colonne(c) in cles for c in self.exclues):
            return False
        return all(any(cle_colonne(c) in cles for c in groupe) for groupe in self.signature)

    def score(self, cles: set[str]) -> float:
        """Share of the layout's columns found, minus a little for foreign columns (Jaccard)."""
        miennes = {cle_colonne(c) for c in self.colonnes}
        return len(miennes & cles) / len(miennes | cles) if miennes | cles else 0.0


def _mots(texte: str) -> tuple[str, ...]:
    return tuple(texte.split())


RPLS_DIDO_2024 = _mots("""
REG_CODE REG_LIBELLE DEP_CODE DEP_LIBELLE EPCI_CODE EPCI_LIBELLE DEPCOM CODEPOSTAL LIBCOM NUMVOIE
INDREP TYPVOIE NOMVOIE ETAGE COMPLGEO LIEUDIT QPV_CODE QPV_LIBELLE DROIT_CODE DROIT_LIBELLE
TYPECONST_CODE TYPECONST_LIBELLE NBPIECE SURFHAB CONSTRUCT LOCAT PATRIMOINE ORIGINE FINAN_CODE
FINAN_LIBELLE FINANAUTRE CONV NUMCONV DATCONV NEWLOGT_CODE NEWLOGT_LIBELLE CUS DPEDATE DPEENERGIE
DPESERRE SRU_EXPIR SRU_ALINEA CODSEGPATRIM LIBSEGPATRIM PMR_CODE PMR_LIBELLE PLG_VOIE EPSG X Y
PLG_QP24 PLG_QP15 PLG_IRIS2024_CODE PLG_IRIS2024_LIBELLE PLG_ZUS PLG_QVA QUALITE_VOIE
QUALITE_NUMERO QUALITE_XY DISTANCE_PRECISION QUALITE_QP24 QUALITE_QP15 QUALITE_IRIS QUALITE_ZUS
QUALITE_QVA COMAQP COMAZUS UU2020 AAV2020 ZE2020
""")

# The 2023 vintage: the commune still in DEPCOM_CODE, the QPV geocoded in the 2015 geography.
RPLS_DIDO_2023 = tuple(
    "DEPCOM_CODE" if c == "DEPCOM" else c
    for c in RPLS_DIDO_2024
    if c not in ("PLG_QP24", "PLG_QP15", "PLG_IRIS2024_CODE", "PLG_IRIS2024_LIBELLE", "QUALITE_QP24", "QUALITE_QP15")
) + ("PLG_QP", "PLG_IRIS2022_CODE", "PLG_ZFU", "QUALITE_QP", "COMIRIS")

# data.gouv.fr copy of the DiDo file: descriptive headers (« Libéllé Commune »: the source's typo).
RPLS_DATAGOUV = (
    "Région - Code de la zone",
    "Département - Code de la zone",
    "EPCI - Code de la zone",
    "Code Commune",
    "Code Postal",
    "Libéllé Commune",
    "Numéro de voie",
    "Type de voie",
    "Nom de voie",
    "Etage",
    "Situation en QPV - Code",
    "Code QPV 2024",
    "Code QPV 2015",
    "Type de construction - Code",
    "Type de construction - Libellé",
    "Nombre de pièces",
    "Surface habitable",
    "Année de construction",
    "Année de première mise en location",
    "Financement initial - Code",
    "Financement initial - Libellé",
    "Etiquette DPE Energie",
    "Etiquette DPE GES",
    "Date du DPE",
    "Code IRIS - Code de la zone",
    "Coordonnée X",
    "Coordonnée Y",
)

RPLS_AVANT_DIDO = _mots("""
DEPCOM LIBCOM CODEPOSTAL NUMVOIE INDREP TYPVOIE NOMVOIE ETAGE QPV TYPECONST NBPIECE SURFHAB
CONSTRUCT LOCAT PATRIMOINE ORIGINE FINAN FINANAUTRE CONV DATCONV NEWLOGT DPEDATE DPEENERGIE DPESERRE
""")

# « Version loi » (restricted) file that the DREAL gives EPCIs with a PLH: the public columns plus
# the landlord, occupation, lease and rent, some suffixed `_red` (corrected).
RPLS_LOI = RPLS_AVANT_DIDO + _mots("""
RS SIRET IDENT_ORG CAT_ORG MODE BAIL REMLOCDATE LOYERPRINC SORTIEPATRIM CONTRESLOG DUREE_VACANCE
""")
RPLS_CHAMPS_LOI = (
    "MODE",
    "MODE_red",
    "LOYERPRINC",
    "loyerprinc_red",
    "BAIL",
    "bail_red",
    "RS",
    "CONTRESLOG",
    "duree_vacance",
)

RPLS_COMMUNES = _mots("""
DEPCOM_ARM LIBCOM LIBCOM_DEP REG DEP nb_ls nb_lgt_tot nb_loues nb_vacants nb_vides nb_asso
nb_occup_finan nb_occup_temp nb_ls_en_qpv tx_vac tx_vac3 tx_mob densite loymoy
""")

SITADEL_PERMIS = _mots("""
REG DEP COMM Type_DAU Num_DAU Etat_DAU DATE_REELLE_AUTORISATION DATE_REELLE_DOC DATE_REELLE_DAACT
CAT_DEM NB_LGT_TOT_CREES NB_LGT_IND_CREES NB_LGT_COL_CREES NB_LGT_PRET_LOC_SOCIAL
NB_LGT_ACC_SOC_HORS_PTZ NB_LGT_PTZ SURF_HAB_CREEE
""")
SITADEL_MENSUEL = _mots("ANNEE MOIS CODE_INSEE TYPE_LGT LOG_AUT LOG_COM SDP_AUT SDP_COM")
SITADEL_ANNUEL = _mots("ANNEE COMM TYPE_LGT LOG_AUT LOG_COM SDP_AUT SDP_COM")

QPV_LISTE_2024 = _mots("code_qp lib_qp insee_reg lib_reg insee_dep lib_dep insee_com lib_com siren_epci lib_epci")
QPV_LISTE_2015 = _mots("CODE_QP NOM_QP COMMUNE_QP")

PTZ_SGFGAS = _mots("an type region dept epci cins zoco pm2 durt vtpz vtpr dtpp vtpp txno nbsmic")


DISPOSITIONS: dict[str, Disposition] = {
    d.cle: d
    for d in [
        Disposition(
            "rpls_dido_2024",
            "rpls",
            "RPLS détaillé au logement, DiDo millésimes 2024-2025",
            RPLS_DIDO_2024,
            (("PLG_QP24", "PLG_QP15"), ("DEPCOM", "DEPCOM_CODE")),
        ),
        Disposition(
            "rpls_dido_2023",
            "rpls",
            "RPLS détaillé au logement, DiDo millésime 2023",
            RPLS_DIDO_2023,
            (("PLG_QP",), ("DEPCOM", "DEPCOM_CODE")),
            exclues=("PLG_QP24",),
        ),
        Disposition(
            "rpls_datagouv",
            "rpls",
            "RPLS détaillé au logement, copie data.gouv.fr (en-têtes en clair)",
            RPLS_DATAGOUV,
            (("Code Commune",), ("Surface habitable",)),
        ),
        Disposition(
            "rpls_loi",
            "rpls",
            "RPLS détaillé au logement, « version loi » (fichier restreint)",
            RPLS_LOI,
            (("DEPCOM", "DEPCOM_CODE"), ("MODE", "MODE_red", "LOYERPRINC", "loyerprinc_red")),
        ),
        Disposition(
            "rpls_avant_dido",
            "rpls",
            "RPLS détaillé au logement, fichier régional avant DiDo (2017-2022)",
            RPLS_AVANT_DIDO,
            (("DEPCOM", "DEPCOM_CODE"), ("FINAN", "FINAN_CODE"), ("SURFHAB",)),
        ),
        Disposition(
            "rpls_communes",
            "rpls_communes",
            "RPLS, résultats par commune (classeur, en-tête ligne 6)",
            RPLS_COMMUNES,
            (("DEPCOM_ARM", "DEPCOM"), ("nb_ls",)),
        ),
        Disposition(
            "sitadel_permis",
            "sitadel",
            "Sitadel, liste des autorisations créant des logements (une ligne par permis)",
            SITADEL_PERMIS,
            (("DATE_REELLE_AUTORISATION",), ("NB_LGT_TOT_CREES",)),
        ),
        Disposition(
            "sitadel_mensuel",
            "sitadel",
            "Sitadel, logements autorisés et commencés par commune, mensuel",
            SITADEL_MENSUEL,
            (("MOIS",), ("CODE_INSEE",), ("LOG_AUT",)),
        ),
        Disposition(
            "sitadel_annuel",
            "sitadel",
            "Sitadel, logements autorisés et commencés par commune, annuel",
            SITADEL_ANNUEL,
            (("ANNEE",), ("COMM",), ("LOG_AUT",)),
            exclues=("MOIS",),
        ),
        Disposition(
            "qpv_liste_2024",
            "qpv",
            "Liste des QPV 2024 (data.gouv.fr)",
            QPV_LISTE_2024,
            (("code_qp",), ("insee_com",)),
            exclues=("geometry",),
        ),
        Disposition("qpv_liste_2015", "qpv", "Liste des QPV 2015", QPV_LISTE_2015, (("CODE_QP",), ("COMMUNE_QP",))),
        Disposition(
            "ptz_sgfgas",
            "ptz",
            "Base des prêts à taux zéro (SGFGAS), une ligne par prêt",
            PTZ_SGFGAS,
            (("an",), ("type",), ("cins",)),
        ),
    ]
}


def reconnaitre(entete, type_: str | None = None) -> Disposition | None:
    """The layout a header belongs to (of `type_` if given), or None."""
    cles = {cle_colonne(c) for c in entete}
    candidates = [d for d in DISPOSITIONS.values() if (type_ is None or d.type == type_) and d.reconnait(cles)]
    return max(candidates, key=lambda d: d.score(cles)) if candidates else None


def plus_proche(entete, type_: str | None = None) -> tuple[Disposition, list[str], list[str]]:
    """The closest layout (of `type_` if given): (layout, its columns missing, columns not in it)."""
    cles = {cle_colonne(c) for c in entete}
    d = max((d for d in DISPOSITIONS.values() if type_ is None or d.type == type_), key=lambda d: d.score(cles))
    miennes = {cle_colonne(c) for c in d.colonnes}
    manquantes = [c for c in d.colonnes if cle_colonne(c) not in cles]
    en_trop = [str(c).strip().lstrip("\ufeff") for c in entete if cle_colonne(c) not in miennes and str(c).strip()]
    return d, manquantes, en_trop


def _liste(noms: list[str], maximum: int = 12) -> str:
    return ", ".join(noms[:maximum]) + (f" (et {len(noms) - maximum} autre(s))" if len(noms) > maximum else "")


def message_aucune(nom: str, entete, type_: str | None, quoi: str, prefixe: str = "") -> str:
    """One sentence: « <file>, ligne 1 (en-tête) : [prefixe ;] no known layout of <kind>; the
    closest is …, its columns missing …, the file's columns it does not have … »."""
    d, manquantes, en_trop = plus_proche(entete, type_)
    texte = (
        f"{nom}, ligne 1 (en-tête) : "
        + (f"{prefixe} ; " if prefixe else "")
        + f"l'en-tête ne correspond à aucune disposition publiée connue de {quoi} ; la plus proche est "
        f"« {d.libelle} »"
    )
    if manquantes:
        texte += f" — colonnes de cette disposition absentes du fichier : {_liste(manquantes)}"
    if en_trop:
        texte += f" — colonnes du fichier qu'elle n'a pas : {_liste(en_trop)}"
    return texte + " (voir docs/modeles.md)."
