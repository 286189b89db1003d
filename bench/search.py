"""A first search on a slow phone line: how long until the results are usable, how many round trips follow one
another on the way there, and how many bytes it takes.

    .venv/bin/python bench/search.py --sample                      # the sample site, built through mkdocs.yml
    .venv/bin/python bench/search.py --services 50000 --tmp /dev/shm   # synthesise, build, measure
    .venv/bin/python bench/search.py --site DIR [--municipality 751]   # an existing built site

Each scenario opens a page in a fresh headless Chromium context (nothing cached) at phone size (390x844) under
the DevTools protocol's emulation of a slow line (2 s latency, 50 kB/s down and up:
Network.emulateNetworkConditions) and a slow phone (4x CPU slowdown: Emulation.setCPUThrottlingRate). The site
is served from 127.0.0.1 as GitHub Pages serves it: over HTTP/2 with gzip for text (bench/static_host.mjs, in
Node, with a certificate made for the run by `openssl`); with --http1 from Python's server over HTTP/1.1, where
the browser opens at most 6 connections to the host and the rest of the requests wait.

For each scenario it prints:
- usable: seconds from the start of the navigation until the page shows what the reader asked for (the first
  result with the search finished, or the question of where to look);
- round trips: the longest chain of requests on the way there, where a request that starts only after another
  one's response has ended is one more trip (requests answered from the browser's cache are no trip, and the
  tab's icon, which the browser asks for itself once the page has loaded and nothing on the page waits for, is
  counted in the bytes but starts no trip); the chain itself is printed with --chain;
- requests and KB: what went over the line until then (bytes as transferred, compressed), and in all once the
  page is quiet.
It reports; it never fails on a missed target (usable within 10 s, at most 4 round trips).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import gzip
import hashlib
import http.server
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent))
from validate import machine  # the shared machine description

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
VENV_BIN = Path(sys.executable).parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LATENCY_MS = 2000
THROUGHPUT = 50_000  # bytes a second, down and up: DevTools' "Slow 3G" (400 kbit/s)
CPU_SLOWDOWN = 4
PHONE = {"width": 390, "height": 844}
TARGET_S, TARGET_TRIPS = 10.0, 4
FLOORS = ("page", "own")
COMPRESSED = ("text/", "application/json", "application/javascript", "application/geo+json", "image/svg+xml")
# What shows that a page is usable, as a JavaScript expression.
# The search has answered: results listed, or a message instead (nothing found, or the search failed).
RESULTS = ("document.querySelector('[data-results]:not([hidden]):not([aria-busy])') !== null"
           " && (document.querySelector('[data-list] li') !== null"
           " || document.querySelector('[data-status]').textContent.trim() !== '')")
ASKS_WHERE = "document.querySelector('[data-everywhere]:not([hidden])') !== null"
LOADED = "document.readyState === 'complete'"
# Records the moment the expression first holds (performance.now(), from the start of the navigation).
WATCH = """
(() => {
  const usable = () => { try { return %s; } catch (e) { return false; } };
  const mark = () => { if (window.__usable === undefined && usable()) window.__usable = performance.now(); };
  new MutationObserver(mark).observe(document, {subtree: true, childList: true, attributes: true});
  document.addEventListener("readystatechange", mark);
  window.addEventListener("load", mark);
})();
"""


# The tab's icons (every page's <link rel="icon"> and "apple-touch-icon"): the browser fetches them for its own
# interface after the page has loaded, at the lowest priority, and no request of the page waits for them.
TAB_ICONS = ("/assets/favicon.svg", "/assets/icon.png")


@dataclass
class Request:
    url: str
    start: float  # seconds, the browser's monotonic clock
    end: float | None = None
    bytes: int = 0
    cached: bool = False


@dataclass
class Scenario:
    name: str
    path: str
    usable: str


@dataclass
class Measurement:
    usable_s: float | None
    trips: int
    chain: list[str]
    requests: int
    kb: float
    all_requests: int
    all_kb: float
    listed: list[str] = field(default_factory=list)  # every request until usable, in the order they started
    extra: dict = field(default_factory=dict)


def scenarios(municipality: str, category: str, postcode: str) -> list[Scenario]:
    """A case worker's shared link (a municipality and two filters, no word), a search from the home page (a word
    and a place), a search by distance from a postcode, what is open now, a search without a place (the page asks
    where), and the home page for comparison."""
    return [
        Scenario("shared filtered link", f"soeg/?kommune={municipality}&kategori={category}&pris=free", RESULTS),
        Scenario("word in a municipality", f"soeg/?q=familie&kommune={municipality}", RESULTS),
        Scenario("word near a postcode", f"soeg/?q=familie&sort=afstand&postnr={postcode}", RESULTS),
        Scenario("open now in a municipality", f"soeg/?kommune={municipality}&aaben=nu", RESULTS),
        Scenario("word without a place", "soeg/?q=familie", ASKS_WHERE),
        Scenario("home page", "", LOADED),
    ]


# --- serving the site as a static host does -------------------------------------------------------------


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Files with keep-alive and gzip for text, as a static host serves them (the standard handler does
    neither). Pagefind's own files are compressed already and go as they are."""

    protocol_version = "HTTP/1.1"
    extensions_map = {  # noqa: RUF012 (the base class declares it as a plain class attribute)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
        ".geojson": "application/geo+json", ".wasm": "application/wasm",
    }
    cache: dict[str, bytes] = {}  # noqa: RUF012 (shared by every request of the run)

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and urlsplit(self.path).path.endswith("/"):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (os.path.isfile(path) and wants_gzip and ctype.startswith(COMPRESSED)):
            return super().send_head()
        if path not in self.cache:
            self.cache[path] = gzip.compress(Path(path).read_bytes(), 6)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path, http1: bool = False):
    """The site on 127.0.0.1: over HTTP/2 and TLS (bench/static_host.mjs in Node, a certificate made here for the
    run), as GitHub Pages serves it; or, with `http1`, from Python's server over HTTP/1.1."""
    if http1:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(StaticHost, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/", []
        finally:
            server.shutdown()
            server.server_close()
        return
    with tempfile.TemporaryDirectory() as keys:
        cert, key = Path(keys) / "cert.pem", Path(keys) / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
        host = subprocess.Popen(["node", str(Path(__file__).parent / "static_host.mjs"), str(site), str(cert),
                                 str(key)], stdout=subprocess.PIPE, text=True)
        try:
            line = host.stdout.readline().split()
            if line[:1] != ["listening"]:
                raise RuntimeError("bench/static_host.mjs did not start")
            # The browser trusts the certificate by its key: with a certificate error it would cache nothing.
            yield f"https://127.0.0.1:{line[1]}/", [f"--ignore-certificate-errors-spki-list={spki(cert)}"]
        finally:
            host.terminate()
            host.wait()


def spki(cert: Path) -> str:
    """The base64 SHA-256 of a certificate's public key, as Chromium's --ignore-certificate-errors-spki-list
    takes it."""
    key = subprocess.run(["openssl", "x509", "-in", str(cert), "-pubkey", "-noout"], check=True,
                         capture_output=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=key, check=True,
                         capture_output=True).stdout
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


# --- one page on a slow line ----------------------------------------------------------------------------


def measure(browser, base: str, scenario: Scenario, timeout_s: float = 180) -> Measurement:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    # Through Playwright's events, which also see the requests of the page's workers (Pagefind searches in one).
    requests: list = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.on("requestfailed", lambda request: requests.append(request))
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": LATENCY_MS,
                                                  "downloadThroughput": THROUGHPUT, "uploadThroughput": THROUGHPUT})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.add_init_script(WATCH % scenario.usable)
    page.goto(base + scenario.path, wait_until="commit", timeout=timeout_s * 1000)
    usable_ms = None
    with contextlib.suppress(Exception):
        page.wait_for_function("window.__usable !== undefined", timeout=timeout_s * 1000, polling=100)
        usable_ms = page.evaluate("window.__usable")
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=60_000)
    found = [seen(r) for r in requests]
    context.close()
    return summarise([r for r in found if r is not None], usable_ms)


def seen(request) -> Request | None:
    """A finished request as its start and end on one clock, and its bytes as transferred; None for what never
    went over the line (data: and blob: URLs)."""
    if request.url.startswith(("data:", "blob:")):
        return None
    timing = request.timing
    start = timing["startTime"] / 1000
    end = start + max(timing["responseEnd"], 0) / 1000
    sizes = {}
    with contextlib.suppress(Exception):
        sizes = request.sizes()
    body = sizes.get("responseBodySize", 0) + sizes.get("responseHeadersSize", 0)
    # A response from the browser's cache (a preloaded file a script asks for again) made no trip.
    return Request(request.url, start, end, body, cached=body <= 0)


def summarise(requests: list[Request], usable_ms: float | None) -> Measurement:
    """Round trips, requests and bytes up to the moment the page was usable (all of them when it never was)."""
    network = sorted((r for r in requests if not r.cached and r.end is not None), key=lambda r: r.start)
    if not network:
        return Measurement(None, 0, [], 0, 0, 0, 0)
    origin = network[0].start  # the document's request: the navigation's start

    def line(r: Request) -> str:
        return f"{r.start - origin:6.2f}-{r.end - origin:6.2f} s {r.bytes / 1024:6.1f} KB  {r.url}"

    until = origin + usable_ms / 1000 if usable_ms is not None else float("inf")
    before = [r for r in network if r.end <= until + 0.001]
    chained = [r for r in before if not urlsplit(r.url).path.endswith(TAB_ICONS)]
    depth: dict[int, tuple[int, Request | None]] = {}
    for i, r in enumerate(chained):
        earlier = [(depth[j][0], q) for j, q in enumerate(chained[:i]) if q.end <= r.start]
        best = max(earlier, key=lambda pair: pair[0], default=(0, None))
        depth[i] = (best[0] + 1, best[1])
    last = max(range(len(chained)), key=lambda i: (depth[i][0], chained[i].end))
    chain, at = [], chained[last]
    index = {id(r): i for i, r in enumerate(chained)}
    while at is not None:
        chain.append(line(at))
        at = depth[index[id(at)]][1]
    return Measurement(
        usable_ms / 1000 if usable_ms is not None else None,
        depth[last][0],
        list(reversed(chain)),
        len(before),
        sum(r.bytes for r in before) / 1024,
        len(network),
        sum(r.bytes for r in network) / 1024,
        [line(r) for r in before],
    )


# --- which site -----------------------------------------------------------------------------------------


def build_sample(tmp: Path) -> Path:
    """The sample catalogue's site, built through the project's mkdocs.yml as `make build` does."""
    site = tmp / "site"
    subprocess.run([str(VENV_BIN / "mkdocs"), "build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)],
                   check=True, cwd=REPO, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return site


def build_synthetic(tmp: Path, services: int, seed: int) -> Path:
    """A synthetic national catalogue's site, built through mkdocs.yml pointed at it (as bench/site.py does)."""
    spec = importlib.util.spec_from_file_location("bench_site", Path(__file__).parent / "site.py")
    bench_site = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_site)
    catalogue = tmp / "catalogue"
    subprocess.run([str(VENV_BIN / "catalogue"), "synth", "--services", str(services), "--seed", str(seed),
                    "--out", str(catalogue)], check=True, capture_output=True)
    config = bench_site.mkdocs_config(tmp, catalogue)
    start = time.perf_counter()
    subprocess.run([str(VENV_BIN / "mkdocs"), "build", "-q", "-f", str(config)], check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    print(f"built {services} services in {time.perf_counter() - start:.0f} s")
    return tmp / "site"


def floor_site(site: Path, municipality: str, floor: str, out: Path) -> Path:
    """The site with its Danish search page naming fewer bundles, to measure what a first search costs with less:
    - 'page': the municipality's bundle and the nationwide one, the two a search there reads (the page names every
      bundle's files: what would a page naming none of the others save?);
    - 'own': the municipality's bundle only, so the nationwide offers are not searched at all: the least a first
      search there costs with Pagefind, whatever the bundling and the page (runtime, WebAssembly, one bundle's
      metadata, chunks and filters, the fragments).
    Not a site to publish. The other files are the site's own, linked, not copied (the run's clean-up removes the
    links, never what they point to: shutil.rmtree does not follow them)."""
    out.mkdir(parents=True)
    for entry in site.iterdir():
        if entry.name != "soeg":
            (out / entry.name).symlink_to(entry.resolve())
    (out / "soeg").mkdir()
    for entry in (site / "soeg").iterdir():
        if entry.name != "index.html":
            (out / "soeg" / entry.name).symlink_to(entry.resolve())
    page = (site / "soeg" / "index.html").read_text(encoding="utf-8")
    start = page.index('id="search-boot">') + len('id="search-boot">')
    end = page.index("</script>", start)
    boot = json.loads(page[start:end])
    index = boot["index"]
    if municipality not in index["municipalities"]:
        sys.exit(f"--floor: municipality {municipality} has no offers of its own, so no bundle of its own")
    kept = [index["municipalities"][municipality]] + ([index["nationwide"]] if floor == "page" else [])
    index["bundles"] = {name: index["bundles"][name] for name in kept if name in index["bundles"]}
    from generator.sanitise import script_json  # as the page wrote it

    (out / "soeg" / "index.html").write_text(page[:start] + str(script_json(boot)) + page[end:], encoding="utf-8")
    return out


def busiest(site: Path) -> tuple[str, str]:
    """(municipality, category): the municipality with the most offers of its own (the largest embed feed), and
    the category most of its offers have."""
    feeds = [p for p in (site / "data" / "kommuner").glob("*.json") if p.stem.isdigit()]
    top = max(feeds, key=lambda p: p.stat().st_size)
    counts: dict[str, int] = {}
    for offer in json.loads(top.read_text(encoding="utf-8"))["services"]:
        for c in offer["categories"]:
            counts[c] = counts.get(c, 0) + 1
    return top.stem, max(counts, key=counts.get)


def postcode_in(municipality: str) -> str:
    """The lowest postcode whose area lies mostly in the municipality."""
    from generator.site import search

    return next(code for code, *_place, m in search.postcodes() if m == municipality and code.isdigit())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    which = ap.add_mutually_exclusive_group(required=True)
    which.add_argument("--sample", action="store_true", help="build and measure the sample catalogue's site")
    which.add_argument("--services", type=int, help="synthesise this many services, build and measure")
    which.add_argument("--site", type=Path, help="measure an existing built site")
    ap.add_argument("--municipality", help="where the searches look (default: the issue's 751 for the sample, "
                    "else the municipality with the most offers)")
    ap.add_argument("--category", help="the shared link's category (default: the issue's young-children for the "
                    "sample, else the commonest there)")
    ap.add_argument("--runs", type=int, default=1, help="measure each scenario this many times")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tmp", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")))
    ap.add_argument("--chain", action="store_true", help="print the chain of requests of each first search")
    ap.add_argument("--requests", action="store_true", help="print every request until the page was usable")
    ap.add_argument("--http1", action="store_true", help="serve over HTTP/1.1 (at most 6 connections to the host)")
    ap.add_argument("--floor", choices=FLOORS, help="measure what a first search costs with less than the site "
                    "has: the search page naming only the bundles the searches read ('page'), or only the "
                    "municipality's own, without the nationwide offers ('own'); see floor_site")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="search-bench-", dir=args.tmp))
    try:
        print("Machine")
        for key, value in machine(tmp).items():
            print(f"  {key:16} {value}")
        site = build_sample(tmp) if args.sample else args.site or build_synthetic(tmp, args.services, args.seed)
        defaults = ("751", "young-children") if args.sample else busiest(site)
        municipality = args.municipality or defaults[0]
        category = args.category or defaults[1]
        if args.floor:
            site = floor_site(site, municipality, args.floor, tmp / "floor")
        run(site, scenarios(municipality, category, postcode_in(municipality)), args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def run(site: Path, todo: list[Scenario], args) -> None:
    from playwright.sync_api import sync_playwright

    print(f"\nSlow line: {LATENCY_MS / 1000:.0f} s latency, {THROUGHPUT / 1000:.0f} kB/s, {CPU_SLOWDOWN}x CPU "
          f"slowdown; {PHONE['width']}x{PHONE['height']}; {'HTTP/1.1' if args.http1 else 'HTTP/2'}; site {site}")
    rows = []
    with serve(site, args.http1) as (base, trust), sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS + trust)
        try:
            for scenario in todo:
                runs = [measure(browser, base, scenario) for _ in range(args.runs)]
                runs.sort(key=lambda m: m.usable_s if m.usable_s is not None else float("inf"))
                m = runs[len(runs) // 2]
                rows.append((scenario, m))
                usable = f"{m.usable_s:5.1f} s" if m.usable_s is not None else "  never"
                print(f"  {scenario.name:24} usable {usable}  {m.trips:2} round trips  {m.requests:3} requests "
                      f"{m.kb:6.0f} KB   (quiet: {m.all_requests} requests, {m.all_kb:.0f} KB)  /{scenario.path}")
                if args.chain:
                    for line in m.chain:
                        print(f"      {line}")
                if args.requests:
                    print("      every request until usable:")
                    for line in m.listed:
                        print(f"        {line}")
        finally:
            browser.close()
    searches = [m for s, m in rows if s.usable is not LOADED]
    worst = max((m.usable_s or float("inf") for m in searches), default=0)
    trips = max((m.trips for m in searches), default=0)
    print(f"\nSlowest first search: {worst:.1f} s [target <= {TARGET_S:.0f} s]; most round trips: {trips} "
          f"[target <= {TARGET_TRIPS}]")


if __name__ == "__main__":
    sys.exit(main())
