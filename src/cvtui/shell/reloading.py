"""Files that change on disk are reloaded while the app runs (only those files).

The operating system tells when a profile file changes (:mod:`cvtui.core.watching`), and the
check runs at once, in a thread, once no key is being pressed. A poll backs it up (every
:attr:`Reloading.backstop` seconds while notifications work, every :attr:`Reloading.interval`
when they do not, less often on large sets). A reload is shown once no dialog holds the old
library: every view takes the new one keeping its cursor's item (see ``swap_library`` of the
views).
"""

from __future__ import annotations

import logging
import threading
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.timer import Timer

from ..core.model import Library
from ..core.reload import Reloader, ReloadResult
from ..core.watching import FileWatcher
from .header import VIEWS

if TYPE_CHECKING:
    from ..app import CvtuiApp

__all__ = ["RELOAD_INTERVAL", "WATCHED_INTERVAL", "ProfilesChanged", "Reloading"]

RELOAD_INTERVAL = 1.5
"""Seconds between checks for changed profile files when the system does not tell of changes
(more on large sets: see ``_checked``)."""
WATCHED_INTERVAL = 30.0
"""Seconds between checks while change notifications work: a backstop for what they miss
(a file changed on another machine of a network file system)."""
PERSIST_WAIT = 5.0
"""Seconds at most a reload waits for the search index to take in the edit before it writes
what the next start reads (so the writes do not slow the edit's way to the screen)."""
PERSIST_AFTER = 1.0
"""Seconds after the index took in the edit: the filters on screen run again meanwhile."""
_log = logging.getLogger(__name__)


class ProfilesChanged(Message):
    """Posted from the watcher's thread: these profile files changed (``None``: some that
    it could not name), check now."""

    def __init__(self, names: list[str] | None) -> None:
        super().__init__()
        self.names = names


class Reloading:
    """Checks the profile files when told they changed (and now and then) and swaps
    reloaded libraries into the views."""

    def __init__(self, app: CvtuiApp) -> None:
        self.app = app
        self.interval = RELOAD_INTERVAL
        """Seconds between checks for changed files (tests shorten it)."""
        self.backstop = WATCHED_INTERVAL
        """Seconds between checks while the watcher works."""
        self.watch_files = True
        """Whether to ask the system to tell of changes (the benchmark measures without)."""
        self.watcher: FileWatcher | None = None
        self._told: set[str] = set()
        """Files the watcher named since the last check started."""
        self._full = True
        """Whether the next check looks at every file (a poll), not only those named."""
        self.reloader: Reloader | None = None
        self.last: ReloadResult | None = None
        self.pending: ReloadResult | None = None
        """A reload not shown yet because a dialog (search, palette) holds the old library."""
        self._running = False
        self._next_delay = RELOAD_INTERVAL
        self._again = False
        self._failed = False
        self._timer: Timer | None = None

    @property
    def watching(self) -> bool:
        return self.reloader is not None

    def real_path(self, shown: str) -> str:
        """The file to open for one the library names ``shown`` (names are shown escaped)."""
        return self.reloader.real_path(shown) if self.reloader is not None and shown else shown

    def persist(self) -> None:
        """Write now what a reload left for later (the app is ending)."""
        if self.reloader is not None:
            try:
                self.reloader.persist()
            except Exception:  # only the next start's speed depends on it
                _log.warning("could not keep the reloaded profiles beside the cache", exc_info=True)

    def start(self) -> None:
        if self.reloader is not None:
            self._watch(self.reloader)
            self._schedule(self.interval)

    def stop(self) -> None:
        """Stop watching (the app is ending)."""
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    def _watch(self, reloader: Reloader) -> None:
        if self.watcher is not None or not self.watch_files:
            return
        app = self.app
        watcher = FileWatcher(
            reloader.loader.paths, lambda names: app.post_message(ProfilesChanged(names))
        )
        if watcher.start():
            self.watcher = watcher
        else:
            _log.info(
                "not told of changes (%s): polling every %.1f s", watcher.failed, self.interval
            )

    def changed(self, names: list[str] | None) -> None:
        """The watcher saw these files change (``None``: it cannot say which): check them
        now, after the check running if any."""
        if names is None:
            self._full = True
        else:
            self._told.update(names)
        if self._running:
            self._again = True
        elif self.reloader is not None:
            if self._timer is not None:
                self._timer.stop()
            self._timer = None
            self.app.call_later(self._poll, False)

    def _schedule(self, delay: float, full: bool = True) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(delay, partial(self._poll, full))

    def _poll(self, full: bool = True) -> None:
        self._timer = None
        if self.app.loading.keys_coming():  # a thousand files can wait for a pause in typing
            self._schedule(0.25, full)
            return
        self.apply_pending()
        self.reload_now(full)

    def reload_now(self, full: bool = True) -> None:
        """Check the profile files for changes now and show what changed (``full=False``:
        only those the watcher named, when it named only known files)."""
        if full:
            self._full = True
        library = self.app.library
        if self.reloader is None:
            if library is None:
                return
            self.reloader = Reloader.for_library(library)
            if self.reloader is None:
                return
        if self._running:
            self._again = True
            return
        self._running = True
        reloader = self.reloader
        hint = None if self._full else sorted(self._told)
        self._told, self._full = set(), False
        self.app.run_worker(
            lambda: self._check(reloader, library, hint),
            thread=True,
            group="reload",
            exit_on_error=False,
        )

    def _check(self, reloader: Reloader, shown: Library | None, hint: list[str] | None) -> None:
        try:
            result: ReloadResult | None = reloader.refresh(shown, hint)
            error = ""
        except Exception as exc:  # a failed check must never take the app down
            result, error = None, f"{type(exc).__name__}: {exc}"
        if result is not None and result.changed:
            self._update_index(result.library)
        self.app.call_from_thread(self._checked, result, error)
        if result is not None and result.changed and self.app.library is result.library:
            self._wait_for_index(result.library)  # shown: let its index update go first
        self.persist()
        self.app.call_from_thread(self._finished)

    def _update_index(self, library: Library) -> None:
        """Start bringing the search index up to date for ``library``, in a thread of its
        own, while the views take it: the update no longer waits for the swap, nor for the
        worker the swap starts (together a third of an edit's way to the screen)."""
        from ..core.search import index_for

        app = self.app
        threading.Thread(
            target=index_for(library).open,
            kwargs={"should_stop": lambda: not app.is_running},
            name="cvtui-reindex",
            daemon=True,
        ).start()

    def _wait_for_index(self, library: Library) -> None:
        """Until the search index has taken in ``library`` (at most :data:`PERSIST_WAIT`), and
        a moment more while no key is pressed."""
        from ..core.search import index_for

        index = index_for(library)
        deadline = time.monotonic() + PERSIST_WAIT
        while not index.ready and time.monotonic() < deadline and self.app.is_running:
            time.sleep(0.02)
        self.app.loading.wait_quietly(PERSIST_AFTER, lambda: not self.app.is_running)

    def _checked(self, result: ReloadResult | None, error: str) -> None:
        delay = self.interval
        if result is None:
            if not self._failed:  # said once; the checks go on, less often
                self.app.notify(
                    Text(f"Checking profile files for changes failed: {error}").plain,
                    severity="error",
                    markup=False,
                )
            self._failed = True
            delay *= 4
        else:
            self.last = result
            # A large set: check less often, so the checks stay a small share of the time.
            delay = max(delay, 20 * result.seconds)
            if result.changed:
                pending = self.pending
                if pending is not None:  # not shown yet: tell about both
                    changed = list(dict.fromkeys([*pending.changed, *result.changed]))
                    errors = {p.path for p in result.library.problems if p.severity == "error"}
                    broken = [path for path in changed if path in errors]
                    result = result._replace(changed=changed, broken=broken)
                self.pending = result
                self.apply_pending()
        self._next_delay = delay

    def _finished(self) -> None:
        """The check and what follows it are done: the next one may start."""
        self._running = False
        delay = self._next_delay
        if self._again:
            self._again = False
            self.reload_now(full=False)  # a full check asked for meanwhile is still due
        elif self.reloader is not None:
            if self.watcher is not None and self.watcher.running and self.pending is None:
                delay = max(delay, self.backstop)  # (a reload a dialog holds back: soon)
            self._schedule(delay)

    def apply_pending(self) -> None:
        """Swap in a reloaded library, unless a dialog holding the old one is open."""
        app = self.app
        if self.pending is None or app.screen is not app.screen_stack[0]:
            return
        result, self.pending = self.pending, None
        old = app.library
        self.swap_library(result.library)
        self._tell(old, result)

    def _tell(self, old: Library | None, result: ReloadResult) -> None:
        before = set(old.sources) if old is not None else set()
        now = set(result.library.sources)
        broken = set(result.broken)
        groups: dict[str, list[str]] = {"Reloaded": [], "Added": [], "Removed": []}
        for path in result.changed:
            if path in broken:
                continue
            verb = "Removed" if path not in now else "Added" if path not in before else "Reloaded"
            groups[verb].append(Path(path).name)
        parts = [f"{verb} {_names(names)}" for verb, names in groups.items() if names]
        if parts:
            self.app.notify(Text("; ".join(parts)).plain, timeout=3, markup=False)
        for path in result.broken[:3]:
            kept = "its last good version stays on screen" if path in now else "not shown"
            self.app.notify(
                Text(f"{Path(path).name} has errors: {kept}. Press 5 to see them.").plain,
                severity="warning",
                timeout=6,
                markup=False,
            )

    def swap_library(self, library: Library) -> None:
        """Show ``library`` in every view instead of the current one.

        The views keep their cursor items and scroll positions where the items still exist;
        filters, sort orders and marks are kept. The search index takes in the changed
        files now (their documents only), so the next keystroke in a filter does not wait.
        """
        app = self.app
        if app.library is None or library is app.library:
            return
        app.library = library
        for name in VIEWS:
            view = app.view_widget(name)
            if view is not None:
                view.swap_library(library)
        ids = {person.id for person in library.people}
        app.selected_people = frozenset(pid for pid in app.selected_people if pid in ids)
        if app.current_person not in ids:
            shown = app.view_widget(app.view)
            app.current_person = shown.context_person() if shown is not None else None
        if app.view == "problems" and not library.problems:
            app.view = "people"
        app.update_header()
        app.loading.warm(reloaded=True)


def _names(names: list[str]) -> str:
    """``a, b and 3 more``: file names for a short notice."""
    if len(names) <= 3:
        return ", ".join(names)
    return f"{', '.join(names[:2])} and {len(names) - 2} more"
