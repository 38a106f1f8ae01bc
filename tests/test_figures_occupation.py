"""The Occupation page's figures and tables (observatoire/figures/occupation.py), on small
published frames whose expected cells are written by hand."""

from types import SimpleNamespace

import pandas as pd

from observatoire.figures import occupation as fo
from observatoire.indicateurs import parc

CLES = list(parc.OPS_INDICATEURS)


def _secteurs(parts_qpv: float, parts_hors: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two sectors with 100 and 200 households; every profile at the given share."""
    lignes = []
    for secteur, menages, part in (("en QPV", 100, parts_qpv), ("hors QPV", 200, parts_hors)):
        ligne = {"secteur": secteur, "menages": menages}
        for cle, (col, _) in parc.OPS_INDICATEURS.items():
            ligne[col] = round(menages * part)
            ligne[f"part_{cle}"] = part
        lignes.append(ligne)
    valeurs = pd.DataFrame(lignes)
    masque = pd.DataFrame(False, index=valeurs.index, columns=valeurs.columns)
    return valeurs, masque


def test_figure_secteurs_ne_dessine_pas_une_part_cachee():
    valeurs, masque = _secteurs(0.25, 0.5)
    masque.at[0, "part_apl"] = True
    fig = fo.figure_secteurs(valeurs, masque, fo.SUFFIXE_CU)
    qpv = fig.data[0]
    assert qpv.name == "en QPV (toute la CU d'Arras)" and qpv.marker.color == fo.COULEURS["en QPV"]
    i = CLES.index("apl")
    assert qpv.x[i] is None and qpv.text[i] == "secret statistique"
    assert qpv.x[0] == 0.25 and qpv.text[0].replace("\xa0", " ") == "25,0 %"
    assert list(fig.data[1].x) == [0.5] * len(CLES)


def test_table_secteurs_une_colonne_par_secteur():
    valeurs, masque = _secteurs(0.25, 0.5)
    t = fo.table_secteurs(valeurs, masque, "")
    assert list(t.columns) == ["indicateur", "en QPV", "hors QPV"]
    ligne = t.set_index("indicateur").loc["bénéficiaires de l'APL (ménages)"]
    assert ligne.tolist() == ["25", "100"]
    assert t["indicateur"].tolist()[:3] == [
        "ménages enquêtés",
        "ressources < 20 % des plafonds (ménages)",
        "ressources < 20 % des plafonds (part)",
    ]


def test_colonnes_communes_parts_ou_effectifs():
    parts = fo.colonnes_communes("parts")
    effectifs = fo.colonnes_communes("effectifs")
    assert "part_apl" in parts and "menages_apl" not in parts
    assert "menages_apl" in effectifs and "part_apl" not in effectifs
    assert parts["part_apl"][0] == effectifs["menages_apl"][0] == "bénéficiaires de l'APL"
    assert fo.hauteur_communes(3) == 156 and fo.hauteur_communes(100) == 720


def test_series_evolution_points_caches_a_none():
    v16, m16 = _secteurs(0.3, 0.4)
    v18, m18 = _secteurs(0.35, 0.45)
    m18.at[1, "part_sous_60"] = True
    publications = {
        2016: SimpleNamespace(secteurs_valeurs=v16, secteurs_masque=m16),
        2018: SimpleNamespace(secteurs_valeurs=v18, secteurs_masque=m18),
    }
    series = fo.series_evolution(publications, "sous_60")
    assert series == {"en QPV": [(2016, 0.3), (2018, 0.35)], "hors QPV": [(2016, 0.4), (2018, None)]}
    fig = fo.figure_evolution(series, "", [2018, 2016])
    assert list(fig.data[1].text)[1] == "secret statistique"
    assert list(fig.layout.xaxis.tickvals) == [2016, 2018]
    assert "de toute la CU d'Arras" in fo.legende_evolution("sous_60", publiable=False)
