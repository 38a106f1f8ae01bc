"""Tables: French formats on screen, numbers still sortable, and the CSV / XLSX export buttons
whose files say where the figures come from."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from observatoire.base import memoire
from observatoire.ecrans.cadre import libelle_jeu
from observatoire.ecrans.filtres import Filtres
from observatoire.ecrans.requetes import donnees
from observatoire.indicateurs import territoire


def nom_de_fichier(nom: str) -> str:
    import re
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9_-]+", "_", ascii_).strip("_").lower() or "export"


def _format_ecran(df: pd.DataFrame, colonnes_pourcent=()):
    """French formats on screen while keeping numbers sortable (a pandas Styler)."""
    from observatoire import formats as fr

    numeriques = [
        c for c in df.columns if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
    ]
    formats = {}
    for c in numeriques:
        if c in colonnes_pourcent:
            formats[c] = fr.pourcent
        elif pd.api.types.is_integer_dtype(df[c]) or (df[c].dropna() % 1 == 0).all():
            formats[c] = fr.nombre
        else:
            formats[c] = lambda x: fr.nombre(x, 1)
    if not formats:
        return df
    from pandas.io.formats.style import Styler

    # Styler(df), not df.style: the accessor checks the optional jinja2 dependency on every call
    return Styler(df).format(formats, na_rep=fr.MANQUANT)


@memoire.pur
def _valeurs_affichees(df: pd.DataFrame, colonnes_pourcent: tuple) -> pd.DataFrame | None:
    """The text of every cell as st.dataframe shows the Styler of `_format_ecran`: computed by
    that Styler and Streamlit's own reading of it (styler._translate, then the display values),
    once per content of the table."""
    from streamlit.elements.lib.pandas_styler_utils import _use_display_values

    style = _format_ecran(df, colonnes_pourcent)
    if style is df:
        return None
    style._compute()
    return _use_display_values(df, style._translate(False, False))


def _styler_pret(df: pd.DataFrame, colonnes_pourcent=()):
    """What `tableau` hands st.dataframe: a Styler whose display values are already known.

    Streamlit reads a Styler by running its HTML rendering (`_compute`, `_translate`: 40 to 120 ms
    for a table of 30 rows × 17 columns, on every rerun), then keeps only each cell's text. This
    Styler (a plain pandas Styler: Streamlit recognises it by its exact type) gives back those
    texts, computed once per content of the table (`_valeurs_affichees`); the numbers underneath
    stay sortable, the screen shows the same text."""
    affichees = _valeurs_affichees(df, tuple(colonnes_pourcent))
    if affichees is None:
        return df
    from pandas.io.formats.style import Styler

    style = Styler(df)

    def traduire(*args, **kwargs):
        corps = [
            [{"id": f"row{i}_col{j}", "display_value": v} for j, v in enumerate(ligne)]
            for i, ligne in enumerate(affichees.itertuples(index=False, name=None))
        ]
        return {"body": corps, "cellstyle": [], "table_styles": []}

    # on the instance: the class's HTML rendering is what this Styler avoids
    style._compute = lambda: style
    style._translate = traduire
    return style


def tableau(
    df: pd.DataFrame,
    nom_fichier: str,
    source: str,
    millesime: str,
    perimetre: str,
    key: str | None = None,
    colonnes_pourcent=(),
    column_config: dict | None = None,
    definitions: dict | None = None,
    height: int | str = "auto",
) -> None:
    """A table with French formats on screen and its CSV (`;`, decimal comma, UTF-8 BOM) and
    XLSX exports; both carry the source, vintage and filters (CSV: header lines; XLSX: sheet
    « Sources et définitions »). Text cells are neutralised against formula injection.
    `height` is st.dataframe's (a long table can show more rows than the default ten).

    The files are built when a button is clicked (st.download_button with a callable), not on
    every rerun: building the XLSX of every table of a page cost more CPU than drawing it."""
    st.dataframe(
        _styler_pret(df, colonnes_pourcent),
        hide_index=True,
        width="stretch",
        key=key,
        column_config=column_config,
        height=height,
    )
    nom = nom_de_fichier(nom_fichier)
    export = ExportTableau(
        df.copy(),
        nom_fichier,
        source,
        millesime,
        perimetre,
        dict(definitions or {}),
        tuple(colonnes_pourcent),
        tuple(_jeux_demo_ou_vide()),
        st.session_state.get("_filtres"),
    )
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button(
        "CSV",
        export.csv,
        file_name=f"{nom}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"csv_{key or nom}",
        help="Séparateur « ; », virgule décimale : s'ouvre dans Excel.",
    )
    c2.download_button(
        "XLSX",
        export.xlsx,
        file_name=f"{nom}.xlsx",
        icon=":material/download:",
        key=f"xlsx_{key or nom}",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@dataclass(frozen=True, eq=False)
class ExportTableau:
    """The two files of a `tableau`, built on demand. `csv` and `xlsx` take no argument, as
    st.download_button wants of a callable `data`: Streamlit calls them on a click, in a worker
    thread, outside the script run. So everything they need is captured here during the run
    (a copy of the table, the demo data sets for the warning) and they call no st.* function."""

    df: pd.DataFrame
    nom_feuille: str
    source: str
    millesime: str
    perimetre: str
    definitions: dict
    colonnes_pourcent: tuple
    jeux_demo: tuple
    filtres: Filtres | None = None

    def entete(self) -> dict:
        return _entete(
            self.source, self.millesime, self.perimetre, self.df, self.definitions, self.jeux_demo, self.filtres
        )

    def csv(self) -> bytes:
        from observatoire.figures import exports

        return exports.csv_fr_entete(self.df, self.entete())

    def xlsx(self) -> bytes:
        from observatoire.figures import exports

        return exports.classeur_xlsx(
            {self.nom_feuille[:31]: self.df}, self.entete(), colonnes_pourcent=self.colonnes_pourcent
        )


def entete_export(
    source: str, millesime: str, perimetre: str, df: pd.DataFrame | None = None, definitions: dict | None = None
) -> dict:
    """What every export says about itself: source, vintage, filters, date, secret."""
    return _entete(
        source, millesime, perimetre, df, definitions, _jeux_demo_ou_vide(), st.session_state.get("_filtres")
    )


def avertissement_demo(jeux_demo=None) -> dict:
    """{"Avertissement": …} while demo data is loaded, else {}: for the header of any export."""
    jeux = _jeux_demo_ou_vide() if jeux_demo is None else jeux_demo
    if not len(jeux):
        return {}
    return {
        "Avertissement": "Données de démonstration, inventées (bailleurs fictifs), pas la situation de la CU "
        "d'Arras : " + ", ".join(libelle_jeu(j) for j in jeux) + "."
    }


def _entete(
    source: str,
    millesime: str,
    perimetre: str,
    df: pd.DataFrame | None,
    definitions: dict | None,
    jeux_demo,
    filtres: Filtres | None = None,
) -> dict:
    """entete_export with the demo data sets and the filters given (no query, no session:
    callable outside a script run)."""
    from datetime import date

    from observatoire.secret import suppression as secret

    entete = {"Source": source, "Millésime": millesime}
    if filtres is not None:
        # The table's own period is its vintage: the filters' period is said apart, never as the table's.
        periode_filtres = f"{filtres.annee_debut}-{filtres.annee_fin}"
        if perimetre.endswith(" · " + periode_filtres) and millesime != periode_filtres:
            perimetre = perimetre.removesuffix(" · " + periode_filtres)
        entete["Périmètre (filtres)"] = perimetre
        entete["Territoire"] = filtres.territoire()
        entete["Bailleurs"] = territoire.noms_bailleurs(filtres.bailleurs)
        entete["Période choisie dans les filtres"] = periode_filtres
    else:
        entete["Périmètre (filtres)"] = perimetre
    entete["Exporté le"] = date.today().strftime("%d/%m/%Y")
    entete["Producteur"] = "Observatoire de l'habitat de la CU d'Arras"
    entete.update(avertissement_demo(jeux_demo))
    if df is not None and (df.astype("object") == secret.SECRET).to_numpy().any():
        entete["Secret statistique"] = secret.PHRASE.format(seuil=secret.seuil_en_vigueur())
    entete.update(definitions or {})
    return entete


def _jeux_demo_ou_vide() -> list[str]:
    try:
        return donnees("jeux_demo")["jeu"].tolist()
    except Exception:
        return []
