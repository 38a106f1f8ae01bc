"""Annual CIL bilan (art. 11 of the convention de réservation): for a chosen year, by commune,
the attributions on the contingent communautaire, the refusals, the households housed under the
contribution solidaire, and the three legal objectives; exported as XLSX and printable HTML."""

import dataclasses

import streamlit as st

from observatoire.ecrans import bilan_cil as E
from observatoire.ecrans import cadre, chiffres, filtres, requetes
from observatoire.figures import bilan_cil as B
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue
from observatoire.indicateurs import contingent as C
from observatoire.secret import suppression as secret

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
phrase_secret, POURQUOI = secret.PHRASE.format(seuil=seuil), secret.POURQUOI_SELECTION
# The reading of the contribution solidaire (convention, art. 5): a setting stored in the base.
lecture = C.lecture_reglee(requetes.donnees("reglages"))
DEFINITIONS = B.definitions(lecture)

st.title("Bilan annuel à la CIL")
st.markdown(B.INTRODUCTION)

annee = st.selectbox(
    "Année du bilan", list(range(f.annee_fin, f.annee_debut - 1, -1)), key="annee", bind="query-params"
)
comptes_periode, comptes, comptes_cu = chiffres.comptes_du_bilan(f, annee)
flux = requetes.donnees("contingent_flux", **(f.sql() | {"annee_debut": annee, "annee_fin": annee}))
b = E.Bilan(
    annee,
    perimetre=B.perimetre_de_l_annee(f.perimetre(), annee),
    perimetre_cu=B.perimetre_de_l_annee(dataclasses.replace(f, communes=()).perimetre(), annee),
)
close = catalogue.periode_close(annee)

if comptes.empty:
    st.info(f"Aucune attribution en {annee} pour le périmètre choisi : pas de bilan à dresser.", icon=":material/info:")
    st.stop()

g = A.geographies(comptes).get(annee)
st.caption(f"En {annee}, « en QPV » et « hors QPV » se lisent sur la géographie prioritaire {g}." if g else "")
# The three art. 11 figures head the page; they are drawn once the bilan is computed (below).
en_tete = st.container()

# ---------------------------------------------------------------- 1. by commune (art. 11)

st.header(f"1. Bilan {annee} (article 11 de la convention de réservation)")
st.markdown(B.phrase_lecture(lecture))
E.formulaire_lecture(lecture)

# With a landlord filter, the same counts for every landlord (a cell whose other landlords are few is hidden).
comptes_tous = C.lire_comptes_communes(requetes.donnees, annee, annee) if f.bailleurs else comptes_cu
bilan = chiffres.bilan_article_11(
    f, annee, lecture, seuil, comptes, flux, comptes_cu, comptes_tous if f.bailleurs else None
)
with en_tete:
    E.chiffres_en_tete(b, bilan, POURQUOI)
E.totaux_article_11(b, bilan, DEFINITIONS)
E.par_commune(b, bilan, lecture, DEFINITIONS, phrase_secret)

# ---------------------------------------------------------------- 2. contingent: objective vs realised

# Landlord-level detail: shown, and put in the bilan's XLSX and HTML, for the analyste role only.
tm_real = E.realise_par_bailleur(b, comptes_tous, flux, f.bailleurs, seuil, phrase_secret)

# ---------------------------------------------------------------- 3. the legal objectives of the year

st.header(f"3. Objectifs légaux d'attribution {annee}")
objectifs_texte, objectifs_cu_texte, objectifs_caches = E.objectifs_de_l_annee(
    b, f, comptes, comptes_cu, close, seuil, (phrase_secret, POURQUOI)
)
tm_res = E.reservataires(b, f, comptes, comptes_cu, seuil, phrase_secret)
tm_obj = E.objectifs_par_commune(b, f, comptes, seuil, phrase_secret)
evolution, points_caches = E.evolution(b, f, comptes_periode, seuil)

# ---------------------------------------------------------------- exports

st.header("Exporter le bilan")
jeux_demo = requetes.donnees("jeux_demo")["jeu"].tolist()
a_exporter = B.Exports(
    annee=annee,
    perimetre=b.perimetre,
    sources=B.notices(
        annee,
        b.perimetre,
        B.avertissement([cadre.libelle_jeu(j) for j in jeux_demo]),
        lecture,
        bilan.lignes + bilan.lignes_cu,
        phrase_secret,
        not bilan.publiable or objectifs_caches or points_caches,
    ),
    phrase_secret=phrase_secret,
    lecture=lecture,
    bilan=bilan,
    tm_real=tm_real,
    objectifs_texte=objectifs_texte,
    objectifs_cu_texte=objectifs_cu_texte,
    tm_res=tm_res,
    tm_obj=tm_obj,
    evolution=evolution,
)
E.boutons_export(a_exporter, annee)
