"""The rules a record must follow beyond its types, and the translation of type errors into Problems.

Rules read the values as written (strings) and skip what the type check already reports, so one
mistake gives one problem, and every other problem in the file is still found in the same run.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator

from ..geo import in_denmark, load_boundaries, postcode
from ..sanitise import character_name, first_unsafe
from ..schema import Field, Nested
from .context import Context
from .files import Document, Path_, RecordFile
from .messages import Phrase
from .plan import FieldRule, Plan, plan
from .problems import Problem

STALE_AFTER = dt.timedelta(days=365)
TRUE = {"1", "on", "t", "true", "y", "yes"}  # what pydantic reads as true
EARLIEST = dt.date(2000, 1, 1)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")



def display(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _problem(rf: RecordFile, doc: Document, loc: Path_, code: str, params: dict, *,
             key: bool = False, offset: int | None = None, field: Path_ | None = None) -> Problem:
    """A problem at `loc` (or the nearest enclosing value that exists), naming `field` (default `loc`)."""
    line, col = doc.position(loc, key=key)
    value = _at(doc.value, loc)
    if offset is not None and isinstance(value, str) and "\n" not in value and loc in doc.values_at:
        col += offset + (1 if loc in doc.quoted else 0)
    return Problem(str(rf.path), line, col, display(loc if field is None else field), code, params)


def _at(value, loc: Path_):
    for part in loc:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _field_info(f: Field) -> dict:
    return {"title": f.title, "description": f.description, "example": f.example or "", "key": f.name}


# --- type errors -------------------------------------------------------------------------------

_TYPE_ERRORS = {"string_type", "int_type", "int_parsing", "int_from_float", "float_type", "float_parsing",
                "bool_type", "bool_parsing", "date_type", "date_parsing", "date_from_datetime_parsing",
                "date_from_datetime_inexact", "finite_number", "list_type", "model_type", "dict_type",
                "model_attributes_type"}


def _describe(kind: str, loc: Path_, ctx: Context) -> tuple[Field | None, Nested | None]:
    """The schema field behind a pydantic error location, and its nested table if any."""
    table = ctx.schema.record_table(kind)
    nested = {n.key: n for n in ctx.schema.nested(table.name)}
    head = loc[0] if loc else None
    if head in nested:
        n = nested[head]
        if n.value:
            return n.table.field(n.value), n
        if len(loc) >= 3 and isinstance(loc[2], str):
            names = {f.name for f in n.item_fields}
            return (n.table.field(loc[2]) if loc[2] in names else None), n
        return None, n
    try:
        return table.field(str(head)), None
    except KeyError:
        return None, None


def _short(value) -> str:
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def from_pydantic(rf: RecordFile, err: dict, values: dict, doc: Document, ctx: Context) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    f, nested = _describe(rf.kind, loc, ctx)
    info = _field_info(f) if f else {}
    if nested and (not f or len(loc) == 1):
        value_field = f or nested.item_fields[0]
        info = {**_field_info(value_field), "key": nested.key}
    value = err.get("input")
    params = {**info, "value": _short(value)}
    ctx_ = err.get("ctx") or {}
    if kind == "missing":
        key = str(loc[-1])
        if f is None and nested:
            info = {**info, "key": key, "title": {"da": key, "en": key}}
        return _problem(rf, doc, loc[:-1], "required", {**info, "key": key, "example": info.get("example") or "…"},
                        field=loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(rf.kind, loc, ctx)
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        return _problem(rf, doc, loc, "unknown-field", {"key": key, "allowed": ", ".join(allowed),
                                                         "suggestion": close[0] if close else ""}, key=True)
    if kind == "literal_error" and f and f.enum:
        close = difflib.get_close_matches(str(value), f.enum, n=1, cutoff=0.5)
        return _problem(rf, doc, loc, "not-allowed", {**params, "allowed": _enum_labels(f),
                                                       "suggestion": close[0] if close else ""})
    if kind == "string_pattern_mismatch":
        return _problem(rf, doc, loc, "pattern", params)
    if kind == "string_too_long":
        limits = {"limit": ctx_.get("max_length"), "length": len(str(value))}
        return _problem(rf, doc, loc, "too-long", {**params, **limits})
    if kind == "string_too_short":
        return _problem(rf, doc, loc, "too-short", {**params, "limit": ctx_.get("min_length")})
    if kind == "too_short":
        return _problem(rf, doc, loc, "too-few", {**params, "limit": ctx_.get("min_length")})
    if kind == "greater_than_equal":
        return _problem(rf, doc, loc, "below-minimum", {**params, "limit": ctx_.get("ge")})
    if kind == "less_than_equal":
        return _problem(rf, doc, loc, "above-maximum", {**params, "limit": ctx_.get("le")})
    expected = _expected(kind, f, loc, nested)
    return _problem(rf, doc, loc, "wrong-type", {**params, "expected": expected})


def _expected(kind: str, f: Field | None, loc: Path_, nested: Nested | None) -> str:
    if kind == "list_type":
        return "list"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "mapping"
    if f is not None and f.type in ("string", "integer", "number", "boolean", "date"):
        return f.type
    return "string"


def _allowed_keys(kind: str, loc: Path_, ctx: Context) -> list[str]:
    table = ctx.schema.record_table(kind)
    nested = ctx.schema.nested(table.name)
    if len(loc) >= 3:
        for n in nested:
            if n.key == loc[0]:
                return [f.name for f in n.item_fields]
    return [f.name for f in table.fields if f.written] + [n.key for n in nested]


def _enum_labels(f: Field) -> dict:
    def fmt(lang: str) -> str:
        return ", ".join(f"{v} ({f.enum_labels[v][lang]})" if v in f.enum_labels else v for v in f.enum)

    return {"da": fmt("da"), "en": fmt("en")}


# --- rules ---------------------------------------------------------------------------------------

def check(rf: RecordFile, values: dict, doc: Document, ctx: Context) -> list[Problem]:
    out: list[Problem] = list(_characters(rf, values, (), doc))
    p = plan(rf.kind, ctx.schema)
    out += _identity(rf, values, doc, ctx)
    for loc, rule, value in _walk(p, values):
        out += _value_rules(rf, loc, rule, value, doc, ctx)
    out += _duplicates(rf, p, values, doc)
    if rf.kind == "service":
        out += _service_rules(rf, values, doc, ctx)
    return out


def _characters(rf: RecordFile, value, loc: Path_, doc: Document) -> Iterator[Problem]:
    """Control and direction characters anywhere in the record's text: they make a name show reversed or act on
    the terminal of whoever reads it; line breaks and tabs are ordinary text."""
    if isinstance(value, str):
        at = first_unsafe(value)
        if at is not None:
            yield _problem(rf, doc, loc, "control-character",
                           {"char": character_name(value[at]), "position": at + 1}, offset=at)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _characters(rf, item, (*loc, key), doc)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _characters(rf, item, (*loc, i), doc)


def _walk(p: Plan, values: dict) -> Iterator[tuple[Path_, FieldRule, object]]:
    """The values that have a rule, in the schema's order of fields."""
    for rule in p.fields:
        name = rule.field.name
        if name in values:
            yield (name,), rule, values[name]
    for n in p.nested:
        key = n.nested.key
        items = values.get(key)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if n.value:
                yield (key, i), n.value, item
            elif isinstance(item, dict):
                for rule in n.items:
                    if rule.field.name in item:
                        yield (key, i, rule.field.name), rule, item[rule.field.name]


def _value_rules(rf: RecordFile, loc: Path_, rule: FieldRule, value: object, doc: Document,
                 ctx: Context) -> list[Problem]:
    # A value the type check refuses is reported there, once.
    if not isinstance(value, str) or (rule.pattern and not rule.pattern.fullmatch(value)):
        return []
    out = []
    if rule.check:
        failure = rule.check(value)
        if failure:
            code, params, offset = failure
            out.append(_problem(rf, doc, loc, code, {**params, "value": _short(value)}, offset=offset))
    if rule.target:
        known = ctx.organisation_ids if rule.target == "organisations" else ctx.references.get(rule.target)
        if known is not None and value not in known:
            out.append(_unknown_reference(rf, doc, loc, value, rule.target, known, ctx))
    return out


def _unknown_reference(rf, doc, loc, value, target, known, ctx) -> Problem:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    if len(known) <= 20:
        allowed = Phrase("allowed_values", params={"values": ", ".join(sorted(known))})
    elif target == "organisations":
        allowed = Phrase("partner_folder")
    else:
        source = f"schemas/{ctx.schema.tables[target].path}"
        allowed = Phrase("see_list", params={"source": source})
    return _problem(rf, doc, loc, "unknown-reference", {"value": _short(value), "target": Phrase(target, "targets"),
                                                         "allowed": allowed, "suggestion": close[0] if close else ""})


def _identity(rf: RecordFile, values: dict, doc: Document, ctx: Context) -> list[Problem]:
    out = []
    table = ctx.schema.record_table(rf.kind)
    for f in table.fields:
        value = values.get(f.name)
        if not f.matches or not isinstance(value, str):
            continue
        expected = rf.organisation_id if f.matches == "folder" else rf.id
        if value != expected:
            where = Phrase(f.matches)
            out.append(_problem(rf, doc, (f.name,), "id-mismatch", {"value": value, "expected": expected,
                                                                     "where": where}))
        elif rf.kind == "service" and len(ctx.service_paths.get(rf.id, ())) > 1:
            others = [p for p in ctx.service_paths[rf.id] if p != str(rf.path)]
            out.append(_problem(rf, doc, (f.name,), "duplicate-id", {"value": value, "other": ", ".join(others)}))
    return out


_SCALARS = (str, int, float, bool, dt.date, type(None))


def _duplicates(rf: RecordFile, p: Plan, values: dict, doc: Document) -> list[Problem]:
    out = []
    for n in p.nested:
        items = values.get(n.nested.key)
        if not isinstance(items, list):
            continue
        seen = set()
        for i, item in enumerate(items):
            if n.nested.value:
                key, loc = item, (n.nested.key, i)
            elif isinstance(item, dict):
                key, loc = tuple(item.get(k) for k in n.key_fields), (n.nested.key, i, n.key_fields[0])
            else:
                continue
            if not isinstance(key, (str, tuple)):
                continue
            if isinstance(key, tuple) and not all(isinstance(k, _SCALARS) for k in key):
                continue  # a list or mapping where a key belongs is the type check's problem, not a crash here
            if key in seen:
                shown = key if isinstance(key, str) else " / ".join(str(k) for k in key)
                out.append(_problem(rf, doc, loc, "duplicate-value", {"value": _short(shown)}))
            seen.add(key)
    return out


def _date(value) -> dt.date | None:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _number(value) -> float | None:
    try:
        return float(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _service_rules(rf: RecordFile, v: dict, doc: Document, ctx: Context) -> list[Problem]:
    out = []
    age_min, age_max = _number(v.get("age_min")), _number(v.get("age_max"))
    if age_min is not None and age_max is not None and age_min > age_max:
        out.append(_problem(rf, doc, ("age_max",), "age-range", {"age_min": v["age_min"], "age_max": v["age_max"]}))
    if v.get("cost") == "fee" and not v.get("cost_description"):
        out.append(_problem(rf, doc, ("cost",), "fee-needs-description", {}))
    out += _dates(rf, v, doc, ctx)
    if not v.get("locations") and not v.get("service_areas") and str(v.get("nationwide", "")).lower() not in TRUE:
        out.append(_problem(rf, doc, (), "no-place", {}))
    own = rf.organisation_id
    for i, partner in enumerate(v.get("partners") or []):
        if partner == own:
            out.append(_problem(rf, doc, ("partners", i), "partner-self", {}))
    for i, location in enumerate(v.get("locations") or []):
        if isinstance(location, dict):
            out += _place(rf, location, ("locations", i), doc, ctx)
    return out


def _dates(rf: RecordFile, v: dict, doc: Document, ctx: Context) -> list[Problem]:
    out = []
    today = ctx.today
    verified = _date(v.get("last_verified"))
    if verified:
        if verified > today:
            out.append(_problem(rf, doc, ("last_verified",), "date-in-future", {"value": verified.isoformat()}))
        elif verified < EARLIEST:
            out.append(_problem(rf, doc, ("last_verified",), "date-implausible", {"value": verified.isoformat()}))
        elif today - verified > STALE_AFTER:
            out.append(_problem(rf, doc, ("last_verified",), "stale-record", {"value": verified.isoformat()}))
    start, end = _date(v.get("valid_from")), _date(v.get("valid_to"))
    for name, d in (("valid_from", start), ("valid_to", end)):
        if d and not (EARLIEST <= d <= today.replace(year=today.year + 10, day=min(today.day, 28))):
            out.append(_problem(rf, doc, (name,), "date-implausible", {"value": d.isoformat()}))
    if start and end and end < start:
        out.append(_problem(rf, doc, ("valid_to",), "season-order",
                            {"valid_from": start.isoformat(), "valid_to": end.isoformat()}))
    elif end and end < today and v.get("status") == "active":
        out.append(_problem(rf, doc, ("valid_to",), "season-over", {"value": end.isoformat(), "status": "active"}))
    return out


def _place(rf: RecordFile, location: dict, loc: Path_, doc: Document, ctx: Context) -> list[Problem]:
    """A place lies where it says: its postcode exists, and neither the postcode nor the coordinates lie wholly in
    another municipality than municipality_code (border cases within geo.TOLERANCE_DEGREES count as in it)."""
    out = []
    code = location.get("municipality_code")
    known = code in ctx.references.get("municipalities", ())
    number = location.get("postcode")
    # Postcodes below 1000 (0800 Høje Taastrup, 0900 København C) are the post's addresses for large senders:
    # real, but with no area to check against.
    geographic = isinstance(number, str) and _POSTCODE.fullmatch(number) and number >= "1000"
    area = postcode(number) if geographic else None
    if geographic and area is None:
        out.append(_problem(rf, doc, (*loc, "postcode"), "unknown-postcode", {"value": number}))
    lat, lon = _number(location.get("latitude")), _number(location.get("longitude"))
    found = None  # the municipality the coordinates lie in, when it is not the one stated
    if lat is not None and lon is not None:
        if not in_denmark(lat, lon):
            return [*out, _problem(rf, doc, (*loc, "latitude"), "outside-denmark", {"latitude": lat, "longitude": lon})]
        if known:
            placement = load_boundaries(ctx.boundaries).place(code, lat, lon)
            if not placement.ok and placement.found is None:
                out.append(_problem(rf, doc, (*loc, "latitude"), "outside-denmark",
                                    {"latitude": lat, "longitude": lon}))
            elif not placement.ok:
                found = placement.found
                out.append(_problem(rf, doc, (*loc, "municipality_code"), "outside-municipality",
                                    {"found": _municipality(found, ctx), "stated": _municipality(code, ctx),
                                     "code": code}))
    if area is not None and known and code not in area.municipalities and found not in area.municipalities:
        # A postcode wholly in other municipalities; when the coordinates lie there too, only the code is wrong,
        # and that is reported above, once.
        out.append(_problem(rf, doc, (*loc, "postcode"), "postcode-elsewhere",
                            {"value": number, "town": area.name, "found": _municipality(area.municipalities[0], ctx),
                             "stated": _municipality(code, ctx)}))
    return out


_POSTCODE = re.compile(r"[0-9]{4}")


def _municipality(code: str, ctx: Context) -> str:
    """"Odense (461)": a municipality as a message names it."""
    names = ctx.municipality_names
    return f"{names.get(code, code)} ({code})"
