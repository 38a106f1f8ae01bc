"""The Occupation page's figures and tables: pure functions of the OPS survey once the secret has
been applied (parc.ops_publication), no Streamlit. The page reads the filters, calls these and
draws."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from observatoire import formats as fr
from observatoire.base import memoire
from observatoire.figures.accessibilite import chiffres_figure
from observatoire.figures.couleurs import BLEU, GRIS, ORANGE  # contrast, colour blindness: see that module
from observatoire.figures.parc_social import tel_quel  # parc.texte keeps tables formatted with it
from observatoire.indicateurs import parc
from observatoire.secret import suppression as secret

SOURCE = "Enquête OPS (GIP SNE)"
COULEURS = {"en QPV": ORANGE, "hors QPV": BLEU, parc.ENSEMBLE: GRIS}
DU_PERIMETRE, DE_LA_CU = "du périmètre", "de toute la CU d'Arras"
SUFFIXE_CU = " (toute la CU d'Arras)"
# The household profiles, in the survey's order: key → label.
LIGNES = {cle: libelle for cle, (_, libelle) in parc.OPS_INDICATEURS.items()}


def figure_secteurs(valeurs: pd.DataFrame, masque: pd.DataFrame, suffixe: str) -> go.Figure:
    """One group of bars per profile, one bar per sector (en QPV, hors QPV, ensemble); a hidden
    share is not drawn and its label reads « secret statistique »."""
    fig = go.Figure()
    for i, ligne in valeurs.iterrows():
        nom = ligne["secteur"]
        fig.add_bar(
            y=list(LIGNES.values()),
            x=[None if masque.at[i, f"part_{k}"] else ligne[f"part_{k}"] for k in LIGNES],
            name=nom + suffixe,
            orientation="h",
            marker_color=COULEURS[nom],
            text=[secret.SECRET if masque.at[i, f"part_{k}"] else fr.pourcent(ligne[f"part_{k}"]) for k in LIGNES],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"{nom}{suffixe} · %{{y}} : %{{text}}<extra></extra>",
        )
    fig.update_layout(
        barmode="group",
        separators=", ",
        height=760,
        margin=dict(l=10, r=60, t=40, b=10),
        xaxis=dict(title="part des ménages", tickformat=".0%", range=[0, 1.05]),
        yaxis=dict(autorange="reversed", title=None),
        legend=dict(orientation="h", y=1.05),
    )
    return fig


@memoire.pur
def chiffres(figure, *args) -> pd.DataFrame:
    """« Les chiffres du graphique » of `figure(*args)` (figure_secteurs, figure_evolution), read
    from the Figure, once for the same data: the escaped spec graphiques.figure keeps would
    write « ressources &lt; 20 % » in the table."""
    return chiffres_figure(figure(*args))


def legende_secteurs(publiable: bool) -> str:
    return (
        "Part des ménages du parc social présentant chaque caractéristique, en QPV (orange), hors QPV (bleu) et "
        f"pour l'ensemble ({DU_PERIMETRE if publiable else DE_LA_CU}, gris). Les tranches de ressources "
        "sont cumulées (« < 60 % » comprend « < 40 % »)."
    )


def table_secteurs(valeurs: pd.DataFrame, masque: pd.DataFrame, suffixe: str) -> pd.DataFrame:
    """One row per figure (households, then count and share of each profile), one column per sector."""
    colonnes = {"secteur": ("", tel_quel), "menages": ("ménages enquêtés", fr.nombre)}
    for cle, (col, libelle) in parc.OPS_INDICATEURS.items():
        colonnes[col] = (f"{libelle} (ménages)", fr.nombre)
        colonnes[f"part_{cle}"] = (f"{libelle} (part)", fr.pourcent)
    return (
        parc.texte(valeurs.assign(secteur=valeurs["secteur"] + suffixe), masque, colonnes)
        .set_index("")
        .T.reset_index(names="indicateur")
    )


AFFICHAGES = {"parts": "parts des ménages (%)", "effectifs": "nombres de ménages"}


def colonnes_communes(affichage: str) -> dict:
    """The by-commune table's columns: the shares or the counts of each profile."""
    colonnes = {
        "nom": ("commune", tel_quel),
        "secteur": ("secteur", tel_quel),
        "menages": ("ménages enquêtés", fr.nombre),
    }
    for cle, (col, libelle) in parc.OPS_INDICATEURS.items():
        colonnes[f"part_{cle}" if affichage == "parts" else col] = (
            libelle,
            fr.pourcent if affichage == "parts" else fr.nombre,
        )
    return colonnes


def hauteur_communes(n: int) -> int:
    return min(38 * (n + 1) + 4, 720)


LEGENDE_COMMUNES = (
    "Une ligne par commune et par secteur (en QPV / hors QPV) : ménages enquêtés et, au choix, la part ou le "
    "nombre de ménages de chaque profil. Seules les communes ayant des ménages enquêtés figurent."
)
SECRET_COMMUNES = (
    " Une case masquée se lit « secret statistique », jamais 0 ; une part calculée sur un "
    "effectif masqué est masquée aussi, comme un effectif dont le complément (ménages enquêtés moins cet effectif) "
    "est petit. Les cases masquées d'une commune sont les mêmes quelle que soit la sélection."
)


def series_evolution(publications: dict, choix: str) -> dict[str, list[tuple[int, float | None]]]:
    """Each sector's share of the profile `choix` at each survey year (None: hidden);
    `publications`: survey year → parc.OccupationPubliee, in year order."""
    series = {}
    for a, p in publications.items():
        v, m = p.secteurs_valeurs, p.secteurs_masque
        for i, ligne in v.iterrows():
            series.setdefault(ligne["secteur"], []).append(
                (a, None if m.at[i, f"part_{choix}"] else ligne[f"part_{choix}"])
            )
    return series


def figure_evolution(series: dict, suffixe: str, annees: list[int]) -> go.Figure:
    fig = go.Figure()
    for nom, points in series.items():
        fig.add_scatter(
            x=[p[0] for p in points],
            y=[p[1] for p in points],
            name=nom + suffixe,
            mode="lines+markers+text",
            line=dict(color=COULEURS[nom], dash="dot" if nom == parc.ENSEMBLE else "solid"),
            text=[fr.pourcent(p[1]) if p[1] is not None else secret.SECRET for p in points],
            textposition="top center",
            hovertemplate=f"{nom}{suffixe} · %{{x}} : %{{text}}<extra></extra>",
        )
    fig.update_layout(
        separators=", ",
        height=380,
        margin=dict(l=10, r=10, t=30, b=10),
        xaxis=dict(title="année d'enquête", tickmode="array", tickvals=sorted(annees)),
        yaxis=dict(title="part des ménages", tickformat=".0%", rangemode="tozero"),
        legend=dict(orientation="h", y=1.12),
    )
    return fig


def legende_evolution(choix: str, publiable: bool) -> str:
    return (
        f"Part des ménages « {LIGNES[choix]} » à chaque enquête OPS, en QPV, hors QPV et pour l'ensemble "
        f"{DU_PERIMETRE if publiable else DE_LA_CU} "
        "(un point masqué par le secret statistique n'est pas tracé)."
    )
