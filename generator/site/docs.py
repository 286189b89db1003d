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

T = {
    "da": {
        "schema_title": "Skemaet: alle felter", "hours_title": "Åbningstider: snydeark",
        "schema_description": "Alle felter i Velfærdskatalogets poster med type, tilladte værdier og eksempler, "
                              "hentet fra skemaet, som kontrollen bruger.",
        "hours_description": "Åbningstider i OpenStreetMap-formatet opening_hours med eksempler, beregnet af "
                             "katalogets egen parser for den kommende uge, og de almindelige fejl.",
        "schema_intro": "Alle felter, som kataloget kender, hentet direkte fra `schemas/` hver gang siden bygges. "
                        "Et felt, der ikke står her, giver en fejl.",
        "field": "Felt", "type": "Type", "required": "Påkrævet", "allowed": "Tilladte værdier", "example": "Eksempel",
        "yes": "ja", "no": "nej", "file": "Fil", "list_of": "liste af", "list_items": "liste med felterne nedenfor",
        "at_least": "mindst {n}", "written_as": "I filen som", "see": "se", "derived": "skrives ikke: {how}",
        "from_folder": "mappens navn", "from_parent": "hentes fra posten", "must_match": "skal være lig {what}",
        "filename": "filnavnet", "folder": "mappens navn",
        "types": {"string": "tekst", "integer": "helt tal", "number": "tal", "boolean": "true/false",
                  "date": "dato (ÅÅÅÅ-MM-DD)"},
        "checks": {"phone": "dansk telefonnummer", "email": "e-mailadresse", "url": "webadresse (https://)",
                   "opening_hours": "OpenStreetMap opening_hours", "markdown": "Markdown"},
        "hours_intro": "Åbningstider skrives i OpenStreetMap-formatet `opening_hours`. Tabellerne herunder er "
                       "beregnet af den samme parser, som kontrollerer posterne, for ugen fra {monday} "
                       "(siden blev bygget {built}), så de viser præcis, hvad kataloget forstår.",
        "rules": "Dage: `Mo Tu We Th Fr Sa Su`. Tider med to cifre: `09:00-15:00`. Flere regler adskilles med "
                 "`;`. `PH off` betyder lukket på danske helligdage (juledag, påske, Kristi himmelfartsdag, "
                 "pinse, nytårsdag).",
        "means": "Betyder", "week": "Ugen fra {monday}", "closed": "lukket",
        "mistakes": "Almindelige fejl", "wrong": "Forkert", "right": "Rigtigt", "parser_says": "Parseren siger",
        "days": ["man", "tir", "ons", "tor", "fre", "lør", "søn"],
    },
    "en": {
        "schema_title": "The schema: every field", "hours_title": "Opening hours: cheat-sheet",
        "schema_description": "Every field of Velfærdskataloget's records with its type, allowed values and "
                              "examples, taken from the schema the check uses.",
        "hours_description": "Opening hours in OpenStreetMap's opening_hours format with examples, computed by the "
                             "catalogue's own parser for the coming week, and the common mistakes.",
        "schema_intro": "Every field the catalogue knows, read straight from `schemas/` each time the site is "
                        "built. A field that is not listed here is an error.",
        "field": "Field", "type": "Type", "required": "Required", "allowed": "Allowed values", "example": "Example",
        "yes": "yes", "no": "no", "file": "File", "list_of": "list of", "list_items": "list with the fields below",
        "at_least": "at least {n}", "written_as": "In the file as", "see": "see", "derived": "not written: {how}",
        "from_folder": "the folder name", "from_parent": "taken from the record", "must_match": "must equal {what}",
        "filename": "the file name", "folder": "the folder name",
        "types": {"string": "text", "integer": "whole number", "number": "number", "boolean": "true/false",
                  "date": "date (YYYY-MM-DD)"},
        "checks": {"phone": "Danish phone number", "email": "email address", "url": "web address (https://)",
                   "opening_hours": "OpenStreetMap opening_hours", "markdown": "Markdown"},
        "hours_intro": "Opening hours are written in OpenStreetMap's `opening_hours` format. The tables below are "
                       "computed by the same parser that checks the records, for the week from {monday} (the "
                       "page was built on {built}), so they show exactly what the catalogue understands.",
        "rules": "Days: `Mo Tu We Th Fr Sa Su`. Times with two digits: `09:00-15:00`. Separate rules with `;`. "
                 "`PH off` means closed on Danish public holidays (Christmas, Easter, Ascension Day, Whitsun, "
                 "New Year's Day).",
        "means": "Means", "week": "The week from {monday}", "closed": "closed",
        "mistakes": "Common mistakes", "wrong": "Wrong", "right": "Right", "parser_says": "The parser says",
        "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    },
}

EXAMPLES = [
    ("Mo-Fr 09:00-15:00", {"da": "Hverdage fra 9 til 15.", "en": "Weekdays from 9 to 3 pm."}),
    ("Mo-Fr 16:00-20:00; PH off", {"da": "Hverdage fra 16 til 20, lukket på helligdage.",
                                   "en": "Weekdays 4 to 8 pm, closed on public holidays."}),
    ("We 17:00-20:00; Sa 10:00-13:00; PH off", {"da": "Onsdag aften og lørdag formiddag.",
                                                "en": "Wednesday evening and Saturday morning."}),
    ("Mo,Th 16:30-19:00", {"da": "Mandag og torsdag, komma mellem enkeltdage.",
                           "en": "Monday and Thursday: a comma between single days."}),
    ("Mo-Fr 09:00-12:00,13:00-15:00", {"da": "Lukket for frokost: to tidsrum samme dag.",
                                       "en": "Closed for lunch: two time ranges on the same day."}),
    ("Fr 18:00-02:00", {"da": "Fredag aften til klokken 2 om natten.", "en": "Friday evening until 2 am."}),
    ("Sa,Su 10:00-14:00; PH off", {"da": "Weekender, men ikke på helligdage.",
                                   "en": "Weekends, but not on public holidays."}),
    ("We[1] 17:00-19:00", {"da": "Første onsdag i måneden.", "en": "The first Wednesday of the month."}),
    ("Mo-Fr 09:00-15:00; Jul off", {"da": "Hverdage, men lukket i juli.", "en": "Weekdays, but closed in July."}),
    ("Jun-Aug Mo-Fr 10:00-16:00", {"da": "Kun om sommeren (juni-august).", "en": "Only in summer (June-August)."}),
    ("24/7", {"da": "Altid åbent, fx en døgnbemandet telefonlinje.", "en": "Always open, e.g. a 24-hour phone line."}),
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
    t = T[lang]
    out = t["types"].get(f.type, f.type)
    extra = f.check or ("markdown" if f.markdown else None)
    return f"{out}, {t['checks'][extra]}" if extra else out


def _allowed(f: Field, table: Table, schema: Schema, lang: str) -> str:
    t = T[lang]
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
    t = T[lang]
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
    t = T[lang]
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
    for _day, intervals in week(expression, monday):
        text = ", ".join(f"{_hhmm(a)}–{_hhmm(b, end=True)}" for a, b in intervals)
        cells.append(text or T[lang]["closed"])
    return "| " + " | ".join(cells) + " |"


def hours_cheatsheet(lang: str, built: dt.date) -> str:
    t = T[lang]
    monday = built + dt.timedelta(days=(7 - built.weekday()) % 7)
    out = [*_front_matter(t["hours_description"]), f"# {t['hours_title']}", "",
           t["hours_intro"].format(monday=monday.isoformat(), built=built.isoformat()), "", t["rules"], ""]
    head = "| " + " | ".join(f"{d} {(monday + dt.timedelta(i)).day}/{(monday + dt.timedelta(i)).month}"
                             for i, d in enumerate(t["days"])) + " |"
    for expression, meaning in EXAMPLES:
        out += [f"## `{expression}`", "", f"{t['means']}: {meaning[lang]}", "", head, "|---" * 7 + "|",
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
