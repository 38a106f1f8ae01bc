"""Access control: who may view, who may import and see landlord- or residence-level detail.

Two roles: « lecteur » (reads the observatory) and « analyste » (also imports data and sees the
detail by landlord or residence). How a user gets a role depends on `.streamlit/secrets.toml`:

1. `[auth]` present (OpenID Connect provider): login with `st.login()`; the role comes from the
   identity's e-mail: listed in `[acces] analystes = ["…"]` (or its domain in
   `domaines_analystes`) → analyste, otherwise lecteur.
2. otherwise `[acces.mots_de_passe]` with `analyste = "…"` and/or `lecteur = "…"`: a password per
   role, for a small deployment. A value is the salted scrypt hash of the password, printed by
   `python -m observatoire mot-de-passe` (`scrypt$n$r$p$sel$empreinte`); a password in clear or
   an unsalted `sha256:` digest is refused. The typed password is never logged nor shown.
3. no configuration at all (no secrets.toml, or neither `[acces]` nor `[auth]`): the demo,
   everything is open and the sidebar says so.

`[acces] mode = "ouvert"` (default) lets anyone read without logging in (import and detail still
need the analyste role); `mode = "connexion"` asks for a login before anything is shown.

Fail closed: a secrets.toml that cannot be read, an unknown key or mode, an unknown role, an empty
password, a password in clear, an `[acces]` section without any way to log in… make
`configuration()` return a refusing configuration (`erreur` set: nobody has a role, nothing is
shown); app.py shows the French sentence naming what is wrong (never a secret) and it is logged.

Wrong passwords are throttled across sessions (`Limiteur`): per client address and per role,
each attempt counted before the hash is checked; failed attempts are logged.

Pages use two calls:

- `acces.role()` → "analyste", "lecteur" or None (not logged in, open reading);
- `if acces.exiger_analyste("l'import de fichiers"):` → True for an analyste; otherwise shows a
  French message in place of the section and returns False (the rest of the page still runs).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import math
import secrets as _aleatoire
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import streamlit as st

JOURNAL = logging.getLogger("observatoire.ecrans.acces")

LECTEUR, ANALYSTE = "lecteur", "analyste"
ROLES = (LECTEUR, ANALYSTE)  # increasing rights
OUVERT, CONNEXION = "ouvert", "connexion"
SANS_CONFIGURATION, OIDC, MOTS_DE_PASSE = "aucune", "oidc", "mots_de_passe"

CLE_ROLE = "_acces_role"  # session_state: the role obtained by password (never the password)
CLE_ANALYSTE_CONNECTE = "_acces_analyste_connecte"  # session_state: logged in as analyste (read outside a run)
INVALIDE = "invalide"  # methode of a configuration that refuses everything

CLES_ACCES = ("mode", "mots_de_passe", "analystes", "domaines_analystes", "fournisseur")
COMMANDE_EMPREINTE = "python -m observatoire mot-de-passe"


class ConfigurationInvalide(ValueError):
    """The access configuration asks for control but cannot be used: one French sentence naming
    what is wrong (a key, a role, a line of the file), never a secret."""


@dataclass(frozen=True)
class Configuration:
    methode: str = SANS_CONFIGURATION
    mode: str = OUVERT
    empreintes: Mapping[str, str] = field(default_factory=dict)  # role → scrypt hash (password path)
    analystes: frozenset[str] = frozenset()  # e-mails (OIDC path), lower case
    domaines_analystes: frozenset[str] = frozenset()
    fournisseur: str | None = None  # named provider of [auth.<nom>], None = [auth] itself
    erreur: str | None = None  # set: the configuration is unusable, access refused to everyone

    @property
    def ouverte(self) -> bool:
        """No access control configured: the demo, everything open."""
        return self.methode == SANS_CONFIGURATION


def refus(message: str) -> Configuration:
    return Configuration(INVALIDE, CONNEXION, erreur=message)


# ---------------------------------------------------------------- password hashes (scrypt)

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # ≈ 16 Mo and a few tens of ms per check
_SCRYPT_MAXMEM = 256 * 1024 * 1024


def _b64(octets: bytes) -> str:
    return base64.b64encode(octets).decode("ascii")


def empreinte(
    mot_de_passe: str, sel: bytes | None = None, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> str:
    """The salted scrypt hash of a password, as written in secrets.toml: scrypt$n$r$p$sel$empreinte."""
    sel = sel if sel is not None else _aleatoire.token_bytes(16)
    cle = hashlib.scrypt(mot_de_passe.encode("utf-8"), salt=sel, n=n, r=r, p=p, maxmem=_SCRYPT_MAXMEM, dklen=32)
    return f"scrypt${n}${r}${p}${_b64(sel)}${_b64(cle)}"


def _lire_empreinte(valeur) -> tuple[int, int, int, bytes, bytes] | None:
    """(n, r, p, sel, clé) of a well-formed hash with sane parameters, else None."""
    if not isinstance(valeur, str):
        return None
    morceaux = valeur.strip().split("$")
    if len(morceaux) != 6 or morceaux[0] != "scrypt":
        return None
    try:
        n, r, p = (int(x) for x in morceaux[1:4])
        sel, cle = base64.b64decode(morceaux[4], validate=True), base64.b64decode(morceaux[5], validate=True)
    except ValueError:
        return None
    # bounds: a hash cheaper than 2^14 is too weak, a dearer one would stall the server
    if not (
        2**14 <= n <= 2**17 and n & (n - 1) == 0 and 1 <= r <= 16 and 1 <= p <= 4 and len(sel) >= 16 and len(cle) >= 32
    ):
        return None
    return n, r, p, sel, cle


def verifier(mot_de_passe: str, valeur: str) -> bool:
    lu = _lire_empreinte(valeur)
    if lu is None:
        return False
    n, r, p, sel, cle = lu
    calcul = hashlib.scrypt(
        (mot_de_passe or "").encode("utf-8"), salt=sel, n=n, r=r, p=p, maxmem=_SCRYPT_MAXMEM, dklen=len(cle)
    )
    return hmac.compare_digest(calcul, cle)


# ---------------------------------------------------------------- reading the configuration


def _liste_de_textes(acces: Mapping, cle: str) -> list[str]:
    valeur = acces.get(cle, []) or []
    if isinstance(valeur, str) or not isinstance(valeur, (list, tuple)) or not all(isinstance(v, str) for v in valeur):
        raise ConfigurationInvalide(f'[acces] {cle} doit être une liste de textes, par exemple {cle} = ["…"].')
    return list(valeur)


def _lire(secrets: Mapping) -> Configuration:
    if "acces" not in secrets and "auth" not in secrets:
        return Configuration()  # the demo: no access control asked for
    acces = secrets.get("acces", {})
    if not isinstance(acces, Mapping):
        raise ConfigurationInvalide("« acces » doit être une section [acces] du fichier secrets.toml.")
    inconnues = sorted(str(k) for k in acces if k not in CLES_ACCES)
    if inconnues:
        raise ConfigurationInvalide(
            f"clé inconnue dans [acces] : {', '.join(f'« {k} »' for k in inconnues)} "
            f"(clés reconnues : {', '.join(CLES_ACCES)})."
        )
    mode = acces.get("mode", OUVERT)
    if not isinstance(mode, str) or mode.strip().lower() not in (OUVERT, CONNEXION):
        raise ConfigurationInvalide(
            f"mode d'accès inconnu dans [acces] : « {mode} » ; valeurs possibles : « {OUVERT} » ou « {CONNEXION} »."
        )
    mode = mode.strip().lower()
    analystes = frozenset(e.strip().lower() for e in _liste_de_textes(acces, "analystes"))
    domaines = frozenset(d.strip().lower().lstrip("@") for d in _liste_de_textes(acces, "domaines_analystes"))
    if "auth" in secrets:
        if "mots_de_passe" in acces:
            raise ConfigurationInvalide(
                "[auth] (fournisseur d'identité) et [acces.mots_de_passe] sont configurés ensemble : gardez l'un des deux."
            )
        fournisseur = acces.get("fournisseur")
        if fournisseur is not None:
            auth = secrets.get("auth")
            if (
                not isinstance(fournisseur, str)
                or not isinstance(auth, Mapping)
                or not isinstance(auth.get(fournisseur), Mapping)
            ):
                raise ConfigurationInvalide(
                    f"[acces] fournisseur = « {fournisseur} » : aucune section [auth.{fournisseur}]."
                )
        return Configuration(OIDC, mode, {}, analystes, domaines, fournisseur)
    if "fournisseur" in acces:
        raise ConfigurationInvalide("[acces] fournisseur est donné sans section [auth] (fournisseur d'identité).")
    if "mots_de_passe" not in acces:
        raise ConfigurationInvalide(
            "la section [acces] ne configure aucun moyen de se connecter : ajoutez [acces.mots_de_passe] "
            "(ou un fournisseur [auth]), ou supprimez [acces] pour l'accès libre de démonstration."
        )
    mots = acces["mots_de_passe"]
    if not isinstance(mots, Mapping):
        raise ConfigurationInvalide("« mots_de_passe » doit être une section [acces.mots_de_passe].")
    roles_inconnus = sorted(str(k) for k in mots if k not in ROLES)
    if roles_inconnus:
        raise ConfigurationInvalide(
            f"rôle inconnu dans [acces.mots_de_passe] : {', '.join(f'« {k} »' for k in roles_inconnus)} "
            f"(rôles : {', '.join(ROLES)})."
        )
    if not mots:
        raise ConfigurationInvalide("[acces.mots_de_passe] ne contient aucun mot de passe.")
    empreintes = {}
    for r in ROLES:
        if r not in mots:
            continue
        valeur = mots[r]
        if not isinstance(valeur, str) or not valeur.strip():
            raise ConfigurationInvalide(f"le mot de passe du rôle « {r} » est vide dans [acces.mots_de_passe].")
        if _lire_empreinte(valeur) is None:
            raise ConfigurationInvalide(
                f"le mot de passe du rôle « {r} » n'est pas une empreinte scrypt valable (mot de passe en clair, "
                f"empreinte sha256 ou empreinte tronquée) : remplacez-le par la ligne que donne `{COMMANDE_EMPREINTE}`."
            )
        empreintes[r] = valeur.strip()
    return Configuration(MOTS_DE_PASSE, mode, empreintes, analystes, domaines)


def lire_configuration(secrets: Mapping | None) -> Configuration:
    """Read the access configuration from a secrets mapping (st.secrets or a dict in tests).
    Never raises: an unusable configuration gives a refusing one (`erreur` set)."""
    try:
        return _lire(secrets or {})
    except ConfigurationInvalide as e:
        return refus(str(e))


def role_pour_mot_de_passe(conf: Configuration, mot_de_passe: str) -> str | None:
    """The highest role whose password matches, else None. Every role is checked (no early
    exit), so the timing does not tell which one matched."""
    trouve = None
    for r in ROLES:
        attendu = conf.empreintes.get(r)
        if attendu is not None and verifier(mot_de_passe or "", attendu):
            trouve = r
    return trouve


def role_pour_identite(conf: Configuration, email: str | None) -> str:
    email = (email or "").strip().lower()
    if email and (email in conf.analystes or email.rsplit("@", 1)[-1] in conf.domaines_analystes):
        return ANALYSTE
    return LECTEUR


# ---------------------------------------------------------------- throttling across sessions


@dataclass(frozen=True)
class Palier:
    gratuits: int  # failures allowed before any wait
    base_s: float  # first wait, doubled at each further failure
    max_s: float  # longest wait
    oubli_s: float = 900.0  # failures forgotten after this long without one


class Limiteur:
    """Wrong-password throttle shared by every session of the process.

    Each attempt is counted *before* its hash is checked, under a lock, against every key it
    involves (the client address, each role it could open): parallel sessions cannot fire a
    burst between two checks. A success clears the address's count. Past the free failures of a
    key, the next attempt waits base × 2^(extra failures), up to a maximum."""

    def __init__(
        self,
        adresse: Palier = Palier(5, 1.0, 300.0),
        role: Palier = Palier(20, 1.0, 60.0),
        horloge: Callable[[], float] = time.monotonic,
    ):
        self.paliers = {"adresse": adresse, "role": role}
        self.horloge = horloge
        self._etat: dict[tuple[str, str], tuple[int, float]] = {}  # key → (failures, time of the last)
        self._verrou = threading.Lock()

    def _attente(self, cle: tuple[str, str], maintenant: float) -> float:
        echecs, dernier = self._etat.get(cle, (0, 0.0))
        palier = self.paliers[cle[0]]
        if echecs and maintenant - dernier > palier.oubli_s:
            self._etat.pop(cle, None)
            return 0.0
        if echecs < palier.gratuits:
            return 0.0
        attente = min(palier.base_s * 2 ** (echecs - palier.gratuits), palier.max_s)
        return max(0.0, dernier + attente - maintenant)

    def reserver(self, adresse: str, roles) -> float:
        """0 when the attempt may be checked (it is then counted as a failure until `reussite`),
        else the seconds to wait (nothing counted)."""
        cles = [("adresse", adresse)] + [("role", r) for r in roles]
        with self._verrou:
            maintenant = self.horloge()
            attente = max(self._attente(c, maintenant) for c in cles)
            if attente > 0:
                return attente
            for c in cles:
                echecs, _ = self._etat.get(c, (0, 0.0))
                self._etat[c] = (echecs + 1, maintenant)
            return 0.0

    def echecs(self, adresse: str) -> int:
        with self._verrou:
            return self._etat.get(("adresse", adresse), (0, 0.0))[0]

    def reussite(self, adresse: str, roles=()) -> None:
        """A right password: the address starts again at 0; the attempt no longer counts
        against the roles (many legitimate logins never slow anybody down)."""
        with self._verrou:
            self._etat.pop(("adresse", adresse), None)
            for r in roles:
                echecs, dernier = self._etat.get(("role", r), (0, 0.0))
                if echecs > 1:
                    self._etat[("role", r)] = (echecs - 1, dernier)
                else:
                    self._etat.pop(("role", r), None)

    def oublier(self) -> None:
        with self._verrou:
            self._etat.clear()


LIMITEUR = Limiteur()


def essayer_mot_de_passe(
    conf: Configuration, mot_de_passe: str, adresse: str, limiteur: Limiteur | None = None
) -> tuple[str | None, float]:
    """(role, 0) on success; (None, 0) for a wrong password; (None, seconds) when throttled
    (the password was not checked). Failures and throttled attempts are logged, never the password."""
    limiteur = limiteur or LIMITEUR
    attente = limiteur.reserver(adresse, sorted(conf.empreintes))
    if attente > 0:
        JOURNAL.warning(
            "Connexion par mot de passe freinée (adresse %s) : essai refusé sans vérification, attente %.0f s.",
            adresse,
            attente,
        )
        return None, attente
    r = role_pour_mot_de_passe(conf, mot_de_passe)
    if r is None:
        JOURNAL.warning(
            "Échec de connexion par mot de passe (adresse %s, %d échec(s) récent(s)).",
            adresse,
            limiteur.echecs(adresse),
        )
        return None, 0.0
    limiteur.reussite(adresse, sorted(conf.empreintes))
    JOURNAL.info("Connexion par mot de passe réussie (adresse %s, rôle %s).", adresse, r)
    return r, 0.0


# ---------------------------------------------------------------- Streamlit side


_deja_journalisees: set[str] = set()


def _lire_secrets() -> Configuration:
    try:
        return lire_configuration(st.secrets.to_dict() if hasattr(st.secrets, "to_dict") else st.secrets)
    except FileNotFoundError as e:  # StreamlitSecretNotFoundError is one
        import tomllib

        cause = e.__cause__
        if isinstance(cause, tomllib.TOMLDecodeError):  # the file is there but is not valid TOML
            return refus(
                f"le fichier .streamlit/secrets.toml est illisible ({_position_toml(cause)}) : "
                "vérifiez les guillemets et les crochets à cet endroit."
            )
        if getattr(e, "error_id", None) == "no-secrets-found" or "No secrets found" in str(e):
            return Configuration()  # no secrets.toml at all: the demo
        return refus(
            "le fichier des secrets (.streamlit/secrets.toml) est introuvable ou illisible à l'emplacement configuré."
        )
    except (OSError, UnicodeDecodeError):
        return refus(
            "le fichier .streamlit/secrets.toml ne peut pas être lu (droits d'accès ou encodage : UTF-8 attendu)."
        )


def _position_toml(erreur) -> str:
    """« ligne 4, colonne 12 » from the TOML error (never the text of the line: it may hold a secret)."""
    import re

    ligne, colonne = getattr(erreur, "lineno", None), getattr(erreur, "colno", None)
    if ligne is None:  # Python < 3.14: the position is only in the message
        trouve = re.search(r"line (\d+), column (\d+)", str(erreur))
        ligne, colonne = trouve.groups() if trouve else (None, None)
    return f"ligne {ligne}, colonne {colonne}" if ligne else "syntaxe TOML invalide"


def configuration() -> Configuration:
    conf = _lire_secrets()
    if conf.erreur and conf.erreur not in _deja_journalisees:  # logged once per distinct problem
        _deja_journalisees.add(conf.erreur)
        JOURNAL.error("Configuration d'accès inutilisable, accès refusé à tous : %s", conf.erreur)
    return conf


def page_acces_ferme() -> None:
    """Shown instead of everything when the access configuration cannot be used (fail closed)."""
    page_configuration_invalide(configuration())


def page_configuration_invalide(conf: Configuration) -> None:
    st.title("Observatoire de l'habitat — accès fermé")
    st.error(
        "**L'accès est fermé : la configuration de l'accès est inutilisable.** "
        f"Problème : {conf.erreur[:1].upper() + conf.erreur[1:]}",
        icon=":material/lock:",
    )
    st.markdown(
        "Plutôt que d'ouvrir l'observatoire sans contrôle, l'application refuse l'accès tant que ce point n'est "
        "pas corrigé. Prévenez la personne qui administre l'observatoire ; le problème est aussi écrit dans le "
        "journal du serveur."
    )


def _connecte_oidc() -> bool:
    try:
        return bool(st.user.get("is_logged_in", False))
    except Exception:
        return False


def role() -> str | None:
    """The current user's role; None when nobody is logged in (open reading only)."""
    conf = configuration()
    if conf.erreur:
        return None  # fail closed
    if conf.ouverte:
        return ANALYSTE  # the demo: everything open, as the sidebar says
    if conf.methode == OIDC:
        return role_pour_identite(conf, st.user.get("email")) if _connecte_oidc() else None
    r = st.session_state.get(CLE_ROLE)
    return r if r in conf.empreintes else None


def est_analyste() -> bool:
    return role() == ANALYSTE


def peut_voir() -> bool:
    conf = configuration()
    return not conf.erreur and (conf.mode == OUVERT or role() is not None)


def analyste_connecte() -> bool:
    """Logged in (password or identity provider) with the analyste role; False in the open demo,
    where nobody logs in."""
    conf = configuration()
    return not conf.erreur and not conf.ouverte and role() == ANALYSTE


def adresse_client() -> str:
    """The client's address as the server sees it (« locale » on localhost). Behind a reverse
    proxy it is the proxy's: the throttle then counts every client together."""
    try:
        ip = st.context.ip_address
    except Exception:
        ip = None
    return ip if isinstance(ip, str) and ip else "locale"  # (under AppTest it is a mock object)


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
    with st.form(f"connexion_{cle}", clear_on_submit=True, border=False):
        saisie = st.text_input("Mot de passe", type="password", key=f"mot_de_passe_{cle}")
        envoye = st.form_submit_button("Se connecter", icon=":material/login:")
    if envoye:
        r, attente = essayer_mot_de_passe(conf, saisie, adresse_client())
        if r is not None:
            st.session_state[CLE_ROLE] = r
            st.rerun()
        elif attente > 0:
            st.error(
                f"Trop d'essais infructueux : réessayez dans {math.ceil(attente)} s. "
                "Le mot de passe n'a pas été vérifié."
            )
        else:
            st.error("Mot de passe incorrect.")


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
        "La consultation de l'observatoire est réservée aux personnes autorisées. Connectez-vous pour continuer."
    )
    _bouton_connexion(conf, "page")


# ---------------------------------------------------------------- the browser's « Clear cache »


def proteger_vidage_du_cache() -> None:
    """Streamlit clears every cache of the server (for every user) when any client sends the
    `clear_cache` message (menu « Clear cache », key « c »). Only a session logged in with the
    analyste role may; the others' requests are refused and logged. The caches never need it:
    their keys hold the base file's mtime, so an import or a rebuild is seen at once."""
    from streamlit.runtime.app_session import AppSession

    if getattr(AppSession._handle_clear_cache_request, "_observatoire", False):
        return
    vider = AppSession._handle_clear_cache_request

    def garder(self) -> None:
        try:
            autorise = bool(self._session_state[CLE_ANALYSTE_CONNECTE])
        except (KeyError, AttributeError):
            autorise = False
        if not autorise:
            JOURNAL.warning("Vidage du cache demandé par une session qui n'est pas connectée en analyste : refusé.")
            return
        JOURNAL.info("Vidage de tous les caches demandé par une session analyste.")
        vider(self)

    garder._observatoire = True
    AppSession._handle_clear_cache_request = garder
