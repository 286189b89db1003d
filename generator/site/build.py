"""The whole site build as one function, with or without MkDocs: validate, enrich, render, export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..export.datapackage import write_package
from ..hours import TIMEZONE
from ..validate import Result, validate
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
) -> BuildStats:
    import time

    timings = {}
    t0 = time.perf_counter()
    result = validate(root, boundaries=boundaries)
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
    pages = write_pages(renderer, out)
    copy_assets(out)
    timings["render"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    write_package(result, out / "data")
    timings["export"] = time.perf_counter() - t0
    return BuildStats(pages, len(services), len(organisations), timings)
