"""Contributor pages generated at build time: the schema reference and the opening-hours cheat-sheet.

Both come from the code's own sources of truth (schemas/ and the opening-hours parser), so they
cannot drift from what the validator accepts.
"""

from __future__ import annotations

import datetime as dt
import html
import json

from ..hours.parse import HoursError, week
from ..schema import Field, Schema, Table, load_schema
from ..urls import GENERATED_DOCS
from .hours_view import week_spans
from .i18n import DOCS

# Each example's meaning is in the DOCS table (`examples`), in both languages.
EXAMPLES = [
    "Mo-Fr 09:00-15:00",
    "Mo-Fr 16:00-20:00; PH off",
    "We 17:00-20:00; Sa 10:00-13:00; PH off",
    "Mo,Th 16:30-19:00",
    "Mo-Fr 09:00-12:00,13:00-15:00",
    "Fr 18:00-02:00",
    "Sa,Su 10:00-14:00; PH off",
    "We[1] 17:00-19:00",
    "Mo-Fr 09:00-15:00; Jul off",
    "Jun-Aug Mo-Fr 10:00-16:00",
    "24/7",
]

MISTAKES = [
    ("Mo-Fr 9-17", "Mo-Fr 09:00-17:00"),
    ("mandag 10:00-12:00", "Mo 10:00-12:00"),
    ("Mo-Fr 10:00-14:00 PH off", "Mo-Fr 10:00-14:00; PH off"),
    ("Mo-Fr 10.00-14.00", "Mo-Fr 10:00-14:00"),
]


def _cell(text: object) -> str:
    """Table cells come from schema text; escape it as the site escapes record text."""
    return html.escape(str(text)).replace("|", "\\|").replace("\n", " ")


def _type(f: Field, lang: str) -> str:
    t = DOCS[lang]
    out = t["types"].get(f.type, f.type)
    extra = f.check or ("markdown" if f.markdown else None)
    return f"{out}, {t['checks'][extra]}" if extra else out


def _allowed(f: Field, table: Table, schema: Schema, lang: str) -> str:
    t = DOCS[lang]
    if f.enum:
        return ", ".join(f"`{v}` ({_cell(f.enum_labels[v][lang])})" if v in f.enum_labels else f"`{v}`"
                         for v in f.enum)
    target = table.reference_for(f.name)
    if target and f.source is None:
        ref = schema.tables[target]
        if ref.role.get("reference"):
            keys = sorted(schema.keys(target))
            if len(keys) <= 20:
                return ", ".join(f"`{k}`" for k in keys)
            return f"{t['see']} `schemas/{ref.path}`"
        return _cell(ref.title[lang])
    parts = []
    if f.pattern:
        parts.append(f"`{_cell(f.pattern)}`")
    if f.minimum is not None or f.maximum is not None:
        parts.append(f"{f.minimum if f.minimum is not None else ''}–{f.maximum if f.maximum is not None else ''}")
    if f.max_length:
        parts.append(f"≤ {f.max_length}")
    return ", ".join(parts)


def _rows(table: Table, schema: Schema, lang: str, fields: list[Field]) -> list[str]:
    t = DOCS[lang]
    rows = [f"| {t['field']} | {t['type']} | {t['required']} | {t['allowed']} | {t['example']} |",
            "|---|---|---|---|---|"]
    for f in fields:
        note = ""
        if f.source:
            how = t["from_folder"] if f.source == "folder" else t["from_parent"]
            note = f" ({t['derived'].format(how=how)})"
        elif f.matches:
            note = f" ({t['must_match'].format(what=t[f.matches])})"
        title = f"`{f.name}`<br>{_cell(f.title[lang])}{note}<br><small>{_cell(f.description[lang])}</small>"
        example = f"`{_cell(f.example)}`" if f.example else ""
        rows.append(f"| {title} | {_type(f, lang)} | {t['yes'] if f.required else t['no']} | "
                    f"{_allowed(f, table, schema, lang)} | {example} |")
    return rows


def schema_reference(lang: str, schema: Schema | None = None) -> str:
    schema = schema or load_schema()
    t = DOCS[lang]
    out = [*_front_matter(t["schema_description"]), f"# {t['schema_title']}", "", t["schema_intro"], ""]
    for kind in ("organisation", "service"):
        table = schema.record_table(kind)
        out += [f"## {_cell(table.title[lang])}", "", f"`{table.name}` · `schemas/{table.schema_path}`", ""]
        out += _rows(table, schema, lang, list(table.fields))
        for n in schema.nested(table.name):
            written = f"`{n.key}:`"
            shape = (f"{t['list_of']} `{n.value}`" if n.value else t["list_items"])
            if n.min_items:
                shape += f", {t['at_least'].format(n=n.min_items)}"
            out += ["", f"### `{n.key}`: {_cell(n.table.title[lang])}", "",
                    f"{t['written_as']} {written} {shape} · `{n.table.name}` · `schemas/{n.table.schema_path}`", ""]
            out += _rows(n.table, schema, lang, list(n.table.fields))
        out.append("")
    out.append(f"## {'Referencetabeller' if lang == 'da' else 'Reference tables'}")
    for table in schema.reference_tables:
        out += ["", f"### `{table.name}`: {_cell(table.title[lang])}", "",
                f"`schemas/{table.path}` · `schemas/{table.schema_path}`", ""]
        out += _rows(table, schema, lang, list(table.fields))
    return "\n".join(out) + "\n"


def _hhmm(t: dt.time, end: bool = False) -> str:
    return "24:00" if end and t == dt.time() else t.strftime("%H:%M")


def _week_row(expression: str, monday: dt.date, lang: str) -> str:
    cells = []
    for _day, intervals in week_spans(expression, monday):
        text = ", ".join(f"{_hhmm(a)}–{_hhmm(b, end=True)}" for a, b in intervals)
        cells.append(text or DOCS[lang]["closed"])
    return "| " + " | ".join(cells) + " |"


def hours_cheatsheet(lang: str, built: dt.date) -> str:
    t = DOCS[lang]
    monday = built + dt.timedelta(days=(7 - built.weekday()) % 7)
    out = [*_front_matter(t["hours_description"]), f"# {t['hours_title']}", "",
           t["hours_intro"].format(monday=monday.isoformat(), built=built.isoformat()), "", t["rules"], ""]
    head = "| " + " | ".join(f"{d} {(monday + dt.timedelta(i)).day}/{(monday + dt.timedelta(i)).month}"
                             for i, d in enumerate(t["days"])) + " |"
    for expression in EXAMPLES:
        out += [f"## `{expression}`", "", f"{t['means']}: {t['examples'][expression]}", "", head, "|---" * 7 + "|",
                _week_row(expression, monday, lang), ""]
    out += [f"## {t['mistakes']}", "", f"| {t['wrong']} | {t['parser_says']} | {t['right']} |", "|---|---|---|"]
    for wrong, right in MISTAKES:
        try:
            week(wrong, monday)
            said = "OK"
        except HoursError as e:
            said = _cell(e.detail)
        week(right, monday)  # the fix must itself parse, or the build fails here
        out.append(f"| `{wrong}` | {said} | `{right}` |")
    return "\n".join(out) + "\n"


def _front_matter(description: str) -> list[str]:
    """MkDocs' meta block: the page's description for search engines (the theme writes its meta tag)."""
    return ["---", f"description: {json.dumps(description, ensure_ascii=False)}", "---", ""]


def generated_pages(built: dt.date) -> dict[str, str]:
    """Every generated contributor page: docs path -> Markdown."""
    pages = {}
    for lang, paths in GENERATED_DOCS.items():
        pages[paths["schema"]] = schema_reference(lang)
        pages[paths["hours"]] = hours_cheatsheet(lang, built)
    return pages
