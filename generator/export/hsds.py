"""The catalogue as a static, read-only HSDS 3.0 API (Open Referral's Human Services Data Specification).

Written under `/data/hsds/`, at the paths of the official OpenAPI description (`/services/{id}` with the HSDS id):
  index.json                          like the API's root endpoint (version, profile, openapi_url)
  services/<HSDS id>.json             one document per service, in the form of compiled/service.json
  organizations/<HSDS id>.json        one per organisation, in the form of compiled/organization.json; its
                                      services by id, name and status (their fields are in their documents)
  services/page/<n>.json              paginated lists in HSDS's Page form (one-to-one fields only)
  organizations/page/<n>.json

HSDS ids are UUIDs: services and organisations get uuid5 of their catalogue id (hsds_crosswalk.uid), their
parts (places, phones, schedules...) the parent's UUID with a key of the part in its last 48 bits (`part_id`),
so every id stays the same from build to build. Everything our schema holds and HSDS has no field for (the catalogue
id, categories, target groups, access routes, cost, partners, wheelchair access, organisation type and
maintainers) is carried as HSDS `attributes` with taxonomy terms of our own taxonomies (`velfaerdskataloget:<name>`), so
`catalogue import hsds` reads an export back without loss. Opening hours become iCalendar schedules
where the rule is a simple weekly one; the schedule's `description` always keeps the original
`opening_hours` expression, and a rule RRULE cannot express keeps only that text.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..hours.weekly import ICAL, weekly
from ..hsds_crosswalk import (
    DENMARK,
    MUNICIPALITY_URI,
    NAMESPACE,
    ORGANISATION_FIELDS,
    SCHEME,
    SERVICE_FIELDS,
    TAXONOMIES,
    organization_uid,
    service_uid,
    taxonomy,
    to_hsds,
    uid,
)
from ..licence import Licence
from ..output import dumps_bytes, write_file
from ..parallel import processes, start_tasks
from ..schema import Schema, load_schema

HSDS_VERSION = "3.0"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
PAGE_SIZE = 500


PARTS = {"phone": 1, "area": 2, "language": 3, "location": 4, "service_at_location": 5, "address": 6,
         "accessibility": 7, "schedule": 8, "attribute": 9, "identifier": 10}


def part_id(parent: str, kind: str, *keys: str) -> str:
    """The id of a part of a service or organisation (a phone, a place, a schedule, an attribute...).

    It is the parent's UUID with its last 48 bits replaced by the kind of part and a CRC-32 of the parent's
    id and the part's key: as stable as uuid5 from build to build, still a version-5 UUID in form, and much
    cheaper, which matters at twenty parts a service in a national catalogue. Two parts of one service with the
    same kind would need colliding CRCs to share an id.
    """
    # The whole parent id is hashed too: a part of a part (a place's address) shares its grandparent's prefix.
    return f"{parent[:24]}{PARTS[kind]:04x}{zlib.crc32('/'.join((parent, *keys)).encode()):08x}"


class HSDSWriter:
    """Builds HSDS documents from validated records; `terms` caches the taxonomy terms used again and again."""

    def __init__(self, organisations: dict[str, dict], schema: Schema | None = None,
                 dates: dict | None = None, licence: Licence | None = None):
        self.schema = schema or load_schema()
        self.organisations = organisations
        self.dates = dates or {}
        self.licence = licence
        self.municipalities = {r["code"]: r for r in self.schema.rows("municipalities")}
        s = self.schema

        def enum(table: str, name: str) -> dict[str, str]:
            return {k: v["da"] for k, v in s.tables[table].field(name).enum_labels.items()}

        self.labels = {
            "categories": s.labels("categories", "da"),
            "target_groups": s.labels("target_groups", "da"),
            "access": enum("service_access", "route"),
            "cost": enum("services", "cost"),
            "wheelchair": enum("service_locations", "wheelchair"),
            "organisation_type": enum("organisations", "type"),
            "municipality": {c: m["name"] for c, m in self.municipalities.items()},
            "partners": {k: o["name"] for k, o in organisations.items()},
        }
        self.labels["municipal_partners"] = self.labels["municipality"]
        self.language_names = s.labels("languages", "en")
        self._terms: dict[tuple[str, str], dict] = {}
        self._org_uids: dict[str, str] = {}

    def organisation_uid(self, org_id: str) -> str:
        if org_id not in self._org_uids:
            self._org_uids[org_id] = organization_uid(org_id)
        return self._org_uids[org_id]

    # -- building blocks -------------------------------------------------------------------------------------

    def term(self, name: str, code: str) -> dict:
        key = (name, code)
        if key not in self._terms:
            label = self.labels.get(name, {}).get(code, code)
            self._terms[key] = {"id": uid("term", name, code), "code": code, "name": label,
                                "description": TAXONOMIES[name], "taxonomy": taxonomy(name)}
        return self._terms[key]

    def attribute(self, link_id: str, entity: str, name: str, code: str, value: str | None = None) -> dict:
        term = self.term(name, code)
        a = {"id": part_id(link_id, "attribute", name, code, value or ""), "link_id": link_id, "link_type": name,
             "link_entity": entity, "taxonomy_term_id": term["id"], "taxonomy_term": term}
        if value is not None:
            a["value"] = value
        return a

    def schedules(self, expression: str | None, note: str | None, season: dict, link: dict) -> list[dict]:
        base = {**link, **season}
        key = next(iter(link.values()))  # the service or the service_at_location the schedule belongs to
        rule = weekly(expression)
        if rule:
            return [_clean({"id": part_id(key, "schedule", str(i)), **base, "freq": "WEEKLY", "wkst": "MO",
                            "byday": ",".join(ICAL[d] for d in o.days), "opens_at": o.opens, "closes_at": o.closes,
                            "description": expression, "notes": note})
                    for i, o in enumerate(rule.openings)]
        if expression or note or season:
            return [_clean({"id": part_id(key, "schedule", "0"), **base, "description": expression, "notes": note})]
        return []

    # -- documents ---------------------------------------------------------------------------------------------

    def organization_summary(self, org: dict) -> dict:
        """The one-to-one fields of an organisation (what a service document and a list page nest)."""
        doc = {"id": self.organisation_uid(org["id"]),
               **{hsds: to_hsds(hsds, org.get(ours)) for hsds, ours in ORGANISATION_FIELDS.items()}}
        doc["description"] = doc["description"] or ""  # required by HSDS
        return _clean(doc)

    def organization(self, org: dict, services: list[dict]) -> dict:
        doc = self.organization_summary(org)
        oid = doc["id"]
        if org.get("phone"):
            doc["phones"] = [{"id": part_id(oid, "phone"), "organization_id": oid,
                              "number": org["phone"]}]
        doc["organization_identifiers"] = [{"id": part_id(oid, "identifier", org["id"]), "organization_id": oid,
                                            "identifier_type": SCHEME, "identifier": org["id"]}]
        attrs = [self.attribute(oid, "organization", "organisation_type", org["type"])]
        if org.get("municipality_code"):
            attrs.append(self.attribute(oid, "organization", "municipality", org["municipality_code"]))
        attrs += [self.attribute(oid, "organization", "maintainers", m, m) for m in org.get("maintainers") or []]
        doc["attributes"] = attrs
        # What the organisation endpoint is for: which services to fetch. Their one-to-one fields are in the
        # service list pages and their documents already (bench/README.md has what repeating them cost).
        doc["services"] = [{"id": service_uid, "name": s["name"], "status": to_hsds("status", s["status"])}
                           for service_uid, s in ((uid("service", s["id"]), s) for s in services)]
        return doc

    def service_summary(self, s: dict) -> dict:
        """The one-to-one fields of a service, as HSDS's list endpoints give them."""
        sid = service_uid(s["id"])
        description = s["summary"] + ("\n\n" + s["description"] if s.get("description") else "")
        changed = self.dates.get(s["id"])
        fields = {hsds: to_hsds(hsds, s.get(ours)) for hsds, ours in SERVICE_FIELDS.items()}
        return _clean({
            "id": sid,
            "organization_id": self.organisation_uid(s["organisation_id"]),
            "name": fields.pop("name"),
            "description": description,
            **fields,
            "last_modified": changed.updated.isoformat() if changed else None,
        })

    def service(self, s: dict) -> dict:
        doc = self.service_summary(s)
        sid = doc["id"]
        if s.get("phone"):
            doc["phones"] = [{"id": part_id(sid, "phone"), "service_id": sid, "number": s["phone"]}]
        season = _clean({"valid_from": _iso(s.get("valid_from")), "valid_to": _iso(s.get("valid_to"))})
        doc["schedules"] = self.schedules(s.get("opening_hours"), None, season, {"service_id": sid})
        areas = []
        if s.get("nationwide"):
            areas.append({"id": part_id(sid, "area", "DK"), "service_id": sid, "name": DENMARK,
                          "description": "Hele landet / the whole country"})
        for code in s.get("service_areas") or []:
            areas.append({"id": part_id(sid, "area", code), "service_id": sid,
                          "name": self.municipalities[code]["name"], "uri": MUNICIPALITY_URI.format(code=code),
                          "description": f"Kommune {code}"})
        doc["service_areas"] = areas
        doc["service_at_locations"] = [self.service_at_location(s, sid, loc, season) for loc in s["locations"]]
        doc["languages"] = [{"id": part_id(sid, "language", code), "service_id": sid, "code": code,
                             "name": self.language_names.get(code, code)}
                            for code in s["languages"]]
        a = self.attribute
        doc["attributes"] = (
            [a(sid, "service", "id", "id", s["id"])]
            + [a(sid, "service", "categories", c) for c in s["categories"]]
            + [a(sid, "service", "target_groups", t) for t in s["target_groups"]]
            + [a(sid, "service", "access", r) for r in s["access"]]
            + [a(sid, "service", "cost", s["cost"])]
            + [a(sid, "service", "partners", p) for p in s.get("partners") or []]
            + [a(sid, "service", "municipal_partners", mp["municipality_code"], mp["department"])
               for mp in s.get("municipal_partners") or []]
        )
        return doc

    def service_at_location(self, s: dict, sid: str, loc: dict, season: dict) -> dict:
        lid = part_id(sid, "location", loc["id"])
        sal_id = part_id(sid, "service_at_location", loc["id"])
        muni = self.municipalities[loc["municipality_code"]]
        location = _clean({
            "id": lid,
            "location_type": "physical",
            "name": loc.get("name"),
            "latitude": loc["latitude"],
            "longitude": loc["longitude"],
            "external_identifier": loc["id"],
            "external_identifier_type": SCHEME,
            "addresses": [{"id": part_id(lid, "address"), "location_id": lid,
                           "address_1": loc["street_address"], "city": loc["city"], "region": muni["name"],
                           "state_province": muni["region_name"], "postal_code": loc["postcode"], "country": "DK",
                           "address_type": "physical"}],
        })
        if loc.get("accessibility"):
            location["accessibility"] = [{"id": part_id(lid, "accessibility"), "location_id": lid,
                                          "description": loc["accessibility"]}]
        if loc.get("wheelchair"):
            location["attributes"] = [self.attribute(lid, "location", "wheelchair", loc["wheelchair"])]
        return {
            "id": sal_id,
            "service_id": sid,
            "location_id": lid,
            "location": location,
            "schedules": self.schedules(loc.get("opening_hours"), loc.get("opening_hours_note"), season,
                                        {"service_at_location_id": sal_id, "location_id": lid}),
        }


# What a list page holds of a service: its one-to-one fields (those of service_summary).
_SUMMARY_KEYS = frozenset({"id", "organization_id", "description", *SERVICE_FIELDS, "last_modified"})


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _clean(d: dict) -> dict:
    """HSDS has no nulls: a value we do not have is left out."""
    return {k: v for k, v in d.items() if v is not None}


def page(items: list[dict], number: int, pages: int, total: int) -> dict:
    """One page of a list endpoint, in the API's `Page` form."""
    return {"total_items": total, "total_pages": pages, "page_number": number, "size": len(items),
            "first_page": number == 1, "last_page": number == pages, "empty": total == 0, "contents": items}


def dump(doc: dict) -> bytes:
    return dumps_bytes(doc)


# -- writing ---------------------------------------------------------------------------------------------------

PARALLEL_FROM = 4000  # services: below this, starting workers costs more than it saves


@dataclass(frozen=True)
class _Export:
    """What every worker writing documents shares (by forking, not pickling)."""

    writer: HSDSWriter
    services: list[dict]
    organisations: list[tuple[dict, list[dict]]]  # each with its services
    out: Path


def _write_task(shared: _Export, task: tuple[str, int, int]) -> int:
    """One chunk of service documents with the list pages they fill, or one chunk of organisation documents."""
    kind, start, end = task
    w, out, n = shared.writer, shared.out, 0
    if kind == "organizations":
        for org, services in shared.organisations[start:end]:
            doc = w.organization(org, services)
            write_file(f"{out}/organizations/{doc['id']}.json", dump(doc))
            n += 1
        return n
    summaries = []
    for s in shared.services[start:end]:
        doc = w.service(s)
        write_file(f"{out}/services/{doc['id']}.json", dump(doc))
        summaries.append({k: v for k, v in doc.items() if k in _SUMMARY_KEYS})
        n += 1
    # Chunks start on a page boundary, so each worker writes the list pages of its own services.
    total = len(shared.services)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    for i in range(0, len(summaries), PAGE_SIZE):
        number = (start + i) // PAGE_SIZE + 1
        write_file(f"{out}/services/page/{number}.json", dump(page(summaries[i : i + PAGE_SIZE], number, pages, total)))
    return n


def write_hsds(out: Path, services: list[dict], organisations: list[dict], *, dates: dict | None = None,
               licence: Licence | None = None, profile_url: str = "", workers: int | None = None) -> dict[str, int]:
    """Write the static HSDS API under `out` (e.g. site/data/hsds); returns the number of files of each kind."""
    return start_hsds(out, services, organisations, dates=dates, licence=licence, profile_url=profile_url,
                      workers=workers)()


def start_hsds(out: Path, services: list[dict], organisations: list[dict], *, dates: dict | None = None,
               licence: Licence | None = None, profile_url: str = "", workers: int | None = None):
    """Start writing the static HSDS API in worker processes; call the result to wait for them and finish.

    The build writes the other open data in the meantime, so the documents (most of the work) overlap it.
    """
    orgs = {o["id"]: o for o in organisations}
    writer = HSDSWriter(orgs, dates=dates, licence=licence)
    if out.exists():
        shutil.rmtree(out)  # a record deleted since the last build into this folder must not linger
    for folder in ("services/page", "organizations/page"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    services = sorted(services, key=lambda s: s["id"])
    organisations = sorted(organisations, key=lambda o: o["id"])
    by_org: dict[str, list[dict]] = {}
    for s in services:
        by_org.setdefault(s["organisation_id"], []).append(s)
    # Documents are nearly all of the work and independent of each other, and each task writes whole list pages
    # (chunks are a multiple of PAGE_SIZE).
    step = PAGE_SIZE * 4
    tasks = [("services", i, i + step) for i in range(0, max(len(services), 1), step)]
    tasks += [("organizations", i, i + 500) for i in range(0, len(organisations), 500)]
    shared = _Export(writer, services, [(o, by_org.get(o["id"], [])) for o in organisations], out)
    running = start_tasks(_write_task, shared, tasks, processes(len(services), PARALLEL_FROM, workers))

    def finish() -> dict[str, int]:
        return _finish(out, writer, services, organisations, tasks, running.results(), licence, profile_url)

    return finish


def _finish(out: Path, writer: HSDSWriter, services: list[dict], organisations: list[dict], tasks: list,
            written: list[int], licence: Licence | None, profile_url: str) -> dict[str, int]:
    n_services = sum(n for (kind, _, _), n in zip(tasks, written, strict=True) if kind == "services")
    if not services:
        _write_pages(out / "services" / "page", [])  # an empty catalogue still has its (empty) first page
    service_pages = max(1, math.ceil(len(services) / PAGE_SIZE))
    org_pages = _write_pages(out / "organizations" / "page", [writer.organization_summary(o) for o in organisations])
    index = {
        "version": HSDS_VERSION,
        "profile": profile_url,
        "openapi_url": OPENAPI_URL,
        "services": {"total_items": len(services), "pages": service_pages, "first_page": "services/page/1.json",
                     "item": "services/{id}.json"},
        "organizations": {"total_items": len(organisations), "pages": org_pages,
                          "first_page": "organizations/page/1.json", "item": "organizations/{id}.json"},
        "id_scheme": f"uuid5 under {NAMESPACE} of 'service/<catalogue id>' for services and of "
                     "'organization/<catalogue id>' for organisations, whose parts have the parent's UUID with a key "
                     "of the part in its last 48 bits; the catalogue id itself is the attribute "
                     f"with taxonomy {taxonomy('id')} (services), the organization_identifier of type {SCHEME} "
                     "(organisations) and the external_identifier (locations)",
        "taxonomies": {taxonomy(k): v for k, v in TAXONOMIES.items()},
    }
    if licence:
        index["license"] = {"id": licence.id, "name": licence.name, "url": licence.url}
    if not profile_url:
        del index["profile"]
    (out / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {"services": n_services, "organizations": len(organisations), "pages": service_pages + org_pages,
            "index": 1}


def _write_pages(folder: Path, items: list[dict]) -> int:
    pages = max(1, math.ceil(len(items) / PAGE_SIZE))
    for n in range(1, pages + 1):
        chunk = items[(n - 1) * PAGE_SIZE : n * PAGE_SIZE]
        write_file(f"{folder}/{n}.json", dump(page(chunk, n, pages, len(items))))
    return pages
