"""The built sample site in a real headless Chromium: accessible (axe-core), readable and keyboard-usable, and
silent towards third parties (only map tiles may leave the site, and the harness stubs those).

The `site_page` fixture (conftest.py, tests/browser_support.py) fails any test whose page sent a request off
127.0.0.1, logged a console error, threw or opened a dialog.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest

from generator.urls import DOCS_TRANSLATIONS

from browser_support import axe, describe, open_lazy_maps, tile_templates, tile_url, watched_page

pytestmark = pytest.mark.site  # every test here reads a whole built site

# One page of every kind the catalogue publishes, in both languages where the kind differs by language.
RECORD_PAGES = {
    "home": "",
    "home-en": "en/",
    "service": "tilbud/familieklub-gellerup/",
    "service-en": "en/services/barselscafe-gellerup/",
    "organisation": "organisationer/roede-kors-aarhus/",
    "organisation-en": "en/organisations/roede-kors-aarhus/",
    "municipality": "kommuner/751/",
    "municipality-en": "en/municipalities/751/",
    "municipality-without-offers": "kommuner/825/",
    "partnerships": "kommuner/751/partnerskaber/",
    "partnerships-en": "en/municipalities/751/partnerships/",
    "stale-list": "organisationer/aeldre-sagen-hjoerring/ikke-bekraeftet/",
    "stale-list-en": "en/organisations/aeldre-sagen-hjoerring/not-verified/",
    "stale-service": "tilbud/besoegsven-hjoerring/",  # with the notice to call first
    "category": "kategorier/family-support/",
    "target-group": "maalgrupper/parents/",
    "municipalities": "kommuner/",
    "all-offers": "tilbud/",
    "organisations": "en/organisations/",
    "map": "kort/",
    "map-en": "en/map/",
}
# The contributor guide is MkDocs Material's theme, not ours: it is held to WCAG 2.1 A/AA (what the site promises),
# not to axe's best-practice rules, which flag Material's own widgets (e.g. unlabelled code-copy <nav>s). Every page
# of it, in both languages.
DOCS_PAGES = {src.removesuffix(".md"): src.removesuffix(".md").removesuffix("index").rstrip("/") + "/"
              for pair in DOCS_TRANSLATIONS.items() for src in pair}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.mark.parametrize("rel", RECORD_PAGES.values(), ids=RECORD_PAGES.keys())
def test_axe_finds_no_violations_on_record_pages(site_page, rel):
    page = site_page.open(rel)
    violations = axe(page)
    assert not violations, f"{rel or 'home'}:\n{describe(violations)}"


def test_axe_finds_no_violations_on_search_results(site_page):
    page = site_page.open("soeg/?q=familie&kommune=alle")
    page.wait_for_selector("[data-list] li a")  # the results search.js lists from the Pagefind index
    violations = axe(page)
    assert not violations, describe(violations)


def test_axe_finds_no_violations_on_a_search_asking_where(site_page):
    page = site_page.open("soeg/?q=familie")
    page.wait_for_selector("[data-everywhere]:not([hidden])")
    violations = axe(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("rel", DOCS_PAGES.values(), ids=DOCS_PAGES.keys())
def test_axe_finds_no_wcag_violations_on_the_contributor_guide(site_page, rel):
    page = site_page.open(rel)
    violations = axe(page, WCAG_AA)
    assert not violations, f"{rel}:\n{describe(violations)}"


def test_no_request_leaves_the_site_on_any_kind_of_page(chromium, site_url, tile_hosts):
    searches = ["soeg/?q=familie&kommune=alle", "en/search/?q=family&kommune=alle"]
    for rel in [*RECORD_PAGES.values(), *searches, *DOCS_PAGES.values()]:
        with watched_page(chromium, tile_hosts) as (page, traffic):
            page.goto(site_url + rel, wait_until="networkidle")
            assert traffic.requests, f"{rel}: the harness saw no requests at all"
            assert not traffic.foreign, f"{rel or 'home'} sent requests off the site: {traffic.foreign}"


def test_the_harness_catches_a_third_party_request(chromium, site_url, tile_hosts):
    """The request checks above prove something only if a request off the site is really seen and stopped."""
    with watched_page(chromium, tile_hosts) as (page, traffic):
        page.goto(site_url)
        blocked = page.evaluate("fetch('https://example.com/tracker.js').then(() => 'loaded', () => 'blocked')")
        assert blocked == "blocked"
        assert traffic.foreign == ["https://example.com/tracker.js"]
        assert any("example.com" in p for p in traffic.problems())


def test_map_tiles_come_only_from_the_configured_host_and_are_stubbed_locally(site_page, tile_hosts):
    page = site_page.open("kort/")
    page.wait_for_selector(".leaflet-tile-loaded")
    traffic = site_page.traffic
    assert traffic.tiles, "the map requested no tiles"
    assert all(tile_hosts.match(urlsplit(url).hostname) for url in traffic.tiles)
    for template in tile_templates():
        url = tile_url(template)
        assert page.evaluate("url => fetch(url).then(r => r.status)", url) == 200
        assert url in traffic.tiles


def test_a_service_map_opened_on_request_is_accessible_and_fetches_only_tiles(site_page):
    page = site_page.open("tilbud/familieklub-gellerup/")
    assert open_lazy_maps(page) == 1
    page.locator(".leaflet-marker-icon").first.click()
    assert page.locator(".leaflet-popup-content").inner_text().startswith("Foreningshuset Gellerup")
    violations = axe(page)
    assert not violations, describe(violations)
    assert site_page.traffic.tiles and not site_page.traffic.foreign


def languages(page, selector: str) -> set[str | None]:
    """The language each element matching `selector` is in: its own lang attribute or its nearest ancestor's."""
    return set(page.eval_on_selector_all(selector, "nodes => nodes.map(n => n.closest('[lang]').lang)"))


def test_record_text_that_scripts_write_is_marked_danish_on_english_pages_only(site_page):
    page = site_page.open("en/search/?q=familie&kommune=alle")
    page.wait_for_selector("[data-list] li a")
    assert languages(page, "[data-list] li h2 a") == {"da"}  # the offer's name
    assert languages(page, "[data-list] li > p.result-summary") == {"da"}  # its summary
    assert languages(page, "[data-list] li > p.stale") == {"en"}  # the stale notice is the site's own words
    assert languages(page, "[data-list] li .meta span") == {"da"}  # its organisation
    assert languages(page, "[data-list] li .result-facts") == {"en"}  # interface text: cost, access, in English
    page = site_page.open("en/services/familieklub-gellerup/")
    open_lazy_maps(page)
    page.locator(".leaflet-marker-icon").first.click()
    assert languages(page, ".leaflet-popup-content div") == {"da"}  # the place's name
    page = site_page.open("en/embed/?municipality=751&view=list")
    page.locator(".offer").first.wait_for()
    assert languages(page, ".offer h2 a, .offer .meta") == {"da"}
    assert languages(page, ".offer .facts") == {"en"}  # interface text: categories and cost, in English
    page = site_page.open("soeg/?q=familie&kommune=alle")
    page.wait_for_selector("[data-list] li a")
    assert page.locator("[data-list] [lang]").count() == 0  # a Danish page needs no marking


@pytest.mark.parametrize(
    ("rel", "heading"),
    [
        ("tilbud/familieklub-gellerup/", "Familieklubben Gellerup"),
        ("kommuner/751/", "Aarhus kommune"),
        ("organisationer/roede-kors-aarhus/", None),
        ("", "Find et tilbud"),
    ],
)
def test_core_content_reads_without_javascript(chromium, site_url, tile_hosts, rel, heading):
    with watched_page(chromium, tile_hosts, java_script_enabled=False) as (page, traffic):
        page.goto(site_url + rel)
        h1 = page.locator("h1")
        assert h1.is_visible()
        if heading:
            assert h1.inner_text() == heading
        assert page.locator("main a").count() > 0, "no links to follow in the main content"
        traffic.assert_clean()


def test_service_page_without_javascript_shows_address_and_weekly_hours(chromium, site_url, tile_hosts):
    with watched_page(chromium, tile_hosts, java_script_enabled=False) as (page, _):
        page.goto(site_url + "tilbud/familieklub-gellerup/")
        assert page.get_by_role("heading", name="Hvor og hvornår").is_visible()
        table = page.locator(".hours table").first
        assert table.is_visible() and table.locator("th[scope=row]").count() == 7


def test_the_partnerships_page_filters_by_department_and_keeps_the_choice_in_its_address(site_page):
    page = site_page.open("kommuner/751/partnerskaber/")
    select = page.get_by_label("Afdeling", exact=True)
    assert select.is_visible()
    select.select_option("Familiecenter Vest")
    visible = page.locator("section.department:visible")
    assert visible.count() == 1 and visible.locator("h2").inner_text() == "Familiecenter Vest"
    assert page.locator("[data-department-status]").inner_text() == "Viser 2 tilbud."
    assert "afdeling=Familiecenter+Vest" in page.url
    page.reload()
    assert page.locator("section.department:visible").count() == 1
    violations = axe(page)
    assert not violations, describe(violations)


def test_the_first_tab_reaches_a_visible_skip_link_that_moves_to_the_content(site_page):
    page = site_page.open("tilbud/familieklub-gellerup/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.inner_text() == "Gå til indhold"
    box, viewport = focused.bounding_box(), page.viewport_size
    assert box and 0 <= box["x"] < viewport["width"] and 0 <= box["y"] < viewport["height"], "skip link off screen"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_on_a_phone_a_service_page_says_when_where_and_how_to_get_in_before_its_description(chromium, site_url,
                                                                                             tile_hosts):
    """The night shelter on a 390 px phone: its hours (the night as one span), its address with directions for the
    phone's own map app and for OpenStreetMap, and its phone number come before the long description."""
    with watched_page(chromium, tile_hosts, viewport={"width": 390, "height": 844}) as (page, traffic):
        page.goto(site_url + "tilbud/natvarmestue-vesterbro/")
        about = page.get_by_role("heading", name="Om tilbuddet").bounding_box()["y"]
        for element in (page.locator(".hours table"), page.get_by_role("link", name="kortappen på telefonen"),
                        page.get_by_role("link", name="OpenStreetMap"), page.locator("a[href^='tel:']")):
            assert element.bounding_box()["y"] < about
        assert page.get_by_role("link", name="OpenStreetMap").get_attribute("href") == (
            "https://www.openstreetmap.org/directions?to=55.67%2C12.559#map=17/55.67/12.559")
        assert page.get_by_role("link", name="kortappen på telefonen").get_attribute("href").startswith(
            "geo:55.67,12.559?q=55.67,12.559(Natvarmestuen")
        cells = page.locator(".hours tbody td").all_inner_texts()
        assert cells == ["20:00–08:00"] * 7, "a night is one span, not 00:00–08:00 and 20:00–24:00"
        traffic.assert_clean()


def test_todays_row_is_marked_on_the_day_the_page_is_read(chromium, site_url, tile_hosts):
    """The week's table marks today visibly (not only for screen readers), also when the page was built days
    before it is read."""
    with watched_page(chromium, tile_hosts) as (page, traffic):
        page.goto(site_url + "tilbud/natvarmestue-vesterbro/")
        rows = page.locator(".hours tbody tr")
        today = page.locator(".hours tr[aria-current=date]")
        assert today.count() == 1
        marked, other = (row.locator("td").evaluate("td => getComputedStyle(td).backgroundColor")
                         for row in (today, rows.filter(has_not=page.locator("[aria-current]")).first))
        assert marked != other, "today's row looks different"
        built = int(today.get_attribute("data-day"))
        later = rows.nth((rows.evaluate_all("rs => rs.findIndex(r => r.hasAttribute('aria-current'))") + 1) % 7)
        page.clock.set_fixed_time(dt.datetime.fromtimestamp((int(later.get_attribute("data-day")) * 86400) + 43200,
                                                            dt.UTC))
        page.evaluate("window.CatalogueOpenNow.refresh()")
        assert later.get_attribute("aria-current") == "date" and int(later.get_attribute("data-day")) != built
        assert page.locator(".hours tr[aria-current=date]").count() == 1
        traffic.assert_clean()
