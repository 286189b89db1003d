"""What Git says about the catalogue: which record files a branch changed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitError(Exception):
    pass


def _git(*args: str, cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as e:
        raise GitError(str(e)) from None
    if done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout


def changed_files(root: Path, base_ref: str) -> list[Path]:
    """Files under `root` added or modified since the merge base with `base_ref`, committed or not.

    Deleted files are left out: there is nothing left to validate in them, and what referred to them is
    caught by validating the whole catalogue.
    """
    root = root.resolve()
    top = Path(_git("rev-parse", "--show-toplevel", cwd=root).strip())
    base = _git("merge-base", base_ref, "HEAD", cwd=top).strip()
    names = _git("diff", "--name-only", "--diff-filter=ACMRT", "-z", base, "--", str(root), cwd=top).split("\0")
    names += _git("ls-files", "--others", "--exclude-standard", "-z", "--", str(root), cwd=top).split("\0")
    # A symbolic link counts as a changed file without being followed: validation reports it where it lies.
    return sorted({top / n for n in names if n and (os.path.islink(top / n) or (top / n).is_file())})
