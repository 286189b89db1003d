"""Interface text has one shape in every area, and each area's table says the same things in Danish and English:
the same keys, the same placeholders. Record content is never in these tables."""

from __future__ import annotations

import ast
import importlib

import pytest

from generator.schema import load_schema
from generator.texts import Texts, TextsError
from generator.validate.messages import MESSAGES, WARNINGS

from conftest import REPO

AREAS = {
    "site": "generator.site.i18n",
    "widget": "generator.site.i18n",
    "docs": "generator.site.i18n",
    "validator": "generator.validate.messages",
    "importer": "generator.importers.problems",
    "command line": "generator.tools.messages",
    "hours": "generator.hours.words",
}


def test_every_area_keeps_its_text_in_one_table_of_the_one_shape():
    for module in set(AREAS.values()):
        importlib.import_module(module)
    made = [t.name for t in Texts.registry]
    assert sorted(made) == sorted(AREAS), "one table per area, and no other"


def test_a_table_whose_languages_say_different_things_is_refused():
    with pytest.raises(TextsError, match="keys differ"):
        Texts("test", da={"a": "et", "b": "to"}, en={"a": "one"})
    with pytest.raises(TextsError, match="placeholders"):
        Texts("test", da={"count": "{n} tilbud"}, en={"count": "some offers"})
    with pytest.raises(TextsError, match="languages"):
        Texts("test", en={"a": "one"}, da={"a": "en"})


def _problem_codes() -> set[str]:
    """Every problem code the validator's code can raise: the string literals given as a Problem's code."""
    codes = set()
    for path in (REPO / "generator" / "validate").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                args = [a for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if name == "Problem" and len(node.args) >= 5 and isinstance(node.args[4], ast.Constant):
                    codes.add(node.args[4].value)
                elif name in ("_problem", "YamlProblem") and args:
                    codes.update(a.value for a in args if a.value in MESSAGES["en"]["problems"] or "-" in a.value)
    return codes


def test_every_problem_the_validator_can_report_has_a_message_and_a_hint_in_both_languages():
    codes = _problem_codes()
    assert len(codes) > 20, codes
    for lang in ("da", "en"):
        known = MESSAGES[lang]["problems"]
        assert codes <= set(known), sorted(codes - set(known))
        assert all(message and hint for message, hint in known.values())
    assert set(MESSAGES["da"]["problems"]) >= WARNINGS


def test_every_list_a_record_can_refer_to_is_named_in_the_messages():
    schema = load_schema()
    targets = {t.name for t in schema.reference_tables} | {"organisations"}
    for lang in ("da", "en"):
        assert targets <= set(MESSAGES[lang]["targets"]), sorted(targets - set(MESSAGES[lang]["targets"]))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def test_every_danish_text_a_contributor_or_citizen_reads_says_tilbud_for_an_offer():
    """The site says "tilbud"; the command line, the validator, the schema and the guides say the same word."""
    for module in set(AREAS.values()):
        importlib.import_module(module)
    danish = [text for table in Texts.registry for text in _strings(table["da"])]
    schema = load_schema()
    for table in schema.tables.values():
        danish += [table.title.get("da", "")]
        danish += [text for f in table.fields for text in (f.title.get("da", ""), f.description.get("da", ""))]
    danish += [p.read_text(encoding="utf-8") for p in (REPO / "docs" / "bidrag").glob("*.md")]
    danish += [(REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")]
    danish += [p.read_text(encoding="utf-8") for p in (REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml")]
    found = sorted({text[:80] for text in danish if "tjeneste" in text.lower()})
    assert not found, found
