"""Enrich: the validated records joined into what the pages show (names, facets, groupings).

Rendering only reads this model; it never goes back to YAML or the validator.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from .schema import Schema, load_schema
from .texts import LANGS


@dataclass
class SiteModel:
    services: list[dict]
    organisations: dict[str, dict]
    municipalities: dict[str, dict]
    labels: dict[str, dict[str, dict[str, str]]]  # table -> lang -> id -> label
    built: dt.datetime
    by_organisation: dict[str, list[dict]] = field(default_factory=dict)
    by_municipality: dict[str, list[dict]] = field(default_factory=dict)
    by_category: dict[str, list[dict]] = field(default_factory=dict)
    by_target_group: dict[str, list[dict]] = field(default_factory=dict)
    partnerships: dict[str, list[dict]] = field(default_factory=dict)  # municipality -> offers run with it
    partner_of: dict[str, list[dict]] = field(default_factory=dict)  # organisation -> services it co-runs
    enums: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # ENUMS key -> lang -> value -> label
    titles: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # lang -> record kind -> field -> title

    def label(self, table: str, key: str, lang: str) -> str:
        return self.labels[table][lang].get(key, key)


# The vocabularies the pages show with their schema labels: name -> (table, field).
ENUMS = {"cost": ("services", "cost"), "status": ("services", "status"), "access": ("service_access", "route"),
         "wheelchair": ("service_locations", "wheelchair"), "org_type": ("organisations", "type")}
# The tables whose field titles the pages show: name -> table.
TITLED = {"service": "services", "location": "service_locations", "organisation": "organisations"}


def schema_words(schema: Schema) -> tuple[dict, dict]:
    """(enum labels, field titles) as the pages show them, from the schema: never written again by hand."""
    enums = {}
    for name, (table, column) in ENUMS.items():
        f = schema.tables[table].field(column)
        # In the schema's order; a value without labels (a test catches it) shows as itself rather than break a page.
        enums[name] = {lang: {v: f.enum_labels.get(v, {}).get(lang, v) for v in f.enum} for lang in LANGS}
    titles = {lang: {kind: {f.name: f.title[lang] for f in schema.tables[table].fields}
                     for kind, table in TITLED.items()}
              for lang in LANGS}
    return enums, titles


def served_municipalities(service: dict, all_codes: list[str]) -> list[str]:
    """Municipalities an offer is located in or serves; a nationwide offer serves all of them."""
    if service.get("nationwide"):
        return list(all_codes)
    codes = [loc["municipality_code"] for loc in service["locations"]] + list(service["service_areas"])
    return list(dict.fromkeys(codes))


def build_model(
    services: list[dict], organisations: list[dict], built: dt.datetime, schema: Schema | None = None
) -> SiteModel:
    schema = schema or load_schema()
    municipalities = {
        r["code"]: {**r, "latitude": float(r["latitude"]), "longitude": float(r["longitude"])}
        for r in schema.rows("municipalities")
    }
    labels = {
        t: {lang: schema.labels(t, lang) for lang in LANGS} for t in ("categories", "target_groups", "languages")
    }
    labels["municipalities"] = {lang: {c: m["name"] for c, m in municipalities.items()} for lang in LANGS}
    services = sorted(services, key=lambda s: (s["name"].casefold(), s["id"]))
    model = SiteModel(services, {o["id"]: o for o in organisations}, municipalities, labels, built)
    codes = sorted(municipalities)
    by_org, by_muni = defaultdict(list), defaultdict(list)
    by_cat, by_target, partner_of = defaultdict(list), defaultdict(list), defaultdict(list)
    for s in services:
        s["served"] = served_municipalities(s, codes)
        by_org[s["organisation_id"]].append(s)
        for code in s["served"]:
            by_muni[code].append(s)
        for c in s["categories"]:
            by_cat[c].append(s)
        for t in s["target_groups"]:
            by_target[t].append(s)
        for p in s["partners"]:
            partner_of[p].append(s)
    model.by_organisation, model.by_municipality = dict(by_org), dict(by_muni)
    model.by_category, model.by_target_group = dict(by_cat), dict(by_target)
    model.partner_of = dict(partner_of)
    model.partnerships = _partnerships(services, model.organisations)
    model.enums, model.titles = schema_words(schema)
    return model


def own_unit(organisation: dict | None, code: str) -> bool:
    """Whether an organisation is one of municipality `code`'s own units (its type says municipality)."""
    if not organisation:
        return False
    return organisation["type"] == "municipality" and organisation.get("municipality_code") == code


def _partnerships(services: list[dict], organisations: dict[str, dict]) -> dict[str, list[dict]]:
    """For each municipality, offer by offer: the organisations that run an offer together with one of its
    departments, and which departments. An offer counts when it names a department of the municipality
    (`municipal_partners`) or when one of the municipality's own units runs it with another organisation; the
    municipality's own units are its side of the partnership (`units`), never among the partners."""
    found: dict[str, list[dict]] = defaultdict(list)
    for s in services:
        runners = list(dict.fromkeys([s["organisation_id"], *s["partners"]]))
        departments: dict[str, list[str]] = defaultdict(list)
        for mp in s["municipal_partners"]:
            departments[mp["municipality_code"]].append(mp["department"])
        codes = set(departments) | {organisations[o]["municipality_code"] for o in runners
                                    if own_unit(organisations.get(o), organisations[o].get("municipality_code"))}
        for code in sorted(codes):
            units = [o for o in runners if own_unit(organisations.get(o), code)]
            partners = [o for o in runners if o not in units]
            if partners:
                found[code].append({"service": s, "organisations": partners, "units": units,
                                    "departments": list(dict.fromkeys(departments[code]))})
    return dict(found)
