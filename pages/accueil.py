"""Accueil: the synthesis an elected official reads first — eight headline indicators on one
screen (1440×900 without scrolling): per card the value, the status in words and a sign, one
sentence; per row the source, the vintage and the page that details the calculation."""

import pandas as pd
import streamlit as st

from observatoire.ecrans import chiffres, filtres, navigation, requetes, tableaux
from observatoire.indicateurs import catalogue, glossaire, parc, synthese
from observatoire.secret import suppression as secret
from observatoire.secret import valeurs

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
perimetre = f.perimetre()
territoire = f.territoire(max_noms=3)

# Compact on this page only: every card above the fold at 1440×900 (checked by a browser test).
st.html("""<style>
[data-testid="stMainBlockContainer"] { padding-top: 2rem; }
[data-testid="stMain"] h1 { font-size: 1.55rem; padding: 0; }
.st-key-cartes_accueil [data-testid="stMetricValue"] { font-size: 1.7rem; line-height: 1.15; }
.st-key-cartes_accueil [data-testid="stMetricLabel"] p { font-weight: 600; }
.st-key-cartes_accueil [data-testid="stMarkdownContainer"] p { margin-bottom: 0; }
.st-key-cartes_accueil abbr { text-decoration: underline dotted; cursor: help; }
</style>""")

st.title(f"Observatoire de l'habitat — {territoire}")
if len(f.communes) > 1:
    st.caption(
        f"Les chiffres additionnent les {len(f.communes)} communes choisies ; la fiche commune détaille chacune."
    )

# ---------------------------------------------------------------- data (named queries) and cards (logic modules)

plhs = requetes.donnees("plh_liste")
p = synthese.plh_de_reference(plhs, f.annee_fin)
cartes_prod = chiffres.production_plh(f, p, seuil)[2] if p is not None else []

comptes = requetes.donnees("attributions_comptes", **f.sql(), reservataire=None, reservataire_prefectoral="État")
# The year of the data (the latest loaded, not the selection's latest): the map and the fiche read the same.
annee_attrib = requetes.donnees("carte_annee_attributions", **f.sql())["annee"].iloc[0]
annee_attrib = None if pd.isna(annee_attrib) else int(annee_attrib)
objectifs = (
    valeurs.objectifs_territoire(requetes.donnees, comptes, annee_attrib, f.communes, f.bailleurs, seuil)
    if annee_attrib
    else {}
)
cartes_attrib = synthese.cartes_attributions(comptes, annee_attrib, objectifs, seuil)

millesime = requetes.donnees("rpls_dernier_millesime", **f.sql())["millesime"].iloc[0]
if pd.isna(millesime):  # a period that ends before the first RPLS vintage loaded
    cartes_parc = synthese.cartes_parc_sans_millesime(f.annee_fin)
else:
    millesime = int(millesime)
    indicateurs = requetes.donnees(
        "parc_indicateurs", **f.sql(), millesime_debut=millesime - 1, millesime_fin=millesime, par_commune=False
    )
    actuel, avant = parc.total(indicateurs, millesime), parc.total(indicateurs, millesime - 1)
    cartes_parc = [synthese.carte_parc(actuel, avant, millesime), synthese.carte_efg(actuel, millesime, avant)]


def dessiner(carte: synthese.Carte) -> None:
    pres = catalogue.PRESENTATION[carte.statut]
    with st.container(border=True, gap="small"):
        # The full reading and the acronyms' definitions in the « ? » tooltip; the card keeps one sentence.
        aide = carte.phrase + (f"\n\nCible : {carte.cible}" if carte.cible else "")
        sigles = glossaire.aide(carte.titre, carte.phrase, carte.en_bref)
        st.metric(f"{carte.titre} · {carte.millesime}", carte.valeur, help=aide + (f"\n\n{sigles}" if sigles else ""))
        couleur, icone = pres.couleur, pres.icone
        st.markdown(
            f":{couleur}-badge[{icone} {pres.mot}] {glossaire.expliquer(carte.en_bref)}",
            unsafe_allow_html=True,  # <abbr> tooltips only: the sentence is HTML-escaped by glossaire.expliquer
        )


def entete_rangee(titre: str, cartes: list, complement: str, page: str, libelle_page: str, lien_a_droite=True) -> None:
    """The row's title, its sources (the catalogue's, once for the row) and vintage, and its detail page."""
    sources = " ; ".join(dict.fromkeys(c.source for c in cartes)) or "–"
    millesimes = ", ".join(dict.fromkeys(c.millesime for c in cartes)) or "–"
    if lien_a_droite:
        gauche, droite = st.columns([5, 1.7], vertical_alignment="bottom")
        with gauche:
            st.markdown(f"**{glossaire.expliquer(titre)}**", unsafe_allow_html=True)
        with droite:
            navigation.lien_page(page, libelle_page)
    else:
        st.markdown(f"**{glossaire.expliquer(titre)}**", unsafe_allow_html=True)
    st.caption(f"Source : {sources}{complement} · Millésime : {millesimes}")
    if not lien_a_droite:
        navigation.lien_page(page, libelle_page)


def rangee(titre: str, cartes: list, complement: str, page: str, libelle_page: str) -> None:
    if len(cartes) < 3:
        # Two cards: the row's title goes in the third column (one row less to read, and to scroll).
        colonnes = st.columns(3, gap="small")
        with colonnes[-1]:
            entete_rangee(titre, cartes, complement, page, libelle_page, lien_a_droite=False)
        if not cartes:
            with colonnes[0]:
                st.info("Pas d'indicateur calculable pour la période choisie.")
    else:
        entete_rangee(titre, cartes, complement, page, libelle_page)
        colonnes = st.columns(3, gap="small")
    for col, carte in zip(colonnes, cartes):
        with col:
            dessiner(carte)


with st.container(key="cartes_accueil", gap="small"):
    rangee(
        f"Production de logements — {p.plh}, années comptées jusqu'en {min(f.annee_fin, p.annee_fin)}"
        if p
        else "Production de logements",
        cartes_prod,
        f" ; objectifs du {p.plh}" if p else "",
        "production",
        "Détail : production",
    )
    rangee(
        f"Attributions {annee_attrib} : les trois objectifs légaux"
        if annee_attrib
        else "Attributions : les trois objectifs légaux",
        cartes_attrib,
        " ; règles du CCH, art. L.441-1 (lois Égalité et Citoyenneté, ELAN)",
        "attributions",
        "Détail : objectifs légaux",
    )
    rangee(
        f"Parc social au 1er janvier {millesime} (pas de cible chiffrée)"
        if not pd.isna(millesime)
        else "Parc social (pas de cible chiffrée)",
        cartes_parc,
        "",
        "parc_social",
        "Détail : parc social",
    )
    st.caption(
        f"Périmètre : {perimetre}. Passez la souris sur « ? » pour la lecture complète d'un indicateur, "
        "sur un sigle souligné pour sa définition."
    )
if any(c.statut == synthese.SECRET for c in cartes_prod + cartes_attrib):
    st.caption(secret.PHRASE.format(seuil=seuil))

with st.expander("Les huit indicateurs en tableau (CSV, XLSX)", icon=":material/table:"):
    toutes = cartes_prod + cartes_attrib + cartes_parc
    tableaux.tableau(
        synthese.tableau(toutes),
        "synthese_observatoire",
        "Sitadel, agréments, PTZ, SNE / bailleurs, RPLS",
        ", ".join(sorted({c.millesime for c in toutes})),
        perimetre,
        key="tableau_synthese",
    )
    st.caption(
        "Une ligne par indicateur : valeur, cible, situation, phrase, numérateur et dénominateur, source et millésime."
    )

st.markdown(
    "**Et aussi :** la fiche de chaque commune, le diaporama pour la CIL, la méthode de calcul de chaque indicateur."
)
c1, c2, c3 = st.columns(3)
with c1:
    navigation.lien_page("fiche_commune", "Fiche communale", ":material/location_city:")
with c2:
    navigation.lien_page("diaporama", "Diaporama CIL", ":material/slideshow:")
with c3:
    navigation.lien_page("methode", "Méthode et glossaire", ":material/menu_book:")
