"""Reading HSDS JSON: the documents in a file or folder, each with its JSON pointer, and their shapes.

A document is a service or an organization. Lists (JSON arrays, API `Page`s) are opened; the API's root
(`index.json`) is skipped. Before mapping, `shaped` checks every value the mapping reads against the JSON type
HSDS gives it, so the mapping never meets a number where it expects text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .problems import ImportProblem
from .problems import pointer as key_pointer

MAX_FILE = 50 * 1024 * 1024  # an HSDS export of a whole region fits; a mistaken multi-gigabyte file does not


@dataclass
class Document:
    source: str
    pointer: str
    value: dict


def read_documents(path: Path, problems: list[ImportProblem]) -> Iterator[Document]:
    files = sorted(p for p in path.rglob("*.json") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        try:
            if f.stat().st_size > MAX_FILE:
                raise ValueError(f"larger than {MAX_FILE // 2**20} MB")
            value = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as e:
            problems.append(ImportProblem(str(f), "", "unreadable", {"reason": str(e)[:200]}))
            continue
        yield from _documents(str(f), "", value, problems)


def _documents(source: str, pointer: str, value, problems: list[ImportProblem]) -> Iterator[Document]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _documents(source, f"{pointer}/{i}", item, problems)
    elif isinstance(value, dict) and isinstance(value.get("contents"), list):
        yield from _documents(source, f"{pointer}/contents", value["contents"], problems)
    elif isinstance(value, dict) and "openapi_url" in value:
        return  # an API root (our index.json): it describes the API, it holds no records
    elif isinstance(value, dict) and isinstance(value.get("name"), str):
        yield Document(source, pointer, value)
    else:
        problems.append(ImportProblem(source, pointer, "not-hsds"))


def is_service(doc: dict) -> bool:
    return "status" in doc  # required of a service, unknown to an organization


NUM = (int, float)
TERM = {"code": str, "taxonomy": str}
ATTR = {"taxonomy_term": TERM, "value": str}
PHONE = {"number": str}
SCHEDULE = {k: str for k in ("byday", "opens_at", "closes_at", "freq", "description", "notes", "valid_from", "valid_to",
                             "bymonthday", "byyearday", "byweekno", "until")} | {"interval": NUM, "count": NUM}
ADDRESS = {k: str for k in ("address_1", "city", "region", "postal_code", "country", "address_type")}
LOCATION = {"name": str, "latitude": NUM, "longitude": NUM, "external_identifier": str,
            "external_identifier_type": str, "addresses": [ADDRESS], "accessibility": [{"description": str}],
            "attributes": [ATTR]}
SERVICE = {k: str for k in ("id", "name", "description", "status", "url", "email", "application_process",
                            "fees_description", "eligibility_description", "assured_date", "last_modified",
                            "organization_id")} | {
    "minimum_age": NUM, "maximum_age": NUM, "phones": [PHONE], "schedules": [SCHEDULE],
    "service_areas": [{"name": str, "uri": str}], "languages": [{"code": str}], "attributes": [ATTR],
    "service_at_locations": [{"location": LOCATION, "schedules": [SCHEDULE]}], "organization": {"name": str},
    "cost_options": list}
ORGANIZATION = {k: str for k in ("id", "name", "description", "website", "email")} | {
    "phones": [PHONE], "attributes": [ATTR], "services": list,
    "organization_identifiers": [{"identifier_type": str, "identifier": str}]}


def shaped(value, spec, pointer: str, bad: list[str]):
    """A copy of `value` in which every value of the wrong JSON type is None; `bad` gets their pointers.

    List items keep their places (a wrong one becomes None), so every pointer still means the same value.
    """
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            bad.append(pointer)
            return None
        out = dict(value)
        for key, sub in spec.items():
            if key in value and value[key] is not None:
                out[key] = shaped(value[key], sub, f"{pointer}/{key_pointer(key)[1:]}", bad)
        return out
    if isinstance(spec, list):
        if not isinstance(value, list):
            bad.append(pointer)
            return None
        return [shaped(v, spec[0], f"{pointer}/{i}", bad) for i, v in enumerate(value)]
    ok = isinstance(value, spec) and not isinstance(value, bool)
    if spec is str and isinstance(value, str):
        ok = True
    if not ok:
        bad.append(pointer)
        return None
    return value
