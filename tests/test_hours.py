"""Opening hours are read by a real parser that knows Danish public holidays (`PH`)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.hours.parse import TIMEZONE, HoursError, parse

EVERY_DAY_BUT_HOLIDAYS = "Mo-Su 10:00-16:00; PH off"


@pytest.mark.parametrize(("day", "is_open"), [
    ("2026-12-25", False),  # juledag
    ("2026-12-26", False),  # 2. juledag
    ("2026-01-01", False),  # nytårsdag
    ("2026-04-03", False),  # langfredag
    ("2026-05-14", False),  # Kristi himmelfartsdag
    ("2026-05-25", False),  # 2. pinsedag
    ("2025-05-16", True),   # store bededag, abolished from 2024
    ("2026-06-05", True),   # grundlovsdag is not a public holiday
    ("2026-12-24", True),   # juleaften is not a public holiday
    ("2026-12-31", True),
    ("2026-11-24", True),
])
def test_danish_public_holidays(day, is_open):
    noon = dt.datetime.fromisoformat(f"{day}T12:00").replace(tzinfo=TIMEZONE)
    assert parse(EVERY_DAY_BUT_HOLIDAYS).is_open(noon) is is_open


@pytest.mark.parametrize(("expression", "offset"), [
    ("Mo-Fr 16:00-25:99", 15), ("Mo-Fr 9-17", 6), ("mandag 10-12", 0), ("", 0)])
def test_unreadable_hours_say_where(expression, offset):
    with pytest.raises(HoursError) as e:
        parse(expression)
    assert e.value.offset == offset
    assert e.value.detail
