"""`mkdocs serve`: after one edit, only the pages it touches are rendered again, and nothing is lost
when MkDocs empties the site folder between builds."""

from __future__ import annotations

import shutil

import pytest
from mkdocs.utils import clean_directory

from generator.build import build_site
from generator.serve.incremental import SiteState, restore, stash

from conftest import SAMPLE

pytestmark = pytest.mark.site  # every test here reads a whole built site


def test_an_edit_rerenders_its_pages_and_leaves_the_rest_alone(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(SAMPLE, root)
    out = tmp_path / "site"
    state = SiteState()
    full = build_site(root, out, state=state)
    page = out / "tilbud" / "fritidsmentor-aalborg" / "index.html"
    untouched = out / "tilbud" / "besoegsven-hjoerring" / "index.html"
    before = untouched.stat().st_mtime_ns
    record = root / "red-barnet-aalborg" / "services" / "fritidsmentor-aalborg.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("name: Fritidsmentor Aalborg",
                                                                 "name: Fritidsmentor i Aalborg"), encoding="utf-8")
    stash(out, state)
    clean_directory(str(out))  # what MkDocs does before every build
    restore(out, state)
    again = build_site(root, out, state=state)
    assert "Fritidsmentor i Aalborg" in page.read_text(encoding="utf-8")
    assert "Fritidsmentor i Aalborg" in (out / "organisationer" / "red-barnet-aalborg" / "index.html").read_text()
    assert "Fritidsmentor i Aalborg" in (out / "kommuner" / "851" / "index.html").read_text(encoding="utf-8")
    assert "Fritidsmentor i Aalborg" in (out / "en" / "services" / "fritidsmentor-aalborg" / "index.html").read_text()
    assert untouched.stat().st_mtime_ns == before
    assert again.pages < full.pages / 10


def test_a_deleted_record_loses_its_page(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(SAMPLE, root)
    out = tmp_path / "site"
    state = SiteState()
    build_site(root, out, state=state)
    (root / "red-barnet-aalborg" / "services" / "fritidsmentor-aalborg.yaml").unlink()
    build_site(root, out, state=state)
    assert not (out / "tilbud" / "fritidsmentor-aalborg").exists()
    assert "fritidsmentor-aalborg" not in (out / "organisationer" / "red-barnet-aalborg" / "index.html").read_text()
