"""A build made in a fresh folder beside the site and put in the site's place only once it is complete.

The site folder therefore holds the previous complete build until the new one is whole: a build that is killed
(the OOM killer, `timeout`, a cancelled job) leaves its half-written folder aside, where nothing publishes it,
and the next build deletes that folder first. A half-written site could hold pages of offers deleted since, or
lack some of the catalogue's.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import shutil
import sys
from pathlib import Path

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def staging_folder(site: Path) -> Path:
    """Where this process builds the site before swapping it in: a hidden folder beside it, on the same disk."""
    return site.parent / f".{site.name}.building-{os.getpid()}"


def clear_leftovers(site: Path) -> None:
    """Delete the folders of builds that stopped before they were swapped in (their process is gone)."""
    for folder in site.parent.glob(f".{site.name}.building-*"):
        pid = folder.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or int(pid) == os.getpid() or not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def start(site: Path) -> Path:
    """A fresh, empty staging folder for a build of `site`, after clearing what killed builds left."""
    clear_leftovers(site)
    folder = staging_folder(site)
    folder.mkdir(parents=True)
    return folder


def swap_in(built: Path, site: Path) -> None:
    """Put the completed build `built` in the place of `site` in one step, then delete the previous site.

    On Linux the two folders trade places atomically (renameat2 with RENAME_EXCHANGE): at no moment is there
    no site, or half of one. Elsewhere, or where the file system cannot exchange, two renames do it; a site
    folder that is a mount point keeps its place and has its contents replaced.
    """
    if not site.exists():
        built.rename(site)
        return
    try:
        _exchange(built, site)
    except OSError as e:
        if e.errno == errno.EBUSY:  # the site folder is a mount point: it stays, its contents are replaced
            _replace_contents(built, site)
            return
        if e.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise
        previous = built.with_name(built.name + "-previous")
        site.rename(previous)
        built.rename(site)
        built = previous
    shutil.rmtree(built)  # now the previous site


def _replace_contents(built: Path, site: Path) -> None:
    for entry in site.iterdir():
        shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for entry in built.iterdir():
        entry.rename(site / entry.name)
    built.rmdir()


def discard(built: Path) -> None:
    """Delete an unfinished build's folder: the site stays as the last complete build left it."""
    shutil.rmtree(built, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@functools.cache
def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)  # libc, loaded with Python: no ldconfig run
    return getattr(libc, "renameat2", None)  # glibc 2.28 and later


def _exchange(a: Path, b: Path) -> None:
    renameat2 = _renameat2()
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))
