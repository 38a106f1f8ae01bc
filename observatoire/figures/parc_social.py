"""The Parc social page's key figures, tables and figures: pure functions of the RPLS query
results (observatoire.indicateurs.parc), no Streamlit. The page reads the filters, calls these
and draws."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from observatoire import formats as fr
from observatoire.base import memoire
from observatoire.figures.couleurs import BLEU, GRIS, ORANGE  # contrast, colour blindness: see that module
from observatoire.indicateurs import parc
from observatoire.secret import suppression as secret

SOURCE = "RPLS (SDES)"
SOURCE_RESTREINT = "RPLS (SDES), fichier restreint"
# The restricted rates' cards, in the page's order: the field the secret names, the title.
TAUX = {"vacance": "Taux de vacance de plus de 3 mois", "mobilite": "Taux de mobilité", "loyer": "Loyer moyen"}


def nom_cu(bailleurs: tuple) -> str:
    return "Toute la CU d'Arras" + (" (bailleurs sélectionnés)" if bailleurs else "")


def _valeur(cle: str, ligne) -> str:
    if cle == "loyer":
        return f"{fr.euros(ligne['loyer_m2'])}/m²"
    return fr.pourcent(ligne["taux_vacance" if cle == "vacance" else "taux_mobilite"])


def _detail_cu(cle: str, cu) -> str:
    if cle == "vacance":
        return (
            f"{fr.nombre(cu['vacants_3_mois'])} vacants > 3 mois ÷ {fr.nombre(cu['loues_ou_vacants'])} loués ou vacants"
        )
    return f"{fr.nombre(cu['baux_annee_precedente'])} baux ÷ {fr.nombre(cu['base_mobilite'])} logements"


def _detail(cle: str, actuel, millesime: int) -> str:
    if cle == "vacance":
        return (
            f"{fr.nombre(actuel['vacants_3_mois'])} vacants > 3 mois ÷ {fr.nombre(actuel['loues_ou_vacants'])} loués "
            "ou vacants · cible : aucune (indicateur de suivi)"
        )
    if cle == "mobilite":
        return (
            f"{fr.nombre(actuel['baux_annee_precedente'])} baux signés en {millesime - 1} ÷ "
            f"{fr.nombre(actuel['base_mobilite'])} logements loués ou vacants · cible : aucune"
        )
    return (
        f"{fr.euros(actuel['somme_loyers'], 0)} de loyers mensuels ÷ {fr.nombre(actuel['somme_surfaces'])} m² "
        "habitables · cible : aucune"
    )


def carte_taux(
    cle: str,
    actuel,
    millesime: int,
    occupation_connue: bool,
    cache: bool,
    cu,
    cache_cu: bool,
    nom: str,
) -> tuple[str, str, str]:
    """One restricted rate's card (title, figure, line under it). `cache`: the selection's figure
    is withheld (then the CU's is given in its place, labelled `nom`, or withheld too);
    `occupation_connue`: the vintage carries occupancy and rents (not the public file)."""
    titre = TAUX[cle]
    if cache:
        texte = (
            secret.SECRET if cache_cu else _valeur(cle, cu) + ("" if cle == "loyer" else f" ({_detail_cu(cle, cu)})")
        )
        return titre, secret.SECRET, f"{nom} : {texte}"
    valeur = _valeur(cle, actuel) if occupation_connue else parc.NON_DISPONIBLE
    return titre, valeur, _detail(cle, actuel, millesime)


# The tables' formatters are module-level functions, not `str` or lambdas: memoire.pur knows
# them by name, so parc.texte keeps the formatted table of the same rows.
def tel_quel(v) -> str:
    return str(v)


def une_decimale(v) -> str:
    return fr.nombre(v, 1)


def figure_evolution(evo: pd.DataFrame) -> go.Figure:
    """The stock at 1 January of each vintage, in QPV and outside, its total written above."""
    fig = go.Figure()
    fig.add_bar(
        x=evo["millesime"],
        y=evo["en_qpv"],
        name="en QPV",
        marker_color=ORANGE,
        hovertemplate="%{x} : %{y:,.0f} logements en QPV<extra></extra>",
    )
    fig.add_bar(
        x=evo["millesime"],
        y=evo["logements"] - evo["en_qpv"],
        name="hors QPV",
        marker_color=BLEU,
        hovertemplate="%{x} : %{y:,.0f} logements hors QPV<extra></extra>",
    )
    fig.add_scatter(
        x=evo["millesime"],
        y=evo["logements"],
        mode="text",
        text=[fr.nombre(v) for v in evo["logements"]],
        textposition="top center",
        showlegend=False,
        hoverinfo="skip",
        name="ensemble du parc",
    )
    fig.update_layout(
        barmode="stack",
        separators=", ",
        height=360,
        margin=dict(l=10, r=10, t=30, b=10),
        xaxis=dict(dtick=1, title="millésime (parc au 1er janvier)"),
        yaxis=dict(title="logements sociaux", tickformat=",d"),
        legend=dict(orientation="h", y=1.12),
    )
    return fig


COLONNES_TAUX = {
    "millesime": ("millésime", tel_quel),
    "logements": ("logements", fr.nombre),
    "vacants_3_mois": ("vacants > 3 mois", fr.nombre),
    "loues_ou_vacants": ("loués ou vacants", fr.nombre),
    "taux_vacance": ("taux de vacance > 3 mois", fr.pourcent),
    "baux_annee_precedente": ("baux signés en N-1", fr.nombre),
    "base_mobilite": ("loués ou vacants mis en location avant N-1", fr.nombre),
    "taux_mobilite": ("taux de mobilité", fr.pourcent),
    "loyer_m2": ("loyer moyen (€/m²)", fr.euros),
}

# The breakdowns: the tab's title and the words of its caption.
ONGLETS = {
    "secteur": "QPV / hors QPV",
    "bailleur": "Bailleur",
    "financement": "Financement",
    "type": "Type de construction",
    "taille": "Taille",
    "epoque": "Époque de construction",
}
PHRASES = {
    "secteur": "situation (en QPV ou hors QPV)",
    "bailleur": "bailleur",
    "financement": "financement",
    "type": "type de construction",
    "taille": "taille (nombre de pièces)",
    "epoque": "époque de construction",
}


def phrase_bailleurs_caches(n: int, seuil: int) -> str:
    return (
        f"{n} bailleur(s) non montré(s) : secret statistique (moins de {seuil} "
        "logements dans le périmètre ou dans l'une de ses communes, ou case masquée pour ne pas "
        "redonner une autre par différence). Le bailleur vient du fichier restreint du RPLS : le rôle "
        "analyste ne lève pas le secret."
    )


def figure_repartition(r: pd.DataFrame, colonne: str) -> go.Figure:
    """`r`: parc.repartition for one breakdown (its labels in `colonne`, logements, part)."""
    g = go.Figure(
        go.Bar(
            y=r[colonne],
            x=r["logements"],
            orientation="h",
            marker_color=BLEU,
            text=[f"{fr.nombre(n)} ({fr.pourcent(p)})" for n, p in zip(r["logements"], r["part"])],
            textposition="auto",
            hovertemplate="%{y} : %{x:,.0f} logements<extra></extra>",
        )
    )
    g.update_layout(
        separators=", ",
        height=max(220, 45 * len(r) + 60),
        margin=dict(l=10, r=10, t=10, b=10),
        yaxis=dict(autorange="reversed", title=None),
        xaxis=dict(title="logements sociaux", tickformat=",d"),
    )
    return g


COLONNES_COMMUNES = {
    "nom": ("commune", tel_quel),
    "logements": ("logements sociaux", fr.nombre),
    "population": ("habitants", fr.nombre),
    "pour_mille": ("pour 1 000 habitants", une_decimale),
    "en_qpv": ("dont en QPV", fr.nombre),
    "vacants_3_mois": ("vacants > 3 mois", fr.nombre),
    "loues_ou_vacants": ("loués ou vacants", fr.nombre),
    "taux_vacance": ("taux de vacance > 3 mois", fr.pourcent),
    "baux_annee_precedente": ("baux N-1", fr.nombre),
    "base_mobilite": ("base mobilité", fr.nombre),
    "taux_mobilite": ("taux de mobilité", fr.pourcent),
    "loyer_m2": ("loyer (€/m²)", fr.euros),
}


def mieux_dotees(valeurs: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The `n` communes with the most social dwellings per 1 000 inhabitants, the highest last
    (a horizontal bar chart draws it at the top)."""
    return valeurs.sort_values("pour_mille", ascending=True).tail(n)


def figure_poids(top: pd.DataFrame) -> go.Figure:
    g = go.Figure(
        go.Bar(
            y=top["nom"],
            x=top["pour_mille"],
            orientation="h",
            marker_color=BLEU,
            text=[fr.nombre(v, 1) for v in top["pour_mille"]],
            textposition="outside",
            customdata=list(zip(top["logements"], top["population"])),
            hovertemplate="%{y} : %{x:.1f} pour 1 000 habitants<br>%{customdata[0]:,.0f} logements ÷ "
            "%{customdata[1]:,.0f} habitants<extra></extra>",
        )
    )
    g.update_layout(
        separators=", ",
        height=max(260, 26 * len(top) + 80),
        margin=dict(l=10, r=40, t=10, b=10),
        xaxis=dict(title="logements sociaux pour 1 000 habitants"),
        yaxis=dict(title=None),
    )
    return g


def phrase_secret_communes(seuil: int) -> str:
    return (
        f"Vacance, mobilité et loyer viennent du fichier restreint du RPLS : un taux est masqué quand son "
        f"numérateur, son dénominateur ou leur différence compte moins de {seuil} logements (le loyer suit la "
        "vacance) ; les cases masquées d'une commune sont celles de la carte, quelle que soit la sélection. "
        "Les nombres de logements sont publics. " + secret.PHRASE.format(seuil=seuil)
    )


def figure_dpe(dpe: pd.DataFrame) -> go.Figure:
    """`dpe`: parc.parts_dpe; the priority classes (E, F, G) in orange and said in words, the
    dwellings without a DPE in grey."""
    couleurs = [
        ORANGE if p else (GRIS if c == parc.DPE_INCONNU else BLEU)
        for c, p in zip(dpe["classe_dpe"], dpe["prioritaire"])
    ]
    etiquettes = [
        f"{fr.nombre(n)}<br>{fr.pourcent(p)}" + ("<br><b>prioritaire</b>" if prio else "")
        for n, p, prio in zip(dpe["logements"], dpe["part"], dpe["prioritaire"])
    ]
    g = go.Figure(
        go.Bar(
            x=dpe["classe_dpe"],
            y=dpe["logements"],
            marker_color=couleurs,
            text=etiquettes,
            textposition="outside",
            hovertemplate="classe %{x} : %{y:,.0f} logements<extra></extra>",
            cliponaxis=False,
        )
    )
    g.update_layout(
        separators=", ",
        height=380,
        margin=dict(l=10, r=10, t=50, b=10),
        xaxis=dict(title="classe énergie du DPE", type="category"),
        yaxis=dict(title="logements sociaux", tickformat=",d"),
    )
    return g


@memoire.pur
def spec_dpe(dpe: pd.DataFrame) -> dict:
    """figure_dpe's spec, built once for the same classes. Not graphiques.figure's, which escapes
    the texts: these labels carry our own line breaks and bold (<br>, <b>) and no user data. Read
    back from its JSON (what the browser receives): no numpy array left in it, so the table of
    figures drawn from the spec is kept too."""
    return json.loads(figure_dpe(dpe).to_json())


def phrase_efg(efg, dpe_inconnu) -> str:
    """`efg`: parc.part_efg (a Ratio)."""
    return (
        f"{fr.nombre(efg.numerateur)} logements E, F ou G ÷ {fr.nombre(efg.denominateur)} logements au DPE "
        f"connu ; {fr.nombre(dpe_inconnu)} logements sans DPE, comptés à part · cible du PLH : "
        "rénover en priorité E, F et G, au moins jusqu'à la classe C"
    )


COLONNES_ENTREES_SORTIES = {
    "millesime": ("millésime N", tel_quel),
    "logements_avant": ("parc au 1er janvier N-1", fr.nombre),
    "mises_en_service": ("mises en service en N-1 (NEWLOGT)", fr.nombre),
    "entrees": ("entrées (absents en N-1)", fr.nombre),
    "sorties": ("sorties (absents en N)", fr.nombre),
    "ventes": ("dont ventes déclarées en N-1", fr.nombre),
    "demolitions": ("dont démolitions déclarées en N-1", fr.nombre),
    "autres_sorties": ("autres sorties", fr.nombre),
    "logements": ("parc au 1er janvier N", fr.nombre),
    "variation": ("variation", fr.nombre),
}
SANS_IDENTIFIANT = (
    "Le fichier RPLS ne porte pas d'identifiant stable de logement (c'est le cas du fichier public) : "
    "les sorties ne peuvent pas être comptées logement par logement, ni réparties entre ventes et "
    "démolitions. Seules la variation du stock et les mises en service sont montrées."
)
LEGENDE_ENTREES_SORTIES = (
    "Pour chaque millésime N : logements entrés dans le parc social (présents en N, absents du "
    "répertoire en N-1, dont mis en service pendant N-1) et sortis (présents en N-1, absents du répertoire "
    "en N). Un logement qui change de bailleur ou de commune reste dans le parc : ni entrée ni sortie, d'où "
    "un écart possible avec la variation quand un bailleur est filtré. Ventes et démolitions sont celles que "
    "les bailleurs ont déclarées pour l'année N-1 (table production, tous bailleurs) ; le reste est « autres "
    "sorties »."
)

COLONNES_REELLES = {
    "logements_sociaux": "logements sociaux",
    "densite": "pour 100 résidences principales",
    "loues": "loués",
    "vacants": "vacants",
    "taux_vacance": "taux de vacance",
    "taux_mobilite": "taux de mobilité",
}
INTRO_REELS = (
    "Le parc social **réel** de chaque commune au 1er janvier 2024, tel que le SDES le publie (RPLS, résultats "
    "par commune), et celui des quartiers prioritaires (INSEE). Ces chiffres ne sont pas calculés par "
    "l'observatoire : ils sont recopiés de la source, cases masquées comprises."
)
LEGENDE_REELS = (
    "Parc social réel de chaque commune au 1er janvier 2024 : nombre de logements, densité (logements "
    "sociaux pour 100 résidences principales), logements loués et vacants, taux de vacance (toute durée) "
    "et de mobilité publiés par le SDES. « – » : case masquée à la source (secret statistique des petites "
    "communes), jamais 0. « absente du fichier RPLS » : la commune n'est pas dans la feuille du SDES."
)
LEGENDE_QPV = (
    "Les 5 QPV de la géographie 2015 : logements sociaux, taux de vacance (toute durée et de plus de "
    "3 mois), taux de rotation et loyer moyen (€/m² de surface habitable) du RPLS diffusé par l'INSEE ; "
    "revenu médian par unité de consommation et taux de pauvreté de Filosofi (dernière année publiée). "
    "« – » : non diffusé (secret statistique)."
)


def evolution_du_stock(actuel, precedent: pd.DataFrame, millesime: int) -> str | None:
    """The card's delta: the change since the previous vintage, when it is loaded."""
    if precedent.empty:
        return None
    return f"{fr.nombre(actuel['logements'] - precedent.iloc[0]['logements'])} depuis {millesime - 1}"


def phrase_fichier_public(millesime: int) -> str:
    # Never 0: the public file simply does not carry what these rates need; say which file does.
    return (
        f"Le millésime {millesime} vient du fichier RPLS public : il ne porte ni l'occupation, ni les loyers, ni "
        "les bailleurs. " + " ".join(parc.raison_non_disponible(i, parc.PUBLIC) for i in parc.INDICATEURS_LOI)
    )


def legende_poids(n: int) -> str:
    return (
        f"Logements sociaux pour 1 000 habitants ({n} communes les mieux dotées du périmètre) : "
        "logements au 1er janvier ÷ population municipale × 1 000. Cible : aucune fixée par le PLH."
    )


LEGENDE_EVOLUTION = (
    "Chaque barre compte les logements sociaux au 1er janvier du millésime, en QPV (orange) et hors QPV (bleu) ; "
    "le total est écrit au-dessus."
)
LEGENDE_COMMUNES = (
    "Chaque commune avec du parc social : stock, poids, vacance, mobilité et loyer, numérateurs et "
    "dénominateurs compris. Communes sans logement social non listées."
)
LEGENDE_DPE = (
    "Logements par classe énergie du DPE. Les classes E, F et G (orange, « prioritaire ») sont la priorité "
    "de rénovation ; les logements sans DPE (gris) sont montrés à part."
)
BASE_SANS_PUBLIQUES = (
    "Les données publiques réelles ne sont pas dans cette base (construite avant leur ajout) : "
    "reconstruisez-la (`make build`) pour les voir."
)


def cartes_reelles(total: dict, absente: str) -> list[tuple[str, str, str]]:
    """The real public figures' cards (title, figure, line under it); `total`: publiques.total_cu."""
    return [
        (
            "Parc social réel au 1er janvier 2024",
            fr.nombre(total["logements"]),
            f"dans les **{total['communes']}** communes du fichier ; "
            f"{46 - total['communes']} communes en sont absentes (« {absente} », pas 0)",
        ),
        (
            "Vacance réelle (toute durée), CU",
            fr.pourcent(total["vacance_ponderee"] / 100),
            "moyenne des taux communaux pondérée par le parc (le fichier ne donne pas les vacants de toutes les "
            "communes)",
        ),
        (
            "Mobilité réelle, CU",
            fr.pourcent(total["mobilite_ponderee"] / 100),
            "moyenne des taux communaux pondérée par le parc",
        ),
    ]


def _du_millesime(ind: pd.DataFrame, millesime: int) -> pd.DataFrame:
    """One vintage's rows, numbered from 0: the same frame (the same memoised key) whatever
    period the query covered."""
    return ind[ind["millesime"] == millesime].reset_index(drop=True)


def chiffres_cu(ind_communes: pd.DataFrame, ind_tous: pd.DataFrame | None, millesime: int, bailleurs, seuil: int):
    """The CU's figures (same landlords), given in place of a withheld selection figure, and
    which of them the secret withholds too (parc.caches_selection: None = shown)."""
    cu = parc.avec_taux(parc.total(_du_millesime(ind_communes, millesime)).to_frame().T).iloc[0]
    tous = parc.total(_du_millesime(ind_tous, millesime)) if ind_tous is not None else None
    return cu, parc.caches_selection(None, cu, (), bailleurs, seuil, tous)


def legende_repartition(colonne: str, vintage: str) -> str:
    return f"Logements sociaux au {vintage} par {PHRASES[colonne]} : nombre et part du parc du périmètre."


def titre_repartition(colonne: str) -> str:
    return f"Logements sociaux par {PHRASES[colonne]}"


@dataclass(frozen=True)
class VueParc:
    """What the Parc social page draws for one perimeter, vintage and period (`vue_parc`). The
    page keeps it per base version and filters, shared between sessions: read only."""

    vide: bool  # no social dwelling at that vintage in the perimeter
    noms_communes: pd.DataFrame | None = None  # code_insee, nom of every commune (query carte_communes)
    evo: pd.DataFrame | None = None  # parc.evolution over the period's vintages
    precedent: pd.DataFrame | None = None  # its row of the previous vintage (maybe none)
    actuel: pd.Series | None = None  # its row of the vintage
    raisons: dict = field(default_factory=dict)  # parc.evolution_publiee: vintage → {rate: sentence}
    cartes: list = field(default_factory=list)  # (title, figure, line) of each restricted rate (TAUX)
    table_evolution: pd.DataFrame | None = None
    # breakdown → parc.repartition; the landlords' one published (secret applied), for an analyste only
    repartitions: dict = field(default_factory=dict)
    bailleurs_caches: int = 0
    bailleur_non_renseigne: bool = False
    top: pd.DataFrame | None = None  # mieux_dotees
    table_communes: pd.DataFrame | None = None
    communes_masquees: bool = False
    dpe: pd.DataFrame | None = None  # parc.parts_dpe
    efg: parc.Ratio | None = None
    entrees_sorties: pd.DataFrame | None = None
    table_entrees_sorties: pd.DataFrame | None = None


def vue_parc(
    lire, communes: tuple, bailleurs: tuple, millesime: int, debut: int, fin: int, seuil: int, analyste: bool
) -> VueParc:
    """The page's figures for the vintage `millesime` and the vintages `debut`..`fin` shown (the
    period's): `lire(nom, **params)` runs a named query (requetes.donnees). Restricted fields go
    through the secret on the grid of every commune (parc.evolution_publiee, par_commune,
    chiffres_cu); the landlord breakdown is computed for an analyste only (`analyste`)."""
    perimetre_sql = {"communes": list(communes), "bailleurs": list(bailleurs)}

    def indicateurs_parc(premier: int, par_commune: bool, **filtre):
        return lire(
            "parc_indicateurs",
            **(perimetre_sql | filtre),
            millesime_debut=premier,
            millesime_fin=fin,
            par_commune=par_commune,
        )

    # One vintage before the first shown: entries and exits of the first one need it.
    indicateurs = indicateurs_parc(debut - 1, False)
    if indicateurs[indicateurs["millesime"] == millesime].empty:
        return VueParc(vide=True)
    evo = parc.evolution(indicateurs[indicateurs["millesime"].between(debut, fin)])
    precedent = evo[evo["millesime"] == millesime - 1]
    actuel = evo[evo["millesime"] == millesime].iloc[0]
    occupation_connue = parc.occupation_connue(actuel)
    repartitions = lire("parc_repartitions", **perimetre_sql, millesime=millesime)
    # The restricted fields (vacancy, mobility, rent) go through the secret on the grid of EVERY
    # commune (landlord filter applied), whatever the commune filter: the map's cells. A selection's
    # rate is shown only when none of its communes is hidden on that grid (parc.caches_selection).
    communes_base = lire("carte_communes")
    ind_communes = indicateurs_parc(debut, True, communes=[])
    # With a landlord filter (analyste), every landlord's counts too: « all landlords » minus « these
    # landlords » must not give small counts back. The role does not lift the secret.
    ind_tous = indicateurs_parc(debut, True, communes=[], bailleurs=[]) if bailleurs else None
    evo_v, evo_m, raisons = parc.evolution_publiee(
        evo, ind_communes, communes_base, communes, bailleurs, seuil, ind_tous
    )
    raisons_actuel = raisons.get(millesime, {})
    nom = nom_cu(bailleurs)
    # The CU's figure (same landlords), given in place of a withheld selection figure.
    cu, caches_cu = chiffres_cu(ind_communes, ind_tous, millesime, bailleurs, seuil)
    cartes = [
        carte_taux(
            cle, actuel, millesime, occupation_connue, cle in raisons_actuel, cu, caches_cu[cle] is not None, nom
        )
        for cle in TAUX
    ]

    onglets = {colonne: parc.repartition(repartitions, colonne) for colonne in ONGLETS}
    bailleur_non_renseigne = set(onglets["bailleur"]["bailleur"]) == {parc.NON_RENSEIGNE}
    bailleurs_caches = 0
    if not analyste or bailleur_non_renseigne:
        del onglets["bailleur"]
    else:
        r, caches = parc.repartition_bailleurs_publiee(
            lire("parc_bailleurs_communes", millesime=millesime), communes, bailleurs, seuil
        )
        bailleurs_caches = int(caches.sum())
        onglets["bailleur"] = r[~caches.to_numpy()]

    # The grid of every commune (the map's cells), restricted to the selected communes; one
    # vintage's rows numbered from 0 (the same memoised key whatever the period).
    valeurs, masque = parc.par_commune(
        _du_millesime(ind_communes, millesime),
        communes_base,
        seuil,
        communes,
        None if ind_tous is None else _du_millesime(ind_tous, millesime),
    )
    es = parc.entrees_sorties(indicateurs, lire("parc_ventes_demolitions", **perimetre_sql))
    return VueParc(
        vide=False,
        noms_communes=communes_base[["code_insee", "nom"]],  # not the geometries: kept per filter
        evo=evo,
        precedent=precedent,
        actuel=actuel,
        raisons=raisons,
        cartes=cartes,
        table_evolution=parc.texte(evo_v, evo_m, COLONNES_TAUX),
        repartitions=onglets,
        bailleurs_caches=bailleurs_caches,
        bailleur_non_renseigne=bailleur_non_renseigne,
        top=mieux_dotees(valeurs),
        table_communes=parc.texte(valeurs, masque, COLONNES_COMMUNES),
        communes_masquees=bool(masque.any().any()),
        dpe=parc.parts_dpe(repartitions),
        efg=parc.part_efg(actuel),
        entrees_sorties=es,
        table_entrees_sorties=None if es.empty else parc.texte(es, None, COLONNES_ENTREES_SORTIES),
    )
