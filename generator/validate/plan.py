"""Which fields of a record kind the value rules look at, worked out once per schema and kind.

Most fields have no rule beyond their type; asking the schema about every field of every record cost more
than the rules themselves, so the rules walk only this plan.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ..schema import Field, Nested, Schema
from . import checks


@dataclass(frozen=True)
class FieldRule:
    """A field with a check or a reference, and the pattern a value must match before either applies."""

    field: Field
    pattern: re.Pattern | None
    check: Callable[[str], checks.Failure] | None
    target: str | None  # the reference table the value must be a key of


@dataclass(frozen=True)
class NestedPlan:
    nested: Nested
    value: FieldRule | None  # a plain list's one column, when it has a rule
    items: tuple[FieldRule, ...]  # the ruled fields of a list of mappings
    key_fields: tuple[str, ...]  # the written part of the child table's primary key


@dataclass(frozen=True)
class Plan:
    fields: tuple[FieldRule, ...]
    nested: tuple[NestedPlan, ...]


@cache
def plan(kind: str, schema: Schema) -> Plan:
    table = schema.record_table(kind)
    fields = tuple(r for f in table.fields if f.written and (r := _rule(f, table.reference_for(f.name))))
    return Plan(fields, tuple(_nested_plan(n) for n in schema.nested(table.name)))


def _nested_plan(n: Nested) -> NestedPlan:
    ref = n.table.reference_for
    if n.value:
        value, items = _rule(n.table.field(n.value), ref(n.value)), ()
    else:
        value, items = None, tuple(r for f in n.item_fields if (r := _rule(f, ref(f.name))))
    key_fields = tuple(k for k in n.table.primary_key if n.table.field(k).source != "parent")
    return NestedPlan(n, value, items, key_fields)


def _rule(f: Field, target: str | None) -> FieldRule | None:
    check = checks.BY_NAME[f.check] if f.check else None
    target = target if f.source is None else None
    if check is None and target is None:
        return None
    return FieldRule(f, re.compile(f.pattern) if f.pattern else None, check, target)
