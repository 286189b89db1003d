"""The GitHub side: workflows that are safe with pull requests from forks, and the comment they post.

The workflows are read with PyYAML's safe loader, which reads the key `on` as True; `triggers()` copes. The
comment script (JavaScript run by actions/github-script) is run here with Node against a mocked GitHub, fed
hostile reports, since the report it reads is written by the contributor's own code.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import REPO

GITHUB = REPO / ".github"
WORKFLOWS = {p.name: p for p in sorted((GITHUB / "workflows").glob("*.y*ml"))}
SHA_PIN = re.compile(r"^[^@\s]+@[0-9a-f]{40}$")
EVENT_IN_EXPRESSION = re.compile(r"\$\{\{[^}]*\b(github\.event\.|github\.head_ref|github\.base_ref)")
MARKER = "<!-- velfaerdskataloget:pr-check -->"


def load(name: str) -> dict:
    return yaml.safe_load(WORKFLOWS[name].read_text(encoding="utf-8"))


def on(workflow: dict):
    """The `on:` section, which the safe loader (YAML 1.1) reads as the key True."""
    return workflow.get("on", workflow.get(True))


def triggers(workflow: dict) -> set[str]:
    on_ = on(workflow)
    if isinstance(on_, str):
        return {on_}
    return set(on_ or ())


def jobs(workflow: dict) -> dict[str, dict]:
    return workflow["jobs"]


def steps(workflow: dict):
    for job in jobs(workflow).values():
        yield from job.get("steps", ())


def strings(node):
    """Every key and value in a parsed workflow that is text (comments are not part of it)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(key)
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)
    elif isinstance(node, str):
        yield node


def effective_permissions(workflow: dict, job: dict):
    """A job's token permissions: its own, else the workflow's; None when neither is set (GitHub's default)."""
    if "permissions" in job:
        return job["permissions"]
    return workflow.get("permissions")


def grants_write(permissions) -> bool:
    if permissions is None:
        return True  # the repository default may be write-all
    if isinstance(permissions, str):
        return permissions == "write-all"
    return any(level == "write" for level in permissions.values())


def test_the_five_workflows_are_there():
    assert {"pull-request.yml", "pull-request-comment.yml", "publish.yml", "nightly.yml", "tidy.yml"} <= set(WORKFLOWS)


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_no_workflow_uses_pull_request_target(name):
    assert "pull_request_target" not in triggers(load(name))


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_every_job_has_its_permissions_set(name):
    workflow = load(name)
    for job_id, job in jobs(workflow).items():
        assert effective_permissions(workflow, job) is not None, f"{name}: job {job_id} has no permissions"


def runs_pull_request_code(workflow: dict) -> bool:
    return bool(triggers(workflow) & {"pull_request", "pull_request_target"})


def test_the_check_runs_pull_request_code_and_the_others_do_not():
    running = [name for name in WORKFLOWS if runs_pull_request_code(load(name))]
    assert "pull-request.yml" in running
    assert not {"pull-request-comment.yml", "publish.yml", "nightly.yml"} & set(running)


def test_a_job_inherits_the_workflows_permissions():
    workflow = yaml.safe_load("on: pull_request\npermissions: write-all\njobs:\n  a: {}\n  b: {permissions: {}}\n")
    assert runs_pull_request_code(workflow)
    assert grants_write(effective_permissions(workflow, workflow["jobs"]["a"]))
    assert not grants_write(effective_permissions(workflow, workflow["jobs"]["b"]))
    unset = yaml.safe_load("on: [push]\njobs:\n  a: {permissions: {contents: read}}\n  b: {}\n")
    assert grants_write(effective_permissions(unset, unset["jobs"]["b"]))  # the repository's default
    assert not grants_write(effective_permissions(unset, unset["jobs"]["a"]))


@pytest.mark.parametrize("name", [name for name in WORKFLOWS if runs_pull_request_code(load(name))])
def test_pull_request_code_runs_without_write_permissions_or_secrets(name):
    workflow = load(name)
    for job_id, job in jobs(workflow).items():
        assert not grants_write(effective_permissions(workflow, job)), f"{name}: job {job_id} can write"
        assert job.get("secrets") is None, f"{name}: job {job_id} passes secrets on"
    for text in strings(workflow):
        assert not re.search(r"\bsecrets\.(?!GITHUB_TOKEN\b)", text), f"{name} references a secret: {text}"


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment(name):
    workflow = load(name)
    refs = [step["uses"] for step in steps(workflow) if "uses" in step]
    refs += [job["uses"] for job in jobs(workflow).values() if "uses" in job]
    for ref in refs:
        if ref.startswith("./"):
            continue  # an action or workflow in this repository, at this commit
        assert SHA_PIN.match(ref), f"{name}: {ref} is not pinned to a full commit SHA"
    for line in WORKFLOWS[name].read_text(encoding="utf-8").splitlines():
        if re.match(r"\s*(- )?uses:\s*[^.\s]", line):
            assert re.search(r"@[0-9a-f]{40} # v\d+(\.\d+)*$", line), f"{name}: no version comment: {line.strip()}"


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_no_script_interpolates_event_data(name):
    """Script injection: event data reaches a script only through `env:`, as a variable the shell quotes."""
    for step in steps(load(name)):
        for script in (step.get("run"), (step.get("with") or {}).get("script")):
            if script:
                assert not EVENT_IN_EXPRESSION.search(script), f"{name}: {step.get('name')} interpolates event data"
                assert "${{ github.event." not in script and "${{ github.head_ref" not in script


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_checkouts_keep_no_credentials_and_jobs_time_out(name):
    workflow = load(name)
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    for job_id, job in jobs(workflow).items():
        assert isinstance(job.get("timeout-minutes"), int), f"{name}: job {job_id} has no timeout"


# The pull request check -----------------------------------------------------------------------------------------


def test_the_pull_request_check_reads_only_and_cancels_superseded_runs():
    workflow = load("pull-request.yml")
    assert triggers(workflow) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    checkout = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    python = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"] == {"python-version": "3.11", "cache": "pip", "cache-dependency-path": "pyproject.toml"}


def test_the_pull_request_check_runs_every_check():
    workflow = load("pull-request.yml")
    runs = "\n".join(s.get("run", "") for s in steps(workflow))
    for command in ('.venv/bin/catalogue validate --changed "origin/${BASE_REF}"',
                    ".venv/bin/catalogue validate --format text",
                    ".venv/bin/catalogue fmt --check",
                    ".venv/bin/mkdocs build --strict",
                    ".venv/bin/catalogue validate --format json"):
        assert command in runs
    changed = next(s for s in steps(workflow) if "--changed" in s.get("run", ""))
    assert changed["env"] == {"BASE_REF": "${{ github.base_ref }}"}


def test_the_report_is_uploaded_even_when_a_check_fails():
    workflow = load("pull-request.yml")
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "pr-check-report"
    assert upload["if"] in ("${{ !cancelled() }}", "${{ always() }}", "always()", "!cancelled()")
    number = next(s for s in steps(workflow) if "PR_NUMBER" in s.get("env", {}))
    assert number["if"] == upload["if"]
    assert number["env"]["PR_NUMBER"] == "${{ github.event.pull_request.number }}"


# The comment ----------------------------------------------------------------------------------------------------


def test_the_comment_workflow_follows_the_check_and_never_runs_pull_request_code():
    workflow = load("pull-request-comment.yml")
    assert set(on(workflow)) == {"workflow_run"}
    assert on(workflow)["workflow_run"] == {"workflows": [load("pull-request.yml")["name"]], "types": ["completed"]}
    assert workflow["permissions"] == {}
    (job,) = jobs(workflow).values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    for step in job["steps"]:
        uses = step.get("uses", "")
        assert not uses.startswith("actions/checkout@"), "the comment workflow must not check anything out"
        assert uses.split("@")[0] in {"actions/github-script", "actions/download-artifact"}
        assert "${{" not in step.get("run", ""), "no run step may interpolate expressions"
        assert "${{" not in (step.get("with") or {}).get("script", "")


def comment_script() -> str:
    (job,) = jobs(load("pull-request-comment.yml")).values()
    step = job["steps"][-1]
    assert step["env"]["REPORT_DIR"] == "${{ runner.temp }}/pr-check-report"
    return step["with"]["script"]


def find_script() -> tuple[str, dict]:
    (job,) = jobs(load("pull-request-comment.yml")).values()
    step = job["steps"][0]
    assert step["id"] == "find"
    return step["with"]["script"], step["env"]


HARNESS = r"""
const fs = require('fs');
const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const log = { calls: [], failed: [], warnings: [], notices: [], outputs: {} };
const data = (value) => async () => ({ data: value });
const core = {
  setFailed: (m) => log.failed.push(String(m)), warning: (m) => log.warnings.push(String(m)),
  notice: (m) => log.notices.push(String(m)), info: () => {}, setOutput: (k, v) => { log.outputs[k] = v; },
};
const github = {
  paginate: async (fn, params) => (await fn(params)).data,
  rest: {
    actions: { listWorkflowRunArtifacts: data(input.artifacts) },
    pulls: {
      get: async ({ pull_number }) => {
        log.calls.push(['pulls.get', pull_number]);
        const pr = input.pulls[String(pull_number)];
        if (!pr) throw Object.assign(new Error('Not Found'), { status: 404 });
        return { data: pr };
      },
      listFiles: data(input.files),
    },
    issues: {
      listComments: data(input.comments),
      createComment: async (p) => { log.calls.push(['create', p]); },
      updateComment: async (p) => { log.calls.push(['update', p]); },
    },
  },
};
const context = { repo: { owner: 'o', repo: 'r' }, serverUrl: 'https://github.com',
                  payload: { workflow_run: input.run } };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction('require', 'github', 'context', 'core', input.script)(require, github, context, core)
  .then(() => console.log(JSON.stringify(log)), (e) => { console.error(e.stack); process.exit(1); });
"""

HEAD = "a" * 40
RUN = {"id": 4242, "head_sha": HEAD, "head_branch": "patch-1", "head_repository": {"id": 7}}
PR = {"number": 12, "head": {"sha": HEAD, "ref": "patch-1", "repo": {"id": 7}}}
CHANGED = "catalogue/forening/services/klub.yaml"
PASSED = {key: "success" for key in ("install", "changed", "catalogue", "fmt", "build")}


def problem(message="Feltet mangler.", severity="error", path=CHANGED, **extra):
    return {"path": path, "line": 3, "column": 1, "field": "name", "code": "required", "severity": severity,
            "message": message, "hint": "Tilføj feltet.", **extra}


@pytest.fixture
def comment(tmp_path):
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing: CI needs Node.js (see .ci/run)")
        pytest.skip("node is not installed")
    script = comment_script()
    (tmp_path / "harness.cjs").write_text(HARNESS, encoding="utf-8")

    def run(meta=None, problems=None, *, pulls=None, comments=(), files=(CHANGED,), raw=None, artifacts=(),
            script=script, env=None):
        report = tmp_path / "report"
        shutil.rmtree(report, ignore_errors=True)
        report.mkdir()
        if meta is not None:
            (report / "pr.json").write_text(json.dumps(meta), encoding="utf-8")
        for lang in ("da", "en"):
            if problems is not None:
                body = {"summary": {}, "problems": problems}
                (report / f"problems.{lang}.json").write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        for name, content in (raw or {}).items():
            (report / name).write_bytes(content)
        state = {"script": script, "run": RUN, "pulls": {"12": PR} if pulls is None else pulls,
                 "files": [{"filename": f} for f in files], "comments": list(comments),
                 "artifacts": list(artifacts)}
        (tmp_path / "input.json").write_text(json.dumps(state), encoding="utf-8")
        done = subprocess.run([node, str(tmp_path / "harness.cjs"), str(tmp_path / "input.json")],
                              env={**os.environ, "REPORT_DIR": str(report), **(env or {})},
                              capture_output=True, text=True,
                              timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return run


@pytest.mark.parametrize(("artifacts", "found"), [
    ([], "false"),
    ([{"name": "something-else", "size_in_bytes": 10, "expired": False}], "false"),
    ([{"name": "pr-check-report", "size_in_bytes": 10, "expired": True}], "false"),
    ([{"name": "pr-check-report", "size_in_bytes": 2 * 1024 * 1024, "expired": False}], "false"),
    ([{"name": "pr-check-report", "size_in_bytes": "many", "expired": False}], "false"),
    ([{"name": "pr-check-report", "size_in_bytes": 4000, "expired": False}], "true"),
])
def test_only_a_small_report_is_downloaded(comment, artifacts, found):
    script, env = find_script()
    log = comment(artifacts=artifacts, script=script, env=env)
    assert log["outputs"] == {"found": found}
    assert not log["calls"]


def posted(log) -> list[tuple[str, dict]]:
    return [(kind, params) for kind, params in log["calls"] if kind in ("create", "update")]


def test_problems_are_posted_in_danish_and_english(comment):
    log = comment({"pr": 12, "checks": {**PASSED, "catalogue": "failure", "changed": "failure"}}, [problem()])
    ((kind, params),) = posted(log)
    assert kind == "create" and params["issue_number"] == 12
    body = params["body"]
    assert body.startswith(MARKER)
    assert "**Dansk:**" in body and "**English:**" in body
    assert body.index("**Dansk:**") < body.index("**English:**")
    assert "&#91;required&#93; Feltet mangler&#46;" in body  # renders as "[required] Feltet mangler."
    assert "<details><summary>Problems (English)</summary>" in body
    assert "| De ændrede poster / The changed records | ❌ failure |" in body
    assert "https://github.com/o/r/actions/runs/4242" in body


def test_hostile_report_text_is_made_inert(comment):
    evil = ("@everyone <img src=x onerror=alert(1)> | broken | ![t](https://evil.example/p.png) #1 `code` "
            "$x$ [link](javascript:alert(1))\n\n## Heading\u202e")
    log = comment({"pr": 12, "checks": PASSED}, [problem(evil, path=f"{CHANGED}\n| x | y |", field="<b>")],
                  files=(f"{CHANGED}\n| x | y |",))
    ((_, params),) = posted(log)
    body = params["body"]
    for forbidden in ("@everyone", "<img", "<b>", "](https://evil", "](javascript", " #1 ", "`code`", "$x$",
                      "javascript:", "## Heading", "\u202e"):
        assert forbidden not in body, forbidden
    rows = [line for line in body.splitlines() if line.startswith("| catalogue")]
    assert len(rows) == 2  # one per language, each on one line
    for row in rows:
        assert row.count("|") == 5, row  # the cells' own pipes are escaped


@pytest.mark.parametrize("number", ["12; rm -rf /", -12, 0, 1.5, "0x0c", True, None, "", [12], {"n": 12}, "1" * 20])
def test_anything_but_a_pull_request_number_is_refused(comment, number):
    log = comment({"pr": number, "checks": PASSED}, [problem()])
    assert log["failed"] and not posted(log)


def test_a_report_without_its_pull_request_number_is_refused(comment):
    log = comment(None, [problem()])
    assert log["failed"] and not posted(log)
    log = comment(raw={"pr.json": b"{not json", "problems.da.json": b"[]"})
    assert log["failed"] and not posted(log)


def test_a_report_naming_another_pull_request_is_refused(comment):
    other = {"number": 13, "head": {"sha": "b" * 40, "ref": "main", "repo": {"id": 99}}}
    log = comment({"pr": 13, "checks": PASSED}, [problem()], pulls={"13": other})
    assert log["failed"] and not posted(log)
    log = comment({"pr": 14, "checks": PASSED}, [problem()])  # no such pull request
    assert log["failed"] and not posted(log)


def test_a_pull_request_that_moved_on_waits_for_its_next_check(comment):
    moved = {**PR, "head": {**PR["head"], "sha": "c" * 40}}
    log = comment({"pr": 12, "checks": PASSED}, [problem()], pulls={"12": moved})
    assert not log["failed"] and log["notices"] and not posted(log)


def test_one_comment_is_updated_not_another_added(comment):
    ours = {"id": 5, "user": {"login": "github-actions[bot]"}, "body": MARKER + "\nold"}
    forged = {"id": 6, "user": {"login": "someone"}, "body": MARKER + "\nforged"}
    log = comment({"pr": 12, "checks": PASSED}, [problem()], comments=[forged, ours])
    ((kind, params),) = posted(log)
    assert kind == "update" and params["comment_id"] == 5
    log = comment({"pr": 12, "checks": PASSED}, [problem()], comments=[forged])
    ((kind, _),) = posted(log)
    assert kind == "create"


def test_a_clean_pull_request_gets_no_new_comment_but_an_old_one_turns_green(comment):
    assert posted(comment({"pr": 12, "checks": PASSED}, [])) == []
    ours = {"id": 5, "user": {"login": "github-actions[bot]"}, "body": MARKER + "\nold"}
    ((kind, params),) = posted(comment({"pr": 12, "checks": PASSED}, [], comments=[ours]))
    assert kind == "update" and "✅" in params["body"].splitlines()[1]


def test_the_layout_is_advice_and_no_comment_asks_for_a_command(comment):
    ours = {"id": 5, "user": {"login": "github-actions[bot]"}, "body": MARKER + "\nold"}
    ((_, params),) = posted(comment({"pr": 12, "checks": {**PASSED, "fmt": "failure"}}, [], comments=[ours]))
    body = params["body"]
    assert "✅" in body.splitlines()[1], "the layout alone never turns the check red"
    assert "| Opsætning / Layout | ℹ️ advice / råd |" in body
    failing = {**PASSED, "fmt": "failure", "catalogue": "failure", "changed": "failure", "build": "failure"}
    ((_, params),) = posted(comment({"pr": 12, "checks": failing}, [problem()]))
    for command in ("catalogue fmt", "catalogue codeowners", "Kør `", "Run `", "commit `"):
        assert command not in params["body"], command


def test_warnings_are_shown_only_for_the_files_the_pull_request_changed(comment):
    elsewhere = problem("Gammel post.", severity="warning", path="catalogue/andre/services/x.yaml")
    log = comment({"pr": 12, "checks": PASSED}, [elsewhere])
    assert posted(log) == []
    mine = problem("Min gamle post.", severity="warning")
    ((_, params),) = posted(comment({"pr": 12, "checks": PASSED}, [elsewhere, mine]))
    assert "Min gamle post" in params["body"] and "Gammel post" not in params["body"]


def test_the_comment_stays_within_githubs_size_limit(comment):
    many = [problem("å" * 2500 + "<>|@#" * 200) for _ in range(100)]
    ((_, params),) = posted(comment({"pr": 12, "checks": PASSED}, many))
    assert len(params["body"]) <= 60000
    assert "… og " in params["body"] and "… and " in params["body"]


def test_oversized_or_odd_report_files_are_ignored(comment):
    huge = json.dumps({"problems": [problem("x" * 1000)] * 1200}).encode()
    assert len(huge) > 1024 * 1024
    log = comment({"pr": 12, "checks": {**PASSED, "catalogue": "failure"}},
                  raw={"problems.da.json": huge, "problems.en.json": b"\xff\xfe not json"})
    ((_, params),) = posted(log)
    assert len(log["warnings"]) == 2
    assert "x" * 100 not in params["body"]
    assert "| Hele kataloget / The whole catalogue | ❌ failure |" in params["body"]
    weird = comment({"pr": 12, "checks": {**PASSED, "build": "<script>"}}, [])
    ((_, params),) = posted(weird)
    assert "<script>" not in params["body"] and "❔ unknown" in params["body"]


# Tidying main after a merge -------------------------------------------------------------------------------------


# Anything that would run this repository's code: its tools, its build, an install of its dependencies.
PROJECT_CODE = re.compile(r"\.venv|\bcatalogue +[a-z]|\bmkdocs\b|\bmake\b|\bpip\b|\bpython|\bnpm\b|\bnode\b")


def test_tidy_runs_after_a_merge_to_main_and_never_on_a_pull_request():
    workflow = load("tidy.yml")
    assert triggers(workflow) == {"push", "workflow_dispatch"}
    assert on(workflow)["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {}
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_tidy_runs_the_projects_tools_without_write_access_and_pushes_without_running_them():
    workflow = load("tidy.yml")
    tidy, commit = jobs(workflow)["tidy"], jobs(workflow)["commit"]
    assert tidy["permissions"] == {"contents": "read"} and "environment" not in tidy
    tidy_runs = "\n".join(s.get("run", "") for s in tidy["steps"])
    assert ".venv/bin/catalogue fmt" in tidy_runs and ".venv/bin/catalogue codeowners" in tidy_runs
    assert "secrets." not in WORKFLOWS["tidy.yml"].read_text(encoding="utf-8").split("\n  commit:")[0]
    # The job that can push: GitHub's token read-only, the deploy key from an environment only main may use, and
    # none of the project's code (the patch is data, applied by git).
    assert commit["permissions"] == {"contents": "read"}
    assert commit["environment"]["name"] == "tidy"
    assert commit["needs"] == "tidy"
    for step in commit["steps"]:
        assert not PROJECT_CODE.search(step.get("run", "")), step.get("name")
        if "secrets." in str(step):
            assert step["env"] == {"DEPLOY_KEY": "${{ secrets.TIDY_DEPLOY_KEY }}", "PATCH": step["env"]["PATCH"]}
    apply = next(s for s in commit["steps"] if "git apply" in s.get("run", ""))
    assert "allowed=" in apply["run"] and "git apply --check" in apply["run"]


# Publishing -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["publish.yml", "nightly.yml"])
def test_only_the_deploy_job_can_write_and_deployments_never_overlap(name):
    workflow = load(name)
    assert workflow["permissions"] == {}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert jobs(workflow)["build"]["permissions"] == {"contents": "read"}
    assert jobs(workflow)["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs(workflow)["deploy"]["needs"] == "build"
    runs = "\n".join(s.get("run", "") for s in steps(workflow))
    for command in ("make data", ".venv/bin/mkdocs build --strict", "cp -R build/data/. site/data/",
                    ".venv/bin/catalogue stale --format", "site/reports/stale.md", '>> "$GITHUB_STEP_SUMMARY"'):
        assert command in runs
    uses = [s["uses"].split("@")[0] for s in steps(workflow) if "uses" in s]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    for step in steps(workflow):
        assert "cache" not in (step.get("with") or {}), "no cache in a workflow that publishes"


def installs(run: str, venv: Path) -> list[str]:
    """The pip commands a workflow step runs: its own, and those of every `make` target it calls (make -n, with
    the virtual environment at `venv`, which does not exist yet: a fresh runner)."""
    found = [line for line in run.splitlines() if "pip install" in line]
    for targets in re.findall(r"(?m)(?:^|&&|;)\s*make((?:\s+[\w-]+)+)", run):
        dry = subprocess.run(["make", "-n", *targets.split(), f"VENV={venv}"], cwd=REPO, capture_output=True,
                             text=True, check=True)
        found += [line for line in dry.stdout.splitlines() if "pip install" in line]
    return found


@pytest.mark.parametrize("name", ["publish.yml", "nightly.yml"])
def test_the_deploy_build_installs_only_what_the_site_needs_pinned(name, tmp_path):
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    test_only = {re.split(r"[=<>\[]", req)[0].lower() for req in project["optional-dependencies"]["test"]}
    commands = [c for step in jobs(load(name))["build"]["steps"] for c in installs(step.get("run", ""), tmp_path)]
    assert commands, "the build job installs the project"
    for command in commands:
        packages = command.split("pip install", 1)[1].split()
        assert "[" not in command, f"installs extras: {command}"
        assert not test_only & {re.split(r"[=<>\[]", p)[0].lower() for p in packages}, command
        for package in packages:
            assert package.startswith("-") or package == "." or re.fullmatch(r"[\w.-]+==[\w.]+", package), (
                f"not pinned: {package} in {command}")


def test_publish_and_nightly_build_the_same_site():
    assert load("publish.yml")["jobs"] == load("nightly.yml")["jobs"]
    assert triggers(load("publish.yml")) == {"push", "workflow_dispatch"}
    assert triggers(load("nightly.yml")) == {"schedule", "workflow_dispatch"}
    assert on(load("publish.yml"))["push"] == {"branches": ["main"]}


# Templates and tooling ------------------------------------------------------------------------------------------


ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")


def test_the_issue_forms_are_valid_and_danish_first():
    assert [p.name for p in ISSUE_FORMS] == ["correction.yml", "offer-closed.yml"]
    names = []
    for path in ISSUE_FORMS:
        form = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert {"name", "description", "body"} <= set(form)
        names.append(form["name"])
        ids = [item["id"] for item in form["body"] if "id" in item]
        assert len(ids) == len(set(ids))
        assert {"service", "source"} <= set(ids)
        for item in form["body"]:
            assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
            if item["type"] == "markdown":
                assert item["attributes"]["value"].strip()
            else:
                assert " / " in item["attributes"]["label"], "labels are Danish / English"
                assert isinstance(item.get("validations", {}).get("required", False), bool)
    assert names == ["Foreslå en rettelse / Suggest a correction", "Tilbuddet er lukket / This offer has closed"]
    closing = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "offer-closed.yml").read_text(encoding="utf-8"))
    assert "closing-date" in [item.get("id") for item in closing["body"]]
    config = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8"))
    assert isinstance(config["blank_issues_enabled"], bool)


def test_the_pull_request_template_is_danish_first_with_a_checklist():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.index("## Hvad er ændret?") < text.index("## What changed?")
    for needle in ("catalogue validate", "last_verified", "personoplysninger", "personal data"):
        assert needle in text
    assert text.count("- [ ]") >= 8


def test_node_tools_are_pinned_exactly_and_locked_to_no_download_address():
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    for name, version in {**package.get("dependencies", {}), **package.get("devDependencies", {})}.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned exactly: {version}"
    lock = REPO / "package-lock.json"
    assert not lock.exists() or '"resolved"' not in lock.read_text(encoding="utf-8")


def test_make_test_lints_the_workflows():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: .*\blint-workflows\b", makefile, re.M)
    script = (REPO / ".ci" / "lint-workflows.sh").read_text(encoding="utf-8")
    assert "zizmor\" --offline" in script and "lint-workflows.mjs" in script
