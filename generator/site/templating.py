"""The Jinja2 environment the pages are rendered in: autoescaping, strict about missing values, compiled once."""

from __future__ import annotations

from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).parent / "templates"


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept for the next build in this process: `mkdocs serve` makes a new renderer for each
    rebuild, and compiling the templates again would be a good part of a rebuild."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _MemoryBytecodeCache()


class _RecordEnvironment(Environment):
    """Jinja2 reads `s.name` as getattr first and falls back to s["name"] after an AttributeError; records are
    dicts, so that was an exception per field, a large part of a service page's rendering. Keys first here; a
    dict's methods (`.items()`) are still found when no such key exists."""

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment() -> Environment:
    """The site's environment; filters and globals are the renderer's to add."""
    # auto_reload off: templates do not change during a build, and checking them is a measurable part of rendering.
    return _RecordEnvironment(
        auto_reload=False,
        bytecode_cache=_COMPILED,
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
