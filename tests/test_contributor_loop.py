"""The whole contributor loop as people walk it: a browser-only volunteer pastes the web-editor guide's templates, a
Git user follows the Git guide's commands, and each then gets every blocking step of the pull-request check green,
the steps read from .github/workflows/pull-request.yml and run as GitHub runs them. After the merge, tidy.yml's own
steps format main and bring CODEOWNERS up to date, without anyone running a command.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, fill_in
from workflow_runner import Runner, assert_green, check_pull_request, git, require, upstream

EN = REPO / "docs" / "en" / "contributing"
DOCS = {"da": (REPO / "docs" / "bidrag" / "webeditor.md", REPO / "docs" / "bidrag" / "git.md"),
        "en": (EN / "web-editor.md", EN / "git.md")}


def guide_records(guide: Path) -> tuple[str, str]:
    """The organisation and the first service template of the web-editor guide, exactly as published."""
    blocks = re.findall(r"```yaml\n(.*?)```", guide.read_text(encoding="utf-8"), re.S)
    organisation = next(b for b in blocks if "\ntype:" in "\n" + b)
    service = next(b for b in blocks if "\nlocations:" in b)
    return organisation, service


@pytest.mark.site
@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_browser_only_volunteer_with_the_guides_templates_gets_every_blocking_check_green(tmp_path, lang):
    web_editor, _ = DOCS[lang]
    organisation, service = guide_records(web_editor)
    org_id = re.search(r"^id: (\S+)", organisation, re.M)[1]
    service_id = re.search(r"^id: (\S+)", service, re.M)[1]
    repo = upstream(tmp_path)
    # GitHub's "Create new file": one commit per file on the fork's patch-1 branch, the text pasted unchanged.
    fork = tmp_path / "patch-1"
    git(tmp_path, "clone", "-q", str(repo), str(fork))
    git(fork, "switch", "-qc", "patch-1")
    for rel, text in ((f"catalogue/{org_id}/organisation.yaml", organisation),
                      (f"catalogue/{org_id}/services/{service_id}.yaml", service)):
        (fork / rel).parent.mkdir(parents=True, exist_ok=True)
        (fork / rel).write_text(text, encoding="utf-8")
        git(fork, "add", rel)
        git(fork, "commit", "-qm", f"Create {rel}")
    runner = check_pull_request(fork, tmp_path)
    assert_green(runner)
    assert runner.outcomes["fmt"] == "success", runner.logs["fmt"]  # the templates are in the catalogue's form
    report = json.loads((runner.temp / "pr-check-report" / "problems.da.json").read_text(encoding="utf-8"))
    assert report["summary"]["errors"] == 0
    checks = json.loads((runner.temp / "pr-check-report" / "pr.json").read_text(encoding="utf-8"))["checks"]
    assert set(checks.values()) == {"success"}, checks  # what the bot's comment shows: all green


def shell_blocks(guide: Path) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", re.sub(r"^ {4}", "", guide.read_text(encoding="utf-8"), flags=re.M), re.S)


@pytest.mark.site
@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_git_user_following_the_git_guide_gets_every_blocking_check_green(tmp_path, lang):
    require("make")
    _, guide = DOCS[lang]
    repo = upstream(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    work = home
    filled = False
    for block in shell_blocks(guide):
        for command in filter(None, (line.strip() for line in block.splitlines())):
            if command.startswith("git clone"):
                folder = home / "kataloget"
                git(home, "clone", "-q", str(repo), str(folder))
                # `make data` installs into .venv first: the project's own stands in, installed from this very
                # pyproject.toml (make compares its stamp with the file's time, which the clone has just set).
                (folder / ".venv").symlink_to(REPO / ".venv")
                os.utime(folder / "pyproject.toml", (0, 0))
                continue
            if command.startswith("cd "):
                work = home / "kataloget"
                continue
            if "catalogue validate" in command and not filled:
                # "Åbn filerne i din teksteditor, og udfyld dem": every empty value of the templates filled in.
                for path in sorted((work / "catalogue").glob("naboskabet-brabrand/**/*.yaml")):
                    path.write_text(fill_in(path.read_text(encoding="utf-8")), encoding="utf-8")
                filled = True
            done = subprocess.run(["bash", "-e", "-c", command], cwd=work, capture_output=True, text=True,
                                  env={**os.environ, "GIT_AUTHOR_NAME": "Anne", "GIT_AUTHOR_EMAIL": "a@example.org",
                                       "GIT_COMMITTER_NAME": "Anne", "GIT_COMMITTER_EMAIL": "a@example.org"},
                                  timeout=900)
            assert done.returncode == 0, f"{command}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
    assert filled and (work / "catalogue" / "naboskabet-brabrand" / "organisation.yaml").exists()
    pushed = git(repo, "branch", "--list", "naboskabet-faellesspisning")
    assert pushed.strip(), "the guide's git push reached the fork"
    runner = check_pull_request(work, tmp_path)
    assert_green(runner)
    assert runner.outcomes["fmt"] == "success", runner.logs["fmt"]


# --- after the merge -------------------------------------------------------------------------------------------------


def merged_with_untidy_records(tmp_path: Path) -> Path:
    """main after a merge of a new organisation (a maintainer CODEOWNERS does not list yet) and a record whose keys
    are out of order: what tidy.yml finds."""
    repo = upstream(tmp_path)
    organisation, service = guide_records(DOCS["da"][0])
    (repo / "catalogue" / "naboskabet-brabrand" / "services").mkdir(parents=True)
    (repo / "catalogue" / "naboskabet-brabrand" / "organisation.yaml").write_text(organisation, encoding="utf-8")
    first = re.search(r"^id: .*\n", service, re.M)[0]
    untidy = (service.replace(first, "") + first).replace('postcode: "8220"', "postcode: 8220")  # id last
    (repo / "catalogue" / "naboskabet-brabrand" / "services" / "faellesspisning-soendergaard.yaml").write_text(
        untidy, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Merge pull request #1")
    return repo


def test_after_the_merge_tidy_formats_main_and_brings_codeowners_up_to_date(tmp_path):
    repo = merged_with_untidy_records(tmp_path)
    tidy = Runner("tidy.yml", "tidy", repo, tmp_path, {})
    tidy.run(skip={"Install": "success"})
    assert all(o == "success" for o in tidy.outcomes.values()), tidy.logs
    patch = tidy.temp / "tidy" / "tidy.patch"
    assert "changed=true" in (tidy.temp / "output.txt").read_text()
    # The commit job: a fresh checkout of main, the patch applied by its own steps, no project code run.
    main = tmp_path / "main"
    git(tmp_path, "clone", "-q", str(repo), str(main))
    commit = Runner("tidy.yml", "commit", main, tmp_path, {"secrets.TIDY_DEPLOY_KEY": ""})  # not set up
    shutil.copytree(tidy.temp / "tidy", commit.temp / "tidy")
    commit.run()
    assert commit.outcomes["Apply the patch / Anvend ændringerne"] == "success", commit.logs
    assert commit.outcomes["Push to main / Skub til main"] == "success"  # without a deploy key: the summary
    assert "TIDY_DEPLOY_KEY" in commit.logs["Push to main / Skub til main"]
    changed = git(main, "show", "--name-only", "--format=%s", "HEAD").split()
    assert ".github/CODEOWNERS" in changed
    assert "catalogue/naboskabet-brabrand/services/faellesspisning-soendergaard.yaml" in changed
    owners = (main / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/catalogue/naboskabet-brabrand/  @anne-frivillig @jens-naboskab" in owners
    tidied = tmp_path / "again"
    git(tmp_path, "clone", "-q", str(main), str(tidied))
    assert subprocess.run([str(REPO / ".venv" / "bin" / "catalogue"), "fmt", "--check"], cwd=tidied).returncode == 0
    assert patch.exists()


@pytest.mark.parametrize("hostile", [".github/workflows/evil.yml", "catalogue/x/services/../../../setup.py",
                                     "pyproject.toml"])
def test_the_commit_job_refuses_a_patch_that_touches_anything_but_records_and_codeowners(tmp_path, hostile):
    repo = upstream(tmp_path)
    target = repo / hostile
    if target.exists():
        target.write_text(target.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("on: push\n", encoding="utf-8")
    git(repo, "add", "-A")
    diff = git(repo, "diff", "--cached", "--binary")
    git(repo, "reset", "-q", "--hard")
    commit = Runner("tidy.yml", "commit", repo, tmp_path, {"secrets.TIDY_DEPLOY_KEY": ""})
    (commit.temp / "tidy").mkdir()
    (commit.temp / "tidy" / "tidy.patch").write_text(diff, encoding="utf-8")
    head = git(repo, "rev-parse", "HEAD")
    commit.run()
    assert commit.outcomes["Apply the patch / Anvend ændringerne"] == "failure"
    assert git(repo, "rev-parse", "HEAD") == head
    assert not git(repo, "status", "--porcelain", "--untracked-files=no").strip()
