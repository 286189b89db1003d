"""The smallest catalogues build: a new deployment starts empty, may hold only nationwide phone lines for a while, or
a single offer; most municipalities then have none. Each is built through mkdocs.yml as `mkdocs build` does, and
every stage says what there is (nothing, or one) instead of failing: pages, maps, search, feeds and open data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.export.hsds import uid
from generator.site.i18n import UI

from browser_support import build_site_with_mkdocs, require_chromium, serve, watched_page
from conftest import ORGANISATION, SERVICE, mkdocs_config

pytestmark = pytest.mark.site

NATIONWIDE = """\
id: linjen
name: Rådgivningslinjen
summary: Anonym rådgivning i telefonen, hele landet.
status: active
cost: free
categories: [family-support]
target_groups: [vulnerable-families]
languages: [da]
access: [self-referral]
nationwide: true
phone: "70 10 10 10"
opening_hours: "Mo-Fr 09:00-15:00"
last_verified: 2026-10-01
locations: []
"""
CATALOGUES = {
    "empty": {},
    "organisation only": {"forening/organisation.yaml": ORGANISATION.format(id="forening")},
    "nationwide only": {"forening/organisation.yaml": ORGANISATION.format(id="forening"),
                        "forening/services/linjen.yaml": NATIONWIDE},
    "single record": {"forening/organisation.yaml": ORGANISATION.format(id="forening"),
                      "forening/services/familieklub.yaml": SERVICE.format(id="familieklub")},
}
AARHUS, LOLLAND = "751", "360"  # the single offer's municipality, and one with no offer in any of these


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    sites = {}
    for name, files in CATALOGUES.items():
        root = tmp_path_factory.mktemp(name.replace(" ", "-"))
        catalogue = root / "catalogue"
        catalogue.mkdir()
        for rel, text in files.items():
            (catalogue / rel).parent.mkdir(parents=True, exist_ok=True)
            (catalogue / rel).write_text(text, encoding="utf-8")
        sites[name] = build_site_with_mkdocs(root / "site", mkdocs_config(root, catalogue, root / "site"))
    return sites


def read(site: Path, rel: str):
    text = (site / rel).read_text(encoding="utf-8")
    return json.loads(text) if rel.endswith(("json", "geojson")) else text


def services_listed(site: Path) -> dict[str, object]:
    """What each part of the site says about the offers: pages, map, search bundles, feeds, open data."""
    feeds = {p.stem: [s["id"] for s in read(site, f"data/kommuner/{p.name}")["services"]]
             for p in (site / "data/kommuner").glob("*.json")}
    return {
        "pages": sorted(p.name for p in (site / "tilbud").iterdir() if p.is_dir()),
        "english pages": sorted(p.name for p in (site / "en/services").iterdir() if p.is_dir()),
        "map points": read(site, "data/map/points.json")["count"],
        "search bundles": sorted(read(site, "pagefind/bundles.json")["bundles"]),
        "HSDS": [s["id"] for s in read(site, "data/hsds/services/page/1.json")["contents"]],
        "GeoJSON": [f["properties"]["id"] for f in read(site, "data/services.geojson")["features"]],
        "whole-country feed": feeds.pop("alle"),
        "nationwide feed": feeds.pop("hele-landet"),
        "municipality feeds": sorted({sid for ids in feeds.values() for sid in ids}),
        "sitemap": sorted(re.findall(r"/tilbud/([^/<]+)/<", read(site, "sitemap.xml")
                                     + "".join(read(site, p.name) for p in site.glob("sitemap-*.xml")))),
    }


def test_an_empty_catalogue_builds_a_site_that_says_it_has_no_offers_yet(built):
    for name in ("empty", "organisation only"):
        site = built[name]
        assert services_listed(site) == {
            "pages": [], "english pages": [], "map points": 0, "search bundles": [], "HSDS": [], "GeoJSON": [],
            "whole-country feed": [], "nationwide feed": [], "municipality feeds": [], "sitemap": [],
        }, name
        assert "0 tilbud" in read(site, "index.html")
        assert UI["da"]["no_local_services"] in read(site, f"kommuner/{AARHUS}/index.html")
        assert read(site, "data/hsds/index.json")["services"]["total_items"] == 0
        assert read(site, "data/hsds/services/page/1.json")["empty"] is True


def test_a_catalogue_of_nationwide_offers_without_places_builds(built):
    site = built["nationwide only"]
    assert services_listed(site) == {
        "pages": ["linjen"], "english pages": ["linjen"], "map points": 0, "search bundles": ["hele-landet"],
        "HSDS": [uid("service", "linjen")], "GeoJSON": [], "whole-country feed": [], "nationwide feed": ["linjen"],
        "municipality feeds": [], "sitemap": ["linjen"],
    }
    assert "Rådgivningslinjen" in read(site, "landsdaekkende/index.html")
    municipality = read(site, f"kommuner/{LOLLAND}/index.html")
    assert 'href="../../landsdaekkende/"' in municipality, "the nationwide offer is counted and linked"
    assert read(site, f"data/map/municipalities/{LOLLAND}.json")["points"] == []


def test_a_single_record_is_everywhere_it_belongs_and_other_municipalities_are_empty(built):
    site = built["single record"]
    assert services_listed(site) == {
        "pages": ["familieklub"], "english pages": ["familieklub"], "map points": 1, "search bundles": ["1082"],
        "HSDS": [uid("service", "familieklub")], "GeoJSON": ["familieklub"], "whole-country feed": ["familieklub"],
        "nationwide feed": [], "municipality feeds": ["familieklub"], "sitemap": ["familieklub"],
    }
    assert read(site, f"data/kommuner/{AARHUS}.json")["services"][0]["id"] == "familieklub"
    assert read(site, f"data/kommuner/{LOLLAND}.json")["services"] == []
    assert read(site, f"data/kommuner/{LOLLAND}.geojson")["features"] == []
    assert read(site, f"data/map/municipalities/{LOLLAND}.json") == {
        "code": LOLLAND, "bounds": None, "outline": None, "services": [], "points": []}
    assert UI["da"]["no_local_services"] in read(site, f"kommuner/{LOLLAND}/index.html")


PAGES = ["", "kort/", "kommuner/", f"kommuner/{AARHUS}/", f"kommuner/{LOLLAND}/", "landsdaekkende/", "tilbud/",
         f"soeg/?q=familie&kommune={AARHUS}", "soeg/?q=familie&kommune=alle", f"soeg/?kommune={LOLLAND}",
         f"indlejr/?kommune={AARHUS}", "indlejr/?kommune=alle", "en/map/"]


@pytest.mark.browser
@pytest.mark.parametrize("name", ["empty", "nationwide only", "single record"])
def test_the_pages_of_a_small_catalogue_run_without_errors(built, name, chromium, tile_hosts):
    """Maps with no point or one, a search with no bundle or one, the widget with empty feeds: no script fails."""
    require_chromium()
    with serve(built[name]) as base, watched_page(chromium, tile_hosts) as (page, traffic):
        for rel in PAGES:
            page.goto(base + rel, wait_until="networkidle")
        traffic.assert_clean()
