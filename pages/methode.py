"""Méthode: for each indicator its definition, formula, source, vintage, reference and limits;
the known limits of the data; a glossary. Content lives in observatoire/methode.py."""

import streamlit as st

from observatoire import methode, ui

ui.filtres()  # not filtered, but must run through the router
st.title("Méthode : définitions, sources et limites")
st.markdown(
    "Comment chaque chiffre de l'observatoire est calculé, d'où il vient, quel texte le demande, et ce qu'il "
    "ne dit pas. Les références renvoient aux documents sources de la CU d'Arras (PLH 2014-2020, convention "
    "de réservation 2024-2026…) et au code de la construction et de l'habitation (CCH)."
)

st.markdown(
    "**Sommaire** — "
    + " · ".join(f"[{i['titre']}](#{i['cle']})" for i in methode.INDICATEURS)
    + " · [Limites connues](#limites) · [Glossaire](#glossaire)"
)

theme = None
for i in methode.INDICATEURS:
    if i["theme"] != theme:
        theme = i["theme"]
        st.divider()
        st.header(theme)
    with st.container(border=True):
        st.subheader(i["titre"], anchor=i["cle"], divider=False)
        st.markdown(
            f"**Définition.** {i['definition']}  \n"
            f"**Formule.** {i['formule']}  \n"
            f"**Cible.** {i['cible']}  \n"
            f"**Source.** {i['source']}  \n"
            f"**Millésime.** {i['millesime']}  \n"
            f"**Référence.** {i['reference']}"
        )
        st.markdown("**Limites connues.**\n" + "\n".join(f"- {x}" for x in i["limites"]))
        ui.lien_page(i["page"], "Voir la page détaillée")

st.divider()
st.header("Limites connues des données", anchor="limites")
for titre, texte in methode.LIMITES_GENERALES:
    st.markdown(f"**{titre}.** {texte}")

st.header("Glossaire", anchor="glossaire")
st.caption("Les termes que l'observatoire emploie, dans l'ordre alphabétique.")
st.markdown("\n".join(f"- **{terme}** : {texte}" for terme, texte in methode.GLOSSAIRE))
