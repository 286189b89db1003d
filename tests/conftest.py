"""Shared fixtures: real records written to a temporary catalogue, and the CLI run as a user runs it."""

from __future__ import annotations

import io
import os
import re
import shutil
import textwrap
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "catalogue"
REFERENCE = REPO.parent / "shared" / "reference"
DAGI = REFERENCE / "dagi"
BOUNDARIES = DAGI / "municipalities.geojson"

ORGANISATION = """\
id: {id}
name: Forening {id}
type: association
municipality_code: "751"
website: https://example.org/{id}
email: kontakt@example.org
"""

SERVICE = """\
id: {id}
name: Familieklubben
summary: Fællesspisning og leg for børnefamilier hver onsdag aften.
status: active
cost: free
categories: [family-support]
target_groups: [vulnerable-families]
languages: [da]
access: [self-referral]
last_verified: 2026-10-01
locations:
  - id: medborgerhuset
    street_address: Vestergade 12
    postcode: "8000"
    city: Aarhus C
    municipality_code: "751"
    latitude: 56.1572
    longitude: 10.2107
    opening_hours: "We 17:00-20:00; PH off"
"""


def mkdocs_config(root: Path, catalogue: Path, site: Path) -> Path:
    """The project's mkdocs.yml, written to `root`, pointed at `catalogue` and building into `site`."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(REPO / "docs"), site_dir=str(site))
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config["plugins"] = [{"catalogue": {**p["catalogue"], "catalogue": str(catalogue)}}
                         if isinstance(p, dict) and "catalogue" in p else p for p in config["plugins"]]
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


FILL = {
    "name": "Lektiecafé på biblioteket", "summary": "Frivillige hjælper børn med lektierne hver tirsdag.",
    "type": "association", "cost": "free", "categories": "[homework-education]", "target_groups": "[children]",
    "languages": "[da, ar]", "access": "[self-referral]", "id": "biblioteket", "street_address": "Vestergade 12",
    "postcode": '"8000"', "city": "Aarhus C", "municipality_code": '"751"', "latitude": "56.1572",
    "longitude": "10.2107",
}


def fill_in(text: str) -> str:
    """Put a value after every empty `key:` of a template, as a contributor would."""
    def value(m: re.Match) -> str:
        return f"{m[1]}{m[2]}: {FILL[m[2]]}" if m[2] in FILL else m[0]  # `locations:` opens a list

    text = re.sub(r"^([ ]*(?:- )?)(\w+):[ ]*$", value, text, flags=re.M)
    return re.sub(r"^(\w+): \[\]$", lambda m: f"{m[1]}: {FILL[m[1]]}", text, flags=re.M)


def require_boundaries() -> Path:
    """The DAGI boundaries beside the project: CI must have them, a laptop may not."""
    if not BOUNDARIES.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{BOUNDARIES} is missing: CI needs ../shared/reference/dagi beside the project")
        pytest.skip("DAGI boundaries not available beside the project")
    return BOUNDARIES


def node() -> str:
    """Node.js, for tests that run the site's scripts outside a browser."""
    found = shutil.which("node")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("node is missing: CI needs Node.js (.ci/run installs it)")
        pytest.skip("node is not installed")
    return found


def require_reference(rel: str) -> Path:
    """An official file from ../shared/reference/ (see its README): CI must have it, a laptop may not."""
    path = REFERENCE / rel
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI needs ../shared/reference/{rel.split('/')[0]} beside the project")
        pytest.skip(f"{path} is not available beside the project")
    return path


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path | None = None) -> Run:
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    try:
        if cwd:
            os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as e:  # argparse's usage errors
                code = e.code
    finally:
        os.chdir(old)
    return Run(code, out.getvalue(), err.getvalue())


class Catalogue:
    """A catalogue in a temporary folder, with one valid organisation to build on."""

    def __init__(self, base: Path):
        self.base = base
        self.root = base / "catalogue"
        self.organisation("forening")

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def organisation(self, org_id: str, text: str | None = None) -> Path:
        return self.write(f"{org_id}/organisation.yaml", text or ORGANISATION.format(id=org_id))

    def service(self, service_id: str, text: str | None = None, org: str = "forening") -> Path:
        return self.write(f"{org}/services/{service_id}.yaml", text or SERVICE.format(id=service_id))

    def validate(self, *args: str) -> Run:
        return run_cli("validate", "--today", "2026-11-23", *args, cwd=self.base)


@pytest.fixture
def catalogue(tmp_path: Path) -> Catalogue:
    return Catalogue(tmp_path)


# --- the slow kinds of test are marked, and the marks are kept honest -------------------------------------------
# `make test-fast` leaves out `browser` and `site`. So that a slow test cannot hide in the fast suite, building a site
# (in this process or with `mkdocs build`/`serve` in another) or starting Chromium fails a test that is not marked.
_MKDOCS_RUN = re.compile(r"\bmkdocs\S*\s+(build|serve)\b|\bmake\s+(build|serve)\b")


class _Allowed:
    site = browser = True


BROWSER_FIXTURES = {"chromium", "site_page"}
SITE_FIXTURES = {"sample_site", "site_url", "site_page"}


def pytest_collection_modifyitems(items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if used & SITE_FIXTURES:
            item.add_marker(pytest.mark.site)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _Allowed.site = item.get_closest_marker("site") is not None
    _Allowed.browser = item.get_closest_marker("browser") is not None


def _refuse(kind: str) -> None:
    raise AssertionError(f"this test {'builds a whole site' if kind == 'site' else 'starts Chromium'}: "
                         f"mark it @pytest.mark.{kind} (the fast suite leaves such tests out)")


def pytest_configure(config):
    import subprocess

    import generator.build

    import browser_support

    build, mkdocs_site, chromium_browser = generator.build._build, browser_support.build_site_with_mkdocs, \
        browser_support.chromium_browser

    def guarded_build(*args, **kwargs):
        if not _Allowed.site:
            _refuse("site")
        return build(*args, **kwargs)

    def guarded_mkdocs(*args, **kwargs):
        if not _Allowed.site:
            _refuse("site")
        return mkdocs_site(*args, **kwargs)

    def guarded_chromium(*args, **kwargs):
        if not _Allowed.browser:
            _refuse("browser")
        return chromium_browser(*args, **kwargs)

    class GuardedPopen(subprocess.Popen):
        def __init__(self, args, *rest, **kwargs):
            line = " ".join(str(a) for a in args) if isinstance(args, (list, tuple)) else str(args)
            if not _Allowed.site and _MKDOCS_RUN.search(line):
                _refuse("site")
            super().__init__(args, *rest, **kwargs)

    generator.build._build = guarded_build
    browser_support.build_site_with_mkdocs = guarded_mkdocs
    browser_support.chromium_browser = guarded_chromium
    subprocess.Popen = GuardedPopen


# Real-browser fixtures (helpers in tests/browser_support.py): the sample site is built with MkDocs and served on
# 127.0.0.1 once per session; `site_page` is a fresh watched Chromium page that fails the test if the page sent a
# request off the site (tiles are stubbed), logged a console error, threw, or opened a dialog.
@pytest.fixture(scope="session")
def chromium():
    from browser_support import chromium_browser

    with chromium_browser() as browser:
        yield browser


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    from browser_support import build_site_with_mkdocs

    return build_site_with_mkdocs(tmp_path_factory.mktemp("sample-site"))


@pytest.fixture(scope="session")
def site_url(sample_site) -> str:
    from browser_support import serve

    with serve(sample_site) as url:
        yield url


@pytest.fixture(scope="session")
def tile_hosts():
    from browser_support import tile_host_pattern, tile_templates

    return tile_host_pattern(tile_templates())


@pytest.fixture
def site_page(chromium, site_url, tile_hosts):
    from browser_support import Browsing, watched_page

    with watched_page(chromium, tile_hosts) as (page, traffic):
        yield Browsing(page, traffic, site_url)
        traffic.assert_clean()
