"""Records nobody has confirmed for a year: the nightly report that asks their maintainers to look."""

from __future__ import annotations

import datetime as dt
import html
import json

from ..validate.rules import STALE_AFTER
from .messages import MESSAGES


def stale(services: list[dict], organisations: list[dict], today: dt.date) -> list[dict]:
    maintainers = {o["id"]: list(o.get("maintainers") or []) for o in organisations}
    rows = [{"service": s["id"], "name": s["name"], "organisation": s["organisation_id"],
             "last_verified": s["last_verified"].isoformat(), "days": (today - s["last_verified"]).days,
             "maintainers": maintainers.get(s["organisation_id"], [])}
            for s in services if today - s["last_verified"] > STALE_AFTER]
    return sorted(rows, key=lambda r: (-r["days"], r["service"]))


def as_markdown(rows: list[dict], lang: str, today: dt.date) -> str:
    words = MESSAGES[lang]["stale"]
    out = [f"# {words['title']}", "", f"{today.isoformat()}: {len(rows)}", ""]
    if not rows:
        return "\n".join([*out, words["none"]]) + "\n"
    out += [words["head"], "|---|---|---|---:|---|"]
    for r in rows:
        name = html.escape(r["name"]).replace("|", "\\|")  # names come from pull requests
        handles = " ".join(f"@{m}" for m in r["maintainers"])
        cells = [f"{name} (`{r['service']}`)", f"`{r['organisation']}`", r["last_verified"], str(r["days"]), handles]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def as_json(rows: list[dict], today: dt.date) -> str:
    return json.dumps({"date": today.isoformat(), "records": rows}, ensure_ascii=False, indent=2) + "\n"
