"""Données: what is loaded, from which file, which vintage, demo or real; the import of the
official files (choose the kind, upload, read the preview, confirm); the templates; the provenance log."""

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from observatoire.base import ecriture, incidents, travail
from observatoire.base.chemins import base_par_defaut
from observatoire.chargement import dispositions, importer
from observatoire.chargement.sources import ErreurSource
from observatoire.ecrans import acces, cadre, filtres, requetes, tableaux, televersement
from observatoire.ecrans import formats as fr
from observatoire.figures.exports import echapper_markdown as md
from observatoire.indicateurs import parc

filtres.filtres()  # this page is not filtered, but must run through the router
SOURCE = "Journal des chargements de la base (table imports)"
PERIMETRE = "toute la base, sans filtre"
PERIMETRE_APERCU = "lignes du fichier gardées pour la CU d'Arras"


def _date(valeurs: pd.Series) -> pd.Series:
    """A load time as French text (« 22/11/2026 10:04 »), the same on screen and in the exports."""
    return pd.to_datetime(valeurs).dt.strftime("%d/%m/%Y %H:%M").fillna("–")


st.title("Données chargées")
st.markdown(
    "Chaque jeu de données, ses millésimes et son origine. Les jeux marqués **démo** sont inventés : "
    "ils disparaissent dès que le fichier officiel correspondant est importé."
)

jeux = requetes.donnees("jeux_charges")
jeux["statut"] = jeux["demo"].map({True: "démo", False: "réel"})
jeux["millesimes"] = jeux["millesimes"].fillna("–")  # a reference file has no vintage
jeux["libelle"] = jeux["jeu"].map(cadre.libelle_jeu)
jeux["dernier_import"] = _date(jeux["dernier_import"])
jeux["lignes"] = jeux["lignes"].astype("Int64")  # a DuckDB sum arrives as a float
tableaux.tableau(
    jeux[["libelle", "jeu", "statut", "millesimes", "fichiers", "lignes", "dernier_import"]].rename(
        columns={
            "libelle": "Jeu de données",
            "jeu": "Code",
            "statut": "Statut",
            "millesimes": "Millésimes",
            "fichiers": "Fichiers",
            "lignes": "Lignes chargées",
            "dernier_import": "Dernier chargement",
        }
    ),
    "Données chargées",
    SOURCE,
    "tous millésimes chargés",
    PERIMETRE,
    key="table_jeux",
)

# ---------------------------------------------------------------- import of an official file

st.subheader("Importer un fichier officiel")
st.markdown(
    "Choisissez le type de fichier, déposez-le : l'observatoire montre d'abord ce qu'il a compris (format, "
    "millésime, lignes gardées pour la CU, lignes rejetées et pourquoi). **Rien n'est écrit avant votre "
    "confirmation.** L'import remplace le millésime que couvre le fichier, et lui seul ; le premier fichier réel "
    "d'un jeu retire ses données de démonstration. Formats et modèles : `docs/modeles.md`."
)

CLE_APERCU, CLE_SUCCES = "_import_apercu", "_import_succes"
if CLE_SUCCES in st.session_state:
    st.success(md(st.session_state.pop(CLE_SUCCES)), icon=":material/check_circle:")

analyste = acces.exiger_analyste("l'import de fichiers")
televersement.autoriser_session(analyste)  # the server keeps no upload from any other session
if analyste:
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
    if fichier is None:
        st.session_state.pop(CLE_APERCU, None)
    else:
        cle = (fichier.file_id, type_, millesime, diffusion)
        memo = st.session_state.get(CLE_APERCU)
        if memo is None or memo[0] != cle:
            barre = st.progress(0, text="Lecture du fichier…")
            dossier = travail.sous_dossier()  # data/travail/<pid>/…: removed below, or at the next start
            try:
                # never the user's file name as a path: a fixed name, with the extension if it is a known one
                suffixe = Path(fichier.name).suffix.lower()
                chemin = dossier / ("televersement" + (suffixe if suffixe in importer.TYPES[type_].extensions else ""))
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
        _, apercu, erreur = memo
        if erreur:
            st.error(f"**Fichier refusé, la base n'a pas changé.** {md(erreur)}", icon=":material/block:")
        else:
            st.markdown("**Aperçu avant import**")
            source_apercu = f"{apercu.fichier} ({apercu.libelle}), aperçu avant import"
            millesimes_apercu = ", ".join(str(m) for m in apercu.millesimes) or "–"
            m1, m2, m3, m4 = st.columns(4)
            m1.metric("Lignes lues", fr.nombre(apercu.lignes_lues))
            m2.metric("Gardées pour la CU d'Arras", fr.nombre(apercu.lignes_gardees))
            m3.metric("Hors CU, non chargées", fr.nombre(apercu.lignes_hors_cua))
            m4.metric("Rejetées", fr.nombre(apercu.lignes_rejetees))
            st.caption(
                "Lignes lues = gardées + hors CU + rejetées. Les lignes hors CU (autres communes d'un fichier régional "
                "ou national) sont comptées, pas chargées ; une ligne rejetée a un défaut décrit ci-dessous."
            )
            # file names and cell values come from the user's file: shown literally, never as Markdown
            st.markdown("\n".join(f"- {md(ligne)}" for ligne in apercu.resume()))
            for a in apercu.avertissements:
                st.warning(md(a), icon=":material/info:")
            if apercu.nature == parc.PUBLIC:
                st.info(
                    f"**Fichier public du RPLS.** Pour le millésime {millesimes_apercu}, taux de vacance, taux de mobilité "
                    f"et loyer moyen seront « {parc.NON_DISPONIBLE} » (jamais 0) : ils demandent l'occupation, le bail et "
                    f"le loyer de chaque logement, que seul contient {parc.FICHIER_LOI}.",
                    icon=":material/lock:",
                )
            if apercu.impact is not None and len(apercu.impact):
                st.markdown(
                    "**Ce que l'import supprime et ce qu'il garde dans la base**, par année"
                    + (" et bailleur" if apercu.type == "attributions" else "")
                    + " :"
                )
                tableaux.tableau(
                    apercu.impact[["effet", "periode", "detail", "lignes"]].rename(
                        columns={
                            "effet": "Effet",
                            "periode": "Année (ou PLH)",
                            "detail": "Bailleur" if apercu.type == "attributions" else "Communes",
                            "lignes": "Lignes",
                        }
                    ),
                    f"Effet de l'import {Path(apercu.fichier).stem}",
                    source_apercu,
                    millesimes_apercu,
                    "lignes déjà dans la base pour ce jeu",
                    key="import_table_impact",
                )
            if apercu.rejets:
                st.markdown(f"**Lignes rejetées : {fr.nombre(apercu.lignes_rejetees)}**, par motif :")
                tableaux.tableau(
                    apercu.motifs()[["premiere_ligne", "colonne", "motif", "lignes", "attendu"]].rename(
                        columns={
                            "premiere_ligne": "Première ligne",
                            "colonne": "Colonne",
                            "motif": "Motif",
                            "lignes": "Lignes",
                            "attendu": "Attendu",
                        }
                    ),
                    f"Rejets {Path(apercu.fichier).stem}",
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
                    file_name=f"rejets_{Path(apercu.fichier).stem}.csv",
                    mime="text/csv",
                    icon=":material/download:",
                )
            with st.expander("Colonnes chargées et remplissage"):
                st.caption(
                    "Pour chaque colonne de la table, le nombre de lignes gardées qui portent une valeur "
                    "(vide = non renseigné dans le fichier)."
                )
                tableaux.tableau(
                    apercu.remplissage().rename(
                        columns={"colonne": "Colonne", "renseignees": "Renseignées", "vides": "Vides"}
                    ),
                    f"Remplissage {Path(apercu.fichier).stem}",
                    source_apercu,
                    millesimes_apercu,
                    PERIMETRE_APERCU,
                    key="import_table_remplissage",
                )
            n = apercu.lignes_gardees
            if st.button(
                f"Importer {fr.nombre(n)} ligne{'s' if n > 1 else ''} dans la base",
                type="primary",
                key="import_confirmer",
                icon=":material/upload:",
            ):
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

st.subheader("Versions précédentes de la base (annuler un import)")
st.markdown(
    f"Chaque écriture (import, saisie d'objectifs, de seuils ou de flux) garde la base telle qu'elle était juste "
    f"avant : les {fr.nombre(ecriture.nombre_versions())} dernières sont conservées (réglage `OBSERVATOIRE_VERSIONS`). "
    "Restaurer une version remet toute la base dans cet état ; la base remplacée devient elle-même une version, "
    "la restauration s'annule donc de la même façon. En ligne de commande : `python -m observatoire versions`, "
    "puis `python -m observatoire restaurer <numéro>`."
)
CLE_RESTAUREE = "_version_restauree"
if CLE_RESTAUREE in st.session_state:
    st.success(md(st.session_state.pop(CLE_RESTAUREE)), icon=":material/history:")
liste_versions = ecriture.versions(base_par_defaut())
if not liste_versions:
    st.caption("Aucune version précédente gardée pour l'instant : la première écriture en créera une.")
else:
    tableaux.tableau(
        pd.DataFrame(
            {
                "N°": range(1, len(liste_versions) + 1),
                "Base remplacée le": [f"{v.remplacee_le:%d/%m/%Y %H:%M:%S}" for v in liste_versions],
                "Remplacée par": [v.par for v in liste_versions],
                "Taille (Mo)": [fr.nombre(v.taille / 1e6, 1) for v in liste_versions],
            }
        ),
        "Versions précédentes de la base",
        "Dossier des versions (data/versions)",
        "toutes",
        PERIMETRE,
        key="table_versions",
    )
    if acces.est_analyste():
        col_choix, col_bouton = st.columns([3, 1])
        with col_choix:
            choisie = st.selectbox(
                "Version à restaurer",
                options=[v.identifiant for v in liste_versions],
                key="version_choisie",
                format_func=lambda i: next(
                    f"n° {n} — base du {v.remplacee_le:%d/%m/%Y %H:%M:%S}, avant : {v.par}"
                    for n, v in enumerate(liste_versions, start=1)
                    if v.identifiant == i
                ),
            )
        with col_bouton:
            st.write("")
            if st.button("Restaurer cette version", key="version_restaurer", icon=":material/history:", type="primary"):
                try:
                    v = ecriture.restaurer(base_par_defaut(), choisie)
                except ecriture.ErreurVersion as e:
                    st.error(md(str(e)), icon=":material/block:")
                else:
                    st.session_state[CLE_RESTAUREE] = (
                        f"Version restaurée : {v.libelle}. La base remplacée est gardée "
                        "comme version : la restauration peut être annulée."
                    )
                    st.cache_data.clear()
                    st.rerun()
    else:
        st.caption("La restauration d'une version est réservée au rôle analyste.")

st.subheader("Modèles à remplir")
st.markdown(
    "Les fichiers sans format officiel (occupation OPS, attributions, financements, PTZ, objectifs communaux, "
    "seuil du 1er quartile) s'importent avec ces modèles : une ligne d'en-tête et un exemple rempli, aux "
    "valeurs inventées. Une case vide veut dire « non renseigné », jamais zéro. Colonnes et contrôles : `docs/modeles.md`."
)
colonnes_modeles = st.columns(3)
for i, (t, nom_modele) in enumerate(importer.MODELES.items()):
    with colonnes_modeles[i % 3]:
        st.download_button(
            importer.TYPES[t].libelle,
            importer.modele(t).read_bytes(),
            file_name=f"modele_{nom_modele}",
            mime="text/csv",
            key=f"modele_{t}",
            icon=":material/download:",
            width="stretch",
        )

st.subheader("Provenance")
st.markdown(
    "Chaque fichier chargé, avec son empreinte SHA-256 : elle permet de vérifier qu'un chiffre vient bien du fichier reçu."
)
prov = requetes.donnees("imports_provenance")
prov["statut"] = prov["demo"].map({True: "démo", False: "réel"})
prov["jeu"] = prov["jeu"].map(cadre.libelle_jeu)
prov["millesime"] = prov["millesime"].map(lambda m: "–" if pd.isna(m) else str(int(m)))
prov["importe_le"] = _date(prov["importe_le"])
tableaux.tableau(
    prov[
        [
            "jeu",
            "millesime",
            "fichier",
            "statut",
            "lignes_lues",
            "lignes_chargees",
            "lignes_rejetees",
            "importe_le",
            "sha256",
        ]
    ].rename(
        columns={
            "jeu": "Jeu",
            "millesime": "Millésime",
            "fichier": "Fichier",
            "statut": "Statut",
            "lignes_lues": "Lues",
            "lignes_chargees": "Chargées",
            "lignes_rejetees": "Rejetées",
            "importe_le": "Chargé le",
            "sha256": "SHA-256",
        }
    ),
    "Provenance des données",
    SOURCE,
    "tous millésimes chargés",
    PERIMETRE,
    key="table_provenance",
)

st.subheader("Fichiers publiés reconnus")
st.markdown(
    "Pour chaque fichier officiel importé : la disposition publiée reconnue d'après son en-tête, la nature du fichier "
    "RPLS (public ou « version loi ») et la date de diffusion quand le fichier en a une (Sitadel : chaque livraison "
    "révise les années passées et remplace les années qu'elle couvre)."
)
try:
    reconnus = requetes.donnees("imports_fichiers")
except duckdb.CatalogException:  # a base built before these records: nothing recognised yet
    reconnus = pd.DataFrame()
if reconnus.empty:
    st.caption("Aucun fichier officiel importé depuis que l'observatoire enregistre les dispositions publiées.")
else:
    reconnus = reconnus.assign(
        jeu=reconnus["jeu"].map(cadre.libelle_jeu),
        millesime=reconnus["millesime"].map(lambda m: "–" if pd.isna(m) else str(int(m))),
        disposition=reconnus["disposition"].map(
            lambda d: dispositions.DISPOSITIONS[d].libelle if d in dispositions.DISPOSITIONS else d
        ),
        nature=reconnus["nature"].map({"public": "public", "loi": "« version loi » (restreint)"}).fillna("–"),
        date_diffusion=pd.to_datetime(reconnus["date_diffusion"]).dt.strftime("%d/%m/%Y").fillna("–"),
        detail=reconnus["detail"].fillna(""),
        importe_le=_date(reconnus["importe_le"]),
    )
    tableaux.tableau(
        reconnus[
            ["jeu", "millesime", "fichier", "disposition", "nature", "date_diffusion", "detail", "importe_le"]
        ].rename(
            columns={
                "jeu": "Jeu",
                "millesime": "Millésime",
                "fichier": "Fichier",
                "disposition": "Disposition reconnue",
                "nature": "Fichier RPLS",
                "date_diffusion": "Date de diffusion",
                "detail": "Précision",
                "importe_le": "Chargé le",
            }
        ),
        "Fichiers publiés reconnus",
        "Journal des imports (tables imports et imports_fichiers)",
        "tous millésimes chargés",
        PERIMETRE,
        key="table_fichiers_publies",
    )
    publics = sorted(reconnus.loc[reconnus["nature"] == "public", "millesime"].unique())
    if publics:
        st.info(
            f"Millésime(s) RPLS chargé(s) depuis le fichier public : {', '.join(publics)}. Taux de vacance, taux de "
            f"mobilité et loyer moyen y sont « {parc.NON_DISPONIBLE} » ; ils viennent de {parc.FICHIER_LOI}.",
            icon=":material/lock:",
        )

st.subheader("Organisation de la base")
st.markdown(
    "La base DuckDB `data/observatoire.duckdb` peut être ouverte depuis d'autres outils (DBeaver, Python, R). "
    "Ses tables et colonnes sont décrites dans `docs/base-de-donnees.md` : `communes`, `qpv`, "
    "`rpls_logements`, `attributions`, `ops`, `production`, `plh`, `objectifs`, "
    "`seuils_premier_quartile`, `contingent_flux`, `rpls_communes` et `imports` (ce journal de provenance)."
)
