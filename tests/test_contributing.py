"""The contributor's path: templates, formatting, CODEOWNERS and the pull-request check."""

from __future__ import annotations

import random
import re
import shutil
import subprocess

from generator.schema import load_schema
from generator.tools.fmt import format_text
from generator.validate.files import parse

from conftest import REPO, SAMPLE, fill_in, run_cli


def test_new_templates_validate_once_the_required_values_are_filled_in(catalogue):
    run = run_cli("new", "organisation", "lektiecafeen", cwd=catalogue.base)
    assert run.code == 0, run.err
    org = catalogue.root / "lektiecafeen" / "organisation.yaml"
    run = run_cli("new", "service", "lektiecafeen", "lektiecafe-tirsdag", "--today", "2026-11-23", cwd=catalogue.base)
    assert run.code == 0, run.err
    service = catalogue.root / "lektiecafeen" / "services" / "lektiecafe-tirsdag.yaml"
    untouched = catalogue.validate()
    assert untouched.code == 1
    assert "error[required] name:" in untouched.out and "error[too-few] categories:" in untouched.out
    for path in (org, service):
        path.write_text(fill_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    run = catalogue.validate()
    assert run.code == 0, run.out
    assert "0 fejl, 0 advarsler" in run.out
    assert "# Kort beskrivelse (skal udfyldes)" in service.read_text(encoding="utf-8")


def test_new_refuses_bad_ids_existing_files_and_missing_organisations(catalogue):
    assert run_cli("new", "organisation", "Røde Kors", cwd=catalogue.base).code == 2
    assert run_cli("new", "organisation", "forening", cwd=catalogue.base).code == 2
    assert run_cli("new", "service", "ukendt", "klub", cwd=catalogue.base).code == 2
    assert run_cli("new", "service", "forening", cwd=catalogue.base).code == 2


def shuffled(text: str, seed: int) -> str:
    """The same record with its top-level blocks (a key, its value and the comments above it) reordered."""
    blocks, current = [], []
    for line in text.splitlines(keepends=True):
        starts_block = (line[:1].isalpha() or line.startswith("#")) and any(x[:1].isalpha() for x in current)
        if starts_block:
            blocks.append(current)
            current = []
        current.append(line)
    blocks.append(current)
    random.Random(seed).shuffle(blocks)
    return "".join("".join(b) for b in blocks)


def test_fmt_restores_schema_order_keeps_comments_and_values_and_is_idempotent():
    schema = load_schema()
    order = [f.name for f in schema.record_table("service").fields if f.written]
    order += [n.key for n in schema.nested("services")]
    for i, path in enumerate(sorted(SAMPLE.glob("*/services/*.yaml"))[:25]):
        original = path.read_text(encoding="utf-8")
        commented = original.replace("\nsummary:", "\n# Skrevet af frivillige\nsummary:", 1)
        messy = shuffled(commented, i)
        once = format_text(messy, "service")
        assert format_text(once, "service") == once, path
        assert parse(once).value == parse(original).value, path
        assert "# Skrevet af frivillige\nsummary:" in once, path
        keys = [k for k in parse(once).value]
        assert keys == sorted(keys, key=order.index), path


def test_fmt_quotes_what_other_yaml_readers_would_misread_without_changing_it(catalogue):
    path = catalogue.service("klub")
    text = path.read_text(encoding="utf-8").replace('"8000"', "0800").replace("[da]", "[da, no]")
    path.write_text(text, encoding="utf-8")
    assert run_cli("fmt", "--check", cwd=catalogue.base).code == 1
    assert run_cli("fmt", cwd=catalogue.base).code == 0
    formatted = path.read_text(encoding="utf-8")
    assert 'postcode: "0800"' in formatted and 'languages: [da, "no"]' in formatted
    assert run_cli("fmt", "--check", cwd=catalogue.base).code == 0


def published_examples() -> list[tuple[str, str]]:
    """(kind, text) of every record the guides and the README show, exactly as published."""
    found = []
    for doc in (REPO / "README.md", REPO / "docs" / "bidrag" / "webeditor.md",
                REPO / "docs" / "en" / "contributing" / "web-editor.md"):
        for block in re.findall(r"```yaml\n(.*?)```", doc.read_text(encoding="utf-8"), re.S):
            if "\nid:" in "\n" + block:
                found.append(("organisation" if "\ntype:" in "\n" + block else "service", block))
    return found


def test_the_published_examples_and_templates_are_already_in_normal_form(catalogue):
    examples = published_examples()
    assert len(examples) >= 7
    for kind, text in examples:
        assert format_text(text, kind) == text, text
    assert run_cli("new", "organisation", "lektiecafeen", cwd=catalogue.base).code == 0
    assert run_cli("new", "service", "lektiecafeen", "lektiecafe-tirsdag", cwd=catalogue.base).code == 0
    assert run_cli("fmt", "--check", cwd=catalogue.base).code == 0
    for path in catalogue.root.glob("lektiecafeen/**/*.yaml"):
        path.write_text(fill_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    run = run_cli("fmt", "--check", cwd=catalogue.base)
    assert run.code == 0, run.out


def test_fmt_check_says_line_by_line_what_to_change(catalogue):
    path = catalogue.organisation("forening", "name: Forening\nid: forening\ntype: association\ndescription: |\n"
                                              "  Tekst.\nmunicipality_code: 751\n")
    run = run_cli("fmt", "--check", cwd=catalogue.base)
    assert run.code == 1
    assert run.out.splitlines()[1:] == [
        "    før linje 1: indsæt `id: forening`",
        "    linje 2: slet `id: forening`",
        '    linje 6: skriv `municipality_code: "751"` i stedet for `municipality_code: 751`',
    ]
    english = run_cli("fmt", "--check", "--lang", "en", cwd=catalogue.base)
    assert '    line 6: write `municipality_code: "751"` instead of `municipality_code: 751`' in english.out
    assert "catalogue fixes it itself once the change is merged" in english.out
    assert run_cli("fmt", cwd=catalogue.base).code == 0
    assert path.read_text(encoding="utf-8").startswith("id: forening\nname: Forening\n")


def test_the_sample_catalogue_is_formatted():
    assert run_cli("fmt", "--check", cwd=REPO).code == 0


def test_codeowners_gives_each_organisation_folder_to_its_own_maintainers():
    text = (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    owners = dict(line.split(None, 1) for line in text.splitlines() if line.startswith("/"))
    for org in SAMPLE.glob("*/organisation.yaml"):
        maintainers = parse(org.read_text(encoding="utf-8")).value.get("maintainers") or []
        if maintainers:
            assert owners[f"/catalogue/{org.parent.name}/"].split() == [f"@{m}" for m in maintainers]
    assert run_cli("codeowners", "--check", cwd=REPO).code == 0, "run `catalogue codeowners` and commit"


def test_codeowners_check_fails_when_the_committed_file_is_stale(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "catalogue")
    shutil.copytree(REPO / ".github", tmp_path / ".github", ignore=shutil.ignore_patterns("workflows"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    assert run_cli("codeowners", "--check", cwd=tmp_path).code == 0
    org = tmp_path / "catalogue" / "roede-kors-aarhus" / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "  - ny-frivillig\n", encoding="utf-8")
    run = run_cli("codeowners", "--check", cwd=tmp_path)
    assert run.code == 1 and "catalogue codeowners" in run.err
    assert run_cli("codeowners", cwd=tmp_path).code == 0
    assert "@ny-frivillig" in (tmp_path / ".github" / "CODEOWNERS").read_text(encoding="utf-8")


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_the_pull_request_check_annotates_the_changed_lines_of_changed_records(catalogue, monkeypatch, tmp_path):
    git(catalogue.base, "init", "-q", "-b", "main")
    catalogue.service("klub")
    catalogue.service("andet")
    git(catalogue.base, "add", "-A")
    git(catalogue.base, "commit", "-qm", "start")
    git(catalogue.base, "checkout", "-qb", "forslag")
    text = (catalogue.root / "forening" / "services" / "klub.yaml").read_text(encoding="utf-8")
    catalogue.service("klub", text.replace("status: active", "status: aaben").replace(
        '"We 17:00-20:00; PH off"', '"Wed 17-20"'))
    catalogue.service("ny", "id: ny\nname: Ny klub\n")
    git(catalogue.base, "add", "-A")
    git(catalogue.base, "commit", "-qm", "change")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = catalogue.validate("--changed", "main")
    assert run.code == 1
    annotations = [line for line in run.out.splitlines() if line.startswith("::")]
    klub = "catalogue/forening/services/klub.yaml"
    assert annotations[0].startswith(f"::error file={klub},line=4,col=9,title=not-allowed status::Værdien 'aaben'")
    assert annotations[1].startswith(f"::error file={klub},line=19,col=23,title=bad-opening-hours "
                                     "locations[0].opening_hours::Åbningstiden 'Wed 17-20' kan ikke læses")
    assert all("andet.yaml" not in a for a in annotations)
    assert any("file=catalogue/forening/services/ny.yaml,line=1,col=1,title=required summary::" in a
               for a in annotations)
    assert "| catalogue/forening/services/ny.yaml | 1 | summary | error[required] |" in summary.read_text()


def test_a_branch_that_changed_no_records_passes(catalogue):
    git(catalogue.base, "init", "-q", "-b", "main")
    catalogue.service("klub")
    git(catalogue.base, "add", "-A")
    git(catalogue.base, "commit", "-qm", "start")
    run = catalogue.validate("--changed", "main")
    assert run.code == 0 and "Ingen ændrede poster" in run.out


def test_stale_report_names_old_records_and_their_maintainers():
    run = run_cli("stale", "--today", "2026-11-23", "--format", "json", cwd=REPO)
    assert run.code == 0
    import json

    records = json.loads(run.out)["records"]
    assert {r["service"] for r in records} >= {"besoegsven-hjoerring"}
    assert all(r["days"] > 365 and r["maintainers"] for r in records)


def test_fmt_never_rewrites_a_file_it_cannot_read(catalogue):
    path = catalogue.service("klub")
    latin1 = path.read_text(encoding="utf-8").replace("Familieklubben", "Børneklubben").encode("latin-1")
    path.write_bytes(latin1)
    run = run_cli("fmt", cwd=catalogue.base)
    assert run.code == 1 and "catalogue validate" in run.err
    assert path.read_bytes() == latin1
