"""Production PLH: new dwellings against the PLH targets (550 / 200 / 140), by year, cumulated
since the start of the PLH and by commune; the PLH period and its targets are data."""

import dataclasses

import streamlit as st

from observatoire import formats as fr
from observatoire.ecrans import cadre, filtres, graphiques_gardes, navigation, objectifs_plh, requetes, tableaux
from observatoire.figures import bilan_plh
from observatoire.figures import production as fp
from observatoire.indicateurs import plh
from observatoire.secret import suppression as secret

f = filtres.filtres()
# The landlord filter does not apply to production figures: the scope line says so.
perimetre = dataclasses.replace(f, bailleurs=()).perimetre()
seuil = secret.seuil_en_vigueur()

st.title("Production de logements et objectifs du PLH")
st.markdown(
    "Logements neufs produits dans la CU d'Arras, mesurés contre les objectifs du Programme Local "
    "de l'Habitat : par année, en cumul depuis le début du PLH et par commune."
)
if f.bailleurs:
    st.caption(
        "Le filtre « Bailleurs » ne s'applique pas à cette page : la production n'est pas ventilée par bailleur."
    )

# ---------------------------------------------------------------- choices: PLH period, counting

plhs = requetes.donnees("plh_liste")
noms_plh = plhs["plh"].tolist()
c1, c2 = st.columns(2)
with c1:
    choix = st.selectbox(
        "Période du PLH",
        noms_plh,
        index=noms_plh.index("PLH 2014-2020") if "PLH 2014-2020" in noms_plh else 0,
        key="plh",
        bind="query-params",
    )
with c2:
    choix_comptage = st.radio(
        "Logements comptés",
        list(plh.CHOIX_COMPTAGE),
        key="comptage",
        bind="query-params",
        horizontal=True,
        help="Sitadel : un logement autorisé a reçu son permis ; un logement commencé a déclaré l'ouverture de son chantier.",
    )
comptage = plh.CHOIX_COMPTAGE[choix_comptage]
p = plh.Plh.depuis_ligne(plhs.set_index("plh").loc[choix].to_dict() | {"plh": choix})
mot_comptage = plh.LIBELLES_COMPTAGE[comptage].lower()

objectifs = requetes.donnees("objectifs_plh", plh=p.plh)
cibles = plh.objectifs_du_perimetre(objectifs, f.communes)
objectif_an = fp.objectifs_annuels(cibles)
annee_bilan = min(f.annee_fin, p.annee_fin)
annees_vues = list(range(f.annee_debut, f.annee_fin + 1))
annees_donnees = range(min(p.annee_debut, f.annee_debut), max(p.annee_fin, f.annee_fin) + 1)
# Production is counted on the PLH's perimeter when it is filled (plh.communes_comptees).
dehors = plh.hors_perimetre(p, f.communes)
production = requetes.donnees(
    "production_par_annee",
    annee_debut=annees_donnees[0],
    annee_fin=annees_donnees[-1],
    communes=list(plh.communes_comptees(p, f.communes)),
)
realise = plh.realise_annuel(production, comptage, annees_donnees)

st.info(fp.texte_lecture(p, annee_bilan, fp.totaux_du_plh(cibles, p)), icon=":material/straighten:")
if dehors:
    st.warning(fp.phrase_hors_perimetre(dehors, f.noms_communes, p))
if f.communes:
    st.markdown(fp.phrase_selection(cibles, f.communes, f.noms_communes))

if f.annee_fin < p.annee_debut:
    st.warning(fp.phrase_avant_plh(f.annee_debut, f.annee_fin, p))
    st.stop()

# ---------------------------------------------------------------- bilan: the key figures

bilan, caches = fp.bilan_publie(realise, cibles, annee_bilan, p, bool(f.communes), seuil)
periode_bilan = f"{p.annee_debut}-{annee_bilan}"

st.header(f"Bilan {periode_bilan}")
st.markdown(f"Années comptées : **{plh.phrase_annees(p, annee_bilan)}** · {plh.phrase_perimetre(p)}.")
for col, code in zip(st.columns(3), fp.CARTES):
    b = bilan.loc[code]
    with col:
        titre = f"{fp.titre_carte(code, comptage)}, {p.annee_debut}-{b['annee_bilan']}"
        if caches[code]:
            st.metric(titre, secret.SECRET)
            st.markdown(secret.PHRASE.format(seuil=seuil))
            continue
        st.metric(titre, fr.nombre(b["realise_cumule"]))
        for ligne in fp.lignes_carte(b, p, bool(f.communes)):
            st.markdown(ligne)
        cadre.legende(fp.SOURCES_CARTES[code], f"{p.annee_debut}-{b['annee_bilan']}", perimetre)

tableau_bilan = bilan_plh.tableau_du_bilan(bilan, caches, p, bool(f.communes))
tableaux.tableau(tableau_bilan, "bilan_plh", fp.SOURCE_ANNUELLE, periode_bilan, perimetre, key="tableau_bilan")
st.caption(fp.legende_bilan(p, annee_bilan, mot_comptage))
if caches.any():
    st.caption(fp.phrase_secret_bilan(seuil))
cadre.legende(fp.SOURCE_ANNUELLE, periode_bilan, perimetre)

# ---------------------------------------------------------------- year by year

st.header("Année par année")
periode_vue = f"{f.annee_debut}-{f.annee_fin}"
vue = realise.reindex(annees_vues)
valeurs_an, masque_an = fp.annees_publiees(vue, bool(f.communes), seuil)
table = fp.tableau_annuel(vue, valeurs_an, masque_an, objectif_an, annees_vues, p)
tableaux.tableau(table, "production_par_annee", fp.SOURCE_ANNUELLE, periode_vue, perimetre, key="tableau_annuel")
st.caption(fp.legende_annuelle(p))
cadre.legende(fp.SOURCE_ANNUELLE, periode_vue, perimetre)

source_parts = "Sitadel, agréments, PTZ (démo)"
graphiques_gardes.graphique(
    fp.figure_repartition,
    (vue, valeurs_an, masque_an, objectif_an, annees_vues, p, mot_comptage),
    "graphique_repartition",
    "production_repartition",
    source_parts,
    periode_vue,
    perimetre,
)
st.caption(fp.legende_repartition(p, mot_comptage))

# Cumulated trajectory of one indicator against its cumulated target.
choix_cumul = st.radio(
    "Indicateur du cumul",
    list(fp.CARTES),
    format_func=fp.libelles_cumul(comptage).get,
    key="indicateur_cumul",
    horizontal=True,
)
traj = plh.trajectoire(realise[choix_cumul], objectif_an.get(choix_cumul), p, annee_bilan)
cache_cumul = bool(caches.get(choix_cumul, False))
graphiques_gardes.graphique(
    fp.figure_cumul,
    (traj, cache_cumul, p),
    "graphique_cumul",
    "production_cumul",
    source_parts,
    periode_bilan,
    perimetre,
)
st.caption(fp.legende_cumul(p, cache_cumul, seuil))

# ---------------------------------------------------------------- social rentals: financed vs commissioned

st.header("Logements sociaux : financés et mis en service")
mes = requetes.donnees(
    "production_mises_en_service", annee_debut=f.annee_debut, annee_fin=f.annee_fin, communes=list(f.communes)
)
mes = mes.set_index("annee").reindex(annees_vues)
graphiques_gardes.graphique(
    fp.figure_lls,
    (annees_vues, vue["lls"], mes["plus"] + mes["plai"], objectif_an.get("lls"), p),
    "graphique_lls",
    "lls_finances_mis_en_service",
    fp.SOURCE_LLS,
    periode_vue,
    perimetre,
)
st.caption(fp.LEGENDE_LLS)
tableaux.tableau(
    fp.tableau_lls(annees_vues, vue, mes),
    "lls_finances_mis_en_service",
    "agréments (DDTM) ; RPLS (SDES) (démo)",
    periode_vue,
    perimetre,
    key="tableau_lls",
)
cadre.legende(fp.SOURCE_LLS, periode_vue, perimetre)

# ---------------------------------------------------------------- by commune

st.header(f"Par commune, {periode_bilan}")
communes = requetes.donnees("communes_liste")
if f.communes:
    communes = communes[communes["code_insee"].isin(f.communes)]
bornes_bilan = {"annee_debut": p.annee_debut, "annee_fin": annee_bilan}
prod_communes = requetes.donnees(
    "production_par_commune", **bornes_bilan, annees=plh.annees_comptees(annee_bilan, p), communes=list(f.communes)
)
prod_cu = requetes.donnees("production_par_annee", **bornes_bilan, communes=list(p.communes))
tc, valeurs_c, masque_c, total_cu = fp.par_commune(
    communes, prod_communes, prod_cu, objectifs, comptage, annee_bilan, p, seuil
)
for alerte in fp.alertes_repartition(plh.repartition_communes(objectifs)):
    st.warning(alerte)

tableaux.tableau(
    fp.tableau_communes(tc, valeurs_c, masque_c, comptage, annee_bilan),
    "production_par_commune",
    fp.SOURCE_COMMUNES,
    periode_bilan,
    perimetre,
    key="tableau_communes",
)
st.caption(fp.legende_communes(mot_comptage, p, annee_bilan, total_cu, seuil))
cadre.legende(fp.SOURCE_COMMUNES, periode_bilan, perimetre)

classees = fp.classement(tc)
if len(classees):
    graphiques_gardes.graphique(
        fp.figure_classement,
        (classees, annee_bilan),
        "graphique_classement",
        "classement_communes_plh",
        "Sitadel ; objectifs communaux (démo)",
        periode_bilan,
        perimetre,
    )
    st.caption(fp.legende_classement(tc))

navigation.lien_page(
    "carte",
    "Voir le taux de réalisation sur la carte des communes",
    ":material/map:",
    query_params={"indicateur": "taux_plh"},
)

# ---------------------------------------------------------------- targets are data: edit them
objectifs_plh.saisie(p, objectifs, noms_plh)
