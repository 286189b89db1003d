"""The sample catalogue is valid, big enough, clearly sample data, and open after the municipality closes."""

from __future__ import annotations

import datetime as dt
import re

import phonenumbers
import pytest
from opening_hours import State

from generator.hours.parse import TIMEZONE, parse
from generator.validate.validator import validate

from conftest import REPO, SAMPLE, require_boundaries, run_cli

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def result():
    return validate(SAMPLE, today=TODAY)


def test_the_sample_catalogue_is_valid(result):
    assert result.ok, [p for p in result.problems if p.is_error][:5]


def test_the_command_exits_0_with_a_one_line_summary():
    run = run_cli("validate", "--today", TODAY.isoformat(), cwd=REPO)
    assert run.code == 0
    last = run.out.strip().splitlines()[-1]
    assert re.fullmatch(r"Kontrollerede \d+ tilbud og \d+ organisationer: 0 fejl, \d+ advarsler\.", last)


def test_it_is_valid_with_real_municipality_boundaries_too():
    assert validate(SAMPLE, boundaries=str(require_boundaries()), today=TODAY).ok


def test_it_is_big_and_spread_enough(result):
    services = result.records("service")
    organisations = result.records("organisation")
    municipalities = {loc["municipality_code"] for s in services for loc in s["locations"]}
    assert len(services) >= 60
    assert len(organisations) >= 20
    assert len(municipalities) >= 15
    assert any(s["nationwide"] for s in services)
    assert any(s["service_areas"] and not s["locations"] for s in services)
    assert any(s["valid_from"] and s["valid_to"] for s in services)
    assert sum(bool(s["municipal_partners"]) for s in services) >= 10
    assert sum(bool(s["partners"]) for s in services) >= 10


def _opens_after_hours(expression: str) -> bool:
    """Open on a weekday evening (from 17:00) or at a weekend in an ordinary November week."""
    start = dt.datetime(2026, 11, 23, tzinfo=TIMEZONE)  # a Monday, no holidays that week
    for begin, end, state, _ in parse(expression).intervals(start, start + dt.timedelta(days=7)):
        if state == State.OPEN and (begin.weekday() >= 5 or end.hour >= 18 or end.date() > begin.date()
                                            or begin.hour >= 17):
            return True
    return False


def test_many_offers_are_open_in_evenings_or_at_weekends(result):
    located = [s for s in result.records("service") if s["locations"]]
    late = [s for s in located if any(loc["opening_hours"] and _opens_after_hours(loc["opening_hours"])
                                      for loc in s["locations"])]
    assert len(late) >= len(located) // 2


def test_contact_details_are_clearly_sample_data(result):
    for record in result.records("service") + result.records("organisation"):
        if record.get("email"):
            assert record["email"].split("@")[1] in {"example.org", "example.net", "example.com"}
        if record.get("website"):
            assert re.match(r"https?://(www\.)?example\.(org|net|com)(/|$)", record["website"])
        if record.get("phone"):
            number = phonenumbers.parse(record["phone"], "DK")
            assert str(number.national_number).startswith("7010"), record["phone"]


def test_some_records_show_the_stale_warning(result):
    assert any(p.code == "stale-record" for p in result.problems)
