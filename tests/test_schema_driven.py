"""The schema is the one place a vocabulary is written: a value added to an enum in `schemas/` is accepted by the
validator and shown with its schema label on the site, in the search filter and in the schema reference, with no
other edit. Labels and field titles on the pages come from the schema, never from a table of our own."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from generator.enrich import ENUMS, TITLED, schema_words
from generator.schema import load_schema
from generator.site.i18n import UI, WIDGET

from conftest import ORGANISATION, REPO, SERVICE

RENDER = textwrap.dedent("""
    import datetime as dt, json, sys
    from pathlib import Path
    from generator.config import Settings
    from generator.enrich import build_model
    from generator.hours.parse import TIMEZONE
    from generator.site import search
    from generator.site.docs import schema_reference
    from generator.site.render import Renderer
    from generator.validate.validator import validate

    result = validate(Path(sys.argv[1]))
    if not result.ok:
        sys.exit("invalid: " + repr([p.flat() for p in result.problems]))
    model = build_model(result.records("service"), result.records("organisation"), dt.datetime.now(TIMEZONE))
    renderer = Renderer(model, Settings())
    service = model.services[0]
    pages = {path: html for lang in ("da", "en") for path, html in renderer.service_pages(lang, [service])}
    pages.update((path, html) for lang in ("da", "en") for path, html in renderer.other_pages(lang) if "s" in path)
    pages["index document"] = search.document(service, model)
    pages["schema reference"] = schema_reference("da")
    print(json.dumps(pages))
""")


def render_with_schema(schemas: Path, catalogue: Path) -> dict[str, str]:
    """The pages as a fresh process renders them with `schemas` as the contract (CATALOGUE_SCHEMAS)."""
    env = {**os.environ, "CATALOGUE_SCHEMAS": str(schemas)}
    done = subprocess.run([sys.executable, "-c", RENDER, str(catalogue)], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_a_new_cost_value_in_the_schema_reaches_the_search_filter_and_the_service_page_with_its_label(tmp_path):
    schemas = tmp_path / "schemas"
    shutil.copytree(REPO / "schemas", schemas)
    table = schemas / "services.schema.json"
    described = json.loads(table.read_text(encoding="utf-8"))
    cost = next(f for f in described["fields"] if f["name"] == "cost")
    cost["constraints"]["enum"].append("sliding")
    cost["x-enum-labels"]["sliding"] = ["Efter indkomst", "Depends on income"]
    table.write_text(json.dumps(described, ensure_ascii=False, indent=2), encoding="utf-8")
    catalogue = tmp_path / "catalogue"
    (catalogue / "forening" / "services").mkdir(parents=True)
    (catalogue / "forening" / "organisation.yaml").write_text(ORGANISATION.format(id="forening"), encoding="utf-8")
    (catalogue / "forening" / "services" / "familieklub.yaml").write_text(
        SERVICE.format(id="familieklub").replace("cost: free", "cost: sliding"), encoding="utf-8")

    pages = render_with_schema(schemas, catalogue)

    assert "Efter indkomst" in pages["tilbud/familieklub/"]
    assert "Depends on income" in pages["en/services/familieklub/"]
    for path, label in (("soeg/", "Efter indkomst"), ("en/search/", "Depends on income")):
        options = re.search(r'<select id="f-pris"[^>]*>(.*?)</select>', pages[path], re.S).group(1)
        assert f'<option value="sliding">{label}</option>' in options, path
        assert options.count("<option") == 4, "any, free, fee and the new value"
    assert "Efter indkomst" in pages["index document"]
    assert "`sliding` (Efter indkomst)" in pages["schema reference"]


# Interface words that share a name with a field or a value but mean something else on the page: the place a
# reader chooses (not an organisation's type), the region a municipality lies in, the reader's own postcode.
OTHER_SENSES = {"municipality", "region", "postcode"}


def test_the_pages_show_the_schemas_labels_and_titles_not_copies_of_them():
    schema = load_schema()
    enums, titles = schema_words(schema)
    for name, (table, column) in ENUMS.items():
        f = schema.tables[table].field(column)
        for lang in ("da", "en"):
            assert enums[name][lang] == {v: f.enum_labels[v][lang] for v in f.enum}
    for lang in ("da", "en"):
        for kind, table in TITLED.items():
            assert titles[lang][kind] == {f.name: f.title[lang] for f in schema.tables[table].fields}
    # A key named after a field or a value would be a second copy of the schema's word for it.
    named = {f.name for table in TITLED.values() for f in schema.tables[table].fields}
    named |= {v for table, column in ENUMS.values() for v in schema.tables[table].field(column).enum}
    for texts in (UI, WIDGET):
        copies = sorted((set(texts["da"]) & named) - OTHER_SENSES)
        assert not copies, f"{texts.name}: say these with the schema's titles and labels: {copies}"
