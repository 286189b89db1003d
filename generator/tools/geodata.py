"""The committed geography, derived from DAGI: the postcode table and the simplified municipality boundaries.

    python -m generator.tools.geodata ../shared/reference/dagi

reads DAGI's postcode and municipality layers (GeoJSON, WGS84) and writes the two files generator/geo.py reads:

- `generator/data/postcodes.csv`: each postcode area (or range, such as 1000-1499) with its town, a centre on its
  own land (search.js sorts offers by distance from it), and the municipalities it lies in: the one holding most of
  it first (where a search from that postcode looks), then every other within geo.TOLERANCE_DEGREES of it, so that
  validation calls a postcode wrong for a municipality only when it lies wholly elsewhere.
- `generator/data/municipalities.geojson`: every municipality's outline simplified to SIMPLIFY degrees (about 100 m)
  and rounded to PRECISION decimals (about 10 m), small enough to commit and to check every place against in
  every pull request and build; geo.TOLERANCE_DEGREES covers the simplification. Christiansø (DAGI's code 411)
  belongs to no municipality; it is counted with Bornholm, the nearest, whose offers serve it.

Source, stated in the GeoJSON too: DAGI (Danmarks Administrative Geografiske Inddeling), Geodatastyrelsen, 2014,
scale 1:500,000, free geographic data under the Danish Agency for Data Supply and Infrastructure's terms for free
data ("Indeholder data fra Styrelsen for Dataforsyning og Infrastruktur, DAGI"). Only derived facts are written;
the files themselves stay outside the repository.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from shapely import STRtree, set_precision
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

from ..geo import BOUNDARIES_FILE, POSTCODES_FILE, TOLERANCE_DEGREES
from ..schema import load_schema

SIMPLIFY = 0.001  # degrees: about 110 m north-south, 60 m east-west
PRECISION = 4  # decimals: about 11 m
MERGED = {"411": "400"}  # Christiansø, which is no municipality, with Bornholm
SOURCE = {
    "source": "DAGI (Danmarks Administrative Geografiske Inddeling), Geodatastyrelsen, 2014, 1:500,000",
    "licence": "Frie geografiske data: Styrelsen for Dataforsyning og Infrastrukturs vilkår for brug af frie data",
    "attribution": "Indeholder data fra Styrelsen for Dataforsyning og Infrastruktur, DAGI",
    "derived_by": "python -m generator.tools.geodata (generator/tools/geodata.py)",
    "simplified_degrees": SIMPLIFY,
}
# DAGI's 2014 layer still spells some towns the old way; the postcodes' official names today.
CURRENT_NAMES = {"Århus": "Aarhus"}


def _two_d(coordinates):
    """DAGI files carry a dummy third coordinate (-999)."""
    return coordinates[:2] if isinstance(coordinates[0], (int, float)) else [_two_d(c) for c in coordinates]


def _shapes(path: Path, key: str) -> tuple[dict, dict]:
    """{code: geometry} of a DAGI layer, features of one code unioned, and {code: Danish label}."""
    parts: dict[str, list] = {}
    names: dict[str, str] = {}
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        code = str(feature["properties"][key])
        geometry = {"type": feature["geometry"]["type"], "coordinates": _two_d(feature["geometry"]["coordinates"])}
        parts.setdefault(code, []).append(shape(geometry).buffer(0))
        names[code] = feature["properties"].get("label_dk", "")
    return {code: unary_union(p) for code, p in parts.items()}, names


def municipality_shapes(dagi: Path) -> dict[str, object]:
    """The 98 municipalities' outlines at DAGI's own resolution (Christiansø with Bornholm)."""
    shapes, _ = _shapes(dagi / "municipalities.geojson", "lau_1")
    merged: dict[str, list] = {}
    for code, geometry in shapes.items():
        merged.setdefault(MERGED.get(code.zfill(3), code.zfill(3)), []).append(geometry)
    real = {row["code"] for row in load_schema().rows("municipalities")}
    missing = real - set(merged)
    if missing:
        raise ValueError(f"DAGI has no outline for the municipalities {sorted(missing)}")
    return {code: unary_union(g) for code, g in sorted(merged.items()) if code in real}


def boundaries_geojson(municipalities: dict[str, object]) -> str:
    features = []
    for code, geometry in municipalities.items():
        simple = set_precision(geometry.simplify(SIMPLIFY, preserve_topology=True), 10**-PRECISION)
        features.append({"type": "Feature", "properties": {"code": code}, "geometry": _rounded(mapping(simple))})
    data = {"type": "FeatureCollection", "metadata": SOURCE, "features": features}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _rounded(value):
    if isinstance(value, float):
        return round(value, PRECISION)
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def postcode_rows(dagi: Path, municipalities: dict[str, object]) -> list[dict]:
    areas, names = _shapes(dagi / "postal_codes.geojson", "postal_code")
    codes = list(municipalities)
    tree = STRtree([municipalities[c] for c in codes])
    rows = []
    for postcode in sorted(areas):
        area = areas[postcode]
        centre = area.centroid if area.contains(area.centroid) else area.representative_point()
        near = [codes[int(i)] for i in tree.query(area, predicate="dwithin", distance=TOLERANCE_DEGREES)]
        share = {c: municipalities[c].intersection(area).area for c in near}
        ordered = sorted(near, key=lambda c: (-share[c], c))
        rows.append({"postcode": postcode, "name": _current_name(names[postcode]), "lat": round(centre.y, 4),
                     "lon": round(centre.x, 4), "municipalities": " ".join(ordered)})
    return rows


def _current_name(name: str) -> str:
    for old, new in CURRENT_NAMES.items():
        if name == old or name.startswith(old + " "):
            return new + name[len(old) :]
    return name


def write(dagi: Path, postcodes: Path = POSTCODES_FILE, boundaries: Path = BOUNDARIES_FILE) -> None:
    municipalities = municipality_shapes(dagi)
    boundaries.parent.mkdir(parents=True, exist_ok=True)
    boundaries.write_text(boundaries_geojson(municipalities), encoding="utf-8")
    with postcodes.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, ["postcode", "name", "lat", "lon", "municipalities"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(postcode_rows(dagi, municipalities))


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/dagi"))
    print(f"wrote {POSTCODES_FILE} and {BOUNDARIES_FILE}")
