"""What the contributor docs are built from, as one comparable value.

After an edit under catalogue/ alone, the docs MkDocs wrote last time are still right: if this value is the
same as at the last complete MkDocs build, a rebuild can leave MkDocs out and render only the records' pages.
"""

from __future__ import annotations

import datetime as dt
import os
import sysconfig
from collections.abc import Iterable
from pathlib import Path

# An installed theme (Material in site-packages) does not change while serving, and statting its thousands of files
# would slow every rebuild; a theme folder of the project's own (custom_dir) is looked at.
_INSTALLED = tuple(str(Path(p).resolve()) for p in {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")})


def docs_inputs(config, schema_root: Path) -> tuple:
    """(day, every input file's path, mtime and size) of the docs build: mkdocs.yml, docs/, the theme's
    own folders, `watch:` paths and the schema (the generated schema reference). The day is in it because
    the opening-hours cheat-sheet shows the coming week."""
    roots = [config.docs_dir, str(schema_root), *config.watch, *config.theme.dirs]
    if config.config_file_path:
        roots.append(config.config_file_path)
    return dt.date.today(), tuple(_stats(r for r in roots if not _installed(r)))


def _installed(path: str) -> bool:
    return str(Path(path).resolve()).startswith(_INSTALLED)


def _stats(roots: Iterable[str]) -> Iterable[tuple[str, int, int]]:
    for root in roots:
        if os.path.isfile(root):
            yield _stat(root)
            continue
        for folder, dirs, names in os.walk(root):
            dirs.sort()
            for name in sorted(names):
                yield _stat(os.path.join(folder, name))


def _stat(path: str) -> tuple[str, int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return path, 0, -1
    return path, st.st_mtime_ns, st.st_size
