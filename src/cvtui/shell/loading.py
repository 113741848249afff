"""Loading the profiles in a thread while the app is already on screen.

A large set shows a progress bar; a large cached set shows its people first (a partial
library) and the whole one then takes its place as a reload would. Once the views are up the
search index is warmed in the background, so the first keystroke in a filter is answered fast.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import ContentSwitcher
from textual.worker import get_current_worker

from ..core.insights import Scope
from ..core.memory import release_memory
from ..core.model import Library
from ..core.reload import Reloader
from ..keymap import keymap_problems
from .header import LoadingPanel

if TYPE_CHECKING:
    from ..app import CvtuiApp

__all__ = ["KEYS_QUIET", "PREVIEW_FROM_PEOPLE", "Loading"]

KEYS_QUIET = 0.25
"""Seconds after a key during which background indexing waits (the next key is likely soon)."""
PREVIEW_FROM_PEOPLE = 500
"""From this many profiles on, their names are shown before their papers are decoded."""
REWARM_DELAY = 0.75
"""Seconds after a reload before the search index's listing tables are made again."""
PREVIEW_WAIT = 2.0
"""Seconds at most the loader waits for the people it previewed to be on screen."""


class Loading:
    """The first load of the library, and what follows it once the views are mounted."""

    def __init__(self, app: CvtuiApp) -> None:
        self.app = app
        self.views_ready = False
        """Whether the views are mounted with their children: keys that act on a view wait
        for it (pressed while a slow machine mounts them, they would find half a view)."""
        self.last_key = 0.0
        self.preview_shown = threading.Event()
        """Set once a previewed People list has been drawn: until then the loader waits,
        because decoding the papers holds the interpreter and would slow that first screen."""

    def keys_coming(self) -> bool:
        """Whether the user is pressing keys: background work then waits for a pause."""
        return time.monotonic() - self.last_key < KEYS_QUIET

    def wait_quietly(self, seconds: float, should_stop: Callable[[], bool]) -> None:
        """For a thread's background work: wait ``seconds``, and on while keys are pressed,
        unless ``should_stop`` says to give up."""
        deadline = time.monotonic() + seconds
        while (time.monotonic() < deadline or self.keys_coming()) and not should_stop():
            time.sleep(0.05)

    def start(self) -> None:
        self.app.run_worker(self._load, thread=True, exclusive=True, group="load")

    def views(self, library: Library) -> ContentSwitcher:
        """The five views of ``library``."""
        from ..views.insights import InsightsView, offered_scopes
        from ..views.papers import PapersView
        from ..views.people import PeopleView
        from ..views.problems import ProblemsView
        from ..views.timeline import TimelineView

        app = self.app

        def scopes() -> list[tuple[str, Scope]]:
            papers = app.view_of(PapersView)
            return offered_scopes(app.current_person, app.selected_people, app.library, papers)

        return ContentSwitcher(
            PeopleView(library, id="people"),
            TimelineView(library, today=app.today, id="timeline"),
            PapersView(library, id="papers"),
            InsightsView(library, scopes=scopes, today=app.today, id="insights"),
            ProblemsView(library, id="problems"),
            initial="people",
            id="views",
        )

    def ready(self, library: Library, reloader: Reloader | None = None) -> None:
        """Mount the views for a library loaded in the background; a partial one (people
        without papers yet) is shown first and the whole one takes its place as a reload."""
        app = self.app
        if app.library is not None and app.library.partial:
            app.reloading.reloader = reloader
            app.reloading.swap_library(library)
            app.call_after_refresh(self.views_mounted)
            return
        app.library, app.reloading.reloader = library, reloader
        main = app.query_one("#main")
        main.query(LoadingPanel).remove()
        mounting = main.mount(self.views(library))

        async def mounted() -> None:
            await mounting
            self.views_ready = True
            app.call_after_refresh(self.views_mounted)

        app.call_later(mounted)

    def views_mounted(self) -> None:
        app = self.app
        library = app.library
        if library is None:
            return
        if library.people and app.current_person is None:
            app.current_person = library.people[0].id
        app.shown_view_focus()
        app.update_header()
        if library.partial:
            app.call_after_refresh(self.preview_shown.set)
        else:
            self.mounted()

    def _load(self) -> None:
        from ..core.sources import profile_paths

        app = self.app
        paths = profile_paths(app.paths)
        reloader = Reloader.for_paths(paths, use_cache=not app.no_cache and app.config.cache)
        reloader.loader.progress = self._progress_from_thread
        library = reloader.load(preview=self._preview_from_thread)
        reloader.loader.progress = None
        app.call_from_thread(self.ready, library, reloader)

    def _preview_from_thread(self, library: Library) -> None:
        """The people of a large cached set, shown while their papers are still decoded."""
        if len(library.people) >= PREVIEW_FROM_PEOPLE:
            self.app.call_from_thread(self.ready, library, None)
            self.preview_shown.wait(PREVIEW_WAIT)

    def _progress_from_thread(self, done: int, total: int) -> None:
        self.app.call_from_thread(self.show_progress, done, total)

    def show_progress(self, done: int, total: int) -> None:
        for panel in self.app.query(LoadingPanel):
            panel.show_progress(done, total)

    def mounted(self) -> None:
        """The views show the whole library: tell about problems, warm the index, poll."""
        app = self.app
        library = app.library
        assert library is not None
        if library.problems:
            count = len(library.problems)
            app.notify(
                f"{count} problem{'s' if count != 1 else ''} while loading profiles: "
                "press 5 to see them.",
                severity="warning",
                timeout=6,
            )
        app.config_problems.extend(keymap_problems(app, app.config.keymap))
        for problem in app.config_problems:
            app.notify(Text(str(problem)).plain, severity="warning", timeout=8, markup=False)
        self.warm()
        app.reloading.start()

    def warm(self, reloaded: bool = False) -> None:
        """Open the search index in a thread (the first time, build it; after a reload,
        update it for the changed files), so the first keystroke in a filter is answered
        at once."""
        self.app.run_worker(
            lambda: self._warm_search_index(reloaded), thread=True, exclusive=True, group="warm"
        )

    def _wait_for_quiet(self) -> None:
        """For background work between steps: no step while the user is pressing keys."""
        time.sleep(0)
        while self.keys_coming():
            time.sleep(0.05)

    def _warm_search_index(self, reloaded: bool) -> None:
        """After a reload the index is brought up to date at once, but the tables that make
        long listings quick wait a moment: the filters on screen run again first, and they
        would otherwise share the interpreter with that work. Then what was built is frozen
        out of the garbage collector: a full collection over millions of objects pauses the
        screen in the middle of typing."""
        from ..core.search import index_for

        library = self.app.library
        if library is None:
            return
        worker = get_current_worker()
        index = index_for(library)
        index.hold = self.keys_coming
        if reloaded:
            if not index.open(should_stop=lambda: worker.is_cancelled):
                return
            self.wait_quietly(REWARM_DELAY, lambda: worker.is_cancelled)
        if index.warm(should_stop=lambda: worker.is_cancelled) and not worker.is_cancelled:
            if self.app.reloading.watching:  # so that an edited file is regrouped quickly
                library.grouping_state(self._wait_for_quiet)
            release_memory(collect=False)  # what building left behind goes back to the OS
        gc.freeze()
