"""Read source files (official extracts and documented templates) into tables of the schema.

Two layers:

- `Controle` checks the columns of a raw, all-text table and *collects* rejections (`Rejet`:
  line, column, value, what was wrong, what was expected) instead of stopping at the first one.
  The `*_depuis_brut` functions turn a raw table of one kind into the rows of its target table
  with that checker. The importer (observatoire/chargement/importer.py) shows the rejections in its preview.
- The `lire_*` functions (used by the build to load the demo) read a CSV and call the same
  conversion, but refuse the file at the first rejection (`ErreurSource`).

Codes stay strings; booleans are True / False / None (None = « non renseigné »). Every message
is French and names file, line, column and what was expected.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from observatoire.base.ecriture import COLONNES_FLUX

# Column names drift between RPLS vintages: older files drop the `_CODE` suffix, 2025 renames
# DEPCOM_CODE back to DEPCOM, the 2023 DiDo vintage geocodes the QPV of the 2015 geography as
# `PLG_QP`, some extracts spell the labels LIBREG / LIBDEP / LIBEPCI. We map every known spelling
# onto one canonical name.
RPLS_SYNONYMES = {
    "DEPCOM_CODE": "DEPCOM",
    "QPV": "QPV_CODE",
    "FINAN": "FINAN_CODE",
    "TYPECONST": "TYPECONST_CODE",
    "NEWLOGT": "NEWLOGT_CODE",
    "LIBCOM": "DEPCOM_LIBELLE",
    "ID_LOGEMENT": "id_logement",
    "DUREE_VACANCE": "duree_vacance",
    "PLG_QP": "PLG_QP15",  # DiDo 2023: the 2015 geography, the one in force on 1 January 2023
    "LIBREG": "REG_LIBELLE",
    "LIBDEP": "DEP_LIBELLE",
    "LIBEPCI": "EPCI_LIBELLE",
}

# The data.gouv.fr copy of the DiDo file spells its headers out (keys: cle_colonne, i.e. lower
# case without accents; « Libéllé Commune » is the source's own typo).
RPLS_EN_CLAIR = {
    "code commune": "DEPCOM",
    "libelle commune": "DEPCOM_LIBELLE",
    "region - code de la zone": "REG_CODE",
    "departement - code de la zone": "DEP_CODE",
    "epci - code de la zone": "EPCI_CODE",
    "situation en qpv - code": "QPV_CODE",
    "code qpv 2024": "PLG_QP24",
    "code qpv 2015": "PLG_QP15",
    "type de construction - code": "TYPECONST_CODE",
    "type de construction - libelle": "TYPECONST_LIBELLE",
    "nombre de pieces": "NBPIECE",
    "surface habitable": "SURFHAB",
    "annee de construction": "CONSTRUCT",
    "annee de premiere mise en location": "LOCAT",
    "financement initial - code": "FINAN_CODE",
    "financement initial - libelle": "FINAN_LIBELLE",
    "nouveau logement - code": "NEWLOGT_CODE",
    "etiquette dpe energie": "DPEENERGIE",
    "etiquette dpe ges": "DPESERRE",
    "date du dpe": "DPEDATE",
}

# Columns only the restricted « version loi » file has: their presence makes a vintage « loi »,
# their absence « public » (then vacancy, mobility and rent cannot be computed).
RPLS_CHAMPS_LOI = ["MODE", "LOYERPRINC", "BAIL", "CONTRESLOG", "duree_vacance"]

RPLS_OBLIGATOIRES = ["DEPCOM", "QPV_CODE", "FINAN_CODE", "TYPECONST_CODE", "NBPIECE", "SURFHAB"]
RPLS_RESTREINT = ["RS", "MODE", "BAIL", "LOYERPRINC", "CONTRESLOG", "duree_vacance"]

# formats.md: 10-11 → PLAI ; 12-13 → PLUS ; 14 → PLS ; HLM before 1977 (50-55, 99) counted with PLUS
FINANCEMENT = {
    "10": "PLAI",
    "11": "PLAI",
    "12": "PLUS",
    "13": "PLUS",
    "50": "PLUS",
    "51": "PLUS",
    "52": "PLUS",
    "53": "PLUS",
    "54": "PLUS",
    "55": "PLUS",
    "99": "PLUS",
    "14": "PLS",
}
# Every FINAN_CODE the SDES documents (formats.md); 15, 16, 17, 49 are « Autre ».
FINAN_CODES = set(FINANCEMENT) | {"15", "16", "17", "49"}
DPE_SANS = {"NC", "NR", "ND", "N/A", "NON RENSEIGNE", "NON CONCERNE", "SANS", "SANS DPE", "-", "0"}

VRAI = {"oui", "o", "1", "true", "vrai", "x", "y", "yes"}
FAUX = {"non", "n", "0", "false", "faux", "no"}

ANNEE_MIN = 1800  # a year before this in a dwelling or attribution file is a typo
ENTIER_MAX = 2_147_483_647  # INTEGER columns of the base: a larger count is a typo or an attack (1e30)
DECIMAL_MAX = 1e12  # no amount, surface or rate of the observatory comes near it (1e308 is refused)
SEUIL_MIN, SEUIL_MAX = 1000, 100000  # 1st-quartile threshold, €/an/UC (arrêtés: ≈ 7 000 to 11 000)


class ErreurSource(ValueError):
    """A refusal the user reads: file, line/column and what was expected, in French."""


# ---------------------------------------------------------------- rejections and checks


@dataclass(frozen=True)
class Rejet:
    """One rejected line: where, which value, what was wrong, what was expected."""

    ligne: int
    colonne: str
    valeur: str
    motif: str
    attendu: str

    def message(self, fichier: str) -> str:
        valeur = f"« {self.valeur} »" if self.valeur != "" else "la case vide"
        return f"{fichier}, ligne {self.ligne}, colonne « {self.colonne} » : {valeur} {self.motif} ; attendu {self.attendu}."


def sans_accents(texte: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", texte) if not unicodedata.combining(c))


def _nombre_texte(serie: pd.Series) -> pd.Series:
    """'1 234,5 €' → '1234.5' (French spreadsheets: spaces as thousands separators, decimal comma)."""
    return serie.str.replace(r"[\s\u00a0\u202f€]", "", regex=True).str.replace(",", ".", regex=False)


class Controle:
    """Checks the columns of a raw all-text table, collecting rejections line by line.

    `lignes` gives, for each row, its line number in the file (header = line 1) so messages
    point where the user looks. A row with at least one rejection is left out (`rejete`).
    """

    def __init__(self, brut: pd.DataFrame, lignes: pd.Series | None = None):
        self.brut = brut
        self.lignes = lignes if lignes is not None else pd.Series(np.arange(len(brut)) + 2, index=brut.index)
        self.rejets: list[Rejet] = []
        self.rejete = pd.Series(False, index=brut.index)

    # -- raw access
    def present(self, colonne: str) -> bool:
        return colonne in self.brut.columns

    def texte(self, colonne: str) -> pd.Series:
        if colonne not in self.brut.columns:
            return pd.Series("", index=self.brut.index, dtype="object")
        return self.brut[colonne].fillna("").astype(str).str.strip()

    def texte_ou_nul(self, colonne: str) -> pd.Series:
        t = self.texte(colonne)
        return t.where(t != "", None).astype("object")

    # -- rejection
    def signaler(
        self, masque: pd.Series, colonne: str, motif: str, attendu: str, valeurs: pd.Series | None = None
    ) -> None:
        masque = masque.fillna(False).astype(bool)
        if not masque.any():
            return
        self.rejete |= masque
        src = valeurs if valeurs is not None else self.texte(colonne)
        for i in masque[masque].index:
            self.rejets.append(Rejet(int(self.lignes[i]), colonne, str(src[i]), motif, attendu))

    def sans_balise(self, colonne: str) -> pd.Series:
        """A name shown in charts and tables (landlord, réservataire): text with an HTML tag
        (`<a href=…>`, `<img …>`) is rejected — charts render some HTML. Returns texte_ou_nul."""
        t = self.texte(colonne)
        self.signaler(
            t.str.contains(r"<\s*[a-zA-Z/!]", regex=True),
            colonne,
            "contient une balise HTML",
            "un nom en texte simple, sans « < … > »",
        )
        return self.texte_ou_nul(colonne)

    def obligatoire(self, colonne: str, attendu: str) -> None:
        self.signaler(self.texte(colonne) == "", colonne, "ne peut pas être vide", attendu)

    # -- typed columns
    def _nombres(self, colonne: str, nuls: tuple) -> tuple[pd.Series, pd.Series, pd.Series]:
        """The column's text (the `nuls` markers blanked), its numbers (NaN where not a number)
        and where a cell reads as infinite (« inf », « 1e999 »)."""
        t = self.texte(colonne)
        if nuls:
            t = t.where(~t.str.lower().isin(nuls), "")
        n = pd.to_numeric(_nombre_texte(t).where(t != "", None), errors="coerce")
        infini = n.notna() & ~np.isfinite(n.astype("float64").fillna(0))
        return t, n, infini

    def annee_passee(self, colonne: str, debut: int, quoi: str = "une année") -> pd.Series:
        """A required year from `debut` to this year: a year in the future is a typo."""
        fin = annee_courante()
        return self.entier(
            colonne,
            debut,
            fin,
            f"{quoi} entre {debut} et {fin}",
            obligatoire=True,
            motif_hors="est une année impossible ou dans le futur",
        )

    def entier(
        self,
        colonne: str,
        mini: int | None = None,
        maxi: int | None = None,
        attendu: str = "un nombre entier",
        obligatoire: bool = False,
        motif_hors: str = "est une valeur impossible",
        nuls: tuple = (),
    ) -> pd.Series:
        t, n, infini = self._nombres(colonne, nuls)
        mauvais = n.isna() & (t != "")
        non_entier = n.notna() & ~infini & (n != n.round())
        self.signaler(mauvais | non_entier | infini, colonne, "n'est pas un nombre entier", attendu)
        n = n.where(~(mauvais | non_entier | infini))
        enorme = n.abs() > ENTIER_MAX
        self.signaler(enorme.fillna(False), colonne, "est un nombre démesuré", attendu)
        n = n.where(~enorme.fillna(False))
        hors = pd.Series(False, index=t.index)
        if mini is not None:
            hors |= n < mini
        if maxi is not None:
            hors |= n > maxi
        self.signaler(hors, colonne, motif_hors, attendu)
        if obligatoire:
            self.obligatoire(colonne, attendu)
        return n.where(~hors).round().astype("Int64")

    def decimal(
        self,
        colonne: str,
        mini: float | None = None,
        maxi: float | None = None,
        strict_mini: bool = False,
        attendu: str = "un nombre",
        obligatoire: bool = False,
        motif_hors: str = "est une valeur impossible",
        nuls: tuple = (),
    ) -> pd.Series:
        t, n, infini = self._nombres(colonne, nuls)
        mauvais = (n.isna() & (t != "")) | infini  # « inf », « NaN » typed in a cell: not a number
        self.signaler(mauvais, colonne, "n'est pas un nombre", attendu)
        n = n.where(~mauvais)
        enorme = (n.abs() > DECIMAL_MAX).fillna(False)
        self.signaler(enorme, colonne, "est un nombre démesuré", attendu)
        n = n.where(~enorme)
        hors = pd.Series(False, index=t.index)
        if mini is not None:
            hors |= (n <= mini) if strict_mini else (n < mini)
        if maxi is not None:
            hors |= n > maxi
        self.signaler(hors & ~mauvais, colonne, motif_hors, attendu)
        if obligatoire:
            self.obligatoire(colonne, attendu)
        return n.where(~hors).astype("Float64")

    def code(
        self,
        colonne: str,
        valeurs,
        attendu: str,
        obligatoire: bool = False,
        majuscules: bool = True,
        motif: str = "est un code inconnu",
    ) -> pd.Series:
        t = self.texte(colonne)
        if majuscules:
            t = t.str.upper()
        # '012' and '12.0' (a spreadsheet's re-export) mean code 12
        numerique = t.str.fullmatch(r"\d+(\.0+)?")
        t = t.where(~numerique, t.str.replace(r"\.0+$", "", regex=True).str.lstrip("0").replace("", "0"))
        inconnu = (t != "") & ~t.isin(set(valeurs))
        self.signaler(inconnu, colonne, motif, attendu)
        if obligatoire:
            self.obligatoire(colonne, attendu)
        return t.where((t != "") & ~inconnu, None).astype("object")

    def booleen(self, colonne: str, obligatoire: bool = False) -> pd.Series:
        t = self.texte(colonne).str.lower()
        attendu = "oui, non ou vide (non renseigné)" if not obligatoire else "oui ou non"
        self.signaler(~t.isin(VRAI | FAUX | {""}), colonne, "n'est pas une réponse oui / non", attendu)
        if obligatoire:
            self.obligatoire(colonne, attendu)
        return t.map(lambda v: True if v in VRAI else (False if v in FAUX else None)).astype("boolean")

    def date(
        self,
        colonne: str,
        attendu: str = "une date AAAA-MM-JJ ou JJ/MM/AAAA",
        obligatoire: bool = False,
        maxi: date | None = None,
    ) -> pd.Series:
        t = self.texte(colonne)
        iso = pd.to_datetime(
            t.where(t.str.fullmatch(r"\d{4}-\d{2}-\d{2}( .*)?"), None).str.slice(0, 10),
            format="%Y-%m-%d",
            errors="coerce",
        )
        fr = pd.to_datetime(
            t.where(t.str.fullmatch(r"\d{2}/\d{2}/\d{4}( .*)?"), None).str.slice(0, 10),
            format="%d/%m/%Y",
            errors="coerce",
        )
        d = iso.fillna(fr)
        self.signaler(d.isna() & (t != ""), colonne, "n'est pas une date", attendu)
        if maxi is not None:
            futur = d > pd.Timestamp(maxi)  # (d.dt.date fails on an all-empty column)
            self.signaler(
                futur.fillna(False), colonne, "est une date dans le futur", f"une date au plus tard le {maxi:%d/%m/%Y}"
            )
            d = d.where(~futur.fillna(False))
        if obligatoire:
            self.obligatoire(colonne, attendu)
        return d

    def doublons(self, colonnes: list[str], libelle: str) -> None:
        """Reject the second and later rows sharing a key; the message names the first line."""
        cle = self.brut[colonnes].fillna("").astype(str).apply(lambda s: s.str.strip())
        tuples = list(cle.itertuples(index=False, name=None))
        premiere: dict[tuple, int] = {}
        for i, t in zip(cle.index, tuples):
            if t not in premiere:
                premiere[t] = int(self.lignes[i])
                continue
            self.rejete.loc[i] = True
            self.rejets.append(
                Rejet(
                    int(self.lignes[i]),
                    colonnes[0],
                    str(self.brut.at[i, colonnes[0]]),
                    f"répète la ligne {premiere[t]} (même {libelle})",
                    f"une seule ligne par {libelle}",
                )
            )

    def premier_rejet(self) -> Rejet | None:
        return min(self.rejets, key=lambda r: r.ligne) if self.rejets else None


def commune_normalisee(serie: pd.Series) -> pd.Series:
    """INSEE codes as 5 characters: a spreadsheet turns 01053 into 1053 (and 62041 into 62041.0)."""
    t = serie.fillna("").astype(str).str.strip().str.upper().str.replace(r"\.0+$", "", regex=True)
    return t.where(~t.str.fullmatch(r"\d{1,4}"), t.str.zfill(5))


CODE_COMMUNE = re.compile(r"^(\d[\dAB]\d{3})$")


def annee_courante() -> int:
    return date.today().year


# ---------------------------------------------------------------- RPLS, per dwelling


def entetes_rpls(colonnes) -> dict[str, str]:
    """Map the file's column names onto canonical RPLS names (any vintage, any case, `_red`,
    descriptive data.gouv.fr headers). A corrected `_red` field wins over its raw twin."""
    from observatoire.chargement.dispositions import cle_colonne

    def canon(brut) -> tuple[str, bool]:
        nom = str(brut).strip().lstrip("\ufeff")
        clair = RPLS_EN_CLAIR.get(cle_colonne(nom))
        if clair:
            return clair, False
        haut = nom.upper()
        red = haut.endswith("_RED")
        if red:
            haut = haut[:-4]
        return RPLS_SYNONYMES.get(haut, haut), red

    noms = [(brut, *canon(brut)) for brut in colonnes]
    correspondance: dict[str, str] = {}
    pris: set[str] = set()
    for brut, c, _red in sorted(noms, key=lambda x: not x[2]):  # `_red` first, then file order
        if c not in pris:
            correspondance[brut] = c
            pris.add(c)
    return {brut: correspondance[brut] for brut, _, _ in noms if brut in correspondance}


def rpls_manquantes(canoniques) -> list[str]:
    """Required RPLS columns absent from a header (canonical names), each with its accepted
    alternatives: the QPV may come from QPV_CODE or the geocoded code, the financing and the
    construction type from their code or their label (data.gouv.fr copy)."""
    presentes = set(canoniques)
    groupes = [
        ("DEPCOM",),
        ("QPV_CODE", "PLG_QP24", "PLG_QP15"),
        ("FINAN_CODE", "FINAN_LIBELLE"),
        ("TYPECONST_CODE", "TYPECONST_LIBELLE"),
        ("NBPIECE",),
        ("SURFHAB",),
    ]
    return [" ou ".join(g) for g in groupes if not presentes & set(g)]


def nature_rpls(canoniques) -> str:
    """« loi » when the file carries the restricted fields (occupation, lease, rent), else « public »."""
    return "loi" if set(canoniques) & set(RPLS_CHAMPS_LOI) else "public"


CODE_QPV = re.compile(r"^Q[NP][0-9A-Z]{6}$")

# Financing label (data.gouv.fr copy without the code) → code of the same family.
FINAN_LIBELLES = [
    ("PLAI", "10"),
    ("PLA-I", "10"),
    ("PLA D'INTEGRATION", "10"),
    ("PLA INTEGRATION", "10"),
    ("PLA LM", "11"),
    ("PLA TS", "11"),
    ("INSERTION", "11"),
    ("PLA ORDINAIRE", "12"),
    ("PLUS", "13"),
    ("PLS", "14"),
    ("PPLS", "14"),
    ("PCLS", "14"),
    ("PLI", "16"),
    ("PCL", "17"),
    ("HBM", "50"),
    ("PLR", "51"),
    ("PSR", "51"),
    ("HLM/O", "52"),
    ("HLMO", "52"),
    ("ILM", "53"),
    ("ILN", "54"),
    ("CFF", "55"),
    ("AVANT 1977", "99"),
    ("AUTRE", "49"),
]


def finan_depuis_libelle(libelles: pd.Series) -> pd.Series:
    t = libelles.fillna("").astype(str).map(sans_accents).str.upper().str.strip()

    def code(v: str):
        if not v:
            return ""
        for mot, c in FINAN_LIBELLES:
            if re.search(rf"(?<![A-Z]){re.escape(mot)}(?![A-Z])", v):
                return c
        return v  # unknown label: rejected by the code check, with the label as value

    return t.map(code)


def typeconst_depuis_libelle(libelles: pd.Series) -> pd.Series:
    t = libelles.fillna("").astype(str).map(sans_accents).str.upper().str.strip()
    return t.map(lambda v: {"C": "C", "I": "I", "E": "E"}.get(v[:1], v) if v else "")


def rpls_depuis_brut(
    brut: pd.DataFrame, millesime: int, lignes: pd.Series | None = None, codes_qpv_2024: set[str] | None = None
) -> tuple[pd.DataFrame, Controle]:
    """Raw RPLS rows (canonical column names, all text) → rows of `rpls_logements`."""
    c = Controle(brut, lignes)
    annee = f"une année entre {ANNEE_MIN} et {millesime} (millésime du fichier)"
    commune = commune_normalisee(c.texte("DEPCOM"))
    c.signaler(
        ~commune.str.match(CODE_COMMUNE), "DEPCOM", "n'est pas un code commune INSEE", "5 caractères, par exemple 62041"
    )
    if not c.present("FINAN_CODE") and c.present("FINAN_LIBELLE"):
        brut = brut.assign(FINAN_CODE=finan_depuis_libelle(brut["FINAN_LIBELLE"]))
        c.brut = brut
    if not c.present("TYPECONST_CODE") and c.present("TYPECONST_LIBELLE"):
        brut = brut.assign(TYPECONST_CODE=typeconst_depuis_libelle(brut["TYPECONST_LIBELLE"]))
        c.brut = brut
    qpv = c.code("QPV_CODE", {"1", "2"}, "1 (en QPV) ou 2 (hors QPV)")
    finan = c.code("FINAN_CODE", FINAN_CODES, "un code de financement RPLS (10 à 17, 49 à 55 ou 99)")
    typeconst = c.code(
        "TYPECONST_CODE", {"C", "I", "E"}, "C (collectif), I (individuel) ou E (étudiant)", obligatoire=True
    )
    newlogt = c.code("NEWLOGT_CODE", {"1", "2"}, "1 (nouveau logement) ou 2")
    for col in ("DPEENERGIE", "DPESERRE"):  # « NC », « Non renseigné »: no DPE, as a blank
        if c.present(col):
            t = c.texte(col)
            c.brut = brut = brut.assign(**{col: t.where(~t.map(sans_accents).str.upper().isin(DPE_SANS), "")})
    dpe_e = c.code(
        "DPEENERGIE", set("ABCDEFG"), "une classe DPE de A à G, ou vide sans DPE", motif="n'est pas une classe DPE"
    )
    dpe_g = c.code(
        "DPESERRE", set("ABCDEFG"), "une classe DPE de A à G, ou vide sans DPE", motif="n'est pas une classe DPE"
    )
    # Geocoded QPV codes: a code-shaped value is a quartier; anything else (« HZ », « CSZ »,
    # « Hors QPV ») says the dwelling is outside every quartier of that geography.
    plg = {}
    for col in ("PLG_QP24", "PLG_QP15"):
        t = c.texte(col).str.upper()
        plg[col] = t.where(t.str.match(CODE_QPV), None).astype("object")
    if codes_qpv_2024 is not None and c.present("PLG_QP24"):
        c.signaler(
            plg["PLG_QP24"].notna() & ~plg["PLG_QP24"].isin(codes_qpv_2024),
            "PLG_QP24",
            "est un code QPV 2024 inconnu",
            "un code du référentiel : " + ", ".join(sorted(codes_qpv_2024)),
        )
    # The dwelling is in a QPV of the geography of its vintage (2024 list from the 2024 stock):
    # read from the file's own geocoded code for that geography, else from QPV_CODE.
    col_vigueur = "PLG_QP24" if millesime >= DEBUT_GEOGRAPHIE_2024 else "PLG_QP15"
    en_qpv = qpv.map({"1": True, "2": False}).astype("boolean")
    if c.present(col_vigueur):
        renseigne = c.texte(col_vigueur) != ""
        en_qpv = en_qpv.where(~renseigne, plg[col_vigueur].notna()).astype("boolean")
    loyer = c.decimal(
        "LOYERPRINC", mini=0, attendu="un loyer en €/mois (9999 = sans objet)", motif_hors="est un loyer impossible"
    )
    bail_txt = c.texte("BAIL")
    bail = pd.to_datetime(
        bail_txt.where(bail_txt.str.fullmatch(r"\d{1,2}/\d{4}"), None), format="%m/%Y", errors="coerce"
    )
    c.signaler(bail.isna() & (bail_txt != ""), "BAIL", "n'est pas un mois", "mm/aaaa (mois du bail en cours)")
    futur_bail = bail.dt.year > millesime
    c.signaler(futur_bail.fillna(False), "BAIL", "est dans le futur", f"un bail commencé au plus tard en {millesime}")
    df = pd.DataFrame(
        {
            "millesime": millesime,
            "code_insee": commune,
            "id_logement": c.texte_ou_nul("id_logement"),
            "bailleur": c.sans_balise("RS"),
            "en_qpv": en_qpv,
            "code_qpv_2024": plg["PLG_QP24"],
            "code_qpv_2015": plg["PLG_QP15"],
            "finan_code": finan,
            "financement": finan.map(FINANCEMENT).fillna("Autre"),
            "type_construction": typeconst,
            "nb_pieces": c.entier("NBPIECE", 1, 20, "un nombre de pièces entre 1 et 20"),
            "surface_habitable": c.decimal(
                "SURFHAB",
                0,
                1000,
                strict_mini=True,
                attendu="une surface en m² strictement positive (au plus 1 000)",
                motif_hors="est une surface impossible",
            ),
            "annee_construction": c.entier(
                "CONSTRUCT", ANNEE_MIN, millesime, annee, motif_hors="est une année impossible ou dans le futur"
            ),
            "annee_premiere_location": c.entier(
                "LOCAT", ANNEE_MIN, millesime, annee, motif_hors="est une année impossible ou dans le futur"
            ),
            "nouveau_logement": newlogt.map({"1": True, "2": False}).astype("boolean"),
            "dpe_energie": dpe_e,
            "dpe_ges": dpe_g,
            "mode_occupation": pd.to_numeric(
                c.code(
                    "MODE",
                    {"1", "2", "3", "4", "5", "9"},
                    "1 loué, 2 vacant, 3 vide, 4 association, 5 occupé ou 9 sans objet",
                )
            ).astype("Int64"),
            "date_bail": bail.where(~futur_bail.fillna(False)).dt.date,
            "loyer_principal": loyer.where(loyer != 9999),
            "contingent": c.entier("CONTRESLOG", 1, 7, "un contingent de 1 à 7"),
            "duree_vacance": c.entier("duree_vacance", 0, 1200, "une durée de vacance en mois"),
        }
    )
    if c.present("id_logement"):
        ids = c.texte("id_logement")
        avec_id = ids != ""
        if avec_id.any():
            sous = Controle(brut[avec_id], c.lignes[avec_id])
            sous.doublons(["id_logement"], "identifiant de logement")
            c.rejets += sous.rejets
            c.rejete |= sous.rejete.reindex(c.rejete.index, fill_value=False)
    return df, c


# ---------------------------------------------------------------- templates


ATTRIBUTIONS_COLONNES = [
    "annee",
    "date_attribution",
    "code_insee",
    "bailleur",
    "reservataire",
    "en_qpv",
    "code_qpv",
    "geographie_qpv",
    "premier_quartile",
    "ressources_uc",
    "prioritaire",
    "relogement_anru",
    "bail_signe",
    "refus",
    "mutation",
    "contingent_communautaire",
    "ex_zus",
]
ATTRIBUTIONS_OBLIGATOIRES = ["annee", "code_insee", "en_qpv", "premier_quartile", "prioritaire", "bail_signe"]
# Columns a file may leave out (read as empty, i.e. « non renseigné »).
ATTRIBUTIONS_FACULTATIVES = ["ex_zus"]
ATTRIBUTIONS_BOOLEENS = [
    "en_qpv",
    "premier_quartile",
    "prioritaire",
    "relogement_anru",
    "bail_signe",
    "refus",
    "mutation",
    "contingent_communautaire",
    "ex_zus",
]

# QPV geography in force (objectifs-et-regles.md §2, §6): the 2015 list (décret 2014-1750) for
# attributions before 2024, the 2024 list (décret 2023-1314) from 1 January 2024.
DEBUT_GEOGRAPHIE_2024 = 2024
# Objective 1 counts the ex-ZUS perimeters as QPV for six years from 1 January 2015 (loi ELAN).
PERIODE_EX_ZUS = (2015, 2020)


def geographie_en_vigueur(annee) -> pd.Series:
    """2015 or 2024 for each year (NA where the year is missing)."""
    annee = pd.Series(annee)
    recente = (annee >= DEBUT_GEOGRAPHIE_2024).fillna(False).astype(bool)
    return pd.Series(np.where(recente, 2024, 2015), index=annee.index).where(annee.notna()).astype("Int64")


def attributions_depuis_brut(
    brut: pd.DataFrame, lignes: pd.Series | None = None, codes_qpv: dict[int, set[str]] | None = None
) -> tuple[pd.DataFrame, Controle]:
    """The attributions template. `codes_qpv` (geography → codes of the reference) checks each
    code against the QPV geography in force the year of the attribution."""
    c = Controle(brut, lignes)
    annee = c.annee_passee("annee", 2000)
    quand = c.date("date_attribution", maxi=date.today())
    autre_annee = quand.notna() & annee.notna() & (quand.dt.year != annee)
    c.signaler(
        autre_annee.fillna(False),
        "date_attribution",
        "ne tombe pas dans l'année de la colonne « annee »",
        "une date de la même année que la colonne « annee »",
    )
    commune = commune_normalisee(c.texte("code_insee"))
    en_vigueur = geographie_en_vigueur(annee)
    booleens = {b: c.booleen(b, obligatoire=b in ("en_qpv", "bail_signe")) for b in ATTRIBUTIONS_BOOLEENS}
    code_qpv = c.texte("code_qpv").str.upper()
    avec_code = code_qpv != ""
    c.signaler(
        avec_code & booleens["en_qpv"].eq(False).fillna(False),  # nullable: NA stays NA
        "code_qpv",
        "est un code QPV alors que la colonne « en_qpv » dit « non » (hors QPV)",
        "une case vide pour une attribution hors QPV, ou « oui » dans « en_qpv »",
    )
    if codes_qpv is not None:
        tous = set().union(*codes_qpv.values()) if codes_qpv else set()
        exemples = " ; ".join(f"{g} : {', '.join(sorted(v))}" for g, v in sorted(codes_qpv.items()) if v)
        c.signaler(
            avec_code & ~code_qpv.isin(tous),
            "code_qpv",
            "est un code QPV inconnu",
            f"un code QPV du référentiel de la géographie de l'année ({exemples}) ou vide hors QPV",
        )
        for g, codes in sorted(codes_qpv.items()):
            autre = [x for x in sorted(codes_qpv) if x != g]
            if not autre:
                continue
            a_tort = avec_code & code_qpv.isin(codes) & en_vigueur.isin(autre).fillna(False)
            periode = "à partir de 2024" if g == 2015 else "avant 2024"
            vigueur = autre[0]
            c.signaler(
                a_tort,
                "code_qpv",
                f"est un code de la géographie prioritaire {g}, qui n'était pas en vigueur l'année de l'attribution",
                f"pour une attribution {periode}, un code de la géographie {vigueur} "
                f"({', '.join(sorted(codes_qpv[vigueur]))}) ou une case vide",
            )
    geo = c.entier("geographie_qpv", attendu="2015 ou 2024 (géographie prioritaire de l'année)")
    c.signaler(
        geo.notna() & ~geo.isin([2015, 2024]),
        "geographie_qpv",
        "n'est pas une géographie prioritaire",
        "2015 ou 2024 (géographie prioritaire de l'année)",
    )
    c.signaler(
        (geo.isin([2015, 2024]) & en_vigueur.notna() & (geo != en_vigueur)).fillna(False),
        "geographie_qpv",
        "n'est pas la géographie prioritaire en vigueur l'année de l'attribution",
        "2015 pour une attribution avant 2024, 2024 à partir du 1er janvier 2024 (ou une case vide)",
    )
    df = pd.DataFrame(
        {
            "annee": annee,
            "date_attribution": quand.dt.date,
            "code_insee": commune,
            "bailleur": c.sans_balise("bailleur"),
            "reservataire": c.sans_balise("reservataire"),
            "code_qpv": code_qpv.where(avec_code, None).astype("object"),
            # each year is counted on the geography in force (checked above when the file gives it)
            "geographie_qpv": en_vigueur,
            "ressources_uc": c.decimal(
                "ressources_uc",
                0,
                attendu="des ressources en €/an/UC, positives",
                motif_hors="est un montant impossible",
            ),
        }
    )
    for b, serie in booleens.items():
        df[b] = serie
    return df[ATTRIBUTIONS_COLONNES], c


OPS_COLONNES = [
    "annee",
    "code_insee",
    "en_qpv",
    "menages",
    "menages_ress_moins_20",
    "menages_ress_20_40",
    "menages_ress_40_60",
    "menages_ress_60_100",
    "menages_ress_plus_100",
    "menages_apl",
    "personnes_seules",
    "familles_monoparentales",
    "couples_sans_enfant",
    "couples_avec_enfants",
    "grandes_familles",
    "titulaires_moins_30",
    "titulaires_65_plus",
    "emmenages_recents",
]
OPS_OBLIGATOIRES = ["annee", "code_insee", "en_qpv", "menages"]
OPS_RESSOURCES = [
    "menages_ress_moins_20",
    "menages_ress_20_40",
    "menages_ress_40_60",
    "menages_ress_60_100",
    "menages_ress_plus_100",
]


def ops_depuis_brut(brut: pd.DataFrame, lignes: pd.Series | None = None) -> tuple[pd.DataFrame, Controle]:
    c = Controle(brut, lignes)
    df = pd.DataFrame(
        {
            "annee": c.annee_passee("annee", 2000, "une année d'enquête"),
            "code_insee": commune_normalisee(c.texte("code_insee")),
            "en_qpv": c.booleen("en_qpv", obligatoire=True),
        }
    )
    df["menages"] = c.entier("menages", 0, attendu="un nombre de ménages positif ou nul", obligatoire=True)
    for col in OPS_COLONNES[4:]:
        df[col] = c.entier(col, 0, attendu="un nombre de ménages positif ou nul")
        trop = df[col] > df["menages"]
        c.signaler(
            trop.fillna(False), col, "dépasse le nombre de ménages de la ligne", "au plus la valeur de « menages »"
        )
    somme = df[OPS_RESSOURCES].fillna(0).sum(axis=1)
    c.signaler(
        (somme > df["menages"]).fillna(False),
        "menages_ress_moins_20",
        "ouvre des tranches de ressources dont la somme dépasse le nombre de ménages",
        "une somme des cinq tranches au plus égale à « menages »",
    )
    c.doublons(["annee", "code_insee", "en_qpv"], "année, commune et QPV / hors QPV")
    return df[OPS_COLONNES], c


PRODUCTION_COLONNES = ["annee", "code_insee", "indicateur", "valeur", "source"]
PRODUCTION_INDICATEURS = {
    "logements_autorises",
    "logements_commences",
    "lls_plus",
    "lls_plai",
    "lls_pls",
    "ptz_neuf",
    "ventes_hlm",
    "accession_ancien",
    "demolitions",
}

# Wide templates: one line per year and commune, one column per indicator.
FINANCEMENTS_COLONNES = {"lls_plus": "PLUS", "lls_plai": "PLAI", "lls_pls": "PLS"}
FINANCEMENTS_SYNONYMES = {
    "plus": "lls_plus",
    "plai": "lls_plai",
    "pla-i": "lls_plai",
    "pla_i": "lls_plai",
    "plai_": "lls_plai",
    "pls": "lls_pls",
}
PTZ_COLONNES = {"ptz_neuf": "PTZ dans le neuf", "accession_ancien": "PTZ dans l'ancien"}
PTZ_SYNONYMES = {"ptz_ancien": "accession_ancien", "neuf": "ptz_neuf", "ancien": "accession_ancien"}


def production_large_depuis_brut(
    brut: pd.DataFrame, indicateurs: dict[str, str], source: str, lignes: pd.Series | None = None
) -> tuple[pd.DataFrame, Controle]:
    """`annee;code_insee;<indicator columns>` → long `production` rows. A blank cell is missing
    data (no row); 0 is a zero."""
    c = Controle(brut, lignes)
    annee = c.annee_passee("annee", 2000)
    commune = commune_normalisee(c.texte("code_insee"))
    valeurs = {
        ind: c.entier(ind, 0, attendu=f"un nombre de logements ({lib}) positif ou nul, ou vide si inconnu")
        for ind, lib in indicateurs.items()
        if c.present(ind)
    }
    c.doublons(["annee", "code_insee"], "année et commune")
    morceaux = []
    for ind, v in valeurs.items():
        morceaux.append(
            pd.DataFrame(
                {
                    "_index": brut.index,
                    "annee": annee,
                    "code_insee": commune,
                    "indicateur": ind,
                    "valeur": v,
                    "source": source,
                }
            )
        )
    long = (
        pd.concat(morceaux, ignore_index=True) if morceaux else pd.DataFrame(columns=["_index"] + PRODUCTION_COLONNES)
    )
    return long, c


SITADEL_SYNONYMES = {"COMM": "COMM", "DEPCOM": "COMM", "CODE_COMMUNE": "COMM", "COM": "COMM"}


def sitadel_depuis_brut(brut: pd.DataFrame, lignes: pd.Series | None = None) -> tuple[pd.DataFrame, Controle]:
    """Permit-level Sitadel « logements » rows → yearly `production` rows (authorised by the year
    of DATE_REELLE_AUTORISATION, started by the year of DATE_REELLE_DOC). Cancelled permits
    (Etat_DAU = 4) count in neither. Returns one row per permit (commune, years, dwellings) and
    the checker; the importer aggregates the kept rows."""
    c = Controle(brut, lignes)
    aujourd_hui = date.today()
    brut_comm = c.texte("COMM")
    commune = commune_normalisee(brut_comm)
    if c.present("DEP"):  # some extracts give DEP + a 3-character COMM
        court = brut_comm.str.fullmatch(r"\d{3}")
        commune = commune.where(~court, c.texte("DEP").str.zfill(2) + brut_comm)
    aut = c.date("DATE_REELLE_AUTORISATION", obligatoire=True, maxi=aujourd_hui)
    doc = c.date("DATE_REELLE_DOC", maxi=aujourd_hui)
    avant = doc.notna() & aut.notna() & (doc < aut)
    c.signaler(
        avant.fillna(False),
        "DATE_REELLE_DOC",
        "est antérieure à l'autorisation",
        "une date de début des travaux postérieure à DATE_REELLE_AUTORISATION",
    )
    nb = c.entier("NB_LGT_TOT_CREES", 0, 5000, "un nombre de logements créés positif", obligatoire=True)
    etat = c.texte("Etat_DAU") if c.present("Etat_DAU") else c.texte("ETAT_DAU")
    if c.present("Num_DAU") or c.present("NUM_DAU"):
        col = "Num_DAU" if c.present("Num_DAU") else "NUM_DAU"
        avec = c.texte(col) != ""
        sous = Controle(brut[avec], c.lignes[avec])
        sous.doublons([col], "numéro de permis (Num_DAU)")
        c.rejets += sous.rejets
        c.rejete |= sous.rejete.reindex(c.rejete.index, fill_value=False)
    permis = pd.DataFrame(
        {
            "code_insee": commune,
            "aut": aut.dt.year.astype("Int64"),
            "doc": doc.dt.year.astype("Int64"),
            "nb": nb,
            "annule": etat == "4",
        }
    )
    return permis, c


TOUS_LOGEMENTS = "tous logements"
MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def sitadel_communes_depuis_brut(brut: pd.DataFrame, lignes: pd.Series | None = None) -> tuple[pd.DataFrame, Controle]:
    """Sitadel aggregated by commune (monthly file: ANNEE, MOIS, COMM, TYPE_LGT, LOG_AUT, LOG_COM;
    annual file: no MOIS) → one row per (year, commune, TYPE_LGT, month) with its counts, the
    checker, and `total` (the row is « Tous Logements », or the file has no TYPE_LGT). A blank
    LOG_COM (starts of the latest year in the annual file) is missing, never 0."""
    c = Controle(brut, lignes)
    annee = c.annee_passee("ANNEE", 1990)
    mois = (
        c.entier("MOIS", 1, 12, "un mois de 1 à 12", obligatoire=c.present("MOIS"))
        if c.present("MOIS")
        else pd.Series(pd.NA, index=brut.index, dtype="Int64")
    )
    aut = c.entier("LOG_AUT", 0, 1_000_000, "un nombre de logements autorisés positif ou nul, ou vide")
    com = c.entier("LOG_COM", 0, 1_000_000, "un nombre de logements commencés positif ou nul, ou vide")
    type_lgt = c.texte("TYPE_LGT")
    cles = ["ANNEE", "MOIS", "COMM", "TYPE_LGT"] if c.present("MOIS") else ["ANNEE", "COMM", "TYPE_LGT"]
    c.doublons(
        [k for k in cles if c.present(k)],
        "année" + (", mois" if c.present("MOIS") else "") + ", commune et type de logement (TYPE_LGT)",
    )
    df = pd.DataFrame(
        {
            "annee": annee,
            "mois": mois,
            "code_insee": commune_normalisee(c.texte("COMM")),
            "type_lgt": type_lgt,
            "aut": aut,
            "com": com,
            "total": (type_lgt.map(sans_accents).str.lower() == TOUS_LOGEMENTS) | (not c.present("TYPE_LGT")),
        }
    )
    return df, c


def sitadel_communes_annuel(lignes: pd.DataFrame, communes: list[str]) -> pd.DataFrame:
    """Kept rows of `sitadel_communes_depuis_brut` → yearly `production` rows. « Tous Logements »
    holds its sub-types: they are summed only for a (year, commune) without a total row, so
    nothing is counted twice. For a year and indicator the file fills (at least one value), a CUA
    commune it does not list is 0 (no permit); an indicator left blank for a whole year (starts
    of the latest year) gives no row: missing."""
    d = lignes.copy()
    # per year, month (monthly file) and commune: the total row if there is one, else its sub-types
    cle = d["annee"].astype(str) + "|" + d["mois"].astype(str) + "|" + d["code_insee"].astype(str)
    avec_total = set(cle[d["total"]])
    d = d[d["total"] | ~cle.isin(avec_total)]
    morceaux = []
    for indicateur, col in (("logements_autorises", "aut"), ("logements_commences", "com")):
        for an, g in d.groupby("annee"):
            if g[col].notna().sum() == 0:
                continue
            valeurs = g.groupby("code_insee")[col].sum(min_count=1)
            valeurs = valeurs.reindex(sorted(set(communes) | set(valeurs.index)))
            listees = set(g["code_insee"])
            valeurs = valeurs.where(valeurs.notna() | valeurs.index.isin(listees), 0).dropna()
            valeurs = valeurs[valeurs.index.isin(communes)]
            morceaux.append(
                pd.DataFrame(
                    {
                        "annee": int(an),
                        "code_insee": valeurs.index,
                        "indicateur": indicateur,
                        "valeur": valeurs.astype("int64").values,
                        "source": "sitadel",
                    }
                )
            )
    if not morceaux:
        return pd.DataFrame(columns=PRODUCTION_COLONNES)
    return pd.concat(morceaux, ignore_index=True)[PRODUCTION_COLONNES]


OBJECTIFS_INDICATEURS = {
    "logements",
    "lls",
    "lls_plus",
    "lls_plai",
    "lls_pls",
    "accession_aidee",
    "libre",
    "ventes_hlm",
    "accession_ancien",
}
OBJECTIFS_COLONNES = ["plh", "code_insee", "indicateur", "objectif_annuel", "objectif_periode"]


def objectifs_depuis_brut(
    brut: pd.DataFrame,
    plhs: set[str] | None = None,
    lignes: pd.Series | None = None,
    demo: bool = False,
    source: str = "",
) -> tuple[pd.DataFrame, Controle]:
    c = Controle(brut, lignes)
    plh = c.texte("plh")
    if plhs is not None:
        c.signaler(~plh.isin(plhs), "plh", "n'est pas un PLH connu de la base", "l'un de : " + ", ".join(sorted(plhs)))
    indicateur = c.code(
        "indicateur",
        OBJECTIFS_INDICATEURS,
        "l'un de : " + ", ".join(sorted(OBJECTIFS_INDICATEURS)),
        obligatoire=True,
        majuscules=False,
    )
    annuel = c.decimal("objectif_annuel", 0, attendu="un objectif annuel positif ou nul")
    periode = c.decimal("objectif_periode", 0, attendu="un objectif sur la période positif ou nul")
    c.signaler(
        annuel.isna() & periode.isna() & ~c.rejete,
        "objectif_annuel",
        "est vide comme l'objectif sur la période",
        "au moins l'un des deux objectifs",
        valeurs=c.texte("objectif_annuel"),
    )
    c.doublons(["plh", "code_insee", "indicateur"], "PLH, commune et indicateur")
    df = pd.DataFrame(
        {
            "plh": plh,
            "code_insee": commune_normalisee(c.texte("code_insee")),
            "indicateur": indicateur,
            "objectif_annuel": annuel,
            "objectif_periode": periode,
            "demo": demo,
            "source": source,
        }
    )
    return df, c


def seuils_depuis_brut(
    brut: pd.DataFrame, lignes: pd.Series | None = None, demo: bool = False
) -> tuple[pd.DataFrame, Controle]:
    """Simple template `annee;seuil_euros_uc` (one line per year)."""
    c = Controle(brut, lignes)
    fin = annee_courante() + 1  # the next year's arrêté is published in advance
    df = pd.DataFrame(
        {
            "annee": c.entier(
                "annee",
                2000,
                fin,
                f"une année entre 2000 et {fin}",
                obligatoire=True,
                motif_hors="est une année impossible ou trop lointaine",
            ),
            "seuil_euros_uc": c.decimal(
                "seuil_euros_uc",
                SEUIL_MIN,
                SEUIL_MAX,
                attendu="un seuil en €/an/UC entre 1 000 et 100 000",
                obligatoire=True,
                motif_hors="est un seuil impossible",
            ),
            "demo": demo,
        }
    )
    c.doublons(["annee"], "année")
    return df, c


# ---------------------------------------------------------------- RPLS per-commune workbook

RPLS_COMMUNES_ENTIERS = [
    "nb_ls",
    "nb_lgt_tot",
    "nb_loues",
    "nb_vacants",
    "nb_vides",
    "nb_ls_en_qpv",
    "nb_ls_individuels",
    "nb_ls_collectifs",
    "nb_ls_1piece",
    "nb_ls_2pieces",
    "nb_ls_3pieces",
    "nb_ls_4pieces",
    "nb_ls_5piece_plus",
    "nb_ls_plai",
    "nb_ls_plus_av_77",
    "nb_ls_plus_ap_77",
    "nb_ls_pls",
    "nb_ls_pli",
    "nv_mes",
    "nb_ls_vendu_occupant",
    "nb_ls_demolition",
    "ener_a",
    "ener_b",
    "ener_c",
    "ener_d",
    "ener_e",
    "ener_f",
    "ener_g",
    "ener_nr",
    "nb_asso",
    "nb_occup_finan",
    "nb_occup_temp",
]
# Columns of the published workbook added to `rpls_communes` after bases were built.
RPLS_COMMUNES_AJOUTEES = ["nb_asso", "nb_occup_finan", "nb_occup_temp"]
RPLS_COMMUNES_DECIMAUX = ["densite", "tx_vac", "tx_vac3", "tx_mob", "loymoy"]
RPLS_COMMUNES_SYNONYMES = {
    "depcom_arm": "code_insee",
    "depcom": "code_insee",
    "libcom": "nom",
    "nb_ls_2piece": "nb_ls_2pieces",
    "nb_ls_3piece": "nb_ls_3pieces",
    "nb_ls_4piece": "nb_ls_4pieces",
    "nb_ls_1pieces": "nb_ls_1piece",
}
# Published workbooks mark hidden or missing cells with these.
MARQUES_SECRET = ("s", "nd", "nr", "-", "ns", "c", "secret", "n.d.", "x")


def entetes_rpls_communes(colonnes) -> dict[str, str]:
    out, pris = {}, set()
    for brut in colonnes:
        nom = str(brut).strip().lower()
        canon = RPLS_COMMUNES_SYNONYMES.get(nom, nom)
        if canon not in pris:
            out[brut] = canon
            pris.add(canon)
    return out


def rpls_communes_depuis_brut(
    brut: pd.DataFrame, millesime: int, lignes: pd.Series | None = None
) -> tuple[pd.DataFrame, Controle]:
    c = Controle(brut, lignes)
    df = pd.DataFrame(
        {"millesime": millesime, "code_insee": commune_normalisee(c.texte("code_insee")), "nom": c.texte_ou_nul("nom")}
    )
    for col in RPLS_COMMUNES_ENTIERS:
        df[col] = c.entier(
            col,
            0,
            attendu="un nombre de logements positif ou nul (ou une marque de secret : s, nd)",
            nuls=MARQUES_SECRET,
        )
    for col in RPLS_COMMUNES_DECIMAUX:
        df[col] = c.decimal(
            col, 0, attendu="un nombre positif ou nul (ou une marque de secret : s, nd)", nuls=MARQUES_SECRET
        )
    c.doublons(["code_insee"], "commune")
    return df, c


# ---------------------------------------------------------------- readers used by the build


def _colonne_sans_rejet(serie: pd.Series, fichier: str, colonne: str, lire) -> pd.Series:
    """A shipped file's column read by a Controle method (`lire`); its first bad cell refuses the file."""
    c = Controle(pd.DataFrame({colonne: serie}))
    valeurs = lire(c, colonne)
    _refuser_au_premier(c, fichier)
    return valeurs


def _refuser_au_premier(c: Controle, fichier: str) -> None:
    r = c.premier_rejet()
    if r is not None:
        raise ErreurSource(r.message(fichier))


def booleen(serie: pd.Series, fichier: str, colonne: str) -> pd.Series:
    return _colonne_sans_rejet(serie, fichier, colonne, Controle.booleen)


def entier(serie: pd.Series, fichier: str, colonne: str) -> pd.Series:
    return _colonne_sans_rejet(serie, fichier, colonne, Controle.entier)


def decimal(serie: pd.Series, fichier: str, colonne: str) -> pd.Series:
    return _colonne_sans_rejet(serie, fichier, colonne, Controle.decimal)


def lire_csv(chemin: Path, colonnes: list[str] | None = None) -> pd.DataFrame:
    """Every column as text: codes like 62004 or 01053 must never become numbers."""
    try:
        df = pd.read_csv(chemin, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise ErreurSource(f"{Path(chemin).name} : fichier illisible comme CSV UTF-8 séparé par « ; » ({e}).") from e
    if colonnes:
        manquantes = [c for c in colonnes if c not in df.columns]
        if manquantes:
            raise ErreurSource(
                f"{Path(chemin).name} : colonne(s) obligatoire(s) absente(s) : {', '.join(manquantes)}. "
                f"Colonnes attendues : {'; '.join(colonnes)}."
            )
    return df


def lire_rpls(chemin: Path, millesime: int) -> pd.DataFrame:
    nom = Path(chemin).name
    brut = lire_csv(chemin)
    brut = brut.rename(columns=entetes_rpls(brut.columns))
    brut = brut.loc[:, ~brut.columns.duplicated()]
    manquantes = [c for c in RPLS_OBLIGATOIRES if c not in brut.columns]
    if manquantes:
        raise ErreurSource(f"{nom} : colonne(s) RPLS absente(s) : {', '.join(manquantes)}.")
    df, c = rpls_depuis_brut(brut, millesime)
    _refuser_au_premier(c, nom)
    return df


def _lire_sans_rejet(chemin: Path, colonnes: list[str], depuis_brut) -> pd.DataFrame:
    """A shipped file through its checker (`depuis_brut`): its first bad cell refuses the file."""
    df, c = depuis_brut(lire_csv(chemin, colonnes))
    _refuser_au_premier(c, Path(chemin).name)
    return df


def lire_attributions(chemin: Path) -> pd.DataFrame:
    colonnes = [c for c in ATTRIBUTIONS_COLONNES if c not in ATTRIBUTIONS_FACULTATIVES]
    return _lire_sans_rejet(chemin, colonnes, attributions_depuis_brut)


def lire_ops(chemin: Path) -> pd.DataFrame:
    return _lire_sans_rejet(chemin, OPS_COLONNES, ops_depuis_brut)


def lire_production(chemin: Path) -> pd.DataFrame:
    nom = Path(chemin).name
    brut = lire_csv(chemin, PRODUCTION_COLONNES)
    inconnus = brut[~brut["indicateur"].isin(PRODUCTION_INDICATEURS)]
    if len(inconnus):
        i = inconnus.index[0]
        raise ErreurSource(
            f"{nom}, ligne {int(i) + 2}, colonne « indicateur » : « {brut.loc[i, 'indicateur']} » inconnu ; "
            f"attendu l'un de : {', '.join(sorted(PRODUCTION_INDICATEURS))}."
        )
    return pd.DataFrame(
        {
            "annee": entier(brut["annee"], nom, "annee"),
            "code_insee": commune_normalisee(brut["code_insee"]),
            "indicateur": brut["indicateur"],
            "valeur": entier(brut["valeur"], nom, "valeur"),
            "source": brut["source"],
        }
    )


def lire_objectifs_communes(chemin: Path, demo: bool) -> pd.DataFrame:
    source = "démo (objectifs communaux inventés)" if demo else Path(chemin).name
    return _lire_sans_rejet(
        chemin, OBJECTIFS_COLONNES, lambda brut: objectifs_depuis_brut(brut, demo=demo, source=source)
    )


def lire_seuils(chemin: Path, demo: bool) -> pd.DataFrame:
    return _lire_sans_rejet(chemin, ["annee", "seuil_euros_uc"], lambda brut: seuils_depuis_brut(brut, demo=demo))


# The columns of a flux input, as the write path stores them.
CONTINGENT_FLUX_COLONNES = list(COLONNES_FLUX)


def lire_contingent_flux(chemin: Path, demo: bool) -> pd.DataFrame:
    nom = Path(chemin).name
    brut = lire_csv(chemin, CONTINGENT_FLUX_COLONNES)
    df = pd.DataFrame({"bailleur": brut["bailleur"]})
    for c in CONTINGENT_FLUX_COLONNES:
        if c != "bailleur":
            df[c] = entier(brut[c], nom, c)
    df["demo"] = demo
    return df[CONTINGENT_FLUX_COLONNES + ["demo"]]
