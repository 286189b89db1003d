"""Writing the build's files: bytes to disk, and the compact JSON the build writes.

A national build writes hundreds of thousands of files, so the cost per file counts: plain os calls, not pathlib.
JSON is the same text as `json.dumps(data, ensure_ascii=False, separators=(",", ":"))` for what the build writes
(strings, numbers, lists, dicts with string keys), made by orjson, which is many times faster. Where they differ,
orjson is the stricter: NaN becomes null instead of invalid JSON, a non-string key is an error.
"""

from __future__ import annotations

import os

import orjson

loads = orjson.loads


def dumps_bytes(data: object) -> bytes:
    """The JSON text as UTF-8, ready to write to a file or a pipe."""
    return orjson.dumps(data)


def dumps(data: object) -> str:
    return orjson.dumps(data).decode("utf-8")


def write_file(path: str, data: bytes) -> None:
    """Write `data` to `path`, making its folder when missing."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except FileNotFoundError:
        folder = os.path.dirname(path)
        try:
            os.mkdir(folder)  # nearly always the case: one new folder per page, in one that exists
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        except FileExistsError:
            pass  # made meanwhile by another worker
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def rewrite_text(path: str, text: str) -> None:
    """Replace the text of the existing file at `path`, never through a symbolic link (which could lead out of the
    repository): such a path raises OSError instead."""
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_NOFOLLOW)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
