"""The PLH targets are data: the Production page's three forms (counted years and communes,
communal targets, a new PLH) and their saves.

The saves run in the submit buttons' callbacks: they happen before the page script, so a rerun
of the page (router) cannot lose the click. Their outcome waits in the session for the next run.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from observatoire.base import ecriture
from observatoire.base.chemins import base_par_defaut
from observatoire.ecrans import acces, requetes
from observatoire.figures import production
from observatoire.indicateurs import plh

REFUS_ROLE = "Rien n'a été enregistré : la saisie des objectifs demande le rôle analyste."


def _source_saisie() -> str:
    return f"saisie du {date.today():%d/%m/%Y}"


def _enregistrer_communes(p_plh: plh.Plh, edition: pd.DataFrame) -> None:
    if not acces.est_analyste():
        st.session_state["_erreur_objectifs"] = REFUS_ROLE
        return
    edite = plh.appliquer_modifications(edition, st.session_state.get("editeur_objectifs_communes"))
    erreurs = plh.valider_objectifs(edite, colonnes=plh.INDICATEURS_COMMUNAUX)
    if erreurs:
        st.session_state["_erreur_objectifs"] = "Rien n'a été enregistré. " + " ".join(erreurs)
        return
    n = ecriture.enregistrer_objectifs_communes(base_par_defaut(), p_plh, edite, _source_saisie())
    st.cache_data.clear()
    st.session_state["_message_objectifs"] = f"{n} objectifs communaux enregistrés pour le {p_plh.plh}."


def _ajouter_plh(modele: pd.DataFrame, existants: list[str]) -> None:
    if not acces.est_analyste():
        st.session_state["_erreur_objectifs"] = REFUS_ROLE
        return
    etat = st.session_state
    nom, debut, fin = (
        (etat.get("nouveau_plh_nom") or "").strip(),
        etat.get("nouveau_plh_debut"),
        etat.get("nouveau_plh_fin"),
    )
    cibles_saisies = plh.appliquer_modifications(modele, etat.get("editeur_nouveau_plh"))
    erreurs = plh.valider_plh(nom, debut, fin, existants) + plh.valider_objectifs(cibles_saisies)
    if erreurs:
        etat["_erreur_objectifs"] = "Rien n'a été enregistré. " + " ".join(erreurs)
        return
    # Every calendar year of the new PLH is counted (the list is edited afterwards); no perimeter yet.
    nouveau = plh.Plh(nom, int(debut), int(fin), lecture=(etat.get("nouveau_plh_lecture") or "").strip() or None)
    ecriture.ajouter_plh(base_par_defaut(), nouveau, cibles_saisies, _source_saisie())
    st.cache_data.clear()
    etat["_message_objectifs"] = f"{nouveau.plh} ajouté : choisissez-le dans « Période du PLH »."


def _enregistrer_lecture(p_plh: plh.Plh, connues: list[str]) -> None:
    """Save the counted years and the communes of the PLH (both editable data)."""
    etat = st.session_state
    if not acces.est_analyste():
        etat["_erreur_objectifs"] = REFUS_ROLE
        return
    annees = etat.get("plh_annees_comptees") or []
    codes = etat.get("plh_communes_perimetre") or []
    erreurs = plh.valider_annees(annees, p_plh) + plh.valider_communes(codes, connues)
    if erreurs:
        etat["_erreur_objectifs"] = "Rien n'a été enregistré. " + " ".join(erreurs)
        return
    ecriture.enregistrer_lecture_plh(base_par_defaut(), p_plh.plh, annees, codes)
    st.cache_data.clear()
    apres = plh.Plh(p_plh.plh, p_plh.annee_debut, p_plh.annee_fin, tuple(annees), tuple(codes))
    etat["_message_objectifs"] = (
        f"{p_plh.plh} : années comptées {plh.phrase_annees(apres)} ; {plh.phrase_perimetre(apres)}."
    )


def saisie(p: plh.Plh, objectifs: pd.DataFrame, noms_plh: list[str]) -> None:
    """The section « Objectifs : des données modifiables »: open to analysts, shown to all."""
    st.header("Objectifs : des données modifiables")
    if "_message_objectifs" in st.session_state:
        st.success(st.session_state.pop("_message_objectifs"))
    if "_erreur_objectifs" in st.session_state:
        st.error(st.session_state.pop("_erreur_objectifs"))

    peut_modifier = acces.exiger_analyste("la saisie des objectifs du PLH")
    with st.expander(f"Années comptées et communes du {p.plh}"):
        st.markdown(
            f"**Années comptées** : les années civiles dont la production est additionnée, chacune avec son "
            f"objectif annuel (par défaut toutes les années du PLH, {p.annee_debut} à {p.annee_fin}). Aujourd'hui : "
            f"{plh.phrase_annees(p)}.\n\n"
            f"**Communes du PLH** : les communes de l'EPCI à l'adoption du PLH, sur lesquelles ses objectifs "
            f"portent. Aujourd'hui : {plh.phrase_perimetre(p)}. Laisser vide tant que la liste n'est pas connue."
        )
        toutes_communes = requetes.donnees("communes_liste")
        noms = dict(zip(toutes_communes["code_insee"], toutes_communes["nom"]))
        with st.form("form_lecture_plh"):
            st.multiselect(
                "Années comptées",
                list(range(p.annee_debut, p.annee_fin + 1)),
                default=list(p.annees),
                key="plh_annees_comptees",
            )
            st.multiselect(
                "Communes du PLH",
                list(noms),
                default=[c for c in p.communes if c in noms],
                format_func=lambda c: f"{noms.get(c, c)} ({c})",
                key="plh_communes_perimetre",
                placeholder=plh.PERIMETRE_NON_RENSEIGNE,
            )
            st.form_submit_button(
                "Enregistrer les années et les communes",
                on_click=_enregistrer_lecture,
                args=(p, list(noms)),
                disabled=not peut_modifier,
            )

    with st.expander(f"Objectifs communaux du {p.plh}"):
        st.markdown(
            f"Objectifs **annuels** par commune ; l'objectif du PLH est l'objectif annuel × {p.nb_annees} années "
            f"comptées. Une case vide veut dire « {plh.PAS_D_OBJECTIF} ». La colonne « Origine » dit si la valeur "
            "est de **démonstration** (inventée) ou saisie ; une valeur modifiée devient « saisie »."
        )
        edition = production.edition_objectifs_communes(objectifs, requetes.donnees("communes_liste"))
        with st.form("form_objectifs_communes"):
            st.data_editor(
                edition,
                hide_index=True,
                disabled=["code_insee", "Commune", "Origine"],
                column_config={
                    "code_insee": st.column_config.TextColumn("Code INSEE"),
                    "logements": st.column_config.NumberColumn("Logements / an", min_value=0, step=1),
                    "lls": st.column_config.NumberColumn("LLS / an", min_value=0, step=1),
                    "accession_aidee": st.column_config.NumberColumn("Accession aidée / an", min_value=0, step=1),
                },
                key="editeur_objectifs_communes",
            )
            st.form_submit_button(
                "Enregistrer les objectifs communaux",
                on_click=_enregistrer_communes,
                args=(p, edition),
                disabled=not peut_modifier,
            )

    with st.expander("Ajouter une période de PLH"):
        st.markdown(
            "Un nouveau PLH s'ajoute comme une donnée : son nom, ses années et ses objectifs communautaires. Il "
            "compte toutes ses années civiles (la liste se modifie ensuite, avec ses communes) et apparaît dans le "
            "choix « Période du PLH »."
        )
        modele = production.modele_nouveau_plh()
        with st.form("form_nouveau_plh"):
            a1, a2, a3 = st.columns([2, 1, 1])
            a1.text_input("Nom", placeholder="PLH 2026-2031", key="nouveau_plh_nom")
            a2.number_input(
                "Première année",
                min_value=1990,
                max_value=2100,
                value=date.today().year,
                step=1,
                key="nouveau_plh_debut",
            )
            a3.number_input(
                "Dernière année",
                min_value=1990,
                max_value=2100,
                value=date.today().year + 5,
                step=1,
                key="nouveau_plh_fin",
            )
            st.text_area(
                "Comment lire la période",
                placeholder="Objectif cumulé = objectif annuel × années écoulées…",
                key="nouveau_plh_lecture",
            )
            st.data_editor(
                modele,
                hide_index=True,
                disabled=["indicateur", "Indicateur"],
                column_order=["Indicateur", "objectif_annuel", "objectif_periode"],
                column_config={
                    "objectif_annuel": st.column_config.NumberColumn("Objectif annuel", min_value=0),
                    "objectif_periode": st.column_config.NumberColumn(
                        "Objectif sur tout le PLH (seulement sans objectif annuel)", min_value=0
                    ),
                },
                key="editeur_nouveau_plh",
            )
            st.form_submit_button(
                "Ajouter ce PLH", on_click=_ajouter_plh, args=(modele, noms_plh), disabled=not peut_modifier
            )
