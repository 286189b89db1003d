"""The values of a well-formed record file, read from libyaml's events without noting any position.

Positions are needed only to report a problem, and almost every file has none; building them for
every file was a large part of reading YAML. Whatever `load.parse` would refuse (an anchor or alias, a
duplicate or complex key, nesting too deep, a second document, a syntax error) ends this reading
with `Refused` or `yaml.YAMLError`, and `load.parse` reads the file again with positions to say
what is wrong and where.
"""

from __future__ import annotations

import yaml
from yaml.cyaml import CParser

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_SCALAR, _ALIAS, _STREAM_END = yaml.ScalarEvent, yaml.AliasEvent, yaml.StreamEndEvent
_SEQUENCE, _SEQUENCE_END, _MAPPING_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent, yaml.MappingEndEvent


class Refused(Exception):
    """Something here must be reported with its position."""


class Reader:
    def __init__(self, text: str, max_depth: int):
        self.next = iter(CParser(text).get_event, None).__next__
        self.max_depth = max_depth
        self.nulls = False  # whether an unquoted null was read, which the validator then drops

    def document(self) -> object:
        self.next()  # StreamStart
        if self.next().__class__ is _STREAM_END:
            return None
        value = self.node(self.next(), 0)
        self.next()  # DocumentEnd
        if self.next().__class__ is not _STREAM_END:
            raise Refused
        return value

    def node(self, ev, depth: int) -> object:
        cls = ev.__class__
        if cls is _ALIAS or ev.anchor is not None or depth > self.max_depth:
            raise Refused
        if cls is _SCALAR:
            if not ev.style and ev.value in NULLS:
                self.nulls = True
                return None
            return ev.value
        if cls is _SEQUENCE:
            return self.sequence(depth)
        return self.mapping(depth)

    def sequence(self, depth: int) -> list:
        items, next_ = [], self.next
        while (ev := next_()).__class__ is not _SEQUENCE_END:
            items.append(self.node(ev, depth + 1))
        return items

    def mapping(self, depth: int) -> dict:
        mapping: dict[str, object] = {}
        next_ = self.next
        while (ev := next_()).__class__ is not _MAPPING_END:
            if ev.__class__ is not _SCALAR or ev.value in mapping:
                raise Refused
            mapping[ev.value] = self.node(next_(), depth + 1)
        return mapping
