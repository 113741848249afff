"""The index of one profile set, kept on disk beside the cache and in step with the files.

Layout (``cache_dir()/index-<hash of the roots>/``)::

    lock        shared while a process opens the index, exclusive while one writes it
    CURRENT     the name of the live generation
    gen-<token>/  a tantivy index, and manifest.msgpack: each file's size, mtime, person
                  and source number, the roots, the format, and the commit's token

Every process opens the live generation (tantivy maps it into memory, so processes share
its pages) instead of building it. When files changed, the one holding the lock updates it
in place: each changed file's documents out, its new ones in, then one commit and the
manifest. A missing, stale, corrupt or foreign index, or a token that does not match its
manifest (a crash between the two), is rebuilt into a new generation, and ``CURRENT`` is
swapped atomically; readers of the old one keep their snapshot. An index that cannot be
written (read-only cache, another user's, a lock never released) means an index in memory
for this process: never an error.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
import uuid
import weakref
from collections.abc import Callable, Mapping
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import msgspec

from ..atomic import atomic_write_bytes
from .documents import Document, documents_of
from .engine import MAX_SOURCES, Snapshot, create_index, open_index, schema_fingerprint
from .location import index_directory, locked, prune_indexes
from .manifest import (
    FileEntry,
    Manifest,
    Wanted,
    changed_files,
    matches_stamps,
    person_index,
    person_keys,
    wanted_of,
    wanted_print,
)
from .sharing import sharing_files
from .writer import Writer, stored_form

if TYPE_CHECKING:
    import tantivy

    from ..model import Library
    from ..provenance import Stamp

__all__ = ["FileEntry", "Manifest", "Stopped", "Store", "View", "store_for"]

_log = logging.getLogger(__name__)
MANIFEST = "manifest.msgpack"
_PAUSE_EVERY = 200  # documents written between two looks at ``stop`` and ``pause``
_REBUILD_SHARE = 0.5  # more changed files than this share: build a fresh generation


class Stopped(Exception):
    """The caller's ``should_stop`` said to give up."""


class View(NamedTuple):
    """A snapshot of the index and the manifest that describes it."""

    snapshot: Snapshot
    manifest: Manifest

    def sources_of(self, library: Library) -> list[int]:
        """Each person's source number in this index (-1: not in it)."""
        files = self.manifest.files
        entries = map(files.get, person_keys(library), repeat(_NOT_INDEXED))
        return list(map(_SRC, entries))


_NOT_INDEXED = FileEntry(-1, (-1, -1, -1, -1), "")
_SRC = attrgetter("src")


def _never() -> bool:
    return False


def _stat_of(path: Path) -> tuple[int, int, int, int] | None:
    """A file's inode, size, mtime and ctime (None when it cannot be read): each write of a
    manifest is a new file, written aside and renamed, so equal means not written since."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class Store:
    """The index of one profile set: on disk in ``directory``, or in memory when None."""

    def __init__(self, directory: Path | None, roots: tuple[str, ...]) -> None:
        self.directory = directory
        self.roots = roots
        self._lock = threading.RLock()
        self._index: tantivy.Index | None = None
        self._gen: str = ""
        self._view: View | None = None
        self._library_view: tuple[weakref.ref[Library], View] | None = None
        self._rebuild = False
        self._manifest_stat: tuple[int, int, int, int] | None = None
        """The live manifest file as this store last read or wrote it (:func:`_stat_of`):
        while it is so, nobody wrote since, and it need not be decoded again."""

    # -- public ---------------------------------------------------------------------------------
    def view_for(
        self,
        library: Library,
        should_stop: Callable[[], bool] = _never,
        pause: Callable[[], None] | None = None,
    ) -> View:
        """The index as it must be for ``library``: opened, updated or built as needed."""
        with self._lock:
            known = self._library_view
            if known is not None and known[0]() is library:
                return known[1]
            wanted = wanted_of(library)
            view = self._view
            known_changes = None if view is None else changed_files(view.manifest, wanted)
            if view is None or known_changes != ([], []):
                view = self._sync(library, wanted, should_stop, pause, known_changes)
            self._view = view
            self._library_view = (weakref.ref(library), view)
            return view

    def sound(self) -> bool:
        """Whether the live generation still opens and matches its manifest (in memory:
        always)."""
        if self.directory is None:
            return True
        with self._lock:
            try:
                gen = (self.directory / "CURRENT").read_text(encoding="ascii").strip()
                with locked(self._lock_path(), exclusive=False):
                    view = self._open_generation(gen, keep=False)
            except (OSError, UnicodeDecodeError, TimeoutError):
                return False
            return view is not None

    def built(self) -> bool:
        """Whether an index of this set is on disk (current or not)."""
        return self.directory is not None and (self.directory / "CURRENT").exists()

    def forget(self) -> None:
        """Drop what this process knows of the index: the next sync builds it afresh."""
        with self._lock:
            self._view = self._library_view = self._index = None
            self._gen = ""
            self._rebuild = True

    def view_if_current(self, stamps: Mapping[str, Stamp | None]) -> View | None:
        """The index on disk when it describes exactly these files, unchanged (else None)."""
        if self.directory is None:
            return None
        with self._lock:
            try:
                with locked(self._lock_path(), exclusive=False):
                    view = self._open_current()
            except Exception as exc:
                _log.info("search index %s unusable (%s)", self.directory, exc)
                return None
            if view is None or not matches_stamps(view.manifest, stamps):
                return None
            self._view = view
            return view

    # -- syncing --------------------------------------------------------------------------------
    def _sync(
        self,
        library: Library,
        wanted: Wanted,
        stop: Callable[[], bool],
        pause: Callable[[], None] | None,
        known: tuple[list[str], list[str]] | None = None,
    ) -> View:
        """``known``: the changes from ``self._view``, when already worked out."""
        if self.directory is not None:
            try:
                return self._sync_on_disk(library, wanted, stop, pause, known)
            except Stopped:
                raise
            except BaseException as exc:
                if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                    raise
                _log.info("search index %s not usable (%s); kept in memory", self.directory, exc)
                self.directory = None
                self._index = self._view = None
        view = self._view
        if view is not None and self._index is not None:
            changed, removed = known if known is not None else changed_files(view.manifest, wanted)
            if len(changed) <= _REBUILD_SHARE * max(1, len(wanted)):
                return self._update(view, library, wanted, changed, removed, stop, pause)
        return self._build(library, wanted, None, stop, pause)

    def _sync_on_disk(
        self,
        library: Library,
        wanted: Wanted,
        stop: Callable[[], bool],
        pause: Callable[[], None] | None,
        known: tuple[list[str], list[str]] | None,
    ) -> View:
        assert self.directory is not None
        checked = self._view  # the view ``known`` was worked out against

        def changes(view: View) -> tuple[list[str], list[str]]:
            if known is not None and view is checked:
                return known  # nobody wrote in between: the same answer
            return changed_files(view.manifest, wanted)

        self.directory.mkdir(parents=True, exist_ok=True)
        st = os.stat(self.directory)
        if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            raise PermissionError("owned by another user")
        if not self._rebuild:
            with locked(self._lock_path(), exclusive=False):
                view = self._open_current()
            if view is not None and changes(view) == ([], []):
                return view
        with locked(self._lock_path(), exclusive=True):
            view = None if self._rebuild else self._open_current()
            if view is not None:
                changed, removed = changes(view)
                if not changed and not removed:
                    return view
                if len(changed) <= _REBUILD_SHARE * max(1, len(wanted)):
                    return self._update(view, library, wanted, changed, removed, stop, pause)
            token = uuid.uuid4().hex
            gen = f"gen-{token}"
            path = self.directory / gen
            try:
                view = self._build(library, wanted, path, stop, pause, token)
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            atomic_write_bytes(self.directory / "CURRENT", gen.encode())
            self._gen = gen
            self._rebuild = False
            self._prune_generations(keep=gen)
            return view

    def _open_current(self) -> View | None:
        """The live generation, when it is sound and ours (None otherwise)."""
        assert self.directory is not None
        try:
            gen = (self.directory / "CURRENT").read_text(encoding="ascii").strip()
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        if not gen.startswith("gen-") or "/" in gen or "\\" in gen:
            return None
        if gen == self._gen and self._view is not None and self._index is not None:
            where = self.directory / gen / MANIFEST
            try:
                seen = _stat_of(where)
                if seen is not None and seen == self._manifest_stat:
                    return self._view  # the file we last read or wrote: nobody wrote since
                manifest = msgspec.msgpack.decode(where.read_bytes(), type=Manifest)
            except (OSError, msgspec.DecodeError, ValueError):
                return None
            if manifest.token == self._view.manifest.token:
                self._manifest_stat = seen
                return self._view  # nobody wrote since we looked
        return self._open_generation(gen)

    def _open_generation(self, gen: str, keep: bool = True) -> View | None:
        """The generation ``gen``, when sound and ours; ``keep``: it becomes this store's."""
        assert self.directory is not None
        path = self.directory / gen
        try:
            seen = _stat_of(path / MANIFEST)
            manifest = msgspec.msgpack.decode((path / MANIFEST).read_bytes(), type=Manifest)
        except (OSError, msgspec.DecodeError, ValueError) as exc:
            _log.info("search index manifest %s unreadable (%s)", path, exc)
            return None
        if manifest.format != schema_fingerprint() or tuple(manifest.roots) != self.roots:
            _log.info("search index %s is another version's or another set's", path)
            return None
        try:
            index = open_index(str(path))
            snapshot = Snapshot(index)
            token = snapshot.token()
        except BaseException as exc:
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            _log.info("search index %s unreadable (%s)", path, exc)
            return None
        if token != manifest.token:
            _log.info("search index %s does not match its manifest", path)
            return None
        if not keep:
            return View(snapshot, manifest)
        with contextlib.suppress(OSError):
            os.utime(self.directory / "CURRENT")  # in use: keep it from being pruned
        self._index, self._gen = index, gen
        self._manifest_stat = seen  # taken before reading: a later write changes it
        return View(snapshot, manifest)

    def _lock_path(self) -> Path:
        assert self.directory is not None
        return self.directory / "lock"

    def _prune_generations(self, keep: str) -> None:
        """Remove generations other than the live one (readers keep what they mapped)."""
        assert self.directory is not None
        for path in self.directory.glob("gen-*"):
            if path.name != keep:
                shutil.rmtree(path, ignore_errors=True)
        prune_indexes(self.directory.parent)

    # -- writing --------------------------------------------------------------------------------
    def _build(
        self,
        library: Library,
        wanted: Wanted,
        path: Path | None,
        stop: Callable[[], bool],
        pause: Callable[[], None] | None,
        token: str | None = None,
    ) -> View:
        """A fresh index of every file of ``library``, in ``path`` (in memory when None)."""
        if path is not None:
            path.mkdir(parents=True)
        index = create_index(str(path) if path is not None else None)
        manifest = Manifest(
            schema_fingerprint(), token or uuid.uuid4().hex, list(self.roots), 0, {}
        )
        writer = Writer(index)
        try:
            self._write(library, wanted, list(wanted), manifest, writer, stop, pause)
            writer.set_token(manifest.token)
            writer.commit()
        except BaseException:
            writer.abort()
            raise
        writer.close()
        if path is not None:
            atomic_write_bytes(path / MANIFEST, msgspec.msgpack.encode(manifest))
            self._manifest_stat = _stat_of(path / MANIFEST)
        self._index = index
        return View(Snapshot(index), manifest)

    def _update(
        self,
        view: View,
        library: Library,
        wanted: Wanted,
        changed: list[str],
        removed: list[str],
        stop: Callable[[], bool],
        pause: Callable[[], None] | None,
    ) -> View:
        """``view`` with the documents of ``changed`` files replaced and ``removed`` ones
        dropped, committed at once."""
        assert self._index is not None
        old = view.manifest
        files = dict(old.files)
        manifest = Manifest(
            old.format, uuid.uuid4().hex, old.roots, old.next_src, files, wanted_print(wanted),
            list(old.prose),
        )  # fmt: skip
        sharing = sharing_files(view, library, wanted, changed, removed)
        changed = changed + _rewritten(view.snapshot, library, files, sharing)
        writer = Writer(self._index)
        try:
            for name in removed:
                writer.delete_source(files.pop(name).src)
            for name in changed:
                entry = files.get(name)
                if entry is not None:
                    writer.delete_source(entry.src)
            self._write(library, wanted, changed, manifest, writer, stop, pause)
            writer.set_token(manifest.token)
            writer.commit()
        except BaseException:
            writer.abort()
            raise
        writer.close()
        if self.directory is not None:
            where = self.directory / self._gen / MANIFEST
            atomic_write_bytes(where, msgspec.msgpack.encode(manifest))
            self._manifest_stat = _stat_of(where)
        return View(Snapshot(self._index), manifest)

    @staticmethod
    def _write(
        library: Library,
        wanted: Wanted,
        names: list[str],
        manifest: Manifest,
        writer: Writer,
        stop: Callable[[], bool],
        pause: Callable[[], None] | None,
    ) -> None:
        """Write the documents of the files ``names`` and note them in ``manifest``."""
        person_of = person_index(library)
        files = manifest.files
        written = 0
        for name in names:
            entry = files.get(name)
            if entry is None:
                if manifest.next_src >= MAX_SOURCES:
                    raise OverflowError("too many profile files for one index")
                src = manifest.next_src
                manifest.next_src += 1
            else:
                src = entry.src
            stamp, person = wanted[name]
            files[name] = FileEntry(src, stamp if stamp is not None else (-1, -1, -1, -1), person)
            index = person_of.get(name)
            if index is None or not person:
                continue
            docs = documents_of(library, index)
            writer.add(src, docs)
            for code in {d.kind.code for d in docs if d.kind.code not in manifest.prose}:
                if any(v for d in docs if d.kind.code == code for v in _prose(d)):
                    manifest.prose.append(code)
            written += len(docs)
            if written >= _PAUSE_EVERY:
                written = 0
                if stop():
                    raise Stopped
                if pause is not None:
                    pause()


def _rewritten(
    snapshot: Snapshot, library: Library, files: Mapping[str, FileEntry], sharing: list[str]
) -> list[str]:
    """Those of ``sharing`` (unchanged files that share a paper with a changed one) whose
    documents now differ from what the index holds of them: a work's key, record or
    holders changed for them too. Adding a paper of one's own, say, changes nobody else's:
    the files of a prolific author's co-authors (a hundred or more) are not written again."""
    if library.partial:
        return sharing
    person_of = person_index(library)
    out = []
    for name in sharing:
        entry = files.get(name)
        index = person_of.get(name)
        if entry is None or index is None:
            out.append(name)
            continue
        now = sorted(stored_form(entry.src, doc) for doc in documents_of(library, index))
        if now != sorted(snapshot.stored_forms(entry.src)):
            out.append(name)
    return out


def _prose(doc: Document) -> list[Any]:
    """The document's long prose (summaries, abstracts...), empty values included."""
    return [v for f, v in zip(doc.kind.fields, doc.values, strict=True) if f.long]


_STORES: dict[tuple[tuple[str, ...], str], Store] = {}
_STORES_LOCK = threading.Lock()


def store_for(roots: tuple[str, ...] | None) -> Store:
    """The one store of this profile set in this process (in memory when ``roots`` is None)."""
    if roots is None:
        return Store(None, ())
    roots = tuple(os.path.realpath(p) for p in roots)
    directory = index_directory(roots)
    key = (roots, str(directory))
    with _STORES_LOCK:
        found = _STORES.get(key)
        if found is None:
            found = _STORES[key] = Store(directory, roots)
        return found
