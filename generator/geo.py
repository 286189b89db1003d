"""Where places are: Denmark's extent, its postcodes and its municipalities' boundaries.

The postcode table and the simplified boundaries are derived from DAGI by generator/tools/geodata.py and committed
in generator/data/ (source and licence in that module and in the GeoJSON's metadata); another boundaries file,
such as DAGI's own, can replace the committed one.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Denmark including Bornholm, Ertholmene and Skagen, with a little margin for the coastline.
DENMARK = (54.45, 57.80, 7.95, 15.25)  # south, north, west, east
DENMARK_CENTROID = (55.96, 10.05)  # latitude, longitude of the land's centre, from DAGI's municipality boundaries
# 1:500,000 boundaries, simplified by about 100 m, cut harbours and beaches off the coast and move borders: a point
# this close to its municipality is in it (about 550 m north-south, 300 m east-west).
TOLERANCE_DEGREES = 0.005
# A point in the sea this close to the coast is on the nearest municipality's coast (a pier, an islet the
# generalised coastline lost); farther out it is a mistake.
COAST_DEGREES = 0.02
CODE_PROPERTIES = ("lau_1", "kommunekode", "municipality_code", "code")
DATA = Path(__file__).parent / "data"
BOUNDARIES_FILE = DATA / "municipalities.geojson"
POSTCODES_FILE = DATA / "postcodes.csv"


def in_denmark(lat: float, lon: float) -> bool:
    s, n, w, e = DENMARK
    return s <= lat <= n and w <= lon <= e


@dataclass(frozen=True)
class Placement:
    """Where a point lies relative to the municipality it claims: ok, elsewhere (a code) or abroad."""

    ok: bool
    found: str | None = None


class Boundaries:
    """Municipality polygons from a GeoJSON file, for point-in-municipality checks."""

    def __init__(self, path: Path):
        from shapely import STRtree, contains_xy, prepare
        from shapely.geometry import Point, shape

        self._contains_xy, self._point = contains_xy, Point  # shapely is imported only where boundaries are used

        data = json.loads(Path(path).read_text(encoding="utf-8"))
        parts: dict[str, list] = {}
        for feature in data.get("features", []):
            code = _code(feature.get("properties") or {})
            if code and feature.get("geometry"):
                parts.setdefault(code, []).append(shape(_two_d(feature["geometry"])))
        if not parts:
            raise ValueError(f"{path}: no features with a municipality code ({', '.join(CODE_PROPERTIES)})")
        self.codes = sorted(parts)
        self.shapes = {c: _whole(parts[c]) for c in self.codes}
        for g in self.shapes.values():
            prepare(g)
        self._tree = STRtree([self.shapes[c] for c in self.codes])

    def place(self, code: str, lat: float, lon: float) -> Placement:
        """Whether the point lies in municipality `code`, within TOLERANCE_DEGREES of it, or on its coast; else
        the municipality it lies in (or None: out at sea)."""
        stated = self.shapes.get(code)
        if stated is not None and self._contains_xy(stated, lon, lat):
            return Placement(True)  # nearly every place: answered without making a point (a third of the time)
        pt = self._point(lon, lat)
        if stated is not None and stated.distance(pt) <= TOLERANCE_DEGREES:
            return Placement(True)
        hits = self._tree.query(pt, predicate="intersects")
        if len(hits):
            return Placement(False, self.codes[int(hits[0])])
        nearest = self.codes[int(self._tree.nearest(pt))]
        if self.shapes[nearest].distance(pt) <= COAST_DEGREES:
            return Placement(nearest == code, None if nearest == code else nearest)
        return Placement(False, None)

    def most_of(self, area, among: set[str]) -> str | None:
        """Which of the municipalities `among` holds the largest part of a shapely geometry (a postcode area)."""
        overlaps = {code: self.shapes[code].intersection(area).area
                    for code in (self.codes[int(i)] for i in self._tree.query(area)) if code in among}
        return max(overlaps, key=overlaps.get) if overlaps else None


@cache
def load_boundaries(path: str | None = None) -> Boundaries:
    """The boundaries in the GeoJSON file at `path`; without one, the committed simplified boundaries."""
    return Boundaries(Path(path) if path else BOUNDARIES_FILE)


@dataclass(frozen=True)
class Postcode:
    """A postcode area: its number (or range), town, a centre on its land, and the municipalities it lies in, the
    one holding most of it first."""

    code: str
    name: str
    lat: float
    lon: float
    municipalities: tuple[str, ...]


@cache
def postcodes() -> tuple[Postcode, ...]:
    """Every postcode area of the committed table."""
    with POSTCODES_FILE.open(encoding="utf-8") as f:
        return tuple(Postcode(r["postcode"], r["name"], float(r["lat"]), float(r["lon"]),
                              tuple(r["municipalities"].split())) for r in csv.DictReader(f))


@cache
def _by_number() -> dict[str, Postcode]:
    table = {}
    for p in postcodes():
        first, _, last = p.code.partition("-")
        for n in range(int(first), int(last or first) + 1):
            table[f"{n:04d}"] = p
    return table


def postcode(code: str) -> Postcode | None:
    """The area of a four-digit postcode (1050 lies in the range 1000-1499), or None when there is none."""
    return _by_number().get(code)


def _whole(parts: list):
    """One municipality's features as one valid geometry (DAGI gives an island as a feature of its own)."""
    from shapely.ops import unary_union

    whole = parts[0] if len(parts) == 1 else unary_union([p if p.is_valid else p.buffer(0) for p in parts])
    return whole if whole.is_valid else whole.buffer(0)


def _code(props: dict) -> str | None:
    for key in CODE_PROPERTIES:
        if props.get(key) not in (None, ""):
            return str(props[key]).zfill(3)
    return None


def _two_d(geometry: dict) -> dict:
    """DAGI files carry a dummy third coordinate; shapely wants plain lon/lat."""

    def strip(c):
        return c[:2] if isinstance(c[0], (int, float)) else [strip(x) for x in c]

    return {"type": geometry["type"], "coordinates": strip(geometry["coordinates"])}
