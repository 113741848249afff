"""The people of a profile set without their papers, kept beside its cache for a first screen.

A warm start of a large set shows its People list before the papers are decoded. Reading
each file's record from the cache for that still means 10,000 reads and decodes; this file
(``profiles-<hash>.people``) holds the same people in one piece, with their sources and
problems and the tag of the grouping beside them, and is read back in a few hundredths of a
second. It is tagged with every file's stamp (path, size, mtime, ctime, inode) and checked
with a digest: it is used only for exactly the files it was written from, as a fresh process
would load them. Missing, stale, corrupt or foreign only means "no early screen".
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import msgspec

from . import tagged_file as tagged
from .codec import decode_value, encode_value, model_fingerprint
from .model import Person
from .problems import Problem

__all__ = [
    "FirstScreen",
    "first_screen_path",
    "read_first_screen",
    "stamps_tag",
    "write_first_screen",
]

_VERSION = 2
_MAGIC = b"cvtui people\n"
_log = logging.getLogger(__name__)


class FirstScreen(msgspec.Struct, array_like=True, frozen=True):
    """What a partial library is built from: people with ``papers`` empty, by source."""

    people: tuple[Person, ...]
    sources: tuple[bytes, ...]
    """Each person's file name as the file system spells it (``os.fsencode``: a name that is
    not UTF-8 is kept exactly)."""
    problems: tuple[Problem, ...]
    grouping_tag: str
    """The :func:`~cvtui.core.works_cache.set_tag` the stored grouping of this state has."""


def first_screen_path(cache_path: Path) -> Path:
    return cache_path.with_suffix(".people")


def stamps_tag(files: Iterable[tuple[str, tuple[int, ...]]]) -> str:
    """A digest of (absolute path, stamp) per file, in load order."""
    return tagged.state_tag(f"{_VERSION}|{model_fingerprint()}", files)


def stored_tag(path: Path) -> str | None:
    """The stamps tag a stored first screen was written for (its payload not checked)."""
    return tagged.stored_tag(path, _MAGIC)


def read_first_screen(path: Path, tag: str) -> FirstScreen | None:
    """The first screen stored for the files whose :func:`stamps_tag` is ``tag``, if any."""
    payload = tagged.read_tagged(path, _MAGIC, tag)
    if payload is None:
        return None
    try:
        screen = decode_value(payload, FirstScreen)
    except (msgspec.DecodeError, ValueError) as exc:
        _log.info("first screen %s unreadable (%s); loading whole", path, exc)
        return None
    if len(screen.people) != len(screen.sources) or any(p.papers for p in screen.people):
        return None
    return screen


def write_first_screen(
    path: Path,
    tag: str,
    people: Sequence[Person],
    sources: Sequence[str],
    problems: Sequence[Problem],
    grouping_tag: str,
) -> None:
    """Store the people of the set tagged ``tag`` without their papers (silently skipped
    if it cannot be)."""
    heads = tuple(msgspec.structs.replace(p, papers=()) if p.papers else p for p in people)
    names = tuple(map(os.fsencode, sources))
    screen = FirstScreen(heads, names, tuple(problems), grouping_tag)
    payload = encode_value(screen)
    try:
        tagged.write_tagged(path, _MAGIC, tag, payload)
    except OSError as exc:
        _log.info("first screen %s not written (%s)", path, exc)
