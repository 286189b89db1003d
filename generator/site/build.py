"""The whole site build as one function, with or without MkDocs: validate, enrich, render, export."""

from __future__ import annotations

import datetime as dt
import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..export.datapackage import write_package
from ..export.opendata import write_open_data
from ..hours import TIMEZONE
from ..validate import Result, collector_paused, validate
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
    try:
        return _build(root, out, config, boundaries=boundaries, now=now, state=state)
    finally:
        gc.unfreeze()


@contextmanager
def _records_heap():
    """The records make a heap of millions of small objects without cycles, which Python's cycle collector
    walked again and again while they were read (up to a second a pass at 50,000 services). Reading them
    runs without it; then they are frozen out of its way (reference counting still frees them), so that
    the collector keeps collecting what rendering leaves, and they are unfrozen when the build ends."""
    with collector_paused():
        try:
            yield
        finally:
            gc.freeze()


def _build(root, out, config, *, boundaries, now, state) -> BuildStats:
    timings = {}
    t0 = time.perf_counter()
    with _records_heap():
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
    # The search index needs only the model: Pagefind builds it in processes of their own, beside the page
    # workers while they render (one bundle at a time, within what memory is left), then beside the rest.
    # It starts first, so that it has the other core while this one chooses the offers open now.
    pages_written = Background.signal()
    searching = Background(search.index_site, out, model, pages_written)
    try:
        renderer.open_now()  # the same in both languages: chosen once here, not in each page worker
        try:
            pages = write_pages(renderer, out)
        finally:
            if pages_written is not None:
                pages_written.set()
        copy_assets(out)
        timings["render"] = time.perf_counter() - t0
        _write_data(root, result, renderer, out, boundaries, timings)
        t0 = time.perf_counter()
        searching.result()
        timings["search (after the rest)"] = time.perf_counter() - t0
    except BaseException:
        searching.cancel()  # a failed build leaves no Pagefind working on behind it (mkdocs serve goes on)
        raise
    if state is not None:
        state.services, state.lists = {s["id"]: s for s in services}, renderer.list_signatures()
        state.written = sorted(set(_entries(out)) - before)
    return BuildStats(pages, len(services), len(organisations), timings)


def _write_data(root, result, renderer, out, boundaries, timings) -> None:
    """Everything beside the pages and the search index: map data, embeds, the export and the open data."""
    model = renderer.model
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


def _entries(out: Path) -> list[str]:
    """Top-level entries of `out`, and those one level into `en/` (which MkDocs shares with us)."""
    if not out.exists():
        return []
    top = [p.name for p in out.iterdir() if not p.name.startswith(".")]
    return top + [f"en/{p.name}" for p in (out / "en").iterdir()] if (out / "en").is_dir() else top
