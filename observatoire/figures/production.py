"""The Production PLH page's texts, tables and figures: pure functions of the query results and of
the PLH rules (observatoire.indicateurs.plh), no Streamlit. The page reads the filters, calls
these and draws."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from observatoire import formats as fr
from observatoire.base import memoire
from observatoire.figures.couleurs import (  # contrast, colour blindness: see that module
    BLEU,
    GRIS,
    GRIS_ANNOTATION,
    ORANGE,
)
from observatoire.indicateurs import catalogue, plh
from observatoire.secret import suppression as secret

COULEURS = {"lls": BLEU, "accession_aidee": ORANGE, "libre": GRIS}
PARTS_LIBELLES = {
    "lls": "LLS financés (PLUS + PLA-I)",
    "accession_aidee": "Accession aidée (PTZ neuf)",
    "libre": "Marché libre",
}
CARTES = ("logements", "lls", "accession_aidee")
TITRES_CARTES = {"lls": "LLS financés (PLUS + PLA-I)", "accession_aidee": "Accessions aidées (PTZ neuf)"}
SOURCES_CARTES = {"logements": "Sitadel (SDES)", "lls": "agréments (DDTM)", "accession_aidee": "PTZ (SGFGAS)"}
SOURCE_ANNUELLE = "Sitadel, agréments, PTZ, bailleurs (démo)"
SOURCE_COMMUNES = "Sitadel, agréments, PTZ ; objectifs communaux (démo)"
SOURCE_LLS = "agréments (DDTM) ; RPLS (SDES), logements nouveaux du millésime N comptés en N−1 (démo)"
X_OBJECTIF = "Objectif / an"


def objectifs_annuels(cibles: dict) -> dict:
    """Each indicator's annual target for the perimeter (None: no target), read once for the
    cards' phrase, the year table and the charts' target lines."""
    return {code: (cibles.get(code) or {}).get("annuel") for code, _, _ in plh.INDICATEURS}


def totaux_du_plh(cibles: dict, p: plh.Plh) -> dict:
    """Each card indicator's target over the whole PLH (annual × counted years, or the period's)."""
    return {
        k: plh.objectif_periode((cibles.get(k) or {}).get("annuel"), (cibles.get(k) or {}).get("periode"), p)
        for k in CARTES
    }


def texte_lecture(p: plh.Plh, annee_bilan: int, totaux: dict) -> str:
    """How the PLH period is read: the page's blue box."""
    phrase_objectifs = (
        f"Objectifs du PLH pour le périmètre : **{fr.nombre(totaux['logements'])}** logements, dont "
        f"**{fr.nombre(totaux['lls'])}** LLS et **{fr.nombre(totaux['accession_aidee'])}** accessions aidées "
        f"(objectif annuel × {p.nb_annees} années comptées)."
        if any(v is not None for v in totaux.values())
        else "Aucun objectif n'est saisi pour ce périmètre et ce PLH."
    )
    return (
        f"**Comment la période est lue — {p.plh}.** {p.lecture or ''}\n\n"
        f"**Années comptées : {plh.phrase_annees(p)}**, chacune avec son objectif annuel ; le réalisé de ces années "
        f"est comparé à l'objectif annuel × leur nombre (les mêmes années des deux côtés). "
        f"**Communes comptées : {plh.phrase_perimetre(p)}.**\n\n"
        f"{phrase_objectifs} Le bilan est arrêté à la fin de **{annee_bilan}** (fin de la période "
        f"choisie dans les filtres, au plus tard la dernière année du PLH) et cumule les années comptées depuis "
        f"{p.annee_debut}, quel que soit le début de la période filtrée. Le **rythme nécessaire** répartit ce qui reste "
        f"à produire pour atteindre l'objectif du PLH sur les années comptées restantes. **Marché libre** = logements − "
        f"LLS financés − accessions aidées (PTZ neuf)."
    )


def phrase_selection(cibles: dict, communes: tuple, noms: dict) -> str:
    """Chosen communes: their targets are the sum of the communal ones; which have none."""
    logements = cibles.get("logements") or {}
    sans = logements.get("sans_objectif", list(communes))
    return (
        "Communes sélectionnées : les objectifs sont la **somme des objectifs communaux** "
        + ("(**valeurs de démonstration, inventées**)" if logements.get("demo") else "")
        + "."
        + (" " + ", ".join(noms.get(c, c) for c in sans) + " : **" + plh.PAS_D_OBJECTIF + "**." if sans else "")
    )


def titre_carte(code: str, comptage: str) -> str:
    return plh.LIBELLES_COMPTAGE[comptage] if code == "logements" else TITRES_CARTES[code]


def lignes_carte(b: pd.Series, p: plh.Plh, communes_choisies: bool) -> list[str]:
    """The lines under a card's figure (not hidden): reading against the target, pace, gaps."""
    lignes = []
    if not b["a_objectif"]:
        lignes.append(f"**{plh.PAS_D_OBJECTIF if communes_choisies else plh.PAS_D_OBJECTIF_CU}**.")
    else:
        lignes.append(
            f"**{fr.nombre(b['realise_cumule'])}** réalisés / **{fr.nombre(b['objectif_cumule'])}** attendus "
            f"fin {b['annee_bilan']} (objectif {fr.nombre(b['objectif_annuel'])} par an) → "
            f"**{fr.pourcent(b['taux'])}** de l'objectif cumulé (cible 100 %) : **{plh.mots_statut(b['statut'])}**, "
            f"écart {fr.nombre(b['ecart'])} logements."
        )
        if b["rythme"] is None:
            lignes.append(
                f"Plus d'année comptée à venir : objectif du PLH {fr.nombre(b['objectif_periode'])} "
                f"({fr.nombre(b['objectif_annuel'])} × {p.nb_annees} années comptées)."
            )
        else:
            restantes = [a for a in p.annees if a > b["annee_bilan"]]
            lignes.append(
                f"Rythme nécessaire : **{fr.nombre(b['rythme'])} par an** sur les années comptées restantes "
                f"({plh.texte_annees(restantes)}) pour atteindre {fr.nombre(b['objectif_periode'])} "
                f"(objectif annuel : {fr.nombre(b['objectif_annuel'])})."
            )
    if b["annees_manquantes"]:
        lignes.append(
            f":material/warning: Cumul incomplet — donnée manquante pour {', '.join(map(str, b['annees_manquantes']))}."
        )
    return lignes


def legende_bilan(p: plh.Plh, annee_bilan: int, mot_comptage: str) -> str:
    return (
        f"Chaque ligne compare le réalisé des années comptées ({plh.phrase_annees(p, annee_bilan)}) à l'objectif "
        f"annuel × ces mêmes années ; l'écart est en logements (négatif = retard). Situation : « atteint » / « non "
        f"atteint » pour un PLH terminé lu jusqu'à sa dernière année comptée, « en avance » / « en retard » en cours "
        f"de PLH. Logements : {mot_comptage}. « – » = donnée manquante ou objectif absent, jamais zéro."
    )


def _cellules(df: pd.DataFrame, annees: list[int], code: str) -> list:
    """`df.at[a, code]` for each year, read in one pass over the column (a lookup per cell cost
    more than the table)."""
    position = {a: i for i, a in enumerate(df.index)}
    colonne = df[code].tolist()
    return [colonne[position[a]] for a in annees]


def _visibles(valeurs: pd.DataFrame, masque: pd.DataFrame, annees: list[int], code: str) -> list:
    """Each year's value as drawn: None when hidden or missing."""
    return [
        None if m or pd.isna(v) else float(v)
        for v, m in zip(_cellules(valeurs, annees, code), _cellules(masque, annees, code))
    ]


@memoire.pur
def tableau_annuel(
    vue: pd.DataFrame, valeurs: pd.DataFrame, masque: pd.DataFrame, objectif_an: dict, annees: list[int], p: plh.Plh
) -> pd.DataFrame:
    """Year by year: `vue` the production of the filtered years, `valeurs` / `masque` the same
    after the household secret."""
    table = pd.DataFrame({"Année": [str(a) for a in annees]})
    table["Période"] = [plh.statut_annee(a, p) for a in annees]
    for code, libelle, _ in plh.INDICATEURS:
        entete = libelle if objectif_an[code] is None else f"{libelle} (objectif {fr.nombre(objectif_an[code])}/an)"
        table[entete] = [
            secret.SECRET if m else (plh.MANQUANTE if pd.isna(v) else fr.nombre(v))
            for v, m in zip(_cellules(valeurs, annees, code), _cellules(masque, annees, code))
        ]
        if code == "logements" and objectif_an[code]:
            table["Logements : % de l'objectif annuel"] = [
                fr.pourcent(plh.taux_realisation(v, objectif_an[code])) if p.contient(a) else plh.HORS_PERIODE
                for a, v in zip(annees, _cellules(vue, annees, code))
            ]
    return table


def figure_repartition(
    vue: pd.DataFrame,
    valeurs: pd.DataFrame,
    masque: pd.DataFrame,
    objectif_an: dict,
    annees: list[int],
    p: plh.Plh,
    mot_comptage: str,
) -> go.Figure:
    """Stacked bars: how each year's production splits into LLS / accession aidée / libre, against
    the split target (the hatched first bar)."""
    x = [X_OBJECTIF] + [str(a) for a in annees]
    opacite = [1.0] + [1.0 if p.contient(a) else 0.45 for a in annees]
    visibles = {c: _visibles(valeurs, masque, annees, c) for c in plh.PARTS}
    manquantes = {c: [pd.isna(v) for v in _cellules(vue, annees, c)] for c in plh.PARTS}
    cachees = {c: _cellules(masque, annees, c) for c in plh.PARTS}
    traces = [
        go.Bar(
            x=x,
            y=[objectif_an.get(code)] + visibles[code],
            name=PARTS_LIBELLES[code],
            marker_color=COULEURS[code],
            marker_opacity=opacite,
            marker_pattern_shape=["/"] + [""] * len(annees),
            hovertemplate="%{x} : %{y:,.0f} " + PARTS_LIBELLES[code] + "<extra></extra>",
        )
        for code in plh.PARTS
    ]
    if objectif_an.get("logements"):
        # The target as a dashed line with its own legend entry (an annotation would sit on a bar).
        traces.append(
            go.Scatter(
                x=x,
                y=[objectif_an["logements"]] + [objectif_an["logements"] if p.contient(a) else None for a in annees],
                mode="lines",
                line=dict(color=GRIS_ANNOTATION, dash="dash"),
                name=f"objectif total : {fr.nombre(objectif_an['logements'])} / an",
                hoverinfo="skip",
            )
        )
    # Annotations on a category axis take the category's position (a year as text would be read as a number).
    # Given with the layout, in one validation (add_annotation validated the layout again for each).
    annotations = []
    for i, a in enumerate(annees):
        notes = []
        if not p.contient(a):
            notes.append("hors PLH")
        if any(manquantes[c][i] for c in plh.PARTS):
            notes.append("manquant")
        if any(cachees[c][i] for c in plh.PARTS):
            notes.append("secret")
        if notes:
            haut = sum(v for c in plh.PARTS if (v := visibles[c][i]) is not None and v > 0)
            annotations.append(
                dict(
                    x=i + 1,
                    y=haut,
                    text="<br>".join(notes),
                    showarrow=False,
                    yanchor="bottom",
                    yshift=4,
                    font=dict(size=11, color=GRIS_ANNOTATION),
                )
            )
    return go.Figure(
        data=traces,
        layout=dict(
            annotations=annotations,
            barmode="relative",
            separators=", ",
            height=480,
            margin=dict(l=10, r=10, t=70, b=60),
            title=f"Répartition de la production annuelle ({mot_comptage}) et répartition de l'objectif",
            legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
            xaxis=dict(type="category", title=None),
            yaxis=dict(title="logements", tickformat=",.0f"),
        ),
    )


def legende_repartition(p: plh.Plh, mot_comptage: str) -> str:
    return (
        f"Chaque barre empile, pour une année, les LLS financés, les accessions aidées (PTZ neuf) et le marché libre "
        f"(= {mot_comptage} − LLS − accession aidée) ; la barre hachurée « {X_OBJECTIF} » est la répartition visée "
        f"par le PLH et la ligne pointillée l'objectif total, tracée sur les années du PLH. Une part manquante n'est "
        f"pas dessinée (mention « manquant ») ; les années pâlies, marquées « hors PLH », sont hors du {p.plh}."
    )


def libelles_cumul(comptage: str) -> dict:
    return {"logements": plh.LIBELLES_COMPTAGE[comptage], "lls": "LLS financés", "accession_aidee": "Accession aidée"}


def figure_cumul(traj: pd.DataFrame, cache: bool, p: plh.Plh) -> go.Figure:
    """Cumulated trajectory of one indicator (plh.trajectoire) against its cumulated target; the
    realised line is left out when the secret hides it."""
    traces = [
        go.Scatter(
            x=traj["annee"],
            y=traj["objectif_cumule"],
            name="objectif cumulé",
            mode="lines+markers",
            line=dict(color=GRIS, dash="dash"),
            marker_symbol="diamond",
        )
    ]
    if not cache:
        traces.append(
            go.Scatter(
                x=traj["annee"],
                y=[None if pd.isna(v) else float(v) for v in traj["realise_cumule"]],
                name="réalisé cumulé",
                mode="lines+markers",
                line=dict(color=BLEU, width=3),
            )
        )
    return go.Figure(
        data=traces,
        layout=dict(
            separators=", ",
            height=400,
            margin=dict(l=10, r=10, t=50, b=60),
            title=f"Cumul depuis {p.annee_debut} : réalisé et objectif",
            xaxis=dict(dtick=1, title=None),
            yaxis=dict(title="logements cumulés", tickformat=",.0f", rangemode="tozero"),
            legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
        ),
    )


def _ou_rien(serie) -> list:
    return [None if pd.isna(v) else float(v) for v in serie]


def figure_lls(
    annees: list[int], finances: pd.Series, mis_en_service: pd.Series, objectif_lls, p: plh.Plh
) -> go.Figure:
    """Social rentals financed (agréments) and commissioned (RPLS), year by year."""
    x = [str(a) for a in annees]
    traces = [
        go.Bar(x=x, y=_ou_rien(finances), name="financés (agréments PLUS + PLA-I)", marker_color=BLEU),
        go.Bar(
            x=x,
            y=_ou_rien(mis_en_service),
            name="mis en service (RPLS, PLUS + PLA-I)",
            marker_color=ORANGE,
            marker_pattern_shape=".",
        ),
    ]
    # Given with the layout, in one validation (add_annotation validated the layout again for each).
    annotations = [
        dict(
            x=position,
            y=0,
            text="donnée manquante",
            textangle=-90,
            showarrow=False,
            yanchor="bottom",
            xshift=decalage,
            yshift=4,
            font=dict(size=10, color=GRIS_ANNOTATION),
        )
        for position, a in enumerate(annees)
        for serie, decalage in ((finances, -14), (mis_en_service, 14))
        if pd.isna(serie.get(a))
    ]
    if objectif_lls:
        traces.append(
            go.Scatter(
                x=x,
                y=[objectif_lls if p.contient(a) else None for a in annees],
                mode="lines",
                line=dict(color=GRIS_ANNOTATION, dash="dash"),
                hoverinfo="skip",
                name=f"objectif : {fr.nombre(objectif_lls)} financés / an",
            )
        )
    return go.Figure(
        data=traces,
        layout=dict(
            annotations=annotations,
            barmode="group",
            separators=", ",
            height=420,
            margin=dict(l=10, r=10, t=50, b=60),
            title="Logements locatifs sociaux financés et mis en service, par an",
            xaxis=dict(type="category", title=None),
            yaxis=dict(title="logements", tickformat=",.0f"),
            legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
        ),
    )


def tableau_lls(annees: list[int], vue: pd.DataFrame, mes: pd.DataFrame) -> pd.DataFrame:
    """`vue`: the production of the filtered years; `mes`: production_mises_en_service indexed
    by year on the same years."""

    def textes(serie):
        return [plh.MANQUANTE if pd.isna(v) else fr.nombre(v) for v in serie]

    return pd.DataFrame(
        {
            "Année": [str(a) for a in annees],
            "Financés PLUS + PLA-I": textes(vue["lls"]),
            "dont PLA-I financés": textes(vue["lls_plai"]),
            "PLS financés": textes(vue["lls_pls"]),
            "Mis en service PLUS + PLA-I (RPLS)": textes(mes["plus"] + mes["plai"]),
            "PLS mis en service (RPLS)": textes(mes["pls"]),
            "Millésime RPLS": [fr.MANQUANT if pd.isna(v) else str(int(v)) for v in mes["millesime"]],
        }
    )


def alertes_repartition(repartition: pd.DataFrame) -> list[str]:
    """`repartition`: plh.repartition_communes; one warning per indicator whose communal annual
    targets do not add up to the CU's."""
    ecarts = repartition[(repartition["champ"] == "objectif_annuel") & repartition["ecart"].fillna(0).ne(0)]
    return [
        f"Les objectifs communaux « {plh.LIBELLES.get(r['indicateur'], r['indicateur'])} » totalisent "
        f"{fr.nombre(r['somme_communes'])} par an contre {fr.nombre(r['objectif_cu'])} pour la CU (écart "
        f"{fr.nombre(r['ecart'])}) : la répartition communale ne couvre pas exactement l'objectif communautaire."
        for _, r in ecarts.iterrows()
    ]


def _statut_commune(ligne) -> str:
    if ligne["hors_perimetre"]:
        return plh.HORS_PERIMETRE
    if ligne["sans_objectif"]:
        return plh.PAS_D_OBJECTIF
    return plh.mots_statut(ligne["statut"])


@memoire.pur
def tableau_communes(
    tc: pd.DataFrame, valeurs: pd.DataFrame, masque: pd.DataFrame, comptage: str, annee_bilan: int
) -> pd.DataFrame:
    """`tc`: plh.tableau_communes indexed by code_insee; `valeurs` / `masque`: its logements, lls
    and accession_aidee after the household secret (plh.masquer_menages)."""

    def sauf_sans_objectif(serie, format_):
        return [plh.PAS_D_OBJECTIF if s else format_(v) for v, s in zip(serie, tc["sans_objectif"])]

    return pd.DataFrame(
        {
            "Commune": tc["nom"],
            f"{plh.LIBELLES_COMPTAGE[comptage]} réalisés": [fr.nombre(v) for v in valeurs["logements"]],
            f"Objectif cumulé fin {annee_bilan}": sauf_sans_objectif(tc["objectif_logements"], fr.nombre),
            "Taux de réalisation (cible 100 %)": sauf_sans_objectif(tc["taux_logements"], fr.pourcent),
            "Écart (logements)": sauf_sans_objectif(tc["ecart_logements"], fr.nombre),
            "Situation": [_statut_commune(r) for _, r in tc.iterrows()],
            "LLS financés / objectif": [
                f"{fr.nombre(v)} / {fr.nombre(o) if pd.notna(o) else plh.PAS_D_OBJECTIF}"
                for v, o in zip(tc["lls"], tc["objectif_lls"])
            ],
            "Accession aidée (PTZ neuf)": [
                fr.valeur_affichee(v, cache=m) for v, m in zip(valeurs["accession_aidee"], masque["accession_aidee"])
            ],
            "Part de l'effort CU (logements)": [fr.pourcent(v) for v in tc["part_effort"]],
            "Part de l'objectif CU": sauf_sans_objectif(tc["part_objectif"], fr.pourcent),
            "Objectif": [
                "—" if s else ("démo" if d else "saisi") for s, d in zip(tc["sans_objectif"], tc["objectif_demo"])
            ],
        }
    ).sort_values("Commune")


def legende_communes(mot_comptage: str, p: plh.Plh, annee_bilan: int, total_cu: float, seuil: int) -> str:
    return (
        f"Pour chaque commune : {mot_comptage} des années comptées ({plh.phrase_annees(p, annee_bilan)}) contre "
        f"l'objectif communal annuel × ces mêmes années ; part de l'effort = logements de la commune / logements de "
        f"tout le périmètre ({plh.phrase_perimetre(p)} : {fr.nombre(total_cu)}) sur les mêmes années. Les objectifs "
        f"communaux marqués « démo » sont inventés. "
        + secret.PHRASE.format(seuil=seuil)
        + " Les logements, eux, ne décrivent pas des ménages et restent affichés."
    )


def classement(tc: pd.DataFrame) -> pd.DataFrame:
    """The communes with a target and a rate, from the lowest rate up."""
    return tc[~tc["sans_objectif"] & tc["taux_logements"].notna()].sort_values("taux_logements")


def figure_classement(classees: pd.DataFrame, annee_bilan: int) -> go.Figure:
    en_avance = classees["statut"].isin([catalogue.ATTEINT, catalogue.EN_AVANCE])
    # The status is written in each commune's label (never colour alone), clear of the 100 % line.
    etiquettes = [
        f"{nom} — {fr.pourcent(t)} ({catalogue.libelle(s)})"
        for nom, t, s in zip(classees["nom"], classees["taux_logements"], classees["statut"])
    ]
    # The layout with the figure, in one validation (update_layout validated it again).
    fig = go.Figure(
        go.Bar(
            y=etiquettes,
            x=100 * classees["taux_logements"].astype(float),
            orientation="h",
            marker_color=[BLEU if a else ORANGE for a in en_avance],
            marker_pattern_shape=["" if a else "/" for a in en_avance],
            hovertemplate="%{y}<extra></extra>",
        ),
        layout=dict(
            separators=", ",
            height=min(1100, 130 + 22 * len(classees)),
            bargap=0.25,
            margin=dict(l=10, r=20, t=60, b=10),
            title=f"Classement des communes : taux de réalisation de l'objectif logements, fin {annee_bilan}",
            xaxis=dict(ticksuffix="\u00a0%", title="réalisé / objectif cumulé", rangemode="tozero"),
            yaxis=dict(title=None),
            showlegend=False,
        ),
    )
    fig.add_vline(
        x=100,
        line_dash="dash",
        line_color=GRIS_ANNOTATION,
        annotation_text="objectif : 100 %",
        annotation_position="top",
    )
    return fig


def legende_classement(tc: pd.DataFrame) -> str:
    return (
        "Communes classées par taux de réalisation de leur objectif communal de logements (bleu plein : "
        f"{catalogue.ATTEINT} ou {catalogue.EN_AVANCE} ; orange hachuré : {catalogue.NON_ATTEINT} ou "
        f"{catalogue.EN_RETARD} ; la situation est écrite à côté du nom de la commune). "
        f"Communes sans objectif ({plh.PAS_D_OBJECTIF}) : "
        + (", ".join(tc.loc[tc["sans_objectif"], "nom"]) or "aucune")
        + "."
    )


@memoire.pur
def edition_objectifs_communes(objectifs: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """The grid of communal annual targets offered for editing: one row per commune, one column
    per communal indicator, and where each row's values come from (« démo » / « saisie »)."""
    oc = objectifs[objectifs["code_insee"].notna()]
    large = oc.pivot_table(index="code_insee", columns="indicateur", values="objectif_annuel", aggfunc="sum")
    origine = oc.groupby("code_insee")["demo"].any()
    edition = pd.DataFrame({"code_insee": communes["code_insee"], "Commune": communes["nom"]})
    for ind in plh.INDICATEURS_COMMUNAUX:
        edition[ind] = edition["code_insee"].map(large[ind]) if ind in large else None
    edition["Origine"] = edition["code_insee"].map(
        lambda c: "" if c not in origine else ("démo" if origine[c] else "saisie")
    )
    return edition


@memoire.pur
def modele_nouveau_plh() -> pd.DataFrame:
    """The empty grid of CU targets of a new PLH: one row per indicator."""
    return pd.DataFrame(
        {
            "indicateur": [code for code, _, _ in plh.INDICATEURS],
            "Indicateur": [libelle for _, libelle, _ in plh.INDICATEURS],
            "objectif_annuel": [None] * len(plh.INDICATEURS),
            "objectif_periode": [None] * len(plh.INDICATEURS),
        }
    ).astype({"objectif_annuel": "float64", "objectif_periode": "float64"})


def phrase_hors_perimetre(dehors: list[str], noms: dict, p: plh.Plh) -> str:
    """Chosen communes outside the PLH's communes: named, and not counted."""
    return (
        ", ".join(noms.get(c, c) for c in dehors)
        + f" : {plh.HORS_PERIMETRE} ({plh.phrase_perimetre(p)}), non comptée(s) dans le bilan."
    )


def phrase_avant_plh(annee_debut: int, annee_fin: int, p: plh.Plh) -> str:
    return (
        f"La période choisie dans les filtres ({annee_debut}-{annee_fin}) s'arrête avant le début du "
        f"{p.plh} ({p.annee_debut}) : il n'y a pas encore de bilan à faire."
    )


def phrase_secret_bilan(seuil: int) -> str:
    return secret.PHRASE.format(seuil=seuil) + " Les PTZ, ventes HLM et accessions dans l'ancien comptent des ménages."


def legende_annuelle(p: plh.Plh) -> str:
    return (
        f"Réalisé de chaque année de la période filtrée ; les années hors du {p.plh} restent affichées et sont "
        f"marquées « {plh.HORS_PERIODE} » (elles ne comptent pas dans le bilan). « {plh.MANQUANTE} » : aucune "
        "donnée pour l'année, ce n'est pas un zéro."
    )


def legende_cumul(p: plh.Plh, cache: bool, seuil: int) -> str:
    return (
        f"Le trait plein cumule le réalisé année après année depuis {p.annee_debut} ; le pointillé est l'objectif "
        f"cumulé (objectif annuel × années comptées écoulées, {plh.phrase_annees(p)}). Le trait s'interrompt après "
        "une année manquante : le cumul n'est plus connu." + (" " + secret.PHRASE.format(seuil=seuil) if cache else "")
    )


LEGENDE_LLS = (
    "Le PLH compte les logements sociaux **financés** (agréments de l'année) ; le RPLS voit les mêmes logements "
    "quand ils sont **mis en service**, souvent deux ou trois ans plus tard. Un logement marqué « nouveau » au "
    "millésime N du RPLS a été mis en service pendant l'année N−1. Une barre absente est une donnée manquante "
    "(pas de financement connu ou pas de millésime RPLS pour l'année)."
)


@memoire.pur
def par_commune(
    communes: pd.DataFrame,
    prod_communes: pd.DataFrame,
    prod_cu: pd.DataFrame,
    objectifs: pd.DataFrame,
    comptage: str,
    annee_bilan: int,
    p: plh.Plh,
    seuil: int,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, float]:
    """Each commune's bilan (plh.tableau_communes, indexed by code_insee), its household counts
    after the secret (values, mask) and the whole perimeter's production over the counted years
    (the denominator of each commune's share of the effort)."""
    annees_bilan = plh.annees_comptees(annee_bilan, p)
    total_cu = float(plh.realise_annuel(prod_cu, comptage, annees_bilan)["logements"].sum(skipna=True))
    tc = plh.tableau_communes(communes, prod_communes, objectifs, comptage, annee_bilan, p, total_cu)
    valeurs, masque = plh.masquer_menages(
        tc.set_index("code_insee")[["logements", "lls", "accession_aidee"]], seuil=seuil
    )
    return tc.set_index("code_insee"), valeurs, masque, total_cu


@memoire.pur
def bilan_publie(
    realise: pd.DataFrame, cibles: dict, annee_bilan: int, p: plh.Plh, communes_choisies: bool, seuil: int
) -> tuple[pd.DataFrame, pd.Series]:
    """The PLH bilan (plh.tableau_bilan) and which indicators it hides: household counts are
    masked for a selection of communes only (the CU's totals are published)."""
    bilan = plh.tableau_bilan(realise, cibles, annee_bilan, p)
    if communes_choisies:
        return plh.masquer_bilan(bilan, seuil)
    return bilan, pd.Series(False, index=bilan.index)


@memoire.pur
def annees_publiees(vue: pd.DataFrame, communes_choisies: bool, seuil: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The filtered years' production and its mask, under the same rule as the bilan."""
    if communes_choisies:
        return plh.masquer_menages(vue, totaux_colonnes=True, seuil=seuil)
    return vue, pd.DataFrame(False, index=vue.index, columns=vue.columns)
