"""`catalogue export` writes a data package that `frictionless validate` accepts, holding every valid record."""

from __future__ import annotations

import csv
import json

from frictionless import Package

from conftest import SAMPLE, run_cli


def read(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_sample_catalogue_exports_to_a_valid_data_package_with_every_record(tmp_path):
    out = tmp_path / "data"
    run = run_cli("export", "--root", str(SAMPLE), "--out", str(out))
    assert run.code == 0, run.out + run.err
    report = Package(str(out / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "message"])[:10]
    service_files = {p.stem for p in SAMPLE.glob("*/services/*.yaml")}
    assert {r["id"] for r in read(out / "services.csv")} == service_files
    organisation_folders = {p.parent.name for p in SAMPLE.glob("*/organisation.yaml")}
    assert {r["id"] for r in read(out / "organisations.csv")} == organisation_folders
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]][:3] == ["organisations", "organisation_maintainers", "services"]


def test_values_survive_the_export_as_written(catalogue, tmp_path):
    catalogue.service("klub", """\
        id: klub
        name: 'Klub "Solstrålen", for alle'
        summary: Fællesspisning og leg for børnefamilier hver onsdag aften.
        description: |
          Første linje.

          - punkt med æøå
        status: active
        cost: fee
        cost_description: 20 kr.
        age_min: 0
        age_max: 3
        nationwide: false
        categories: [young-children, family-support]
        target_groups: [infants]
        languages: [da, ar]
        access: [self-referral]
        municipal_partners:
          - municipality_code: "751"
            department: Sundhedsplejen
        last_verified: 2026-10-01
        locations:
          - id: hus
            street_address: Vestergade 12
            postcode: "0800"
            city: Høje Taastrup
            municipality_code: "169"
            latitude: 55.65
            longitude: 12.27
            opening_hours: "Sa,Su 10:00-13:00; PH off"
        """)
    out = tmp_path / "out"
    run = run_cli("export", "--today", "2026-11-23", "--out", str(out), cwd=catalogue.base)
    assert run.code == 0, run.out + run.err
    (svc,) = read(out / "services.csv")
    assert svc["name"] == 'Klub "Solstrålen", for alle'
    assert svc["description"] == "Første linje.\n\n- punkt med æøå"
    assert (svc["organisation_id"], svc["age_min"], svc["nationwide"], svc["cost"]) == ("forening", "0", "false", "fee")
    (loc,) = read(out / "service_locations.csv")
    assert (loc["service_id"], loc["postcode"], loc["latitude"]) == ("klub", "0800", "55.65")
    assert [r["category_id"] for r in read(out / "service_categories.csv")] == ["young-children", "family-support"]
    assert read(out / "service_municipal_partners.csv") == [
        {"service_id": "klub", "municipality_code": "751", "department": "Sundhedsplejen"}]
    assert Package(str(out / "datapackage.json")).validate().valid


def test_export_refuses_an_invalid_catalogue_and_says_where(catalogue, tmp_path):
    catalogue.service("klub", "id: klub\nname: x\n")
    run = run_cli("export", "--out", str(tmp_path / "out"), cwd=catalogue.base)
    assert run.code == 1
    assert "catalogue/forening/services/klub.yaml:1:1: error[required] summary:" in run.err
    assert not (tmp_path / "out").exists()
