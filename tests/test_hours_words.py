"""Opening hours in plain words for a family (handouts, printed pages): the weekly rules and what closes them, in
Danish and English; an expression these words cannot say gives None rather than a guess."""

from __future__ import annotations

import pytest

from generator.hours.words import in_words

CASES = [
    ("We 16:30-19:30; Jul off; PH off", "onsdag 16.30–19.30 · lukket i juli og på helligdage",
     "Wednesday 16:30–19:30 · closed in July and on public holidays"),
    ("Mo-Th 15:00-18:00; PH off", "mandag-torsdag 15.00–18.00 · lukket på helligdage",
     "Monday-Thursday 15:00–18:00 · closed on public holidays"),
    ("Mo,We,Fr 09:00-11:00", "mandag, onsdag og fredag 9.00–11.00", "Monday, Wednesday and Friday 9:00–11:00"),
    ("Sa,Su 10:00-14:00", "lørdag og søndag 10.00–14.00", "Saturday and Sunday 10:00–14:00"),
    ("Mo-Fr 09:00-15:00; We 10:00-12:00", "mandag, tirsdag, torsdag og fredag 9.00–15.00; onsdag 10.00–12.00",
     "Monday, Tuesday, Thursday and Friday 9:00–15:00; Wednesday 10:00–12:00"),
    ("Mo-Fr 09:00-12:00,13:00-15:00", "mandag-fredag 9.00–12.00, 13.00–15.00",
     "Monday-Friday 9:00–12:00, 13:00–15:00"),
    ("We 16:30-19:00; Sa[2] 10:00-14:00; PH off",
     "onsdag 16.30–19.00; 2. lørdag i måneden 10.00–14.00 · lukket på helligdage",
     "Wednesday 16:30–19:00; 2nd Saturday of the month 10:00–14:00 · closed on public holidays"),
    ("Tu 17:00-19:30; Sa[1,3] 10:00-13:00", "tirsdag 17.00–19.30; 1. og 3. lørdag i måneden 10.00–13.00",
     "Tuesday 17:00–19:30; 1st and 3rd Saturday of the month 10:00–13:00"),
    ("Su[-1] 10:00-12:00", "sidste søndag i måneden 10.00–12.00", "last Sunday of the month 10:00–12:00"),
    ("We 16:45-17:45; May-Aug off", "onsdag 16.45–17.45 · lukket maj-august",
     "Wednesday 16:45–17:45 · closed May-August"),
    ("Sa 08:00-10:00; Jun 20-Aug 10 off; PH off", "lørdag 8.00–10.00 · lukket 20. juni-10. august og på helligdage",
     "Saturday 8:00–10:00 · closed 20 June-10 August and on public holidays"),
    ("Jun-Aug Mo-Fr 10:00-16:00", "juni-august, mandag-fredag 10.00–16.00", "June-August, Monday-Friday 10:00–16:00"),
    ("2027 Jun 28-Jul 02 00:00-24:00", "28. juni-2. juli 2027 hele dagen", "28 June-2 July 2027 all day"),
    ("2026 Jul 13-Jul 17 00:00-24:00", "13.-17. juli 2026 hele dagen", "13-17 July 2026 all day"),
    ("Mo-Su 20:00-08:00", "alle dage 20.00–8.00", "every day 20:00–8:00"),
    ("24/7", "alle dage døgnet rundt", "every day around the clock"),
]


@pytest.mark.parametrize(("expression", "da", "en"), CASES)
def test_an_expression_reads_as_a_sentence(expression, da, en):
    assert in_words(expression, "da").compact() == da
    assert in_words(expression, "en").compact() == en


@pytest.mark.parametrize("expression", [
    "Mo-Fr 10:00-12:00 \"ring først\"",  # a comment says more than a rule
    "Mo off",  # a weekday closed on its own
    "Sa 10:00-12:00; Sa[1] 09:00-11:00",  # the first Saturday's hours replace the usual ones
    "Dec 24-26 off; Mo-Fr 09:00-15:00",  # the later rule reopens the closed days
    "PH off; Mo-Fr 09:00-15:00",
    "week 1-26 Mo 10:00-12:00",
    "sunrise-sunset",
])
def test_an_expression_the_words_cannot_say_gives_none(expression):
    assert in_words(expression, "da") is None and in_words(expression, "en") is None


def test_the_weekly_table_has_a_row_per_line_and_the_closures_apart():
    words = in_words("Tu,Th 16:30-18:00; Sa 10:00-12:00; Jul off; PH off", "da")
    assert [(line.when, line.times) for line in words.lines] == [("tirsdag og torsdag", "16.30–18.00"),
                                                                  ("lørdag", "10.00–12.00")]
    assert words.closed == "lukket i juli og på helligdage"
