"""Contingent communautaire (gestion en flux): the yearly objective per landlord from its inputs
(assiette, préfectoral 30 %, EPCI 20 %), the worked example of the convention, the inputs form,
and the attributions made on the contingent against the objective."""

import dataclasses

import pandas as pd
import streamlit as st

from observatoire import formats as fr
from observatoire.base.chemins import base_par_defaut
from observatoire.ecrans import acces, cadre, filtres, requetes, saisie, tableaux
from observatoire.figures import contingent as K
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue
from observatoire.indicateurs import contingent as C
from observatoire.secret import suppression as secret

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
phrase_secret = secret.PHRASE.format(seuil=seuil)
SOURCE_FLUX, SOURCE_ATTR, SOURCE_EXEMPLE = K.SOURCE_FLUX, K.SOURCE_ATTR, K.SOURCE_EXEMPLE

st.title("Contingent communautaire (gestion en flux)")
st.markdown(
    "Chaque année, la CU d'Arras fixe à chaque bailleur un objectif d'attributions au titre de son contingent : "
    "**20 %** du flux annuel de logements mis en location, hors logements exclus du flux (convention de "
    "réservation 2024-2026, article 4). Le contingent préfectoral est de **30 %** de la même assiette."
)

# ---------------------------------------------------------------- the rule and the worked example

with st.container(border=True):
    st.subheader("Le calcul, sur l'exemple de la convention")
    st.markdown(K.PHRASE_CALCUL)
    st.markdown(f"Annexe 2, OPH Pas-de-Calais habitat, 2024 : **{C.phrase_calcul(C.EXEMPLE_ANNEXE_2)}**.")
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
        tableaux.tableau(
            K.table_objectif(calc),
            f"Objectif contingent {annee}",
            SOURCE_FLUX,
            str(annee),
            perimetre_flux,
            key="table_flux",
            column_config={"Bailleur": st.column_config.TextColumn(pinned=True)},
        )
        st.caption(K.legende_objectif(annee, calc["contingent_epci"].sum()))
        cadre.legende(SOURCE_FLUX, str(annee), perimetre_flux)

# ---------------------------------------------------------------- realised vs objective

st.header(f"Flux réalisé {annee} contre flux dû")
st.markdown(K.phrase_realise(catalogue.periode_close(annee)))
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
            K.legende_realise(annee, phrase_secret + (f" {secret.POURQUOI_SELECTION}" if tm.total_caches else ""))
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
            K.COLONNES_COMMUNES,
        ),
        f"Contingent {annee} par commune",
        SOURCE_ATTR,
        str(annee),
        perimetre_an,
        key="table_realise_communes",
    )
    st.caption(K.legende_communes(annee, phrase_secret + (f" {secret.POURQUOI_SELECTION}" if tmc.total_caches else "")))
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
    st.markdown(K.PHRASE_SAISIE)
    bailleurs = requetes.donnees("contingent_flux_bailleurs")["bailleur"].tolist()

    def enregistrer(saisi, fichier):
        try:
            source = C.lire_fichier_flux(fichier.getvalue()) if fichier is not None else saisi
        except ValueError as e:  # empty file, unbalanced quote…: one French sentence, nothing written
            return 0, [f"{fichier.name if fichier is not None else 'fichier'} : {e}"]
        return C.saisir_flux(base_par_defaut(), source)

    saisie.formulaire(
        "flux",
        K.modele_saisie(flux_an, annee, bailleurs),
        {
            "annee": st.column_config.NumberColumn("Année", format="%d", step=1),
            "bailleur": st.column_config.TextColumn("Bailleur"),
            **{c: st.column_config.NumberColumn(C.LIBELLES[c], step=1) for c in C.ENTREES},
        },
        "Enregistrer les entrées",
        enregistrer,
        lambda n: f"{n} ligne(s) enregistrée(s) ; l'objectif de l'année est recalculé.",
        fichier=(
            "… ou un fichier CSV (colonnes : " + ", ".join(["annee", "bailleur"] + C.ENTREES) + ")",
            "fichier_flux",
        ),
    )
