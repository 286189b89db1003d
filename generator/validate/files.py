"""Read record files: find them under `catalogue/`, parse YAML safely, keep where each value stood.

YAML is read with libyaml's event parser and no implicit typing at all: every scalar stays the
string the contributor wrote (`NO`, `on`, `09:00`, `0800`), and the schema decides its type later.
Unquoted `null`, `~` and empty values mean "not given", as in YAML 1.2. A well-formed file is read
once for its values (`yaml_values.py`) and again, with positions, only when a problem needs them.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem
from .yaml_values import NULLS, Reader, Refused

MAX_BYTES = 256 * 1024  # a long record is ~5 KB; anything this large is a mistake or an attack
MAX_DEPTH = 16  # records nest three levels deep (service > locations > item)
MAX_BRACKETS = 2000  # libyaml slows quadratically on deeply nested flow collections

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class RecordFile:
    """Where a record lives and what it should be, known from the folder layout alone."""

    path: Path
    kind: str  # "organisation" or "service"
    organisation_id: str
    id: str


@dataclass
class Positions:
    """The 1-based (line, column) of every key and value, and which values were quoted."""

    values_at: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys_at: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    quoted: set[Path_] = field(default_factory=set)


@dataclass
class Document:
    """Parsed YAML: plain values, and where each key and value stood (read from `text` when first asked)."""

    value: object
    text: str = ""
    has_nulls: bool = True  # False: no unquoted null anywhere, so there is nothing to drop
    _positions: Positions | None = field(default=None, repr=False)

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            self._positions = _positioned(self.text).positions
        return self._positions

    @property
    def values_at(self) -> dict[Path_, tuple[int, int]]:
        return self.positions.values_at

    @property
    def keys_at(self) -> dict[Path_, tuple[int, int]]:
        return self.positions.keys_at

    @property
    def quoted(self) -> set[Path_]:
        return self.positions.quoted

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of the value at `path`, or of the nearest enclosing one that exists."""
        table = self.keys_at if key else self.values_at
        while path:
            if path in table:
                return table[path]
            if key and path in self.values_at:
                return self.values_at[path]
            path = path[:-1]
            table = self.values_at
        return self.values_at.get((), (1, 1))


class YamlProblem(Exception):
    def __init__(self, code: str, line: int = 1, column: int = 1, **params):
        super().__init__(code)
        self.code, self.line, self.column, self.params = code, line, column, params


def read_text(path: Path) -> str:
    """The file's text, or YamlProblem for anything that is not a small UTF-8 text file. A symbolic link is
    never followed: a pull request could point one at any file of the machine that checks or builds it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as e:
        if e.errno == errno.ELOOP or os.path.islink(path):
            raise YamlProblem("symlink") from None
        raise YamlProblem("file-unreadable", reason=e.strerror or str(e)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise YamlProblem("file-unreadable", reason="not a regular file")
        if st.st_size > MAX_BYTES:
            raise YamlProblem("file-too-large", size=st.st_size, limit=MAX_BYTES)
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise YamlProblem("file-unreadable", reason=e.strerror or str(e)) from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise YamlProblem("file-too-large", size=len(data), limit=MAX_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise YamlProblem("file-not-utf8", line, column, byte=f"0x{data[e.start]:02x}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise YamlProblem("file-not-utf8", byte="0x00")
    return text


def parse(text: str) -> Document:
    """Parse one YAML document into plain dicts, lists and strings; positions are read when first asked."""
    if text.count("[") + text.count("{") > MAX_BRACKETS:
        raise YamlProblem("yaml-too-deep", limit=MAX_DEPTH)
    reader = Reader(text, MAX_DEPTH)
    try:
        value = reader.document()
    except (Refused, yaml.YAMLError):
        return _positioned(text)  # raises the first fault, located
    return Document(value, text, reader.nulls)


def _positioned(text: str) -> Document:
    """Read `text` event by event with every position: for reporting a problem, or its first fault."""
    doc = Document(None, text, _positions=Positions())
    try:
        events = yaml.parse(text, Loader=yaml.CBaseLoader)
        doc.value = _Builder(events, doc.positions).document()
    except yaml.MarkedYAMLError as e:
        raise fault(text, e) from None
    except yaml.YAMLError as e:
        raise YamlProblem("yaml-syntax", detail=str(e)) from None
    return doc


_KEY = re.compile(r"(\s*(?:- )?)([\w-]+):\s")


def fault(text: str, e: yaml.MarkedYAMLError) -> YamlProblem:
    """libyaml's complaint as the mistake a contributor made: a colon in a text, a tab, a quote never closed,
    an indentation or a bracket that does not fit; anything else keeps libyaml's words."""
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    source = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    problem, context = e.problem or "", e.context or ""
    if "tab character" in problem or (source[col - 1 : col] == "\t" and "cannot start any token" in problem):
        return YamlProblem("yaml-tab", line, col)
    if "quoted scalar" in context and e.context_mark:
        return YamlProblem("yaml-quote", e.context_mark.line + 1, e.context_mark.column + 1)
    if "mapping values are not allowed" in problem:
        key = _KEY.match(source)
        if key and key.end() < col:  # a second ": " on a line that already has its key: the colon is text
            return YamlProblem("yaml-colon", line, col, key=key.group(2), fixed=_quoted_line(key, source))
        return YamlProblem("yaml-indent", line, col)
    if "cannot start any token" in problem and source[col - 1 : col]:
        key = _KEY.match(source)
        fixed = _quoted_line(key, source) if key else f'"{source.strip()}"'
        return YamlProblem("yaml-reserved", line, col, char=source[col - 1], fixed=fixed)
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        where = e.context_mark or mark
        return YamlProblem("yaml-bracket", where.line + 1, where.column + 1)
    if "block" in context or "indentation" in problem or "expected key" in problem or "'-' indicator" in problem:
        return YamlProblem("yaml-indent", line, col)
    return YamlProblem("yaml-syntax", line, col, detail=problem or str(e))


def _quoted_line(key: re.Match, source: str) -> str:
    """The line `key: value` with its value in double quotes, as a contributor should write it."""
    value = source[key.end() :].strip().replace("\\", "\\\\").replace('"', '\\"')
    return f'{key.group(2)}: "{value}"'


class _Builder:
    def __init__(self, events, positions: Positions):
        self.events = iter(events)
        self.positions = positions

    def _next(self):
        return next(self.events)

    def document(self) -> object:
        ev = self._next()  # StreamStart
        ev = self._next()
        if isinstance(ev, yaml.StreamEndEvent):
            return None
        value = self.node(self._next(), (), 0)
        self._next()  # DocumentEnd
        ev = self._next()
        if not isinstance(ev, yaml.StreamEndEvent):
            raise YamlProblem("yaml-many-documents", ev.start_mark.line + 1, 1)
        return value

    def node(self, ev, path: Path_, depth: int) -> object:
        pos = (ev.start_mark.line + 1, ev.start_mark.column + 1)
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            # Records never need anchors, and refusing them stops alias bombs before they grow.
            raise YamlProblem("yaml-alias", *pos)
        if depth > MAX_DEPTH:
            raise YamlProblem("yaml-too-deep", *pos, limit=MAX_DEPTH)
        self.positions.values_at[path] = pos
        if isinstance(ev, yaml.ScalarEvent):
            if not ev.style and ev.value in NULLS:
                return None
            if ev.style:
                self.positions.quoted.add(path)
            return ev.value
        if isinstance(ev, yaml.SequenceStartEvent):
            items = []
            while not isinstance(ev := self._next(), yaml.SequenceEndEvent):
                items.append(self.node(ev, (*path, len(items)), depth + 1))
            return items
        mapping: dict[str, object] = {}
        while not isinstance(ev := self._next(), yaml.MappingEndEvent):
            kpos = (ev.start_mark.line + 1, ev.start_mark.column + 1)
            if not isinstance(ev, yaml.ScalarEvent):
                raise YamlProblem("yaml-complex-key", *kpos)
            key = ev.value
            if key in mapping:
                first = self.positions.keys_at[(*path, key)]
                raise YamlProblem("yaml-duplicate-key", *kpos, key=key, first_line=first[0])
            self.positions.keys_at[(*path, key)] = kpos
            mapping[key] = self.node(self._next(), (*path, key), depth + 1)
        return mapping


def discover(root: Path) -> tuple[list[RecordFile], list[Problem]]:
    """Every record file under `root`, and problems with files that are in the wrong place or are symbolic links
    (never followed: one could lead out of the repository, or round in a loop)."""
    records: list[RecordFile] = []
    problems: list[Problem] = []
    if os.path.islink(root):
        return [], [_symlink(str(root))]
    try:
        orgs = sorted((e for e in os.scandir(root) if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as e:
        return [], [Problem(str(root), 1, 1, "", "file-unreadable", {"reason": e.strerror or str(e)})]
    for org in orgs:
        if org.is_symlink():
            problems.append(_symlink(org.path))
        elif org.is_file():
            if _is_yaml(org.name):
                problems.append(Problem(org.path, 1, 1, "", "misplaced-file", {}))
        elif org.is_dir():
            records.extend(_organisation_files(Path(org.path), problems))
    return records, problems


def _organisation_files(folder: Path, problems: list[Problem]) -> list[RecordFile]:
    org_id = folder.name
    found: list[RecordFile] = []
    org_file = folder / "organisation.yaml"
    try:
        names = {e.name: e for e in os.scandir(folder) if not e.name.startswith(".")}
    except OSError as e:
        problems.append(Problem(str(folder), 1, 1, "", "file-unreadable", {"reason": e.strerror or str(e)}))
        return []
    links = {name for name, e in names.items() if e.is_symlink()}
    for name in sorted(links):
        problems.append(_symlink(names.pop(name).path))
    if "organisation.yaml" in names:
        found.append(RecordFile(org_file, "organisation", org_id, org_id))
    elif "organisation.yaml" not in links:
        problems.append(Problem(str(org_file), 1, 1, "", "missing-organisation-file", {"folder": str(folder)}))
    for name, entry in sorted(names.items()):
        if name == "services" and entry.is_dir():
            for svc in sorted(os.scandir(entry.path), key=lambda e: e.name):
                if svc.name.startswith("."):
                    continue
                if svc.is_symlink():
                    problems.append(_symlink(svc.path))
                elif svc.is_file() and svc.name.endswith(".yaml"):
                    found.append(RecordFile(Path(svc.path), "service", org_id, svc.name[: -len(".yaml")]))
                elif _is_yaml(svc.name) or svc.is_dir():
                    problems.append(Problem(svc.path, 1, 1, "", "misplaced-file", {}))
        elif name != "organisation.yaml" and _is_yaml(name):
            problems.append(Problem(entry.path, 1, 1, "", "misplaced-file", {}))
    return found


def _symlink(path: str) -> Problem:
    return Problem(path, 1, 1, "", "symlink", {})


def _is_yaml(name: str) -> bool:
    return name.endswith((".yaml", ".yml"))
