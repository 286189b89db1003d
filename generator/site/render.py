"""Render: the site model to HTML pages with Jinja2, one page per service, organisation, municipality,
category and target group, plus the home page, in Danish and English.

Pages are plain HTML that reads without JavaScript; scripts only add search, maps and "open now".
Every value from a record goes through Jinja2's autoescaping or the Markdown sanitiser.
"""

from __future__ import annotations

import functools
import heapq
import multiprocessing
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from ..export import jsonld
from ..export.licence import DEFAULT as DEFAULT_LICENCE
from ..export.licence import Licence
from ..schema import load_schema
from . import embed, opening, search
from .i18n import UI, long_date
from .maps import DEFAULT_ATTRIBUTION, DEFAULT_TILES, SiteMaps
from .model import SiteModel
from .output import write_file
from .text import markdown, safe_url, script_json, tel_href

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"
DEFAULT_PUBLIC_URL = "https://velfaerdskataloget.github.io/catalogue/"
SLUGS = {
    "da": {
        "service": "tilbud",
        "organisation": "organisationer",
        "municipality": "kommuner",
        "category": "kategorier",
        "target_group": "maalgrupper",
        "search": "soeg",
        "map": "kort",
        "nationwide": "landsdaekkende",
        "page": "side",
        "contribute": "bidrag/",
    },
    "en": {
        "service": "services",
        "organisation": "organisations",
        "municipality": "municipalities",
        "category": "categories",
        "target_group": "target-groups",
        "search": "search",
        "map": "map",
        "nationwide": "nationwide",
        "page": "page",
        "contribute": "en/contributing/",
    },
}


@dataclass(frozen=True)
class Affected:
    """The pages besides service pages that one edit can change (indexes and home always are)."""

    organisations: set[str]
    municipalities: set[str]
    list_pages: frozenset[tuple[str, str, int]]  # (kind, key, page number) of long lists: see list_signatures
    search: bool = True  # the search page (its choices: the languages offers are in, the bundles)


@dataclass(frozen=True)
class Paths:
    """Site-relative URLs of every page, in one language; each page prefixes them with its `root`."""

    lang: str

    @property
    def prefix(self) -> str:
        return "" if self.lang == "da" else "en/"

    def _p(self, kind: str, key: str = "") -> str:
        base = f"{self.prefix}{SLUGS[self.lang][kind]}/"
        return f"{base}{key}/" if key else base

    def service(self, key: str) -> str:
        return self._p("service", key)

    def organisation(self, key: str) -> str:
        return self._p("organisation", key)

    def municipality(self, key: str) -> str:
        return self._p("municipality", key)

    def category(self, key: str) -> str:
        return self._p("category", key)

    def target_group(self, key: str) -> str:
        return self._p("target_group", key)

    def page(self, base: str, n: int) -> str:
        """Page `n` of a long list at `base` (its first page is `base` itself)."""
        return base if n == 1 else f"{base}{SLUGS[self.lang]['page']}/{n}/"

    @property
    def home(self) -> str:
        return self.prefix

    @property
    def nationwide(self) -> str:
        return self._p("nationwide")

    @property
    def search(self) -> str:
        return self._p("search")

    @property
    def map(self) -> str:
        return self._p("map")

    @property
    def municipalities(self) -> str:
        return self._p("municipality")

    @property
    def services(self) -> str:
        return self._p("service")

    @property
    def organisations(self) -> str:
        return self._p("organisation")

    @property
    def categories(self) -> str:
        return self._p("category")

    @property
    def target_groups(self) -> str:
        return self._p("target_group")

    @property
    def contribute(self) -> str:
        return SLUGS[self.lang]["contribute"]


# Where a card's links start until the list it is in puts its page's root there: markup no escaped record text can
# contain, since escaping turns every "<" of a record into "&lt;".
CARD_ROOT = Markup("<root>")
PAGE_SIZE = 100  # offers per page of a long list: about 35 KB of HTML


@dataclass(frozen=True)
class Pager:
    """Where one page of a long list sits among its pages."""

    current: int
    links: list[tuple[int, str]]

    @property
    def count(self) -> int:
        return len(self.links)

    @property
    def previous(self) -> str | None:
        return self.links[self.current - 2][1] if self.current > 1 else None

    @property
    def next(self) -> str | None:
        return self.links[self.current][1] if self.current < self.count else None


SEARCH_FILTERS = {"category": "kategori", "target_group": "maalgruppe"}  # the search page's URL parameters


def chunked(items: list) -> list[list]:
    """The pages of a long list; an empty list is one empty page."""
    return [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]


def paginate(paths: Paths, base: str, items: list) -> Iterator[tuple[str, list, Pager]]:
    """(path, items, pager) of each page of `items` listed at `base`."""
    chunks = chunked(items)
    links = [(n, paths.page(base, n)) for n in range(1, len(chunks) + 1)]
    for n, chunk in enumerate(chunks, 1):
        yield links[n - 1][1], chunk, Pager(n, links)


def root_for(path: str) -> str:
    """The relative way back to the site root from a page at `path` (e.g. 'tilbud/x/' -> '../../')."""
    return "../" * path.count("/")


@dataclass
class SiteConfig:
    repo_url: str = ""
    edit_branch: str = "main"
    catalogue_dir: str = "catalogue"
    tiles: str = DEFAULT_TILES  # map tile URL template (Leaflet's {z}/{x}/{y}); the only third-party request
    tile_attribution: str = DEFAULT_ATTRIBUTION  # HTML shown on every map, as the tile provider requires
    site_url: str = ""  # MkDocs' site_url: the absolute address in embed snippets (else the browser's location)
    licence: Licence = DEFAULT_LICENCE  # of the open data: in the footer and in every export
    public_url: str = DEFAULT_PUBLIC_URL  # the site's public address: sitemap, feeds, DCAT, JSON-LD need absolute URLs


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept for the next build in this process: `mkdocs serve` makes a new renderer for each
    rebuild, and compiling the templates again cost 0.15 s of a rebuild."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _MemoryBytecodeCache()


class _RecordEnvironment(Environment):
    """Jinja2 reads `s.name` as getattr first and falls back to s["name"] after an AttributeError; records are
    dicts, so that was an exception per field, about a fifth of a service page's rendering. Keys first here; a
    dict's methods (`.items()`) are still found when no such key exists."""

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class Renderer:
    def __init__(self, model: SiteModel, config: SiteConfig, extras: dict | None = None):
        self.model = model
        self.config = config
        self.extras = extras or {}
        self.maps = SiteMaps(model, config.tiles, config.tile_attribution)
        # auto_reload off: templates do not change during a build, and checking them cost 5 % of rendering.
        self.env = _RecordEnvironment(
            auto_reload=False,
            bytecode_cache=_COMPILED,
            loader=FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            markdown=markdown,
            tel=tel_href,
            safe_url=safe_url,
            longdate=pass_context(lambda ctx, d: long_date(d, ctx["lang"])),
        )
        self.env.globals["service_jsonld"] = functools.partial(jsonld.service_script, model, config.public_url)
        self.env.globals["licence"] = config.licence  # base.html's footer
        schema = load_schema()
        self.enum_labels = {
            "access": schema.tables["service_access"].field("route").enum_labels,
            "wheelchair": schema.tables["service_locations"].field("wheelchair").enum_labels,
            "org_type": schema.record_table("organisation").field("type").enum_labels,
        }
        self._hours_cache: dict[tuple[str, str], Markup] = {}
        self._chrome_cache: dict[tuple[str, str, str], Markup] = {}
        self._card_macros: dict[str, tuple] = {}
        self._open_now_view: dict | None = None
        self._home_view: dict | None = None

    def cards(self, services: list[dict], lang: str, root: str) -> Markup:
        """A list of offers as cards. An offer sits in many lists (its organisation, municipalities, categories,
        target groups, at every depth of the site), so each card is rendered once per language with CARD_ROOT
        where the links start, and the list puts the page's own root there."""
        if not services:
            return Markup("<p>{}</p>").format(UI[lang]["no_services"])
        if lang not in self._card_macros:
            module = self.env.get_template("_lists.html").make_module(
                {"root": CARD_ROOT, "paths": Paths(lang), "t": UI[lang], "model": self.model, "lang": lang}
            )
            self._card_macros[lang] = (module.card, {})
        card, done = self._card_macros[lang]
        html = []
        for s in services:
            if s["id"] not in done:
                done[s["id"]] = card(s)
            html.append(done[s["id"]])
        return Markup('<ul class="cards">\n' + "\n".join(html).replace(CARD_ROOT, root) + "\n</ul>")

    def _common(self, lang: str, path: str, alternate: str | None) -> dict:
        paths = Paths(lang)
        root = root_for(path)
        return {
            "lang": lang,
            "t": UI[lang],
            "paths": paths,
            "root": root,
            "cards": lambda services: self.cards(services, lang, root),
            "home": paths.home,
            "model": self.model,
            "alternate": alternate,
            "description": None,
            "location_hours": lambda text: self.location_hours(text, lang),
            "chrome": lambda part: self.chrome(part, lang, root),
            **self.extras,
        }

    def chrome(self, part: str, lang: str, root: str) -> Markup:
        """The top or the foot of a page (partials/top.html, bottom.html): the same on every page of a
        language at one depth, rendered once for each instead of escaping its forty values on every page."""
        key = (part, lang, root)
        if key not in self._chrome_cache:
            paths = Paths(lang)
            html = self.env.get_template(f"partials/{part}.html").render(
                t=UI[lang], root=root, paths=paths, home=paths.home, lang=lang)
            self._chrome_cache[key] = Markup(html)
        return self._chrome_cache[key]

    def location_hours(self, expression: str, lang: str) -> Markup:
        """This week's table of one opening-hours expression and its open intervals in the published window.

        Many offers share their hours ("Mo-Fr 09:00-15:00"), and the table depends only on the expression, the
        language and the build's time, so each is rendered once."""
        key = (expression, lang)
        if key not in self._hours_cache:
            hours = opening.hours_view(expression, self.model.built, UI[lang])
            html = self.env.get_template("partials/hours.html").render(hours=hours, t=UI[lang], lang=lang)
            self._hours_cache[key] = Markup(html)
        return self._hours_cache[key]

    def _edit_url(self, rel: str) -> str:
        if not self.config.repo_url:
            return ""
        return f"{self.config.repo_url.rstrip('/')}/edit/{self.config.edit_branch}/{self.config.catalogue_dir}/{rel}"

    def _render(self, template: str, lang: str, path: str, alternate: str | None, **context) -> str:
        return self.env.get_template(template).render(**self._common(lang, path, alternate), **context)

    def pages(self, lang: str) -> Iterator[tuple[str, str]]:
        """(path relative to the site root, HTML) of every page in `lang`."""
        yield from self.service_pages(lang, self.model.services)
        yield from self.other_pages(lang)

    def service_pages(self, lang: str, services: list[dict]) -> Iterator[tuple[str, str]]:
        paths, other = Paths(lang), Paths("en" if lang == "da" else "da")
        labels = {k: {v: lab[lang] for v, lab in d.items()} for k, d in self.enum_labels.items()}
        for s in services:
            path = paths.service(s["id"])
            yield (
                path,
                self._render(
                    "service.html",
                    lang,
                    path,
                    other.service(s["id"]),
                    s=s,
                    access_labels=labels["access"],
                    wheelchair_labels=labels["wheelchair"],
                    edit_url=self._edit_url(f"{s['organisation_id']}/services/{s['id']}.yaml"),
                    description_html=_description(s.get("description")),
                    **self.maps.service(s, root_for(path), lang),
                ),
            )

    def other_pages(self, lang: str, only: Affected | None = None) -> Iterator[tuple[str, str]]:
        """Every page that is not a service page: organisations, municipalities, terms, indexes, home."""
        m, paths = self.model, Paths(lang)
        other = Paths("en" if lang == "da" else "da")
        labels = {k: {v: lab[lang] for v, lab in d.items()} for k, d in self.enum_labels.items()}
        for org_id, org in sorted(m.organisations.items()):
            if only and org_id not in only.organisations:
                continue
            path = paths.organisation(org_id)
            partner_of = m.partner_of.get(org_id, [])
            yield (
                path,
                self._render(
                    "organisation.html",
                    lang,
                    path,
                    other.organisation(org_id),
                    org=org,
                    org_type=labels["org_type"][org["type"]],
                    services=m.by_organisation.get(org_id, []),
                    partner_services=partner_of,
                    edit_url=self._edit_url(f"{org_id}/organisation.yaml"),
                ),
            )
        for code, muni in sorted(m.municipalities.items()):
            if only and code not in only.municipalities:
                continue
            path = paths.municipality(code)
            # Nationwide offers serve every municipality: listed once on their own pages, counted here.
            services = [s for s in m.by_municipality.get(code, []) if not _nationwide_elsewhere(s, code)]
            groups = {}
            for s in services:
                for c in s["categories"]:
                    groups.setdefault(c, []).append(s)
            ordered = sorted(groups.items(), key=lambda kv: m.label("categories", kv[0], lang))
            yield (
                path,
                self._render(
                    "municipality.html",
                    lang,
                    path,
                    other.municipality(code),
                    m=muni,
                    services=services,
                    nationwide=len(m.by_municipality.get(code, [])) - len(services),
                    groups=ordered,
                    partnerships=m.partnerships.get(code, []),
                    **self.maps.municipality(code, root_for(path), lang, paths),
                    **embed.form_context(m, code, lang, self.config.site_url),
                ),
            )
        yield from self._list_pages(lang, only.list_pages if only else None)
        yield from self._indexes(lang, paths, other)
        yield paths.services, self._render("services_index.html", lang, paths.services, other.services,
                                           total=len(m.services))
        yield paths.map, self._map(lang, paths, other)
        yield paths.home, self._home(lang, paths, other)
        if not only or only.search:
            yield paths.search, self._render(
                "search.html", lang, paths.search, other.search, **search.page_context(m, lang, labels["access"])
            )

    def _map(self, lang, paths, other) -> str:
        """The overview map of every located offer, with offers per municipality as a table beside it."""
        parts = self.maps.overview(root_for(paths.map), lang, paths)
        return self._render("map.html", lang, paths.map, other.map, **parts)

    def _lists(self) -> Iterator[tuple[str, str, list[dict]]]:
        """(kind, key, offers) of every long list: each category, each target group, the nationwide offers."""
        m = self.model
        for kind, table, groups in (("category", "categories", m.by_category),
                                    ("target_group", "target_groups", m.by_target_group)):
            for row in load_schema().rows(table):
                yield kind, row["id"], groups.get(row["id"], [])
        yield "nationwide", "", [s for s in m.services if s.get("nationwide")]

    def list_signatures(self) -> dict[tuple[str, str, int], tuple]:
        """What each page of each long list shows: the list's length and the page's offers in order. Between two
        builds, a page with the same signature and no edited offer on it has not changed."""
        return {
            (kind, key, n): (len(services), tuple(s["id"] for s in chunk))
            for kind, key, services in self._lists()
            for n, chunk in enumerate(chunked(services), 1)
        }

    def _list_pages(self, lang: str, only: frozenset | None = None) -> Iterator[tuple[str, str]]:
        """The long lists as numbered pages of PAGE_SIZE, each linking to the search with its filter where the
        search has one; with `only`, just those (kind, key, page number)."""
        paths, other = Paths(lang), Paths("en" if lang == "da" else "da")
        rows = {kind: {r["id"]: r for r in load_schema().rows(table)}
                for kind, table in (("category", "categories"), ("target_group", "target_groups"))}
        for kind, key, services in self._lists():
            if kind == "nationwide":
                base, other_base, query = paths.nationwide, other.nationwide, None
                heading, intro = UI[lang]["nationwide_heading"], ""
            else:
                base, other_base = getattr(paths, kind)(key), getattr(other, kind)(key)
                heading, intro = rows[kind][key][f"label_{lang}"], rows[kind][key].get(f"description_{lang}", "")
                query = f"?{SEARCH_FILTERS[kind]}={key}"
            for (path, chunk, pager), (alternate, _, _) in zip(
                paginate(paths, base, services), paginate(other, other_base, services), strict=True
            ):
                if only is not None and (kind, key, pager.current) not in only:
                    continue
                yield (
                    path,
                    self._render(
                        "term.html", lang, path, alternate, heading=heading, intro=intro, services=chunk,
                        total=len(services), pager=pager, search_link=query and paths.search + query,
                    ),
                )

    def _indexes(self, lang, paths, other) -> Iterator[tuple[str, str]]:
        m, t = self.model, UI[lang]
        regions: dict[str, list[dict]] = {}
        for code, muni in sorted(m.municipalities.items(), key=lambda kv: kv[1]["name"]):
            regions.setdefault(muni["region_name"], []).append(
                {"href": paths.municipality(code), "label": muni["name"], "count": len(m.by_municipality.get(code, []))}
            )
        yield (
            paths.municipalities,
            self._render(
                "index_list.html",
                lang,
                paths.municipalities,
                other.municipalities,
                heading=t["municipalities"],
                groups=sorted(regions.items()),
                **self.maps.municipalities_index(root_for(paths.municipalities), lang, paths),
            ),
        )
        for kind, table, groups in (
            ("category", "categories", m.by_category),
            ("target_group", "target_groups", m.by_target_group),
        ):
            items = [
                {"href": getattr(paths, kind)(k), "label": m.label(table, k, lang), "count": len(groups.get(k, []))}
                for k in sorted(m.labels[table][lang], key=lambda k: m.label(table, k, lang))
            ]
            path, alt, heading = getattr(paths, table), getattr(other, table), t[table]
            yield (
                path,
                self._render(
                    "index_list.html",
                    lang,
                    path,
                    alt,
                    heading=heading,
                    groups=[("", items)],
                    map_head="",
                    map_body="",
                    map_script="",
                ),
            )
        orgs = [
            {"href": paths.organisation(o["id"]), "label": o["name"], "count": len(m.by_organisation.get(o["id"], []))}
            for o in sorted(m.organisations.values(), key=lambda o: o["name"].casefold())
        ]
        yield (
            paths.organisations,
            self._render(
                "index_list.html",
                lang,
                paths.organisations,
                other.organisations,
                heading=t["organisations"],
                groups=[("", orgs)],
                map_head="",
                map_body="",
                map_script="",
            ),
        )

    def _home(self, lang, paths, other) -> str:
        return self._render("home.html", lang, paths.home, other.home, **self._home_facts(), open_now=self.open_now())

    def _home_facts(self) -> dict:
        """What the home page counts and lists, the same in both languages: a pass over every offer, once."""
        if self._home_view is not None:
            return self._home_view
        m = self.model
        recent = heapq.nlargest(6, (s for s in m.services if s["status"] == "active"),
                                key=lambda s: (s["last_verified"], s["id"]))
        served = {c for s in m.services for c in s["served"]}
        counts = {"services": len(m.services), "organisations": len(m.organisations), "municipalities": len(served)}
        self._home_view = {"counts": counts, "recent": recent,
                           "municipalities": sorted(m.municipalities.values(), key=lambda x: x["name"]),
                           "everywhere": search.EVERYWHERE}
        return self._home_view

    def open_now(self) -> dict:
        """The home page's open-now table, the same for both languages, so computed once. Which offers fill
        it depends only on their hours, seasons and status: in `mkdocs serve` that choice (a second at 50,000
        offers) is reused while none of those changed, and only the names and places are read again."""
        global _OPEN_NOW
        if self._open_now_view is None:
            window = opening.Window.around(self.model.built)
            key = (window, hash(tuple(_open_now_facts(s) for s in self.model.services)))
            if _OPEN_NOW is None or _OPEN_NOW[0] != key:
                table, listed = opening.open_now_table(self.model.services, window)
                _OPEN_NOW = (key, table, [s["id"] for s in listed])
            _, table, ids = _OPEN_NOW
            by_id = {s["id"]: s for s in self.model.services}
            listed = [by_id[sid] for sid in ids]
            table = {**table, "services": opening.table_services(listed)}
            today = opening.open_on(listed, window.first_day, window)
            self._open_now_view = {"json": script_json(table), "day": window.first_day, "today": today}
        return self._open_now_view


def write_pages(
    renderer: Renderer, out: Path, langs: tuple[str, ...] = ("da", "en"), workers: int | None = None
) -> int:
    """Write every page under `out` in forked worker processes; returns how many.

    Service pages are 95 % of a national catalogue and independent of each other, so they are split into
    chunks across the cores; the other pages go as a few tasks of their own.
    """
    global _RENDERER, _OUT
    services = renderer.model.services
    step = 2000
    # A chunk's pages in every language in one task: the languages share each description's HTML.
    tasks = [("other", (lang,), 0, 0) for lang in langs]
    tasks += [("services", langs, i, i + step) for i in range(0, len(services), step)]
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(services) < 1000 or "fork" not in multiprocessing.get_all_start_methods():
        return sum(_write_task(renderer, out, task) for task in tasks)
    _RENDERER, _OUT = renderer, out
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return sum(pool.map(_write_in_worker, tasks, chunksize=1))
    finally:
        _RENDERER = _OUT = None


_OPEN_NOW: tuple | None = None  # (what it was chosen from, the open-now table, the ids of its offers)


def _open_now_facts(s: dict) -> tuple:
    """What decides whether and when an offer is in the open-now table."""
    return s["id"], s["status"], opening.expressions(s), s.get("valid_from"), s.get("valid_to")


def _nationwide_elsewhere(service: dict, code: str) -> bool:
    """A nationwide offer without a place in municipality `code`."""
    return bool(service.get("nationwide")) and all(loc["municipality_code"] != code for loc in service["locations"])


@lru_cache(maxsize=4096)
def _description(text: str | None) -> Markup:
    """A description's HTML, shared by the Danish and the English page (rendered one after the other)."""
    return markdown(text)


_RENDERER: Renderer | None = None
_OUT: Path | None = None


def _write_in_worker(task: tuple) -> int:
    return _write_task(_RENDERER, _OUT, task)


def _write_task(renderer: Renderer, out: Path, task: tuple) -> int:
    kind, langs, start, end = task
    if kind == "other":
        pages = renderer.other_pages(langs[0])
    else:
        chunk = renderer.model.services[start:end]
        pages = (page for lang in langs for page in renderer.service_pages(lang, chunk))
    n, root = 0, str(out)
    for rel, html in pages:
        write_file(f"{root}/{rel}index.html" if rel.endswith("/") or rel == "" else f"{root}/{rel}",
                   html.encode("utf-8"))
        n += 1
    return n


def copy_assets(out: Path) -> None:
    shutil.copytree(ASSETS, out / "assets", dirs_exist_ok=True)
