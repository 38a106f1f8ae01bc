"""Presentation mode and diaporama through AppTest: `?presentation=1` is read, kept in the URL and
left with a visible button; the diaporama points to one slide with `?diapo=N`."""

from tests.outils_app import lancer


def _css_presentation(at) -> bool:
    return any("Mode présentation" in str(h.proto.body) for h in at.get("html"))


def test_presentation_depuis_l_url(app_env):
    at = lancer(presentation="1")
    assert at.session_state["mode_presentation"] is True
    assert _css_presentation(at)
    assert at.button(key="presentation_quitter").label == "Quitter le mode présentation"
    assert at.query_params["presentation"] in ("1", ["1"])


def test_presentation_entrer_et_sortir(app_env):
    at = lancer()
    assert not _css_presentation(at)
    at.button(key="presentation_entrer").click().run()
    assert _css_presentation(at) and at.query_params["presentation"] in ("1", ["1"])
    at.button(key="presentation_quitter").click().run()
    assert not _css_presentation(at) and "presentation" not in at.query_params


def test_presentation_garde_les_filtres(app_env):
    at = lancer(presentation="1", communes="62041")
    assert at.multiselect(key="filtre_communes").value == ["62041"]
    assert any(m.label.startswith("Logements sociaux") for m in at.metric)


def test_diaporama_une_diapo_par_adresse(app_env):
    at = lancer("diaporama", diapo="7")
    assert at.title[0].value.startswith("Diaporama CIL — 7 / 8")
    at.button(key="diapo_suivante").click().run()
    assert at.title[0].value.startswith("Diaporama CIL — 8 / 8")
    assert at.query_params["diapo"] in ("8", ["8"])
    assert at.button(key="diapo_suivante").disabled and at.button(key="diapo_derniere").disabled
    at.button(key="diapo_precedente").click().run()
    assert at.title[0].value.startswith("Diaporama CIL — 7 / 8")
    at.button(key="diapo_premiere").click().run()
    assert at.title[0].value.startswith("Diaporama CIL — 1 / 8")
    assert at.button(key="diapo_precedente").disabled


def test_diaporama_chaque_diapo_a_sa_legende(app_env):
    for n in range(1, 9):
        at = lancer("diaporama", diapo=str(n))
        assert not at.exception
        assert any(c.value.startswith("Source :") for c in at.caption), n
        # one message: a headline figure and its status (a badge: word and icon)
        assert at.metric and any("-badge[" in m.value for m in at.markdown), n


def test_diaporama_adresse_invalide(app_env):
    assert lancer("diaporama", diapo="99").title[0].value.startswith("Diaporama CIL — 8 / 8")
    assert lancer("diaporama", diapo="abc").title[0].value.startswith("Diaporama CIL — 1 / 8")


def test_methode_chaque_indicateur(app_env):
    from observatoire.indicateurs import methode

    at = lancer("methode")
    textes = " ".join(m.value for m in at.markdown)
    for i in methode.INDICATEURS:
        assert i["reference"] in textes and i["formule"] in textes
    assert "géographie prioritaire a changé le 1er janvier 2024" in textes
    assert "ne contient ni l'identité du bailleur" in textes
    assert "**PLAI (PLA-I)**" in textes and "**Secret statistique**" in textes
