"""Interface text in one shape for every area: a table per language, the same keys and placeholders in each.

Each area keeps its table in one module (the site's pages, the widget and the generated docs in site/i18n.py, the
validator's messages in validate/messages.py, the importer's in importers/problems.py, the command line's in
tools/messages.py, opening hours in words in hours/words.py). Record content is never translated: it stays as its
organisation wrote it.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import ClassVar

LANGS = ("da", "en")


class TextsError(ValueError):
    """The languages of a table do not say the same things."""


class Texts(dict):
    """{lang: {key: text}} where a text is a str (with `{placeholders}`), or a list, tuple or dict of them."""

    registry: ClassVar[list[Texts]] = []  # every table made, for the tests that check them

    def __init__(self, name: str, **tables: Mapping):
        super().__init__(tables)
        self.name = name
        if tuple(tables) != LANGS:
            raise TextsError(f"{name}: give the languages {LANGS}, in that order")
        first, *others = LANGS
        for lang in others:
            _same(tables[first], tables[lang], f"{name}[{lang}]")
        Texts.registry.append(self)

    def text(self, lang: str, key: str, **params) -> str:
        """One text, its placeholders filled."""
        return self[lang][key].format(**params)


def _same(a, b, where: str) -> None:
    if isinstance(a, Mapping):
        if not isinstance(b, Mapping) or set(a) != set(b):
            missing = sorted(set(a) ^ set(b)) if isinstance(b, Mapping) else "a table"
            raise TextsError(f"{where}: keys differ from the first language's: {missing}")
        for key in a:
            _same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, (list, tuple)):
        if not isinstance(b, (list, tuple)) or len(a) != len(b):
            raise TextsError(f"{where}: not as many items as in the first language")
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif _fields(a) != _fields(b):
        raise TextsError(f"{where}: placeholders {sorted(_fields(b))} instead of {sorted(_fields(a))}")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
