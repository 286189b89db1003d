"""Maps: Leaflet served from the site itself, points as compact JSON files, record text inert in every popup.

The sample catalogue is built once without boundaries; the tests that need real boundaries build their own.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster

from generator.build import build_site
from generator.config import DEFAULT_ATTRIBUTION, DEFAULT_TILES, Settings
from generator.validate.validator import validate

from conftest import SAMPLE, require_boundaries

pytestmark = pytest.mark.site  # every test here reads a whole built site

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.timezone(dt.timedelta(hours=1)))
# folium's defaults: none of these may be referenced by the built site.
FOLIUM_CDNS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "netdna.bootstrapcdn.com")
# Hosts that are names, not requests: SVG's XML namespace, and the link in Leaflet's own credit line.
NOT_REQUESTS = {"www.w3.org", "leafletjs.com"}
PAYLOAD = "<script>alert('name')</script><img src=x onerror=alert('img')>"

ESCAPING_SERVICE = """\
id: farlig
name: "{payload}"
summary: Et tilbud med et navn, der prøver at køre kode.
status: active
cost: free
categories: [family-support]
target_groups: [vulnerable-families]
languages: [da]
access: [self-referral]
last_verified: 2026-10-01
locations:
  - id: huset
    name: "{payload}"
    street_address: Vestergade 12
    postcode: "8000"
    city: Aarhus C
    municipality_code: "751"
    latitude: 56.1572
    longitude: 10.2107
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("maps-site")
    build_site(SAMPLE, out, now=NOW)
    return out


@pytest.fixture(scope="module")
def sample_services() -> list[dict]:
    return validate(SAMPLE).records("service")


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory) -> Path:
    from conftest import Catalogue

    catalogue = Catalogue(tmp_path_factory.mktemp("payload"))
    catalogue.service("farlig", ESCAPING_SERVICE.format(payload=PAYLOAD.replace('"', '\\"')))
    out = catalogue.base / "site"
    build_site(catalogue.root, out, now=NOW)
    return out


class Resources(HTMLParser):
    """What a page loads (scripts, stylesheets, images, frames), its inline scripts and its data-* attributes."""

    LOADS: ClassVar = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "embed": "src",
        "object": "data",
    }

    def __init__(self):
        super().__init__()
        self.loads, self.scripts, self.data, self._in_script = [], [], {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.LOADS and attrs.get(self.LOADS[tag]):
            self.loads.append(attrs[self.LOADS[tag]])
        if tag == "link" and attrs.get("href") and attrs.get("rel") in ("stylesheet", "preload", "modulepreload"):
            self.loads.append(attrs["href"])
        self.data.update({k: v for k, v in attrs.items() if k.startswith("data-") and v})
        # JSON-LD is data for search engines, not code: the browser requests nothing it names.
        self._in_script = tag == "script" and attrs.get("type") != "application/ld+json"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.scripts.append(data)


def parse(path: Path) -> Resources:
    parser = Resources()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def hosts_in(text: str) -> set[str]:
    return {urlsplit(u).hostname for u in re.findall(r"https?://[^\s\"'<>)\\]+", text)}


def tile_hosts(tiles: str = DEFAULT_TILES, attribution: str = DEFAULT_ATTRIBUTION) -> set[str]:
    return {urlsplit(tiles).hostname} | hosts_in(attribution)


def decode_points(site: Path) -> list[tuple[str, float, float, str]]:
    """data/map/points.json (columns of coordinate deltas) joined with its chunks of popup texts."""
    index = json.loads((site / "data/map/points.json").read_text(encoding="utf-8"))
    lat = lon = 0
    points = []
    for i, (dlat, dlon) in enumerate(zip(index["lat"], index["lon"], strict=True)):
        lat, lon = lat + dlat, lon + dlon
        chunk = json.loads((site / f"data/map/points/{i // index['chunk']}.json").read_text(encoding="utf-8"))
        service_id, name, _place = chunk[i % index["chunk"]]
        points.append((service_id, lat / index["scale"], lon / index["scale"], name))
    assert len(points) == index["count"]
    return points


def test_the_site_has_an_overview_map_in_both_languages_linked_from_every_page(site):
    for page in ("kort/index.html", "en/map/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert 'class="map overview"' in html
        assert "data/map/points.json" in html
        # What the map shows, as a table: every municipality with its number of offers.
        assert html.count('<tr><th scope="row">') == 98
    assert '<a href="kort/">Kort</a>' in (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../en/map/">Map</a>' in (site / "en/municipalities/index.html").read_text(encoding="utf-8")


def test_municipality_pages_and_the_municipality_index_have_maps(site):
    aarhus = (site / "kommuner/751/index.html").read_text(encoding="utf-8")
    assert 'class="map municipality"' in aarhus and "data/map/municipalities/751.json" in aarhus
    index = (site / "en/municipalities/index.html").read_text(encoding="utf-8")
    assert 'class="map areas"' in index and "data/map/areas.json" in index
    assert 'class="map-legend"' in index


def test_no_file_in_the_site_makes_the_browser_ask_a_third_party_except_for_tiles(site):
    allowed = tile_hosts() | NOT_REQUESTS
    files = [p for p in site.rglob("*") if p.suffix in {".html", ".css", ".js", ".json", ".geojson"}]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(site)
        for cdn in FOLIUM_CDNS:
            assert cdn not in text, f"{rel} references folium's CDN {cdn}"
        if path.suffix == ".html":
            page = parse(path)
            for url in page.loads:
                assert not urlsplit(url).scheme and not url.startswith("//"), f"{rel} loads {url}"
            for script in page.scripts:
                assert hosts_in(script) <= allowed, f"{rel}: inline script names {hosts_in(script) - allowed}"
            for key, value in page.data.items():
                assert hosts_in(value) <= allowed, f"{rel}: {key} names {hosts_in(value) - allowed}"
        elif path.suffix == ".css":
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
                assert url.startswith("data:") or not urlsplit(url).scheme, f"{rel} loads {url}"
        elif rel.parts[:2] == ("data", "map") or rel.parts[0] == "assets":
            assert hosts_in(text) <= allowed, f"{rel} names {hosts_in(text) - allowed}"


def test_tiles_and_their_attribution_come_from_the_configuration(catalogue):
    catalogue.service("familieklub")
    out = catalogue.base / "site"
    tiles, attribution = "https://tiles.example.net/{z}/{x}/{y}.png", '© <a href="https://example.net/">Eksempel</a>'
    build_site(catalogue.root, out, Settings(tiles=tiles, tile_attribution=attribution), now=NOW)
    overview = (out / "kort/index.html").read_text(encoding="utf-8")
    assert json.dumps(tiles) in overview
    assert "tile.openstreetmap.org" not in overview
    service = parse(out / "tilbud/familieklub/index.html")
    assert service.data["data-tiles"] == tiles
    assert service.data["data-attribution"] == attribution


def test_vendor_files_are_the_installed_packages_referenced_by_site_paths(site):
    vendor = site / "assets/vendor"
    leaflet, cluster = Path(xstatic.pkg.leaflet.BASE_DIR), Path(xstatic.pkg.leaflet_markercluster.BASE_DIR)
    for name, package in [
        ("leaflet.js", leaflet),
        ("leaflet.css", leaflet),
        ("images/marker-icon.png", leaflet),
        ("images/marker-icon-2x.png", leaflet),
        ("images/marker-shadow.png", leaflet),
        ("leaflet.markercluster.js", cluster),
        ("MarkerCluster.css", cluster),
        ("MarkerCluster.Default.css", cluster),
    ]:
        assert (vendor / name).read_bytes() == (package / name).read_bytes(), name
    for page in ["kort/index.html", "en/map/index.html", "kommuner/751/index.html", "en/municipalities/index.html"]:
        loads = parse(site / page).loads
        assert any(u.endswith("assets/vendor/leaflet.js") for u in loads), page
        for url in loads:
            assert ((site / page).parent / url).resolve().is_file(), f"{page}: {url} is not in the site"
    service = parse(site / "tilbud/familieklub-gellerup/index.html")
    assert ((site / "tilbud/familieklub-gellerup") / service.data["data-vendor"] / "leaflet.js").resolve().is_file()
    # Leaflet's stylesheet finds its images beside itself.
    for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", (vendor / "leaflet.css").read_text(encoding="utf-8")):
        if not url.startswith(("data:", "#")):  # "#default#VML" is an old IE behaviour, not a file
            assert (vendor / url).is_file(), url


def test_service_pages_do_not_load_leaflet_until_asked(site):
    page = parse(site / "tilbud/familieklub-gellerup/index.html")
    assert not any("vendor" in u for u in page.loads)
    assert any(u.endswith("assets/map.js") for u in page.loads)
    points = json.loads(page.data["data-points"])
    assert points == [[56.1538, 10.1408, "Foreningshuset Gellerup, Dortesvej 29, 8220 Brabrand"]]
    html = (site / "tilbud/familieklub-gellerup/index.html").read_text(encoding="utf-8")
    # Without JavaScript: the phone's own map app (Android opens geo:) and OpenStreetMap's route planner (any phone).
    assert ('href="geo:56.1538,10.1408?q=56.1538,10.1408(Foreningshuset%20Gellerup%2C%20Dortesvej%2029%2C%20'
            '8220%20Brabrand)"') in html
    assert 'href="https://www.openstreetmap.org/directions?to=56.1538%2C10.1408#map=17/56.1538/10.1408"' in html


def test_a_service_page_with_its_map_script_stays_within_40_kb(site):
    path = site / "tilbud/familieklub-gellerup/index.html"
    files = [path] + [(path.parent / u).resolve() for u in parse(path).loads]
    total = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert total <= 40 * 1024, f"{total} bytes gzipped: {[f.name for f in files]}"


def test_the_points_json_is_compact_and_has_every_located_service(site, sample_services):
    text = (site / "data/map/points.json").read_text(encoding="utf-8")
    assert not re.search(r"\s", text), "no whitespace"
    index = json.loads(text)
    assert set(index) == {"scale", "chunk", "count", "lat", "lon"}, "coordinates only: names wait in the chunks"
    assert all(isinstance(v, int) for v in index["lat"] + index["lon"])
    points = decode_points(site)
    expected = {
        (s["id"], round(loc["latitude"], 5), round(loc["longitude"], 5))
        for s in sample_services
        for loc in s["locations"]
    }
    assert {(i, round(lat, 5), round(lon, 5)) for i, lat, lon, _ in points} == expected
    assert len(points) == sum(len(s["locations"]) for s in sample_services)
    names = {s["id"]: s["name"] for s in sample_services}
    assert all(name == names[i] for i, _, _, name in points)


def test_a_municipality_map_has_the_offers_located_in_it_or_serving_it(site, sample_services):
    data = json.loads((site / "data/map/municipalities/751.json").read_text(encoding="utf-8"))
    shown = {data["services"][p[2]][0] for p in data["points"]}
    located_in = {s["id"] for s in sample_services if any(loc["municipality_code"] == "751" for loc in s["locations"])}
    assert located_in <= shown
    serving = {s["id"] for s in sample_services if "751" in s["service_areas"] and s["locations"]}
    assert serving <= shown
    south, west = data["bounds"][0]
    north, east = data["bounds"][1]
    assert south <= 56.1538 <= north and west <= 10.1408 <= east  # Foreningshuset Gellerup is in view


def test_a_municipality_without_offers_still_gets_its_map(catalogue):
    catalogue.service("familieklub")  # in Aarhus (751) only
    out = catalogue.base / "site"
    build_site(catalogue.root, out, now=NOW)
    html = (out / "kommuner/825/index.html").read_text(encoding="utf-8")
    assert 'class="map municipality"' in html and "data/map/municipalities/825.json" in html
    data = json.loads((out / "data/map/municipalities/825.json").read_text(encoding="utf-8"))
    assert data["points"] == [] and data["services"] == [] and data["bounds"] is None
    areas = json.loads((out / "data/map/areas.json").read_text(encoding="utf-8"))
    counts = {row[0]: row[2] for row in areas["areas"]}
    assert counts["825"] == 0 and counts["751"] == 1


def test_without_boundaries_the_areas_are_circles_and_there_is_no_outline(site):
    areas = json.loads((site / "data/map/areas.json").read_text(encoding="utf-8"))
    assert areas["shapes"] is False and len(areas["areas"]) == 98
    assert not (site / "data/map/areas.geojson").exists()
    assert json.loads((site / "data/map/municipalities/751.json").read_text(encoding="utf-8"))["outline"] is None


def test_with_boundaries_the_outline_and_choropleth_are_written(tmp_path):
    boundaries = require_boundaries()
    build_site(SAMPLE, tmp_path, boundaries=str(boundaries), now=NOW)
    areas = json.loads((tmp_path / "data/map/areas.json").read_text(encoding="utf-8"))
    assert areas["shapes"] is True
    classes = {row[0]: row[3] for row in areas["areas"]}
    assert len(areas["colours"]) > max(classes.values())
    shapes = json.loads((tmp_path / "data/map/areas.geojson").read_text(encoding="utf-8"))
    codes = {f["properties"]["code"] for f in shapes["features"]}
    assert codes == set(classes)  # the 98 municipalities; Christiansø (411) is none
    assert (tmp_path / "data/map/areas.geojson").stat().st_size < 400_000, "simplified for the web"
    aarhus = json.loads((tmp_path / "data/map/municipalities/751.json").read_text(encoding="utf-8"))
    assert aarhus["outline"]["type"] in ("Polygon", "MultiPolygon")
    (south, west), (north, east) = aarhus["bounds"]
    assert south < 56.1538 < north and west < 10.1408 < east


def test_record_text_in_map_data_is_data_not_html(payload_site):
    for rel in ["data/map/points/0.json", "data/map/municipalities/751.json"]:
        text = (payload_site / rel).read_text(encoding="utf-8")
        assert "<" not in text and ">" not in text, rel
        assert PAYLOAD in json.dumps(json.loads(text), ensure_ascii=False), f"{rel} keeps the text as written"
    service = payload_site / "tilbud/farlig/index.html"
    html = service.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert PAYLOAD in json.loads(parse(service).data["data-points"])[0][2]


# --- in a real browser ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def payload_url(payload_site):
    from browser_support import serve

    with serve(payload_site) as url:
        yield url


def _popup_of_first_marker(page) -> str:
    page.locator(".leaflet-marker-icon").first.wait_for()
    page.locator(".leaflet-marker-icon").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.get_by_role("link").wait_for()
    assert popup.locator("script, img").count() == 0
    return popup.inner_text()


@pytest.mark.parametrize("rel", ["kommuner/751/", "kort/"])
def test_a_popup_shows_script_payloads_as_inert_text(chromium, payload_url, tile_hosts, rel):
    from browser_support import open_page, watched_page

    with watched_page(chromium, tile_hosts) as (page, traffic):
        open_page(page, payload_url, rel)
        assert PAYLOAD in _popup_of_first_marker(page)
        assert page.evaluate("document.querySelectorAll('.leaflet-popup-content a')[0].getAttribute('href')").endswith(
            "tilbud/farlig/"
        )
        traffic.assert_clean()


def test_a_service_map_loads_leaflet_only_when_asked_and_shows_names_as_text(chromium, payload_url, tile_hosts):
    from browser_support import open_page, watched_page

    with watched_page(chromium, tile_hosts) as (page, traffic):
        open_page(page, payload_url, "tilbud/farlig/")
        assert not [u for u in traffic.requests if "/vendor/" in u], "no Leaflet before the reader asks"
        # On a slow line the stylesheet may come after the script; the map must wait for it, because Leaflet
        # finds its marker images through it (without it: 404s for assets/vendormarker-icon.png).
        held = []
        page.route("**/vendor/leaflet.css", lambda route: held.append(route))
        page.get_by_role("button", name="Vis kort").click()
        page.wait_for_function("() => !!window.L")
        assert held and page.locator(".leaflet-container").count() == 0
        held[0].continue_()
        page.locator(".leaflet-marker-icon").first.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert PAYLOAD in popup.inner_text() and popup.locator("script, img").count() == 0
        assert [u for u in traffic.requests if u.endswith("/vendor/leaflet.js")]
        traffic.assert_clean()


def test_the_overview_map_shows_every_located_offer_of_the_sample(site_page, sample_services):
    page = site_page.open("kort/")
    page.locator(".marker-cluster, .leaflet-marker-icon").first.wait_for()
    # Every marker, clustered or not, ends up in the cluster group: count what it holds.
    count = page.evaluate(
        """() => { let n = 0; document.querySelectorAll('.marker-cluster span').forEach(s => n += +s.textContent);
                   return n + document.querySelectorAll('.leaflet-marker-icon:not(.marker-cluster)').length; }"""
    )
    assert count == sum(len(s["locations"]) for s in sample_services)
    assert site_page.traffic.tiles, "tiles are requested from the configured provider"
