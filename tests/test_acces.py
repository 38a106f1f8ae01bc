"""Access control (observatoire.acces): the configuration read from secrets, the password and
OIDC paths, the analyste guard — pure functions, then AppTest with `secrets` and `user`."""

import hashlib

from streamlit.testing.v1 import AppTest

from observatoire import acces, ui
from tests.conftest import RACINE

MDP_ANALYSTE, MDP_LECTEUR = "cle-analyste-8Zq", "cle-lecteur-4Wp"
SECRETS_MDP = {
    "acces": {
        "mode": "connexion",
        # one password in clear, one as its SHA-256: both forms are accepted
        "mots_de_passe": {"analyste": MDP_ANALYSTE, "lecteur": "sha256:" + hashlib.sha256(MDP_LECTEUR.encode()).hexdigest()},
    }
}
SECRETS_OIDC = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "secret-de-test",
        "client_id": "observatoire",
        "client_secret": "secret-client",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    },
    "acces": {"mode": "connexion", "analystes": ["Analyste@CU-Arras.fr"], "domaines_analystes": ["etudes.example"]},
}


# ---------------------------------------------------------------- pure functions


def test_sans_configuration_tout_est_ouvert():
    conf = acces.lire_configuration({})
    assert conf.ouverte and conf.mode == acces.OUVERT


def test_mots_de_passe_en_clair_ou_empreinte():
    conf = acces.lire_configuration(SECRETS_MDP)
    assert conf.methode == acces.MOTS_DE_PASSE and conf.mode == acces.CONNEXION
    assert acces.role_pour_mot_de_passe(conf, MDP_ANALYSTE) == acces.ANALYSTE
    assert acces.role_pour_mot_de_passe(conf, MDP_LECTEUR) == acces.LECTEUR
    assert acces.role_pour_mot_de_passe(conf, "") is None
    assert acces.role_pour_mot_de_passe(conf, MDP_ANALYSTE + " ") is None
    # what is kept in memory is a digest, never the password itself
    assert MDP_ANALYSTE not in repr(conf) and MDP_LECTEUR not in repr(conf)


def test_un_seul_role_configure():
    conf = acces.lire_configuration({"acces": {"mots_de_passe": {"analyste": "x"}}})
    assert conf.mode == acces.OUVERT  # default: reading open, import needs the analyste password
    assert acces.role_pour_mot_de_passe(conf, "x") == acces.ANALYSTE
    assert acces.role_pour_mot_de_passe(conf, "y") is None


def test_oidc_role_par_adresse_ou_domaine():
    conf = acces.lire_configuration(SECRETS_OIDC)
    assert conf.methode == acces.OIDC
    assert acces.role_pour_identite(conf, "analyste@cu-arras.fr") == acces.ANALYSTE  # case-insensitive
    assert acces.role_pour_identite(conf, "quelquun@etudes.example") == acces.ANALYSTE
    assert acces.role_pour_identite(conf, "elu@mairie.example") == acces.LECTEUR
    assert acces.role_pour_identite(conf, None) == acces.LECTEUR


# ---------------------------------------------------------------- AppTest: a guarded section


def _section_gardee():
    import streamlit as st

    from observatoire import acces

    acces.barre_laterale()
    if acces.exiger_analyste("l'import de fichiers"):
        st.markdown("ZONE ANALYSTE")
    st.markdown("suite de la page")


def _textes(at) -> str:
    morceaux = []
    for groupe in (at.title, at.markdown, at.caption, at.info, at.error, at.warning, at.success):
        morceaux += [str(e.value) for e in groupe]
    morceaux += [str(e.value) for e in at.sidebar.markdown] + [str(e.value) for e in at.sidebar.caption]
    return "\n".join(morceaux)


def test_demo_ouverte_et_annoncee():
    at = AppTest.from_function(_section_gardee)
    at.run()
    assert "ZONE ANALYSTE" in _textes(at)
    assert any("Accès libre" in c.value for c in at.sidebar.caption)


def test_mot_de_passe_lecteur_puis_analyste():
    at = AppTest.from_function(_section_gardee)
    at.secrets = {"acces": {**SECRETS_MDP["acces"], "mode": "ouvert"}}
    at.run()
    textes = _textes(at)
    assert "ZONE ANALYSTE" not in textes and "suite de la page" in textes
    assert any("réservé au rôle « analyste »" in i.value for i in at.info)

    at.text_input(key="mot_de_passe_barre").input("mauvais")
    at.button[0].click().run()
    assert any(e.value == "Mot de passe incorrect." for e in at.sidebar.error)
    assert "ZONE ANALYSTE" not in _textes(at)

    at.text_input(key="mot_de_passe_barre").input(MDP_LECTEUR)
    at.button[0].click().run()
    textes = _textes(at)
    assert "rôle **lecteur**" in textes and "ZONE ANALYSTE" not in textes
    assert MDP_LECTEUR not in textes

    at.button(key="deconnexion").click().run()
    at.text_input(key="mot_de_passe_barre").input(MDP_ANALYSTE)
    at.button[0].click().run()
    textes = _textes(at)
    assert "ZONE ANALYSTE" in textes and "rôle **analyste**" in textes
    assert MDP_ANALYSTE not in textes
    assert at.session_state[acces.CLE_ROLE] == acces.ANALYSTE


def test_trop_d_essais():
    at = AppTest.from_function(_section_gardee)
    at.secrets = {"acces": {**SECRETS_MDP["acces"], "mode": "ouvert"}}
    at.run()
    for _ in range(acces.ESSAIS_MAX):
        at.text_input(key="mot_de_passe_barre").input("faux")
        at.button[0].click().run()
    assert any("Trop d'essais" in e.value for e in at.sidebar.error)
    at.run()
    assert not at.text_input  # no more form in this session
    assert any("Trop d'essais" in e.value for e in at.sidebar.error)


def test_oidc_analyste_et_lecteur():
    at = AppTest.from_function(_section_gardee)
    at.secrets = SECRETS_OIDC
    at.user = {"is_logged_in": True, "email": "analyste@cu-arras.fr", "name": "A. Nalyste"}
    at.run()
    assert "ZONE ANALYSTE" in _textes(at) and "rôle **analyste**" in _textes(at)

    at = AppTest.from_function(_section_gardee)
    at.secrets = SECRETS_OIDC
    at.user = {"is_logged_in": True, "email": "elu@mairie.example"}
    at.run()
    assert "ZONE ANALYSTE" not in _textes(at) and "rôle **lecteur**" in _textes(at)


# ---------------------------------------------------------------- AppTest: the whole app behind a login


def _app(secrets: dict, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(RACINE / "app.py"), default_timeout=90)
    at.secrets = secrets
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_connexion_exigee_par_mot_de_passe(app_env):
    at = _app(SECRETS_MDP)
    assert [t.value for t in at.title] == ["Observatoire de l'habitat — connexion"]
    assert not at.metric and not at.multiselect  # no figure, no filter before the login
    at.text_input(key="mot_de_passe_page").input(MDP_LECTEUR)
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Observatoire de l'habitat — Communauté Urbaine d'Arras"
    assert len(at.metric) == 8
    assert MDP_LECTEUR not in _textes(at)


def test_connexion_exigee_oidc(app_env):
    at = _app(SECRETS_OIDC, {"is_logged_in": False})
    assert at.title[0].value == "Observatoire de l'habitat — connexion"
    assert any(b.label == "Se connecter" for b in at.button)
    assert not at.metric
    at = _app(SECRETS_OIDC, {"is_logged_in": True, "email": "elu@mairie.example"})
    assert len(at.metric) == 8
    assert "secret-client" not in _textes(at) and "secret-de-test" not in _textes(at)


def _boutons(at) -> set[str]:
    # AppTest does not expose st.dataframe keys here; the table's download buttons carry them.
    return {b.key for b in at.get("download_button")}


def _app_ouverte_avec_analyste():
    at = AppTest.from_file(str(RACINE / "app.py"), default_timeout=90)
    at.secrets = {"acces": {"mode": "ouvert", "mots_de_passe": {"analyste": MDP_ANALYSTE}}}
    return at


def test_detail_par_bailleur_reserve_aux_analystes(app_env):
    at = _app_ouverte_avec_analyste()
    at.run()
    at.switch_page("pages/attributions.py").run()
    assert not at.exception
    assert any("réservé au rôle « analyste »" in i.value for i in at.info)
    assert "csv_table_bailleurs" not in _boutons(at)
    # A form submitted in the router's sidebar is not replayed by AppTest in a multipage app (it is
    # in a real browser): the password form itself is tested above with AppTest.from_function.
    at.session_state[acces.CLE_ROLE] = acces.ANALYSTE
    at.run()
    assert not at.exception
    assert "csv_table_bailleurs" in _boutons(at)
    assert not any("réservé au rôle « analyste »" in i.value for i in at.info)


def test_filtre_bailleur_reserve_aux_analystes(app_env):
    """Filtering on one landlord shows that landlord's figures: analyste only, URL included."""
    at = _app_ouverte_avec_analyste()
    at.query_params["bailleurs"] = "Habitat Alpha (fictif)"
    at.run()
    assert not at.exception
    assert [m.label for m in at.multiselect] == ["Communes"]
    assert any("Filtre par bailleur : réservé au rôle analyste" in c.value for c in at.caption)
    assert "tous bailleurs" in _textes(at) and "bailleur(s) sélectionné(s)" not in _textes(at)
    at.session_state[acces.CLE_ROLE] = acces.ANALYSTE
    at.run()
    assert [m.label for m in at.multiselect] == ["Communes", "Bailleurs"]
    at.multiselect(key=ui.CLE_BAILLEURS).select("Habitat Alpha (fictif)").run()
    assert not at.exception
    assert "1 bailleur(s) sélectionné(s)" in _textes(at)


