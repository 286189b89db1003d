"""Opening hours as volunteers write them: the validator answers "Mente du `Mo-Fr 09:00-17:00`?" when an informal
text has one meaning, and otherwise names the fault in plain Danish and English, never in the parser's words."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.hours.informal import diagnose, suggest
from generator.hours.parse import HoursError, parse
from generator.validate.checks import opening_hours

from conftest import SERVICE

# (what a volunteer wrote, the expression it means)
MEANT = [
    ("man-fre 9-17", "Mo-Fr 09:00-17:00"),
    ("hverdage 9-17", "Mo-Fr 09:00-17:00"),
    ("Mo-Fr 9-17", "Mo-Fr 09:00-17:00"),
    ("9.00-17.00", "09:00-17:00"),
    ("kl. 9-17", "09:00-17:00"),
    ("lørdag 10-14", "Sa 10:00-14:00"),
    ("24/7 undtagen helligdage", "24/7; PH off"),
    ("man-fre 9-17, lør 10-14, søn lukket", "Mo-Fr 09:00-17:00; Sa 10:00-14:00; Su off"),
    ("Mandag til fredag fra 9 til 17", "Mo-Fr 09:00-17:00"),
    ("Tirsdag og torsdag kl. 16.30-18.30", "Tu,Th 16:30-18:30"),
    ("ons 17-20", "We 17:00-20:00"),
    ("Mon-Fri 9am-5pm", "Mo-Fr 09:00-17:00"),
    ("Weekdays 9-17", "Mo-Fr 09:00-17:00"),
    ("Saturday 10-14", "Sa 10:00-14:00"),
    ("weekend 10-16", "Sa-Su 10:00-16:00"),
    ("dagligt 10-22", "Mo-Su 10:00-22:00"),
    ("every day 10-18", "Mo-Su 10:00-18:00"),
    ("man-fre 9-12 og 13-16", "Mo-Fr 09:00-12:00,13:00-16:00"),
    ("Mo–Fr 9–17", "Mo-Fr 09:00-17:00"),
    ("Mo-Fr 09:00-17:00 PH off", "Mo-Fr 09:00-17:00; PH off"),
    ("Mo-Fr 9.30-16", "Mo-Fr 09:30-16:00"),
    ("første tirsdag i måneden 19-21", "Tu[1] 19:00-21:00"),
    ("sidste fredag i måneden 10-12", "Fr[-1] 10:00-12:00"),
    ("Man-tors 10-15, fre 10-13", "Mo-Th 10:00-15:00; Fr 10:00-13:00"),
    ("Ma-Fr 8-16", "Mo-Fr 08:00-16:00"),
    ("mandag-fredag 9:00-17:00 (lukket i juli)", "Mo-Fr 09:00-17:00; Jul off"),
    ("døgnåbent", "24/7"),
    ("alle dage 8-20", "Mo-Su 08:00-20:00"),
    ("Mo,We,Fr 10-12", "Mo,We,Fr 10:00-12:00"),
    ("hverdage 9-15, lukket på helligdage", "Mo-Fr 09:00-15:00; PH off"),
    ("torsdage 17-19:30", "Th 17:00-19:30"),
    ("Man-fre: 9-17", "Mo-Fr 09:00-17:00"),
    ("man - fre 09.00 - 17.00", "Mo-Fr 09:00-17:00"),
    ("fre 22-02", "Fr 22:00-02:00"),
    ("mandag 9-11, onsdag 13-15", "Mo 09:00-11:00; We 13:00-15:00"),
    ("Mo-Fr 8-16 except public holidays", "Mo-Fr 08:00-16:00; PH off"),
    ("hverdage 9-17 undtagen helligdage", "Mo-Fr 09:00-17:00; PH off"),
    ("Sa 10-14; Su off", "Sa 10:00-14:00; Su off"),
    ("onsdag 17 til midnat", "We 17:00-24:00"),
    ("Ma-To 10-15", "Mo-Th 10:00-15:00"),
    ("Åbent hverdage fra kl. 9 til 17.", "Mo-Fr 09:00-17:00"),
    ("1. mandag i måneden 18-20", "Mo[1] 18:00-20:00"),
]
# (what a volunteer wrote, the key of the plain-language reason, words the reason must hold)
UNCLEAR = [
    ("lukket på helligdage", "holidays_only", "hvornår der er åbent"),
    ("closed on public holidays", "holidays_only", "hvornår der er åbent"),
    ("hver anden onsdag", "every_other", "week 02-52/2"),
    ("hver anden onsdag 17-19", "every_other", "ugenumrene"),
    ("every other Tuesday 10-12", "every_other", "ugenumrene"),
    ("efter aftale", "appointment", "opening_hours_note"),
    ("By appointment", "appointment", "opening_hours_note"),
    ("ons 17-20 (ikke i skolernes ferier)", "school_holidays", "Jul off"),
    ("onsdag kl. 17", "no_end", "hvornår der lukker"),
    ("Mon-Fri 9-5", "am_pm", "24-timers-form"),
    ("man-fre 8-25", "invalid_time", "25 findes ikke"),
    ("weekend lukket", "holidays_only", "hvornår der er åbent"),
    ("Mo-Fr 09:00-17:00; Xy 10:00", "unknown_word", "'Xy' kendes ikke"),
    ("Mo-Fr 09:00-17:00; week 02-52/2 Wx 10:00-12:00", "at", "ved tegn"),
]
# The parser's grammar speaks of EOI, any_rule_separator, rules_modifier, timespan ...
PARSER_WORDS = re.compile(r"\bEOI\b|\bexpected\b|\b(?!opening_hours)[a-z]+_[a-z_]+\b|\btimespan\b")


def test_the_corpus_is_large_and_every_form_is_unreadable_as_written():
    assert len(MEANT) + len(UNCLEAR) >= 30
    for text in [t for t, _ in MEANT] + [t for t, *_ in UNCLEAR]:
        with pytest.raises(HoursError):
            parse(text)


@pytest.mark.parametrize(("written", "meant"), MEANT)
def test_an_informal_form_with_one_meaning_gets_the_exact_expression(written, meant):
    assert suggest(written) == meant
    parse(meant)
    code, params, _ = opening_hours(written)
    assert code == "bad-opening-hours" and params["fix"] == meant


@pytest.mark.parametrize(("written", "key", "words"), UNCLEAR)
def test_an_unclear_form_gets_its_fault_in_plain_words(written, key, words):
    assert suggest(written) is None
    with pytest.raises(HoursError) as e:
        parse(written)
    assert diagnose(written, e.value.offset).key == key
    _code, params, _ = opening_hours(written)
    assert params["detail"].text("da").find(words) >= 0, params["detail"].text("da")


def validated(catalogue, hours: str, *args: str) -> list[dict]:
    text = SERVICE.format(id="klub").replace('"We 17:00-20:00; PH off"', json.dumps(hours, ensure_ascii=False))
    catalogue.service("klub", text)
    return json.loads(catalogue.validate("--format", "json", *args).out)["problems"]


def test_the_validator_says_mente_du_with_the_expression(catalogue):
    (problem,) = validated(catalogue, "man-fre 9-17")
    assert problem["code"] == "bad-opening-hours" and (problem["line"], problem["column"]) == (19, 21)
    assert problem["message"] == ("Åbningstiden 'man-fre 9-17' kan ikke læses: den er skrevet med almindelige ord, "
                                  "ikke på OpenStreetMaps faste form. Mente du `Mo-Fr 09:00-17:00`?")
    (problem,) = validated(catalogue, "man-fre 9-17", "--lang", "en")
    assert problem["message"].endswith("Did you mean `Mo-Fr 09:00-17:00`?")


@pytest.mark.parametrize("written", [t for t, _ in MEANT] + [t for t, *_ in UNCLEAR])
def test_no_message_shows_the_parsers_rule_names(catalogue, written):
    for lang in ("da", "en"):
        (problem,) = validated(catalogue, written, "--lang", lang)
        assert not PARSER_WORDS.search(problem["message"] + problem["hint"]), problem["message"]


PIECES = [*"0123456789:.-–,;/ ()[]\"'amnoprtuefsdghlkMTWFS", "man", "fre", "lør", "kl.", "til", "og", "lukket",
          "helligdage", "hver", "anden", "juli", "24/7", "am", "pm", "Mo", "Su", "PH", "off", " "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_any_text_gets_an_expression_that_parses_or_a_reason_never_a_crash(text):
    try:
        parse(text)
    except HoursError as e:
        meant = suggest(text)
        if meant is not None:
            parse(meant)
        else:
            assert diagnose(text, e.offset).key
