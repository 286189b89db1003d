"""Which opening-hours rules other formats can say: plain weekday hours become schedules, the rest stays text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.hours.parse import parse
from generator.hours.weekly import DAYS, Opening, to_expression, weekly


def table(expression):
    rule = weekly(expression)
    return None if rule is None else [(o.days, o.opens, o.closes) for o in rule.openings]


@pytest.mark.parametrize(("expression", "expected"), [
    ("We 17:00-20:00; PH off", [(("We",), "17:00", "20:00")]),
    ("Mo-Fr 09:00-16:00; We 10:00-12:00", [(("Mo", "Tu", "Th", "Fr"), "09:00", "16:00"), (("We",), "10:00", "12:00")]),
    ("Mo,We,Fr 09:00-11:00,13:00-15:00",
     [(("Mo", "We", "Fr"), "09:00", "11:00"), (("Mo", "We", "Fr"), "13:00", "15:00")]),
    ("Sa-Mo 10:00-12:00", [(("Mo", "Sa", "Su"), "10:00", "12:00")]),
    ("Mo-Fr 08:00-16:00; We off", [(("Mo", "Tu", "Th", "Fr"), "08:00", "16:00")]),
])
def test_plain_weekday_rules_are_translated_as_the_parser_reads_them(expression, expected):
    assert table(expression) == expected


@pytest.mark.parametrize("expression", [
    "We 17:00-19:00; Jul off; PH off",  # a month closed: RRULE of HSDS cannot say it
    "Sa[1,3] 10:00-13:00",  # the first and third Saturday
    "24/7",
    "Fr 22:00-02:00",  # past midnight
    "Mo-Fr 10:00-12:00 \"efter aftale\"",  # a comment
    "PH off; Mo 10:00-12:00",
    "Jun 20-Aug 10 off",
    "",
])
def test_anything_else_is_left_as_text(expression):
    assert weekly(expression) is None


@given(st.lists(st.tuples(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True),
                          st.integers(0, 22), st.integers(1, 60)), min_size=1, max_size=4))
def test_an_expression_written_from_openings_means_the_same_to_the_parser_and_back(spec):
    openings = []
    for days, hour, minutes in spec:
        opens = f"{hour:02d}:00"
        end = hour * 60 + minutes
        openings.append(Opening(tuple(d for d in DAYS if d in days), opens, f"{end // 60:02d}:{end % 60:02d}"))
    expression = to_expression(openings)
    parse(expression)  # valid opening_hours
    wanted = {(d, o.opens, o.closes) for o in openings for d in o.days}
    assert {(d, o.opens, o.closes) for o in weekly(expression).openings for d in o.days} == wanted
