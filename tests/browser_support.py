"""The shared real-browser harness: build a site, serve it on 127.0.0.1, open it in Debian's Chromium.

Every page opened through `watched_page` records its requests, console errors, uncaught exceptions and dialogs.
Requests to anything but 127.0.0.1 are aborted (the site must not talk to third parties), except the map tile host
from the site config, which gets a blank local tile so tests never reach the internet. `Traffic.assert_clean()`
turns any of that into a readable failure; the `site_page` fixture in conftest.py calls it after every test.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = REPO / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
LOCAL_HOSTS = {"127.0.0.1"}
# Schemes that never reach the network (inline images, blobs Leaflet or Pagefind make, the blank first page).
LOCAL_SCHEMES = {"data", "blob", "about"}
# A 1x1 transparent PNG: what a stubbed map tile looks like.
BLANK_TILE = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a70000000049454e44ae426082"
)


def require_chromium() -> Path:
    """Debian's Chromium: CI must have it (.ci/run installs it), a laptop may not."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI needs Debian's chromium (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    return CHROMIUM


def build_site_with_mkdocs(out: Path, config: Path = REPO / "mkdocs.yml") -> Path:
    """The whole public site as `make`/CI builds it: MkDocs docs plus every record page the plugin writes."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config), "--site-dir", str(out)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stderr[-4000:]}"
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    # Python 3.11 does not know every type the site serves; a module script or wasm with the wrong type fails.
    extensions_map = {  # noqa: RUF012 (the base class declares it as a plain class attribute)
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".geojson": "application/geo+json",
    }

    def log_message(self, format, *args):
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a free port, in a thread; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def tile_templates(config: Path = REPO / "mkdocs.yml") -> list[str]:
    """The map tile URL template(s) the site is configured with (the plugin's `tiles`, or Settings's default)."""
    from mkdocs.config import load_config

    from generator.config import Settings

    cfg = load_config(str(config))
    plugin = cfg.plugins.get("catalogue")
    template = getattr(plugin.config, "tiles", None) if plugin else None
    template = template or getattr(Settings(), "tiles", None)
    return [template] if template else []


def tile_host_pattern(templates: list[str]) -> re.Pattern | None:
    """Hosts of the tile templates as one pattern: Leaflet fills `{s}` with a subdomain such as 'a'."""
    hosts = [urlsplit(t.replace("{s}", "subdomain0")).hostname or "" for t in templates]
    parts = [re.escape(h).replace("subdomain0", "[a-z0-9-]+") for h in hosts if h]
    return re.compile("^(" + "|".join(parts) + ")$") if parts else None


def tile_url(template: str, z: int = 1, x: int = 0, y: int = 0) -> str:
    """One concrete tile of a Leaflet URL template."""
    return template.format_map({"s": "a", "z": z, "x": x, "y": y, "r": ""})


@dataclass
class Traffic:
    """What one page did on the network and in its console."""

    tile_hosts: re.Pattern | None = None
    requests: list[str] = field(default_factory=list)
    tiles: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS:
            route.continue_()
        elif self.tile_hosts and self.tile_hosts.match(parts.hostname or ""):
            self.tiles.append(url)
            route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
        else:
            self.foreign.append(url)
            route.abort("blockedbyclient")

    def on_response(self, response) -> None:
        if response.status >= 400 and urlsplit(response.url).hostname in LOCAL_HOSTS:
            self.failed.append(f"{response.status} {response.url}")

    def on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def problems(self) -> list[str]:
        return (
            [f"request left the site: {u}" for u in self.foreign]
            + [f"HTTP {u}" for u in self.failed]
            + [f"console error: {m}" for m in self.console_errors]
            + [f"uncaught exception: {m}" for m in self.page_errors]
            + [f"dialog opened: {m}" for m in self.dialogs]
        )

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "\n".join(problems)


@contextmanager
def chromium_browser() -> Iterator:
    """Debian's Chromium under Playwright (never `playwright install`: it downloads a browser and fails here)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def launch_like(browser, *extra_args: str):
    """Another Chromium from the same Playwright as `browser`, with extra command-line switches."""
    return browser.browser_type.launch(executable_path=str(CHROMIUM), args=[*LAUNCH_ARGS, *extra_args])


@contextmanager
def watched_page(browser, tile_hosts: re.Pattern | None = None, **context_options) -> Iterator[tuple]:
    """A fresh page in its own context, with every request routed through `Traffic`; yields (page, traffic)."""
    context = browser.new_context(service_workers="block", **context_options)
    traffic = Traffic(tile_hosts)
    context.route("**/*", traffic.route)
    page = context.new_page()
    page.on("response", traffic.on_response)
    page.on("console", traffic.on_console)
    page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
    page.on("dialog", traffic.on_dialog)
    try:
        yield page, traffic
    finally:
        context.close()


def open_page(page, base: str, rel: str):
    """Go to a page of the served site and wait until its scripts have run; fails on anything but HTTP 200."""
    response = page.goto(base + rel, wait_until="load")
    assert response is not None and response.status == 200, f"{rel}: HTTP {response.status if response else '-'}"
    return response


@dataclass
class Browsing:
    """One watched page of a served site: `open("tilbud/x/")` goes there relative to the site root."""

    page: Any
    traffic: Traffic
    base: str

    def open(self, rel: str):
        open_page(self.page, self.base, rel)
        return self.page


def open_lazy_maps(page) -> int:
    """Press every "show map" button (service pages load Leaflet only on request) and wait for the tiles."""
    buttons = page.locator("[data-lazy-map] button:visible")
    count = buttons.count()
    for _ in range(count):
        buttons.first.click()  # a pressed button hides itself, so the next one is first
    if count:
        page.wait_for_selector(".leaflet-tile-loaded")
    return count


def axe(page, options: dict | None = None) -> list[dict]:
    """Run axe-core (npm, installed by .ci/lint-workflows.sh) on the page; returns its violations."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make lint-workflows` (or .ci/lint-workflows.sh) to install axe-core")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("options => axe.run(document, options).then(results => results.violations)", options or {})


def describe(violations: list[dict]) -> str:
    """Violations as lines a person can act on: rule, impact, what to do and where."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} {v['helpUrl']}")
        for node in v["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}  [{summary[:240]}]")
    return "\n".join(lines)
