"""The cache file's format: one record per profile file, each with its checksum, and an index.

Layout: ``header line | record bytes ... | index (msgpack) | index length (8 bytes) | index
CRC-32 (4 bytes)``. The header carries :data:`FORMAT_VERSION`, the cvtui and msgspec versions
and a hash of the model's fields, so a model change invalidates the file by itself. The index
lists each profile file's path (as bytes: a name need not be UTF-8), its :data:`Stamp` (size,
``mtime_ns``, ``ctime_ns``, inode), where its record is and the record's CRC-32, so a reader
takes one record at a time, checked, and never holds the whole file in memory; a writer
streams records into a locked temporary file (:func:`~cvtui.core.atomic.locked_temp`) that is
renamed into place at the end. :mod:`cvtui.core.cache` decides what to read and write.
"""

from __future__ import annotations

import logging
import os
import time
import zlib
from pathlib import Path
from typing import IO

import msgspec

from .atomic import locked_temp
from .codec import Record, decode_record, model_fingerprint
from .memory import SharedValues
from .text import display_name

__all__ = [
    "FORMAT_VERSION",
    "KEEP_SECONDS",
    "CacheReader",
    "CacheWriter",
    "Entry",
    "Stamp",
    "checksum",
    "decode_entry",
    "header_line",
    "prune",
    "stamp_of",
]

_log = logging.getLogger("cvtui.core.cache")

FORMAT_VERSION = 3
"""Bump when the cache layout or the meaning of a stored record changes."""
KEEP_SECONDS = 30 * 24 * 3600
"""A profile set's cache not rewritten or opened for this long is removed."""

_MAGIC = b"cvtui profile cache\n"
_TRAILER = 12
"""The index's length (8 bytes) and its CRC-32 (4 bytes)."""

Stamp = tuple[int, int, int, int]
"""What says a file is unchanged: size, ``mtime_ns``, ``ctime_ns`` and inode."""
_NO_STAMP: Stamp = (-1, -1, -1, -1)


def stamp_of(st: os.stat_result | None) -> Stamp:
    if st is None:
        return _NO_STAMP
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def checksum(data: bytes) -> int:
    return zlib.crc32(data)


class Entry(msgspec.Struct, array_like=True, frozen=True):
    key: bytes
    """Absolute path of the file (symlinks kept, so the default id stays the link's name),
    as the file system's bytes."""
    name: bytes
    """The path as it was loaded."""
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    offset: int
    length: int
    checksum: int = -1
    """CRC-32 of the record's bytes (it catches every flipped bit and burst of up to 32)."""

    @classmethod
    def of(cls, key: str, name: str, stamp: Stamp) -> Entry:
        return cls(os.fsencode(key), os.fsencode(name), *stamp, 0, 0)

    @property
    def stamp(self) -> Stamp:
        return (self.size, self.mtime_ns, self.ctime_ns, self.inode)


class Index(msgspec.Struct, array_like=True):
    entries: list[Entry]


def header_line() -> bytes:
    from .. import __version__

    tag = f"{FORMAT_VERSION}|{__version__}|{msgspec.__version__}|{model_fingerprint()}"
    return _MAGIC + tag.encode() + b"\n"


def prune(directory: Path) -> None:
    """Remove caches of profile sets not opened for :data:`KEEP_SECONDS`, and stale temp files."""
    cutoff = time.time() - KEEP_SECONDS
    try:
        candidates = [*directory.glob("profiles-*.bin"), *directory.glob(".profiles-*.tmp")]
        for path in candidates:
            if path.stat().st_mtime < cutoff:
                path.unlink()
    except OSError:
        pass


class CacheReader:
    """An open cache file whose header and index were valid."""

    def __init__(self, handle: IO[bytes], entries: dict[bytes, Entry], end: int) -> None:
        self.handle = handle
        self.entries = entries
        self._end = end

    @classmethod
    def open(cls, path: Path) -> CacheReader | None:
        try:
            handle = open(path, "rb")  # noqa: SIM115 - kept open while records are read
        except FileNotFoundError:
            return None
        except OSError as exc:
            _log.info("cache %s unreadable (%s); ignored", path, exc)
            return None
        try:
            reader = cls._read_index(handle)
        except (OSError, ValueError, msgspec.DecodeError) as exc:
            _log.info("cache %s unusable (%s); rebuilt", path, exc)
            reader = None
        if reader is not None:
            try:
                os.utime(path)  # in use: keep it from being pruned
            except OSError:
                pass
        if reader is None:
            handle.close()
        return reader

    @classmethod
    def _read_index(cls, handle: IO[bytes]) -> CacheReader | None:
        st = os.fstat(handle.fileno())
        if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            raise ValueError("owned by another user")
        header = header_line()
        if handle.read(len(header)) != header:
            raise ValueError("another version, or not a cvtui cache")
        if st.st_size < len(header) + _TRAILER:
            raise ValueError("truncated")
        handle.seek(st.st_size - _TRAILER)
        trailer = handle.read(_TRAILER)
        length = int.from_bytes(trailer[:8], "little")
        start = st.st_size - _TRAILER - length
        if not len(header) <= start <= st.st_size:
            raise ValueError("truncated")
        handle.seek(start)
        data = handle.read(length)
        if checksum(data) != int.from_bytes(trailer[8:], "little"):
            raise ValueError("the index does not match its checksum")
        index = msgspec.msgpack.decode(data, type=Index)
        for entry in index.entries:
            if entry.offset < len(header) or entry.offset + entry.length > start:
                raise ValueError("index points outside the file")
        return cls(handle, {entry.key: entry for entry in index.entries}, start)

    def read(self, entry: Entry) -> bytes | None:
        try:
            self.handle.seek(entry.offset)
            data = self.handle.read(entry.length)
        except OSError:
            return None
        return data if len(data) == entry.length else None

    def close(self) -> None:
        self.handle.close()


class CacheWriter:
    """Streams records into a temporary file beside the cache; renamed into place at the end.

    Any OS error (read-only directory, full disk) disables it silently.
    """

    def __init__(self, path: Path, tmp: str, handle: IO[bytes], offset: int) -> None:
        self.path = path
        self._tmp = tmp
        self._handle: IO[bytes] | None = handle
        self._offset = offset
        self._entries: list[Entry] = []

    @classmethod
    def create(cls, path: Path) -> CacheWriter | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = locked_temp(path.parent, path.name)  # locked: in use, not to be removed
        except OSError as exc:
            _log.info("cache %s not written (%s)", path, exc)
            return None
        handle = os.fdopen(fd, "wb")
        writer = cls(path, tmp, handle, 0)
        writer._write(header_line())
        return writer

    def _write(self, data: bytes) -> None:
        if self._handle is None:
            return
        try:
            self._handle.write(data)
            self._offset += len(data)
        except OSError as exc:
            _log.info("cache %s not written (%s)", self.path, exc)
            self.abort()

    def add(self, entry: Entry, data: bytes) -> None:
        if self._handle is None:
            return
        self._entries.append(
            msgspec.structs.replace(
                entry, offset=self._offset, length=len(data), checksum=checksum(data)
            )
        )
        self._write(data)

    def commit(self) -> None:
        if self._handle is None:
            return
        index = msgspec.msgpack.encode(Index(self._entries))
        self._write(index)
        self._write(len(index).to_bytes(8, "little") + checksum(index).to_bytes(4, "little"))
        if self._handle is None:
            return
        try:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            os.replace(self._tmp, self.path)  # before closing: the lock keeps it ours till then
            self._handle.close()
            self._handle = None
        except OSError as exc:
            _log.info("cache %s not written (%s)", self.path, exc)
            self.abort()
            return
        prune(self.path.parent)

    def abort(self) -> None:
        if self._handle is not None:
            try:
                self._handle.close()
            except OSError:
                pass
            self._handle = None
        try:
            os.unlink(self._tmp)
        except OSError:
            pass


def decode_entry(data: bytes, entry: Entry, name: str, shared: SharedValues) -> Record | None:
    """The record in ``data`` (checked against its entry), or None: then the file is parsed."""
    shown = display_name(name)
    if checksum(data) != entry.checksum:
        _log.info("cache entry for %s does not match its checksum; parsing", shown)
        return None
    try:
        record = decode_record(data, shared)
    except (msgspec.DecodeError, ValueError) as exc:
        _log.info("cache entry for %s unreadable (%s); parsing", shown, exc)
        return None
    stored_name = display_name(os.fsdecode(entry.name))
    name = shown
    if stored_name != name:  # the same file reached through another spelling of its path
        problems = tuple(
            msgspec.structs.replace(p, path=name) if p.path == stored_name else p
            for p in record.problems
        )
        record = Record(record.person, problems)
    return record
