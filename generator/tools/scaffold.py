"""`catalogue new`: commented record templates, written from the schema so they never fall behind it.

Every field gets its title and description as a comment; required fields are left empty for the
contributor to fill in (the validator says which are still missing), optional ones are commented out
with an example.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..schema import Field, Nested, Schema, load_schema
from .messages import MESSAGES

# Values a template can fill in for the contributor because one answer is right for nearly everyone.
DEFAULTS = {"status": "active"}


def _words(lang: str) -> dict[str, str]:
    return MESSAGES[lang]["template"]


def _scalar(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _allowed(f: Field, schema: Schema, table_name: str, lang: str) -> str | None:
    if f.enum:
        return ", ".join(f.enum)
    target = schema.tables[table_name].reference_for(f.name)
    if target and target in schema.tables and schema.tables[target].role.get("reference"):
        keys = sorted(schema.keys(target))
        return ", ".join(keys) if len(keys) <= 20 else f"{_words(lang)['see']} schemas/{schema.tables[target].path}"
    return None


def _comment(f: Field, lang: str, indent: str, allowed: str | None, required: bool | None = None) -> list[str]:
    need = _words(lang)["required" if (f.required if required is None else required) else "optional"]
    lines = [f"{indent}# {f.title[lang]} ({need}): {f.description[lang]}"]
    if allowed:
        lines.append(f"{indent}# {_words(lang)['allowed']}: {allowed}")
    return lines


def _field_lines(f: Field, value: str | None, lang: str, indent: str, allowed: str | None) -> list[str]:
    lines = _comment(f, lang, indent, allowed)
    if value is not None:
        lines.append(f"{indent}{f.name}: {value}")
    elif f.required:
        lines.append(f"{indent}{f.name}:")
    else:
        example = f.example if f.type in ("integer", "number", "boolean", "date") else _scalar(f.example or "")
        lines.append(f"{indent}# {f.name}: {example}")
    return lines


def _nested_lines(n: Nested, schema: Schema, lang: str) -> list[str]:
    if n.value:
        f = n.table.field(n.value)
        allowed = _allowed(f, schema, n.table.name, lang)
        lines = _comment(f, lang, "", allowed, required=bool(n.min_items))
        lines[0] = lines[0].replace(f"# {f.title[lang]}", f"# {n.key}: {f.title[lang]}", 1)
        if n.min_items:
            return [*lines, f"{n.key}: []"]
        return [*lines, f"# {n.key}: [{_scalar(f.example or '')}]"]
    lines = [f"# {n.key}: {n.table.title[lang]}"]
    if any(f.required for f in n.item_fields) and n.key == "locations":
        # One empty place to fill in: most offers have one. Its first field opens the list item.
        lines += [f"# {_words(lang)['location']}", f"{n.key}:"]
        for i, f in enumerate(n.item_fields):
            body = _field_lines(f, None, lang, "    ", _allowed(f, schema, n.table.name, lang))
            if i == 0:
                body[-1] = "  - " + body[-1].lstrip()
            lines += body
        return lines
    example = ", ".join(f"{f.name}: {_scalar(f.example or '')}" for f in n.item_fields)
    return [*lines, f"# {n.key}:", f"#   - {{{example}}}"]


def template(kind: str, record_id: str, lang: str = "da", today: dt.date | None = None,
             schema: Schema | None = None) -> str:
    schema = schema or load_schema()
    table = schema.record_table(kind)
    lines = [f"# {_words(lang)['header_' + kind]}", f"# {_words(lang)['guide']}", ""]
    for f in table.fields:
        if not f.written:
            continue
        value = None
        if f.matches:
            value = record_id
        elif f.name in DEFAULTS:
            value = DEFAULTS[f.name]
        elif f.name == "last_verified":
            value = (today or dt.date.today()).isoformat()
        lines += _field_lines(f, value, lang, "", _allowed(f, schema, table.name, lang))
    for n in schema.nested(table.name):
        lines.append("")
        lines += _nested_lines(n, schema, lang)
    return "\n".join(lines) + "\n"


def path_for(root: Path, kind: str, organisation_id: str, record_id: str) -> Path:
    if kind == "organisation":
        return root / organisation_id / "organisation.yaml"
    return root / organisation_id / "services" / f"{record_id}.yaml"
