"""HSDS 3.0 JSON in, catalogue records out: `catalogue import hsds PATH`.

Reads a service or organization document, a list (a JSON array or an API `Page`), or a folder of them,
and maps each service to a record of our schema. Everything that cannot be mapped (an address outside
Denmark, a category of another taxonomy, a field our schema has no place for) becomes an `ImportProblem`
with the file and the JSON pointer of the value, so nothing is dropped silently; a service that would not
validate is not written. Our own export (`/data/hsds/`, see generator/export/hsds.py) reads back exactly.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from pydantic import ValidationError

from ..hours.parse import HoursError
from ..hours.parse import parse as parse_hours
from ..hours.weekly import DAYS, ICAL, Opening, to_expression
from ..hsds_crosswalk import (
    DENMARK_NAMES,
    HSDS_FIELD,
    MUNICIPALITY_URI,
    ORGANISATION_FIELDS,
    SCHEME,
    SERVICE_FIELDS,
    STATUS_FROM_HSDS,
    from_hsds,
)
from ..schema import Schema, load_schema
from ..validate.models import record_model
from .documents import ORGANIZATION, SERVICE, Document, is_service, read_documents, shaped
from .problems import ImportProblem
from .problems import pointer as key_pointer
from .records import Imported, without_empty

# Keys that link HSDS objects together: their values are ids, never content we could lose.
LINKS = {"id", "service_id", "organization_id", "location_id", "service_at_location_id", "link_id",
         "taxonomy_term_id", "program_id", "contact_id", "phone_id", "parent_id", "taxonomy_id", "link_type",
         "link_entity", "resource_id", "resource_type"}
ICAL_DAY = {v: k for k, v in ICAL.items()}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TIME = re.compile(r"^([01][0-9]|2[0-4]):([0-5][0-9])(?::[0-5][0-9])?(Z|[+-][0-9]{2}:?[0-9]{2})?$")


def slug(text: str, limit: int = 80) -> str:
    """A catalogue id from a name: æ=ae, ø=oe, å=aa, other accents dropped."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:limit].strip("-")


# -- mapping ---------------------------------------------------------------------------------------------------


class _Mapper:
    def __init__(self, schema: Schema, problems: list[ImportProblem]):
        self.schema = schema
        self.problems = problems
        self.vocab = {
            "categories": schema.keys("categories"),
            "target_groups": schema.keys("target_groups"),
            "access": frozenset(schema.tables["service_access"].field("route").enum),
            "cost": frozenset(schema.record_table("service").field("cost").enum),
            "wheelchair": frozenset(schema.tables["service_locations"].field("wheelchair").enum),
            "organisation_type": frozenset(schema.record_table("organisation").field("type").enum),
            "municipality": schema.keys("municipalities"),
            "municipal_partners": schema.keys("municipalities"),
            "languages": schema.keys("languages"),
        }
        munis = schema.rows("municipalities")
        self.muni_by_name = {m["name"].casefold(): m["code"] for m in munis}
        self.muni_by_uri = {MUNICIPALITY_URI.format(code=m["code"]): m["code"] for m in munis}

    def problem(self, doc: Document, pointer: str, kind: str, error: bool = True, **params) -> None:
        self.problems.append(ImportProblem(doc.source, doc.pointer + pointer, kind, params, error))

    def unmapped(self, doc: Document, value: dict, pointer: str, mapped: set[str]) -> None:
        """Report every non-empty value we do not carry over, so nothing disappears without a word."""
        for k, v in value.items():
            if k in mapped or k in LINKS or v in (None, "", [], {}):
                continue
            self.problem(doc, f"{pointer}/{key_pointer(k)[1:]}", "not-mapped", error=False)

    def attributes(self, doc: Document, value: dict, pointer: str, wanted: set[str]) -> dict[str, list]:
        """Our taxonomies' terms among `attributes`: name -> [(code, value, pointer)]."""
        out: dict[str, list] = {}
        for i, a in enumerate(value.get("attributes") or []):
            p = f"{pointer}/attributes/{i}"
            term = a.get("taxonomy_term") if isinstance(a, dict) else None
            if not isinstance(term, dict):
                self.problem(doc, p, "not-mapped", error=False)
                continue
            tax = str(term.get("taxonomy") or "")
            name = tax.removeprefix(f"{SCHEME}:") if tax.startswith(f"{SCHEME}:") else None
            if name not in wanted:
                self.problem(doc, f"{p}/taxonomy_term", "other-taxonomy", error=False, taxonomy=tax or "?")
                continue
            code = str(term.get("code") or "")
            if name in self.vocab and code not in self.vocab[name]:
                self.problem(doc, _at(term, f"{p}/taxonomy_term", "code"), "unknown-term", code=code, taxonomy=name)
                continue
            out.setdefault(name, []).append((code, a.get("value"), p))
        return out

    def organisation(self, doc: Document, org_id: str | None) -> tuple[str, dict]:
        v = doc.value
        ids = [i.get("identifier") for i in v.get("organization_identifiers") or []
               if isinstance(i, dict) and i.get("identifier_type") == SCHEME]
        # An identifier becomes a folder name: the surrounding white space of a raw value goes (the record's model
        # strips it too, and a folder must be named as its id), and what is left must be an id (see import_hsds).
        key = org_id or (str(ids[0]).strip() if ids else slug(v["name"])) or "organisation"
        self.id_pointer = None  # an organisation's bad id is reported at /id (see _where)
        attrs = self.attributes(doc, v, "", {"organisation_type", "municipality", "maintainers"})
        phones = v.get("phones") or []
        record = {
            **{ours: from_hsds(hsds, v.get(hsds)) for hsds, ours in ORGANISATION_FIELDS.items()},
            "id": key,
            "type": _first(attrs.get("organisation_type")),
            "description": v.get("description") or None,
            "municipality_code": _first(attrs.get("municipality")),
            "phone": phones[0].get("number") if phones and isinstance(phones[0], dict) else None,
            "maintainers": [val for _c, val, _p in attrs.get("maintainers", []) if val],
        }
        if len(phones) > 1:
            self.problem(doc, "/phones/1", "not-mapped", error=False)
        self.unmapped(doc, v, "", {*ORGANISATION_FIELDS, "phones", "organization_identifiers", "attributes",
                                   "services"})
        return key, record

    def service(self, doc: Document, taken: set[str]) -> dict:
        v = doc.value
        attrs = self.attributes(doc, v, "", {"id", "categories", "target_groups", "access", "cost", "partners",
                                             "municipal_partners"})
        key = _first(attrs.get("id"), value=True) or slug(v["name"]) or "tilbud"
        # Where the id came from, for a located complaint about it: our id attribute, else the name.
        self.id_pointer = attrs["id"][0][2] + "/value" if attrs.get("id") and attrs["id"][0][1] else "/name"
        base, n = key, 2
        while key in taken:
            key, n = f"{base}-{n}", n + 1
        summary, _, description = (v.get("description") or "").strip().partition("\n\n")
        if not 10 <= len(summary.strip()) <= 300:
            self.problem(doc, _at(v, "", "description"), "summary")
        cost = _first(attrs.get("cost")) or ("fee" if v.get("fees_description") or v.get("cost_options") else None)
        phones = v.get("phones") or []
        if len(phones) > 1:
            self.problem(doc, "/phones/1", "not-mapped", error=False)
        hours, note, season = self.hours(doc, v.get("schedules") or [], "/schedules")
        if note:
            self.problem(doc, "/schedules", "not-mapped", error=False)
        record = {
            **{ours: from_hsds(hsds, v.get(hsds)) for hsds, ours in SERVICE_FIELDS.items()},
            "id": key,
            "summary": summary.strip(),
            "description": description.strip() or None,
            "cost": cost,
            "phone": phones[0].get("number") if phones and isinstance(phones[0], dict) else None,
            "opening_hours": hours,
            "nationwide": None,
            "valid_from": season.get("valid_from"),
            "valid_to": season.get("valid_to"),
            "categories": [c for c, _v, _p in attrs.get("categories", [])],
            "target_groups": [c for c, _v, _p in attrs.get("target_groups", [])],
            "languages": self.languages(doc, v),
            "access": [c for c, _v, _p in attrs.get("access", [])],
            "partners": [c for c, _v, _p in attrs.get("partners", [])],
            "municipal_partners": [{"municipality_code": c, "department": val}
                                   for c, val, _p in attrs.get("municipal_partners", [])],
            "service_areas": [],
            "locations": [],
        }
        record["last_verified"] = record["last_verified"] or _date((v.get("last_modified") or "")[:10])
        if v.get("status") not in STATUS_FROM_HSDS:
            self.problem(doc, _at(v, "", "status"), "invalid", field="status", reason=repr(v.get("status")))
        for i, area in enumerate(v.get("service_areas") or []):
            p = f"/service_areas/{i}"
            name = str(area.get("name") or "") if isinstance(area, dict) else ""
            if name.casefold() in DENMARK_NAMES:
                record["nationwide"] = True
                continue
            code = self.muni_by_uri.get(area.get("uri")) if isinstance(area, dict) else None
            code = code or self.muni_by_name.get(name.casefold())
            if code:
                record["service_areas"].append(code)
            else:
                self.problem(doc, _at(area, p, "name"), "unknown-municipality", name=name)
        ids: set[str] = set()
        self.location_pointers = []
        for i, sal in enumerate(v.get("service_at_locations") or []):
            loc = self.location(doc, sal, f"/service_at_locations/{i}", ids, season) if isinstance(sal, dict) else None
            if loc:
                ids.add(loc["id"])
                record["locations"].append(loc)
                self.location_pointers.append(f"/service_at_locations/{i}/location")
        self.unmapped(doc, v, "", {*SERVICE_FIELDS, "description", "phones", "schedules", "last_modified", "attributes",
                                   "languages", "service_areas", "service_at_locations", "organization",
                                   "cost_options"})
        return record

    def languages(self, doc: Document, v: dict) -> list[str]:
        out = []
        for i, lang in enumerate(v.get("languages") or []):
            code = str(lang.get("code") or "") if isinstance(lang, dict) else ""
            if code in self.vocab["languages"]:
                out.append(code)
            else:
                self.problem(doc, _at(lang, f"/languages/{i}", "code"), "unknown-term", code=code, taxonomy="languages")
        return out

    def location(self, doc: Document, sal: dict, p: str, taken: set[str], service_season: dict) -> dict | None:
        loc = sal.get("location")
        if not isinstance(loc, dict):
            self.problem(doc, p, "no-address")
            return None
        lp = f"{p}/location"
        addresses = [(i, a) for i, a in enumerate(loc.get("addresses") or [])
                     if isinstance(a, dict) and a.get("address_type", "physical") == "physical"]
        if not addresses:
            self.problem(doc, lp, "no-address")
            return None
        ai, addr = addresses[0]
        ap = f"{lp}/addresses/{ai}"
        if str(addr.get("country") or "").casefold() not in DENMARK_NAMES:
            self.problem(doc, _at(addr, ap, "country"), "outside-denmark", country=addr.get("country"))
            return None
        region = str(addr.get("region") or "")
        code = self.muni_by_name.get(region.casefold())
        if not code:
            self.problem(doc, _at(addr, ap, "region"), "unknown-municipality", name=region)
            return None
        key = loc.get("external_identifier") if loc.get("external_identifier_type") == SCHEME else None
        key = key or slug(str(loc.get("name") or addr.get("address_1") or ""), 60) or "sted"
        base, n = key, 2
        while key in taken:
            key, n = f"{base}-{n}", n + 1
        attrs = self.attributes(doc, loc, lp, {"wheelchair"})
        access = loc.get("accessibility") or []
        hours, note, season = self.hours(doc, sal.get("schedules") or [], f"{p}/schedules")
        if season and season != service_season:
            # A season belongs to the whole service here (valid_from/valid_to); a place's own is not kept.
            self.problem(doc, f"{p}/schedules", "not-mapped", error=False)
        if len(addresses) > 1:
            self.problem(doc, f"{lp}/addresses/{addresses[1][0]}", "not-mapped", error=False)
        if len(access) > 1:
            self.problem(doc, f"{lp}/accessibility/1", "not-mapped", error=False)
        self.unmapped(doc, loc, lp, {"location_type", "name", "latitude", "longitude", "external_identifier",
                                     "external_identifier_type", "addresses", "accessibility", "attributes"})
        self.unmapped(doc, sal, p, {"location", "schedules"})
        return {
            "id": key,
            "name": loc.get("name"),
            "street_address": addr.get("address_1"),
            "postcode": addr.get("postal_code"),
            "city": addr.get("city"),
            "municipality_code": code,
            "latitude": loc.get("latitude"),
            "longitude": loc.get("longitude"),
            "wheelchair": _first(attrs.get("wheelchair")),
            "accessibility": access[0].get("description") if access and isinstance(access[0], dict) else None,
            "opening_hours": hours,
            "opening_hours_note": note,
        }

    def hours(self, doc: Document, schedules: list, p: str) -> tuple[str | None, str | None, dict]:
        """(opening_hours expression, note, season) from HSDS schedules.

        Our own export keeps the expression in each schedule's description; other systems' RRULE
        schedules are translated when they are plain weekly rules, and anything else is kept as text.
        """
        items = [(i, s) for i, s in enumerate(schedules) if isinstance(s, dict)]
        season = {k: _date(s.get(k)) for _i, s in items for k in ("valid_from", "valid_to") if _date(s.get(k))}
        notes = [s["notes"] for _i, s in items if s.get("notes")]
        texts = list(dict.fromkeys(s["description"] for _i, s in items if s.get("description")))
        if len(texts) == 1 and _parses(texts[0]):
            return texts[0], notes[0] if notes else None, season
        openings, rest = [], []
        for i, s in items:
            rule = _opening(s)
            if isinstance(rule, Opening):
                openings.append(rule)
            elif rule:
                rest.append((i, rule))
        expression = to_expression(openings) if openings else None
        if expression and not _parses(expression):
            rest.append((0, "not a valid weekly rule"))
            expression = None
        for i, reason in rest:
            self.problem(doc, f"{p}/{i}", "schedule", error=False, reason=reason)
        text = "; ".join(notes + [t for t in texts if t != expression]) or None
        return expression, text[:300] if text else None, season


def _at(obj, pointer: str, key: str) -> str:
    """The pointer to `key` in `obj` when it is there, else to `obj` itself (a pointer must point at something)."""
    return f"{pointer}/{key_pointer(key)[1:]}" if isinstance(obj, dict) and key in obj else pointer


def _opening(s: dict) -> Opening | str | None:
    """One weekly RRULE schedule as an Opening; a reason when it is another kind; None when it has no times."""
    if not (s.get("byday") or s.get("opens_at") or s.get("closes_at")):
        return None
    if (s.get("freq") or "WEEKLY") != "WEEKLY" or (s.get("interval") or 1) != 1:
        return f"freq {s.get('freq')}, interval {s.get('interval')}"
    for k in ("bymonthday", "byyearday", "byweekno", "count", "until"):
        if s.get(k):
            return k
    days = [d.strip().upper() for d in str(s.get("byday") or "").split(",") if d.strip()]
    if not days or any(d not in ICAL_DAY for d in days):
        return f"byday {s.get('byday')!r}"
    opens, closes = _hhmm(s.get("opens_at")), _hhmm(s.get("closes_at"))
    if not opens or not closes or opens >= closes:
        return f"opens_at {s.get('opens_at')!r}, closes_at {s.get('closes_at')!r}"
    order = [ICAL_DAY[d] for d in days]
    return Opening(tuple(d for d in DAYS if d in order), opens, closes)


def _hhmm(value) -> str | None:
    m = _TIME.match(str(value or ""))
    if not m or m.group(3):  # a UTC time or offset would shift with summer time: not a plain local hour
        return None
    return f"{m.group(1)}:{m.group(2)}"


def _parses(expression: str) -> bool:
    try:
        parse_hours(expression)
    except HoursError:
        return False
    return True


def _first(items: list | None, value: bool = False):
    if not items:
        return None
    return items[0][1] if value else items[0][0]


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


# -- the whole import ------------------------------------------------------------------------------------------


def import_hsds(path: Path, organisation_id: str | None = None, schema: Schema | None = None) -> Imported:
    schema = schema or load_schema()
    problems: list[ImportProblem] = []
    mapper = _Mapper(schema, problems)
    services: dict[str, Document] = {}
    organisations: dict[str, Document] = {}
    for doc in read_documents(path, problems):
        target = services if is_service(doc.value) else organisations
        key = str(doc.value.get("id") or f"{doc.source}#{doc.pointer}")
        # A list page repeats a service's one-to-one fields: keep the fullest document of each id.
        if key not in target or len(doc.value) > len(target[key].value):
            target[key] = doc
        if not is_service(doc.value):
            for i, s in enumerate(doc.value.get("services") or []):
                if isinstance(s, dict) and isinstance(s.get("name"), str) and str(s.get("id")) not in services:
                    services[str(s.get("id") or f"{doc.source}#{doc.pointer}/services/{i}")] = Document(
                        doc.source, f"{doc.pointer}/services/{i}", s)
    for docs, spec in ((services, SERVICE), (organisations, ORGANIZATION)):
        for key, doc in docs.items():
            bad: list[str] = []
            docs[key] = Document(doc.source, doc.pointer, shaped(doc.value, spec, "", bad))
            for pointer in bad:
                mapper.problem(doc, pointer, "invalid", field=pointer.rsplit("/", 1)[-1], reason="wrong JSON type")
    org_records: dict[str, dict] = {}
    org_of_uuid: dict[str, str] = {}
    for uuid_, doc in organisations.items():
        key, record = mapper.organisation(doc, organisation_id)
        checked = _checked(mapper, doc, "organisation", record)
        if checked is not None:
            key = checked["id"]  # the folder's name: an id the schema's pattern accepts, never the raw identifier
        org_of_uuid[uuid_] = key
        org_records[key] = checked
    out, taken = [], set()
    for doc in services.values():
        org = organisation_id or org_of_uuid.get(str(doc.value.get("organization_id")))
        if not org and isinstance(doc.value.get("organization"), dict):
            org = slug(str(doc.value["organization"].get("name") or ""))
        if not org or not SLUG.fullmatch(org):
            # The organisation id becomes a folder name: only a catalogue id may (never "../somewhere").
            mapper.problem(doc, "", "no-organisation")
            continue
        before = len(problems)
        record = mapper.service(doc, taken)
        failed = any(p.error for p in problems[before:])
        checked = _checked(mapper, doc, "service", record)  # also when failed: report every missing field at once
        if checked is not None and not failed:
            taken.add(checked["id"])
            out.append({**checked, "organisation_id": org})
    return Imported({k: v for k, v in org_records.items() if v is not None}, out, problems)


def _checked(mapper: _Mapper, doc: Document, kind: str, record: dict) -> dict | None:
    """The record as the catalogue's model reads it, or None with a located problem per broken field."""
    values = without_empty(record)
    try:
        return record_model(kind, mapper.schema).model_validate(values).model_dump()
    except ValidationError as e:
        for err in e.errors(include_url=False):
            loc = [str(x) for x in err["loc"]]
            field = ".".join(loc)
            if err["type"] == "missing" and len(loc) == 1:
                # Where the value would go: the test of a pointer to a missing value is its parent.
                mapper.problem(doc, "/" + HSDS_FIELD.get(loc[0], loc[0]), "missing", field=field)
            else:
                mapper.problem(doc, _where(mapper, doc.value, err["loc"]), "invalid", field=field, reason=err["msg"])
        return None


def _where(mapper: _Mapper, value: dict, loc: tuple) -> str:
    """The JSON pointer in the HSDS document of the value a model error is about (or its nearest container)."""
    if loc and loc[0] == "locations" and len(loc) > 1 and isinstance(loc[1], int):
        pointers = getattr(mapper, "location_pointers", [])
        return pointers[loc[1]] if loc[1] < len(pointers) else "/service_at_locations"
    if loc and loc[0] == "id" and getattr(mapper, "id_pointer", None):
        return mapper.id_pointer
    key = HSDS_FIELD.get(str(loc[0]), str(loc[0])) if loc else ""
    return f"/{key}" if key in value else ""
