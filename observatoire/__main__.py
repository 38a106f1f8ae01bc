"""Command line:

python -m observatoire build [--db PATH]
python -m observatoire import <type> <fichier> [--millesime AAAA] [--diffusion AAAA-MM-JJ] [--db PATH] [--apercu]
python -m observatoire mot-de-passe    (prints the salted hash of a password for secrets.toml)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from observatoire.chargement.sources import ErreurSource


def _date_fr(texte: str):
    from datetime import datetime

    for forme in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(texte.strip(), forme).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"« {texte} » n'est pas une date : attendu AAAA-MM-JJ ou JJ/MM/AAAA")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m observatoire", description="Observatoire de l'habitat — CU d'Arras"
    )
    sous = parser.add_subparsers(dest="commande", required=True)
    b = sous.add_parser("build", help="(re)construit la base DuckDB depuis les sources de data/")
    b.add_argument("--db", help="chemin de la base (défaut : data/observatoire.duckdb)")
    b.add_argument(
        "--ecraser",
        action="store_true",
        help="reconstruire même si la base contient des fichiers importés ou des valeurs saisies (perdus)",
    )
    i = sous.add_parser(
        "import",
        help="importe un fichier officiel (aperçu, contrôles, remplacement atomique d'un millésime)",
        description="Importe un fichier dans la base : le millésime qu'il couvre est remplacé, le reste ne change pas. "
        "Types : rpls, rpls_communes, ops, attributions, sitadel, financements, ptz, objectifs, seuils_q1, qpv.",
    )
    i.add_argument(
        "type",
        help="type de fichier (rpls, rpls_communes, ops, attributions, sitadel, financements, ptz, objectifs, "
        "seuils_q1, qpv), ou auto : lu dans l'en-tête du fichier",
    )
    i.add_argument("fichier", help="chemin du fichier à importer")
    i.add_argument(
        "--millesime", type=int, help="millésime (AAAA) quand ni le nom ni le contenu du fichier ne le donnent"
    )
    i.add_argument(
        "--diffusion",
        type=_date_fr,
        help="date de diffusion du fichier (AAAA-MM-JJ ou JJ/MM/AAAA), gardée avec la provenance "
        "(Sitadel : chaque livraison révise les années passées) ; défaut : lue dans le nom du fichier",
    )
    i.add_argument("--db", help="chemin de la base (défaut : data/observatoire.duckdb)")
    i.add_argument("--apercu", action="store_true", help="montre l'aperçu et les rejets sans rien écrire")
    i.add_argument("--strict", action="store_true", help="refuse l'import si une seule ligne est rejetée")
    sous.add_parser(
        "mot-de-passe",
        help="demande un mot de passe et imprime son empreinte (scrypt salé) à copier dans .streamlit/secrets.toml",
        description="Demande un mot de passe (deux fois au terminal ; une ligne sur l'entrée standard sinon) et imprime "
        "son empreinte scrypt salée, la seule forme acceptée dans [acces.mots_de_passe] de .streamlit/secrets.toml.",
    )
    v = sous.add_parser(
        "versions", help="liste les versions précédentes de la base gardées à chaque écriture (annulation)"
    )
    v.add_argument("--db", help="chemin de la base (défaut : data/observatoire.duckdb)")
    r = sous.add_parser("restaurer", help="remet en place une version précédente de la base (elle-même annulable)")
    r.add_argument(
        "version", help="numéro donné par « versions » (1 = la plus récente) ou identifiant AAAAMMJJ-HHMMSS-…"
    )
    r.add_argument("--db", help="chemin de la base (défaut : data/observatoire.duckdb)")
    d = sous.add_parser("demo", help="régénère les données de démonstration dans data/demo/")
    d.add_argument("--seed", type=int)
    d.add_argument("--out")
    args = parser.parse_args(argv)

    if args.commande == "build":
        from observatoire.base.build import construire, donnees_a_proteger

        a_proteger = [] if args.ecraser else donnees_a_proteger(args.db)
        if a_proteger:
            detail = " ; ".join(f"{jeu} ({n} ligne{'s' if n > 1 else ''})" for jeu, n in a_proteger)
            print(
                "Construction refusée, base conservée : elle contient des données qu'un build depuis data/ "
                f"effacerait — {detail}. Les imports et les saisies vivent dans la base. Pour repartir quand même "
                "des fichiers de data/, relancez avec --ecraser (après une copie de la base).",
                file=sys.stderr,
            )
            return 2
        debut = time.perf_counter()
        try:
            chemin = construire(args.db)
        except ErreurSource as e:
            print(f"Échec de la construction, base précédente conservée : {e}", file=sys.stderr)
            return 1
        print(f"Base construite : {chemin} ({time.perf_counter() - debut:.1f} s)")
        return 0
    if args.commande == "import":
        return importer_fichier(args)
    if args.commande in ("versions", "restaurer"):
        return versions_ou_restaurer(args)
    if args.commande == "mot-de-passe":
        return mot_de_passe()
    if args.commande == "demo":
        from observatoire.chargement import demo

        extra = []
        if args.seed is not None:
            extra += ["--seed", str(args.seed)]
        if args.out:
            extra += ["--out", args.out]
        return demo.main(extra) or 0
    return 2


def mot_de_passe() -> int:
    """Print the scrypt hash of a password typed twice (or read as one line from a pipe)."""
    import getpass

    from observatoire.ecrans.acces import empreinte

    if sys.stdin.isatty():
        saisie = getpass.getpass("Mot de passe : ")
        if saisie != getpass.getpass("Encore une fois : "):
            print("Les deux saisies diffèrent : rien n'est imprimé.", file=sys.stderr)
            return 1
    else:
        saisie = sys.stdin.readline().rstrip("\r\n")
    if not saisie.strip():
        print("Mot de passe vide : refusé.", file=sys.stderr)
        return 1
    if len(saisie) < 12:
        print("Attention : moins de 12 caractères, ce mot de passe est court.", file=sys.stderr)
    print(empreinte(saisie))
    print(
        "À copier, entre guillemets, dans .streamlit/secrets.toml, section [acces.mots_de_passe], par exemple :\n"
        '  analyste = "scrypt$…"',
        file=sys.stderr,
    )
    return 0


class _Progres:
    """Progress on stderr: one line per step or per 10 %, readable in a log and a terminal."""

    def __init__(self):
        self.dernier = (-1, "")

    def __call__(self, fraction: float, message: str) -> None:
        pct = int(fraction * 100)
        if message != self.dernier[1] or pct >= self.dernier[0] + 10:
            print(f"[{pct:3d} %] {message}", file=sys.stderr, flush=True)
            self.dernier = (pct, message)


def importer_fichier(args) -> int:
    """Exit status: 0 imported (or preview shown), 1 file refused, 2 database missing, 3 unexpected error."""
    from observatoire.base.chemins import base_par_defaut
    from observatoire.chargement import importer

    base = Path(args.db) if args.db else base_par_defaut()
    if not base.is_file():
        print(
            f"Base introuvable : {base}. Construisez-la d'abord : python -m observatoire build"
            + (f" --db {args.db}" if args.db else ""),
            file=sys.stderr,
        )
        return 2
    progres = _Progres()
    debut = time.perf_counter()
    try:
        apercu = importer.analyser(
            args.type, args.fichier, base, args.millesime, progres=progres, date_diffusion=args.diffusion
        )
        print("\n".join(apercu.resume()))
        rejets = apercu.messages_rejets()
        if rejets:
            print(f"\nLignes rejetées ({len(rejets)} problème(s)) :")
            print("\n".join(f"  - {m}" for m in rejets[:200]))
            if len(rejets) > 200:
                print(f"  … et {len(rejets) - 200} autre(s).")
        if args.apercu:
            print("\nAperçu seulement (--apercu) : rien n'a été écrit.")
            return 0
        if args.strict and apercu.lignes_rejetees:
            print(
                f"\nImport refusé (--strict) : {apercu.lignes_rejetees} ligne(s) rejetée(s) ; la base n'a pas changé.",
                file=sys.stderr,
            )
            return 1
        resultat = importer.ecrire(apercu, base, progres=progres)
    except ErreurSource as e:
        print(f"Import refusé, la base n'a pas changé : {e}", file=sys.stderr)
        return 1
    except Exception as e:  # never a traceback for the user; the base is untouched (atomic write)
        print(f"Erreur inattendue pendant l'import, la base n'a pas changé : {type(e).__name__} : {e}", file=sys.stderr)
        return 3
    print(f"\n{resultat.phrase()} ({time.perf_counter() - debut:.1f} s)")
    return 0


def versions_ou_restaurer(args) -> int:
    """Exit status: 0 done, 1 unknown or unreadable version, 2 database missing."""
    from observatoire import formats as fr
    from observatoire.base import ecriture
    from observatoire.base.chemins import base_par_defaut

    base = Path(args.db) if args.db else base_par_defaut()
    if not base.is_file():
        print(f"Base introuvable : {base}.", file=sys.stderr)
        return 2
    liste = ecriture.versions(base)
    if args.commande == "versions":
        if not liste:
            print(f"Aucune version précédente gardée pour {base} (dossier {ecriture.dossier_versions(base)}).")
            return 0
        print(
            f"Versions précédentes de {base} (les {ecriture.nombre_versions()} dernières sont gardées ; "
            "réglage OBSERVATOIRE_VERSIONS) :"
        )
        for i, v in enumerate(liste, start=1):
            print(
                f"{i:>3}  {v.identifiant}  {v.remplacee_le:%d/%m/%Y %H:%M:%S}  {fr.nombre(v.taille / 1e6, 1)} Mo  "
                f"remplacée par : {v.par}"
            )
        print("Pour en remettre une en place : python -m observatoire restaurer <numéro>")
        return 0
    choix = args.version.strip()
    if choix.isdigit() and 1 <= int(choix) <= len(liste):
        choix = liste[int(choix) - 1].identifiant
    try:
        v = ecriture.restaurer(base, choix)
    except ecriture.ErreurVersion as e:
        print(f"Restauration refusée, la base n'a pas changé : {e}", file=sys.stderr)
        return 1
    print(f"Version restaurée : {v.libelle}. La base remplacée est gardée comme version (annulable).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
