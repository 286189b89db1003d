"""Golden files: the whole HSDS document and schema.org JSON-LD of one sample service, reviewed when they change.

Run with UPDATE_GOLDEN=1 to rewrite them after an intended change, then read the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from generator.enrich import build_model
from generator.export import jsonld
from generator.export.hsds import HSDSWriter
from generator.hours.parse import TIMEZONE
from generator.validate.validator import validate

from conftest import SAMPLE

GOLDEN = Path(__file__).parent / "golden"
SERVICE = "aaben-konsultation-gellerup"


@pytest.fixture(scope="module")
def model():
    result = validate(SAMPLE)
    return build_model(result.records("service"), result.records("organisation"),
                       dt.datetime(2026, 11, 23, 12, tzinfo=TIMEZONE))


def check(name: str, value: dict) -> None:
    path = GOLDEN / name
    text = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with UPDATE_GOLDEN=1 and review it"
    assert json.loads(path.read_text(encoding="utf-8")) == value, f"{name} changed: review, then UPDATE_GOLDEN=1"


def test_the_hsds_document_of_a_sample_service(model):
    service = next(s for s in model.services if s["id"] == SERVICE)
    check(f"hsds-{SERVICE}.json", HSDSWriter(model.organisations).service(service))


def test_the_json_ld_of_a_sample_service_page(model):
    service = next(s for s in model.services if s["id"] == SERVICE)
    url = f"https://velfaerdskataloget.github.io/catalogue/tilbud/{SERVICE}/"
    check(f"jsonld-{SERVICE}.json", jsonld.service(service, model, url, "da"))
