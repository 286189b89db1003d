"""Records come from strangers' pull requests: a record whose every text field is a script payload, yet still a
valid record, is published as inert text. Nothing executes in a real browser, no dialog opens, nothing is fetched
from anywhere but the site, and the payloads read on the page exactly as they were written.
"""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.build import build_site
from generator.config import Settings

from browser_support import open_lazy_maps, serve, watched_page
from conftest import Catalogue

pytestmark = pytest.mark.site  # every test here reads a whole built site

NAME = "<script>window.__pwned=1</script>"
SUMMARY = '"><img src=x onerror="window.__pwned=2">'
# Closes a <script> block (JSON in a page), then a template expression and a JS-string breakout.
BREAKOUT = "</script><script>window.__pwned=4</script> {{7*7}} '-alert(1)-'"
DESCRIPTION = f"""\
Raw <b onmouseover="window.__pwned=5">HTML</b> and <script>window.__pwned=6</script>

[klik](javascript:window.__pwned=3) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

<iframe src="javascript:window.__pwned=7"></iframe>

<img src="https://tracker.example/pixel.png" onerror="window.__pwned=8">

<svg onload="window.__pwned=9"></svg>

{BREAKOUT}
"""
ORG_NAME = "</script><script>window.__pwned=10</script>{{7*7}}'-alert(1)-'"
ORG_DESCRIPTION = '<script>window.__pwned=11</script> [x](javascript:window.__pwned=12) "><img src=x onerror=alert(1)>'
WEBSITE = 'https://example.org/"><script>window.__pwned=13</script>'
HOURS_COMMENT = 'Mo-Fr 10:00-12:00 "</script><script>window.__pwned=14</script>"'
ORG_ID, SERVICE_ID = "nyttelast-forening", "nyttelast"


def payload_records(today: dt.date) -> tuple[dict, dict]:
    organisation = {
        "id": ORG_ID,
        "name": ORG_NAME,
        "type": "association",
        "description": ORG_DESCRIPTION,
        "municipality_code": "751",
        "website": WEBSITE,
        "email": "kontakt@example.org",
    }
    place = {"postcode": "8000", "municipality_code": "751", "latitude": 56.1572, "longitude": 10.2107}
    service = {
        "id": SERVICE_ID,
        "name": NAME,
        "summary": SUMMARY,
        "description": DESCRIPTION,
        "status": "active",
        "cost": "fee",
        "cost_description": BREAKOUT,
        "access_description": BREAKOUT,
        "eligibility_description": BREAKOUT,
        "website": WEBSITE,
        "last_verified": today,
        "categories": ["family-support"],
        "target_groups": ["vulnerable-families"],
        "languages": ["da"],
        "access": ["self-referral"],
        "municipal_partners": [{"municipality_code": "751", "department": BREAKOUT}],
        "locations": [
            # Open around the clock, so "open now" lists (built by JavaScript) show the payload name too.
            {
                "id": "altid",
                "name": '<svg onload="window.__pwned=15">',
                "street_address": BREAKOUT,
                "city": BREAKOUT,
                **place,
                "wheelchair": "limited",
                "accessibility": BREAKOUT,
                "opening_hours": "24/7",
                "opening_hours_note": BREAKOUT,
            },
            {
                "id": "kommentar",
                "street_address": BREAKOUT,
                "city": BREAKOUT,
                **place,
                "latitude": 56.1620,
                "opening_hours": HOURS_COMMENT,
            },
        ],
    }
    return organisation, service


def build_payload_site(base: Path, config: Settings | None = None) -> Path:
    """The site of a catalogue holding only the payload organisation and service, built in `base`/site."""
    catalogue = Catalogue(base)
    organisation, service = payload_records(dt.date.today())
    dump = lambda record: yaml.safe_dump(record, allow_unicode=True, sort_keys=False)  # noqa: E731
    catalogue.organisation(ORG_ID, dump(organisation))
    catalogue.service(SERVICE_ID, dump(service), org=ORG_ID)
    build_site(catalogue.root, base / "site", config)
    return base / "site"


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory) -> Path:
    return build_payload_site(tmp_path_factory.mktemp("payloads"),
                              Settings(repo_url="https://github.com/velfaerdskataloget/catalogue"))


@pytest.fixture(scope="module")
def payload_url(payload_site):
    with serve(payload_site) as url:
        yield url


SEARCH = "soeg/?q=window&kommune=alle"
# Every page that shows the payload records, each with what to wait for once it has loaded (maps and search
# results are built by JavaScript from JSON and the Pagefind index).
PAGES = {
    f"tilbud/{SERVICE_ID}/": None,
    f"en/services/{SERVICE_ID}/": None,
    f"organisationer/{ORG_ID}/": None,
    "kommuner/751/": ".leaflet-marker-icon",
    "kategorier/family-support/": None,
    "maalgrupper/vulnerable-families/": None,
    "organisationer/": None,
    "kort/": ".leaflet-marker-icon",
    SEARCH: "[data-list] li a",
    "": None,
}


# What the page's DOM must never hold after its scripts ran: handlers, script URLs, frames, or script elements
# whose code mentions a payload (JSON data blocks may carry the text, since they are not run).
DOM_INJECTIONS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) found.push(`${el.tagName} ${a.name}=${a.value}`);
      if (['href', 'src', 'action', 'formaction'].includes(a.name) && /^\\s*(javascript|data|vbscript):/i.test(a.value))
        found.push(`${el.tagName} ${a.name}=${a.value}`);
    }
  }
  for (const el of document.querySelectorAll('iframe, object, embed, frame')) {
    // The one frame the site makes: embed-form.js's preview of the site's own widget page (issue 4).
    const preview = el.matches('iframe[data-preview]') && /\\/(indlejr|en\\/embed)\\/$/.test(new URL(el.src).pathname);
    if (!preview) found.push(el.outerHTML);
  }
  for (const s of document.scripts)
    if (s.text.includes('__pwned') && !/json/.test(s.type)) found.push(`script: ${s.text.slice(0, 80)}`);
  return found;
}"""


def popups(page) -> list[str]:
    """Open the on-request maps of a service page and each marker's popup (Leaflet popups are built by JavaScript)."""
    open_lazy_maps(page)
    texts = []
    for marker in page.locator("[data-lazy-map] .leaflet-marker-icon").all():
        marker.dispatch_event("click")
        texts.append(page.locator(".leaflet-popup-content").last.inner_text())
    return texts


@pytest.fixture(scope="module")
def visits(chromium, payload_url, tile_hosts) -> dict[str, dict]:
    """Each page opened in Chromium with scripts on: what ran, what was fetched, and what it shows."""
    seen = {}
    for rel, ready in PAGES.items():
        with watched_page(chromium, tile_hosts) as (page, traffic):
            response = page.goto(payload_url + rel, wait_until="networkidle")
            if ready:
                page.wait_for_selector(ready)
            seen[rel] = {"popups": popups(page)}
            seen[rel] |= {
                "status": response.status,
                "pwned": page.evaluate("typeof window.__pwned === 'undefined' ? null : String(window.__pwned)"),
                "problems": traffic.problems(),
                "injections": page.evaluate(DOM_INJECTIONS),
                "h1": page.locator("h1").first.inner_text(),
                "text": page.locator("body").inner_text(),
            }
    return seen


def test_no_payload_runs_or_reaches_out_on_any_page(visits):
    for rel, seen in visits.items():
        assert seen["status"] == 200, rel
        assert seen["pwned"] is None, f"{rel or 'home'}: payload {seen['pwned']} executed"
        assert not seen["problems"], f"{rel or 'home'}:\n" + "\n".join(seen["problems"])
        assert not seen["injections"], f"{rel or 'home'}: {seen['injections']}"


def test_the_service_page_shows_every_payload_as_the_literal_text_written(visits):
    for rel in (f"tilbud/{SERVICE_ID}/", f"en/services/{SERVICE_ID}/"):
        seen = visits[rel]
        assert seen["h1"] == NAME
        text = seen["text"]
        assert SUMMARY in text
        assert BREAKOUT in text  # cost, access, eligibility, address, city, accessibility, note, department
        assert "[klik](javascript:window.__pwned=3)" in text  # an unsafe link stays text, not a link
        assert '<b onmouseover="window.__pwned=5">HTML</b>' in text  # raw HTML is shown, never rendered
        assert '<svg onload="window.__pwned=15">' in text  # the location's name
        assert "</script><script>window.__pwned=14</script>" in text  # the comment in the opening hours
        assert len(seen["popups"]) == 2, "the service map should show both places"
        assert any(p.startswith('<svg onload="window.__pwned=15">') for p in seen["popups"]), seen["popups"]
        assert all(BREAKOUT in p for p in seen["popups"]), seen["popups"]


def test_the_organisation_and_listing_pages_show_the_names_as_text(visits):
    assert visits[f"organisationer/{ORG_ID}/"]["h1"] == ORG_NAME
    assert "<script>window.__pwned=11</script>" in visits[f"organisationer/{ORG_ID}/"]["text"]
    for rel in ("kommuner/751/", "kategorier/family-support/", "maalgrupper/vulnerable-families/", SEARCH, ""):
        assert NAME in visits[rel]["text"], f"{rel or 'home'} does not list the service by its name"
    assert ORG_NAME in visits["organisationer/"]["text"]


class _Markup(HTMLParser):
    """Collects what an HTML file would make a browser do: attributes, script blocks, embedded frames."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.frames: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        if tag in ("iframe", "object", "embed", "frame"):
            self.frames.append(tag)
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def test_no_built_html_carries_a_payload_as_markup(payload_site):
    for path in sorted(payload_site.rglob("*.html")):
        markup = _Markup()
        markup.feed(path.read_text(encoding="utf-8"))
        rel = path.relative_to(payload_site)
        assert not markup.frames, f"{rel}: {markup.frames}"
        for tag, name, value in markup.attributes:
            assert not name.startswith("on"), f"{rel}: <{tag} {name}={value!r}>"
            if name in ("href", "src", "action", "formaction"):
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), f"{rel}: {value}"
        for attrs, text in markup.scripts:
            if "__pwned" in text:  # record text inside a script block: only as JSON data that parses whole
                assert "json" in attrs.get("type", ""), f"{rel}: payload in an executable script: {text[:120]}"
                json.loads(text)


def test_the_search_index_holds_the_payloads_as_text_and_only_the_sites_filters(payload_site):
    """Pagefind reads the description's HTML before the sanitiser would see it (search.document): the index must
    still hold what was written as literal text, and the record's text must add no filter, meta or sort key."""
    from test_search import indexed

    fragment = indexed(payload_site)[SERVICE_ID]
    assert fragment["meta"]["title"] == NAME and fragment["meta"]["summary"] == SUMMARY
    content = fragment["content"]
    for written in ('<b onmouseover="window.__pwned=5">HTML</b>', "<script>window.__pwned=6</script>",
                    '<svg onload="window.__pwned=9"></svg>', "[klik](javascript:window.__pwned=3)", BREAKOUT):
        assert written in content, written
    days = {k for k in fragment["filters"] if k.startswith("aaben-")}
    assert set(fragment["filters"]) == {"kommune", "kategori", "maalgruppe", "sprog", "pris", "adgang", "tid", "alder",
                                        "koerestol", "celle"} | days
    assert set(fragment["meta"]) <= {"title", "id", "summary", "organisation", "place", "nationwide", "geo",
                                     "status", "cost", "access", "age", "wheelchair", "hours",
                                     "verified", "image", "image_alt"}


def test_the_link_preview_tags_hold_the_payloads_as_inert_text(payload_site):
    from test_link_previews import Head

    for rel in (f"tilbud/{SERVICE_ID}/index.html", f"en/services/{SERVICE_ID}/index.html"):
        html = (payload_site / rel).read_text(encoding="utf-8")
        head = Head(html)
        assert head.meta["og:title"] == [NAME] and head.meta["description"] == [SUMMARY]
        assert head.meta["og:description"] == [SUMMARY]
        assert "<script>window.__pwned" not in html.split("</head>")[0]  # escaped, so no element starts there
    organisation = Head((payload_site / f"organisationer/{ORG_ID}/index.html").read_text(encoding="utf-8"))
    assert organisation.meta["og:title"] == [ORG_NAME]
