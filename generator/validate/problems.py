"""A validation problem is a value: where it is, which field, a stable code and the facts behind it.

Messages are rendered late, in the reader's language, by one of the reporters below, so tests can
assert on compact tuples and CI can show the same problems as GitHub annotations.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..sanitise import visible
from .messages import MESSAGES, render, severity


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    field: str
    code: str
    params: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def severity(self) -> str:
        return severity(self.code)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def message(self, lang: str) -> tuple[str, str]:
        """(message, hint) in `lang`."""
        return render(self.code, lang, {"field": self.field, **self.params})

    def flat(self) -> tuple[str, int, str]:
        return (self.path, self.line, self.code)


def unfollowed(path: Path) -> Path:
    """`path` absolute, with the folders above it resolved but not the path itself, which may be a symbolic link
    (into a loop, or out of the repository)."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name if path.name else path


def display_path(path: str) -> str:
    """Paths relative to the working directory when they are below it, as a contributor sees them."""
    try:
        shown = str(unfollowed(Path(path)).relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):
        shown = path
    return visible(shown)  # a file name is a contributor's text too


@dataclass
class Summary:
    organisations: int
    services: int
    errors: int
    warnings: int
    files_with_errors: int


def _count(n: int, word: str, lang: str) -> str:
    singular, plural = MESSAGES[lang]["counted"][word]
    return f"{n} {singular if n == 1 else plural}"


def summary_line(s: Summary, lang: str) -> str:
    files = MESSAGES[lang]["summary_files"].format(n=_count(s.files_with_errors, "files", lang)) \
        if s.files_with_errors else ""
    return MESSAGES[lang]["summary"].format(services=_count(s.services, "services", lang),
                                organisations=_count(s.organisations, "organisations", lang),
                                errors=_count(s.errors, "errors", lang), warnings=_count(s.warnings, "warnings", lang),
                                files=files)


def as_text(problems: list[Problem], summary: Summary, lang: str) -> str:
    labels = MESSAGES[lang]["labels"]
    lines = []
    for p in problems:
        msg, hint = p.message(lang)
        where = f"{display_path(p.path)}:{p.line}:{p.column}"
        field_part = f" {visible(p.field)}:" if p.field else ""
        lines.append(f"{where}: {labels[p.severity]}[{p.code}]{field_part} {msg}")
        if hint:
            lines.append(f"    {labels['hint']}: {hint}")
    lines.append(summary_line(summary, lang))
    return "\n".join(lines) + "\n"


def as_json(problems: list[Problem], summary: Summary, lang: str) -> str:
    items = []
    for p in problems:
        msg, hint = p.message(lang)
        items.append({"path": display_path(p.path), "line": p.line, "column": p.column, "field": visible(p.field),
                      "code": p.code, "severity": p.severity, "message": msg, "hint": hint})
    return json.dumps({"summary": {**summary.__dict__, "text": summary_line(summary, lang)},
                       "problems": items}, ensure_ascii=False, indent=2) + "\n"


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def annotation(severity: str, path: str, line: int, column: int, title: str, body: str) -> str:
    """A workflow command GitHub turns into an annotation on that line of that file."""
    props = f"file={_escape_property(path)},line={line},col={column},title={_escape_property(title)}"
    return f"::{severity} {props}::{_escape_data(body)}"


def as_github(problems: list[Problem], summary: Summary, lang: str) -> str:
    """Workflow commands GitHub turns into annotations on the changed lines."""
    lines = []
    for p in problems:
        msg, hint = p.message(lang)
        body = f"{msg}\n{MESSAGES[lang]['labels']['hint']}: {hint}" if hint else msg
        title = f"{p.code} {visible(p.field)}".strip()
        lines.append(annotation(p.severity, display_path(p.path), p.line, p.column, title, body))
    lines.append(summary_line(summary, lang))
    return "\n".join(lines) + "\n"


def step_summary(problems: list[Problem], summary: Summary, lang: str) -> str:
    """A Markdown table for the job summary: annotations stop at 50 a job, the table does not."""
    head = MESSAGES[lang]["table_head"]
    rows = [f"### {summary_line(summary, lang)}", "", head, "|---|---|---|---|---|"]
    for p in problems:
        msg, hint = p.message(lang)
        cells = [display_path(p.path), str(p.line), visible(p.field), f"{p.severity}[{p.code}]",
                 f"{msg} {hint}".strip()]
        rows.append("| " + " | ".join(cell(c) for c in cells) + " |")
    return "\n".join(rows) + "\n"


def cell(text: str) -> str:
    """Text as one cell of a Markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")


def write_step_summary(problems: list[Problem], summary: Summary, lang: str) -> None:
    add_step_summary(step_summary(problems, summary, lang))


def add_step_summary(markdown: str) -> None:
    """Add to the job's summary page in GitHub Actions (nothing elsewhere)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(markdown)


REPORTERS = {"text": as_text, "json": as_json, "github": as_github}


def report(problems: list[Problem], summary: Summary, fmt: str, lang: str, stream) -> None:
    """Every problem to `stream` in one of the REPORTERS' forms, the one way out for the CLI and the build; in
    GitHub's form also the job summary's table, since annotations stop at 50 a job."""
    stream.write(REPORTERS[fmt](problems, summary, lang))
    if fmt == "github":
        write_step_summary(problems, summary, lang)
