"""Opening hours on the site: weekly tables with Danish holiday names, and "open now" in the browser.

The browser never parses opening_hours: the build ships open intervals computed by the parser
(`generator.hours.parse`, country DK, Europe/Copenhagen), and open-now.js only looks them up. These tests hold
the browser's answer to the parser's at thousands of instants, across summer-time changes and every Danish
public holiday of 2026, and look at the pages a reader gets.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import opening_hours
import pytest

from generator.build import build_site
from generator.hours.holidays import danish_holidays
from generator.hours.intervals import WINDOW_DAYS, Window, open_intervals
from generator.hours.parse import TIMEZONE, parse
from generator.site.i18n import UI

from conftest import REPO, SERVICE, node

ASSETS = REPO / "generator" / "site" / "assets"
UTC = ZoneInfo("UTC")
EXPRESSIONS = [
    "Mo-Fr 17:00-20:00; PH off",  # evenings
    "Sa,Su 10:00-16:00; PH off",  # weekends
    "Fr,Sa 22:00-03:00; PH off",  # past midnight
    "Mo-Fr 18:00-02:00; PH off",
    "Mo-Su 00:00-02:30,22:00-24:00",  # open across both summer-time changes
    "Mo-Su 02:00-03:00",  # the hour that is skipped in March and repeated in October
    "Mo-Su 10:00-16:00; PH off",  # PH off every day
    "PH 10:00-12:00",  # only on public holidays
    "24/7",
    "24/7; PH off",
    "Mar-Oct Mo-Fr 09:00-17:00; Nov-Feb Mo-Fr 10:00-15:00; PH off",  # month ranges
    "Dec 24-Dec 31 off; Mo-Su 12:00-14:00",
]
# Windows (first day, WINDOW_DAYS long) that cover both summer-time changes of 2026 (29 March and 25 October,
# 01:00 UTC) and every Danish public holiday of 2026.
WINDOWS = [dt.date(2025, 12, 25), dt.date(2026, 3, 24), dt.date(2026, 5, 12), dt.date(2026, 10, 19),
           dt.date(2026, 12, 20)]
DST_CHANGES = [dt.datetime(2026, 3, 29, 1, tzinfo=UTC), dt.datetime(2026, 10, 25, 1, tzinfo=UTC)]


def run_js(script: str, function: str, calls: list[list]) -> list:
    """Call `function` exported by assets/`script` once per argument list, in Node, in one process."""
    harness = (
        f"const f = require({json.dumps(str(ASSETS / script))}).{function};"
        "let s = ''; process.stdin.on('data', d => s += d);"
        "process.stdin.on('end', () => process.stdout.write(JSON.stringify(JSON.parse(s).map(a => f(...a)))));"
    )
    done = subprocess.run([node(), "-e", harness], input=json.dumps(calls), capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def at(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, UTC)


def instants(window: Window, intervals) -> list[int]:
    """Every 10 minutes of the window (at :07, :17, ...), each edge and a second either side, every minute of the
    three hours around a summer-time change, and the first instants after the window."""
    found = set(range(window.start + 420, window.end, 600))
    for a, b in intervals:
        found.update((a - 1, a, a + 1, b - 1, b, b + 1))
    for change in DST_CHANGES:
        c = int(change.timestamp())
        found.update(range(c - 3 * 3600, c + 3 * 3600, 60))
    found = {t for t in found if window.start <= t < window.end}
    return sorted(found | {window.end, window.end + 3600})


FALL_BACK = int(DST_CHANGES[1].timestamp())


def parser_open(oh, t: int) -> bool:
    """The parser's is_open. In the last minute before the clocks go back (02:59 summer time) it answers
    "closed" for every expression, even 24/7 (see test_the_parser_faults_we_step_around_are_still_there); there
    the parser's own model (state follows the wall clock) gives the state of the same wall-clock time an hour on."""
    if FALL_BACK - 60 <= t < FALL_BACK:
        return oh.is_open(at(t + 3600))
    return oh.is_open(at(t))


def parser_says(oh, t: int, until: int) -> tuple[bool, int | None]:
    """Open at t, and when that next changes within the window (None: not before `until`), by the parser."""
    state = parser_open(oh, t)
    change = oh.next_change(at(t))
    # next_change also stops where only a comment or rule changes; skip to a change of open/closed.
    while change is not None and change.timestamp() < until and parser_open(oh, int(change.timestamp())) == state:
        change = oh.next_change(change)
    return state, None if change is None or change.timestamp() >= until else int(change.timestamp())


def repeated_hour_slip(oh, t: int, state: bool, ours: int | None) -> bool:
    """True where the parser's next_change contradicts its own is_open, which happens only around the hour
    repeated when summer time ends: next_change maps a wall-clock time there to its later instant and so skips
    a change that is_open reports. Ours must then be the first instant the state changes (checked each minute)."""
    if ours is None or not (FALL_BACK - 3600 <= ours < FALL_BACK + 3600 or FALL_BACK - 3600 <= t < FALL_BACK):
        return False
    steady = all(parser_open(oh, m) == state for m in range(t, ours, 60))
    return steady and parser_open(oh, ours - 1) == state and parser_open(oh, ours) != state


def day_label(ahead: int, day: dt.date, closing: bool, lang: str) -> str:
    """'' for a close later today, then today / tomorrow / the weekday within a week / the date."""
    t, da = UI[lang], lang == "da"
    on = "" if da else "on "
    if ahead == 0:
        return "" if closing else ("i dag" if da else "today")
    if ahead == 1:
        return "i morgen" if da else "tomorrow"
    if ahead < 7:
        return on + t["weekdays"][day.weekday()]
    month = t["months"][day.month - 1]
    return on + (f"{day.day}. {month}" if da else f"{day.day} {month}")


def expected_text(state: bool, change: int | None, now: int, window: Window, lang: str) -> str:
    """The sentence a reader should see, written out from the parser's answer."""
    t, da = UI[lang], lang == "da"
    local = at(now).astimezone(TIMEZONE)
    if now >= window.end:
        return "Dagens åbningstider er ikke beregnet endnu." if da else "Today's opening hours are not computed yet."
    if change is None:
        if state:
            return "Åbent nu" if da else "Open now"
        last = window.last_day
        return (f"Lukket · ingen åbningstid til og med {last.day}. {t['months'][last.month - 1]}" if da
                else f"Closed · not open up to and including {last.day} {t['months'][last.month - 1]}")
    when = at(change).astimezone(TIMEZONE)
    clock = f"{when:%H:%M}"
    if state and clock == "00:00":  # closing at midnight is 24:00 of the day before
        when, clock = when - dt.timedelta(minutes=1), "24:00"
    label = day_label((when.date() - local.date()).days, when.date(), closing=state, lang=lang)
    phrase = f"{label + ' ' if label else ''}{'kl.' if da else 'at'} {clock}"
    if state:
        return f"Åbent nu · lukker {phrase}" if da else f"Open now · closes {phrase}"
    return f"Lukket · åbner {phrase}" if da else f"Closed · opens {phrase}"


@pytest.mark.parametrize("first_day", WINDOWS, ids=str)
def test_open_now_in_the_browser_agrees_with_the_parser(first_day):
    window = Window(first_day)
    calls, cases = [], []
    for expression in EXPRESSIONS:
        intervals = open_intervals(expression, window)
        for i, t in enumerate(instants(window, intervals)):
            lang = "en" if i % 5 == 0 else "da"
            calls.append([intervals, window.end, t, lang, window.start])
            cases.append((expression, t, lang))
    per_expression = len(calls) // len(EXPRESSIONS)
    assert per_expression >= 2000
    results = run_js("open-now.js", "status", calls)
    slips = 0
    for (expression, t, lang), got in zip(cases, results, strict=True):
        oh = parse(expression)
        where = f"{expression!r} at {at(t).astimezone(TIMEZONE).isoformat()} ({lang})"
        if t >= window.end:
            assert got == {"open": False, "next": None, "text": expected_text(False, None, t, window, lang)}, where
            continue
        state, change = parser_says(oh, t, window.end)
        assert got["open"] == state, where
        if got["next"] != change:
            assert repeated_hour_slip(oh, t, state, got["next"]), f"{where}: {got} vs {change}"
            slips += 1
            change = got["next"]
        assert got["text"] == expected_text(state, change, t, window, lang), where
    # The parser's next_change slips only in the repeated hour of 25 October, for expressions open around it.
    assert slips == 0 or first_day == dt.date(2026, 10, 19)


def test_the_parser_faults_we_step_around_are_still_there():
    """If an upgrade of opening-hours-py fixes these, parser_open and repeated_hour_slip can go."""
    always = parse("24/7")
    assert not always.is_open(at(FALL_BACK - 30)) and always.is_open(at(FALL_BACK - 61))
    two_to_three = parse("Mo-Su 02:00-03:00")
    # Closed at 01:45 summer time, open at 02:00 summer time, yet next_change points at 02:00 winter time.
    assert two_to_three.is_open(at(FALL_BACK - 3600))
    assert two_to_three.next_change(at(FALL_BACK - 4500)).timestamp() == FALL_BACK


def test_every_danish_public_holiday_of_2026_is_inside_a_tested_window():
    covered = {w + dt.timedelta(d) for w in WINDOWS for d in range(WINDOW_DAYS)}
    assert set(danish_holidays(2026)) <= covered
    assert {c.date() for c in DST_CHANGES} <= covered


def test_intervals_are_merged_and_cover_exactly_what_the_parser_calls_open():
    window = Window(dt.date(2026, 10, 19))
    intervals = open_intervals("Mo-Su 00:00-02:30,22:00-24:00", window)
    assert all(a < b for a, b in intervals)
    assert all(b < c for (_, b), (c, _) in itertools.pairwise(intervals))
    # 22:00 on Saturday 24 October to 02:30 summer time, then the repeated 02:00-02:30 after the clocks go back.
    assert (int(dt.datetime(2026, 10, 24, 20, tzinfo=UTC).timestamp()),
            int(dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC).timestamp())) in intervals
    assert (int(dt.datetime(2026, 10, 25, 1, tzinfo=UTC).timestamp()),
            int(dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC).timestamp())) in intervals
    assert open_intervals("24/7", window) == ((window.start, window.end),)


@pytest.mark.parametrize("year", range(2015, 2036))
def test_our_danish_holidays_are_the_days_the_parser_treats_as_public_holidays(year):
    start = dt.datetime(year, 1, 1, tzinfo=TIMEZONE)
    parser_days = set()
    for a, b, state, _ in parse("PH").intervals(start, start.replace(year=year + 1)):
        if state == opening_hours.State.OPEN:
            parser_days.update(a.date() + dt.timedelta(d) for d in range((b.date() - a.date()).days))
    assert set(danish_holidays(year)) == parser_days


def test_holiday_names_follow_easter_and_the_abolition_of_store_bededag():
    assert danish_holidays(2026)[dt.date(2026, 4, 5)] == "easter_sunday"
    assert danish_holidays(2026)[dt.date(2026, 5, 14)] == "ascension"
    assert danish_holidays(2023)[dt.date(2023, 5, 5)] == "great_prayer_day"
    assert "great_prayer_day" not in danish_holidays(2024).values()
    assert dt.date(2026, 6, 5) not in danish_holidays(2026)  # grundlovsdag
    assert dt.date(2026, 12, 24) not in danish_holidays(2026)  # juleaften
    for lang in ("da", "en"):
        assert set(UI[lang]["holiday_names"]) >= set(danish_holidays(2023).values()) | {"great_prayer_day"}


class _Rows(HTMLParser):
    """The rows of every hours table on a page, as (row header, cell) texts."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> dict[str, str]:
    section = html[html.index('<div class="hours">'):]
    parser = _Rows()
    parser.feed(section[: section.index("</table>")])
    return {row[0]: row[1] for row in parser.rows if len(row) == 2}


def build(catalogue, out: Path, now: dt.datetime) -> Path:
    build_site(catalogue.root, out, now=now)
    return out


CHRISTMAS_SERVICE = SERVICE.replace('"We 17:00-20:00; PH off"', '"Mo-Su 10:00-16:00; PH off"')


@pytest.mark.site
def test_the_weekly_table_names_christmas_day_for_a_place_closed_on_holidays(catalogue, tmp_path):
    catalogue.service("julecafe", CHRISTMAS_SERVICE.format(id="julecafe"))
    site = build(catalogue, tmp_path / "site", dt.datetime(2026, 12, 23, 9, tzinfo=TIMEZONE))
    da = (site / "tilbud/julecafe/index.html").read_text(encoding="utf-8")
    rows = table_rows(da)
    assert rows["torsdag 24/12"] == "10:00–16:00"
    assert rows["fredag 25/12"] == "Lukket (juledag, helligdag)"
    assert rows["lørdag 26/12"] == "Lukket (2. juledag, helligdag)"
    assert "<caption>Ugen fra 21. december 2026</caption>" in da
    assert '<tr data-day="20810" aria-current="date"><th scope="row">onsdag 23/12</th>' in da  # days since 1970
    assert "Åbningstiderne er beregnet til og med 5. januar 2027." in da
    assert "Som skrevet: Mo-Su 10:00-16:00; PH off" in da
    en = table_rows((site / "en/services/julecafe/index.html").read_text(encoding="utf-8"))
    assert en["Friday 25/12"] == "Closed (Christmas Day, public holiday)"


@pytest.mark.site
def test_the_page_carries_the_parser_intervals_for_the_published_window(catalogue, tmp_path):
    catalogue.service("familieklub")
    now = dt.datetime(2026, 11, 23, 9, tzinfo=TIMEZONE)
    html = (build(catalogue, tmp_path / "site", now) / "tilbud/familieklub/index.html").read_text(encoding="utf-8")
    found = re.search(r'data-open="([^"]*)" data-from="(\d+)" data-until="(\d+)"', html)
    window = Window(now.date())
    assert json.loads(found.group(1).replace("&#34;", '"')) == [list(i) for i in open_intervals(
        "We 17:00-20:00; PH off", window)]
    assert (int(found.group(2)), int(found.group(3))) == (window.start, window.end)
    assert 'aria-live="polite"' in html


@pytest.mark.site
def test_a_place_says_open_only_within_the_offers_season(catalogue, tmp_path):
    """A summer offer's page built in November has no open time in the window: its "open now" says so, as its
    search card does (the hours table still shows the week's hours as written)."""
    catalogue.service("sommerklub", SERVICE.format(id="sommerklub").replace(
        "last_verified: 2026-10-01", "last_verified: 2026-10-01\nvalid_from: 2027-06-01\nvalid_to: 2027-08-31"))
    now = dt.datetime(2026, 11, 23, 9, tzinfo=TIMEZONE)
    html = (build(catalogue, tmp_path / "site", now) / "tilbud/sommerklub/index.html").read_text(encoding="utf-8")
    assert 'data-open="[]"' in html
    assert table_rows(html)["onsdag 25/11"] == "17:00–20:00"


NASTY = "Klub </script><script>alert(1)</script> & <b>venner</b>"


def home_table(html: str) -> dict:
    raw = re.search(r'<script type="application/json" id="open-now-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in raw  # record text cannot end the element early
    return json.loads(raw)


@pytest.mark.site
def test_home_open_now_lists_offers_open_at_the_instant_with_a_static_list_without_js(catalogue, tmp_path):
    catalogue.service("familieklub", SERVICE.format(id="familieklub").replace("Familieklubben", NASTY))
    catalogue.service("weekend", SERVICE.format(id="weekend").replace('"We 17:00-20:00; PH off"', '"Sa 10:00-12:30"'))
    now = dt.datetime(2026, 11, 25, 9, tzinfo=TIMEZONE)  # a Wednesday
    site = build(catalogue, tmp_path / "site", now)
    html = (site / "index.html").read_text(encoding="utf-8")
    table = home_table(html)
    names = {sid: name for sid, name, _ in table["services"]}
    assert names["familieklub"] == NASTY
    # Without JavaScript: the build day's offers with that day's hours, escaped.
    assert "Åbent 25. november 2026:" in html
    assert "Klub &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;venner&lt;/b&gt;</a>" in html
    assert "17:00–20:00" in html
    wednesday_evening = int(dt.datetime(2026, 11, 25, 18, 30, tzinfo=TIMEZONE).timestamp())
    saturday = int(dt.datetime(2026, 11, 28, 12, 15, tzinfo=TIMEZONE).timestamp())
    saturday_late = int(dt.datetime(2026, 11, 28, 12, 45, tzinfo=TIMEZONE).timestamp())
    got = run_js("home.js", "openAt", [[table, wednesday_evening], [table, saturday], [table, saturday_late],
                                       [table, table["until"]]])
    assert [[s[0] for s in found] if found is not None else None for found in got] == [
        ["familieklub"], ["weekend"], [], None]


@pytest.mark.site
def test_home_open_now_agrees_with_the_parser_every_quarter_hour(catalogue, tmp_path):
    hours = {"aften": "Mo-Fr 17:00-20:00; PH off", "nat": "Fr,Sa 22:00-03:00", "weekend": "Sa,Su 10:15-15:45",
             "morgen": "Mo-Fr 08:00-09:10; PH off"}
    for sid, expression in hours.items():
        catalogue.service(sid, SERVICE.format(id=sid).replace('"We 17:00-20:00; PH off"', json.dumps(expression)))
    now = dt.datetime(2026, 12, 20, 9, tzinfo=TIMEZONE)
    table = home_table((build(catalogue, tmp_path / "site", now) / "en/index.html").read_text(encoding="utf-8"))
    window = Window(now.date())
    moments = list(range(window.start + 60, window.end, 900))
    got = run_js("home.js", "openAt", [[table, t] for t in moments])
    for t, found in zip(moments, got, strict=True):
        expected = sorted(sid for sid, e in hours.items() if parse(e).is_open(at(t)))
        assert sorted(s[0] for s in found) == expected, at(t).astimezone(TIMEZONE)


def test_the_scripts_stay_small():
    for name in ("open-now.js", "home.js"):
        assert (ASSETS / name).stat().st_size < 5000, name


# --- in a real browser -----------------------------------------------------------------------------------


@pytest.mark.site
def test_a_service_page_says_open_or_closed_at_a_fixed_clock_in_copenhagen_time(chromium, tile_hosts, catalogue,
                                                                                 tmp_path):
    from browser_support import serve, watched_page

    catalogue.service("familieklub")
    site = build(catalogue, tmp_path / "site", dt.datetime(2026, 11, 23, 9, tzinfo=TIMEZONE))
    oh = parse("We 17:00-20:00; PH off")
    open_at = dt.datetime(2026, 11, 25, 18, 30, tzinfo=TIMEZONE)
    closed_at = dt.datetime(2026, 11, 23, 12, 0, tzinfo=TIMEZONE)
    assert oh.is_open(open_at) and not oh.is_open(closed_at)
    cases = [
        ("tilbud/familieklub/", open_at, "Åbent nu · lukker kl. 20:00"),
        ("tilbud/familieklub/", closed_at, "Lukket · åbner onsdag kl. 17:00"),
        ("en/services/familieklub/", closed_at, "Closed · opens on Wednesday at 17:00"),
        ("tilbud/familieklub/", dt.datetime(2026, 12, 7, 12, tzinfo=TIMEZONE),
         "Dagens åbningstider er ikke beregnet endnu."),
    ]
    with serve(site) as base:
        for rel, when, text in cases:
            # The browser's own zone is New York: the times shown must still be Copenhagen's.
            with watched_page(chromium, tile_hosts, timezone_id="America/New_York") as (page, traffic):
                page.clock.set_fixed_time(when)
                page.goto(base + rel, wait_until="load")
                status = page.locator(".open-now")
                assert status.inner_text() == text, (rel, when)
                assert status.get_attribute("aria-live") == "polite"
                traffic.assert_clean()


@pytest.mark.site
def test_home_page_lists_what_is_open_and_the_picker_goes_to_the_municipality(chromium, tile_hosts, catalogue,
                                                                               tmp_path):
    from browser_support import serve, watched_page

    catalogue.service("familieklub", SERVICE.format(id="familieklub").replace("Familieklubben", NASTY))
    site = build(catalogue, tmp_path / "site", dt.datetime(2026, 11, 23, 9, tzinfo=TIMEZONE))
    with serve(site) as base, watched_page(chromium, tile_hosts) as (page, traffic):
        page.clock.set_fixed_time(dt.datetime(2026, 11, 25, 18, 30, tzinfo=TIMEZONE))
        page.goto(base, wait_until="load")
        box = page.locator("[data-open-now]")
        assert box.locator("li").all_inner_texts() == [f"{NASTY} · Aarhus C"]
        assert box.locator("a").get_attribute("href") == "tilbud/familieklub/"
        page.clock.set_fixed_time(dt.datetime(2026, 11, 25, 21, 0, tzinfo=TIMEZONE))
        page.reload(wait_until="load")
        assert box.inner_text() == "Ingen tilbud er åbne lige nu."
        page.select_option("#kommune", "751")
        page.locator("form[data-municipality-picker] button").click()
        page.wait_for_url("**/kommuner/751/")
        traffic.assert_clean()
