"""The build's JSON (generator/output.py, through orjson) says what the standard library would have said:
the same text for everything but floats, and floats that read back as the same numbers."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from generator import output

text = st.text(alphabet=st.characters(exclude_categories=["Cs"]))  # any character but lone surrogates
scalars = st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**63 - 1) | text
numbers = st.floats(allow_nan=False, allow_infinity=False)


def documents(leaves):
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(text, inner, max_size=5),
                        max_leaves=30)


def standard(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@given(documents(scalars))
def test_without_floats_the_text_is_the_standard_librarys(value):
    assert output.dumps(value) == standard(value)
    assert output.dumps_bytes(value) == standard(value).encode("utf-8")


@given(documents(scalars | numbers))
def test_every_value_reads_back_the_same(value):
    assert json.loads(output.dumps(value)) == value
    assert output.loads(output.dumps_bytes(value)) == value


def test_record_text_that_matters_in_pages_is_kept_as_written():
    tricky = {"name": "</script><!-- \u2028\u2029 æøå 😀 \"quoted\" \\ back", "geo": [55.2757, 10.0658]}
    assert output.dumps(tricky) == standard(tricky)
