"""The global filters (period, communes, landlords): created once per run in the sidebar by
app.py, mirrored in the URL so a copied link shows the same view, read by the pages."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from observatoire.ecrans.requetes import donnees
from observatoire.indicateurs import territoire

# ---------------------------------------------------------------- global filters (in the URL)


@dataclass(frozen=True)
class Filtres:
    annee_debut: int
    annee_fin: int
    communes: tuple[str, ...] = field(default_factory=tuple)  # empty = toute la CU
    bailleurs: tuple[str, ...] = field(default_factory=tuple)  # empty = tous
    noms_communes: dict = field(default_factory=dict, compare=False, hash=False)

    def sql(self) -> dict:
        """The parameter dict every named query accepts (extra keys are ignored by db.requete)."""
        return {
            "annee_debut": self.annee_debut,
            "annee_fin": self.annee_fin,
            "communes": list(self.communes),
            "bailleurs": list(self.bailleurs),
        }

    def perimetre(self) -> str:
        """One line a reader can quote: which communes, landlords and years a figure covers."""
        if not self.communes:
            lieux = "toute la CU d'Arras (46 communes)"
        elif len(self.communes) <= 3:
            lieux = ", ".join(self.noms_communes.get(c, c) for c in self.communes)
        else:
            lieux = f"{len(self.communes)} communes sélectionnées"
        if len(self.bailleurs) <= 3:
            bailleurs = territoire.noms_bailleurs(self.bailleurs)  # named: a reader knows whose figures these are
        else:
            bailleurs = f"{len(self.bailleurs)} bailleurs sélectionnés"
        return f"{lieux} · {bailleurs} · {self.annee_debut}-{self.annee_fin}"

    def territoire(self, max_noms: int | None = None) -> str:
        """The territory shown, named: « Arras », « 3 communes : Arras, Achicourt, Beaurains »,
        « Communauté Urbaine d'Arras (46 communes) » (titles, export headers)."""
        return territoire.nom_territoire(self.communes, self.noms_communes, max_noms=max_noms)


CLE_COMMUNES, CLE_BAILLEURS, CLE_PERIODE = "filtre_communes", "filtre_bailleurs", "filtre_periode"


def _entier(texte: str | None) -> int | None:
    try:
        return int(texte) if texte is not None else None
    except ValueError:
        return None


def filtres_barre_laterale() -> Filtres:
    """Create the shared sidebar filters once per run (in app.py) and mirror them in the URL.

    Streamlit clears the query string on a page switch; app.py runs on every rerun, so writing
    the filters back here keeps a copied link equal to the view on screen. Values read from the
    URL are checked against the reference lists: an unknown code is dropped, never sent to SQL.
    """
    communes = donnees("communes_liste")
    noms = dict(zip(communes["code_insee"], communes["nom"]))
    bailleurs = donnees("bailleurs_liste")["bailleur"].tolist()
    bornes = donnees("annees_disponibles").iloc[0]
    an_min, an_max = int(bornes["annee_min"]), int(bornes["annee_max"])

    # Filtering on one landlord is landlord-level detail: analyste role only. For anyone else
    # the filter is neither shown nor read from the URL, so no figure is ever one landlord's.
    from observatoire.ecrans import acces

    filtre_bailleur_permis = acces.est_analyste()
    if not filtre_bailleur_permis:
        st.session_state[CLE_BAILLEURS] = []
    qp = st.query_params
    if CLE_COMMUNES not in st.session_state:
        # dict.fromkeys: a code repeated in the URL counts once (« Arras » once, not three times)
        st.session_state[CLE_COMMUNES] = list(dict.fromkeys(c for c in qp.get_all("communes") if c in noms))
        st.session_state[CLE_BAILLEURS] = (
            list(dict.fromkeys(b for b in qp.get_all("bailleurs") if b in bailleurs)) if filtre_bailleur_permis else []
        )
        debut, fin = _entier(qp.get("debut")), _entier(qp.get("fin"))
        debut = debut if debut is not None and an_min <= debut <= an_max else an_min
        fin = fin if fin is not None and debut <= fin <= an_max else an_max
        st.session_state[CLE_PERIODE] = (debut, fin)

    with st.sidebar:
        st.markdown("**Filtres** — ils s'appliquent à toutes les pages")
        periode = st.slider("Période", min_value=an_min, max_value=an_max, key=CLE_PERIODE, step=1)
        choix_communes = st.multiselect(
            "Communes",
            options=sorted(noms, key=lambda c: noms[c]),
            format_func=lambda c: noms.get(c, c),
            key=CLE_COMMUNES,
            placeholder="Toute la CU d'Arras",
        )
        if filtre_bailleur_permis:
            choix_bailleurs = st.multiselect(
                "Bailleurs", options=bailleurs, key=CLE_BAILLEURS, placeholder="Tous les bailleurs"
            )
        else:
            choix_bailleurs = []
            st.caption(
                ":material/lock: Filtre par bailleur : réservé au rôle analyste. Les chiffres couvrent tous les bailleurs."
            )

    ecrire_url("communes", choix_communes)
    ecrire_url("bailleurs", choix_bailleurs)
    ecrire_url("debut", [] if periode[0] == an_min else [str(periode[0])])
    ecrire_url("fin", [] if periode[1] == an_max else [str(periode[1])])
    return Filtres(
        annee_debut=int(periode[0]),
        annee_fin=int(periode[1]),
        communes=tuple(choix_communes),
        bailleurs=tuple(choix_bailleurs),
        noms_communes=noms,
    )


def ecrire_url(cle: str, valeurs: list[str]) -> None:
    if list(st.query_params.get_all(cle)) == list(valeurs):
        return
    if valeurs:
        st.query_params[cle] = valeurs
    elif cle in st.query_params:
        del st.query_params[cle]


def filtres() -> Filtres:
    """The filters app.py created for this run."""
    if "_filtres" not in st.session_state:
        # This page ran without the router (a deep link right after a server start, see
        # navigation.ignorer_le_dossier_pages): set the flag and run again through app.py, on
        # the same URL. Every page calls filtres() first.
        from observatoire.ecrans import navigation

        navigation.ignorer_le_dossier_pages()
        st.rerun()
    return st.session_state["_filtres"]
