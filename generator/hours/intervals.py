"""Open intervals: when an opening-hours expression, or an offer with its places and season, is open in the published
window, as Unix seconds.

The browser never parses `opening_hours` itself (npm `opening_hours` disagrees with the build on Danish
holidays): every interval is computed here by the parser in `hours.parse` and shipped as Unix seconds.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from functools import lru_cache

from .parse import TIMEZONE, parse

WINDOW_DAYS = 14
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
        return midnight(self.first_day)

    @property
    def end(self) -> int:
        """Exclusive: the first instant after the window, midnight after `last_day`."""
        return midnight(self.last_day + dt.timedelta(days=1))


def midnight(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(), TIMEZONE).timestamp())


# --- Danish public holidays -------------------------------------------------------------------------------


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

def expressions(service: dict) -> tuple[str, ...]:
    """Every distinct opening-hours expression of an offer: its places' and its own."""
    found = [loc["opening_hours"] for loc in service["locations"] if loc.get("opening_hours")]
    if service.get("opening_hours"):
        found.append(service["opening_hours"])
    return tuple(dict.fromkeys(found))


def service_intervals(service: dict, window: Window) -> tuple[Interval, ...]:
    """When an offer is open at any of its places, clipped to its season (valid_from..valid_to)."""
    return _season(expressions(service), service.get("valid_from"), service.get("valid_to"), window)


def seasonal(expression: str, first: dt.date | None, last: dt.date | None, window: Window) -> tuple[Interval, ...]:
    """When one expression is open within a season (valid_from..valid_to; None: no limit) in the window."""
    return _season((expression,), first, last, window)


@lru_cache(maxsize=4096)  # many offers share the same hours and season
def _season(expressions: tuple[str, ...], first: dt.date | None, last: dt.date | None, window: Window):
    found = union(*(open_intervals(e, window) for e in expressions))
    low = midnight(first) if first else window.start
    high = midnight(last + dt.timedelta(days=1)) if last else window.end
    return tuple((max(a, low), min(b, high)) for a, b in found if a < high and b > low)


