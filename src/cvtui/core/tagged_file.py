"""A file derived from a profile set, kept beside its cache: a magic line, the tag of the
set's state it was made for with a digest of the payload, then the payload.

The grouping (``.works``) and the first screen (``.people``) are kept this way: a file of
another state of the set, a damaged or a foreign one reads as nothing, never as an error.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .atomic import atomic_write_bytes

__all__ = ["read_tagged", "stored_tag", "tagged_bytes", "write_tagged"]


def _header(magic: bytes, tag: str, payload: bytes) -> bytes:
    check = hashlib.blake2b(payload, digest_size=16).hexdigest()
    return magic + f"{tag}|{check}\n".encode()


def tagged_bytes(magic: bytes, tag: str, payload: bytes) -> bytes:
    """The whole file for ``payload`` made for the state tagged ``tag``."""
    return _header(magic, tag, payload) + payload


def write_tagged(path: Path, magic: bytes, tag: str, payload: bytes) -> None:
    """Write the file atomically (``OSError`` when it cannot be)."""
    atomic_write_bytes(path, tagged_bytes(magic, tag, payload))


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
