"""Accessibility (RGAA 4.1 / WCAG 2.1 AA, issue 19).

- Without a browser: contrast ratios of the app's colours (WCAG formula, values checked by hand),
  palettes seen through colour-vision deficiency simulations, statuses carried by a word and a
  sign, the text alternative of a chart (`chiffres_figure`) on hand-built figures, and every
  chart of the pages followed by its figures.
- In Chromium (one Streamlit server for the module): axe-core on every page of the router
  (rules wcag2a, wcag2aa, wcag21a, wcag21aa), failing on any serious or critical violation that
  is not listed in accessibilite.EXCEPTIONS_STREAMLIT; a keyboard-only path that picks a commune
  on the map page and changes page; the footer link to the statement; screenshots of the map and
  of a chart with their text alternatives at 1440×900, in tests/screenshots/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest

from observatoire.ecrans import navigation
from observatoire.figures import accessibilite, carte, couleurs
from observatoire.figures.accessibilite import chiffres_figure
from observatoire.indicateurs import catalogue
from tests.conftest import RACINE
from tests.navigateur import CAPTURES, attendre_rendu
from tests.outils_app import PAGES_APP

# ---------------------------------------------------------------- colours


def test_contraste_formule_wcag():
    assert couleurs.contraste("#000000", "#ffffff") == pytest.approx(21.0)
    assert couleurs.contraste("#ffffff", "#ffffff") == pytest.approx(1.0)
    # #767676 is the lightest grey that passes 4.5:1 on white; #777777 just fails (4.48).
    assert couleurs.contraste("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert couleurs.contraste("#777777", "#ffffff") < 4.5
    # symmetric
    assert couleurs.contraste("#ffffff", "#0b5394") == couleurs.contraste("#0b5394", "#ffffff")


def test_couleur_mal_ecrite_message_clair():
    with pytest.raises(ValueError, match="six chiffres hexadécimaux"):
        couleurs.contraste("#fff", "#ffffff")


@pytest.mark.parametrize("nom", ["TEXTE", "TEXTE_SECONDAIRE", "BLEU", "ORANGE", "GRIS", "FOCUS"])
@pytest.mark.parametrize("fond", ["FOND", "FOND_BARRE_LATERALE"])
def test_couleurs_lisibles_comme_texte(nom, fond):
    """4.5:1 (RGAA 3.2) for every colour the app may write text in, on both backgrounds."""
    assert couleurs.contraste(getattr(couleurs, nom), getattr(couleurs, fond)) >= 4.5


def test_gris_des_legendes_de_streamlit_insuffisant():
    # Why cadre.CSS_ACCESSIBILITE recolours captions: Streamlit's faded grey fails on white.
    assert couleurs.contraste("#76797c", couleurs.FOND) < 4.5
    from observatoire.ecrans import cadre

    assert f"color: {couleurs.TEXTE_SECONDAIRE} !important" in cadre.CSS_ACCESSIBILITE
    assert f"outline: 3px solid {couleurs.FOCUS}" in cadre.CSS_ACCESSIBILITE


def test_ancien_orange_trop_clair_pour_les_graphiques():
    # Okabe-Ito's #e69f00, used before: 2.2:1, below the 3:1 of graphical objects (WCAG 1.4.11).
    assert couleurs.contraste("#e69f00", couleurs.FOND) < 3
    assert couleurs.contraste(couleurs.ORANGE, couleurs.FOND) >= 4.5
    assert carte.CONTOUR_QPV == couleurs.ORANGE


def test_noms_des_communes_lisibles_sur_la_carte():
    assert couleurs.contraste(carte.COULEUR_NOMS, carte.HALO_NOMS) >= 4.5
    assert carte.EPAISSEUR_HALO >= 2
    # the halo is what makes them readable: on the darkest class alone they would not be
    assert couleurs.contraste(carte.COULEUR_NOMS, carte.PALETTE[-1]) < 4.5
    assert carte.rgb(carte.COULEUR_NOMS) == [20, 20, 20, 255]


def test_statuts_mot_signe_icone_jamais_la_couleur_seule():
    signes = [p.signe for p in catalogue.PRESENTATION.values()]
    assert len(set(signes)) == len(signes)  # two statuses never share a sign
    for statut, p in catalogue.PRESENTATION.items():
        assert p.mot == statut and p.signe.strip() and p.icone.startswith(":material/")
        assert p.couleur not in ("red", "green")  # the pair colour-blind readers confuse
        assert couleurs.contraste(p.hexa, couleurs.FOND) >= 4.5, statut
    assert catalogue.libelle(catalogue.NON_ATTEINT) == "✘ non atteint"


@pytest.mark.parametrize("deficience", couleurs.DEFICIENCES)
def test_palettes_lisibles_par_les_daltoniens(deficience):
    """Consecutive classes of the map's palettes stay apart (ΔE ≥ 12) as a colour-blind reader
    sees them; the blue/orange pair of the charts stays far apart."""
    for palette in (carte.PALETTE, couleurs.PALETTE_DIVERGENTE):
        vues = [couleurs.simuler(c, deficience) for c in palette]
        for a, b in zip(vues, vues[1:]):
            assert couleurs.ecart(a, b) >= 12, (palette, deficience, a, b)
    assert (
        couleurs.ecart(couleurs.simuler(couleurs.BLEU, deficience), couleurs.simuler(couleurs.ORANGE, deficience)) >= 40
    )


def test_simulation_confond_rouge_et_vert():
    # The check above can fail: a red/green pair collapses for a deuteranope.
    rouge, vert = "#d62728", "#2ca02c"
    assert couleurs.ecart(rouge, vert) > 60
    vus = couleurs.simuler(rouge, "deutéranopie"), couleurs.simuler(vert, "deutéranopie")
    assert couleurs.ecart(*vus) < 12
    assert couleurs.simuler("#ffffff", "protanopie") == "#ffffff"  # grey axis kept
    assert couleurs.simuler("#000000", "tritanopie") == "#000000"


# ---------------------------------------------------------------- text alternative of a chart


def test_chiffres_barres_empilees_et_total():
    fig = go.Figure()
    fig.add_bar(x=[2023, 2024], y=[1200, 1300], name="en QPV")
    fig.add_bar(x=[2023, 2024], y=[None, 5], name="hors QPV")
    fig.add_scatter(x=[2023, 2024], y=[1200, 1305], mode="text", text=["1 200", "1 305"], name="ensemble")
    fig.update_layout(xaxis=dict(title="millésime"), yaxis=dict(title="logements"))
    t = chiffres_figure(fig)
    assert list(t.columns) == ["millésime", "en QPV", "hors QPV", "ensemble"]
    # years without a thousands space; 1 200 with the French narrow no-break space; « – » for none
    assert t.to_dict("records") == [
        {"millésime": "2023", "en QPV": "1\u202f200", "hors QPV": "–", "ensemble": "1\u202f200"},
        {"millésime": "2024", "en QPV": "1\u202f300", "hors QPV": "5", "ensemble": "1\u202f305"},
    ]


def test_chiffres_barres_horizontales_en_pourcent_avec_etiquettes():
    fig = go.Figure(
        go.Bar(
            y=["Logements", "LLS"],
            x=[0.846, 0.5],
            orientation="h",
            text=["3 258 / 3 850 : 84,6 % — ✘ non atteint", "<b>prioritaire</b><br>50 %"],
        )
    )
    fig.update_layout(xaxis=dict(tickformat=".0%", title="part de l'objectif cumulé atteinte"), yaxis=dict(title=None))
    t = chiffres_figure(fig)
    assert list(t.columns) == [
        "catégorie",
        "part de l'objectif cumulé atteinte",
        "part de l'objectif cumulé atteinte (étiquette)",
    ]
    assert t.iloc[0].tolist() == ["Logements", "84,6\u00a0%", "3 258 / 3 850 : 84,6 % — ✘ non atteint"]
    assert t.iloc[1].tolist() == ["LLS", "50,0\u00a0%", "prioritaire · 50 %"]


def test_chiffres_decimales_et_lignes():
    fig = go.Figure()
    fig.add_scatter(x=[2022, 2023], y=[0.25, None], name="Obj. 1", mode="lines+markers")
    fig.add_scatter(x=[2023], y=[0.5], name="Obj. 2")
    fig.update_layout(yaxis=dict(tickformat=".0%"))
    t = chiffres_figure(fig)
    assert t.to_dict("records") == [
        {"catégorie": "2022", "Obj. 1": "25,0\u00a0%", "Obj. 2": "–"},
        {"catégorie": "2023", "Obj. 1": "–", "Obj. 2": "50,0\u00a0%"},
    ]
    g = go.Figure(go.Bar(x=["Arras", "Achicourt"], y=[12.34, 3]))  # one decimal when one value has some
    assert chiffres_figure(g).iloc[:, 1].tolist() == ["12,3", "3,0"]
    assert chiffres_figure(go.Figure()).empty


def test_chiffres_suffixe_pourcent_et_titre_trop_long():
    fig = go.Figure(go.Bar(y=["Étrun", "Agny"], x=[42.86, 53.1], orientation="h"))
    fig.update_layout(
        xaxis=dict(ticksuffix="\u00a0%", title="réalisé / objectif cumulé"),
        yaxis=dict(title="Secret statistique : " + ", ".join(["Commune"] * 12) + "<br>et d'autres"),
    )
    t = chiffres_figure(fig)
    # a note as long as a list of communes is no column name
    assert list(t.columns) == ["catégorie", "réalisé / objectif cumulé"]
    assert t["réalisé / objectif cumulé"].tolist() == ["42,9\u00a0%", "53,1\u00a0%"]
    g = go.Figure(go.Bar(x=["a"], y=[1]))
    g.update_layout(xaxis=dict(title="<b>classe</b> DPE"))
    assert chiffres_figure(g).columns[0] == "classe DPE"


def test_chaque_graphique_des_pages_a_ses_chiffres():
    """A chart drawn with st.plotly_chart is followed by graphiques.chiffres_du_graphique; a graphiques.graphique
    with chiffres=False has its own « Les chiffres du graphique » in the same page."""
    for page in sorted((RACINE / navigation.DOSSIER).glob("*.py")):
        texte = page.read_text(encoding="utf-8")
        directs = len(re.findall(r"st\.plotly_chart\(", texte))
        assert len(re.findall(r"graphiques\.chiffres_du_graphique\(", texte)) >= directs, page.name
        if "chiffres=False" in texte:
            assert "Les chiffres du graphique" in texte, page.name
    assert (
        "st.plotly_chart("
        not in (RACINE / "observatoire" / "ecrans" / "graphiques.py")
        .read_text(encoding="utf-8")
        .split("def graphique(")[0]
    )


def test_page_accessibilite_dans_le_routeur():
    assert ("pages/accessibilite.py", "Accessibilité", "accessibilite") in PAGES_APP
    from observatoire.ecrans import cadre

    assert cadre.TITRE_PAGE_ACCESSIBILITE == "Accessibilité"


def test_declaration_coherente_avec_l_outil():
    import axe_playwright_python

    entete = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")[:40]
    assert f"axe v{accessibilite.AXE_CORE.split()[-1]}" in entete
    assert accessibilite.ETAT in ("non conforme", "partiellement conforme", "totalement conforme")
    assert "à compléter" in accessibilite.CONTACT
    for regle, e in accessibilite.EXCEPTIONS_STREAMLIT.items():
        assert {"selecteur", "element", "raison"} <= set(e), regle


# ---------------------------------------------------------------- in Chromium

REGLES = {"runOnly": {"type": "tag", "values": list(accessibilite.REGLES_AXE)}, "resultTypes": ["violations"]}
GRAVES = ("serious", "critical")


def _ouvrir(browser, adresse: str, largeur: int = 1440, hauteur: int = 900):
    page = browser.new_page(viewport={"width": largeur, "height": hauteur})
    page.goto(adresse)
    attendre_rendu(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    return page


def _deplier_tout(page) -> None:
    """Open every expander (closed content is not checked by axe) and give the window the page's
    whole height (axe checks contrast only for what is drawn on screen)."""
    fermes = page.locator('[data-testid="stExpander"] details:not([open]) > summary').filter(visible=True)
    for _ in range(40):  # those in a hidden tab stay closed: axe skips hidden content anyway
        if not fermes.count():
            break
        fermes.first.click()
    page.wait_for_timeout(800)
    hauteur = page.evaluate(
        """() => Math.max(...['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]', 'body']
                .map((s) => document.querySelector(s)).filter(Boolean).map((e) => e.scrollHeight))"""
    )
    page.set_viewport_size({"width": page.viewport_size["width"], "height": min(int(hauteur) + 50, 16000)})
    page.wait_for_timeout(1500)


def mesurer_axe(page) -> list[dict]:
    """axe-core's serious and critical violations, each node marked `excepte` when it sits in
    Streamlit markup listed in EXCEPTIONS_STREAMLIT for that rule."""
    from axe_playwright_python.sync_playwright import Axe

    resultat = Axe().run(page, options=REGLES).response["violations"]
    sortie = []
    for v in resultat:
        if v["impact"] not in GRAVES:
            continue
        exception = accessibilite.EXCEPTIONS_STREAMLIT.get(v["id"])
        for n in v["nodes"]:
            cible = n["target"]
            excepte = (
                bool(exception)
                and len(cible) == 1
                and page.evaluate(
                    "([s, e]) => { const n = document.querySelector(s); return !!(n && n.closest(e)); }",
                    [cible[0], exception["selecteur"]],
                )
            )
            sortie.append(
                {
                    "regle": v["id"],
                    "impact": v["impact"],
                    "aide": v["help"],
                    "cible": cible,
                    "html": n["html"][:200],
                    "excepte": excepte,
                }
            )
    return sortie


ADRESSES = [chemin for _, _, chemin in PAGES_APP] + ["carte?indicateur=objectif_1&communes=62041"]


@pytest.mark.parametrize("chemin", ADRESSES)
def test_axe_aucune_violation_grave(navigateur, chemin):
    browser, url = navigateur
    page = _ouvrir(browser, f"{url}/{chemin}")
    _deplier_tout(page)
    noeuds = mesurer_axe(page)
    page.close()
    (CAPTURES / "axe").mkdir(parents=True, exist_ok=True)
    (CAPTURES / "axe" / f"{re.sub(r'[^a-z0-9_]+', '_', chemin)}.json").write_text(
        json.dumps(noeuds, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    restantes = [n for n in noeuds if not n["excepte"]]
    assert not restantes, (
        "Violations d'accessibilité (axe-core) sur /"
        + chemin
        + " :\n"
        + "\n".join(f"- {n['regle']} ({n['impact']}) : {n['aide']} — {n['cible']} — {n['html']}" for n in restantes)
    )


PARCOURS: list[dict] = []  # every focus stop, printed when a test fails


def _focus(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement; const s = getComputedStyle(e);
                   return { texte: (e.innerText || '').trim(), aria: e.getAttribute('aria-label') || '',
                            role: e.getAttribute('role') || '', tag: e.tagName, id: e.id,
                            libelle: e.labels && e.labels.length ? e.labels[0].innerText.trim() : '',
                            contour: s.outlineStyle + ' ' + s.outlineWidth }; }"""
    )


def _tabuler_jusqu_a(page, condition, maximum: int = 120, arriere: bool = False) -> dict:
    for _ in range(maximum):
        page.keyboard.press("Shift+Tab" if arriere else "Tab")
        f = _focus(page)
        PARCOURS.append(f)
        del PARCOURS[:-40]
        if condition(f):
            return f
    raise AssertionError(
        "élément jamais atteint au clavier ; derniers arrêts du focus :\n"
        + "\n".join(f"{p['tag']} {p['texte'][:30]!r} {p['aria'][:40]!r}" for p in PARCOURS)
    )


def test_clavier_choisir_une_commune_puis_changer_de_page(navigateur):
    browser, url = navigateur
    page = _ouvrir(browser, f"{url}/carte?indicateur=parc_social")
    assert "communes=" not in page.url
    page.bring_to_front()  # keyboard only from here: Tab starts at the top of the document
    _tabuler_jusqu_a(page, lambda f: f["tag"] == "INPUT" and "Choisir une commune" in (f["aria"] + f["libelle"]))
    page.keyboard.type("Achic")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('communes=62004')", timeout=60000)
    attendre_rendu(page)
    assert "Achicourt" in page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.inner_text()
    assert "Fiche commune : Achicourt" in page.locator('[data-testid="stMain"]').inner_text()

    # To another page by the navigation, keyboard only; the focus ring is visible on the link.
    # innerText also holds the icon's ligature name (« apartment »), hidden from screen readers
    lien = _tabuler_jusqu_a(
        page, lambda f: f["tag"] == "A" and f["texte"].split("\n")[-1] == "Parc social", arriere=True, maximum=200
    )
    assert lien["contour"].startswith("solid 3px"), lien
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "clavier-focus-navigation.png"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/parc_social**", timeout=60000)
    attendre_rendu(page)
    assert "communes=62004" in page.url
    # the scope line under the page's first figure names the commune (the page may still be drawing)
    page.get_by_text("Périmètre : Achicourt").first.wait_for(timeout=90000)
    page.close()


def test_pied_de_page_mene_a_la_declaration(navigateur):
    browser, url = navigateur
    page = _ouvrir(browser, f"{url}/production")
    lien = page.locator('[data-testid="stMain"] [data-testid="stPageLink-NavLink"]').filter(
        has_text=f"Accessibilité : {accessibilite.ETAT}"
    )
    assert lien.count() == 1
    lien.click()
    page.wait_for_url("**/accessibilite**", timeout=60000)
    attendre_rendu(page)
    corps = page.locator('[data-testid="stMain"]').inner_text()
    assert page.locator("h1").first.inner_text().startswith("Déclaration d'accessibilité")
    for rubrique in (
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        assert rubrique in corps
    assert "Défenseur des droits" in corps and "à compléter" in corps and accessibilite.AXE_CORE in corps
    assert page.title().startswith("Accessibilité — ")  # each page its own title
    CAPTURES.mkdir(parents=True, exist_ok=True)
    _deplier_tout(page)  # the window as tall as the page: Streamlit scrolls inside its own container
    page.screenshot(path=str(CAPTURES / "a11y-declaration.png"))
    # the navigation's sections are lists named after their titles (cadre.SCRIPT_NAVIGATION)
    sections = page.locator('[data-testid="stSidebarNav"] [role="list"]')
    assert [sections.nth(i).get_attribute("aria-label") for i in range(sections.count())] == [
        "Synthèse",
        "Attributions",
        "Production et parc",
        "Sources et méthode",
    ]
    assert page.locator('[data-testid="stSidebarNavItems"]').get_attribute("role") == "none"
    assert page.locator('[data-testid="stSidebarNav"]').get_attribute("aria-label") == "Pages de l'observatoire"
    page.close()


def test_captures_carte_et_graphique_avec_leurs_chiffres(navigateur):
    """Screenshots looked at by hand; the tables must hold the map's 46 communes and the chart's rows."""
    browser, url = navigateur
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page = _ouvrir(browser, f"{url}/carte?indicateur=objectif_1")
    page.screenshot(path=str(CAPTURES / "a11y-carte-1440x900.png"))
    resume = page.locator('[data-testid="stExpander"] summary').filter(has_text="Les chiffres de la carte")
    resume.click()
    table = page.locator('[data-testid="stExpander"]').filter(has_text="Les chiffres de la carte").locator("table")
    table.wait_for(timeout=30000)
    assert table.locator("tbody tr").count() == 46
    entetes = table.locator("thead th").all_inner_texts()
    assert entetes[0] == "commune" and "statut" in entetes
    resume.scroll_into_view_if_needed()
    page.screenshot(path=str(CAPTURES / "a11y-carte-chiffres-1440x900.png"))
    page.close()

    page = _ouvrir(browser, f"{url}/parc_social")
    resume = page.locator('[data-testid="stExpander"] summary').filter(has_text="Les chiffres du graphique").first
    resume.scroll_into_view_if_needed()
    resume.click()
    table = (
        page.locator('[data-testid="stExpander"]').filter(has_text="Les chiffres du graphique").first.locator("table")
    )
    table.wait_for(timeout=30000)
    assert table.locator("thead th").all_inner_texts()[:3] == ["millésime (parc au 1er janvier)", "en QPV", "hors QPV"]
    assert table.locator("tbody tr").count() >= 2
    page.evaluate("() => window.scrollBy(0, -250)")
    page.locator('[data-testid="stPlotlyChart"]').first.scroll_into_view_if_needed()
    page.screenshot(path=str(CAPTURES / "a11y-graphique-chiffres-1440x900.png"))
    page.close()
