"""Check the multi-process deployment (scripts/deploiement.py): two Streamlit processes behind
HAProxy on a demo base built for the check, then a write swapped in while sessions are open.

Checked, each printed with its result (exit code 1 on the first failure):
1. the proxy's cookie keeps a browser on one process (same cookie on a second request), and two
   browsers without cookie are spread over both processes;
2. a session on each process (directly on its port) and one through the proxy show the commune
   « Arras » in the sidebar filter;
3. a write through observatoire.base.ecriture.modifier_base (the atomic swap every import and every
   saved setting goes through) renames the commune; at their next rerun, without restart, the
   three sessions show the new name — each process noticed the new file (ui.version_base).

Not part of `make test` (it starts three servers and needs haproxy): `make verifier-deploiement`.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import sys
import tempfile
import urllib.request
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

NOUVEAU_NOM = "Arras (vérification du déploiement)"


def _cookie(url: str, jar: http.cookiejar.CookieJar | None = None) -> str | None:
    jar = jar if jar is not None else http.cookiejar.CookieJar()
    ouvreur = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with ouvreur.open(f"{url}/", timeout=10) as r:
        r.read()
    return next((c.value for c in jar if c.name == "OBS_PROCESSUS"), None)


def main() -> int:
    from observatoire.base.build import construire
    from observatoire.base.ecriture import modifier_base
    from scripts.client_streamlit import SessionStreamlit
    from scripts.deploiement import ErreurDeploiement, deploiement, port_libre

    echecs: list[str] = []

    def verifier(condition: bool, texte: str) -> None:
        print(f"  {'ok ' if condition else 'ÉCHEC'} {texte}", flush=True)
        if not condition:
            echecs.append(texte)

    with tempfile.TemporaryDirectory(prefix="verifier_deploiement_") as dossier:
        base = Path(dossier) / "observatoire.duckdb"
        print("Base de démonstration construite pour la vérification…", flush=True)
        construire(base)
        try:
            with deploiement(2, base, port=port_libre()) as d:
                print(f"Répartiteur {d.url}, processus {', '.join(d.urls_processus)}", flush=True)
                jar = http.cookiejar.CookieJar()
                premier = _cookie(d.url, jar)
                verifier(
                    premier is not None and _cookie(d.url, jar) == premier,
                    f"sessions collantes : le cookie OBS_PROCESSUS ({premier}) ramène au même processus",
                )
                vus = {_cookie(d.url) for _ in range(4)}
                verifier(
                    vus == {"p1", "p2"},
                    f"navigateurs sans cookie répartis sur les deux processus ({sorted(map(str, vus))})",
                )

                async def scenario():
                    onglets = {
                        "processus 1": SessionStreamlit(d.urls_processus[0], delai=120),
                        "processus 2": SessionStreamlit(d.urls_processus[1], delai=120),
                        "répartiteur": SessionStreamlit(d.url, delai=120),
                    }
                    try:
                        for nom, tab in onglets.items():
                            vue = await tab.ouvrir("", "communes=62041")
                            options = list(vue.widget("Communes", "sidebar").proto.options)
                            verifier(
                                "Arras" in options and not vue.exceptions(),
                                f"{nom} : « Arras » dans le filtre des communes",
                            )
                        modifier_base(
                            base,
                            lambda con: con.execute(
                                "UPDATE communes SET nom = $nom WHERE code_insee = '62041'", {"nom": NOUVEAU_NOM}
                            ),
                            libelle="vérification du déploiement",
                        )
                        print("Écriture faite (fichier échangé) ; relance de chaque session…", flush=True)
                        for nom, tab in onglets.items():
                            vue = await tab.modifier({"Période": (2019, 2023)})
                            options = list(vue.widget("Communes", "sidebar").proto.options)
                            legendes = [t for t in vue.textes("caption", "markdown") if "Périmètre : " in t]
                            verifier(
                                NOUVEAU_NOM in options and "Arras" not in options,
                                f"{nom} : le nouveau nom dans le filtre à la relance suivante",
                            )
                            verifier(
                                any(f"Périmètre : {NOUVEAU_NOM}" in t for t in legendes),
                                f"{nom} : le nouveau nom dans les légendes « Périmètre » ({len(legendes)})",
                            )
                    finally:
                        for tab in onglets.values():
                            await tab.fermer()

                asyncio.run(scenario())
        except ErreurDeploiement as e:
            print(str(e), file=sys.stderr)
            return 2
    print("Vérification réussie." if not echecs else f"{len(echecs)} vérification(s) en échec.")
    return 1 if echecs else 0


if __name__ == "__main__":
    sys.exit(main())
