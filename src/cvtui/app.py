"""The browser: ``CvtuiApp`` holds the library and the state the views share.

The app comes up at once and loads profiles in a thread (with a progress bar for large sets);
the views are mounted when the library is ready. It only reads the in-memory model.

Shared state (views read and set these; nothing else keeps a copy):

- ``app.library``: the loaded :class:`~cvtui.core.model.Library` (None while loading);
- ``app.current_person``: id of the person the views are about (the People list's cursor);
- ``app.selected_people``: ids marked with space in the People list (Timeline overlays them);
- ``app.view``: ``people``, ``timeline``, ``papers``, ``insights`` or ``problems``.

Contract with the Timeline view (:mod:`cvtui.views.timeline`): it is built as
``TimelineView(library, id="timeline")``; the app calls ``show_people([current, *marked])``
whenever it is shown or either changes, and handles ``TimelineView.EventChosen`` (a paper
opens in Papers, anything else in the person's card, at that entry); enter on an entry of a
card opens the Timeline at it (``show_event``). Themes come from :mod:`cvtui.themes`
(``install_themes(app, configured=...)``; ``t`` opens Textual's theme picker).

Every binding has an id; the config's ``[keymap]`` remaps them (``App.set_keymap``).

Whatever is drawn passes :func:`cvtui.terminal_guard.guard` on its way to the terminal, and
every notification is sanitised: text from outside never writes an escape sequence.

Files that change on disk are reloaded while the app runs (only those files; see
:mod:`cvtui.core.reload`): a cheap check every :attr:`CvtuiApp.reload_interval` seconds, in a
thread, slower on large sets. :meth:`CvtuiApp.swap_library` puts a new library into every view
keeping the cursor items and scroll positions. ``e`` opens the focused profile in the user's
editor and reloads it; ``x`` saves the BibTeX of the list on screen. Browsing never writes to a
profile file.

``read_only=True`` (every ``cvtui serve`` session) leaves out every action that writes a file,
as :mod:`cvtui.read_only` decides; in a browser ``x`` becomes a download.
"""

from __future__ import annotations

import datetime
import gc
import os
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Container, Horizontal, Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, ProgressBar, Static
from textual.worker import get_current_worker

from . import read_only as read_only_policy
from .clipboard import can_open_browser, over_ssh, paper_citation
from .config import Config, load_config
from .core.memory import release_memory
from .core.model import Library
from .core.problems import Problem
from .core.reload import Reloader, ReloadResult
from .core.text import display_name, sanitize
from .keymap import key_label, keymap_problems
from .terminal_guard import guard
from .widgets.document import Action
from .widgets.header_counts import header_counts

__all__ = ["VIEWS", "CvtuiApp", "run"]

VIEWS: tuple[str, ...] = ("people", "timeline", "papers", "insights", "problems")
VIEW_TITLES = {
    "people": "People",
    "timeline": "Timeline",
    "papers": "Papers",
    "insights": "Insights",
    "problems": "Problems",
}
MIN_WIDTH, MIN_HEIGHT = 30, 8
REDUCED_WIDTH, REDUCED_HEIGHT = 60, 20
"""Below this, a reduced layout: one pane at a time, no footer, only the current view's tab."""
WIDE_WIDTH, TALL_HEIGHT = 80, 24
KEYS_WHILE_TOO_SMALL = frozenset({"q", "ctrl+c", "ctrl+q"})
"""The only keys that act while the terminal is too small: the ones that quit."""
KEYS_QUIET = 0.25
"""Seconds after a key during which background indexing waits (the next key is likely soon)."""
PREVIEW_FROM_PEOPLE = 500
"""From this many profiles on, their names are shown before their papers are decoded."""
RELOAD_INTERVAL = 1.5
"""Seconds between checks for changed profile files (more on large sets: see ``_reloaded``)."""


def _command_provider() -> Any:
    from .views.commands import CvtuiCommands

    return CvtuiCommands


def _hits_provider() -> Any:
    from .views.commands import LibraryHits

    return LibraryHits


class AppHeader(Horizontal):
    """One line: the name, the views with their keys, the counts and a problems notice."""

    DEFAULT_CSS = """
    AppHeader {
        height: 1;
        background: $panel;
        & > Static { width: auto; height: 1; padding: 0 1; }
        & > #brand { background: $primary; color: $text; text-style: bold; }
        & > .tab { color: $text-muted; }
        & > .tab.-active { background: $boost; color: $text-accent; text-style: bold underline; }
        & > .tab.-hidden { display: none; }
        & > #counts { width: 1fr; color: $text-muted; text-align: right; }
        & > #problem-count { color: $text-warning; text-style: bold; display: none; }
        & > #problem-count.-shown { display: block; }
    }
    """

    _shown: tuple[str, Library | None] | None = None

    def compose(self) -> ComposeResult:
        yield Static("cvtui", id="brand", markup=False)
        for key, name in enumerate(VIEWS, start=1):
            yield Static(
                f"{key} {VIEW_TITLES[name]}", id=f"tab-{name}", classes="tab", markup=False
            )
        yield Static("", id="counts", markup=False)
        yield Static("", id="problem-count", markup=False)

    def show(self, view: str, library: Library | None) -> None:
        # Each tab names the key that is bound to it now (the config may remap them).
        labels = {
            name: f"{key_label(self, f'app.view_{name}', str(n))} {VIEW_TITLES[name]}"
            for n, name in enumerate(VIEWS, start=1)
        }
        shown = []
        for name in VIEWS:
            tab = self.query_one(f"#tab-{name}", Static)
            tab.update(Text(labels[name]))
            tab.set_class(name == view, "-active")
            hidden = name == "problems" and (library is None or not library.problems)
            tab.set_class(hidden, "-hidden")
            if not hidden and (name == view or not self.screen.has_class("-reduced")):
                shown.append(labels[name])
        self._shown = (view, library)
        if not self.screen.has_class("-reduced"):
            shown.append("cvtui")
        used = sum(len(t) + 2 for t in shown)
        room = (self.size.width or self.app.size.width) - used
        counts, badge = header_counts(library, room, key_label(self, "app.view_problems", "5"))
        self.query_one("#counts", Static).update(Text(counts))
        problems = self.query_one("#problem-count", Static)
        problems.update(Text(badge))
        problems.set_class(bool(badge), "-shown")

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show(*self._shown)


class TooSmall(Static):
    """Shown instead of the views when the terminal is smaller than cvtui can draw."""

    DEFAULT_CSS = """
    TooSmall { display: none; width: 1fr; height: 1fr; content-align: center middle;
               text-align: center; color: $text-warning; }
    """


class LoadingPanel(Vertical):
    """A progress bar while a large profile set loads."""

    DEFAULT_CSS = """
    LoadingPanel { align: center middle; height: 1fr; }
    LoadingPanel > Static { width: auto; color: $text-muted; }
    LoadingPanel ProgressBar { width: auto; }
    """

    def compose(self) -> ComposeResult:
        with Center():
            yield Static("Loading profiles…", id="loading-label")
        with Center():
            yield ProgressBar(total=None, show_eta=False, id="loading-bar")


class CvtuiApp(App[int]):
    """Browse people, timelines and papers."""

    CSS_PATH = Path(__file__).parent / "cvtui.tcss"
    TITLE = "cvtui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[Any]] = {_command_provider, _hits_provider}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("1", "show_view('people')", "People", show=False, id="app.view_people"),
        Binding("2", "show_view('timeline')", "Timeline", show=False, id="app.view_timeline"),
        Binding("3", "show_view('papers')", "Papers", show=False, id="app.view_papers"),
        Binding("4", "show_view('insights')", "Insights", show=False, id="app.view_insights"),
        Binding("5", "show_view('problems')", "Problems", show=False, id="app.view_problems"),
        Binding("tab", "cycle_view(1)", "Next view", show=False, priority=True, id="app.next_view"),
        Binding(
            "shift+tab",
            "cycle_view(-1)",
            "Previous view",
            show=False,
            priority=True,
            id="app.previous_view",
        ),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("slash", "search", "Search", id="app.search"),
        Binding("ctrl+f", "search", "Search everything", show=False, id="app.search_everything"),
        Binding("c", "copy", "Copy", id="app.copy"),
        Binding("C", "copy_as", "Copy papers as…", show=False, id="app.copy_as"),
        Binding("o", "open", "Link", id="app.open"),
        Binding("x", "export", "Save BibTeX of the list", show=False, id="app.export"),
        Binding("e", "edit", "Edit profile in $EDITOR", show=False, id="app.edit"),
        Binding("t", "change_theme", "Theme", show=False, id="app.theme"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Palette",
            show=False,
            priority=True,
            id="app.command_palette",
        ),
    ]

    current_person: reactive[str | None] = reactive(None, init=False)
    selected_people: reactive[frozenset[str]] = reactive(frozenset(), init=False)
    view: reactive[str] = reactive("people", init=False)

    def __init__(
        self,
        library: Library | None = None,
        *,
        paths: Sequence[str | os.PathLike[str]] | None = None,
        no_cache: bool = False,
        config: Config | None = None,
        config_problems: Sequence[Problem] = (),
        today: datetime.date | None = None,
        read_only: bool = False,
    ) -> None:
        if config is None:
            config, loaded_problems = load_config()
            config_problems = [*config_problems, *loaded_problems]
        self.config = config
        self.config_problems = list(config_problems)
        self.animations_allowed = config.animation and not over_ssh()
        self.cursor_blink = self.animations_allowed
        super().__init__()
        if not self.animations_allowed:
            self.animation_level = "none"
        self.library: Library | None = library
        self._paths = paths
        self._no_cache = no_cache
        self.today = today
        """Fixes "now" for the timeline (tests and screenshots); None means the real date."""
        self.read_only = read_only
        """No action writes a file (see :mod:`cvtui.read_only`); the theme is not remembered."""
        self.last_copied: str | None = None
        self.last_opened: str | None = None
        self.reload_interval = RELOAD_INTERVAL
        """Seconds between checks for changed files (tests shorten it)."""
        self.last_reload: ReloadResult | None = None
        self._reloader: Reloader | None = None
        self._reload_running = False
        self._reload_again = False
        self._pending_reload: ReloadResult | None = None
        """A reload not shown yet because a dialog (search, palette) holds the old library."""
        self._reload_failed = False
        self._too_small = False
        self._last_key = 0.0
        """Only the too-small message shows: keys other than quit do nothing."""
        self._poll_timer: Any = None
        if config.keymap:
            self.set_keymap(dict(config.keymap))

    # -- output -----------------------------------------------------------------------------
    def _display(self, screen: Any, renderable: Any) -> None:
        """Every frame goes out through the guard: no control character from any text."""
        super()._display(screen, guard(renderable))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notification; its text is often a file name or a message quoting one."""
        super().notify(
            sanitize(str(message)),
            title=sanitize(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield AppHeader(id="app-header")
        with Container(id="main"):
            if self.library is None:
                yield LoadingPanel(id="loading")
            else:
                yield self._views(self.library)
        yield TooSmall(
            Text(f"Terminal too small.\ncvtui needs at least {MIN_WIDTH}×{MIN_HEIGHT}."),
            id="too-small",
        )
        yield Footer(compact=True, show_command_palette=True)

    def on_mount(self) -> None:
        self._install_themes()
        self._apply_size(self.size.width, self.size.height)
        self.update_header()
        if self.library is None:
            self._load()
        else:
            self._after_views_mounted()

    def _install_themes(self) -> None:
        try:
            from . import themes
        except ImportError:
            return
        install = getattr(themes, "install_themes", None)
        if install is None:
            return
        try:
            problems = install(self, configured=self.config.theme, remember=not self.read_only)
        except Exception as exc:  # a broken theme file must never stop the app
            problems = [Problem("themes", f"themes could not be loaded: {exc}", severity="warning")]
        self.config_problems.extend(problems or ())

    def on_resize(self, event: Any) -> None:
        self._apply_size(event.size.width, event.size.height)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._last_key = time.monotonic()
        # While only the too-small message shows, a key must not act on views nobody sees.
        if (
            isinstance(event, events.Key)
            and self._too_small
            and event.key not in KEYS_WHILE_TOO_SMALL
        ):
            event.stop()
            return
        await super().on_event(event)

    def _apply_size(self, width: int, height: int) -> None:
        screen = self.screen
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        self._too_small = too_small
        screen.set_class(too_small, "-too-small")
        screen.set_class(not too_small and (width < WIDE_WIDTH or height < TALL_HEIGHT), "-narrow")
        reduced = not too_small and (width < REDUCED_WIDTH or height < REDUCED_HEIGHT)
        if reduced != screen.has_class("-reduced"):
            screen.set_class(reduced, "-reduced")
            self.update_header()

    # -- loading ----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        from .core.sources import profile_paths

        paths = profile_paths(self._paths)
        reloader = Reloader.for_paths(paths, use_cache=not self._no_cache and self.config.cache)
        reloader.loader.progress = self._progress_from_thread
        library = reloader.load(preview=self._preview_from_thread)
        reloader.loader.progress = None
        self.call_from_thread(self._library_ready, library, reloader)

    def _preview_from_thread(self, library: Library) -> None:
        """The people of a large cached set, shown while their papers are still decoded."""
        if len(library.people) >= PREVIEW_FROM_PEOPLE:
            self.call_from_thread(self._library_ready, library, None)

    def _progress_from_thread(self, done: int, total: int) -> None:
        self.call_from_thread(self._show_progress, done, total)

    def _show_progress(self, done: int, total: int) -> None:
        try:
            bar = self.query_one("#loading-bar", ProgressBar)
            label = self.query_one("#loading-label", Static)
        except Exception:
            return
        bar.update(total=total, progress=done)
        label.update(Text(f"Loading profiles… {done:,} of {total:,} files"))

    def _views(self, library: Library) -> ContentSwitcher:
        from .views.papers import PapersView
        from .views.people import PeopleView
        from .views.problems import ProblemsView

        views: list[Widget] = [
            PeopleView(library, id="people"),
            self._timeline_view(library),
            PapersView(library, id="papers"),
            self._insights_view(library),
            ProblemsView(library, id="problems"),
        ]
        return ContentSwitcher(*views, initial="people", id="views")

    def _library_ready(self, library: Library, reloader: Reloader | None = None) -> None:
        """Mount the views for a library loaded in the background.

        A partial library (people without papers: see ``preview`` of the loader) is shown
        first; the whole one then takes its place in the views, as a reload would.
        """
        if self.library is not None and self.library.partial:
            self._reloader = reloader
            self.swap_library(library)
            self.call_after_refresh(self._after_views_mounted)
            return
        self.library = library
        self._reloader = reloader
        main = self.query_one("#main")
        for loading in main.query(LoadingPanel):
            loading.remove()
        main.mount(self._views(library))
        if library.partial:
            self.call_after_refresh(self._partial_mounted)
        else:
            self.call_after_refresh(self._after_views_mounted)

    def _partial_mounted(self) -> None:
        library = self.library
        if library is None or not library.partial:
            return
        if library.people and self.current_person is None:
            self.current_person = library.people[0].id
        self._focus_view(self.view)
        self.update_header()

    def _timeline_view(self, library: Library) -> Widget:
        try:
            from .views.timeline import TimelineView
        except ImportError:
            return Static(Text("The timeline is not available."), id="timeline")
        return TimelineView(library, today=self.today, id="timeline")

    def _after_views_mounted(self) -> None:
        library = self.library
        assert library is not None
        if library.people and self.current_person is None:
            self.current_person = library.people[0].id
        self._focus_view(self.view)
        self._warm_search_index()
        self.update_header()
        problems = len(library.problems) + len(self.config_problems)
        if library.problems:
            self.notify(
                f"{len(library.problems)} problem{'s' if len(library.problems) != 1 else ''} while "
                "loading profiles: press 5 to see them.",
                severity="warning",
                timeout=6,
            )
        self.config_problems.extend(keymap_problems(self, self.config.keymap))
        for problem in self.config_problems:
            self.notify(Text(str(problem)).plain, severity="warning", timeout=8, markup=False)
        del problems
        if self._reloader is not None:
            self._schedule_poll(self.reload_interval)

    @work(thread=True, exclusive=True, group="warm-search")
    def _warm_search_index(self) -> None:
        """Open the search index now (the first time, build it; after a reload, update it
        for the changed files), so the first keystroke in a filter is answered at once.

        Then the objects built so far are frozen out of the garbage collector: a full
        collection over millions of them pauses the screen for a good fraction of a second,
        in the middle of typing.
        """
        from .core.search import index_for

        library = self.library
        if library is None:
            return
        worker = get_current_worker()
        index = index_for(library)
        index.hold = self._keys_coming
        if index.warm(should_stop=lambda: worker.is_cancelled) and not worker.is_cancelled:
            if self._reloader is not None:
                library.grouping_state()  # so that an edited file is regrouped in milliseconds
            release_memory(collect=False)  # what building left behind goes back to the OS
        gc.freeze()

    def _keys_coming(self) -> bool:
        """Whether the user is pressing keys: background work then waits for a pause."""
        return time.monotonic() - self._last_key < KEYS_QUIET

    # -- header -----------------------------------------------------------------------------
    def update_header(self) -> None:
        self.query_one(AppHeader).show(self.view, self.library)

    # -- state ------------------------------------------------------------------------------
    def _view_widget(self, name: str) -> Any:
        try:
            return self.query_one(f"#{name}")
        except Exception:
            return None

    def watch_view(self, old: str, new: str) -> None:
        try:
            switcher = self.query_one("#views", ContentSwitcher)
        except Exception:
            return
        switcher.current = new
        if new == "timeline":
            self._refresh_timeline()
        self._focus_view(new)
        self.update_header()

    def _focus_view(self, name: str) -> None:
        widget = self._view_widget(name)
        if widget is None:
            return
        focus = getattr(widget, "focus_default", None) or getattr(widget, "focus_events", None)
        if focus is not None:
            focus()
        else:
            widget.focus()

    def watch_current_person(self, old: str | None, new: str | None) -> None:
        if self.view == "timeline":
            self._refresh_timeline()
        papers = self._view_widget("papers")
        if papers is not None and papers.scope is not None and new is not None:
            papers.show_scope(new)

    def watch_selected_people(self) -> None:
        if self.view == "timeline":
            self._refresh_timeline()

    def _refresh_timeline(self) -> None:
        view = self._view_widget("timeline")
        show = getattr(view, "show_people", None)
        if show is None:
            return
        ids: list[str] = []
        if self.current_person:
            ids.append(self.current_person)
        library = self.library
        marked = sorted(
            self.selected_people, key=lambda pid: library.person_index(pid) if library else 0
        )
        ids.extend(pid for pid in marked if pid not in ids)
        show(ids)

    # -- navigation -------------------------------------------------------------------------
    def action_show_view(self, name: str) -> None:
        if self.library is None or name not in VIEWS:
            return
        if name == "problems" and not self.library.problems:
            self.notify("No problems while loading.", timeout=3)
            return
        if self.screen is not self.screen_stack[0]:
            self.pop_screen()
        self.view = name

    def action_cycle_view(self, step: int) -> None:
        if self.library is None:
            return
        names = [v for v in VIEWS if v != "problems" or self.library.problems]
        position = names.index(self.view) if self.view in names else 0
        self.view = names[(position + step) % len(names)]

    def show_person(self, person_id: str) -> None:
        """The People view, cursor on this person."""
        view = self._view_widget("people")
        if view is None:
            return
        if view.show_person(person_id):
            self.current_person = person_id
        self.view = "people"
        view.list.focus()

    def show_papers_of(self, person_id: str | None) -> None:
        view = self._view_widget("papers")
        if view is None:
            return
        view.show_scope(person_id)
        self.view = "papers"

    def show_paper(self, index: int) -> None:
        """The Papers view, cursor on paper ``index``."""
        view = self._view_widget("papers")
        if view is None or self.library is None:
            return
        view.show_paper(index)
        self.view = "papers"
        view.list.focus()

    def show_entry(self, person_id: str, kind: str, ref: int) -> None:
        """A person's card, the cursor on one of their entries (education, experience…)."""
        self.show_person(person_id)
        view = self._view_widget("people")
        if view is None:
            return
        anchor = (person_id, kind, ref)
        view.detail.focus()  # on a narrow screen the card is shown only when it has focus

        def move(tries: int) -> None:
            # Once the view is laid out: a card wrapped while hidden has other lines.
            view.catch_up_detail()
            if not view.detail.move_to_action("event", anchor) and tries:
                self.call_after_refresh(move, tries - 1)  # the card has no width yet

        self.call_after_refresh(move, 3)

    def show_event(self, person_id: str, kind: str, ref: int) -> None:
        """The Timeline of this person, the cursor on one of their facts."""
        self.current_person = person_id
        self.action_show_view("timeline")
        view = self._view_widget("timeline")
        if view is not None and hasattr(view, "show_event"):
            self._refresh_timeline()
            view.show_event(person_id, kind, ref)
            view.focus_events()

    def on_timeline_view_event_chosen(self, message: Any) -> None:
        library = self.library
        if library is None:
            return
        if message.kind == "paper":
            if 0 <= message.ref < len(library.papers):
                self.show_paper(message.ref)
        else:
            self.show_entry(message.person_id, message.kind, message.ref)

    # -- insights (view 4): its scopes, and the works it opens in Papers -------------------
    def _insights_view(self, library: Library) -> Widget:
        from .views.insights import InsightsView

        return InsightsView(library, scopes=self.insights_scopes, today=self.today, id="insights")

    def insights_scopes(self) -> list[tuple[str, Any]]:
        """What ``s`` in Insights goes through: the library, the current person, the marked
        people, and the Papers list while it is filtered."""
        from .core.insights import Scope

        library = self.library
        scopes: list[tuple[str, Any]] = [("library", Scope.library())]
        if library is None:
            return scopes
        if self.current_person:
            scopes.append(("person", Scope.of_person(self.current_person)))
        marked = sorted(self.selected_people, key=lambda pid: library.find_person(pid) or 0)
        if marked:
            scopes.append(("marked", Scope.of_people(marked)))
        papers = self._view_widget("papers")
        if papers is not None and papers.query_text:
            label = f"Papers matching {papers.query_text!r}"
            scopes.append(("filter", Scope.of_works(papers.list.items, label)))
        return scopes

    def on_insights_view_open_works(self, message: Any) -> None:
        """Enter on a bar, venue, co-author or pair: those works in the Papers view."""
        papers = self._view_widget("papers")
        if papers is None:
            return
        papers.show_works(message.works, message.title)
        self.view = "papers"
        papers.list.focus()

    def follow(self, action: Action) -> None:
        """Enter on a line of a detail pane."""
        if action.kind == "link":
            self.open_url_safely(str(action.value))
        elif action.kind == "person":
            self.show_person(str(action.value))
        elif action.kind == "paper":
            self.show_paper(int(action.value))  # type: ignore[call-overload]
        elif action.kind == "event":
            person_id, kind, ref = action.value  # type: ignore[misc]
            self.show_event(person_id, kind, ref)

    def jump_to_hit(self, hit: Any) -> None:
        """Show a search hit in its view."""
        library = self.library
        if library is None or hit is None:
            return
        kind = str(hit.kind)
        index = int(hit.index)
        if kind in ("person", "people"):
            self.show_person(library.people[index].id)
        elif kind in ("paper", "papers"):
            self.show_paper(index)
        elif kind in ("event", "events"):
            event = library.events[index]
            person_id = library.people[event.person].id
            if event.kind == "paper":
                self.show_paper(event.ref)
            else:
                self.current_person = person_id
                self.view = "timeline"

    # -- actions ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Actions that write files are off (not run, not offered) in a read-only session."""
        return read_only_policy.allows(action, read_only=self.read_only, in_browser=self.is_web)

    def action_help(self) -> None:
        from .views.help import HelpScreen, help_groups

        if not isinstance(self.screen, type(self.screen_stack[0])):
            return
        view = self._view_widget(self.view)
        title = VIEW_TITLES.get(self.view, "cvtui")
        self.push_screen(HelpScreen(help_groups(self, view, f"{title} view"), f"Keys — {title}"))

    def action_search(self, query: str = "") -> None:
        from .views.search import SearchScreen

        if self.library is None:
            return
        self.push_screen(SearchScreen(self.library, query), self.jump_to_hit)

    def _focused_view(self) -> Any:
        return self._view_widget(self.view)

    def action_copy(self) -> None:
        target = self.copy_target()
        if target is None:
            self.notify("Nothing to copy here.", timeout=3)
            return
        text, what = target
        if not self.copy_or_offer(text, what):
            return
        first = text.strip().splitlines()[0] if text.strip() else ""
        self.notify(
            Text(f"Copied {what}: {first[:60]}").plain, title="Clipboard", timeout=4, markup=False
        )

    def action_copy_as(self) -> None:
        """Choose what ``c`` copies for papers, remember it, and copy the focused item."""
        from .copy_formats import choose
        from .views.copy_format import CopyFormatScreen

        def picked(name: str | None) -> None:
            if name:
                choose(name)
                self.action_copy()

        self.push_screen(CopyFormatScreen(), picked)

    def copy_or_offer(self, text: str, what: str) -> bool:
        """Copy ``text`` through the terminal (OSC 52); False when it is too large for that,
        and then it is offered as a file instead. What lands on the clipboard is pasted
        elsewhere (a shell…), so it is sanitised too, whatever it came from."""
        from .core.bounds import MAX_CLIPBOARD_BYTES, size_text

        text = sanitize(text)
        size = len(text.encode("utf-8", "replace"))
        if size <= MAX_CLIPBOARD_BYTES:
            self.copy_to_clipboard(text)
            self.last_copied = text
            return True
        from .views.export import FileNameScreen

        prompt = (
            f"The {what} is {size_text(size)}, more than a terminal takes through its "
            f"clipboard ({size_text(MAX_CLIPBOARD_BYTES)}). Save it to a file:"
        )
        name = "./cvtui-copy.bib" if what == "citation" else "./cvtui-copy.txt"
        self.push_screen(
            FileNameScreen(prompt, name, heading="Too large to copy"),
            partial(self._choose_file, lambda path, shown: self._write_copy(path, shown, text)),
        )
        return False

    def copy_target(self) -> tuple[str, str] | None:
        view = self._focused_view()
        get = getattr(view, "copy_target", None)
        if get is not None:
            return get()  # type: ignore[no-any-return]
        if self.view == "timeline" and view is not None:
            return self._timeline_copy_target(view)
        return None

    def _timeline_copy_target(self, view: Any) -> tuple[str, str] | None:
        library = self.library
        event = view.current_event() if hasattr(view, "current_event") else None
        if event is None or library is None:
            return None
        if event.kind == "paper":
            return paper_citation(library, event.ref), "citation"
        where = ", ".join(x for x in (event.organisation, event.place) if x)
        return f"{event.title} — {where} ({event.dates_text()})", "event"

    def action_open(self) -> None:
        view = self._focused_view()
        get = getattr(view, "open_target", None)
        url = get() if get is not None else None
        if url is None and self.view == "timeline" and self.library is not None:
            event = view.current_event() if hasattr(view, "current_event") else None
            if event is not None and event.kind == "paper":
                links = self.library.papers[event.ref].links.items()
                url = links[0][1] if links else None
        if not url:
            self.notify("No link here.", timeout=3)
            return
        self.open_url_safely(url)

    def open_url_safely(self, url: str) -> None:
        """Open in a local browser; over SSH or without one, show the URL and copy it.

        Profiles are untrusted, so only web and mail links go to a browser; anything else
        (``file:``, ``javascript:``…) is shown and copied, never opened.
        """
        self.last_opened = url
        if (self.is_web or can_open_browser()) and url.lower().startswith(
            ("https://", "http://", "mailto:")
        ):
            self.open_url(url)
            self.notify(Text(f"Opening {url}").plain, timeout=3, markup=False)
            return
        if self.copy_or_offer(url, "URL"):
            self.notify(
                Text(url).plain, title="No local browser: URL copied", timeout=8, markup=False
            )

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """(name, help, callback) for the command palette."""
        commands: list[tuple[str, str, Callable[[], object]]] = []
        for name in VIEWS:
            if name == "problems" and (self.library is None or not self.library.problems):
                continue
            commands.append(
                (
                    f"Show {VIEW_TITLES[name]}",
                    f"switch to the {name} view",
                    partial(self.action_show_view, name),
                )
            )
        commands += [
            ("Search everything", "people, papers and events", self.action_search),
            ("Change theme", "pick a colour theme", self.action_change_theme),
            ("Help: keys of this view", "every binding", self.action_help),
            ("Copy focused item", "citation, name and homepage, or URL", self.action_copy),
            ("Copy papers as…", "BibTeX, CSL-JSON or a formatted reference", self.action_copy_as),
            ("Save BibTeX of the list", "papers on screen to a .bib file", self.action_export),
            ("Edit profile", "open the focused profile in $VISUAL/$EDITOR", self.action_edit),
            ("Quit", "leave cvtui", self.exit),
        ]
        # What check_action turns off (writing, in a read-only session) is not offered here either.
        return [
            command
            for command in commands
            if self.check_action(getattr(command[2], "__name__", "").removeprefix("action_"), ())
            is not False
        ]

    # -- reloading changed files ----------------------------------------------------------
    def _schedule_poll(self, delay: float) -> None:
        if self._poll_timer is not None:
            self._poll_timer.stop()
        self._poll_timer = self.set_timer(delay, self._poll)

    def _poll(self) -> None:
        self._poll_timer = None
        if self._keys_coming():  # looking at a thousand files can wait for a pause in typing
            self._schedule_poll(KEYS_QUIET)
            return
        self._apply_pending_reload()
        self.reload_now()

    def reload_now(self) -> None:
        """Check the profile files for changes now and show what changed."""
        if self._reloader is None:
            if self.library is None:
                return
            self._reloader = Reloader.for_library(self.library)
            if self._reloader is None:
                return
        if self._reload_running:
            self._reload_again = True
            return
        self._reload_running = True
        self._refresh_in_thread(self._reloader, self.library)

    @work(thread=True, group="reload", exit_on_error=False)
    def _refresh_in_thread(self, reloader: Reloader, shown: Library | None) -> None:
        try:
            result: ReloadResult | None = reloader.refresh(shown)
            error = ""
        except Exception as exc:  # a failed check must never take the app down
            result, error = None, f"{type(exc).__name__}: {exc}"
        self.call_from_thread(self._reloaded, result, error)

    def _reloaded(self, result: ReloadResult | None, error: str) -> None:
        self._reload_running = False
        delay = self.reload_interval
        if result is None:
            if not self._reload_failed:  # said once; the checks go on, less often
                self.notify(
                    Text(f"Checking profile files for changes failed: {error}").plain,
                    severity="error",
                    markup=False,
                )
            self._reload_failed = True
            delay *= 4
        else:
            self.last_reload = result
            # A large set: check less often, so the checks stay a small share of the time.
            delay = max(delay, 20 * result.seconds)
            if result.changed:
                pending = self._pending_reload
                if pending is not None:  # not shown yet: tell about both
                    changed = list(dict.fromkeys([*pending.changed, *result.changed]))
                    errors = {p.path for p in result.library.problems if p.severity == "error"}
                    broken = [path for path in changed if path in errors]
                    result = result._replace(changed=changed, broken=broken)
                self._pending_reload = result
                self._apply_pending_reload()
        if self._reload_again:
            self._reload_again = False
            self.reload_now()
        elif self._reloader is not None:
            self._schedule_poll(delay)

    def _apply_pending_reload(self) -> None:
        """Swap in a reloaded library, unless a dialog holding the old one is open."""
        if self._pending_reload is None or self.screen is not self.screen_stack[0]:
            return
        result, self._pending_reload = self._pending_reload, None
        old = self.library
        self.swap_library(result.library)
        self._tell_reloaded(old, result)

    def _tell_reloaded(self, old: Library | None, result: ReloadResult) -> None:
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
            self.notify(Text("; ".join(parts)).plain, timeout=3, markup=False)
        for path in result.broken[:3]:
            kept = "its last good version stays on screen" if path in now else "not shown"
            self.notify(
                Text(f"{Path(path).name} has errors: {kept}. Press 5 to see them.").plain,
                severity="warning",
                timeout=6,
                markup=False,
            )

    def swap_library(self, library: Library) -> None:
        """Show ``library`` in every view instead of the current one.

        The people, papers and problems lists keep their cursor items and scroll positions
        where the items still exist; filters, sort orders and marks are kept.
        """
        if self.library is None or library is self.library:
            return
        self.library = library
        for name in ("people", "papers", "insights", "problems"):
            swap = getattr(self._view_widget(name), "swap_library", None)
            if swap is not None:
                swap(library)
        ids = {person.id for person in library.people}
        self.selected_people = frozenset(pid for pid in self.selected_people if pid in ids)
        if self.current_person not in ids:
            people = self._view_widget("people")
            item = people.list.item if people is not None else None
            self.current_person = library.people[item].id if item is not None else None
        self.call_later(self._replace_timeline, library)
        if self.view == "problems" and not library.problems:
            self.view = "people"
        self.update_header()
        # The search index takes in the changed files now (their documents only), so the
        # next keystroke in a filter does not wait for it.
        self._warm_search_index()

    async def _replace_timeline(self, library: Library) -> None:
        """The timeline is rebuilt for the new library (its cursor row is kept)."""
        old = self._view_widget("timeline")
        if old is None or library is not self.library:
            return
        focused = self.focused is not None and (
            self.focused is old or old in self.focused.ancestors
        )
        events = getattr(old, "event_list", None)
        row = events.cursor if events is not None else -1
        switcher = self.query_one("#views", ContentSwitcher)
        new = self._timeline_view(library)
        new.display = switcher.current == "timeline"
        await old.remove()
        await switcher.mount(new, after=self._view_widget("people"))
        if self.view == "timeline":
            self._refresh_timeline()
            if row >= 0 and hasattr(new, "event_list"):
                new.event_list.move_cursor(row)
            if focused:
                self._focus_view("timeline")

    # -- editing ----------------------------------------------------------------------------
    def edit_target(self) -> tuple[str, int] | None:
        """(file, line) of what has focus: a profile (at a paper or entry), or a problem."""
        from .core.editor import ENTRY_KEYS, entry_line

        library = self.library
        view = self._focused_view()
        if library is None or view is None:
            return None
        person_id, field = "", ""
        if self.view == "people":
            item = view.list.item
            if item is None:
                return None
            person_id = library.people[item].id
            action = view.detail.action if view.detail.has_focus else None
            if action is not None and action.kind == "paper":
                work = int(action.value)
                if library.holds(item, work):
                    _, ref = library.entry_ref(library.entry_for(work, item))
                    field = f"papers[{ref}]"
        elif self.view == "papers":
            work = view.list.item
            if work is None:
                return None
            entry = library.entry_for(work, library.find_person(getattr(view, "scope", None)))
            person, ref = library.entry_ref(entry)
            person_id, field = person.id, f"papers[{ref}]"
        elif self.view == "timeline":
            event = view.current_event() if hasattr(view, "current_event") else None
            if event is not None and event.kind == "paper":
                person, ref = library.entry_ref(library.entry_for(event.ref, event.person))
                person_id, field = person.id, f"papers[{ref}]"
            elif event is not None:
                person_id = library.people[event.person].id
                field = f"{ENTRY_KEYS.get(event.kind, event.kind)}[{event.ref}]"
            else:
                person_id = self.current_person or ""
        elif self.view == "problems":
            item = view.list.item
            if item is None:
                return None
            problem = library.problems[item]
            return self._real_path(problem.path), problem.line
        if not person_id:
            return None
        path = self._real_path(library.source_of(person_id))
        return (path, entry_line(path, field)) if path else None

    def _real_path(self, shown: str) -> str:
        """The file to open for one the library names ``shown`` (names are shown escaped)."""
        return self._reloader.real_path(shown) if self._reloader is not None and shown else shown

    def action_edit(self) -> None:
        from .core.editor import EditorError, editor_command, is_bundled_file

        if self.read_only or self.library is None or self.screen is not self.screen_stack[0]:
            return
        target = self.edit_target()
        if target is None:
            self.notify("Nothing to edit here.", timeout=3)
            return
        path, line = target
        name = display_name(Path(path).name)
        if is_bundled_file(path):
            self.notify(
                Text(
                    f"{name} is bundled with cvtui and read-only. Copy it into your profiles "
                    "directory (cvtui --help tells where cvtui looks) to edit it."
                ).plain,
                severity="warning",
                timeout=8,
                markup=False,
            )
            return
        if not Path(path).is_file():
            self.notify(
                Text(f"{display_name(path)} is not a file.").plain, severity="error", markup=False
            )
            return
        try:
            argv = editor_command(path, line)
        except EditorError as exc:
            self.notify(
                Text(f"Cannot edit {name}: {exc}. Set $VISUAL or $EDITOR.").plain,
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        self.run_editor(argv)

    def run_editor(self, argv: list[str]) -> None:
        """Hand the terminal to ``argv`` until it exits, then reload what it changed."""
        import subprocess

        from textual.app import SuspendNotSupported

        def run() -> int | str:
            try:
                return subprocess.run(argv, check=False).returncode
            except OSError as exc:
                return exc.strerror or str(exc)

        if self.is_headless:  # no terminal to hand over (tests)
            outcome = run()
        else:
            try:
                with self.suspend():
                    outcome = run()
            except SuspendNotSupported:
                self.notify(
                    Text(
                        "This terminal cannot hand the screen to an editor: edit "
                        f"{display_name(argv[-1])} yourself; cvtui reloads it when it is saved."
                    ).plain,
                    severity="warning",
                    timeout=8,
                    markup=False,
                )
                return
        program = Path(argv[0]).name
        if isinstance(outcome, str):
            self.notify(
                Text(f"{program} could not be started: {outcome}").plain,
                severity="error",
                markup=False,
            )
            return
        if outcome != 0:
            self.notify(
                Text(f"{program} exited with status {outcome}").plain,
                severity="warning",
                markup=False,
            )
        self.reload_now()

    # -- exporting --------------------------------------------------------------------------
    def export_target(self) -> Any:
        """The papers ``x`` saves: the search's paper hits, the list on screen, or None."""
        screen = self.screen
        get = getattr(screen, "export_target", None)
        if get is not None:
            return get()
        if screen is not self.screen_stack[0] or self.library is None:
            return None
        view = self._focused_view()
        get = getattr(view, "export_target", None)
        if get is not None:
            return get()
        if self.view == "timeline":
            from .views.export import ExportTarget

            ids = list(getattr(view, "person_ids", ()))
            indices = list(dict.fromkeys(i for pid in ids for i in self.library.papers_of(pid)))
            name = f"{ids[0]}-papers.bib" if len(ids) == 1 else "cvtui-export.bib"
            return ExportTarget(indices, name, "papers on the timeline")
        return None

    def action_export(self) -> None:
        from .views.export import FileNameScreen

        modal = self.screen is not self.screen_stack[0]
        target = self.export_target()
        if target is None and modal:
            return  # another dialog is open
        library = self.library
        if target is None or library is None or not target.indices:
            self.notify("No papers to save here.", timeout=3)
            return
        indices = list(target.indices)
        if self.read_only:
            if self.is_web:
                self._download_bibtex(library, indices, target.file_name)
            return
        count = f"{len(indices):,} BibTeX entr{'y' if len(indices) == 1 else 'ies'}"
        self.push_screen(
            FileNameScreen(f"{count}: {target.what}", f"./{target.file_name}"),
            partial(self._export_to, library, indices),
        )

    def _export_to(self, library: Library, indices: list[int], answer: str | None) -> None:
        self._choose_file(
            lambda path, shown: self._write_bibtex(path, shown, library, indices), answer
        )

    def _choose_file(self, write: Callable[[Path, str], object], answer: str | None) -> None:
        """Write to the file named ``answer`` with ``write(path, answer)``: not over a
        directory, not into one that is missing, and over a file only once confirmed."""
        from .views.export import ConfirmScreen

        if not answer or self.read_only:
            return
        path = Path(answer).expanduser()
        problem = ""
        if path.is_dir():
            problem = "it is a directory"
        elif not path.parent.is_dir():
            problem = f"there is no directory {path.parent}"
        if problem:
            self.notify(
                Text(f"Not saved to {answer}: {problem}.").plain, severity="error", markup=False
            )
            return
        if path.exists():

            def confirmed(yes: bool | None) -> None:
                if yes:
                    write(path, answer)

            self.push_screen(
                ConfirmScreen(f"{answer} exists. Overwrite it?", "Overwrite?"), confirmed
            )
            return
        write(path, answer)

    def _write_copy(self, path: Path, shown: str, text: str) -> None:
        self._save_text(path, shown, lambda: text, f"Saved to {shown}")

    def _download_bibtex(self, library: Library, indices: list[int], file_name: str) -> None:
        """In a browser: hand the BibTeX to it as a download; nothing is written here."""
        import io

        from .core.exchange.bibtex import papers_to_bibtex
        from .views.export import safe_file_stem

        name = safe_file_stem(file_name.removesuffix(".bib")) + ".bib"
        self.deliver_text(
            io.StringIO(papers_to_bibtex(library, indices)),
            save_filename=name,
            open_method="download",
            mime_type="application/x-bibtex",
        )
        entries = f"{len(indices):,} entr{'y' if len(indices) == 1 else 'ies'}"
        self.notify(Text(f"Downloading {entries} as {name}").plain, timeout=5, markup=False)

    def _write_bibtex(self, path: Path, shown: str, library: Library, indices: list[int]) -> None:
        from .core.exchange.bibtex import papers_to_bibtex

        entries = f"{len(indices):,} entr{'y' if len(indices) == 1 else 'ies'}"
        self._save_text(
            path, shown, lambda: papers_to_bibtex(library, indices), f"Saved {entries} to {shown}"
        )

    @work(thread=True, group="export", exit_on_error=False)
    def _save_text(self, path: Path, shown: str, make: Callable[[], str], done: str) -> None:
        """Write ``make()`` to ``path`` atomically, off the screen's thread, and say so."""
        from .core.atomic import atomic_write_text

        try:
            atomic_write_text(path, make())
        except Exception as exc:  # an unwritable place must never take the app down
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.call_from_thread(
                self.notify,
                Text(f"Could not save {shown}: {reason}").plain,
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        self.call_from_thread(self.notify, Text(done).plain, timeout=5, markup=False)

    async def action_quit(self) -> None:
        self.exit(0)


def _names(names: list[str]) -> str:
    """``a, b and 3 more``: file names for a short notice."""
    if len(names) <= 3:
        return ", ".join(names)
    return f"{', '.join(names[:2])} and {len(names) - 2} more"


def run(paths: Sequence[str | os.PathLike[str]] | None = None, no_cache: bool = False) -> int:
    """Run the browser until the user quits; the exit code for the command line."""
    app = CvtuiApp(paths=[Path(p) for p in paths] if paths else None, no_cache=no_cache)
    result = app.run()
    if app.return_code not in (None, 0):
        return int(app.return_code or 1)
    return int(result or 0)
