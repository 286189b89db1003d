"""Every complete record in the contributor guide is a valid record: the guide cannot teach mistakes."""

from __future__ import annotations

import re
import shutil

import pytest

from generator.validate.files import parse

from conftest import REPO, SAMPLE, run_cli

GUIDES = [REPO / "docs" / "bidrag" / "webeditor.md", REPO / "docs" / "en" / "contributing" / "web-editor.md"]


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_the_guides_yaml_examples_validate_inside_the_sample_catalogue(guide, tmp_path):
    blocks = re.findall(r"```yaml\n(.*?)```", guide.read_text(encoding="utf-8"), re.S)
    records = [(b, parse(b).value) for b in blocks if "\nid:" in "\n" + b]
    assert len(records) >= 2
    shutil.copytree(SAMPLE, tmp_path / "catalogue")
    organisations = [r for _, r in records if "type" in r]
    assert len(organisations) == 1
    org_id = organisations[0]["id"]
    for text, record in records:
        rel = f"{org_id}/organisation.yaml" if "type" in record else f"{org_id}/services/{record['id']}.yaml"
        path = tmp_path / "catalogue" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    run = run_cli("validate", "--today", "2026-11-23", str(tmp_path / "catalogue" / org_id), cwd=tmp_path)
    assert run.code == 0, run.out
    assert "0 fejl, 0 advarsler" in run.out


@pytest.mark.parametrize(("guide", "howto", "lang"), [
    (GUIDES[0], REPO / "docs" / "bidrag" / "git.md", "da"),
    (GUIDES[1], REPO / "docs" / "en" / "contributing" / "git.md", "en"),
])
def test_the_validator_output_shown_in_the_git_guide_is_what_the_validator_prints(guide, howto, lang, tmp_path):
    blocks = re.findall(r"```yaml\n(.*?)```", guide.read_text(encoding="utf-8"), re.S)
    service = next(b for b in blocks if "faellesspisning-soendergaard" in b)
    org = next(b for b in blocks if "\ntype:" in "\n" + b)
    shown = re.findall(r"```text\n(.*?)```", howto.read_text(encoding="utf-8"), re.S)[0]
    bad = re.search(r"opening_hours: \"[^\"]*\"", service)[0]
    shutil.copytree(SAMPLE, tmp_path / "catalogue")  # the example's partner lives there
    catalogue = tmp_path / "catalogue" / "naboskabet-brabrand"
    (catalogue / "services").mkdir(parents=True)
    (catalogue / "organisation.yaml").write_text(org, encoding="utf-8")
    (catalogue / "services" / "faellesspisning-soendergaard.yaml").write_text(
        service.replace(bad, 'opening_hours: "Mo-Fr 9-17"'), encoding="utf-8")
    run = run_cli("validate", "--today", "2026-11-23", "--lang", lang, "catalogue/naboskabet-brabrand", cwd=tmp_path)
    printed = [line for line in shown.splitlines() if not line.startswith("$")]
    assert run.out.splitlines() == printed
