"""Lighthouse (npm, run on Debian's Chromium) finds nothing to fault in its SEO and best-practice audits on the pages
most people arrive at: home, search and an offer's page, in Danish and English.

The pages are the sample site built with MkDocs and served on 127.0.0.1 (the `site_url` fixture); none of them
draws a map when it loads, so no map tile is requested.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from browser_support import CHROMIUM, LAUNCH_ARGS, require_chromium
from conftest import REPO

pytestmark = pytest.mark.browser

LIGHTHOUSE = REPO / ".venv" / "node" / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = {"home": "", "search-en": "en/search/", "service": "tilbud/familieklub-gellerup/",
         "service-en": "en/services/barselscafe-gellerup/"}


def require_lighthouse() -> str:
    """Node and Lighthouse (npm, installed with the other tools by .ci/lint-workflows.sh), and Chromium."""
    require_chromium()
    node = shutil.which("node")
    if not node or not LIGHTHOUSE.exists():
        message = f"Lighthouse cannot run: node or {LIGHTHOUSE} (make lint-workflows installs it) is missing"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return node


@pytest.fixture(scope="module")
def reports(site_url, tmp_path_factory) -> dict[str, dict]:
    """Lighthouse's report (JSON) of each page, SEO and best practices only. The runs go side by side: each spends
    most of its time waiting on its own browser."""
    node, out = require_lighthouse(), tmp_path_factory.mktemp("lighthouse")
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    runs = {
        name: subprocess.Popen(
            [node, str(LIGHTHOUSE), site_url + rel, "--only-categories=seo,best-practices", "--output=json",
             f"--output-path={out / name}.json", "--quiet", f"--chrome-flags={' '.join(LAUNCH_ARGS)}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        for name, rel in PAGES.items()
    }
    found = {}
    for name, run in runs.items():
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, f"{name}: {err[-3000:]}"
        found[name] = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    return found


def failures(report: dict) -> list[str]:
    """Every scored audit of the report's categories that did not pass, with what it found."""
    found = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                items = (audit.get("details") or {}).get("items") or []
                found.append(f"{category['id']}/{audit['id']}: {audit['title']} {json.dumps(items)[:400]}")
    return found


@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_seo_and_best_practice_audits_pass(reports, name):
    report = reports[name]
    assert not report.get("runtimeError"), report["runtimeError"]
    assert failures(report) == []
    assert {c["id"]: c["score"] for c in report["categories"].values()} == {"seo": 1, "best-practices": 1}
