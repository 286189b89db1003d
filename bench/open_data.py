"""What the open data adds to a build at national scale: seconds, files and bytes under /data/.

    .venv/bin/python bench/open_data.py [--services 50000] [--tmp /dev/shm] [--keep] [--catalogue DIR]

Writes a synthetic catalogue (`catalogue synth`), validates it and builds the site model in this process
(not timed here: bench/site.py times the whole build), then times `write_package` (the CSV package) and
`write_open_data` step by step: the zip, GeoJSON, the static HSDS API (one file per service and
organisation), the Atom feeds, DCAT and the sitemap. It also times the schema.org JSON-LD that every
service page carries, rendered for every service in both languages. Then it counts the files and bytes
under /data/ (the map data other stages write there is counted apart), since static hosts limit both.
It reports; it never fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from validate import machine  # the shared machine description

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def tree(path: Path) -> tuple[int, int]:
    files = size = 0
    for folder, _dirs, names in os.walk(path):
        for name in names:
            files += 1
            size += os.stat(os.path.join(folder, name)).st_size
    return files, size


class _clock:  # called like a function: clock() gives the time since the last call
    """Wall and CPU seconds (this process and its reaped workers) since the last call."""

    def __init__(self):
        self.start = self.last = self._now()

    @staticmethod
    def _now() -> tuple[float, float]:
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.perf_counter(), me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    def __call__(self) -> tuple[float, float]:
        now, last = self._now(), self.last
        self.last = now
        return now[0] - last[0], now[1] - last[1]

    def total(self) -> tuple[float, float]:
        now = self._now()
        self.last = now
        return now[0] - self.start[0], now[1] - self.start[1]


def group(rel: tuple[str, ...]) -> str:
    """The line of the report a file under /data/ belongs to, from its folder."""
    if not rel:
        return "package, zip, GeoJSON, DCAT, changes.atom"
    if rel[0] == "map":
        return "map/ (maps stage, not open data)"
    if rel[0] == "hsds":
        return "hsds/ " + ("index + list pages" if len(rel) == 1 or rel[-1] == "page" else rel[1] + "/<id>.json")
    return f"{rel[0]}/"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--services", type=int, default=50_000)
    ap.add_argument("--tmp", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the catalogue and the output")
    ap.add_argument("--catalogue", type=Path, default=None, help="use this catalogue instead of synthesising one")
    args = ap.parse_args()

    sys.path.insert(0, str(REPO))
    from generator.config import Settings
    from generator.enrich import build_model
    from generator.export import jsonld
    from generator.export.datapackage import write_package
    from generator.export.opendata import write_open_data
    from generator.hours.parse import TIMEZONE
    from generator.sanitise import script_json
    from generator.validate.validator import validate

    work = Path(tempfile.mkdtemp(prefix="data-bench-", dir=args.tmp))
    try:
        for key, value in machine(work).items():
            print(f"{key:>16}: {value}")
        catalogue, out = args.catalogue or work / "catalogue", work / "site"
        if not args.catalogue:
            subprocess.run([str(VENV_BIN / "catalogue"), "synth", "--services", str(args.services), "--seed",
                            str(args.seed), "--out", str(catalogue)], check=True, capture_output=True)
        t0 = time.perf_counter()
        result = validate(catalogue)
        assert result.ok, result.summary()
        model = build_model(result.records("service"), result.records("organisation"), dt.datetime.now(TIMEZONE))
        print(f"\n{args.services} services, {len(model.organisations)} organisations "
              f"(validate + enrich, not part of the figures: {time.perf_counter() - t0:.1f} s)\n")
        config = Settings()
        timings: dict[str, tuple[float, float]] = {}
        clock = _clock()
        write_package(result, out / "data")
        timings["csv package (already on main)"] = clock()
        write_open_data(catalogue, result, model, out, config, timings)
        total = clock.total()
        script_bytes = 0
        page_data = jsonld.for_pages(model, config.public_url)
        for lang in ("da", "en"):
            for s in model.services:
                script_bytes += len(script_json(page_data(s, lang)).encode())
        timings["json-ld (all pages, in rendering)"] = clock()
        print(f"{'step':<36}{'wall s':>9}{'cpu s':>9}")
        for step, (wall, cpu) in timings.items():
            print(f"{step:<36}{wall:>9.2f}{cpu:>9.2f}")
        print(f"{'write_package + write_open_data':<36}{total[0]:>9.2f}{total[1]:>9.2f}")
        peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        print(f"{'peak RSS (one process)':<36}{peak:>9.0f} MB\n")

        data = out / "data"
        groups: dict[str, list[int]] = {}
        for folder, _dirs, names in os.walk(data):
            rel = Path(folder).relative_to(data).parts
            for name in names:
                groups.setdefault(group(rel), [0, 0])
                groups[group(rel)][0] += 1
                groups[group(rel)][1] += os.stat(os.path.join(folder, name)).st_size
        sitemaps = sorted(out.glob("sitemap*.xml"))
        groups["sitemap (site root)"] = [len(sitemaps), sum(p.stat().st_size for p in sitemaps)]
        print(f"{'what':<40}{'files':>8}{'MB':>10}")
        for name, (files, size) in sorted(groups.items()):
            print(f"{name:<40}{files:>8}{size / 1e6:>10.1f}")
        ours = [v for k, v in groups.items() if not k.startswith("map/")]
        files, size = sum(f for f, _ in ours), sum(b for _, b in ours)
        print(f"{'open data in all (without map/)':<40}{files:>8}{size / 1e6:>10.1f}")
        print(f"\nJSON-LD in service pages: {script_bytes / (2 * len(model.services)):.0f} bytes a page on average")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
