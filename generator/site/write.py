"""Writing the rendered pages and the site's own assets to disk: the service pages in chunks across forked workers."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from ..output import write_file
from ..parallel import map_tasks, processes
from ..texts import LANGS
from .render import Renderer

ASSETS = Path(__file__).parent / "assets"
CHUNK = 2000  # service pages per task
PARALLEL_FROM = 1000  # services: below this, starting workers costs more than it saves


def write_pages(renderer: Renderer, out: Path, langs: tuple[str, ...] = LANGS, workers: int | None = None) -> int:
    """Write every page under `out`; returns how many.

    Service pages are nearly all of a national catalogue's pages and independent of each other, so they are split
    into chunks across the cores; the other pages go as a few tasks of their own.
    """
    services = renderer.model.services
    # A chunk's pages in every language in one task: the languages share each description's HTML.
    tasks = [("other", (lang,), 0, 0) for lang in langs]
    tasks += [("services", langs, i, i + CHUNK) for i in range(0, len(services), CHUNK)]
    n = processes(len(services), PARALLEL_FROM, workers)
    return sum(map_tasks(_write_task, (renderer, out), tasks, n))


def _write_task(shared: tuple[Renderer, Path], task: tuple) -> int:
    renderer, out = shared
    kind, langs, start, end = task
    if kind == "other":
        pages = renderer.other_pages(langs[0])
    else:
        chunk = renderer.model.services[start:end]
        pages = (page for lang in langs for page in renderer.service_pages(lang, chunk))
    return write_rendered(pages, out)


def write_rendered(pages: Iterable[tuple[str, str]], out: Path) -> int:
    """Write (path, HTML) pages under `out`; returns how many."""
    n, root = 0, str(out)
    for rel, html in pages:
        write_file(f"{root}/{rel}index.html" if rel.endswith("/") or rel == "" else f"{root}/{rel}",
                   html.encode("utf-8"))
        n += 1
    return n


def copy_assets(out: Path) -> None:
    shutil.copytree(ASSETS, out / "assets", dirs_exist_ok=True)
