"""Données: what is loaded, from which file, which vintage, demo or real, and the provenance log."""

import streamlit as st

from observatoire import ui

ui.filtres()  # this page is not filtered, but must run through the router
st.title("Données chargées")
st.markdown(
    "Chaque jeu de données, ses millésimes et son origine. Les jeux marqués **démo** sont inventés : "
    "ils disparaissent dès que le fichier officiel correspondant est importé."
)

jeux = ui.donnees("jeux_charges")
jeux["statut"] = jeux["demo"].map({True: "démo", False: "réel"})
jeux["libelle"] = jeux["jeu"].map(ui.libelle_jeu)
st.dataframe(
    jeux[["libelle", "jeu", "statut", "millesimes", "fichiers", "lignes", "dernier_import"]],
    hide_index=True,
    width="stretch",
    column_config={
        "libelle": "Jeu de données",
        "jeu": "Code",
        "statut": "Statut",
        "millesimes": "Millésimes",
        "fichiers": st.column_config.NumberColumn("Fichiers", format="localized"),
        "lignes": st.column_config.NumberColumn("Lignes chargées", format="localized"),
        "dernier_import": st.column_config.DatetimeColumn("Dernier chargement", format="DD/MM/YYYY HH:mm"),
    },
)

st.subheader("Provenance")
st.markdown("Chaque fichier chargé, avec son empreinte SHA-256 : elle permet de vérifier qu'un chiffre vient bien du fichier reçu.")
prov = ui.donnees("imports_provenance")
prov["statut"] = prov["demo"].map({True: "démo", False: "réel"})
st.dataframe(
    prov[["jeu", "millesime", "fichier", "statut", "lignes_lues", "lignes_chargees", "lignes_rejetees", "importe_le", "sha256"]],
    hide_index=True,
    width="stretch",
    column_config={
        "jeu": "Jeu",
        "millesime": st.column_config.NumberColumn("Millésime", format="%d"),
        "fichier": "Fichier",
        "statut": "Statut",
        "lignes_lues": st.column_config.NumberColumn("Lues", format="localized"),
        "lignes_chargees": st.column_config.NumberColumn("Chargées", format="localized"),
        "lignes_rejetees": st.column_config.NumberColumn("Rejetées", format="localized"),
        "importe_le": st.column_config.DatetimeColumn("Chargé le", format="DD/MM/YYYY HH:mm"),
        "sha256": "SHA-256",
    },
)

st.subheader("Organisation de la base")
st.markdown(
    "La base DuckDB `data/observatoire.duckdb` peut être ouverte depuis d'autres outils (DBeaver, Python, R). "
    "Ses tables et colonnes sont décrites dans `docs/base-de-donnees.md` : `communes`, `qpv`, "
    "`rpls_logements`, `attributions`, `ops`, `production`, `plh`, `objectifs`, "
    "`seuils_premier_quartile`, `contingent_flux` et `imports` (ce journal de provenance)."
)
