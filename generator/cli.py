"""The `catalogue` command: validate, export and synth.

Exit codes: 0 valid, 1 invalid, 2 usage error. No input file, however broken, gives a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from . import problems as report

USAGE_ERRORS = {
    "no-root": {"da": "Kataloget {root} findes ikke. Kør kommandoen fra projektets rod, eller brug --root.",
                "en": "The catalogue {root} does not exist. Run the command from the project root, or use --root."},
    "no-path": {"da": "Stien {path} findes ikke.", "en": "The path {path} does not exist."},
    "outside": {"da": "Stien {path} ligger ikke i kataloget {root}.",
                "en": "The path {path} is not inside the catalogue {root}."},
    "no-boundaries": {"da": "Grænsefilen {path} kan ikke bruges: {reason}",
                      "en": "The boundaries file {path} cannot be used: {reason}"},
}


class UsageError(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params

    def text(self, lang: str) -> str:
        return USAGE_ERRORS[self.code][lang].format(**self.params)


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
    _common(v)

    e = sub.add_parser("export", help="write the catalogue as a Frictionless data package of CSV files")
    e.add_argument("--out", required=True, type=Path, help="folder to write")
    _common(e)

    s = sub.add_parser("synth", help="write a valid synthetic catalogue for benchmarks and scale tests")
    s.add_argument("--services", type=int, required=True, help="number of services")
    s.add_argument("--out", required=True, type=Path, help="folder to write the catalogue into")
    s.add_argument("--seed", type=int, default=1, help="random seed (same seed, same catalogue)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang = getattr(args, "lang", "da")
    try:
        return {"validate": cmd_validate, "export": cmd_export, "synth": cmd_synth}[args.command](args)
    except UsageError as e:
        print(f"catalogue: {e.text(lang)}", file=sys.stderr)
        return 2


def _run_validation(args, paths=()):
    from .validate import validate

    root = Path(args.root)
    if not root.is_dir():
        raise UsageError("no-root", root=root)
    for p in paths:
        if not p.exists():
            raise UsageError("no-path", path=p)
        if not (p.resolve() == root.resolve() or root.resolve() in p.resolve().parents):
            raise UsageError("outside", path=p, root=root)
    if args.boundaries:
        from .geo import load_boundaries

        try:
            load_boundaries(args.boundaries)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UsageError("no-boundaries", path=args.boundaries, reason=exc) from None
    return validate(root, paths, boundaries=args.boundaries, today=args.today,
                    workers=getattr(args, "workers", None))


def _print_problems(result, fmt: str, lang: str, stream) -> None:
    summary = result.summary()
    render = {"text": report.as_text, "json": report.as_json, "github": report.as_github}[fmt]
    stream.write(render(result.problems, summary, lang))
    if fmt == "github":
        report.write_step_summary(result.problems, summary, lang)


def cmd_validate(args) -> int:
    result = _run_validation(args, args.paths)
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    _print_problems(result, fmt, args.lang, sys.stdout)
    return 0 if result.ok else 1


def cmd_export(args) -> int:
    from .export.datapackage import write_package

    result = _run_validation(args)
    if not result.ok:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
        _print_problems(result, fmt, args.lang, sys.stderr)
        return 1
    counts = write_package(result, args.out)
    total = ", ".join(f"{name}: {n}" for name, n in counts.items() if n)
    print({"da": f"Skrev datapakken til {args.out} ({total}).",
           "en": f"Wrote the data package to {args.out} ({total})."}[args.lang])
    return 0


def cmd_synth(args) -> int:
    from .synth import write_catalogue

    n_orgs, n_services = write_catalogue(args.out, args.services, seed=args.seed)
    print(f"Wrote {n_services} services from {n_orgs} organisations to {args.out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
