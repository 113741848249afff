"""Reload profiles that changed on disk while the app runs.

A thin layer over :class:`~cvtui.core.cache.LibraryLoader`, which re-parses only the files
whose size or mtime changed (and keeps the last good person of a file that broke). This adds
what a screen needs to know about a reload: which files really changed (a file re-read only
because it was written moments before loading, and found the same, is not a change), which
of them now have errors, and how long the check took, so polling can slow down on large sets.

One :meth:`Reloader.refresh` or :meth:`Reloader.persist` runs at a time (a lock keeps a
persist at exit from meeting a check still running in the app's worker).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from .cache import LibraryLoader
from .model import Library, Person
from .problems import Problem

__all__ = ["ReloadResult", "Reloader"]


class ReloadResult(NamedTuple):
    library: Library
    changed: list[str]
    """Files whose people or problems differ from what was shown (new and deleted included)."""
    broken: list[str]
    """Changed files that now have errors (their last good version, if any, is still shown)."""
    seconds: float
    """How long the check took."""


class Reloader:
    """Keeps a loader for a profile set and tells what each refresh changed."""

    def __init__(self, loader: LibraryLoader) -> None:
        self.loader = loader
        self._lock = threading.Lock()

    @classmethod
    def for_paths(
        cls, paths: Sequence[str | os.PathLike[str]], *, use_cache: bool = True
    ) -> Reloader:
        return cls(LibraryLoader(paths, use_cache=use_cache))

    @classmethod
    def for_library(cls, library: Library) -> Reloader | None:
        """A reloader over the files ``library`` was loaded from (None when it has none)."""
        sources = [s for s in dict.fromkeys(library.sources) if s]
        if not sources:
            return None
        return cls(LibraryLoader(sources, use_cache=False))

    def load(self, preview: Callable[[Library], None] | None = None) -> Library:
        """Load every file (``preview``: see :meth:`LibraryLoader.load`)."""
        return self.loader.load(preview)

    def persist(self) -> None:
        """Keep what the next start reads beside the cache (see
        :meth:`~cvtui.core.cache.LibraryLoader.persist`): call once a reload is on screen,
        and when the app ends."""
        with self._lock:
            self.loader.persist()

    def real_path(self, shown: str) -> str:
        """The path to open for a file the Library names ``shown`` (see
        :meth:`~cvtui.core.cache.LibraryLoader.real_path`); ``shown`` itself when unknown."""
        return self.loader.real_path(shown) or shown

    def refresh(
        self, shown: Library | None = None, changed: Iterable[str] | None = None
    ) -> ReloadResult:
        """Check every file (``changed``: only these, as a watcher names them, when they are
        known files; see :meth:`LibraryLoader.refresh`); ``shown`` is the library on screen,
        to compare against."""
        with self._lock:
            return self._refresh(shown, changed)

    def _refresh(self, shown: Library | None, hint: Iterable[str] | None) -> ReloadResult:
        start = time.perf_counter()
        if self.loader.library is None:
            library = self.loader.load()
            changed = sorted(set(library.sources) | {p.path for p in library.problems})
            if shown is not None:
                changed = _differences(shown, library, changed)
        else:
            before = self.loader.library
            library, changed = self.loader.refresh(hint)
            changed = _differences(shown or before, library, changed)
        broken = [path for path in changed if _has_errors(library.problems, path)]
        return ReloadResult(library, changed, broken, time.perf_counter() - start)


def _by_source(library: Library) -> dict[str, Person]:
    return dict(zip(library.sources, library.people, strict=False))


def _problems_of(problems: Sequence[Problem], path: str) -> list[Problem]:
    return [p for p in problems if p.path == path]


def _has_errors(problems: Sequence[Problem], path: str) -> bool:
    return any(p.severity == "error" for p in _problems_of(problems, path))


def _differences(old: Library, new: Library, candidates: Sequence[str]) -> list[str]:
    """The candidate files whose person or problems really differ between two libraries.

    Files named by a problem that appeared or went away count too (a directory that became
    unreadable has no person of its own).
    """
    if old is new:
        return []
    moved = {p.path for p in set(old.problems) ^ set(new.problems)}
    before, after = _by_source(old), _by_source(new)
    out = []
    for path in dict.fromkeys([*candidates, *sorted(moved)]):
        if before.get(path) != after.get(path) or _problems_of(old.problems, path) != _problems_of(
            new.problems, path
        ):
            out.append(path)
    return out
