"""Annual CIL bilan (art. 11 of the convention de réservation): for a chosen year, by commune,
the attributions on the contingent communautaire, the refusals, the households housed under the
contribution solidaire, and the three legal objectives; exported as XLSX and printable HTML."""

import dataclasses

import streamlit as st

from observatoire.base.chemins import base_par_defaut
from observatoire.ecrans import acces, cadre, filtres, graphiques, requetes, tableaux
from observatoire.figures import bilan_imprimable as I
from observatoire.figures import diaporama as D
from observatoire.figures import exports
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue
from observatoire.indicateurs import contingent as C
from observatoire.secret import suppression as secret
from observatoire.secret import valeurs

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
phrase_secret = secret.PHRASE.format(seuil=seuil)
SOURCE = "SNE / exports des bailleurs (attributions) ; bailleurs (entrées de la gestion en flux)"
# The reading of the contribution solidaire (convention, art. 5): a setting stored in the base.
lecture = C.lecture_reglee(requetes.donnees("reglages"))
autre = C.autre_lecture(lecture)
DEFINITIONS = {k: v[0].upper() + v[1:] + "." for k, v in C.definitions_bilan(lecture).items()}

st.title("Bilan annuel à la CIL")
st.markdown(
    "Le bilan que l'article 11 de la convention de réservation demande de présenter chaque année à la Conférence "
    "Intercommunale du Logement : par commune, les attributions au titre du **contingent communautaire**, le "
    "nombre de **refus** et les ménages logés au titre de la **contribution solidaire** ; puis les trois objectifs "
    "légaux d'attribution de l'année."
)

annee = st.selectbox(
    "Année du bilan", list(range(f.annee_fin, f.annee_debut - 1, -1)), key="annee", bind="query-params"
)
# One query for the bilan year and the evolution chart (every year of the period up to it).
comptes_periode = requetes.donnees(
    "attributions_comptes",
    **(f.sql() | {"annee_fin": annee}),
    reservataire=None,
    reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
)
comptes = comptes_periode[comptes_periode["annee"] == annee]
# The same counts on every commune (same landlords): the grid on which the secret statistique is
# decided, whatever the commune filter, and the CU level shown in place of a withheld selection.
comptes_communes_periode = (
    comptes_periode if not f.communes else C.lire_comptes_communes(requetes.donnees, f.annee_debut, annee, f.bailleurs)
)
comptes_cu = comptes_communes_periode[comptes_communes_periode["annee"] == annee]
flux = requetes.donnees("contingent_flux", **(f.sql() | {"annee_debut": annee, "annee_fin": annee}))
perimetre = f.perimetre().rsplit(" · ", 1)[0] + f" · {annee}"
perimetre_cu = dataclasses.replace(f, communes=()).perimetre().rsplit(" · ", 1)[0] + f" · {annee}"
POURQUOI = secret.POURQUOI_SELECTION
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
            list(C.LECTURES),
            index=list(C.LECTURES).index(lecture),
            key="lecture_cs",
            format_func=lambda k: (
                C.LECTURES[k][0][0].upper() + C.LECTURES[k][0][1:] + (" (par défaut)" if k == C.LECTURE_DEFAUT else "")
            ),
        )
        if st.form_submit_button("Enregistrer la lecture", icon=":material/save:") and choix != lecture:
            C.enregistrer_lecture(base_par_defaut(), choix)
            st.cache_data.clear()
            st.rerun()

# With a landlord filter, the same counts for every landlord (a cell whose other landlords are few is hidden).
comptes_tous = C.lire_comptes_communes(requetes.donnees, annee, annee) if f.bailleurs else comptes_cu
# Computed once per base version and filters (the diaporama's slide reads the same result).
bilan = valeurs.memoriser(
    requetes.donnees,
    ("bilan_article_11", annee, lecture, f.communes, f.bailleurs, seuil, close),
    lambda: C.bilan_article_11(
        comptes,
        flux,
        annee,
        lecture,
        f.communes,
        comptes_communes=comptes_cu,
        bailleurs=f.bailleurs,
        seuil=seuil,
        close=close,
        comptes_tous=comptes_tous if f.bailleurs else None,
    ),
)
tm_bilan, lignes_11, lignes_cu = bilan.par_commune, bilan.lignes, bilan.lignes_cu
cles = [("commune", "Commune", "texte"), ("code_insee", "Code INSEE", "texte")]
chiffres_11, portee_11 = D.chiffres_article_11(bilan)
with en_tete:
    st.subheader(f"Les trois chiffres de l'article 11 en {annee}" + (f" ({portee_11})" if portee_11 else ""))
    for col, c in zip(st.columns(3, border=True), chiffres_11):
        with col:
            p_ = catalogue.PRESENTATION[c.statut]
            st.metric(c.libelle, c.valeur)
            st.badge(p_.mot, icon=p_.icone, color=p_.couleur)
            st.caption(c.reference[0].upper() + c.reference[1:] if c.reference else "")
    if portee_11:
        st.caption(
            f"La sélection est couverte par le secret statistique : les chiffres de {C.TOUTE_LA_CU}, à sa place. {POURQUOI}"
        )
    cadre.legende(SOURCE, str(annee), perimetre_cu if portee_11 else perimetre)
COLONNES_BILAN = C.colonnes_bilan(lecture)
bilan_texte = A.mettre_en_forme(tm_bilan, cles, COLONNES_BILAN)

# The three totals art. 11 asks for, each with its status and its sentence (whole selection).
totaux_texte = C.tableau_totaux_article_11(lignes_11)
st.subheader(f"Les trois chiffres de l'article 11 en {annee}, en détail")
tableaux.tableau(
    totaux_texte,
    f"Bilan CIL {annee} article 11",
    SOURCE,
    str(annee),
    perimetre,
    key="table_bilan_totaux",
    definitions=DEFINITIONS,
)
for l in lignes_11:
    p_ = catalogue.PRESENTATION[l.statut]
    st.markdown(f":{p_.couleur}-badge[{p_.icone} {p_.mot}] **{l.element}** — {l.phrase}")
cadre.legende(SOURCE, str(annee), perimetre)
# A withheld selection: the CU's three figures, labelled as such.
totaux_cu_texte = C.tableau_totaux_article_11(lignes_cu) if lignes_cu else None
if lignes_cu:
    st.markdown(f"**Les trois chiffres de l'article 11 pour {C.TOUTE_LA_CU}** (à la place de la sélection) :")
    tableaux.tableau(
        totaux_cu_texte,
        f"Bilan CIL {annee} article 11 CU",
        SOURCE,
        str(annee),
        perimetre_cu,
        key="table_bilan_totaux_cu",
        definitions=DEFINITIONS,
    )
    for l in lignes_cu:
        p_ = catalogue.PRESENTATION[l.statut]
        st.markdown(f":{p_.couleur}-badge[{p_.icone} {p_.mot}] **{l.element}** — {l.phrase}")
    cadre.legende(SOURCE, str(annee), perimetre_cu)

st.subheader("Par commune")
tableaux.tableau(
    bilan_texte,
    f"Bilan CIL {annee} par commune",
    SOURCE,
    str(annee),
    perimetre,
    key="table_bilan",
    column_config={"Commune": st.column_config.TextColumn(pinned=True)},
    definitions=DEFINITIONS,
)
st.markdown("  \n".join(f"**{k}** : {v}." for k, v in C.definitions_bilan(lecture).items()))
st.caption(
    f"Une ligne par commune : attributions de {annee} au titre du contingent communautaire et communal, refus, flux "
    f"réalisé (bail signé), et ménages logés au titre de la contribution solidaire contre le minimum d'un quart "
    f"(lecture retenue, puis l'autre lecture). Les cases masquées sont les mêmes quelle que soit la sélection de "
    f"communes ; une commune masquée dans les objectifs légaux par commune l'est aussi ici. {phrase_secret}"
    + (f" {POURQUOI}" if not bilan.publiable else "")
)
cadre.legende(SOURCE, str(annee), perimetre)
if bilan.non_renseignes:
    st.caption(bilan.non_renseignes)

fig_communes = C.figure_bilan_communes(tm_bilan, annee)
graphiques.graphique(
    fig_communes, "graphique_bilan_communes", f"Bilan CIL {annee} contingent par commune", SOURCE, str(annee), perimetre
)
st.caption(
    f"Attributions de {annee} au titre du contingent communautaire et communal, par commune (les communes dont l'effectif est "
    "couvert par le secret statistique sont nommées sous le graphique, sans barre)."
)

# ---------------------------------------------------------------- 2. contingent: objective vs realised

st.header(f"2. Contingent communautaire {annee} : flux dû et flux réalisé par bailleur")
# Landlord-level detail: shown, and put in the bilan's XLSX and HTML, for the analyste role only.
voit_bailleurs = acces.exiger_analyste("le détail par bailleur")
real_texte = tm_real = None
if voit_bailleurs:
    # The grid of every landlord, CU level (the flux due is set for the CU; per landlord on a
    # selection of communes, two selections would give a landlord's figure in one commune).
    tm_real = C.realise_par_bailleur(comptes_tous, flux, annee, f.bailleurs, seuil=seuil)
    real_texte = A.mettre_en_forme(tm_real, [("bailleur", "Bailleur", "texte")], C.COLONNES_REALISE)
    if flux.empty:
        st.info(
            f"Aucune entrée de gestion en flux pour {annee} : l'objectif n'est pas connu (page « Contingent communautaire »)."
        )
    tableaux.tableau(
        real_texte, f"Contingent {annee} par bailleur", SOURCE, str(annee), perimetre_cu, key="table_bilan_realise"
    )
    st.caption(
        f"Flux dû de l'année (20 % de l'assiette) et flux réalisé (attributions du contingent communautaire et "
        f"communal suivies d'un bail signé), par bailleur, avec le statut de l'année, pour {C.TOUTE_LA_CU} : le "
        f"flux dû est fixé pour la CU, quel que soit le filtre de communes. {phrase_secret}"
    )
    cadre.legende(SOURCE, str(annee), perimetre_cu)

# ---------------------------------------------------------------- 3. the legal objectives of the year

st.header(f"3. Objectifs légaux d'attribution {annee}")
sous_cu = bool(f.communes or f.bailleurs)
# Value, status and mask as on the Accueil, Objectifs légaux, the map and the fiche (observatoire.secret.valeurs).
objectifs = valeurs.objectifs_territoire(requetes.donnees, comptes, annee, f.communes, f.bailleurs, seuil)
objectifs_texte = C.tableau_objectifs_bilan(objectifs, comptes, close, sous_cu)
tableaux.tableau(
    objectifs_texte, f"Objectifs légaux {annee}", SOURCE, str(annee), perimetre, key="table_bilan_objectifs"
)
objectifs_caches = any(v.cache for v in objectifs.values())
st.caption(
    f"Les trois objectifs légaux en {annee} pour le périmètre choisi, avec numérateur, dénominateur et cible "
    + (
        "(année close : « atteint » ou « non atteint »). "
        if close
        else "(année en cours : « en avance » ou « en retard »). "
    )
    + "L'objectif 3 s'apprécie réservataire par réservataire : il n'est atteint que si chacun atteint 25 % ; le taux "
    "tous réservataires confondus n'est qu'un chiffre indicatif."
    + (f" {POURQUOI}" if objectifs_caches and f.communes else f" {phrase_secret}" if objectifs_caches else "")
)
cadre.legende(SOURCE, str(annee), perimetre)
objectifs_cu_texte = None
if objectifs_caches and f.communes:
    objectifs_cu = valeurs.objectifs_territoire(requetes.donnees, comptes_cu, annee, (), f.bailleurs, seuil)
    objectifs_cu_texte = C.tableau_objectifs_bilan(objectifs_cu, comptes_cu, close, bool(f.bailleurs))
    st.markdown(f"**Les trois objectifs légaux pour {C.TOUTE_LA_CU}** (à la place de la sélection) :")
    tableaux.tableau(
        objectifs_cu_texte,
        f"Objectifs légaux {annee} CU",
        SOURCE,
        str(annee),
        perimetre_cu,
        key="table_bilan_objectifs_cu",
    )
    cadre.legende(SOURCE, str(annee), perimetre_cu)

# Per réservataire on a selection of communes, two selections would give a réservataire's figure
# in one commune: the table is the CU's whenever a commune filter is on.
comptes_res = comptes_cu if f.communes else comptes
perimetre_res = perimetre_cu if f.communes else perimetre
tm_res = A.tableau_objectifs(comptes_res, annee, ["reservataire"], objectifs=[3], seuil=seuil)
if (
    f.bailleurs
    and len(tm_res.total)
    and not C.total_publiable(tm_res.total.iloc[0], seuil, ["o3_num", "o3_den"], [("o3_num", "o3_den")])
):
    tm_res.total_caches = frozenset(c for c, _, _ in A.colonnes_objectif(3))
res_texte = A.mettre_en_forme(tm_res, [("reservataire", "Réservataire", "texte")], A.colonnes_objectif(3))
tableaux.tableau(
    res_texte, f"Objectif 3 réservataires {annee}", SOURCE, str(annee), perimetre_res, key="table_bilan_reservataires"
)
st.caption(
    f"Objectif 3 pour chaque réservataire en {annee} (le bailleur compte pour son parc non réservé)"
    + (
        f", pour {C.TOUTE_LA_CU} : par réservataire, une sélection de communes moins une autre donnerait le chiffre "
        "d'un réservataire dans une commune"
        if f.communes
        else ""
    )
    + f". {phrase_secret}"
)
cadre.legende(SOURCE, str(annee), perimetre_res)

# Rows by commune mix réservataires: objective 3's rate there is indicative. The grid of every
# commune (same cells as Objectifs légaux, the map and the fiche), restricted to the selection.
COLS = A.colonnes_objectif(1) + A.colonnes_objectif(2) + A.colonnes_objectif(3, indicatif=True)
tm_obj = valeurs.tableau_communes(requetes.donnees, comptes, annee, f.communes, f.bailleurs, seuil)
obj_communes_texte = A.mettre_en_forme(tm_obj, cles, COLS)
with st.expander("Les trois objectifs par commune"):
    tableaux.tableau(
        obj_communes_texte,
        f"Objectifs par commune {annee}",
        SOURCE,
        str(annee),
        perimetre,
        key="table_bilan_objectifs_communes",
        column_config={"Commune": st.column_config.TextColumn(pinned=True)},
    )
    st.caption(
        f"Numérateur, dénominateur, taux et statut des trois objectifs en {annee}, commune par commune (mêmes cases "
        f"masquées que sur Objectifs légaux, la carte et la fiche). {phrase_secret}"
        + (f" {POURQUOI}" if tm_obj.total_caches else "")
    )
    cadre.legende(SOURCE, str(annee), perimetre)

# Each (year, objective) read through valeurs (as Objectifs légaux and the Accueil of that year):
# a point hidden there is left out here too.
evolution = valeurs.evolution_territoire(requetes.donnees, comptes_periode, f.communes, f.bailleurs, seuil)
points_caches = bool(evolution["cache"].any())
periode_ev = f"{int(evolution['annee'].min())}-{annee}"
fig_evolution = A.figure_evolution(evolution, titre=f"Les trois objectifs légaux, {periode_ev}")
graphiques.graphique(
    fig_evolution,
    "graphique_bilan_evolution",
    "Objectifs légaux par année",
    SOURCE,
    periode_ev,
    perimetre.rsplit(" · ", 1)[0] + f" · {periode_ev}",
)
legende_evolution = (
    "Chaque ligne suit un objectif légal année par année ; les lignes pointillées noires sont les cibles légales."
    + (
        f" Les points couverts par le secret statistique sont absents (ligne interrompue). {POURQUOI}"
        if points_caches
        else ""
    )
)
st.caption(legende_evolution)

# ---------------------------------------------------------------- exports

st.header("Exporter le bilan")
jeux_demo = requetes.donnees("jeux_demo")["jeu"].tolist()
sources = {
    "Source": SOURCE,
    "Millésime": str(annee),
    "Filtres": perimetre,
    **(
        {
            "Avertissement": "Données de démonstration, inventées : "
            + ", ".join(cadre.libelle_jeu(j) for j in jeux_demo)
            + "."
        }
        if jeux_demo
        else {}
    ),
    "Contribution solidaire : lecture retenue": f"{C.LECTURES[lecture][1]} (réglage de l'observatoire ; autre lecture, "
    f"donnée à côté : {C.LECTURES[autre][1]}).",
    **{f"Article 11 : {l.element}": f"{catalogue.libelle(l.statut)}. {l.phrase}" for l in lignes_11 + lignes_cu},
    **DEFINITIONS,
    "Flux dû du contingent": f"20 % × (mises en location − exclusions du flux), par bailleur ({C.SOURCE_CONVENTION}, "
    f"article 4 et annexe 2). {C.REGLE_ARRONDI} {C.REGLE_PREMIERES}",
    "Flux réalisé": "attributions du contingent communautaire et des contingents communaux (une seule entité, article 3) "
    "suivies d'un bail signé ; statut : année close « atteint / non atteint », année en cours « en avance / en retard » "
    "au rythme attendu à ce jour.",
    **{
        d.titre: f"{d.regle} Numérateur : {d.numerateur}. Dénominateur : {d.denominateur}."
        for d in A.OBJECTIFS.values()
    },
    "Non renseigné": "Un drapeau manquant est exclu du numérateur et du dénominateur (compté à part), jamais compté comme « non ».",
    "Secret statistique": phrase_secret,
    **({"Sélection": POURQUOI} if not bilan.publiable or objectifs_caches or points_caches else {}),
}


# Built only when clicked (st.download_button calls the function): a rerun costs no workbook and
# no 4 MB document. The tables are bound as default values, so a click serves this run's figures,
# the very tables the screen shows (same masks, same withheld totals, same CU tables in their place).
def classeur_bilan(
    tm_bilan=tm_bilan,
    tm_real=tm_real,
    tm_res=tm_res,
    tm_obj=tm_obj,
    objectifs_texte=objectifs_texte,
    objectifs_cu_texte=objectifs_cu_texte,
    voit_bailleurs=voit_bailleurs,
    sources=sources,
    cles=cles,
    lignes_11=lignes_11,
    lignes_cu=lignes_cu,
    colonnes_bilan=COLONNES_BILAN,
    evolution=evolution,
) -> bytes:
    feuille_bailleurs = (
        {
            "Contingent par bailleur": A.mettre_en_forme(
                tm_real, [("bailleur", "Bailleur", "texte")], C.COLONNES_REALISE, texte=False
            )
        }
        if voit_bailleurs
        else {}
    )
    return exports.classeur_xlsx(
        {
            "Article 11": C.tableau_totaux_article_11(lignes_11, texte=False),
            **(
                {f"Article 11 {C.TOUTE_LA_CU}": C.tableau_totaux_article_11(lignes_cu, texte=False)}
                if lignes_cu
                else {}
            ),
            "Bilan par commune": A.mettre_en_forme(tm_bilan, cles, colonnes_bilan, texte=False),
            **feuille_bailleurs,
            "Objectifs légaux": objectifs_texte,
            **({f"Objectifs légaux {C.TOUTE_LA_CU}": objectifs_cu_texte} if objectifs_cu_texte is not None else {}),
            "Objectif 3 par réservataire": A.mettre_en_forme(
                tm_res, [("reservataire", "Réservataire", "texte")], A.colonnes_objectif(3), texte=False
            ),
            "Objectifs par commune": A.mettre_en_forme(tm_obj, cles, COLS, texte=False),
            "Évolution des objectifs": C.tableau_evolution_export(evolution),
        },
        sources,
        colonnes_pourcent=[lab for _, lab, g in COLS + C.COLONNES_REALISE if g == "pourcent"]
        + [C.LIBELLE_TAUX_EVOLUTION],
    )


def document_bilan(
    bilan_texte=bilan_texte,
    real_texte=real_texte,
    objectifs_texte=objectifs_texte,
    objectifs_cu_texte=objectifs_cu_texte,
    res_texte=res_texte,
    obj_communes_texte=obj_communes_texte,
    tm_bilan=tm_bilan,
    evolution=evolution,
    voit_bailleurs=voit_bailleurs,
    sources=sources,
    perimetre=perimetre,
    annee=annee,
    phrase_secret=phrase_secret,
    totaux_texte=totaux_texte,
    totaux_cu_texte=totaux_cu_texte,
    lignes_cu=lignes_cu,
    publiable=bilan.publiable,
    legende_evolution=legende_evolution,
    jeux_demo=tuple(jeux_demo),
    chiffres_11=chiffres_11,
    portee_11=portee_11,
    periode_ev=periode_ev,
) -> bytes:
    """A4 portrait, static SVG charts (no plotly.js: the document stays under a few hundred kB)."""
    avertissement = [("", I.avertissement(sources["Avertissement"]))] if jeux_demo else []
    # The sentences of the three figures are the table's « Lecture » column: not repeated below it.
    blocs_cu = [(f"Les trois chiffres de l'article 11 pour {C.TOUTE_LA_CU}", totaux_cu_texte)] if lignes_cu else []
    return exports.document_html(
        f"Bilan annuel des attributions {annee} — Conférence Intercommunale du Logement de la CU d'Arras",
        [
            *avertissement,
            ("", f"Périmètre : {perimetre}. Source : {SOURCE}."),
            (
                f"1. Bilan {annee} : les trois chiffres de l'article 11" + (f" ({portee_11})" if portee_11 else ""),
                I.chiffres_article_11(chiffres_11),
            ),
            ("", totaux_texte),
            *blocs_cu,
            ("", sources["Contribution solidaire : lecture retenue"]),
            (f"§ Bilan {annee} par commune", I.tableau_large(bilan_texte)),
            ("", phrase_secret + ("" if publiable else f" {POURQUOI}")),
            ("", I.barres_communes(tm_bilan, annee)),
            (
                f"§ 2. Contingent communautaire {annee} : flux dû et flux réalisé par bailleur ({C.TOUTE_LA_CU})",
                real_texte if voit_bailleurs else "Le détail par bailleur est réservé au rôle analyste.",
            ),
            (f"§ 3. Objectifs légaux d'attribution {annee}", objectifs_texte),
            *(
                [(f"Les trois objectifs légaux pour {C.TOUTE_LA_CU}", objectifs_cu_texte)]
                if objectifs_cu_texte is not None
                else []
            ),
            ("Objectif 3 par réservataire", res_texte),
            (
                "Évolution des trois objectifs",
                I.courbes_objectifs(evolution, f"Les trois objectifs légaux, {periode_ev}"),
            ),
            ("", legende_evolution),
            ("§ Les trois objectifs par commune", I.tableau_large(obj_communes_texte)),
        ],
        sources,
        style=I.STYLE_A4,
    ).encode("utf-8")


c1, c2 = st.columns(2)
with c1:
    st.download_button(
        "Classeur XLSX du bilan",
        data=classeur_bilan,
        file_name=f"bilan_cil_{annee}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table:",
        key="export_bilan_xlsx",
    )
with c2:
    st.download_button(
        "Document imprimable (HTML)",
        data=document_bilan,
        file_name=f"bilan_cil_{annee}.html",
        mime="text/html",
        icon=":material/print:",
        key="export_bilan_html",
    )
st.caption(
    "Le document HTML s'ouvre dans un navigateur sans connexion et s'imprime (ou s'enregistre en PDF) tel quel sur "
    "A4 portrait, graphiques compris (images fixes)."
)
