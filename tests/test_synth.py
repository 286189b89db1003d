"""The synthetic catalogue: valid, deterministic, the requested size, spread over the country, varied."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import phonenumbers
import pytest
import yaml

from generator.cli import main
from generator.schema import load_schema
from generator.tools.synth import REFERENCE_DATE, write_catalogue
from generator.validate.files import parse
from generator.validate.validator import validate

BOUNDARIES = Path(__file__).resolve().parents[2] / "shared/reference/dagi/municipalities.geojson"
N = 300
SEED = 7


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> tuple[Path, tuple[int, int]]:
    out = tmp_path_factory.mktemp("synth") / "catalogue"
    return out, write_catalogue(out, N, seed=SEED)


@pytest.fixture(scope="module")
def services(catalogue) -> list[tuple[str, dict]]:
    """(organisation id, record) for every service, read with the project's own loader."""
    out, _ = catalogue
    return [(p.parent.parent.name, parse(p.read_text(encoding="utf-8")).value)
            for p in sorted(out.glob("*/services/*.yaml"))]


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_valid_without_any_problem(catalogue):
    out, (orgs, n) = catalogue
    result = validate(out, today=REFERENCE_DATE)
    assert [(p.path, p.line, p.code) for p in result.problems] == []
    summary = result.summary()
    assert (summary.organisations, summary.services) == (orgs, n) == (15, N)
    assert validate(out).ok  # and with today's date: at most warnings (stale records, seasons over)


def test_valid_with_boundaries(catalogue):
    if not BOUNDARIES.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the boundaries file {BOUNDARIES} is missing in CI")
        pytest.skip(f"no boundaries file at {BOUNDARIES}")
    out, _ = catalogue
    result = validate(out, boundaries=str(BOUNDARIES), today=REFERENCE_DATE)
    assert [(p.path, p.line, p.code) for p in result.problems] == []


def test_same_seed_same_bytes_other_seed_other_catalogue(catalogue, tmp_path):
    out, counts = catalogue
    again, other = tmp_path / "again", tmp_path / "other"
    assert write_catalogue(again, N, seed=SEED) == counts
    assert tree(again) == tree(out)
    write_catalogue(other, N, seed=SEED + 1)
    assert tree(other) != tree(out)


@pytest.mark.parametrize("n", [0, 1, 19, 31, 50])
def test_exactly_n_services(tmp_path, n):
    out = tmp_path / "c"
    orgs, services = write_catalogue(out, n, seed=3)
    assert services == n == len(list(out.glob("*/services/*.yaml")))
    assert orgs == max(1, round(n / 20)) == len(list(out.glob("*/organisation.yaml")))
    assert validate(out, today=REFERENCE_DATE).problems == []


def test_every_municipality_from_500_services(tmp_path):
    out = tmp_path / "c"
    write_catalogue(out, 500, seed=11)
    seen = set()
    for p in out.glob("*/services/*.yaml"):
        record = parse(p.read_text(encoding="utf-8")).value
        seen.update(loc["municipality_code"] for loc in record.get("locations", []))
        seen.update(record.get("service_areas", []))
    assert seen == load_schema().keys("municipalities")


def test_cli_synth(tmp_path, capsys):
    out = tmp_path / "cli"
    assert main(["synth", "--services", "50", "--out", str(out)]) == 0
    assert len(list(out.glob("*/services/*.yaml"))) == 50
    assert "50" in capsys.readouterr().out


def test_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old.yaml").write_text("x: 1\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_catalogue(tmp_path, 5)


def test_strings_read_back_exactly_with_plain_yaml(catalogue):
    out, _ = catalogue
    for p in sorted(out.glob("*/services/*.yaml"))[:40]:
        record = yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for loc in record.get("locations", []):
            assert isinstance(loc["postcode"], str) and len(loc["postcode"]) == 4
            assert isinstance(loc["municipality_code"], str) and isinstance(loc["opening_hours"], str)
        assert all(isinstance(v, str) for v in record["languages"])
        if "phone" in record:
            assert isinstance(record["phone"], str)
        assert isinstance(record["last_verified"], dt.date)


def test_variety(catalogue, services):
    out, _ = catalogue
    org_ids = {p.name for p in out.iterdir()}
    schema = load_schema()
    nationwide = [r for _, r in services if r.get("nationwide") == "true"]
    assert nationwide and all("opening_hours" in r and "locations" not in r for r in nationwide)
    assert any("service_areas" in r and "locations" not in r for _, r in services)
    assert any(len(r.get("locations", [])) == 2 for _, r in services)
    assert any(r.get("municipal_partners") for _, r in services)
    partners = [(org, p) for org, r in services for p in r.get("partners", [])]
    assert partners and all(p != org and p in org_ids for org, p in partners)
    assert {r["cost"] for _, r in services} == set(schema.record_table("service").field("cost").enum)
    assert all(r.get("cost_description") for _, r in services if r["cost"] == "fee")
    assert {r["status"] for _, r in services} == set(schema.record_table("service").field("status").enum)
    assert sum(r["status"] == "active" for _, r in services) > 0.8 * N
    for _, r in services:
        assert 1 <= len(r["categories"]) <= 3 and 1 <= len(r["target_groups"]) <= 3
        assert 1 <= len(r["languages"]) <= 4
        if "age_min" in r and "age_max" in r:
            assert int(r["age_min"]) <= int(r["age_max"])
        verified = dt.date.fromisoformat(r["last_verified"])
        assert REFERENCE_DATE - dt.timedelta(days=335) <= verified <= REFERENCE_DATE
        if "phone" in r:
            assert phonenumbers.is_valid_number(phonenumbers.parse(r["phone"], "DK")), r["phone"]
    languages = {code for _, r in services for code in r["languages"]}
    assert "da" in languages and len(languages) >= 5
    seasons = [dt.date.fromisoformat(r["valid_from"]) for _, r in services if "valid_from" in r]
    assert any(start > REFERENCE_DATE for start in seasons)
    hours = {loc["opening_hours"] for _, r in services for loc in r.get("locations", [])}
    assert any("Sa" in h or "Su" in h for h in hours) and any("PH off" in h for h in hours)


def test_services_mostly_in_their_organisations_municipality(tmp_path):
    out = tmp_path / "c"
    write_catalogue(out, 2000, seed=5)
    home = {p.parent.name: parse(p.read_text(encoding="utf-8")).value["municipality_code"]
            for p in out.glob("*/organisation.yaml")}
    located = same = 0
    for p in out.glob("*/services/*.yaml"):
        record = parse(p.read_text(encoding="utf-8")).value
        if "locations" in record:
            located += 1
            same += record["locations"][0]["municipality_code"] == home[p.parent.parent.name]
    assert same > 0.6 * located
