"""The site folder only ever holds a complete build: a build is made beside it and swapped in whole, and one that
fails leaves the previous site as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import staging

from conftest import SAMPLE, mkdocs_config


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_completed_build_takes_the_sites_place_and_the_previous_site_is_deleted(tmp_path):
    site = tmp_path / "site"
    (site / "tilbud/slettet").mkdir(parents=True)
    (site / "tilbud/slettet/index.html").write_text("a deleted offer")
    built = staging.start(site)
    (built / "tilbud/ny").mkdir(parents=True)
    (built / "tilbud/ny/index.html").write_text("the new build")
    staging.swap_in(built, site)
    assert tree(site) == {"tilbud/ny/index.html": b"the new build"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_first_build_becomes_the_site(tmp_path):
    built = staging.start(tmp_path / "site")
    (built / "index.html").write_text("first")
    staging.swap_in(built, tmp_path / "site")
    assert tree(tmp_path / "site") == {"index.html": b"first"}


def test_a_killed_builds_folder_is_deleted_by_the_next_build_and_a_running_ones_is_not(tmp_path):
    site = tmp_path / "site"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed = tmp_path / f".site.building-{dead.stdout.strip()}"
    running = tmp_path / f".site.building-{os.getppid()}"
    for folder in (killed, running):
        (folder / "tilbud").mkdir(parents=True)
    staging.start(site)
    assert not killed.exists()
    assert running.exists(), "another build may still be running"


def mkdocs_build(config: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config)],
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.mark.site
def test_a_build_that_fails_leaves_the_previous_site_untouched(tmp_path):
    catalogue, site = tmp_path / "catalogue", tmp_path / "site"
    shutil.copytree(SAMPLE, catalogue)
    config = mkdocs_config(tmp_path, catalogue, site)
    assert mkdocs_build(config).returncode == 0
    before = tree(site)
    record = next(catalogue.glob("*/services/*.yaml"))
    record.write_text(record.read_text(encoding="utf-8").replace("\nstatus: ", "\nstatus: nonsense-", 1))
    failed = mkdocs_build(config)
    assert failed.returncode == 1, failed.stderr[-2000:]
    assert tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue", "mkdocs.yml", "site"]
