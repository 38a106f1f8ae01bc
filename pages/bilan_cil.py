"""Annual CIL bilan (art. 11 of the convention de réservation): for a chosen year, by commune,
the attributions on the contingent communautaire, the refusals, the households housed under the
contribution solidaire, and the three legal objectives; exported as XLSX and printable HTML."""

import pandas as pd
import streamlit as st

from observatoire import attributions as A
from observatoire import contingent as C
from observatoire import acces, exports, secret, ui
from observatoire import formats as fr

f = ui.filtres()
seuil = secret.seuil_en_vigueur()
phrase_secret = secret.PHRASE.format(seuil=seuil)
SOURCE = "SNE / exports des bailleurs (attributions) ; bailleurs (entrées de la gestion en flux)"
DEFINITIONS = {k: v[0].upper() + v[1:] + "." for k, v in C.DEFINITIONS_BILAN.items()}

st.title("Bilan annuel à la CIL")
st.markdown(
    "Le bilan que l'article 11 de la convention de réservation demande de présenter chaque année à la Conférence "
    "Intercommunale du Logement : par commune, les attributions au titre du **contingent communautaire**, le "
    "nombre de **refus** et les ménages logés au titre de la **contribution solidaire** ; puis les trois objectifs "
    "légaux d'attribution de l'année."
)

annee = st.selectbox("Année du bilan", list(range(f.annee_fin, f.annee_debut - 1, -1)), key="annee", bind="query-params")
# One query for the bilan year and the evolution chart (every year of the period up to it).
comptes_periode = ui.donnees("attributions_comptes", **(f.sql() | {"annee_fin": annee}), reservataire=None,
                             reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL)
comptes = comptes_periode[comptes_periode["annee"] == annee]
flux = ui.donnees("contingent_flux", **(f.sql() | {"annee_debut": annee, "annee_fin": annee}))
perimetre = f.perimetre().rsplit(" · ", 1)[0] + f" · {annee}"

if comptes.empty:
    st.info(f"Aucune attribution en {annee} pour le périmètre choisi : pas de bilan à dresser.", icon=":material/info:")
    st.stop()

g = A.geographies(comptes).get(annee)
st.caption(f"En {annee}, « en QPV » et « hors QPV » se lisent sur la géographie prioritaire {g}." if g else "")

# ---------------------------------------------------------------- 1. by commune (art. 11)

st.header(f"1. Bilan {annee} par commune")
st.markdown(
    "**Contribution solidaire** (article 5) : au moins un quart des attributions, calculé sur l'ensemble des "
    "attributions **hors contingent préfectoral** (réservataire État), va aux ménages DALO ou publics prioritaires "
    "L.441-1. Le minimum est arrondi à l'entier supérieur (« au moins un quart »)."
)
tm_bilan = C.tableau_bilan_communes(comptes, annee, seuil=seuil)
cles = [("commune", "Commune", "texte"), ("code_insee", "Code INSEE", "texte")]
bilan_texte = A.mettre_en_forme(tm_bilan, cles, C.COLONNES_BILAN)
ui.tableau(bilan_texte, f"Bilan CIL {annee} par commune", SOURCE, str(annee), perimetre, key="table_bilan",
           column_config={"Commune": st.column_config.TextColumn(pinned=True)}, definitions=DEFINITIONS)
st.markdown("  \n".join(f"**{k}** : {v}." for k, v in C.DEFINITIONS_BILAN.items()))
st.caption(
    f"Une ligne par commune : attributions de {annee} au titre du contingent communautaire, refus, et ménages "
    f"logés au titre de la contribution solidaire contre le minimum d'un quart. {phrase_secret}"
)
ui.legende(SOURCE, str(annee), perimetre)
tot = tm_bilan.total.iloc[0]
nr = A.sommer(comptes, ["annee"]).iloc[0]
non_renseignes = [
    f"{fr.nombre(nr['contingent_nr'])} attribution(s) sans information sur le contingent" if nr["contingent_nr"] else "",
    f"{fr.nombre(nr['refus_nr'])} sans information sur le refus" if nr["refus_nr"] else "",
    f"{fr.nombre(nr['cs_nr'])} hors contingent préfectoral sans information sur la priorité (exclues de la contribution solidaire)" if nr["cs_nr"] else "",
]
if any(non_renseignes):
    st.caption("Non renseigné : " + " ; ".join(x for x in non_renseignes if x) + ".")

fig_communes = C.figure_bilan_communes(tm_bilan, annee)
ui.graphique(fig_communes, "graphique_bilan_communes", f"Bilan CIL {annee} contingent par commune", SOURCE, str(annee), perimetre)
st.caption(
    f"Attributions de {annee} au titre du contingent communautaire, par commune (les communes dont l'effectif est "
    "couvert par le secret statistique sont nommées sous le graphique, sans barre)."
)

# ---------------------------------------------------------------- 2. contingent: objective vs realised

st.header(f"2. Contingent communautaire {annee} : objectif et réalisé par bailleur")
calc = C.tableau_flux(flux) if not flux.empty else pd.DataFrame(columns=["bailleur", "contingent_epci"])
tm_real = C.tableau_realise(C.realise_contre_objectif(calc, A.sommer(comptes, ["bailleur"])), seuil=seuil)
real_texte = A.mettre_en_forme(tm_real, [("bailleur", "Bailleur", "texte")], C.COLONNES_REALISE)
# Landlord-level detail: shown, and put in the bilan's XLSX and HTML, for the analyste role only.
voit_bailleurs = acces.exiger_analyste("le détail par bailleur")
if voit_bailleurs:
    if flux.empty:
        st.info(f"Aucune entrée de gestion en flux pour {annee} : l'objectif n'est pas connu (page « Contingent communautaire »).")
    ui.tableau(real_texte, f"Contingent {annee} par bailleur", SOURCE, str(annee), perimetre, key="table_bilan_realise")
    st.caption(f"Objectif de l'année (20 % de l'assiette du flux) et attributions réalisées au titre du contingent, par bailleur. {phrase_secret}")
    ui.legende(SOURCE, str(annee), perimetre)

# ---------------------------------------------------------------- 3. the legal objectives of the year

st.header(f"3. Objectifs légaux d'attribution {annee}")
cua = A.sommer(comptes, ["annee"]).iloc[0]
lignes = []
for n, d in A.OBJECTIFS.items():
    r = A.resultat(n, cua)
    lignes.append({
        "Objectif": d.titre, "Numérateur": fr.nombre(r.numerateur), "Dénominateur": fr.nombre(r.denominateur),
        "Non renseignés (exclus)": fr.nombre(r.non_renseignes), "Taux": fr.pourcent(r.taux),
        "Cible": f"≥\u00a0{fr.pourcent(float(d.cible), 0)}", "Statut": A.libelle_statut(r.statut), "Écart": r.phrase_ecart(),
    })
objectifs_texte = pd.DataFrame(lignes)
ui.tableau(objectifs_texte, f"Objectifs légaux {annee}", SOURCE, str(annee), perimetre, key="table_bilan_objectifs")
st.caption(f"Les trois objectifs légaux en {annee} pour le périmètre choisi, avec numérateur, dénominateur et cible.")
ui.legende(SOURCE, str(annee), perimetre)

tm_res = A.tableau_objectifs(comptes, annee, ["reservataire"], objectifs=[3], seuil=seuil)
res_texte = A.mettre_en_forme(tm_res, [("reservataire", "Réservataire", "texte")], A.colonnes_objectif(3))
ui.tableau(res_texte, f"Objectif 3 réservataires {annee}", SOURCE, str(annee), perimetre, key="table_bilan_reservataires")
st.caption(f"Objectif 3 pour chaque réservataire en {annee} (le bailleur compte pour son parc non réservé). {phrase_secret}")
ui.legende(SOURCE, str(annee), perimetre)

COLS = A.colonnes_objectif(1) + A.colonnes_objectif(2) + A.colonnes_objectif(3)
tm_obj = A.tableau_objectifs(comptes, annee, ["code_insee", "commune"], seuil=seuil)
obj_communes_texte = A.mettre_en_forme(tm_obj, cles, COLS)
with st.expander("Les trois objectifs par commune"):
    ui.tableau(obj_communes_texte, f"Objectifs par commune {annee}", SOURCE, str(annee), perimetre,
               key="table_bilan_objectifs_communes", column_config={"Commune": st.column_config.TextColumn(pinned=True)})
    st.caption(f"Numérateur, dénominateur, taux et statut des trois objectifs en {annee}, commune par commune. {phrase_secret}")
    ui.legende(SOURCE, str(annee), perimetre)

evolution = A.evolution(comptes_periode)
fig_evolution = A.figure_evolution(evolution, titre=f"Les trois objectifs légaux, {int(evolution['annee'].min())}-{annee}")
ui.graphique(fig_evolution, "graphique_bilan_evolution", "Objectifs légaux par année", SOURCE,
             f"{int(evolution['annee'].min())}-{annee}", perimetre)
st.caption("Chaque ligne suit un objectif légal année par année ; les lignes pointillées noires sont les cibles légales.")

# ---------------------------------------------------------------- exports

st.header("Exporter le bilan")
sources = {
    "Source": SOURCE,
    "Millésime": str(annee),
    "Filtres": perimetre,
    **DEFINITIONS,
    "Objectif du contingent": f"20 % × (mises en location − exclusions du flux), par bailleur. {C.REGLE_ARRONDI} {C.REGLE_PREMIERES}",
    **{d.titre: f"{d.regle} Numérateur : {d.numerateur}. Dénominateur : {d.denominateur}." for d in A.OBJECTIFS.values()},
    "Non renseigné": "Un drapeau manquant est exclu du numérateur et du dénominateur (compté à part), jamais compté comme « non ».",
    "Secret statistique": phrase_secret,
}


# Built only when clicked (st.download_button calls the function): a rerun costs no workbook and
# no 4 MB document. The tables are bound as default values, so a click serves this run's figures.
def classeur_bilan(tm_bilan=tm_bilan, tm_real=tm_real, tm_res=tm_res, tm_obj=tm_obj, objectifs_texte=objectifs_texte,
                   voit_bailleurs=voit_bailleurs, sources=sources, cles=cles) -> bytes:
    feuille_bailleurs = {
        "Contingent par bailleur": A.mettre_en_forme(tm_real, [("bailleur", "Bailleur", "texte")], C.COLONNES_REALISE, texte=False)
    } if voit_bailleurs else {}
    return exports.classeur_xlsx(
        {
            "Bilan par commune": A.mettre_en_forme(tm_bilan, cles, C.COLONNES_BILAN, texte=False),
            **feuille_bailleurs,
            "Objectifs légaux": objectifs_texte,
            "Objectif 3 par réservataire": A.mettre_en_forme(tm_res, [("reservataire", "Réservataire", "texte")], A.colonnes_objectif(3), texte=False),
            "Objectifs par commune": A.mettre_en_forme(tm_obj, cles, COLS, texte=False),
        },
        sources,
        colonnes_pourcent=[lab for _, lab, g in COLS + C.COLONNES_REALISE if g == "pourcent"],
    )


def document_bilan(bilan_texte=bilan_texte, real_texte=real_texte, objectifs_texte=objectifs_texte, res_texte=res_texte,
                   obj_communes_texte=obj_communes_texte, fig_communes=fig_communes, fig_evolution=fig_evolution,
                   voit_bailleurs=voit_bailleurs, sources=sources, perimetre=perimetre, annee=annee,
                   phrase_secret=phrase_secret) -> bytes:
    return exports.document_html(
        f"Bilan annuel des attributions {annee} — Conférence Intercommunale du Logement de la CU d'Arras",
        [
            ("", f"Périmètre : {perimetre}. Source : {SOURCE}."),
            (f"1. Bilan {annee} par commune (article 11)", bilan_texte),
            ("", phrase_secret),
            ("", fig_communes),
            (f"2. Contingent communautaire {annee} : objectif et réalisé par bailleur",
             real_texte if voit_bailleurs else "Le détail par bailleur est réservé au rôle analyste."),
            (f"3. Objectifs légaux d'attribution {annee}", objectifs_texte),
            ("Objectif 3 par réservataire", res_texte),
            ("Évolution des trois objectifs", fig_evolution),
            ("Les trois objectifs par commune", obj_communes_texte),
        ],
        sources,
    ).encode("utf-8")


c1, c2 = st.columns(2)
with c1:
    st.download_button("Classeur XLSX du bilan", data=classeur_bilan, file_name=f"bilan_cil_{annee}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/table:", key="export_bilan_xlsx")
with c2:
    st.download_button("Document imprimable (HTML)", data=document_bilan, file_name=f"bilan_cil_{annee}.html",
                       mime="text/html", icon=":material/print:", key="export_bilan_html")
st.caption("Le document HTML s'ouvre dans un navigateur sans connexion et s'imprime (ou s'enregistre en PDF) tel quel, graphiques compris.")
