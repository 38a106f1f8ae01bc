"""Parc social, Occupation, Carte and Fiche commune through AppTest on the demo database.

Expected figures come from data/demo/README.md, written by the demo generator from its own
arrays (not from observatoire.indicateurs.parc): 12 985 dwellings at 1/1/2025 of which 7 405 in Arras,
vacancy > 3 months 1,5 %, mobility 9,5 %, E-F-G 14,2 % of the stock (15,9 % of the dwellings with a known DPE).
The demo stock is calibrated on the real SDES stock of 1/1/2024 (12 853, data/publiques/); the counts
by DPE class and by commune below are counted in data/demo/rpls_2025.csv.gz."""

from observatoire.indicateurs import catalogue
from observatoire.secret import suppression as secret
from tests.outils_app import lancer


def _metrique(at, debut):
    return next(m.value for m in at.metric if m.label.startswith(debut))


def test_parc_social_chiffres_du_millesime(app_env):
    at = lancer("parc_social")
    assert at.title[0].value == "Parc social (RPLS)"
    assert at.selectbox(key="millesime").value == 2025
    assert _metrique(at, "Logements sociaux au 1er janvier 2025") == "12\u202f985"
    assert _metrique(at, "Taux de vacance") == "1,5\u00a0%"
    assert _metrique(at, "Taux de mobilité") == "9,5\u00a0%"
    # 1 847 E-F-G among the 11 652 dwellings with a known DPE (12 985 − 1 333 without one), as the
    # SDES counts it; the share of the whole stock (14,2 %) was the wrong reading.
    assert _metrique(at, "Logements classés E, F ou G") == "15,9\u00a0%"
    assert (
        "1\u202f847 logements E, F ou G ÷ 11\u202f652 logements au DPE connu ; 1\u202f333 logements sans DPE"
        in " ".join(m.value for m in at.markdown)
    )
    # Every ratio shows its numerator and denominator; formulas are stated.
    texte = " ".join(m.value for m in at.markdown)
    assert "vacants > 3 mois ÷" in texte and "baux signés en 2024 ÷" in texte
    assert any("MODE = 2" in e.value for e in at.markdown)
    sources = [c.value for c in at.caption if c.value.startswith("Source :")]
    assert len(sources) >= 8 and all("Périmètre :" in s for s in sources)
    headers = [h.value for h in at.header]
    assert "Énergie (DPE)" in headers and "Entrées et sorties du parc entre millésimes" in headers


def test_parc_social_suit_le_filtre_commune_et_le_millesime(app_env):
    at = lancer("parc_social", communes="62041", millesime="2020")
    assert at.selectbox(key="millesime").value == 2020
    arras = lancer("parc_social", communes="62041")
    assert _metrique(arras, "Logements sociaux au 1er janvier 2025") == "7\u202f405"


def test_parc_social_taux_communaux_secret(app_env):
    at = lancer("parc_social")
    # The over-3-months rate says so in its header (« vacant » is not « vide »).
    communes = next(d.value for d in at.dataframe if {"commune", "taux de vacance > 3 mois"} <= set(d.value.columns))
    # Boiry-Becquerelle has 3 dwellings at 1/1/2025 (as in the real 2024 stock): its rates are
    # hidden, its stock (public RPLS) is not.
    petite = communes[communes["commune"] == "Boiry-Becquerelle"].iloc[0]
    assert petite["taux de vacance > 3 mois"] == secret.SECRET and petite["taux de mobilité"] == secret.SECRET
    assert petite["logements sociaux"] == "3"
    assert communes.loc[communes["commune"] == "Arras", "logements sociaux"].iloc[0] == "7\u202f405"


def test_occupation_secret_jamais_zero(app_env):
    at = lancer("occupation")
    assert at.title[0].value == "Occupation du parc social (OPS)"
    assert at.selectbox(key="annee_enquete").value == 2022
    par_commune = next(d.value for d in at.dataframe if "commune" in d.value.columns)
    acq = par_commune[par_commune["commune"] == "Écurie"].iloc[0]
    assert acq["ménages enquêtés"] == secret.SECRET  # 1 household in the demo file (1 real social dwelling)
    assert (acq.drop(["commune", "secteur"]) == secret.SECRET).all()
    assert any(secret.PHRASE.format(seuil=11)[:40] in c.value for c in at.caption)
    secteurs = at.dataframe[0].value
    assert list(secteurs.columns) == ["indicateur", "en QPV", "hors QPV", "ensemble"]


def test_occupation_annee_dans_l_url(app_env):
    at = lancer("occupation", annee_enquete="2016")
    assert at.selectbox(key="annee_enquete").value == 2016
    assert any("enquête 2016" in h.value for h in at.header)


def test_carte_indicateur_depuis_l_url_et_export(app_env):
    at = lancer("carte", indicateur="objectif_1")
    assert at.selectbox(key="indicateur").value == "objectif_1"
    assert at.query_params["indicateur"] in ("objectif_1", ["objectif_1"])
    captions = " ".join(c.value for c in at.caption)
    assert "Contours des QPV non chargés" in captions
    assert "cible ≥ 25 %" in captions
    table = at.dataframe[0].value
    assert len(table) == 46
    # The catalogue's words and signs, the same as every other surface.
    assert (table["statut"] == catalogue.libelle(catalogue.SECRET)).any()
    assert set(table["statut"]) <= {
        catalogue.libelle(s) for s in (catalogue.ATTEINT, catalogue.NON_ATTEINT, catalogue.SECRET, catalogue.SANS_OBJET)
    }
    assert at.get("download_button")


def test_carte_indicateur_inconnu_ignore(app_env):
    at = lancer("carte", indicateur="'; DROP TABLE communes; --")
    assert at.selectbox(key="indicateur").value == "parc_social"


def test_carte_ancien_lien_taux_plh(app_env):
    at = lancer("carte", indicateur="taux_plh")  # links shared before the catalogue
    assert at.selectbox(key="indicateur").value == "production_logements"


def test_fiche_commune_a_cote_de_la_cu(app_env):
    at = lancer("fiche_commune", commune="62004")
    assert at.title[0].value == "Fiche commune : Achicourt"
    fiche = at.table[0].value.reset_index()  # a static table: its text wraps, nothing is cut
    assert {"Achicourt", "CU d'Arras", "cible"} <= set(fiche.columns)
    stock = fiche[fiche["indicateur"].str.startswith("Logements sociaux (stock")].iloc[0]
    assert (stock["Achicourt"], stock["CU d'Arras"]) == ("1\u202f073", "12\u202f985")
    assert fiche["indicateur"].str.startswith("Objectif légal 1").any()
    assert at.get("download_button")


def test_fiche_commune_sans_parc(app_env):
    at = lancer("fiche_commune", commune="62085")  # Basseux: no social housing, no PLH target
    fiche = at.table[0].value.reset_index()  # static tables: their text wraps, nothing is cut at 1280 px
    statuts = dict(zip(fiche["indicateur"], fiche["statut Basseux"]))
    details = at.table[1].value["Basseux : numérateur ÷ dénominateur"].to_dict()
    assert statuts[catalogue.INDICATEURS["vacance"].titre] == catalogue.libelle(catalogue.SANS_OBJET)
    # No commune target for Basseux: the PLH rate cannot be computed (never 0 %).
    assert statuts[catalogue.INDICATEURS["production_logements"].titre] == catalogue.libelle(catalogue.MANQUANT)
    assert details[catalogue.INDICATEURS["production_logements"].titre].endswith(" : –")
