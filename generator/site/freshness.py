"""How fresh a record is: its age in words on the day the site is built, and whether it is stale.

Pages are static and rebuilt every night, so the age is counted from the build's day; "stale" is the validator's
own threshold (validate.rules.STALE_AFTER), so the site, `catalogue stale` and the warnings agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..validate.rules import STALE_AFTER
from .i18n import UI

STALE_AFTER_DAYS = STALE_AFTER.days  # what the browser's scripts compare with (search results, the handout)


@dataclass(frozen=True)
class Freshness:
    verified: dt.date
    days: int  # since it was last verified, on the build's day
    stale: bool


def freshness(verified: dt.date, today: dt.date) -> Freshness:
    days = max(0, (today - verified).days)
    return Freshness(verified, days, today - verified > STALE_AFTER)


def age_in_words(days: int, lang: str) -> str:
    """'Bekræftet for 3 måneder siden': days, then weeks, then months, then years, as a person would say it."""
    t = UI[lang]["freshness"]
    if days == 0:
        return t["today"]
    if days == 1:
        return t["yesterday"]
    if days < 14:
        return t["days"].format(n=days)
    if days < 61:
        return t["weeks"].format(n=days // 7)
    if days < 365:
        months = days * 12 // 365
        return t["month"] if months == 1 else t["months"].format(n=months)
    years = days // 365
    return t["year"] if years == 1 else t["years"].format(n=years)
