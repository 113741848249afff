"""The files of a profile set as they are on disk now: found, named and stated.

:meth:`FileSet.scan` walks the roots and states every file (10,000 files: about a tenth of
a second). When a watcher (:mod:`cvtui.core.watching`) names the files that changed,
:meth:`FileSet.rescan` states only those, and any the caller must look at again, and keeps
the rest as the last scan found them — unless a named path is not a known file of the set
(a file added or removed, a folder, a name the system spelt differently): then only a scan
can say what the set is now.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from .discovery import discover_names
from .problems import Problem
from .provenance import unique_files

__all__ = ["FileSet", "Work"]

Work = tuple[str, str, "os.stat_result | None"]
"""One file: its absolute path (the loader's key), its name as found, its stat (None: unreadable)."""


class FileSet:
    """The files under ``paths``, as of the last :meth:`scan` or :meth:`rescan`."""

    def __init__(self, paths: Sequence[str | os.PathLike[str]]) -> None:
        self.paths = list(paths)
        self.problems: list[Problem] = []
        """What discovery reported (unreadable folders, symlink loops…)."""
        self._absolute: tuple[str, dict[str, str]] = ("", {})
        self._last: list[Work] = []
        self._by_real: dict[str, int] | None = None
        self._by_key: dict[str, int] | None = None
        self.restated: list[int] = []
        """After a :meth:`rescan`: the places of the files it stated again (the others are
        as the scan before found them)."""

    def scan(self) -> list[Work]:
        """Every file under the roots, found again and stated."""
        files, self.problems = discover_names(self.paths)
        self._last = unique_files(files, self._absolute_paths())
        self._by_real = self._by_key = None  # a rescan keeps each file's place: kept till then
        return self._last

    def rescan(self, changed: Iterable[str], recheck: Iterable[str] = ()) -> list[Work] | None:
        """The files of the last scan, with ``changed`` (real paths, as a watcher names
        them) and ``recheck`` (keys) stated again; None when a changed path is not a file
        the last scan found, or is gone: :meth:`scan` must look instead."""
        if not self._last:
            return None
        by_real = self._real_paths()
        at = set()
        for path in changed:
            found = by_real.get(path)
            if found is None:
                return None
            at.add(found)
        recheck = list(recheck)
        if recheck:
            if self._by_key is None:
                self._by_key = {key: n for n, (key, _, _) in enumerate(self._last)}
            keys = self._by_key
            at.update(keys[key] for key in recheck if key in keys)
        work = list(self._last)
        self.restated = sorted(at)
        for n in at:
            key, name, _ = work[n]
            try:
                work[n] = (key, name, os.stat(name))
            except FileNotFoundError:
                return None  # removed (or renamed away): the set itself changed
            except OSError:
                work[n] = (key, name, None)
        self._last = work
        return work

    def _real_paths(self) -> dict[str, int]:
        """Each file's real path (what change notifications carry) → its place in the last
        scan; a folder's real path is worked out once for all its files, so a file that is
        itself a symlink is not found (and a change to it means a scan)."""
        if self._by_real is None:
            folders: dict[str, str] = {}
            found: dict[str, int] = {}
            for n, (key, _, _) in enumerate(self._last):
                folder, base = os.path.split(key)
                real = folders.get(folder)
                if real is None:
                    real = folders[folder] = os.path.realpath(folder)
                found[os.path.join(real, base)] = n
            self._by_real = found
        return self._by_real

    def _absolute_paths(self) -> dict[str, str]:
        """Each file name's absolute path, remembered per working directory (a reloading
        app scans the same 10,000 names every few seconds)."""
        here = os.getcwd()
        if self._absolute[0] != here:
            self._absolute = (here, {})
        return self._absolute[1]
