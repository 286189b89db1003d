"""Calendar files: each offer's weekly sessions as iCalendar (`data/kalender/<id>.ics`), for a family's phone.

The sessions are the weekly rules the HSDS schedules are made from (hours.weekly), one recurring event per
opening and place from the build day for SESSIONS_AHEAD days (within the offer's season). The parser then says,
occurrence by occurrence, which of them its expression closes (public holidays, July, a summer break), and those
become EXDATEs, so the calendar shows the same weeks as the service page. The horizon is a year: the site is
rebuilt nightly and a subscribed calendar follows it, while an offer nobody confirms again drops out.
Record text is escaped as iCalendar TEXT, so no record can add a property or an event.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

from ..hours.parse import TIMEZONE, parse
from ..hours.weekly import DAYS, ICAL, SESSIONS_AHEAD, Opening, service_sessions
from ..urls import calendar, service_page

PRODID = "-//Velfaerdskataloget//Tilbud//DA"
# Europe/Copenhagen since 1996 (the EU's rule): calendar apps need the zone written out beside TZID.
VTIMEZONE = (
    "BEGIN:VTIMEZONE", "TZID:Europe/Copenhagen",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19960331T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19961027T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped, other control characters dropped."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character."""
    if line.isascii():  # nearly every line (40,000 calendars have a million): a character is an octet
        if len(line) <= 75:
            return line
        return "\r\n ".join([line[:75], *(line[i:i + 74] for i in range(75, len(line), 74))])
    if len(line.encode("utf-8")) <= 75:
        return line
    out, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not out else 74):  # a continuation line starts with a space
            out.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n ".join(out)


def _local(day: dt.date, clock: str) -> str:
    return f"{day:%Y%m%d}T{clock.replace(':', '')}00"


@lru_cache(maxsize=16384)  # offers share their hours: each expression's closed dates are worked out once
def _closed(expression: str, opening: Opening, first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    """The dates from `first` to `last` on which `opening` would recur but the expression is closed at its start."""
    hours = parse(expression)
    hh, mm = map(int, opening.opens.split(":"))
    out = []
    for day in opening_dates(opening, first, last):
        if not hours.is_open(dt.datetime.combine(day, dt.time(hh, mm), TIMEZONE)):
            out.append(day)
    return tuple(out)


def opening_dates(opening: Opening, first: dt.date, last: dt.date) -> list[dt.date]:
    """The days from `first` to `last` on the opening's weekdays, in order: a week at a time from the first of
    each weekday, not a test of every day of the year."""
    week, found = dt.timedelta(days=7), []
    for weekday in {DAYS.index(d) for d in opening.days}:
        day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
        while day <= last:
            found.append(day)
            day += week
    return sorted(found)


def _event(uid: str, expression: str, opening: Opening, first: dt.date, last: dt.date, *,
           stamp: str, about: list[str]) -> list[str]:
    days = opening_dates(opening, first, last)
    if not days:
        return []
    start, end_day = days[0], days[0] + dt.timedelta(days=1 if opening.closes == "24:00" else 0)
    closes = "00:00" if opening.closes == "24:00" else opening.closes
    until = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), TIMEZONE).astimezone(dt.UTC)
    lines = [
        "BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}",
        f"DTSTART;TZID=Europe/Copenhagen:{_local(start, opening.opens)}",
        f"DTEND;TZID=Europe/Copenhagen:{_local(end_day, closes)}",
        f"RRULE:FREQ=WEEKLY;BYDAY={','.join(ICAL[d] for d in opening.days)};"
        f"UNTIL={until - dt.timedelta(seconds=1):%Y%m%dT%H%M%SZ}",
    ]
    closed = _closed(expression, opening, first, last)
    if closed:
        lines.append("EXDATE;TZID=Europe/Copenhagen:" + ",".join(_local(d, opening.opens) for d in closed))
    return [*lines, *about, "END:VEVENT"]


def service_calendar(service: dict, organisation: dict, base_url: str, built: dt.datetime) -> str | None:
    """The offer's calendar file as text, or None when it has no weekly sessions ahead."""
    today = built.astimezone(TIMEZONE).date()
    found = service_sessions(service, today)
    if not found:
        return None
    first = max(today, service.get("valid_from") or today)
    last = min(today + dt.timedelta(days=SESSIONS_AHEAD - 1), service.get("valid_to") or dt.date.max)
    url = base_url + service_page(service["id"])
    stamp = f"{built.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    events: list[str] = []
    for place, expression, rule in found:
        where = [place.get("name"), place["street_address"], f"{place['postcode']} {place['city']}"] if place else []
        about = [f"SUMMARY:{text(service['name'])}", f"DESCRIPTION:{text(organisation['name'] + chr(10) + url)}",
                 f"URL:{url}"]
        if where:
            about.insert(1, f"LOCATION:{text(', '.join(w for w in where if w))}")
        for n, opening in enumerate(rule.openings, 1):
            uid = f"{service['id']}-{place['id'] if place else 'tilbud'}-{n}@velfaerdskataloget"
            events += _event(uid, expression, opening, first, last, stamp=stamp, about=about)
    if not events:
        return None
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "METHOD:PUBLISH",
            f"X-WR-CALNAME:{text(service['name'])}", *VTIMEZONE]
    return "\r\n".join(fold(line) for line in [*head, *events, "END:VCALENDAR"]) + "\r\n"


def write_calendars(model, out: Path, base_url: str) -> int:
    """data/kalender/<id>.ics for every offer with weekly sessions ahead; returns how many."""
    n = 0
    for s in model.services:
        ics = service_calendar(s, model.organisations[s["organisation_id"]], base_url, model.built)
        if ics is not None:
            path = out / calendar(s["id"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(ics.encode("utf-8"))
            n += 1
    return n
