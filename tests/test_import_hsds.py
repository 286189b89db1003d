"""`catalogue import hsds`: HSDS JSON in, catalogue records out, with every unmappable value located.

The round trip (export, then import) gives back every record of the sample catalogue field by field; the
official HSDS examples give valid records or problems with JSON pointers; no input gives a traceback.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.export.hsds import write_hsds
from generator.hsds_crosswalk import organization_uid, service_uid
from generator.importers.hsds import import_hsds
from generator.validate.validator import validate

from conftest import REPO, SAMPLE, run_cli

EXAMPLES = REPO.parent / "shared" / "reference" / "hsds" / "examples"


@pytest.fixture(scope="module")
def sample():
    result = validate(SAMPLE)
    assert result.ok
    return result.records("service"), result.records("organisation")


@pytest.fixture(scope="module")
def exported(sample, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hsds") / "hsds"
    write_hsds(out, *sample)
    return out


def service_doc(exported: Path, service_id: str) -> Path:
    """A service's exported document, named by its HSDS id."""
    return exported / "services" / f"{service_uid(service_id)}.json"


def organization_doc(exported: Path, organisation_id: str) -> Path:
    return exported / "organizations" / f"{organization_uid(organisation_id)}.json"


def resolve(doc, pointer: str):
    """The value at a JSON pointer (RFC 6901); KeyError/IndexError when the pointer points nowhere."""
    for part in [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]:
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def test_export_then_import_gives_back_every_record_field_by_field(sample, exported):
    services, organisations = sample
    imported = import_hsds(exported)
    assert imported.problems == []
    back = {s["id"]: s for s in imported.services}
    assert len(back) == len(services) == 75
    for s in services:
        for name, value in s.items():
            assert back[s["id"]][name] == value, f"{s['id']}.{name}"
        assert set(back[s["id"]]) == set(s)
    assert imported.organisations == {o["id"]: o for o in organisations}


def test_imported_files_are_the_catalogue_again_and_validate(exported, tmp_path):
    run = run_cli("import", "hsds", str(exported), "--out", str(tmp_path / "catalogue"), "--lang", "en")
    assert run.code == 0, run.err
    assert "Wrote 104 files" in run.out
    again = validate(tmp_path / "catalogue")
    assert again.ok, again.problems[:3]
    original = (SAMPLE / "roede-kors-aarhus" / "services").glob("*.yaml")
    for path in original:
        written = tmp_path / "catalogue" / "roede-kors-aarhus" / "services" / path.name
        assert written.exists()
    # Importing again refuses to overwrite without --replace, and says which file.
    run = run_cli("import", "hsds", str(exported), "--out", str(tmp_path / "catalogue"), "--lang", "en")
    assert run.code == 1 and "already exists; use --replace" in run.err


def test_one_service_document_is_imported_into_the_named_organisation(exported, tmp_path):
    path = service_doc(exported, "aaben-konsultation-gellerup")
    imported = import_hsds(path, organisation_id="min-forening")
    (service,) = imported.services
    assert (service["id"], service["organisation_id"]) == ("aaben-konsultation-gellerup", "min-forening")
    assert service["locations"][0]["opening_hours"] == "Tu 13:00-15:00; Th 15:00-18:00; PH off"


@pytest.mark.parametrize("name", ["service_full.json", "organization_full.json", "service_list.json"])
def test_official_examples_give_valid_records_or_located_problems(name, tmp_path):
    path = EXAMPLES / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI needs ../shared/reference/hsds beside the project")
        pytest.skip(f"{path} is not available beside the project")
    document = json.loads(path.read_text(encoding="utf-8"))
    imported = import_hsds(path, organisation_id="eksempel")
    assert imported.services or imported.problems
    for p in imported.problems:
        assert p.source == str(path)
        resolve(document, p.pointer.rsplit("/", 1)[0] if p.code == "missing" else p.pointer)
        assert p.message("da") and p.message("en")
    run = run_cli("import", "hsds", str(path), "--organisation", "eksempel", "--out", str(tmp_path / "c"))
    assert run.code in (0, 1) and "Traceback" not in run.err
    if imported.services:
        assert validate(tmp_path / "c").ok


def test_an_address_outside_denmark_and_an_unknown_category_are_reported_where_they_are(exported, tmp_path):
    doc = json.loads(service_doc(exported, "aaben-konsultation-gellerup").read_text(encoding="utf-8"))
    doc["service_at_locations"][0]["location"]["addresses"][0]["country"] = "SE"
    category = next(a for a in doc["attributes"] if a["taxonomy_term"]["taxonomy"] == "velfaerdskataloget:categories")
    category["taxonomy_term"]["code"] = "astrology"
    doc["wait_time"] = "3 uger"
    path = tmp_path / "service.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    imported = import_hsds(path, organisation_id="x")
    found = {(p.pointer, p.code, p.error) for p in imported.problems}
    i = doc["attributes"].index(category)
    assert ("/service_at_locations/0/location/addresses/0/country", "outside-denmark", True) in found
    assert (f"/attributes/{i}/taxonomy_term/code", "unknown-term", True) in found
    assert ("/wait_time", "not-mapped", False) in found
    assert imported.services == []  # a record with errors is not written, and the errors say why
    run = run_cli("import", "hsds", str(path), "--organisation", "x", "--out", str(tmp_path / "c"), "--lang", "en")
    assert run.code == 1
    assert f"{path}:/service_at_locations/0/location/addresses/0/country: error[outside-denmark]" in run.err


def test_plain_icalendar_schedules_of_another_system_become_opening_hours(exported, tmp_path):
    doc = json.loads(service_doc(exported, "aaben-konsultation-gellerup").read_text(encoding="utf-8"))
    doc["service_at_locations"][0]["schedules"] = [
        {"id": "a", "freq": "WEEKLY", "byday": "MO,TU,WE", "opens_at": "09:00:00", "closes_at": "12:00:00"},
        {"id": "b", "freq": "WEEKLY", "byday": "FR", "opens_at": "13:00", "closes_at": "15:30"},
        {"id": "c", "freq": "MONTHLY", "byday": "1SA", "opens_at": "10:00", "closes_at": "12:00",
         "description": "Første lørdag i måneden"},
    ]
    path = tmp_path / "service.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    imported = import_hsds(path, organisation_id="x")
    (service,) = imported.services
    loc = service["locations"][0]
    assert loc["opening_hours"] == "Mo-We 09:00-12:00; Fr 13:00-15:30"
    assert loc["opening_hours_note"] == "Første lørdag i måneden"  # kept as text, not turned into hours
    assert [(p.pointer, p.code) for p in imported.problems] == [("/service_at_locations/0/schedules/2", "schedule")]


def test_ids_from_the_input_never_lead_outside_the_catalogue_folder(exported, tmp_path):
    organisation = json.loads(organization_doc(exported, "roede-kors-aarhus").read_text(encoding="utf-8"))
    organisation["organization_identifiers"][0]["identifier"] = "../../udenfor"
    service = json.loads(service_doc(exported, "familieklub-gellerup").read_text(encoding="utf-8"))
    service["organization_id"] = organisation["id"]
    ident = next(a for a in service["attributes"] if a["taxonomy_term"]["taxonomy"] == "velfaerdskataloget:id")
    ident["value"] = "../../../etc/passwd"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "org.json").write_text(json.dumps(organisation), encoding="utf-8")
    (tmp_path / "in" / "service.json").write_text(json.dumps(service), encoding="utf-8")
    run = run_cli("import", "hsds", str(tmp_path / "in"), "--out", str(tmp_path / "out" / "catalogue"))
    assert run.code == 1
    assert f"{tmp_path / 'in' / 'service.json'}:/: error[no-organisation]" in run.err
    assert f"{tmp_path / 'in' / 'org.json'}:/id: error[invalid] id" in run.err
    # With a good organisation, the service's own id is the one refused.
    run = run_cli("import", "hsds", str(tmp_path / "in" / "service.json"), "--organisation", "x",
                  "--out", str(tmp_path / "out" / "catalogue"))
    where = f"/attributes/{service['attributes'].index(ident)}/value"
    assert run.code == 1 and f"{tmp_path / 'in' / 'service.json'}:{where}: error[invalid] id" in run.err
    assert list(tmp_path.rglob("*.yaml")) == []


@pytest.mark.site
@pytest.mark.parametrize("identifier", ["roede-kors-aarhus\n", "roede-kors-aarhus ", "\troede-kors-aarhus\r\n"])
def test_an_identifier_with_white_space_around_it_becomes_a_clean_folder_name(exported, tmp_path, identifier):
    organisation = json.loads(organization_doc(exported, "roede-kors-aarhus").read_text(encoding="utf-8"))
    organisation["organization_identifiers"][0]["identifier"] = identifier
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "org.json").write_text(json.dumps(organisation), encoding="utf-8")
    for path in (exported / "services").glob("*.json"):
        if json.loads(path.read_text(encoding="utf-8")).get("organization_id") == organisation["id"]:
            shutil.copy(path, tmp_path / "in" / path.name)
    out = tmp_path / "out" / "catalogue"
    run = run_cli("import", "hsds", str(tmp_path / "in"), "--out", str(out))
    assert "error" not in run.err, run.err
    assert [p.name for p in out.iterdir()] == ["roede-kors-aarhus"]
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.yaml"))
    assert "roede-kors-aarhus/organisation.yaml" in written and len(written) > 1
    assert all(re.fullmatch(r"[a-z0-9-]+(/services/[a-z0-9-]+\.yaml|/organisation\.yaml)", w) for w in written)


def test_files_that_are_not_hsds_are_problems_not_tracebacks(tmp_path):
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "number.json").write_text("42", encoding="utf-8")
    imported = import_hsds(tmp_path)
    assert sorted((Path(p.source).name, p.pointer, p.code) for p in imported.problems) == [
        ("broken.json", "", "unreadable"), ("number.json", "", "not-hsds")]
    run = run_cli("import", "hsds", str(tmp_path / "missing.json"))
    assert run.code == 2


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "name", "status", "description", "attributes", "taxonomy_term", "code", "taxonomy",
                         "service_at_locations", "location", "addresses", "country", "region", "schedules", "byday",
                         "opens_at", "closes_at", "freq", "contents", "services", "languages", "service_areas",
                         "phones", "number", "assured_date", "organization", "organization_identifiers"])
        | st.text(max_size=8), children, max_size=6),
    max_leaves=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=JSON)
def test_any_json_gives_records_or_located_problems_never_a_traceback(document, tmp_path):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    imported = import_hsds(path, organisation_id="x")
    for p in imported.problems:
        resolve(document, p.pointer.rsplit("/", 1)[0] if p.code == "missing" else p.pointer)
        p.text("da")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damage=st.lists(st.tuples(st.integers(0, 10_000), JSON), min_size=1, max_size=3))
def test_a_damaged_export_of_ours_gives_records_or_located_problems(exported, damage, tmp_path):
    original = json.loads(service_doc(exported, "aaben-konsultation-gellerup").read_text(encoding="utf-8"))
    doc = json.loads(json.dumps(original))
    for where, value in damage:
        containers = list(_containers(doc))
        container, key = containers[where % len(containers)]
        container[key] = value
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    imported = import_hsds(path, organisation_id="x")
    for p in imported.problems:
        resolve(doc, p.pointer.rsplit("/", 1)[0] if p.code == "missing" else p.pointer)
    shutil.rmtree(tmp_path / "c", ignore_errors=True)


def _containers(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield value, k
            yield from _containers(v)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield value, i
            yield from _containers(v)
