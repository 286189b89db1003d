"""Reporting a mistake from a record's page: GitHub's editor on the record's own file, on the branch the site is
built from, and an e-mail that needs no account, to the organisation that keeps the record."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from generator.build import build_site
from generator.config import Settings, SettingsError
from generator.urls import mailto
from generator.validate.files import parse

from conftest import REPO, SAMPLE

EDIT = re.compile(r'<a href="([^"]*)" rel="nofollow">(?:Foreslå en rettelse|Suggest a correction) (?:på|on) GitHub</a>')
REPORT = re.compile(r'<a href="(mailto:[^"]*)" rel="nofollow">(?:Meld en fejl|Report a mistake)</a>')
RECORD_PAGES = ("tilbud", "en/services", "organisationer", "en/organisations")


def mkdocs_config() -> dict:
    return yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))


def tracked_files() -> set[str]:
    done = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True, check=True)
    return set(done.stdout.split("\0"))


@pytest.fixture(scope="module")
def built_elsewhere(tmp_path_factory) -> Path:
    """The site as `mkdocs build -f <repo>/mkdocs.yml` builds it, started from another folder (as a CI runner may)."""
    out = tmp_path_factory.mktemp("corrections") / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(REPO / "mkdocs.yml"),
                           "-d", str(out)], cwd=out.parent, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-4000:]
    return out


def record_pages(site: Path):
    for folder in RECORD_PAGES:
        for page in sorted((site / folder).glob("*/index.html")):
            yield folder, page.parent.name, page.read_text(encoding="utf-8")


@pytest.mark.site
def test_every_correction_link_of_the_built_site_edits_the_records_own_file_in_the_repository(built_elsewhere):
    config = mkdocs_config()
    branch = config["edit_uri"].split("/")[1]
    prefix = f"{config['repo_url'].rstrip('/')}/edit/{branch}/"
    tracked = tracked_files()
    seen = 0
    for folder, key, html in record_pages(built_elsewhere):
        (link,) = EDIT.findall(html)
        link = unescape(link)
        assert link.startswith(prefix), link
        path = unquote(link[len(prefix):])
        assert path in tracked and (REPO / path).is_file(), f"{folder}/{key}: {link}"
        kind = "services" if folder in ("tilbud", "en/services") else "organisations"
        assert path.startswith("catalogue/")
        assert parse((REPO / path).read_text(encoding="utf-8")).value["id"] == key
        own = f"/services/{key}.yaml" if kind == "services" else f"catalogue/{key}/organisation.yaml"
        assert path.endswith(own)
        seen += 1
    services = len(list(SAMPLE.glob("*/services/*.yaml")))
    organisations = len(list(SAMPLE.glob("*/organisation.yaml")))
    assert seen == 2 * (services + organisations)


@pytest.mark.site
def test_every_record_page_offers_an_email_to_the_organisation_that_keeps_it(built_elsewhere):
    for folder, key, html in record_pages(built_elsewhere):
        (link,) = REPORT.findall(html)
        parts = urlsplit(unescape(link))
        query = parse_qs(parts.query)
        org_id = key if folder in ("organisationer", "en/organisations") else next(
            p.parent.parent.name for p in SAMPLE.glob(f"*/services/{key}.yaml"))
        organisation = parse((SAMPLE / org_id / "organisation.yaml").read_text(encoding="utf-8")).value
        assert unquote(parts.path) == organisation["email"]
        assert set(query) == {"subject", "body"}
        (body,) = query["body"]
        assert f"https://velfaerdskataloget.github.io/catalogue/{folder}/{key}/" in body
        assert f"catalogue/{org_id}/" in body


def test_a_mailto_link_carries_hostile_record_text_as_text():
    name = 'Klub&cc=evil@example.org?bcc=x#frag\r\nBcc: spy@example.org "<b>'
    body = f"Navn: {name}\nSide: https://x.example/?a=1&b=2"
    link = mailto("kontakt@example.org", f"Fejl: {name}", body)
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and parts.path == "kontakt@example.org" and not parts.fragment
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query == {"subject": [f"Fejl: {name}"], "body": ["\r\n".join(body.splitlines())]}
    assert not re.search(r"[\s<>\"#]", link)


def settings_from(edit_uri: str, docs_dir: str, config_dir: str, catalogue: str) -> Settings:
    return Settings.from_options({"catalogue": catalogue}, repo_url="https://github.com/o/r",
                                 edit_uri=edit_uri, docs_dir=docs_dir, config_dir=config_dir)


def test_the_edit_link_takes_branch_and_root_from_mkdocs_edit_uri_never_the_building_machines_path(tmp_path):
    root = tmp_path / "checkout"
    s = settings_from("edit/main/docs/", str(root / "docs"), str(root), str(root / "catalogue"))
    assert (s.edit_branch, s.catalogue_path) == ("main", "catalogue")
    # mkdocs.yml in a subfolder of the repository, its docs beside it, and a branch with a slash
    s = settings_from("edit/release/2027/site/docs/", str(root / "site" / "docs"), str(root / "site"),
                      str(root / "site" / "records"))
    assert (s.edit_branch, s.catalogue_path) == ("release/2027", "site/records")
    # no edit_uri: the default branch, and the folder of mkdocs.yml as the root
    s = settings_from("", str(root / "docs"), str(root), str(root / "catalogue"))
    assert (s.edit_branch, s.catalogue_path) == ("main", "catalogue")
    assert str(tmp_path) not in repr(s.catalogue_path)


@pytest.mark.site
def test_an_organisation_without_email_is_reported_to_the_catalogues_own_address(catalogue, tmp_path):
    catalogue.organisation("forening", "id: forening\nname: Forening uden post\ntype: association\n")
    catalogue.service("klub")
    for contact, expected in (("redaktion@example.org", "mailto:redaktion@example.org?"), ("", None)):
        out = tmp_path / f"site-{bool(contact)}"
        build_site(catalogue.root, out, Settings(contact_email=contact, repo_url="https://github.com/o/r"))
        html = (out / "tilbud" / "klub" / "index.html").read_text(encoding="utf-8")
        links = REPORT.findall(html)
        if expected:
            assert unescape(links[0]).startswith(expected) and "Velfærdskatalogets redaktion" in html
        else:
            assert links == []
        assert EDIT.findall(html) == ["https://github.com/o/r/edit/main/catalogue/forening/services/klub.yaml"]


def test_a_contact_address_that_is_no_address_is_refused_with_the_options_name():
    with pytest.raises(SettingsError, match="contact_email"):
        Settings.from_options({"contact_email": "not an address"})
