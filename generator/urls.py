"""Every public URL of the site and its open data, in Danish and English: no other module spells a slug.

Paths are relative to the site root and end in "/" for a page; a page prefixes them with its own way back to the
root (`root_for`), so the site works under any base URL. The open data's addresses are documented as stable
(docs/aabne-data.md): change one only with a redirect and a note there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from .hsds_crosswalk import organization_uid, service_uid

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
        "embed": "indlejr/",
        "embedding": "indlejring/",
        "open_data": "aabne-data/",
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
        "embed": "en/embed/",
        "embedding": "en/embedding/",
        "open_data": "en/open-data/",
    },
}
# Pages under a record's own page, in each language.
SUBPAGES = {
    "da": {"stale": "ikke-bekraeftet", "partnerships": "partnerskaber"},
    "en": {"stale": "not-verified", "partnerships": "partnerships"},
}
# The search page's URL parameters (shared and bookmarked links carry them); the filters among them are also the
# keys of the search index's filters, so a link and the index agree by construction.
SEARCH_PARAMS = {
    "query": "q",
    "municipality": "kommune",
    "category": "kategori",
    "target_group": "maalgruppe",
    "language": "sprog",
    "cost": "pris",
    "access": "adgang",
    "times": "tid",
    "open_now": "aaben",
    "age": "alder",
    "wheelchair": "koerestol",
    "sort": "sort",
    "postcode": "postnr",
}
DEPARTMENT_PARAM = "afdeling"  # the partnerships page's filter, in its URL
# Contributor docs pages the build generates (Markdown sources under docs/).
GENERATED_DOCS = {
    "da": {"schema": "bidrag/skema.md", "hours": "bidrag/aabningstider.md"},
    "en": {"schema": "en/contributing/schema.md", "hours": "en/contributing/opening-hours.md"},
}
# The contributor docs (Markdown under docs/) in pairs: each Danish page and its English version.
DOCS_TRANSLATIONS = {
    "bidrag/index.md": "en/contributing/index.md",
    "bidrag/webeditor.md": "en/contributing/web-editor.md",
    "bidrag/git.md": "en/contributing/git.md",
    "bidrag/efter-pull-request.md": "en/contributing/after-pull-request.md",
    GENERATED_DOCS["da"]["hours"]: GENERATED_DOCS["en"]["hours"],
    GENERATED_DOCS["da"]["schema"]: GENERATED_DOCS["en"]["schema"],
    "indlejring.md": "en/embedding.md",
    "aabne-data.md": "en/open-data.md",
}
PAGE_SIZE = 100  # offers per page of a long list

# The files beside the pages. Folders of files that are no pages for readers:
ASSETS = "assets/"
VENDOR = "assets/vendor/"
DATA = "data/"
MAP_DATA = "data/map/"
SEARCH = "pagefind/"
NOT_PAGES = {"assets", "data", "pagefind", "stylesheets", "javascripts"}
# Open data (stable URLs)
DATAPACKAGE = "data/datapackage.json"
DATAPACKAGE_ZIP = "data/datapackage.zip"
GEOJSON = "data/services.geojson"
HSDS = "data/hsds/"
HSDS_INDEX = "data/hsds/index.json"
DCAT = "data/dcat.jsonld"
FEEDS = "data/kommuner/"
FEED_ALL = "alle"  # the whole country's feed, and the widget's `municipality=alle`
FEED_NATIONWIDE = "hele-landet"  # the nationwide offers, shared by every municipality's widget
CHANGES = "data/changes.atom"
MUNICIPALITY_CHANGES = "data/changes/{code}.atom"
CALENDARS = "data/kalender/"  # + <service id>.ics: an offer's weekly sessions


@dataclass(frozen=True)
class Paths:
    """Site-relative URLs of every page, in one language."""

    lang: str

    @property
    def prefix(self) -> str:
        return "" if self.lang == "da" else "en/"

    @property
    def other(self) -> Paths:
        """The same pages in the other language."""
        return Paths("en" if self.lang == "da" else "da")

    def _p(self, kind: str, key: str = "") -> str:
        base = f"{self.prefix}{SLUGS[self.lang][kind]}/"
        return f"{base}{key}/" if key else base

    def service(self, key: str) -> str:
        return self._p("service", key)

    def organisation(self, key: str) -> str:
        return self._p("organisation", key)

    def municipality(self, key: str) -> str:
        return self._p("municipality", key)

    def stale(self, organisation: str) -> str:
        """An organisation's offers not verified for over a year."""
        return f"{self.organisation(organisation)}{SUBPAGES[self.lang]['stale']}/"

    def partnerships(self, code: str) -> str:
        """Who runs which offers with which department of a municipality."""
        return f"{self.municipality(code)}{SUBPAGES[self.lang]['partnerships']}/"

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

    @property
    def embed(self) -> str:
        """The widget page other sites put in an iframe."""
        return SLUGS[self.lang]["embed"]

    @property
    def embedding(self) -> str:
        """The guide to embedding and the feeds."""
        return SLUGS[self.lang]["embedding"]

    @property
    def open_data(self) -> str:
        """The guide to every open-data URL."""
        return SLUGS[self.lang]["open_data"]


def docs_lang(src: str) -> str:
    """The language of a contributor docs page, from where its Markdown source lies."""
    return "en" if src.startswith(Paths("en").prefix) else "da"


def docs_translation(src: str) -> str | None:
    """The Markdown source of a contributor docs page's version in the other language."""
    return DOCS_TRANSLATIONS.get(src) or next((da for da, en in DOCS_TRANSLATIONS.items() if en == src), None)


def page_folders() -> set[str]:
    """Top folders, in either language, of the pages the pipeline renders (the contributor docs are MkDocs')."""
    kinds = {"contribute", "embedding", "open_data"}  # MkDocs pages
    return {slug.rstrip("/").rsplit("/", 1)[-1] for slugs in SLUGS.values() for kind, slug in slugs.items()
            if kind not in kinds}


def service_page(service_id: str) -> str:
    """The Danish page of an offer: the address open data links to."""
    return Paths("da").service(service_id)


def search_link(paths: Paths, **filters: str) -> str:
    """The search page with filters set, e.g. search_link(paths, category="family-support")."""
    query = "&".join(f"{SEARCH_PARAMS[name]}={value}" for name, value in filters.items())
    return f"{paths.search}?{query}" if query else paths.search


def calendar(service_id: str) -> str:
    return f"{CALENDARS}{service_id}.ics"


def edit_link(repo_url: str, branch: str, path: str) -> str:
    """GitHub's web editor on the file at `path` (from the repository's root) on `branch`; "" without a repository."""
    if not repo_url or not path:
        return ""
    return f"{repo_url.rstrip('/')}/edit/{quote(branch)}/{quote(path)}"


_QCHAR = ":@(),;!'*$"  # RFC 6068's some-delims but "+", which some mail programs read as a space


def mailto(address: str, subject: str, body: str) -> str:
    """A `mailto:` link with its subject and body filled in (RFC 6068: every reserved character escaped, lines
    ending in CRLF), so record text in them can neither add headers nor end the link."""
    body = "\r\n".join(body.splitlines())
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe=_QCHAR)}&body={quote(body, safe=_QCHAR)}"


def hsds_service(service_id: str) -> str:
    """A service's HSDS document: named by its HSDS id, as the OpenAPI description's `/services/{id}` asks."""
    return f"{HSDS}services/{service_uid(service_id)}.json"


def hsds_organization(organisation_id: str) -> str:
    """An organisation's HSDS document, at `/organizations/{id}` of its HSDS id."""
    return f"{HSDS}organizations/{organization_uid(organisation_id)}.json"


def feed(name: str) -> str:
    """A municipality's feed (its code), or FEED_ALL's or FEED_NATIONWIDE's, without its extension."""
    return f"{FEEDS}{name}"


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
