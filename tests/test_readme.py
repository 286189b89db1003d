"""The README stays true to the code: its example record validates, and its commands are the CLI's own."""

from __future__ import annotations

import argparse
import re
import shlex

from generator.cli import build_parser
from generator.config import OPTIONS

from conftest import BOUNDARIES, REPO


def test_the_readme_example_service_validates(catalogue):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", readme, re.S).group(1)
    catalogue.organisation("dgi-oestjylland")
    catalogue.service("familieklub-gellerup", example)
    args = ("--boundaries", str(BOUNDARIES)) if BOUNDARIES.exists() else ()
    run = catalogue.validate(*args)
    assert run.code == 0, run.out
    assert "0 fejl, 0 advarsler" in run.out


def readme_commands() -> list[list[str]]:
    """Every `catalogue ...` command the README's command sections show, as words (optional parts unbracketed)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sections = readme[readme.index("## `catalogue validate`"):readme.index("## The site")]
    found = re.findall(r"^(catalogue [^#\n]*)", sections, re.M)
    found += re.findall(r"`(catalogue [^`]*)`", sections)
    return [shlex.split(command.replace("[", " ").replace("]", " ").replace("|", " ")) for command in found]


def subcommands() -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions if a.help != argparse.SUPPRESS for o in a.option_strings if o.startswith("--")}


def test_every_command_and_option_the_readme_shows_is_one_the_cli_takes():
    commands, parsers = readme_commands(), subcommands()
    assert len(commands) >= 15
    for words in commands:
        assert words[1] in parsers, f"{' '.join(words)}: no such command"
        unknown = {w.split("=")[0] for w in words[2:] if w.startswith("--")} - options(parsers[words[1]])
        assert not unknown, f"{' '.join(words)}: the CLI has no {sorted(unknown)}"


# Options the README names once for every command that has them ("--root DIR ... --boundaries FILE ... --lang en").
COMMON = {"--root", "--boundaries", "--lang", "--help"}


def test_every_command_and_option_of_the_cli_is_in_the_readme():
    shown: dict[str, set[str]] = {}
    for words in readme_commands():
        shown.setdefault(words[1], set()).update(w.split("=")[0] for w in words[2:] if w.startswith("--"))
    for name, parser in subcommands().items():
        assert name in shown, f"`catalogue {name}` is not in the README"
        missing = options(parser) - shown[name] - COMMON
        assert not missing, f"`catalogue {name}`: options the README does not show: {sorted(missing)}"


def test_every_setting_of_the_plugin_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\nplugins:\n  - catalogue:\n(.*?)```", readme, re.S).group(1)
    missing = [o.name for o in OPTIONS if not re.search(rf"\b{o.name}\b", block)]
    assert not missing, f"settings mkdocs.yml may set that the README's plugin block does not show: {missing}"
