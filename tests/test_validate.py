"""`catalogue validate`: every problem at once, located to file, line, column and field, in Danish and English."""

from __future__ import annotations

import json
import re

import pytest

from conftest import SERVICE, require_boundaries

LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>fejl|advarsel|error|warning)"
                  r"\[(?P<code>[a-z0-9-]+)\](?: (?P<field>[A-Za-z0-9_.\[\]]+):)? (?P<msg>.+)$")


def problems(run) -> list[tuple[str, int, str, str]]:
    """(path, line, field, code) of every reported problem, parsed from the text output."""
    out = []
    for line in run.out.splitlines():
        m = LINE.match(line)
        if m:
            out.append((m["path"], int(m["line"]), m["field"] or "", m["code"]))
    return out


def edit(**changes: str) -> str:
    """The valid sample service with some lines replaced: key -> new 'key: value' text ('' drops it)."""
    lines = []
    for line in SERVICE.format(id="klub").splitlines():
        key = line.strip().split(":")[0].lstrip("- ")
        if key in changes:
            if changes[key]:
                indent = line[: len(line) - len(line.lstrip())]
                lines.append(indent + ("- " if line.strip().startswith("- ") else "") + changes.pop(key))
            else:
                changes.pop(key)
            continue
        lines.append(line)
    assert not changes, f"no such lines: {changes}"
    return "\n".join(lines) + "\n"


def test_the_sample_catalogue_is_valid_and_summarised_in_one_line(catalogue):
    catalogue.service("klub")
    run = catalogue.validate()
    assert run.code == 0, run.out
    assert run.out.strip().splitlines() == [
        "Kontrollerede 1 tilbud og 1 organisation: 0 fejl, 0 advarsler."]


SVC = "catalogue/forening/services/klub.yaml"


@pytest.mark.parametrize(("text", "expected"), [
    (edit(summary="sumary: Fællesspisning og leg for børnefamilier."), [(3, "sumary", "unknown-field"),
                                                                       (1, "summary", "required")]),
    (edit(status="status: aktiv"), [(4, "status", "not-allowed")]),
    (edit(cost="cost: fee"), [(5, "cost", "fee-needs-description")]),
    (edit(categories="categories: [familie]"), [(6, "categories[0]", "unknown-reference")]),
    (edit(languages="languages: [dk]"), [(8, "languages[0]", "unknown-reference")]),
    (edit(access="access: []"), [(9, "access", "too-few")]),
    (edit(last_verified="last_verified: 01-10-2026"), [(10, "last_verified", "wrong-type")]),
    (edit(last_verified="last_verified: 2030-01-01"), [(10, "last_verified", "date-in-future")]),
    (edit(last_verified="last_verified: 2025-01-01"), [(10, "last_verified", "stale-record")]),
    (edit(id="id: klubben"), [(1, "id", "id-mismatch")]),
    (edit(postcode='postcode: "800"'), [(14, "locations[0].postcode", "pattern")]),
    (edit(municipality_code='municipality_code: "999"'), [(16, "locations[0].municipality_code", "unknown-reference")]),
    (edit(latitude="latitude: 10.2107", longitude="longitude: 56.1572"),
     [(17, "locations[0].latitude", "outside-denmark")]),
    (edit(latitude="latitude: 56,1572"), [(17, "locations[0].latitude", "wrong-type")]),
    (edit(opening_hours='opening_hours: "Wed 17-20"'), [(19, "locations[0].opening_hours", "bad-opening-hours")]),
    (edit(status="status: active\nphone: \"12 34\"\nemail: hej@\nwebsite: www.example.org"),
     [(5, "phone", "bad-phone"), (6, "email", "bad-email"), (7, "website", "bad-url")]),
    (edit(status="status: active\nage_min: 12\nage_max: 3"), [(6, "age_max", "age-range")]),
    (edit(status="status: active\nvalid_from: 2027-08-01\nvalid_to: 2027-06-01"), [(6, "valid_to", "season-order")]),
    (edit(status="status: active\npartners: [forening, ukendt]"),
     [(5, "partners[0]", "partner-self"), (5, "partners[1]", "unknown-reference")]),
    (edit(categories="categories: [family-support, family-support]"), [(6, "categories[1]", "duplicate-value")]),
    (edit().replace("  - id: medborgerhuset", "  - id: [a, a]"), [(12, "locations[0].id", "wrong-type")]),
    (edit(locations="", **{"id": "id: klub"}).split("  - id: medborgerhuset")[0], [(1, "", "no-place")]),
    ("id: klub\nname: Klub\nname: Klub igen\n", [(3, "", "yaml-duplicate-key")]),
    ("id: klub\nname: [unclosed\n", [(2, "", "yaml-bracket")]),
    ("- just\n- a list\n", [(1, "", "not-a-mapping")]),
])
def test_each_kind_of_problem_is_located(catalogue, text, expected):
    catalogue.service("klub", text)
    run = catalogue.validate()
    found = [(line, field, code) for path, line, field, code in problems(run)]
    assert all(p == SVC for p, *_ in problems(run))
    for item in expected:
        assert item in found, run.out
    is_warning = all(code == "stale-record" for _, _, code in expected)
    assert run.code == (0 if is_warning else 1)
    assert "Traceback" not in run.out + run.err


def test_messages_and_hints_come_in_danish_by_default_and_english_on_request(catalogue):
    catalogue.service("klub", edit(status="status: aktiv"))
    da, en = catalogue.validate(), catalogue.validate("--lang", "en")
    assert "error[not-allowed] status: Værdien 'aktiv' er ikke en af de tilladte. Mente du 'active'?" in da.out
    assert "tip: Tilladte værdier: active (Aktiv), paused (Sat på pause), closed (Lukket)." in da.out
    assert ("error[not-allowed] status: The value 'aktiv' is not one of the allowed values. "
            "Did you mean 'active'?") in en.out
    assert "hint: Allowed values: active (Active), paused (Paused), closed (Closed)." in en.out
    assert en.out.strip().endswith("Checked 1 service and 1 organisation: 1 error, 0 warnings in 1 file.")


def test_the_column_points_at_the_fault_inside_opening_hours(catalogue):
    catalogue.service("klub", edit(opening_hours='opening_hours: "We 17:00-20:70"'))
    run = catalogue.validate("--lang", "en")
    line = next(x for x in run.out.splitlines() if "bad-opening-hours" in x)
    # `    opening_hours: "We 17:00-20:70"`: the value's quote is column 20, the bad minute column 33
    assert line.startswith(f"{SVC}:19:33: error[bad-opening-hours] locations[0].opening_hours:")


def test_several_problems_in_several_files_are_all_reported_in_one_run(catalogue):
    catalogue.service("klub", edit(status="status: aktiv"))
    catalogue.service("andet", edit(id="id: andet", cost="cost: gratis").replace("\n", "\n", 1))
    catalogue.organisation("forening2", "id: forening2\nname: F\ntype: club\n")
    run = catalogue.validate()
    codes = {(path.split("/")[-1], code) for path, _, _, code in problems(run)}
    assert {("klub.yaml", "not-allowed"), ("andet.yaml", "not-allowed"),
            ("organisation.yaml", "too-short"), ("organisation.yaml", "not-allowed")} <= codes
    assert run.code == 1
    assert "i 3 filer." in run.out.splitlines()[-1]


def test_a_service_id_used_twice_is_reported_on_both_files(catalogue):
    catalogue.organisation("anden")
    catalogue.service("klub")
    catalogue.service("klub", org="anden")
    run = catalogue.validate()
    dupes = [(p, code) for p, _, _, code in problems(run) if code == "duplicate-id"]
    assert sorted(dupes) == [("catalogue/anden/services/klub.yaml", "duplicate-id"), (SVC, "duplicate-id")]


def test_validating_one_file_still_knows_the_rest_of_the_catalogue(catalogue):
    catalogue.organisation("anden")
    catalogue.service("klub", edit(status="status: active\npartners: [anden]"))
    catalogue.service("klub", org="anden")
    broken = catalogue.service("other", edit(id="id: other", status="status: nope"), org="anden")
    run = catalogue.validate(str(catalogue.root / "forening" / "services" / "klub.yaml"))
    assert [code for *_, code in problems(run)] == ["duplicate-id"]
    assert broken.name not in run.out


def test_files_in_the_wrong_place_are_reported(catalogue):
    catalogue.write("forening/services/klub.yml", SERVICE.format(id="klub"))
    catalogue.write("forening/klub.yaml", SERVICE.format(id="klub"))
    catalogue.write("uden-organisation/services/x.yaml", SERVICE.format(id="x"))
    run = catalogue.validate()
    found = {(p, code) for p, _, _, code in problems(run)}
    assert ("catalogue/forening/services/klub.yml", "misplaced-file") in found
    assert ("catalogue/forening/klub.yaml", "misplaced-file") in found
    assert ("catalogue/uden-organisation/organisation.yaml", "missing-organisation-file") in found


def test_json_output_carries_every_problem_with_message_and_hint(catalogue):
    catalogue.service("klub", edit(status="status: aktiv", cost="cost: fee"))
    run = catalogue.validate("--format", "json", "--lang", "en")
    data = json.loads(run.out)
    assert data["summary"]["errors"] == 2
    first = data["problems"][0]
    assert {k: first[k] for k in ("path", "line", "column", "field", "code", "severity")} == {
        "path": SVC, "line": 4, "column": 9, "field": "status", "code": "not-allowed", "severity": "error"}
    assert first["hint"].startswith("Allowed values:")


def test_github_annotations_escape_newlines_and_percent_and_fill_the_job_summary(catalogue, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    catalogue.service("klub", edit(name="name: 100% sjov", status="status: aktiv"))
    run = catalogue.validate("--lang", "en")
    annotation = next(x for x in run.out.splitlines() if x.startswith("::error "))
    assert annotation.startswith(f"::error file={SVC},line=4,col=9,title=not-allowed status::")
    assert "%0Ahint: Allowed values" in annotation
    assert "\n" not in annotation
    assert "| catalogue/forening/services/klub.yaml | 4 | status | error[not-allowed] |" in summary.read_text()


@pytest.mark.parametrize("args", [("validate", "--root", "nowhere"), ("validate", "missing.yaml"),
                                  ("validate", "--lang", "fr"), ("frobnicate",)])
def test_usage_errors_exit_2_without_a_traceback(catalogue, args):
    from conftest import run_cli

    run = run_cli(*args, cwd=catalogue.base)
    assert run.code == 2
    assert "Traceback" not in run.err


def test_coordinates_must_lie_in_the_stated_municipality_with_the_committed_or_a_given_boundaries_file(catalogue):
    boundaries = require_boundaries()
    # Aarhus city hall's coordinates, but the record says København (101)
    catalogue.service("klub", edit(municipality_code='municipality_code: "101"', city="city: København K",
                                   postcode='postcode: "1550"'))
    plain = catalogue.validate()
    assert (SVC, 16, "locations[0].municipality_code", "outside-municipality") in problems(plain)
    run = catalogue.validate("--boundaries", str(boundaries))
    assert (SVC, 16, "locations[0].municipality_code", "outside-municipality") in problems(run)
    assert "Koordinaterne ligger i Aarhus (751), ikke i København (101)." in run.out


def test_a_point_at_sea_is_outside_denmark_with_boundaries(catalogue):
    boundaries = require_boundaries()
    catalogue.service("klub", edit(latitude="latitude: 56.5", longitude="longitude: 11.3"))  # Kattegat
    run = catalogue.validate("--boundaries", str(boundaries))
    assert (SVC, 17, "locations[0].latitude", "outside-denmark") in problems(run)


def test_a_validation_cache_rechecks_only_changed_files_and_forgets_on_a_new_listing(catalogue):
    import datetime as dt

    from generator.validate.validator import ValidationCache, validate

    today = dt.date(2026, 11, 23)
    catalogue.service("klub")
    other = catalogue.service("andet")
    cache = ValidationCache()
    first = validate(catalogue.root, cache=cache, today=today)
    assert first.ok
    kept = cache.results[str(catalogue.root / "forening" / "services" / "klub.yaml")][1]
    other.write_text(other.read_text(encoding="utf-8").replace("status: active", "status: aaben"), encoding="utf-8")
    second = validate(catalogue.root, cache=cache, today=today)
    assert [p.code for p in second.problems] == ["not-allowed"]
    assert cache.results[str(catalogue.root / "forening" / "services" / "klub.yaml")][1] is kept
    catalogue.service("ny")
    validate(catalogue.root, cache=cache, today=today)
    assert cache.results[str(catalogue.root / "forening" / "services" / "klub.yaml")][1] is not kept
