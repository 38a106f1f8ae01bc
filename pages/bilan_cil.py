"""Annual CIL bilan (art. 11 of the convention de réservation): for a chosen year, by commune,
the attributions on the contingent communautaire, the refusals, the households housed under the
contribution solidaire, and the three legal objectives; exported as XLSX and printable HTML."""

import dataclasses

import streamlit as st

from observatoire.base.chemins import base_par_defaut
from observatoire.ecrans import acces, cadre, chiffres, filtres, graphiques, requetes, tableaux
from observatoire.figures import bilan_cil as B
from observatoire.figures import diaporama as D
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue
from observatoire.indicateurs import contingent as C
from observatoire.secret import suppression as secret
from observatoire.secret import valeurs

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
phrase_secret, POURQUOI = secret.PHRASE.format(seuil=seuil), secret.POURQUOI_SELECTION
# The reading of the contribution solidaire (convention, art. 5): a setting stored in the base.
lecture = C.lecture_reglee(requetes.donnees("reglages"))
DEFINITIONS = B.definitions(lecture)
EPINGLE = {"Commune": st.column_config.TextColumn(pinned=True)}

st.title("Bilan annuel à la CIL")
st.markdown(B.INTRODUCTION)

annee = st.selectbox(
    "Année du bilan", list(range(f.annee_fin, f.annee_debut - 1, -1)), key="annee", bind="query-params"
)
comptes_periode, comptes, comptes_cu = chiffres.comptes_du_bilan(f, annee)
flux = requetes.donnees("contingent_flux", **(f.sql() | {"annee_debut": annee, "annee_fin": annee}))
perimetre = f.perimetre().rsplit(" · ", 1)[0] + f" · {annee}"
perimetre_cu = dataclasses.replace(f, communes=()).perimetre().rsplit(" · ", 1)[0] + f" · {annee}"
close = catalogue.periode_close(annee)


def tableau(df, nom: str, key: str, perim: str = perimetre, **options) -> None:
    tableaux.tableau(df, nom, B.SOURCE, str(annee), perim, key=key, **options)


def legende(perim: str = perimetre) -> None:
    cadre.legende(B.SOURCE, str(annee), perim)


if comptes.empty:
    st.info(f"Aucune attribution en {annee} pour le périmètre choisi : pas de bilan à dresser.", icon=":material/info:")
    st.stop()

g = A.geographies(comptes).get(annee)
st.caption(f"En {annee}, « en QPV » et « hors QPV » se lisent sur la géographie prioritaire {g}." if g else "")
# The three art. 11 figures head the page; they are drawn once the bilan is computed (below).
en_tete = st.container()

# ---------------------------------------------------------------- 1. by commune (art. 11)

st.header(f"1. Bilan {annee} (article 11 de la convention de réservation)")
st.markdown(B.phrase_lecture(lecture))
if acces.est_analyste():
    with st.form("form_lecture_cs"):
        choix = st.radio(
            "Lecture de la contribution solidaire (réglage de l'observatoire, pour toutes les pages et tous les exports)",
            list(C.LECTURES),
            index=list(C.LECTURES).index(lecture),
            key="lecture_cs",
            format_func=B.libelle_lecture,
        )
        if st.form_submit_button("Enregistrer la lecture", icon=":material/save:") and choix != lecture:
            C.enregistrer_lecture(base_par_defaut(), choix)
            st.cache_data.clear()
            st.rerun()

# With a landlord filter, the same counts for every landlord (a cell whose other landlords are few is hidden).
comptes_tous = C.lire_comptes_communes(requetes.donnees, annee, annee) if f.bailleurs else comptes_cu
bilan = chiffres.bilan_article_11(
    f, annee, lecture, seuil, comptes, flux, comptes_cu, comptes_tous if f.bailleurs else None
)
chiffres_11, portee_11 = D.chiffres_article_11(bilan)
with en_tete:
    st.subheader(f"Les trois chiffres de l'article 11 en {annee}" + (f" ({portee_11})" if portee_11 else ""))
    for col, c in zip(st.columns(3, border=True), chiffres_11):
        with col:
            chiffres.chiffre(c, reference_en_legende=True)
    if portee_11:
        st.caption(
            f"La sélection est couverte par le secret statistique : les chiffres de {C.TOUTE_LA_CU}, à sa place. {POURQUOI}"
        )
    legende(perimetre_cu if portee_11 else perimetre)

# The three totals art. 11 asks for, each with its status and its sentence (whole selection), then
# for a withheld selection the CU's three figures, labelled as such.
st.subheader(f"Les trois chiffres de l'article 11 en {annee}, en détail")
for lignes, cu in ((bilan.lignes, False), (bilan.lignes_cu, True)):
    if cu and not lignes:
        continue
    perim = perimetre_cu if cu else perimetre
    if cu:
        st.markdown(f"**Les trois chiffres de l'article 11 pour {C.TOUTE_LA_CU}** (à la place de la sélection) :")
    tableau(
        C.tableau_totaux_article_11(lignes),
        f"Bilan CIL {annee} article 11" + (" CU" if cu else ""),
        "table_bilan_totaux" + ("_cu" if cu else ""),
        perim,
        definitions=DEFINITIONS,
    )
    for l in lignes:
        st.markdown(B.ligne_statut(l))
    legende(perim)

st.subheader("Par commune")
tm_bilan = bilan.par_commune
bilan_texte = A.mettre_en_forme(tm_bilan, B.CLES_COMMUNE, C.colonnes_bilan(lecture))
tableau(bilan_texte, f"Bilan CIL {annee} par commune", "table_bilan", column_config=EPINGLE, definitions=DEFINITIONS)
st.markdown("  \n".join(f"**{k}** : {v}." for k, v in C.definitions_bilan(lecture).items()))
st.caption(B.legende_par_commune(annee, phrase_secret, bilan.publiable))
legende()
if bilan.non_renseignes:
    st.caption(bilan.non_renseignes)

graphiques.graphique(
    C.figure_bilan_communes(tm_bilan, annee),
    "graphique_bilan_communes",
    f"Bilan CIL {annee} contingent par commune",
    B.SOURCE,
    str(annee),
    perimetre,
)
st.caption(B.legende_graphique_communes(annee))

# ---------------------------------------------------------------- 2. contingent: objective vs realised

st.header(f"2. Contingent communautaire {annee} : flux dû et flux réalisé par bailleur")
# Landlord-level detail: shown, and put in the bilan's XLSX and HTML, for the analyste role only.
tm_real = None
if acces.exiger_analyste("le détail par bailleur"):
    # The grid of every landlord, CU level (the flux due is set for the CU; per landlord on a
    # selection of communes, two selections would give a landlord's figure in one commune).
    tm_real = C.realise_par_bailleur(comptes_tous, flux, annee, f.bailleurs, seuil=seuil)
    if flux.empty:
        st.info(
            f"Aucune entrée de gestion en flux pour {annee} : l'objectif n'est pas connu (page « Contingent communautaire »)."
        )
    tableau(
        A.mettre_en_forme(tm_real, B.CLES_BAILLEUR, C.COLONNES_REALISE),
        f"Contingent {annee} par bailleur",
        "table_bilan_realise",
        perimetre_cu,
    )
    st.caption(B.legende_realise(phrase_secret))
    legende(perimetre_cu)

# ---------------------------------------------------------------- 3. the legal objectives of the year

st.header(f"3. Objectifs légaux d'attribution {annee}")
# Value, status and mask as on the Accueil, Objectifs légaux, the map and the fiche (observatoire.secret.valeurs).
objectifs = valeurs.objectifs_territoire(requetes.donnees, comptes, annee, f.communes, f.bailleurs, seuil)
objectifs_texte = C.tableau_objectifs_bilan(objectifs, comptes, close, bool(f.communes or f.bailleurs))
tableau(objectifs_texte, f"Objectifs légaux {annee}", "table_bilan_objectifs")
objectifs_caches = any(v.cache for v in objectifs.values())
fin = f" {POURQUOI}" if objectifs_caches and f.communes else f" {phrase_secret}" if objectifs_caches else ""
st.caption(B.legende_objectifs(annee, close, fin))
legende()
objectifs_cu_texte = None
if objectifs_caches and f.communes:
    objectifs_cu = valeurs.objectifs_territoire(requetes.donnees, comptes_cu, annee, (), f.bailleurs, seuil)
    objectifs_cu_texte = C.tableau_objectifs_bilan(objectifs_cu, comptes_cu, close, bool(f.bailleurs))
    st.markdown(f"**Les trois objectifs légaux pour {C.TOUTE_LA_CU}** (à la place de la sélection) :")
    tableau(objectifs_cu_texte, f"Objectifs légaux {annee} CU", "table_bilan_objectifs_cu", perimetre_cu)
    legende(perimetre_cu)

# Per réservataire on a selection of communes, two selections would give a réservataire's figure
# in one commune: the table is the CU's whenever a commune filter is on.
perimetre_res = perimetre_cu if f.communes else perimetre
tm_res = B.objectif_3_reservataires(comptes_cu if f.communes else comptes, annee, seuil, f.bailleurs)
tableau(
    A.mettre_en_forme(tm_res, B.CLES_RESERVATAIRE, A.colonnes_objectif(3)),
    f"Objectif 3 réservataires {annee}",
    "table_bilan_reservataires",
    perimetre_res,
)
st.caption(B.legende_reservataires(annee, bool(f.communes), phrase_secret))
legende(perimetre_res)

# The grid of every commune (same cells as Objectifs légaux, the map and the fiche), restricted to the selection.
tm_obj = valeurs.tableau_communes(requetes.donnees, comptes, annee, f.communes, f.bailleurs, seuil)
with st.expander("Les trois objectifs par commune"):
    tableau(
        A.mettre_en_forme(tm_obj, B.CLES_COMMUNE, B.COLONNES_OBJECTIFS),
        f"Objectifs par commune {annee}",
        "table_bilan_objectifs_communes",
        column_config=EPINGLE,
    )
    st.caption(B.legende_objectifs_communes(annee, phrase_secret, bool(tm_obj.total_caches)))
    legende()

# Each (year, objective) read through valeurs (as Objectifs légaux and the Accueil of that year):
# a point hidden there is left out here too.
evolution = valeurs.evolution_territoire(requetes.donnees, comptes_periode, f.communes, f.bailleurs, seuil)
points_caches = bool(evolution["cache"].any())
periode_ev = B.periode_evolution(evolution, annee)
graphiques.graphique(
    A.figure_evolution(evolution, titre=f"Les trois objectifs légaux, {periode_ev}"),
    "graphique_bilan_evolution",
    "Objectifs légaux par année",
    B.SOURCE,
    periode_ev,
    perimetre.rsplit(" · ", 1)[0] + f" · {periode_ev}",
)
st.caption(B.legende_evolution(points_caches))

# ---------------------------------------------------------------- exports

st.header("Exporter le bilan")
jeux_demo = requetes.donnees("jeux_demo")["jeu"].tolist()
a_exporter = B.Exports(
    annee=annee,
    perimetre=perimetre,
    sources=B.notices(
        annee,
        perimetre,
        B.avertissement([cadre.libelle_jeu(j) for j in jeux_demo]),
        lecture,
        bilan.lignes + bilan.lignes_cu,
        phrase_secret,
        not bilan.publiable or objectifs_caches or points_caches,
    ),
    phrase_secret=phrase_secret,
    lecture=lecture,
    bilan=bilan,
    tm_real=tm_real,
    objectifs_texte=objectifs_texte,
    objectifs_cu_texte=objectifs_cu_texte,
    tm_res=tm_res,
    tm_obj=tm_obj,
    evolution=evolution,
)
# Built only when clicked (st.download_button calls the method): a rerun costs no workbook and no 4 MB document.
c1, c2 = st.columns(2)
with c1:
    st.download_button(
        "Classeur XLSX du bilan",
        data=a_exporter.classeur,
        file_name=f"bilan_cil_{annee}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table:",
        key="export_bilan_xlsx",
    )
with c2:
    st.download_button(
        "Document imprimable (HTML)",
        data=a_exporter.document,
        file_name=f"bilan_cil_{annee}.html",
        mime="text/html",
        icon=":material/print:",
        key="export_bilan_html",
    )
st.caption(
    "Le document HTML s'ouvre dans un navigateur sans connexion et s'imprime (ou s'enregistre en PDF) tel quel sur "
    "A4 portrait, graphiques compris (images fixes)."
)
