"""Access control: who may view, who may import and see landlord- or residence-level detail.

Two roles: « lecteur » (reads the observatory) and « analyste » (also imports data and sees the
detail by landlord or residence). How a user gets a role depends on `.streamlit/secrets.toml`:

1. `[auth]` present (OpenID Connect provider): login with `st.login()`; the role comes from the
   identity's e-mail: listed in `[acces] analystes = ["…"]` (or its domain in
   `domaines_analystes`) → analyste, otherwise lecteur.
2. otherwise `[acces.mots_de_passe]` with `analyste = "…"` and/or `lecteur = "…"`: a password per
   role, for a small deployment. A value may be the password or `sha256:<hex>` of it; the typed
   password is hashed and compared with `hmac.compare_digest`, never logged nor shown.
3. no configuration at all (the demo): everything is open and the sidebar says so.

`[acces] mode = "ouvert"` (default) lets anyone read without logging in (import and detail still
need the analyste role); `mode = "connexion"` asks for a login before anything is shown.

Pages use two calls:

- `acces.role()` → "analyste", "lecteur" or None (not logged in, open reading);
- `if acces.exiger_analyste("l'import de fichiers"):` → True for an analyste; otherwise shows a
  French message in place of the section and returns False (the rest of the page still runs).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field

import streamlit as st

LECTEUR, ANALYSTE = "lecteur", "analyste"
ROLES = (LECTEUR, ANALYSTE)  # increasing rights
OUVERT, CONNEXION = "ouvert", "connexion"
SANS_CONFIGURATION, OIDC, MOTS_DE_PASSE = "aucune", "oidc", "mots_de_passe"

CLE_ROLE = "_acces_role"  # session_state: the role obtained by password (never the password)
CLE_ECHECS = "_acces_echecs"
ESSAIS_MAX = 5  # wrong passwords allowed per session


@dataclass(frozen=True)
class Configuration:
    methode: str = SANS_CONFIGURATION
    mode: str = OUVERT
    empreintes: Mapping[str, str] = field(default_factory=dict)  # role → sha256 hex (password path)
    analystes: frozenset[str] = frozenset()  # e-mails (OIDC path), lower case
    domaines_analystes: frozenset[str] = frozenset()
    fournisseur: str | None = None  # named provider of [auth.<nom>], None = [auth] itself

    @property
    def ouverte(self) -> bool:
        """No access control configured: the demo, everything open."""
        return self.methode == SANS_CONFIGURATION


def empreinte(mot_de_passe: str) -> str:
    return hashlib.sha256(mot_de_passe.encode("utf-8")).hexdigest()


def _empreinte_configuree(valeur: str) -> str:
    valeur = str(valeur)
    if valeur.startswith("sha256:"):
        return valeur.removeprefix("sha256:").strip().lower()
    return empreinte(valeur)


def lire_configuration(secrets: Mapping | None) -> Configuration:
    """Read the access configuration from a secrets mapping (st.secrets or a dict in tests)."""
    secrets = secrets or {}
    acces = dict(secrets.get("acces", {}) or {})
    mode = CONNEXION if str(acces.get("mode", OUVERT)).strip().lower() == CONNEXION else OUVERT
    analystes = frozenset(str(e).strip().lower() for e in acces.get("analystes", []) or [])
    domaines = frozenset(str(d).strip().lower().lstrip("@") for d in acces.get("domaines_analystes", []) or [])
    if "auth" in secrets:
        fournisseur = acces.get("fournisseur")
        return Configuration(OIDC, mode, {}, analystes, domaines, str(fournisseur) if fournisseur else None)
    mots = dict(acces.get("mots_de_passe", {}) or {})
    empreintes = {r: _empreinte_configuree(mots[r]) for r in ROLES if mots.get(r)}
    if empreintes:
        return Configuration(MOTS_DE_PASSE, mode, empreintes)
    return Configuration()


def role_pour_mot_de_passe(conf: Configuration, mot_de_passe: str) -> str | None:
    """The highest role whose password matches, else None. Every role is compared (no early
    exit), digest against digest, so the timing does not tell which one matched."""
    saisie = empreinte(mot_de_passe or "")
    trouve = None
    for r in ROLES:
        attendu = conf.empreintes.get(r)
        if attendu is not None and hmac.compare_digest(saisie, attendu):
            trouve = r
    return trouve


def role_pour_identite(conf: Configuration, email: str | None) -> str:
    email = (email or "").strip().lower()
    if email and (email in conf.analystes or email.rsplit("@", 1)[-1] in conf.domaines_analystes):
        return ANALYSTE
    return LECTEUR


# ---------------------------------------------------------------- Streamlit side


def configuration() -> Configuration:
    try:
        return lire_configuration(st.secrets)
    except Exception:  # no secrets.toml, or an unreadable one: the demo configuration
        return Configuration()


def _connecte_oidc() -> bool:
    try:
        return bool(st.user.get("is_logged_in", False))
    except Exception:
        return False


def role() -> str | None:
    """The current user's role; None when nobody is logged in (open reading only)."""
    conf = configuration()
    if conf.ouverte:
        return ANALYSTE  # the demo: everything open, as the sidebar says
    if conf.methode == OIDC:
        return role_pour_identite(conf, st.user.get("email")) if _connecte_oidc() else None
    r = st.session_state.get(CLE_ROLE)
    return r if r in conf.empreintes else None


def est_analyste() -> bool:
    return role() == ANALYSTE


def peut_voir() -> bool:
    return configuration().mode == OUVERT or role() is not None


def exiger_analyste(quoi: str = "cette partie") -> bool:
    """Section guard: True for an analyste; otherwise a French message and False."""
    if est_analyste():
        return True
    st.info(
        f"**Accès réservé au rôle « analyste ».** {quoi[:1].upper() + quoi[1:]} demande une connexion "
        "avec le rôle analyste (barre latérale, « Connexion »).",
        icon=":material/lock:",
    )
    return False


def _formulaire_mot_de_passe(conf: Configuration, cle: str) -> None:
    echecs = st.session_state.get(CLE_ECHECS, 0)
    if echecs >= ESSAIS_MAX:
        st.error("Trop d'essais infructueux : rechargez la page pour réessayer.")
        return
    with st.form(f"connexion_{cle}", clear_on_submit=True, border=False):
        saisie = st.text_input("Mot de passe", type="password", key=f"mot_de_passe_{cle}")
        envoye = st.form_submit_button("Se connecter", icon=":material/login:")
    if envoye:
        r = role_pour_mot_de_passe(conf, saisie)
        if r is None:
            st.session_state[CLE_ECHECS] = echecs + 1
            st.error("Mot de passe incorrect." if echecs + 1 < ESSAIS_MAX else "Trop d'essais infructueux : rechargez la page pour réessayer.")
        else:
            st.session_state[CLE_ROLE] = r
            st.session_state.pop(CLE_ECHECS, None)
            st.rerun()


def _bouton_connexion(conf: Configuration, cle: str) -> None:
    if conf.methode == OIDC:
        if st.button("Se connecter", icon=":material/login:", key=f"oidc_{cle}"):
            st.login(conf.fournisseur) if conf.fournisseur else st.login()
    else:
        _formulaire_mot_de_passe(conf, cle)


def _deconnecter(conf: Configuration) -> None:
    st.session_state.pop(CLE_ROLE, None)
    if conf.methode == OIDC:
        st.logout()


def barre_laterale() -> None:
    """The access block of the sidebar: who is connected, with which role; login / logout."""
    conf = configuration()
    with st.sidebar:
        st.markdown("**Accès**")
        if conf.ouverte:
            st.caption(
                "Accès libre : aucune connexion n'est configurée (démonstration). Tout le monde peut tout "
                "voir, y compris le détail par bailleur, et importer des données."
            )
            return
        r = role()
        if r is None:
            st.caption("Consultation libre. L'import de données et le détail par bailleur demandent le rôle analyste.")
            with st.expander("Connexion", icon=":material/lock:"):
                _bouton_connexion(conf, "barre")
            return
        qui = st.user.get("email") if conf.methode == OIDC else None
        st.caption(f"Connecté{' : ' + str(qui) if qui else ''} · rôle **{r}**.")
        if st.button("Se déconnecter", icon=":material/logout:", key="deconnexion"):
            _deconnecter(conf)
            st.rerun()


def page_connexion() -> None:
    """Shown instead of any page when `mode = "connexion"` and nobody is logged in."""
    conf = configuration()
    st.title("Observatoire de l'habitat — connexion")
    st.markdown(
        "La consultation de l'observatoire est réservée aux personnes autorisées. "
        "Connectez-vous pour continuer."
    )
    _bouton_connexion(conf, "page")
