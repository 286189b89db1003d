"""The whole site build as one function, with or without MkDocs: validate, enrich, render, export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..export.datapackage import write_package
from ..export.opendata import write_open_data
from ..hours import TIMEZONE
from ..validate import Result, validate
from . import search
from .background import Background
from .embed import write_embed
from .incremental import SiteState, rewrite_changed
from .maps import write_map_data
from .model import build_model
from .render import Renderer, SiteConfig, copy_assets, write_pages


class BuildError(Exception):
    """The catalogue has errors: nothing is published, and the problems say where."""

    def __init__(self, result: Result):
        super().__init__(f"{result.summary().errors} errors in the catalogue")
        self.result = result


@dataclass
class BuildStats:
    pages: int
    services: int
    organisations: int
    timings: dict[str, float] = field(default_factory=dict)


def build_site(
    root: Path,
    out: Path,
    config: SiteConfig | None = None,
    *,
    boundaries: str | None = None,
    now: dt.datetime | None = None,
    state: SiteState | None = None,
) -> BuildStats:
    """Build every generated page and file into `out`.

    With a `state` from an earlier build into the same `out` (mkdocs serve), only changed files are
    validated and only the pages they touch are rendered again.
    """
    import time

    timings = {}
    t0 = time.perf_counter()
    result = validate(root, boundaries=boundaries, cache=state.validation if state else None)
    timings["validate"] = time.perf_counter() - t0
    if not result.ok:
        raise BuildError(result)
    now = now or dt.datetime.now(TIMEZONE)
    services, organisations = result.records("service"), result.records("organisation")
    t0 = time.perf_counter()
    model = build_model(services, organisations, now)
    renderer = Renderer(model, config or SiteConfig())
    timings["enrich"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    if state is not None and state.services:
        # Live reload must stay within seconds at 50,000 services: the map data and the search index
        # (each rebuilt whole, several seconds) keep their previous state until the next full build.
        pages = rewrite_changed(renderer, out, state)
        timings["render"] = time.perf_counter() - t0
        return BuildStats(pages, len(services), len(organisations), timings)
    before = set(_entries(out))
    # The search index needs only the model: Pagefind builds it in a process of its own while the pages render.
    searching = Background(search.index_site, out, model)
    pages = write_pages(renderer, out)
    copy_assets(out)
    timings["render"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    write_map_data(model, out, boundaries)
    search.write_search_data(out, model)
    timings["map and search data"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    write_embed(renderer, out)  # the widget pages and data/kommuner/ feeds
    timings["embed"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    write_package(result, out / "data")
    timings["export"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    write_open_data(root, result, model, out, renderer.config)
    timings["open_data"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    searching.result()
    timings["search (after the rest)"] = time.perf_counter() - t0
    if state is not None:
        state.services = {s["id"]: s for s in services}
        state.written = sorted(set(_entries(out)) - before)
    return BuildStats(pages, len(services), len(organisations), timings)


def _entries(out: Path) -> list[str]:
    """Top-level entries of `out`, and those one level into `en/` (which MkDocs shares with us)."""
    if not out.exists():
        return []
    top = [p.name for p in out.iterdir() if not p.name.startswith(".")]
    return top + [f"en/{p.name}" for p in (out / "en").iterdir()] if (out / "en").is_dir() else top
