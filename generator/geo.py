"""Where places are: Denmark's extent and, when a boundaries file is configured, its municipalities."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Denmark including Bornholm, Ertholmene and Skagen, with a little margin for the coastline.
DENMARK = (54.45, 57.80, 7.95, 15.25)  # south, north, west, east
DENMARK_CENTROID = (55.96, 10.05)  # latitude, longitude of the land's centre, from DAGI's municipality boundaries
# 1:500,000 boundaries cut harbours and beaches off the coast; accept points this close (about 400 m).
TOLERANCE_DEGREES = 0.005
CODE_PROPERTIES = ("lau_1", "kommunekode", "municipality_code", "code")


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
        from shapely import STRtree, prepare
        from shapely.geometry import shape
        from shapely.ops import unary_union

        data = json.loads(Path(path).read_text(encoding="utf-8"))
        parts: dict[str, list] = {}
        for feature in data.get("features", []):
            code = _code(feature.get("properties") or {})
            if code and feature.get("geometry"):
                parts.setdefault(code, []).append(shape(_two_d(feature["geometry"])).buffer(0))
        if not parts:
            raise ValueError(f"{path}: no features with a municipality code ({', '.join(CODE_PROPERTIES)})")
        self.codes = sorted(parts)
        self.shapes = {c: unary_union(parts[c]) for c in self.codes}
        for g in self.shapes.values():
            prepare(g)
        self._tree = STRtree([self.shapes[c] for c in self.codes])

    def place(self, code: str, lat: float, lon: float) -> Placement:
        from shapely.geometry import Point

        pt = Point(lon, lat)
        stated = self.shapes.get(code)
        if stated is not None and (stated.contains(pt) or stated.distance(pt) <= TOLERANCE_DEGREES):
            return Placement(True)
        hits = self._tree.query(pt, predicate="intersects")
        if len(hits):
            return Placement(False, self.codes[int(hits[0])])
        nearest = int(self._tree.nearest(pt))
        if self.shapes[self.codes[nearest]].distance(pt) <= TOLERANCE_DEGREES:
            return Placement(False, self.codes[nearest])
        return Placement(False, None)

    def most_of(self, area, among: set[str]) -> str | None:
        """Which of the municipalities `among` holds the largest part of a shapely geometry (a postcode area)."""
        overlaps = {code: self.shapes[code].intersection(area).area
                    for code in (self.codes[int(i)] for i in self._tree.query(area)) if code in among}
        return max(overlaps, key=overlaps.get) if overlaps else None


@cache
def load_boundaries(path: str) -> Boundaries:
    return Boundaries(Path(path))


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
