"""Danish public holidays, named: the days `PH` means in an opening-hours expression, and what the pages call them."""

from __future__ import annotations

import datetime as dt


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


