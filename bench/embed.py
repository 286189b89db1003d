"""What the embed widget transfers for the municipality with the most offers, at national scale.

    .venv/bin/python bench/embed.py [--services 50000] [--tmp /dev/shm] [--seed 1]
    .venv/bin/python bench/embed.py --site DIR      # an existing built site (mkdocs build, bench/site.py --keep)

Without --site it synthesises N services and writes only what the widget loads (validate, enrich, the assets,
Leaflet from XStatic, the widget pages and data/kommuner/): the rest of the site does not change what an iframe
transfers. Then, in headless Chromium against the built files, it opens the widget for the municipality with
the most offers in each view and prints the gzip-compressed bytes of everything the page loaded from the site
(map tiles are answered locally and not counted), against the issue's 150 KB. It reports; it never fails.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from validate import machine  # the shared machine description

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
VENV_BIN = Path(sys.executable).parent
TARGET_KB = 150
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWS = {"map and list": "", "list only": "&view=list", "map only": "&view=map", "+ nationwide offers": ""}


def build_widget_files(catalogue: Path, out: Path) -> dict[str, float]:
    """The files the widget loads, through the same pipeline functions the site build calls; returns timings."""
    from generator.config import Settings
    from generator.enrich import build_model
    from generator.export.feeds import write_feeds
    from generator.hours.parse import TIMEZONE
    from generator.site.embed import write_embed
    from generator.site.maps import write_vendor
    from generator.site.render import Renderer
    from generator.site.write import copy_assets
    from generator.validate.validator import validate

    timings = {}
    t0 = time.perf_counter()
    result = validate(catalogue)
    timings["validate"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    model = build_model(result.records("service"), result.records("organisation"), dt.datetime.now(TIMEZONE))
    timings["enrich"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    copy_assets(out)
    write_vendor(out)
    write_embed(Renderer(model, Settings()), out)
    write_feeds(model, out)
    timings["widget pages and feeds"] = time.perf_counter() - t0
    return timings


def biggest(site: Path) -> tuple[str, str, int]:
    """(code, name, offers) of the municipality whose feed lists the most offers (the nationwide ones, in their
    shared feed, are the same for every municipality)."""
    best = ("", "", -1)
    for path in (site / "data/kommuner").glob("[0-9]*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if len(data["services"]) > best[2]:
            best = (data["municipality"]["code"], data["municipality"]["name"], len(data["services"]))
    return best


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def transfers(site: Path, code: str) -> dict[str, tuple[int, int, list[tuple[str, int]]]]:
    """Per view: (gzip bytes of everything loaded from the site, requests, the five largest files)."""
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for name, extra in VIEWS.items():
                page = browser.new_page()
                files: list[tuple[str, int]] = []
                page.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.fulfill(body=b""))

                def record(response, files=files):
                    if response.url.startswith(base):
                        with contextlib.suppress(Exception):  # redirects have no body
                            files.append((response.url[len(base):], len(gzip.compress(response.body(), 6))))

                page.on("response", record)
                page.goto(f"{base}indlejr/?municipality={code}{extra}", wait_until="load")
                page.wait_for_selector(".offer", state="attached", timeout=60_000)
                if "list only" not in name:
                    page.wait_for_selector(".leaflet-marker-icon", timeout=60_000)
                if "nationwide" in name:  # the reader presses "show offers for the whole country"
                    page.click(".nationwide button")
                    page.wait_for_selector(".nationwide .offer", state="attached", timeout=60_000)
                page.wait_for_load_state("networkidle")
                files.sort(key=lambda f: -f[1])
                out[name] = (sum(f[1] for f in files), len(files), files[:5])
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--services", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tmp", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")))
    ap.add_argument("--site", type=Path, help="an existing built site instead of a new synthetic one")
    args = ap.parse_args(argv)
    print("Machine")
    for key, value in machine(args.site or args.tmp).items():
        print(f"  {key:16} {value}")
    if args.site:
        return report(args.site, f"the site in {args.site}")
    tmp = Path(tempfile.mkdtemp(prefix="embed-bench-", dir=args.tmp))
    try:
        catalogue, site = tmp / "catalogue", tmp / "site"
        subprocess.run([str(VENV_BIN / "catalogue"), "synth", "--services", str(args.services), "--seed",
                        str(args.seed), "--out", str(catalogue)], check=True, capture_output=True)
        timings = build_widget_files(catalogue, site)
        print(f"\nWidget files for {args.services} synthetic services (seed {args.seed}), in-process seconds:")
        for name, seconds in timings.items():
            print(f"  {name:24} {seconds:.1f} s")
        for kind in ("json", "geojson"):
            feeds = list((site / "data/kommuner").glob(f"*.{kind}"))
            print(f"  data/kommuner/*.{kind}: {len(feeds)} files, {sum(f.stat().st_size for f in feeds) / 1e6:.1f} MB")
        return report(site, f"{args.services} synthetic services")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report(site: Path, what: str) -> int:
    code, name, offers = biggest(site)
    feed = (site / f"data/kommuner/{code}.json").read_bytes()
    nationwide = json.loads((site / "data/kommuner/hele-landet.json").read_text(encoding="utf-8"))["services"]
    print(f"\nThe municipality with the most offers in {what}: {name} ({code}), {offers} offers of its own "
          f"and {len(nationwide)} nationwide")
    print(f"  its feed data/kommuner/{code}.json: {len(feed) / 1024:.0f} KB, "
          f"{len(gzip.compress(feed, 6)) / 1024:.0f} KB gzip")
    print(f"\nWhat the widget transfers (gzip, tiles not counted) [target <= {TARGET_KB} KB]")
    for view, (size, requests, largest) in transfers(site, code).items():
        verdict = "ok" if size <= TARGET_KB * 1024 else "over"
        print(f"  {view:19} {size / 1024:6.1f} KB in {requests} requests  [{verdict}]")
        print("                      largest: " + ", ".join(f"{path} {kb / 1024:.1f} KB" for path, kb in largest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
