"""Méthode: for each indicator of the catalogue its definition, numerator, denominator, formula,
target, source, vintage, reference, confidentiality rule and limits; the status words; the known
limits of the data; a glossary. Every entry is generated from observatoire/indicateurs/catalogue.py."""

import streamlit as st

from observatoire.ecrans import filtres, navigation, requetes
from observatoire.indicateurs import catalogue, methode
from observatoire.indicateurs import contingent as C

filtres.filtres()  # not filtered, but must run through the router
st.title("Méthode : définitions, sources et limites")
st.markdown(
    "Comment chaque chiffre de l'observatoire est calculé, d'où il vient, quel texte le demande, et ce qu'il "
    "ne dit pas. Les références renvoient aux documents de la CU d'Arras (PLH 2014-2020, programme d'actions ; "
    "convention de réservation 2024-2026…) et au code de la construction et de l'habitation (CCH). Chaque écran "
    "(accueil, pages, carte, fiche, diaporama, bilan, exports) lit ces mêmes définitions."
)

st.markdown(
    "**Sommaire** — "
    + " · ".join(f"[{i['titre']}](#{i['cle']})" for i in methode.INDICATEURS)
    + " · [Situations](#situations) · [Limites connues](#limites) · [Glossaire](#glossaire)"
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
            f"**Numérateur.** {i['numerateur']}  \n"
            f"**Dénominateur.** {i['denominateur']}  \n"
            f"**Formule.** {i['formule']}  \n"
            f"**Cible.** {i['cible']}  \n"
            f"**Source.** {i['source']}  \n"
            f"**Millésime.** {i['millesime']}  \n"
            f"**Référence.** {i['reference']}  \n"
            f"**Secret statistique.** {i['secret']}"
        )
        if i["limites"]:
            st.markdown("**Limites connues.**\n" + "\n".join(f"- {x}" for x in i["limites"]))
        if i["cle"] == "contribution_solidaire":
            lecture = C.lecture_reglee(requetes.donnees("reglages"))
            st.markdown(
                f"**Lecture retenue dans cet observatoire (réglage).** {C.LECTURES[lecture][1][0].upper()}"
                f"{C.LECTURES[lecture][1][1:]}. L'autre lecture est donnée à côté sur la page Bilan CIL."
            )
        navigation.lien_page(i["page"], "Voir la page détaillée")

st.divider()
st.header("Situations : les mots employés partout", anchor="situations")
st.markdown("\n".join(f"- **{catalogue.libelle(mot)}** : {texte}" for mot, texte in methode.STATUTS))

st.header("Limites connues des données", anchor="limites")
for titre, texte in methode.LIMITES_GENERALES:
    st.markdown(f"**{titre}.** {texte}")

st.header("Glossaire", anchor="glossaire")
st.caption("Les termes que l'observatoire emploie, dans l'ordre alphabétique.")
st.markdown("\n".join(f"- **{terme}** : {texte}" for terme, texte in methode.GLOSSAIRE))
