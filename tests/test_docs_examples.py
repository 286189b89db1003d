"""Every complete record in the contributor guide is a valid record: the guide cannot teach mistakes."""

from __future__ import annotations

import re
import shutil

import pytest

from generator.load import parse

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
