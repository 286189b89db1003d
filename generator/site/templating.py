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


class _CompactLoader(FileSystemLoader):
    """The templates without the indentation and blank lines that make them readable: a browser shows a page the
    same without them (no template holds a <pre> or a <textarea> with text), and a national site has 100,000
    service pages (bench/README.md has the bytes). Done once, when a template is read, not on every page."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        return compact(source), filename, uptodate


def compact(source: str) -> str:
    """A template's source without indentation and blank lines, the same page in a browser. trim_blocks eats the
    newline after a tag ending a line, so an indented line after one keeps a space: its indentation was the only
    space between the words on either side ("endnu.{% endif %}" then "  <a ...>")."""
    out: list[str] = []
    for raw in source.splitlines():
        line = raw.lstrip()
        after_tag = bool(out) and out[-1].endswith(("%}", "#}"))
        if not line:
            if after_tag:  # the blank line's newline is then the only whitespace there: one stays
                out.append("")
            continue
        if len(line) != len(raw) and after_tag:
            line = " " + line
        out.append(line)
    return "\n".join(out) + "\n"


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
        loader=_CompactLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
