"""Accessibilité: the accessibility statement in the official form (RGAA 4.1), linked from the
footer of every page. The facts come from observatoire/figures/accessibilite.py, which the automated
test reads too."""

import streamlit as st

from observatoire.ecrans import filtres
from observatoire.figures import accessibilite as A

filtres.filtres()  # not filtered, but must run through the router
st.title("Déclaration d'accessibilité")
date_tests = A.DATE_TESTS.strftime("%d/%m/%Y")
st.markdown(
    "La Communauté urbaine d'Arras s'engage à rendre ses services en ligne accessibles, conformément à "
    "l'article 47 de la loi n° 2005-102 du 11 février 2005.\n\n"
    "Cette déclaration d'accessibilité s'applique à l'**Observatoire de l'habitat de la Communauté urbaine "
    "d'Arras**. Le schéma pluriannuel de mise en accessibilité et le plan d'action de l'année de la CU "
    "d'Arras sont à référencer ici (*à compléter*)."
)

st.header("État de conformité")
st.markdown(
    f"L'Observatoire de l'habitat est **{A.ETAT}** avec le référentiel général d'amélioration de "
    f"l'accessibilité ({A.RGAA}).\n\n"
    "Aucun audit de conformité n'a encore été réalisé : sans audit, la réglementation impose cette mention, "
    "quels que soient les résultats des tests automatisés décrits ci-dessous. Ces tests ne couvrent qu'une "
    "partie des critères du RGAA ; un audit par une personne qualifiée reste à commander."
)

st.header("Résultats des tests")
st.markdown(
    f"Tests automatisés du {date_tests}, refaits à chaque vérification de l'application :\n\n"
    f"- **{A.AXE_CORE}** sur toutes les pages du menu, avec les règles des WCAG 2.0 et 2.1, niveaux A et AA "
    f"(étiquettes {', '.join(A.REGLES_AXE)}) : le test échoue dès qu'une violation grave ou critique "
    "apparaît, sauf celles qui viennent du cadriciel Streamlit et sont listées plus bas ;\n"
    "- un parcours au seul clavier : choisir une commune sur la page « Carte » puis changer de page ;\n"
    "- le contraste de chaque couleur de texte, de légende et de graphique, et la lisibilité des palettes "
    "pour les trois formes de daltonisme (simulation)."
)
st.subheader("Ce que fait l'observatoire")
st.markdown("\n".join(f"- {m}" for m in A.MESURES))

st.header("Contenus non accessibles")
st.subheader("Non-conformités")
lignes = list(A.NON_CONFORMITES) + [f"{e['element']} : {e['raison']}" for e in A.EXCEPTIONS_STREAMLIT.values()]
st.markdown("\n".join(f"- {ligne}" for ligne in lignes))
st.subheader("Dérogations pour charge disproportionnée")
st.markdown("Aucune.")
st.subheader("Contenus non soumis à l'obligation d'accessibilité")
st.markdown("Aucun.")

st.header("Établissement de cette déclaration")
st.markdown(
    f"Cette déclaration a été établie le {date_tests}.\n\n"
    "- **Technologies utilisées** : HTML5, CSS, JavaScript (application Streamlit, graphiques Plotly, "
    "carte deck.gl).\n"
    f"- **Environnement de test** : navigateur Chromium (Debian), piloté par Playwright.\n"
    f"- **Outils** : {A.AXE_CORE} ; tests automatisés de l'application (parcours clavier, contrastes).\n"
    "- **Pages vérifiées** : toutes les pages du menu (Synthèse, Attributions, Production et parc, "
    "Sources et méthode), dont cette page."
)

st.header("Retour d'information et contact")
st.markdown(
    "Si vous n'arrivez pas à accéder à un contenu ou à un service de l'observatoire, contactez le service "
    "habitat de la CU d'Arras : il vous orientera vers une alternative accessible ou vous fera parvenir le "
    "contenu sous une autre forme (tableau, document).\n\n"
    f"- Courriel : {A.CONTACT}\n"
    f"- Adresse : {A.ADRESSE_POSTALE}"
)

st.header("Voies de recours")
st.markdown(
    "Si vous avez signalé au service habitat un défaut d'accessibilité qui vous empêche d'accéder à un "
    "contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez :\n\n"
    "- écrire un message au Défenseur des droits (formulaire en ligne sur le site du Défenseur des droits, "
    "defenseurdesdroits.fr) ;\n"
    "- contacter le délégué du Défenseur des droits dans votre région ;\n"
    "- envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, "
    "Libre réponse 71120, 75342 Paris CEDEX 07."
)
