"""The headline indicators of the Accueil page (for elected officials), as plain data.

Each `Carte` carries its value and target, a status in words, one plain French sentence, its
numerator / denominator, source and vintage, and the page that details it. The rules are those
of the detail modules — `plh` for production, `attributions` for the legal objectives, `parc`
for the stock — never recomputed here; this module only picks the year and words the result.

Titles, targets and status words come from the indicator catalogue (observatoire.indicateurs.catalogue);
the legal objectives' value, status and mask from observatoire.secret.valeurs, which the map, the fiche
and Objectifs légaux read too.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from observatoire import formats as fr
from observatoire.base import memoire
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue, parc, plh
from observatoire.secret import suppression as secret

ATTEINT, NON_ATTEINT, EN_AVANCE, EN_RETARD = (
    catalogue.ATTEINT,
    catalogue.NON_ATTEINT,
    catalogue.EN_AVANCE,
    catalogue.EN_RETARD,
)
SANS_CIBLE, MANQUANT, SECRET, SANS_OBJET = (
    catalogue.SANS_CIBLE,
    catalogue.MANQUANT,
    catalogue.SECRET,
    catalogue.SANS_OBJET,
)
# Words + a sign + a colour for each status (never a colour alone): the catalogue's presentation.
PRESENTATION_STATUT = {s: (p.mot, p.couleur, p.icone) for s, p in catalogue.PRESENTATION.items()}


@dataclass(frozen=True)
class Carte:
    cle: str  # entry of observatoire.indicateurs.catalogue
    titre: str
    valeur: str
    cible: str
    statut: str
    phrase: str
    detail: str  # numerator / denominator / target, in words
    source: str
    millesime: str
    page: str
    precision: str = ""  # beside the status: « 2 réservataires sur 5 à 25 % ou plus »
    resume: str = ""  # the card's one sentence on the Accueil (`phrase` is the full reading)

    @property
    def en_bref(self) -> str:
        return self.resume or self.phrase

    @property
    def statut_complet(self) -> str:
        return f"{self.statut} ({self.precision})" if self.precision else self.statut


# ---------------------------------------------------------------- production vs PLH


def plh_de_reference(plhs: pd.DataFrame, annee_fin: int) -> plh.Plh | None:
    """The PLH in force at the end of the period; else the latest one begun before it."""
    if plhs.empty:
        return None
    liste = [plh.Plh.depuis_ligne(l) for _, l in plhs.iterrows()]
    en_cours = [p for p in liste if p.contient(annee_fin)]
    if en_cours:
        return en_cours[-1]
    passes = [p for p in liste if p.annee_debut <= annee_fin]
    return passes[-1] if passes else None


_PRODUCTION = {
    # code of plh.tableau_bilan: (title, word, source, catalogue key) — title and source from the catalogue
    code: (catalogue.INDICATEURS[cle].titre_court, mot, catalogue.INDICATEURS[cle].source, cle)
    for code, mot, cle in [
        ("logements", "logements autorisés", "production_logements"),
        ("lls", "logements sociaux financés (PLUS + PLA-I)", "lls_finances"),
        ("accession_aidee", "accessions aidées (PTZ neuf)", "accession_aidee"),
    ]
}
_SINGULIER = {
    "logements autorisés": "logement autorisé",
    "logements sociaux financés (PLUS + PLA-I)": "logement social financé (PLUS + PLA-I)",
    "accessions aidées (PTZ neuf)": "accession aidée (PTZ neuf)",
}


def _accord(n, mot: str) -> str:
    """French agreement: 0 and 1 take the singular."""
    return _SINGULIER.get(mot, mot) if n is not None and abs(float(n)) < 2 else mot


@memoire.pur
def cartes_production(
    production: pd.DataFrame,
    objectifs: pd.DataFrame,
    p: plh.Plh,
    communes: tuple[str, ...],
    annee_fin: int,
    seuil: int,
    aujourd_hui: int | None = None,
) -> list[Carte]:
    """PLH production, LLS and accession aidée: summed over the calendar years the PLH counts,
    from its start to the end of the period (at most the PLH's last year), against the annual
    target × the same years (plh module; catalogue status words: « atteint » / « non atteint »
    for a finished PLH read to its end, « en avance » / « en retard » in its course).

    `production` must be counted on plh.communes_comptees(p, communes) (the PLH's perimeter when
    it is filled); each card says which years are counted and on which communes."""
    annee_bilan = min(annee_fin, p.annee_fin)
    if annee_bilan < p.annee_debut:
        return []
    realise = plh.realise_annuel(production, "autorises", range(p.annee_debut, annee_bilan + 1))
    cibles = plh.objectifs_du_perimetre(objectifs, plh.communes_comptees(p, communes) if communes else ())
    bilan = plh.tableau_bilan(realise, cibles, annee_bilan, p, aujourd_hui=aujourd_hui)
    caches = pd.Series(False, index=bilan.index)
    if communes:
        bilan, caches = plh.masquer_bilan(bilan, seuil)
    periode = f"{p.annee_debut}-{annee_bilan}"
    annees = plh.phrase_annees(p, annee_bilan)
    perimetre = plh.phrase_perimetre(p)
    dehors = plh.hors_perimetre(p, communes)
    cartes = []
    for code, (titre, mot, source, cle) in _PRODUCTION.items():
        b = bilan.loc[code]
        page = "production"
        if caches[code]:
            cartes.append(
                Carte(
                    cle,
                    titre,
                    SECRET,
                    "",
                    SECRET,
                    secret.PHRASE.format(seuil=seuil),
                    "",
                    source,
                    periode,
                    page,
                    resume=RESUME_SECRET,
                )
            )
            continue
        n = len(b["annees_comptees"])
        cible = (
            f"{fr.nombre(b['objectif_cumule'])} fin {annee_bilan} ({fr.nombre(b['objectif_annuel'])} par an × {n} "
            f"année{'s' if n > 1 else ''} comptée{'s' if n > 1 else ''})"
            if b["a_objectif"]
            else "pas d'objectif"
        )
        if b["realise_cumule"] is None:
            statut, phrase = MANQUANT, f"Aucune donnée de {mot} sur les années comptées ({annees})."
            resume = f"Aucune donnée sur les années comptées ({periode})."
        elif not b["a_objectif"]:
            statut = SANS_CIBLE
            phrase = f"{annees} : {fr.nombre(b['realise_cumule'])} {_accord(b['realise_cumule'], mot)} ; pas d'objectif du {p.plh} pour ce périmètre."
            resume = f"{_accord(b['realise_cumule'], mot).capitalize()} ; pas d'objectif du PLH pour ce périmètre."
        else:
            statut = b["statut"]
            phrase = (
                f"{annees} : {fr.nombre(b['realise_cumule'])} {_accord(b['realise_cumule'], mot)} pour un objectif "
                f"cumulé de {fr.nombre(b['objectif_cumule'])} ({fr.nombre(b['objectif_annuel'])} par an × {n}, {p.plh}), "
                f"soit {fr.pourcent(b['taux'])} de l'objectif."
            )
            resume = f"{fr.pourcent(b['taux'])} de l'objectif cumulé : {fr.nombre(b['objectif_cumule'])} attendus fin {annee_bilan}."
            if b["realise_annee"] is not None:
                phrase += f" En {annee_bilan} : {fr.nombre(b['realise_annee'])} pour {fr.nombre(b['objectif_annuel'])} attendus."
            if b["rythme"] is not None:
                restantes = [a for a in p.annees if a > b["annee_bilan"]]
                phrase += (
                    f" Rythme nécessaire : {fr.nombre(b['rythme'])} par an sur les années comptées restantes "
                    f"({plh.texte_annees(restantes)})."
                )
        phrase += f" Communes comptées — {perimetre}."
        if dehors:
            phrase += f" {len(dehors)} commune{'s' if len(dehors) > 1 else ''} choisie{'s' if len(dehors) > 1 else ''} {plh.HORS_PERIMETRE}, non comptée{'s' if len(dehors) > 1 else ''}."
        if b["annees_manquantes"]:
            phrase += f" Cumul incomplet : donnée manquante pour {', '.join(map(str, b['annees_manquantes']))}."
        detail = (
            f"{fr.nombre(b['realise_cumule'])} réalisés / {fr.nombre(b['objectif_cumule'])} attendus fin {annee_bilan} "
            f"= {fr.pourcent(b['taux'])} (cible 100 %) ; {annees} ; {perimetre}"
            if b["a_objectif"] and b["realise_cumule"] is not None
            else f"{annees} ; {perimetre}"
        )
        if b["annees_manquantes"]:
            resume += " Cumul incomplet."
        cartes.append(
            Carte(
                cle,
                titre,
                fr.nombre(b["realise_cumule"]),
                cible,
                statut,
                phrase,
                detail,
                source,
                periode,
                page,
                resume=resume,
            )
        )
    return cartes


# ---------------------------------------------------------------- legal attribution objectives

RESUME_SECRET = "Trop peu de ménages : chiffre caché (secret statistique)."

# The Accueil's sentence: who the objective counts, in a few words.
_PUBLIC_COURT = {
    1: "hors QPV au 1er quartile ou ANRU",
    2: "en QPV aux quartiles 2 à 4",
    3: "aux ménages DALO ou prioritaires",
}

_PUBLIC = {
    1: (
        "des attributions hors QPV suivies d'un bail signé sont allées au 1er quartile ou à des ménages relogés ANRU",
        "hors QPV",
    ),
    2: ("des attributions en QPV sont allées aux quartiles 2 à 4", "en QPV"),
    3: ("des attributions sont allées à des ménages DALO ou publics prioritaires", ""),
}


def derniere_annee(comptes: pd.DataFrame) -> int | None:
    return int(comptes["annee"].max()) if not comptes.empty else None


@memoire.pur
def cartes_attributions(comptes: pd.DataFrame, annee: int | None, objectifs: dict, seuil: int) -> list[Carte]:
    """The three legal objectives for `annee`: `objectifs` is {n: valeurs.Valeur} from
    valeurs.objectifs_territoire (same value, status and mask as the map, the fiche and
    Objectifs légaux); `comptes` gives the sentence's details (gap, unknown flags)."""
    cartes = []
    annee_cu = comptes[comptes["annee"] == annee] if annee is not None else comptes.iloc[0:0]
    ligne = A.sommer(annee_cu, ["annee"]).iloc[0] if not annee_cu.empty else None
    for n, d in A.OBJECTIFS.items():
        ind = catalogue.objectif_attribution(n)
        titre, cible, cle, page, source = ind.titre_court, ind.texte_cible_court, ind.cle, ind.page, ind.source
        titre = f"Objectif légal {n} · {titre.split('·', 1)[-1].strip()}"
        if annee is None:
            cartes.append(
                Carte(
                    cle,
                    titre,
                    fr.MANQUANT,
                    cible,
                    MANQUANT,
                    "Aucune attribution chargée pour la période choisie.",
                    "",
                    source,
                    "–",
                    page,
                )
            )
            continue
        if ligne is None:
            cartes.append(
                Carte(
                    cle,
                    titre,
                    fr.MANQUANT,
                    cible,
                    SANS_OBJET,
                    f"En {annee}, aucune attribution dans le périmètre choisi.",
                    "",
                    source,
                    str(annee),
                    page,
                )
            )
            continue
        v = objectifs[n]
        if v.cache:
            cartes.append(
                Carte(
                    cle,
                    titre,
                    SECRET,
                    cible,
                    SECRET,
                    secret.PHRASE.format(seuil=seuil),
                    "",
                    source,
                    str(annee),
                    page,
                    resume=RESUME_SECRET,
                )
            )
            continue
        if not v.denominateur:
            cartes.append(
                Carte(
                    cle,
                    titre,
                    fr.MANQUANT,
                    cible,
                    SANS_OBJET,
                    f"En {annee}, aucune attribution dans le champ de l'objectif.",
                    "",
                    source,
                    str(annee),
                    page,
                )
            )
            continue
        r = A.Resultat(
            int(v.numerateur), int(v.denominateur), d.cible, int(v.non_renseignes or 0), A.annee_close(annee)
        )
        public, _ = _PUBLIC[n]
        phrase = f"En {annee}, {fr.pourcent(r.taux)} {public} ; l'objectif légal est {fr.pourcent(float(d.cible), 0)}. {r.phrase_ecart()}"
        valeur = fr.pourcent(r.taux)
        resume = f"{fr.nombre(r.numerateur)} sur {fr.nombre(r.denominateur)} {_PUBLIC_COURT[n]} ; cible {cible}."
        if n == 3:
            # The law sets the target for each réservataire: the verdict is the valeurs module's
            # (« atteint » only if every réservataire reaches 25 %); the rate is indicative.
            phrase = (
                f"En {annee}, tous réservataires confondus (taux indicatif), {fr.pourcent(r.taux)} {public}. L'objectif "
                f"légal est {fr.pourcent(float(d.cible), 0)} pour chaque réservataire"
                + (f" : {v.precision}." if v.precision else " : chacun l'atteint." if v.statut == ATTEINT else ".")
            )
            valeur = f"{fr.pourcent(r.taux)} (indicatif)"
            resume = (
                f"{v.precision[0].upper()}{v.precision[1:]} (cible pour chacun)."
                if v.precision
                else f"Cible {cible} pour chaque réservataire"
                + (" : chacun l'atteint." if v.statut == ATTEINT else ".")
            )
        detail = f"{fr.nombre(r.numerateur)} / {fr.nombre(r.denominateur)} = {fr.pourcent(r.taux)} (cible {cible})" + (
            f" ; {r.phrase_non_renseignes()}" if r.non_renseignes else ""
        )
        statut = v.statut
        cartes.append(
            Carte(cle, titre, valeur, cible, statut, phrase, detail, source, str(annee), page, v.precision, resume)
        )
    return cartes


# ---------------------------------------------------------------- the stock


def carte_parc(effectif: pd.Series, effectif_precedent: pd.Series | None, millesime: int) -> Carte:
    """Social dwellings at 1 January (counts of one vintage, `parc.total`): no target, the change in a year."""
    ind = catalogue.INDICATEURS["parc_social"]
    n = int(effectif["logements"])
    qpv = int(effectif["en_qpv"])
    part = qpv / n if n else None
    phrase = f"Au 1er janvier {millesime}, {fr.nombre(n)} logements sociaux, dont {fr.nombre(qpv)} en QPV ({fr.pourcent(part)})."
    if n == 0:
        phrase = f"Aucun logement social au 1er janvier {millesime} dans le périmètre."
    if effectif_precedent is not None and int(effectif_precedent["logements"]):
        delta = n - int(effectif_precedent["logements"])
        signe = "+" if delta > 0 else ""
        phrase += f" {signe}{fr.nombre(delta)} logement{'s' if abs(delta) > 1 else ''} en un an."
    resume = f"Dont {fr.nombre(qpv)} en QPV ({fr.pourcent(part)})." if n else "Aucun logement social dans le périmètre."
    if effectif_precedent is not None and int(effectif_precedent["logements"]):
        resume += f" {signe}{fr.nombre(delta)} en un an."
    return Carte(
        ind.cle,
        ind.titre_court,
        fr.nombre(n),
        ind.texte_cible_court,
        SANS_CIBLE,
        phrase,
        f"{fr.nombre(qpv)} en QPV / {fr.nombre(n)} = {fr.pourcent(part)}",
        ind.source,
        f"1er janvier {millesime}",
        ind.page,
        resume=resume,
    )


def cartes_parc_sans_millesime(annee_fin: int) -> list[Carte]:
    """The two stock cards when no RPLS vintage is dated on or before the period's end (a period
    ending before the first vintage loaded): « donnée manquante », never 0."""
    phrase = (
        f"Aucun millésime du RPLS au 1er janvier {annee_fin} ou avant : choisissez une période qui finit plus tard."
    )
    cartes = []
    for cle in ("parc_social", "dpe_efg"):
        ind = catalogue.INDICATEURS[cle]
        cartes.append(
            Carte(
                ind.cle,
                ind.titre_court,
                fr.MANQUANT,
                ind.texte_cible_court,
                MANQUANT,
                phrase,
                "",
                ind.source,
                fr.MANQUANT,  # as the attribution cards of a period without data: the sentence says why
                ind.page,
                resume=f"Aucun millésime du RPLS jusqu'en {annee_fin}.",
            )
        )
    return cartes


def carte_efg(comptes: pd.Series, millesime: int, comptes_precedents: pd.Series | None = None) -> Carte:
    """Share of E-F-G dwellings among those with a known DPE (parc.part_efg on the counts of one
    vintage, `parc.total`), the unknown count said apart; no numeric target."""
    ind = catalogue.INDICATEURS["dpe_efg"]
    r = parc.part_efg(comptes)
    inconnus = int(comptes.get("dpe_inconnu", 0) or 0)
    if not r.denominateur:
        return Carte(
            ind.cle,
            ind.titre_court,
            fr.MANQUANT,
            ind.texte_cible_court,
            MANQUANT,
            f"Aucun logement social au DPE connu au 1er janvier {millesime} dans le périmètre.",
            "",
            ind.source,
            f"1er janvier {millesime}",
            ind.page,
        )
    phrase = (
        f"Au 1er janvier {millesime}, {fr.nombre(r.numerateur)} logements sociaux sur {fr.nombre(r.denominateur)} au DPE "
        f"connu ({fr.pourcent(r.taux)}) sont classés E, F ou G : ce sont les premiers à rénover."
    )
    if inconnus:
        phrase += f" {fr.nombre(inconnus)} logement{'s' if inconnus > 1 else ''} sans DPE, compté{'s' if inconnus > 1 else ''} à part."
    if comptes_precedents is not None and parc.part_efg(comptes_precedents).denominateur:
        avant = parc.part_efg(comptes_precedents).taux
        points = 100 * (r.taux - avant)
        if round(points, 1) != 0:
            phrase += f" {fr.nombre(abs(points), 1)} point{'s' if abs(points) >= 2 else ''} de {'moins' if points < 0 else 'plus'} qu'un an plus tôt."
    resume = f"{fr.nombre(r.numerateur)} sur {fr.nombre(r.denominateur)} au DPE connu : à rénover en priorité."
    return Carte(
        ind.cle,
        ind.titre_court,
        fr.pourcent(r.taux),
        ind.texte_cible_court,
        SANS_CIBLE,
        phrase,
        f"{fr.nombre(r.numerateur)} / {fr.nombre(r.denominateur)} = {fr.pourcent(r.taux)}"
        + (f" ; {fr.nombre(inconnus)} sans DPE" if inconnus else ""),
        ind.source,
        f"1er janvier {millesime}",
        ind.page,
        resume=resume,
    )


def tableau(cartes: list[Carte]) -> pd.DataFrame:
    """The cards as a table (screen and exports), French column names."""
    return pd.DataFrame(
        [
            {
                "Indicateur": c.titre,
                "Valeur": c.valeur,
                "Cible": c.cible,
                "Situation": catalogue.libelle(c.statut) + (f" ({c.precision})" if c.precision else ""),
                "En une phrase": c.phrase,
                "Numérateur / dénominateur": c.detail,
                "Source": c.source,
                "Millésime": c.millesime,
            }
            for c in cartes
        ],
        columns=[
            "Indicateur",
            "Valeur",
            "Cible",
            "Situation",
            "En une phrase",
            "Numérateur / dénominateur",
            "Source",
            "Millésime",
        ],
    )
