"""The CIL diaporama's slides as plain data: one message per slide — a headline figure with its
catalogue status, one chart with value labels, the source — built from results the other pages
already compute (synthese cards, plh bilan, valeurs evolution, contingent.bilan_article_11): no
figure is computed or masked again here, so a slide never shows what those surfaces withhold.

The page (pages/diaporama.py) only reads the data, calls these functions and draws a `Diapo`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from observatoire import formats as fr
from observatoire.figures.couleurs import BLEU, GRIS, ORANGE
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue, plh
from observatoire.indicateurs import contingent as C
from observatoire.secret import suppression as secret

# A slide is projected at 1280×720 at worst: the chart and the headline share the height with the
# title and the navigation row (presentation mode enlarges it by 10 %).
HAUTEUR_GRAPHIQUE = 330
SOURCE_ATTRIB = "SNE / exports des bailleurs (attributions)"
SOURCE_CONTINGENT = "SNE / exports des bailleurs (attributions) ; bailleurs (entrées de la gestion en flux)"


@dataclass(frozen=True)
class Chiffre:
    """A headline figure: what it counts, its value in French, its status and its reference."""

    libelle: str
    valeur: str
    statut: str
    reference: str = ""  # the target or reference, in words (« objectif : 550 par an »)


@dataclass(frozen=True)
class Diapo:
    titre: str
    chiffres: tuple[Chiffre, ...]
    phrase: str  # the one sentence that reads the figure
    source: str
    millesime: str
    figure: object | None = None  # a Plotly figure with value labels, or None
    note: str = ""  # what the chart shows, in a sentence
    lignes: tuple[str, ...] = field(default=())  # detail lines (markdown) kept for the normal mode


def _vide(titre: str, message: str, source: str, millesime: str = "–") -> Diapo:
    return Diapo(titre, (Chiffre(titre, fr.MANQUANT, catalogue.MANQUANT),), message, source, millesime)


# ---------------------------------------------------------------- PLH production


def diapo_production(cartes: list, bilan: pd.DataFrame | None, p: plh.Plh | None, annee_bilan: int | None) -> Diapo:
    """Realised cumulated against the cumulated target of the PLH (synthese.cartes_production and
    plh.tableau_bilan on the same years): the dwellings card as headline, the three indicators as bars."""
    titre = "Production de logements et objectifs du PLH"
    if p is None or not cartes or bilan is None:
        return _vide(titre, "Pas de PLH en cours sur la période choisie.", "Sitadel, agréments, PTZ")
    import plotly.graph_objects as go

    logements = cartes[0]
    lignes = [(c, bilan.loc[code]) for c, code in zip(cartes, ("logements", "lls", "accession_aidee"))]
    lignes = [
        (c, b) for c, b in lignes if c.statut not in (catalogue.SECRET, catalogue.MANQUANT) and b["taux"] is not None
    ]
    fig = None
    if lignes:
        fig = go.Figure(
            go.Bar(
                y=[c.titre for c, _ in lignes],
                x=[b["taux"] for _, b in lignes],
                orientation="h",
                marker=dict(
                    color=[catalogue.PRESENTATION[c.statut].hexa for c, _ in lignes],
                    pattern_shape=[
                        "" if c.statut in (catalogue.ATTEINT, catalogue.EN_AVANCE) else "/" for c, _ in lignes
                    ],
                ),
                # Outside the bar: a label over hatching is unreadable from the back of the room.
                text=[
                    f"{fr.pourcent(b['taux'], 0)} ({fr.nombre(b['realise_cumule'])} / {fr.nombre(b['objectif_cumule'])})"
                    for c, b in lignes
                ],
                textposition="outside",
                cliponaxis=False,
            )
        )
        fig.add_vline(
            x=1, line_dash="dash", line_color="#000", annotation_text="objectif : 100 %", annotation_position="top"
        )
        fig.update_layout(
            title=f"Réalisé cumulé {p.annee_debut}-{annee_bilan} / objectif cumulé",
            height=HAUTEUR_GRAPHIQUE,
            margin=dict(l=10, r=20, t=70, b=30),
            showlegend=False,
            xaxis=dict(
                tickformat=".0%", title=None, range=[0, 1.6 * max([1.0] + [float(b["taux"]) for _, b in lignes])]
            ),
            yaxis=dict(title=None, autorange="reversed", automargin=True),
        )
    return Diapo(
        titre,
        (Chiffre(f"{logements.titre}, {p.plh}", logements.valeur, logements.statut, f"objectif : {logements.cible}"),),
        logements.phrase,
        "Sitadel, agréments, PTZ",
        f"{p.annee_debut}-{annee_bilan}",
        fig,
        "Chaque barre rapporte le réalisé depuis le début du PLH à l'objectif attendu à cette date (100 % : "
        "objectif tenu) ; plein : atteint, hachuré : non atteint.",
        tuple(f"- **{c.titre}** ({catalogue.libelle(c.statut)}) : {c.phrase}" for c in cartes),
    )


def figure_annuelle(serie: pd.Series, p: plh.Plh | None, annuel: float | None):
    """Dwellings authorised per year, and the PLH's annual target drawn over the PLH's own years
    only: after the PLH ended there is no target (none drawn)."""
    import plotly.graph_objects as go

    valeurs = [None if v is None or v is pd.NA or v != v else float(v) for v in serie.astype("object")]
    fig = go.Figure(
        go.Bar(
            x=list(serie.index),
            y=valeurs,
            marker_color=BLEU,
            name="logements autorisés",
            text=[fr.nombre(v) for v in valeurs],
            textposition="outside",
            cliponaxis=False,
        )
    )
    if p is not None and annuel:
        annees = [a for a in serie.index if p.contient(int(a))]
        if annees:
            x0, x1 = min(annees) - 0.45, max(annees) + 0.45
            fig.add_trace(
                go.Scatter(
                    x=[x0, x1],
                    y=[annuel, annuel],
                    mode="lines",
                    line=dict(color=ORANGE, dash="dash", width=3),
                    name=f"objectif du {p.plh} : {fr.nombre(annuel)} par an",
                    hoverinfo="skip",
                )
            )
    hauts = [v for v in valeurs if v is not None] + ([annuel] if annuel else [])
    fig.update_layout(
        title="Logements autorisés par an",
        height=HAUTEUR_GRAPHIQUE,
        margin=dict(l=10, r=10, t=70, b=30),
        xaxis=dict(dtick=1, title=None),
        yaxis=dict(title=None, tickformat=",d", rangemode="tozero", range=[0, 1.18 * max(hauts)] if hauts else None),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"),
        bargap=0.25,
    )
    return fig


def diapo_annuelle(
    serie: pd.Series,
    p: plh.Plh | None,
    annuel: float | None,
    bilan: pd.DataFrame | None,
    statut_logements: str | None,
    annee_debut: int,
    annee_fin: int,
) -> Diapo:
    """The PLH's yearly pace: average authorised per counted year against the annual target
    (the status is the dwellings card's: cumul against annual target × the same years)."""
    titre = "Logements autorisés par an"
    periode = f"{annee_debut}-{annee_fin}"
    fig = figure_annuelle(serie, p, annuel)
    note = "Chaque barre compte les logements neufs autorisés dans l'année ; une année sans barre est une donnée manquante."
    if p is None or bilan is None or not annuel or statut_logements in (None, catalogue.SECRET, catalogue.MANQUANT):
        chiffre = Chiffre(
            "Logements autorisés",
            fr.nombre(serie.dropna().sum()) if serie.notna().any() else fr.MANQUANT,
            catalogue.SANS_CIBLE,
            "pas d'objectif annuel sur la période",
        )
        return Diapo(
            titre,
            (chiffre,),
            f"Logements autorisés de {periode}, sans objectif annuel du PLH à comparer.",
            "Sitadel (SDES)",
            periode,
            fig,
            note,
        )
    b = bilan.loc["logements"]
    connues = len(b["annees_comptees"]) - len(b["annees_manquantes"])
    moyenne = b["realise_cumule"] / connues if connues and b["realise_cumule"] is not None else None
    phrase = (
        f"De {p.annee_debut} à {b['annee_bilan']}, {fr.nombre(moyenne)} logements autorisés par an en moyenne, "
        f"pour un objectif de {fr.nombre(annuel)} par an ({p.plh})."
    )
    if annee_fin > p.annee_fin:
        phrase += f" Après {p.annee_fin}, le {p.plh} est terminé : pas d'objectif annuel (aucun PLH suivant chargé)."
        note += f" La ligne orange est l'objectif annuel du {p.plh}, tracée sur ses seules années."
    else:
        note += f" La ligne orange est l'objectif annuel du {p.plh}."
    return Diapo(
        titre,
        (
            Chiffre(
                f"Moyenne annuelle {p.annee_debut}-{b['annee_bilan']}",
                f"{fr.nombre(moyenne)} par an",
                statut_logements,
                f"objectif : {fr.nombre(annuel)} par an",
            ),
        ),
        phrase,
        "Sitadel (SDES)",
        periode,
        fig,
        note,
    )


# ---------------------------------------------------------------- the three legal objectives


def figure_objectif(n: int, evolution: pd.DataFrame):
    """Objective `n`'s rate year by year (valeurs.evolution_territoire: a hidden point is left
    out, named in the note), with its legal target and a value on each bar."""
    import plotly.graph_objects as go

    d = A.OBJECTIFS[n]
    ev = evolution[evolution["objectif"] == n].sort_values("annee")
    visibles = ev[(ev["statut"] != catalogue.SECRET) & ev["taux"].notna()]
    statuts = visibles["statut"].tolist()
    fig = go.Figure(
        go.Bar(
            x=visibles["annee"].astype(int).tolist(),
            y=visibles["taux"].astype(float).tolist(),
            marker=dict(
                color=[
                    catalogue.PRESENTATION.get(s, catalogue.PRESENTATION[catalogue.SANS_CIBLE]).hexa for s in statuts
                ],
                pattern_shape=["" if s in (catalogue.ATTEINT, catalogue.EN_AVANCE) else "/" for s in statuts],
            ),
            text=[fr.pourcent(t, 0) for t in visibles["taux"]],
            textposition="outside",
            cliponaxis=False,
            name="part des attributions",
            showlegend=False,
        )
    )
    cible = float(d.cible)
    if len(ev):
        fig.add_trace(
            go.Scatter(
                x=[int(ev["annee"].min()) - 0.45, int(ev["annee"].max()) + 0.45],
                y=[cible, cible],
                mode="lines",
                line=dict(color="#000", dash="dash", width=2),
                name=f"cible légale : {fr.pourcent(cible, 0)}",
                hoverinfo="skip",
            )
        )
    haut = max([cible] + visibles["taux"].astype(float).tolist())
    fig.update_layout(
        title=f"Objectif {n} : part des attributions, par année" + (" (taux indicatif)" if n == 3 else ""),
        height=HAUTEUR_GRAPHIQUE,
        margin=dict(l=10, r=10, t=70, b=30),
        bargap=0.25,
        xaxis=dict(dtick=1, title=None),
        yaxis=dict(tickformat=".0%", title=None, range=[0, min(1.0, haut * 1.2) if haut < 0.84 else 1.05]),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"),
    )
    return fig


def diapo_objectif(n: int, carte, evolution: pd.DataFrame) -> Diapo:
    """One legal objective: the Accueil's card (value, status, sentence: valeurs) and its years."""
    titre = f"Objectif légal {n} · {carte.titre.split('·', 1)[-1].strip()}"
    fig = figure_objectif(n, evolution) if len(evolution) else None
    caches = (
        sorted(
            int(a) for a in evolution[(evolution["objectif"] == n) & (evolution["statut"] == catalogue.SECRET)]["annee"]
        )
        if len(evolution)
        else []
    )
    note = (
        "Plein : cible atteinte, hachuré : non atteinte ; la ligne pointillée est la cible légale."
        + (
            " L'objectif 3 s'apprécie réservataire par réservataire : le taux tous réservataires est indicatif."
            if n == 3
            else ""
        )
        + (f" Secret statistique : {', '.join(map(str, caches))} (sans barre)." if caches else "")
    )
    statut = catalogue.libelle(carte.statut) + (f", {carte.precision}" if carte.precision else "")
    return Diapo(
        titre,
        (Chiffre(f"{titre} en {carte.millesime}", carte.valeur, carte.statut, f"cible : {carte.cible}"),),
        carte.phrase,
        SOURCE_ATTRIB,
        carte.millesime,
        fig,
        note,
        (f"- **{carte.titre}** ({statut}) : {carte.phrase}",),
    )


# ---------------------------------------------------------------- contingent and art. 11 bilan


def _lignes_affichees(bilan: C.BilanArticle11) -> tuple[list, str]:
    """The art. 11 lines a slide shows: the selection's, or the CU's labelled when the selection
    is withheld (as the Bilan CIL page does), and the scope they are for."""
    if not bilan.publiable and bilan.lignes_cu:
        return bilan.lignes_cu, C.TOUTE_LA_CU
    return bilan.lignes, ""


def _valeur(ligne) -> str:
    return secret.SECRET if ligne.valeur is None else fr.nombre(ligne.valeur)


def diapo_contingent(bilan: C.BilanArticle11 | None, annee: int | None) -> Diapo:
    """Flux réalisé against flux dû (art. 4 of the convention): the very figures of the bilan's
    first line (the pair is shown only where that line shows it: never below CU level)."""
    titre = "Contingent communautaire : flux réalisé et flux dû"
    if bilan is None or annee is None:
        return _vide(titre, "Aucune attribution sur la période et le périmètre choisis.", SOURCE_CONTINGENT)
    import plotly.graph_objects as go

    lignes, portee = _lignes_affichees(bilan)
    ligne = lignes[0]
    fig, note = None, ""
    du = realise = None
    if _flux_compare(ligne):
        du, realise = C.du_et_realise(bilan.realise)
    if du is not None:
        fig = go.Figure(
            go.Bar(
                y=["Flux dû (20 % de l'assiette)", "Flux réalisé (bail signé)"],
                x=[du, realise],
                orientation="h",
                marker=dict(
                    color=[GRIS, catalogue.PRESENTATION[ligne.statut].hexa],
                    pattern_shape=["", "" if ligne.statut in (catalogue.ATTEINT, catalogue.EN_AVANCE) else "/"],
                ),
                text=[fr.nombre(du), fr.nombre(realise)],
                textposition="outside",
                cliponaxis=False,
            )
        )
        fig.update_layout(
            title=f"Contingent {annee}" + (f" ({portee})" if portee else "") + " : attributions",
            height=HAUTEUR_GRAPHIQUE - 60,
            margin=dict(l=10, r=40, t=70, b=30),
            bargap=0.35,
            xaxis=dict(title=None, tickformat=",d", range=[0, 1.18 * max(du, realise, 1)]),
            yaxis=dict(title=None, autorange="reversed", automargin=True),
        )
        note = (
            "Flux dû : 20 % des logements remis en location, par bailleur (convention de réservation, article 4) ; "
            "flux réalisé : attributions du contingent suivies d'un bail signé."
        )
        chiffre = Chiffre(
            f"Flux réalisé {annee}" + (f" ({portee})" if portee else ""),
            fr.nombre(realise),
            ligne.statut,
            f"flux dû : {fr.nombre(du)}",
        )
    else:
        chiffre = Chiffre(ligne.element, _valeur(ligne), ligne.statut, ligne.reference)
        if ligne.statut != catalogue.SECRET:
            note = "Le flux dû est fixé pour toute la CU : il ne se compare pas sur une sélection de communes."
    return Diapo(titre, (chiffre,), ligne.phrase, SOURCE_CONTINGENT, str(annee), fig, note)


def _flux_compare(ligne) -> bool:
    """The bilan's first line compares the realised flux with the flux due (CU level only)."""
    return (
        ligne.statut != catalogue.SECRET
        and ligne.reference.startswith("flux dû ")
        and ligne.reference != "flux dû non connu"
    )


def chiffres_article_11(bilan: C.BilanArticle11) -> tuple[tuple[Chiffre, ...], str]:
    """The three art. 11 figures as headline figures (slide and Bilan CIL page): the contingent as
    realised flux against flux due where the bilan compares them, the refusals against the
    contingent's attributions, the contribution solidaire against its minimum; and the scope
    when they are the CU's (selection withheld)."""
    lignes, portee = _lignes_affichees(bilan)
    contingent, refus, solidaire = lignes  # the scope is said once, by the caller (title, sentence)
    if _flux_compare(contingent):
        du, realise = C.du_et_realise(bilan.realise)
        premier = Chiffre(
            "Contingent : flux réalisé (bail signé)",
            fr.nombre(realise),
            contingent.statut,
            f"flux dû : {fr.nombre(du)} ; {_valeur(contingent)} attributions du contingent en tout",
        )
    else:
        premier = Chiffre("Attributions du contingent", _valeur(contingent), contingent.statut, contingent.reference)
    sur = f"sur {_valeur(contingent)} attributions du contingent ; " if contingent.valeur is not None else ""
    return (
        premier,
        Chiffre("Refus", _valeur(refus), refus.statut, (sur + refus.reference) if refus.reference else ""),
        Chiffre(
            "Contribution solidaire",
            _valeur(solidaire),
            solidaire.statut,
            solidaire.reference.replace("minimum ", "minimum : ") + (" (un quart)" if solidaire.reference else ""),
        ),
    ), portee


def diapo_article_11(bilan: C.BilanArticle11 | None, annee: int | None, lecture: str) -> Diapo:
    """The three totals of the art. 11 bilan, each with its status and reference (the Bilan CIL
    page's lines: same figures, same status)."""
    titre = "Bilan de l'article 11 : les trois chiffres"
    if bilan is None or annee is None:
        return _vide(titre, "Aucune attribution sur la période et le périmètre choisis.", SOURCE_CONTINGENT)
    chiffres, portee = chiffres_article_11(bilan)
    lignes, _ = _lignes_affichees(bilan)
    phrase = (
        f"Bilan {annee} présenté à la CIL (article 11 de la convention de réservation)"
        + (f", pour {portee} : la sélection est couverte par le secret statistique" if portee else "")
        + f". Contribution solidaire, lecture retenue : {C.LECTURES[lecture][0]}."
    )
    return Diapo(
        titre,
        chiffres,
        phrase,
        SOURCE_CONTINGENT,
        str(annee),
        None,
        "",
        tuple(f"- **{l.element}** ({catalogue.libelle(l.statut)}) : {l.phrase}" for l in lignes),
    )


# ---------------------------------------------------------------- the social stock


def figure_parc(serie: pd.Series):
    """Social dwellings at 1 January of each RPLS vintage, a value on each bar."""
    import plotly.graph_objects as go

    x = [int(m) for m in serie.index]
    y = [float(v) for v in serie]
    fig = go.Figure(
        go.Bar(x=x, y=y, marker_color=BLEU, text=[fr.nombre(v) for v in y], textposition="outside", cliponaxis=False)
    )
    fig.update_layout(
        title="Logements sociaux au 1er janvier",
        height=HAUTEUR_GRAPHIQUE,
        margin=dict(l=10, r=10, t=70, b=30),
        xaxis=dict(dtick=1, title=None),
        yaxis=dict(title=None, tickformat=",d", rangemode="tozero", range=[0, 1.15 * max(y)] if y else None),
        bargap=0.25,
    )
    return fig


def diapo_parc(carte, serie: pd.Series) -> Diapo:
    """The stock (synthese.carte_parc: no target) and its vintages."""
    fig = figure_parc(serie) if len(serie) and serie.sum() > 0 else None
    return Diapo(
        "Le parc social",
        (Chiffre(f"{carte.titre} au {carte.millesime}", carte.valeur, carte.statut, carte.cible),),
        carte.phrase,
        carte.source,
        carte.millesime,
        fig,
        "Logements sociaux recensés au 1er janvier de chaque millésime du répertoire RPLS.",
    )


# ---------------------------------------------------------------- keyboard and clicker

TOUCHES = {
    "ArrowRight": "suivante",
    "PageDown": "suivante",
    " ": "suivante",
    "ArrowLeft": "precedente",
    "PageUp": "precedente",
    "Home": "premiere",
    "End": "derniere",
}

# A presenter's clicker sends PageDown / PageUp (or the arrows): the listener clicks the slide's own
# buttons, so the URL and Streamlit's state move exactly as with a mouse. Registered once per
# document (a rerun or a page switch replaces it); it does nothing on a page without the buttons.
SCRIPT_CLAVIER = """
<script>
(function () {
  var doc = (window.parent && window.parent.document) || document;
  var fenetre = doc.defaultView || window;
  var touches = %TOUCHES%;
  if (fenetre.__diaporamaClavier) { doc.removeEventListener("keydown", fenetre.__diaporamaClavier, true); }
  fenetre.__diaporamaClavier = function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    var cible = e.target;
    if (cible && (cible.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(cible.tagName || ""))) { return; }
    var action = touches[e.key];
    if (!action) { return; }
    var bouton = doc.querySelector(".st-key-diapo_" + action + " button");
    if (!bouton) { return; }
    e.preventDefault();
    e.stopPropagation();
    if (!bouton.disabled) { bouton.click(); }
  };
  doc.addEventListener("keydown", fenetre.__diaporamaClavier, true);
})();
</script>
"""


def script_clavier() -> str:
    import json

    return SCRIPT_CLAVIER.replace("%TOUCHES%", json.dumps(TOUCHES))


# The slide's own layout (presentation mode or not): larger headline and text, no caption under
# 18 px at 1280 px, less padding so that a slide holds in 1280×720.
CSS_DIAPO = """
<style>
[data-testid="stMainBlockContainer"] { padding-bottom: .6rem !important; }
.st-key-diapo_cadre h1 { font-size: 1.75rem !important; padding: 0 0 .2rem 0 !important; }
.st-key-diapo_cadre [data-testid="stMetricValue"], .st-key-diapo_cadre [data-testid="stMetricValue"] p {
  font-size: 3.2rem !important; line-height: 1.15 !important; font-weight: 700; }
.st-key-diapo_cadre [data-testid="stMetricLabel"] p { font-size: 1.1rem !important; }
.st-key-diapo_cadre [data-testid="stMarkdownContainer"] p { font-size: 1.05rem; line-height: 1.4; }
.st-key-diapo_cadre .stMarkdownBadge { font-size: 1.3rem !important; padding: .1rem .6rem !important; font-weight: 600; }
.st-key-diapo_cadre [data-testid="stCaptionContainer"] p { font-size: 1rem !important; }
.st-key-diapo_pied [data-testid="stCaptionContainer"] p { font-size: .85rem !important; }
.st-key-diapo_pied [data-testid="stElementContainer"]:has(script) { display: none !important; }
</style>
"""
