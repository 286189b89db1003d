"""What every record file is checked against, known before any file is read: the schema, the ids of the
catalogue's organisations and services (from the folder listing), the reference tables, today and the boundaries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..schema import Schema, load_schema
from .files import RecordFile


@dataclass(frozen=True)
class Context:
    schema: Schema
    organisation_ids: frozenset[str]
    service_paths: dict[str, tuple[str, ...]]
    references: dict[str, frozenset[str]]
    today: dt.date
    boundaries: str | None = None  # a GeoJSON of municipalities; None: the committed simplified boundaries
    municipality_names: dict[str, str] = field(default_factory=dict)


def make_context(files: list[RecordFile], *, boundaries: str | None = None, today: dt.date | None = None,
                 schema: Schema | None = None) -> Context:
    schema = schema or load_schema()
    paths: dict[str, list[str]] = defaultdict(list)
    for f in files:
        if f.kind == "service":
            paths[f.id].append(str(f.path))
    references = {t.name: schema.keys(t.name) for t in schema.reference_tables}
    orgs = frozenset(f.organisation_id for f in files if f.kind == "organisation")
    names = {row["code"]: row["name"] for row in schema.rows("municipalities")}
    return Context(schema, orgs, {k: tuple(v) for k, v in paths.items()}, references,
                   today or dt.date.today(), boundaries, names)
