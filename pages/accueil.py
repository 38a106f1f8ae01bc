"""Accueil: the synthesis an elected official reads first — eight headline indicators, each with
its value, target, status in words, one sentence, vintage and a link to the detail page."""

import pandas as pd
import streamlit as st

from observatoire import catalogue, parc, plh, secret, synthese, ui, valeurs

f = ui.filtres()
seuil = secret.seuil_en_vigueur()
perimetre = f.perimetre()

st.title("Observatoire de l'habitat — Communauté Urbaine d'Arras")
st.markdown(
    "L'essentiel en huit indicateurs : la production de logements contre les objectifs du PLH, les trois "
    "objectifs légaux d'attribution et le parc social. Chaque carte donne la valeur, la cible, la situation "
    "et la page qui détaille le calcul."
)

# ---------------------------------------------------------------- data (named queries) and cards (logic modules)

plhs = ui.donnees("plh_liste")
p = synthese.plh_de_reference(plhs, f.annee_fin)
cartes_prod = []
if p is not None:
    production = ui.donnees("production_par_annee", annee_debut=p.annee_debut, annee_fin=p.annee_fin,
                            communes=list(plh.communes_comptees(p, f.communes)))
    objectifs = ui.donnees("objectifs_plh_perimetre", plh=p.plh, communes=list(f.communes))
    cartes_prod = synthese.cartes_production(production, objectifs, p, f.communes, f.annee_fin, seuil)

comptes = ui.donnees("attributions_comptes", **f.sql(), reservataire=None, reservataire_prefectoral="État")
# The year of the data (the latest loaded, not the selection's latest): the map and the fiche read the same.
annee_attrib = ui.donnees("carte_annee_attributions", **f.sql())["annee"].iloc[0]
annee_attrib = None if pd.isna(annee_attrib) else int(annee_attrib)
objectifs = valeurs.objectifs_territoire(ui.donnees, comptes, annee_attrib, f.communes, f.bailleurs, seuil) if annee_attrib else {}
cartes_attrib = synthese.cartes_attributions(comptes, annee_attrib, objectifs, seuil)

millesime = int(ui.donnees("rpls_dernier_millesime", **f.sql())["millesime"].iloc[0])
indicateurs = ui.donnees("parc_indicateurs", **f.sql(), millesime_debut=millesime - 1, millesime_fin=millesime,
                         par_commune=False)
actuel, avant = parc.total(indicateurs, millesime), parc.total(indicateurs, millesime - 1)
cartes_parc = [synthese.carte_parc(actuel, avant, millesime), synthese.carte_efg(actuel, millesime, avant)]


def dessiner(carte: synthese.Carte) -> None:
    p = catalogue.PRESENTATION[carte.statut]
    with st.container(border=True):
        st.metric(f"{carte.titre} · {carte.millesime}", carte.valeur)
        st.badge(carte.statut, icon=p.icone, color=p.couleur)  # the precision (objective 3) is in the sentence
        st.markdown(carte.phrase)
        lignes_detail = [f"Cible : {carte.cible}" if carte.cible else ""]
        if carte.detail:
            lignes_detail.append(carte.detail)
        st.caption(" · ".join(x for x in lignes_detail if x))
        ui.legende(carte.source, carte.millesime, perimetre)
        ui.lien_page(carte.page, "Voir le détail")


def rangee(titre: str, cartes: list, explication: str) -> None:
    st.subheader(titre)
    st.caption(explication)
    if not cartes:
        st.info("Pas d'indicateur calculable pour la période choisie.")
        return
    for col, carte in zip(st.columns(3), cartes):
        with col:
            dessiner(carte)


rangee(
    f"Production de logements — {p.plh}" if p else "Production de logements",
    cartes_prod,
    "Réalisé cumulé sur les années comptées du PLH jusqu'à la fin de la période choisie, comparé à l'objectif annuel "
    "multiplié par ces mêmes années : les mêmes années des deux côtés. Logements : autorisés (Sitadel).",
)
rangee(
    f"Attributions : les trois objectifs légaux — {annee_attrib}" if annee_attrib else "Attributions : les trois objectifs légaux",
    cartes_attrib,
    "Dernière année de la période choisie qui compte des attributions ; règles du CCH, art. L.441-1 "
    "(loi Égalité et Citoyenneté, loi ELAN).",
)
rangee(
    f"Parc social au 1er janvier {millesime}",
    cartes_parc,
    "Dernier millésime du répertoire RPLS disponible jusqu'à la fin de la période choisie ; les textes ne fixent pas de "
    "cible chiffrée pour ces deux indicateurs.",
)
if any(c.statut == synthese.SECRET for c in cartes_prod + cartes_attrib):
    st.caption(secret.PHRASE.format(seuil=seuil))

with st.expander("Les huit indicateurs en tableau (CSV, XLSX)", icon=":material/table:"):
    toutes = cartes_prod + cartes_attrib + cartes_parc
    ui.tableau(
        synthese.tableau(toutes),
        "synthese_observatoire",
        "Sitadel, agréments, PTZ, SNE / bailleurs, RPLS",
        ", ".join(sorted({c.millesime for c in toutes})),
        perimetre,
        key="tableau_synthese",
    )
    st.caption("Une ligne par indicateur : valeur, cible, situation, phrase, numérateur et dénominateur, source et millésime.")

st.markdown("**Et aussi :** la fiche de chaque commune, le diaporama pour la CIL, la méthode de calcul de chaque indicateur.")
c1, c2, c3 = st.columns(3)
with c1:
    ui.lien_page("pages/fiche_commune.py", "Fiche communale", ":material/location_city:")
with c2:
    ui.lien_page("pages/diaporama.py", "Diaporama CIL", ":material/slideshow:")
with c3:
    ui.lien_page("pages/methode.py", "Méthode et glossaire", ":material/menu_book:")
