"""Load profile sets fast: a binary cache for warm starts, and reloads of changed files only.

Usage::

    library = load_cached(paths, progress=None)         # what the CLI and the app call

    loader = LibraryLoader(paths, use_cache=True, progress=None)
    library = loader.load()             # unchanged files from the cache, the rest parsed
    library, changed = loader.refresh() # later: re-parses only what changed on disk

``progress(done, total)`` counts files and is called in the thread that loads.

**The cache.** One file per profile set (``cache_dir()/profiles-<hash of the roots>.bin``;
its format is :mod:`cvtui.core.cache_file`). It holds, per profile file, the loaded record —
the person *and* its problems (:mod:`cvtui.core.codec`), so a cached load reports exactly the
problems a fresh one does — with a CRC-32 checked on every read: a record that does not
match (a flipped bit, an edit) is parsed again from its file. A file counts as unchanged when
its size, mtime, ctime and inode are all as stored: one edited to the same size with its
mtime put back has a new ctime, one replaced has a new inode. A missing, stale, corrupt,
truncated or foreign cache, one owned by another user, or a read-only cache directory only
means "parse instead": never an error, never a problem in the list (details go to the
``cvtui.core.cache`` logger at INFO level). A file modified within :data:`RACY_NS` of being
read is not stored: a second edit in the same timestamp tick could keep its whole stamp.
Temporary files left by killed runs are removed when the next load starts.

Every load decodes its records with one :class:`~cvtui.core.memory.SharedValues` table, so
values repeated across files (author names, venues, years...) are one object in the Library.

**Refresh.** :meth:`LibraryLoader.refresh` discovers the files again (or, told by a watcher
which files changed, states only those: :mod:`cvtui.core.file_set`), re-parses those whose
stamp changed (and any read too soon after an edit to be sure), drops deleted ones and adds
new ones. It returns the new Library and the paths whose outcome changed (the same Library
object and ``[]`` when nothing did), named as the Library names them
(:func:`~cvtui.core.text.display_name`); :meth:`LibraryLoader.real_path` turns such a name
back into the path to open. A file that becomes unreadable, or gains errors while being
edited, keeps showing its last good person while its new problems are reported; once fixed,
the new person replaces it. Refresh does not rewrite the cache: the next
:meth:`~LibraryLoader.load` re-parses the few changed files and writes it then. What is kept
beside it for the next start (the grouping, the first screen) is written by
:meth:`LibraryLoader.persist`, which a reloading app calls once the edit is on screen: the
writes cost a tenth of a second at 10,000 files, which the edit would otherwise wait for.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import msgspec

from .atomic import remove_stale_temps
from .cache_file import (
    FORMAT_VERSION,
    CacheReader,
    CacheWriter,
    Entry,
    Stamp,
    decode_entry,
    stamp_of,
)
from .codec import Record, decode_record, encode_record
from .file_set import FileSet, Work
from .first_screen import (
    first_screen_path,
    read_first_screen,
    stamps_tag,
    stored_tag,
    write_first_screen,
)
from .grouping import Grouping
from .loading import assemble
from .memory import SharedValues, collection_paused
from .model import Library, Person
from .parallel import iter_parsed
from .problems import Problem
from .provenance import RACY_NS, Origin
from .text import NameForms, display_name
from .works_cache import grouping_path, read_grouping, set_tag, write_grouping

__all__ = ["FORMAT_VERSION", "RACY_NS", "LibraryLoader", "cache_file_for", "load_cached"]

PROGRESS_INTERVAL = 0.04
"""Seconds between progress reports: the app redraws its bar for each one."""

Progress = Callable[[int, int], None]
_log = logging.getLogger(__name__)


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
    stamp: Stamp
    settled: bool
    """Whether the stamp is enough to know the file is unchanged (not a racy read)."""
    record: Record
    """What a fresh parse gives now (what the cache stores)."""
    shown: Person | None
    """What the library shows: the record's person, or the last good one while it is broken."""
    good: bool
    """Whether ``shown`` came from a record without errors."""


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
        self._names = NameForms()
        self._order: list[str] = []
        self._set = FileSet(self.paths)
        self._discovery_problems: list[Problem] = []
        self._real: dict[str, str] = {}
        self.library: Library | None = None
        self.cache_hits = 0
        """Files the last load took from the cache (or refresh found unchanged)."""
        self.parsed = 0
        """Files the last load or refresh parsed."""
        self._reported = 0.0
        self._first_screen_tag: str | None = None
        """The stamps tag of the first screen stored beside the cache, once known."""
        self._grouping_read: tuple[str, Grouping] | None = None
        """The grouping a first screen read, with its tag, for the whole load after it."""
        self._unsaved = False
        """Whether a refresh built a library whose grouping and first screen are not kept yet."""

    @property
    def cache_path(self) -> Path:
        if self._cache_path is None:
            self._cache_path = cache_file_for(self.paths)
        return self._cache_path

    # -- public -------------------------------------------------------------------------
    def load(self, preview: Callable[[Library], None] | None = None) -> Library:
        """Load every file: from the cache where it is unchanged, else by parsing.

        ``preview`` is first handed a *partial* library, its people without their works:
        when no file changed since the last load, read from one file beside the cache in a
        few hundredths of a second, with the counts of works the cache keeps, so a screen of
        people can show at once while the papers are decoded; otherwise once every file is
        read, without counts, while the works are grouped.

        No garbage collection runs meanwhile: a load makes a million objects and no cycles,
        and each full collection they set off walks all of them again for nothing.
        """
        with collection_paused():
            return self._load(preview)

    def _load(self, preview: Callable[[Library], None] | None) -> Library:
        self._files = {}
        now = time.time_ns()
        work = self._set.scan()
        self._discovery_problems = self._set.problems
        self._order = [key for key, _, _ in work]
        total = len(work)
        self._report(0, total)
        if preview is not None and self.use_cache:
            early = self._first_screen(work)
            if early is not None:
                preview(early)
                preview = None
        if self.use_cache:
            remove_stale_temps(self.cache_path.parent, "profiles-*")  # left by killed runs
        reader = CacheReader.open(self.cache_path) if self.use_cache else None
        hits: list[tuple[Work, Entry]] = []
        to_parse: list[Work] = []
        for item in work:
            key, _, st = item
            entry = reader.entries.get(os.fsencode(key)) if reader is not None else None
            if entry is not None and st is not None and entry.stamp == stamp_of(st):
                hits.append((item, entry))
            else:
                to_parse.append(item)
        unused = len(reader.entries) - len(hits) if reader is not None else 0
        writer = None
        if self.use_cache and (to_parse or unused or reader is None):
            writer = CacheWriter.create(self.cache_path)
        done = 0
        unreadable = False
        shared = SharedValues()  # one table for the whole load: equal values, one object
        try:
            for item, entry in hits:
                data = reader.read(entry) if reader is not None else None
                record = decode_entry(data, entry, item[1], shared) if data is not None else None
                if data is None or record is None:  # unreadable entry: parse the file instead
                    to_parse.append(item)
                    unreadable = True
                    continue
                key, name, st = item
                self._files[key] = _FileState(
                    name, entry.stamp, True, record, record.person, not _has_errors(record)
                )
                if writer is not None:
                    writer.add(Entry.of(key, name, entry.stamp), data)
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
        if preview is not None and to_parse:
            preview(self._parsed_preview())
        return self._build()

    def refresh(self, changed: Iterable[str] | None = None) -> tuple[Library, list[str]]:
        """Re-read what changed on disk; the new Library and the paths whose outcome changed.
        ``changed``: the real paths a watcher says changed; only they (and files read too
        soon after an edit to be sure of) are stated again when all are known files, else
        every file is found and stated again (see :meth:`FileSet.rescan`)."""
        if self.library is None:
            return self.load(), []
        with collection_paused():
            return self._refresh(self.library, changed)

    def _refresh(self, shown: Library, hint: Iterable[str] | None) -> tuple[Library, list[str]]:
        now = time.time_ns()
        work = None
        if hint is not None:
            unsettled = [key for key, state in self._files.items() if not state.settled]
            work = self._set.rescan(hint, unsettled)
        # Told: the files are those of the last check, in its order, each with its state.
        told = work is not None and len(work) == len(self._files) == len(self._order)
        if work is None:
            work = self._set.scan()
        discovery_problems = self._set.problems
        changed: list[str] = []
        candidates = work
        if told:  # the files as before, in their order: only those stated again can differ
            # (and the unreadable, tried again at every check)
            again = {*self._set.restated, *(n for n, item in enumerate(work) if item[2] is None)}
            candidates = [work[n] for n in sorted(again)]
        else:
            current = {key for key, _, _ in work}
            changed = [state.name for key, state in self._files.items() if key not in current]
            for key in [key for key in self._files if key not in current]:
                del self._files[key]
        to_parse: list[Work] = []
        for item in candidates:
            key, _, st = item
            state = self._files.get(key)
            if state is None or st is None or not state.settled or state.stamp != stamp_of(st):
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
        if not told:
            self._order = [key for key, _, _ in work]
        if not changed and discovery_problems == self._discovery_problems:
            return shown, []
        self._discovery_problems = discovery_problems
        # The Library and whoever reads it know files by their display names.
        return self._build(keep=False), list(dict.fromkeys(map(display_name, changed)))

    def persist(self) -> None:
        """Keep the last refresh's grouping and first screen beside the cache (for the next
        start), if not done yet."""
        if not self._unsaved or self.library is None:
            return
        self._unsaved = False
        tag = self._set_tag()
        write_grouping(grouping_path(self.cache_path), tag, self.library.grouping)
        self._keep_first_screen(tag)

    # -- internals ----------------------------------------------------------------------
    def _first_screen(self, work: list[Work]) -> Library | None:
        """The people of the set as stored for its first screen, if no file changed since
        (None otherwise: the whole load comes first)."""
        if any(st is None for _, _, st in work):
            return None
        tag = stamps_tag((key, stamp_of(st)) for key, _, st in work if st is not None)
        where = first_screen_path(self.cache_path)
        screen = read_first_screen(where, tag)
        if screen is None:
            if stored_tag(where) == tag:  # written for these files, but damaged since
                with contextlib.suppress(OSError):
                    where.unlink(missing_ok=True)
            return None
        self._first_screen_tag = tag
        stored = read_grouping(grouping_path(self.cache_path), screen.grouping_tag)
        if stored is not None:  # the whole load that follows needs it again
            self._grouping_read = (screen.grouping_tag, stored)
        problems = [*self._discovery_problems, *screen.problems]
        sources = [os.fsdecode(name) for name in screen.sources]
        return assemble(list(screen.people), sources, problems, stored, partial=True)

    def _parsed_preview(self) -> Library:
        """The people just read, before their works are grouped (seconds at 100,000
        entries): a partial library whose counts of works are not known yet."""
        people: list[Person] = []
        sources: list[str] = []
        problems = list(self._discovery_problems)
        for key in self._order:
            state = self._files[key]
            problems.extend(state.record.problems)
            if state.shown is not None:
                people.append(state.shown)
                sources.append(state.name)
        return assemble(people, sources, problems, None, partial=True)

    def _keep_first_screen(self, grouping_tag: str) -> None:
        """Store the people for the next start's first screen, when every file is as a fresh
        load would show it (settled, not its last good version) and they changed."""
        states = [self._files[key] for key in self._order]
        if not all(s.settled and s.shown is s.record.person for s in states):
            return
        tag = stamps_tag((key, s.stamp) for key, s in zip(self._order, states, strict=True))
        where = first_screen_path(self.cache_path)
        if tag == self._first_screen_tag or tag == stored_tag(where):
            self._first_screen_tag = tag
            return
        people = [s.shown for s in states if s.shown is not None]
        sources = [s.name for s in states if s.shown is not None]
        problems = [p for s in states for p in s.record.problems]
        write_first_screen(where, tag, people, sources, problems, grouping_tag)
        self._first_screen_tag = tag

    def _parse(
        self,
        items: list[Work],
        now: int,
        done: int,
        total: int,
        writer: CacheWriter | None,
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
            stamp = stamp_of(st)
            # An edit this recent could be followed by another in the same timestamp tick.
            settled = st is not None and st.st_mtime_ns < now - RACY_NS
            self._files[key] = _FileState(
                name, stamp, settled, record, record.person, not _has_errors(record)
            )
            if writer is not None and settled:
                writer.add(Entry.of(key, name, stamp), data)
            done += 1
            self._report(min(done, total), total)

    def _save(self) -> None:
        """Write the cache from the per-file state (records are encoded again)."""
        writer = CacheWriter.create(self.cache_path)
        if writer is None:
            return
        for key in self._order:
            state = self._files[key]
            if state.settled:
                data = encode_record(state.record.person, state.record.problems)
                writer.add(Entry.of(key, state.name, state.stamp), data)
        writer.commit()

    def real_path(self, shown: str) -> str | None:
        """The path to open for a file the Library names ``shown`` (a source or a problem's
        path), or None when this loader did not load it.

        The Library shows names escaped (control characters, bytes that are not UTF-8), so
        opening what it shows would open another file, or none.
        """
        return self._real.get(shown)

    def _build(self, keep: bool = True) -> Library:
        """The Library of the per-file state; with ``keep``, what is kept beside the cache
        is brought up to date now (else :meth:`persist` does it later)."""
        people: list[Person] = []
        sources: list[str] = []
        problems = list(self._discovery_problems)
        real: dict[str, str] = {}
        for key in self._order:
            state = self._files[key]
            shown = self._names(state.name, len(self._files))[0]
            real.setdefault(shown, state.name)
            problems.extend(state.record.problems)
            if state.shown is not None:
                people.append(state.shown)
                sources.append(shown)
        self._real = real
        if not self.use_cache:
            self.library = assemble(people, sources, problems, previous=self.library, shown=True)
            return self.library
        if not keep and self.library is not None:  # an edit: regrouped from the last library
            self.library = assemble(people, sources, problems, previous=self.library, shown=True)
            self._unsaved = True
        else:
            tag = self._set_tag()
            where = grouping_path(self.cache_path)
            stored = self._stored_grouping(where, tag)
            self.library = assemble(
                people, sources, problems, stored, previous=self.library, shown=True
            )
            if self.library.grouping is not stored:
                write_grouping(where, tag, self.library.grouping)
            self._keep_first_screen(tag)
            self._unsaved = False
        self.library.origin = self._origin()
        return self.library

    def _set_tag(self) -> str:
        """The tag of the files' state that the grouping kept beside the cache is for."""
        return set_tag(
            (key, s.stamp, s.good and s.shown is s.record.person)
            for key, s in ((key, self._files[key]) for key in self._order)
        )

    def _stored_grouping(self, where: Path | None, tag: str) -> Grouping | None:
        """The grouping kept for the state ``tag``: the one the first screen just read, or
        read now."""
        read, self._grouping_read = self._grouping_read, None
        if read is not None and read[0] == tag:
            return read[1]
        return read_grouping(where, tag) if where is not None else None

    def _origin(self) -> Origin:
        """Each file's state as loaded, for what is kept beside the cache (the search
        index): a file read too soon after an edit, or shown as its last good version
        while broken, is not taken as unchanged."""
        stamps: dict[str, Stamp | None] = {}
        keys: dict[str, str] = {}
        for key in self._order:
            state = self._files[key]
            trusted = state.settled and state.shown is state.record.person
            stamps[key] = state.stamp if trusted else None
            keys[self._names(state.name, len(self._files))[1]] = key
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


def _has_errors(record: Record) -> bool:
    return record.person is None or any(p.severity == "error" for p in record.problems)
