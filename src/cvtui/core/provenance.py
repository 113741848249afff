"""Where a library came from: its roots and the state of every file it was loaded from.

What is derived from a library and kept on disk (the search index) is current when the
files have not changed since: the same files, each with the stamp it had when read (size,
``mtime_ns``, ``ctime_ns`` and inode, as the cache checks them: a file edited to the same
size with its mtime put back has a new ctime). A file modified less than :data:`RACY_NS` before it was read has no stamp:
a second edit in the same timestamp tick could keep both its size and its mtime, so it is
never taken as unchanged.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .cache_file import Stamp, stamp_of
from .discovery import discover_names

__all__ = ["RACY_NS", "Origin", "Stamp", "current_stamps", "unique_files"]

RACY_NS = 2_000_000_000
"""A file modified less than this (ns) before it was read is re-checked, not trusted."""


@dataclass(frozen=True, slots=True)
class Origin:
    """The roots a library was loaded from; per file (by absolute path) its stamp, or None
    when it could not be trusted as unchanged; and each ``Library.sources`` name's path."""

    roots: tuple[str, ...]
    stamps: Mapping[str, Stamp | None]
    keys: Mapping[str, str]


def unique_files(
    files: Sequence[str | os.PathLike[str]],
    absolute: dict[str, str] | None = None,
) -> list[tuple[str, str, os.stat_result | None]]:
    """``(absolute path, name, stat)`` per file, one per path; stat is None when it cannot
    be read (the loader then reports why). ``absolute`` remembers each name's absolute path
    between calls (a reloading app checks the same 10,000 names every few seconds)."""
    out: list[tuple[str, str, os.stat_result | None]] = []
    seen: set[str] = set()
    abspath = os.path.abspath
    known = absolute if absolute is not None else {}
    for path in files:
        name = os.fspath(path)
        key = known.get(name)
        if key is None:
            key = known[name] = abspath(name)
        if key in seen:
            continue
        seen.add(key)
        try:
            st: os.stat_result | None = os.stat(name)
        except OSError:
            st = None
        out.append((key, name, st))
    return out


def current_stamps(roots: Iterable[str | os.PathLike[str]]) -> dict[str, Stamp | None]:
    """The files under ``roots`` now (by absolute path), as a loader would find them, with
    their stamps."""
    files, _ = discover_names(roots)
    now = time.time_ns()
    out: dict[str, Stamp | None] = {}
    for key, _, st in unique_files(files):
        settled = st is not None and st.st_mtime_ns < now - RACY_NS
        out[key] = stamp_of(st) if st is not None and settled else None
    return out
