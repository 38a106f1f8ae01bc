"""Occupation (OPS) and Parc social through AppTest: the « whole CU minus one commune » attack.

A curious reader opens the Occupation page for the whole CU, then for every commune but one,
and subtracts. Before the fix, for 2022, the hors QPV APL count read 3 844 then 3 834: Mont-Saint-
Éloi's hidden 10 came back. Here, for the smallest communes, no count hidden for that commune on
the commune table can be recovered as the difference of the two pages' sector figures, and the
other communes' cells are the same on both pages (one grid, whatever the selection).

The commune's true counts are read from the demo base (ops table), summed by hand into the
cumulative resource bands the page shows."""

from __future__ import annotations

import duckdb
import pytest

from observatoire.secret import suppression as secret
from tests.outils_app import lancer

PAGE = "occupation"
# Smallest communes with surveyed households in 2022 (demo base): Mont-Saint-Éloi 21, Acq 5,
# Roclincourt 3, Willerval 3 households.
# Communes with few households in the 2022 survey (ops.csv: 10, 7, 1, 3 outside QPV); Acq, Roclincourt and
# Willerval were here before the demo followed the real stock (no 2022 row, or 11 households and more now).
PETITES = {"62589": "Mont-Saint-Éloi", "62324": "Farbus", "62290": "Écurie", "62144": "Boiry-Becquerelle"}

# Row label of the sector table → how the count is made from the ops table's columns.
COMPTES = {
    "ménages enquêtés": ["menages"],
    "ressources < 20 % des plafonds (ménages)": ["menages_ress_moins_20"],
    "ressources < 40 % des plafonds (ménages)": ["menages_ress_moins_20", "menages_ress_20_40"],
    "ressources < 60 % des plafonds (ménages)": ["menages_ress_moins_20", "menages_ress_20_40", "menages_ress_40_60"],
    "bénéficiaires de l'APL (ménages)": ["menages_apl"],
    "personnes seules (ménages)": ["personnes_seules"],
    "familles monoparentales (ménages)": ["familles_monoparentales"],
    "couples sans enfant (ménages)": ["couples_sans_enfant"],
    "couples avec enfant(s) (ménages)": ["couples_avec_enfants"],
    "grandes familles (3 enfants et plus) (ménages)": ["grandes_familles"],
    "titulaires de 65 ans et plus (ménages)": ["titulaires_65_plus"],
    "emménagés depuis moins de 3 ans (ménages)": ["emmenages_recents"],
}


def nombre(texte: str) -> int | None:
    """« 3 844 » → 3844; « secret statistique » or « – » → None."""
    t = str(texte).replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    return int(t) if t.lstrip("-").isdigit() else None


def secteurs(at) -> dict[tuple[str, int], int | None]:
    """The sector table as the reader sees it: (row label, column position) → number."""
    table = at.dataframe[0].value.set_index("indicateur")
    return {(ligne, j): nombre(table.loc[ligne].iloc[j]) for ligne in COMPTES for j in range(table.shape[1])}


def table_communes(at):
    return next(d.value for d in at.dataframe if "commune" in d.value.columns)


def vraies_valeurs(base, code: str) -> dict[str, int]:
    con = duckdb.connect(str(base), read_only=True)
    try:
        ligne = (
            con.execute("SELECT * FROM ops WHERE annee = 2022 AND code_insee = ? AND NOT en_qpv", [code]).df().iloc[0]
        )
    finally:
        con.close()
    return {lib: int(sum(int(ligne[c]) for c in cols)) for lib, cols in COMPTES.items()}


@pytest.fixture(scope="module")
def toutes_les_communes(base_demo):
    con = duckdb.connect(str(base_demo), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT code_insee FROM communes ORDER BY code_insee").fetchall()]
    finally:
        con.close()


def test_cu_moins_une_petite_commune_rien_ne_se_retrouve(app_env, toutes_les_communes):
    cu = lancer(PAGE)
    assert cu.selectbox(key="annee_enquete").value == 2022
    vu_cu = secteurs(cu)
    # The attack of the issue, on the whole CU's page: hors QPV APL 3 844 (the CU's figure is public).
    assert vu_cu[("bénéficiaires de l'APL (ménages)", 1)] == 3586  # CU, hors QPV, 2022 (ops.csv)
    cu.radio(key="affichage_ops").set_value("effectifs").run()
    communes_cu = table_communes(cu).set_index(["commune", "secteur"])
    for code, nom in PETITES.items():
        autres = [c for c in toutes_les_communes if c != code]
        at = lancer(PAGE, communes=autres)
        vu = secteurs(at)
        vraies = vraies_valeurs(app_env, code)
        ligne = communes_cu.loc[(nom, "hors QPV")]
        caches = [
            lib
            for lib in COMPTES
            if ligne["ménages enquêtés" if lib == "ménages enquêtés" else lib.removesuffix(" (ménages)")]
            == secret.SECRET
        ]
        # Every small count of the commune is hidden on the commune table...
        petits = [lib for lib, v in vraies.items() if 0 < v < 11]
        assert set(petits) <= set(caches), (nom, petits, caches)
        # ... and none comes back as « whole CU − the 45 others », in any sector column.
        for lib in caches:
            if vraies[lib] == 0:
                continue
            for j in range(3):
                a, b = vu_cu[(lib, j)], vu[(lib, j)]
                assert a is None or b is None or a - b != vraies[lib], (nom, lib, j, a, b)
        # The selection's total is withheld, with the reason, and the CU's figures are labelled so.
        assert any(secret.POURQUOI_SELECTION[:60] in w.value for w in at.warning)
        assert all(c.endswith("(toute la CU d'Arras)") for c in at.dataframe[0].value.columns[1:])
        # The other communes' cells are those of the whole CU's page: one grid for every selection.
        at.radio(key="affichage_ops").set_value("effectifs").run()
        communes_sel = table_communes(at).set_index(["commune", "secteur"])
        assert nom not in communes_sel.index.get_level_values(0)
        assert communes_sel.equals(communes_cu.drop(index=nom, level=0))


def test_selection_sans_case_masquee_publiee(app_env):
    # Arras has no hidden cell in 2022: its own sector totals are shown, not the CU's.
    at = lancer(PAGE, communes="62041")
    vu = secteurs(at)
    assert list(at.dataframe[0].value.columns) == ["indicateur", "en QPV", "hors QPV", "ensemble"]
    # Arras, hors QPV, 2022: 3 578 households, 1 808 with the APL (ops.csv).
    assert (vu[("ménages enquêtés", 1)], vu[("bénéficiaires de l'APL (ménages)", 1)]) == (3578, 1808)
    assert not any(secret.POURQUOI_SELECTION[:60] in w.value for w in at.warning)


def test_fiche_et_page_occupation_memes_cases(app_env):
    # Rivière, 2022: 15 households shown, 8 APL hidden (ops.csv), on the fiche as on the page.
    fiche = lancer("fiche_commune", commune="62712")
    ops = next(d.value for d in fiche.dataframe if "Rivière — hors QPV" in d.value.columns)
    colonne = dict(zip(ops["indicateur"], ops["Rivière — hors QPV"]))
    assert colonne["ménages enquêtés"] == "15"
    assert colonne["bénéficiaires de l'APL"] == secret.SECRET
    page = lancer(PAGE, communes="62712")
    ligne = table_communes(page).set_index("commune").loc["Rivière"]
    assert ligne["ménages enquêtés"] == "15" and ligne["bénéficiaires de l'APL"] == secret.SECRET
    # Its own total would be its hidden cells: the CU's figures are shown instead, labelled.
    assert any(secret.POURQUOI_SELECTION[:60] in w.value for w in page.warning)
    assert secteurs(page)[("bénéficiaires de l'APL (ménages)", 1)] == 3586  # CU, hors QPV, 2022 (ops.csv)


# ---------------------------------------------------------------- Parc social: restricted RPLS fields

PARC = "parc_social"
METRIQUES = ("Taux de vacance de plus de 3 mois", "Taux de mobilité", "Loyer moyen")


def _metrique(at, debut):
    return next(m.value for m in at.metric if m.label.startswith(debut))


def _table_parc_communes(at):
    return next(d.value for d in at.dataframe if {"commune", "taux de vacance > 3 mois"} <= set(d.value.columns))


def test_parc_social_petite_commune_taux_restreints_masques(app_env):
    # Boiry-Becquerelle, 1/1/2025: 3 social dwellings (as in the real 2024 stock). Its stock is
    # public; its vacancy, mobility and rent are not: the CU's figures are given instead, labelled.
    at = lancer(PARC, communes="62144")
    assert _metrique(at, "Logements sociaux au 1er janvier 2025") == "3"
    for libelle in METRIQUES:
        assert _metrique(at, libelle) == secret.SECRET, libelle
    texte = " ".join(m.value for m in at.markdown)
    assert "Toute la CU d'Arras : 1,5\u00a0%" in texte and "Toute la CU d'Arras : 9,5\u00a0%" in texte  # README 2025
    assert any(c.value == secret.POURQUOI_SELECTION for c in at.caption)
    # The per-vintage table: every restricted cell of the selection hidden, the stock shown.
    evolution = next(d.value for d in at.dataframe if "millésime" in d.value.columns)
    assert (evolution["taux de vacance > 3 mois"] == secret.SECRET).all()
    assert (evolution["baux signés en N-1"] == secret.SECRET).all()
    assert (evolution["loyer moyen (€/m²)"] == secret.SECRET).all()
    assert evolution.loc[evolution["millésime"] == "2025", "logements"].iloc[0] == "3"


def test_parc_social_cu_moins_une_petite_commune(app_env, toutes_les_communes):
    # 1/1/2025: 3, 1 and 9 dwellings (parc_communes); Acq (27 dwellings, 0 vacant of 24) no longer qualifies.
    cu = lancer(PARC)
    assert _metrique(cu, "Taux de vacance") == "1,5\u00a0%"  # the CU's figure is public (README 2025)
    table_cu = _table_parc_communes(cu).set_index("commune")
    for code, nom in {"62144": "Boiry-Becquerelle", "62290": "Écurie", "62324": "Farbus"}.items():
        assert table_cu.loc[nom, "taux de vacance > 3 mois"] == secret.SECRET
        at = lancer(PARC, communes=[c for c in toutes_les_communes if c != code])
        # CU − the 45 others would be the commune's hidden rates: withheld.
        for libelle in METRIQUES:
            assert _metrique(at, libelle) == secret.SECRET, (nom, libelle)
        # The stock is public and stays.
        assert _metrique(at, "Logements sociaux au 1er janvier 2025") != secret.SECRET
        # The other communes' cells are the CU page's: one grid for every selection.
        table = _table_parc_communes(at).set_index("commune")
        assert table.equals(table_cu.drop(index=nom)), nom


def test_parc_social_filtre_bailleur_analyste_meme_regle(app_env):
    # The analyste sees one landlord's figures, not cells under the threshold: the commune table
    # is the grid of that landlord's counts with the rule above, plus the communes where the
    # other landlords' counts are small (all landlords minus this one would give them back).
    from observatoire.base import db
    from observatoire.indicateurs import parc
    from tests.test_app_exports_roles import MDP_ANALYSTE, _connecte

    bailleur = "Cité Zêta (fictif)"
    at = _connecte(PARC, MDP_ANALYSTE, bailleurs=bailleur)
    assert not at.exception
    table = _table_parc_communes(at).set_index("commune")
    con = duckdb.connect(str(app_env), read_only=True)
    try:
        communes = db.requete(con, "carte_communes")
        lire = dict(millesime_debut=2025, millesime_fin=2025, communes=[], par_commune=True)
        filtre = db.requete(con, "parc_indicateurs", bailleurs=[bailleur], **lire)
        tous = db.requete(con, "parc_indicateurs", bailleurs=[], **lire)
    finally:
        con.close()
    v, m = parc.par_commune(filtre, communes, 11, (), tous)
    attendu = dict(zip(v["nom"], m["taux_vacance"]))
    assert {n: c == secret.SECRET for n, c in table["taux de vacance > 3 mois"].items()} == attendu
    # The landlord rule adds hidden communes to the landlord's own grid (demo, 2025: 19 of the 22
    # communes where Cité Zêta has dwellings, against 15 on its counts alone).
    seul_v, seul_m = parc.par_commune(filtre, communes, 11)
    assert (int(m["taux_vacance"].sum()), int(seul_m["taux_vacance"].sum()), len(v)) == (19, 15, 22)
