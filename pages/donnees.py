"""Données: what is loaded, from which file, which vintage, demo or real; the import of the
official files (choose the kind, upload, read the preview, confirm); the earlier versions of the
base (undo); the templates; the provenance log."""

import duckdb
import pandas as pd
import streamlit as st

from observatoire.chargement import dispositions
from observatoire.ecrans import cadre, filtres, import_fichiers, requetes, tableaux, versions
from observatoire.figures import provenance
from observatoire.indicateurs import parc

filtres.filtres()  # this page is not filtered, but must run through the router
SOURCE = "Journal des chargements de la base (table imports)"
PERIMETRE = "toute la base, sans filtre"

st.title("Données chargées")
st.markdown(
    "Chaque jeu de données, ses millésimes et son origine. Les jeux marqués **démo** sont inventés : "
    "ils disparaissent dès que le fichier officiel correspondant est importé."
)
tableaux.tableau(
    provenance.table_jeux(requetes.donnees("jeux_charges"), cadre.libelle_jeu),
    "Données chargées",
    SOURCE,
    "tous millésimes chargés",
    PERIMETRE,
    key="table_jeux",
)

import_fichiers.section()
versions.section(PERIMETRE)
import_fichiers.modeles()

st.subheader("Provenance")
st.markdown(
    "Chaque fichier chargé, avec son empreinte SHA-256 : elle permet de vérifier qu'un chiffre vient bien du fichier reçu."
)
tableaux.tableau(
    provenance.table_provenance(requetes.donnees("imports_provenance"), cadre.libelle_jeu),
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
    libelles_dispositions = {code: d.libelle for code, d in dispositions.DISPOSITIONS.items()}
    table_reconnus = provenance.table_fichiers_reconnus(reconnus, cadre.libelle_jeu, libelles_dispositions)
    tableaux.tableau(
        table_reconnus,
        "Fichiers publiés reconnus",
        "Journal des imports (tables imports et imports_fichiers)",
        "tous millésimes chargés",
        PERIMETRE,
        key="table_fichiers_publies",
    )
    publics = provenance.millesimes_publics(table_reconnus)
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
