"""Simple weekly opening hours: the part of OpenStreetMap `opening_hours` that other formats can say.

HSDS schedules (iCalendar RRULE with byday, opens_at, closes_at), the calendar files and schema.org's
OpeningHoursSpecification only know "these weekdays, from this time to that time". An expression made
only of such rules (`Mo-Fr 09:00-16:00; We 10:00-12:00`, optionally with `PH off`) is translated here;
anything else (months, weeks, dates, comments, times past midnight, `24/7`) returns None so that callers
keep the expression as text instead of inventing hours.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
ICAL = {"Mo": "MO", "Tu": "TU", "We": "WE", "Th": "TH", "Fr": "FR", "Sa": "SA", "Su": "SU"}
_DAY = "(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"
_RULE = re.compile(rf"^({_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*) +({_TIME}-(?:{_TIME}|24:00)"
                   rf"(?:,{_TIME}-(?:{_TIME}|24:00))*)$")
_CLOSED = re.compile(rf"^({_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*) +(?:off|closed)$")
_DATE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?: \d{1,2})?"
# A rule that only closes whole days: public holidays, months, dates (`PH off`, `Jul off`, `2026 Dec 24-31 off`).
_CLOSING = re.compile(rf"^(?:PH|(?:\d{{4}} )?{_DATE}(?:-(?:{_DATE}|\d{{1,2}}))?) +(?:off|closed)$")
SESSIONS_AHEAD = 365  # days of sessions a calendar file holds from the build day


@dataclass(frozen=True)
class Opening:
    """Open from `opens` to `closes` (HH:MM, same day) on each of `days` (OSM two-letter names)."""

    days: tuple[str, ...]
    opens: str
    closes: str


@dataclass(frozen=True)
class Weekly:
    openings: tuple[Opening, ...]
    closed_on_holidays: bool  # the expression ends in `PH off`: RRULE cannot say it, the text keeps it


def _days(spec: str) -> list[str]:
    out: list[str] = []
    for part in spec.split(","):
        first, _, last = part.partition("-")
        i, j = DAYS.index(first), DAYS.index(last or first)
        if j < i:  # Sa-Mo wraps around the week end
            out += list(DAYS[i:]) + list(DAYS[: j + 1])
        else:
            out += list(DAYS[i : j + 1])
    return out


@functools.lru_cache(maxsize=4096)  # a national catalogue repeats the same few hundred expressions
def weekly(expression: str | None) -> Weekly | None:
    """The expression as weekday openings, or None when it says more than that."""
    if not expression or not expression.strip():
        return None
    table: dict[str, list[tuple[str, str]]] = {}
    holidays_off = False
    for raw in expression.split(";"):
        rule = " ".join(raw.split())
        if not rule:
            continue
        if rule in ("PH off", "PH closed"):
            holidays_off = True
            continue
        if holidays_off:
            return None  # a rule after `PH off` may reopen holidays: not a plain weekly rule any more
        m = _RULE.match(rule)
        if m:
            ranges = [tuple(r.split("-")) for r in m.group(2).split(",")]
            if any(a >= b for a, b in ranges):
                return None
            # OSM semantics: a later rule naming a day replaces what earlier rules said for that day.
            for d in _days(m.group(1)):
                table[d] = ranges
            continue
        m = _CLOSED.match(rule)
        if m:
            for d in _days(m.group(1)):
                table[d] = []
            continue
        return None
    groups: dict[tuple[str, str], list[str]] = {}
    for d in DAYS:
        for opens, closes in table.get(d, []):
            groups.setdefault((opens, closes), []).append(d)
    openings = tuple(Opening(tuple(days), o, c) for (o, c), days in sorted(groups.items(), key=_order))
    if not openings:
        return None
    return Weekly(openings, holidays_off)


def _order(item: tuple[tuple[str, str], list[str]]) -> tuple[int, str]:
    (opens, _), days = item
    return DAYS.index(days[0]), opens


def to_expression(openings: list[Opening]) -> str:
    """The OSM expression for weekday openings (used when importing RRULE schedules).

    Days are grouped by their whole list of ranges, so no rule names a day another rule names: in OSM a
    later rule for a day replaces an earlier one, which would drop hours two schedules give the same day.
    """
    per_day: dict[str, set[str]] = {}
    for o in openings:
        for d in o.days:
            per_day.setdefault(d, set()).add(f"{o.opens}-{o.closes}")
    by_ranges: dict[tuple[str, ...], list[str]] = {}
    for d in DAYS:
        if d in per_day:
            by_ranges.setdefault(tuple(sorted(per_day[d])), []).append(d)
    rules = sorted(by_ranges.items(), key=lambda kv: DAYS.index(kv[1][0]))
    return "; ".join(f"{_day_spec(tuple(days))} {','.join(ranges)}" for ranges, days in rules)


def _day_spec(days: tuple[str, ...]) -> str:
    """`Mo-We,Fr` for Monday, Tuesday, Wednesday and Friday."""
    idx = [DAYS.index(d) for d in days]
    runs: list[list[int]] = []
    for i in idx:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return ",".join(DAYS[r[0]] if len(r) == 1 else f"{DAYS[r[0]]}-{DAYS[r[-1]]}" for r in runs)


@functools.lru_cache(maxsize=4096)
def sessions(expression: str | None) -> Weekly | None:
    """The weekly openings an expression repeats, with the rules that only close whole days (holidays, months,
    dates) left out: which occurrences those close is the parser's to say, date by date (export/calendar.py).
    None when the openings are not plain weekly rules, or a rule opens again after a closing one."""
    if not expression:
        return None
    kept, closing = [], False
    for raw in expression.split(";"):
        rule = " ".join(raw.split())
        if _CLOSING.match(rule):
            closing = True
        elif rule:
            if closing:
                return None  # a later rule may reopen what the closing rule closed
            kept.append(rule)
    return weekly("; ".join(kept))


def service_sessions(service: dict, today: dt.date) -> list[tuple[dict | None, str, Weekly]]:
    """(place, or None for the offer's own hours; expression; its weekly sessions) of an active offer whose season
    reaches into the next SESSIONS_AHEAD days: what its calendar file holds, and whether it has one."""
    first, last = service.get("valid_from"), service.get("valid_to")
    if service["status"] != "active" or (last and last < today) or \
            (first and first > today + dt.timedelta(days=SESSIONS_AHEAD)):
        return []
    found = [(loc, loc["opening_hours"]) for loc in service["locations"] if loc.get("opening_hours")]
    if service.get("opening_hours"):
        found.append((None, service["opening_hours"]))
    return [(place, expression, rule) for place, expression in found if (rule := sessions(expression))]
