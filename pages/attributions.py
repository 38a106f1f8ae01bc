"""Attributions: the three legal objectives (QPV / hors QPV / publics prioritaires), per calendar
year — headline, evolution, by commune, by landlord, per réservataire, QPV vs hors QPV — and the
editable 1st-quartile thresholds."""

import functools

import pandas as pd
import streamlit as st

from observatoire.base.chemins import base_par_defaut
from observatoire.ecrans import acces, cadre, filtres, graphiques, navigation, requetes, tableaux
from observatoire.ecrans import formats as fr
from observatoire.figures import exports
from observatoire.indicateurs import attributions as A
from observatoire.secret import suppression as secret
from observatoire.secret import valeurs

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
SOURCE = "SNE / exports des bailleurs (attributions)"

st.title("Attributions : les objectifs légaux")
st.markdown(
    "Les trois objectifs d'attribution de la loi Égalité et Citoyenneté (CCH, art. L.441-1), "
    "mesurés par année civile : **25 %** des attributions hors QPV au 1er quartile, **50 %** des "
    "attributions en QPV aux quartiles 2 à 4, **25 %** des attributions de chaque réservataire aux "
    "publics prioritaires."
)

reservataires = requetes.donnees("attributions_reservataires")["reservataire"].tolist()
TOUS = "Tous les réservataires"
c1, c2 = st.columns(2)
with c1:
    choix_res = st.selectbox("Réservataire", [TOUS] + reservataires, key="reservataire", bind="query-params")
annees = list(range(f.annee_fin, f.annee_debut - 1, -1))
with c2:
    annee = st.selectbox("Année de la synthèse", annees, key="annee", bind="query-params")
reservataire = None if choix_res == TOUS else choix_res
perimetre = f.perimetre() + ("" if reservataire is None else f" · réservataire : {reservataire}")

comptes = requetes.donnees(
    "attributions_comptes", **f.sql(), reservataire=reservataire, reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL
)
vides = A.annees_sans_attribution(comptes, f.annee_debut, f.annee_fin)
geo = A.geographies(comptes)
phrase_secret = secret.PHRASE.format(seuil=seuil)

with st.expander("Définitions des trois objectifs", icon=":material/menu_book:"):
    for d in A.OBJECTIFS.values():
        st.markdown(f"**{d.titre}.** {d.regle}  \nNumérateur : {d.numerateur}. Dénominateur : {d.denominateur}.")
    st.markdown(
        "**Taux légal.** Le dénominateur compte toutes les attributions du champ de l'objectif. Une attribution "
        "dont le drapeau manque (quartile, relogement ANRU, public prioritaire) est **non renseignée** : elle reste "
        "au dénominateur et n'entre pas au numérateur ; leur nombre est affiché à côté, avec le "
        f"**{A.LIBELLE_TAUX_CONNUS}** (numérateur ÷ attributions au drapeau connu), chiffre secondaire. "
        "Le 1er quartile est le drapeau déclaré dans l'export ; à défaut, les ressources déclarées par unité de "
        "consommation comparées au seuil de l'arrêté de l'année (plus bas sur cette page). "
        "**Objectif 3** : « atteint » seulement si chaque réservataire atteint 25 % ; le taux tous réservataires "
        f"confondus est un **{A.LIBELLE_INDICATIF_3}**. "
        "**Géographie prioritaire** : chaque année est comptée sur la liste des QPV en vigueur (liste 2015 avant 2024, "
        "liste 2024 à partir du 1er janvier 2024). "
        f"{A.LIMITE_EX_ZUS} "
        "L'écart « il manquait N attributions » est calculé à volume d'attributions égal. Une année finie se lit "
        "« atteint / non atteint », l'année en cours « en avance / en retard »."
    )

# ---------------------------------------------------------------- the year: headline cards

st.header(f"Synthèse {annee}")
if annee in vides:
    st.info(
        f"Aucune attribution en {annee} pour le périmètre choisi : les objectifs ne peuvent pas être calculés.",
        icon=":material/info:",
    )
else:
    g = geo.get(annee)
    decret = {2015: "décret 2014-1750", 2024: "décret 2023-1314"}.get(g, "")
    st.markdown(
        f"En {annee}, « en QPV » et « hors QPV » sont mesurés sur la **géographie prioritaire {g}** ({decret})."
        if g
        else f"La géographie prioritaire de {annee} n'est pas renseignée dans les attributions."
    )
    close = A.annee_close(annee)
    comptes_annee = comptes[comptes["annee"] == annee]
    cua = A.sommer(comptes_annee, ["annee"]).iloc[0]
    o3 = A.objectif_3(comptes_annee, close)
    # Value, status and mask as on the Accueil, the map and the fiche (observatoire.secret.valeurs).
    objectifs = valeurs.objectifs_territoire(
        requetes.donnees, comptes, annee, f.communes, f.bailleurs, seuil, reservataire
    )
    cols = st.columns(3)
    for col, n in zip(cols, A.OBJECTIFS):
        r = A.resultat(n, cua, close)
        d = A.OBJECTIFS[n]
        v = objectifs[n]
        with col, st.container(border=True):
            if v.cache:
                st.metric(A.TITRES_CARTES[n], secret.SECRET, help=d.regle)
                st.markdown(
                    f"**{A.libelle_statut(v.statut)}** · cible ≥ {fr.pourcent(float(d.cible), 0)}  \n{phrase_secret}"
                )
                cadre.legende(SOURCE, str(annee), perimetre)
                continue
            st.metric(A.TITRES_CARTES[n], fr.pourcent(r.taux), help=d.regle)
            if n == 3:
                # The law sets 25 % for each réservataire: the verdict is per réservataire, the
                # all-réservataires rate only indicative.
                statut = A.libelle_statut(v.statut) + (f" ({v.precision})" if v.precision else "")
                quoi = f"réservataire « {reservataire} »" if reservataire else A.LIBELLE_INDICATIF_3
                st.markdown(
                    f"**{statut}** · cible ≥ {fr.pourcent(float(d.cible), 0)} pour chaque réservataire  \n"
                    f"{fr.pourcent(r.taux)} : {quoi} · **{fr.nombre(r.numerateur)}** sur **{fr.nombre(r.denominateur)}** "
                    f"{d.denominateur}"
                )
                if reservataire is None and not (f.communes or f.bailleurs):
                    manque = (
                        f" Il manquait {fr.nombre(o3.manque)} attribution{'s' if o3.manque > 1 else ''} aux "
                        "réservataires sous 25 %."
                        if o3.manque
                        else ""
                    )
                    st.markdown(
                        f"L'obligation s'applique à **chaque** réservataire : **{o3.atteints} sur {o3.mesures}** "
                        f"l'atteignent (onglet « Par réservataire »).{manque}"
                    )
            else:
                st.markdown(
                    f"**{A.libelle_statut(r.statut)}** · cible ≥ {fr.pourcent(float(d.cible), 0)}  \n"
                    f"**{fr.nombre(r.numerateur)}** sur **{fr.nombre(r.denominateur)}** {d.denominateur}  \n"
                    f"{r.phrase_ecart()}"
                )
            st.caption(
                f"Numérateur : {d.numerateur}. "
                + (
                    f"Dénominateur légal {fr.nombre(r.denominateur)}, {r.phrase_non_renseignes()} ; {r.phrase_taux_connus()}."
                    if r.non_renseignes
                    else "Aucun drapeau non renseigné."
                )
            )
            cadre.legende(SOURCE, str(annee), perimetre)
    for phrase in A.phrases_ex_zus(cua, annee):
        st.caption(f"Objectif 1, {annee} : {phrase}")
    if cua["o1_bail_nr"]:
        st.caption(
            f"Objectif 1 : {fr.nombre(cua['o1_bail_nr'])} attribution(s) hors QPV sans information sur le bail, exclues."
        )
    if cua["qpv_nr"]:
        st.caption(
            f"{fr.nombre(cua['qpv_nr'])} attribution(s) sans localisation QPV / hors QPV, exclues des objectifs 1 et 2."
        )

# ---------------------------------------------------------------- evolution

st.header("Évolution")
# Each year × objective through the same layer as the Accueil (hidden points: gap and « secret statistique »).
ev = valeurs.evolution_territoire(requetes.donnees, comptes, f.communes, f.bailleurs, seuil, reservataire)
if vides:
    st.caption("Années sans attribution pour le périmètre choisi : " + ", ".join(str(a) for a in vides) + ".")
if ev.empty:
    st.info("Aucune attribution sur la période et le périmètre choisis.")
else:
    # its own « Les chiffres du graphique » below: numerators, denominators and targets too
    graphiques.graphique(
        graphiques.figure(A.figure_evolution, ev),
        "graphique_evolution_objectifs",
        "Objectifs légaux par année",
        SOURCE,
        f"{f.annee_debut}-{f.annee_fin}",
        perimetre,
        chiffres=False,
    )
    st.caption(
        "Chaque ligne suit un objectif légal année par année (taux légal : part de toutes les attributions du champ "
        "qui vont au public visé ; pour l'objectif 3, taux indicatif, tous réservataires) ; "
        "les lignes pointillées noires sont les cibles légales (25 % pour les objectifs 1 et 3, 50 % pour l'objectif 2). "
        "Géographie prioritaire en vigueur : " + ", ".join(f"{a} → QPV {g}" for a, g in sorted(geo.items())) + "."
    )
    debut_zus, fin_zus = A.PERIODE_EX_ZUS
    par_an = A.sommer(comptes, ["annee"])
    sans_zus = par_an[par_an["annee"].between(debut_zus, fin_zus) & (par_an["o1_ex_zus_nr"] > 0)]
    if len(sans_zus):
        st.caption(
            f"Anciennes ZUS : pour {', '.join(str(int(a)) for a in sans_zus['annee'])}, "
            f"{fr.nombre(int(sans_zus['o1_ex_zus_nr'].sum()))} attribution(s) hors QPV suivies d'un bail n'indiquent pas "
            "si le logement est en ancienne ZUS (colonne « ex_zus » vide ou absente) : elles sont comptées hors QPV, "
            "au dénominateur de l'objectif 1."
        )
    with st.expander("Les chiffres du graphique (numérateur, dénominateur, cible)"):
        t = ev.assign(
            annee=ev["annee"].astype(str),
            numerateur=ev["numerateur"].map(fr.nombre),
            denominateur=ev["denominateur"].map(fr.nombre),
            non_renseignes=ev["non_renseignes"].map(fr.nombre),
            manque=ev["manque"].map(fr.nombre),
            objectif=ev["objectif"].map(A.TITRES_COURTS),
            taux=ev["taux"].map(fr.pourcent),
            taux_connus=ev["taux_connus"].map(fr.pourcent),
            cible=ev["cible"].map(lambda c: fr.pourcent(c, 0)),
            statut=[A.libelle_statut(s) + (f" ({p})" if p else "") for s, p in zip(ev["statut"], ev["precision"])],
        )
        t.loc[
            ev["cache"].to_numpy(), ["numerateur", "denominateur", "non_renseignes", "manque", "taux", "taux_connus"]
        ] = secret.SECRET
        tableaux.tableau(
            t.rename(columns=A.LIBELLES_EVOLUTION),
            "Objectifs légaux par année",
            SOURCE,
            f"{f.annee_debut}-{f.annee_fin}",
            perimetre,
            key="table_evolution",
        )
        cadre.legende(SOURCE, f"{f.annee_debut}-{f.annee_fin}", perimetre)

# ---------------------------------------------------------------- below CUA level

st.header(f"Détail {annee}")
onglets = st.tabs(["Par commune", "Par bailleur", "Par réservataire (objectif 3)", "QPV / hors QPV"])
tables_export = {}
# Rows by commune or landlord mix réservataires: objective 3's rate there is indicative.
COLS = A.colonnes_objectif(1) + A.colonnes_objectif(2) + A.colonnes_objectif(3, indicatif=True)

with onglets[0]:
    # The grid of every commune (same cells as the map and the fiche), restricted to the selection.
    tm = valeurs.tableau_communes(requetes.donnees, comptes, annee, f.communes, f.bailleurs, seuil, reservataire)
    cles = [("commune", "Commune", "texte"), ("code_insee", "Code INSEE", "texte")]
    tableaux.tableau(
        A.mettre_en_forme(tm, cles, COLS),
        f"Objectifs par commune {annee}",
        SOURCE,
        str(annee),
        perimetre,
        key="table_communes",
        column_config={"Commune": st.column_config.TextColumn(pinned=True)},
    )
    st.caption(
        f"Chaque ligne donne, pour une commune, le numérateur, le dénominateur (légal : drapeaux inconnus compris), le "
        f"taux et le statut des trois objectifs en {annee}. Objectif 3 : taux indicatif, tous réservataires ; le "
        f"statut est celui de l'obligation, réservataire par réservataire, sur chaque ligne. Les cases masquées sont les "
        f"mêmes que sur la carte et la fiche commune. {phrase_secret}"
    )
    cadre.legende(SOURCE, str(annee), perimetre)
    tables_export["Par commune"] = A.mettre_en_forme(tm, cles, COLS, texte=False)
    navigation.lien_page(
        "carte",
        "Voir l'objectif 1 sur la carte des communes",
        ":material/map:",
        query_params={"indicateur": "objectif_1"},
    )

with onglets[1]:
    if f.communes and acces.est_analyste():
        # By landlord inside a few communes, rows would not be those of the landlord filter's grid:
        # a cell hidden there could come back. The detail by landlord is given for the whole CU.
        st.info(
            "Le détail par bailleur est donné pour toute la CU (retirez le filtre de communes) ; pour une commune, "
            "choisissez un bailleur dans le filtre « Bailleurs » : la carte et le tableau par commune appliquent "
            "alors la même règle de secret statistique.",
            icon=":material/lock:",
        )
    elif acces.exiger_analyste("le détail par bailleur"):
        tm = A.tableau_objectifs(comptes, annee, ["bailleur"], seuil=seuil)
        cles = [("bailleur", "Bailleur", "texte")]
        tableaux.tableau(
            A.mettre_en_forme(tm, cles, COLS),
            f"Objectifs par bailleur {annee}",
            SOURCE,
            str(annee),
            perimetre,
            key="table_bailleurs",
            column_config={"Bailleur": st.column_config.TextColumn(pinned=True)},
        )
        st.caption(f"Les trois objectifs en {annee} pour les attributions de chaque bailleur. {phrase_secret}")
        cadre.legende(SOURCE, str(annee), perimetre)
        tables_export["Par bailleur"] = A.mettre_en_forme(tm, cles, COLS, texte=False)

with onglets[2]:
    tm = A.tableau_objectifs(comptes, annee, ["reservataire"], objectifs=[3], seuil=seuil)
    cles = [("reservataire", "Réservataire", "texte")]
    if len(tm.valeurs):
        graphiques.graphique(
            graphiques.figure(A.figure_reservataires, tm.valeurs, tm.masque),
            "graphique_reservataires",
            f"Objectif 3 réservataires {annee}",
            SOURCE,
            str(annee),
            perimetre,
        )
    st.caption(
        f"Part des attributions de chaque réservataire qui vont à des ménages DALO ou publics prioritaires L.441-1 en {annee} ; "
        "« Bailleur (non réservé) » est le bailleur pour son parc non réservé. La ligne pointillée est la cible légale de 25 %, "
        f"qui s'applique à chaque réservataire. {phrase_secret}"
    )
    tableaux.tableau(
        A.mettre_en_forme(tm, cles, A.colonnes_objectif(3)),
        f"Objectif 3 réservataires {annee}",
        SOURCE,
        str(annee),
        perimetre,
        key="table_reservataires",
    )
    cadre.legende(SOURCE, str(annee), perimetre)
    tables_export["Objectif 3 par réservataire"] = A.mettre_en_forme(tm, cles, A.colonnes_objectif(3), texte=False)

with onglets[3]:
    q = A.qpv_hors_qpv(comptes, annee)
    if q.empty:
        st.info(f"Aucune attribution en {annee} pour le périmètre choisi.")
    elif (f.communes or f.bailleurs or reservataire) and not valeurs.qpv_publiable(
        q,
        valeurs.objectifs_territoire(requetes.donnees, comptes, annee, f.communes, f.bailleurs, seuil, reservataire),
        seuil,
    ):
        st.info(
            f"{secret.POURQUOI_SELECTION.split(' Le chiffre')[0]} Les chiffres en QPV et hors QPV de toute la CU sont "
            "sur cette page sans filtre de communes.",
            icon=":material/lock:",
        )
    else:
        graphiques.graphique(
            graphiques.figure(A.figure_qpv, q),
            "graphique_qpv",
            f"QPV et hors QPV {annee}",
            SOURCE,
            str(annee),
            perimetre,
        )
        st.caption(
            f"En {annee}, part des attributions au 1er quartile et part aux publics prioritaires, en QPV et hors QPV "
            f"(toutes attributions, bail signé ou non ; géographie prioritaire {geo.get(annee, '–')})."
        )
        vue = pd.DataFrame(
            {
                "Zone": q["zone"],
                "Attributions": q["attributions"].map(fr.nombre),
                "1er quartile": [
                    f"{fr.nombre(a)} / {fr.nombre(b)}" for a, b in zip(q["premier_quartile"], q["premier_quartile_den"])
                ],
                "Part du 1er quartile": q["part_premier_quartile"].map(fr.pourcent),
                "1er quartile non renseigné": q["premier_quartile_nr"].map(fr.nombre),
                "Publics prioritaires": [
                    f"{fr.nombre(a)} / {fr.nombre(b)}" for a, b in zip(q["prioritaires"], q["prioritaires_den"])
                ],
                "Part des publics prioritaires": q["part_prioritaires"].map(fr.pourcent),
                "Priorité non renseignée": q["prioritaires_nr"].map(fr.nombre),
            }
        )
        tableaux.tableau(vue, f"QPV et hors QPV {annee}", SOURCE, str(annee), perimetre, key="table_qpv")
        cadre.legende(SOURCE, str(annee), perimetre)
        tables_export["QPV et hors QPV"] = q.rename(columns=A.LIBELLES_QPV)

# The workbook holds exactly what the screen shows: hidden points read « secret statistique ».
ev_export = ev.assign(objectif=ev["objectif"].map(A.TITRES_COURTS)).astype("object")
ev_export.loc[ev["cache"].to_numpy(), valeurs.COLONNES_EVOLUTION_MASQUEES] = secret.SECRET
ev_export = ev_export.drop(columns="cache").rename(columns=A.LIBELLES_EVOLUTION)
st.download_button(
    "Télécharger ces tableaux (XLSX)",
    # functools.partial: the workbook is built when clicked, from this run's tables.
    data=functools.partial(
        exports.classeur_xlsx,
        {"Évolution": ev_export, **tables_export},
        {
            "Source": SOURCE,
            "Millésime": f"{f.annee_debut}-{f.annee_fin} (détail : {annee})",
            "Filtres": perimetre,
            "Secret statistique": phrase_secret,
            **{
                d.titre: f"{d.regle} Numérateur : {d.numerateur}. Dénominateur : {d.denominateur}."
                for d in A.OBJECTIFS.values()
            },
            "Non renseigné": "Taux légal : une attribution au drapeau manquant reste au dénominateur et n'entre pas au "
            f"numérateur ; leur nombre est donné à part, avec le {A.LIBELLE_TAUX_CONNUS} (chiffre secondaire).",
            "Objectif 3": "« Atteint » seulement si chaque réservataire atteint 25 % ; le taux tous réservataires confondus "
            f"est un {A.LIBELLE_INDICATIF_3}.",
            "Géographie prioritaire": "Chaque année est comptée sur la liste des QPV en vigueur : liste 2015 avant 2024, "
            "liste 2024 à partir du 1er janvier 2024.",
            "Anciennes ZUS": A.LIMITE_EX_ZUS,
        },
        colonnes_pourcent=[lab for _, lab, g in COLS + A.colonnes_objectif(3) if g == "pourcent"]
        + [A.LIBELLES_EVOLUTION[c] for c in ("taux", "taux_connus", "cible")]
        + ["Part du 1er quartile", "Part des publics prioritaires"],
    ),
    file_name=f"objectifs_attributions_{annee}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    key="export_xlsx",
)

# ---------------------------------------------------------------- 1st-quartile thresholds

st.header("Seuils du 1er quartile")
seuils = requetes.donnees("seuils_premier_quartile")
st.markdown(
    "Le seuil de ressources du 1er quartile (€ par an et par unité de consommation) est fixé chaque année par arrêté. "
    "Le drapeau « 1er quartile » déclaré dans l'export prime ; quand il manque et que l'export donne les ressources par "
    "UC, le 1er quartile se lit sur le seuil de l'année (ressources strictement inférieures). Un seuil saisi ici ou "
    "importé (annexe de l'arrêté, page Données) change les objectifs aussitôt et ne modifie jamais un drapeau déclaré."
)
if seuils["demo"].any():
    st.warning(
        "Les seuils marqués « démo » sont **inventés** : remplacez-les par ceux de l'arrêté annuel.",
        icon=":material/warning:",
    )
vue = seuils.assign(
    statut=seuils["demo"].map({True: "démo (inventé)", False: "saisi"}),
    seuil_euros_uc=seuils["seuil_euros_uc"].map(lambda x: fr.nombre(x, 1)),
)[["annee", "seuil_euros_uc", "statut"]]
SOURCE_SEUILS = "Arrêtés annuels (seuils du 1er quartile)"
if acces.exiger_analyste("la saisie des seuils du 1er quartile"):
    if "_message_seuils" in st.session_state:
        st.success(st.session_state.pop("_message_seuils"), icon=":material/check_circle:")
    with st.form("form_seuils"):
        edite = st.data_editor(
            vue,
            hide_index=True,
            num_rows="dynamic",
            key="editeur_seuils",
            column_config={
                "annee": st.column_config.NumberColumn("Année", format="%d", step=1),
                "seuil_euros_uc": st.column_config.TextColumn("Seuil (€/an/UC)", help="Par exemple 9 247,3"),
                "statut": st.column_config.TextColumn("Statut", disabled=True),
            },
        )
        envoye = st.form_submit_button("Enregistrer les seuils", icon=":material/save:")
    if envoye:
        n, erreurs = A.saisir_seuils(base_par_defaut(), edite[["annee", "seuil_euros_uc"]])
        if erreurs:
            st.error("Rien n'a été enregistré :\n\n" + "\n".join(f"- {e}" for e in erreurs))
        else:
            st.cache_data.clear()
            st.session_state["_message_seuils"] = (
                f"{n} seuil(s) enregistré(s) ; les objectifs sont recalculés (1er quartile lu sur "
                "ce seuil pour les attributions sans drapeau déclaré)."
            )
            st.rerun()
else:  # the thresholds are public (arrêtés): read-only for the other roles
    lecture = pd.DataFrame(
        {
            "Année": seuils["annee"].astype(str),
            "Seuil (€/an/UC)": seuils["seuil_euros_uc"].astype(float),
            "Statut": seuils["demo"].map({True: "démo (inventé)", False: "saisi"}),
        }
    )
    tableaux.tableau(lecture, "Seuils du 1er quartile", SOURCE_SEUILS, "par année", "CU d'Arras", key="table_seuils")
cadre.legende(SOURCE_SEUILS, "par année", "CU d'Arras")
