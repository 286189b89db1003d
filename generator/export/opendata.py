"""Everything published under `/data/` besides the CSV package, plus the sitemap: one call from the build.

The stable URLs (documented in docs/aabne-data.md and docs/en/open-data.md):
  /data/datapackage.json, /data/*.csv        the Frictionless package (written by datapackage.py)
  /data/datapackage.zip                      the same package as one file
  /data/services.geojson                     one point per located place of a service
  /data/hsds/                                the static HSDS 3.0 API
  /data/dcat.jsonld                          DCAT-AP description of the dataset and its distributions
  /data/changes.atom, /data/changes/<code>.atom   changes, for the country and per municipality
  /data/kalender/<id>.ics                    an offer's weekly sessions as iCalendar (calendar.py)
  /sitemap.xml                               every page with its lastmod
"""

from __future__ import annotations

import json
import resource
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..enrich import SiteModel
from ..licence import Licence
from ..urls import CHANGES, DATAPACKAGE, DATAPACKAGE_ZIP, DCAT, GEOJSON, HSDS, HSDS_INDEX, MUNICIPALITY_CHANGES, Paths
from ..validate.validator import Result
from . import atom, dcat, geojson, hsds, sitemap
from .calendar import write_calendars
from .dates import record_dates

PUBLISHER = "Velfærdskataloget"
DOCS_PAGE = Paths("da").open_data  # every URL here, with examples


@dataclass
class OpenDataStats:
    hsds: dict[str, int]
    feeds: int
    sitemap_urls: int


def add_licence(package_path: Path, licence: Licence) -> None:
    """Name the licence in datapackage.json (Data Package `licenses`: name, path, title)."""
    package = json.loads(package_path.read_text(encoding="utf-8"))
    package["licenses"] = [{"name": licence.id, "path": licence.url, "title": licence.name}]
    package_path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_zip(data: Path) -> Path:
    """datapackage.json with every file it names, as one zip a spreadsheet user can download at once."""
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    names = ["datapackage.json"]
    for r in package["resources"]:
        names += [r["path"], r["schema"]] if isinstance(r.get("schema"), str) else [r["path"]]
    target = data / "datapackage.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name in dict.fromkeys(names):
            z.write(data / name, name)
    return target


def distributions(package: dict) -> list[dcat.Distribution]:
    D = dcat.Distribution
    out = [
        D(DATAPACKAGE, "Datapakke (Frictionless), beskrivelse af tabellerne",
          "Data package (Frictionless), description of the tables",
          "Alle tabellers felter, typer, nøgler og licens (Frictionless Data Package); CSV-filerne ligger ved "
          "siden af.",
          "Every table's fields, types, keys and licence (Frictionless Data Package); the CSV files sit beside it.",
          "application/json", "JSON"),
        D(DATAPACKAGE_ZIP, "Datapakken med alle CSV-filer som zip", "The data package with every CSV as a zip",
          "datapackage.json med alle CSV-filer og skemaer i én fil, til regneark og andre, der vil hente alt på én "
          "gang.", "datapackage.json with every CSV file and schema in one file, for spreadsheets and anyone who "
          "wants everything at once.", "application/zip", "ZIP"),
        D(GEOJSON, "Tilbuddenes steder som GeoJSON", "Places of the offers as GeoJSON",
          "Ét punkt (WGS 84) pr. sted, hvor et tilbud foregår, med navn, organisation, kommune, kategorier, "
          "målgrupper, pris, åbningstider og tilbuddets side.", "One point (WGS 84) per place where an offer happens, "
          "with name, organisation, municipality, categories, target groups, cost, opening hours and the offer's "
          "page.", "application/geo+json", "GEOJSON"),
        D(HSDS_INDEX, "HSDS 3.0 (Open Referral), statisk API", "HSDS 3.0 (Open Referral), static API",
          "Roden af et skrivebeskyttet HSDS 3.0-API: ét dokument pr. tilbud og organisation under deres HSDS-id og "
          "sidevise lister, som den officielle OpenAPI-beskrivelse foreskriver.", "The root of a read-only HSDS 3.0 "
          "API: one document per offer and organisation under its HSDS id, and paged lists, at the paths of the "
          "official OpenAPI description.", "application/json", "JSON"),
        D(CHANGES, "Ændringer (Atom-feed)", "Changes (Atom feed)",
          "De senest nye, ændrede og lukkede tilbud i hele landet, nyeste først; hver kommune har sit eget feed.",
          "The offers most recently added, changed or closed in the whole country, newest first; each "
          "municipality has a feed of its own.", "application/atom+xml", "ATOM"),
    ]
    for r in package["resources"]:
        da, en = r.get("x-da", {}).get("title", r["title"]), r["title"]
        out.append(D(f"data/{r['path']}", f"CSV: {da}", f"CSV: {en}",
                     f"Tabellen {r['name']} som CSV (UTF-8), beskrevet i datapackage.json: {da}.",
                     f"The table {r['name']} as CSV (UTF-8), described in datapackage.json: {en}.",
                     "text/csv", "CSV"))
    return out


def write_open_data(root: Path, result: Result, model: SiteModel, out: Path, config: Settings,
                    timings: dict[str, tuple[float, float]] | None = None) -> OpenDataStats:
    """Write the open data (after `write_package` has written the CSV package to `out/data`) and the sitemap.

    `timings`, when given, gets the wall and CPU seconds of each step (bench/open_data.py prints them).
    """
    base, licence = config.public_url, config.licence
    data = out / "data"
    services, organisations = model.services, list(model.organisations.values())
    clock = _Clock(timings)
    dates = record_dates(root, services, organisations)
    clock("dates (git log)")
    # The HSDS documents (most of the work) are written by worker processes while this one does the rest.
    finish_hsds = hsds.start_hsds(out / HSDS, services, organisations, dates=dates, licence=licence,
                                  profile_url=base + DOCS_PAGE)
    clock("hsds (start)")
    add_licence(data / "datapackage.json", licence)
    write_zip(data)
    clock("zip")
    geojson.write_geojson(out / GEOJSON, geojson.service_features(services, model, base))
    clock("geojson")
    kw = {"base_url": base, "licence": licence, "organisations": model.organisations, "built": model.built}
    (out / CHANGES).write_text(
        atom.feed(services, dates, feed_url=base + CHANGES, title="Velfærdskataloget: ændringer", **kw),
        encoding="utf-8")
    (out / MUNICIPALITY_CHANGES).parent.mkdir(exist_ok=True)
    for code, muni in model.municipalities.items():
        path = MUNICIPALITY_CHANGES.format(code=code)
        (out / path).write_text(
            atom.feed(model.by_municipality.get(code, []), dates, feed_url=base + path,
                      title=f"Velfærdskataloget: ændringer i {muni['name']} Kommune", **kw),
            encoding="utf-8")
    clock("atom feeds")
    write_calendars(model, out, base)
    clock("calendars")
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    verified = [s["last_verified"] for s in services] or [model.built.date()]
    modified = max((d.updated for d in dates.values()), default=model.built)
    # Issued when the first record was committed; without Git history, when the first record was verified.
    added = [d.added.date() for d in dates.values() if d.added]
    doc = dcat.catalogue(base, distributions(package), licence, modified=modified, issued=min(added or verified),
                         first=min(verified), last=max(max(verified), model.built.date()), publisher=PUBLISHER,
                         docs_url=base + DOCS_PAGE)
    (out / DCAT).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    clock("dcat")
    pages = [*sitemap.record_pages(model, dates), *sitemap.other_pages(out, model.built.date())]
    urls = sitemap.write_sitemap(out, base, pages)
    clock("sitemap")
    hsds_counts = finish_hsds()
    clock("hsds (rest, and waiting for its workers)")
    return OpenDataStats(hsds_counts, 1 + len(model.municipalities), urls)


class _Clock:
    """Wall and CPU seconds (this process and its reaped workers) of each step, for the benchmark."""

    def __init__(self, timings: dict[str, tuple[float, float]] | None):
        self.timings, self.last = timings, self._now()

    @staticmethod
    def _now() -> tuple[float, float]:
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.perf_counter(), me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    def __call__(self, step: str) -> None:
        now = self._now()
        if self.timings is not None:
            self.timings[step] = (now[0] - self.last[0], now[1] - self.last[1])
        self.last = now
