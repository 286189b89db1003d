"""OpenStreetMap `opening_hours` expressions, evaluated for Denmark.

opening-hours-py only knows Danish public holidays (`PH`) when given the country and time zone;
without them 25 December is an ordinary day, so every parse goes through `parse` here.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import opening_hours

TIMEZONE = ZoneInfo("Europe/Copenhagen")
COUNTRY = "DK"
_WHERE = re.compile(r"-->\s*(\d+):(\d+)")
_EXPECTED = re.compile(r"=\s*(.+)$", re.S)


class HoursError(ValueError):
    def __init__(self, detail: str, offset: int | None):
        super().__init__(detail)
        self.detail, self.offset = detail, offset


def parse(expression: str) -> opening_hours.OpeningHours:
    """The parsed expression, or HoursError with a short reason and the 0-based offset of the fault."""
    if not expression.strip():
        raise HoursError("empty", 0)
    try:
        return opening_hours.OpeningHours(expression, timezone=TIMEZONE, country=COUNTRY)
    except (SyntaxError, opening_hours.ParserError) as e:
        text = str(e)
        where = _WHERE.search(text)
        offset = int(where.group(2)) - 1 if where and where.group(1) == "1" else None
        expected = _EXPECTED.search(text)
        detail = expected.group(1).strip() if expected else text.splitlines()[0]
        raise HoursError(detail, offset) from None


def week(expression: str, monday: dt.date, days: int = 7) -> list[tuple[dt.date, list[tuple[dt.time, dt.time]]]]:
    """The open intervals of each day of the week starting `monday` (or of `days` days from it), as the parser
    computes them.

    An interval that runs past midnight is cut at midnight and continues on the next day.
    """
    oh = parse(expression)
    start = dt.datetime.combine(monday, dt.time(), TIMEZONE)
    found: dict[dt.date, list[tuple[dt.time, dt.time]]] = {monday + dt.timedelta(d): [] for d in range(days)}
    for begin, end, state, _comment in oh.intervals(start, start + dt.timedelta(days=days)):
        if state != opening_hours.State.OPEN:
            continue
        while begin < end:
            midnight = dt.datetime.combine(begin.date() + dt.timedelta(days=1), dt.time(), TIMEZONE)
            stop = min(end, midnight)
            if begin.date() in found:
                found[begin.date()].append((begin.time(), stop.time()))
            begin = stop
    return sorted(found.items())
