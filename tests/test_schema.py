"""The schema is the single source of truth: its package is consistent, and the models agree with it."""

from __future__ import annotations

import csv
import os
import typing

import pytest
from pydantic import ValidationError

from generator.schema import load_schema
from generator.validate.models import record_model

from conftest import DAGI

schema = load_schema()


def test_every_foreign_key_points_at_a_table_and_its_primary_key():
    for table in schema.tables.values():
        names = {f.name for f in table.fields}
        assert set(table.primary_key) <= names, table.name
        for fk in table.foreign_keys:
            assert set(fk.fields) <= names
            target = schema.tables[fk.resource]
            assert fk.reference == target.primary_key, (table.name, fk)


def test_every_field_has_danish_and_english_titles_and_descriptions():
    for table in schema.tables.values():
        for f in table.fields:
            for lang in ("da", "en"):
                assert f.title[lang] and f.description[lang], (table.name, f.name, lang)
            for value in f.enum or ():
                assert set(f.enum_labels[value]) == {"da", "en"}, (table.name, f.name, value)


def test_all_98_municipalities_with_official_codes_names_and_regions():
    rows = schema.rows("municipalities")
    assert len(rows) == 98
    assert len({r["code"] for r in rows}) == 98
    names = {r["code"]: r["name"] for r in rows}
    assert names["101"] == "København" and names["751"] == "Aarhus" and names["810"] == "Brønderslev"
    assert "411" not in names  # Christiansø is not a municipality
    assert {r["region_name"] for r in rows} == {"Region Nordjylland", "Region Midtjylland", "Region Syddanmark",
                                                 "Region Hovedstaden", "Region Sjælland"}


def test_municipality_codes_agree_with_the_official_boundaries_when_available():
    if not (DAGI / "municipalities.csv").exists():
        if os.environ.get("CI"):
            pytest.fail(f"{DAGI} is missing: CI needs ../shared/reference/dagi beside the project")
        pytest.skip("DAGI reference not beside the project")
    with (DAGI / "municipalities.csv").open(encoding="utf-8") as fh:
        official = {r["lau_1"] for r in csv.DictReader(fh)} - {"411"}
    assert official == schema.keys("municipalities")


def test_vocabularies_have_danish_and_english_labels():
    for name in ("categories", "target_groups", "languages"):
        for row in schema.rows(name):
            assert row["label_da"] and row["label_en"], (name, row)
    assert len(schema.keys("languages")) == 184  # ISO 639-1


@pytest.mark.parametrize("kind", ["organisation", "service"])
def test_the_model_has_exactly_the_written_fields_and_nested_lists_of_the_schema(kind):
    table = schema.record_table(kind)
    model = record_model(kind)
    expected = [f.name for f in table.fields if f.source is None] + [n.key for n in schema.nested(table.name)]
    assert list(model.model_fields) == expected
    for f in table.fields:
        if f.source is None:
            info = model.model_fields[f.name]
            assert info.is_required() == f.required, f.name
            if f.enum:
                candidates = [info.annotation, *typing.get_args(info.annotation)]
                literal = next(a for a in candidates if typing.get_origin(a) is typing.Literal)
                assert typing.get_args(literal) == f.enum


def test_the_model_enforces_each_constraint_the_schema_declares():
    """Walk every constrained field and show that the model rejects a value just outside it."""
    model = record_model("service")
    base = {"id": "x", "name": "Klub", "summary": "En klub for alle børn.", "status": "active", "cost": "free",
            "categories": ["family-support"], "target_groups": ["children"], "languages": ["da"],
            "access": ["self-referral"], "last_verified": "2026-01-01"}
    model.model_validate(base)
    table = schema.record_table("service")
    for f in table.fields:
        if f.source is not None:
            continue
        bad = []
        if f.max_length:
            bad.append("x" * (f.max_length + 1))
        if f.enum:
            bad.append("not-" + f.enum[0])
        if f.pattern:
            bad.append("Not A Slug!")
        if f.minimum is not None:
            bad.append(str(f.minimum - 1))
        if f.maximum is not None:
            bad.append(str(f.maximum + 1))
        for value in bad:
            with pytest.raises(ValidationError):
                model.model_validate({**base, f.name: value})
    for n in schema.nested(table.name):
        if n.min_items:
            with pytest.raises(ValidationError):
                model.model_validate({**base, n.key: []})
