"""Contingent communautaire (gestion en flux): the yearly objective per landlord from its inputs
(assiette, préfectoral 30 %, EPCI 20 %), the worked example of the convention, the inputs form,
and the attributions made on the contingent against the objective."""

import dataclasses

import pandas as pd
import streamlit as st

from observatoire.base.chemins import base_par_defaut
from observatoire.ecrans import acces, cadre, filtres, requetes, tableaux
from observatoire.ecrans import formats as fr
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue
from observatoire.indicateurs import contingent as C
from observatoire.secret import suppression as secret

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
phrase_secret = secret.PHRASE.format(seuil=seuil)
SOURCE_FLUX = "Bailleurs (convention de réservation, gestion en flux)"
SOURCE_ATTR = "SNE / exports des bailleurs (attributions)"

st.title("Contingent communautaire (gestion en flux)")
st.markdown(
    "Chaque année, la CU d'Arras fixe à chaque bailleur un objectif d'attributions au titre de son contingent : "
    "**20 %** du flux annuel de logements mis en location, hors logements exclus du flux (convention de "
    "réservation 2024-2026, article 4). Le contingent préfectoral est de **30 %** de la même assiette."
)

# ---------------------------------------------------------------- the rule and the worked example

with st.container(border=True):
    st.subheader("Le calcul, sur l'exemple de la convention")
    st.markdown(
        "**Assiette de référence** = mises en location − (mutations internes hors NPNRU + relogements NPNRU internes "
        "+ relogements LHI + relogements liés aux ventes) ; **contingent préfectoral** = 30 % de l'assiette ; "
        "**contingent EPCI** = 20 % de l'assiette.  \n"
        f"{C.REGLE_PREMIERES}  \n{C.REGLE_ARRONDI}"
    )
    st.markdown(f"Annexe 2, OPH Pas-de-Calais habitat, 2024 : **{C.phrase_calcul(C.EXEMPLE_ANNEXE_2)}**.")
    SOURCE_EXEMPLE = "Convention de réservation 2024-2026, annexe 2"
    tableaux.tableau(
        C.etapes_exemple(C.EXEMPLE_ANNEXE_2),
        "Exemple de l'annexe 2",
        SOURCE_EXEMPLE,
        "2024",
        "Pas-de-Calais habitat, CU d'Arras",
        key="table_exemple",
        height="content",
    )
    st.caption(
        "Reproduction, chiffre pour chiffre, de l'exemple de l'annexe 2 de la convention ; l'objectif 2024 y est de 96 logements."
    )
    cadre.legende(SOURCE_EXEMPLE, "2024", "Pas-de-Calais habitat, CU d'Arras")

# ---------------------------------------------------------------- the year's objectives

flux = requetes.donnees("contingent_flux", **f.sql())
annees_flux = sorted(set(flux["annee"].astype(int)), reverse=True)
annees = annees_flux or list(range(f.annee_fin, f.annee_debut - 1, -1))
annee = st.selectbox("Année", annees, key="annee", bind="query-params")
flux_an = flux[flux["annee"] == annee]
perimetre_flux = "tous bailleurs" if not f.bailleurs else f"{len(f.bailleurs)} bailleur(s) sélectionné(s)"
# The realised figures cover the chosen year only, not the filtered period (as in the Bilan CIL).
perimetre_an = f.perimetre().rsplit(" · ", 1)[0] + f" · {annee}"
perimetre_cu = dataclasses.replace(f, communes=()).perimetre().rsplit(" · ", 1)[0] + f" · {annee}"

st.header(f"Objectif {annee} par bailleur")
if flux_an.empty:
    st.info(
        f"Aucune entrée de flux pour {annee} : saisissez-les ci-dessous pour obtenir l'objectif de l'année.",
        icon=":material/info:",
    )
    calc = pd.DataFrame(columns=["bailleur", "contingent_epci"])
else:
    calc = C.tableau_flux(flux_an)
    if acces.exiger_analyste("le détail par bailleur"):
        if calc["demo"].any():
            st.warning("Les entrées marquées « démo » sont inventées (bailleurs fictifs).", icon=":material/warning:")
        vue = calc.assign(statut=calc["demo"].map({True: "démo", False: "saisi"}))
        colonnes = ["bailleur"] + C.ENTREES + ["exclusions", "assiette", "contingent_prefectoral", "contingent_epci"]
        total = {c: calc[c].sum() for c in colonnes[1:]} | {"bailleur": "Ensemble"}
        affiche = pd.concat([vue[colonnes + ["statut"]], pd.DataFrame([total | {"statut": ""}])], ignore_index=True)
        for c in colonnes[1:]:
            affiche[c] = affiche[c].map(fr.nombre)
        tableaux.tableau(
            affiche.rename(columns=C.LIBELLES_COURTS | {"statut": "Statut"}),
            f"Objectif contingent {annee}",
            SOURCE_FLUX,
            str(annee),
            perimetre_flux,
            key="table_flux",
            column_config={"Bailleur": st.column_config.TextColumn(pinned=True)},
        )
        st.caption(
            f"Pour chaque bailleur, les entrées de {annee} et le calcul de l'objectif : la dernière colonne est le nombre "
            f"d'attributions que le bailleur doit réaliser au titre du contingent communautaire en {annee} "
            f"(total : **{fr.nombre(calc['contingent_epci'].sum())}**). Exclusions = (2) + (3) + (4) + (5) ; assiette = (1) − exclusions. Les volumes de logements d'une convention ne décrivent "
            "pas des ménages : ils ne sont pas soumis au secret statistique."
        )
        cadre.legende(SOURCE_FLUX, str(annee), perimetre_flux)

# ---------------------------------------------------------------- realised vs objective

st.header(f"Flux réalisé {annee} contre flux dû")
st.markdown(
    "Le **flux réalisé** compte les attributions du contingent suivies d'un **bail signé** : une proposition refusée "
    "ne libère pas de logement. Le contingent communautaire et les contingents communaux « ne forment qu'une seule "
    "entité » (convention de réservation 2024-2026, article 3) : les attributions des deux comptent ensemble. "
    + (
        "L'année est close : statut « atteint » ou « non atteint »."
        if catalogue.periode_close(annee)
        else "L'année est en cours : « en avance » ou « en retard » par rapport au rythme attendu à ce jour "
        "(flux dû × jours écoulés ÷ jours de l'année)."
    )
)
comptes = requetes.donnees(
    "attributions_comptes",
    **f.sql() | {"annee_debut": annee, "annee_fin": annee},
    reservataire=None,
    reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
)
# The same counts on every commune (same landlords): the grid on which the secret statistique is
# decided (the Bilan CIL's: the same cells hidden on both pages), whatever the commune filter.
comptes_cu = comptes if not f.communes else C.lire_comptes_communes(requetes.donnees, annee, annee, f.bailleurs)
if comptes.empty:
    st.info(f"Aucune attribution en {annee} pour le périmètre choisi.")
else:
    # Every landlord, CU level: the grid of the table by landlord (the flux due is set for the CU,
    # and a table per landlord on a selection of communes would give, by difference, a landlord's
    # figure in one commune), and with a landlord filter the other landlords' counts.
    comptes_tous = comptes_cu if not f.bailleurs else C.lire_comptes_communes(requetes.donnees, annee, annee)
    if acces.exiger_analyste("le détail par bailleur"):
        tm = C.realise_par_bailleur(comptes_tous, flux_an, annee, f.bailleurs, seuil=seuil)
        tableaux.tableau(
            A.mettre_en_forme(tm, [("bailleur", "Bailleur", "texte")], C.COLONNES_REALISE),
            f"Contingent {annee} par bailleur",
            f"{SOURCE_ATTR} ; {SOURCE_FLUX}",
            str(annee),
            perimetre_cu,
            key="table_realise",
        )
        st.caption(
            f"Pour chaque bailleur, le flux réalisé en {annee} (attributions du contingent communautaire et communal "
            f"suivies d'un bail signé), comparé au flux dû (20 % de l'assiette) : écart en logements, taux de réalisation "
            f"et statut, pour {C.TOUTE_LA_CU} (le flux dû est fixé pour la CU, quel que soit le filtre de communes). "
            f"Le total compare les bailleurs qui ont un flux dû. {phrase_secret}"
            + (f" {secret.POURQUOI_SELECTION}" if tm.total_caches else "")
        )
        cadre.legende(f"{SOURCE_ATTR} ; {SOURCE_FLUX}", str(annee), perimetre_cu)

    st.subheader("Par commune")
    tmc = C.tableau_bilan_communes(
        comptes_cu,
        annee,
        seuil=seuil,
        communes=f.communes,
        comptes_selection=comptes,
        sous_cu=bool(f.communes or f.bailleurs),
        bailleurs=f.bailleurs,
        comptes_tous=comptes_tous if f.bailleurs else None,
    )
    tableaux.tableau(
        A.mettre_en_forme(
            tmc,
            [("commune", "Commune", "texte"), ("code_insee", "Code INSEE", "texte")],
            [
                ("contingent_entite", "Attributions au titre du contingent communautaire et communal", "nombre"),
                ("contingent_entite_refus", "dont refusées par le ménage", "nombre"),
                ("contingent_realise", "Flux réalisé (bail signé)", "nombre"),
            ],
        ),
        f"Contingent {annee} par commune",
        SOURCE_ATTR,
        str(annee),
        perimetre_an,
        key="table_realise_communes",
    )
    st.caption(
        f"Les attributions de {annee} au titre du contingent communautaire et communal, commune par commune, et celles "
        f"suivies d'un bail signé (le contingent est délégué aux maires ; le flux dû est fixé par bailleur, pas par "
        f"commune). Les cases masquées sont celles du bilan CIL par commune, quelle que soit la sélection. {phrase_secret}"
        + (f" {secret.POURQUOI_SELECTION}" if tmc.total_caches else "")
    )
    cadre.legende(SOURCE_ATTR, str(annee), perimetre_an)
    # Unknown flags: a count in no grid, so the CU's only (every landlord), labelled under a commune filter.
    nr_bail = (
        int(A.sommer(comptes_cu, ["annee"]).iloc[0]["contingent_realise_nr"])
        if not f.bailleurs and len(comptes_cu)
        else 0
    )
    if nr_bail:
        st.caption(
            f"Non renseigné{f' ({C.TOUTE_LA_CU})' if f.communes else ''} : {fr.nombre(nr_bail)} attribution(s) du "
            "contingent sans information sur le bail, hors du flux réalisé."
        )

# ---------------------------------------------------------------- inputs

st.header("Saisir ou téléverser les entrées d'une année")
if acces.exiger_analyste("la saisie des entrées du flux"):
    st.markdown(
        "Une ligne par bailleur et par année, en nombres entiers positifs ou nuls. Une saisie remplace les entrées du "
        "même bailleur pour la même année ; l'objectif est recalculé aussitôt. Rien n'est enregistré si une valeur est "
        "négative, non numérique, ou si les exclusions dépassent les mises en location."
    )
    bailleurs = requetes.donnees("contingent_flux_bailleurs")["bailleur"].tolist()
    modele = (
        flux_an[["annee", "bailleur"] + C.ENTREES]
        if not flux_an.empty
        else pd.DataFrame({"annee": annee, "bailleur": bailleurs, **{c: 0 for c in C.ENTREES}})
    )
    if "_message_flux" in st.session_state:
        st.success(st.session_state.pop("_message_flux"), icon=":material/check_circle:")
    with st.form("form_flux"):
        saisie = st.data_editor(
            modele.reset_index(drop=True),
            num_rows="dynamic",
            hide_index=True,
            key="editeur_flux",
            column_config={
                "annee": st.column_config.NumberColumn("Année", format="%d", step=1),
                "bailleur": st.column_config.TextColumn("Bailleur"),
                **{c: st.column_config.NumberColumn(C.LIBELLES[c], step=1) for c in C.ENTREES},
            },
        )
        fichier = st.file_uploader(
            "… ou un fichier CSV (colonnes : " + ", ".join(["annee", "bailleur"] + C.ENTREES) + ")",
            type=["csv"],
            key="fichier_flux",
        )
        envoye = st.form_submit_button("Enregistrer les entrées", icon=":material/save:")
    if envoye:
        try:
            source = C.lire_fichier_flux(fichier.getvalue()) if fichier is not None else saisie
        except ValueError as e:  # empty file, unbalanced quote…: one French sentence, nothing written
            source, erreurs = None, [f"{fichier.name if fichier is not None else 'fichier'} : {e}"]
        n, erreurs = C.saisir_flux(base_par_defaut(), source) if source is not None else (0, erreurs)
        if erreurs:
            st.error("Rien n'a été enregistré :\n\n" + "\n".join(f"- {e}" for e in erreurs))
        else:
            st.cache_data.clear()
            st.session_state["_message_flux"] = f"{n} ligne(s) enregistrée(s) ; l'objectif de l'année est recalculé."
            st.rerun()
