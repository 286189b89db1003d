"""The `catalogue` command: validate, export, import, new, fmt, codeowners, stale and synth.

Exit codes: 0 valid, 1 invalid, 2 usage error. No input file, however broken, gives a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from .export.datapackage import write_package
from .export.opendata import add_licence
from .geo import load_boundaries
from .importers.hsds import import_hsds
from .importers.records import write_records
from .licence import LicenceError, licence
from .output import rewrite_text
from .sanitise import visible
from .schema import load_schema
from .tools import codeowners, stale
from .tools.changes import GitError, changed_files
from .tools.fmt import FormatError, changes, format_text
from .tools.messages import MESSAGES
from .tools.scaffold import path_for, template
from .tools.synth import write_catalogue
from .validate.files import YamlProblem, discover, read_text
from .validate.problems import add_step_summary, annotation, cell, display_path, report, unfollowed
from .validate.validator import validate


class UsageError(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params

    def text(self, lang: str) -> str:
        return MESSAGES.text(lang, self.code, **self.params)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", default="catalogue", help="the catalogue folder (default: catalogue)")
    p.add_argument("--lang", choices=["da", "en"], default=os.environ.get("CATALOGUE_LANG", "da"),
                   help="language of messages (default: da)")
    p.add_argument("--boundaries", default=os.environ.get("CATALOGUE_BOUNDARIES") or None,
                   help="GeoJSON of municipality boundaries; enables the point-in-municipality check "
                        "(default: $CATALOGUE_BOUNDARIES)")
    p.add_argument("--today", type=_date, default=None, help=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="catalogue", description="Danish welfare offers catalogue tools.")
    sub = parser.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check records and report every problem at once")
    v.add_argument("paths", nargs="*", type=Path, help="files or folders to check (default: the whole catalogue)")
    v.add_argument("--format", choices=["text", "json", "github"], default=None,
                   help="output format (default: github when GITHUB_ACTIONS=true, else text)")
    v.add_argument("--workers", type=int, default=None, help="processes to use (default: all cores)")
    v.add_argument("--changed", metavar="BASE_REF", default=None,
                   help="check only the files changed since the merge base with BASE_REF (git)")
    _common(v)

    e = sub.add_parser("export", help="write the catalogue as a Frictionless data package of CSV files")
    e.add_argument("--out", required=True, type=Path, help="folder to write")
    e.add_argument("--licence", default="CC-BY-4.0", help="SPDX id of the data's licence, named in datapackage.json "
                   "(default: CC-BY-4.0, as in mkdocs.yml)")
    _common(e)

    n = sub.add_parser("new", help="write a commented template for a new organisation or service")
    n.add_argument("kind", choices=["organisation", "service"])
    n.add_argument("ids", nargs="+", metavar="ID",
                   help="organisation: ORGANISATION_ID; service: ORGANISATION_ID SERVICE_ID")
    _common(n)

    f = sub.add_parser("fmt", help="normalise key order and layout of records, keeping comments")
    f.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the whole catalogue)")
    f.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is not normalised")
    _common(f)

    c = sub.add_parser("codeowners", help="write .github/CODEOWNERS from the organisations' maintainers")
    c.add_argument("--out", type=Path, default=Path(".github/CODEOWNERS"))
    c.add_argument("--check", action="store_true", help="change nothing; exit 1 if the file is out of date")
    _common(c)

    st = sub.add_parser("stale", help="list records whose last_verified is more than 12 months old")
    st.add_argument("--format", choices=["markdown", "html", "json"], default="markdown",
                    help="markdown (the job summary), html (a page for the site: escaped text) or json")
    _common(st)

    s = sub.add_parser("synth", help="write a valid synthetic catalogue for benchmarks and scale tests")
    s.add_argument("--services", type=int, required=True, help="number of services")
    s.add_argument("--out", required=True, type=Path, help="folder to write the catalogue into")
    s.add_argument("--seed", type=int, default=1, help="random seed (same seed, same catalogue)")
    s.add_argument("--lang", choices=["da", "en"], default=os.environ.get("CATALOGUE_LANG", "da"),
                   help="language of messages (default: da)")

    im = sub.add_parser("import", help="turn records of another format into catalogue records")
    im.add_argument("format", choices=["hsds"], help="the format: hsds (Open Referral HSDS 3.0 JSON)")
    im.add_argument("path", type=Path, help="a JSON file (service, organization or a list) or a folder of them")
    im.add_argument("--organisation", default=None, metavar="ID", help="put every service under this organisation")
    im.add_argument("--out", type=Path, default=Path("catalogue"), help="the catalogue folder (default: catalogue)")
    im.add_argument("--replace", action="store_true", help="overwrite record files that already exist")
    im.add_argument("--lang", choices=["da", "en"], default=os.environ.get("CATALOGUE_LANG", "da"),
                    help="language of messages (default: da)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang = getattr(args, "lang", "da")
    try:
        commands = {"validate": cmd_validate, "export": cmd_export, "synth": cmd_synth, "new": cmd_new,
                    "fmt": cmd_fmt, "codeowners": cmd_codeowners, "stale": cmd_stale, "import": cmd_import}
        return commands[args.command](args)
    except UsageError as e:
        print(f"catalogue: {e.text(lang)}", file=sys.stderr)
        return 2


def _run_validation(args, paths=()):
    root = Path(args.root)
    if not root.is_dir():
        raise UsageError("no-root", root=root)
    for p in paths:
        if not os.path.lexists(p):
            raise UsageError("no-path", path=p)
        # Never through the path itself: it may be a symbolic link, which validation reports as a problem.
        where = unfollowed(p)
        if not (where == root.resolve() or root.resolve() in where.parents):
            raise UsageError("outside", path=p, root=root)
    if args.boundaries:
        try:
            load_boundaries(args.boundaries)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UsageError("no-boundaries", path=args.boundaries, reason=exc) from None
    return validate(root, paths, boundaries=args.boundaries, today=args.today,
                    workers=getattr(args, "workers", None))


def _print_problems(result, fmt: str, lang: str, stream) -> None:
    report(result.problems, result.summary(), fmt, lang, stream)


def cmd_validate(args) -> int:
    paths = list(args.paths)
    if args.changed:
        try:
            paths += changed_files(Path(args.root), args.changed)
        except GitError as e:
            raise UsageError("git", reason=e) from None
        if not paths:
            print(MESSAGES.text(args.lang, "nothing-changed"))
            return 0
    result = _run_validation(args, paths)
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    _print_problems(result, fmt, args.lang, sys.stdout)
    return 0 if result.ok else 1


def cmd_export(args) -> int:
    try:
        licence(args.licence)
    except LicenceError as e:
        print(f"catalogue: --licence: {e}", file=sys.stderr)
        return 2

    result = _run_validation(args)
    if not result.ok:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
        _print_problems(result, fmt, args.lang, sys.stderr)
        return 1
    counts = write_package(result, args.out)
    add_licence(args.out / "datapackage.json", licence(args.licence))
    total = ", ".join(f"{name}: {n}" for name, n in counts.items() if n)
    print(MESSAGES.text(args.lang, "exported", out=args.out, total=total))
    return 0


def cmd_synth(args) -> int:
    if args.services < 1:
        raise UsageError("synth-count")
    try:
        n_orgs, n_services = write_catalogue(args.out, args.services, seed=args.seed)
    except FileExistsError:
        raise UsageError("synth-not-empty", path=args.out) from None
    print(MESSAGES.text(args.lang, "synth-written", services=_count(n_services, "services", args.lang),
                        organisations=_count(n_orgs, "organisations", args.lang), out=args.out))
    return 0


def cmd_import(args) -> int:
    """Exit 0: every record written without a problem; 1: problems (listed with file and JSON pointer)."""

    if not args.path.exists():
        raise UsageError("no-path", path=args.path)
    if args.organisation and not _ID.fullmatch(args.organisation):
        raise UsageError("bad-id", id=args.organisation)
    imported = import_hsds(args.path, args.organisation)
    written, more = write_records(imported, args.out, replace=args.replace)
    problems = imported.problems + more
    for p in problems:
        print(p.text(args.lang), file=sys.stderr)
    print(MESSAGES.text(args.lang, "imported", files=_count(len(written), "files", args.lang), out=args.out,
                        problems=_count(len(problems), "problems", args.lang)))
    if written:
        print(MESSAGES.text(args.lang, "check-imported"))
    return 1 if any(p.error for p in problems) else 0


_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _count(n: int, word: str, lang: str) -> str:
    """"1 fil", "2 filer": a number with its word in the right form."""
    singular, plural = MESSAGES[lang]["counted"][word]
    return f"{n} {singular if n == 1 else plural}"



def cmd_new(args) -> int:
    expected = 1 if args.kind == "organisation" else 2
    if len(args.ids) != expected:
        raise UsageError("new-ids")
    pattern = load_schema().record_table(args.kind).field("id").pattern
    for record_id in args.ids:
        if not re.fullmatch(pattern, record_id):
            raise UsageError("bad-id", id=record_id)
    root = Path(args.root)
    org_id, record_id = args.ids[0], args.ids[-1]
    path = path_for(root, args.kind, org_id, record_id)
    if path.exists():
        raise UsageError("exists", path=path)
    if args.kind == "service" and not (root / org_id / "organisation.yaml").exists():
        raise UsageError("no-organisation", id=org_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template(args.kind, record_id, args.lang, args.today), encoding="utf-8")
    print(MESSAGES.text(args.lang, "new-written", path=path))
    return 0


def cmd_fmt(args) -> int:
    root = Path(args.root)
    if not root.is_dir():
        raise UsageError("no-root", root=root)
    files, listed = discover(root)
    wanted = [unfollowed(p) for p in args.paths]

    def chosen(path: Path) -> bool:
        where = unfollowed(path) if wanted else path
        return not wanted or any(where == w or w in where.parents for w in wanted)

    # Symbolic links are never read or written through (they could lead out of the repository).
    broken = [Path(p.path) for p in listed if p.code == "symlink" and chosen(Path(p.path))]
    changed = []
    for rf in files:
        if not chosen(rf.path):
            continue
        try:
            # The validator's reader: a file that is not UTF-8 is reported, never rewritten with U+FFFD in it.
            text = read_text(rf.path)
            formatted = format_text(text, rf.kind)
        except (FormatError, YamlProblem):
            broken.append(rf.path)
            continue
        if formatted != text:
            if args.check:
                changed.append((rf.path, changes(text, formatted)))
                continue
            try:
                rewrite_text(str(rf.path), formatted)
            except OSError:
                broken.append(rf.path)
                continue
            print(MESSAGES.text(args.lang, "formatted", path=display_path(str(rf.path))))
    _print_formatting(changed, args.lang)
    for path in broken:
        print(MESSAGES.text(args.lang, "cannot-format", path=display_path(str(path))), file=sys.stderr)
    return 1 if broken or changed else 0


FMT_LINES = 40  # lines told per file; `catalogue fmt` does the rest


def _print_formatting(changed: list, lang: str) -> None:
    """What to change in each file, line by line; in GitHub Actions also as notices on those lines."""
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    summary = []
    for path, diff in changed:
        shown = display_path(str(path))
        print(MESSAGES.text(lang, "needs-formatting", path=shown))
        lines = [(c.line, _change_text(c, lang)) for c in diff]
        for line, text in lines[:FMT_LINES]:
            print(f"    {text}")
            if github:
                print(annotation("notice", shown, line, 1, "catalogue fmt", text))
        if len(lines) > FMT_LINES:
            print(f"    {MESSAGES.text(lang, 'fmt-more', lines=_count(len(lines) - FMT_LINES, 'lines', lang))}")
        summary += [f"| {cell(shown)} | {line} | {cell(text)} |" for line, text in lines]
    if github and summary:
        add_step_summary("\n".join([f"### {MESSAGES[lang]['fmt-title']}", "", "| | | |", "|---|---|---|",
                                           *summary]) + "\n")


def _change_text(c, lang: str) -> str:
    old, new = visible(c.old.strip()), visible(c.new.strip())  # lines of the file: shown, never obeyed
    if c.kind == "delete":
        return MESSAGES.text(lang, "fmt-delete" if old else "fmt-delete-blank", line=c.line, old=old)
    if c.kind == "insert":
        return MESSAGES.text(lang, "fmt-insert", line=c.line, new=new)
    return MESSAGES.text(lang, "fmt-replace", line=c.line, old=old, new=new)


def cmd_codeowners(args) -> int:
    result = _run_validation(args, [p for p in Path(args.root).glob("*/organisation.yaml")])
    if not result.ok:
        _print_problems(result, "text", args.lang, sys.stderr)
        return 1
    text = codeowners.render(result.records("organisation"), args.root, codeowners.core_maintainers(Path.cwd()))
    current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
    if args.check:
        if current != text:
            print(MESSAGES.text(args.lang, "codeowners-stale", path=args.out), file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


def cmd_stale(args) -> int:
    result = _run_validation(args)
    today = args.today or dt.date.today()
    rows = stale.stale(result.records("service"), result.records("organisation"), today)
    write = {"markdown": stale.as_markdown, "html": stale.as_html}.get(args.format)
    sys.stdout.write(write(rows, args.lang, today) if write else stale.as_json(rows, today))
    return 0


if __name__ == "__main__":
    sys.exit(main())
