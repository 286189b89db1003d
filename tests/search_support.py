"""The search page as its readers use it, for the tests: the results it lists, the state in its address, and the
sample's offers as the site model holds them (with the municipalities each one serves)."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import parse_qs, urlsplit

from generator.enrich import build_model
from generator.hours.parse import TIMEZONE
from generator.validate.validator import validate

from conftest import SAMPLE

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
DONE = "[data-results]:not([hidden]):not([aria-busy])"


def sample_records(now: dt.datetime | None = None) -> dict[str, dict]:
    result = validate(SAMPLE)
    model = build_model(result.records("service"), result.records("organisation"), now or dt.datetime.now(TIMEZONE))
    return {s["id"]: s for s in model.services}


def finished(page) -> None:
    """Wait until the search has answered (search.js marks the results busy until then)."""
    page.wait_for_selector(DONE)


def results(page) -> list[str]:
    """Every result's link, once the search has finished, after showing all of them."""
    finished(page)
    more = page.locator("[data-more]")
    while more.is_visible():
        count = page.locator("[data-list] li").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('[data-list] li').length > {count}")
    return page.locator("[data-list] li h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def ids(hrefs: list[str]) -> list[str]:
    return [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def serving(records: dict[str, dict], code: str) -> set[str]:
    """The offers a search within municipality `code` finds without a word: its own and the nationwide ones."""
    return {sid for sid, s in records.items() if code in s["served"]}


def search_boot(page_html: str) -> dict:
    """What the search page's head script reads: the bundles' files, the parameters, the marker words."""
    found = re.search(r'<script type="application/json" id="search-boot">(.*?)</script>', page_html)
    return json.loads(found.group(1))
