"""The search page on a phone, in a real Chromium: the first result on the first screen, every file of the first
search asked for from the page's head, filters that mean what a reader means (any of the ticked times, an age,
wheelchair access), result cards that say whether one can go now (in the very words of the offer's page), clear
next steps when nothing is found, and Back that returns to the same place in the list.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlsplit

import pytest

from generator.build import build_site
from generator.hours import intervals
from generator.hours.parse import TIMEZONE
from generator.site import search

from browser_support import axe, describe, launch_like, serve, watched_page
from conftest import SAMPLE
from search_support import DESKTOP, PHONE, finished, ids, query, results, sample_records, serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return sample_records()


@pytest.fixture
def phone(chromium, site_url, tile_hosts):
    """A fresh page at phone size (390x844); fails the test on a request off the site or a console error."""
    with watched_page(chromium, tile_hosts, viewport=PHONE, is_mobile=True, has_touch=True) as (page, traffic):
        yield page, site_url
        traffic.assert_clean()


def on_first_screen(page, selector: str) -> dict:
    """The element's box, after checking that it lies wholly within the viewport without scrolling."""
    box = page.locator(selector).first.bounding_box()
    height = page.viewport_size["height"]
    assert page.evaluate("window.scrollY") == 0
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= height, f"{selector} at {box}, screen {height}"
    return box


# --- the first screen --------------------------------------------------------------------------------------


@pytest.mark.parametrize("rel", ["soeg/?kommune=751&kategori=young-children&pris=free",
                                 "en/search/?kommune=751&kategori=young-children&pris=free"])
def test_a_shared_filtered_link_shows_its_first_result_on_a_phones_first_screen(phone, records, rel):
    page, url = phone
    page.goto(url + rel)
    found = ids(results(page))
    assert found and set(found) <= serving(records, "751")
    page.evaluate("window.scrollTo(0, 0)")
    on_first_screen(page, "[data-list] li h2")
    summary = page.locator("[data-filters] summary").inner_text()
    assert "(2)" in summary, "the folded filters say how many are set"
    assert not page.locator("[data-filters]").evaluate("d => d.open"), "on a phone the filters wait folded"


def test_a_search_from_the_home_page_shows_its_first_result_on_the_first_screen(phone, records):
    page, url = phone
    page.goto(url)
    page.get_by_label("Søg i tilbud").fill("familie")
    page.get_by_label("Kommune", exact=True).select_option(label="Aarhus")
    page.get_by_role("button", name="Søg", exact=True).click()
    page.wait_for_url("**/soeg/?q=familie&kommune=751")
    finished(page)
    on_first_screen(page, "[data-list] li h2")


def test_a_search_from_the_home_page_without_a_place_asks_where_on_the_first_screen(phone):
    page, url = phone
    page.goto(url)
    page.get_by_label("Søg i tilbud").fill("familie")
    page.get_by_role("button", name="Søg", exact=True).click()
    page.wait_for_url("**/soeg/?q=familie")
    finished(page)
    assert page.locator("[data-status]").inner_text().startswith("Hvor vil du lede?")
    on_first_screen(page, "[data-status]")
    on_first_screen(page, "[data-everywhere] button")


def test_a_postcode_typed_on_the_home_page_searches_its_municipality_nearest_first(phone, records):
    page, url = phone
    page.goto(url)
    page.get_by_label("Søg i tilbud").fill("lektiehjælp")
    page.get_by_label("Postnummer").fill("8000")
    page.get_by_role("button", name="Søg", exact=True).click()
    page.wait_for_url("**/soeg/?q=lektiehj%C3%A6lp&postnr=8000&sort=afstand")
    finished(page)
    on_first_screen(page, "[data-list] li h2")
    assert query(page)["kommune"] == ["751"], "the postcode's municipality is where the search looks"
    assert ids(results(page))[0] == "lektiecafe-bispehaven", "nearest first"
    assert "8000 Aarhus C" in page.locator("[data-notes]").inner_text()


# --- the first search's files ------------------------------------------------------------------------------


@pytest.mark.parametrize("rel", ["soeg/?kommune=751&kategori=young-children&pris=free",
                                 "soeg/?q=familie&kommune=751",
                                 "soeg/?q=familie&sort=afstand&postnr=8000",
                                 "soeg/?kommune=101&aaben=nu&tid=aften",
                                 "en/search/?q=homework&kommune=alle"])
def test_every_file_the_first_search_reads_but_its_results_is_asked_for_from_the_pages_head(site_page, rel):
    """Pagefind reads its files one after another (entry, metadata, index chunks, filters, then the results'
    fragments): the page's head asks for all of them at once, so a first search is three round trips (the page,
    everything it needs, the results), not a dozen. Only the fragments depend on what the search finds."""
    page = site_page.open(rel)
    finished(page)
    preloaded = set(page.locator("link[rel=preload], link[rel=modulepreload]").evaluate_all(
        "links => links.map(l => l.href)"))
    read = {u for u in site_page.traffic.requests if "/pagefind/" in u and "/fragment/" not in u}
    assert read and read <= preloaded, f"asked for late: {sorted(read - preloaded)}"
    assert any("/index/" in u for u in read) and any(".pf_meta" in u for u in read)


def test_a_search_without_a_place_asks_for_no_index(site_page):
    page = site_page.open("soeg/?q=familie")
    finished(page)
    assert not page.locator("link[rel=preload]").count()
    assert not [u for u in site_page.traffic.requests if "/pagefind/" in u]


# --- filters -----------------------------------------------------------------------------------------------


def test_evening_and_weekend_ticked_together_find_the_offers_open_at_either(site_page, records):
    def found(rel: str) -> set[str]:
        return set(ids(results(site_page.open(rel))))

    evening = found("soeg/?kommune=751&tid=aften")
    weekend = found("soeg/?kommune=751&tid=weekend")
    both = found("soeg/?kommune=751&tid=aften&tid=weekend")
    assert evening and weekend and evening != weekend, "the sample makes the difference visible"
    assert len(both) >= max(len(evening), len(weekend))
    assert both == evening | weekend
    assert "familieklub-gellerup" in both, "the Wednesday 16:30-19:30 family club stays in the list"
    indexed = {sid for sid in serving(records, "751")
               if set(search.times(records[sid], intervals.Window.around(dt.datetime.now(TIMEZONE)))["flags"])
               & {"aften", "weekend"}}
    assert both == indexed


@pytest.mark.parametrize(("rel", "age_label"), [("soeg/", "Alder"), ("en/search/", "Age")])
def test_an_age_finds_the_offers_for_that_age_and_those_without_an_age_limit(site_page, records, rel, age_label):
    page = site_page.open(rel + "?kommune=alle&alder=7")
    found = set(ids(results(page)))
    with_ages = {sid for sid, s in records.items() if s.get("age_min") is not None or s.get("age_max") is not None}
    expected = {sid for sid, s in records.items()
                if sid not in with_ages or (s.get("age_min") or 0) <= 7 <= (120 if s.get("age_max") is None
                                                                             else s["age_max"])}
    assert found == expected
    assert found & with_ages and found - with_ages, "offers with and without ages are both found"
    assert with_ages - found, "an offer for other ages is left out"
    assert page.get_by_label(age_label, exact=True).input_value() == "7"
    assert f"{age_label} 7" in page.locator("[data-filter-summary]").text_content()
    page.get_by_label(age_label, exact=True).fill("15")
    page.get_by_label(age_label, exact=True).press("Enter")
    page.wait_for_function("new URLSearchParams(location.search).get('alder') === '15'")
    assert query(page)["alder"] == ["15"]


def test_an_age_that_is_no_age_is_said_and_not_searched(site_page):
    page = site_page.open("soeg/?kommune=751&alder=syv")
    finished(page)
    assert "Skriv en alder i hele år fra 0 til 120: »syv« er ikke brugt." in page.locator("[data-notes]").inner_text()
    assert page.locator("[data-list] li").count() > 0, "the search goes on without it"
    page.get_by_label("Alder", exact=True).fill("7")
    page.get_by_label("Alder", exact=True).press("Enter")
    page.wait_for_function("new URLSearchParams(location.search).get('alder') === '7'")


@pytest.mark.parametrize(("rel", "label"), [("soeg/", "Kørestolsadgang"), ("en/search/", "Wheelchair access")])
def test_wheelchair_access_finds_places_with_that_access_or_better(site_page, records, rel, label):
    def places(*levels: str) -> set[str]:
        return {sid for sid, s in records.items() if any(loc.get("wheelchair") in levels for loc in s["locations"])}

    page = site_page.open(rel + "?kommune=alle&koerestol=yes")
    assert set(ids(results(page))) == places("yes")
    page.get_by_label(label, exact=True).select_option("limited")
    page.wait_for_function("location.search.includes('koerestol=limited')")
    assert set(ids(results(page))) == places("yes", "limited") != places("yes")
    assert query(page)["koerestol"] == ["limited"]


# --- result cards ------------------------------------------------------------------------------------------


def test_a_card_says_what_decides_a_visit(site_page):
    """The night shelter one can simply go to, and the place open day and night that needs a referral."""
    page = site_page.open("soeg/?q=natvarmestue&kommune=101")
    results(page)
    card = page.locator("[data-list] li", has_text="Natvarmestuen Vesterbro")
    assert re.match(r"^(Åbent nu · lukker|Lukket · åbner)", card.locator(".open-now").inner_text())
    assert card.locator(".result-facts").inner_text() == "Gratis · Uden henvisning · Kørestolsvenligt"
    page = site_page.open("soeg/?q=aflastningspladser&kommune=101")
    results(page)
    card = page.locator("[data-list] li", has_text="Aflastningspladser")
    assert card.locator(".open-now").inner_text() == "Åbent nu"  # 24/7
    assert card.locator(".result-facts").inner_text() == "Gratis · Kræver henvisning · Fra 18 år · Kørestolsvenligt"


def test_a_card_with_a_distance_shows_it_and_an_english_card_speaks_english(site_page):
    page = site_page.open("en/search/?q=homework&sort=afstand&postnr=8000")
    results(page)
    first = page.locator("[data-list] li").first
    assert re.search(r"\d+[.,]\d km$", first.locator(".meta").inner_text())
    assert first.locator(".result-facts").inner_text().startswith(("Free", "Fee"))
    assert page.locator("[data-count]").inner_text().endswith("in Aarhus")


@pytest.fixture(scope="module")
def christmas_site(tmp_path_factory) -> tuple:
    """The sample built on Monday 21 December 2026: its window holds Christmas Day, Boxing Day and New Year."""
    built = dt.datetime(2026, 12, 21, 6, tzinfo=TIMEZONE)
    out = tmp_path_factory.mktemp("christmas") / "site"
    build_site(SAMPLE, out, now=built)
    return out, built


def week_of_instants(built: dt.datetime) -> list[dt.datetime]:
    """Every half hour (at :00 and :30, a minute either side of each) from the build day for a week: every
    opening and closing of the sample falls on one of them."""
    start = built.replace(hour=0, minute=0)
    found = set()
    for i in range(7 * 48):
        t = start + dt.timedelta(minutes=30 * i)
        found.update((t - dt.timedelta(minutes=1), t, t + dt.timedelta(minutes=1)))
    return sorted(t for t in found if t >= start)


@pytest.mark.site
def test_a_cards_open_state_is_the_offers_page_state_at_every_instant_of_a_week(christmas_site, chromium, tile_hosts):
    """Search cards and service pages read the same build-time intervals with the same words: at each instant of a
    week that holds a night span and two Danish public holidays, a card says what its offer's page says (and, for
    an offer at several places, is open when one of the page's places is), which is what the parser says. Each page
    works out its states for all the instants at once with open-now.js's own status(), from the intervals the page
    carries (the card's from its search result); a few instants are also shown with the browser's clock set."""
    site, built = christmas_site
    records = sample_records(built)
    window = intervals.Window.around(built)
    instants = week_of_instants(built)
    seconds = [int(t.timestamp()) for t in instants]
    with serve(site) as url, watched_page(chromium, tile_hosts) as (page, traffic):
        def opened(rel: str):
            other = page.context.new_page()
            other.clock.install(time=built + dt.timedelta(hours=1))
            other.goto(url + rel)
            return other

        searches = [opened(f"soeg/?kommune={code}") for code in ("101", "751")]  # Copenhagen's nights, Aarhus
        cards: dict[str, list] = {}
        for found in searches:
            results(found)
            cards.update(card_states(found, seconds))
        timed = [sid for sid in cards if cards[sid] is not None]
        assert {"natvarmestue-vesterbro", "aflastningspladser-udskrevne-hjemloese"} <= set(timed)
        for sid in timed:
            service = opened(f"tilbud/{sid}/")
            lines = service.locator(".open-now[data-open]").evaluate_all(STATES, seconds)
            assert lines, sid
            for i, (instant, t) in enumerate(zip(instants, seconds, strict=True)):
                text, is_open = cards[sid][i]
                expected = any(a <= t < b for a, b in intervals.service_intervals(records[sid], window))
                assert is_open == any(line[i][1] for line in lines) == expected, f"{sid} at {instant}"
                if len(lines) == 1:
                    assert text == lines[0][i][0], f"{sid} at {instant}"
            service.close()
        shown = searches[0]
        for instant in (dt.datetime(2026, 12, 24, 23, 0, tzinfo=TIMEZONE),  # the night shelter's night
                        dt.datetime(2026, 12, 25, 10, 30, tzinfo=TIMEZONE)):  # Christmas Day
            shown.clock.set_fixed_time(instant)
            shown.evaluate("window.CatalogueOpenNow.refresh()")
            visible = shown.locator("[data-list] li .open-now").all_inner_texts()
            assert visible == [state[instants.index(instant)][0]
                               for state in card_states(shown, seconds).values() if state], instant
        traffic.assert_clean()

    def open_at(sid: str, when: dt.datetime) -> bool:
        t = int(when.timestamp())
        return any(a <= t < b for a, b in intervals.service_intervals(records[sid], window))

    thursday, christmas = (dt.datetime(2026, 12, 24, 10, 30, tzinfo=TIMEZONE),
                           dt.datetime(2026, 12, 25, 10, 30, tzinfo=TIMEZONE))
    assert christmas in instants and dt.datetime(2026, 12, 24, 23, 0, tzinfo=TIMEZONE) in instants
    assert [sid for sid in timed if open_at(sid, thursday) and not open_at(sid, christmas)], \
        "an offer closed on Christmas Day but open the day before was among those checked"
    assert open_at("natvarmestue-vesterbro", dt.datetime(2026, 12, 25, 3, tzinfo=TIMEZONE)), "a night span"


# An element's open state at each of a list of instants, as open-now.js's refresh() would write it then.
STATES = """(els, instants) => els.map(el => instants.map(t => {
    const s = window.CatalogueOpenNow.status(JSON.parse(el.dataset.open), +el.dataset.until, t,
                                             document.documentElement.lang, +el.dataset.from);
    return [s.text, s.open];
}))"""


def card_states(page, seconds: list[int]) -> dict[str, list | None]:
    """Each listed offer's open state at each instant, as its card would show it; None for an offer without
    hours."""
    rows = page.locator("[data-list] li").evaluate_all(f"""(items, instants) => items.map(li => {{
        const state = li.querySelector('.open-now[data-open]');
        return [li.querySelector('h2 a').getAttribute('href'), state ? ({STATES})([state], instants)[0] : null];
    }})""", seconds)
    return {ids([href])[0]: state for href, state in rows}


# --- counts, notes and next steps ----------------------------------------------------------------------------


def test_the_count_and_the_notes_are_said_apart_and_one_offer_is_one(site_page):
    page = site_page.open("en/search/?q=natvarmestue&kommune=101")
    results(page)
    assert page.locator("[data-count]").inner_text() == "1 offer in København"  # municipalities' own names
    page = site_page.open("soeg/?q=lektiehjælp&sort=afstand&postnr=8000")
    results(page)
    count, notes = page.locator("[data-count]").inner_text(), page.locator("[data-notes]").inner_text()
    assert re.fullmatch(r"\d+ tilbud i Aarhus", count)
    assert notes.startswith("Kommune ud fra postnummeret: Aarhus.")


def test_a_postcode_that_is_not_four_digits_is_named_and_not_searched(site_page):
    page = site_page.open("soeg/?q=familie&postnr=80")
    finished(page)
    assert "Et postnummer har fire cifre: »80« er ikke brugt." in page.locator("[data-status]").inner_text()
    assert page.locator("[data-everywhere] button").is_visible(), "without a place the search asks where"


def test_nothing_found_offers_the_ways_to_widen_the_search(site_page, records):
    page = site_page.open("soeg/?q=qwxzy&kommune=751&tid=weekend")
    finished(page)
    assert page.locator("[data-count]").inner_text() == "Ingen tilbud passer til søgningen."
    steps = page.locator("[data-next-steps] button")
    assert steps.all_inner_texts() == ["Søg uden filtrene", "Søg uden »qwxzy«", "Søg i hele landet"]
    steps.nth(1).click()
    page.wait_for_function("!location.search.includes('qwxzy')")
    assert set(ids(results(page))) <= serving(records, "751")
    assert query(page) == {"kommune": ["751"], "tid": ["weekend"]}


def test_a_search_that_cannot_load_says_so_and_can_be_tried_again(chromium, site_url, tile_hosts):
    with watched_page(chromium, tile_hosts) as (page, traffic):
        page.route("**/pagefind/**/*.pf_meta", lambda route: route.fulfill(status=503, body="down"))
        page.goto(site_url + "soeg/?kommune=751")
        finished(page)
        assert page.locator("[data-count]").inner_text().startswith("Søgningen kunne ikke indlæses.")
        assert page.get_by_role("button", name="Prøv igen").is_visible()
        assert traffic.failed, "the failure is real: the metadata answered 503"


# --- Back and forward ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def no_page_cache(chromium):
    """Chromium without its back-forward cache, which would keep the page alive and so prove nothing about
    putting the list back."""
    browser = launch_like(chromium, "--disable-back-forward-cache")
    yield browser
    browser.close()


def test_back_after_show_more_returns_to_the_same_place_in_the_list(no_page_cache, site_url, tile_hosts):
    with watched_page(no_page_cache, tile_hosts, viewport=PHONE) as (page, traffic):
        page.goto(site_url + "soeg/?kommune=alle&pris=free")
        finished(page)
        assert page.locator("[data-list] li").count() == 20
        page.get_by_role("button", name="Vis flere").click()
        page.wait_for_function("document.querySelectorAll('[data-list] li').length === 40")
        target = page.locator("[data-list] li").nth(29)
        target.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, 37)")
        page.wait_for_timeout(400)  # the scroll position is kept a moment after scrolling stops
        scrolled = page.evaluate("window.scrollY")
        name = target.locator("h2 a").inner_text()
        target.locator("h2 a").click()
        page.wait_for_url("**/tilbud/**")
        assert page.locator("h1").inner_text() == name
        page.go_back()
        page.wait_for_function("document.querySelectorAll('[data-list] li').length === 40")
        page.wait_for_function(f"Math.abs(window.scrollY - {scrolled}) <= 2")
        assert page.evaluate("performance.getEntriesByType('navigation')[0].type") == "back_forward"
        page.go_forward()
        page.wait_for_url("**/tilbud/**")
        page.go_back()
        page.wait_for_function("document.querySelectorAll('[data-list] li').length === 40")
        page.wait_for_function(f"Math.abs(window.scrollY - {scrolled}) <= 2")
        traffic.assert_clean()


# --- accessibility ------------------------------------------------------------------------------------------


SEARCHES = {
    "results-da": "soeg/?kommune=751&kategori=young-children&pris=free",
    "asks-where-en": "en/search/?q=family",
    "nothing-found-da": "soeg/?q=qwxzy&kommune=751&tid=aften",
    "by-distance-en": "en/search/?q=homework&sort=afstand&postnr=8000",
}


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("rel", SEARCHES.values(), ids=SEARCHES.keys())
def test_axe_finds_no_violations_on_the_search_page(chromium, site_url, tile_hosts, size, rel):
    with watched_page(chromium, tile_hosts, viewport=size) as (page, traffic):
        page.goto(site_url + rel)
        finished(page)
        violations = axe(page)
        assert not violations, describe(violations)
        page.locator("[data-filters] summary").click()  # the filters folded out (or in, on a desktop)
        violations = axe(page)
        assert not violations, describe(violations)
        traffic.assert_clean()


def test_the_search_pages_english_address_keeps_the_same_parameters(site_page):
    page = site_page.open("en/search/?kommune=751&alder=7&koerestol=yes&tid=aften&tid=weekend")
    finished(page)
    page.get_by_label("Age", exact=True).fill("8")
    page.get_by_label("Age", exact=True).press("Enter")
    page.wait_for_function("location.search.includes('alder=8')")
    assert urlsplit(page.url).query == "kommune=751&koerestol=yes&tid=aften&tid=weekend&alder=8"
    assert json.loads(page.locator("[data-search]").get_attribute("data-params"))["age"] == "alder"
