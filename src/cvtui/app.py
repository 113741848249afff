"""The browser's shell: it composes the header and the five views, binds the keys that work
everywhere and switches views; each workflow is a module of :mod:`cvtui.shell`. Views post the
messages of :mod:`cvtui.messages` (handled here with ``@on``) and answer what keys act on
through :class:`~cvtui.views.targets.ViewTargets`. ``current_person`` is "this person": the
person of the item under the cursor. Every frame passes :func:`cvtui.terminal_guard.guard`;
``read_only=True`` (``cvtui serve``) leaves out what writes a file (:mod:`cvtui.read_only`).
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Container
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer

from . import frame_clock, messages
from . import read_only as read_only_policy
from .clipboard import over_ssh
from .config import Config, load_config
from .core.model import Library
from .core.problems import Problem
from .core.text import sanitize
from .shell.copying import Copying
from .shell.editing import Editing
from .shell.exporting import Exporting
from .shell.header import (
    KEYS_WHILE_TOO_SMALL,
    VIEW_TITLES,
    VIEWS,
    AppHeader,
    LoadingPanel,
    TooSmall,
    size_classes,
)
from .shell.keys import APP_BINDINGS, BEFORE_VIEWS
from .shell.loading import Loading
from .shell.navigation import Navigation
from .shell.palette import CvtuiCommands, library_hits
from .shell.reloading import ProfilesChanged, Reloading
from .terminal_guard import guard

if TYPE_CHECKING:
    from .views.targets import ViewTargets

V = TypeVar("V", bound=Widget)

__all__ = ["VIEWS", "CvtuiApp", "run"]


class CvtuiApp(App[int]):
    """Browse people, timelines and papers."""

    CSS_PATH = Path(__file__).parent / "cvtui.tcss"
    TITLE = "cvtui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[Any]] = {CvtuiCommands, library_hits}

    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

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
        frame_clock.install()  # a frame soon after another is drawn on time
        self.animations_allowed = config.animation and not over_ssh()
        self.cursor_blink = self.animations_allowed
        super().__init__()
        if not self.animations_allowed:
            self.animation_level = "none"
        self.library: Library | None = library
        self.paths, self.no_cache = paths, no_cache
        self.today = today
        """Fixes "now" for the timeline (tests and screenshots); None means the real date."""
        self.read_only = read_only
        """No action writes a file (see :mod:`cvtui.read_only`); the theme is not remembered."""
        self.loading, self.reloading = Loading(self), Reloading(self)
        self.navigation, self.editing = Navigation(self), Editing(self)
        self.exporting, self.copying = Exporting(self), Copying(self)
        self._too_small = False
        if config.keymap:
            self.set_keymap(dict(config.keymap))

    # -- output -----------------------------------------------------------------------------
    def _display(self, screen: Any, renderable: Any) -> None:
        """Every frame goes out through the guard: no control character from any text."""
        super()._display(screen, guard(renderable))

    def notify(self, message: str, *, title: str = "", **options: Any) -> None:
        """A notification; its text is often a file name or a message quoting one."""
        super().notify(sanitize(str(message)), title=sanitize(title), **options)

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield AppHeader(id="app-header")
        with Container(id="main"):
            library = self.library
            yield LoadingPanel(id="loading") if library is None else self.loading.views(library)
        yield TooSmall(id="too-small")
        yield Footer(compact=True, show_command_palette=True)

    def on_mount(self) -> None:
        from .themes import install_themes_or_report

        remember = not self.read_only
        self.config_problems.extend(install_themes_or_report(self, self.config.theme, remember))
        self._apply_size(self.size.width, self.size.height)
        self.update_header()
        if self.library is None:
            self.loading.start()
        else:  # composed with the app: mounted before it
            self.loading.views_ready = True
            self.loading.views_mounted()

    def on_unmount(self) -> None:
        self.reloading.stop()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_size(event.size.width, event.size.height)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.loading.last_key = time.monotonic()
            # While only the too-small message shows, a key must not act on views nobody sees.
            if self._too_small and event.key not in KEYS_WHILE_TOO_SMALL:
                event.stop()
                return
        await super().on_event(event)

    def _apply_size(self, width: int, height: int) -> None:
        classes = size_classes(width, height)
        self._too_small = "-too-small" in classes
        reduced = "-reduced" in classes
        for name in ("-too-small", "-narrow"):
            self.screen.set_class(name in classes, name)
        if reduced != self.screen.has_class("-reduced"):
            self.screen.set_class(reduced, "-reduced")
            self.update_header()

    # -- the views --------------------------------------------------------------------------
    def view_widget(self, name: str) -> ViewTargets | None:
        for view in self.query(f"#views > #{name}"):
            return view  # type: ignore[return-value]  # each of the five is a ViewTargets
        return None

    def shown_view(self) -> ViewTargets | None:
        return self.view_widget(self.view) if self.screen is self.screen_stack[0] else None

    def shown_view_focus(self) -> None:
        view = self.view_widget(self.view)
        if view is not None:
            view.focus_default()

    def view_of(self, kind: type[V]) -> V | None:
        """The one view of this class (None while loading)."""
        for view in self.query(kind):
            return view
        return None

    def update_header(self) -> None:
        self.query_one(AppHeader).show(self.view, self.library, self.navigation.trail())

    def refresh_view(self) -> None:
        """The Timeline and a person's Papers show "this person" when they are shown."""
        from .views.papers import PapersView
        from .views.timeline import TimelineView

        person, library = self.current_person, self.library
        timeline, papers = self.view_of(TimelineView), self.view_of(PapersView)
        if self.view == "timeline" and timeline is not None and library is not None:
            marked = sorted(self.selected_people, key=lambda p: library.find_person(p) or 0)
            timeline.show_people([p for p in (person, *marked) if p])
        elif self.view == "papers" and papers is not None:
            papers.arrive_from(person)
            self.current_person = papers.context_person() or person

    def watch_view(self, new: str) -> None:
        for switcher in self.query("#views").results(ContentSwitcher):
            switcher.current = new
        self.refresh_view()
        self.shown_view_focus()
        self.update_header()

    def watch_selected_people(self) -> None:
        self.refresh_view()

    # -- messages from the views ------------------------------------------------------------
    @on(messages.ContextChanged)
    def _on_context(self, message: messages.ContextChanged) -> None:
        if message.person_id is not None:
            self.current_person = message.person_id

    @on(messages.MarksChanged)
    def _on_marks(self, message: messages.MarksChanged) -> None:
        self.selected_people = message.person_ids

    @on(messages.Jump)
    def _on_jump(self, message: messages.Jump) -> None:
        self.navigation.follow(message)

    @on(ProfilesChanged)
    def _on_profiles_changed(self, message: ProfilesChanged) -> None:
        self.reloading.changed(message.names)

    @on(messages.OpenLink)
    def _on_link(self, message: messages.OpenLink) -> None:
        self.copying.open_url_safely(message.url)

    # -- actions ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Actions that write files are off (not run, not offered) in a read-only session;
        those that act on a view wait until the views are mounted."""
        if not self.loading.views_ready and action not in BEFORE_VIEWS:
            return False
        return read_only_policy.allows(action, read_only=self.read_only, in_browser=self.is_web)

    def action_show_view(self, name: str) -> None:
        if self.library is None or name not in VIEWS:
            return
        if name == "problems" and not self.library.problems:
            self.notify("No problems while loading.", timeout=3)
            return
        if self.screen is not self.screen_stack[0]:
            self.pop_screen()
        shown = self.shown_view()  # "this person" is the one of the item under the cursor
        person = shown.context_person() if shown is not None else None
        self.current_person = person or self.current_person
        self.view = name

    def action_cycle_view(self, step: int) -> None:
        if self.library is not None:
            names = [v for v in VIEWS if v != "problems" or self.library.problems]
            position = names.index(self.view) if self.view in names else 0
            self.action_show_view(names[(position + step) % len(names)])

    def action_go_back(self) -> None:
        self.navigation.back()

    def action_go_forward(self) -> None:
        self.navigation.forward()

    def action_help(self) -> None:
        from .views.help import HelpScreen, help_groups

        if self.screen is self.screen_stack[0]:
            view = self.query_one(f"#{self.view}") if self.library is not None else None
            title = VIEW_TITLES.get(self.view, "cvtui")
            groups = help_groups(self, view, f"{title} view")
            self.push_screen(HelpScreen(groups, f"Keys — {title}"))

    def action_search(self, query: str = "") -> None:
        from .views.search import SearchScreen

        if self.library is not None:
            self.push_screen(SearchScreen(self.library, query), self.navigation.jump_to_hit)

    def action_copy(self) -> None:
        self.copying.copy()

    def action_copy_as(self) -> None:
        self.copying.copy_as()

    def action_open(self) -> None:
        self.copying.open()

    def action_export(self) -> None:
        self.exporting.export()

    def action_edit(self) -> None:
        self.editing.edit()

    async def action_quit(self) -> None:
        self.exit(0)


def run(paths: Sequence[str | os.PathLike[str]] | None = None, no_cache: bool = False) -> int:
    """Run the browser until the user quits; the exit code for the command line."""
    app = CvtuiApp(paths=[Path(p) for p in paths] if paths else None, no_cache=no_cache)
    result = app.run()
    app.reloading.persist()  # an edit shown in the last second: kept for the next start
    if app.return_code not in (None, 0):
        return int(app.return_code or 1)
    return int(result or 0)
