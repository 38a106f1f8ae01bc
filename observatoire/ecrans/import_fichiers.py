"""The Données page's import of an official file: choose the kind, upload, read the preview,
confirm; and the templates to fill. The preview's tables and texts are pure functions (tested
without Streamlit); `section` and `modeles` draw.

Nothing is written before the confirmation: the preview (importer.analyser) reads the file in a
work folder and waits in the session, keyed by the upload, the kind, the vintage and the date."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from observatoire import formats as fr
from observatoire.base import travail
from observatoire.base.chemins import base_par_defaut
from observatoire.chargement import importer
from observatoire.chargement.sources import ErreurSource
from observatoire.ecrans import acces, cadre, incidents, tableaux, televersement
from observatoire.figures.exports import echapper_markdown as md
from observatoire.indicateurs import parc

CLE_APERCU, CLE_SUCCES = "_import_apercu", "_import_succes"
PERIMETRE_APERCU = "lignes du fichier gardées pour la CU d'Arras"
INTRO = (
    "Choisissez le type de fichier, déposez-le : l'observatoire montre d'abord ce qu'il a compris (format, "
    "millésime, lignes gardées pour la CU, lignes rejetées et pourquoi). **Rien n'est écrit avant votre "
    "confirmation.** L'import remplace le millésime que couvre le fichier, et lui seul ; le premier fichier réel "
    "d'un jeu retire ses données de démonstration. Formats et modèles : `docs/modeles.md`."
)
EQUATION_LIGNES = (
    "Lignes lues = gardées + hors CU + rejetées. Les lignes hors CU (autres communes d'un fichier régional "
    "ou national) sont comptées, pas chargées ; une ligne rejetée a un défaut décrit ci-dessous."
)
INTRO_MODELES = (
    "Les fichiers sans format officiel (occupation OPS, attributions, financements, PTZ, objectifs communaux, "
    "seuil du 1er quartile) s'importent avec ces modèles : une ligne d'en-tête et un exemple rempli, aux "
    "valeurs inventées. Une case vide veut dire « non renseigné », jamais zéro. Colonnes et contrôles : `docs/modeles.md`."
)


# ---------------------------------------------------------------- pure parts


def nom_televersement(nom_fichier: str, extensions) -> str:
    """Never the user's file name as a path: a fixed name, with the extension if it is a known one."""
    suffixe = Path(nom_fichier).suffix.lower()
    return "televersement" + (suffixe if suffixe in extensions else "")


def phrase_fichier_public(millesimes: str) -> str:
    return (
        f"**Fichier public du RPLS.** Pour le millésime {millesimes}, taux de vacance, taux de mobilité "
        f"et loyer moyen seront « {parc.NON_DISPONIBLE} » (jamais 0) : ils demandent l'occupation, le bail et "
        f"le loyer de chaque logement, que seul contient {parc.FICHIER_LOI}."
    )


def titre_impact(type_: str) -> str:
    return (
        "**Ce que l'import supprime et ce qu'il garde dans la base**, par année"
        + (" et bailleur" if type_ == "attributions" else "")
        + " :"
    )


def table_impact(impact: pd.DataFrame, type_: str) -> pd.DataFrame:
    return impact[["effet", "periode", "detail", "lignes"]].rename(
        columns={
            "effet": "Effet",
            "periode": "Année (ou PLH)",
            "detail": "Bailleur" if type_ == "attributions" else "Communes",
            "lignes": "Lignes",
        }
    )


def table_rejets(motifs: pd.DataFrame) -> pd.DataFrame:
    return motifs[["premiere_ligne", "colonne", "motif", "lignes", "attendu"]].rename(
        columns={
            "premiere_ligne": "Première ligne",
            "colonne": "Colonne",
            "motif": "Motif",
            "lignes": "Lignes",
            "attendu": "Attendu",
        }
    )


def table_remplissage(remplissage: pd.DataFrame) -> pd.DataFrame:
    return remplissage.rename(columns={"colonne": "Colonne", "renseignees": "Renseignées", "vides": "Vides"})


def texte_confirmation(n: int) -> str:
    return f"Importer {fr.nombre(n)} ligne{'s' if n > 1 else ''} dans la base"


# ---------------------------------------------------------------- screen pieces


def _choix():
    """The kind, the vintage, Sitadel's delivery date, the upload."""
    col_type, col_millesime = st.columns([3, 1])
    with col_type:
        type_ = st.selectbox(
            "Type de fichier",
            options=list(importer.TYPES),
            key="import_type",
            format_func=lambda t: importer.TYPES[t].libelle,
            help="La disposition publiée (millésime DiDo, copie data.gouv.fr, « version loi », fichier "
            "mensuel ou annuel…) est reconnue d'après la ligne d'en-tête.",
        )
    with col_millesime:
        millesime = st.number_input(
            "Millésime (si le nom du fichier ne le donne pas)",
            min_value=2000,
            max_value=2040,
            value=None,
            step=1,
            key="import_millesime",
            placeholder="lu dans le fichier",
        )
    diffusion = None
    if type_ == "sitadel":
        diffusion = st.date_input(
            "Date de diffusion de la livraison Sitadel (facultatif)",
            value=None,
            key="import_diffusion",
            format="DD/MM/YYYY",
            max_value=date.today(),
            help="Chaque livraison révise les années passées : sa date est gardée avec la provenance. "
            "Sans date saisie, elle est lue dans le nom du fichier quand il en porte une (…-2025-09-30.csv).",
        )
    fichier = st.file_uploader(
        "Fichier à importer",
        key=f"import_fichier_{st.session_state.get('_import_n', 0)}",
        type=[e.lstrip(".") for e in importer.TYPES[type_].extensions],
        help="CSV (UTF-8, ISO-8859-1 ou Windows-1252 ; « ; » ou « , »), éventuellement compressé .gz ; "
        "classeur xlsx pour les résultats RPLS par commune et l'annexe du seuil ; GeoJSON ou shapefile zippé pour les QPV.",
    )
    return type_, millesime, diffusion, fichier


def _apercu(fichier, type_: str, millesime, diffusion):
    """(apercu, erreur) of the uploaded file, read once per upload and choice."""
    cle = (fichier.file_id, type_, millesime, diffusion)
    memo = st.session_state.get(CLE_APERCU)
    if memo is None or memo[0] != cle:
        barre = st.progress(0, text="Lecture du fichier…")
        dossier = travail.sous_dossier()  # data/travail/<pid>/…: removed below, or at the next start
        try:
            chemin = dossier / nom_televersement(fichier.name, importer.TYPES[type_].extensions)
            chemin.write_bytes(fichier.getbuffer())
            try:
                apercu = importer.analyser(
                    type_,
                    chemin,
                    base_par_defaut(),
                    int(millesime) if millesime else None,
                    nom=fichier.name,
                    progres=lambda x, m: barre.progress(min(int(x * 100), 100), text=m),
                    date_diffusion=diffusion,
                )
                memo = (cle, apercu, None)
            except ErreurSource as e:
                memo = (cle, None, str(e))
            except Exception as e:  # never a traceback nor a server path on screen: a number, logged
                memo = (cle, None, incidents.phrase_incident(e, f"pendant la lecture de {fichier.name}"))
        finally:
            shutil.rmtree(dossier, ignore_errors=True)
        barre.empty()
        st.session_state[CLE_APERCU] = memo
    return memo[1], memo[2]


def _montrer(apercu) -> None:
    """What the import will do: counts, summary, warnings, effect on the base, rejects, columns."""
    st.markdown("**Aperçu avant import**")
    source_apercu = f"{apercu.fichier} ({apercu.libelle}), aperçu avant import"
    millesimes_apercu = ", ".join(str(m) for m in apercu.millesimes) or "–"
    nom = Path(apercu.fichier).stem
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Lignes lues", fr.nombre(apercu.lignes_lues))
    m2.metric("Gardées pour la CU d'Arras", fr.nombre(apercu.lignes_gardees))
    m3.metric("Hors CU, non chargées", fr.nombre(apercu.lignes_hors_cua))
    m4.metric("Rejetées", fr.nombre(apercu.lignes_rejetees))
    st.caption(EQUATION_LIGNES)
    # file names and cell values come from the user's file: shown literally, never as Markdown
    st.markdown("\n".join(f"- {md(ligne)}" for ligne in apercu.resume()))
    for a in apercu.avertissements:
        st.warning(md(a), icon=":material/info:")
    if apercu.nature == parc.PUBLIC:
        st.info(phrase_fichier_public(millesimes_apercu), icon=":material/lock:")
    if apercu.impact is not None and len(apercu.impact):
        st.markdown(titre_impact(apercu.type))
        tableaux.tableau(
            table_impact(apercu.impact, apercu.type),
            f"Effet de l'import {nom}",
            source_apercu,
            millesimes_apercu,
            "lignes déjà dans la base pour ce jeu",
            key="import_table_impact",
        )
    if apercu.rejets:
        st.markdown(f"**Lignes rejetées : {fr.nombre(apercu.lignes_rejetees)}**, par motif :")
        tableaux.tableau(
            table_rejets(apercu.motifs()),
            f"Rejets {nom}",
            source_apercu,
            millesimes_apercu,
            PERIMETRE_APERCU,
            key="import_table_rejets",
        )
        with st.expander("Détail ligne par ligne (200 premières)"):
            st.markdown("\n".join(f"- {md(m)}" for m in apercu.messages_rejets(200)))
        st.download_button(
            "Télécharger toutes les lignes rejetées (CSV)",
            apercu.rejets_csv(),
            key="import_rejets",
            file_name=f"rejets_{nom}.csv",
            mime="text/csv",
            icon=":material/download:",
        )
    with st.expander("Colonnes chargées et remplissage"):
        st.caption(
            "Pour chaque colonne de la table, le nombre de lignes gardées qui portent une valeur "
            "(vide = non renseigné dans le fichier)."
        )
        tableaux.tableau(
            table_remplissage(apercu.remplissage()),
            f"Remplissage {nom}",
            source_apercu,
            millesimes_apercu,
            PERIMETRE_APERCU,
            key="import_table_remplissage",
        )


def _confirmer(apercu) -> None:
    """The button that writes (atomic: a failure leaves the base as it was)."""
    if not st.button(
        texte_confirmation(apercu.lignes_gardees), type="primary", key="import_confirmer", icon=":material/upload:"
    ):
        return
    barre = st.progress(85, text="Écriture dans la base…")
    try:
        resultat = importer.ecrire(
            apercu, base_par_defaut(), progres=lambda x, m: barre.progress(min(int(x * 100), 100), text=m)
        )
    except Exception as e:  # the write is atomic: the base is as before
        barre.empty()
        st.error(
            f"**Import interrompu, la base n'a pas changé.** {md(incidents.phrase_incident(e, 'pendant l’import'))}",
            icon=":material/block:",
        )
    else:
        st.session_state[CLE_SUCCES] = resultat.phrase(cadre.libelle_jeu)
        st.session_state.pop(CLE_APERCU, None)
        st.session_state["_import_n"] = st.session_state.get("_import_n", 0) + 1  # empty uploader
        st.cache_data.clear()
        st.rerun()


def section() -> None:
    """« Importer un fichier officiel »: open to analysts, explained to all."""
    st.subheader("Importer un fichier officiel")
    st.markdown(INTRO)
    if CLE_SUCCES in st.session_state:
        st.success(md(st.session_state.pop(CLE_SUCCES)), icon=":material/check_circle:")
    analyste = acces.exiger_analyste("l'import de fichiers")
    televersement.autoriser_session(analyste)  # the server keeps no upload from any other session
    if not analyste:
        return
    type_, millesime, diffusion, fichier = _choix()
    if fichier is None:
        st.session_state.pop(CLE_APERCU, None)
        return
    apercu, erreur = _apercu(fichier, type_, millesime, diffusion)
    if erreur:
        st.error(f"**Fichier refusé, la base n'a pas changé.** {md(erreur)}", icon=":material/block:")
        return
    _montrer(apercu)
    _confirmer(apercu)


def modeles() -> None:
    """« Modèles à remplir »: one download per kind of file without an official layout."""
    st.subheader("Modèles à remplir")
    st.markdown(INTRO_MODELES)
    colonnes = st.columns(3)
    for i, (t, nom_modele) in enumerate(importer.MODELES.items()):
        with colonnes[i % 3]:
            st.download_button(
                importer.TYPES[t].libelle,
                importer.modele(t).read_bytes(),
                file_name=f"modele_{nom_modele}",
                mime="text/csv",
                key=f"modele_{t}",
                icon=":material/download:",
                width="stretch",
            )
