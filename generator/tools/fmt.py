"""`catalogue fmt`: put a record's keys in schema order and its layout in one style, keeping every comment.

Scalars are read as plain text (no implicit typing), so formatting can never change a value; strings
that another YAML reader would take for a number, boolean, null or time (`0800`, `no`, `09:00`) are
quoted so the file means the same to every tool.
"""

from __future__ import annotations

import difflib
import io
import itertools
import re
from dataclasses import dataclass

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
)

from ..schema import Field, Schema, load_schema

INDENT = 2


class _TextResolver(VersionedResolver):
    """Every plain scalar is a string: the formatter never interprets values."""

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode and implicit[0]:
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.Resolver = _TextResolver
    y.preserve_quotes = True
    y.indent(mapping=INDENT, sequence=INDENT * 2, offset=INDENT)
    y.width = 4096
    return y


_YAML_11 = pyyaml.resolver.Resolver()
_YAML_12 = VersionedResolver(version=(1, 2))


def ambiguous(text: str) -> bool:
    """Whether some YAML reader (1.1 or 1.2) would read this plain scalar as something other than text."""
    if text == "" or text != text.strip():
        return False
    t11 = _YAML_11.resolve(pyyaml.ScalarNode, text, (True, False))
    t12 = str(_YAML_12.resolve(ScalarNode, text, (True, False)))
    return t11 != "tag:yaml.org,2002:str" or not t12.endswith(":str")


class FormatError(Exception):
    pass


@dataclass(frozen=True)
class Change:
    """One line to change to reach the normal form: delete `old`, insert `new` before line `line` of the file as
    it is, or write `new` instead of `old` on that line."""

    line: int
    kind: str  # "delete", "insert" or "replace"
    old: str = ""
    new: str = ""


def changes(old: str, new: str) -> list[Change]:
    """What to change in `old`, line by line, to get `new`: what `catalogue fmt --check` tells a contributor."""
    a, b = old.splitlines(), new.splitlines()
    out: list[Change] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            out += [Change(i1 + k + 1, "replace", a[i1 + k], b[j1 + k]) for k in range(i2 - i1)]
            continue
        # Within a block, a line whose key stays is a line rewritten (a value quoted), not one deleted and added.
        keys = {_key(b[j]): j for j in range(j1, j2) if _key(b[j])}
        paired = {}
        for i in range(i1, i2):
            j = keys.pop(_key(a[i]), None) if _key(a[i]) else None
            if j is not None:
                paired[j] = i
        for i in range(i1, i2):
            if i not in paired.values():
                out.append(Change(i + 1, "delete", a[i]))
        for j in range(j1, j2):
            out.append(Change(paired[j] + 1, "replace", a[paired[j]], b[j]) if j in paired
                       else Change(i2 + 1 if tag == "replace" else i1 + 1, "insert", new=b[j]))
    return sorted(out, key=lambda c: (c.line, c.kind != "delete"))


def _key(line: str) -> str:
    """The key a line of a record starts (`  - id:` gives "- id"), or "" for a comment, a list item or text."""
    match = re.match(r"\s*(- )?([A-Za-z_][\w-]*):(\s|$)", line)
    return f"{match[1] or ''}{match[2]}" if match else ""


def format_text(text: str, kind: str, schema: Schema | None = None) -> str:
    """The record in normal form. Raises FormatError for files that are not a YAML mapping."""
    schema = schema or load_schema()
    y = _yaml()
    try:
        data = y.load(text)
    except YAMLError as e:
        raise FormatError(str(e)) from None
    if not isinstance(data, CommentedMap):
        raise FormatError("not a mapping")
    table = schema.record_table(kind)
    nested = schema.nested(table.name)
    _reorder(data, [f.name for f in table.fields if f.written] + [n.key for n in nested], 0)
    _quote(data, [f for f in table.fields if f.written])
    for n in nested:
        items = data.get(n.key)
        if not isinstance(items, CommentedSeq):
            continue
        if n.value:
            _quote_list(items, n.table.field(n.value))
        else:
            for item in items:
                if isinstance(item, CommentedMap):
                    _reorder(item, [f.name for f in n.item_fields], INDENT * 2)
                    _quote(item, n.item_fields)
        if len(items) and not (n.value and items.fa.flow_style()):
            # A short list of codes may stay on one line as written (`[da, ar]`); lists of places are blocks.
            items.fa.set_block_style()
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def _quote(mapping: CommentedMap, fields: list[Field]) -> None:
    for f in fields:
        value = mapping.get(f.name)
        if f.type == "string" and isinstance(value, str) and not isinstance(value, ScalarString) and ambiguous(value):
            mapping[f.name] = DoubleQuotedScalarString(value)


def _quote_list(items: CommentedSeq, f: Field) -> None:
    for i, value in enumerate(items):
        if f.type == "string" and isinstance(value, str) and not isinstance(value, ScalarString) and ambiguous(value):
            items[i] = DoubleQuotedScalarString(value)


def _reorder(mapping: CommentedMap, order: list[str], column: int) -> None:
    """Sort keys by `order` (unknown keys last, as they were), moving the comment lines above each key.

    Comments are re-attached at `column`, the keys' column in the output, since list items move when
    the layout is normalised.
    """
    keys = list(mapping.keys())
    rank = {k: i for i, k in enumerate(order)}
    wanted = sorted(keys, key=lambda k: (rank.get(k, len(order)), keys.index(k)))
    above = _comments_above(mapping, keys)
    entries = [(k, mapping[k], mapping.ca.items.pop(k, None)) for k in keys]
    for k in keys:
        del mapping[k]
    for k, value, comment in sorted(entries, key=lambda e: wanted.index(e[0])):
        mapping[k] = value
        if comment:
            mapping.ca.items[k] = comment
    for k, lines in above.items():
        mapping.yaml_set_comment_before_after_key(k, before="\n".join(lines), indent=column)


def _comments_above(mapping: CommentedMap, keys: list[str]) -> dict[str, list[str]]:
    """Full-line comments that a reader sees above each key.

    ruamel stores them after the previous key's value, on its deepest last scalar when that value is
    a list or mapping: they are taken from there so they move with the key they describe.
    """
    above: dict[str, list[str]] = {}
    for prev, key in itertools.pairwise(keys):
        holder, slot, token, block = _trailing_comment(mapping, prev)
        if token is None:
            continue
        # After a block scalar (`|`, `>`) there is no end-of-line comment: every line is a full line.
        first, _, rest = ("", "", token.value) if block else token.value.partition("\n")
        lines = [line.strip() for line in rest.split("\n")]
        while lines and lines[-1] == "":
            lines.pop()
        if lines:
            above[key] = [re.sub(r"^#\s?", "", line) for line in lines]
            if block:
                holder[slot] = None  # the block's own last line break ends it; a "\n" left here is a blank line
            else:
                token.value = first + "\n"
    return above


def _trailing_comment(container, key):
    """(the comment slots holding it, the slot, the comment token or None, whether the value is a block scalar)
    after `container[key]`, found on the deepest last scalar of a nested value."""
    value = container[key]
    if isinstance(value, CommentedMap) and len(value):
        return _trailing_comment(value, list(value.keys())[-1])
    if isinstance(value, CommentedSeq) and len(value):
        return _trailing_comment(value, len(value) - 1)
    entry = container.ca.items.get(key)
    slot = 0 if isinstance(container, CommentedSeq) else 2
    token = entry[slot] if entry and len(entry) > slot else None
    return entry, slot, token, isinstance(value, (LiteralScalarString, FoldedScalarString))
