"""Search: the sample site's Pagefind index, the filters every offer carries in it, and the search page in a real
Chromium (the `site_page` fixture fails a test whose page sent a request off 127.0.0.1, logged a console error,
threw or opened a dialog).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.build import build_site
from generator.enrich import build_model
from generator.hours import intervals
from generator.hours.parse import TIMEZONE
from generator.schema import load_schema
from generator.site import search
from generator.validate.validator import validate

from browser_support import serve, watched_page
from conftest import REPO, SAMPLE, node
from search_support import ids, query, results, search_boot

pytestmark = pytest.mark.site  # every test here reads a whole built site

SORT = re.compile(r'data-pagefind-sort="([^":]+):([^"]*)"')


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    """The sample's services as the site model enriches them (with the municipalities each one serves)."""
    result = validate(SAMPLE)
    model = build_model(result.records("service"), result.records("organisation"), dt.datetime.now(TIMEZONE))
    return {s["id"]: s for s in model.services}


def indexed(site: Path) -> dict[str, dict]:
    """What Pagefind holds for each offer (the same in every bundle it is in), by service id."""
    return {f["meta"]["id"]: f for bundle in bundles(site).values() for f in fragments(bundle)}


def bundles(site: Path) -> dict[str, Path]:
    """Pagefind's bundles, by name: {"1084": site/pagefind/1084, "1084-2": ..., "hele-landet": ...}."""
    return {d.name: d for d in sorted((site / "pagefind").iterdir()) if (d / "pagefind-entry.json").exists()}


def fragments(bundle: Path) -> list[dict]:
    """Pagefind's per-page records: gzip, then a 12-byte signature, then JSON."""
    return [json.loads(gzip.decompress(f.read_bytes())[12:]) for f in (bundle / "fragment").iterdir()]


def region_of(code: str) -> str:
    return next(r["region_code"] for r in load_schema().rows("municipalities") if r["code"] == code)


# --- the index and what the pages carry ----------------------------------------------------------------------


def test_each_region_has_a_bundle_of_the_offers_serving_it_and_the_nationwide_ones_have_one(sample_site, records):
    """The sample's regions are served by far fewer than SHARD_DOCUMENTS offers: one bundle each."""
    regions = {r["region_code"] for r in load_schema().rows("municipalities")}
    found = bundles(sample_site)
    assert set(found) == regions | {"hele-landet"}
    for name, bundle in found.items():
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
        if name == "hele-landet":
            expected = {f"/tilbud/{sid}/" for sid, s in records.items() if s.get("nationwide")}
        else:
            expected = {f"/tilbud/{sid}/" for sid, s in records.items()
                        if not s.get("nationwide") and name in {region_of(c) for c in s["served"]}}
        assert expected and {f["url"] for f in fragments(bundle)} == expected, name
        assert {lang: e["page_count"] for lang, e in entry["languages"].items()} == {"da": len(expected)}


@pytest.fixture(scope="module")
def split_site(tmp_path_factory) -> Path:
    """The sample built with bundles of at most a few offers, as regions of a national catalogue are split."""
    out = tmp_path_factory.mktemp("split") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_DOCUMENTS", 3)
        build_site(SAMPLE, out)
    return out


def test_a_region_served_by_many_offers_is_split_into_bundles_of_neighbouring_municipalities(split_site, records):
    found = bundles(split_site)
    index = json.loads((split_site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    bundle_of = index["municipalities"]
    assert list(index["bundles"]) == list(found) and index["nationwide"] == "hele-landet"
    own = {c for s in records.values() if not s.get("nationwide") for c in s["served"]}
    assert set(bundle_of) == own, "a municipality no offer of its own serves has no bundle to search"
    assert len(found) > len({region_of(c) for c in bundle_of}) + 1
    for code, name in bundle_of.items():
        assert name.split("-")[0] == region_of(code), "a bundle never mixes regions"
    for code in own:
        serving = {f"/tilbud/{sid}/" for sid, s in records.items() if code in s["served"] and not s.get("nationwide")}
        assert serving <= {f["url"] for f in fragments(found[bundle_of[code]])}, code
    indexed = [f["url"] for name, bundle in found.items() for f in fragments(bundle)]
    assert set(indexed) == {f"/tilbud/{sid}/" for sid in records}


def test_a_municipality_in_a_split_region_finds_exactly_the_offers_serving_it(split_site, records, chromium,
                                                                             tile_hosts):
    busiest = max({c for s in records.values() for c in s["served"]},
                  key=lambda c: sum(c in s["served"] for s in records.values()))
    serving = {sid for sid, s in records.items() if busiest in s["served"]}
    with serve(split_site) as url, watched_page(chromium, tile_hosts) as (page, traffic):
        page.goto(url + f"soeg/?kommune={busiest}")
        assert set(ids(results(page))) == serving
        wasm = {u for u in traffic.requests if "/wasm." in u}
        assert wasm == {url + "pagefind/wasm.da.pagefind"}, "both bundles' instances load the one shared copy"
        page.goto(url + "soeg/?q=familie&kommune=alle")
        everywhere = ids(results(page))
        assert len(everywhere) == len(set(everywhere)), "an offer in two bundles is listed once"
        traffic.assert_clean()


def test_no_page_but_a_danish_service_page_is_indexed(sample_site, records):
    """English pages hold the same record text; docs, lists and the home page are not offers."""
    indexed = {f["url"] for bundle in bundles(sample_site).values() for f in fragments(bundle)}
    assert indexed == {f"/tilbud/{sid}/" for sid in records}
    for bundle in bundles(sample_site).values():
        for unused in ("pagefind-ui.js", "pagefind-component-ui.js", "pagefind-worker.js", "wasm.unknown.pagefind"):
            assert not (bundle / unused).exists(), f"{unused} is shipped but never used"
        assert not (bundle / "pagefind.js").exists(), "one runtime serves every bundle"
    runtime = (sample_site / "pagefind" / "pagefind.js").read_text(encoding="utf-8")
    assert search.SHARED_WASM_URL in runtime and search.WASM_URL not in runtime


def test_the_docs_search_index_is_not_shipped(sample_site):
    """MkDocs Material's own search index would hold every page (6.8 MB at 5,000 services): the site has none."""
    assert (sample_site / "bidrag" / "index.html").exists(), "the docs are part of this build"
    assert not list(sample_site.glob("search/search_index.json"))


def test_every_offer_carries_its_filters_and_a_sort_key_in_the_index(sample_site, records):
    found = indexed(sample_site)
    model = build_model(list(records.values()), validate(SAMPLE).records("organisation"), dt.datetime.now(TIMEZONE))
    for sid, s in records.items():
        filters = found[sid]["filters"]
        served = ["hele-landet"] if s.get("nationwide") else s["served"]
        assert filters["kommune"] == served, sid
        assert filters["kategori"] == s["categories"], sid
        assert filters["maalgruppe"] == s["target_groups"], sid
        assert filters["sprog"] == s["languages"], sid
        assert filters["pris"] == [s["cost"]], sid
        assert filters["adgang"] == s["access"], sid
        assert set(filters.get("tid", [])) <= {"aften", "weekend"}, sid
        places = [loc for loc in s["locations"] if loc.get("latitude") is not None]
        assert filters["celle"] == (
            list(dict.fromkeys(search.cell(p["latitude"], p["longitude"]) for p in places)) or ["ingen"]
        ), sid
        ages = (s.get("age_min"), s.get("age_max"))
        assert filters["alder"] == (["alle"] if ages == (None, None) else search.age_values(*ages)), sid
        levels = ["yes", "limited", "no"]  # the schema's order, best first
        found_levels = [levels.index(loc["wheelchair"]) for loc in s["locations"] if loc.get("wheelchair")]
        wheelchair = levels[min(found_levels):] if found_levels else []
        assert filters.get("koerestol", []) == wheelchair, sid
        sort = dict(SORT.findall(search.document(s, model)))
        assert sort["navn"], f"{sid} has no sort key: it would drop out of sorted results"
        meta = found[sid]["meta"]
        assert meta["title"] == s["name"] and meta["summary"] == s["summary"], sid
        assert meta["cost"] == s["cost"] and meta["access"] == ",".join(s["access"]), sid
        assert meta.get("wheelchair") == (wheelchair[0] if wheelchair else None), sid


def test_evening_and_weekend_flags_follow_the_opening_hours(sample_site):
    found = indexed(sample_site)
    flags = {
        sid: found[sid]["filters"].get("tid", [])
        for sid in ("familieklub-gellerup", "aaben-hal-gellerup", "barselscafe-gellerup")
    }
    assert flags["familieklub-gellerup"] == ["aften"]  # We 16:30-19:30
    assert flags["aaben-hal-gellerup"] == ["aften", "weekend"]  # Fr 17:00-20:00; Su 13:00-16:00
    assert flags["barselscafe-gellerup"] == []  # a weekday morning


def test_pages_carry_no_search_markup(sample_site):
    """Pagefind is given its own documents: a reader downloads none of the filters on a page."""
    for page in ("tilbud/familieklub-gellerup/index.html", "en/services/familieklub-gellerup/index.html"):
        assert "data-pagefind" not in (sample_site / page).read_text(encoding="utf-8")


def test_the_document_indexed_holds_what_the_offer_is_but_not_its_hours_or_contact(sample_site):
    content = indexed(sample_site)["familieklub-gellerup"]["content"]
    for words in ("Familieklubben", "Gellerup", "Families in vulnerable situations"):
        assert words in content
    assert "xxalle" in content, "every offer carries the word search.js lists offers by"
    assert "@" not in content and "17:00" not in content


def test_an_age_is_one_band_and_an_offer_carries_every_band_its_ages_cover():
    def band(age: int) -> str:
        return next(value for first, last, value in search.AGE_BANDS if first <= age <= last)

    assert [band(a) for a in (0, 7, 29, 30, 34, 67, 120)] == ["0", "7", "29", "30-34", "30-34", "65-69", "100+"]
    assert search.age_values(None, None) == ["alle"], "no ages: open to every age"
    children = search.age_values(0, 12)
    assert "7" in children and "12" in children and "13" not in children
    adults = search.age_values(18, None)
    assert band(17) not in adults and all(band(a) in adults for a in (18, 45, 120))
    assert search.age_values(None, 17) == [str(a) for a in range(18)]
    assert "30-34" in search.age_values(25, 31), "a band the ages reach into counts"


def test_a_result_cards_hours_are_the_offers_open_intervals():
    window = intervals.Window(dt.date(2026, 10, 19))  # across the end of summer time
    spans = intervals.open_intervals("Mo-Su 20:00-08:00", window)
    start, length, text = search.compact_hours(spans, window).split(":")
    decoded = [tuple(int(start) + 60 * int(m) for m in span.split("-")) for span in text.split(",")]
    assert int(start) == window.start and int(start) + 60 * int(length) == window.end
    assert tuple(decoded) == spans
    assert search.compact_hours((), window).endswith(":"), "never open in the window: no intervals"


def test_the_search_page_names_every_file_of_each_bundle_a_first_search_reads(sample_site):
    index = json.loads((sample_site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    for name, bundle in index["bundles"].items():
        folder = sample_site / "pagefind" / name
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["da"]["hash"] == bundle["v"]
        assert (folder / f"pagefind.{bundle['v']}.pf_meta").exists()
        assert {f"{h}.pf_index" for _, _, h in bundle["c"]} == {p.name for p in (folder / "index").iterdir()}
        assert {f"{h}.pf_filter" for h in bundle["f"].values()} <= {p.name for p in (folder / "filter").iterdir()}
        assert {"kategori", "tid", "alder", "celle"} <= set(bundle["f"])
    page = (sample_site / "soeg" / "index.html").read_text(encoding="utf-8")
    boot = search_boot(page)
    assert boot["index"] == index, "the page names the bundles that are there"
    assert page.index('id="search-boot"') < page.index("stylesheet"), "its script runs before the styles arrive"


BOOT_IN_NODE = """
const [script, boot, search] = process.argv.slice(2);
const asked = [];
globalThis.location = { search };
globalThis.document = {
  getElementById: (id) => (id === "search-boot" ? { textContent: boot } : null),
  createElement: () => ({}),
  head: { appendChild: (link) => asked.push(link.href) },
};
new Function(require("fs").readFileSync(script, "utf8"))();
console.log(JSON.stringify(asked));
"""


def boot_preloads(sample_site, tmp_path, search_query: str, chunks: list[list[str]]) -> list[str]:
    """The files the search page's head script asks for, run in Node on the sample page's boot data with the
    index chunks of Aarhus's bundle replaced by `chunks`."""
    page = (sample_site / "soeg" / "index.html").read_text(encoding="utf-8")
    boot = search_boot(page)
    boot["index"]["bundles"][boot["index"]["municipalities"]["751"]]["c"] = chunks
    runner = tmp_path / "boot.cjs"
    runner.write_text(BOOT_IN_NODE, encoding="utf-8")
    script = REPO / "generator/site/assets/search-boot.js"
    done = subprocess.run([node(), str(runner), str(script), json.dumps(boot), search_query],
                          capture_output=True, text=True, check=True)
    return [href.rsplit("/", 1)[-1] for href in json.loads(done.stdout) if "/index/" in href]


def test_the_head_asks_for_both_chunks_when_a_word_and_its_stem_fall_on_either_side_of_an_edge(sample_site, tmp_path):
    """At 50,000 services "familie" began one chunk of the nationwide bundle and its stem "famili" ended the
    one before: the head asked for the word's chunk, Pagefind for the stem's, a round trip later."""
    chunks = [["a", "famili", "first"], ["familie", "l", "second"], ["m", "xxk751", "markers"], ["xxk8", "ø", "last"]]
    ours = {f"{name}.pf_index" for name in ("first", "second", "markers", "last")}
    asked = ours & set(boot_preloads(sample_site, tmp_path, "?q=Familie&kommune=751", chunks))
    assert asked == {"first.pf_index", "second.pf_index", "markers.pf_index"}
    # The build's own words are indexed as they are: a search without a word needs only its marker word's chunk.
    asked = ours & set(boot_preloads(sample_site, tmp_path, "?kommune=751&pris=free", chunks))
    assert asked == {"markers.pf_index"}


def test_a_day_past_midnight_goes_on_the_next_day():
    start = int(dt.datetime(2026, 11, 27, 18, tzinfo=TIMEZONE).timestamp())
    assert search.day_hours(((start, start + 8 * 3600),)) == {"2026-11-27": "1800-2400", "2026-11-28": "0000-0200"}


def test_open_hours_file_lists_each_days_opening_times(sample_site):
    hours = json.loads((sample_site / "pagefind" / "open-hours.json").read_text())
    first = dt.date.fromisoformat(hours["from"])
    assert dt.date.fromisoformat(hours["until"]) == first + dt.timedelta(days=intervals.WINDOW_DAYS - 1)
    gellerup = indexed(sample_site)["familieklub-gellerup"]["filters"]
    for key, values in gellerup.items():
        if key.startswith("aaben-"):
            assert values == ["1630-1930"] and values[0] in hours["days"][key.removeprefix("aaben-")]


def test_hostile_record_text_stays_text_in_the_search_index(catalogue, tmp_path):
    catalogue.service("familieklub", SERVICE_WITH_MARKUP)
    build_site(catalogue.root, tmp_path / "site")
    page = (tmp_path / "site" / "tilbud" / "familieklub" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>" not in page
    found = indexed(tmp_path / "site")["familieklub"]
    assert found["meta"]["summary"] == HOSTILE and found["meta"]["title"] == 'Klub "</i><script>alert(1)</script>'
    assert "alert(2)" in found["content"], "the text is indexed as words, not dropped as markup"


SERVICE_WITH_MARKUP = """\
id: familieklub
name: 'Klub "</i><script>alert(1)</script>'
summary: 'Leg <b>og</b> "mad"</i><script>alert(2)</script>: hver onsdag'
status: active
cost: free
categories: [family-support]
target_groups: [vulnerable-families]
languages: [da]
access: [self-referral]
last_verified: 2026-10-01
locations:
  - id: huset
    street_address: Vestergade 12
    postcode: "8000"
    city: Aarhus C
    municipality_code: "751"
    latitude: 56.1572
    longitude: 10.2107
    opening_hours: "We 17:00-20:00; PH off"
"""
HOSTILE = 'Leg <b>og</b> "mad"</i><script>alert(2)</script>: hver onsdag'


# --- postcodes ---------------------------------------------------------------------------------------------


def test_postcodes_have_their_current_names_sit_in_denmark_and_belong_to_a_municipality():
    table = {code: (name, lat, lon, municipality) for code, name, lat, lon, municipality in search.postcodes()}
    assert table["8000"][::3] == ("Aarhus C", "751")
    assert table["1000-1499"][::3] == ("København K", "101")
    assert table["5000"][::3] == ("Odense C", "461")
    assert table["2000"][::3] == ("Frederiksberg", "147")
    municipalities = {row["code"] for row in load_schema().rows("municipalities")}
    assert all(54.5 < lat < 57.8 and 8 < lon < 15.2 for _name, lat, lon, _code in table.values())
    assert {code for *_place, code in table.values()} <= municipalities


# --- the search page in a browser ------------------------------------------------------------------------------


def test_typing_a_word_finds_the_offer_and_puts_it_in_the_url(site_page, records):
    page = site_page.open("soeg/?kommune=370")
    page.get_by_label("Hvad leder du efter?").fill("fodbold")
    page.wait_for_function("location.search.includes('q=fodbold')")
    found = ids(results(page))
    assert "fodbold-for-alle-naestved" in found
    assert all("370" in records[sid]["served"] or records[sid].get("nationwide") for sid in found)
    assert query(page) == {"q": ["fodbold"], "kommune": ["370"]}


def test_a_search_without_a_place_asks_where_and_the_whole_country_is_one_click_away(site_page):
    """The whole country loads every bundle's index (about 750 KB at 50,000 offers, a municipality about 250 KB),
    so a search looks in a place first, and the reader chooses the whole country explicitly."""
    page = site_page.open("soeg/")
    page.get_by_label("Hvad leder du efter?").fill("fodbold")
    page.wait_for_function("location.search.includes('q=fodbold')")
    assert results(page) == []
    assert page.locator("[data-status]").inner_text().startswith("Hvor vil du lede? Vælg en kommune")
    assert not [u for u in site_page.traffic.requests if "/pagefind/" in u], "no index is loaded before a place"
    page.get_by_role("button", name="Søg i hele landet").click()
    page.wait_for_function("location.search.includes('kommune=alle')")
    assert "fodbold-for-alle-naestved" in ids(results(page))
    assert query(page) == {"q": ["fodbold"], "kommune": ["alle"]}
    assert page.get_by_label("Kommune", exact=True).input_value() == "alle", "the choice shows in the form"
    assert page.get_by_role("button", name="Søg i hele landet").is_hidden()


def test_the_home_page_searches_in_the_place_chosen_beside_the_words(site_page, records):
    page = site_page.open("")
    page.get_by_label("Søg i tilbud").fill("familie")
    page.get_by_label("Kommune", exact=True).select_option(label="Aarhus")
    page.get_by_role("button", name="Søg", exact=True).click()
    page.wait_for_url("**/soeg/?q=familie&kommune=751")
    found = ids(results(page))
    assert found and all("751" in records[sid]["served"] or records[sid].get("nationwide") for sid in found)


def test_a_municipality_page_leads_to_a_search_of_its_offers(site_page, records):
    page = site_page.open("kommuner/751/")
    page.get_by_role("link", name="Søg og filtrér i disse tilbud").click()
    page.wait_for_url("**/soeg/?kommune=751")
    assert set(ids(results(page))) == {sid for sid, s in records.items() if "751" in s["served"]}


def test_the_municipality_filter_from_the_url_lists_only_offers_serving_it(site_page, records):
    page = site_page.open("soeg/?kommune=751")
    found = ids(results(page))
    serving = {sid for sid, s in records.items() if "751" in s["served"]}
    assert set(found) == serving
    assert page.get_by_label("Kommune", exact=True).input_value() == "751", "the control shows the state from the URL"


def test_a_word_no_offer_has_finds_nothing_within_a_municipality(site_page):
    page = site_page.open("soeg/?q=qwxzy&kommune=751")
    assert results(page) == []
    assert page.locator("[data-status]").inner_text() == "Ingen tilbud passer til søgningen."


def test_the_municipality_control_filters_and_updates_the_url(site_page, records):
    page = site_page.open("soeg/?q=familie&kommune=alle")
    everywhere = set(ids(results(page)))
    page.get_by_label("Kommune", exact=True).select_option("751")
    page.wait_for_function("location.search.includes('kommune=751')")
    found = set(ids(results(page)))
    assert found and found < everywhere
    assert all("751" in records[sid]["served"] for sid in found)
    assert query(page) == {"q": ["familie"], "kommune": ["751"]}
    page.go_back()
    page.wait_for_function("location.search.includes('kommune=alle')")
    assert page.get_by_label("Kommune", exact=True).input_value() == "alle"
    assert set(ids(results(page))) == everywhere


def test_the_whole_filter_state_round_trips_through_the_url(site_page):
    state = ("q=klub&kommune=alle&kategori=family-support&maalgruppe=parents&sprog=ar&pris=free&adgang=self-referral"
             "&tid=aften")
    page = site_page.open(f"soeg/?{state}")
    results(page)
    assert urlsplit(page.url).query == state
    assert page.get_by_label("Åbent om aftenen (efter kl. 17)").is_checked()
    page.get_by_label("Sprog").select_option("")
    page.wait_for_function("!location.search.includes('sprog')")
    assert urlsplit(page.url).query == state.replace("&sprog=ar", "")


def test_every_result_links_to_an_existing_page_in_the_pages_language(site_page):
    page = site_page.open("en/search/?q=homework&kommune=alle")
    hrefs = results(page)
    assert "online-lektiehjaelp" in ids(hrefs), "English labels of the categories are searchable"
    for href in hrefs:
        assert href.startswith("../../en/services/")
        assert site_page.page.request.get(urlsplit(page.url)._replace(query="").geturl() + href).ok


def test_sorting_by_distance_from_a_postcode_puts_the_nearest_first(site_page, records):
    page = site_page.open("soeg/?kategori=homework-education&sort=afstand&postnr=8000")
    found = ids(results(page))
    assert query(page)["kommune"] == ["751"], "the postcode's municipality is where the search looks"
    assert page.get_by_label("Kommune", exact=True).input_value() == "751"
    assert set(found) == {sid for sid, s in records.items()
                          if "homework-education" in s["categories"] and ("751" in s["served"] or s.get("nationwide"))}
    assert found[0] == "lektiecafe-bispehaven", "the homework café in Aarhus is the nearest to 8000 Aarhus C"
    place = [bool(records[sid]["locations"]) for sid in found]
    assert place == sorted(place, reverse=True), "offers without a place come last"
    km = [float(t.split(" km")[0].split("·")[-1].replace(",", ".")) for t in
          page.locator("[data-list] li .meta").all_inner_texts() if " km" in t]
    assert km == sorted(km) and len(km) == sum(place)
    status = page.locator("[data-status]").inner_text()
    assert "8000 Aarhus C" in status and "Kommune ud fra postnummeret: Aarhus." in status


def test_an_unknown_postcode_is_named_and_the_search_asks_where(site_page):
    page = site_page.open("soeg/?q=familie&sort=afstand&postnr=0001")
    assert results(page) == []
    assert page.locator("[data-count]").inner_text().startswith("Hvor vil du lede?")
    assert page.locator("[data-notes]").inner_text() == "Vi kender ikke postnummeret 0001."
    assert "kommune" not in query(page)


def test_sorting_by_distance_from_the_browsers_position(chromium, site_url, tile_hosts):
    options = {"geolocation": {"latitude": 55.4, "longitude": 10.39}, "permissions": ["geolocation"]}
    with watched_page(chromium, tile_hosts, **options) as (page, traffic):
        page.goto(site_url + "soeg/?kategori=homework-education")
        assert results(page) == [], "without a place the search asks where"
        assert "sort" not in query(page), "the position is asked for only when the reader asks"
        page.get_by_role("button", name="Brug min position").click()
        page.wait_for_function("location.search.includes('sort=afstand')")
        assert ids(results(page))[0] == "lektiecafe-vollsmose", "Odense's homework café is the nearest"
        assert query(page)["kommune"] == ["461"], "the position's municipality is where the search looks"
        assert "55.4" not in page.url, "the position never goes into the URL"
        traffic.assert_clean()


def test_open_now_lists_the_offers_open_at_this_minute(site_page, records):
    def open_now() -> set[str]:
        now = int(dt.datetime.now(TIMEZONE).timestamp())
        window = intervals.Window.around(dt.datetime.now(TIMEZONE))
        return {sid for sid, s in records.items()
                if any(a <= now < b for a, b in intervals.service_intervals(s, window))}

    before = open_now()
    page = site_page.open("soeg/?aaben=nu&kommune=alle")
    found = set(ids(results(page)))
    assert found in (before, open_now()), "the same as the build's opening hours say (allowing a minute turning)"


def test_without_javascript_the_page_says_where_to_browse(chromium, site_url, tile_hosts):
    with watched_page(chromium, tile_hosts, java_script_enabled=False) as (page, traffic):
        page.goto(site_url + "soeg/?q=fodbold")
        assert page.get_by_text("Søgning kræver JavaScript").is_visible()
        assert page.get_by_role("link", name="Kommuner").last.is_visible()
        assert not page.locator("form[data-search]").is_visible()
        traffic.assert_clean()


def test_the_printed_list_is_the_results_without_the_form(site_page):
    page = site_page.open("soeg/?kommune=751")
    results(page)
    page.emulate_media(media="print")
    assert page.locator("[data-list] li").first.is_visible()
    assert not page.locator("form[data-search]").is_visible()
    assert not page.get_by_role("button", name="Udskriv listen").is_visible()


def test_hostile_record_text_is_shown_as_text_in_results(catalogue, tmp_path, chromium, tile_hosts):
    catalogue.service("familieklub", SERVICE_WITH_MARKUP)
    build_site(catalogue.root, tmp_path / "site")
    with serve(tmp_path / "site") as url, watched_page(chromium, tile_hosts) as (page, traffic):
        page.goto(url + "soeg/?q=onsdag&kommune=alle")
        page.wait_for_selector("[data-list] li a")
        assert page.locator("[data-list] li .result-summary").first.inner_text() == HOSTILE
        assert page.locator("[data-list] script, [data-list] b").count() == 0
        traffic.assert_clean()  # no dialog: the script in the record never ran


def test_a_document_pagefind_refuses_is_reported_with_its_words_not_a_hang(tmp_path):
    from generator.site.pagefind_service import PagefindError, PagefindService

    good = ("/tilbud/a/", '<html lang="da"><body><h1>Familieklub</h1></body></html>')
    with PagefindService(search.pagefind_executable()) as pagefind, pytest.raises(PagefindError) as refused:
        pagefind.index(iter([good, (None, good[1]), good]), tmp_path / "bundle")
    assert "url must be provided" in str(refused.value)
    with PagefindService(search.pagefind_executable()) as pagefind:
        assert pagefind.index(iter([good] * 3), tmp_path / "bundle") == 3
    assert (tmp_path / "bundle" / "pagefind-entry.json").exists()
