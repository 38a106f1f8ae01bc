"""Fiche commune: one commune's indicators on one screen, next to the whole CU's, to show in a
meeting (and to print or download as a self-contained HTML page)."""

import dataclasses

import pandas as pd
import streamlit as st

from observatoire import carte, exports, parc, publiques, secret, ui, valeurs
from observatoire import formats as fr

f = ui.filtres()
seuil = secret.seuil_en_vigueur()
communes = ui.donnees("carte_communes")
noms = dict(zip(communes["code_insee"], communes["nom"]))
codes = sorted(noms, key=lambda c: noms[c])
# In the URL as ?commune=62041 (the map links to it); read and written here, since
# bind="query-params" would put the commune's name, not its INSEE code, in the URL.
if "commune" not in st.session_state:
    demande = st.query_params.get("commune")
    st.session_state["commune"] = demande if demande in noms else (f.communes[0] if f.communes else "62041")
code = st.selectbox("Commune", codes, format_func=noms.get, key="commune",
                    help="Par défaut, la commune demandée dans l'adresse, sinon la première du filtre « Communes » (ou Arras).")
if st.query_params.get("commune") != code:
    st.query_params["commune"] = code
nom = noms[code]
st.title(f"Fiche commune : {nom}")

population = int(communes.set_index("code_insee").loc[code, "population"])
millesime = ui.donnees("rpls_dernier_millesime", **f.sql())["millesime"].iloc[0]
millesime = None if pd.isna(millesime) else int(millesime)
annee_attrib = ui.donnees("carte_annee_attributions", **f.sql())["annee"].iloc[0]
annee_attrib = None if pd.isna(annee_attrib) else int(annee_attrib)
logements = ui.donnees("parc_indicateurs", **(f.sql() | {"communes": []}), millesime_debut=millesime,
                       millesime_fin=millesime, par_commune=True)
attrib = objectifs_cu = None
if annee_attrib is not None:
    # The grid of every commune (the map's and Objectifs légaux's cells) and the whole CU (the
    # Accueil card's figure), for the landlord filter.
    attrib = valeurs.grille_objectifs(ui.donnees, annee_attrib, f.bailleurs, seuil)
    comptes_cu = ui.donnees("attributions_comptes", **(f.sql() | {"communes": [], "annee_debut": annee_attrib, "annee_fin": annee_attrib}),
                            reservataire=None, reservataire_prefectoral="État")
    objectifs_cu = valeurs.objectifs_territoire(ui.donnees, comptes_cu, annee_attrib, (), f.bailleurs, seuil)
plh = ui.donnees("carte_taux_plh")
plh_cu = ui.donnees("fiche_objectif_plh_cu")
objectif_cu = None if plh_cu.empty or pd.isna(plh_cu["objectif"].iloc[0]) else float(plh_cu["objectif"].iloc[0])
nom_plh = plh_cu["plh"].iloc[0] if not plh_cu.empty else "PLH"
# The fiche compares one commune with the whole CU whatever the commune filter says; the
# landlord filter applies to stock and attributions.
perimetre = dataclasses.replace(f, communes=(code,)).perimetre() + " · comparée à toute la CU d'Arras"

st.markdown(
    f"**{fr.nombre(population)} habitants** (population municipale) · parc social au 1er janvier {millesime} · "
    f"attributions {annee_attrib} · {nom_plh}."
)

logements_tous = None
if f.bailleurs:  # landlord filter: the other landlords' counts must pass the threshold too
    logements_tous = ui.donnees("parc_indicateurs", **(f.sql() | {"communes": [], "bailleurs": []}),
                                millesime_debut=millesime, millesime_fin=millesime, par_commune=True)
t = carte.fiche(code, communes, logements, attrib, plh, objectif_cu, seuil, objectifs_cu, logements_tous)
principaux = t.set_index("indicateur")
cols = st.columns(4)
courts = {"parc_social": f"Logements sociaux au 1er janvier {millesime}", "poids_social": "Pour 1 000 habitants",
          "part_qpv": "Part du parc en QPV", "dpe_efg": "Classés E, F ou G (DPE)"}
for col, (cle_ind, court) in zip(cols, courts.items()):
    ligne = principaux.loc[carte.INDICATEURS[cle_ind].titre]
    with col:
        st.metric(court, ligne["commune"])
        st.markdown(f"{ligne['commune_detail']}  \nCU d'Arras : **{ligne['cu']}**")
ui.legende("RPLS (SDES), population municipale (INSEE)", f"1er janvier {millesime}", perimetre)

st.header("Indicateurs de la commune et de la CU")
affiche = t.rename(columns={
    "indicateur": "indicateur", "commune": nom, "commune_detail": f"{nom} : numérateur ÷ dénominateur",
    "cu": "CU d'Arras", "cu_detail": "CU d'Arras : numérateur ÷ dénominateur", "cible": "cible",
    "statut_commune": f"statut {nom}", "statut_cu": "statut CU",
})
st.dataframe(affiche, hide_index=True)
st.caption(
    f"Chaque indicateur pour {nom} et pour toute la CU d'Arras, avec son numérateur, son dénominateur, sa cible "
    f"et son statut en toutes lettres. Parc : RPLS au 1er janvier {millesime} ; PLH : logements autorisés cumulés sur "
    f"la période du {nom_plh} ; objectifs légaux d'attribution : année {annee_attrib} (la loi fixe l'objectif 3 par "
    "réservataire : l'objectif 3 n'est « atteint » que si chaque réservataire atteint 25 % ; le taux affiché, tous "
    "réservataires confondus, est indicatif)."
)
ui.legende("RPLS (SDES) ; Sitadel (SDES) et objectifs du PLH ; SNE / bailleurs",
           f"RPLS {millesime} · attributions {annee_attrib}", perimetre)
if (t["commune"] == secret.SECRET).any():
    st.caption(secret.PHRASE.format(seuil=seuil))

# ---------------------------------------------------------------- occupation (OPS)

ops = ui.donnees("ops_enquete", annee_debut=f.annee_debut, annee_fin=f.annee_fin, communes=[])
if not ops.empty:
    annee_ops = int(ops.loc[ops["annee"] <= f.annee_fin, "annee"].max()) if (ops["annee"] <= f.annee_fin).any() \
        else int(ops["annee"].max())
    # The grid of every commune (the Occupation page's cells, whatever its selection) and the CU.
    publication = parc.ops_publication(ops[ops["annee"] == annee_ops], (), seuil)
    st.header(f"Occupation du parc social — enquête OPS {annee_ops}")
    lignes = parc.occupation_fiche(publication.communes_valeurs, publication.communes_masque,
                                   publication.secteurs_valeurs, publication.secteurs_masque, code)
    if lignes.empty:
        st.info(f"Aucun ménage enquêté à {nom} en {annee_ops} (pas de parc social enquêté).")
    else:
        st.dataframe(lignes, hide_index=True, height=35 * (len(lignes) + 1) + 3)
        st.caption(f"Part des ménages de chaque profil à {nom} (en QPV / hors QPV) et dans toute la CU d'Arras, avec "
                   "l'effectif de ménages et le nombre de ménages enquêtés. Cible : aucune fixée. "
                   + secret.PHRASE.format(seuil=seuil))
        ui.legende("Enquête OPS (GIP SNE)", str(annee_ops), dataclasses.replace(f, communes=(code,), bailleurs=()).perimetre())

# ---------------------------------------------------------------- real public figures

portrait = publiques.portrait_commune(code, ui.donnees)
sections_reelles = []
if portrait:
    st.header(f"Chiffres publics réels : {nom} et la CU d'Arras")
    st.markdown("Recopiés des publications de l'INSEE, du SDES et de la DGALN / Cerema, sans calcul de "
                "l'observatoire ; « – » : case masquée à la source (secret statistique), jamais 0.")
    perimetre_reel = f"{nom} · toute la CU d'Arras (46 communes)"
    blocs = [
        ("rpls", "Parc social au 1er janvier 2024", "rpls_communes", "1er janvier 2024",
         "Logements sociaux, densité, vacance (toute durée) et mobilité publiés par le SDES. La CU : somme des 34 "
         "communes du fichier et moyennes des taux pondérées par le parc."),
        ("population", "Population municipale", "population_communes", "2013-2021",
         "Population municipale de chaque année, commune et total des 46 communes."),
        ("logement", "Logements (recensement 2021)", "rp_logement", "RP 2021",
         "Logements par catégorie et par type, effectifs du recensement (arrondis à l'unité) et part dans le total."),
        ("revenus", "Revenus et pauvreté (Filosofi 2021)", "filosofi_communes", "revenus 2021",
         "Revenus disponibles 2021 ; les indicateurs de la CU elle-même (médiane, pauvreté) sont publiés par "
         "l'INSEE à l'échelle de l'EPCI, fichier non livré ici."),
        ("lovac", "Logements vacants du parc privé (LOVAC)", "lovac", "LOVAC 2025",
         "Logements du parc privé et vacants (dont depuis plus de 2 ans) par année ; la somme de la CU omet les "
         "communes masquées et le dit."),
    ]
    for cle, titre, jeu, millesime_reel, legende in blocs:
        if cle not in portrait:
            continue
        st.subheader(titre)
        tableau_reel = portrait[cle].rename(columns={"commune": nom, "part (commune)": f"part ({nom})"})
        st.dataframe(tableau_reel, hide_index=True, key=f"public_{cle}")
        st.caption(legende)
        ui.legende(publiques.source_ecran(jeu), millesime_reel, perimetre_reel)
        sections_reelles.append((f"{titre} — {publiques.etiquette(jeu)}", tableau_reel))

st.download_button(
    "Télécharger la fiche (page HTML imprimable)",
    exports.document_html(
        f"Fiche commune : {nom}",
        [("Indicateurs de la commune et de la CU", affiche)]
        + ([(f"Occupation du parc social — OPS {annee_ops}", lignes)] if not ops.empty and not lignes.empty else [])
        + sections_reelles,
        {**ui.avertissement_demo(),
         "Sources": "RPLS (SDES) ; Sitadel (SDES) et objectifs du PLH ; SNE / bailleurs ; enquête OPS (GIP SNE)",
         "Millésimes": f"RPLS au 1er janvier {millesime} ; attributions {annee_attrib} ; {nom_plh}",
         "Périmètre": perimetre,
         "Secret statistique": secret.PHRASE.format(seuil=seuil)},
    ).encode("utf-8"),
    file_name=f"fiche_{code}.html", mime="text/html", key="export_fiche", icon=":material/print:",
)
