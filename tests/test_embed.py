"""Embeds, as files: the per-municipality feeds (JSON and GeoJSON), the widget pages and the embed form.

What the widget does in a browser is in tests/test_embed_browser.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.build import build_site
from generator.config import Settings
from generator.enrich import build_model
from generator.export.geojson import service_features
from generator.hours import intervals
from generator.validate.validator import validate

from conftest import SAMPLE

pytestmark = pytest.mark.site  # every test here reads a whole built site

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.timezone(dt.timedelta(hours=1)))
PAYLOAD = "<script>alert('name')</script><img src=x onerror=alert('img')>"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("embed-site")
    build_site(SAMPLE, out, Settings(site_url="https://kataloget.example.org/"), now=NOW)
    return out


@pytest.fixture(scope="module")
def model():
    result = validate(SAMPLE)
    return build_model(result.records("service"), result.records("organisation"), NOW)


def feed(site: Path, name: str) -> dict:
    return json.loads((site / f"data/kommuner/{name}.json").read_text(encoding="utf-8"))


def test_every_municipality_has_a_json_and_a_geojson_feed(site, model):
    for code in model.municipalities:
        data = feed(site, code)
        assert data["municipality"]["code"] == code
        geo = json.loads((site / f"data/kommuner/{code}.geojson").read_text(encoding="utf-8"))
        assert geo["type"] == "FeatureCollection"


def test_a_municipality_feed_lists_the_offers_located_in_or_serving_it_in_name_order(site, model):
    aarhus = feed(site, "751")
    assert aarhus["format"] == "velfaerdskataloget/municipality-feed" and aarhus["version"] == 1
    assert aarhus["municipality"] == {"code": "751", "name": "Aarhus", "region": "Region Midtjylland"}
    # Nationwide offers are in their own shared feed, unless they have a place here.
    expected = [s for s in model.by_municipality["751"]
                if not s.get("nationwide") or any(loc["municipality_code"] == "751" for loc in s["locations"])]
    assert [s["id"] for s in aarhus["services"]] == [s["id"] for s in expected]
    assert aarhus["scope"] == "municipality" and aarhus["nationwide_feed"] == "hele-landet.json"
    assert {s["id"] for s in expected} >= {"familieklub-gellerup", "barselscafe-gellerup"}
    barsel = next(s for s in aarhus["services"] if s["id"] == "barselscafe-gellerup")
    assert barsel["name"] == "Barselscaféen Gellerup"
    assert barsel["organisation"] == "Røde Kors Aarhus"
    assert barsel["categories"] == ["health", "young-children", "integration"]
    assert barsel["languages"] == ["da", "ar", "so", "ti", "fa"]
    assert barsel["cost"] == "free" and barsel["status"] == "active" and barsel["nationwide"] is False
    assert barsel["places"] == [
        {
            "name": "Bydelshuset i Gellerup",
            "address": "Karen Blixens Boulevard 7, 8220 Brabrand",
            "municipality_code": "751",
            "lat": 56.153,
            "lon": 10.137,
            "words": barsel["places"][0]["words"],
        }
    ]
    assert aarhus["words"][barsel["places"][0]["words"]][0] == "tirsdag 10.00–12.30 · lukket på helligdage"
    assert aarhus["pages"]["da"].format(id=barsel["id"]) == "tilbud/barselscafe-gellerup/"


def test_open_intervals_in_a_feed_are_the_builds_own_for_the_published_window(site, model):
    aarhus = feed(site, "751")
    window = intervals.Window.around(NOW)
    assert aarhus["window"] == {"from": window.start, "until": window.end}
    by_id = {s["id"]: s for s in model.services}
    for row in aarhus["services"]:
        service = by_id[row["id"]]
        if not intervals.expressions(service):
            assert row["open"] is None, "no hours given is unknown, not closed"
        else:
            shipped = [tuple(i) for i in aarhus["hours"][row["open"]]]
            assert shipped == list(intervals.service_intervals(service, window)), row["id"]
    # Tuesdays 10:00-12:30 (PH off): the window starts Monday 23 November 2026.
    barsel = next(s for s in aarhus["services"] if s["id"] == "barselscafe-gellerup")
    first = dt.datetime.fromtimestamp(aarhus["hours"][barsel["open"]][0][0], intervals.TIMEZONE)
    assert (first.date(), first.time()) == (dt.date(2026, 11, 24), dt.time(10, 0))


def test_nationwide_offers_are_in_one_shared_feed_and_the_country_feed_has_every_other_offer(site, model):
    nationwide = [s["id"] for s in model.services if s.get("nationwide")]
    assert nationwide, "the sample has nationwide offers"
    shared = feed(site, "hele-landet")
    assert shared["scope"] == "nationwide" and shared["municipality"] is None and "nationwide_feed" not in shared
    assert [s["id"] for s in shared["services"]] == nationwide
    assert all(s["nationwide"] for s in shared["services"])
    for code in ("101", "825", "751"):  # the sample's nationwide offers have no place
        assert not set(nationwide) & {s["id"] for s in feed(site, code)["services"]}
    everything = feed(site, "alle")
    assert everything["scope"] == "country" and everything["municipality"] is None
    assert [s["id"] for s in everything["services"]] == [s["id"] for s in model.services if not s.get("nationwide")]


def test_a_nationwide_offer_with_a_place_is_also_in_that_municipalitys_feed(catalogue, tmp_path):
    from conftest import SERVICE

    catalogue.service("landsdaekkende", SERVICE.format(id="landsdaekkende") + "nationwide: true\n")
    catalogue.service("lokal", SERVICE.format(id="lokal"))
    out = tmp_path / "site"
    build_site(catalogue.root, out, now=NOW)
    assert [s["id"] for s in feed(out, "751")["services"]] == ["landsdaekkende", "lokal"]
    assert [s["id"] for s in feed(out, "101")["services"]] == []
    assert [s["id"] for s in feed(out, "hele-landet")["services"]] == ["landsdaekkende"]
    for code, ids in (("751", ["landsdaekkende", "lokal"]), ("101", [])):
        geo = json.loads((out / f"data/kommuner/{code}.geojson").read_text(encoding="utf-8"))
        assert [f["properties"]["id"] for f in geo["features"]] == ids, "the same offers as the JSON feed"


def test_the_geojson_feed_has_the_same_features_as_the_national_geojson(site, model):
    geo = json.loads((site / "data/kommuner/751.geojson").read_text(encoding="utf-8"))
    own = [s for s in model.by_municipality["751"] if not s.get("nationwide")]  # the sample's have no place
    expected = json.loads(json.dumps(service_features(own, model), ensure_ascii=False))
    assert geo["features"] == expected
    assert {f["properties"]["id"] for f in geo["features"]} >= {"barselscafe-gellerup"}


def test_the_widget_pages_exist_in_both_languages_with_their_texts_and_labels(site):
    da = (site / "indlejr/index.html").read_text(encoding="utf-8")
    en = (site / "en/embed/index.html").read_text(encoding="utf-8")
    assert '<html lang="da">' in da and '<html lang="en">' in en
    config = json.loads(da.split('<script type="application/json" id="embed-config">')[1].split("</script>")[0])
    assert config["municipalities"]["751"] == "Aarhus" and len(config["municipalities"]) == 98
    assert config["labels"]["categories"]["health"] == "Sundhed"
    assert config["labels"]["languages"]["ar"] == "arabisk"
    assert config["service"] == "tilbud/{id}/" and config["message"] == "velfaerdskataloget:height"
    assert "Offers from Velfærdskataloget" in en
    # No site chrome: no header, navigation or footer of the site's pages.
    assert "<nav" not in da and 'class="top"' not in da and "<footer" not in da


def test_record_text_in_feeds_is_data_not_html(catalogue, tmp_path):
    from test_maps import ESCAPING_SERVICE

    catalogue.service("farlig", ESCAPING_SERVICE.format(payload=PAYLOAD.replace('"', '\\"')))
    out = tmp_path / "site"
    build_site(catalogue.root, out, now=NOW)
    for rel in ("data/kommuner/751.json", "data/kommuner/alle.json"):
        text = (out / rel).read_text(encoding="utf-8")
        assert "<" not in text and ">" not in text, rel
        data = json.loads(text)
        assert data["services"][0]["name"] == PAYLOAD and data["services"][0]["places"][0]["name"] == PAYLOAD


def test_the_embed_form_uses_site_url_for_the_snippet_when_it_is_set(site, tmp_path):
    page = (site / "kommuner/751/index.html").read_text(encoding="utf-8")
    assert 'data-site-url="https://kataloget.example.org/"' in page
    assert 'id="embed-heading">Vis tilbuddene på jeres egen hjemmeside</h2>' in page
    assert 'href="../../data/kommuner/751.json">JSON</a>' in page
    assert 'href="../../data/kommuner/751.geojson">GeoJSON</a>' in page
    en = (site / "en/municipalities/751/index.html").read_text(encoding="utf-8")
    assert "Show these offers on your own website" in en
    # Without site_url the browser's own location is used: the attribute is empty.
    other = tmp_path / "no-url"
    build_site(SAMPLE, other, now=NOW)
    assert 'data-site-url=""' in (other / "kommuner/751/index.html").read_text(encoding="utf-8")


def test_the_plugin_passes_mkdocs_site_url_to_the_snippet(tmp_path):
    import yaml

    from conftest import REPO

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(site_url="https://kataloget.example.org/", docs_dir=str(REPO / "docs"),
                  site_dir=str(tmp_path / "site"))
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    config["plugins"] = [{"catalogue": {"catalogue": str(SAMPLE)}}]
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    from browser_support import build_site_with_mkdocs

    site = build_site_with_mkdocs(tmp_path / "site", path)
    assert 'data-site-url="https://kataloget.example.org/"' in (site / "kommuner/101/index.html").read_text(
        encoding="utf-8"
    )


def test_the_guides_describe_every_widget_option_and_feed_field(site):
    import re

    from conftest import REPO

    script = (REPO / "generator/site/assets/embed.js").read_text(encoding="utf-8")
    options = set(re.findall(r'list\("(\w+)"', script)) | set(re.findall(r'query\.get\("(\w+)"\)', script))
    assert options == {"municipality", "category", "target_group", "language", "open_now", "view"}
    aarhus = feed(site, "751")
    service = aarhus["services"][0]
    fields = set(aarhus) | set(aarhus["window"]) | set(aarhus["municipality"]) | set(service)
    fields |= {key for s in aarhus["services"] for p in s["places"] for key in p}
    for guide in ("docs/indlejring.md", "docs/en/embedding.md"):
        text = (REPO / guide).read_text(encoding="utf-8")
        missing = sorted(name for name in options | fields if not re.search(rf"`{name}[`:]", text))
        assert not missing, f"{guide} does not describe {missing}"
