"""The pipeline, top-down: validate, enrich, render, maps, search, open data. It runs with or without MkDocs."""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings
from .enrich import SiteModel, build_model
from .export import jsonld
from .export.datapackage import write_package
from .export.feeds import write_feeds
from .export.opendata import write_open_data
from .hours.parse import TIMEZONE
from .parallel import Background
from .serve.incremental import SiteState, rewrite_changed
from .site import search
from .site.embed import write_embed
from .site.maps import write_map_data
from .site.render import Renderer
from .site.write import copy_assets, write_pages, write_rendered
from .texts import LANGS
from .urls import DATA
from .validate.validator import Result, collector_paused, validate


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


class Stopwatch:
    """Wall seconds of each stage, taken as `with clock("render"):`."""

    def __init__(self):
        self.timings: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start


def build_site(
    root: Path,
    out: Path,
    config: Settings | None = None,
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
        return _build(root, out, config or Settings(), boundaries=boundaries, now=now, state=state)
    finally:
        gc.unfreeze()


@contextmanager
def _records_heap() -> Iterator[None]:
    """The records make a heap of millions of small objects without cycles, which Python's cycle collector would
    walk again and again while they are read. Reading them runs without it; then they are frozen out of its way
    (reference counting still frees them), so that the collector keeps collecting what rendering leaves, and they
    are unfrozen when the build ends."""
    with collector_paused():
        try:
            yield
        finally:
            gc.freeze()


def _build(root: Path, out: Path, config: Settings, *, boundaries, now, state) -> BuildStats:
    clock = Stopwatch()
    with _records_heap():
        with clock("validate"):
            result = validate(root, boundaries=boundaries, cache=state.validation if state else None)
        if not result.ok:
            raise BuildError(result)
        services, organisations = result.records("service"), result.records("organisation")
        with clock("enrich"):
            model = build_model(services, organisations, now or dt.datetime.now(TIMEZONE))
    with clock("enrich"):
        renderer = Renderer(model, config, jsonld.for_pages(model, config.public_url),
                            open_now=state.open_now if state else None)
    if state is not None and state.services:
        # Live reload stays within seconds: the map data, the search index and the open data keep their previous
        # state until the next full build, and the search page names the bundles that are there.
        renderer.search_index = search.read_index(out)
        with clock("render"):
            pages = rewrite_changed(renderer, out, state)
        return BuildStats(pages, len(services), len(organisations), clock.timings)
    before = set(_entries(out))
    pages = _render_and_index(root, result, renderer, out, boundaries, clock)
    if state is not None:
        state.services, state.lists = {s["id"]: s for s in services}, renderer.list_signatures()
        state.written = sorted(set(_entries(out)) - before)
    return BuildStats(pages, len(services), len(organisations), clock.timings)


def _render_and_index(root, result, renderer: Renderer, out: Path, boundaries, clock: Stopwatch) -> int:
    """The pages, with the search index built beside them, then everything else while the index finishes."""
    # The search index needs only the model: Pagefind builds it in processes of their own, beside the page
    # workers while they render (one bundle at a time, within what memory is left), then beside the rest.
    # It starts first, so that it has the other core while this one chooses the offers open now.
    pages_written = Background.signal()
    searching = Background(search.index_site, out, renderer.model, pages_written)
    try:
        with clock("render"):
            renderer.open_now()  # the same in both languages: chosen once here, not in each page worker
            try:
                pages = write_pages(renderer, out)
            finally:
                if pages_written is not None:
                    pages_written.set()
            copy_assets(out)
        _write_data(root, result, renderer, out, boundaries, clock)
        with clock("search (after the rest)"):
            searching.result()
            # The search page names the new bundles' files, so that it can ask for them before its scripts run.
            renderer.search_index = search.read_index(out)
            write_rendered((page for lang in LANGS for page in renderer.search_pages(lang)), out)
    except BaseException:
        searching.cancel()  # a failed build leaves no Pagefind working on behind it (mkdocs serve goes on)
        raise
    return pages


def _write_data(root: Path, result: Result, renderer: Renderer, out: Path, boundaries, clock: Stopwatch) -> None:
    """Everything beside the pages and the search index: map data, embeds, the export and the open data."""
    model: SiteModel = renderer.model
    with clock("map and search data"):
        write_map_data(model, out, boundaries)
        search.write_search_data(out, model)
    with clock("embed"):
        write_embed(renderer, out)  # the widget pages
        write_feeds(model, out)  # the municipality feeds they read
    with clock("export"):
        write_package(result, out / DATA)
    with clock("open_data"):
        write_open_data(root, result, model, out, renderer.config)


def _entries(out: Path) -> list[str]:
    """Top-level entries of `out`, and those one level into `en/` (which MkDocs shares with us)."""
    if not out.exists():
        return []
    top = [p.name for p in out.iterdir() if not p.name.startswith(".")]
    return top + [f"en/{p.name}" for p in (out / "en").iterdir()] if (out / "en").is_dir() else top
