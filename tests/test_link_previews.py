"""A link to a page, sent by SMS or in Aula, shows a preview: every record page has one meta description and Open
Graph tags made from the record's own text (escaped), and the site's icons are served from the site itself."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest

from generator.config import Settings
from generator.enrich import build_model
from generator.hours.parse import TIMEZONE
from generator.site.render import Renderer
from generator.validate.validator import validate

from conftest import SAMPLE

NOW = dt.datetime(2026, 12, 4, 9, tzinfo=TIMEZONE)


class Head(HTMLParser):
    """The <head>'s meta tags (name or property -> every content given) and links (rel -> every href)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.feed(html.split("</head>")[0])

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("name") or a.get("property")):
            self.meta.setdefault(a.get("name") or a.get("property"), []).append(a.get("content") or "")
        if tag == "link":
            for rel in (a.get("rel") or "").split():
                self.links.setdefault(rel, []).append(a.get("href") or "")


@pytest.fixture(scope="module")
def built():
    result = validate(SAMPLE)
    model = build_model(result.records("service"), result.records("organisation"), NOW)
    renderer = Renderer(model, Settings())
    pages = {}
    for lang in ("da", "en"):
        pages.update(renderer.service_pages(lang, model.services))
        pages.update(renderer.other_pages(lang))
    return model, pages


def test_every_service_page_previews_the_record_by_its_name_and_summary(built):
    model, pages = built
    for s in model.services:
        for path in (f"tilbud/{s['id']}/", f"en/services/{s['id']}/"):
            head = Head(pages[path])
            assert head.meta["description"] == [s["summary"]], path  # one description, the record's summary
            assert head.meta["og:title"] == [s["name"]] and head.meta["og:description"] == [s["summary"]], path
            assert head.meta["twitter:card"] == ["summary"]
            assert head.meta["og:image"] == [Settings().public_url + "assets/icon.png"]


def test_every_page_has_one_description_and_preview_tags(built):
    _, pages = built
    for path, html in pages.items():
        head = Head(html)
        assert len(head.meta.get("description", [])) == 1 and head.meta["description"][0].strip(), path
        assert len(head.meta.get("og:title", [])) == 1 and len(head.meta.get("og:description", [])) == 1, path
    org = Head(pages["organisationer/roede-kors-aarhus/"])
    assert org.meta["og:title"] == ["Røde Kors Aarhus"]
    assert org.meta["description"] == ["Røde Kors Aarhus: 6 tilbud i Velfærdskataloget, med kontaktoplysninger."]


def test_the_icons_are_the_sites_own_files(built):
    _, pages = built
    for path in ("tilbud/familieklub-gellerup/", "en/municipalities/751/", ""):
        head = Head(pages[path])
        icon, touch = head.links["icon"], head.links["apple-touch-icon"]
        assert [urljoin("https://site.example/" + path, h) for h in icon + touch] == \
            ["https://site.example/assets/favicon.svg", "https://site.example/assets/icon.png"]


@pytest.mark.site
def test_the_icons_are_served_from_the_built_site(sample_site):
    svg, png = sample_site / "assets" / "favicon.svg", sample_site / "assets" / "icon.png"
    assert svg.read_text(encoding="utf-8").startswith("<svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    head = Head((sample_site / "tilbud" / "familieklub-gellerup" / "index.html").read_text(encoding="utf-8"))
    assert head.links["icon"] == ["../../assets/favicon.svg"]
