"""The Attributions page's screen pieces: the year's cards, the evolution, the four detail tabs
with their tables, captions and source lines, the workbook button, and the 1st-quartile
thresholds (form for the analyste, table for the others). Tables and sentences come from
figures/objectifs_legaux.py and indicateurs/attributions.py."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from observatoire.base.chemins import base_par_defaut
from observatoire.ecrans import acces, cadre, graphiques_gardes, navigation, requetes, saisie, tableaux
from observatoire.ecrans.filtres import Filtres
from observatoire.figures import exports
from observatoire.figures import objectifs_legaux as O
from observatoire.indicateurs import attributions as A
from observatoire.secret import valeurs


@dataclass
class Objectifs:
    """The page's selection (filters, réservataire, year) and its counts; the tables shown are
    gathered in `tables_export` for the workbook."""

    f: Filtres
    annee: int
    reservataire: str | None
    perimetre: str
    comptes: pd.DataFrame
    seuil: int
    phrase_secret: str
    tables_export: dict[str, pd.DataFrame] = field(default_factory=dict)

    def tableau(self, df, nom: str, key: str, millesime: str | None = None, **options) -> None:
        tableaux.tableau(df, nom, O.SOURCE, millesime or str(self.annee), self.perimetre, key=key, **options)

    def legende(self, millesime: str | None = None) -> None:
        cadre.legende(O.SOURCE, millesime or str(self.annee), self.perimetre)

    def montrer(self, tm, cles, colonnes, nom: str, key: str, feuille: str, **options) -> None:
        """A table by commune, landlord or réservataire on screen, and the same in the workbook (numbers, not text)."""
        ecran, export = A.mettre_en_forme_ecran_et_export(tm, cles, colonnes)
        self.tableau(ecran, nom, key, **options)
        self.tables_export[feuille] = export

    def objectifs_territoire(self):
        # Value, status and mask as on the Accueil, the map and the fiche (observatoire.secret.valeurs).
        f = self.f
        return valeurs.objectifs_territoire(
            requetes.donnees, self.comptes, self.annee, f.communes, f.bailleurs, self.seuil, self.reservataire
        )


def synthese(o: Objectifs, geo: dict) -> None:
    """The year's three cards (value, status, sentences, source) and its notes."""
    annee, comptes, f = o.annee, o.comptes, o.f
    st.markdown(O.phrase_geographie(annee, geo.get(annee)))
    close = A.annee_close(annee)
    comptes_annee = comptes[comptes["annee"] == annee]
    cua = A.sommer(comptes_annee, ["annee"]).iloc[0]
    o3 = A.objectif_3(comptes_annee, close)
    objectifs = o.objectifs_territoire()
    par_reservataire = o.reservataire is None and not (f.communes or f.bailleurs)
    for col, n in zip(st.columns(3), A.OBJECTIFS):
        c = O.carte(n, cua, close, objectifs[n], o.reservataire, o3, par_reservataire, o.phrase_secret)
        with col, st.container(border=True):
            st.metric(c.titre, c.valeur, help=c.aide)
            for texte in c.textes:
                st.markdown(texte)
            if c.legende is not None:
                st.caption(c.legende)
            o.legende()
    for note in O.notes_annee(cua, annee):
        st.caption(note)


def evolution(o: Objectifs, ev: pd.DataFrame, geo: dict, periode: str) -> None:
    """The chart of the three objectives per year, its captions and its own figures."""
    # its own « Les chiffres du graphique » below: numerators, denominators and targets too
    graphiques_gardes.graphique(
        A.figure_evolution,
        (ev,),
        "graphique_evolution_objectifs",
        "Objectifs légaux par année",
        O.SOURCE,
        periode,
        o.perimetre,
        chiffres=graphiques_gardes.SANS,
    )
    st.caption(O.legende_evolution(geo))
    if ex_zus := O.phrase_ex_zus(o.comptes):
        st.caption(ex_zus)
    with st.expander("Les chiffres du graphique (numérateur, dénominateur, cible)"):
        o.tableau(O.table_evolution(ev), "Objectifs légaux par année", "table_evolution", periode)
        o.legende(periode)


def par_commune(o: Objectifs) -> None:
    f, annee = o.f, o.annee
    # The grid of every commune (same cells as the map and the fiche), restricted to the selection.
    tm = valeurs.tableau_communes(requetes.donnees, o.comptes, annee, f.communes, f.bailleurs, o.seuil, o.reservataire)
    o.montrer(
        tm,
        O.CLES_COMMUNE,
        O.COLONNES,
        f"Objectifs par commune {annee}",
        "table_communes",
        "Par commune",
        column_config={"Commune": st.column_config.TextColumn(pinned=True)},
    )
    st.caption(O.legende_communes(annee, o.phrase_secret))
    o.legende()
    navigation.lien_page(
        "carte",
        "Voir l'objectif 1 sur la carte des communes",
        ":material/map:",
        query_params={"indicateur": "objectif_1"},
    )


def par_bailleur(o: Objectifs) -> None:
    if o.f.communes and acces.est_analyste():
        # By landlord inside a few communes, rows would not be those of the landlord filter's grid:
        # a cell hidden there could come back. The detail by landlord is given for the whole CU.
        st.info(O.PHRASE_BAILLEURS_CU, icon=":material/lock:")
    elif acces.exiger_analyste("le détail par bailleur"):
        o.montrer(
            A.tableau_objectifs(o.comptes, o.annee, ["bailleur"], seuil=o.seuil),
            O.CLES_BAILLEUR,
            O.COLONNES,
            f"Objectifs par bailleur {o.annee}",
            "table_bailleurs",
            "Par bailleur",
            column_config={"Bailleur": st.column_config.TextColumn(pinned=True)},
        )
        st.caption(f"Les trois objectifs en {o.annee} pour les attributions de chaque bailleur. {o.phrase_secret}")
        o.legende()


def par_reservataire(o: Objectifs) -> None:
    annee = o.annee
    tm = A.tableau_objectifs(o.comptes, annee, ["reservataire"], objectifs=[3], seuil=o.seuil)
    if len(tm.valeurs):
        graphiques_gardes.graphique(
            A.figure_reservataires,
            (tm.valeurs, tm.masque),
            "graphique_reservataires",
            f"Objectif 3 réservataires {annee}",
            O.SOURCE,
            str(annee),
            o.perimetre,
            chiffres=graphiques_gardes.DE_LA_SPEC,
        )
    st.caption(O.legende_reservataires(annee, o.phrase_secret))
    o.montrer(
        tm,
        O.CLES_RESERVATAIRE,
        A.colonnes_objectif(3),
        f"Objectif 3 réservataires {annee}",
        "table_reservataires",
        "Objectif 3 par réservataire",
    )
    o.legende()


def qpv_hors_qpv(o: Objectifs, geo: dict) -> None:
    f, annee = o.f, o.annee
    q = A.qpv_hors_qpv(o.comptes, annee)
    if q.empty:
        st.info(f"Aucune attribution en {annee} pour le périmètre choisi.")
    elif (f.communes or f.bailleurs or o.reservataire) and not valeurs.qpv_publiable(
        q, o.objectifs_territoire(), o.seuil
    ):
        st.info(O.PHRASE_QPV_CACHES, icon=":material/lock:")
    else:
        graphiques_gardes.graphique(
            A.figure_qpv,
            (q,),
            "graphique_qpv",
            f"QPV et hors QPV {annee}",
            O.SOURCE,
            str(annee),
            o.perimetre,
            chiffres=graphiques_gardes.DE_LA_SPEC,
        )
        st.caption(O.legende_qpv(annee, geo.get(annee, "–")))
        o.tableau(O.table_qpv(q), f"QPV et hors QPV {annee}", "table_qpv")
        o.legende()
        o.tables_export["QPV et hors QPV"] = q.rename(columns=A.LIBELLES_QPV)


def bouton_export(o: Objectifs, ev: pd.DataFrame) -> None:
    st.download_button(
        "Télécharger ces tableaux (XLSX)",
        # functools.partial: the workbook is built when clicked, from this run's tables.
        data=functools.partial(
            exports.classeur_xlsx,
            {"Évolution": O.export_evolution(ev), **o.tables_export},
            O.notices(o.annee, o.f.annee_debut, o.f.annee_fin, o.perimetre, o.phrase_secret),
            colonnes_pourcent=O.COLONNES_POURCENT,
        ),
        file_name=f"objectifs_attributions_{o.annee}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="export_xlsx",
    )


def seuils_premier_quartile() -> None:
    """The 1st-quartile thresholds: a form for the analyste, a read-only table for the other roles
    (the thresholds are public: arrêtés)."""
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
    else:
        tableaux.tableau(
            O.seuils_en_lecture(seuils),
            "Seuils du 1er quartile",
            O.SOURCE_SEUILS,
            "par année",
            "CU d'Arras",
            key="table_seuils",
        )
    cadre.legende(O.SOURCE_SEUILS, "par année", "CU d'Arras")
