"""Fiche commune: one commune's portrait on one screen — its indicators beside the whole CU and a
chosen other commune, its trends, where it lies, its real public figures — to show in a meeting
and to print on A4 (a self-contained HTML page, charts as inline SVG)."""

import dataclasses
from functools import partial

import streamlit as st

from observatoire import formats as fr
from observatoire.chargement import publiques
from observatoire.ecrans import cadre, commune, filtres, graphiques, requetes, tableaux
from observatoire.figures import fiche_commune as F
from observatoire.figures import portrait
from observatoire.secret import suppression as secret

f = filtres.filtres()
seuil = secret.seuil_en_vigueur()
phrase_secret = secret.PHRASE.format(seuil=seuil)
communes = requetes.donnees("carte_communes")
noms = dict(zip(communes["code_insee"], communes["nom"]))

code, autre = commune.choisir(f.communes, noms)
nom, nom_autre = noms[code], noms.get(autre, "")
codes = (code, autre) if autre else (code,)
et_autre = f", {nom_autre}" if autre else ""
st.title(f"Fiche commune : {nom}")

population = int(communes.set_index("code_insee").loc[code, "population"])
# Every figure, table and chart of the fiche, computed once for these settings.
fiche = commune.fiche(f, code, autre, seuil, communes, noms)
g = fiche.grille_lue
millesime, annee_attrib = g.millesime, g.annee_attrib
# The fiche compares one commune with the whole CU whatever the commune filter says; the
# landlord filter applies to stock and attributions.
perimetre = (
    dataclasses.replace(f, communes=codes).perimetre()
    + " · comparée"
    + ("s" if autre else "")
    + " à toute la CU d'Arras"
)
entete_texte = f"parc social au 1er janvier {millesime} · attributions {annee_attrib} · {g.nom_plh}."

localisation = fiche.localisation
entete, carte_situation = st.columns([3, 1])
with entete:
    st.markdown(f"**{fr.nombre(population)} habitants** (population municipale) · {entete_texte}")
with carte_situation:
    commune.carte_de_situation(
        localisation, f"{nom} (bleu)" + (f" et {nom_autre} (orange)" if autre else "") + " parmi les 46 communes"
    )

grille = fiche.grille
with entete:
    for col, c in zip(st.columns(4), F.cartes(grille, code, autre, noms, millesime)):
        with col:
            st.metric(c.libelle, c.valeur, help=c.aide)
            st.markdown(c.detail)
cadre.legende("RPLS (SDES), population municipale (INSEE)", f"1er janvier {millesime}", perimetre)

st.header("Indicateurs de la commune et de la CU")
# Two tables so that nothing is cut at 1280-1440 px: the values and statuses side by side, then
# every numerator and denominator.
valeurs_affichees, details_affiches = fiche.valeurs_affichees, fiche.details_affiches
# Static tables: their text wraps, so every column stays on screen at 1280 px, with a compared commune too.
st.table(valeurs_affichees.set_index("indicateur"))
st.markdown("**Numérateurs et dénominateurs**")
st.table(details_affiches.set_index("indicateur"))
st.caption(F.legende_indicateurs(nom, nom_autre, millesime, g.nom_plh, annee_attrib))
sources_fiche = "RPLS (SDES) ; Sitadel (SDES) et objectifs du PLH ; SNE / bailleurs"
cadre.legende(sources_fiche, f"RPLS {millesime} · attributions {annee_attrib}", perimetre)
if (grille[[f"valeur_{c}" for c in codes]] == secret.SECRET).any().any():
    st.caption(phrase_secret)

# ---------------------------------------------------------------- trends

st.header("Évolutions")
SOURCE_POP = commune.SOURCE_POPULATION
periode = f"{f.annee_debut}-{f.annee_fin}"
figures_svg = []
g1, g2 = st.columns(2)
with g1:
    stock = fiche.stock
    if stock.empty:
        st.info("Aucun millésime du RPLS chargé.")
    else:
        graphiques.graphique(
            fiche.spec_stock,
            "fiche_stock",
            f"parc_social_{code}",
            F.SOURCE_PARC,
            F.periode(stock["millesime"]),
            perimetre,
        )
        figures_svg.append(fiche.svg_stock)
with g2:
    pop = fiche.population
    if pop.empty:
        st.info("Population municipale non chargée.")
    else:
        graphiques.graphique(
            fiche.spec_population,
            "fiche_population",
            f"population_{code}",
            SOURCE_POP,
            F.periode(pop["annee"]),
            nom + et_autre,
        )
        figures_svg.append(fiche.svg_population)

obj = fiche.objectifs
if obj is None:
    st.info("Aucune attribution sur la période choisie.")
else:
    figures_svg += [svg for _, svg in obj.svgs]
    graphiques.graphique(
        fiche.spec_objectifs,
        "fiche_objectifs",
        f"objectifs_{code}",
        F.SOURCE_ATTRIB,
        periode,
        perimetre,
        chiffres=fiche.chiffres_objectifs,
    )
    st.caption(F.legende_objectifs(obj.notes, phrase_secret))
    with st.expander("Les mêmes taux, année par année (tableau)", icon=":material/table:"):
        st.dataframe(fiche.table_objectifs, hide_index=True, key="fiche_objectifs_annees")
        cadre.legende(F.SOURCE_ATTRIB, periode, perimetre)

graphiques.graphique(
    fiche.spec_production,
    "fiche_production",
    f"production_{code}",
    F.SOURCE_PROD,
    periode,
    perimetre,
    chiffres=fiche.chiffres_production,
)
st.caption("Une année sans donnée n'a pas de barre (donnée manquante, jamais zéro).")
figures_svg.append(fiche.svg_production)

# ---------------------------------------------------------------- occupation (OPS)

annee_ops, lignes = fiche.annee_ops, fiche.occupation
suite_imprimable = []
if annee_ops is not None:
    st.header(f"Occupation du parc social — enquête OPS {annee_ops}")
    if lignes.empty:
        st.info(f"Aucun ménage enquêté à {nom} en {annee_ops} (pas de parc social enquêté).")
    else:
        st.dataframe(lignes, hide_index=True, height=35 * (len(lignes) + 1) + 3)
        st.caption(
            f"Part des ménages de chaque profil à {nom} (en QPV / hors QPV) et dans toute la CU d'Arras, avec "
            "l'effectif de ménages et le nombre de ménages enquêtés. Cible : aucune fixée. " + phrase_secret
        )
        perimetre_ops = dataclasses.replace(f, communes=(code,), bailleurs=()).perimetre()
        cadre.legende("Enquête OPS (GIP SNE)", str(annee_ops), perimetre_ops)
        suite_imprimable.append((f"Occupation du parc social — OPS {annee_ops}", lignes))

# ---------------------------------------------------------------- real public figures

reels = fiche.publics
if reels:
    st.header(f"Chiffres publics réels : {nom}{et_autre} et la CU d'Arras")
    st.markdown(
        "Recopiés des publications de l'INSEE, du SDES et de la DGALN / Cerema, sans calcul de "
        "l'observatoire ; « – » : case masquée à la source (secret statistique), jamais 0. "
        f"{portrait.PHRASE_DEPARTEMENT}"
    )
    perimetre_reel = f"{nom}{et_autre} · toute la CU d'Arras (46 communes)"
    for cle, titre, jeu, millesime_reel, legende in F.BLOCS_PUBLICS:
        if cle not in reels:
            continue
        st.subheader(titre)
        st.dataframe(reels[cle], hide_index=True, key=f"public_{cle}")
        st.caption(legende)
        cadre.legende(publiques.source_ecran(jeu), millesime_reel, perimetre_reel)
        suite_imprimable.append((f"{titre} — {publiques.etiquette(jeu)}", reels[cle]))

# ---------------------------------------------------------------- the printable page (A4)

st.download_button(
    "Télécharger la fiche (page HTML imprimable en A4)",
    # Built on a click, outside the run where no query may be made: every argument is read now.
    partial(
        F.page_imprimable,
        f"Fiche commune : {nom}" + (f" (comparée à {nom_autre})" if autre else ""),
        localisation,
        [
            f"{fr.nombre(population)} habitants (population municipale).",
            entete_texte[0].upper() + entete_texte[1:],
            f"Périmètre : {perimetre}.",
            portrait.PHRASE_DEPARTEMENT,
        ],
        [
            ("Indicateurs de la commune et de la CU", valeurs_affichees),
            ("Numérateurs et dénominateurs", details_affiches),
        ],
        figures_svg,
        suite_imprimable,
        {
            **tableaux.avertissement_demo(),
            "Sources": f"{sources_fiche} ; enquête OPS (GIP SNE) ; "
            "données publiques réelles (INSEE, SDES, DGALN / Cerema) nommées à chaque tableau",
            "Millésimes": f"RPLS au 1er janvier {millesime} ; attributions {annee_attrib} ; {g.nom_plh}",
            "Périmètre": perimetre,
            "Secret statistique": phrase_secret,
        },
    ),
    file_name=f"fiche_{code}.html",
    mime="text/html",
    key="export_fiche",
    icon=":material/print:",
    help="Une page autonome à ouvrir dans un navigateur puis imprimer (A4 portrait) : tableaux, graphiques et carte de "
    "situation inclus, sans connexion.",
)
