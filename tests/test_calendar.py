"""Calendar files: each offer's weekly sessions as iCalendar that a standard library reads, agreeing week by week
with what the service page shows (the parser's week), holidays and summer breaks included."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from generator.config import Settings
from generator.enrich import build_model
from generator.export.calendar import fold, opening_dates, service_calendar, text
from generator.hours.parse import TIMEZONE, week
from generator.hours.weekly import DAYS, SESSIONS_AHEAD, Opening
from generator.site.render import Renderer
from generator.validate.validator import validate

from conftest import SAMPLE

NOW = dt.datetime(2026, 12, 4, 9, tzinfo=TIMEZONE)
BASE = "https://velfaerdskataloget.github.io/catalogue/"
# Mondays of the weeks compared: the build's week, Christmas, Easter and Ascension 2027, a July week, Whitsun.
WEEKS = [dt.date(2026, 11, 30), dt.date(2026, 12, 21), dt.date(2027, 3, 22), dt.date(2027, 3, 29),
         dt.date(2027, 5, 3), dt.date(2027, 5, 10), dt.date(2027, 5, 17), dt.date(2027, 7, 12), dt.date(2027, 11, 29)]


@pytest.fixture(scope="module")
def model():
    result = validate(SAMPLE)
    return build_model(result.records("service"), result.records("organisation"), NOW)


@pytest.fixture(scope="module")
def calendars(model) -> dict[str, str]:
    found = {}
    for s in model.services:
        ics = service_calendar(s, model.organisations[s["organisation_id"]], BASE, NOW)
        if ics is not None:
            found[s["id"]] = ics
    return found


def occurrences(event) -> list[tuple[dt.datetime, dt.datetime]]:
    """Every (start, end) of a recurring event, as a calendar app expands it."""
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    excluded = set()
    exdates = event.get("exdate")
    for group in exdates if isinstance(exdates, list) else [exdates] if exdates else []:
        excluded |= {d.dt for d in group.dts}
    return [(s, s + (end - start)) for s in rule if s not in excluded]


def test_the_calendars_parse_with_a_standard_library(calendars):
    assert len(calendars) > 40 and "familieklub-gellerup" in calendars
    for sid, ics in calendars.items():
        cal = Calendar.from_ical(ics)
        events = cal.walk("VEVENT")
        assert events, sid
        for event in events:
            assert str(event["url"]) == f"{BASE}tilbud/{sid}/"
            assert event.decoded("dtstart").tzinfo is not None
        assert all(len(line.encode()) <= 75 for line in ics.split("\r\n")), sid


def test_the_calendar_agrees_with_the_service_page_week_by_week(model, calendars):
    compared = 0
    for s in model.services:
        if s["id"] not in calendars:
            continue
        places = {loc["id"]: loc["opening_hours"] for loc in s["locations"] if loc.get("opening_hours")}
        places["tilbud"] = s.get("opening_hours")
        by_place: dict[str, list] = {}
        for event in Calendar.from_ical(calendars[s["id"]]).walk("VEVENT"):
            place = re.match(rf"{re.escape(s['id'])}-(.+)-\d+@", str(event["uid"]))[1]
            by_place.setdefault(place, []).extend(occurrences(event))
        for place, found in by_place.items():
            for monday in WEEKS:
                if monday + dt.timedelta(days=6) < NOW.date():
                    continue
                expected = {(day, a, b) for day, spans in week(places[place], monday) for a, b in spans
                            if NOW.date() <= day < NOW.date() + dt.timedelta(days=SESSIONS_AHEAD)
                            and (not s.get("valid_to") or day <= s["valid_to"])
                            and (not s.get("valid_from") or day >= s["valid_from"])}
                shown = {(a.date(), a.timetz().replace(tzinfo=None), b.timetz().replace(tzinfo=None))
                         for a, b in found if monday <= a.date() < monday + dt.timedelta(days=7)}
                expected = {(d, a, dt.time(0) if b == dt.time(0) else b) for d, a, b in expected}
                assert shown == expected, (s["id"], place, monday)
                compared += 1
    assert compared > 200


def page_weeks(page: str) -> dict[str, dict[dt.date, str]]:
    """The week tables a service page shows: expression as written -> date -> the day's cell ("16:30–19:30",
    "Lukket"), read from the HTML as a reader sees it."""
    found = {}
    for body, written in re.findall(r"<tbody>(.*?)</tbody>\s*</table>\s*<p class=\"small\">Som skrevet: (.*?)<br>",
                                    page, re.S):
        days = {}
        for day, month, cell in re.findall(r'<th scope="row">\w+ (\d+)/(\d+)</th>\s*<td>(.*?)</td>', body, re.S):
            days[(int(month), int(day))] = re.sub(r"\s*<em.*", "", cell).strip()
        found[html.unescape(written)] = days
    return found


def test_the_calendar_agrees_with_the_week_table_the_service_page_shows(calendars):
    """For a sample of weeks the site is built inside that week (the page shows the build's week), and each
    place's table on the Danish service page must list exactly the calendar's sessions of that week."""
    result = validate(SAMPLE)
    compared = 0
    for monday in WEEKS[1:]:
        built = dt.datetime.combine(monday + dt.timedelta(days=2), dt.time(9), TIMEZONE)
        model = build_model(result.records("service"), result.records("organisation"), built)
        pages = dict(Renderer(model, Settings()).service_pages("da", model.services))
        for s in model.services:
            if s["id"] not in calendars or any(
                    s.get(k) and monday - dt.timedelta(days=7) <= s[k] <= monday + dt.timedelta(days=7)
                    for k in ("valid_from", "valid_to")):
                continue  # a season starting or ending near the week: the calendar counts from its own build day
            tables = page_weeks(pages[f"tilbud/{s['id']}/"])
            places = {loc["id"]: loc["opening_hours"] for loc in s["locations"] if loc.get("opening_hours")}
            places["tilbud"] = s.get("opening_hours")
            sessions: dict[str, dict[dt.date, list[str]]] = {}
            for event in Calendar.from_ical(calendars[s["id"]]).walk("VEVENT"):
                place = re.match(rf"{re.escape(s['id'])}-(.+)-\d+@", str(event["uid"]))[1]
                for a, b in occurrences(event):
                    if monday <= a.date() < monday + dt.timedelta(days=7):
                        end = "24:00" if b.time() == dt.time(0) else f"{b:%H:%M}"
                        sessions.setdefault(place, {}).setdefault(a.date(), []).append(f"{a:%H:%M}–{end}")
            for place, expression in places.items():
                if not expression:
                    continue
                shown = tables[expression]
                for offset in range(7):
                    day = monday + dt.timedelta(days=offset)
                    expected = ", ".join(sorted(sessions.get(place, {}).get(day, []))) or "Lukket"
                    season = (s.get("valid_from") or day) <= day <= (s.get("valid_to") or day)
                    if not season or not NOW.date() <= day < NOW.date() + dt.timedelta(days=SESSIONS_AHEAD):
                        continue  # outside the offer's season or the calendar's year
                    assert shown[(day.month, day.day)] == expected, (s["id"], place, day)
                    compared += 1
    assert compared > 2000, compared


def test_holidays_and_a_summer_break_are_left_out(calendars):
    cal = Calendar.from_ical(calendars["familieklub-gellerup"])  # We 16:30-19:30; Jul off; PH off
    dates = {a.date() for event in cal.walk("VEVENT") for a, _ in occurrences(event)}
    assert dt.date(2026, 12, 9) in dates and dt.date(2027, 6, 30) in dates
    assert not {d for d in dates if d.month == 7}
    assert len(dates) == 52 - 4  # a year of Wednesdays but July's


def test_record_text_cannot_add_properties():
    assert text("a;b,c\\d\r\nEND:VEVENT\nX") == "a\\;b\\,c\\\\d\\nEND:VEVENT\\nX"
    assert fold("DESCRIPTION:" + "æ" * 80).split("\r\n ")[0].encode().__len__() <= 75


@given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=300))
def test_a_folded_line_unfolds_to_itself_in_lines_of_at_most_75_octets(line):
    """RFC 5545 3.1: lines of at most 75 octets, a continuation begins with one space, and a fold never splits a
    character's UTF-8 bytes (each piece must encode on its own)."""
    pieces = fold(line).split("\r\n ")
    assert "".join(pieces) == line
    assert all(len(p.encode("utf-8")) <= 75 - (i > 0) for i, p in enumerate(pieces))
    assert all(pieces[1:]), "no empty continuation"


@given(st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)), st.integers(0, 400),
       st.sets(st.sampled_from(DAYS), min_size=1))
def test_an_openings_dates_are_every_day_on_its_weekdays(first, span, days):
    last = first + dt.timedelta(days=span)
    opening = Opening(tuple(d for d in DAYS if d in days), "10:00", "12:00")
    every = [first + dt.timedelta(n) for n in range(span + 1)]
    assert opening_dates(opening, first, last) == [d for d in every if DAYS[d.weekday()] in days]


def test_a_service_page_links_its_calendar_only_when_it_has_one(model, calendars):
    renderer = Renderer(model, Settings())
    pages = dict(renderer.service_pages("da", model.services))
    for s in model.services:
        html = pages[f"tilbud/{s['id']}/"]
        link = f'href="../../data/kalender/{s["id"]}.ics"'
        assert (link in html) == (s["id"] in calendars), s["id"]


@pytest.mark.site
def test_the_built_site_serves_each_linked_calendar(sample_site):
    linked = 0
    for page in (sample_site / "tilbud").glob("*/index.html"):
        for href in re.findall(r'href="\.\./\.\./(data/kalender/[^"]+\.ics)"', page.read_text(encoding="utf-8")):
            Calendar.from_ical((sample_site / href).read_bytes())
            linked += 1
    assert linked == len(list((sample_site / "data" / "kalender").glob("*.ics"))) > 40
