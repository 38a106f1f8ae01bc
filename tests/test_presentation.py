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
    at = lancer("pages/diaporama.py", diapo="3")
    assert at.title[0].value.startswith("Diaporama CIL — 3 / 4")
    at.button(key="diapo_suivant").click().run()
    assert at.title[0].value.startswith("Diaporama CIL — 4 / 4")
    assert at.query_params["diapo"] in ("4", ["4"])
    assert at.button(key="diapo_suivant").disabled
    at.button(key="diapo_precedent").click().run()
    assert at.title[0].value.startswith("Diaporama CIL — 3 / 4")


def test_diaporama_chaque_diapo_a_sa_legende(app_env):
    for n in range(1, 5):
        at = lancer("pages/diaporama.py", diapo=str(n))
        assert not at.exception
        assert any(c.value.startswith("Source :") for c in at.caption), n
        assert len(at.caption) >= 2  # the source line and the sentence saying what the chart shows


def test_diaporama_adresse_invalide(app_env):
    assert lancer("pages/diaporama.py", diapo="99").title[0].value.startswith("Diaporama CIL — 4 / 4")
    assert lancer("pages/diaporama.py", diapo="abc").title[0].value.startswith("Diaporama CIL — 1 / 4")


def test_methode_chaque_indicateur(app_env):
    from observatoire import methode

    at = lancer("pages/methode.py")
    textes = " ".join(m.value for m in at.markdown)
    for i in methode.INDICATEURS:
        assert i["reference"] in textes and i["formule"] in textes
    assert "géographie prioritaire a changé le 1er janvier 2024" in textes
    assert "ne contient ni l'identité du bailleur" in textes
    assert "**PLAI (PLA-I)**" in textes and "**Secret statistique**" in textes
