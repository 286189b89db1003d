"""Long lists at national scale: category, target-group and nationwide lists come in numbered pages of 100 that read
without JavaScript, and a municipality's page lists its own offers and counts the nationwide ones instead of
repeating them on all 98 pages."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from generator.build import build_site
from generator.hours.parse import TIMEZONE
from generator.serve.incremental import SiteState
from generator.tools.synth import write_catalogue
from generator.urls import PAGE_SIZE
from generator.validate.validator import validate

from search_support import search_boot

pytestmark = pytest.mark.site  # every test here reads a whole built site

CARD_LINK = re.compile(r'<li class="card[^"]*">\s*<h3><a href="[^"]*?/tilbud/([^/"]+)/">')


@pytest.fixture(scope="module")
def national(served_once) -> tuple[Path, list[dict]]:
    """A synthetic catalogue large enough for lists of several pages, built into a site (the one `served` edits,
    which puts back every edit it makes)."""
    catalogue, site, _, _ = served_once
    return site, validate(catalogue).records("service")


def listed(page: Path) -> list[str]:
    return CARD_LINK.findall(page.read_text(encoding="utf-8"))


def pages_of(first: Path) -> list[Path]:
    """The first page and its numbered followers, in order, following each page's 'next' link."""
    found = [first]
    while m := re.search(r'<a href="([^"]+)" rel="next">', found[-1].read_text(encoding="utf-8")):
        found.append((found[-1].parent / m.group(1) / "index.html").resolve())
    return found


def test_a_category_lists_every_offer_once_over_numbered_pages_of_100(national):
    site, services = national
    expected = sorted((s for s in services if "family-support" in s["categories"]),
                      key=lambda s: (s["name"].casefold(), s["id"]))
    assert len(expected) > 2 * PAGE_SIZE, "the sample for this test must need three pages or more"
    pages = pages_of(site / "kategorier" / "family-support" / "index.html")
    assert len(pages) == -(-len(expected) // PAGE_SIZE)
    assert pages[1] == (site / "kategorier" / "family-support" / "side" / "2" / "index.html").resolve()
    shown = [sid for page in pages for sid in listed(page)]
    assert shown == [s["id"] for s in expected], "every offer once, in name order"
    assert all(len(listed(p)) == PAGE_SIZE for p in pages[:-1])


def test_every_page_of_a_list_says_where_it_is_and_links_to_all_pages(national):
    site, _ = national
    pages = pages_of(site / "kategorier" / "family-support" / "index.html")
    for n, page in enumerate(pages, 1):
        text = page.read_text(encoding="utf-8")
        nav = re.search(r'<nav class="pager" aria-label="Sider">(.*?)</nav>', text, re.S).group(1)
        assert len(re.findall(r"<li>", nav)) == len(pages) + (n > 1) + (n < len(pages))
        assert re.search(rf'aria-current="page">{n}</a>', nav)
        if n > 1:
            assert f"side {n} af {len(pages)}" in re.search(r"<title>(.*?)</title>", text).group(1), \
                "each page has its own title"


def test_the_english_pages_of_a_list_are_the_same_offers(national):
    site, _ = national
    danish = pages_of(site / "kategorier" / "family-support" / "index.html")
    english = pages_of(site / "en" / "categories" / "family-support" / "index.html")
    assert [listed(p) for p in danish] == [[sid for sid in CARD_LINK_EN.findall(p.read_text(encoding="utf-8"))]
                                           for p in english]
    assert english[1] == (site / "en" / "categories" / "family-support" / "page" / "2" / "index.html").resolve()


CARD_LINK_EN = re.compile(r'<li class="card[^"]*">\s*<h3><a href="[^"]*?/en/services/([^/"]+)/"[^>]*>')


def test_a_municipality_lists_its_own_offers_and_counts_the_nationwide_ones(national):
    site, services = national
    nationwide = [s for s in services if s.get("nationwide")]
    assert nationwide, "the synthetic catalogue has nationwide offers"
    code = "751"
    own = {s["id"] for s in services if not s.get("nationwide") and (
        code in s["service_areas"] or any(loc["municipality_code"] == code for loc in s["locations"]))}
    own |= {s["id"] for s in nationwide if any(loc["municipality_code"] == code for loc in s["locations"])}
    page = site / "kommuner" / code / "index.html"
    assert set(listed(page)) == own
    text = page.read_text(encoding="utf-8")
    elsewhere = len([s for s in nationwide if s["id"] not in own])
    assert f"{elsewhere} landsdækkende tilbud" in text
    assert '<a href="../../landsdaekkende/">' in text


def test_the_folder_of_all_offers_says_how_many_there_are_and_where_they_are_listed(national):
    """/tilbud/ holds every offer's page: one list of 50,000 would be unreadable, so it points to the lists."""
    site, services = national
    for folder, count in (("tilbud", f"{len(services)} tilbud"), ("en/services", f"{len(services)} offers")):
        page = (site / folder / "index.html").read_text(encoding="utf-8")
        assert count in page
        links = re.findall(r'<main.*?</main>', page, flags=re.S)[0]
        targets = re.findall(r'<li><a href="([^"]+)">', links)
        assert len(targets) == 7
        for href in targets:
            assert (site / folder / href / "index.html").resolve().exists(), href


def test_the_nationwide_offers_have_their_own_list(national):
    site, services = national
    expected = sorted((s for s in services if s.get("nationwide")), key=lambda s: (s["name"].casefold(), s["id"]))
    shown = [sid for p in pages_of(site / "landsdaekkende" / "index.html") for sid in listed(p)]
    assert shown == [s["id"] for s in expected]


@pytest.fixture(scope="module")
def served_once(tmp_path_factory):
    """A national catalogue built once the way `mkdocs serve` builds it, and what its record files said then."""
    base = tmp_path_factory.mktemp("served")
    write_catalogue(base / "catalogue", 2400)
    state = SiteState()
    build_site(base / "catalogue", base / "site", state=state, now=NOW)
    files = {p: p.read_text(encoding="utf-8") for p in (base / "catalogue").glob("*/services/*.yaml")}
    return base / "catalogue", base / "site", state, files


@pytest.fixture()
def served(served_once):
    """The served catalogue, ready for a test's edits; afterwards its records are put back and built again, so
    the next test starts from the catalogue as it was built."""
    catalogue, site, state, files = served_once
    yield catalogue, site, state
    for path in set(catalogue.glob("*/services/*.yaml")) - set(files):
        path.unlink()
    for path, text in files.items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    build_site(catalogue, site, state=state, now=NOW)


NOW = dt.datetime(2026, 11, 23, 12, tzinfo=TIMEZONE)


def _family_offer(catalogue: Path, n: int) -> Path:
    files = sorted(p for p in catalogue.glob("*/services/*.yaml")
             if "family-support" in p.read_text(encoding="utf-8"))
    return files[n]


def test_editing_an_offer_in_place_renders_only_the_list_pages_that_show_it(served):
    catalogue, site, state = served
    record = _family_offer(catalogue, 5)
    pages = pages_of(site / "kategorier" / "family-support" / "index.html")
    written = {p: p.stat().st_mtime_ns for p in pages}
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"(?m)^summary: .*$", "summary: Nyt resumé fra serve.", text, count=1), encoding="utf-8")
    build_site(catalogue, site, state=state, now=NOW)
    holding = [p for p in pages if record.stem in listed(p)]
    assert len(holding) == 1 and "Nyt resumé fra serve." in holding[0].read_text(encoding="utf-8")
    assert [p for p in pages if p.stat().st_mtime_ns != written[p]] == holding, "the other pages stay as they were"


def test_renaming_an_offer_moves_it_to_its_new_place_in_the_lists(served):
    catalogue, site, state = served
    record = _family_offer(catalogue, 7)
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"(?m)^name: .*$", "name: Ååå sidst i alfabetet", text, count=1), encoding="utf-8")
    build_site(catalogue, site, state=state, now=NOW)
    pages = pages_of(site / "kategorier" / "family-support" / "index.html")
    shown = [sid for p in pages for sid in listed(p)]
    assert shown[-1] == record.stem and shown.count(record.stem) == 1, "moved to the end, and shown once"
    expected = sorted((s for s in validate(catalogue).records("service") if "family-support" in s["categories"]),
                      key=lambda s: (s["name"].casefold(), s["id"]))
    assert shown == [s["id"] for s in expected]


def test_the_search_page_is_rendered_again_only_when_its_choices_can_change(served):
    catalogue, site, state = served
    page = site / "soeg" / "index.html"
    record = _family_offer(catalogue, 3)
    text = record.read_text(encoding="utf-8")
    before = page.stat().st_mtime_ns
    record.write_text(re.sub(r"(?m)^summary: .*$", "summary: Kun resuméet er nyt.", text, count=1), encoding="utf-8")
    build_site(catalogue, site, state=state, now=NOW)
    assert page.stat().st_mtime_ns == before, "a new summary cannot change the search page"
    record.write_text(re.sub(r"(?m)^languages:\n", "languages:\n  - \"kl\"\n", text, count=1), encoding="utf-8")
    build_site(catalogue, site, state=state, now=NOW)
    assert page.stat().st_mtime_ns != before
    html = page.read_text(encoding="utf-8")
    assert '<option value="kl">' in html, "Greenlandic is now a language on offer"
    boot = search_boot(html)
    assert boot["index"] == json.loads((site / "pagefind" / "bundles.json").read_text(encoding="utf-8")), \
        "the page still names the bundles there are (the last full build's)"


def test_a_new_record_file_is_found_without_listing_the_catalogue_again_for_edits(served):
    catalogue, site, state = served
    record = _family_offer(catalogue, 4)
    copy = record.with_name("helt-nyt-tilbud.yaml")
    copy.write_text(record.read_text(encoding="utf-8").replace(f"id: {record.stem}", "id: helt-nyt-tilbud", 1)
                    .replace(f'id: "{record.stem}"', 'id: "helt-nyt-tilbud"', 1), encoding="utf-8")
    build_site(catalogue, site, state=state, now=NOW)
    assert (site / "tilbud" / "helt-nyt-tilbud" / "index.html").exists()
    copy.unlink()
    build_site(catalogue, site, state=state, now=NOW)
    assert not (site / "tilbud" / "helt-nyt-tilbud").exists()
