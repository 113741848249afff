"""A file derived from a profile set, kept beside its cache: a magic line, the tag of the
set's state it was made for with a digest of the payload, then the payload.

The grouping (``.works``) and the first screen (``.people``) are kept this way: a file of
another state of the set, a damaged or a foreign one reads as nothing, never as an error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from .atomic import atomic_write_bytes

__all__ = ["read_tagged", "state_tag", "stored_tag", "write_tagged"]


def state_tag(kind: str, files: Iterable[tuple[object, ...]]) -> str:
    """A digest of a profile set's state: ``kind`` (what is derived, its version), then a
    row per file (its path and stamp, and whatever else the derived file depends on)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(kind.encode())
    for row in files:
        line = "\0" + "\t".join(map(str, row))
        digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _header(magic: bytes, tag: str, payload: bytes) -> bytes:
    check = hashlib.blake2b(payload, digest_size=16).hexdigest()
    return magic + f"{tag}|{check}\n".encode()


def write_tagged(path: Path, magic: bytes, tag: str, payload: bytes) -> None:
    """Write the file for ``payload`` made for the state tagged ``tag``, atomically
    (``OSError`` when it cannot be)."""
    atomic_write_bytes(path, _header(magic, tag, payload) + payload)


def read_tagged(path: Path, magic: bytes, tag: str) -> bytes | None:
    """The payload, if the file was made for ``tag`` and is whole; else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    end = data.find(b"\n", len(magic))
    if not data.startswith(magic) or end < 0:
        return None
    payload = data[end + 1 :]
    if data[: end + 1] != _header(magic, tag, payload):
        return None  # another state of the set, or damaged
    return payload


def stored_tag(path: Path, magic: bytes) -> str | None:
    """The tag the file was made for (its payload not checked), read from its head."""
    try:
        with open(path, "rb") as handle:
            head = handle.readline(len(magic) + 1)
            line = handle.readline(200)
    except OSError:
        return None
    if head != magic:
        return None
    tag, _, _ = line.partition(b"|")
    return tag.decode("ascii", "replace")
