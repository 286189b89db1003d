"""Rebuilding after one edit in `mkdocs serve`: only the pages the edit can change.

MkDocs empties the site folder before every rebuild. The generated folders are moved aside before
that (`stash`) and back afterwards (`restore`), which is a handful of renames, so a rebuild re-checks
only changed files and re-renders only the pages that show them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..site.render import Affected, OpenNowMemo, Renderer
from ..site.write import copy_assets
from ..urls import Paths
from ..validate.validator import ValidationCache

STASH = ".catalogue-previous"  # MkDocs' cleaning leaves names starting with a dot alone


@dataclass
class SiteState:
    validation: ValidationCache = field(default_factory=ValidationCache)
    services: dict[str, dict] = field(default_factory=dict)  # id -> record as last rendered
    written: list[str] = field(default_factory=list)  # top-level folders and files the build wrote
    lists: dict[tuple, tuple] = field(default_factory=dict)  # what each page of a long list showed
    open_now: OpenNowMemo = field(default_factory=OpenNowMemo)  # which offers the open-now table shows


def affected(
    previous: dict[str, dict], current: dict[str, dict], lists: tuple[dict, dict] = ({}, {})
) -> tuple[set[str], set[str], Affected]:
    """(services to render, services removed, other pages to render) between two builds; `lists` holds the
    long lists' page signatures (Renderer.list_signatures) of the last build and of this one."""
    # An unchanged file's record is the very dict of the last build (the validation cache's): `is` first spares
    # comparing every record field by field.
    changed = {sid for sid, s in current.items() if previous.get(sid) is not s and previous.get(sid) != s}
    removed = set(previous) - set(current)
    touched = [previous[sid] for sid in changed | removed if sid in previous]
    touched += [current[sid] for sid in changed]
    nationwide = [s for s in touched if s.get("nationwide")]
    # A nationwide offer is counted on every municipality's page: the count changes when one comes or goes.
    recount = {s["id"] for s in nationwide if not (previous.get(s["id"], {}).get("nationwide") and
                                                   current.get(s["id"], {}).get("nationwide"))}
    municipalities = {c for s in touched if not s.get("nationwide") for c in s.get("served", [])}
    municipalities |= {loc["municipality_code"] for s in nationwide for loc in s["locations"]}
    municipalities |= {c for s in nationwide if s["id"] in recount for c in s["served"]}  # all of them
    before, now = lists
    pages = Affected(
        organisations={o for s in touched for o in [s["organisation_id"], *s["partners"]]},
        municipalities=municipalities,
        # a page of a long list changes when its offers or their order do, or when one of its offers was edited
        list_pages=frozenset(page for page, sig in now.items() if before.get(page) != sig or changed & set(sig[1])),
        search=bool(removed) or any(_searched_differently(previous.get(sid), current[sid]) for sid in changed),
    )
    return changed, removed, pages


def _searched_differently(before: dict | None, after: dict) -> bool:
    """Whether an edit can change the search page's choices (the languages offered). Which bundle a
    municipality's search loads is in the bundles' own bundles.json, rebuilt with them at a full build."""
    return before is None or before.get("languages") != after.get("languages")


def stash(site_dir: Path, state: SiteState) -> None:
    holding = site_dir / STASH
    if holding.exists():
        shutil.rmtree(holding)
    for rel in state.written:
        source = site_dir / rel
        if source.exists():
            target = holding / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            source.rename(target)


def restore(site_dir: Path, state: SiteState) -> None:
    """Put the stashed output back, under whatever MkDocs wrote in the meantime."""
    holding = site_dir / STASH
    for rel in state.written:
        source, target = holding / rel, site_dir / rel
        if not source.exists():
            continue
        if target.exists():
            _merge(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            source.rename(target)
    shutil.rmtree(holding, ignore_errors=True)


def _merge(source: Path, target: Path) -> None:
    """MkDocs' own files win where both wrote the same path (e.g. its assets next to ours)."""
    if source.is_file():
        return
    for child in source.iterdir():
        dest = target / child.name
        if dest.exists():
            _merge(child, dest)
        else:
            child.rename(dest)


def rewrite_changed(renderer: Renderer, out: Path, state: SiteState, langs: tuple[str, ...] = ("da", "en")) -> int:
    """Render again the pages one edit can change; delete the pages of services that are gone.

    The search index and the map data keep their previous state until the next full build.
    """
    current = {s["id"]: s for s in renderer.model.services}
    lists = renderer.list_signatures()
    changed, removed, pages = affected(state.services, current, (state.lists, lists))
    n = 0
    for lang in langs:
        paths = Paths(lang)
        todo = renderer.service_pages(lang, [current[sid] for sid in sorted(changed)])
        for rel, html in [*todo, *renderer.other_pages(lang, only=pages)]:
            target = out / rel / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            n += 1
        for sid in removed:
            shutil.rmtree(out / paths.service(sid), ignore_errors=True)
    copy_assets(out)
    state.services, state.lists = current, lists
    return n
