"""An opening-hours expression in plain words, Danish and English: when it opens each week, and when it is closed.

For a family reading a handout or a printed page, not a contributor: "onsdag 16.30–19.30 · lukket i juli og på
helligdage" instead of `We 16:30-19:30; Jul off; PH off`. The common part of OpenStreetMap's syntax is read
here: weekdays (and the n-th weekday of the month), times, months and dates with or without `off`, `PH off` and
`24/7`. An expression that says more (comments, week numbers, rules that reopen what an earlier rule closed) gives
None, and callers show the week the parser computed instead of guessing.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..texts import Texts

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY = "(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_NTH = r"(?:\[-?[1-5](?:,-?[1-5])*\])"
_DAYS = rf"{_DAY}{_NTH}?(?:-{_DAY})?(?:,{_DAY}{_NTH}?(?:-{_DAY})?)*"
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DATE = rf"{_MONTH}(?: (?:0?[1-9]|[12][0-9]|3[01]))?"
_TIME = r"(?:[01][0-9]|2[0-4]):[0-5][0-9]"
_TIMES = rf"{_TIME}-{_TIME}(?:,{_TIME}-{_TIME})*"
_RULE = re.compile(rf"^(?:(?P<year>\d{{4}}) )?(?:(?P<dates>{_DATE}(?:-{_DATE}|-\d{{1,2}})?) )?"
                   rf"(?:(?P<days>{_DAYS}) )?(?P<times>{_TIMES}|off|closed)$")

WORDS = Texts(
    "hours",
    da={
        "days": ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"],
        "months": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                   "november", "december"],
        "every_day": "alle dage",
        "and": "og",
        "nth": "{n}.",
        "last": "sidste",
        "of_month": "{days} i måneden",
        "in_month": "i {month}",
        "date": "{day}. {month}",
        "same_month": "{a}.-{b}. {month}",
        "all_day": "hele dagen",
        "around_the_clock": "døgnet rundt",
        "holidays": "på helligdage",
        "closed": "lukket {when}",
        "clock": "{h}.{m}",
        "see_page": "se åbningstiderne på tilbuddets side",
    },
    en={
        "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                   "November", "December"],
        "every_day": "every day",
        "and": "and",
        "nth": "{n}th",
        "last": "last",
        "of_month": "{days} of the month",
        "in_month": "in {month}",
        "date": "{day} {month}",
        "same_month": "{a}-{b} {month}",
        "all_day": "all day",
        "around_the_clock": "around the clock",
        "holidays": "on public holidays",
        "closed": "closed {when}",
        "clock": "{h}:{m}",
        "see_page": "see the opening hours on the offer's page",
    },
)
_ORDINAL_EN = {1: "1st", 2: "2nd", 3: "3rd"}


@dataclass(frozen=True)
class Line:
    """Open `times` on `when`: one row of the weekly table, one part of the compact line."""

    when: str
    times: str


@dataclass(frozen=True)
class InWords:
    lines: tuple[Line, ...]
    closed: str  # "lukket i juli og på helligdage", or ""

    def compact(self) -> str:
        """One line for a handout: 'onsdag 16.30–19.30 · lukket i juli og på helligdage'."""
        text = "; ".join(f"{line.when} {line.times}" for line in self.lines)
        return f"{text} · {self.closed}" if self.closed else text


@dataclass(frozen=True)
class _Rule:
    year: str | None
    dates: str | None
    days: str | None
    times: str  # "off" for a closing rule


@functools.lru_cache(maxsize=4096)  # a national catalogue repeats the same few hundred expressions
def in_words(expression: str | None, lang: str) -> InWords | None:
    """The expression as rows of the week and what closes it, or None when it says more than these words can."""
    if not expression or '"' in expression:
        return None
    rules = [" ".join(r.split()) for r in expression.split(";") if r.strip()]
    if rules == ["24/7"]:
        t = WORDS[lang]
        return InWords((Line(t["every_day"], t["around_the_clock"]),), "")
    parsed, holidays = [], False
    for raw in rules:
        if raw in ("PH off", "PH closed"):
            holidays = True
            continue
        m = _RULE.match(raw)
        if not m or holidays:  # a rule after `PH off` may reopen holidays: not said in a line
            return None
        times = "off" if m["times"] in ("off", "closed") else m["times"]
        parsed.append(_Rule(m["year"], m["dates"], m["days"], times))
    return _describe(parsed, holidays, lang)


def _describe(rules: list[_Rule], holidays: bool, lang: str) -> InWords | None:
    t = WORDS[lang]
    weekly: dict[str, str] = {}  # plain weekday rules: a later rule for a day replaces an earlier one
    special: list[tuple[_Rule, set[str]]] = []  # months, dates or n-th weekdays: a line each
    closed: list[str] = []
    for rule in rules:
        if rule.times == "off":
            if rule.days or not rule.dates:
                return None  # a weekday closed: earlier rules would need rewriting, not a sentence
            closed.append(_period(rule, t, closing=True))
            continue
        if closed:
            return None  # an opening after a closing rule reopens what it closed: not said in a line
        days = _plain_days(rule.days) if rule.days else set(DAYS)
        if rule.dates or rule.year or (rule.days and "[" in rule.days):
            special.append((rule, days))
        else:
            for d in days:
                weekly[d] = rule.times
    if any(days & set(weekly) and rule.days for rule, days in special):
        return None  # a special rule replacing a plain weekday's hours part of the time
    lines = [Line(_day_list(days, t), _times(times, t)) for times, days in _grouped(weekly)]
    for rule, _ in special:
        when = _nth_days(rule.days, t) if rule.days else ""
        if rule.dates or rule.year:
            period = _period(rule, t, closing=False)
            when = f"{period}, {when}" if when else period
        lines.append(Line(when, _times(rule.times, t)))
    if not lines:
        return None
    if holidays:
        closed.append(t["holidays"])
    return InWords(tuple(lines), t["closed"].format(when=_join(closed, t)) if closed else "")


def _plain_days(spec: str) -> set[str]:
    out: set[str] = set()
    for part in re.sub(_NTH, "", spec).split(","):
        first, _, last = part.partition("-")
        i, j = DAYS.index(first), DAYS.index(last or first)
        out.update(DAYS[i : j + 1] if i <= j else DAYS[i:] + DAYS[: j + 1])
    return out


def _grouped(weekly: dict[str, str]) -> list[tuple[str, set[str]]]:
    """Days with the same hours together, in week order of their first day."""
    groups: dict[str, set[str]] = {}
    for d in DAYS:
        if d in weekly:
            groups.setdefault(weekly[d], set()).add(d)
    return sorted(groups.items(), key=lambda kv: min(DAYS.index(d) for d in kv[1]))


def _day_list(days: set[str], t: dict) -> str:
    """'mandag-torsdag', 'tirsdag og torsdag', 'mandag-onsdag og fredag', 'alle dage'."""
    if len(days) == 7:
        return t["every_day"]
    runs: list[list[int]] = []
    for i in sorted(DAYS.index(d) for d in days):
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    names = t["days"]
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{names[run[0]]}-{names[run[-1]]}")
        else:
            parts += [names[i] for i in run]
    return _join(parts, t)


def _nth_days(spec: str, t: dict) -> str:
    """'2. lørdag i måneden', '1. og 3. lørdag i måneden', or plain weekdays."""
    parts = []
    for part in re.findall(rf"{_DAY}{_NTH}?(?:-{_DAY})?", spec):
        m = re.fullmatch(rf"({_DAY})\[(.*)\]", part)
        if not m:
            parts.append(_day_list(_plain_days(part), t))
            continue
        ordinals = [t["last"] if n == "-1" else _ordinal(int(n), t) for n in m[2].split(",")]
        day = t["days"][DAYS.index(m[1])]
        parts.append(t["of_month"].format(days=f"{_join(ordinals, t)} {day}"))
    return _join(parts, t)


def _ordinal(n: int, t: dict) -> str:
    return _ORDINAL_EN.get(n, f"{n}th") if t["nth"] == "{n}th" else t["nth"].format(n=n)


def _period(rule: _Rule, t: dict, *, closing: bool) -> str:
    """'i juli', 'maj-august', '20. juni-10. august', '28. juni-2. juli 2027'."""
    if not rule.dates:
        return rule.year or ""
    first, _, last = rule.dates.partition("-")
    if last.isdigit():
        last = f"{first[:3]} {last}"  # `Dec 24-26`
    if not last:
        text = _date(first, t)
        if " " not in first and closing:
            text = t["in_month"].format(month=text)
    elif first[:3] == last[:3] and " " in first and " " in last:
        month = t["months"][MONTHS.index(first[:3])]
        text = t["same_month"].format(a=int(first[4:]), b=int(last[4:]), month=month)
    else:
        text = f"{_date(first, t)}-{_date(last, t)}"
    return f"{text} {rule.year}" if rule.year else text


def _date(text: str, t: dict) -> str:
    month, _, day = text.partition(" ")
    name = t["months"][MONTHS.index(month)]
    return t["date"].format(day=int(day), month=name) if day else name


def _times(times: str, t: dict) -> str:
    if times == "00:00-24:00":
        return t["all_day"]
    spans = []
    for span in times.split(","):
        a, b = span.split("-")
        spans.append(f"{_clock(a, t)}–{_clock(b, t)}")
    return ", ".join(spans)


def _clock(hhmm: str, t: dict) -> str:
    h, m = hhmm.split(":")
    return t["clock"].format(h=int(h), m=m)


def _join(parts: list[str], t: dict) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {t['and']} {parts[-1]}"
