"""Contributor docs generated from the code's sources of truth: every schema field, hours that parse."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest

from generator.schema import load_schema
from generator.site.docs import EXAMPLES, MISTAKES, hours_cheatsheet, schema_reference

from conftest import REPO


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_schema_reference_lists_every_field_of_every_table(lang):
    page = schema_reference(lang)
    sections = re.split(r"^#{2,3} ", page, flags=re.M)
    for table in load_schema().tables.values():
        section = next(s for s in sections if f"schemas/{table.schema_path}" in s)
        for f in table.fields:
            assert re.search(rf"^\| `{re.escape(f.name)}`<br>", section, re.M), (table.name, f.name)
            assert f.title[lang] in section


def test_the_schema_reference_shows_allowed_values_and_requiredness():
    page = schema_reference("en")
    status = next(line for line in page.splitlines() if line.startswith("| `status`"))
    assert "| yes |" in status and "`active` (Active)" in status and "`closed` (Closed)" in status
    assert "see `schemas/municipalities.csv`" in page


def test_the_cheatsheet_tables_are_computed_by_the_parser_for_the_build_week():
    christmas = hours_cheatsheet("da", dt.date(2026, 12, 20))  # a Sunday: the table shows 21-27 December
    section = christmas.split("## `Sa,Su 10:00-14:00; PH off`")[1].split("## ")[0]
    row = [c.strip() for c in section.strip().splitlines()[-1].strip("|").split("|")]
    assert row == ["lukket"] * 5 + ["lukket", "10:00–14:00"]  # Saturday 26 December is a public holiday
    late = hours_cheatsheet("en", dt.date(2026, 11, 23)).split("## `Fr 18:00-02:00`")[1].split("## ")[0]
    row = [c.strip() for c in late.strip().splitlines()[-1].strip("|").split("|")]
    assert row[4] == "18:00–02:00" and row[5] == "closed", "a night is one span, on the evening it begins"
    assert len(EXAMPLES) >= 10


def test_each_common_mistake_is_shown_with_the_parsers_own_complaint():
    page = hours_cheatsheet("en", dt.date(2026, 11, 23))
    for wrong, right in MISTAKES:
        line = next(x for x in page.splitlines() if x.startswith(f"| `{wrong}` |"))
        assert "| OK |" not in line and line.endswith(f"| `{right}` |")


@pytest.mark.site
def test_mkdocs_builds_the_docs_site_in_strict_mode(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    for page in ("bidrag/skema/index.html", "bidrag/aabningstider/index.html",
                 "en/contributing/schema/index.html", "en/contributing/opening-hours/index.html"):
        html = (tmp_path / page).read_text(encoding="utf-8")
        assert "last_verified" in html or "PH off" in html
    assert "fonts.googleapis.com" not in (tmp_path / "index.html").read_text(encoding="utf-8")
