"""Opening hours as the pages show them: this week's table of an expression, and the home page's "open now" table.

Both are read from the build's open intervals (hours.intervals), so a page cannot disagree with the search or the
widget about when an offer is open.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

from .. import output
from ..hours.holidays import holiday
from ..hours.intervals import Window, midnight, seasonal, service_intervals
from ..hours.parse import TIMEZONE, week

EPOCH = dt.date(1970, 1, 1)
SLOT = 3600  # the home page's "open now" table has one row per hour of the window
SLOT_LIMIT = 5  # offers kept per hour: the home page shows at most this many
POOL = 6 * SLOT_LIMIT  # offers considered per hour, so that each day can show others


def hours_view(expression: str, built: dt.datetime, t: dict, season: tuple = (None, None)) -> dict:
    """Everything `partials/hours.html` shows for one expression: this week's table with holiday names, the
    expression as written, and the published window's intervals for open-now.js, within the offer's season
    (`season`: its valid_from and valid_to), as the search's result cards have them."""
    today = built.astimezone(TIMEZONE).date()
    monday = today - dt.timedelta(days=today.weekday())
    window = Window(today)
    days = []
    for day, intervals in week_spans(expression, monday):
        name = holiday(day)
        days.append(
            {
                "date": day,
                "number": (day - EPOCH).days,  # open-now.js marks today's row by it
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
        "open": output.dumps(seasonal(expression, *season, window)),
    }


def week_spans(expression: str, monday: dt.date) -> list[tuple[dt.date, list[tuple[dt.time, dt.time]]]]:
    """Each day of the week starting `monday` with its open spans, where a span past midnight is one span on the
    day it starts ("20:00–08:00"), not cut in two at midnight; a day open all day stays a day of its own."""
    days = week(expression, monday - dt.timedelta(days=1), days=9)  # with the evening before, the morning after
    spans = [list(intervals) for _, intervals in days]
    for today, tomorrow in itertools.pairwise(spans):
        if today and tomorrow and _to_midnight(today[-1]) and _from_midnight(tomorrow[0]):
            today[-1] = (today[-1][0], tomorrow.pop(0)[1])
    return [(day, spans[i]) for i, (day, _) in enumerate(days) if 1 <= i <= 7]


def _to_midnight(span: tuple[dt.time, dt.time]) -> bool:
    return span[1] == dt.time() and span[0] != dt.time()


def _from_midnight(span: tuple[dt.time, dt.time]) -> bool:
    return span[0] == dt.time() and span[1] != dt.time()


def _span(a: dt.time, b: dt.time) -> str:
    return f"{a:%H:%M}–{'24:00' if b == dt.time() else f'{b:%H:%M}'}"


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
    open_slots = set(range(n))  # slots whose pools still take offers: in a national catalogue all fill early
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
    lo, hi = midnight(day), midnight(day + dt.timedelta(days=1))
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
