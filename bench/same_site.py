"""Whether two builds of the site are the same, byte for byte: the check for a change that must not change the site.

Usage (two builds of the same `now`, e.g. under faketime, before and after a change):

    faketime '2026-12-03 12:00:00' .venv/bin/mkdocs build --strict -d /tmp/site-before   # at the old commit
    faketime '2026-12-03 12:00:00' .venv/bin/mkdocs build --strict -d /tmp/site-after    # at the new one
    .venv/bin/python bench/same_site.py /tmp/site-before /tmp/site-after

What two builds of one commit never share is left out of the byte comparison: the build's own clock to the second
(written in feeds and the data package; faketime starts both builds at the same instant, but they take a moment),
the member timestamps of datapackage.zip (members are compared instead), and the names and order of Pagefind's
filter and metadata files (Pagefind numbers them as its threads finish; their count per bundle is compared).
Exit 0 when the sites are the same, 1 with the differences listed.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

PAGEFIND_ORDERED = re.compile(r"^pagefind/[^/]+/(filter/|pagefind\.[a-z]+_[0-9a-f]+\.pf_meta$|pagefind-entry\.json$)")
CLOCK = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)")


def files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def same(a: bytes, b: bytes) -> bool:
    return a == b or CLOCK.sub(b"T", a) == CLOCK.sub(b"T", b)


def differences(a: Path, b: Path) -> list[str]:
    fa, fb = files(a), files(b)
    ka = {f for f in fa if not PAGEFIND_ORDERED.match(f)}
    kb = {f for f in fb if not PAGEFIND_ORDERED.match(f)}
    found = [f"only in {a}: {f}" for f in sorted(ka - kb)] + [f"only in {b}: {f}" for f in sorted(kb - ka)]
    for f in sorted(ka & kb):
        if f.endswith(".zip"):
            za, zb = zipfile.ZipFile(a / f), zipfile.ZipFile(b / f)
            if za.namelist() != zb.namelist() or not all(same(za.read(n), zb.read(n)) for n in za.namelist()):
                found.append(f"members differ: {f}")
        elif not same((a / f).read_bytes(), (b / f).read_bytes()):
            found.append(f"differs: {f}")
    for bundle in sorted({f.split("/")[1] for f in (fa | fb) - ka - kb}):
        count = [len([f for f in side if PAGEFIND_ORDERED.match(f) and f.split("/")[1] == bundle]) for side in (fa, fb)]
        if count[0] != count[1]:
            found.append(f"pagefind/{bundle}: {count[0]} and {count[1]} filter and metadata files")
    return found


if __name__ == "__main__":
    before, after = Path(sys.argv[1]), Path(sys.argv[2])
    found = differences(before, after)
    print(f"{len(files(before))} files; " + ("the same" if not found else f"{len(found)} differences"))
    print("\n".join(found[:50]))
    sys.exit(1 if found else 0)
