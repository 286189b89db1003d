"""Records nobody has confirmed for a year: the nightly report that asks their maintainers to look."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

from ..validate.rules import STALE_AFTER
from .messages import MESSAGES


def stale(services: list[dict], organisations: list[dict], today: dt.date) -> list[dict]:
    maintainers = {o["id"]: list(o.get("maintainers") or []) for o in organisations}
    rows = [{"service": s["id"], "name": s["name"], "organisation": s["organisation_id"],
             "last_verified": s["last_verified"].isoformat(), "days": (today - s["last_verified"]).days,
             "maintainers": maintainers.get(s["organisation_id"], [])}
            for s in services if today - s["last_verified"] > STALE_AFTER]
    return sorted(rows, key=lambda r: (-r["days"], r["service"]))


# Every character Markdown (CommonMark, GitHub's, Python-Markdown's) could read as syntax: a name from a pull request
# such as "[x](javascript:alert(1))" or "![x](https://tracker/)" must stay text, never become a link or an image.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:>=\"'$^])")


def markdown_text(text: str) -> str:
    """Record text as Markdown that shows exactly that text: syntax escaped, HTML as entities, on one line."""
    return _MARKDOWN.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def _cells(r: dict) -> list[str]:
    return [r["name"], r["service"], r["organisation"], r["last_verified"], str(r["days"]),
            " ".join(f"@{m}" for m in r["maintainers"])]


def as_markdown(rows: list[dict], lang: str, today: dt.date) -> str:
    words = MESSAGES[lang]["stale"]
    out = [f"# {words['title']}", "", f"{today.isoformat()}: {len(rows)}", ""]
    if not rows:
        return "\n".join([*out, words["none"]]) + "\n"
    out += [words["head"], "|---|---|---|---|---:|---|"]
    for r in rows:
        # Ids and GitHub handles follow the schema's patterns (letters, digits, "-"); only the name is free text.
        name, service, organisation, *rest = _cells(r)
        out.append("| " + " | ".join([markdown_text(name), f"`{service}`", f"`{organisation}`", *rest]) + " |")
    return "\n".join(out) + "\n"


def as_html(rows: list[dict], lang: str, today: dt.date) -> str:
    """The report as a page of its own for the published site: every value escaped text in a table, no Markdown
    read, so nothing in a record can become a link, an image or a script on the site's origin."""
    words = MESSAGES[lang]["stale"]
    esc = html.escape
    out = ["<!doctype html>", f'<html lang="{lang}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{esc(words['title'])}</title></head><body>", f"<h1>{esc(words['title'])}</h1>",
           f"<p>{today.isoformat()}: {len(rows)}</p>"]
    if not rows:
        out.append(f"<p>{esc(words['none'])}</p>")
    else:
        head = [c.strip() for c in words["head"].strip("|").split("|")]
        out += ["<table>", "<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr></thead>", "<tbody>"]
        out += ["<tr>" + "".join(f"<td>{esc(c)}</td>" for c in _cells(r)) + "</tr>" for r in rows]
        out += ["</tbody>", "</table>"]
    return "\n".join([*out, "</body></html>"]) + "\n"


def as_json(rows: list[dict], today: dt.date) -> str:
    return json.dumps({"date": today.isoformat(), "records": rows}, ensure_ascii=False, indent=2) + "\n"
