"""Every page of the built sample site says what a search engine and a screen reader need: its language (and the
language of record text on English pages), its versions in both languages as absolute, reciprocal hreflang links,
a description and an icon; and the W3C Nu HTML checker finds no error in a page of each kind.

The site is the sample catalogue built with MkDocs, as CI and `make build` build it (the `sample_site` fixture).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from generator.sanitise import markdown
from generator.urls import DOCS_TRANSLATIONS, docs_lang, page_folders
from generator.validate.validator import validate

from conftest import REPO, SAMPLE

pytestmark = pytest.mark.site

MKDOCS = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
PUBLIC_URL = next(p["catalogue"] for p in MKDOCS["plugins"] if isinstance(p, dict) and "catalogue" in p)["public_url"]
VNU = REPO / ".venv" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# One page of every kind, in both languages: the Nu checker reads every page, these among them.
REPRESENTATIVE = [
    "index.html", "en/index.html",
    "soeg/index.html", "en/search/index.html",
    "tilbud/familieklub-gellerup/index.html", "en/services/barselscafe-gellerup/index.html",
    "organisationer/roede-kors-aarhus/index.html", "en/organisations/roede-kors-aarhus/index.html",
    "kommuner/751/index.html", "en/municipalities/751/index.html",
    "kort/index.html", "en/map/index.html",
    "indlejr/index.html", "en/embed/index.html",
    "kategorier/family-support/index.html", "en/target-groups/parents/index.html",
    "kommuner/index.html", "en/organisations/index.html", "tilbud/index.html", "en/nationwide/index.html",
    "bidrag/index.html", "en/contributing/index.html",
    "bidrag/skema/index.html", "en/contributing/opening-hours/index.html",
    "indlejring/index.html", "en/open-data/index.html", "404.html",
]


class Page(HTMLParser):
    """What the checks read of a page: <html lang>, the head's links and description, and the body's text with the
    language it is in (the nearest lang attribute around it)."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                      "wbr"})

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.lang, self.links, self.meta, self.texts = None, [], {}, []
        self._stack: list[tuple[str, str | None]] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "link":
            self.links.append(a)
        if tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content")
        if tag in self.VOID:
            return
        lang = a.get("lang", self._stack[-1][1] if self._stack else None)
        self._stack.append((tag, lang))
        self._skip += tag in ("script", "style", "head", "title")

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, _ = self._stack.pop()
            self._skip -= open_tag in ("script", "style", "head", "title")
            if open_tag == tag:
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._skip:
            self.texts.append((text, self._stack[-1][1] if self._stack else self.lang))

    def alternates(self) -> dict[str, str]:
        return {link["hreflang"]: link["href"] for link in self.links
                if link.get("rel") == "alternate" and "hreflang" in link}


def pages(site: Path) -> dict[str, Page]:
    found = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.split("/")[0] not in ("assets", "data", "pagefind"):
            found[rel] = Page(path.read_text(encoding="utf-8"))
    return found


@pytest.fixture(scope="module")
def site_pages(sample_site) -> dict[str, Page]:
    found = pages(sample_site)
    assert len(found) > 450
    return found


def docs_page(src: str) -> str:
    """The built page of a docs Markdown source (`bidrag/git.md` -> `bidrag/git/index.html`)."""
    return src.removesuffix(".md").removesuffix("index") + ("" if src.endswith("index.md") else "/") + "index.html"


def address(rel: str) -> str:
    """A page's public address, as hreflang links give it."""
    return PUBLIC_URL + rel.removesuffix("index.html")


def test_every_english_page_declares_english_and_every_other_page_danish(site_pages):
    wrong = {rel: page.lang for rel, page in site_pages.items()
             if page.lang != ("en" if rel.startswith("en/") else "da")}
    assert wrong == {}


def test_every_page_has_absolute_reciprocal_hreflang_links_to_both_language_versions(site_pages):
    for rel, page in site_pages.items():
        if rel == "404.html":
            continue  # an error page, with no versions to point at
        versions = page.alternates()
        assert set(versions) == {"da", "en"}, rel
        assert versions[page.lang] == address(rel), rel
        other = versions["en" if page.lang == "da" else "da"]
        assert other.startswith(PUBLIC_URL), f"{rel}: {other} is not absolute"
        other_rel = other.removeprefix(PUBLIC_URL) + "index.html"
        assert other_rel in site_pages, f"{rel} points at {other}, which the site does not have"
        assert site_pages[other_rel].alternates() == versions, f"{other_rel} does not point back at {rel}"


def test_every_page_has_a_description_and_an_icon_the_site_serves(site_pages, sample_site):
    for rel, page in site_pages.items():
        if "noindex" not in (page.meta.get("robots") or ""):  # the embed widget is kept out of search engines
            assert (page.meta.get("description") or "").strip(), f"{rel} has no description"
        icons = [link["href"] for link in page.links if link.get("rel") == "icon"]
        assert len(icons) == 1, rel
        target = urljoin("https://x/" + rel, icons[0]).removeprefix("https://x/")
        assert (sample_site / target).is_file(), f"{rel}: its icon {icons[0]} is not on the site"


def test_every_docs_page_has_a_description_of_its_own_in_its_language(site_pages):
    fallback = MKDOCS["site_description"]  # Danish: what Material writes for a page without one
    docs = [docs_page(src) for pair in DOCS_TRANSLATIONS.items() for src in pair]
    assert [rel for rel in docs if site_pages[rel].meta["description"] == fallback] == []


def nav_titles(items: list) -> dict[str, str]:
    """Every title in mkdocs.yml's navigation with the language of its page (a section: of its pages)."""
    found = {}
    for item in items:
        for title, value in (item.items() if isinstance(item, dict) else [(None, item)]):
            if isinstance(value, list):
                children = nav_titles(value)
                found.update(children)
                (lang,) = {docs_lang(src) for src in flat_sources(value)}  # no section mixes languages
            else:
                lang = docs_lang(value)
            if title:
                found[title] = lang
    return found


def flat_sources(items: list) -> list[str]:
    return [src for item in items for value in (item.values() if isinstance(item, dict) else [item])
            for src in (flat_sources(value) if isinstance(value, list) else [value])]


def test_the_docs_navigation_marks_the_titles_in_the_other_language(site_pages):
    nav = MKDOCS["nav"]
    titles = nav_titles(nav)
    assert titles["English"] == "en" and titles["Bidrag"] == "da"
    seen = set()
    for rel in map(docs_page, flat_sources(nav)):
        for text, lang in site_pages[rel].texts:
            if text in titles and titles[text] != site_pages[rel].lang:
                seen.add(text)
                assert lang == titles[text], f"{rel}: the navigation's {text!r} is not marked lang={titles[text]!r}"
    assert {"English", "Contributing", "Bidrag", "Åbne data"} <= seen


@pytest.fixture(scope="module")
def record_texts() -> list[str]:
    """Text as the records give it (Danish), long enough not to be mistaken for interface text."""
    result = validate(SAMPLE)
    texts = []
    for s in result.records("service"):
        texts += [s.get(k) for k in ("name", "summary", "eligibility_description", "cost_description",
                                     "access_description")]
        texts += [loc.get(k) for loc in s["locations"] for k in ("name", "accessibility", "opening_hours_note")]
        texts += [p["department"] for p in s.get("municipal_partners") or []]
        texts += [t for t, _ in Page(str(markdown(s.get("description")))).texts]
    for o in result.records("organisation"):
        texts += [o["name"], *(t for t, _ in Page(str(markdown(o.get("description")))).texts)]
    return sorted({" ".join(t.split()) for t in texts if t and len(t) >= 8})


def test_english_pages_mark_record_text_as_danish(site_pages, record_texts):
    checked = 0
    folders = page_folders()  # the record pages (the docs quote a record's name only as an example value)
    for rel, page in site_pages.items():
        if not rel.startswith("en/") or rel.split("/")[1] not in {*folders, "index.html"}:
            continue
        for text, lang in page.texts:
            for record in record_texts:
                if record in text:
                    checked += 1
                    assert lang == "da", f"{rel}: {record!r} is not marked lang=\"da\" (in {text[:80]!r})"
    assert checked > 1000  # the check saw record text on the English pages


def test_danish_pages_need_no_marking_of_record_text(sample_site, site_pages):
    html = (sample_site / "tilbud/familieklub-gellerup/index.html").read_text(encoding="utf-8")
    assert html.count(' lang="da"') == 1  # <html lang="da"> only: the records are in the page's language
    other = [(text, lang) for text, lang in site_pages["tilbud/familieklub-gellerup/index.html"].texts if lang != "da"]
    assert other == [("English", "en")]  # the link to the English page


# -- the W3C Nu HTML checker ---------------------------------------------------------------------------------------


def require_vnu() -> tuple[str, Path]:
    """Java (Debian's default-jre-headless, which .ci/run installs) and the checker from npm (vnu-jar)."""
    java = shutil.which("java")
    missing = [what for what, ok in (("java (apt-get install default-jre-headless)", java),
                                     (f"{VNU} (make lint-workflows installs vnu-jar)", VNU.exists())) if not ok]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the W3C Nu checker cannot run: {', '.join(missing)} missing")
        pytest.skip(f"the W3C Nu checker cannot run: {', '.join(missing)} missing")
    return java, VNU


def nu_errors(files: list[Path]) -> dict[str, list[str]]:
    """The checker's errors on each file, from one run of the jar (starting Java is most of its time)."""
    java, jar = require_vnu()
    done = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
                          capture_output=True, text=True, timeout=600)
    found: dict[str, list[str]] = {}
    for m in json.loads(done.stderr or done.stdout)["messages"]:
        if m["type"] in ("error", "non-document-error"):
            found.setdefault(m.get("url", ""), []).append(f"line {m.get('lastLine')}: {m['message']}")
    return found


def test_the_nu_checker_finds_no_error_on_any_page_in_either_language(sample_site, site_pages, tmp_path):
    # A page with the two errors the issue found, checked in the same run: the checker does see errors.
    canary = tmp_path / "invalid.html"
    canary.write_text('<!doctype html><html lang="da"><title>x</title><form action=""></form>'
                      '<input type="checkbox" autocomplete="off">', encoding="utf-8")
    assert set(REPRESENTATIVE) <= set(site_pages)  # every kind of page is among them
    errors = nu_errors([*(sample_site / rel for rel in site_pages), canary])
    canary_errors = errors.pop(canary.as_uri().replace("file:///", "file:/"), [])
    assert errors == {}
    assert len(canary_errors) == 2 and "action" in canary_errors[0] and "autocomplete" in canary_errors[1]
