"""The site's templates are read without indentation and blank lines (site/templating.py): every template must
then give the same text a browser shows, which is the text between the tags up to how much whitespace there is,
never whether there is any ("endnu. Se hvem" must not become "endnu.Se hvem")."""

from __future__ import annotations

import re

import pytest

from generator.site.templating import TEMPLATES, compact, environment

TEMPLATE_FILES = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html"))


def shown(source: str) -> list[tuple[str, str]]:
    """The template's tokens as Jinja reads them (trim_blocks, lstrip_blocks), each run of whitespace in its text
    one space, as a browser collapses it."""
    stream = environment().lexer.tokenize(source)
    return [(t.type, re.sub(r"\s+", " ", str(t.value))) for t in stream]


@pytest.mark.parametrize("name", TEMPLATE_FILES)
def test_a_compacted_template_reads_as_the_written_one_up_to_how_much_whitespace(name):
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert shown(compact(source)) == shown(source.lstrip())


def test_an_indented_line_after_a_block_tag_keeps_the_space_before_it():
    template = "<p>{% if x %}a{% else %}Ingen endnu.{% endif %}\n  <a href='/'>Se hvem</a></p>\n"
    rendered = environment().from_string(compact(template)).render(x=False)
    assert "Ingen endnu. <a href='/'>Se hvem</a>" in rendered
