"""Annual CIL bilan (art. 11 of the convention de réservation): for a chosen year, by commune,
the attributions on the contingent communautaire, the refusals, the households housed under the
contribution solidaire, and the three legal objectives; exported as XLSX and printable HTML."""

import pandas as pd
import streamlit as st

from observatoire import attributions as A
from observatoire import catalogue
from observatoire import contingent as C
from observatoire import acces, exports, secret, ui
from observatoire import formats as fr
from observatoire.chemins import base_par_defaut

f = ui.filtres()
seuil = secret.seuil_en_vigueur()
phrase_secret = secret.PHRASE.format(seuil=seuil)
SOURCE = "SNE / exports des bailleurs (attributions) ; bailleurs (entrées de la gestion en flux)"
# The reading of the contribution solidaire (convention, art. 5): a setting stored in the base.
lecture = C.lecture_reglee(ui.donnees("reglages"))
autre = C.autre_lecture(lecture)
DEFINITIONS = {k: v[0].upper() + v[1:] + "." for k, v in C.definitions_bilan(lecture).items()}

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
close = catalogue.periode_close(annee)

if comptes.empty:
    st.info(f"Aucune attribution en {annee} pour le périmètre choisi : pas de bilan à dresser.", icon=":material/info:")
    st.stop()

g = A.geographies(comptes).get(annee)
st.caption(f"En {annee}, « en QPV » et « hors QPV » se lisent sur la géographie prioritaire {g}." if g else "")

# ---------------------------------------------------------------- 1. by commune (art. 11)

st.header(f"1. Bilan {annee} (article 11 de la convention de réservation)")
LECTURE_PHRASE = (
    f"**Contribution solidaire** (article 5) : au moins un quart des attributions va aux ménages DALO ou publics "
    f"prioritaires L.441-1. L'article se lit de deux façons ; **lecture retenue** : {C.LECTURES[lecture][1]}. "
    f"Le chiffre de l'autre lecture ({C.LECTURES[autre][0]}) est donné à côté. Le minimum est arrondi à l'entier "
    "supérieur (« au moins un quart »)."
)
st.markdown(LECTURE_PHRASE)
if acces.est_analyste():
    with st.form("form_lecture_cs"):
        choix = st.radio(
            "Lecture de la contribution solidaire (réglage de l'observatoire, pour toutes les pages et tous les exports)",
            list(C.LECTURES), index=list(C.LECTURES).index(lecture), key="lecture_cs",
            format_func=lambda k: C.LECTURES[k][0][0].upper() + C.LECTURES[k][0][1:]
            + (" (par défaut)" if k == C.LECTURE_DEFAUT else ""),
        )
        if st.form_submit_button("Enregistrer la lecture", icon=":material/save:") and choix != lecture:
            C.enregistrer_lecture(base_par_defaut(), choix)
            st.cache_data.clear()
            st.rerun()

bilan = C.bilan_article_11(comptes, flux, annee, lecture, bool(f.communes), seuil=seuil, close=close)
cs_tot, tm_bilan, t_real, lignes_11 = bilan.total, bilan.par_commune, bilan.realise, bilan.lignes
cles = [("commune", "Commune", "texte"), ("code_insee", "Code INSEE", "texte")]
COLONNES_BILAN = C.colonnes_bilan(lecture)
bilan_texte = A.mettre_en_forme(tm_bilan, cles, COLONNES_BILAN)

# The three totals art. 11 asks for, each with its status and its sentence (whole selection).
totaux_texte = C.tableau_totaux_article_11(lignes_11)
st.subheader(f"Les trois chiffres de l'article 11 en {annee}")
ui.tableau(totaux_texte, f"Bilan CIL {annee} article 11", SOURCE, str(annee), perimetre, key="table_bilan_totaux",
           definitions=DEFINITIONS)
for l in lignes_11:
    p_ = catalogue.PRESENTATION[l.statut]
    st.markdown(f":{p_.couleur}-badge[{p_.icone} {p_.mot}] **{l.element}** — {l.phrase}")
ui.legende(SOURCE, str(annee), perimetre)

st.subheader("Par commune")
ui.tableau(bilan_texte, f"Bilan CIL {annee} par commune", SOURCE, str(annee), perimetre, key="table_bilan",
           column_config={"Commune": st.column_config.TextColumn(pinned=True)}, definitions=DEFINITIONS)
st.markdown("  \n".join(f"**{k}** : {v}." for k, v in C.definitions_bilan(lecture).items()))
st.caption(
    f"Une ligne par commune : attributions de {annee} au titre du contingent communautaire et communal, refus, flux "
    f"réalisé (bail signé), et ménages logés au titre de la contribution solidaire contre le minimum d'un quart "
    f"(lecture retenue, puis l'autre lecture). {phrase_secret}"
)
ui.legende(SOURCE, str(annee), perimetre)
nr = cs_tot
cs_nr = int(nr[C.COLONNES_LECTURE[lecture][2]])
non_renseignes = [
    f"{fr.nombre(nr['contingent_nr'])} attribution(s) sans information sur le contingent" if nr["contingent_nr"] else "",
    f"{fr.nombre(nr['contingent_realise_nr'])} du contingent sans information sur le bail (hors du flux réalisé)" if nr["contingent_realise_nr"] else "",
    f"{fr.nombre(nr['refus_nr'])} sans information sur le refus" if nr["refus_nr"] else "",
    f"{fr.nombre(cs_nr)} de la base de la contribution solidaire sans information sur la priorité (dans la base, pas parmi les ménages prioritaires)" if cs_nr else "",
]
if any(non_renseignes):
    st.caption("Non renseigné : " + " ; ".join(x for x in non_renseignes if x) + ".")

fig_communes = C.figure_bilan_communes(tm_bilan, annee)
ui.graphique(fig_communes, "graphique_bilan_communes", f"Bilan CIL {annee} contingent par commune", SOURCE, str(annee), perimetre)
st.caption(
    f"Attributions de {annee} au titre du contingent communautaire et communal, par commune (les communes dont l'effectif est "
    "couvert par le secret statistique sont nommées sous le graphique, sans barre)."
)

# ---------------------------------------------------------------- 2. contingent: objective vs realised

st.header(f"2. Contingent communautaire {annee} : flux dû et flux réalisé par bailleur")
tm_real = C.tableau_realise(t_real, seuil=seuil, annee=annee)
real_texte = A.mettre_en_forme(tm_real, [("bailleur", "Bailleur", "texte")], C.COLONNES_REALISE)
# Landlord-level detail: shown, and put in the bilan's XLSX and HTML, for the analyste role only.
voit_bailleurs = acces.exiger_analyste("le détail par bailleur")
if voit_bailleurs:
    if flux.empty:
        st.info(f"Aucune entrée de gestion en flux pour {annee} : l'objectif n'est pas connu (page « Contingent communautaire »).")
    ui.tableau(real_texte, f"Contingent {annee} par bailleur", SOURCE, str(annee), perimetre, key="table_bilan_realise")
    st.caption(f"Flux dû de l'année (20 % de l'assiette) et flux réalisé (attributions du contingent communautaire et "
               f"communal suivies d'un bail signé), par bailleur, avec le statut de l'année. {phrase_secret}")
    ui.legende(SOURCE, str(annee), perimetre)

# ---------------------------------------------------------------- 3. the legal objectives of the year

st.header(f"3. Objectifs légaux d'attribution {annee}")
cua = A.sommer(comptes, ["annee"]).iloc[0]
o3 = A.objectif_3(comptes, close)
lignes = []
for n, d in A.OBJECTIFS.items():
    r = A.resultat(n, cua, close)
    if n == 3:  # per réservataire: the all-réservataires rate is indicative only
        statut_3 = A.libelle_statut(o3.statut) + (f" ({o3.precision})" if o3.precision else "")
        lignes.append({
            "Objectif": d.titre, "Numérateur": fr.nombre(r.numerateur), "Dénominateur": fr.nombre(r.denominateur),
            "Non renseignés": fr.nombre(r.non_renseignes), "Taux": f"{fr.pourcent(o3.indicatif.taux)} (indicatif, tous réservataires)",
            "Cible": "≥\u00a025\u00a0% pour chaque réservataire", "Statut": statut_3,
            "Écart": f"{o3.atteints} réservataire{'s' if o3.atteints > 1 else ''} sur {o3.mesures} à 25 % ou plus.",
        })
        continue
    lignes.append({
        "Objectif": d.titre, "Numérateur": fr.nombre(r.numerateur), "Dénominateur": fr.nombre(r.denominateur),
        "Non renseignés": fr.nombre(r.non_renseignes), "Taux": fr.pourcent(r.taux),
        "Cible": f"≥\u00a0{fr.pourcent(float(d.cible), 0)}", "Statut": A.libelle_statut(r.statut), "Écart": r.phrase_ecart(),
    })
objectifs_texte = pd.DataFrame(lignes)
ui.tableau(objectifs_texte, f"Objectifs légaux {annee}", SOURCE, str(annee), perimetre, key="table_bilan_objectifs")
st.caption(
    f"Les trois objectifs légaux en {annee} pour le périmètre choisi, avec numérateur, dénominateur et cible "
    + ("(année close : « atteint » ou « non atteint »). " if close else "(année en cours : « en avance » ou « en retard »). ")
    + "L'objectif 3 s'apprécie réservataire par réservataire : il n'est atteint que si chacun atteint 25 % ; le taux "
    "tous réservataires confondus n'est qu'un chiffre indicatif."
)
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
jeux_demo = ui.donnees("jeux_demo")["jeu"].tolist()
sources = {
    "Source": SOURCE,
    "Millésime": str(annee),
    "Filtres": perimetre,
    **({"Avertissement": "Données de démonstration, inventées : " + ", ".join(ui.libelle_jeu(j) for j in jeux_demo) + "."}
       if jeux_demo else {}),
    "Contribution solidaire : lecture retenue": f"{C.LECTURES[lecture][1]} (réglage de l'observatoire ; autre lecture, "
    f"donnée à côté : {C.LECTURES[autre][1]}).",
    **{f"Article 11 : {l.element}": f"{catalogue.libelle(l.statut)}. {l.phrase}" for l in lignes_11},
    **DEFINITIONS,
    "Flux dû du contingent": f"20 % × (mises en location − exclusions du flux), par bailleur ({C.SOURCE_CONVENTION}, "
    f"article 4 et annexe 2). {C.REGLE_ARRONDI} {C.REGLE_PREMIERES}",
    "Flux réalisé": "attributions du contingent communautaire et des contingents communaux (une seule entité, article 3) "
    "suivies d'un bail signé ; statut : année close « atteint / non atteint », année en cours « en avance / en retard » "
    "au rythme attendu à ce jour.",
    **{d.titre: f"{d.regle} Numérateur : {d.numerateur}. Dénominateur : {d.denominateur}." for d in A.OBJECTIFS.values()},
    "Non renseigné": "Un drapeau manquant est exclu du numérateur et du dénominateur (compté à part), jamais compté comme « non ».",
    "Secret statistique": phrase_secret,
}


# Built only when clicked (st.download_button calls the function): a rerun costs no workbook and
# no 4 MB document. The tables are bound as default values, so a click serves this run's figures.
def classeur_bilan(tm_bilan=tm_bilan, tm_real=tm_real, tm_res=tm_res, tm_obj=tm_obj, objectifs_texte=objectifs_texte,
                   voit_bailleurs=voit_bailleurs, sources=sources, cles=cles, lignes_11=lignes_11,
                   colonnes_bilan=COLONNES_BILAN) -> bytes:
    feuille_bailleurs = {
        "Contingent par bailleur": A.mettre_en_forme(tm_real, [("bailleur", "Bailleur", "texte")], C.COLONNES_REALISE, texte=False)
    } if voit_bailleurs else {}
    return exports.classeur_xlsx(
        {
            "Article 11": C.tableau_totaux_article_11(lignes_11, texte=False),
            "Bilan par commune": A.mettre_en_forme(tm_bilan, cles, colonnes_bilan, texte=False),
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
                   phrase_secret=phrase_secret, totaux_texte=totaux_texte, lignes_11=lignes_11,
                   jeux_demo=tuple(jeux_demo)) -> bytes:
    avertissement = [("", sources["Avertissement"])] if jeux_demo else []
    return exports.document_html(
        f"Bilan annuel des attributions {annee} — Conférence Intercommunale du Logement de la CU d'Arras",
        [
            *avertissement,
            ("", f"Périmètre : {perimetre}. Source : {SOURCE}."),
            (f"1. Bilan {annee} : les trois chiffres de l'article 11", totaux_texte),
            *[("", f"{catalogue.libelle(l.statut)} — {l.element} : {l.phrase}") for l in lignes_11],
            ("", sources["Contribution solidaire : lecture retenue"]),
            (f"Bilan {annee} par commune", bilan_texte),
            ("", phrase_secret),
            ("", fig_communes),
            (f"2. Contingent communautaire {annee} : flux dû et flux réalisé par bailleur",
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
