"""The open data the site publishes under /data/: every format parses, validates and says what the records say.

The site is the sample catalogue built with MkDocs, as CI and `make build` build it (the `sample_site` fixture).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import jsonschema
import pytest
from frictionless import Package
from shapely.geometry import shape

from generator.build import build_site
from generator.config import Settings
from generator.hsds_crosswalk import service_uid
from generator.licence import KNOWN
from generator.urls import hsds_service
from generator.validate.validator import validate

from conftest import REFERENCE, REPO, SAMPLE, Catalogue, require_reference

pytestmark = pytest.mark.site  # every test here reads a whole built site

HSDS = REFERENCE / "hsds"
DCAT_AP = "dcat-ap-3.0.1/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://velfaerdskataloget.github.io/catalogue/"


def require_hsds() -> Path:
    """The official HSDS schemas beside the project: CI must have them, a laptop may not."""
    return require_reference("hsds/compiled/service.json").parents[1]


def validator(name: str) -> jsonschema.Validator:
    schema = json.loads((require_hsds() / "compiled" / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def errors(v: jsonschema.Validator, doc) -> list[str]:
    return [f"{e.json_path}: {e.message[:160]}" for e in v.iter_errors(doc)]


@pytest.fixture(scope="module")
def records():
    result = validate(SAMPLE)
    assert result.ok
    return {s["id"]: s for s in result.records("service")}, {o["id"]: o for o in result.records("organisation")}


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


# -- HSDS ------------------------------------------------------------------------------------------------------


def test_every_published_hsds_document_validates_against_the_official_compiled_schemas(sample_site, records):
    services, organisations = records
    hsds = sample_site / "data" / "hsds"
    service_docs = sorted((hsds / "services").glob("*.json"))
    assert len(service_docs) == len(services) == 75
    v = validator("service.json")
    for path in service_docs:
        assert errors(v, load(path)) == [], path.name
    v = validator("organization.json")
    org_docs = sorted((hsds / "organizations").glob("*.json"))
    assert len(org_docs) == len(organisations)
    for path in org_docs:
        assert errors(v, load(path)) == [], path.name


def test_an_organisation_document_names_its_services_by_the_ids_of_their_documents(sample_site, records):
    """Which services to fetch, and no copy of their fields: those are in the list pages and their documents."""
    services, _ = records
    hsds = sample_site / "data" / "hsds"
    published = {load(p)["id"]: load(p) for p in (hsds / "services").glob("*.json")}
    for path in sorted((hsds / "organizations").glob("*.json")):
        org = load(path)
        catalogue_id = org["organization_identifiers"][0]["identifier"]
        own = [s for s in services.values() if s["organisation_id"] == catalogue_id]
        assert len(org["services"]) == len(own), path.name
        for listed in org["services"]:
            assert set(listed) == {"id", "name", "status"}
            assert published[listed["id"]]["name"] == listed["name"]
            assert published[listed["id"]]["organization_id"] == org["id"]


def api_paths(kind: str) -> str:
    """The official OpenAPI description's path of one `kind` by its id (`/services/{id}`), as a static file."""
    paths = load(require_hsds() / "openapi.json")["paths"]
    (path,) = [p for p in paths if p.startswith(f"/{kind}/") and p.endswith("/{id}")]
    return path.lstrip("/") + ".json"


@pytest.mark.parametrize("kind", ["services", "organizations"])
def test_everything_the_hsds_api_lists_is_at_the_openapi_path_of_its_id_and_validates(sample_site, records, kind):
    hsds = sample_site / "data" / "hsds"
    index = load(hsds / "index.json")
    template = api_paths(kind)
    assert index[kind]["item"] == template
    listed = [item for page in sorted((hsds / kind / "page").glob("*.json")) for item in load(page)["contents"]]
    assert len(listed) == index[kind]["total_items"] == len(records[0 if kind == "services" else 1])
    v = validator("service.json" if kind == "services" else "organization.json")
    for item in listed:
        path = hsds / template.replace("{id}", item["id"])
        assert path.exists(), f"{item['name']}: {path.relative_to(sample_site)} is missing"
        doc = load(path)
        assert doc["id"] == item["id"] and doc["name"] == item["name"]
        assert errors(v, doc) == [], path.name
    # Nothing but what is listed: one document per listed id.
    assert {p.stem for p in (hsds / kind).glob("*.json")} == {item["id"] for item in listed}


def test_the_hsds_id_of_a_record_is_uuid5_of_its_kind_and_catalogue_id_as_the_docs_say(sample_site):
    import uuid

    index = load(sample_site / "data" / "hsds" / "index.json")
    namespace = uuid.UUID(re.search(r"under ([0-9a-f-]{36})", index["id_scheme"]).group(1))
    sid = str(uuid.uuid5(namespace, "service/aaben-konsultation-gellerup"))
    doc = load(sample_site / "data" / "hsds" / "services" / f"{sid}.json")
    assert any(a["link_type"] == "id" and a["value"] == "aaben-konsultation-gellerup" for a in doc["attributes"])


def ids(value, found: list[str]) -> list[str]:
    """Every `id` in a document except those of taxonomy terms, which many attributes share by design."""
    if isinstance(value, dict):
        if "id" in value and "taxonomy" not in value:
            found.append(value["id"])
        for v in value.values():
            ids(v, found)
    elif isinstance(value, list):
        for v in value:
            ids(v, found)
    return found


def test_every_object_in_the_hsds_export_has_its_own_id(sample_site):
    seen: dict[str, str] = {}
    for path in sorted((sample_site / "data" / "hsds" / "services").glob("*.json")):
        found = ids(load(path), [])
        assert len(found) == len(set(found)), f"{path.name} repeats an id"
        for i in found:
            assert seen.setdefault(i, path.name) == path.name, f"{i} in {path.name} and {seen[i]}"


def test_hsds_lists_are_pages_in_the_api_form_and_the_index_is_like_the_root_endpoint(sample_site, records):
    openapi = load(require_hsds() / "openapi.json")
    page_schema = openapi["components"]["schemas"]["Page"]
    items = validator("service_list.json")
    hsds = sample_site / "data" / "hsds"
    pages = sorted((hsds / "services" / "page").glob("*.json"))
    listed = []
    for path in pages:
        page = load(path)
        assert errors(jsonschema.Draft202012Validator(page_schema), page) == []
        assert page["size"] == len(page["contents"])
        for item in page["contents"]:
            assert errors(items, item) == []
        listed += [item["name"] for item in page["contents"]]
    assert sorted(listed) == sorted(s["name"] for s in records[0].values())
    first = load(hsds / "services" / "page" / "1.json")
    assert (first["page_number"], first["first_page"], first["total_items"]) == (1, True, 75)
    index = load(hsds / "index.json")
    assert index["version"] == "3.0" and index["openapi_url"].endswith("/openapi.json")
    assert index["license"]["id"] == "CC-BY-4.0"
    assert (hsds / index["services"]["first_page"]).exists()


def test_a_record_deleted_since_the_last_build_into_the_same_folder_leaves_no_hsds_document(tmp_path):
    catalogue = Catalogue(tmp_path)
    catalogue.service("klub")
    gone = catalogue.service("cafe")
    out = tmp_path / "site"
    build_site(catalogue.root, out)
    gone.unlink()
    build_site(catalogue.root, out)
    assert sorted(p.name for p in (out / "data/hsds/services").glob("*.json")) == [f"{service_uid('klub')}.json"]


def test_a_simple_weekly_rule_becomes_icalendar_schedules_and_keeps_its_text(sample_site, records):
    doc = load(sample_site / hsds_service("aaben-konsultation-gellerup"))
    (sal,) = doc["service_at_locations"]
    expression = records[0]["aaben-konsultation-gellerup"]["locations"][0]["opening_hours"]
    assert expression == "Tu 13:00-15:00; Th 15:00-18:00; PH off"
    assert [(s["freq"], s["byday"], s["opens_at"], s["closes_at"]) for s in sal["schedules"]] == [
        ("WEEKLY", "TU", "13:00", "15:00"),
        ("WEEKLY", "TH", "15:00", "18:00"),
    ]
    assert {s["description"] for s in sal["schedules"]} == {expression}


def test_a_rule_icalendar_cannot_say_is_kept_as_text_and_nothing_is_invented(sample_site, records):
    services = records[0]
    # "Jul off" closes a month: no RRULE of HSDS says that, so the schedule is the expression only.
    sid, loc = next((s["id"], loc) for s in services.values() for loc in s["locations"]
                    if "Jul off" in (loc.get("opening_hours") or ""))
    doc = load(sample_site / hsds_service(sid))
    sal = next(x for x in doc["service_at_locations"] if x["location"]["external_identifier"] == loc["id"])
    (schedule,) = sal["schedules"]
    assert schedule["description"] == loc["opening_hours"]
    assert not {"freq", "byday", "opens_at", "closes_at"} & set(schedule)


# -- GeoJSON, data package, DCAT, Atom -------------------------------------------------------------------------


def test_the_geojson_has_a_valid_point_for_every_located_place(sample_site, records):
    collection = load(sample_site / "data/services.geojson")
    assert collection["type"] == "FeatureCollection"
    places = [(s["id"], loc["id"]) for s in records[0].values() for loc in s["locations"]]
    assert sorted(f["id"] for f in collection["features"]) == sorted(f"{s}/{loc}" for s, loc in places)
    for f in collection["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        assert shape(f["geometry"]).is_valid  # shapely reads it as GeoJSON
        lon, lat = f["geometry"]["coordinates"]
        assert 8 < lon < 15.5 and 54.5 < lat < 58  # RFC 7946 order, inside Denmark
        p = f["properties"]
        assert {"id", "name", "organisation", "municipality_code", "categories", "url"} <= set(p)
        assert p["url"] == f"{BASE}tilbud/{p['id']}/"
        assert (sample_site / "tilbud" / p["id"] / "index.html").exists()


def test_the_data_package_validates_names_its_licence_and_ships_as_one_zip(sample_site):
    data = sample_site / "data"
    report = Package(str(data / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])[:5]
    package = load(data / "datapackage.json")
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": KNOWN["CC-BY-4.0"].url,
                                    "title": KNOWN["CC-BY-4.0"].name}]
    with zipfile.ZipFile(data / "datapackage.zip") as z:
        names = set(z.namelist())
        assert {"datapackage.json", "services.csv", "services.schema.json"} <= names
        assert z.read("services.csv") == (data / "services.csv").read_bytes()
    assert names == {"datapackage.json"} | {r["path"] for r in package["resources"]} | {
        r["schema"] for r in package["resources"]}


def test_the_dcat_file_parses_as_rdf_and_names_every_distribution(sample_site):
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import DCTERMS, RDF

    DCAT = Namespace("http://www.w3.org/ns/dcat#")
    g = Graph().parse(sample_site / "data/dcat.jsonld", format="json-ld")
    (dataset,) = g.subjects(RDF.type, DCAT.Dataset)
    distributions = set(g.objects(dataset, DCAT.distribution))
    assert distributions == set(g.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == 5 + 15  # five formats and each CSV table
    for d in distributions:
        titles = {t.language: str(t) for t in g.objects(d, DCTERMS.title)}
        assert set(titles) == {"da", "en"} and all(titles.values()), d
        (url,) = g.objects(d, DCAT.downloadURL)
        assert str(url).startswith(BASE)
        assert (sample_site / str(url).removeprefix(BASE)).is_file(), url
        assert set(g.objects(d, DCTERMS.license)) == {URIRef(KNOWN["CC-BY-4.0"].url)}
        assert len(set(g.objects(d, DCAT.mediaType))) == 1 and len(set(g.objects(d, DCTERMS.modified))) == 1
    for prop in (DCTERMS.publisher, DCTERMS.license, DCTERMS.modified, DCTERMS.temporal, DCTERMS.spatial):
        assert set(g.objects(dataset, prop)), prop


def shacl(data: Path, *shape_files: str) -> list[tuple[str, str, str, str]]:
    """pyshacl with official DCAT-AP 3.0.1 shapes: (severity, focus node, path, message) of each top-level result."""
    from pyshacl import validate as shacl_validate
    from rdflib import Graph
    from rdflib.namespace import SH

    shapes = Graph()
    for name in shape_files:
        shapes.parse(require_reference(DCAT_AP + name))
    _, report, _ = shacl_validate(Graph().parse(data, format="json-ld"), shacl_graph=shapes, inference="none",
                                  allow_warnings=True)
    return sorted((str(report.value(r, SH.resultSeverity)).rsplit("#")[-1], str(report.value(r, SH.focusNode)),
                   str(report.value(r, SH.resultPath)), str(report.value(r, SH.resultMessage)))
                  for r in report.objects(None, SH.result))


def test_the_dcat_file_conforms_to_the_official_dcat_ap_shapes_with_nothing_to_report(sample_site):
    assert shacl(sample_site / "data/dcat.jsonld", "shacl_dcat-ap-SHACL.ttl") == []


def test_the_dcat_file_has_every_recommended_property_and_values_from_the_named_vocabularies(sample_site):
    data = sample_site / "data/dcat.jsonld"
    assert shacl(data, "html_shacl_shapes_recommended.ttl") == []
    results = shacl(data, "html_shacl_shapes.ttl", "html_shacl_range.ttl", "html_shacl_mdr-vocabularies.shape.ttl",
                    "html_shacl_deprecateduris.ttl")
    assert [r for r in results if r[0] != "Warning"] == []
    # What stays is a warning that cannot apply: the publisher is no body of the EU's corporate-body table.
    assert {(r[1].removeprefix(BASE), r[2].rsplit("/")[-1]) for r in results} <= {
        ("data/#catalog", "publisher"), ("data/#dataset", "publisher")}


def test_the_dcat_file_states_true_themes_availability_and_coverage(sample_site):
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import DCTERMS, RDF

    DCAT, EU = Namespace("http://www.w3.org/ns/dcat#"), "http://publications.europa.eu/resource/authority/"
    g = Graph().parse(sample_site / "data/dcat.jsonld", format="json-ld")
    (catalog,) = g.subjects(RDF.type, DCAT.Catalog)
    (dataset,) = g.subjects(RDF.type, DCAT.Dataset)
    assert set(g.objects(dataset, DCAT.theme)) == {URIRef(EU + "data-theme/SOCI"), URIRef(EU + "data-theme/HEAL")}
    assert set(g.objects(catalog, DCAT.themeTaxonomy)) == {URIRef(EU + "data-theme")}
    for node in (catalog, dataset):
        assert set(g.objects(node, DCTERMS.spatial)) == {URIRef(EU + "country/DNK")}
        assert set(g.objects(node, DCTERMS.language)) == {URIRef(EU + "language/DAN"), URIRef(EU + "language/ENG")}
    for d in g.subjects(RDF.type, DCAT.Distribution):
        assert set(g.objects(d, URIRef("http://data.europa.eu/r5r/availability"))) == {
            URIRef(EU + "planned-availability/STABLE")}
        descriptions = {t.language for t in g.objects(d, DCTERMS.description)}
        assert descriptions == {"da", "en"}, d
    (issued,) = g.objects(catalog, DCTERMS.issued)
    (temporal,) = g.objects(dataset, DCTERMS.temporal)
    assert issued.toPython() <= next(g.objects(temporal, DCAT.endDate)).toPython()


def feed(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def test_the_changes_feed_parses_newest_first_with_closed_offers_shown_as_closed(sample_site, records):
    services = records[0]
    root = feed(sample_site / "data/changes.atom")
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 75
    updated = [dt.datetime.fromisoformat(e.findtext(f"{ATOM}updated")) for e in entries]
    assert updated == sorted(updated, reverse=True)
    kinds = {}
    for e in entries:
        link = e.find(f"{ATOM}link[@rel='alternate']").get("href")
        kinds[link.removeprefix(f"{BASE}tilbud/").strip("/")] = e.find(f"{ATOM}category").get("term")
    assert set(kinds) == set(services)
    closed = {sid for sid, s in services.items() if s["status"] == "closed"}
    assert closed and {sid for sid, k in kinds.items() if k == "closed"} == closed
    assert root.find(f"{ATOM}link[@rel='license']").get("href") == KNOWN["CC-BY-4.0"].url
    for e in entries:  # the related HSDS document is one the site has
        related = e.find(f"{ATOM}link[@rel='related']").get("href")
        assert related.startswith(BASE) and (sample_site / related.removeprefix(BASE)).exists(), related


def test_each_municipality_has_a_feed_of_the_offers_it_is_served_by(sample_site, records):
    served = {sid for sid, s in records[0].items()
              if s.get("nationwide") or "751" in [loc["municipality_code"] for loc in s["locations"]]
              + list(s["service_areas"])}
    root = feed(sample_site / "data/changes/751.atom")
    links = {e.find(f"{ATOM}link[@rel='alternate']").get("href") for e in root.findall(f"{ATOM}entry")}
    assert links == {f"{BASE}tilbud/{sid}/" for sid in served}
    assert len(list((sample_site / "data/changes").glob("*.atom"))) == 98


def entries(out: Path) -> list[tuple[str, str, str]]:
    """(service id, kind, updated) of each entry of the national feed, newest first."""
    return [(e.find(f"{ATOM}link[@rel='alternate']").get("href").removeprefix(f"{BASE}tilbud/").strip("/"),
             e.find(f"{ATOM}category").get("term"), e.findtext(f"{ATOM}updated"))
            for e in feed(out / "data/changes.atom").findall(f"{ATOM}entry")]


def git(cwd: Path, *args: str, when: str = "2026-01-01T12:00:00+01:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_without_git_history_a_feed_is_dated_by_last_verified(tmp_path):
    catalogue = Catalogue(tmp_path)
    catalogue.service("klub")
    build_site(catalogue.root, tmp_path / "site")
    assert entries(tmp_path / "site") == [("klub", "changed", "2026-10-01T00:00:00+02:00")]


def test_in_a_git_checkout_a_feed_is_dated_by_the_last_commit_and_tells_added_from_changed(tmp_path):
    catalogue = Catalogue(tmp_path)
    catalogue.service("klub")
    catalogue.service("cafe")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first", when="2026-03-01T10:00:00+01:00")
    path = catalogue.service("cafe", (catalogue.root / "forening/services/cafe.yaml").read_text("utf-8").replace(
        "Familieklubben", "Caféen"))
    closed = path.parent / "klub.yaml"
    closed.write_text(closed.read_text("utf-8").replace("status: active", "status: closed"), encoding="utf-8")
    git(tmp_path, "commit", "-qam", "second", when="2026-04-02T09:30:00+02:00")
    catalogue.service("ny")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "third", when="2026-05-03T08:00:00+02:00")
    build_site(catalogue.root, tmp_path / "site")
    assert entries(tmp_path / "site") == [
        ("ny", "added", "2026-05-03T08:00:00+02:00"),
        ("klub", "closed", "2026-04-02T09:30:00+02:00"),
        ("cafe", "changed", "2026-04-02T09:30:00+02:00"),
    ]
    sitemap = (tmp_path / "site/sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{BASE}tilbud/cafe/</loc><lastmod>2026-04-02</lastmod>" in sitemap


# -- schema.org JSON-LD, sitemap, docs, footer ------------------------------------------------------------------


def jsonld(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_a_service_page_carries_json_ld_matching_its_record(sample_site, records):
    s = records[0]["aaben-konsultation-gellerup"]
    (doc,) = jsonld((sample_site / "tilbud/aaben-konsultation-gellerup/index.html").read_text(encoding="utf-8"))
    assert (doc["@context"], doc["@type"]) == ("https://schema.org", "Service")
    assert (doc["name"], doc["description"]) == (s["name"], s["summary"])
    assert doc["url"] == f"{BASE}tilbud/aaben-konsultation-gellerup/"
    assert doc["provider"]["name"] == "Aarhus Kommune, Sundhedsplejen"
    place = next(c["serviceLocation"] for c in doc["availableChannel"] if "serviceLocation" in c)
    loc = s["locations"][0]
    assert place["address"]["streetAddress"] == loc["street_address"]
    assert place["address"]["postalCode"] == loc["postcode"]
    assert (place["geo"]["latitude"], place["geo"]["longitude"]) == (loc["latitude"], loc["longitude"])
    assert [(h["dayOfWeek"], h["opens"], h["closes"]) for h in place["openingHoursSpecification"]] == [
        (["https://schema.org/Tuesday"], "13:00", "15:00"),
        (["https://schema.org/Thursday"], "15:00", "18:00"),
    ]
    assert doc["areaServed"] == [{"@type": "AdministrativeArea", "name": "Aarhus"}]
    (english,) = jsonld((sample_site / "en/services/aaben-konsultation-gellerup/index.html").read_text("utf-8"))
    assert english["url"] == f"{BASE}en/services/aaben-konsultation-gellerup/"
    languages = [c["availableLanguage"] for c in doc["availableChannel"]]
    assert languages == [s["languages"]] * len(doc["availableChannel"])  # on each channel, as schema.org has it


class Vocabulary:
    """schema.org as published (release 30.0): each class's supertypes, each property's domains and ranges."""

    def __init__(self, path: Path):
        import gzip

        graph = json.loads(gzip.decompress(path.read_bytes()))["@graph"]

        def names(value) -> set[str]:
            values = value if isinstance(value, list) else [value] if value else []
            ids = [v if isinstance(v, str) else v["@id"] for v in values]  # a type is a plain name
            return {i.removeprefix("schema:") for i in ids if i.startswith("schema:")}

        self.parents = {n["@id"].removeprefix("schema:"): names(n.get("rdfs:subClassOf")) | names(n.get("@type"))
                        for n in graph if n["@id"].startswith("schema:") and "rdf:Property" not in str(n["@type"])}
        props = [n for n in graph if "rdf:Property" in str(n["@type"])]
        self.domains = {n["@id"].removeprefix("schema:"): names(n.get("schema:domainIncludes")) for n in props}
        self.ranges = {n["@id"].removeprefix("schema:"): names(n.get("schema:rangeIncludes")) for n in props}

    def kinds(self, name: str) -> set[str]:
        """The class (or enumeration member, or data type) and everything above it."""
        seen, todo = set(), [name]
        while todo:
            n = todo.pop()
            if n not in seen:
                seen.add(n)
                todo += self.parents.get(n, ())
        return seen

    def literal_fits(self, value, expected: set[str]) -> bool:
        """A plain value where a property expects it: text, a URL, a number, or an enumeration member's URL."""
        if isinstance(value, str) and value.startswith("https://schema.org/"):
            return bool(self.kinds(value.removeprefix("https://schema.org/")) & expected)
        if isinstance(value, bool):
            return "Boolean" in expected
        if isinstance(value, (int, float)):
            return bool({"Number", "Integer", "Float"} & expected)
        return bool({"Text", "URL", "Date", "Time", "DateTime"} & expected)

    def problems(self, node: dict, where: str = "") -> list[str]:
        found = []
        kinds = self.kinds(node["@type"])
        for prop, values in node.items():
            if prop.startswith("@"):
                continue
            at = f"{where}/{node['@type']}.{prop}"
            if prop not in self.domains:
                found.append(f"{at}: no such property")
                continue
            if not kinds & self.domains[prop]:
                found.append(f"{at}: not a property of {node['@type']} (only of {sorted(self.domains[prop])})")
            for value in values if isinstance(values, list) else [values]:
                if isinstance(value, dict):
                    if not self.kinds(value["@type"]) & self.ranges[prop]:
                        found.append(f"{at}: a {value['@type']} where {sorted(self.ranges[prop])} are expected")
                    found += self.problems(value, at)
                elif not self.literal_fits(value, self.ranges[prop]):
                    found.append(f"{at}: {value!r} where {sorted(self.ranges[prop])} are expected")
        return found


def test_every_json_ld_property_on_service_pages_is_one_schema_org_allows_for_its_type(sample_site, records):
    vocabulary = Vocabulary(require_reference("schemaorg/schemaorg-current-https-30.0.jsonld.gz"))
    pages = [*sample_site.glob("tilbud/*/index.html"), *sample_site.glob("en/services/*/index.html")]
    assert len(pages) == 2 * len(records[0])
    for page in pages:
        (doc,) = jsonld(page.read_text(encoding="utf-8"))
        assert vocabulary.problems(doc) == [], page.relative_to(sample_site)


def test_the_schema_org_check_catches_a_property_on_the_wrong_type():
    vocabulary = Vocabulary(require_reference("schemaorg/schemaorg-current-https-30.0.jsonld.gz"))
    service = {"@type": "Service", "name": "x", "availableLanguage": [{"@type": "Language", "name": "Dansk"}],
               "availableChannel": {"@type": "ServiceChannel", "serviceLocation": {"@type": "Offer"}}}
    assert vocabulary.problems(service) == [
        "/Service.availableLanguage: not a property of Service (only of ['ContactPoint', 'Course', 'LodgingBusiness',"
        " 'ServiceChannel', 'TouristAttraction'])",
        "/Service.availableChannel/ServiceChannel.serviceLocation: a Offer where ['Place'] are expected",
    ]


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory) -> Path:
    from test_payloads import build_payload_site

    return build_payload_site(tmp_path_factory.mktemp("payload-data"))


def test_script_payloads_in_a_record_stay_inert_in_the_json_ld_and_read_back_exactly(payload_site):
    from test_payloads import NAME, ORG_NAME, SERVICE_ID, SUMMARY

    html = (payload_site / f"tilbud/{SERVICE_ID}/index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block  # nothing to close or comment the script
    doc = json.loads(block)
    assert (doc["name"], doc["description"], doc["provider"]["name"]) == (NAME, SUMMARY, ORG_NAME)


def test_script_payloads_stay_text_in_the_feeds_and_the_hsds_documents(payload_site):
    from test_payloads import NAME, SERVICE_ID, SUMMARY

    (entry,) = feed(payload_site / "data/changes.atom").findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title").endswith(NAME)
    assert entry.findtext(f"{ATOM}summary") == SUMMARY
    doc = load(payload_site / hsds_service(SERVICE_ID))
    assert doc["name"] == NAME


def test_the_sitemap_lists_every_page_with_its_lastmod(sample_site, records):
    root = feed(sample_site / "sitemap.xml")
    listed = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.findall(f"{SITEMAP}url")}
    rels = {p.parent.relative_to(sample_site).as_posix() for p in sample_site.rglob("index.html")}
    rels -= {"indlejr", "en/embed"}  # the embed widget: a frame for other sites, not a page to find
    assert set(listed) == {BASE if rel == "." else f"{BASE}{rel}/" for rel in rels}  # record pages and the docs
    assert f"{BASE}bidrag/git/" in listed and f"{BASE}en/open-data/" in listed
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) for day in listed.values())
    # A page listing offers changed when the newest of them did.
    for org_id in records[1]:
        own = [listed[f"{BASE}tilbud/{sid}/"] for sid, s in records[0].items() if s["organisation_id"] == org_id]
        assert listed[f"{BASE}organisationer/{org_id}/"] >= max(own, default="")
    assert listed[BASE] == max(listed[f"{BASE}tilbud/{sid}/"] for sid in records[0])
    assert not (sample_site / "sitemap.xml.gz").exists()  # MkDocs' own, docs-only one would contradict it


def test_a_site_over_the_url_limit_gets_a_sitemap_index(tmp_path):
    from generator.export.sitemap import write_sitemap

    pages = [(f"tilbud/t{i}/", dt.date(2026, 1, 1 + i % 28)) for i in range(5)]
    assert write_sitemap(tmp_path, BASE, pages, limit=2) == 5
    root = feed(tmp_path / "sitemap.xml")
    assert root.tag == f"{SITEMAP}sitemapindex"
    parts = [s.findtext(f"{SITEMAP}loc") for s in root.findall(f"{SITEMAP}sitemap")]
    assert parts == [f"{BASE}sitemap-{n}.xml" for n in (1, 2, 3)]
    urls = [u.findtext(f"{SITEMAP}loc") for n in (1, 2, 3)
            for u in feed(tmp_path / f"sitemap-{n}.xml").findall(f"{SITEMAP}url")]
    assert urls == sorted(BASE + p for p, _ in pages)


@pytest.mark.parametrize("page", ["aabne-data.md", "en/open-data.md"])
def test_every_address_the_open_data_docs_list_exists_in_the_built_site(sample_site, page):
    text = (REPO / "docs" / page).read_text(encoding="utf-8")
    addresses = set(re.findall(r"`(/[^`\s]*)`", text))
    concrete = {a for a in addresses if "<" not in a}
    assert len(concrete) >= 15
    for address in concrete:
        target = sample_site / address.lstrip("/")
        exists = target.is_dir() if address.endswith("/") else target.is_file()
        assert exists, f"{page} lists {address}, which the site does not have"
    # Each pattern with a placeholder comes with a real example of it.
    for pattern in addresses - concrete:
        regex = re.escape(pattern).replace(re.escape("<id>"), "[a-z0-9-]+")
        regex = re.sub(r"<[^>]+>", "[^/]+", regex.replace("\\<", "<").replace("\\>", ">"))
        assert any(re.fullmatch(regex, a) for a in concrete), f"{page}: no example of {pattern}"


def test_the_docs_and_the_footer_name_the_configured_licence(sample_site):
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    configured = re.search(r"^\s+licence: (\S+)$", config, re.M).group(1)
    for page in ("aabne-data.md", "en/open-data.md"):
        assert f"**{configured}**" in (REPO / "docs" / page).read_text(encoding="utf-8")
    footer = (sample_site / "index.html").read_text(encoding="utf-8").split('<footer class="bottom">')[1]
    assert f'<a href="{KNOWN[configured].url}" rel="license">{KNOWN[configured].name}</a>' in footer
    assert '<a href="aabne-data/">' in footer and (sample_site / "aabne-data/index.html").exists()
    docs_page = (sample_site / "bidrag/git/index.html").read_text(encoding="utf-8")
    assert f'<a href="{KNOWN[configured].url}" rel="license">{KNOWN[configured].name}</a>' in docs_page


def test_another_licence_reaches_the_footer_and_every_export(tmp_path):
    from generator.licence import licence

    catalogue = Catalogue(tmp_path)
    catalogue.service("klub")
    out = tmp_path / "site"
    build_site(catalogue.root, out, Settings(licence=licence("CC0-1.0")))
    url = KNOWN["CC0-1.0"].url
    assert f'href="{url}" rel="license"' in (out / "tilbud/klub/index.html").read_text(encoding="utf-8")
    assert load(out / "data/datapackage.json")["licenses"][0]["path"] == url
    assert load(out / "data/hsds/index.json")["license"]["url"] == url
    assert feed(out / "data/changes.atom").find(f"{ATOM}link[@rel='license']").get("href") == url
    assert url in (out / "data/dcat.jsonld").read_text(encoding="utf-8")


def test_an_unknown_licence_without_name_and_url_is_refused_with_the_option_named():
    from generator.licence import LicenceError, licence

    with pytest.raises(LicenceError, match="licence_name and licence_url"):
        licence("EUPL-1.2")
    assert licence("EUPL-1.2", "European Union Public Licence 1.2", "https://eupl.eu/1.2/en/").url.endswith("/en/")


def test_the_plugin_refuses_a_licence_or_address_it_cannot_use_and_names_the_option():
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import PluginError

    from generator.plugin import CataloguePlugin

    for options, sentence in (({"licence": "EUPL-1.2"}, "option 'licence'"),
                              ({"public_url": "velfaerd.example"}, "option 'public_url'")):
        plugin = CataloguePlugin()
        errors, _warnings = plugin.load_config({"catalogue": str(SAMPLE), **options})
        assert errors == []
        with pytest.raises(PluginError, match=sentence):
            plugin.on_config(MkDocsConfig())


def test_catalogue_export_names_the_licence_in_the_data_package(tmp_path):
    from conftest import run_cli

    run = run_cli("export", "--root", str(SAMPLE), "--out", str(tmp_path / "data"), "--licence", "CC0-1.0")
    assert run.code == 0, run.err
    assert load(tmp_path / "data/datapackage.json")["licenses"][0]["name"] == "CC0-1.0"
