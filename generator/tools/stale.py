"""Records nobody has confirmed for a year: the nightly report that asks their maintainers to look."""

from __future__ import annotations

import datetime as dt
import html
import json

from ..validate.rules import STALE_AFTER

TITLE = {"da": "Poster, der ikke er bekræftet i over 12 måneder",
         "en": "Records not verified for more than 12 months"}
HEAD = {"da": "| Tjeneste | Organisation | Senest bekræftet | Dage | Vedligeholdere |",
        "en": "| Service | Organisation | Last verified | Days | Maintainers |"}
NONE = {"da": "Alle poster er bekræftet inden for de seneste 12 måneder.",
        "en": "Every record was verified within the last 12 months."}


def stale(services: list[dict], organisations: list[dict], today: dt.date) -> list[dict]:
    maintainers = {o["id"]: list(o.get("maintainers") or []) for o in organisations}
    rows = [{"service": s["id"], "name": s["name"], "organisation": s["organisation_id"],
             "last_verified": s["last_verified"].isoformat(), "days": (today - s["last_verified"]).days,
             "maintainers": maintainers.get(s["organisation_id"], [])}
            for s in services if today - s["last_verified"] > STALE_AFTER]
    return sorted(rows, key=lambda r: (-r["days"], r["service"]))


def as_markdown(rows: list[dict], lang: str, today: dt.date) -> str:
    out = [f"# {TITLE[lang]}", "", f"{today.isoformat()}: {len(rows)}", ""]
    if not rows:
        return "\n".join([*out, NONE[lang]]) + "\n"
    out += [HEAD[lang], "|---|---|---|---:|---|"]
    for r in rows:
        name = html.escape(r["name"]).replace("|", "\\|")  # names come from pull requests
        handles = " ".join(f"@{m}" for m in r["maintainers"])
        cells = [f"{name} (`{r['service']}`)", f"`{r['organisation']}`", r["last_verified"], str(r["days"]), handles]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def as_json(rows: list[dict], today: dt.date) -> str:
    return json.dumps({"date": today.isoformat(), "records": rows}, ensure_ascii=False, indent=2) + "\n"
