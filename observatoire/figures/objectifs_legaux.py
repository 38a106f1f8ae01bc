"""What the Objectifs légaux page (pages/attributions.py) shows, built without Streamlit from the
attribution counts: the three headline cards' texts, the evolution table, the QPV / hors QPV
table, the 1st-quartile thresholds table, the workbook's sheets and notes, and the longer
sentences."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from observatoire import formats as fr
from observatoire.base import memoire
from observatoire.indicateurs import attributions as A
from observatoire.secret import suppression as secret
from observatoire.secret import valeurs

SOURCE = "SNE / exports des bailleurs (attributions)"
SOURCE_SEUILS = "Arrêtés annuels (seuils du 1er quartile)"
CLES_COMMUNE = [("commune", "Commune", "texte"), ("code_insee", "Code INSEE", "texte")]
CLES_BAILLEUR = [("bailleur", "Bailleur", "texte")]
CLES_RESERVATAIRE = [("reservataire", "Réservataire", "texte")]
# Rows by commune or landlord mix réservataires: objective 3's rate there is indicative.
COLONNES = A.colonnes_objectif(1) + A.colonnes_objectif(2) + A.colonnes_objectif(3, indicatif=True)
DECRETS = {2015: "décret 2014-1750", 2024: "décret 2023-1314"}
STATUTS_SEUILS = {True: "démo (inventé)", False: "saisi"}


def definitions() -> list[str]:
    """The « Définitions des trois objectifs » expander, a markdown paragraph each."""
    return [
        f"**{d.titre}.** {d.regle}  \nNumérateur : {d.numerateur}. Dénominateur : {d.denominateur}."
        for d in A.OBJECTIFS.values()
    ] + [
        "**Taux légal.** Le dénominateur compte toutes les attributions du champ de l'objectif. Une attribution "
        "dont le drapeau manque (quartile, relogement ANRU, public prioritaire) est **non renseignée** : elle reste "
        "au dénominateur et n'entre pas au numérateur ; leur nombre est affiché à côté, avec le "
        f"**{A.LIBELLE_TAUX_CONNUS}** (numérateur ÷ attributions au drapeau connu), chiffre secondaire. "
        "Le 1er quartile est le drapeau déclaré dans l'export ; à défaut, les ressources déclarées par unité de "
        "consommation comparées au seuil de l'arrêté de l'année (plus bas sur cette page). "
        "**Objectif 3** : « atteint » seulement si chaque réservataire atteint 25 % ; le taux tous réservataires "
        f"confondus est un **{A.LIBELLE_INDICATIF_3}**. "
        "**Géographie prioritaire** : chaque année est comptée sur la liste des QPV en vigueur (liste 2015 avant 2024, "
        "liste 2024 à partir du 1er janvier 2024). "
        f"{A.LIMITE_EX_ZUS} "
        "L'écart « il manquait N attributions » est calculé à volume d'attributions égal. Une année finie se lit "
        "« atteint / non atteint », l'année en cours « en avance / en retard »."
    ]


def phrase_geographie(annee: int, g) -> str:
    return (
        f"En {annee}, « en QPV » et « hors QPV » sont mesurés sur la **géographie prioritaire {g}** "
        f"({DECRETS.get(g, '')})."
        if g
        else f"La géographie prioritaire de {annee} n'est pas renseignée dans les attributions."
    )


@dataclass(frozen=True)
class Carte:
    """One objective's headline card: its figure, the markdown blocks under it, and its caption
    (None for a hidden figure, whose block says « secret statistique »)."""

    titre: str
    valeur: str
    aide: str
    textes: list[str]
    legende: str | None


def carte(
    n: int, cua, close: bool, v, reservataire: str | None, o3, par_reservataire: bool, phrase_secret: str
) -> Carte:
    """`cua`: the year's summed counts; `v`: the objective as valeurs.objectifs_territoire gives it
    (value, status, mask); `o3`: A.objectif_3 of the year, said when `par_reservataire`."""
    d = A.OBJECTIFS[n]
    cible = fr.pourcent(float(d.cible), 0)
    if v.cache:
        return Carte(
            A.TITRES_CARTES[n],
            secret.SECRET,
            d.regle,
            [f"**{A.libelle_statut(v.statut)}** · cible ≥ {cible}  \n{phrase_secret}"],
            None,
        )
    r = A.resultat(n, cua, close)
    if n == 3:
        # The law sets 25 % for each réservataire: the verdict is per réservataire, the
        # all-réservataires rate only indicative.
        statut = A.libelle_statut(v.statut) + (f" ({v.precision})" if v.precision else "")
        quoi = f"réservataire « {reservataire} »" if reservataire else A.LIBELLE_INDICATIF_3
        textes = [
            f"**{statut}** · cible ≥ {cible} pour chaque réservataire  \n"
            f"{fr.pourcent(r.taux)} : {quoi} · **{fr.nombre(r.numerateur)}** sur **{fr.nombre(r.denominateur)}** "
            f"{d.denominateur}"
        ]
        if par_reservataire:
            manque = (
                f" Il manquait {fr.nombre(o3.manque)} attribution{'s' if o3.manque > 1 else ''} aux "
                "réservataires sous 25 %."
                if o3.manque
                else ""
            )
            textes.append(
                f"L'obligation s'applique à **chaque** réservataire : **{o3.atteints} sur {o3.mesures}** "
                f"l'atteignent (onglet « Par réservataire »).{manque}"
            )
    else:
        textes = [
            f"**{A.libelle_statut(r.statut)}** · cible ≥ {cible}  \n"
            f"**{fr.nombre(r.numerateur)}** sur **{fr.nombre(r.denominateur)}** {d.denominateur}  \n"
            f"{r.phrase_ecart()}"
        ]
    legende = f"Numérateur : {d.numerateur}. " + (
        f"Dénominateur légal {fr.nombre(r.denominateur)}, {r.phrase_non_renseignes()} ; {r.phrase_taux_connus()}."
        if r.non_renseignes
        else "Aucun drapeau non renseigné."
    )
    return Carte(A.TITRES_CARTES[n], fr.pourcent(r.taux), d.regle, textes, legende)


def notes_annee(cua, annee: int) -> list[str]:
    """The captions under the cards: ex-ZUS, unknown lease, unknown QPV location."""
    notes = [f"Objectif 1, {annee} : {phrase}" for phrase in A.phrases_ex_zus(cua, annee)]
    if cua["o1_bail_nr"]:
        notes.append(
            f"Objectif 1 : {fr.nombre(cua['o1_bail_nr'])} attribution(s) hors QPV sans information sur le bail, exclues."
        )
    if cua["qpv_nr"]:
        notes.append(
            f"{fr.nombre(cua['qpv_nr'])} attribution(s) sans localisation QPV / hors QPV, exclues des objectifs 1 et 2."
        )
    return notes


def legende_evolution(geo: dict) -> str:
    return (
        "Chaque ligne suit un objectif légal année par année (taux légal : part de toutes les attributions du champ "
        "qui vont au public visé ; pour l'objectif 3, taux indicatif, tous réservataires) ; "
        "les lignes pointillées noires sont les cibles légales (25 % pour les objectifs 1 et 3, 50 % pour l'objectif 2). "
        "Géographie prioritaire en vigueur : " + ", ".join(f"{a} → QPV {g}" for a, g in sorted(geo.items())) + "."
    )


@memoire.pur
def phrase_ex_zus(comptes: pd.DataFrame) -> str:
    """The years of the ex-ZUS period whose leases do not say whether the dwelling is in an
    ancienne ZUS; empty when none."""
    debut_zus, fin_zus = A.PERIODE_EX_ZUS
    par_an = A.sommer(comptes, ["annee"])
    sans_zus = par_an[par_an["annee"].between(debut_zus, fin_zus) & (par_an["o1_ex_zus_nr"] > 0)]
    if not len(sans_zus):
        return ""
    return (
        f"Anciennes ZUS : pour {', '.join(str(int(a)) for a in sans_zus['annee'])}, "
        f"{fr.nombre(int(sans_zus['o1_ex_zus_nr'].sum()))} attribution(s) hors QPV suivies d'un bail n'indiquent pas "
        "si le logement est en ancienne ZUS (colonne « ex_zus » vide ou absente) : elles sont comptées hors QPV, "
        "au dénominateur de l'objectif 1."
    )


@memoire.pur
def table_evolution(ev: pd.DataFrame) -> pd.DataFrame:
    """The chart's figures in words (numerators, denominators, targets); hidden points « secret statistique »."""
    t = ev.assign(
        annee=ev["annee"].astype(str),
        numerateur=ev["numerateur"].map(fr.nombre),
        denominateur=ev["denominateur"].map(fr.nombre),
        non_renseignes=ev["non_renseignes"].map(fr.nombre),
        manque=ev["manque"].map(fr.nombre),
        objectif=ev["objectif"].map(A.TITRES_COURTS),
        taux=ev["taux"].map(fr.pourcent),
        taux_connus=ev["taux_connus"].map(fr.pourcent),
        cible=ev["cible"].map(lambda c: fr.pourcent(c, 0)),
        statut=[A.libelle_statut(s) + (f" ({p})" if p else "") for s, p in zip(ev["statut"], ev["precision"])],
    )
    t.loc[ev["cache"].to_numpy(), ["numerateur", "denominateur", "non_renseignes", "manque", "taux", "taux_connus"]] = (
        secret.SECRET
    )
    return t.rename(columns=A.LIBELLES_EVOLUTION)


@memoire.pur
def export_evolution(ev: pd.DataFrame) -> pd.DataFrame:
    """The workbook's « Évolution » sheet: exactly what the screen shows, hidden points « secret statistique »."""
    sortie = ev.assign(objectif=ev["objectif"].map(A.TITRES_COURTS)).astype("object")
    sortie.loc[ev["cache"].to_numpy(), valeurs.COLONNES_EVOLUTION_MASQUEES] = secret.SECRET
    return sortie.drop(columns="cache").rename(columns=A.LIBELLES_EVOLUTION)


@memoire.pur
def table_qpv(q: pd.DataFrame) -> pd.DataFrame:
    """A.qpv_hors_qpv in words: counts « n / d » and shares."""
    return pd.DataFrame(
        {
            "Zone": q["zone"],
            "Attributions": q["attributions"].map(fr.nombre),
            "1er quartile": [
                f"{fr.nombre(a)} / {fr.nombre(b)}" for a, b in zip(q["premier_quartile"], q["premier_quartile_den"])
            ],
            "Part du 1er quartile": q["part_premier_quartile"].map(fr.pourcent),
            "1er quartile non renseigné": q["premier_quartile_nr"].map(fr.nombre),
            "Publics prioritaires": [
                f"{fr.nombre(a)} / {fr.nombre(b)}" for a, b in zip(q["prioritaires"], q["prioritaires_den"])
            ],
            "Part des publics prioritaires": q["part_prioritaires"].map(fr.pourcent),
            "Priorité non renseignée": q["prioritaires_nr"].map(fr.nombre),
        }
    )


def notices(annee: int, annee_debut: int, annee_fin: int, perimetre: str, phrase_secret: str) -> dict[str, str]:
    """The notes heading the workbook."""
    return {
        "Source": SOURCE,
        "Millésime": f"{annee_debut}-{annee_fin} (détail : {annee})",
        "Filtres": perimetre,
        "Secret statistique": phrase_secret,
        **{
            d.titre: f"{d.regle} Numérateur : {d.numerateur}. Dénominateur : {d.denominateur}."
            for d in A.OBJECTIFS.values()
        },
        "Non renseigné": "Taux légal : une attribution au drapeau manquant reste au dénominateur et n'entre pas au "
        f"numérateur ; leur nombre est donné à part, avec le {A.LIBELLE_TAUX_CONNUS} (chiffre secondaire).",
        "Objectif 3": "« Atteint » seulement si chaque réservataire atteint 25 % ; le taux tous réservataires confondus "
        f"est un {A.LIBELLE_INDICATIF_3}.",
        "Géographie prioritaire": "Chaque année est comptée sur la liste des QPV en vigueur : liste 2015 avant 2024, "
        "liste 2024 à partir du 1er janvier 2024.",
        "Anciennes ZUS": A.LIMITE_EX_ZUS,
    }


# The workbook's percentage columns (its sheets hold rates as numbers).
COLONNES_POURCENT = (
    [lab for _, lab, g in COLONNES + A.colonnes_objectif(3) if g == "pourcent"]
    + [A.LIBELLES_EVOLUTION[c] for c in ("taux", "taux_connus", "cible")]
    + ["Part du 1er quartile", "Part des publics prioritaires"]
)


@memoire.pur
def seuils_editables(seuils: pd.DataFrame) -> pd.DataFrame:
    """The thresholds as the analyste's editor shows them (the amount as French text)."""
    return seuils.assign(
        statut=seuils["demo"].map(STATUTS_SEUILS),
        seuil_euros_uc=seuils["seuil_euros_uc"].map(lambda x: fr.nombre(x, 1)),
    )[["annee", "seuil_euros_uc", "statut"]]


@memoire.pur
def seuils_en_lecture(seuils: pd.DataFrame) -> pd.DataFrame:
    """The thresholds, public (arrêtés), as the other roles read them."""
    return pd.DataFrame(
        {
            "Année": seuils["annee"].astype(str),
            "Seuil (€/an/UC)": seuils["seuil_euros_uc"].astype(float),
            "Statut": seuils["demo"].map(STATUTS_SEUILS),
        }
    )


def legende_communes(annee: int, phrase_secret: str) -> str:
    return (
        f"Chaque ligne donne, pour une commune, le numérateur, le dénominateur (légal : drapeaux inconnus compris), le "
        f"taux et le statut des trois objectifs en {annee}. Objectif 3 : taux indicatif, tous réservataires ; le "
        f"statut est celui de l'obligation, réservataire par réservataire, sur chaque ligne. Les cases masquées sont les "
        f"mêmes que sur la carte et la fiche commune. {phrase_secret}"
    )


def legende_reservataires(annee: int, phrase_secret: str) -> str:
    return (
        f"Part des attributions de chaque réservataire qui vont à des ménages DALO ou publics prioritaires L.441-1 en "
        f"{annee} ; « Bailleur (non réservé) » est le bailleur pour son parc non réservé. La ligne pointillée est la "
        f"cible légale de 25 %, qui s'applique à chaque réservataire. {phrase_secret}"
    )


def legende_qpv(annee: int, geographie) -> str:
    return (
        f"En {annee}, part des attributions au 1er quartile et part aux publics prioritaires, en QPV et hors QPV "
        f"(toutes attributions, bail signé ou non ; géographie prioritaire {geographie})."
    )


PHRASE_SEUILS = (
    "Le seuil de ressources du 1er quartile (€ par an et par unité de consommation) est fixé chaque année par arrêté. "
    "Le drapeau « 1er quartile » déclaré dans l'export prime ; quand il manque et que l'export donne les ressources par "
    "UC, le 1er quartile se lit sur le seuil de l'année (ressources strictement inférieures). Un seuil saisi ici ou "
    "importé (annexe de l'arrêté, page Données) change les objectifs aussitôt et ne modifie jamais un drapeau déclaré."
)


def message_seuils(n: int) -> str:
    return (
        f"{n} seuil(s) enregistré(s) ; les objectifs sont recalculés (1er quartile lu sur "
        "ce seuil pour les attributions sans drapeau déclaré)."
    )


INTRODUCTION = (
    "Les trois objectifs d'attribution de la loi Égalité et Citoyenneté (CCH, art. L.441-1), "
    "mesurés par année civile : **25 %** des attributions hors QPV au 1er quartile, **50 %** des "
    "attributions en QPV aux quartiles 2 à 4, **25 %** des attributions de chaque réservataire aux "
    "publics prioritaires."
)
PHRASE_BAILLEURS_CU = (
    "Le détail par bailleur est donné pour toute la CU (retirez le filtre de communes) ; pour une commune, "
    "choisissez un bailleur dans le filtre « Bailleurs » : la carte et le tableau par commune appliquent "
    "alors la même règle de secret statistique."
)
PHRASE_QPV_CACHES = (
    f"{secret.POURQUOI_SELECTION.split(' Le chiffre')[0]} Les chiffres en QPV et hors QPV de toute la CU sont "
    "sur cette page sans filtre de communes."
)
