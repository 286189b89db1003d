"""Search: the document Pagefind indexes for each offer, the Pagefind bundles, and the postcode centres for
distance sort.

Design (the figures behind it, at 50,000 synthetic services, are in bench/README.md):
- Pagefind indexes one small HTML document per offer, made here from the model and handed to its indexing
  service in memory (pagefind_service.py), not the rendered pages: the pages need not carry hidden filter
  markup, and indexing runs while they are rendered. A document holds what says what an offer is, in the words
  of its Danish page (name, organisation, summary, description, the facts list, the places): no hours tables,
  contact details or maps, no other pages. Record text is written once, in the contributor's language, so the
  English pages hold the same words; indexing them too would double the indexing time and the files for no new
  matches. The English search page reads the same bundles (Pagefind falls back to the one language it has) and
  links each result to the English page; the English names of the categories and target groups are indexed in
  the Danish document, so "homework" finds "lektiehjælp".
- Pagefind bundles of the offers serving a group of municipalities: a region's (`pagefind/1084/`), or, where a
  region is served by more than SHARD_DOCUMENTS offers, one of about that many for a part of it
  (`pagefind/1084-2/`); and one with the nationwide offers (`pagefind/hele-landet/`), which a search within a
  municipality loads beside its municipality's. Pagefind's own metadata grows with the documents of a bundle
  and every search loads it whole, and an indexing process's memory grows with its documents until the bundle is
  written: small bundles keep a search within a municipality light and let the build index two bundles at a time
  within its memory budget, at the price of indexing again the few offers that serve municipalities of two
  bundles. A search across the country merges all the bundles in the browser and loads every bundle's metadata,
  which no bundling avoids (Pagefind keeps a fragment hash and a word count for every document there). So
  search.js looks in a place first (a municipality, chosen or found from a postcode or position), and the whole
  country (EVERYWHERE) is the reader's explicit choice.
- Filters carry codes, never labels: the search page shows them in its own language. A nationwide offer carries
  the municipality value NATIONWIDE instead of all 98 codes, which keeps the municipality filter small.
- Pagefind answers a filter-only search (no word) by loading its whole index, so every document also carries
  ALL_WORD, and search.js searches for that word when the reader typed none. Each municipality an offer serves
  is a word too (MUNICIPALITY_WORD + code, or NATIONWIDE_WORD): within a municipality the browser loads that
  word's entries instead of the whole municipality filter, and lists the municipality's own offers before the
  nationwide ones. The municipality filter stays in the index for anyone using the bundles otherwise.
- "Open now": one filter key per day of the published window (`aaben-2026-11-23`) whose values are the offer's
  opening times that day ("0900-1200+1300-1500"); `open-hours.json` lists each day's values, so the browser picks
  those open at this minute and loads only today's filter file. "Evenings" (open after 17:00) and "weekends" are
  one filter, `tid`.
- Distance: each place's grid cell (about 2 x 2 km) is a filter value, so the browser asks for the offers within
  a growing radius of a point and sorts only those by their exact coordinates, which travel in the meta.
- Age: a filter value for each age band an offer's ages cover (AGE_BANDS: every year up to 29, then five years at
  a time), so "my child is 7" is one exact value; an offer without ages is open to all ages (ALL_AGES), which
  the search page says. Wheelchair access: the best access any of the offer's places has, and every level below
  it in the schema's order, so "at least partly accessible" is one value too.
- A result card shows what decides a visit from the meta its fragment brings: price, access routes, ages, and
  the offer's open intervals in the published window (minutes from its start), the very intervals the service
  page's "open now" reads.
- The first search is a few round trips: the search page names each bundle's metadata file (bundles.json, written
  with the bundles, also inlined in the page) and the postcodes' municipalities, so a script in its head asks for
  the Pagefind runtime, the WebAssembly and the metadata of the bundles the search needs while the page's own
  scripts load; Pagefind then finds them fetched. One copy of the runtime serves every bundle, and it searches
  without its web worker (another script and a five-second wait for it on a slow phone).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import shutil
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from ..geo import postcodes as geo_postcodes
from ..hours.intervals import Interval, Window, expressions, open_intervals, service_intervals, union
from ..hours.parse import TIMEZONE
from ..sanitise import markdown_for_index, script_json
from ..urls import SEARCH_PARAMS, Paths
from .i18n import UI
from .pagefind_meta import MetaFormatError, read_meta
from .pagefind_service import PagefindError, PagefindService

INDEXED_LANG = "da"
BUNDLE = "pagefind"
NATIONWIDE = "hele-landet"
# Words on every indexed page: a search for ALL_WORD lists offers without a text query (Pagefind would load its
# whole index for a search without a word), and a municipality's word lists the offers serving it, loading only
# those offers' entries instead of the whole municipality filter.
ALL_WORD = "xxalle"
MUNICIPALITY_WORD = "xxk"  # + the code of a municipality the offer is located in or serves
NATIONWIDE_WORD = "xxhele"  # instead of all 98 municipalities' words
OPEN_KEY = "aaben-"  # + the day: one filter key per day of the published window
NO_PLACE = "ingen"
EVERYWHERE = "alle"  # the search page's municipality choice for the whole country (kommune=alle)
PARALLEL_BUNDLES = 2
# Offers in a bundle of a region's municipalities (see municipality_bundles). A first search reads its bundle's
# metadata, filters and index chunks whole, and they grow with its offers: at 50,000 services, bundles of about
# 2,000 instead of 5,000 took about 50 KB off a first search on a slow line (bench/README.md) for 5 % more documents.
SHARD_DOCUMENTS = 2_000
# Documents being indexed at once: Pagefind holds every document of a bundle in memory until it has written it, so
# these keep the whole build within its memory budget beside the page workers and the main process.
IN_FLIGHT_DOCUMENTS = 12_000  # after the pages: at most this many, PARALLEL_BUNDLES bundles side by side
RENDERING_DOCUMENTS = 9_000  # in one process, while the page workers render
CELL_LAT, CELL_LON = 0.02, 0.032  # degrees: about 2.2 x 2 km at Danish latitudes
CELL_KEY = "celle"  # the filter of the places' grid cells
# The search page's parameters that are filters of the index under the same name.
FILTER_PARAMS = ("category", "target_group", "language", "cost", "access", "wheelchair", "times", "age")
EVENING_FROM = 17  # an offer open at any time from 17:00 counts as open in the evening
ALL_AGES = "alle"  # the age value of an offer without an age limit
OLDEST = 120  # the schema's highest age
# Age bands: (youngest, oldest, filter value); a year each where an offer's limits are mostly drawn (children and
# young people), five years at a time above.
AGE_BANDS = (*((a, a, str(a)) for a in range(30)), *((a, a + 4, f"{a}-{a + 4}") for a in range(30, 100, 5)),
             (100, OLDEST, "100+"))
# Pagefind writes its own UIs, a web worker and a language-less WebAssembly file; the search page uses none.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",
    "wasm.unknown.pagefind",
)
# Where Pagefind's scripts fetch a bundle's WebAssembly, and where the build puts the one copy all bundles share:
# every bundle gets the same file from the same Pagefind, and a search within a municipality, which runs two
# Pagefind instances, would otherwise load it twice.
WASM_URL = "`${this.basePath}wasm.${language}.pagefind`"
SHARED_WASM_URL = "`${this.basePath}../wasm.${language}.pagefind`"
RUNTIME = "pagefind.js"
INDEX_FILE = "bundles.json"
# The search page's head script (inlined: as a file of its own it would cost a round trip before the requests it makes).
BOOT_SCRIPT = Markup((Path(__file__).parent / "assets" / "search-boot.js").read_text(encoding="utf-8"))
_DANISH_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})  # after z, in Danish order


class SearchIndexError(RuntimeError):
    """Pagefind failed; its own output says why."""


# --- what Pagefind is told about an offer -----------------------------------------------------------------------------


def cell(lat: float, lon: float) -> str:
    """The grid cell of a point, as search.js computes it: 'row_column'."""
    return f"{math.floor(lat / CELL_LAT)}_{math.floor(lon / CELL_LON)}"


def sort_name(name: str) -> str:
    """A sort value that puts names in Danish order (æ, ø, å after z; 'aa' is 'å') under Pagefind's plain sort."""
    return " ".join(name.casefold().split()).replace("aa", "å").translate(_DANISH_ORDER)


def _midnight_after(local: dt.datetime) -> int:
    return int(dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), TIMEZONE).timestamp())


@lru_cache(maxsize=16384)  # offers with the same hours share the answer
def day_hours(intervals: tuple[Interval, ...]) -> dict[str, str]:
    """Open intervals as Copenhagen days and clock times: {"2026-11-23": "0900-1200+1300-1500"}.

    An interval past midnight is cut there and goes on the next day ("1800-2400", then "0000-0200").
    """
    days: dict[str, list[str]] = {}
    for a, b in intervals:
        t = a
        while t < b:
            local = dt.datetime.fromtimestamp(t, TIMEZONE)
            midnight = _midnight_after(local)
            stop = min(b, midnight)
            end = "2400" if stop == midnight else f"{dt.datetime.fromtimestamp(stop, TIMEZONE):%H%M}"
            days.setdefault(f"{local:%Y-%m-%d}", []).append(f"{local:%H%M}-{end}")
            t = stop
    return {day: "+".join(spans) for day, spans in days.items()}


@lru_cache(maxsize=8192)
def _usual_flags(expressions: tuple[str, ...], window: Window) -> tuple[str, ...]:
    """'aften' when the offer is open at some time from 17:00, 'weekend' when on a Saturday or Sunday."""
    usual = union(*(open_intervals(e, window) for e in expressions))
    flags = []
    days = day_hours(usual)
    if any(int(span[5:9]) > EVENING_FROM * 100 for spans in days.values() for span in spans.split("+")):
        flags.append("aften")
    if any(dt.date.fromisoformat(day).weekday() >= 5 for day in days):
        flags.append("weekend")
    return tuple(flags)


def times(service: dict, window: Window) -> dict:
    """When an offer is open in the window, day by day, and its evening/weekend flags.

    The flags describe the offer's usual week, so a seasonal offer keeps them outside its season.
    """
    return {
        "days": day_hours(service_intervals(service, window)),
        "flags": _usual_flags(expressions(service), window),
    }


def open_hours_values(services: list[dict], window: Window) -> dict[str, list[str]]:
    """Every day's distinct opening times in the index: search.js picks those open at the moment and asks
    Pagefind for any of them, so one small filter file per day answers "open now" to the minute."""
    found: dict[str, set[str]] = {}
    for s in services:
        for day, spans in times(s, window)["days"].items():
            found.setdefault(day, set()).add(spans)
    return {day: sorted(values) for day, values in sorted(found.items())}


def url(service_id: str) -> str:
    """A result's address: the offer's Danish page, from the site root."""
    return "/" + Paths(INDEXED_LANG).service(service_id)


def document(service: dict, model) -> str:
    """The HTML Pagefind indexes for one offer: what says what it is, in the words of its Danish page.

    Name (as the title and the heading Pagefind weighs most), organisation, summary, description, the facts
    list with Danish and English labels, the places; then the filters, sort key and result meta as Pagefind's
    attributes. Hours, contact details and maps are left out: they only add noise and index size. Every value
    is escaped: this is record text from strangers, and Pagefind shows the meta in results.
    """
    f = facts(service, model)
    label = model.label
    words = [
        service.get("eligibility_description"),
        ", ".join(label("target_groups", g, INDEXED_LANG) for g in service["target_groups"]),
        ", ".join(label("categories", c, INDEXED_LANG) for c in service["categories"]),
        model.enums["cost"][INDEXED_LANG][service["cost"]],
        service.get("cost_description"),
        service.get("access_description"),
        ", ".join(label("languages", code, INDEXED_LANG) for code in service["languages"]),
    ]
    for loc in service["locations"]:
        words += [loc.get("name"), loc.get("street_address"), f"{loc.get('postcode', '')} {loc.get('city', '')}",
                  model.municipalities[loc["municipality_code"]]["name"]]
    words += [model.municipalities[code]["name"] for code in service["service_areas"]]
    attributes = [_attribute("filter", key, value) for key, value in f["filters"]]
    attributes += [_attribute("sort", key, value) for key, value in f["sort"].items()]
    attributes += [_attribute("meta", key, value) for key, value in f["meta"].items()]
    description = markdown_for_index(service.get("description"))
    return (
        f'<html lang="{INDEXED_LANG}"><body><main data-pagefind-body>'
        f'<h1 data-pagefind-meta="title">{escape(service["name"])}</h1>'
        f"<p>{escape(model.organisations[service['organisation_id']]['name'])}</p>"
        f"<p>{escape(service['summary'])}</p>{description}"
        f"<p>{escape('. '.join(w for w in words if w and w.strip()))}</p>"
        f'<p lang="en">{escape(". ".join(f["english"]))}</p><p>{" ".join(f["words"])}</p>'
        f'<div hidden>{"".join(attributes)}</div></main></body></html>'
    )


def _attribute(kind: str, key: str, value: str) -> str:
    return f'<i data-pagefind-{kind}="{escape(key)}:{escape(value)}"></i>'


def escape(text: str) -> str:
    """Text as HTML text or attribute: html.escape makes plain strings, much cheaper than Markup ones over the
    fifty or so values of every document."""
    return html.escape(text, quote=True)


def facts(service: dict, model) -> dict:
    """Everything the search partial puts on a service page: filters, sort value, result meta and words."""
    located = [loc for loc in service["locations"] if loc.get("latitude") is not None]
    nationwide = bool(service.get("nationwide"))
    english = [model.label("categories", c, "en") for c in service["categories"]]
    english += [model.label("target_groups", g, "en") for g in service["target_groups"]]
    words = [NATIONWIDE_WORD] if nationwide else [MUNICIPALITY_WORD + code for code in service["served"]]
    window = Window.around(model.built)
    access = wheelchair_values(service, list(model.enums["wheelchair"][INDEXED_LANG]))
    return {
        "filters": _filters(service, times(service, window), located, access),
        "sort": {"navn": sort_name(service["name"])},
        "meta": _meta(service, model.organisations[service["organisation_id"]], located, window, access[:1]),
        "english": english,
        "words": [ALL_WORD, *words],
    }


def _filters(service: dict, when: dict, located: list[dict], wheelchair: list[str]) -> list[tuple[str, str]]:
    key = SEARCH_PARAMS
    served = [NATIONWIDE] if service.get("nationwide") else service["served"]
    filters = [(key["municipality"], code) for code in served]
    filters += [(key["category"], c) for c in service["categories"]]
    filters += [(key["target_group"], g) for g in service["target_groups"]]
    filters += [(key["language"], code) for code in service["languages"]]
    filters.append((key["cost"], service["cost"]))
    filters += [(key["access"], route) for route in service["access"]]
    filters += [(key["times"], flag) for flag in when["flags"]]
    filters += [(key["age"], band) for band in age_values(service.get("age_min"), service.get("age_max"))]
    filters += [(key["wheelchair"], level) for level in wheelchair]
    filters += [(OPEN_KEY + day, spans) for day, spans in when["days"].items()]
    cells = dict.fromkeys(cell(loc["latitude"], loc["longitude"]) for loc in located) or {NO_PLACE: None}
    return filters + [(CELL_KEY, c) for c in cells]


def age_values(youngest: int | None, oldest: int | None) -> list[str]:
    """The age bands an offer for ages youngest..oldest covers (a missing limit is no limit); ALL_AGES for an
    offer without ages, which the search counts as open to every age."""
    if youngest is None and oldest is None:
        return [ALL_AGES]
    low, high = youngest or 0, OLDEST if oldest is None else oldest
    return [value for first, last, value in AGE_BANDS if first <= high and last >= low]


def wheelchair_values(service: dict, levels: list[str]) -> list[str]:
    """The best wheelchair access of the offer's places and every level below it (`levels` from best to worst,
    the schema's order): the filter value "limited" then finds the places with limited access or better."""
    found = [levels.index(loc["wheelchair"]) for loc in service["locations"] if loc.get("wheelchair") in levels]
    return levels[min(found):] if found else []


def compact_hours(intervals: tuple[Interval, ...], window: Window) -> str:
    """Open intervals as a result card reads them: "start:length:a-b,a-b" with the window's start in Unix seconds
    and everything else in minutes from it (opening hours and the clocks' changes fall on whole minutes)."""
    spans = ",".join(f"{(a - window.start) // 60}-{(b - window.start) // 60}" for a, b in intervals)
    return f"{window.start}:{(window.end - window.start) // 60}:{spans}"


def _meta(service: dict, organisation: dict, located: list[dict], window: Window,
          wheelchair: list[str]) -> dict[str, str]:
    """What a result shows (title comes from the page's h1), where the offer's places are for distance, and what
    decides a visit: price, access routes, ages, the best wheelchair access of its places, and when it is open."""
    low, high = service.get("age_min"), service.get("age_max")
    meta = {
        "id": service["id"],
        "summary": service["summary"],
        "organisation": organisation["name"],
        "place": ", ".join(dict.fromkeys(loc["city"] for loc in service["locations"])),
        "nationwide": "1" if service.get("nationwide") else "",
        "geo": ";".join(f"{loc['latitude']:.4f},{loc['longitude']:.4f}" for loc in located),
        "status": "" if service["status"] == "active" else service["status"],
        "cost": service["cost"],
        "access": ",".join(service["access"]),
        "age": "" if low is None and high is None else f"{'' if low is None else low}-{'' if high is None else high}",
        "wheelchair": "".join(wheelchair),
        "hours": compact_hours(service_intervals(service, window), window) if expressions(service) else "",
        "verified": service["last_verified"].isoformat(),  # the stale notice (handout.js)
    }
    return {key: value for key, value in meta.items() if value}


# --- the search page -----------------------------------------------------------------------------------------


def page_context(model, lang: str, index: dict | None, root: str) -> dict:
    """The search page's controls, with labels in its language and the values the filters carry, and what the
    script in its head needs to start the first search's requests (`index`: the bundles' bundle_index)."""

    def by_label(pairs) -> list[tuple[str, str]]:
        return sorted(pairs, key=lambda kv: sort_name(kv[1]))

    used = {code for s in model.services for code in s["languages"]}
    wheelchair = list(model.enums["wheelchair"][lang].items())
    labels = {name: model.enums[name][lang] for name in ("status", "cost", "access", "wheelchair")}
    shared = {key: UI[lang][key] for key in ("age", "age_range", "age_from", "age_to", "search_everywhere")}
    return {
        "municipalities": by_label((c, m["name"]) for c, m in model.municipalities.items()),
        "words": {"all": ALL_WORD, "municipality": MUNICIPALITY_WORD, "nationwide": NATIONWIDE_WORD},
        "categories": by_label(model.labels["categories"][lang].items()),
        "target_groups": by_label(model.labels["target_groups"][lang].items()),
        "languages": by_label((code, model.label("languages", code, lang)) for code in used),
        "access_routes": list(model.enums["access"][lang].items()),
        "costs": list(model.enums["cost"][lang].items()),
        "wheelchair_levels": wheelchair[:-1],  # "at least": the worst level would find every place that says
        "age_bands": [[first, last, value] for first, last, value in AGE_BANDS],
        "all_ages": ALL_AGES,
        "oldest": OLDEST,
        "no_place": NO_PLACE,
        "everywhere": EVERYWHERE,
        "open_key": OPEN_KEY,
        "cell": [CELL_LAT, CELL_LON],
        "cell_key": CELL_KEY,
        "texts": script_json({**UI[lang]["search_js"], **shared, "labels": labels}),
        "boot": script_json(boot_data(index, root)),
        "boot_script": BOOT_SCRIPT,
    }


def boot_data(index: dict | None, root: str) -> dict:
    """What the search page's head script (assets/search-boot.js) reads to start a search's first requests."""
    return {"index": index, "base": root + BUNDLE + "/", "runtime": RUNTIME, "lang": INDEXED_LANG,
            "everywhere": EVERYWHERE, "params": SEARCH_PARAMS, "postcodes": postcode_runs(),
            "words": {"all": ALL_WORD, "municipality": MUNICIPALITY_WORD, "nationwide": NATIONWIDE_WORD},
            "filters": [SEARCH_PARAMS[name] for name in FILTER_PARAMS], "open_key": OPEN_KEY, "cell_key": CELL_KEY}


@lru_cache(maxsize=1)
def postcode_runs() -> str:
    """Each postcode's municipality for search-boot.js, compact (about 2 KB): "1000-1499:101,1500-1799:101,..."
    as runs of postcodes in table order that share a municipality. A code in a gap of a run (no such postcode)
    gets the run's municipality: the head script only chooses what to fetch early, search.js finds the place."""
    runs: list[list] = []
    for code, _name, _lat, _lon, municipality in postcodes():
        low, _, high = code.partition("-")
        if runs and runs[-1][2] == municipality:
            runs[-1][1] = high or low
        else:
            runs.append([low, high or low, municipality])
    return ",".join(f"{low}-{high}:{m}" if low != high else f"{low}:{m}" for low, high, m in runs)


# --- the index -----------------------------------------------------------------------------------------------


def pagefind_executable() -> Path:
    from pagefind.service import get_executable

    exe = get_executable()
    if exe is None:
        raise SearchIndexError("the Pagefind binary is missing: install the pinned `pagefind[extended]`")
    return exe


def municipality_bundles(model) -> dict[str, str]:
    """The bundle of each municipality: its region's, or, in a region served by more than SHARD_DOCUMENTS
    offers, one of about that many offers made of municipalities next to each other in code order (the codes
    go by old county, so these are mostly neighbours): '1084' or '1084-2'."""
    serving = Counter(code for s in model.services if not s.get("nationwide") for code in s["served"])
    by_region: dict[str, list[str]] = {}
    for code in sorted(model.municipalities, key=int):
        by_region.setdefault(model.municipalities[code]["region_code"], []).append(code)
    found = {}
    for region, codes in sorted(by_region.items()):
        total = sum(serving[c] for c in codes)
        parts = max(1, round(total / SHARD_DOCUMENTS))
        before = 0
        for code in codes:
            found[code] = region if parts == 1 else f"{region}-{before * parts // total + 1}"
            before += serving[code]
    return found


def shards(model, bundle_of: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Service ids per bundle: the bundles of municipality_bundles (`bundle_of`, worked out here when not
    given) with the offers serving their municipalities, and one (NATIONWIDE) with the nationwide offers, so
    that a search within a municipality needs two bundles, each sorted by Pagefind, and a nationwide offer is
    indexed once."""
    if bundle_of is None:
        bundle_of = municipality_bundles(model)
    found: dict[str, list[str]] = {name: [] for name in sorted(set(bundle_of.values()))}
    found[NATIONWIDE] = []
    for s in model.services:
        if s.get("nationwide"):
            found[NATIONWIDE].append(s["id"])
            continue
        for name in sorted({bundle_of[c] for c in s["served"]}):
            found[name].append(s["id"])
    return {name: ids for name, ids in found.items() if ids}


def index_site(out: Path, model, pages_written=None) -> dict[str, int]:
    """Index every offer's search document into the bundles of `shards`, in `out/pagefind/<bundle>/`.

    Pagefind processes build PARALLEL_BUNDLES bundles at a time (a process's memory grows with the documents of
    its bundle) from documents made here in memory, so they need no page on disk. `pages_written` is a
    background.Signal the build raises when the pages are written: until then one process indexes bundles of
    at most RENDERING_DOCUMENTS beside the page workers, which keeps both cores busy within the memory budget.
    Last comes `bundles.json`: the bundles, and the bundle of each municipality, for search.js.
    Returns the number of documents in each bundle.
    """
    bundle = out / BUNDLE
    by_id = {s["id"]: s for s in model.services}
    bundle_of = municipality_bundles(model)
    bundles = shards(model, bundle_of)
    # Bundles (the folders) of a previous build go, or their fragments would stay behind; the files beside them
    # stay: the build writes those meanwhile (write_search_data).
    for old in bundle.iterdir() if bundle.is_dir() else ():
        if old.is_dir():
            shutil.rmtree(old)
    repeated = Counter(sid for ids in bundles.values() for sid in ids)
    kept: dict[str, tuple[str, str]] = {}  # offers in several bundles made once

    def doc(sid: str) -> tuple[str, str]:
        if sid in kept:
            return kept[sid]
        made = (url(sid), document(by_id[sid], model))
        if repeated[sid] > 1:
            kept[sid] = made
        return made

    def index_bundle(name: str) -> int:
        with PagefindService(pagefind_executable()) as pagefind:
            count = pagefind.index((doc(sid) for sid in bundles[name]), bundle / name, skip=UNUSED)
        _share_runtime(bundle / name)
        return count

    sizes = {name: len(ids) for name, ids in bundles.items()}
    if pages_written is None:
        queue = _BundleQueue(sizes, IN_FLIGHT_DOCUMENTS, PARALLEL_BUNDLES)
    else:
        queue = _BundleQueue(sizes, RENDERING_DOCUMENTS, 1, final=False)
        threading.Thread(target=lambda: (pages_written.wait(), queue.widen(IN_FLIGHT_DOCUMENTS, PARALLEL_BUNDLES)),
                         name="pages-written", daemon=True).start()
    counts: dict[str, int] = {}

    def work() -> None:
        while (name := queue.take()) is not None:
            try:
                counts[name] = index_bundle(name)
            finally:
                queue.done(name)

    try:
        with ThreadPoolExecutor(max_workers=PARALLEL_BUNDLES) as pool:
            for running in [pool.submit(work) for _ in range(PARALLEL_BUNDLES)]:
                running.result()
    except PagefindError as error:
        raise SearchIndexError(str(error)) from error
    # Which bundle holds which municipality's offers, written with the bundles: mkdocs serve re-renders the
    # search page after an edit but keeps the last full build's bundles, and the page must not disagree.
    bundle.mkdir(parents=True, exist_ok=True)  # an empty catalogue has no bundle, and says so
    index = bundle_index(bundle, bundles, bundle_of, model)
    (bundle / INDEX_FILE).write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
    return {name: counts[name] for name in bundles}


def bundle_index(folder: Path, bundles: dict[str, list[str]], bundle_of: dict[str, str], model) -> dict:
    """What the search page needs to know of the bundles before Pagefind has read anything: for each bundle its
    index version (its metadata file is `pagefind.<version>.pf_meta`), its index chunks ([first word, last word,
    file]) and its filters' files, so that the page's head can ask at once for the files a search will read;
    the nationwide bundle; and the bundle of each municipality that offers of its own serve (a municipality
    missing here has none: its word is in no index)."""
    own = {code for s in model.services if not s.get("nationwide") for code in s["served"]}
    found = {}
    for name in bundles:
        entry = json.loads((folder / name / "pagefind-entry.json").read_text(encoding="utf-8"))
        version = entry["languages"][INDEXED_LANG]["hash"]
        try:
            meta = read_meta(folder / name / f"pagefind.{version}.pf_meta")
        except (OSError, MetaFormatError) as error:
            raise SearchIndexError(f"{error}: update generator/site/pagefind_meta.py for the pinned Pagefind") from None
        filters = {key: file for key, file in meta.filters.items() if key != SEARCH_PARAMS["municipality"]}
        found[name] = {"v": version, "c": [list(chunk) for chunk in meta.chunks], "f": filters}
    return {"bundles": found, "nationwide": NATIONWIDE,
            "municipalities": {code: name for code, name in bundle_of.items() if code in own}}


def read_index(out: Path) -> dict | None:
    """The bundles' index (bundle_index) of the last full build into `out`, if there is one."""
    path = out / BUNDLE / INDEX_FILE
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found.get("bundles"), dict) else None  # an older build's list of names


def _share_runtime(folder: Path) -> None:
    """Point a bundle's script at the WebAssembly beside the bundles (SHARED_WASM_URL) and move the script and
    its WebAssembly there: the same bytes from every bundle of one build. A Pagefind that fetches its WebAssembly
    otherwise stops the build, rather than leave the search without it."""
    path = folder / RUNTIME
    text = path.read_text(encoding="utf-8")
    if text.count(WASM_URL) != 1:
        raise SearchIndexError(f"{path}: Pagefind no longer fetches its WebAssembly from {WASM_URL}; "
                               "update search.WASM_URL for the pinned Pagefind")
    shared = folder / (RUNTIME + ".shared")  # bundles are indexed side by side: each replaces the copy at once
    shared.write_text(text.replace(WASM_URL, SHARED_WASM_URL), encoding="utf-8")
    shared.replace(folder.parent / RUNTIME)
    path.unlink()
    for wasm in folder.glob("wasm.*.pagefind"):
        wasm.replace(folder.parent / wasm.name)


class _BundleQueue:
    """Bundles to index, handed out largest first while the documents in flight stay within `limit` and the
    bundles in flight within `slots`. A bundle larger than the limit runs alone, once the limit is final:
    `widen` raises limit and slots when the rest of the build frees memory and a core."""

    def __init__(self, sizes: dict[str, int], limit: int, slots: int, final: bool = True):
        self.left = sorted(sizes, key=lambda name: -sizes[name])
        self.sizes, self.limit, self.slots, self.final = sizes, limit, slots, final
        self.used = self.running = 0
        self.changed = threading.Condition()

    def take(self) -> str | None:
        with self.changed:
            while self.left:
                name = self._next()
                if name is not None:
                    self.left.remove(name)
                    self.used += self.sizes[name]
                    self.running += 1
                    return name
                self.changed.wait()
            return None

    def _next(self) -> str | None:
        if self.running >= self.slots:
            return None
        fits = [n for n in self.left if self.used + self.sizes[n] <= self.limit]
        if fits:
            return fits[0]
        return self.left[0] if self.running == 0 and self.final else None

    def done(self, name: str) -> None:
        with self.changed:
            self.used -= self.sizes[name]
            self.running -= 1
            self.changed.notify_all()

    def widen(self, limit: int, slots: int) -> None:
        with self.changed:
            self.limit, self.slots, self.final = limit, slots, True
            self.changed.notify_all()


# --- postcodes -----------------------------------------------------------------------------------------------


def postcodes() -> tuple[tuple[str, str, float, float, str], ...]:
    """(postcode or range such as '1000-1499', town, lat, lon, the municipality holding most of it): where a search
    from that postcode looks first (search.js). The table is geo's, derived from DAGI by tools/geodata.py."""
    return tuple((p.code, p.name, p.lat, p.lon, p.municipalities[0]) for p in geo_postcodes())


def postcode_json() -> str:
    """The postcode table for search.js: {"8000": [lat, lon, "Aarhus C", "751"], "1000-1499": [...]}."""
    return json.dumps({code: [lat, lon, name, municipality] for code, name, lat, lon, municipality in postcodes()},
                      ensure_ascii=False, separators=(",", ":"))


def write_search_data(out: Path, model) -> None:
    """What search.js loads on demand beside Pagefind's bundle: the postcode table and each day's opening times."""
    bundle = out / BUNDLE
    bundle.mkdir(parents=True, exist_ok=True)
    (bundle / "postcodes.json").write_text(postcode_json(), encoding="utf-8")
    window = Window.around(model.built)
    values = {"from": window.first_day.isoformat(), "until": window.last_day.isoformat(),
              "days": open_hours_values(model.services, window)}
    (bundle / "open-hours.json").write_text(json.dumps(values, separators=(",", ":")), encoding="utf-8")

