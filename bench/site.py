"""Benchmark of the whole site build at national scale, with Hugo measured in the same run.

    .venv/bin/python bench/site.py [--services 50000] [--tmp /dev/shm] [--runs 3] [--no-hugo] [--no-serve]
    .venv/bin/python bench/site.py --serve-only --catalogue DIR [--runs 3] [--port 8799]

--serve-only times only the `mkdocs serve` rebuild (4. below) against an existing catalogue, which it edits
(give it a copy): the initial build at 50,000 services takes a minute and a half before the first edit.

Prints the machine, then for N synthetic services:
  1. the whole build (`mkdocs build`: validate, pages, maps, search index, open data): wall seconds and
     peak memory, against 60 s and 2 GB;
  2. rendering the N service pages alone, and Hugo (Debian's `hugo`) rendering the same N pages from
     the same content with an equivalent template, side by side; and the whole build's time as a multiple of
     Hugo's (target: at most 4), both measured in this run;
  3. what a visitor's browser transfers (gzip-compressed, without map tiles) for a service page, the
     overview map and a first search (within the municipality with the most offers, by distance from a
     postcode in it, and without a place, where the page asks where to look), and a search across the
     whole country, which the reader chooses explicitly; measured in headless Chromium against the site;
  4. the time from saving an edited record to the end of the rebuild in `mkdocs serve`.
It reports; it never fails on a missed target. Figures are whole-process figures unless a line says
otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from validate import machine, measure  # the shared process-measuring helpers

from generator.site import search

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
TARGETS = {"build_s": 60.0, "build_mb": 2048, "service_kb": 40, "map_kb": 500, "search_kb": 300, "serve_s": 3.0,
           "site_mb": 900, "hugo_ratio": 4.0}
PAGES_LIMIT_MB = 1000  # GitHub Pages publishes sites of at most 1 GB
# The parts of the site whose bytes are counted apart: (name, folder under the site).
PARTS = [("service pages, Danish", "tilbud"), ("service pages, English", "en/services"),
         ("HSDS documents and lists", "data/hsds"), ("municipality feeds", "data/kommuner"),
         ("map data", "data/map"), ("change feeds", "data/changes"), ("search index", "pagefind")]
RESULTS = "[data-list] li"


def searches(municipality: str, postcode: str) -> list[tuple[str, str, str]]:
    """The searches whose transfer is measured: (name, path, what shows the search is done). A search looks in a
    place first (search.js): a first search is one in a municipality; the whole country is a choice."""
    return [
        ("first search in a municipality", f"soeg/?q=familie&kommune={municipality}", RESULTS),
        ("first search by distance from a postcode", f"soeg/?q=familie&sort=afstand&postnr={postcode}", RESULTS),
        ("first search without a place", "soeg/?q=familie", "[data-everywhere]:not([hidden])"),
        ("search across the whole country", "soeg/?q=familie&kommune=alle", RESULTS),
    ]


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def mkdocs_config(tmp: Path, catalogue: Path) -> Path:
    """The project's mkdocs.yml pointed at the synthetic catalogue and a site folder in `tmp`."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / "docs")
    if config.get("theme", {}).get("custom_dir"):
        config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    config["site_dir"] = str(tmp / "site")
    plugins = []
    for p in config["plugins"]:
        if isinstance(p, dict) and "catalogue" in p:
            p = {"catalogue": {**(p["catalogue"] or {}), "catalogue": str(catalogue)}}
        plugins.append(p)
    config["plugins"] = plugins
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- Hugo, side by side --------------------------------------------------------------------------

HUGO_TEMPLATE = """<!doctype html><html lang="da"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="stylesheet" href="/assets/site.css"></head><body><header><a href="/">Velfærdskataloget</a></header>
<main><article><h1>{{ .Title }}</h1><p>{{ .Params.organisation }}</p><p>{{ .Params.summary }}</p>
<section><h2>Om tilbuddet</h2>{{ .Content }}</section><dl>
<dt>Hvem er det for</dt><dd>{{ delimit .Params.target_groups ", " }}</dd>
<dt>Kategorier</dt><dd>{{ delimit .Params.categories ", " }}</dd>
<dt>Pris</dt><dd>{{ .Params.cost }}</dd><dt>Sprog</dt><dd>{{ delimit .Params.languages ", " }}</dd></dl>
<section><h2>Hvor</h2>{{ range .Params.locations }}<div><h3>{{ .name }}</h3><p>{{ .street_address }}<br>
{{ .postcode }} {{ .city }}</p><p>{{ .opening_hours }}</p></div>{{ end }}</section>
{{ with .Params.phone }}<p><a href="tel:{{ . }}">{{ . }}</a></p>{{ end }}
{{ with .Params.email }}<p><a href="mailto:{{ . }}">{{ . }}</a></p>{{ end }}
<p>Senest bekræftet: {{ .Params.last_verified }}</p></article></main></body></html>
"""


def hugo_site(tmp: Path, catalogue: Path) -> Path:
    """A Hugo project with one content file per service holding the same data our service page shows."""
    from generator.validate.validator import validate

    site = tmp / "hugo"
    content = site / "content" / "tilbud"
    content.mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text(HUGO_TEMPLATE, encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text("", encoding="utf-8")
    (site / "config.toml").write_text(
        'baseURL = "/"\nlanguageCode = "da"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "home", '
        '"section", "404", "robotsTXT"]\n', encoding="utf-8")
    result = validate(catalogue)
    orgs = {o["id"]: o["name"] for o in result.records("organisation")}
    for s in result.records("service"):
        front = {"title": s["name"], "organisation": orgs[s["organisation_id"]], "summary": s["summary"],
                 "categories": s["categories"], "target_groups": s["target_groups"], "languages": s["languages"],
                 "cost": s["cost"], "phone": s["phone"], "email": s["email"],
                 "last_verified": s["last_verified"].isoformat(),
                 "locations": [{k: v for k, v in loc.items() if isinstance(v, str)} for loc in s["locations"]]}
        (content / f"{s['id']}.md").write_text(
            "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n" + (s["description"] or ""), encoding="utf-8")
    return site


RENDER_TIMER = re.compile(r"service pages in ([0-9.]+) s \(in-process timer\)")
RENDER_SERVICES = """
import sys, time
from pathlib import Path
from generator.enrich import build_model
from generator.config import Settings
from generator.site.render import Renderer
from generator.site.write import write_pages
from generator.validate.validator import validate
import datetime as dt
result = validate(Path(sys.argv[1]))
model = build_model(result.records("service"), result.records("organisation"), dt.datetime.now(dt.UTC))
renderer = Renderer(model, Settings())
renderer.other_pages = lambda lang, only=None: iter(())
start = time.perf_counter()
n = write_pages(renderer, Path(sys.argv[2]), langs=("da",))
print(f"rendered and wrote {n} service pages in {time.perf_counter() - start:.2f} s (in-process timer)")
"""


# --- what the browser transfers ------------------------------------------------------------------

def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def transfers(site: Path, pages: dict[str, tuple[str, str | None]]) -> dict[str, tuple[int, int]]:
    """For each named page: (gzip bytes of everything the page loaded from the site, number of requests).

    Tile requests are answered with an empty response and not counted. `pages` maps a name to
    (path, optional CSS selector to wait for).
    """
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for name, (path, wait_for) in pages.items():
                page = browser.new_page()
                # By URL: Playwright turns the browser's cache off while it routes requests, and a file a page
                # asks for twice (the search's shared WebAssembly) comes once from a host, then from the cache.
                sizes: dict[str, int] = {}
                page.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.fulfill(body=b""))

                def record(response, sizes=sizes):
                    if response.url.startswith(base):
                        # Redirects and aborted requests have no body to count.
                        with contextlib.suppress(Exception):
                            sizes[response.url] = len(gzip.compress(response.body(), 6))

                page.on("response", record)
                page.goto(base + path, wait_until="networkidle")
                if wait_for:
                    page.wait_for_selector(wait_for, timeout=30_000)
                    page.wait_for_load_state("networkidle")
                out[name] = (sum(sizes.values()), len(sizes))
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return out


# --- mkdocs serve --------------------------------------------------------------------------------

def serve_rebuild(config: Path, catalogue: Path, runs: int, port: int = 8799) -> list[float]:
    """Seconds from saving an edited record to the end of the rebuild, in a running `mkdocs serve`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([str(VENV_BIN / "mkdocs"), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                            # A job a shell starts in the background ignores Ctrl-C, and so would mkdocs serve,
                            # which then never stops nor deletes its site: its Ctrl-C is given back.
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: list[tuple[float, str]] = []
    threading.Thread(target=lambda: [lines.append((time.perf_counter(), ln)) for ln in proc.stdout],
                     daemon=True).start()

    def wait_for(pattern: str, after: int, timeout: float = 600) -> float | None:
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            for when, line in lines[after:]:
                if pattern in line:
                    return when
            time.sleep(0.05)
        return None

    results, record = [], None
    try:
        if wait_for("Serving on", 0) is None:
            print("  mkdocs serve did not start:", "".join(ln for _, ln in lines[-20:]))
            return []
        record = sorted(catalogue.glob("*/services/*.yaml"))[len(list(catalogue.glob("*/services/*.yaml"))) // 2]
        original = record.read_text(encoding="utf-8")  # put back afterwards, so that runs can be repeated
        for i in range(runs):
            time.sleep(2)
            mark = len(lines)
            record.write_text(original.replace("\nname: ", f"\nname: Rettet {i} ", 1), encoding="utf-8")
            saved = time.perf_counter()
            done = wait_for("catalogue:", mark)
            if done is None:
                print("  no rebuild seen:", "".join(ln for _, ln in lines[mark:][-20:]))
                break
            results.append(done - saved)
            said = next(line for when, line in lines[mark:] if when == done and "catalogue:" in line)
            said = said.split("catalogue:")[1].strip()
            print(f"  serve rebuild {i + 1}/{runs}: {done - saved:.2f} s; the plugin said: {said}")
    finally:
        if record is not None:
            record.write_text(original, encoding="utf-8")
        proc.send_signal(signal.SIGINT)  # as Ctrl-C: mkdocs serve then deletes its temporary site (1.6 GB)
        try:
            proc.wait(timeout=600)  # deleting 213,000 files can take minutes
        except subprocess.TimeoutExpired:
            proc.kill()
    return results


def du(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def site_parts(site: Path) -> list[tuple[str, int, int]]:
    """(part, files, bytes) of the site: each of PARTS, the rest of data/, and everything else."""
    found = [(name, *du(site / rel)) for name, rel in PARTS]
    in_data = [(n, b) for (name, n, b), (_, rel) in zip(found, PARTS, strict=True) if rel.startswith("data/")]
    data_files, data_bytes = du(site / "data")
    found.append(("rest of data/ (data package, GeoJSON, DCAT, Atom)", data_files - sum(n for n, _ in in_data),
                  data_bytes - sum(b for _, b in in_data)))
    files, size = du(site)
    found.append(("everything else (other pages, sitemaps, assets)", files - sum(n for _, n, _ in found),
                  size - sum(b for _, _, b in found)))
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--services", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tmp", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")))
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--no-serve", action="store_true")
    ap.add_argument("--serve-only", action="store_true", help="only the serve rebuild, on --catalogue")
    ap.add_argument("--catalogue", type=Path, help="with --serve-only: the catalogue to serve and edit")
    ap.add_argument("--port", type=int, default=8799, help="of the mkdocs serve the benchmark starts")
    args = ap.parse_args(argv)
    if args.serve_only and not args.catalogue:
        ap.error("--serve-only needs --catalogue DIR (a copy: the benchmark edits one record)")
    tmp = Path(tempfile.mkdtemp(prefix="site-bench-", dir=args.tmp))
    try:
        return run_serve_only(args, tmp) if args.serve_only else run(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def print_machine(tmp: Path) -> None:
    print("Machine")
    for key, value in machine(tmp).items():
        print(f"  {key:16} {value}")


def run_serve_only(args, tmp: Path) -> int:
    print_machine(tmp)
    catalogue = args.catalogue.resolve()
    print(f"\nmkdocs serve rebuild after one edit, {catalogue}")
    rebuilds = serve_rebuild(mkdocs_config(tmp, catalogue), catalogue, args.runs, args.port)
    if rebuilds:
        print(f"  min {min(rebuilds):.2f} s, median {statistics.median(rebuilds):.2f} s, max {max(rebuilds):.2f} s "
              f"[<= {TARGETS['serve_s']:.0f} s]")
    return 0


def run(args, tmp: Path) -> int:
    print_machine(tmp)
    catalogue = tmp / "catalogue"
    subprocess.run([str(VENV_BIN / "catalogue"), "synth", "--services", str(args.services), "--seed",
                    str(args.seed), "--out", str(catalogue)], check=True, capture_output=True)
    config = mkdocs_config(tmp, catalogue)
    site = tmp / "site"
    print(f"\nWhole build of {args.services} services: mkdocs build -f {config}")
    # Each run starts without a site folder, as a build on a fresh clone does: otherwise MkDocs first deletes
    # the last run's 215,000 files (3-4 s) inside the timed build.
    build = measure("build", [str(VENV_BIN / "mkdocs"), "build", "-f", str(config)], args.runs,
                    prepare=lambda: shutil.rmtree(site, ignore_errors=True))
    files, size = du(site)
    data_files, data_size = du(site / "data")
    print(f"  output: {files} files, {size / 1e6:.0f} MB; data/: {data_files} files, {data_size / 1e6:.1f} MB")
    parts = site_parts(site)
    for name, n, b in parts:
        print(f"    {name:52} {n:8} files {b / 1e6:8.1f} MB")

    print(f"\nRendering the {args.services} service pages, ours and Hugo's, side by side")
    ours_out = tmp / "ours"
    ours = measure("ours", [sys.executable, "-c", RENDER_SERVICES, str(catalogue), str(ours_out)], args.runs,
                   prepare=lambda: shutil.rmtree(ours_out, ignore_errors=True))
    hugo = None
    if not args.no_hugo and shutil.which("hugo"):
        hugo_dir = hugo_site(tmp, catalogue)
        hugo = measure("hugo", ["hugo", "--quiet", "-s", str(hugo_dir), "-d", str(tmp / "hugo-out")], args.runs,
                       prepare=lambda: shutil.rmtree(tmp / "hugo-out", ignore_errors=True))
    elif not args.no_hugo:
        print("  hugo is not installed (apt-get install hugo): skipped")

    print("\nWhat the browser transfers (gzip, no tiles)")
    service_path = next(p for p in sorted((site / "tilbud").iterdir()) if p.is_dir()).relative_to(site).as_posix() + "/"
    # The municipality with the most offers of its own (the largest embed feed): a case worker's first search.
    feeds = [p for p in (site / "data" / "kommuner").glob("*.json") if p.stem.isdigit()]
    busiest = max(feeds, key=lambda p: p.stat().st_size).stem
    postcode = next(code for code, *_place, municipality in search.postcodes()
                    if municipality == busiest and code.isdigit())
    sizes = transfers(site, {"service page": (service_path, None), "overview map": ("kort/", None),
                             **{name: (path, wait) for name, path, wait in searches(busiest, postcode)}})
    for name, (gz, n) in sizes.items():
        print(f"  {name}: {gz / 1024:.0f} KB in {n} requests")

    rebuilds = [] if args.no_serve else serve_rebuild(config, catalogue, args.runs, args.port)
    report(args, build, ours, hugo, sizes, rebuilds, (files, size, data_files, data_size))
    return 0


def report(args, build, ours, hugo, sizes, rebuilds, output) -> None:
    med = statistics.median
    print(f"\nResults ({args.services} services; seconds are whole-process wall seconds, medians of {args.runs})")
    rows = [("whole build", f"{med(build.walls()):.1f} s, peak RSS {build.peak_rss() / 1024:.0f} MB, "
             f"peak PSS (tree) {(build.peak_pss() or 0) / 1024:.0f} MB",
             f"<= {TARGETS['build_s']:.0f} s, <= {TARGETS['build_mb']} MB")]
    # Ours is timed twice: rendering and writing the pages (the in-process timer), and the whole process, which
    # also reads and validates every record; Hugo's whole process reads its content files and renders.
    inside = [float(m.group(1)) for r in ours.runs if (m := RENDER_TIMER.search(r.output))]
    line = f"ours {med(inside):.1f} s rendering" if inside else "ours"
    line += f" ({med(ours.walls()):.1f} s as a whole process, with reading and validating the records)"
    if hugo:
        hugo_s = med(hugo.walls())
        line += f", hugo {hugo_s:.1f} s whole process; ratio"
        line += f" {med(inside) / hugo_s:.2f} rendering," if inside else ""
        line += f" {med(ours.walls()) / hugo_s:.2f} whole processes"
    rows.append((f"render {args.services} service pages", line, "ours <= hugo"))
    if hugo:
        ratio = med(build.walls()) / med(hugo.walls())
        rows.append(("whole build / hugo's rendering", f"{ratio:.2f} ({med(build.walls()):.1f} s / "
                     f"{med(hugo.walls()):.1f} s, both in this run)", f"<= {TARGETS['hugo_ratio']:.0f}"))
        # Beside the wall ratio: the kernel's share of a run that writes a quarter of a million files swings by a
        # factor of three from run to run on a virtual machine (bench/README.md), and user CPU seconds leave it out.
        users = [med([r.cpu[0] for r in m.runs if r.cpu] or [0]) for m in (build, hugo)]
        if all(users):
            rows.append(("whole build / hugo, user CPU seconds", f"{users[0] / users[1]:.2f} ({users[0]:.1f} s / "
                         f"{users[1]:.1f} s)", f"<= {TARGETS['hugo_ratio']:.0f}"))
    kinds = [("service page", "service_kb"), ("overview map", "map_kb")]
    kinds += [(name, "search_kb" if name.startswith("first") else None) for name, *_ in searches("", "")]
    for name, key in kinds:
        gz, n = sizes.get(name, (0, 0))
        target = f"<= {TARGETS[key]} KB" if key else "the reader's explicit choice: no target"
        rows.append((f"{name} transfer", f"{gz / 1024:.0f} KB ({n} requests)", target))
    if rebuilds:
        rows.append(("serve rebuild after one edit", f"{med(rebuilds):.2f} s (max {max(rebuilds):.2f})",
                     f"<= {TARGETS['serve_s']:.0f} s"))
    files, size, data_files, data_size = output
    rows.append(("site", f"{size / 1e6:.0f} MB in {files} files (data/: {data_size / 1e6:.1f} MB in {data_files} "
                 f"files); GitHub Pages' limit {PAGES_LIMIT_MB} MB", f"<= {TARGETS['site_mb']} MB"))
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"  {name.ljust(width)}  {value}  [{target}]" if target else f"  {name.ljust(width)}  {value}")


if __name__ == "__main__":
    sys.exit(main())
