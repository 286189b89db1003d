"""What people write instead of OpenStreetMap opening_hours ("man-fre 9-17", "hverdage kl. 9.00-17.00", "24/7
undtagen helligdage"), read as the expression they meant, or what is wrong with it, named in plain words.

`suggest` gives an expression only when the text has one meaning, and only one the parser reads; otherwise
`diagnose` names the fault as a key of the validator's "hours" phrases (validate/messages.py) with its facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .parse import HoursError, parse

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
# Danish and English day names, their usual abbreviations and plurals, and OSM's own two letters.
_DAY_WORDS = {
    0: "mandag mandage man ma mon monday mondays mo",
    1: "tirsdag tirsdage tirs tir ti tue tues tuesday tuesdays tu",
    2: "onsdag onsdage ons wed weds wednesday wednesdays we",
    3: "torsdag torsdage tors tor to thu thur thurs thursday thursdays th",
    4: "fredag fredage fre fr fri friday fridays",
    5: "lørdag lørdage lør lø loerdag sat saturday saturdays sa",
    6: "søndag søndage søn sø soendag sun sunday sundays su",
}
DAY_WORDS = {word: day for day, words in _DAY_WORDS.items() for word in words.split()}
GROUPS = {
    "hverdage": (0, 4), "hverdag": (0, 4), "weekdays": (0, 4), "weekday": (0, 4),
    "weekend": (5, 6), "weekender": (5, 6), "weekends": (5, 6), "lørdag-søndag": (5, 6),
    "dagligt": (0, 6), "daily": (0, 6), "alle dage": (0, 6), "hver dag": (0, 6), "every day": (0, 6),
    "alle ugens dage": (0, 6), "hele ugen": (0, 6), "all week": (0, 6), "everyday": (0, 6),
}
MONTHS = {
    "Jan": "januar jan january", "Feb": "februar feb february", "Mar": "marts mar march",
    "Apr": "april apr", "May": "maj may", "Jun": "juni jun june", "Jul": "juli jul july",
    "Aug": "august aug", "Sep": "september sep sept", "Oct": "oktober okt oct october",
    "Nov": "november nov", "Dec": "december dec",
}
MONTH_WORDS = {word: month for month, words in MONTHS.items() for word in words.split()}
ORDINALS = {"første": 1, "1.": 1, "first": 1, "1st": 1, "anden": 2, "andre": 2, "2.": 2, "second": 2, "2nd": 2,
            "tredje": 3, "3.": 3, "third": 3, "3rd": 3, "fjerde": 4, "4.": 4, "fourth": 4, "4th": 4,
            "sidste": -1, "last": -1}
CLOSED = {"lukket", "lukkede", "closed", "off"}
HOLIDAYS = {"helligdage", "helligdag", "helligdagene", "ph", "holidays", "holiday", "bank holidays",
            "public holidays", "public holiday", "helligdage lukket"}
EXCEPT = {"undtagen", "except", "men", "but", "excluding", "ikke", "not"}
THROUGH = {"-", "til", "to", "until", "till", "through", "thru"}
AND = {",", "og", "and", "&", "+", "samt"}
FILLER = {"fra", "from", "kl", "klokken", "på", "paa", "om", "i", "in", "on", "at", "alle", "every", "each", "hver",
          "hele", "the", "den", "de", "ved", "og med", "open", "åben", "åbent", "er", "is", "vi", "we're", ":",
          "timer", "hours", "the month", "måneden", "month", "of"}
ALWAYS = {"24/7", "døgnåbent", "døgnåben", "døgnet rundt", "hele døgnet", "altid åben", "altid åbent", "always open",
          "24 timer i døgnet", "24 hours", "døgnet"}
EVERY_OTHER = ("hver anden", "hveranden", "every other", "every second", "hver 2.", "hver 14. dag", "lige uger",
               "ulige uger", "even weeks", "odd weeks", "biweekly", "fortnightly")
APPOINTMENT = ("efter aftale", "by appointment", "aftale", "appointment", "ring og aftal", "call to arrange")
SCHOOL = ("skoleferie", "skolernes ferie", "school holiday", "school holidays", "skolens ferie")
# Words of OpenStreetMap's own syntax beyond days, months and PH: a text holding them is no informal form.
OSM_WORDS = {"week", "sh", "open", "unknown", "sunrise", "sunset", "dawn", "dusk", "easter", "year", "[", "]", "/",
             '"', "+"}


@dataclass
class Diagnosis:
    """What is wrong with an informal expression: a key of the "hours" phrases and its facts."""

    key: str
    params: dict = field(default_factory=dict)


class _Unclear(Exception):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.diagnosis = Diagnosis(key, params)


def suggest(text: str) -> str | None:
    """The OSM expression `text` means, when it has exactly one meaning and the parser reads it; else None."""
    low = _normal(text)
    if any(w in low for w in (*EVERY_OTHER, *APPOINTMENT, *SCHOOL)):
        return None  # "hver anden onsdag" is no "anden onsdag i måneden"
    try:
        expression = _read(text)
    except _Unclear:
        return None
    if not expression or expression == text.strip():
        return None
    try:
        parse(expression)
    except HoursError:
        return None
    return expression


def diagnose(text: str, offset: int | None) -> Diagnosis:
    """Why `text` cannot be read, in the words of the validator's "hours" phrases (never the parser's rules)."""
    low = _normal(text)
    for words, key in ((EVERY_OTHER, "every_other"), (APPOINTMENT, "appointment"), (SCHOOL, "school_holidays")):
        if any(w in low for w in words):
            return Diagnosis(key)
    try:
        _read(text)
    except _Unclear as e:
        word = e.diagnosis.params.get("word")
        if e.diagnosis.key == "unknown_word" and (not word or word in OSM_WORDS):
            return _at(text, offset)  # OSM's own syntax that this reader does not know: say where, not what
        if word:
            found = re.search(re.escape(word), text, re.I)
            e.diagnosis.params["word"] = found.group() if found else word
        return e.diagnosis
    if re.search(r"\b\d{1,2}\.\d{2}\b", text):
        return Diagnosis("time_form")
    return _at(text, offset)


def _at(text: str, offset: int | None) -> Diagnosis:
    if offset is None or offset >= len(text):
        return Diagnosis("incomplete")
    word = re.match(r"[\wæøåÆØÅ./:]+|\S", text[offset:])
    return Diagnosis("at", {"position": offset + 1, "near": word.group() if word else text[offset]})


def _normal(text: str) -> str:
    text = text.lower().replace("–", "-").replace("—", "-").replace("−", "-").replace("kl.", "kl ")
    return " ".join(text.split())


# --- reading ----------------------------------------------------------------------------------------------------


def _read(text: str) -> str:
    tokens = _split_words(text)
    if not tokens:
        raise _Unclear("empty")
    rules = _Rules(tokens).read()
    return "; ".join(rules)


def _split_words(text: str) -> list[str]:
    """The text as tokens: times, words and signs; phrases of several words (`alle dage`) as one token."""
    low = _normal(text)
    phrases = sorted({*GROUPS, *ALWAYS, *HOLIDAYS, "og med", "the month", *EXCEPT}, key=len, reverse=True)
    joined = low
    for phrase in phrases:
        if " " in phrase:
            joined = re.sub(rf"(?<![\wæøå]){re.escape(phrase)}(?![\wæøå])", phrase.replace(" ", "\x00"), joined)
    out = []
    for token in re.findall(r"24/7|[\wæøå\x00]+(?:\.(?=\s|$))?|[^\s\wæøå]", joined):
        if token in "()":
            token = ";"  # "(lukket i juli)" is a rule of its own
        out.append(token.replace("\x00", " "))
    return _merge_times(out)


def _merge_times(tokens: list[str]) -> list[str]:
    """"9", ".", "30" -> "9.30"; "9", "am" -> "9am"; "9", ":", "30" -> "9:30"."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if re.fullmatch(r"\d{1,2}\.", t) and (i + 1 == len(tokens) or tokens[i + 1] not in DAY_WORDS):
            t = t[:-1]  # "til 17." ends a sentence; "1. mandag" is an ordinal
        if re.fullmatch(r"\d{1,2}", t) and i + 2 < len(tokens) and tokens[i + 1] in (".", ":") \
                and re.fullmatch(r"\d{2}", tokens[i + 2]):
            t, i = f"{t}:{tokens[i + 2]}", i + 2
        if re.fullmatch(r"\d{1,2}(:\d{2})?", t) and i + 1 < len(tokens) and tokens[i + 1] in ("am", "pm", "a.m.",
                                                                                            "p.m.", "a", "p"):
            t, i = t + tokens[i + 1][0] + "m", i + 1
        out.append(t)
        i += 1
    return out


class _Rules:
    """A small reader of the informal forms: rules of days and times, holidays, months, `24/7`."""

    def __init__(self, tokens: list[str]):
        self.tokens = [t for t in tokens if t not in FILLER or t in THROUGH]
        self.i = 0

    def peek(self, ahead: int = 0) -> str | None:
        j = self.i + ahead
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def read(self) -> list[str]:
        rules: list[str] = []
        holidays_off = False
        while self.peek() is not None:
            token = self.peek()
            if token in (";", ",") or token in AND:
                self.take()
                continue
            if token in ALWAYS or (token == "24" and self.peek(1) in ("timer", "hours", "h")):
                self.take()
                rules.append("24/7")
                continue
            if token in EXCEPT or token in CLOSED:
                # "undtagen helligdage", "lukket på helligdage", "lukket i juli", "lukket" after a day
                self.take()
                rule = self.closed_part()
                if rule == "PH off":
                    holidays_off = True
                elif rule:
                    rules.append(rule)
                continue
            if token in HOLIDAYS:
                self.take()
                if self.peek() in CLOSED:
                    self.take()
                    holidays_off = True
                elif self.is_time():
                    rules.append(f"PH {self.times()}")
                else:
                    raise _Unclear("holidays_only")
                continue
            if token in MONTH_WORDS:
                month = MONTH_WORDS[self.take()]
                if self.peek() in CLOSED:
                    self.take()
                    rules.append(f"{month} off")
                    continue
                raise _Unclear("month")
            rules.append(self.rule())
        if not rules:
            raise _Unclear("holidays_only" if holidays_off else "empty")
        if all(r.endswith(" off") for r in rules) and not any(r == "24/7" for r in rules):
            raise _Unclear("holidays_only")
        return rules + (["PH off"] if holidays_off else [])

    def closed_part(self) -> str | None:
        token = self.peek()
        if token in HOLIDAYS:
            self.take()
            return "PH off"
        if token in MONTH_WORDS:
            return f"{MONTH_WORDS[self.take()]} off"
        if token in DAY_WORDS or token in GROUPS:
            return f"{self.days()} off"
        if token is None or token in (";", ",") or token in AND:
            raise _Unclear("closed_alone")  # "lukket" and no days, months or holidays after it
        raise _Unclear("unknown_word", word=token or "")

    def is_time(self) -> bool:
        t = self.peek()
        return t is not None and bool(re.fullmatch(r"\d{1,2}(:\d{2})?([ap]m)?|midnat|midnight|middag|noon", t))

    def rule(self) -> str:
        days = self.days() if (self.peek() in DAY_WORDS or self.peek() in GROUPS or self.is_ordinal()) else ""
        if self.peek() == ":":
            self.take()
        if self.peek() in CLOSED:
            self.take()
            if not days:
                raise _Unclear("closed_alone")
            return f"{days} off"
        if not self.is_time():
            token = self.peek()
            if token is None:
                raise _Unclear("no_time")
            if re.fullmatch(r"\d+", token):
                raise _Unclear("time_form")
            raise _Unclear("unknown_word", word=token)
        times = self.times()
        return f"{days} {times}" if days else times

    def is_ordinal(self) -> bool:
        return self.peek() in ORDINALS

    def days(self) -> str:
        parts: list[str] = []
        while True:
            if self.is_ordinal():
                nth = ORDINALS[self.take()]
                day = self.peek()
                if day not in DAY_WORDS:
                    raise _Unclear("unknown_word", word=day or "")
                self.take()
                parts.append(f"{DAYS[DAY_WORDS[day]]}[{nth}]")
            elif self.peek() in GROUPS:
                first, last = GROUPS[self.take()]
                parts.append(_range(first, last))
            elif self.peek() in DAY_WORDS:
                first = DAY_WORDS[self.take()]
                # "Monday to Friday" is a range; "ma-to" is Monday to Thursday ("to" is torsdag in Danish)
                if self.peek() in THROUGH and self.peek(1) in DAY_WORDS:
                    self.take()
                    parts.append(_range(first, DAY_WORDS[self.take()]))
                else:
                    parts.append(DAYS[first])
            else:
                break
            if (self.peek() in AND or self.peek() == ",") and (self.peek(1) in DAY_WORDS or self.peek(1) in GROUPS):
                self.take()
                continue
            break
        return ",".join(parts)

    def times(self) -> str:
        spans = []
        while True:
            start = self.time()
            if self.peek() not in THROUGH:
                raise _Unclear("no_end", time=start)
            self.take()
            if not self.is_time():
                raise _Unclear("no_end", time=start)
            end = self.time()
            spans.append(_span(start, end))
            if (self.peek() in AND or self.peek() == ",") and self._time_at(1):
                self.take()
                continue
            return ",".join(spans)

    def _time_at(self, ahead: int) -> bool:
        t = self.peek(ahead)
        return t is not None and bool(re.fullmatch(r"\d{1,2}(:\d{2})?([ap]m)?|midnat|midnight|middag|noon", t))

    def time(self) -> str:
        return self.take()


def _range(first: int, last: int) -> str:
    if first == last:
        return DAYS[first]
    if (first, last) == (0, 6):
        return "Mo-Su"
    return f"{DAYS[first]}-{DAYS[last]}"


def _clock(text: str) -> tuple[int, int, str]:
    """(hour, minute, "am"/"pm"/"") of a time as written."""
    if text in ("midnat", "midnight"):
        return 24, 0, ""
    if text in ("middag", "noon"):
        return 12, 0, ""
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?([ap]m)?", text)
    if not m:
        raise _Unclear("time_form")
    hour, minute = int(m[1]), int(m[2] or 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise _Unclear("invalid_time", time=text)
    return hour, minute, m[3] or ""


def _span(start: str, end: str) -> str:
    (h1, m1, p1), (h2, m2, p2) = _clock(start), _clock(end)
    if p1 or p2:
        h1, h2 = _twelve(h1, p1 or p2), _twelve(h2, p2 or p1)
    elif (h2, m2) <= (h1, m1) and h1 < 12 and h2 <= 12:
        # "9-5": an English shop's nine to five, or a night from nine to five? Not one meaning.
        raise _Unclear("am_pm", start=start, end=end)
    return f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"


def _twelve(hour: int, half: str) -> int:
    if hour > 12:
        raise _Unclear("am_pm")
    return (hour % 12) + (12 if half == "pm" else 0)
