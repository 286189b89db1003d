"""A killed build leaves nothing behind: no process of it runs on, the site stays the last complete build, and the
next build, after records were deleted, publishes exactly the catalogue's offers.

`mkdocs build` is killed at several points (SIGKILL as the OOM killer sends it, SIGTERM as `timeout` and
`systemctl stop` do) with only its main process signalled. A page worker, the search stage or Pagefind left
running went on writing into the site, and the next build published offers that had been deleted.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.export.hsds import uid
from generator.tools.synth import write_catalogue
from generator.validate.validator import validate

from conftest import mkdocs_config

pytestmark = pytest.mark.site

SERVICES = 4400  # every stage forks its workers (the HSDS documents from 4,000 services) in every round
DELETED = 100  # records deleted after each kill
SITEMAP_SERVICE = re.compile(r"<loc>[^<]*/tilbud/([^/<]+)/</loc>")
# (signal, stage, a file the build writes in that stage): MkDocs' own pages; the record pages (page workers, the
# search stage and Pagefind at work); the open data (HSDS workers, Pagefind finishing its bundles).
INTERRUPTIONS = [
    (signal.SIGKILL, "pages", "tilbud/index.html"),
    (signal.SIGTERM, "docs", "bidrag/index.html"),
    (signal.SIGKILL, "open data", "data/services.geojson"),
    (signal.SIGTERM, "open data", "data/changes.atom"),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, Path, Path]:
    """(catalogue, mkdocs.yml, site folder): the project's configuration pointed at a synthetic catalogue."""
    root = tmp_path_factory.mktemp("interrupted")
    catalogue, site = root / "catalogue", root / "site"
    write_catalogue(catalogue, SERVICES)
    path = mkdocs_config(root, catalogue, site)
    return catalogue, path, site


@pytest.fixture(scope="module", autouse=True)
def reaper():
    """Orphans are handed to this process, which reaps them: a killed process then stops being listed at once,
    instead of when the machine's init gets round to it."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    yield
    libc.prctl(36, 0, 0, 0, 0)


def mkdocs_build(config: Path) -> subprocess.Popen:
    # A session of its own: every process the build starts stays in it, whoever its parent is by then.
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config)],
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def in_session(session: int) -> dict[int, str]:
    """pid -> "name state" of every process of a session (state Z: dead, not yet reaped)."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == session:
            found[int(pid)] = f"{name} {fields[0]}"
    return found


def running_in_session(session: int) -> list[str]:
    """The processes of a session that still run; the dead ones handed to this process are reaped."""
    running = []
    for pid, what in in_session(session).items():
        if what.endswith((" Z", " X")):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
        else:
            running.append(f"{pid} {what}")
    return running


def written_since(folders: list[Path], written: str, started: float) -> bool:
    """Whether a build started at `started` has written the file `written` into one of `folders`."""
    for folder in folders:
        with contextlib.suppress(FileNotFoundError):
            if (folder / written).stat().st_mtime > started:
                return True
    return False


def interrupt(config: Path, site: Path, sig: signal.Signals, written: str) -> None:
    """Start a build, send `sig` to its main process once it has written `written` (into the site folder or a
    folder of its own), and insist that none of its processes runs 2 s later."""
    started = time.time()
    build = mkdocs_build(config)
    folders = [site, site.parent / f".{site.name}.building-{build.pid}"]
    deadline = time.monotonic() + 300
    while not written_since(folders, written, started):
        assert build.poll() is None, f"the build ended before it wrote {written}: {build.stderr.read()[-2000:]}"
        assert time.monotonic() < deadline, f"the build never wrote {written}"
        time.sleep(0.01)
    os.kill(build.pid, sig)
    build.wait()
    sent, left = time.monotonic(), running_in_session(build.pid)
    while left and time.monotonic() - sent < 2:
        time.sleep(0.05)
        left = running_in_session(build.pid)
    build.stderr.close()
    assert not left, f"still running 2 s after {sig.name} to the build: {left}"


def folders(path: Path) -> set[str]:
    return {p.name for p in path.iterdir() if p.is_dir()} if path.is_dir() else set()


def published(site: Path) -> dict[str, set[str]]:
    """The offers each part of the site publishes, by catalogue id (HSDS by its documents' ids)."""
    geojson = site / "data/services.geojson"
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"] if geojson.exists() else []
    feeds = set()
    for feed in (site / "data/kommuner").glob("*.json"):
        feeds |= {s["id"] for s in json.loads(feed.read_text(encoding="utf-8"))["services"]}
    sitemap = set()
    for part in site.glob("sitemap*.xml"):
        sitemap |= set(SITEMAP_SERVICE.findall(part.read_text(encoding="utf-8")))
    return {
        "Danish pages": folders(site / "tilbud"),
        "English pages": folders(site / "en/services"),
        "HSDS documents": {json.loads(p.read_bytes())["id"] for p in (site / "data/hsds/services").glob("*.json")},
        "GeoJSON": {f["properties"]["id"] for f in features},
        "municipality feeds": feeds,
        "sitemap": sitemap,
    }


def assert_publishes_exactly(site: Path, catalogue: Path) -> None:
    services = validate(catalogue).records("service")
    offers, located = {s["id"] for s in services}, {s["id"] for s in services if s["locations"]}
    expected = {"HSDS documents": {uid("service", sid) for sid in offers}, "GeoJSON": located}
    for part, found in published(site).items():
        want = expected.get(part, offers)
        assert found == want, f"{part}: {len(found - want)} offers not in the catalogue, {len(want - found)} missing"


def test_a_killed_build_leaves_no_process_and_the_next_build_publishes_exactly_the_catalogue(project):
    catalogue, config, site = project
    first = mkdocs_build(config)
    assert first.wait() == 0, first.stderr.read()[-4000:]
    first.stderr.close()
    assert_publishes_exactly(site, catalogue)
    records = sorted(catalogue.glob("*/services/*.yaml"))
    random.Random(18).shuffle(records)
    for sig, point, written in INTERRUPTIONS:
        before = published(site)
        interrupt(config, site, sig, written)
        assert published(site) == before, f"{sig.name} during the {point}: the previous site changed"
        for record in records[:DELETED]:  # deleted right after the kill, and the site rebuilt at once
            record.unlink()
        records = records[DELETED:]
        rebuild = mkdocs_build(config)
        assert rebuild.wait() == 0, f"after {sig.name} during the {point}: {rebuild.stderr.read()[-4000:]}"
        rebuild.stderr.close()
        assert not list(site.parent.glob(f".{site.name}.building-*")), "the killed build's folder is left"
        assert_publishes_exactly(site, catalogue)
