"""Imported records written as catalogue files, in the form `catalogue fmt` gives them."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ..schema import Schema, load_schema
from ..tools.fmt import ambiguous, format_text
from .problems import ImportProblem


@dataclass
class Imported:
    organisations: dict[str, dict]  # id -> organisation record (only those the input describes)
    services: list[dict]  # service records, each with organisation_id
    problems: list[ImportProblem]


_CLOCK = re.compile(r"\d:\d")  # opening hours are quoted in records, as contributors are told to


def without_empty(value):
    """The record without empty values (None, []): what a record file leaves out, and the model reads as absent."""
    if isinstance(value, dict):
        return {k: without_empty(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [without_empty(v) for v in value]
    return value


def record_yaml(kind: str, record: dict, schema: Schema | None = None) -> str:
    """A record file in the catalogue's normal form (`catalogue fmt`): schema order, values quoted as needed."""
    schema = schema or load_schema()
    table = schema.record_table(kind)
    written = {f.name for f in table.fields if f.written} | {n.key for n in schema.nested(table.name)}
    data = _styled({k: v for k, v in without_empty(record).items() if k in written})
    y = YAML(typ="rt")
    y.width = 4096
    buf = io.StringIO()
    y.dump(data, buf)
    return format_text(buf.getvalue(), kind, schema)


def _styled(value):
    """Multi-line text as a literal block, text another YAML reader could misread (`0800`, `+45 ...`) quoted."""
    if isinstance(value, dict):
        return {k: _styled(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_styled(v) for v in value]
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value + "\n")
        if ambiguous(value) or value[:1] in "+'\"&*!|>%@`#,[]{}" or _CLOCK.search(value):
            return DoubleQuotedScalarString(value)
    return value


def write_records(imported: Imported, root: Path, replace: bool = False) -> tuple[list[Path], list[ImportProblem]]:
    """Write the imported records under the catalogue folder `root`; existing files are kept unless `replace`."""
    written, problems = [], []
    todo = [(root / oid / "organisation.yaml", "organisation", rec) for oid, rec in imported.organisations.items()]
    todo += [(root / s["organisation_id"] / "services" / f"{s['id']}.yaml", "service", s) for s in imported.services]
    for path, kind, record in todo:
        # Ids were checked against the schema's pattern; this keeps even a future slip inside the catalogue.
        if not path.resolve().is_relative_to(root.resolve()):
            raise ValueError(f"{path} is outside {root}")
        if path.exists() and not replace:
            problems.append(ImportProblem(str(path), "", "exists", {"path": str(path)}, error=kind == "service"))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(record_yaml(kind, record), encoding="utf-8")
        written.append(path)
    return written, problems
