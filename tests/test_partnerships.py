"""A municipality's partnerships, offer by offer: which organisations run which offer with which of its departments,
on a page of their own (filterable by department) that the municipality page links to near its top. The
municipality's own units are its side of a partnership, never listed as partners. Read on the sample catalogue."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.config import Settings
from generator.enrich import build_model
from generator.hours.parse import TIMEZONE
from generator.site.render import Renderer
from generator.validate.validator import validate

from conftest import SAMPLE

NOW = dt.datetime(2026, 12, 4, 9, tzinfo=TIMEZONE)
UNIT = "aarhus-kommune-sundhedsplejen"  # Aarhus municipality's own health visitors


@pytest.fixture(scope="module")
def model():
    result = validate(SAMPLE)
    return build_model(result.records("service"), result.records("organisation"), NOW)


@pytest.fixture(scope="module")
def pages(model):
    renderer = Renderer(model, Settings())
    return {**dict(renderer.other_pages("da")), **dict(renderer.other_pages("en"))}


def sections(html: str) -> dict[str, list[tuple[str, str, str]]]:
    """Department -> rows of (offer, run by, municipal side) as the page's text shows them."""
    found = {}
    for name, body in re.findall(r'<section class="department" data-department="([^"]*)".*?<tbody>(.*?)</tbody>', html,
                                 re.S):
        rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>\s*<td>(.*?)</td>\s*<td>(.*?)</td></tr>", body, re.S)
        found[name] = [tuple(re.sub(r"<[^>]+>", "", cell) for cell in row) for row in rows]
    return found


def test_each_partner_offer_is_listed_under_each_department_it_names(model, pages):
    listed = sections(pages["kommuner/751/partnerskaber/"])
    expected = {}
    for s in model.services:
        for mp in s["municipal_partners"]:
            if mp["municipality_code"] == "751":
                expected.setdefault(mp["department"], set()).add(s["name"])
    assert expected  # the sample has partnerships in Aarhus
    for department, names in expected.items():
        assert {row[0] for row in listed[department]} == names, department
    assert listed["Familiecenter Vest"] == [
        ("Familieklubben Gellerup", "Røde Kors Aarhus", "Familiecenter Vest, Aarhus Kommune, Sundhedsplejen"),
        ("Sommerlejr på Kalø for familier", "Røde Kors Aarhus", "Familiecenter Vest"),
    ]


def test_the_municipalitys_own_units_are_the_municipality_not_partners(model, pages):
    unit = model.organisations[UNIT]["name"]
    listed = sections(pages["kommuner/751/partnerskaber/"])
    assert all(unit not in runners for rows in listed.values() for _, runners, _ in rows)
    # An offer the unit runs with an association is a partnership, with the unit on the municipality's side.
    assert ("Åben konsultation i Gellerup", "Røde Kors Aarhus", unit) in listed[unit]
    for entry in model.partnerships["751"]:
        assert UNIT not in entry["organisations"]


def test_the_page_filters_by_department_and_works_without_javascript(pages):
    html = pages["kommuner/751/partnerskaber/"]
    options = re.findall(r'<option value="([^"]*)">', html)
    assert options[0] == "" and set(options[1:]) == set(sections(html))
    assert '<select id="department" name="afdeling">' in html and "assets/partnerships.js" in html
    for n in range(1, len(options)):
        assert f'href="#afdeling-{n}"' in html and f'id="afdeling-{n}"' in html


def test_the_municipality_page_links_to_its_partnerships_near_the_top(pages):
    html = pages["kommuner/751/"]
    link = html.index('href="../../kommuner/751/partnerskaber/"')
    assert link < html.index("Tilbud efter kategori")
    assert "8 tilbud drives af 2 foreninger og organisationer" in html
    assert "kommuner/825/partnerskaber/" in pages and "Ingen tilbud er registreret" in pages["kommuner/825/"]
    assert "en/municipalities/751/partnerships/" in pages


def test_the_municipality_page_links_to_its_change_feed(pages):
    html = pages["kommuner/751/"]
    assert ('<link rel="alternate" type="application/atom+xml" title="Ændringer i tilbud i Aarhus kommune (Atom-feed)" '
            'href="../../data/changes/751.atom">') in html
    assert '<a href="../../data/changes/751.atom" type="application/atom+xml">Følg ændringer</a>' in html
    assert ">Follow changes</a>" in pages["en/municipalities/751/"]
