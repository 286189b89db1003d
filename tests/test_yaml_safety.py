"""YAML's surprises never change a contributor's data silently, and no file can crash the validator."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.validate.context import make_context
from generator.validate.files import MAX_BYTES, RecordFile, YamlProblem, parse, read_text
from generator.validate.validator import check_file


def test_yaml_1_1_booleans_times_and_leading_zeros_stay_the_strings_written():
    doc = parse("a: NO\nb: on\nc: yes\nd: 09:00\ne: 0800\nf: 1e3\ng: 0x1F\nh: 2026-05-01\n")
    assert doc.value == {"a": "NO", "b": "on", "c": "yes", "d": "09:00", "e": "0800", "f": "1e3",
                         "g": "0x1F", "h": "2026-05-01"}


def test_unquoted_null_forms_mean_not_given_but_quoted_ones_are_text():
    doc = parse('a:\nb: ~\nc: null\nd: "null"\ne: ""\n')
    assert doc.value == {"a": None, "b": None, "c": None, "d": "null", "e": ""}


def test_positions_are_one_based_line_and_column_of_keys_and_values():
    doc = parse("id: x\nlocations:\n  - postcode: '0800'\n")
    assert doc.keys_at[("locations",)] == (2, 1)
    assert doc.values_at[("locations", 0, "postcode")] == (3, 15)
    assert ("locations", 0, "postcode") in doc.quoted


@pytest.mark.parametrize(("text", "code", "line"), [
    ("name: a\nsummary: b\nname: c\n", "yaml-duplicate-key", 3),
    ("a: &x [1, 2]\nb: *x\n", "yaml-alias", 1),
    ("a: 1\n---\nb: 2\n", "yaml-many-documents", 2),
    ("a: 1\n\tb: 2\n", "yaml-tab", 2),
    ("a: 'open\n", "yaml-quote", 1),
    ("summary: Åbent hus: kom\n", "yaml-colon", 1),
    ("locations:\n  - id: a\n   name: b\n", "yaml-indent", 3),
    ("name: @x\n", "yaml-reserved", 1),
    ("languages: [da, en\nb: 1\n", "yaml-bracket", 1),
    ("? [a, b]\n: c\n", "yaml-complex-key", 1),
    ("a:" + " [" * 20 + " ]" * 20 + "\n", "yaml-too-deep", 1),
])
def test_broken_yaml_gives_a_located_problem(text, code, line):
    with pytest.raises(YamlProblem) as e:
        parse(text)
    assert (e.value.code, e.value.line) == (code, line)


def test_an_alias_bomb_is_refused_at_its_first_anchor():
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 12):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [{','.join('*' + chr(96 + i) for _ in range(9))}]\n"
    with pytest.raises(YamlProblem) as e:
        parse(bomb)
    assert e.value.code == "yaml-alias"


def test_deep_flow_nesting_is_refused_before_the_parser_sees_it():
    with pytest.raises(YamlProblem) as e:
        parse("a: " + "[" * 100_000)
    assert e.value.code == "yaml-too-deep"


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_BYTES + 1))
    with pytest.raises(YamlProblem) as e:
        read_text(path)
    assert e.value.code == "file-too-large"


def test_a_file_that_is_not_utf8_gets_the_line_and_column_of_the_bad_byte(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\nname: Børneklub\n".encode("latin-1"))
    with pytest.raises(YamlProblem) as e:
        read_text(path)
    assert (e.value.code, e.value.line, e.value.column) == ("file-not-utf8", 2, 8)


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffid: x\n".encode())
    assert parse(read_text(path)).value == {"id": "x"}


yaml_ish = st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`?,\n\t 0-9.~\\é")), max_size=200)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(content=st.one_of(yaml_ish, st.binary(max_size=200)))
def test_no_file_content_crashes_the_validator(tmp_path, content):
    path = tmp_path / "forening" / "services" / "x.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    rf = RecordFile(path, "service", "forening", "x")
    result = check_file(rf, make_context([rf]))
    assert result.record is None or not any(p.is_error for p in result.problems)
    for p in result.problems:
        assert p.line >= 1 and p.column >= 1
        for lang in ("da", "en"):
            message, _hint = p.message(lang)
            assert message


@settings(max_examples=200, deadline=None)
@given(value=st.text(st.characters(blacklist_categories=("Cs", "Zl", "Zp"), blacklist_characters="\x85\ufeff"),
                    max_size=40))
def test_a_quoted_string_reads_back_exactly_or_is_refused_never_changed(value):
    # NEL, LS and PS are line breaks to YAML even inside quotes, so the writer escapes them itself.
    try:
        doc = parse("name: " + json.dumps(value, ensure_ascii=False) + "\n")
    except YamlProblem as e:
        assert e.code == "yaml-syntax"  # e.g. a raw control character YAML does not allow
    else:
        assert doc.value == {"name": value}
