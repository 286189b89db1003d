"""Opening hours for the site: weekly tables with Danish holiday names, and the open intervals of a published
window that the browser turns into "open now".

The browser never parses `opening_hours` itself (npm `opening_hours` disagrees with the build on Danish
holidays): every interval is computed here by the parser in `generator.hours` and shipped as Unix seconds.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass
from functools import lru_cache

from .. import compact_json
from ..hours import TIMEZONE, parse, week

WINDOW_DAYS = 14
SLOT = 3600  # the home page's "open now" table has one row per hour of the window
SLOT_LIMIT = 5  # offers kept per hour: the home page shows at most this many
POOL = 6 * SLOT_LIMIT  # offers considered per hour, so that each day can show others
Interval = tuple[int, int]


@dataclass(frozen=True)
class Window:
    """The published window: whole Copenhagen days from the start of the build day."""

    first_day: dt.date
    days: int = WINDOW_DAYS

    @classmethod
    def around(cls, now: dt.datetime, days: int = WINDOW_DAYS) -> Window:
        return cls(now.astimezone(TIMEZONE).date(), days)

    @property
    def last_day(self) -> dt.date:
        return self.first_day + dt.timedelta(days=self.days - 1)

    @property
    def start(self) -> int:
        return _midnight(self.first_day)

    @property
    def end(self) -> int:
        """Exclusive: the first instant after the window, midnight after `last_day`."""
        return _midnight(self.last_day + dt.timedelta(days=1))


def _midnight(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(), TIMEZONE).timestamp())


# --- Danish public holidays -------------------------------------------------------------------------------


def easter(year: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def danish_holidays(year: int) -> dict[dt.date, str]:
    """The days Danish law makes public holidays, keyed to a name in `i18n.UI[lang]["holiday_names"]`.

    Grundlovsdag, juleaften and nytårsaften are customary days off, not public holidays; store bededag
    was abolished from 2024.
    """
    e = easter(year)
    days = {
        dt.date(year, 1, 1): "new_year",
        e - dt.timedelta(3): "maundy_thursday",
        e - dt.timedelta(2): "good_friday",
        e: "easter_sunday",
        e + dt.timedelta(1): "easter_monday",
        e + dt.timedelta(39): "ascension",
        e + dt.timedelta(49): "whit_sunday",
        e + dt.timedelta(50): "whit_monday",
        dt.date(year, 12, 25): "christmas_day",
        dt.date(year, 12, 26): "boxing_day",
    }
    if year < 2024:
        days[e + dt.timedelta(26)] = "great_prayer_day"
    return days


def holiday(day: dt.date) -> str | None:
    return danish_holidays(day.year).get(day)


# --- open intervals ---------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def open_intervals(expression: str, window: Window) -> tuple[Interval, ...]:
    """The merged [start, end) Unix-second intervals in `window` in which the parser says "open".

    Each piece between two possible changes is decided by the parser's own `is_open` at its start, so the
    intervals agree with it, also in the hour repeated when summer time ends: there `intervals()` (like
    `next_change()`) maps a wall-clock boundary to the later of its two instants only, so both are cut here.
    One parser fault is not copied: in the last minute before the clocks go back `is_open` says closed even
    for 24/7; no piece starts there, so that minute keeps the state of its piece (tests/test_open_now.py).
    """
    oh = parse(expression)
    start, end = window.start, window.end
    first = dt.datetime.fromtimestamp(start, TIMEZONE)
    cuts = {start, end, *_offset_changes(start, end)}
    for begin, stop, _state, _comment in oh.intervals(first, dt.datetime.fromtimestamp(end, TIMEZONE)):
        for t in (begin, stop):
            cuts.update(int(t.replace(fold=f).timestamp()) for f in (0, 1))
    points = sorted(c for c in cuts if start <= c <= end)
    merged: list[list[int]] = []
    for a, b in itertools.pairwise(points):
        if not oh.is_open(dt.datetime.fromtimestamp(a, TIMEZONE)):
            continue
        if merged and merged[-1][1] == a:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


def _offset_changes(start: int, end: int) -> list[int]:
    """Instants where Copenhagen's UTC offset changes; they fall on whole UTC hours."""
    changes, t = [], start
    before = dt.datetime.fromtimestamp(t, TIMEZONE).utcoffset()
    while t < end:
        t += 3600
        after = dt.datetime.fromtimestamp(t, TIMEZONE).utcoffset()
        if after != before:
            changes.append(t)
        before = after
    return changes


def union(*groups: tuple[Interval, ...]) -> tuple[Interval, ...]:
    merged: list[list[int]] = []
    for a, b in sorted(i for g in groups for i in g):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


# --- what the pages show ----------------------------------------------------------------------------------


def hours_view(expression: str, built: dt.datetime, t: dict) -> dict:
    """Everything `partials/hours.html` shows for one expression: this week's table with holiday names, the
    expression as written, and the published window's intervals for open-now.js."""
    today = built.astimezone(TIMEZONE).date()
    monday = today - dt.timedelta(days=today.weekday())
    window = Window(today)
    days = []
    for day, intervals in week(expression, monday):
        name = holiday(day)
        days.append(
            {
                "date": day,
                "today": day == today,
                "holiday": t["holiday_names"][name] if name else "",
                "intervals": [_span(a, b) for a, b in intervals],
            }
        )
    return {
        "monday": monday,
        "days": days,
        "text": expression,
        "until": window.last_day,
        "start": window.start,
        "end": window.end,
        "open": compact_json.dumps(open_intervals(expression, window)),
    }


def _span(a: dt.time, b: dt.time) -> str:
    return f"{a:%H:%M}–{'24:00' if b == dt.time() else f'{b:%H:%M}'}"


def expressions(service: dict) -> tuple[str, ...]:
    """Every distinct opening-hours expression of an offer: its places' and its own."""
    found = [loc["opening_hours"] for loc in service["locations"] if loc.get("opening_hours")]
    if service.get("opening_hours"):
        found.append(service["opening_hours"])
    return tuple(dict.fromkeys(found))


def service_intervals(service: dict, window: Window) -> tuple[Interval, ...]:
    """When an offer is open at any of its places, clipped to its season (valid_from..valid_to)."""
    return _season(expressions(service), service.get("valid_from"), service.get("valid_to"), window)


@lru_cache(maxsize=4096)  # many offers share the same hours and season
def _season(expressions: tuple[str, ...], first: dt.date | None, last: dt.date | None, window: Window):
    found = union(*(open_intervals(e, window) for e in expressions))
    low = _midnight(first) if first else window.start
    high = _midnight(last + dt.timedelta(days=1)) if last else window.end
    return tuple((max(a, low), min(b, high)) for a, b in found if a < high and b > low)


def open_now_table(services: list[dict], window: Window) -> tuple[dict, list[dict]]:
    """A compact answer to "which offers are open at instant t?" for the home page, at any scale, and the
    offers it lists (in table order).

    One row per hour of the window with at most SLOT_LIMIT offers: an index into `services` when the offer
    is open the whole hour, or [index, from, to] in seconds into the hour. Offers open few hours come first
    (a family club open tonight says more than a phone line open day and night, which still fills the
    nights), ties in an order shuffled per build day; each day of the window shows another part of the pool.
    """
    timed = [(s, service_intervals(s, window)) for s in services if s["status"] == "active"]
    random.Random(window.first_day.toordinal()).shuffle(timed)
    timed.sort(key=lambda item: sum(b - a for a, b in item[1]))
    start = window.start
    n = (window.end - start) // SLOT
    whole: list[list[dict]] = [[] for _ in range(n)]
    part: list[list[tuple]] = [[] for _ in range(n)]
    open_slots = set(range(n))  # slots whose pools still take offers: at 50,000 offers all fill early
    for s, intervals in timed:
        if not open_slots:
            break
        for a, b in intervals:
            for slot in range((a - start) // SLOT, -(-(b - start) // SLOT)):
                lo = start + slot * SLOT
                if a <= lo and b >= lo + SLOT:
                    if len(whole[slot]) < POOL:
                        whole[slot].append(s)
                elif len(part[slot]) < POOL:
                    part[slot].append((s, max(a, lo) - lo, min(b, lo + SLOT) - lo))
                if len(whole[slot]) >= POOL and len(part[slot]) >= POOL:
                    open_slots.discard(slot)
    chosen: dict[str, int] = {}
    listed: list[dict] = []

    def index(s: dict) -> int:
        if s["id"] not in chosen:
            chosen[s["id"]] = len(listed)
            listed.append(s)
        return chosen[s["id"]]

    rows = []
    for slot in range(n):
        turn = slot * SLOT // 86400 * SLOT_LIMIT  # another part of the pool each day
        row: list = [index(s) for s in _rotate(whole[slot], turn)[:SLOT_LIMIT]]
        if len(row) < SLOT_LIMIT:
            row += [[index(s), lo, hi] for s, lo, hi in _rotate(part[slot], turn)[:SLOT_LIMIT]]
        rows.append(row)
    table = {
        "from": window.start,
        "until": window.end,
        "slot": SLOT,
        "services": table_services(listed),
        "slots": rows,
    }
    return table, listed


def _rotate(items: list, turn: int) -> list:
    if not items:
        return items
    k = turn % len(items)
    return items[k:] + items[:k]


def table_services(listed: list[dict]) -> list[list]:
    """The open-now table's offers: [id, name, place], in table order."""
    return [[s["id"], s["name"], _place(s)] for s in listed]


def _place(service: dict) -> str:
    return service["locations"][0]["city"] if service["locations"] else ""


def open_on(services: list[dict], day: dt.date, window: Window, limit: int = 6) -> list[dict]:
    """Up to `limit` offers with their hours on `day`: the home page's list for readers without JavaScript."""
    lo, hi = _midnight(day), _midnight(day + dt.timedelta(days=1))
    out = []
    for s in services:
        spans = [(max(a, lo), min(b, hi)) for a, b in service_intervals(s, window) if a < hi and b > lo]
        if spans:
            out.append({"service": s, "hours": [_clock_span(a, b, hi) for a, b in spans]})
        if len(out) == limit:
            break
    return out


def _clock_span(a: int, b: int, midnight: int) -> str:
    def clock(t: int) -> str:
        return dt.datetime.fromtimestamp(t, TIMEZONE).strftime("%H:%M")

    return f"{clock(a)}–{'24:00' if b == midnight else clock(b)}"
