"""Atom feeds of changes: `/data/changes.atom` for the country and `/data/changes/<code>.atom` per municipality.

Each entry is one service as it last changed (added, changed or closed), dated by the last commit that
touched its record (else by `last_verified`), newest first. Record text is escaped for XML, and characters
XML 1.0 cannot hold are dropped, so no record can break a feed reader.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from ..licence import Licence
from ..urls import hsds_service, service_page
from .dates import Changed

LIMIT = 200  # entries per feed: a feed is for following changes, the data package has everything
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
KINDS = {
    "added": ("Nyt tilbud", "New offer"),
    "changed": ("Ændret", "Changed"),
    "closed": ("Lukket", "Closed"),
}


def _x(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def _a(text: str) -> str:
    return quoteattr(_NOT_XML.sub("", text))


def kind(s: dict, changed: Changed) -> str:
    if s["status"] == "closed":
        return "closed"
    return "added" if changed.commits == 1 else "changed"


def feed(services: Iterable[dict], dates: dict[str, Changed], *, feed_url: str, title: str, base_url: str,
         licence: Licence, organisations: dict[str, dict], built: dt.datetime, limit: int = LIMIT) -> str:
    """The Atom document of the `limit` most recently changed `services`."""
    # nlargest, not a sort: each of 98 municipality feeds takes its LIMIT newest of thousands of services.
    entries = heapq.nlargest(limit, services, key=lambda s: (dates[s["id"]].updated, s["id"]))
    updated = dates[entries[0]["id"]].updated if entries else built
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="da">',
        f"<id>{_x(feed_url)}</id>",
        f"<title>{_x(title)}</title>",
        f"<updated>{updated.isoformat()}</updated>",
        f"<link rel=\"self\" type=\"application/atom+xml\" href={_a(feed_url)}/>",
        f"<link rel=\"alternate\" type=\"text/html\" href={_a(base_url)}/>",
        "<author><name>Velfærdskataloget</name></author>",
        f"<rights>{_x(licence.name)} ({_x(licence.url)})</rights>",
        f"<link rel=\"license\" href={_a(licence.url)}/>",
    ]
    for s in entries:
        changed = dates[s["id"]]
        k = kind(s, changed)
        da, en = KINDS[k]
        url = base_url + service_page(s["id"])
        org = organisations.get(s["organisation_id"], {}).get("name", s["organisation_id"])
        hsds = base_url + hsds_service(s["id"])
        label = f"{da} / {en}"
        out += [
            "<entry>",
            # One id per change: a feed reader shows a new change of the same offer as a new item.
            f"<id>{_x(url)}#{changed.updated.isoformat()}</id>",
            f"<title>{_x(da)}: {_x(s['name'])}</title>",
            f"<updated>{changed.updated.isoformat()}</updated>",
            f"<link rel=\"alternate\" type=\"text/html\" href={_a(url)}/>",
            f"<link rel=\"related\" type=\"application/json\" href={_a(hsds)}/>",
            f"<category term=\"{k}\" label={_a(label)}/>",
            f"<author><name>{_x(org)}</name></author>",
            f"<summary>{_x(s['summary'])}</summary>",
            "</entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
