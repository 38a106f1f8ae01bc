"""Bilan CIL and the secret statistique across views (issue 13), on the demo base (AppTest):

- `/bilan_cil?communes=62892` (Willerval, one attribution in 2025) shows no figure of Willerval's:
  its row, the selection's total, the three art. 11 figures and objective 3 read « secret
  statistique » (zeros stay: they describe nobody), the CU's figures are given in their place,
  labelled; the evolution is the CU's;
- the whole CU and « the whole CU minus Dainville » (the 45 other communes in the URL): no hidden
  Dainville count is the difference of two figures shown at the same place on the two pages
  (today: objective 1 8 / 49, contingent 11, refusals 6, contribution solidaire 6 / 32);
- the bilan's workbook and document hold exactly the tables of the screen.
"""

from __future__ import annotations

import io

import duckdb
import pytest
from openpyxl import load_workbook

from observatoire import formats as fr
from observatoire.base import db
from observatoire.figures import exports
from observatoire.indicateurs import attributions as A
from observatoire.indicateurs import catalogue
from observatoire.indicateurs import contingent as C
from observatoire.secret import suppression as secret
from tests.outils.app import lancer

pytest.importorskip("streamlit")

from tests.pages.test_app_exports_roles import fichiers_servis  # noqa: F401  (fixture)

# Bailleul-Sir-Berthoult: one attribution in 2025, on the contingent (Willerval until the demo followed
# the real stock: it has none in 2025 now). Dainville: contingent 3, refusals 4, contribution solidaire 4 / 20,
# objective 1 4 / 25 in 2025 (11, 6, 6 / 32, 8 / 49 before the recalibration).
WILLERVAL, DAINVILLE = "62073", "62263"
TOUTE_LA_CU = "toute la CU d'Arras"
ANNEE = 2025
# Screen table (tableaux.tableau key) → sheet of the bilan's workbook.
FEUILLES = {
    "table_bilan_totaux": "Article 11",
    "table_bilan_totaux_cu": f"Article 11 {TOUTE_LA_CU}",
    "table_bilan": "Bilan par commune",
    "table_bilan_realise": "Contingent par bailleur",
    "table_bilan_objectifs": "Objectifs légaux",
    "table_bilan_objectifs_cu": f"Objectifs légaux {TOUTE_LA_CU}",
    "table_bilan_reservataires": "Objectif 3 par réservataire",
    "table_bilan_objectifs_communes": "Objectifs par commune",
}
NNBSP = "\u202f"


def _codes(base) -> list[str]:
    con = duckdb.connect(str(base), read_only=True)
    try:
        return [c for (c,) in con.execute("SELECT code_insee FROM communes ORDER BY 1").fetchall()]
    finally:
        con.close()


def _comptes_communes(base) -> dict:
    """Each commune's counts of the year (attributions_comptes, commune level), by INSEE code."""
    con = duckdb.connect(str(base), read_only=True)
    try:
        k = db.requete(
            con,
            "attributions_comptes",
            annee_debut=ANNEE,
            annee_fin=ANNEE,
            communes=None,
            bailleurs=None,
            reservataire=None,
            reservataire_prefectoral=A.RESERVATAIRE_PREFECTORAL,
        )
    finally:
        con.close()
    return A.sommer(k, ["code_insee", "commune"]).set_index("code_insee").to_dict("index")


def _classeur(at, fichiers_servis) -> dict[str, list[dict]]:
    wb = load_workbook(io.BytesIO(fichiers_servis(at, "export_bilan_xlsx")))
    feuilles = {}
    for ws in wb.worksheets:
        entetes = [c.value for c in ws[1]]
        feuilles[ws.title] = [dict(zip(entetes, l)) for l in ws.iter_rows(min_row=2, values_only=True)]
    return feuilles


def _feuille(feuilles: dict, nom: str) -> list[dict]:
    return feuilles[exports._nom_feuille(nom, set())]


def _tables(at) -> dict:
    """The read-only tables on screen by their tableaux.tableau key (read off their CSV buttons, in page order)."""
    cles = [b.key.removeprefix("csv_") for b in at.get("download_button") if b.key.startswith("csv_")]
    tables = [d.value for d in at.dataframe if d.editing_mode == "read_only"]
    assert len(cles) == len(tables), cles
    return dict(zip(cles, tables))


def _comme_a_l_ecran(v) -> str:
    """A workbook cell written as the screen writes it (French numbers, statuses with their sign)."""
    if v is None:
        return fr.MANQUANT
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return fr.nombre(v)
    if isinstance(v, float):
        return fr.pourcent(v)
    if v != secret.SECRET and (
        v in catalogue.PRESENTATION or any(v.startswith(s + " (") for s in catalogue.PRESENTATION)
    ):
        return catalogue.libelle(v)
    return str(v)


def _exports_egaux_a_l_ecran(at, feuilles, html):
    tables = _tables(at)
    for cle, df in tables.items():
        assert cle in FEUILLES, cle
        lignes = _feuille(feuilles, FEUILLES[cle])
        assert len(lignes) == len(df), cle
        for i, ligne in enumerate(lignes):
            assert list(ligne) == list(df.columns), cle
            ecran = [str(x) for x in df.iloc[i]]
            # An empty cell is read back from the workbook as None: on screen « – » or nothing.
            # A status « secret statistique » keeps its padlock on screen, not in the workbook's raw status.
            classeur = [
                e
                if (v is None and e in ("", fr.MANQUANT)) or (v == secret.SECRET and e == catalogue.libelle(v))
                else _comme_a_l_ecran(v)
                for v, e in zip(ligne.values(), ecran)
            ]
            assert classeur == ecran, (cle, i)
        # The printable document holds the same table, cell for cell.
        assert exports._table_html(df) in html, cle
    # No table in the workbook that the screen does not show.
    montrees = {exports._nom_feuille(FEUILLES[c], set()) for c in tables}
    assert set(feuilles) - montrees == {"Évolution des objectifs", "Sources et définitions"}


def _nombre(texte) -> int | None:
    if isinstance(texte, int):
        return texte
    t = str(texte).replace(NNBSP, "").replace("\u00a0", "").replace(" ", "")
    return int(t) if t.isdigit() else None


def _visibles(feuilles) -> dict[tuple, int]:
    """Every count the bilan shows for the selection, by place (sheet, row, column)."""
    sortie = {}
    for nom, cle_ligne in (
        ("Article 11", "Élément du bilan (article 11)"),
        ("Objectifs légaux", "Objectif"),
        ("Objectif 3 par réservataire", "Réservataire"),
        ("Évolution des objectifs", None),
    ):
        for i, ligne in enumerate(_feuille(feuilles, nom) if exports._nom_feuille(nom, set()) in feuilles else []):
            etiquette = ligne[cle_ligne] if cle_ligne else i
            for col, v in ligne.items():
                n = _nombre(v)
                if n is not None and col != cle_ligne:
                    sortie[(nom, etiquette, col)] = n
    for nom in ("Bilan par commune", "Objectifs par commune"):
        for ligne in _feuille(feuilles, nom):
            if ligne["Commune"] == "Ensemble de la sélection":
                for col, v in ligne.items():
                    if _nombre(v) is not None:
                        sortie[(nom, "Ensemble", col)] = _nombre(v)
    return sortie


def test_willerval_seul_aucun_chiffre_de_willerval(app_env, fichiers_servis):
    w = _comptes_communes(app_env)[WILLERVAL]
    assert (w["attributions"], w["contingent_entite"], w["refus"], w["cs_epci_num"], w["cs_num"], w["cs_den"]) == (
        1,
        1,
        0,
        0,
        0,
        1,
    )
    at = lancer("bilan_cil", annee=str(ANNEE), communes=WILLERVAL)
    tables = _tables(at)
    # The three art. 11 figures of the selection: withheld, with the reason; the CU's in their place.
    totaux = tables["table_bilan_totaux"]
    assert set(totaux["Total"]) == {secret.SECRET}  # today: 1, 1, 1
    assert set(totaux["Lecture"]) == {secret.POURQUOI_SELECTION}
    cu = tables["table_bilan_totaux_cu"]
    assert all(e.endswith(f"({TOUTE_LA_CU})") for e in cu["Élément du bilan (article 11)"])
    assert all(_nombre(x) > 11 for x in cu["Total"])
    # Willerval's row and the selection's total: « secret statistique », or a zero.
    bilan = tables["table_bilan"]
    for _, ligne in bilan.iterrows():
        assert set(ligne.drop(["Commune", "Code INSEE"])) <= {secret.SECRET, "0"}, ligne.to_dict()
    assert set(bilan.iloc[-1].drop(["Commune", "Code INSEE"])) == {secret.SECRET}
    objectifs = tables["table_bilan_objectifs"]
    for col in ("Numérateur", "Dénominateur", "Non renseignés"):
        assert set(objectifs[col]) <= {secret.SECRET, "0"}, col
    assert objectifs.iloc[2]["Numérateur"] == secret.SECRET  # objective 3: 0 / 1 (a rate is one cell)
    assert "table_bilan_objectifs_cu" in tables
    # The unknown flags are the CU's, labelled; the evolution has no point of Willerval's but zeros.
    legendes = " ".join(c.value for c in at.caption)
    assert "Non renseigné (toute la CU d'Arras)" in legendes
    texte = " ".join(m.value for m in at.markdown)
    assert "1 attributions au titre du contingent" not in texte and "0 ménages prioritaires sur 1" not in texte
    feuilles = _classeur(at, fichiers_servis)
    html = fichiers_servis(at, "export_bilan_html").decode("utf-8")
    _exports_egaux_a_l_ecran(at, feuilles, html)
    assert "0 ménages prioritaires sur 1" not in html
    for ligne in _feuille(feuilles, "Évolution des objectifs"):
        assert ligne["Numérateur"] in (0, secret.SECRET) and ligne[A.LIBELLES_EVOLUTION["denominateur"]] in (
            0,
            secret.SECRET,
        ), ligne


def test_toute_la_cu_moins_dainville_ne_redonne_aucune_case_de_dainville(app_env, fichiers_servis):
    codes = _codes(app_env)
    assert len(codes) == 46 and DAINVILLE in codes
    d = _comptes_communes(app_env)[DAINVILLE]
    # The attack: contingent 11, refusals 6, contribution solidaire 6 / 32, objective 1 8 / 49.
    assert (d["contingent_entite"], d["refus"], d["cs_num"], d["cs_den"], d["o1_num"], d["o1_den"]) == (
        3,
        4,
        4,
        20,
        4,
        25,
    )
    cu = lancer("bilan_cil", annee=str(ANNEE))
    f_cu = _classeur(cu, fichiers_servis)
    html_cu = fichiers_servis(cu, "export_bilan_html").decode("utf-8")  # files are kept for the last run only
    # Dainville's hidden cells on the whole-CU page, with their true values.
    colonnes = {lab: c for c, lab, _ in C.colonnes_bilan(C.LECTURE_EPCI)}
    vers_comptes = {
        "cs_base": "cs_epci_den",
        "cs_menages": "cs_epci_num",
        "cs_autre_base": "cs_den",
        "cs_autre_menages": "cs_num",
    }
    caches = set()
    ligne = next(l for l in _feuille(f_cu, "Bilan par commune") if l["Commune"] == "Dainville")
    for lab, v in ligne.items():
        c = vers_comptes.get(colonnes.get(lab), colonnes.get(lab))
        if v == secret.SECRET and c in d:
            caches.add(int(d[c]))
    ligne = next(l for l in _feuille(f_cu, "Objectifs par commune") if l["Commune"] == "Dainville")
    for c, lab, _ in A.colonnes_objectif(1) + A.colonnes_objectif(2) + A.colonnes_objectif(3, indicatif=True):
        if ligne.get(lab) == secret.SECRET and c in d:
            caches.add(int(d[c]))
    assert {3, 4, 20, 25} <= caches, caches

    autres = [c for c in codes if c != DAINVILLE]
    moins = lancer("bilan_cil", annee=str(ANNEE), communes=autres)
    f_moins = _classeur(moins, fichiers_servis)
    html_moins = fichiers_servis(moins, "export_bilan_html").decode("utf-8")
    a, b = _visibles(f_cu), _visibles(f_moins)
    communs = a.keys() & b.keys()
    assert communs  # the CU-level tables (per réservataire, evolution) are on both pages
    retrouves = {k: a[k] - b[k] for k in communs if a[k] - b[k] in caches}
    assert not retrouves, retrouves  # today: 11, 6, 8 / 49, 6 / 32… all given back
    assert {l["Total"] for l in _feuille(f_moins, "Article 11")} == {secret.SECRET}
    for at, feuilles, html in ((cu, f_cu, html_cu), (moins, f_moins, html_moins)):
        _exports_egaux_a_l_ecran(at, feuilles, html)


def test_contingent_par_commune_willerval_et_cu_moins_dainville(app_env):
    # The Contingent page reads the bilan's grid: the same cells hidden, the same selection rule.
    at = lancer("contingent", annee=str(ANNEE), communes=WILLERVAL)
    t = _tables(at)["table_realise_communes"]
    assert t["Commune"].tolist() == ["Bailleul-Sir-Berthoult", "Ensemble de la sélection"]
    for _, ligne in t.iterrows():
        assert set(ligne.drop(["Commune", "Code INSEE"])) <= {secret.SECRET, "0"}, ligne.to_dict()  # today: 1, 1, 0
    assert set(t.iloc[-1].drop(["Commune", "Code INSEE"])) == {secret.SECRET}
    assert secret.POURQUOI_SELECTION in " ".join(c.value for c in at.caption)
    autres = [c for c in _codes(app_env) if c != DAINVILLE]
    cu = _tables(lancer("contingent", annee=str(ANNEE)))["table_realise_communes"].set_index("Commune")
    moins = _tables(lancer("contingent", annee=str(ANNEE), communes=autres))["table_realise_communes"].set_index(
        "Commune"
    )
    d = _comptes_communes(app_env)[DAINVILLE]
    assert set(cu.loc["Dainville"].drop("Code INSEE")) == {secret.SECRET}
    for col, c in (
        ("Attributions au titre du contingent communautaire et communal", "contingent_entite"),
        ("dont refusées par le ménage", "contingent_entite_refus"),
        ("Flux réalisé (bail signé)", "contingent_realise"),
    ):
        a, b = _nombre(cu.loc["Ensemble de la sélection", col]), _nombre(moins.loc["Ensemble de la sélection", col])
        assert b is None or a - b != d[c], col  # today: 258 − 247 = 11, Dainville's contingent
    # Every commune shown on both pages reads the same (one grid, whatever the selection).
    assert moins.drop(index="Ensemble de la sélection").equals(cu.drop(index=["Dainville", "Ensemble de la sélection"]))
