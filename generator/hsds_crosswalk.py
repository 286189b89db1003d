"""The HSDS 3.0 crosswalk: which catalogue field and id is which Open Referral field and id, for export and import.

Written once, so an export read back by `catalogue import hsds` gives the records it came from, field by field.
Everything our schema holds and HSDS has no field for travels as HSDS `attributes` with terms of our own
taxonomies (`velfaerdskataloget:<name>`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

SCHEME = "velfaerdskataloget"  # identifier type of our ids, prefix of our taxonomies
DENMARK = "Danmark"  # the name of a nationwide offer's service area
DENMARK_NAMES = {"dk", "dnk", "denmark", "danmark"}  # a country or area that means Denmark, as others write it
MUNICIPALITY_URI = "https://api.dataforsyningen.dk/kommuner/{code:0>4}"  # DAWA's id of a municipality
NAMESPACE = uuid.UUID("6f2b8f0e-4c1d-5e4b-9a51-7a0c5d2f8e31")  # fixed: ids must not change between builds
_NS = NAMESPACE.bytes

# A service's one-to-one fields, in the order HSDS lists them: HSDS field -> catalogue field. The record's
# summary and description share HSDS's `description` (summary, a blank line, the description).
SERVICE_FIELDS = {
    "name": "name",
    "url": "website",
    "email": "email",
    "status": "status",
    "application_process": "access_description",
    "fees_description": "cost_description",
    "eligibility_description": "eligibility_description",
    "minimum_age": "age_min",
    "maximum_age": "age_max",
    "assured_date": "last_verified",
}
ORGANISATION_FIELDS = {"name": "name", "description": "description", "website": "website", "email": "email"}
STATUS = {"active": "active", "paused": "temporarily closed", "closed": "defunct"}
STATUS_FROM_HSDS = {**{hsds: ours for ours, hsds in STATUS.items()}, "inactive": "paused"}

# Our taxonomies: name -> what a term of it describes.
TAXONOMIES = {
    "id": "The record's id in the catalogue (file name), kept so the record can be imported back.",
    "categories": "Categories of the catalogue (schemas/categories.csv).",
    "target_groups": "Target groups of the catalogue (schemas/target_groups.csv).",
    "access": "How people get access to a service.",
    "cost": "Whether taking part is free or costs a fee.",
    "partners": "Organisations of the catalogue that co-run the service.",
    "municipal_partners": "Municipal departments that co-run the service: term = municipality, value = department.",
    "wheelchair": "Wheelchair access at a location.",
    "organisation_type": "The kind of organisation.",
    "municipality": "The municipality an organisation belongs to.",
    "maintainers": "GitHub users who review the organisation's changes in the catalogue.",
}
# Catalogue fields that travel as attributes of the taxonomy of the same purpose.
AS_ATTRIBUTES = {"categories": "categories", "target_groups": "target_groups", "access": "access", "cost": "cost",
                 "partners": "partners", "municipal_partners": "municipal_partners", "type": "organisation_type",
                 "municipality_code": "municipality", "maintainers": "maintainers"}
# Where in an HSDS document a catalogue field comes from: to point at it when it cannot be imported.
HSDS_FIELD = {**{ours: hsds for hsds, ours in SERVICE_FIELDS.items()}, "summary": "description",
              "languages": "languages", **dict.fromkeys(AS_ATTRIBUTES, "attributes")}


def uid(*parts: str) -> str:
    """uuid5(NAMESPACE, "/".join(parts)) as text, written out by hand: the uuid module's object costs twice as
    much, and a national export makes one per service and organisation."""
    h = bytearray(hashlib.sha1(_NS + "/".join(parts).encode()).digest()[:16])
    h[6] = (h[6] & 0x0F) | 0x50  # version 5
    h[8] = (h[8] & 0x3F) | 0x80  # RFC 4122 variant
    x = h.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def service_uid(service_id: str) -> str:
    """The HSDS id of a service: uuid5 of "service/<catalogue id>", the same in every build."""
    return uid("service", service_id)


def organization_uid(organisation_id: str) -> str:
    """The HSDS id of an organisation: uuid5 of "organization/<catalogue id>"."""
    return uid("organization", organisation_id)


def taxonomy(name: str) -> str:
    return f"{SCHEME}:{name}"


def to_hsds(hsds_field: str, value):
    """A catalogue value as the HSDS field holds it."""
    if value is None:
        return None
    if hsds_field == "status":
        return STATUS[value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def from_hsds(hsds_field: str, value):
    """An HSDS value as the catalogue field holds it (None where it has no meaning for us)."""
    if value is None:
        return None
    if hsds_field == "status":
        return STATUS_FROM_HSDS.get(value)
    if hsds_field == "assured_date":
        return _date(value)
    if hsds_field in ("minimum_age", "maximum_age") and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
