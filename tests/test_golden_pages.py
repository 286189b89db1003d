"""Golden files: the main content of each kind of page, rendered from the sample catalogue at a fixed instant, in
both languages. A change to what a page says or how it is marked up shows up here as a diff to review.

Run with UPDATE_GOLDEN=1 to rewrite them after an intended change, then read the diff (`git diff tests/golden`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from generator.config import Settings
from generator.enrich import build_model
from generator.export import jsonld
from generator.hours.parse import TIMEZONE
from generator.site.docs import hours_cheatsheet, schema_reference
from generator.site.embed import render_embed_pages
from generator.site.render import Renderer
from generator.validate.validator import validate

from conftest import SAMPLE

GOLDEN = Path(__file__).parent / "golden" / "pages"
NOW = dt.datetime(2026, 11, 23, 12, tzinfo=TIMEZONE)
SERVICE = "familieklub-gellerup"  # places, hours with holidays, partners, a municipal partner
# Each kind of page the pipeline renders: a name and the Danish page's path (the English one is its alternate).
KINDS = {
    "service": f"tilbud/{SERVICE}/",
    "organisation": "organisationer/roede-kors-aarhus/",
    "stale": "organisationer/aeldre-sagen-hjoerring/ikke-bekraeftet/",
    "municipality": "kommuner/751/",
    "partnerships": "kommuner/751/partnerskaber/",
    "category": "kategorier/family-support/",
    "target-group": "maalgrupper/vulnerable-families/",
    "nationwide": "landsdaekkende/",
    "home": "",
    "search": "soeg/",
    "map": "kort/",
    "municipalities": "kommuner/",
    "categories": "kategorier/",
    "organisations": "organisationer/",
    "services": "tilbud/",
}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    result = validate(SAMPLE)
    model = build_model(result.records("service"), result.records("organisation"), NOW)
    settings = Settings(repo_url="https://github.com/velfaerdskataloget/catalogue")
    renderer = Renderer(model, settings, jsonld.for_pages(model, settings.public_url))
    service = next(s for s in model.services if s["id"] == SERVICE)
    found = {}
    for lang in ("da", "en"):
        found.update(renderer.service_pages(lang, [service]))
        found.update(renderer.other_pages(lang))
    found.update(render_embed_pages(renderer))
    return found


def main_of(html: str) -> str:
    """What a page says: its <main>, with the build's own clock (the week shown, the window) kept as it was built."""
    return re.search(r"<main\b.*?</main>", html, re.S).group(0) + "\n"


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with UPDATE_GOLDEN=1 and review it"
    assert path.read_text(encoding="utf-8") == text, f"{name} changed: review the difference, then UPDATE_GOLDEN=1"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_each_kind_of_page_says_what_it_said(pages, kind, lang):
    path = KINDS[kind]
    if lang == "en":  # the Danish page's English alternate, an absolute URL under the public address
        url = re.search(r'<link rel="alternate" hreflang="en" href="([^"]*)"', pages[path]).group(1)
        path = url.removeprefix(Settings().public_url)
    check(f"{kind}.{lang}.html", main_of(pages[path]))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_embed_widget_page_says_what_it_said(pages, lang):
    check(f"embed.{lang}.html", main_of(pages["indlejr/" if lang == "da" else "en/embed/"]))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_generated_contributor_pages_say_what_they_said(lang):
    check(f"schema-reference.{lang}.md", schema_reference(lang))
    check(f"opening-hours.{lang}.md", hours_cheatsheet(lang, NOW.date()))
