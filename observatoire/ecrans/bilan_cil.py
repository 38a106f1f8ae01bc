"""The Bilan CIL page's screen pieces: the reading form of the contribution solidaire, the three
art. 11 figures, the tables with their captions and source lines, and the export buttons. The
tables and sentences themselves come from figures/bilan_cil.py and indicateurs/contingent.py."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from observatoire.base.chemins import base_par_defaut
from observatoire.ecrans import acces, cadre, chiffres, graphiques_gardes, requetes, tableaux
from observatoire.ecrans.filtres import Filtres
from observatoire.figures import bilan_cil as B
from observatoire.figures import diaporama as D
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import contingent as C
from observatoire.secret import valeurs

EPINGLE = {"Commune": st.column_config.TextColumn(pinned=True)}


@dataclass(frozen=True)
class Bilan:
    """The bilan's year and its two perimeters (the selection's, the CU's shown in its place)."""

    annee: int
    perimetre: str
    perimetre_cu: str

    def tableau(self, df, nom: str, key: str, perim: str | None = None, **options) -> None:
        tableaux.tableau(df, nom, B.SOURCE, str(self.annee), perim or self.perimetre, key=key, **options)

    def legende(self, perim: str | None = None) -> None:
        cadre.legende(B.SOURCE, str(self.annee), perim or self.perimetre)


def formulaire_lecture(lecture: str) -> None:
    """The analyste's choice of the reading (a setting of the base, for every page and export)."""
    if not acces.est_analyste():
        return
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


def chiffres_en_tete(b: Bilan, bilan, pourquoi: str) -> None:
    """The three art. 11 figures as cards (the CU's, labelled, when the selection is withheld)."""
    chiffres_11, portee_11 = D.chiffres_article_11(bilan)
    st.subheader(f"Les trois chiffres de l'article 11 en {b.annee}" + (f" ({portee_11})" if portee_11 else ""))
    for col, c in zip(st.columns(3, border=True), chiffres_11):
        with col:
            chiffres.chiffre(c, reference_en_legende=True)
    if portee_11:
        st.caption(
            f"La sélection est couverte par le secret statistique : les chiffres de {C.TOUTE_LA_CU}, à sa place. {pourquoi}"
        )
    b.legende(b.perimetre_cu if portee_11 else b.perimetre)


def totaux_article_11(b: Bilan, bilan, definitions: dict[str, str]) -> None:
    """The three totals art. 11 asks for, each with its status and its sentence (whole selection),
    then for a withheld selection the CU's three figures, labelled as such."""
    st.subheader(f"Les trois chiffres de l'article 11 en {b.annee}, en détail")
    for lignes, cu in ((bilan.lignes, False), (bilan.lignes_cu, True)):
        if cu and not lignes:
            continue
        perim = b.perimetre_cu if cu else b.perimetre
        if cu:
            st.markdown(f"**Les trois chiffres de l'article 11 pour {C.TOUTE_LA_CU}** (à la place de la sélection) :")
        b.tableau(
            C.tableau_totaux_article_11(lignes),
            f"Bilan CIL {b.annee} article 11" + (" CU" if cu else ""),
            "table_bilan_totaux" + ("_cu" if cu else ""),
            perim,
            definitions=definitions,
        )
        for l in lignes:
            st.markdown(B.ligne_statut(l))
        b.legende(perim)


def par_commune(b: Bilan, bilan, lecture: str, definitions: dict[str, str], phrase_secret: str) -> None:
    """The bilan by commune: table, definitions, captions, then its chart."""
    st.subheader("Par commune")
    tm_bilan = bilan.par_commune
    bilan_texte = A.mettre_en_forme(tm_bilan, B.CLES_COMMUNE, C.colonnes_bilan(lecture))
    b.tableau(
        bilan_texte, f"Bilan CIL {b.annee} par commune", "table_bilan", column_config=EPINGLE, definitions=definitions
    )
    st.markdown("  \n".join(f"**{k}** : {v}." for k, v in C.definitions_bilan(lecture).items()))
    st.caption(B.legende_par_commune(b.annee, phrase_secret, bilan.publiable))
    b.legende()
    if bilan.non_renseignes:
        st.caption(bilan.non_renseignes)
    graphiques_gardes.graphique(
        C.figure_bilan_communes,
        (tm_bilan, b.annee),
        "graphique_bilan_communes",
        f"Bilan CIL {b.annee} contingent par commune",
        B.SOURCE,
        str(b.annee),
        b.perimetre,
    )
    st.caption(B.legende_graphique_communes(b.annee))


def realise_par_bailleur(b: Bilan, comptes_tous, flux, bailleurs, seuil: int, phrase_secret: str):
    """Section 2, flux due and flux realised per landlord: for the analyste role only (also in the
    bilan's XLSX and HTML). Returns the table, or None for the other roles."""
    st.header(f"2. Contingent communautaire {b.annee} : flux dû et flux réalisé par bailleur")
    if not acces.exiger_analyste("le détail par bailleur"):
        return None
    # The grid of every landlord, CU level (the flux due is set for the CU; per landlord on a
    # selection of communes, two selections would give a landlord's figure in one commune).
    tm_real = C.realise_par_bailleur(comptes_tous, flux, b.annee, bailleurs, seuil=seuil)
    if flux.empty:
        st.info(
            f"Aucune entrée de gestion en flux pour {b.annee} : l'objectif n'est pas connu (page « Contingent communautaire »)."
        )
    b.tableau(
        A.mettre_en_forme(tm_real, B.CLES_BAILLEUR, C.COLONNES_REALISE),
        f"Contingent {b.annee} par bailleur",
        "table_bilan_realise",
        b.perimetre_cu,
    )
    st.caption(B.legende_realise(phrase_secret))
    b.legende(b.perimetre_cu)
    return tm_real


def objectifs_de_l_annee(b: Bilan, f: Filtres, comptes, comptes_cu, close: bool, seuil: int, phrases: tuple[str, str]):
    """The three legal objectives of the year on the selection, and the CU's in place of a withheld
    selection of communes. `phrases`: the secret's sentence and its « why ». Returns the two tables
    (the second None when not shown) and whether a figure is hidden."""
    phrase_secret, pourquoi = phrases
    # Value, status and mask as on the Accueil, Objectifs légaux, the map and the fiche (observatoire.secret.valeurs).
    objectifs = valeurs.objectifs_territoire(requetes.donnees, comptes, b.annee, f.communes, f.bailleurs, seuil)
    objectifs_texte = C.tableau_objectifs_bilan(objectifs, comptes, close, bool(f.communes or f.bailleurs))
    b.tableau(objectifs_texte, f"Objectifs légaux {b.annee}", "table_bilan_objectifs")
    objectifs_caches = any(v.cache for v in objectifs.values())
    st.caption(
        B.legende_objectifs(b.annee, close, B.fin_legende_objectifs(objectifs_caches, bool(f.communes), phrases))
    )
    b.legende()
    objectifs_cu_texte = None
    if objectifs_caches and f.communes:
        objectifs_cu = valeurs.objectifs_territoire(requetes.donnees, comptes_cu, b.annee, (), f.bailleurs, seuil)
        objectifs_cu_texte = C.tableau_objectifs_bilan(objectifs_cu, comptes_cu, close, bool(f.bailleurs))
        st.markdown(f"**Les trois objectifs légaux pour {C.TOUTE_LA_CU}** (à la place de la sélection) :")
        b.tableau(objectifs_cu_texte, f"Objectifs légaux {b.annee} CU", "table_bilan_objectifs_cu", b.perimetre_cu)
        b.legende(b.perimetre_cu)
    return objectifs_texte, objectifs_cu_texte, objectifs_caches


def reservataires(b: Bilan, f: Filtres, comptes, comptes_cu, seuil: int, phrase_secret: str):
    """Objective 3 per réservataire. On a selection of communes, two selections would give a
    réservataire's figure in one commune: the table is the CU's whenever a commune filter is on."""
    perimetre_res = b.perimetre_cu if f.communes else b.perimetre
    tm_res = B.objectif_3_reservataires(comptes_cu if f.communes else comptes, b.annee, seuil, f.bailleurs)
    b.tableau(
        A.mettre_en_forme(tm_res, B.CLES_RESERVATAIRE, A.colonnes_objectif(3)),
        f"Objectif 3 réservataires {b.annee}",
        "table_bilan_reservataires",
        perimetre_res,
    )
    st.caption(B.legende_reservataires(b.annee, bool(f.communes), phrase_secret))
    b.legende(perimetre_res)
    return tm_res


def objectifs_par_commune(b: Bilan, f: Filtres, comptes, seuil: int, phrase_secret: str):
    """The grid of every commune (same cells as Objectifs légaux, the map and the fiche), restricted
    to the selection, in an expander."""
    tm_obj = valeurs.tableau_communes(requetes.donnees, comptes, b.annee, f.communes, f.bailleurs, seuil)
    with st.expander("Les trois objectifs par commune"):
        b.tableau(
            A.mettre_en_forme(tm_obj, B.CLES_COMMUNE, B.COLONNES_OBJECTIFS),
            f"Objectifs par commune {b.annee}",
            "table_bilan_objectifs_communes",
            column_config=EPINGLE,
        )
        st.caption(B.legende_objectifs_communes(b.annee, phrase_secret, bool(tm_obj.total_caches)))
        b.legende()
    return tm_obj


def evolution(b: Bilan, f: Filtres, comptes_periode, seuil: int):
    """The three objectives year by year up to the bilan's. Each (year, objective) read through
    valeurs (as Objectifs légaux and the Accueil of that year): a point hidden there is left out
    here too. Returns the evolution and whether a point is hidden."""
    ev = valeurs.evolution_territoire(requetes.donnees, comptes_periode, f.communes, f.bailleurs, seuil)
    points_caches = bool(ev["cache"].any())
    periode_ev = B.periode_evolution(ev, b.annee)
    graphiques_gardes.graphique(
        A.figure_evolution,
        (ev, f"Les trois objectifs légaux, {periode_ev}"),
        "graphique_bilan_evolution",
        "Objectifs légaux par année",
        B.SOURCE,
        periode_ev,
        b.perimetre.rsplit(" · ", 1)[0] + f" · {periode_ev}",
    )
    st.caption(B.legende_evolution(points_caches))
    return ev, points_caches


def boutons_export(a_exporter: B.Exports, annee: int) -> None:
    """The workbook and the printable document, each built only when clicked (st.download_button
    calls the method): a rerun costs no workbook and no 4 MB document."""
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
