"""The simulated users of the load test (tests/navigateur/test_charge.py, in `make test`) and of its long
runs (bench/charge.py, scripts/profil_pages.py --mode charge): protocol-level clients
(scripts/client_streamlit.py) that open shared links and click through the pages, each checking
it never sees another session's commune. Outside tests/ so that scripts/ and bench/ need not
import a test module. The defaults come from the OBSERVATOIRE_CHARGE_* variables (see the test).
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import time
from pathlib import Path

import duckdb

from observatoire import formats as fr
from observatoire.ecrans import navigation
from observatoire.secret import suppression as secret
from scripts.client_streamlit import SessionStreamlit, Vue

RACINE = Path(__file__).resolve().parents[1]

SESSIONS = int(os.environ.get("OBSERVATOIRE_CHARGE_SESSIONS", "6"))
DUREE = float(os.environ.get("OBSERVATOIRE_CHARGE_SECONDES", "15"))
PAUSE = float(os.environ.get("OBSERVATOIRE_CHARGE_PAUSE", "0.3"))
DELAI_VUE = 300.0  # a page view longer than this is a hang

# url path of each page as the browser's address shows it: the default page is "/" (""), not "/accueil"
_ADRESSES = {e.fichier: "" if e.defaut else e.adresse for e in navigation.PAGES if (RACINE / e.chemin).is_file()}
CHEMINS = list(_ADRESSES.values())
ACCUEIL = _ADRESSES["accueil"]
CLICS = (4, 8)  # clicks in a tab before a new link is opened


def _attendu(base, communes: list[str]):
    """{code: name}, {code: {(vintage, landlord): dwellings}}, RPLS vintages, bounds of the period."""
    con = duckdb.connect(str(base), read_only=True)
    try:
        an_min, an_max = con.execute(
            "SELECT min(annee), max(annee) FROM (SELECT annee FROM attributions UNION ALL SELECT annee FROM production "
            "UNION ALL SELECT millesime FROM rpls_logements)"
        ).fetchone()
        millesimes = [m for (m,) in con.execute("SELECT DISTINCT millesime FROM rpls_logements ORDER BY 1").fetchall()]
        noms, stocks = {}, {}
        for c in communes:
            noms[c] = con.execute("SELECT nom FROM communes WHERE code_insee = ?", [c]).fetchone()[0]
            stocks[c] = {
                (m, b): n
                for m, b, n in con.execute(
                    "SELECT millesime, bailleur, count(*) FROM rpls_logements WHERE code_insee = ? GROUP BY ALL", [c]
                ).fetchall()
            }
        return noms, stocks, millesimes, an_min, an_max
    finally:
        con.close()


class Utilisateur:
    """One simulated user: its commune, its current filters, and what it must (never) see."""

    def __init__(self, numero, url, code, nom, stocks, autres, millesimes, an_min, an_max):
        self.numero, self.url, self.code, self.nom = numero, url, code, nom
        self.stocks, self.autres, self.millesimes = stocks, autres, millesimes
        self.an_min, self.an_max = an_min, an_max
        self.rng = random.Random(numero)
        self.chemins = CHEMINS[numero % len(CHEMINS) :] + CHEMINS[: numero % len(CHEMINS)]
        self.pages_ouvertes = 0
        self.periode = (an_min, an_max)
        self.bailleurs: list[str] = []
        self.vues: list[tuple[str, float]] = []  # (kind of click, seconds)
        self.erreurs: list[str] = []
        self.legendes_a_soi = 0
        self.parcs_verifies = 0
        self.pause = PAUSE

    def _periode_au_hasard(self) -> tuple[int, int]:
        if self.rng.random() < 0.3:
            return self.an_min, self.an_max
        a = self.rng.randint(self.an_min, self.an_max - 1)
        return a, self.rng.randint(a + 1, self.an_max)

    def _page_suivante(self) -> str:
        """Every page in turn, and the Accueil (whose stock is checked) every fourth time."""
        self.pages_ouvertes += 1
        if self.pages_ouvertes % 4 == 1:
            return ACCUEIL
        return self.chemins[self.pages_ouvertes % len(self.chemins)]

    async def jouer(self, fin: float) -> None:
        try:
            while time.perf_counter() < fin and len(self.erreurs) < 5:
                async with SessionStreamlit(self.url, delai=DELAI_VUE) as tab:
                    # a shared link: new tab, commune and period in the URL
                    chemin = self._page_suivante()
                    self.periode, self.bailleurs = self._periode_au_hasard(), []
                    requete = f"communes={self.code}&debut={self.periode[0]}&fin={self.periode[1]}"
                    self._verifier("lien", chemin, await tab.ouvrir(chemin, requete))
                    for _ in range(self.rng.randint(*CLICS)):
                        if time.perf_counter() >= fin or len(self.erreurs) >= 5:
                            break
                        await asyncio.sleep(self.rng.uniform(0, self.pause))
                        tirage = self.rng.random()
                        if tirage < 0.6:  # another page of the menu
                            chemin = self._page_suivante()
                            self._verifier("page", chemin, await tab.naviguer(chemin))
                        elif tirage < 0.85:  # the period slider
                            self.periode = self._periode_au_hasard()
                            self._verifier("période", chemin, await tab.modifier({"Période": self.periode}))
                        else:  # pick a landlord, or drop the one picked
                            options = list(tab.derniere.widget("Bailleurs", "sidebar").proto.options)
                            self.bailleurs = [] if self.bailleurs else [self.rng.choice(options)]
                            self._verifier("bailleur", chemin, await tab.modifier({"Bailleurs": self.bailleurs}))
        except Exception as e:
            self.erreurs.append(f"session {self.numero} ({self.nom}) : {type(e).__name__}: {str(e)[:300]}")

    def _verifier(self, genre: str, chemin: str, vue: Vue) -> None:
        self.vues.append((genre, vue.duree))
        lieu = f"session {self.numero} ({self.nom}), {genre} /{chemin}?{vue.requete}"
        err = self.erreurs.append
        if vue.page_introuvable or vue.compilation_echouee or vue.chemin != chemin:
            err(
                f"{lieu} : page « {vue.chemin} » (introuvable : {vue.page_introuvable}, compilation : {vue.compilation_echouee})"
            )
        for e in vue.exceptions():
            err(f"{lieu} : exception « {e[:300]} »")
        for e in vue.erreurs():
            err(f"{lieu} : message d'erreur « {e[:300]} »")
        if not vue.textes("heading", racine="main"):
            err(f"{lieu} : page sans titre")
        communes = vue.widget("Communes", "sidebar")
        if communes is None or (communes.proto.set_value and list(communes.proto.raw_values) != [self.nom]):
            err(f"{lieu} : filtre des communes de la barre latérale {communes and list(communes.proto.raw_values)}")
        for texte in vue.textes("caption", "markdown"):
            if "Périmètre : " in texte:
                self._verifier_legende(lieu, texte)
        if chemin == ACCUEIL:
            self._verifier_parc(lieu, vue)

    def _verifier_legende(self, lieu: str, texte: str) -> None:
        parties = texte.split("Périmètre : ", 1)[1].strip().split(" · ")
        lieux = set(parties[0].split(", "))
        if lieux & self.autres:
            self.erreurs.append(f"{lieu} : légende d'une autre session « {texte} »")
        if parties[0] == self.nom:
            self.legendes_a_soi += 1
            if len(parties) >= 3 and not _dans(parties[2], self.periode):
                self.erreurs.append(f"{lieu} : période hors de {self.periode} « {texte} »")
        if not self.bailleurs and "sélectionné" in " ".join(parties[1:2]):
            self.erreurs.append(f"{lieu} : sélection de bailleurs d'une autre session « {texte} »")

    def _verifier_parc(self, lieu: str, vue: Vue) -> None:
        cartes = [(l, v) for l, v in vue.metriques() if l.startswith("Logements sociaux")]
        attendu_m = max((m for m in self.millesimes if m <= self.periode[1]), default=None)
        if attendu_m is None:  # a period ending before the first vintage: « donnée manquante », never 0
            if len(cartes) != 1 or cartes[0][1] != fr.MANQUANT:
                self.erreurs.append(f"{lieu} : carte du parc social {cartes}, attendu « {fr.MANQUANT} »")
            return
        if len(cartes) != 1:
            self.erreurs.append(f"{lieu} : carte du parc social {cartes}")
            return
        libelle, valeur = cartes[0]
        m = re.search(r"(\d{4})\s*$", libelle)
        if not m or int(m.group(1)) != attendu_m:
            self.erreurs.append(f"{lieu} : carte du parc « {libelle} », millésime attendu {attendu_m}")
            return
        n = sum(
            v for (mil, b), v in self.stocks.items() if mil == attendu_m and (not self.bailleurs or b in self.bailleurs)
        )
        if n >= secret.seuil_en_vigueur():
            self.parcs_verifies += 1
            if valeur != fr.nombre(n):
                self.erreurs.append(f"{lieu} : parc social {valeur}, attendu {fr.nombre(n)} ({libelle})")


def _cpu_pids(pids) -> float:
    """CPU seconds used so far by these processes (Linux /proc)."""
    tic, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in pids:
        stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        total += (int(stat[11]) + int(stat[12])) / tic
    return total


def _dans(texte: str, periode: tuple[int, int]) -> bool:
    """« 2019-2022 » or « 2025 » lies within the session's own period."""
    annees = [int(a) for a in re.findall(r"\d{4}", texte)]
    return bool(annees) and all(periode[0] <= a <= periode[1] for a in annees)


def _centile(valeurs: list[float], q: float) -> float:
    v = sorted(valeurs)
    rang = q * (len(v) - 1)
    bas = int(rang)
    haut = min(bas + 1, len(v) - 1)
    return v[bas] + (v[haut] - v[bas]) * (rang - bas)


def choisir_communes(base, sessions: int = SESSIONS) -> list[str]:
    """20 different communes: three quarters among the largest social stocks (their Accueil stock
    is shown, hence checked), the rest drawn among the others (small or masked counts)."""
    con = duckdb.connect(str(base), read_only=True)
    communes = [
        c
        for (c,) in con.execute(  # largest social stock first
            "SELECT c.code_insee FROM communes c LEFT JOIN rpls_logements r USING (code_insee) "
            "GROUP BY c.code_insee ORDER BY count(r.code_insee) DESC, c.code_insee"
        ).fetchall()
    ]
    con.close()
    grandes = sessions - sessions // 4
    return communes[:grandes] + random.Random(8).sample(communes[grandes:], sessions - grandes)


def jouer_charge(
    url: str, base, sessions: int = SESSIONS, duree: float = DUREE, pause: float = PAUSE
) -> list[Utilisateur]:
    """The sessions' load on the server at `url` (serving `base`) for `duree` seconds; returns the
    users, their views and errors (bench/charge.py runs it too)."""
    choisies = choisir_communes(base, sessions)
    noms, stocks, millesimes, an_min, an_max = _attendu(base, choisies)
    tous = set(noms.values())
    utilisateurs = [
        Utilisateur(i, url, c, noms[c], stocks[c], tous - {noms[c]}, millesimes, an_min, an_max)
        for i, c in enumerate(choisies)
    ]
    for u in utilisateurs:
        u.pause = pause

    async def charge():
        fin = time.perf_counter() + duree
        await asyncio.gather(*(u.jouer(fin) for u in utilisateurs))

    asyncio.run(charge())
    return utilisateurs
