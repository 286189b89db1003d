"""`/sitemap.xml`: every page of the site with its `lastmod`, record pages and the contributor docs alike.

MkDocs writes its own sitemap.xml (docs pages only, and without locations when `site_url` is unset)
before the plugin's `on_post_build`, so this one, written afterwards, replaces it; the stale
`sitemap.xml.gz` MkDocs writes beside it is removed. The protocol allows 50,000 URLs per file: a bigger
site gets a sitemap index at `/sitemap.xml` pointing to `sitemap-<n>.xml` files beside it (a sitemap may
only list URLs below its own folder, hence the root).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from ..hours.parse import TIMEZONE
from ..texts import LANGS
from ..tools.stale import stale
from ..urls import NOT_PAGES, Paths, page_folders, paginate
from .dates import Changed

MAX_URLS = 50_000
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def record_pages(model, dates: dict[str, Changed]) -> Iterable[tuple[str, dt.date]]:
    """(site-relative path, lastmod) of every page the pipeline renders, in both languages."""
    day = {sid: c.updated.date() for sid, c in dates.items() if not sid.startswith("organisation:")}
    known: dict[tuple, dt.date] = {}  # a list's date by what it lists: the same in both languages

    def newest(key: tuple, services: list[dict], also: dt.date | None = None) -> dt.date:
        if key not in known:
            latest = max((day[s["id"]] for s in services), default=None)
            candidates = [d for d in (latest, also) if d is not None]
            known[key] = max(candidates) if candidates else model.built.date()
        return known[key]

    everything = newest(("all",), model.services)
    today = model.built.astimezone(TIMEZONE).date()
    nationwide = [s for s in model.services if s.get("nationwide")]
    for lang in LANGS:
        p = Paths(lang)
        for s in model.services:
            yield p.service(s["id"]), day[s["id"]]
        for org_id in model.organisations:
            own = dates.get(f"organisation:{org_id}")
            services = model.by_organisation.get(org_id, [])
            changed = newest(("organisation", org_id), services, own and own.updated.date())
            yield p.organisation(org_id), changed
            if stale(services, [model.organisations[org_id]], today):
                yield p.stale(org_id), changed
        for code in model.municipalities:
            changed = newest(("municipality", code), model.by_municipality.get(code, []))
            yield p.municipality(code), changed
            yield p.partnerships(code), changed
        lists = [(("category", k), p.category(k), model.by_category.get(k, []))
                 for k in model.labels["categories"][lang]]
        lists += [(("target_group", k), p.target_group(k), model.by_target_group.get(k, []))
                  for k in model.labels["target_groups"][lang]]
        lists.append((("nationwide",), p.nationwide, nationwide))
        for key, base, services in lists:
            for n, (path, chunk, _) in enumerate(paginate(p, base, services)):
                yield path, newest((*key, n), chunk)
        for path in (p.home, p.search, p.map, p.services, p.municipalities, p.organisations, p.categories,
                     p.target_groups):
            yield path, everything


def other_pages(out: Path, built: dt.date) -> Iterable[tuple[str, dt.date]]:
    """The contributor docs and any other HTML page MkDocs wrote, dated by the build."""
    roots = [(out, "")]
    if (out / "en").is_dir():
        roots.append((out / "en", "en/"))
    skipped = page_folders() | NOT_PAGES  # the pipeline's pages (dated by record_pages) and files
    for folder, prefix in roots:
        for entry in sorted(folder.iterdir()):
            if not entry.is_dir() or entry.name in skipped or (prefix == "" and entry.name == "en"):
                continue
            for page in sorted(entry.rglob("index.html")):
                yield prefix + page.parent.relative_to(folder).as_posix() + "/", built


def write_sitemap(out: Path, base_url: str, pages: Iterable[tuple[str, dt.date]], limit: int = MAX_URLS) -> int:
    """Write the sitemap (or sitemap index) and return how many URLs it lists."""
    seen: dict[str, dt.date] = {}
    for path, day in pages:
        seen[path] = max(day, seen.get(path, day))
    base = escape(base_url)
    # Paths are slugs and fixed words (nothing to escape); dates repeat, so each is formatted once.
    iso = {day: day.isoformat() for day in set(seen.values())}
    urls = [f"<url><loc>{base}{escape(path)}</loc><lastmod>{iso[day]}</lastmod></url>" for path, day in seen.items()]
    for old in out.glob("sitemap-*.xml"):
        old.unlink()
    (out / "sitemap.xml.gz").unlink(missing_ok=True)  # MkDocs' own, listing the docs pages only
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}">\n'
    if len(urls) <= limit:
        (out / "sitemap.xml").write_text(head + "\n".join(urls) + "\n</urlset>\n", encoding="utf-8")
        return len(urls)
    parts = []
    for n, i in enumerate(range(0, len(urls), limit), start=1):
        (out / f"sitemap-{n}.xml").write_text(head + "\n".join(urls[i : i + limit]) + "\n</urlset>\n",
                                              encoding="utf-8")
        parts.append(f"<sitemap><loc>{escape(base_url)}sitemap-{n}.xml</loc></sitemap>")
    index = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NS}">\n' + "\n".join(parts)
    (out / "sitemap.xml").write_text(index + "\n</sitemapindex>\n", encoding="utf-8")
    return len(urls)
