"""The catalogue's contract, read once from `schemas/datapackage.json`.

Everything else (the pydantic models, validation, exports, docs, synthetic data) asks this module
about fields, vocabularies and keys instead of listing them again.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DEFAULT_SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    title: dict[str, str]
    description: dict[str, str]
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    enum_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    example: str | None = None
    source: str | None = None  # "folder" or "parent": derived from where the record lies, never written
    matches: str | None = None  # "folder" or "filename": written, and must equal the record's path
    check: str | None = None  # "phone", "email", "url", "opening_hours": rules beyond Table Schema
    markdown: bool = False

    @property
    def written(self) -> bool:
        """Whether a contributor writes this field in the YAML file."""
        return self.source is None


@dataclass(frozen=True)
class Nested:
    """A child table that a record file holds as a list under `key`."""

    key: str
    table: Table
    value: str | None  # the one column a plain list holds; None: a list of mappings
    min_items: int

    @property
    def item_fields(self) -> list[Field]:
        return [f for f in self.table.fields if f.source != "parent"]


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: dict[str, str]
    path: str
    schema_path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    role: dict

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def reference_for(self, name: str) -> str | None:
        """Name of the table a single-column foreign key on `name` points to."""
        for fk in self.foreign_keys:
            if fk.fields == (name,):
                return fk.resource
        return None


class Schema:
    def __init__(self, root: Path):
        self.root = root
        self.package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        self.tables: dict[str, Table] = {}
        self._nested: dict[str, list[Nested]] = {}
        for res in self.package["resources"]:
            self.tables[res["name"]] = _table(root, res)

    def record_table(self, kind: str) -> Table:
        """The table behind a record file: kind is "organisation" or "service"."""
        for t in self.tables.values():
            if t.role.get("record") == kind:
                return t
        raise KeyError(kind)

    def nested(self, parent: str) -> list[Nested]:
        if parent not in self._nested:
            self._nested[parent] = self._find_nested(parent)
        return self._nested[parent]

    def _find_nested(self, parent: str) -> list[Nested]:
        out = []
        for t in self.tables.values():
            n = t.role.get("nested")
            if n and n["in"] == parent:
                out.append(Nested(n["key"], t, n.get("value"), n.get("min", 0)))
        return out

    @property
    def reference_tables(self) -> list[Table]:
        return [t for t in self.tables.values() if t.role.get("reference")]

    def rows(self, table: str) -> list[dict[str, str]]:
        return _rows(self.root / self.tables[table].path)

    def keys(self, table: str) -> frozenset[str]:
        """The primary-key values of a reference table (one-column keys only)."""
        (pk,) = self.tables[table].primary_key
        return frozenset(r[pk] for r in self.rows(table))

    def labels(self, table: str, lang: str) -> dict[str, str]:
        (pk,) = self.tables[table].primary_key
        return {r[pk]: r[f"label_{lang}"] if f"label_{lang}" in r else r["name"] for r in self.rows(table)}


@cache
def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _table(root: Path, res: dict) -> Table:
    desc = json.loads((root / res["schema"]).read_text(encoding="utf-8"))
    fields = tuple(_field(f) for f in desc["fields"])
    fks = tuple(
        ForeignKey(tuple(fk["fields"]), fk["reference"]["resource"], tuple(fk["reference"]["fields"]))
        for fk in desc.get("foreignKeys", [])
    )
    title = {"en": res.get("title", res["name"]), "da": res.get("x-da", {}).get("title", res.get("title", res["name"]))}
    return Table(res["name"], title, res["path"], res["schema"], fields,
                 tuple(desc["primaryKey"]), fks, res.get("x-catalogue", {}))


def _field(f: dict) -> Field:
    c = f.get("constraints", {})
    da = f.get("x-da", {})
    labels = {k: {"da": v[0], "en": v[1]} for k, v in f.get("x-enum-labels", {}).items()}
    return Field(
        name=f["name"], type=f["type"], required=bool(c.get("required")),
        title={"en": f.get("title", f["name"]), "da": da.get("title", f.get("title", f["name"]))},
        description={"en": f.get("description", ""), "da": da.get("description", f.get("description", ""))},
        pattern=c.get("pattern"), enum=tuple(c["enum"]) if "enum" in c else None, enum_labels=labels,
        minimum=c.get("minimum"), maximum=c.get("maximum"),
        min_length=c.get("minLength"), max_length=c.get("maxLength"),
        example=f.get("example"), source=f.get("x-from"), matches=f.get("x-matches"), check=f.get("x-check"),
        markdown=f.get("x-format-hint") == "markdown",
    )


@cache
def load_schema(root: str | None = None) -> Schema:
    return Schema(Path(root or os.environ.get("CATALOGUE_SCHEMAS") or DEFAULT_SCHEMAS))
