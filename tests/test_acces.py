"""Access control (observatoire.ecrans.acces): the configuration read from secrets, the password and
OIDC paths, the analyste guard — pure functions, then AppTest with `secrets` and `user`.

Issue 14: configurations that cannot be used refuse access (fail closed, item 2); passwords are
salted scrypt hashes, wrong ones are throttled across sessions and logged (item 7); the
browser's « Clear cache » needs an analyste session (item 11) — see also tests/test_demarrage.py."""

import hashlib
import logging
import subprocess
import sys
import time

import pytest
from streamlit.testing.v1 import AppTest

from observatoire.ecrans import acces, filtres, navigation
from tests.conftest import RACINE

MDP_ANALYSTE, MDP_LECTEUR = "cle-analyste-8Zq", "cle-lecteur-4Wp"
H_ANALYSTE, H_LECTEUR = acces.empreinte(MDP_ANALYSTE), acces.empreinte(MDP_LECTEUR)
SECRETS_MDP = {"acces": {"mode": "connexion", "mots_de_passe": {"analyste": H_ANALYSTE, "lecteur": H_LECTEUR}}}


@pytest.fixture(autouse=True)
def limiteur_neuf():
    """The throttle is shared by the whole process: every test starts from a clean slate."""
    acces.LIMITEUR.oublier()
    yield
    acces.LIMITEUR.oublier()


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


def test_mots_de_passe_empreintes_scrypt():
    conf = acces.lire_configuration(SECRETS_MDP)
    assert conf.methode == acces.MOTS_DE_PASSE and conf.mode == acces.CONNEXION and not conf.erreur
    assert acces.role_pour_mot_de_passe(conf, MDP_ANALYSTE) == acces.ANALYSTE
    assert acces.role_pour_mot_de_passe(conf, MDP_LECTEUR) == acces.LECTEUR
    assert acces.role_pour_mot_de_passe(conf, "") is None
    assert acces.role_pour_mot_de_passe(conf, MDP_ANALYSTE + " ") is None
    # what is kept in memory is a salted hash, never the password itself
    assert MDP_ANALYSTE not in repr(conf) and MDP_LECTEUR not in repr(conf)


def test_empreinte_salee_et_lente():
    h1, h2 = acces.empreinte("même mot"), acces.empreinte("même mot")
    assert h1 != h2 and h1.startswith("scrypt$16384$8$1$")  # a fresh salt each time
    assert acces.verifier("même mot", h1) and acces.verifier("même mot", h2)
    assert not acces.verifier("meme mot", h1) and not acces.verifier("", h1)
    debut = time.perf_counter()
    acces.verifier("même mot", h1)
    assert time.perf_counter() - debut > 0.01  # slow on purpose (scrypt, 16 Mo)
    # an unsalted SHA-256, a cheap scrypt or a cut hash are not hashes this app accepts
    assert not acces.verifier("x", "sha256:" + hashlib.sha256(b"x").hexdigest())
    assert not acces.verifier("x", acces.empreinte("x", n=2**10))
    assert not acces.verifier("x", h1[:-10])


def test_commande_mot_de_passe_imprime_l_empreinte():
    r = subprocess.run(
        [sys.executable, "-m", "observatoire", "mot-de-passe"],
        input="Un mot de passe solide\n",
        capture_output=True,
        text=True,
        cwd=RACINE,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    ligne = r.stdout.strip()
    assert ligne.startswith("scrypt$") and "Un mot de passe solide" not in r.stdout + r.stderr
    assert acces.verifier("Un mot de passe solide", ligne)
    assert "[acces.mots_de_passe]" in r.stderr  # where to paste it
    conf = acces.lire_configuration({"acces": {"mots_de_passe": {"analyste": ligne}}})
    assert not conf.erreur and acces.role_pour_mot_de_passe(conf, "Un mot de passe solide") == acces.ANALYSTE
    vide = subprocess.run(
        [sys.executable, "-m", "observatoire", "mot-de-passe"],
        input="\n",
        capture_output=True,
        text=True,
        cwd=RACINE,
        timeout=60,
    )
    assert vide.returncode != 0 and "vide" in vide.stderr and not vide.stdout.strip()


def test_un_seul_role_configure():
    conf = acces.lire_configuration({"acces": {"mots_de_passe": {"analyste": acces.empreinte("x")}}})
    assert conf.mode == acces.OUVERT  # default: reading open, import needs the analyste password
    assert acces.role_pour_mot_de_passe(conf, "x") == acces.ANALYSTE
    assert acces.role_pour_mot_de_passe(conf, "y") is None


# ---------------------------------------------------------------- fail closed (issue 14, item 2)

SECRET_EN_CLAIR = "Secret-En-Clair-91"
INUTILISABLES = {
    "mode mal orthographié": (
        {"acces": {"mode": "connection", "mots_de_passe": {"analyste": H_ANALYSTE}}},
        "connection",
    ),
    "mode d'un autre type": ({"acces": {"mode": 1, "mots_de_passe": {"analyste": H_ANALYSTE}}}, "mode"),
    "rôle mal orthographié": ({"acces": {"mode": "connexion", "mots_de_passe": {"analyst": H_ANALYSTE}}}, "analyst"),
    "clé inconnue": ({"acces": {"mode": "connexion", "mot_de_passe": {"analyste": H_ANALYSTE}}}, "mot_de_passe"),
    "mot de passe vide": (
        {"acces": {"mode": "connexion", "mots_de_passe": {"analyste": "", "lecteur": H_LECTEUR}}},
        "vide",
    ),
    "mot de passe en blancs": ({"acces": {"mode": "connexion", "mots_de_passe": {"analyste": "   "}}}, "analyste"),
    "section des mots de passe absente": ({"acces": {"mode": "connexion"}}, "mots_de_passe"),
    "section des mots de passe vide": ({"acces": {"mode": "connexion", "mots_de_passe": {}}}, "aucun mot de passe"),
    "[acces] sans moyen de connexion": ({"acces": {"mode": "ouvert"}}, "aucun moyen"),
    "mot de passe en clair": (
        {"acces": {"mode": "connexion", "mots_de_passe": {"analyste": SECRET_EN_CLAIR}}},
        "mot-de-passe",
    ),
    "empreinte sha256": (
        {
            "acces": {
                "mode": "connexion",
                "mots_de_passe": {"analyste": "sha256:" + hashlib.sha256(SECRET_EN_CLAIR.encode()).hexdigest()},
            }
        },
        "scrypt",
    ),
    "mot de passe numérique": ({"acces": {"mots_de_passe": {"lecteur": 1234}}}, "lecteur"),
    "analystes en texte": ({"auth": {"client_id": "x"}, "acces": {"analystes": "a@b.fr"}}, "analystes"),
    "fournisseur inconnu": ({"auth": {"client_id": "x"}, "acces": {"fournisseur": "keycloak"}}, "keycloak"),
    "deux méthodes à la fois": (
        {"auth": {"client_id": "x"}, "acces": {"mots_de_passe": {"analyste": H_ANALYSTE}}},
        "[auth]",
    ),
    "[acces] n'est pas une section": ({"acces": "connexion"}, "[acces]"),
}


@pytest.mark.parametrize("cas", sorted(INUTILISABLES))
def test_configuration_inutilisable_refuse_l_acces(cas):
    secrets, mot = INUTILISABLES[cas]
    conf = acces.lire_configuration(secrets)
    assert conf.erreur and mot in conf.erreur, conf.erreur
    assert conf.methode == acces.INVALIDE and conf.mode == acces.CONNEXION and not conf.ouverte and not conf.empreintes
    # never the secret in the message
    assert SECRET_EN_CLAIR not in conf.erreur and "$" not in conf.erreur
    assert hashlib.sha256(SECRET_EN_CLAIR.encode()).hexdigest() not in conf.erreur


def _app_brute(secrets: dict) -> AppTest:
    at = AppTest.from_file(str(RACINE / "app.py"), default_timeout=90)
    at.secrets = secrets
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    "cas",
    [
        "mode mal orthographié",
        "rôle mal orthographié",
        "mot de passe vide",
        "section des mots de passe absente",
        "mot de passe en clair",
    ],
)
def test_app_fermee_si_configuration_inutilisable(app_env, caplog, cas):
    secrets, mot = INUTILISABLES[cas]
    acces._deja_journalisees.clear()  # logged once per distinct problem and process
    with caplog.at_level(logging.ERROR, logger="observatoire.ecrans.acces"):
        at = _app_brute(secrets)
        at.run()  # a second run (any page asked for) gives the same closed door
    assert not at.exception
    assert [t.value for t in at.title] == ["Observatoire de l'habitat — accès fermé"]
    assert any("L'accès est fermé" in e.value and mot in e.value for e in at.error)
    assert not at.metric and not at.multiselect and not at.text_input and not at.get("file_uploader")
    assert "Accès libre" not in _textes(at) and SECRET_EN_CLAIR not in _textes(at)
    journal = [r.getMessage() for r in caplog.records if r.name == "observatoire.ecrans.acces"]
    assert any(mot in m and "accès refusé" in m for m in journal), journal
    assert all(SECRET_EN_CLAIR not in m for m in journal)


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

    from observatoire.ecrans import acces

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


# ---------------------------------------------------------------- throttling (issue 14, item 7)


class Horloge:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def _essais_verifies(limiteur, horloge, adresses, duree_s: float, pas_s: float = 0.01) -> int:
    """An attacker trying as fast as it can (one try every `pas_s`), rotating over `adresses`,
    for `duree_s` simulated seconds: how many tries reach the password check."""
    conf = acces.lire_configuration(SECRETS_MDP)
    verifies, i, fin = 0, 0, horloge.t + duree_s
    while horloge.t < fin:
        if limiteur.reserver(adresses[i % len(adresses)], sorted(conf.empreintes)) == 0:
            verifies += 1
        i += 1
        horloge.t += pas_s
    return verifies


def test_limiteur_par_adresse():
    horloge = Horloge()
    limiteur = acces.Limiteur(horloge=horloge)
    # 100 tries per second for 60 s from one address: 5 free, then waits of 1, 2, 4, 8, 16 s
    assert _essais_verifies(limiteur, horloge, ["203.0.113.7"], 60) == 10
    # the next hour: waits 32, 64, 128, 256, 300, 300 … s → 15 checks in 61 minutes
    assert _essais_verifies(limiteur, horloge, ["203.0.113.7"], 3600) <= 15
    # another address is not slowed down by the first one's failures (the role threshold is higher)
    autre = acces.Limiteur(horloge=horloge)
    assert _essais_verifies(autre, horloge, ["198.51.100.1"], 1) == 5


def test_limiteur_par_role_quand_les_adresses_changent():
    horloge = Horloge()
    limiteur = acces.Limiteur(horloge=horloge)
    adresses = [f"10.0.{i // 250}.{i % 250}" for i in range(10_000)]  # a new address at every try
    # 20 free failures per role, then waits of 1, 2, 4 … 60 s: at most 26 checks in the first minute
    assert _essais_verifies(limiteur, horloge, adresses, 60) <= 26
    assert _essais_verifies(limiteur, horloge, adresses, 600) <= 12  # then about one a minute


def test_reussite_remet_l_adresse_a_zero_sans_freiner_les_autres():
    horloge = Horloge()
    limiteur = acces.Limiteur(horloge=horloge)
    conf = acces.lire_configuration(SECRETS_MDP)
    for _ in range(4):
        assert acces.essayer_mot_de_passe(conf, "faux", "192.0.2.1", limiteur) == (None, 0.0)
    assert acces.essayer_mot_de_passe(conf, MDP_LECTEUR, "192.0.2.1", limiteur) == (acces.LECTEUR, 0.0)
    assert limiteur.echecs("192.0.2.1") == 0
    for _ in range(60):  # 60 good logins (other addresses) never slow anybody down
        horloge.t += 1
        assert acces.essayer_mot_de_passe(conf, MDP_ANALYSTE, f"192.0.2.{_ + 2}", limiteur)[0] == acces.ANALYSTE
    horloge.t += 1000  # failures are forgotten after 15 minutes without one
    for _ in range(5):
        acces.essayer_mot_de_passe(conf, "faux", "192.0.2.1", limiteur)
    assert acces.essayer_mot_de_passe(conf, MDP_ANALYSTE, "192.0.2.1", limiteur)[1] > 0  # even the right one waits


def test_essais_freines_d_une_session_a_l_autre(caplog, monkeypatch):
    """The old limit (5 tries per session, a new session started at 0: 200 tries in 2.3 s) is gone:
    each try opens a new session (a new AppTest), the throttle is the server's. The clock is frozen
    so that the first wait (1 s) cannot run out during the test."""
    monkeypatch.setattr(acces.LIMITEUR, "horloge", lambda: 5000.0)
    essais, verifies, freines = 40, 0, 0
    debut = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="observatoire.ecrans.acces"):
        for _ in range(essais):
            at = AppTest.from_function(_section_gardee)
            at.secrets = {"acces": {**SECRETS_MDP["acces"], "mode": "ouvert"}}
            at.run()
            at.text_input(key="mot_de_passe_barre").input("faux")
            at.button[0].click().run()
            erreurs = [e.value for e in at.sidebar.error]
            verifies += erreurs == ["Mot de passe incorrect."]
            freines += any("Trop d'essais infructueux : réessayez dans" in e for e in erreurs)
    duree = time.perf_counter() - debut
    assert verifies == 5 and freines == essais - 5, (verifies, freines)
    print(
        f"\n{essais} essais en {duree:.1f} s depuis des sessions neuves : {verifies} vérifiés "
        f"({verifies / duree:.2f} par seconde), {freines} refusés sans vérification"
    )
    journal = [r.getMessage() for r in caplog.records if r.name == "observatoire.ecrans.acces"]
    assert sum("Échec de connexion par mot de passe" in m for m in journal) == 5
    assert sum("freinée" in m for m in journal) == essais - 5
    assert all("faux" not in m for m in journal)  # never the typed password
    # the right password itself now waits too: the throttle does not tell a good guess from a bad one
    at = AppTest.from_function(_section_gardee)
    at.secrets = {"acces": {**SECRETS_MDP["acces"], "mode": "ouvert"}}
    at.run()
    at.text_input(key="mot_de_passe_barre").input(MDP_ANALYSTE)
    at.button[0].click().run()
    assert "ZONE ANALYSTE" not in _textes(at)


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
    assert at.title[0].value == "Observatoire de l'habitat — Communauté Urbaine d'Arras (46 communes)"
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
    at.secrets = {"acces": {"mode": "ouvert", "mots_de_passe": {"analyste": H_ANALYSTE}}}
    return at


def test_detail_par_bailleur_reserve_aux_analystes(app_env):
    at = _app_ouverte_avec_analyste()
    at.run()
    at.switch_page(navigation.entree("attributions").chemin).run()
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
    assert "tous bailleurs" in _textes(at) and "bailleur : Habitat Alpha (fictif)" not in _textes(at)
    at.session_state[acces.CLE_ROLE] = acces.ANALYSTE
    at.run()
    assert [m.label for m in at.multiselect] == ["Communes", "Bailleurs"]
    at.multiselect(key=filtres.CLE_BAILLEURS).select("Habitat Alpha (fictif)").run()
    assert not at.exception
    assert "bailleur : Habitat Alpha (fictif)" in _textes(at)  # named, not « 1 bailleur(s) »


# ---------------------------------------------------------------- the URL (issue 14, item 11)


def test_communes_en_double_dans_l_url_comptees_une_fois(app_env):
    at = AppTest.from_file(str(RACINE / "app.py"), default_timeout=90)
    at.query_params["communes"] = ["62041", "62041", "62004", "62041"]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[filtres.CLE_COMMUNES] == ["62041", "62004"]
    textes = _textes(at)
    assert "Arras, Arras" not in textes and "Arras, Achicourt" in textes
