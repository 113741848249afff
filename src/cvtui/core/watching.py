"""Being told when profile files change, instead of asking every file every few seconds.

A :class:`FileWatcher` follows a profile set's directories (and its single files' folders)
with the operating system's change notifications (inotify on Linux, through the
``watchfiles`` package) in a thread of its own, and calls back with the names of the
profile files that changed — a batch once writing pauses for :data:`SETTLE_MS`, so an
editor's save (a temporary file, a rename) is one call.

It only says *when* to look: what changed is still worked out by the loader's own check
(every file's stamp), so a missed or garbled notification (a network file system, a full
event queue) costs time, never a wrong screen; the app keeps a slow poll behind it. A change
the watcher cannot name (``watchfiles`` stops at a file name that is not UTF-8) is told as
``None`` — look at every file — and watching starts again; after :data:`RESTARTS` such
stops, or when it cannot start at all, :attr:`FileWatcher.failed` says why and the poll
takes over at its usual pace.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

__all__ = ["SETTLE_MS", "FileWatcher", "is_profile_change"]

SETTLE_MS = 10
"""Milliseconds without a new change before a batch is told (an editor's save is a few).
With 20 a save was told 26-40 ms after it, with 10 14-15 ms; the watcher also wakes this
often to see whether it should stop (an idle app: 0.4 -> 0.5 % of a core)."""
_LONGEST_BATCH_MS = 1000
"""A stream of writes is told at least this often."""
RESTARTS = 20
"""Times watching starts again after stopping on an error, before the poll takes over."""
_RESTART_DELAY = 0.2
_log = logging.getLogger(__name__)


def is_profile_change(path: str) -> bool:
    """Whether a change at ``path`` may change the profile set: a ``.toml`` file that
    discovery would read (no hidden name), or a folder that may hold some (a folder
    created, moved in or removed). Editors' swap and backup files are not."""
    name = os.path.basename(path)
    if name.startswith("."):
        return False
    if name.endswith(".toml"):
        return True
    # A folder (now, or gone: a removed folder's name has no suffix as a rule).
    return os.path.isdir(path) or ("." not in name and not os.path.exists(path))


class FileWatcher:
    """Calls ``on_change(names)`` from its own thread whenever profile files under
    ``paths`` change (``None``: some change it cannot name), until :meth:`stop`."""

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]],
        on_change: Callable[[list[str] | None], object],
    ) -> None:
        self.on_change = on_change
        self.failed: str | None = None
        """Why watching stopped or never started (None while it works)."""
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        folders, files = _roots(paths)
        self._files = frozenset(files)
        # Folders are followed with their sub-folders; a single file is followed through
        # its folder alone (editors replace a file by renaming a new one over it).
        self._plans = [
            (sorted(folders), True),
            (sorted({os.path.dirname(f) for f in files}), False),
        ]

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads) and self.failed is None

    def start(self) -> bool:
        """Start watching; False (and :attr:`failed` says why) when it cannot."""
        try:
            import watchfiles  # noqa: F401  (a dependency; its absence is a failure, not fatal)
        except ImportError as exc:
            self.failed = f"watchfiles is not installed ({exc})"
            return False
        for roots, recursive in self._plans:
            if roots:
                thread = threading.Thread(
                    target=self._watch, args=(roots, recursive), name="cvtui-watch", daemon=True
                )
                self._threads.append(thread)
                thread.start()
        return bool(self._threads)

    def stop(self) -> None:
        """Stop watching (within one step of the watcher's loop)."""
        self._stop.set()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=2)

    def _watch(self, roots: list[str], recursive: bool) -> None:
        import watchfiles

        files = self._files
        stops = 0
        while not self._stop.is_set():
            try:
                for changes in watchfiles.watch(
                    *roots,
                    watch_filter=None,
                    debounce=_LONGEST_BATCH_MS,
                    step=SETTLE_MS,
                    stop_event=self._stop,
                    rust_timeout=0,
                    recursive=recursive,
                    ignore_permission_denied=True,
                    raise_interrupt=False,
                ):
                    names = _profile_names({path for _, path in changes}, roots, files, recursive)
                    if names:
                        self.on_change(names)
                return
            except Exception as exc:  # e.g. a file name that is not UTF-8
                if self._stop.is_set():
                    return
                stops += 1
                reason = f"{type(exc).__name__}: {exc}"
                if stops > RESTARTS or not _exists(roots):
                    self.failed = reason
                    _log.info("watching the profile files stopped: %s", reason)
                    self.on_change(None)
                    return
                _log.info("watching the profile files again after: %s", reason)
                self._stop.wait(_RESTART_DELAY)
                self.on_change(None)  # the change that stopped it is unknown: look at all


def _profile_names(
    paths: set[str], roots: Sequence[str], files: frozenset[str], recursive: bool
) -> list[str]:
    """The changed paths that may change the set: under a followed folder, profile changes
    outside hidden folders (discovery skips those: a ``.git`` among the profiles); in the
    folder of a single file, that file only."""
    if not recursive:
        return sorted(paths & files)
    return sorted(p for p in paths if is_profile_change(p) and not _hidden(p, roots))


def _hidden(path: str, roots: Sequence[str]) -> bool:
    """Whether ``path`` is inside a hidden folder below the root it is under."""
    for root in roots:
        if path.startswith(root + os.sep):
            return any(part.startswith(".") for part in path[len(root) + 1 :].split(os.sep))
    return False


def _exists(roots: Iterable[str]) -> bool:
    return any(os.path.isdir(root) for root in roots)


def _roots(paths: Sequence[str | os.PathLike[str]]) -> tuple[set[str], set[str]]:
    """The folders and the single files of a profile set, as absolute, resolved paths (the
    names notifications carry)."""
    folders: set[str] = set()
    files: set[str] = set()
    for raw in paths:
        try:
            path = Path(raw).resolve()
        except (OSError, RuntimeError):
            continue
        if path.is_dir():
            folders.add(str(path))
        elif path.parent.is_dir():
            files.add(str(path))
    return folders, files
