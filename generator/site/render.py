"""Render: the site model to HTML pages with Jinja2, one page per service, organisation, municipality,
category and target group, plus the home page, in Danish and English.

Pages are plain HTML that reads without JavaScript; scripts only add search, maps and "open now".
Every value from a record goes through Jinja2's autoescaping or the Markdown sanitiser.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import pass_context
from markupsafe import Markup

from ..config import Settings
from ..enrich import SiteModel
from ..hours.intervals import Window, expressions
from ..hours.parse import TIMEZONE
from ..hours.weekly import service_sessions
from ..hours.words import in_words
from ..sanitise import markdown, safe_url, script_json, tel_href
from ..schema import load_schema
from ..tools.stale import stale
from ..urls import (
    DEPARTMENT_PARAM,
    FEED_ALL,
    FEED_NATIONWIDE,
    FEEDS,
    MUNICIPALITY_CHANGES,
    SEARCH_PARAMS,
    Paths,
    calendar,
    chunked,
    edit_link,
    mailto,
    paginate,
    root_for,
    search_link,
)
from . import embed, search
from .freshness import STALE_AFTER_DAYS, age_in_words, freshness
from .hours_view import hours_view, open_now_table, open_on, table_services
from .i18n import UI, long_date
from .maps import SiteMaps, directions
from .templating import environment


@dataclass(frozen=True)
class Affected:
    """The pages besides service pages that one edit can change (indexes and home always are)."""

    organisations: set[str]
    municipalities: set[str]
    list_pages: frozenset[tuple[str, str, int]]  # (kind, key, page number) of long lists: see list_signatures
    search: bool = True  # the search page (its choices: the languages offers are in, the bundles)


# Where a card's links start until the list it is in puts its page's root there: markup no escaped record text can
# contain, since escaping turns every "<" of a record into "&lt;".
CARD_ROOT = Markup("<root>")
RECORD_LANG = "da"  # the language records are written in: marked as such on pages in another (WCAG 3.1.2)


@dataclass
class OpenNowMemo:
    """Which offers fill the home page's open-now table, kept between the builds of `mkdocs serve` (SiteState):
    the choice depends only on the offers' hours, seasons and status, and takes a while at national scale."""

    key: tuple = ()
    table: dict | None = None
    ids: list[str] | None = None


class Renderer:
    """Every page of the site from the model. `service_jsonld(service, lang)` gives the structured data a service
    page carries (the build hands in the export's schema.org markup); `open_now` keeps the open-now choice."""

    def __init__(self, model: SiteModel, config: Settings,
                 service_jsonld: Callable[[dict, str], dict] | None = None, open_now: OpenNowMemo | None = None):
        self.model = model
        self.config = config
        self.maps = SiteMaps(model, config.tiles, config.tile_attribution)
        self.env = environment()
        self.env.filters.update(
            markdown=markdown,
            tel=tel_href,
            safe_url=safe_url,
            longdate=pass_context(lambda ctx, d: long_date(d, ctx["lang"])),
            age=pass_context(lambda ctx, days: age_in_words(days, ctx["lang"])),
        )
        self.today = today = model.built.astimezone(TIMEZONE).date()
        self.env.globals["freshness"] = lambda s: freshness(s["last_verified"], today)
        # export/calendar.py writes a calendar file for exactly these offers
        self.env.globals["calendar"] = self.calendar
        self.env.globals["service_jsonld"] = lambda s, lang: _jsonld_script(service_jsonld, s, lang)
        self.env.globals["licence"] = config.licence  # base.html's footer
        self.env.globals["preview"] = config.preview  # base.html's note that the data waits for a full build
        self.env.globals["handout_texts"] = self.handout_texts
        self._hours_cache: dict[tuple, Markup] = {}
        self._handout_texts: dict[str, Markup] = {}
        self._calendars: dict[str, str] = {}
        self._chrome_cache: dict[tuple[str, str, str], Markup] = {}
        self._card_macros: dict[str, tuple] = {}
        self._open_now_view: dict | None = None
        self._open_now_memo = open_now or OpenNowMemo()
        self._home_view: dict | None = None
        # The search bundles the search page names (search.bundle_index): known once they are written, so the
        # build renders the search page again after them (search_pages); until then search.js asks for them.
        self.search_index: dict | None = None

    def cards(self, services: list[dict], lang: str, root: str) -> Markup:
        """A list of offers as cards. An offer sits in many lists (its organisation, municipalities, categories,
        target groups, at every depth of the site), so each card is rendered once per language with CARD_ROOT
        where the links start, and the list puts the page's own root there."""
        if not services:
            return Markup("<p>{}</p>").format(UI[lang]["no_services"])
        if lang not in self._card_macros:
            module = self.env.get_template("_lists.html").make_module(
                {"root": CARD_ROOT, "paths": Paths(lang), "t": UI[lang], "model": self.model, "lang": lang,
                 "fields": self.model.titles[lang], "record_lang": record_lang(lang)}
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
            "record_lang": record_lang(lang),
            "path": path,
            "alternate": alternate,
            "other_lang": paths.other.lang,
            "public_url": self.config.public_url,  # the language versions' and link previews' absolute addresses
            "location_hours": lambda text, s, level=4: self.location_hours(
                text, lang, (s.get("valid_from"), s.get("valid_to")), level),
            "hours_in_words": lambda text: self.hours_in_words(text, lang),
            "chrome": lambda part: self.chrome(part, lang, root),
            "directions": lambda loc: directions(loc, lang),
            "enums": {name: labels[lang] for name, labels in self.model.enums.items()},  # the schema's labels
            "fields": self.model.titles[lang],  # the schema's field titles, by record kind
            "params": SEARCH_PARAMS,
        }

    def chrome(self, part: str, lang: str, root: str) -> Markup:
        """The top or the foot of a page (partials/top.html, bottom.html) or its share buttons (share.html): the
        same on every page of a language at one depth, rendered once for each instead of escaping its forty values
        on every page."""
        key = (part, lang, root)
        if key not in self._chrome_cache:
            paths = Paths(lang)
            html = self.env.get_template(f"partials/{part}.html").render(
                t=UI[lang], root=root, paths=paths, home=paths.home, lang=lang)
            self._chrome_cache[key] = Markup(html)
        return self._chrome_cache[key]

    def location_hours(self, expression: str, lang: str, season: tuple = (None, None), level: int = 4) -> Markup:
        """This week's table of one opening-hours expression and its open intervals in the published window, within
        the offer's season (valid_from, valid_to), under a heading of `level` (4 under a place's heading, 3 for an
        offer's own hours).

        Many offers share their hours ("Mo-Fr 09:00-15:00"), and the table depends only on the expression, the
        season, the language and the build's time, so each is rendered once."""
        key = (expression, lang, *season, level)
        if key not in self._hours_cache:
            hours = hours_view(expression, self.model.built, UI[lang], season)
            html = self.env.get_template("partials/hours.html").render(hours=hours, t=UI[lang], lang=lang,
                                                                        level=level)
            self._hours_cache[key] = Markup(html)
        return self._hours_cache[key]

    def calendar(self, s: dict) -> str:
        """The address of the offer's calendar file, or "" without one (asked for by both languages' pages)."""
        if s["id"] not in self._calendars:
            self._calendars[s["id"]] = calendar(s["id"]) if service_sessions(s, self.today) else ""
        return self._calendars[s["id"]]

    def handout_texts(self, lang: str) -> Markup:
        """The JSON handout.js reads: its texts, the stale notice and threshold, and the statuses' words."""
        if lang not in self._handout_texts:
            t = UI[lang]
            self._handout_texts[lang] = script_json({
                "texts": t["handout"], "site": t["site"], "stale_notice": t["stale_notice"],
                "feeds": FEEDS, "country": FEED_ALL, "nationwide": FEED_NATIONWIDE,
                "stale_after": STALE_AFTER_DAYS, "status": {s: t[f"status_{s}"] for s in ("paused", "closed")}})
        return self._handout_texts[lang]

    def hours_in_words(self, expression: str, lang: str) -> Markup:
        """The weekly hours of an expression as a table in words, for print (empty where words cannot say them)."""
        key = ("words", expression, lang)
        if key not in self._hours_cache:
            words = in_words(expression, lang)
            html = self.env.get_template("partials/hours-words.html").render(words=words, t=UI[lang]) if words else ""
            self._hours_cache[key] = Markup(html)
        return self._hours_cache[key]

    def _correction(self, lang: str, page: str, rel: str, name: str, org: dict) -> dict:
        """The two ways to report a mistake in a record: an e-mail that needs no account, to the organisation that
        keeps the record (else to the catalogue's own address), and GitHub's editor on the record's file."""
        c, t = self.config, UI[lang]
        file = f"{c.catalogue_path}/{rel}" if c.catalogue_path else rel
        address = org.get("email") or c.contact_email
        report = mailto(address, t["report_subject"].format(name=name),
                        t["report_body"].format(page=c.public_url + page, file=file)) if address else ""
        return {"edit_url": edit_link(c.repo_url, c.edit_branch, file) if c.catalogue_path else "",
                "report_url": report, "report_to": org["name"] if org.get("email") else t["catalogue_inbox"],
                "report_to_lang": record_lang(lang) if org.get("email") else ""}

    def _render(self, template: str, lang: str, path: str, alternate: str | None, **context) -> str:
        return self.env.get_template(template).render(**self._common(lang, path, alternate), **context)

    def pages(self, lang: str) -> Iterator[tuple[str, str]]:
        """(path relative to the site root, HTML) of every page in `lang`."""
        yield from self.service_pages(lang, self.model.services)
        yield from self.other_pages(lang)

    def service_pages(self, lang: str, services: list[dict]) -> Iterator[tuple[str, str]]:
        paths = Paths(lang)
        other = paths.other
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
                    **self._correction(lang, path, f"{s['organisation_id']}/services/{s['id']}.yaml", s["name"],
                                       self.model.organisations[s["organisation_id"]]),
                    description_html=_description(s.get("description")),
                    **self.maps.service(s, root_for(path), lang),
                ),
            )

    def other_pages(self, lang: str, only: Affected | None = None) -> Iterator[tuple[str, str]]:
        """Every page that is not a service page: organisations, municipalities, terms, indexes, home."""
        m, paths = self.model, Paths(lang)
        other = paths.other
        for org_id, org in sorted(m.organisations.items()):
            if only and org_id not in only.organisations:
                continue
            path = paths.organisation(org_id)
            partner_of = m.partner_of.get(org_id, [])
            own = m.by_organisation.get(org_id, [])
            rows = [{**r, "date": dt.date.fromisoformat(r["last_verified"])} for r in stale(own, [org], self.today)]
            if rows:  # a page only where there is something to list: most organisations have none
                yield paths.stale(org_id), self._render(
                    "stale.html", lang, paths.stale(org_id), other.stale(org_id), org=org, rows=rows, total=len(own),
                    built=self.today)
            yield (
                path,
                self._render(
                    "organisation.html",
                    lang,
                    path,
                    other.organisation(org_id),
                    org=org,
                    services=own,
                    partner_services=partner_of,
                    stale_count=len(rows),
                    **self._correction(lang, path, f"{org_id}/organisation.yaml", org["name"], org),
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
            partnerships = self._partnerships(code)
            yield paths.partnerships(code), self._render(
                "partnerships.html", lang, paths.partnerships(code), other.partnerships(code), m=muni,
                department_param=DEPARTMENT_PARAM, **partnerships)
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
                    partnerships=partnerships,
                    changes=MUNICIPALITY_CHANGES.format(code=code),
                    handout={"feeds": [code], "match": {}, "heading": UI[lang]["offers_in"].format(name=muni["name"]),
                             "filters": [[UI[lang]["municipality"], muni["name"]]]},
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
            yield from self.search_pages(lang)

    def search_pages(self, lang: str) -> Iterator[tuple[str, str]]:
        """The search page, naming the bundles of `search_index`."""
        paths = Paths(lang)
        context = search.page_context(self.model, lang, self.search_index, root_for(paths.search))
        yield paths.search, self._render("search.html", lang, paths.search, paths.other.search, **context)

    def _partnerships(self, code: str) -> dict:
        """A municipality's partnership offers under each of its departments and own units (by name), an offer
        under each it names: how the partnerships page groups them, and what the municipality page counts."""
        m = self.model
        entries = m.partnerships.get(code, [])
        sections: dict[str, list[dict]] = {}
        for entry in entries:
            for name in entry["departments"] + [m.organisations[u]["name"] for u in entry["units"]]:
                sections.setdefault(name, []).append(entry)
        ordered = [(name, sorted(listed, key=lambda e: search.sort_name(e["service"]["name"])))
                   for name, listed in sorted(sections.items(), key=lambda kv: search.sort_name(kv[0]))]
        return {"sections": ordered, "offers": len(entries),
                "organisations": len({o for e in entries for o in e["organisations"]})}

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
        paths = Paths(lang)
        other = paths.other
        rows = {kind: {r["id"]: r for r in load_schema().rows(table)}
                for kind, table in (("category", "categories"), ("target_group", "target_groups"))}
        for kind, key, services in self._lists():
            t = UI[lang]
            if kind == "nationwide":
                base, other_base, query = paths.nationwide, other.nationwide, None
                heading, intro = t["nationwide_heading"], ""
                handout = {"feeds": [FEED_NATIONWIDE], "match": {}, "filters": [[t["where"], t["everywhere"]]]}
            else:
                base, other_base = getattr(paths, kind)(key), getattr(other, kind)(key)
                heading, intro = rows[kind][key][f"label_{lang}"], rows[kind][key].get(f"description_{lang}", "")
                query = search_link(paths, **{kind: key})
                field = "categories" if kind == "category" else "target_groups"
                handout = {"feeds": [FEED_ALL, FEED_NATIONWIDE], "match": {field: key},
                           "filters": [[t[kind], heading], [t["where"], t["everywhere"]]]}
            for (path, chunk, pager), (alternate, _, _) in zip(
                paginate(paths, base, services), paginate(other, other_base, services), strict=True
            ):
                if only is not None and (kind, key, pager.current) not in only:
                    continue
                yield (
                    path,
                    self._render(
                        "term.html", lang, path, alternate, heading=heading, intro=intro, services=chunk,
                        total=len(services), pager=pager, search_link=query, handout={**handout, "heading": heading},
                    ),
                )

    def _indexes(self, lang, paths, other) -> Iterator[tuple[str, str]]:
        m, t = self.model, UI[lang]
        regions: dict[str, list[dict]] = {}
        for code, muni in sorted(m.municipalities.items(), key=lambda kv: kv[1]["name"]):
            regions.setdefault(muni["region_name"], []).append(
                {"href": paths.municipality(code), "label": muni["name"], "count": len(m.by_municipality.get(code, [])),
                 "record": False}
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
                {"href": getattr(paths, kind)(k), "label": m.label(table, k, lang), "count": len(groups.get(k, [])),
                 "record": False}
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
            {"href": paths.organisation(o["id"]), "label": o["name"], "count": len(m.by_organisation.get(o["id"], [])),
             "record": True}  # a name as its record gives it
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
        it depends only on their hours, seasons and status: in `mkdocs serve` that choice is reused while none
        of those changed, and only the names and places are read again."""
        if self._open_now_view is None:
            window = Window.around(self.model.built)
            key = (window, hash(tuple(_open_now_facts(s) for s in self.model.services)))
            memo = self._open_now_memo
            if memo.key != key:
                table, listed = open_now_table(self.model.services, window)
                memo.key, memo.table, memo.ids = key, table, [s["id"] for s in listed]
            by_id = {s["id"]: s for s in self.model.services}
            listed = [by_id[sid] for sid in memo.ids]
            table = {**memo.table, "services": table_services(listed)}
            today = open_on(listed, window.first_day, window)
            self._open_now_view = {"json": script_json(table), "day": window.first_day, "today": today}
        return self._open_now_view


def record_lang(lang: str) -> Markup:
    """The attribute that marks record text on a page in `lang`: nothing on a page in the records' language."""
    return Markup("") if lang == RECORD_LANG else Markup(f' lang="{RECORD_LANG}"')


def _open_now_facts(s: dict) -> tuple:
    """What decides whether and when an offer is in the open-now table."""
    return s["id"], s["status"], expressions(s), s.get("valid_from"), s.get("valid_to")


def _nationwide_elsewhere(service: dict, code: str) -> bool:
    """A nationwide offer without a place in municipality `code`."""
    return bool(service.get("nationwide")) and all(loc["municipality_code"] != code for loc in service["locations"])


@lru_cache(maxsize=4096)
def _description(text: str | None) -> Markup:
    """A description's HTML, shared by the Danish and the English page (rendered one after the other)."""
    return markdown(text)


def _jsonld_script(make: Callable[[dict, str], dict] | None, s: dict, lang: str) -> Markup:
    """The `<script type="application/ld+json">` element of a service page (empty without structured data)."""
    if make is None:
        return Markup("")
    return Markup(f'<script type="application/ld+json">{script_json(make(s, lang))}</script>')
