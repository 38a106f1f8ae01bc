"""The Streamlit frame shared by every page: connection, cached queries, global filters in the
URL, demo banner and the « source · millésime · périmètre » caption under each figure.

Pages stay thin: they call `filtres()` and `donnees("nom_de_requete", ...)`, then draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from observatoire import db
from observatoire.chemins import base_par_defaut


def _ignorer_le_dossier_pages() -> None:
    # Streamlit 1.67 treats an app with a `pages/` folder as a "multipage v1" app until the
    # entrypoint has called st.navigation once in the process. Until then, a deep link such as
    # /attributions opened right after a server start runs pages/attributions.py on its own,
    # without app.py's filters and banner. We use st.navigation only, so we say so up front.
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


_ignorer_le_dossier_pages()


@st.cache_resource(show_spinner="Ouverture de la base…")
def _connexion(chemin: str, _version: float) -> duckdb.DuckDBPyConnection:
    return db.connecter(chemin, lecture_seule=True)


def _chemin_base() -> Path:
    chemin = base_par_defaut()
    if not chemin.is_file():
        from observatoire.build import construire

        with st.spinner("Première ouverture : construction de la base de démonstration…"):
            construire(chemin)
    return chemin


def connexion() -> duckdb.DuckDBPyConnection:
    chemin = _chemin_base()
    # The file's mtime is part of the key: after a rebuild or an import (atomic file swap), the
    # next rerun opens the new file instead of reading the replaced one forever.
    return _connexion(str(chemin), chemin.stat().st_mtime)


@st.cache_data(show_spinner=False, max_entries=2000)
def _donnees(nom: str, _version: float, chemin: str, params: tuple) -> pd.DataFrame:
    return db.requete(_connexion(chemin, _version), nom, **dict(params))


def donnees(nom: str, **params) -> pd.DataFrame:
    """Run a named query of queries/ with the given parameters (results cached per base file)."""
    chemin = _chemin_base()
    cle = tuple(sorted((k, tuple(v) if isinstance(v, (list, set, tuple)) else v) for k, v in params.items()))
    return _donnees(nom, chemin.stat().st_mtime, str(chemin), cle)


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
        bailleurs = "tous bailleurs" if not self.bailleurs else f"{len(self.bailleurs)} bailleur(s) sélectionné(s)"
        return f"{lieux} · {bailleurs} · {self.annee_debut}-{self.annee_fin}"


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

    qp = st.query_params
    if CLE_COMMUNES not in st.session_state:
        st.session_state[CLE_COMMUNES] = [c for c in qp.get_all("communes") if c in noms]
        st.session_state[CLE_BAILLEURS] = [b for b in qp.get_all("bailleurs") if b in bailleurs]
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
        choix_bailleurs = st.multiselect("Bailleurs", options=bailleurs, key=CLE_BAILLEURS, placeholder="Tous les bailleurs")

    _ecrire_url("communes", choix_communes)
    _ecrire_url("bailleurs", choix_bailleurs)
    _ecrire_url("debut", [] if periode[0] == an_min else [str(periode[0])])
    _ecrire_url("fin", [] if periode[1] == an_max else [str(periode[1])])
    return Filtres(
        annee_debut=int(periode[0]),
        annee_fin=int(periode[1]),
        communes=tuple(choix_communes),
        bailleurs=tuple(choix_bailleurs),
        noms_communes=noms,
    )


def _ecrire_url(cle: str, valeurs: list[str]) -> None:
    if list(st.query_params.get_all(cle)) == list(valeurs):
        return
    if valeurs:
        st.query_params[cle] = valeurs
    elif cle in st.query_params:
        del st.query_params[cle]


def filtres() -> Filtres:
    """The filters app.py created for this run."""
    if "_filtres" not in st.session_state:
        # This page ran without the router (see _ignorer_le_dossier_pages): fix the flag and
        # run again through app.py, on the same URL. Every page calls filtres() first.
        _ignorer_le_dossier_pages()
        st.rerun()
    return st.session_state["_filtres"]


# ---------------------------------------------------------------- frame elements


LIBELLES_JEUX = {
    "communes": "communes",
    "qpv": "quartiers prioritaires",
    "objectifs_plh": "objectifs du PLH",
    "rpls": "parc social (RPLS)",
    "rpls_communes": "parc social par commune (RPLS)",
    "attributions": "attributions",
    "ops": "occupation (OPS)",
    "production": "production de logements",
    "objectifs_communes": "objectifs communaux du PLH",
    "seuils_premier_quartile": "seuils du 1er quartile",
    "contingent_flux": "flux du contingent",
}


def libelle_jeu(jeu: str) -> str:
    return LIBELLES_JEUX.get(jeu, jeu)


def bandeau_demo() -> None:
    jeux = donnees("jeux_demo")["jeu"].tolist()
    if jeux:
        st.warning(
            "**Données de démonstration.** Les chiffres affichés pour "
            + ", ".join(libelle_jeu(j) for j in jeux)
            + " sont inventés (bailleurs fictifs) : ils montrent le fonctionnement de l'observatoire, "
            "pas la situation de la CU d'Arras. Importez les fichiers officiels depuis la page « Données ».",
            icon="⚠️",
        )


def legende(source: str, millesime: str, perimetre: str) -> None:
    """The caption every chart and figure carries: where it comes from, when, and for whom."""
    st.caption(f"Source : {source} · Millésime : {millesime} · Périmètre : {perimetre}")
