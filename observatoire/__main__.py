"""Command line: `python -m observatoire build [--db PATH]`."""

from __future__ import annotations

import argparse
import sys
import time

from observatoire.sources import ErreurSource


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m observatoire", description="Observatoire de l'habitat — CU d'Arras")
    sous = parser.add_subparsers(dest="commande", required=True)
    b = sous.add_parser("build", help="(re)construit la base DuckDB depuis les sources de data/")
    b.add_argument("--db", help="chemin de la base (défaut : data/observatoire.duckdb)")
    d = sous.add_parser("demo", help="régénère les données de démonstration dans data/demo/")
    d.add_argument("--seed", type=int)
    d.add_argument("--out")
    args = parser.parse_args(argv)

    if args.commande == "build":
        from observatoire.build import construire

        debut = time.perf_counter()
        try:
            chemin = construire(args.db)
        except ErreurSource as e:
            print(f"Échec de la construction, base précédente conservée : {e}", file=sys.stderr)
            return 1
        print(f"Base construite : {chemin} ({time.perf_counter() - debut:.1f} s)")
        return 0
    if args.commande == "demo":
        from observatoire import demo

        extra = []
        if args.seed is not None:
            extra += ["--seed", str(args.seed)]
        if args.out:
            extra += ["--out", args.out]
        return demo.main(extra) or 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
