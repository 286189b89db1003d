"""The README's example record is a valid record: docs stay true to the code."""

from __future__ import annotations

import re

from conftest import BOUNDARIES, REPO


def test_the_readme_example_service_validates(catalogue):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", readme, re.S).group(1)
    catalogue.organisation("dgi-oestjylland")
    catalogue.service("familieklub-gellerup", example)
    args = ("--boundaries", str(BOUNDARIES)) if BOUNDARIES.exists() else ()
    run = catalogue.validate(*args)
    assert run.code == 0, run.out
    assert "0 fejl, 0 advarsler" in run.out
