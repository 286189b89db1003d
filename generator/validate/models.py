"""Pydantic models built from the schema at import time: no field is listed here by hand.

A record file holds its table's written fields plus one list per nested child table; the models
mirror exactly that, so `extra="forbid"` turns a misspelt key into an error instead of lost data.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, create_model
from pydantic import Field as PydField

from ..schema import Field, Schema, load_schema

_CONFIG = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False, frozen=True)


def python_type(f: Field) -> Any:
    """The Python annotation for one Table Schema field, constraints included."""
    if f.enum:
        return Literal[f.enum]
    if f.type == "string":
        return Annotated[str, StringConstraints(pattern=f.pattern, min_length=f.min_length,
                                                max_length=f.max_length)]
    if f.type == "integer":
        return Annotated[int, PydField(ge=f.minimum, le=f.maximum)]
    if f.type == "number":
        return Annotated[float, PydField(ge=f.minimum, le=f.maximum)]
    if f.type == "boolean":
        return bool
    if f.type == "date":
        return dt.date
    raise ValueError(f"schema field {f.name} has type {f.type}, which the models do not support")


def _annotation(f: Field) -> tuple[Any, Any]:
    t = python_type(f)
    return (t, ...) if f.required else (t | None, None)


def _model(name: str, fields: list[Field], extra: dict[str, tuple[Any, Any]] | None = None) -> type[BaseModel]:
    spec = {f.name: _annotation(f) for f in fields}
    spec.update(extra or {})
    return create_model(name, __config__=_CONFIG, **spec)


@cache
def record_model(kind: str, schema: Schema | None = None) -> type[BaseModel]:
    """The model of one record file: "organisation" or "service"."""
    schema = schema or load_schema()
    table = schema.record_table(kind)
    extra = {}
    for n in schema.nested(table.name):
        if n.value:
            item = python_type(n.table.field(n.value))
        else:
            item = _model(f"{kind.title()}{n.key.title().replace('_', '')}", n.item_fields)
        if n.min_items:
            extra[n.key] = (Annotated[list[item], PydField(min_length=n.min_items)], ...)
        else:
            extra[n.key] = (list[item], [])
    return _model(kind.title(), [f for f in table.fields if f.written], extra)
