"""GitHub's side of a workflow, as far as its file says: a job's `run:` steps run the way GitHub runs them, in a
checkout made by the test, and the repository they start from."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
GIT = ["git", "-c", "user.name=Anne Frivillig", "-c", "user.email=anne@example.org", "-c", "init.defaultBranch=main"]


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing: CI needs it (see .ci/run)")
        pytest.skip(f"{tool} is not installed")
    return found


class Runner:
    """Runs one job of a workflow file the way GitHub runs its `run:` steps (bash -e, the step's env, its `if:`),
    in a checkout. What `uses:` steps do is done by the test itself: the checkout is a git clone, setup-python and
    the install step are the project's own virtual environment (linked in as `.venv`), artifacts stay on disk."""

    def __init__(self, workflow: str, job: str, checkout: Path, tmp: Path, event: dict[str, str]):
        data = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))
        self.steps = data["jobs"][job]["steps"]
        self.checkout, self.event = checkout, event
        self.temp = tmp / f"runner-{workflow}-{job}"
        self.temp.mkdir(parents=True, exist_ok=True)
        self.outcomes: dict[str, str] = {}
        self.logs: dict[str, str] = {}
        if not (checkout / ".venv").exists():
            (checkout / ".venv").symlink_to(REPO / ".venv")  # what the install step makes

    def expression(self, text: str) -> str:
        """A `${{ ... }}` of the step's env: event fields, step outcomes and runner paths, nothing else."""
        inner = text.strip()[3:-2].strip()
        if inner.startswith("steps.") and inner.endswith(".outcome"):
            return self.outcomes.get(inner.split(".")[1], "")
        if inner == "runner.temp":
            return str(self.temp)
        assert inner in self.event, f"the test does not know {inner}: add it to the event"
        return self.event[inner]

    def condition(self, text: str | None) -> bool:
        if not text:
            return all(o == "success" for o in self.outcomes.values())
        expr = text.strip()
        expr = expr[3:-2] if expr.startswith("${{") else expr
        expr = re.sub(r"steps\.([\w-]+)\.outcome", lambda m: repr(self.outcomes.get(m[1], "")), expr)
        expr = expr.replace("!cancelled()", "True").replace("always()", "True").replace("&&", " and ")
        expr = expr.replace("||", " or ").replace("!", " not ")
        assert re.fullmatch(r"[\w\s'=().-]*", expr), f"unknown condition {text}"
        return bool(eval(expr, {"__builtins__": {}}, {"True": True}))  # a workflow's own condition, checked above

    def env(self, step: dict) -> dict[str, str]:
        summary, output = self.temp / "summary.md", self.temp / "output.txt"
        base = {**os.environ, "CI": "true", "GITHUB_ACTIONS": "true", "RUNNER_TEMP": str(self.temp),
                "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output),
                "GITHUB_REPOSITORY": "velfaerdskataloget/catalogue"}
        values = {}
        for key, value in (step.get("env") or {}).items():
            values[key] = re.sub(r"\$\{\{.*?\}\}", lambda m: self.expression(m[0]), str(value))
        return {**base, **values}

    def run(self, skip: dict[str, str] | None = None) -> dict[str, str]:
        """Every step's outcome, by id (or name); `skip` names steps the test stands in for, with their outcome."""
        for step in self.steps:
            key = step.get("id") or step.get("name")
            if skip and key in skip:
                self.outcomes[key] = skip[key]
                continue
            if "run" not in step:
                continue  # a `uses:` step: done by the test (see the class)
            if not self.condition(step.get("if")):
                self.outcomes[key] = "skipped"
                continue
            done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=self.checkout, env=self.env(step),
                                  capture_output=True, text=True, timeout=900)
            self.outcomes[key] = "success" if done.returncode == 0 else "failure"
            self.logs[key] = done.stdout + done.stderr
        return self.outcomes

    def blocking(self) -> list[str]:
        """The `run:` steps whose failure fails the job: all but those marked continue-on-error."""
        return [s.get("id") or s.get("name") for s in self.steps if "run" in s and not s.get("continue-on-error")]


def upstream(tmp: Path) -> Path:
    """The catalogue's repository on GitHub: every tracked file of this project, committed on main."""
    repo = tmp / "upstream"
    repo.mkdir()
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True,
                           check=True).stdout.split("\0")
    for name in filter(None, files):
        if (REPO / name).is_file() and not (REPO / name).is_symlink():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main")
    return repo


def check_pull_request(clone: Path, tmp: Path) -> Runner:
    """The pull-request workflow's check job on the branch checked out in `clone` (origin/main is its base)."""
    require("jq")
    head = git(clone, "rev-parse", "HEAD").strip()
    runner = Runner("pull-request.yml", "check", clone, tmp,
                    {"github.base_ref": "main", "github.event.pull_request.number": "1",
                     "github.event.pull_request.head.sha": head})
    runner.run(skip={"install": "success"})
    return runner


def assert_green(runner: Runner) -> None:
    failed = {k: runner.logs.get(k, "")[-3000:] for k in runner.blocking() if runner.outcomes.get(k) != "success"}
    assert not failed, f"blocking steps failed: {failed}"
    assert {"changed", "catalogue", "build"} <= set(runner.outcomes)
