"""What the location checks add to validation at national scale: loading the committed geography, and checking
every place's postcode and coordinates, in CPU seconds of this process.

    .venv/bin/python bench/places.py [--services 50000] [--tmp /dev/shm] [--catalogue DIR]

Writes a synthetic catalogue (`catalogue synth`), reads every place of it, then times, each in CPU seconds:
loading the committed simplified boundaries and postcode table (generator/data/), and the checks
validation runs for every place (the postcode's municipalities, the point in the municipality), and the same
point checks against DAGI's full-resolution layer when it is beside the project. bench/validate.py times the
whole validation as processes; on a busy machine this in-process figure is the one to compare. It reports; it
never fails.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from validate import DEFAULT_BOUNDARIES, machine  # the shared machine description

VENV_BIN = Path(sys.executable).parent


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--services", type=int, default=50_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--tmp", default=None, help="folder for the temporary catalogue (default: $TMPDIR or /tmp)")
    p.add_argument("--catalogue", type=Path, default=None, help="use this catalogue instead of a synthetic one")
    args = p.parse_args()

    from generator.geo import load_boundaries, postcode, postcodes
    from generator.validate.files import parse, read_text

    work = Path(tempfile.mkdtemp(prefix="places-bench-", dir=args.tmp))
    try:
        for key, value in machine(work).items():
            print(f"{key:>16}: {value}")
        catalogue = args.catalogue or work / "catalogue"
        if not args.catalogue:
            subprocess.run([str(VENV_BIN / "catalogue"), "synth", "--services", str(args.services), "--seed",
                            str(args.seed), "--out", str(catalogue)], check=True, capture_output=True)
        places = []
        for path in catalogue.glob("*/services/*.yaml"):
            for loc in parse(read_text(path)).value.get("locations") or []:
                places.append((loc["municipality_code"], float(loc["latitude"]), float(loc["longitude"]),
                               loc["postcode"]))
        print(f"\n{len(places)} places in {catalogue}")

        start = time.process_time()
        boundaries = load_boundaries()
        postcodes()
        postcode("8000")
        print(f"  load the committed boundaries and postcode table: {time.process_time() - start:.2f} CPU s")

        start = time.process_time()
        wrong = 0
        for code, lat, lon, number in places:
            area = postcode(number)
            wrong += area is None or code not in area.municipalities or not boundaries.place(code, lat, lon).ok
        spent = time.process_time() - start
        print(f"  check every place: {spent:.2f} CPU s ({spent / max(len(places), 1) * 1e6:.1f} µs a place), "
              f"{wrong} in the wrong place")

        if DEFAULT_BOUNDARIES.exists():
            start = time.process_time()
            full = load_boundaries(str(DEFAULT_BOUNDARIES))
            loaded = time.process_time() - start
            start = time.process_time()
            for code, lat, lon, _number in places:
                full.place(code, lat, lon)
            print(f"  DAGI's full layer instead: load {loaded:.2f} CPU s, points {time.process_time() - start:.2f}"
                  " CPU s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
