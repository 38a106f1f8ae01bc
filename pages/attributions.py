"""Attributions: the three legal objectives (QPV / hors QPV / publics prioritaires), per calendar
year — headline, evolution, by commune, by landlord, per réservataire, QPV vs hors QPV — and the
editable 1st-quartile thresholds."""

import functools

import streamlit as st

from observatoire.base.chemins import base_par_defaut
from observatoire.ecrans import acces, cadre, filtres, graphiques, navigation, requetes, saisie, tableaux
from observatoire.figures import exports
from observatoire.figures import objectifs_legaux as O
from observatoire.indicateurs import attributions as A
from observatoire.secret import suppression as secret
from observatoire.secret import valeurs

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
SOURCE = O.SOURCE

st.title("Attributions : les objectifs légaux")
st.markdown(O.INTRODUCTION)

reservataires = requetes.donnees("attributions_reservataires")["reservataire"].tolist()
TOUS = "Tous les réservataires"
c1, c2 = st.columns(2)
with c1:
    choix_res = st.selectbox("Réservataire", [TOUS] + reservataires, key="reservataire", bind="query-params")
annees = list(range(f.annee_fin, f.annee_debut - 1, -1))
with c2:
    annee = st.selectbox("Année de la synthèse", annees, key="annee", bind="query-params")
reservataire = None if choix_res == TOUS else choix_res
perimetre = f.perimetre() + ("" if reservataire is None else f" · réservataire : {reservataire}")
periode = f"{f.annee_debut}-{f.annee_fin}"

comptes = requetes.donnees(
    "attributions_comptes", **f.sql(), reservataire=reservataire, reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL
)
vides = A.annees_sans_attribution(comptes, f.annee_debut, f.annee_fin)
geo = A.geographies(comptes)
phrase_secret = secret.PHRASE.format(seuil=seuil)
tables_export = {}


def tableau(df, nom: str, key: str, millesime: str = str(annee), **options) -> None:
    tableaux.tableau(df, nom, SOURCE, millesime, perimetre, key=key, **options)


def legende(millesime: str = str(annee)) -> None:
    cadre.legende(SOURCE, millesime, perimetre)


def montrer(tm, cles, colonnes, nom: str, key: str, feuille: str, **options) -> None:
    """A table by commune, landlord or réservataire on screen, and the same in the workbook (numbers, not text)."""
    tableau(A.mettre_en_forme(tm, cles, colonnes), nom, key, **options)
    tables_export[feuille] = A.mettre_en_forme(tm, cles, colonnes, texte=False)


def objectifs_territoire():
    # Value, status and mask as on the Accueil, the map and the fiche (observatoire.secret.valeurs).
    return valeurs.objectifs_territoire(requetes.donnees, comptes, annee, f.communes, f.bailleurs, seuil, reservataire)


with st.expander("Définitions des trois objectifs", icon=":material/menu_book:"):
    for paragraphe in O.definitions():
        st.markdown(paragraphe)

# ---------------------------------------------------------------- the year: headline cards

st.header(f"Synthèse {annee}")
if annee in vides:
    st.info(
        f"Aucune attribution en {annee} pour le périmètre choisi : les objectifs ne peuvent pas être calculés.",
        icon=":material/info:",
    )
else:
    st.markdown(O.phrase_geographie(annee, geo.get(annee)))
    close = A.annee_close(annee)
    comptes_annee = comptes[comptes["annee"] == annee]
    cua = A.sommer(comptes_annee, ["annee"]).iloc[0]
    o3 = A.objectif_3(comptes_annee, close)
    objectifs = objectifs_territoire()
    par_reservataire = reservataire is None and not (f.communes or f.bailleurs)
    for col, n in zip(st.columns(3), A.OBJECTIFS):
        c = O.carte(n, cua, close, objectifs[n], reservataire, o3, par_reservataire, phrase_secret)
        with col, st.container(border=True):
            st.metric(c.titre, c.valeur, help=c.aide)
            for texte in c.textes:
                st.markdown(texte)
            if c.legende is not None:
                st.caption(c.legende)
            legende()
    for note in O.notes_annee(cua, annee):
        st.caption(note)

# ---------------------------------------------------------------- evolution

st.header("Évolution")
# Each year × objective through the same layer as the Accueil (hidden points: gap and « secret statistique »).
ev = valeurs.evolution_territoire(requetes.donnees, comptes, f.communes, f.bailleurs, seuil, reservataire)
if vides:
    st.caption("Années sans attribution pour le périmètre choisi : " + ", ".join(str(a) for a in vides) + ".")
if ev.empty:
    st.info("Aucune attribution sur la période et le périmètre choisis.")
else:
    # its own « Les chiffres du graphique » below: numerators, denominators and targets too
    graphiques.graphique(
        graphiques.figure(A.figure_evolution, ev),
        "graphique_evolution_objectifs",
        "Objectifs légaux par année",
        SOURCE,
        periode,
        perimetre,
        chiffres=False,
    )
    st.caption(O.legende_evolution(geo))
    if ex_zus := O.phrase_ex_zus(comptes):
        st.caption(ex_zus)
    with st.expander("Les chiffres du graphique (numérateur, dénominateur, cible)"):
        tableau(O.table_evolution(ev), "Objectifs légaux par année", "table_evolution", periode)
        legende(periode)

# ---------------------------------------------------------------- below CUA level

st.header(f"Détail {annee}")
onglets = st.tabs(["Par commune", "Par bailleur", "Par réservataire (objectif 3)", "QPV / hors QPV"])

with onglets[0]:
    # The grid of every commune (same cells as the map and the fiche), restricted to the selection.
    tm = valeurs.tableau_communes(requetes.donnees, comptes, annee, f.communes, f.bailleurs, seuil, reservataire)
    montrer(
        tm,
        O.CLES_COMMUNE,
        O.COLONNES,
        f"Objectifs par commune {annee}",
        "table_communes",
        "Par commune",
        column_config={"Commune": st.column_config.TextColumn(pinned=True)},
    )
    st.caption(O.legende_communes(annee, phrase_secret))
    legende()
    navigation.lien_page(
        "carte",
        "Voir l'objectif 1 sur la carte des communes",
        ":material/map:",
        query_params={"indicateur": "objectif_1"},
    )

with onglets[1]:
    if f.communes and acces.est_analyste():
        # By landlord inside a few communes, rows would not be those of the landlord filter's grid:
        # a cell hidden there could come back. The detail by landlord is given for the whole CU.
        st.info(O.PHRASE_BAILLEURS_CU, icon=":material/lock:")
    elif acces.exiger_analyste("le détail par bailleur"):
        montrer(
            A.tableau_objectifs(comptes, annee, ["bailleur"], seuil=seuil),
            O.CLES_BAILLEUR,
            O.COLONNES,
            f"Objectifs par bailleur {annee}",
            "table_bailleurs",
            "Par bailleur",
            column_config={"Bailleur": st.column_config.TextColumn(pinned=True)},
        )
        st.caption(f"Les trois objectifs en {annee} pour les attributions de chaque bailleur. {phrase_secret}")
        legende()

with onglets[2]:
    tm = A.tableau_objectifs(comptes, annee, ["reservataire"], objectifs=[3], seuil=seuil)
    if len(tm.valeurs):
        graphiques.graphique(
            graphiques.figure(A.figure_reservataires, tm.valeurs, tm.masque),
            "graphique_reservataires",
            f"Objectif 3 réservataires {annee}",
            SOURCE,
            str(annee),
            perimetre,
        )
    st.caption(O.legende_reservataires(annee, phrase_secret))
    montrer(
        tm,
        O.CLES_RESERVATAIRE,
        A.colonnes_objectif(3),
        f"Objectif 3 réservataires {annee}",
        "table_reservataires",
        "Objectif 3 par réservataire",
    )
    legende()

with onglets[3]:
    q = A.qpv_hors_qpv(comptes, annee)
    if q.empty:
        st.info(f"Aucune attribution en {annee} pour le périmètre choisi.")
    elif (f.communes or f.bailleurs or reservataire) and not valeurs.qpv_publiable(q, objectifs_territoire(), seuil):
        st.info(O.PHRASE_QPV_CACHES, icon=":material/lock:")
    else:
        graphiques.graphique(
            graphiques.figure(A.figure_qpv, q),
            "graphique_qpv",
            f"QPV et hors QPV {annee}",
            SOURCE,
            str(annee),
            perimetre,
        )
        st.caption(O.legende_qpv(annee, geo.get(annee, "–")))
        tableau(O.table_qpv(q), f"QPV et hors QPV {annee}", "table_qpv")
        legende()
        tables_export["QPV et hors QPV"] = q.rename(columns=A.LIBELLES_QPV)

st.download_button(
    "Télécharger ces tableaux (XLSX)",
    # functools.partial: the workbook is built when clicked, from this run's tables.
    data=functools.partial(
        exports.classeur_xlsx,
        {"Évolution": O.export_evolution(ev), **tables_export},
        O.notices(annee, f.annee_debut, f.annee_fin, perimetre, phrase_secret),
        colonnes_pourcent=O.COLONNES_POURCENT,
    ),
    file_name=f"objectifs_attributions_{annee}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    key="export_xlsx",
)

# ---------------------------------------------------------------- 1st-quartile thresholds

st.header("Seuils du 1er quartile")
seuils = requetes.donnees("seuils_premier_quartile")
st.markdown(O.PHRASE_SEUILS)
if seuils["demo"].any():
    st.warning(
        "Les seuils marqués « démo » sont **inventés** : remplacez-les par ceux de l'arrêté annuel.",
        icon=":material/warning:",
    )
if acces.exiger_analyste("la saisie des seuils du 1er quartile"):
    saisie.formulaire(
        "seuils",
        O.seuils_editables(seuils),
        {
            "annee": st.column_config.NumberColumn("Année", format="%d", step=1),
            "seuil_euros_uc": st.column_config.TextColumn("Seuil (€/an/UC)", help="Par exemple 9 247,3"),
            "statut": st.column_config.TextColumn("Statut", disabled=True),
        },
        "Enregistrer les seuils",
        lambda edite, _: A.saisir_seuils(base_par_defaut(), edite[["annee", "seuil_euros_uc"]]),
        O.message_seuils,
    )
else:  # the thresholds are public (arrêtés): read-only for the other roles
    tableaux.tableau(
        O.seuils_en_lecture(seuils),
        "Seuils du 1er quartile",
        O.SOURCE_SEUILS,
        "par année",
        "CU d'Arras",
        key="table_seuils",
    )
cadre.legende(O.SOURCE_SEUILS, "par année", "CU d'Arras")
