"""Shared fixtures: real records written to a temporary catalogue, and the CLI run as a user runs it."""

from __future__ import annotations

import io
import os
import re
import textwrap
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "catalogue"
DAGI = REPO.parent / "shared" / "reference" / "dagi"
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
