"""Every key and value of a record file is located at the line and column where the contributor wrote it."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.validate import files as load
from generator.validate.files import YamlProblem, parse

keys = st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True)
text = st.text(st.characters(whitelist_categories=("L", "N", "Zs", "Po", "Pd")), max_size=20)
plain = st.from_regex(r"[A-Za-zæøå0-9][A-Za-zæøå0-9 ./@-]{0,15}", fullmatch=True).filter(
    lambda s: s == s.rstrip() and s not in ("null", "Null", "NULL"))
scalars = st.one_of(
    st.tuples(st.just("plain"), plain),
    st.tuples(st.just("double"), text),
    st.tuples(st.just("single"), text),
    st.tuples(st.just("null"), st.sampled_from(["", "~", "null"])),
)
in_lists = scalars.filter(lambda v: v != ("null", ""))  # records never hold empty list items
items = st.dictionaries(keys, st.one_of(scalars, st.tuples(st.just("flow"), st.lists(in_lists, max_size=3))),
                        min_size=1, max_size=4)
values = st.one_of(
    scalars,
    st.tuples(st.just("flow"), st.lists(in_lists, max_size=4)),
    st.tuples(st.just("block"), st.lists(in_lists, min_size=1, max_size=4)),
    st.tuples(st.just("items"), st.lists(items, min_size=1, max_size=3)),
)
records = st.dictionaries(keys, values, min_size=1, max_size=8)


class Written:
    """A record written out as YAML, noting where each key and value went (1-based line and column)."""

    def __init__(self, record: dict):
        self.lines: list[str] = []
        self.value: dict = {}
        self.values_at = {(): (1, 1)}
        self.keys_at: dict = {}
        self.quoted: set = set()
        for key, v in record.items():
            self.keys_at[(key,)] = (len(self.lines) + 1, 1)
            self.value[key] = self.entry(f"{key}:", v, (key,), 0)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def entry(self, head: str, v: tuple, path: tuple, indent: int) -> object:
        """Write `head` and value `v` on a new line at `indent`; return the value as read."""
        line, col = len(self.lines) + 1, indent + len(head) + 2
        kind = v[0]
        if kind == "null" and v[1] == "":
            self.values_at[path] = (line, col - 1)  # an empty value stands just after its colon
            self.lines.append(" " * indent + head)
            return None
        if kind in ("block", "items"):
            self.lines.append(" " * indent + head)
            self.values_at[path] = (line + 1, indent + 3)
            return [self.item(x, (*path, i), indent + 2, kind) for i, x in enumerate(v[1])]
        written, value = self.inline(v, path, line, col)
        self.lines.append(" " * indent + head + " " + written)
        return value

    def item(self, v, path: tuple, indent: int, kind: str) -> object:
        line = len(self.lines) + 1
        if kind == "block":
            written, value = self.inline(v, path, line, indent + 3)
            self.lines.append(" " * indent + "- " + written)
            return value
        self.values_at[path] = (line, indent + 3)
        mapping = {}
        for j, (key, x) in enumerate(v.items()):
            self.keys_at[(*path, key)] = (len(self.lines) + 1, indent + 3)
            mapping[key] = self.entry(("- " if j == 0 else "  ") + f"{key}:", x, (*path, key), indent)
        return mapping

    def inline(self, v: tuple, path: tuple, line: int, col: int) -> tuple[str, object]:
        """The text of a scalar or flow list starting at (line, col), and its value."""
        self.values_at[path] = (line, col)
        kind, s = v
        if kind == "flow":
            parts, value, at = [], [], col + 1
            for i, x in enumerate(s):
                written, read = self.inline(x, (*path, i), line, at)
                parts.append(written)
                value.append(read)
                at += len(written) + 2
            return "[" + ", ".join(parts) + "]", value
        if kind == "double":
            self.quoted.add(path)
            return json.dumps(s, ensure_ascii=False), s
        if kind == "single":
            self.quoted.add(path)
            return "'" + s.replace("'", "''") + "'", s
        return s, None if kind == "null" else s


@settings(max_examples=300, deadline=None)
@given(record=records)
def test_each_key_and_value_is_located_where_it_was_written(record):
    written = Written(record)
    doc = parse(written.text)
    assert doc.value == written.value
    assert doc.values_at == written.values_at
    assert doc.keys_at == written.keys_at
    assert doc.quoted == written.quoted


yaml_ish = st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`?,\n\t 0-9.~\\é")), max_size=200)


@settings(max_examples=500, deadline=None)
@given(source=st.one_of(yaml_ish, records.map(lambda r: Written(r).text)))
def test_reading_without_positions_gives_what_reading_with_them_gives(source):
    # Valid files are read without positions, which are found again only for a problem to report:
    # both readings must agree on every value and on the first fault and where it is.
    def outcome(read):
        try:
            return "value", read(source).value
        except YamlProblem as e:
            return "problem", e.code, e.line, e.column, e.params

    assert outcome(parse) == outcome(load._positioned)
