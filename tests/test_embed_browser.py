"""The embed widget in a real headless Chromium: the snippet from a municipality page, pasted into a plain page
served from another origin, shows the filtered offers and follows its content's height; the widget pages are
accessible, keyboard-usable and write no cookies or storage; record text stays text.

The built sample site (session fixtures in conftest.py) is served on one 127.0.0.1 port, the host pages on
another: a different origin, as on a municipality's own website.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser_support import axe, describe, open_page, serve, watched_page

pytestmark = pytest.mark.site  # every test here reads a whole built site

HOST_PAGE = """<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><title>Aarhus Kommune: tilbud til familier</title></head>
<body>
<main>
<h1>Tilbud til familier</h1>
<p>Her er tilbuddene i kommunen, fra Velfærdskataloget.</p>
{snippet}
</main>
</body>
</html>
"""
# Counts every write to cookies or Web Storage in every frame, so a test can prove there were none.
WATCH_STORAGE = """
window.__writes = [];
(function () {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    window.__writes.push('storage ' + key);
    return setItem.call(this, key, value);
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(document, 'cookie', {
    get() { return cookie.get.call(document); },
    set(value) { window.__writes.push('cookie ' + value); cookie.set.call(document, value); },
  });
})();
window.__heights = [];
window.addEventListener('message', (event) => window.__heights.push(event.data && event.data.height));
"""


def feed(sample_site: Path, code: str) -> dict:
    return json.loads((sample_site / f"data/kommuner/{code}.json").read_text(encoding="utf-8"))


def names(frame) -> list[str]:
    return frame.locator(".offer h2 a").all_inner_texts()


@pytest.fixture
def snippet(site_page) -> str:
    """The code a municipality copies from its page: list view, the category "Sundhed" (health)."""
    page = site_page.open("kommuner/751/")
    page.get_by_label("Kategori").select_option("health")
    page.get_by_label("Kun liste").check()
    box = page.get_by_label("Kode til jeres hjemmeside")
    page.wait_for_function("() => document.querySelector('#embed-code').value.includes('category=health')")
    return box.input_value()


@pytest.fixture
def host(snippet, tmp_path) -> str:
    (tmp_path / "index.html").write_text(HOST_PAGE.format(snippet=snippet), encoding="utf-8")
    with serve(tmp_path) as url:
        yield url


def test_the_snippet_on_another_origins_page_shows_the_filtered_offers_and_follows_their_height(
    chromium, host, site_url, sample_site, tile_hosts
):
    assert host.split(":")[2] != site_url.split(":")[2], "the host page is on another port: another origin"
    expected = [s["name"] for s in feed(sample_site, "751")["services"]
                if "health" in s["categories"] and s["status"] != "closed"]
    assert len(expected) >= 2
    with watched_page(chromium, tile_hosts) as (page, traffic):
        page.context.add_init_script(WATCH_STORAGE)
        open_page(page, host, "")
        frame = page.frame_locator("iframe")
        frame.locator(".offer").first.wait_for()
        assert names(frame) == expected
        assert frame.locator("h1").inner_text() == "Tilbud i Aarhus"
        assert frame.locator("[data-status]").inner_text() == "Valgt: Sundhed"
        assert frame.locator(".leaflet-container").count() == 0, "list view loads no map"
        # The widget reported its height and the snippet's script gave the iframe exactly that height.
        page.wait_for_function("() => window.__heights.length > 0")
        page.wait_for_function(
            "() => Math.round(document.querySelector('iframe').getBoundingClientRect().height)"
            " === Math.ceil(window.__heights[window.__heights.length - 1])"
        )
        height = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
        assert height != 600, "the fixed height of the snippet was replaced by the content's"
        # A link opens the full page outside the iframe.
        link = frame.locator(".offer h2 a").first
        assert link.get_attribute("target") == "_top"
        assert link.get_attribute("href").startswith(site_url + "tilbud/")
        # Nothing written: no cookies in the browser, no Web Storage or cookie writes in either frame.
        widget = next(f for f in page.frames if f.url.startswith(site_url))
        assert widget.evaluate("window.__writes") == [] and page.evaluate("window.__writes") == []
        assert widget.evaluate("localStorage.length + sessionStorage.length") == 0
        assert page.context.cookies() == []
        traffic.assert_clean()


def test_the_snippet_ignores_height_messages_from_anything_but_its_widget(chromium, host, tile_hosts):
    with watched_page(chromium, tile_hosts) as (page, traffic):
        open_page(page, host, "")
        page.frame_locator("iframe").locator(".offer").first.wait_for()
        page.wait_for_function("() => document.querySelector('iframe').style.height !== ''")
        before = page.evaluate("document.querySelector('iframe').style.height")
        # The right message type and shape, but from the host page itself (another origin and source).
        page.evaluate("window.postMessage({type: 'velfaerdskataloget:height', height: 3333}, '*')")
        page.wait_for_timeout(200)
        assert page.evaluate("document.querySelector('iframe').style.height") == before
        traffic.assert_clean()


def test_the_snippet_link_works_without_javascript(chromium, host, site_url, tile_hosts):
    with watched_page(chromium, tile_hosts, java_script_enabled=False) as (page, traffic):
        open_page(page, host, "")
        link = page.get_by_role("link", name="Alle tilbud i Aarhus på Velfærdskataloget")
        assert link.get_attribute("href") == site_url + "kommuner/751/"
        frame = page.frame_locator("iframe")
        assert frame.get_by_role("link", name="Alle kommuner").get_attribute("target") == "_top"
        traffic.assert_clean()


QUERIES = {
    "target group": ("municipality=751&target_group=parents", lambda s: "parents" in s["target_groups"]),
    "language": ("municipality=751&language=ar", lambda s: "ar" in s["languages"]),
    "two filters": ("municipality=751&category=health&language=so",
                    lambda s: "health" in s["categories"] and "so" in s["languages"]),
}


@pytest.mark.parametrize("query,wanted", QUERIES.values(), ids=QUERIES.keys())
def test_filters_from_the_query_string_choose_the_offers(site_page, sample_site, query, wanted):
    page = site_page.open(f"indlejr/?view=list&{query}")
    page.locator(".offer, .count").first.wait_for()
    expected = [s["name"] for s in feed(sample_site, "751")["services"] if wanted(s) and s["status"] != "closed"]
    assert expected and names(page) == expected


def test_open_now_lists_only_offers_open_at_this_moment(site_page, sample_site):
    page = site_page.open("indlejr/?municipality=all&view=list&open_now=1")
    assert page.locator("h1").inner_text() == "Tilbud i hele Danmark"
    page.locator(".offer, .count").first.wait_for()
    now = page.evaluate("Math.floor(Date.now() / 1000)")
    everything = feed(sample_site, "alle")
    expected = [s["name"] for s in everything["services"] if s["status"] != "closed" and s["open"] is not None
                and any(a <= now < b for a, b in everything["hours"][s["open"]])]
    assert names(page) == expected[:50]
    states = page.locator(".offer .open-now").all_inner_texts()
    assert len(states) == page.locator(".offer").count()
    assert all(s.startswith("Åbent nu") for s in states), states


def test_several_municipalities_are_merged_without_duplicates(site_page, sample_site):
    page = site_page.open("indlejr/?municipality=101,751&view=list")
    page.locator(".offer").first.wait_for()
    while page.get_by_role("button", name="Vis flere").count():
        page.get_by_role("button", name="Vis flere").click()
    ids = {s["id"] for code in ("101", "751") for s in feed(sample_site, code)["services"] if s["status"] != "closed"}
    shown = page.locator(".offer h2 a").all_inner_texts()
    assert len(shown) == len(ids)
    assert page.locator("h1").inner_text() == "Tilbud i 2 kommuner"


def test_nationwide_offers_come_when_asked_with_the_same_filters(site_page, sample_site):
    page = site_page.open("indlejr/?municipality=825&view=list")
    page.locator(".count").first.wait_for()
    assert page.locator(".offer").count() == 0
    assert page.locator(".count").inner_text() == "Ingen tilbud passer til det valgte."
    assert not [u for u in site_page.traffic.requests if "hele-landet" in u], "loaded only when asked"
    page.get_by_role("button", name="Vis tilbud for hele landet").focus()
    page.keyboard.press("Enter")
    page.locator(".nationwide .offer").first.wait_for()
    expected = [s["name"] for s in feed(sample_site, "hele-landet")["services"] if s["status"] != "closed"]
    assert page.locator(".nationwide .offer h3 a").all_inner_texts() == expected
    assert page.evaluate("document.activeElement === document.querySelector('.nationwide .offer a')")
    # The query string's filters hold for them too.
    page = site_page.open("en/embed/?municipality=825&view=list&category=health")
    page.get_by_role("button", name="Show offers for the whole country").click()
    page.locator(".nationwide .count").wait_for()
    wanted = [s["name"] for s in feed(sample_site, "hele-landet")["services"]
              if "health" in s["categories"] and s["status"] != "closed"]
    assert page.locator(".nationwide .offer h3 a").all_inner_texts() == wanted


def test_unknown_options_are_named_in_a_sentence(site_page):
    page = site_page.open("indlejr/?municipality=999&category=nope")
    status = page.locator("[data-status]")
    status.wait_for()
    assert "Ukendt kommunekode: 999" in status.inner_text()
    assert "Ukendt værdi for category: nope" in status.inner_text()
    assert page.locator(".offer").count() == 0


def test_the_map_shows_the_offers_places_and_the_list_carries_the_same(site_page, sample_site):
    page = site_page.open("en/embed/?municipality=751&view=map")
    page.locator(".leaflet-marker-icon").first.wait_for()
    located = [s for s in feed(sample_site, "751")["services"] if s["places"] and s["status"] != "closed"]
    count = page.evaluate(
        """() => { let n = 0; document.querySelectorAll('.marker-cluster span').forEach(s => n += +s.textContent);
                   return n + document.querySelectorAll('.leaflet-marker-icon:not(.marker-cluster)').length; }"""
    )
    assert count == sum(len(s["places"]) for s in located)
    # In map view the list is one keyboard press away, in a disclosure.
    summary = page.get_by_text("Show the offers as a list")
    summary.focus()
    page.keyboard.press("Enter")
    assert set(page.locator(".offer h2 a").all_inner_texts()) >= {s["name"] for s in located}
    assert site_page.traffic.tiles, "tiles come from the configured provider (stubbed)"


def test_show_more_continues_at_the_first_new_offer_for_keyboard_users(site_page, sample_site):
    page = site_page.open("indlejr/?municipality=alle&view=list")
    total = len([s for s in feed(sample_site, "alle")["services"] if s["status"] != "closed"])
    assert total > 50, "the sample has more offers than one page"
    page.locator(".offer").first.wait_for()
    assert page.locator(".offer").count() == 50
    assert page.locator(".count").inner_text() == f"Viser 50 af {total} tilbud"
    page.get_by_role("button", name="Vis flere").focus()
    page.keyboard.press("Enter")
    assert page.locator(".offer").count() == total
    assert page.evaluate("document.activeElement === document.querySelectorAll('.offer h2 a')[50]")
    assert page.locator(".count").inner_text() == f"{total} tilbud"


EMBEDS = {
    "list": "indlejr/?municipality=751&view=list",
    "both": "indlejr/?municipality=751",
    "map-en": "en/embed/?municipality=751&view=map",
    "error": "indlejr/?municipality=999",
}


@pytest.mark.parametrize("rel", EMBEDS.values(), ids=EMBEDS.keys())
def test_axe_finds_no_violations_on_the_widget(site_page, rel):
    page = site_page.open(rel)
    page.locator(".offer, .status.error").first.wait_for(state="attached")
    if "view=list" not in rel and "999" not in rel:
        page.locator(".leaflet-marker-icon").first.wait_for()
    if "view=map" in rel:
        page.locator("details summary").click()
    violations = axe(page)
    assert not violations, f"{rel}:\n{describe(violations)}"


def test_the_copy_button_copies_the_snippet_and_says_so(chromium, site_url, tile_hosts):
    with watched_page(chromium, tile_hosts, permissions=["clipboard-read", "clipboard-write"]) as (page, traffic):
        open_page(page, site_url, "en/municipalities/751/")
        page.get_by_label("Danish").check()
        # The preview grows as the widget reports its height: above the button, it moved the button away from the
        # click as it loaded (a flaky CI run found it), so it must come after.
        assert page.evaluate(
            "document.querySelector('[data-copy]').compareDocumentPosition(document.querySelector('[data-preview]'))"
            " & Node.DOCUMENT_POSITION_FOLLOWING"
        )
        page.get_by_role("button", name="Copy the code").click()
        status = page.locator("[data-copy-status]")
        assert status.get_attribute("role") == "status"
        page.wait_for_function("() => document.querySelector('[data-copy-status]').textContent !== ''")
        assert status.inner_text() == "The code has been copied."
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.get_by_label("Code for your website").input_value()
        assert f'src="{site_url}indlejr/?municipality=751&amp;view=both"' in copied
        traffic.assert_clean()


def test_the_preview_follows_the_options(site_page):
    page = site_page.open("kommuner/751/")
    preview = page.frame_locator("[data-preview]")
    page.locator("[data-preview]").scroll_into_view_if_needed()
    preview.locator(".leaflet-container").wait_for()
    page.get_by_label("Sprog, der tales i tilbuddet").select_option("ar")
    page.get_by_label("Engelsk").check()
    page.wait_for_function("() => document.querySelector('[data-preview]').src.includes('/en/embed/?')")
    preview.locator("[data-status]").get_by_text("Chosen: Arabic").wait_for()


def test_record_text_in_the_widget_is_inert(chromium, catalogue, tile_hosts, tmp_path):
    import datetime as dt

    from test_maps import ESCAPING_SERVICE, PAYLOAD

    from generator.build import build_site

    catalogue.service("farlig", ESCAPING_SERVICE.format(payload=PAYLOAD.replace('"', '\\"')))
    out = tmp_path / "site"
    build_site(catalogue.root, out, now=dt.datetime.now(dt.UTC))
    with serve(out) as url, watched_page(chromium, tile_hosts) as (page, traffic):
        open_page(page, url, "indlejr/?municipality=751")
        page.locator(".offer").first.wait_for()
        assert page.locator(".offer h2").inner_text() == PAYLOAD
        assert page.locator(".offer script, .offer img").count() == 0
        page.locator(".leaflet-marker-icon").first.click()
        popup = page.locator(".leaflet-popup-content")
        popup.get_by_role("link").wait_for()
        assert PAYLOAD in popup.inner_text() and popup.locator("script, img").count() == 0
        traffic.assert_clean()  # no dialog opened: alert() never ran


@pytest.mark.parametrize("guide", ["docs/indlejring.md", "docs/en/embedding.md"])
def test_the_guides_show_the_snippet_the_form_writes(snippet, site_url, guide):
    from conftest import REPO

    text = (REPO / guide).read_text(encoding="utf-8")
    shown = text.split("```html\n")[1].split("```")[0]
    example = "https://EKSEMPEL" if "EKSEMPEL" in shown else "https://EXAMPLE"
    shown = shown.replace(example, site_url.rstrip("/"))
    # The script is the same word for word; the iframe and link differ only in their options and texts.
    assert shown[shown.index("<script>"):] == snippet[snippet.index("<script>"):] + "\n"
    assert [line.split(" ")[0] for line in shown.splitlines()] == [
        line.split(" ")[0] for line in snippet.splitlines()
    ]


def test_without_the_script_the_widget_keeps_its_fixed_height_and_still_works(
    site_page, chromium, tile_hosts, tmp_path
):
    page = site_page.open("kommuner/751/")
    page.get_by_label("Tilpas højden til indholdet").uncheck()
    page.get_by_label("Højde i pixels").fill("450")
    page.wait_for_function("() => !document.querySelector('#embed-code').value.includes('<script>')")
    code = page.get_by_label("Kode til jeres hjemmeside").input_value()
    assert 'height="450"' in code
    (tmp_path / "index.html").write_text(HOST_PAGE.format(snippet=code), encoding="utf-8")
    with serve(tmp_path) as host, watched_page(chromium, tile_hosts) as (other, traffic):
        open_page(other, host, "")
        frame = other.frame_locator("iframe")
        frame.locator(".offer").first.wait_for()
        frame.locator(".leaflet-marker-icon").first.wait_for()
        assert other.evaluate("document.querySelector('iframe').getBoundingClientRect().height") == 450
        traffic.assert_clean()
