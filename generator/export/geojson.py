"""Offers as GeoJSON: one point feature per located place of a service, with what a map user needs.

The same features feed `/data/services.geojson` (the whole country) and each municipality's feed, so a
feature means the same thing wherever it is published.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..enrich import SiteModel
from ..output import dumps_bytes, write_file
from ..urls import service_page


def service_features(services: Iterable[dict], model: SiteModel, base_url: str = "") -> list[dict]:
    """Point features for the located places of `services`; `base_url` (may be empty) prefixes page URLs."""
    features = []
    for s in services:
        org = model.organisations.get(s["organisation_id"], {})
        for loc in s["locations"]:
            if loc.get("latitude") is None or loc.get("longitude") is None:
                continue
            code = loc["municipality_code"]
            properties = {
                "id": s["id"],
                "name": s["name"],
                "organisation_id": s["organisation_id"],
                "organisation": org.get("name", s["organisation_id"]),
                "location_id": loc["id"],
                "location": loc.get("name"),
                "address": _address(loc),
                "municipality_code": code,
                "municipality": model.municipalities.get(code, {}).get("name"),
                "categories": list(s["categories"]),
                "target_groups": list(s["target_groups"]),
                "cost": s.get("cost"),
                "opening_hours": loc.get("opening_hours"),
                "url": base_url + service_page(s["id"]),
            }
            features.append(
                {
                    "type": "Feature",
                    "id": f"{s['id']}/{loc['id']}",
                    # RFC 7946: longitude first, WGS 84; six decimals is about 10 cm.
                    "geometry": _point(loc),
                    "properties": properties,
                }
            )
    return features


def feature_collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def write_geojson(path: Path, features: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # One dumps and one write: json.dump writes chunk by chunk, which is much slower for the whole country.
    write_file(str(path), dumps_bytes(feature_collection(features)))


def _address(loc: dict) -> str | None:
    parts = [loc.get("street_address"), " ".join(p for p in (loc.get("postcode"), loc.get("city")) if p)]
    text = ", ".join(p for p in parts if p)
    return text or None


def _point(loc: dict) -> dict:
    return {"type": "Point", "coordinates": [round(loc["longitude"], 6), round(loc["latitude"], 6)]}
