"""Load profile sets fast: a binary cache for warm starts, and reloads of changed files only.

Usage::

    library = load_cached(paths, progress=None)         # what the CLI and the app call

    loader = LibraryLoader(paths, use_cache=True, progress=None)
    library = loader.load()             # unchanged files from the cache, the rest parsed
    library, changed = loader.refresh() # later: re-parses only what changed on disk

``progress(done, total)`` counts files and is called in the thread that loads.

**The cache.** One file per profile set (``cache_dir()/profiles-<hash of the roots>.bin``).
It holds, per profile file, its absolute path, size, ``mtime_ns`` and the loaded record —
the person *and* its problems (:mod:`cvtui.core.codec`), so a cached load reports exactly
the problems a fresh one does. A header carries :data:`FORMAT_VERSION`, the cvtui and
msgspec versions and a hash of the model's fields, so a model change invalidates it by
itself. It is written to a temporary file and renamed into place. A missing, stale, corrupt,
truncated or foreign cache, one owned by another user, or a read-only cache directory only
means "parse instead": never an error, never a problem in the list (details go to the
``cvtui.core.cache`` logger at INFO level). A file modified within :data:`RACY_NS` of being
read is not stored: a second edit in the same timestamp tick could keep both its size and
its mtime.

Every load decodes its records with one :class:`~cvtui.core.memory.SharedValues` table, so
values repeated across files (author names, venues, years...) are one object in the Library.

Layout: ``header line | record bytes ... | index (msgpack) | index length (8 bytes)``. The
index lists each file's key, size, mtime and where its record is, so a warm load reads and
decodes one record at a time and never holds the whole file in memory.

**Refresh.** :meth:`LibraryLoader.refresh` discovers the files again, re-parses those whose
size or mtime changed (and any read too soon after an edit to be sure), drops deleted ones
and adds new ones. It returns the new Library and the paths whose outcome changed (the same
Library object and ``[]`` when nothing did). A file that becomes unreadable, or gains errors
while being edited, keeps showing its last good person while its new problems are reported;
once fixed, the new person replaces it. Refresh does not rewrite the cache: the next
:meth:`~LibraryLoader.load` re-parses the few changed files and writes it then.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO

import msgspec

from .codec import Record, decode_record, encode_record, model_fingerprint
from .loading import assemble, discover
from .memory import SharedValues
from .model import Library, Person
from .parallel import iter_parsed
from .problems import Problem
from .provenance import RACY_NS, Origin, unique_files
from .text import sanitize

__all__ = ["FORMAT_VERSION", "RACY_NS", "LibraryLoader", "cache_file_for", "load_cached"]

FORMAT_VERSION = 2
"""Bump when the cache layout or the meaning of a stored record changes."""
KEEP_SECONDS = 30 * 24 * 3600
"""A profile set's cache not rewritten or opened for this long is removed."""
PROGRESS_INTERVAL = 0.04
"""Seconds between progress reports: the app redraws its bar for each one."""
_MAGIC = b"cvtui profile cache\n"
_TRAILER = 8

Progress = Callable[[int, int], None]
_log = logging.getLogger(__name__)


class _Entry(msgspec.Struct, array_like=True, frozen=True):
    key: str
    """Absolute path of the file (symlinks kept, so the default id stays the link's name)."""
    name: str
    """The path as it was loaded; problems carry it."""
    size: int
    mtime_ns: int
    offset: int
    length: int


class _Index(msgspec.Struct, array_like=True):
    entries: list[_Entry]


def _header() -> bytes:
    from .. import __version__

    tag = f"{FORMAT_VERSION}|{__version__}|{msgspec.__version__}|{model_fingerprint()}"
    return _MAGIC + tag.encode() + b"\n"


def cache_file_for(paths: Iterable[str | os.PathLike[str]]) -> Path:
    """The cache file of the profile set rooted at ``paths``."""
    from ..config import cache_dir

    roots = "\0".join(os.path.realpath(p) for p in paths)
    digest = hashlib.sha256(roots.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return cache_dir() / f"profiles-{digest}.bin"


def load_cached(
    paths: Sequence[str | os.PathLike[str]],
    progress: Progress | None = None,
    use_cache: bool = True,
) -> Library:
    """Load the profiles under ``paths``, from the cache where files are unchanged."""
    return LibraryLoader(paths, use_cache=use_cache, progress=progress).load()


class _FileState(msgspec.Struct):
    name: str
    size: int
    mtime_ns: int
    settled: bool
    """Whether size and mtime are enough to know the file is unchanged (not a racy read)."""
    record: Record
    """What a fresh parse gives now (what the cache stores)."""
    shown: Person | None
    """What the library shows: the record's person, or the last good one while it is broken."""
    good: bool
    """Whether ``shown`` came from a record without errors."""


_Work = tuple[str, str, "os.stat_result | None"]


class LibraryLoader:
    """Loads a profile set and keeps per-file state, so later loads re-parse only changes.

    Not thread-safe: call :meth:`load` and :meth:`refresh` from one thread at a time.
    """

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]],
        *,
        use_cache: bool = True,
        progress: Progress | None = None,
        cache_path: str | os.PathLike[str] | None = None,
    ) -> None:
        self.paths = list(paths)
        self.use_cache = use_cache
        self.progress = progress
        self._cache_path = Path(cache_path) if cache_path is not None else None
        self._files: dict[str, _FileState] = {}
        self._order: list[str] = []
        self._discovery_problems: list[Problem] = []
        self.library: Library | None = None
        self.cache_hits = 0
        """Files the last load took from the cache (or refresh found unchanged)."""
        self.parsed = 0
        """Files the last load or refresh parsed."""
        self._reported = 0.0

    @property
    def cache_path(self) -> Path:
        if self._cache_path is None:
            self._cache_path = cache_file_for(self.paths)
        return self._cache_path

    # -- public -------------------------------------------------------------------------
    def load(self) -> Library:
        """Load every file: from the cache where it is unchanged, else by parsing."""
        self._files = {}
        files, self._discovery_problems = discover(self.paths)
        now = time.time_ns()
        work = _unique(files)
        self._order = [key for key, _, _ in work]
        total = len(work)
        self._report(0, total)
        reader = _CacheReader.open(self.cache_path) if self.use_cache else None
        hits: list[tuple[_Work, _Entry]] = []
        to_parse: list[_Work] = []
        for item in work:
            key, _, st = item
            entry = reader.entries.get(key) if reader is not None else None
            if (
                entry is not None
                and st is not None
                and entry.size == st.st_size
                and entry.mtime_ns == st.st_mtime_ns
            ):
                hits.append((item, entry))
            else:
                to_parse.append(item)
        unused = len(reader.entries) - len(hits) if reader is not None else 0
        writer = None
        if self.use_cache and (to_parse or unused or reader is None):
            writer = _CacheWriter.create(self.cache_path)
        done = 0
        unreadable = False
        shared = SharedValues()  # one table for the whole load: equal values, one object
        try:
            for item, entry in hits:
                data = reader.read(entry) if reader is not None else None
                record = _decode(data, entry.name, item[1], shared) if data is not None else None
                if data is None or record is None:  # unreadable entry: parse the file instead
                    to_parse.append(item)
                    unreadable = True
                    continue
                key, name, st = item
                assert st is not None
                self._files[key] = _FileState(
                    name, st.st_size, st.st_mtime_ns, True, record, record.person,
                    not _has_errors(record),
                )  # fmt: skip
                if writer is not None:
                    writer.add(_Entry(key, name, st.st_size, st.st_mtime_ns, 0, 0), data)
                done += 1
                self._report(done, total)
            self.cache_hits = done
            self._parse(to_parse, now, done, total, writer, shared)
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        finally:
            if reader is not None:
                reader.close()
        if writer is not None:
            writer.commit()
        elif unreadable and self.use_cache:
            self._save()
        self._report(total, total)
        return self._build()

    def refresh(self) -> tuple[Library, list[str]]:
        """Re-read what changed on disk; the new Library and the paths whose outcome changed."""
        if self.library is None:
            return self.load(), []
        files, discovery_problems = discover(self.paths)
        now = time.time_ns()
        work = _unique(files)
        current = {key for key, _, _ in work}
        changed = [state.name for key, state in self._files.items() if key not in current]
        for key in [key for key in self._files if key not in current]:
            del self._files[key]
        to_parse: list[_Work] = []
        for item in work:
            key, _, st = item
            state = self._files.get(key)
            if (
                state is None
                or st is None
                or not state.settled
                or state.size != st.st_size
                or state.mtime_ns != st.st_mtime_ns
            ):
                to_parse.append(item)
        previous = {key: self._files.get(key) for key, _, _ in to_parse}
        self.cache_hits = len(work) - len(to_parse)
        self._parse(to_parse, now, 0, len(to_parse), None, SharedValues())
        for key, name, _ in to_parse:
            old, new = previous[key], self._files[key]
            if old is None:
                changed.append(name)
                continue
            if _has_errors(new.record) and (new.record.person is None or old.good):
                # Broken while being edited: keep showing the last good person.
                new.shown, new.good = old.shown, old.good
            if new.record != old.record or new.shown is not old.shown:
                changed.append(name)
        self._order = [key for key, _, _ in work]
        if not changed and discovery_problems == self._discovery_problems:
            return self.library, []
        self._discovery_problems = discovery_problems
        return self._build(), changed

    # -- internals ----------------------------------------------------------------------
    def _parse(
        self,
        items: list[_Work],
        now: int,
        done: int,
        total: int,
        writer: _CacheWriter | None,
        shared: SharedValues,
    ) -> None:
        """Parse ``items`` into the per-file state (and the cache, when writing one)."""
        self.parsed = len(items)
        if not items:
            return
        names = [name for _, name, _ in items]
        sizes = [st.st_size if st is not None else 0 for _, _, st in items]
        for i, data in iter_parsed(names, sizes):
            key, name, st = items[i]
            record = decode_record(data, shared)
            size, mtime = (st.st_size, st.st_mtime_ns) if st is not None else (-1, -1)
            settled = st is not None and mtime < now - RACY_NS
            self._files[key] = _FileState(
                name, size, mtime, settled, record, record.person, not _has_errors(record)
            )
            if writer is not None and settled:
                writer.add(_Entry(key, name, size, mtime, 0, 0), data)
            done += 1
            self._report(min(done, total), total)

    def _save(self) -> None:
        """Write the cache from the per-file state (records are encoded again)."""
        writer = _CacheWriter.create(self.cache_path)
        if writer is None:
            return
        for key in self._order:
            state = self._files[key]
            if state.settled:
                data = encode_record(state.record.person, state.record.problems)
                writer.add(_Entry(key, state.name, state.size, state.mtime_ns, 0, 0), data)
        writer.commit()

    def _build(self) -> Library:
        people: list[Person] = []
        sources: list[str] = []
        problems = list(self._discovery_problems)
        for key in self._order:
            state = self._files[key]
            problems.extend(state.record.problems)
            if state.shown is not None:
                people.append(state.shown)
                sources.append(state.name)
        self.library = assemble(people, sources, problems)
        if self.use_cache:
            self.library.origin = self._origin()
        return self.library

    def _origin(self) -> Origin:
        """Each file's state as loaded, for what is kept beside the cache (the search
        index): a file read too soon after an edit, or shown as its last good version
        while broken, is not taken as unchanged."""
        stamps: dict[str, tuple[int, int] | None] = {}
        keys: dict[str, str] = {}
        for key in self._order:
            state = self._files[key]
            trusted = state.settled and state.shown is state.record.person
            stamps[key] = (state.size, state.mtime_ns) if trusted else None
            keys[sanitize(state.name)] = key
        return Origin(tuple(str(p) for p in self.paths), stamps, keys)

    def _report(self, done: int, total: int) -> None:
        """Tell ``progress``: always the start and the end, in between at most every 40 ms."""
        if self.progress is None:
            return
        now = time.monotonic()
        if 0 < done < total and now - self._reported < PROGRESS_INTERVAL:
            return
        self._reported = now
        self.progress(done, total)


_unique = unique_files


def _decode(data: bytes, stored_name: str, name: str, shared: SharedValues) -> Record | None:
    try:
        record = decode_record(data, shared)
    except (msgspec.DecodeError, ValueError) as exc:
        _log.info("cache entry for %s unreadable (%s); parsing", name, exc)
        return None
    if stored_name != name:  # the same file reached through another spelling of its path
        problems = tuple(
            msgspec.structs.replace(p, path=name) if p.path == stored_name else p
            for p in record.problems
        )
        record = Record(record.person, problems)
    return record


def _has_errors(record: Record) -> bool:
    return record.person is None or any(p.severity == "error" for p in record.problems)


def _prune(directory: Path) -> None:
    """Remove caches of profile sets not opened for :data:`KEEP_SECONDS`, and stale temp files."""
    cutoff = time.time() - KEEP_SECONDS
    try:
        candidates = [*directory.glob("profiles-*.bin"), *directory.glob(".profiles-*.tmp")]
        for path in candidates:
            if path.stat().st_mtime < cutoff:
                path.unlink()
    except OSError:
        pass


class _CacheReader:
    """An open cache file whose header and index were valid."""

    def __init__(self, handle: IO[bytes], entries: dict[str, _Entry], end: int) -> None:
        self.handle = handle
        self.entries = entries
        self._end = end

    @classmethod
    def open(cls, path: Path) -> _CacheReader | None:
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
    def _read_index(cls, handle: IO[bytes]) -> _CacheReader | None:
        st = os.fstat(handle.fileno())
        if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            raise ValueError("owned by another user")
        header = _header()
        if handle.read(len(header)) != header:
            raise ValueError("another version, or not a cvtui cache")
        if st.st_size < len(header) + _TRAILER:
            raise ValueError("truncated")
        handle.seek(st.st_size - _TRAILER)
        length = int.from_bytes(handle.read(_TRAILER), "little")
        start = st.st_size - _TRAILER - length
        if not len(header) <= start <= st.st_size:
            raise ValueError("truncated")
        handle.seek(start)
        index = msgspec.msgpack.decode(handle.read(length), type=_Index)
        for entry in index.entries:
            if entry.offset < len(header) or entry.offset + entry.length > start:
                raise ValueError("index points outside the file")
        return cls(handle, {entry.key: entry for entry in index.entries}, start)

    def read(self, entry: _Entry) -> bytes | None:
        try:
            self.handle.seek(entry.offset)
            data = self.handle.read(entry.length)
        except OSError:
            return None
        return data if len(data) == entry.length else None

    def close(self) -> None:
        self.handle.close()


class _CacheWriter:
    """Streams records into a temporary file beside the cache; renamed into place at the end.

    Any OS error (read-only directory, full disk) disables it silently.
    """

    def __init__(self, path: Path, tmp: str, handle: IO[bytes], offset: int) -> None:
        self.path = path
        self._tmp = tmp
        self._handle: IO[bytes] | None = handle
        self._offset = offset
        self._entries: list[_Entry] = []

    @classmethod
    def create(cls, path: Path) -> _CacheWriter | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as exc:
            _log.info("cache %s not written (%s)", path, exc)
            return None
        handle = os.fdopen(fd, "wb")
        writer = cls(path, tmp, handle, 0)
        writer._write(_header())
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

    def add(self, entry: _Entry, data: bytes) -> None:
        if self._handle is None:
            return
        self._entries.append(msgspec.structs.replace(entry, offset=self._offset, length=len(data)))
        self._write(data)

    def commit(self) -> None:
        if self._handle is None:
            return
        index = msgspec.msgpack.encode(_Index(self._entries))
        self._write(index)
        self._write(len(index).to_bytes(_TRAILER, "little"))
        if self._handle is None:
            return
        try:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            self._handle = None
            os.replace(self._tmp, self.path)
        except OSError as exc:
            _log.info("cache %s not written (%s)", self.path, exc)
            self.abort()
            return
        _prune(self.path.parent)

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
