"""`mkdocs serve` as it runs: the plugin's rebuild after a record edit leaves MkDocs and the docs alone, a docs
edit still goes through MkDocs, and writing a record (not reading one) asks the server for a rebuild."""

from __future__ import annotations

import os
import re
import shutil
import time

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from conftest import REPO, SAMPLE

pytestmark = pytest.mark.site  # every test here reads a whole built site

SERVE_URL = "http://127.0.0.1:8000/"


@pytest.fixture()
def serve(tmp_path):
    """The sample site built and its server set up the way `mkdocs serve` does both (mkdocs/commands/serve.py),
    without listening: (catalogue, docs, site, server)."""
    catalogue, docs, site = tmp_path / "catalogue", tmp_path / "docs", tmp_path / "site"
    shutil.copytree(SAMPLE, catalogue)
    shutil.copytree(REPO / "docs", docs)
    config_file = tmp_path / "mkdocs.yml"
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(docs), site_dir=str(site), plugins=[{"catalogue": {"catalogue": str(catalogue)}}])
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")

    def get_config():
        config = load_config(config_file=str(config_file), site_dir=str(site))
        config.site_url = SERVE_URL
        return config

    def builder(config=None):
        build(config or get_config(), serve_url=SERVE_URL)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    server = LiveReloadServer(builder=builder, host="127.0.0.1", port=0, root=str(site))
    builder(config)
    server = config.plugins.on_serve(server, config=config, builder=builder)
    server.watching_natively = config.plugins["catalogue"].observer is not None
    yield catalogue, docs, site, server
    config.plugins.on_shutdown()
    server.server_close()


def rename(catalogue, name: str) -> None:
    record = catalogue / "red-barnet-aalborg" / "services" / "fritidsmentor-aalborg.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"(?m)^name: .*$", f"name: {name}", text, count=1), encoding="utf-8")


def test_a_record_edit_shows_on_every_page_of_the_record_and_leaves_the_docs_alone(serve):
    catalogue, _, site, server = serve
    docs_page = site / "bidrag" / "index.html"
    written = docs_page.stat().st_mtime_ns
    rename(catalogue, "Fritidsmentor i Aalborg")
    server.builder()
    for page in ("tilbud/fritidsmentor-aalborg", "en/services/fritidsmentor-aalborg",
                 "organisationer/red-barnet-aalborg", "en/organisations/red-barnet-aalborg", "kommuner/851",
                 "kategorier/mentoring", "maalgrupper/children"):
        assert "Fritidsmentor i Aalborg" in (site / page / "index.html").read_text(encoding="utf-8"), page
    assert docs_page.stat().st_mtime_ns == written, "MkDocs did not build the docs again"
    assert (site / "sitemap.xml").exists() and (site / "assets" / "site.css").exists(), "nothing was cleaned away"


def test_a_docs_edit_is_built_by_mkdocs_together_with_a_record_edit(serve):
    catalogue, docs, site, server = serve
    page = docs / "bidrag" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEn ny sætning om bidrag.\n", encoding="utf-8")
    rename(catalogue, "Fritidsmentor i Aalborg")
    server.builder()
    assert "En ny sætning om bidrag." in (site / "bidrag" / "index.html").read_text(encoding="utf-8")
    assert "Fritidsmentor i Aalborg" in (site / "tilbud" / "fritidsmentor-aalborg" / "index.html").read_text()
    rename(catalogue, "Fritidsmentor nord for fjorden")
    server.builder()  # only the record changed since MkDocs' build: the docs edit stays on the page
    assert "En ny sætning om bidrag." in (site / "bidrag" / "index.html").read_text(encoding="utf-8")
    assert "nord for fjorden" in (site / "kommuner" / "851" / "index.html").read_text(encoding="utf-8")


def test_an_error_in_a_record_is_reported_and_its_fix_is_built(serve, caplog):
    catalogue, _, site, server = serve
    rename(catalogue, "x" * 500)
    with pytest.raises(Exception, match="catalogue validation failed"):
        server.builder()
    assert "fritidsmentor-aalborg.yaml" in caplog.text
    rename(catalogue, "Fritidsmentor i Aalborg")
    server.builder()
    assert "Fritidsmentor i Aalborg" in (site / "tilbud" / "fritidsmentor-aalborg" / "index.html").read_text()


def wants_rebuild(server, within: float = 10.0) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        if server._want_rebuild:
            return True
        time.sleep(0.02)
    return False


def test_writing_a_record_asks_for_a_rebuild_and_reading_one_does_not(serve):
    catalogue, _, _, server = serve
    if not server.watching_natively:
        if os.environ.get("CI"):  # CI runs on Linux, where inotify is what keeps a rebuild within 3 s
            pytest.fail("mkdocs serve fell back to polling the catalogue: inotify is not available")
        pytest.skip("no inotify here: MkDocs polls the catalogue itself")
    record = catalogue / "red-barnet-aalborg" / "services" / "fritidsmentor-aalborg.yaml"
    for folder in [catalogue, *catalogue.glob("*"), *catalogue.glob("*/services")]:  # as validation lists them
        [p.stat() for p in folder.iterdir()]
    record.read_text(encoding="utf-8")
    assert not wants_rebuild(server, within=0.5)
    rename(catalogue, "Fritidsmentor i Aalborg")
    assert wants_rebuild(server)


def test_served_pages_say_that_search_maps_and_open_data_wait_for_the_next_full_build(serve, sample_site):
    catalogue, _, site, server = serve
    rename(catalogue, "Fritidsmentor i Aalborg")
    server.builder()
    danish = "opdateres først ved næste fulde bygning"
    for page, words in [("tilbud/fritidsmentor-aalborg", danish), ("kommuner/851", danish), ("aabne-data", danish),
                        ("indlejring", danish), ("en/services/fritidsmentor-aalborg", "updated at the next full build"),
                        ("en/open-data", "updated at the next full build")]:
        assert words in (site / page / "index.html").read_text(encoding="utf-8"), page
    for page in ("tilbud/fritidsmentor-aalborg", "aabne-data"):
        assert danish not in (sample_site / page / "index.html").read_text(encoding="utf-8"), "a built site is whole"
