"""Validate the catalogue: every file on its own (in parallel), then the summary.

Everything a record refers to (organisations, service ids, vocabularies) is known from the folder
listing and the reference tables before any file is read, so each file is checked completely on its
own with positions, and validating one changed file never parses the others.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..geo import load_boundaries, postcodes
from ..parallel import map_tasks, processes
from . import rules
from .context import Context, make_context
from .files import Document, RecordFile, YamlProblem, discover, parse, read_text
from .messages import Phrase
from .models import record_model
from .problems import Problem, Summary, unfollowed

PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves


@dataclass
class Checked:
    file: RecordFile
    record: dict | None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Result:
    checked: list[Checked]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def records(self, kind: str) -> list[dict]:
        return [c.record for c in self.checked if c.file.kind == kind and c.record is not None]

    def summary(self) -> Summary:
        kinds = [c.file.kind for c in self.checked]
        errors = [p for p in self.problems if p.is_error]
        return Summary(organisations=kinds.count("organisation"), services=kinds.count("service"),
                       errors=len(errors), warnings=len(self.problems) - len(errors),
                       files_with_errors=len({p.path for p in errors}))


def check_file(rf: RecordFile, ctx: Context) -> Checked:
    path = str(rf.path)
    try:
        doc = parse(read_text(rf.path))
    except YamlProblem as e:
        return Checked(rf, None, [Problem(path, e.line, e.column, "", e.code, e.params)])
    if not isinstance(doc.value, dict):
        found = Phrase("nothing" if doc.value is None else "something_else")
        return Checked(rf, None, [Problem(path, 1, 1, "", "not-a-mapping", {"found": found})])
    values = _without_nulls(doc.value) if doc.has_nulls else doc.value
    problems, record = _typed(rf, values, doc, ctx)
    problems += rules.check(rf, values, doc, ctx)
    if record is not None and rf.kind == "service":
        record["organisation_id"] = rf.organisation_id
    return Checked(rf, record if not any(p.is_error for p in problems) else None, problems)


def _typed(rf: RecordFile, values: dict, doc: Document, ctx: Context) -> tuple[list[Problem], dict | None]:
    model = record_model(rf.kind, ctx.schema)
    try:
        return [], model.model_validate(values).model_dump()
    except ValidationError as e:
        return [rules.from_pydantic(rf, err, values, doc, ctx) for err in e.errors(include_url=False)], None


def _without_nulls(value):
    """Unquoted null, ~ and empty values mean "not given": drop them so a blank optional field is fine."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _check(ctx: Context, rf: RecordFile) -> tuple[dict | None, list[Problem]]:
    # The main process has the file already; sending its Path back costs more than checking it.
    checked = check_file(rf, ctx)
    return checked.record, checked.problems


def check_files(files: list[RecordFile], ctx: Context, workers: int | None = None) -> list[Checked]:
    n = processes(len(files), PARALLEL_FROM, workers)
    if n < 2:
        return [check_file(f, ctx) for f in files]
    with collector_paused():  # the forked workers inherit the pause
        results = map_tasks(_check, ctx, files, n, chunksize=max(64, len(files) // (n * 8)))
    return [Checked(f, record, problems) for f, (record, problems) in zip(files, results, strict=True)]


@contextmanager
def collector_paused():
    """The results make a heap of a million small objects without cycles, which Python's cycle collector would
    walk again and again while they arrive. Checking a file leaves no cycles either (none in the synthetic
    catalogue or in a fuzzed one), so the forked workers inherit the pause: reference counting frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class ValidationCache:
    """What unchanged files gave last time, for validating the same catalogue again (`mkdocs serve`).

    A file's result depends on its own bytes and on the folder listing (ids, organisations), so results
    are reused only while the listing and the options stay the same and the file's size and mtime match.
    """

    key: tuple = ()
    results: dict[str, tuple[tuple[int, int], Checked]] = field(default_factory=dict)
    folders: tuple = ()  # the modification times of the catalogue's folders at the last listing
    listed: tuple[list, list] = ([], [])

    def listing(self, root: Path) -> tuple[list[RecordFile], list[Problem]]:
        """The folder listing (`discover`), reused while no folder changed: adding, removing or renaming a
        file changes its folder's modification time, editing one does not need a new listing, and looking at the
        folders is far cheaper than listing every file."""
        folders = _folder_times(root)
        if folders != self.folders or not folders:
            self.folders, self.listed = folders, discover(root)
        files, problems = self.listed
        return list(files), list(problems)

    def check(self, files: list[RecordFile], ctx: Context, key: tuple, workers: int | None) -> list[Checked]:
        if key != self.key:
            self.key, self.results = key, {}
        stamps = {}
        for f in files:
            try:
                st = os.stat(f.path)
                stamps[str(f.path)] = (st.st_mtime_ns, st.st_size)
            except OSError:
                stamps[str(f.path)] = (0, -1)
        todo = [f for f in files if self.results.get(str(f.path), ((), None))[0] != stamps[str(f.path)]]
        for c in check_files(todo, ctx, workers):
            self.results[str(c.file.path)] = (stamps[str(c.file.path)], c)
        return [self.results[str(f.path)][1] for f in files]


def validate(root: Path, paths: Iterable[Path] = (), *, boundaries: str | None = None,
             today: dt.date | None = None, workers: int | None = None,
             cache: ValidationCache | None = None) -> Result:
    """Check the catalogue under `root`, or only the record files under `paths`."""
    files, problems = cache.listing(root) if cache is not None else discover(root)
    if boundaries or len(files) >= PARALLEL_FROM:
        load_boundaries(boundaries)  # once, before workers fork (a few files load it when a place needs it)
        postcodes()
    ctx = make_context(files, boundaries=boundaries, today=today)
    wanted = _as_listed(root, paths)
    if wanted:
        files = [f for f in files if _under(str(f.path), wanted)]
        problems = [p for p in problems if _under(p.path, wanted)]
    if cache is not None:
        checked = cache.check(files, ctx, (tuple(files), boundaries, ctx.today), workers)
    else:
        checked = check_files(files, ctx, workers)
    for c in checked:
        problems.extend(c.problems)
    return Result(checked, sorted(problems))


def _folder_times(root: Path) -> tuple:
    """(path, mtime) of the catalogue folder, each organisation folder and each services folder."""
    try:
        found = [(str(root), os.stat(root).st_mtime_ns)]
        for org in os.scandir(root):
            if org.is_dir():
                found.append((org.path, org.stat().st_mtime_ns))
                services = os.path.join(org.path, "services")
                if os.path.isdir(services):
                    found.append((services, os.stat(services).st_mtime_ns))
    except OSError:
        return ()  # listed afresh, which reports what is wrong
    return tuple(found)


def _as_listed(root: Path, paths: Iterable[Path]) -> list[str]:
    """The given paths spelt the way the folder listing spells them (`root/...`), so that filtering
    the listed files is string comparison, not a `resolve()` call per file. A path's last part is never
    followed (it may be a symbolic link, which the listing reports where it lies)."""
    base = root.resolve()
    out = []
    for p in paths:
        rel = unfollowed(Path(p)).relative_to(base)
        out.append(str(root) if rel == Path() else str(root / rel))
    return out


def _under(path: str, prefixes: list[str]) -> bool:
    return any(path == p or path.startswith(p + os.sep) for p in prefixes)
