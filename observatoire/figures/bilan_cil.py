"""What the Bilan CIL page exports, built without Streamlit from the tables it shows: the notes
heading every export (sources, reading of the contribution solidaire, rules, definitions), the
XLSX workbook and the printable A4 document; and the sentences under its tables."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from observatoire.figures import bilan_imprimable as I
from observatoire.figures import diaporama as D
from observatoire.figures import exports
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue
from observatoire.indicateurs import contingent as C
from observatoire.secret import suppression as secret

SOURCE = "SNE / exports des bailleurs (attributions) ; bailleurs (entrées de la gestion en flux)"
CLES_COMMUNE = [("commune", "Commune", "texte"), ("code_insee", "Code INSEE", "texte")]
CLES_BAILLEUR = [("bailleur", "Bailleur", "texte")]
CLES_RESERVATAIRE = [("reservataire", "Réservataire", "texte")]
# Rows by commune mix réservataires: objective 3's rate there is indicative.
COLONNES_OBJECTIFS = A.colonnes_objectif(1) + A.colonnes_objectif(2) + A.colonnes_objectif(3, indicatif=True)


def definitions(lecture: str) -> dict[str, str]:
    """The bilan's column definitions, each a sentence (capital, full stop)."""
    return {k: v[0].upper() + v[1:] + "." for k, v in C.definitions_bilan(lecture).items()}


def phrase_lecture(lecture: str) -> str:
    autre = C.autre_lecture(lecture)
    return (
        f"**Contribution solidaire** (article 5) : au moins un quart des attributions va aux ménages DALO ou publics "
        f"prioritaires L.441-1. L'article se lit de deux façons ; **lecture retenue** : {C.LECTURES[lecture][1]}. "
        f"Le chiffre de l'autre lecture ({C.LECTURES[autre][0]}) est donné à côté. Le minimum est arrondi à l'entier "
        "supérieur (« au moins un quart »)."
    )


def libelle_lecture(cle: str) -> str:
    """A reading as the analyste's radio button offers it."""
    return C.LECTURES[cle][0][0].upper() + C.LECTURES[cle][0][1:] + (" (par défaut)" if cle == C.LECTURE_DEFAUT else "")


def ligne_statut(l) -> str:
    """One art. 11 figure as a markdown line: its status badge, the element and its sentence."""
    p = catalogue.PRESENTATION[l.statut]
    return f":{p.couleur}-badge[{p.icone} {p.mot}] **{l.element}** — {l.phrase}"


def legende_objectifs(annee: int, close: bool, phrase_fin: str) -> str:
    return (
        f"Les trois objectifs légaux en {annee} pour le périmètre choisi, avec numérateur, dénominateur et cible "
        + (
            "(année close : « atteint » ou « non atteint »). "
            if close
            else "(année en cours : « en avance » ou « en retard »). "
        )
        + "L'objectif 3 s'apprécie réservataire par réservataire : il n'est atteint que si chacun atteint 25 % ; le taux "
        "tous réservataires confondus n'est qu'un chiffre indicatif." + phrase_fin
    )


def fin_legende_objectifs(objectifs_caches: bool, selection_de_communes: bool, phrases: tuple[str, str]) -> str:
    """The end of the objectives' caption: why a figure is hidden (`phrases`: the secret's sentence,
    and its « why » for a selection of communes, shown with the CU's table in its place)."""
    phrase_secret, pourquoi = phrases
    if not objectifs_caches:
        return ""
    return f" {pourquoi}" if selection_de_communes else f" {phrase_secret}"


def perimetre_de_l_annee(perimetre: str, annee: int) -> str:
    """« Arras · tous les bailleurs · 2025 »: a filter perimeter with its period replaced by the year."""
    return perimetre.rsplit(" · ", 1)[0] + f" · {annee}"


def legende_evolution(points_caches: bool) -> str:
    return (
        "Chaque ligne suit un objectif légal année par année ; les lignes pointillées noires sont les cibles légales."
        + (
            f" Les points couverts par le secret statistique sont absents (ligne interrompue). {secret.POURQUOI_SELECTION}"
            if points_caches
            else ""
        )
    )


def notices(
    annee: int,
    perimetre: str,
    avertissement: str | None,
    lecture: str,
    lignes_article_11: list,
    phrase_secret: str,
    selection_couverte: bool,
) -> dict[str, str]:
    """The notes heading the workbook and the document, in this order."""
    autre = C.autre_lecture(lecture)
    return {
        "Source": SOURCE,
        "Millésime": str(annee),
        "Filtres": perimetre,
        **({"Avertissement": avertissement} if avertissement else {}),
        "Contribution solidaire : lecture retenue": f"{C.LECTURES[lecture][1]} (réglage de l'observatoire ; autre "
        f"lecture, donnée à côté : {C.LECTURES[autre][1]}).",
        **{f"Article 11 : {l.element}": f"{catalogue.libelle(l.statut)}. {l.phrase}" for l in lignes_article_11},
        **definitions(lecture),
        "Flux dû du contingent": f"20 % × (mises en location − exclusions du flux), par bailleur ({C.SOURCE_CONVENTION}, "
        f"article 4 et annexe 2). {C.REGLE_ARRONDI} {C.REGLE_PREMIERES}",
        "Flux réalisé": "attributions du contingent communautaire et des contingents communaux (une seule entité, "
        "article 3) suivies d'un bail signé ; statut : année close « atteint / non atteint », année en cours « en "
        "avance / en retard » au rythme attendu à ce jour.",
        **{
            d.titre: f"{d.regle} Numérateur : {d.numerateur}. Dénominateur : {d.denominateur}."
            for d in A.OBJECTIFS.values()
        },
        "Non renseigné": "Un drapeau manquant est exclu du numérateur et du dénominateur (compté à part), jamais "
        "compté comme « non ».",
        "Secret statistique": phrase_secret,
        **({"Sélection": secret.POURQUOI_SELECTION} if selection_couverte else {}),
    }


@dataclass(frozen=True)
class Exports:
    """The very tables the screen shows (same masks, same withheld totals, same CU tables in their
    place), for the workbook and the document; they are built only when a button is clicked.
    `tm_real` is None when the reader may not see the detail by landlord."""

    annee: int
    perimetre: str
    sources: dict[str, str]
    phrase_secret: str
    lecture: str
    bilan: object  # contingent.bilan_article_11
    tm_real: object | None
    objectifs_texte: pd.DataFrame
    objectifs_cu_texte: pd.DataFrame | None
    tm_res: object
    tm_obj: object
    evolution: pd.DataFrame

    @property
    def periode_ev(self) -> str:
        return periode_evolution(self.evolution, self.annee)

    def classeur(self) -> bytes:
        lignes_cu = self.bilan.lignes_cu
        feuille_bailleurs = (
            {"Contingent par bailleur": A.mettre_en_forme(self.tm_real, CLES_BAILLEUR, C.COLONNES_REALISE, texte=False)}
            if self.tm_real is not None
            else {}
        )
        return exports.classeur_xlsx(
            {
                "Article 11": C.tableau_totaux_article_11(self.bilan.lignes, texte=False),
                **(
                    {f"Article 11 {C.TOUTE_LA_CU}": C.tableau_totaux_article_11(lignes_cu, texte=False)}
                    if lignes_cu
                    else {}
                ),
                "Bilan par commune": A.mettre_en_forme(
                    self.bilan.par_commune, CLES_COMMUNE, C.colonnes_bilan(self.lecture), texte=False
                ),
                **feuille_bailleurs,
                "Objectifs légaux": self.objectifs_texte,
                **(
                    {f"Objectifs légaux {C.TOUTE_LA_CU}": self.objectifs_cu_texte}
                    if self.objectifs_cu_texte is not None
                    else {}
                ),
                "Objectif 3 par réservataire": A.mettre_en_forme(
                    self.tm_res, CLES_RESERVATAIRE, A.colonnes_objectif(3), texte=False
                ),
                "Objectifs par commune": A.mettre_en_forme(self.tm_obj, CLES_COMMUNE, COLONNES_OBJECTIFS, texte=False),
                "Évolution des objectifs": C.tableau_evolution_export(self.evolution),
            },
            self.sources,
            colonnes_pourcent=[lab for _, lab, g in COLONNES_OBJECTIFS + C.COLONNES_REALISE if g == "pourcent"]
            + [C.LIBELLE_TAUX_EVOLUTION],
        )

    def document(self) -> bytes:
        """A4 portrait, static SVG charts (no plotly.js: the document stays under a few hundred kB)."""
        annee, bilan = self.annee, self.bilan
        chiffres_11, portee_11 = D.chiffres_article_11(bilan)
        avertissement = (
            [("", I.avertissement(self.sources["Avertissement"]))] if "Avertissement" in self.sources else []
        )
        # The sentences of the three figures are the table's « Lecture » column: not repeated below it.
        blocs_cu = (
            [(f"Les trois chiffres de l'article 11 pour {C.TOUTE_LA_CU}", C.tableau_totaux_article_11(bilan.lignes_cu))]
            if bilan.lignes_cu
            else []
        )
        real_texte = (
            A.mettre_en_forme(self.tm_real, CLES_BAILLEUR, C.COLONNES_REALISE)
            if self.tm_real is not None
            else "Le détail par bailleur est réservé au rôle analyste."
        )
        return exports.document_html(
            f"Bilan annuel des attributions {annee} — Conférence Intercommunale du Logement de la CU d'Arras",
            [
                *avertissement,
                ("", f"Périmètre : {self.perimetre}. Source : {SOURCE}."),
                (
                    f"1. Bilan {annee} : les trois chiffres de l'article 11" + (f" ({portee_11})" if portee_11 else ""),
                    I.chiffres_article_11(chiffres_11),
                ),
                ("", C.tableau_totaux_article_11(bilan.lignes)),
                *blocs_cu,
                ("", self.sources["Contribution solidaire : lecture retenue"]),
                (
                    f"§ Bilan {annee} par commune",
                    I.tableau_large(A.mettre_en_forme(bilan.par_commune, CLES_COMMUNE, C.colonnes_bilan(self.lecture))),
                ),
                ("", self.phrase_secret + ("" if bilan.publiable else f" {secret.POURQUOI_SELECTION}")),
                ("", I.barres_communes(bilan.par_commune, annee)),
                (
                    f"§ 2. Contingent communautaire {annee} : flux dû et flux réalisé par bailleur ({C.TOUTE_LA_CU})",
                    real_texte,
                ),
                (f"§ 3. Objectifs légaux d'attribution {annee}", self.objectifs_texte),
                *(
                    [(f"Les trois objectifs légaux pour {C.TOUTE_LA_CU}", self.objectifs_cu_texte)]
                    if self.objectifs_cu_texte is not None
                    else []
                ),
                (
                    "Objectif 3 par réservataire",
                    A.mettre_en_forme(self.tm_res, CLES_RESERVATAIRE, A.colonnes_objectif(3)),
                ),
                (
                    "Évolution des trois objectifs",
                    I.courbes_objectifs(self.evolution, f"Les trois objectifs légaux, {self.periode_ev}"),
                ),
                ("", legende_evolution(bool(self.evolution["cache"].any()))),
                (
                    "§ Les trois objectifs par commune",
                    I.tableau_large(A.mettre_en_forme(self.tm_obj, CLES_COMMUNE, COLONNES_OBJECTIFS)),
                ),
            ],
            self.sources,
            style=I.STYLE_A4,
        ).encode("utf-8")


def periode_evolution(evolution: pd.DataFrame, annee: int) -> str:
    """« 2017-2025 »: the evolution chart's years, up to the bilan's."""
    return f"{int(evolution['annee'].min())}-{annee}"


def objectif_3_reservataires(comptes: pd.DataFrame, annee: int, seuil: int, bailleurs) -> A.TableauMasque:
    """Objective 3 per réservataire; with a landlord filter, its total hidden when the counts of
    the selection are too few to publish."""
    tm = A.tableau_objectifs(comptes, annee, ["reservataire"], objectifs=[3], seuil=seuil)
    if (
        bailleurs
        and len(tm.total)
        and not C.total_publiable(tm.total.iloc[0], seuil, ["o3_num", "o3_den"], [("o3_num", "o3_den")])
    ):
        tm.total_caches = frozenset(c for c, _, _ in A.colonnes_objectif(3))
    return tm


# ---------------------------------------------------------------- the sentences under the tables


def legende_par_commune(annee: int, phrase_secret: str, publiable: bool) -> str:
    return (
        f"Une ligne par commune : attributions de {annee} au titre du contingent communautaire et communal, refus, flux "
        f"réalisé (bail signé), et ménages logés au titre de la contribution solidaire contre le minimum d'un quart "
        f"(lecture retenue, puis l'autre lecture). Les cases masquées sont les mêmes quelle que soit la sélection de "
        f"communes ; une commune masquée dans les objectifs légaux par commune l'est aussi ici. {phrase_secret}"
        + ("" if publiable else f" {secret.POURQUOI_SELECTION}")
    )


def legende_graphique_communes(annee: int) -> str:
    return (
        f"Attributions de {annee} au titre du contingent communautaire et communal, par commune (les communes dont "
        "l'effectif est couvert par le secret statistique sont nommées sous le graphique, sans barre)."
    )


def legende_realise(phrase_secret: str) -> str:
    return (
        f"Flux dû de l'année (20 % de l'assiette) et flux réalisé (attributions du contingent communautaire et "
        f"communal suivies d'un bail signé), par bailleur, avec le statut de l'année, pour {C.TOUTE_LA_CU} : le "
        f"flux dû est fixé pour la CU, quel que soit le filtre de communes. {phrase_secret}"
    )


def legende_reservataires(annee: int, selection_de_communes: bool, phrase_secret: str) -> str:
    return (
        f"Objectif 3 pour chaque réservataire en {annee} (le bailleur compte pour son parc non réservé)"
        + (
            f", pour {C.TOUTE_LA_CU} : par réservataire, une sélection de communes moins une autre donnerait le "
            "chiffre d'un réservataire dans une commune"
            if selection_de_communes
            else ""
        )
        + f". {phrase_secret}"
    )


def legende_objectifs_communes(annee: int, phrase_secret: str, total_cache: bool) -> str:
    return (
        f"Numérateur, dénominateur, taux et statut des trois objectifs en {annee}, commune par commune (mêmes cases "
        f"masquées que sur Objectifs légaux, la carte et la fiche). {phrase_secret}"
        + (f" {secret.POURQUOI_SELECTION}" if total_cache else "")
    )


INTRODUCTION = (
    "Le bilan que l'article 11 de la convention de réservation demande de présenter chaque année à la Conférence "
    "Intercommunale du Logement : par commune, les attributions au titre du **contingent communautaire**, le "
    "nombre de **refus** et les ménages logés au titre de la **contribution solidaire** ; puis les trois objectifs "
    "légaux d'attribution de l'année."
)


def avertissement(jeux_demo: list[str]) -> str | None:
    """The exports' demo warning, naming the invented datasets; None with real data only."""
    return "Données de démonstration, inventées : " + ", ".join(jeux_demo) + "." if jeux_demo else None
