"""When each record last changed: the last Git commit touching its file, else its `last_verified` date.

One `git log --name-only` pass over the catalogue gives every file's newest and oldest commit, instead of
one Git process per file, which would take minutes for a national catalogue.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..hours.parse import TIMEZONE
from ..parallel import child_setup


@dataclass(frozen=True)
class Changed:
    updated: dt.datetime  # the last commit touching the file, else last_verified at midnight in Denmark
    added: dt.datetime | None  # the first commit, when Git knows the file
    commits: int  # 0 when the catalogue is not a Git checkout or the file is not committed


def git_history(root: Path) -> dict[str, tuple[dt.datetime, dt.datetime, int]]:
    """Path (relative to `root`, '/'-separated) -> (newest commit, oldest commit, number of commits)."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        shallow = subprocess.run(["git", "-C", str(root), "rev-parse", "--is-shallow-repository"],
                                 capture_output=True, text=True, timeout=30, env=env, preexec_fn=child_setup())
        if shallow.returncode != 0 or shallow.stdout.strip() == "true":
            # Not a checkout, or a shallow one (CI's default): its oldest commit would pass for the day every
            # older record was added and changed, so last_verified is the better date.
            return {}
        done = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotePath=false", "log", "--format=%x00%cI", "--name-only",
             "--no-renames", "--relative", "--", "."],
            capture_output=True, text=True, timeout=120, env=env, preexec_fn=child_setup(),
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if done.returncode != 0:
        return {}
    out: dict[str, tuple[dt.datetime, dt.datetime, int]] = {}
    when = None
    for line in done.stdout.splitlines():
        if line.startswith("\x00"):
            when = dt.datetime.fromisoformat(line[1:])
        elif line and when is not None:
            newest, _, n = out.get(line, (when, when, 0))
            out[line] = (newest, when, n + 1)  # log runs newest first: the last seen is the oldest
    return out


def record_dates(root: Path, services: list[dict], organisations: list[dict]) -> dict[str, Changed]:
    """For each service id, and each `organisation:<id>` Git knows: when it last changed."""
    history = git_history(root)
    out = {}
    for s in services:
        rel = f"{s['organisation_id']}/services/{s['id']}.yaml"
        out[s["id"]] = _changed(history.get(rel), s["last_verified"])
    for o in organisations:
        # An organisation has no last_verified: without Git, its pages are dated by its services.
        seen = history.get(f"{o['id']}/organisation.yaml")
        if seen:
            out[f"organisation:{o['id']}"] = _changed(seen, None)
    return out


def _changed(seen, verified: dt.date | None) -> Changed:
    if seen:
        newest, oldest, n = seen
        return Changed(newest, oldest, n)
    return Changed(dt.datetime.combine(verified, dt.time(), TIMEZONE), None, 0)
