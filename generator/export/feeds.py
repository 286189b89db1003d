"""The municipality feeds: what the embed widget shows, as JSON and GeoJSON that anyone may read.

- `data/kommuner/<code>.json`: the offers located in or serving a municipality, one object each with what the
  widget shows (name, organisation, places, facets, cost, status) and its open intervals in the published
  window as an index into a shared `hours` table (many offers share their hours). Nationwide offers are in
  one shared `data/kommuner/hele-landet.json` instead (unless they have a place in the municipality): they are
  most of every municipality's offers in a national catalogue, and repeating them in 98 files would make each
  widget load them before showing a single local offer. `data/kommuner/alle.json` holds every offer that is not
  nationwide. The format is documented in docs/indlejring.md.
- `data/kommuner/<code>.geojson`: the located places of the same offers as GeoJSON, from the features the
  national GeoJSON uses (geojson.py), so a feature means the same thing in both.

Each offer's JSON object is serialised once and joined into every feed that lists it.
"""

from __future__ import annotations

from pathlib import Path

from ..hours.intervals import Window, expressions, service_intervals
from ..hours.words import WORDS, in_words
from ..sanitise import inert_json, safe_url
from ..texts import LANGS
from ..urls import FEED_ALL, FEED_NATIONWIDE, FEEDS, Paths
from .geojson import service_features, write_geojson

FORMAT = "velfaerdskataloget/municipality-feed"
VERSION = 1


# A words index in a serialised row until a feed numbers its own table: `"words":-1` cannot occur inside a JSON
# string (its quotes would be escaped), so the row's own markers are found in order.
WORDS_MARK = -1


class Feeds:
    """Every feed's rows, each offer serialised once; `hours` is the shared table of open-interval lists, `words`
    the shared table of opening hours in words (Danish, English) that the print handout shows."""

    def __init__(self, model):
        self.model = model
        self.window = Window.around(model.built)
        self.hours: dict[tuple, int] = {}
        self.words: dict[tuple[str, str], int] = {}
        self._rows: dict[str, tuple[str, int | None, tuple[int, ...]]] = {}

    def _words(self, expression: str | None, used: list[int]) -> str | None:
        """A marker for the expression's entry in `words` (None without hours), its index noted in `used`."""
        if not expression:
            return None
        said = tuple((w.compact() if (w := in_words(expression, lang)) else WORDS[lang]["see_page"]) for lang in LANGS)
        used.append(self.words.setdefault(said, len(self.words)))
        return WORDS_MARK

    def _place(self, loc: dict, used: list[int]) -> dict:
        address = f"{loc['street_address']}, {loc['postcode']} {loc['city']}"
        return {
            "name": loc.get("name") or None,
            "address": address,
            "municipality_code": loc["municipality_code"],
            "lat": round(loc["latitude"], 5),  # about a metre: plenty for a marker, and fewer bytes
            "lon": round(loc["longitude"], 5),
            "words": self._words(loc.get("opening_hours"), used),
        }

    def _open(self, service: dict) -> int | None:
        if not expressions(service):
            return None  # no hours given: unknown, not closed
        intervals = service_intervals(service, self.window)
        return self.hours.setdefault(intervals, len(self.hours))

    def row(self, service: dict) -> tuple[str, int | None, tuple[int, ...]]:
        """The offer's JSON object as text, its index into `hours` and its indexes into `words`, in the order of
        their markers (so a feed can renumber them)."""
        if service["id"] not in self._rows:
            org = self.model.organisations.get(service["organisation_id"], {})
            used: list[int] = []
            places = [self._place(loc, used) for loc in service["locations"]]
            data = {
                "id": service["id"],
                "name": service["name"],
                "organisation": org.get("name", service["organisation_id"]),
                "status": service["status"],
                "cost": service.get("cost"),
                "nationwide": bool(service.get("nationwide")),
                "categories": list(service["categories"]),
                "target_groups": list(service["target_groups"]),
                "languages": list(service["languages"]),
                "places": places,
                "words": self._words(service.get("opening_hours"), used),
                "phone": service.get("phone") or None,
                "website": safe_url(service.get("website")) or None,
                "verified": service["last_verified"].isoformat(),
            }
            self._rows[service["id"]] = (inert_json(data)[:-1], self._open(service), tuple(used))
        return self._rows[service["id"]]

    def feed(self, scope: str, municipality: dict | None, services: list[dict]) -> str:
        """One feed as JSON text: the offers in name order, each with `open` pointing into this feed's `hours`."""
        local: dict[int, int] = {}
        said: dict[int, int] = {}
        rows = []
        for s in services:
            text, hours, words = self.row(s)
            if hours is not None:
                hours = local.setdefault(hours, len(local))
            for index in words:
                text = text.replace(f'"words":{WORDS_MARK}', f'"words":{said.setdefault(index, len(said))}', 1)
            rows.append(f'{text},"open":{"null" if hours is None else hours}}}')
        tables = {index: intervals for intervals, index in self.hours.items()}
        phrases = {index: list(texts) for texts, index in self.words.items()}
        head = {
            "format": FORMAT,
            "version": VERSION,
            "scope": scope,  # "municipality", "country" (alle.json) or "nationwide" (hele-landet.json)
            "municipality": (
                {"code": municipality["code"], "name": municipality["name"], "region": municipality["region_name"]}
                if municipality
                else None
            ),
            "built": self.model.built.isoformat(timespec="seconds"),
            "window": {"from": self.window.start, "until": self.window.end},
            "pages": {lang: Paths(lang).service("{id}") for lang in LANGS},
            "hours": [tables[k] for k in local],
            "words": [phrases[k] for k in said],
        }
        if scope != "nationwide":
            head["nationwide_feed"] = f"{FEED_NATIONWIDE}.json"
        return inert_json(head)[:-1] + ',"services":[' + ",".join(rows) + "]}"


def local(service: dict, code: str | None) -> bool:
    """Whether an offer belongs in a municipality's own feed (`code`), or in alle.json (None): every offer that
    is not nationwide, and a nationwide one only where it has a place, which is where its marker goes."""
    if not service.get("nationwide"):
        return True
    return code is not None and any(loc["municipality_code"] == code for loc in service["locations"])


def write_feeds(model, out: Path) -> int:
    """data/kommuner/<code>.json and .geojson for every municipality, alle.json and hele-landet.json; returns
    how many files. Both feeds of a municipality hold the same offers (the national GeoJSON has them all)."""
    feeds, folder = Feeds(model), out / FEEDS
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for code, muni in sorted(model.municipalities.items()):
        services = model.by_municipality.get(code, [])
        own = [s for s in services if local(s, code)]
        (folder / f"{code}.json").write_text(feeds.feed("municipality", muni, own), encoding="utf-8")
        write_geojson(folder / f"{code}.geojson", service_features(own, model))
        n += 2
    everything = [s for s in model.services if local(s, None)]
    (folder / f"{FEED_ALL}.json").write_text(feeds.feed("country", None, everything), encoding="utf-8")
    nationwide = [s for s in model.services if s.get("nationwide")]
    (folder / f"{FEED_NATIONWIDE}.json").write_text(feeds.feed("nationwide", None, nationwide), encoding="utf-8")
    return n + 2
