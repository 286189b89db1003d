"""How fresh a record is, on the pages that show it: the age in words on every service page, and past a year
(the validator's STALE_AFTER) a notice on the page and on every card of the offer; a fresh record has none."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.config import Settings
from generator.enrich import build_model
from generator.hours.parse import TIMEZONE
from generator.site.freshness import age_in_words, freshness
from generator.site.render import Renderer
from generator.validate.rules import STALE_AFTER
from generator.validate.validator import validate

from conftest import SAMPLE

NOW = dt.datetime(2026, 12, 4, 9, tzinfo=TIMEZONE)
STALE = "besoegsven-hjoerring"  # last verified 2025-06-20: 532 days before NOW
FRESH = "familieklub-gellerup"  # last verified 2026-10-14
NOTICE = {"da": "Oplysningerne er ikke bekræftet i over et år: ring før du kommer.",
          "en": "This information has not been verified for over a year: call before you go."}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    result = validate(SAMPLE)
    model = build_model(result.records("service"), result.records("organisation"), NOW)
    renderer = Renderer(model, Settings())
    found = {}
    for lang in ("da", "en"):
        found.update(renderer.service_pages(lang, model.services))
        found.update(renderer.other_pages(lang))
    return found


@pytest.mark.parametrize(("days", "da", "en"), [
    (0, "Bekræftet i dag", "Verified today"),
    (1, "Bekræftet i går", "Verified yesterday"),
    (9, "Bekræftet for 9 dage siden", "Verified 9 days ago"),
    (40, "Bekræftet for 5 uger siden", "Verified 5 weeks ago"),
    (92, "Bekræftet for 3 måneder siden", "Verified 3 months ago"),
    (532, "Bekræftet for over et år siden", "Verified over a year ago"),
    (800, "Bekræftet for 2 år siden", "Verified 2 years ago"),
])
def test_the_age_reads_as_a_person_would_say_it(days, da, en):
    assert (age_in_words(days, "da"), age_in_words(days, "en")) == (da, en)


def test_stale_means_what_the_validator_means():
    today = dt.date(2026, 12, 4)
    assert not freshness(today - STALE_AFTER, today).stale
    assert freshness(today - STALE_AFTER - dt.timedelta(days=1), today).stale


def test_every_service_page_says_how_fresh_it_is(pages):
    assert '<p class="freshness">Bekræftet for 7 uger siden (<time datetime="2026-10-14">14. oktober 2026</time>)' \
        in pages[f"tilbud/{FRESH}/"]
    stale = pages[f"en/services/{STALE}/"]
    assert '<p class="freshness">Verified over a year ago (<time datetime="2025-06-20">' in stale
    service_pages = [html for path, html in pages.items()
                     if (path.startswith("tilbud/") and path.count("/") == 2)
                     or (path.startswith("en/services/") and path.count("/") == 3)]
    assert len(service_pages) == 150 and all('class="freshness"' in html for html in service_pages)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_stale_record_carries_the_notice_on_its_page_and_cards_and_a_fresh_one_does_not(pages, lang):
    prefix = "tilbud" if lang == "da" else "en/services"
    assert NOTICE[lang] in pages[f"{prefix}/{STALE}/"]
    assert NOTICE[lang] not in pages[f"{prefix}/{FRESH}/"]
    organisation = "organisationer" if lang == "da" else "en/organisations"
    stale_list = pages[f"{organisation}/aeldre-sagen-hjoerring/"]
    fresh_list = pages[f"{organisation}/roede-kors-aarhus/"]
    stale_card = stale_list.split(f"/{STALE}/")[1].split("</li>")[0]
    assert NOTICE[lang] in stale_card
    assert NOTICE[lang] not in fresh_list.split(f"/{FRESH}/")[1].split("</li>")[0]


def test_each_organisation_publishes_its_stale_list_and_links_to_it(pages):
    listing = pages["organisationer/aeldre-sagen-hjoerring/ikke-bekraeftet/"]
    assert "Besøgsven i Hjørring" in listing and "532 dage" in listing and "1 af organisationens 2 tilbud" in listing
    assert 'href="../../../tilbud/besoegsven-hjoerring/"' in listing
    assert "Tilbud, der ikke er bekræftet i over et år (1)" in pages["organisationer/aeldre-sagen-hjoerring/"]
    assert "en/organisations/aeldre-sagen-hjoerring/not-verified/" in pages
    # An organisation whose offers are all verified says so, and has no empty list.
    all_verified = "Alle organisationens 6 tilbud er bekræftet inden for det seneste år."
    assert all_verified in pages["organisationer/roede-kors-aarhus/"]
    assert "organisationer/roede-kors-aarhus/ikke-bekraeftet/" not in pages


def test_the_stale_list_shows_record_text_as_text():
    result = validate(SAMPLE)
    services = result.records("service")
    old = next(s for s in services if s["id"] == STALE)
    services.append({**old, "id": "nyttelast", "name": "<script>window.__pwned=1</script>",
                     "last_verified": dt.date(2024, 1, 1)})
    model = build_model(services, result.records("organisation"), NOW)
    html = dict(Renderer(model, Settings()).other_pages("da"))["organisationer/aeldre-sagen-hjoerring/ikke-bekraeftet/"]
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html and "<script>window" not in html
