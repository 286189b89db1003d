"""Pagefind's metadata file read back: which index chunk holds which words, and which file holds each filter.

A bundle's `pagefind.<version>.pf_meta` is gzip around the signature "pagefind_dcd" and a CBOR array (Pagefind's
`MetaIndex`, each struct an array in field order): [version, pages, index chunks [[from, to, hash], ...],
filters [[name, hash], ...], sorts]. The search page names these files so that it can ask for them before
Pagefind has read the metadata; a Pagefind that writes another shape stops the build here.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


class MetaFormatError(ValueError):
    """The file is not Pagefind's metadata as this module knows it."""


@dataclass(frozen=True)
class Meta:
    version: str  # the Pagefind that wrote it
    chunks: list[tuple[str, str, str]]  # (first word, last word, file hash) of each index chunk, in word order
    filters: dict[str, str]  # filter name -> file hash


def read_meta(path: Path) -> Meta:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise MetaFormatError(f"{path}: no {SIGNATURE.decode()} signature")
    try:
        value, _ = _decode(raw, len(SIGNATURE))
        version, _pages, chunks, filters = value[:4]
        return Meta(version, [(a, b, h) for a, b, h in chunks], {name: h for name, h in filters})
    except (ValueError, TypeError, IndexError) as error:
        raise MetaFormatError(f"{path}: not the metadata shape this build reads ({error})") from error


def _decode(data: bytes, pos: int):
    """One CBOR item at `pos` (the definite-length kinds Pagefind writes): (value, position after it)."""
    head = data[pos]
    major, info = head >> 5, head & 31
    pos += 1
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n = int.from_bytes(data[pos : pos + size], "big")
        pos += size
    else:
        raise ValueError(f"CBOR item of indefinite length at byte {pos - 1}")
    if major == 0:
        return n, pos
    if major == 1:
        return -1 - n, pos
    if major in (2, 3):
        chunk = data[pos : pos + n]
        return (chunk.decode("utf-8") if major == 3 else chunk), pos + n
    if major in (4, 5):
        items = []
        for _ in range(n * (2 if major == 5 else 1)):
            item, pos = _decode(data, pos)
            items.append(item)
        return (dict(zip(items[::2], items[1::2], strict=True)) if major == 5 else items), pos
    raise ValueError(f"CBOR major type {major} at byte {pos - 1}")
