"""What a built site holds, by kind of file: how many files and bytes (as written, and on disk in whole blocks),
and with a second site the difference, so a change can say what it adds at national scale.

    .venv/bin/python bench/sizes.py SITE [BASELINE]

Build the two sites from the same synthetic catalogue (`catalogue synth --services 50000 --out DIR`, then
`mkdocs build` with the catalogue option pointed at DIR, as bench/site.py does), one from each commit.
"""

from __future__ import annotations

import argparse
import os
from collections import defaultdict
from pathlib import Path

# The kinds, first match wins: (name, test on the path relative to the site root).
KINDS = [
    ("service pages", lambda p: (p.startswith("tilbud/") or p.startswith("en/services/")) and p.endswith("/index.html")
     and p.count("/") == (2 if p.startswith("tilbud/") else 3)),
    ("organisation pages", lambda p: p.startswith(("organisationer/", "en/organisations/")) and p.endswith(".html")),
    ("municipality pages", lambda p: p.startswith(("kommuner/", "en/municipalities/")) and p.endswith(".html")),
    ("other pages", lambda p: p.endswith(".html") and not p.startswith(("data/", "pagefind/", "assets/"))),
    ("calendar files (data/kalender/)", lambda p: p.startswith("data/kalender/")),
    ("municipality feeds (data/kommuner/)", lambda p: p.startswith("data/kommuner/")),
    ("HSDS (data/hsds/)", lambda p: p.startswith("data/hsds/")),
    ("other open data (data/)", lambda p: p.startswith("data/")),
    ("search index (pagefind/)", lambda p: p.startswith("pagefind/")),
    ("assets", lambda p: p.startswith("assets/")),
    ("everything else", lambda p: True),
]


def measure(site: Path) -> dict[str, list[int]]:
    """Kind -> [files, bytes, bytes on disk]."""
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for folder, _, files in os.walk(site):
        for name in files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, site).replace(os.sep, "/")
            st = os.stat(path)
            kind = next(k for k, test in KINDS if test(rel))
            row = found[kind]
            row[0] += 1
            row[1] += st.st_size
            row[2] += st.st_blocks * 512
    return found


def table(site: dict, base: dict | None) -> str:
    mb = lambda n: f"{n / 1e6:,.1f}"  # noqa: E731
    head = "| kind | files | MB | MB on disk |" + (" files added | MB added | MB on disk added |" if base else "")
    lines = [head, "|---" * (head.count("|") - 1) + "|"]
    total, before = [0, 0, 0], [0, 0, 0]

    def row(kind: str, now: list[int], then: list[int]) -> str:
        text = f"| {kind} | {now[0]:,} | {mb(now[1])} | {mb(now[2])} |"
        if base:
            text += f" {now[0] - then[0]:+,} | {(now[1] - then[1]) / 1e6:+,.1f} | {(now[2] - then[2]) / 1e6:+,.1f} |"
        return text

    for kind, _ in KINDS:
        now, then = site.get(kind, [0, 0, 0]), (base or {}).get(kind, [0, 0, 0])
        if not any(now) and not any(then):
            continue
        total = [a + b for a, b in zip(total, now, strict=True)]
        before = [a + b for a, b in zip(before, then, strict=True)]
        lines.append(row(kind, now, then))
    return "\n".join([*lines, row("**all**", total, before)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("baseline", type=Path, nargs="?")
    args = ap.parse_args(argv)
    site = measure(args.site)
    base = measure(args.baseline) if args.baseline else None
    print(table(site, base))
    pages = site.get("service pages", [0, 0])
    if pages[0]:
        line = f"service pages: {pages[1] / pages[0]:,.0f} bytes each"
        if base and base.get("service pages", [0])[0]:
            then = base["service pages"]
            line += f" ({pages[1] / pages[0] - then[1] / then[0]:+,.0f} bytes each)"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
