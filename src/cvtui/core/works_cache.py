"""The grouping of a profile set (works, their people, look-alikes), kept beside its cache.

Grouping is worked out from the loaded people and takes a second or two at 100,000 entries,
so a warm start reads it back instead: one small file beside the profile cache
(``profiles-<hash>.works``), tagged with the state of every profile file it was computed from
(path, size, mtime, ctime, inode) and checked with a digest. A missing, stale, corrupt or foreign file only
means "group again"; it is never an error.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import msgspec

from .codec import model_fingerprint
from .grouping import Grouping
from .tagged_file import read_tagged, state_tag, write_tagged

__all__ = ["GROUPING_VERSION", "grouping_path", "read_grouping", "set_tag", "write_grouping"]

GROUPING_VERSION = 2
"""Bump when the grouping rules or the stored layout change."""
_MAGIC = b"cvtui works\n"
_log = logging.getLogger(__name__)


def grouping_path(cache_path: Path) -> Path:
    return cache_path.with_suffix(".works")


def set_tag(files: Iterable[tuple[str, tuple[int, ...], bool]]) -> str:
    """A digest of the profile files a grouping comes from: (path, stamp, shown as parsed)
    for each, the stamp being what says a file is unchanged (size, mtime, ctime, inode)."""
    kind = f"{GROUPING_VERSION}|{model_fingerprint()}"
    return state_tag(kind, ((key, stamp, int(good)) for key, stamp, good in files))


def read_grouping(path: Path, tag: str) -> Grouping | None:
    """The grouping stored for the profile set whose :func:`set_tag` is ``tag``, if any."""
    payload = read_tagged(path, _MAGIC, tag)
    if payload is None:
        return None
    try:
        return msgspec.msgpack.decode(payload, type=Grouping)
    except (msgspec.DecodeError, ValueError) as exc:
        _log.info("grouping %s unreadable (%s); grouping again", path, exc)
        return None


def write_grouping(path: Path, tag: str, grouping: Grouping) -> None:
    """Store ``grouping`` for the set tagged ``tag`` (silently skipped if it cannot be)."""
    payload = msgspec.msgpack.encode(grouping)
    try:
        write_tagged(path, _MAGIC, tag, payload)
    except OSError as exc:
        _log.info("grouping %s not written (%s)", path, exc)
