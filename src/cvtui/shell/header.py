"""The header line: the views and their keys, a breadcrumb of where you are, and the counts."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import ProgressBar, Static

from ..core.model import Library
from ..keymap import key_label
from ..widgets.header_counts import header_counts

__all__ = [
    "KEYS_WHILE_TOO_SMALL",
    "MIN_HEIGHT",
    "MIN_WIDTH",
    "VIEWS",
    "VIEW_TITLES",
    "AppHeader",
    "LoadingPanel",
    "TooSmall",
    "breadcrumb",
    "size_classes",
]

MIN_WIDTH, MIN_HEIGHT = 30, 8
REDUCED_WIDTH, REDUCED_HEIGHT = 60, 20
"""Below this, a reduced layout: one pane at a time, no footer, only the current view's tab."""
WIDE_WIDTH, TALL_HEIGHT = 80, 24
KEYS_WHILE_TOO_SMALL = frozenset({"q", "ctrl+c", "ctrl+q"})
"""The only keys that act while the terminal is too small: the ones that quit."""


def size_classes(width: int, height: int) -> frozenset[str]:
    """The screen's classes for a terminal this size: ``-too-small`` (only a notice),
    ``-reduced`` (one pane, no footer) and ``-narrow`` (below 80×24)."""
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return frozenset({"-too-small"})
    found = set()
    if width < WIDE_WIDTH or height < TALL_HEIGHT:
        found.add("-narrow")
    if width < REDUCED_WIDTH or height < REDUCED_HEIGHT:
        found.add("-reduced")
    return frozenset(found)


VIEWS: tuple[str, ...] = ("people", "timeline", "papers", "insights", "problems")
VIEW_TITLES = {
    "people": "People",
    "timeline": "Timeline",
    "papers": "Papers",
    "insights": "Insights",
    "problems": "Problems",
}
COMPACT_BELOW = 110
"""Columns under which the views not shown are named by their key alone."""
STEP_WIDTH = 18
"""The most columns a step behind the current one takes in the breadcrumb."""


def _shorten(label: str, width: int) -> str:
    return label if len(label) <= width else label[: max(1, width - 1)] + "…"


def breadcrumb(behind: Sequence[str], here: str, ahead: int = 0) -> str:
    """``‹2 Junwu Xiong › MATE… › Papers ›1``: how many steps are behind, the last two, the
    view shown now, and how many steps are ahead ("" before the first jump)."""
    if not behind and not ahead:
        return ""
    steps = [_shorten(label, STEP_WIDTH) for label in behind[-2:]]
    count = f"‹{len(behind)} " if behind else ""
    more = f" ›{ahead}" if ahead else ""
    return count + " › ".join([*steps, here]) + more


class AppHeader(Horizontal):
    """One line: the name, the views with their keys, the breadcrumb, the counts and problems."""

    DEFAULT_CSS = """
    AppHeader {
        height: 1;
        background: $panel;
        & > Static { width: auto; height: 1; padding: 0 1; }
        & > #brand { background: $primary; color: $text; text-style: bold; }
        & > .tab { color: $text-muted; }
        & > .tab.-active { background: $boost; color: $text-accent; text-style: bold underline; }
        & > .tab.-hidden { display: none; }
        & > #trail { width: 1fr; color: $text; text-style: italic; display: none; }
        & > #trail.-shown { display: block; }
        & > #counts { width: 1fr; color: $text-muted; text-align: right; }
        & > #problem-count { color: $text-warning; text-style: bold; display: none; }
        & > #problem-count.-shown { display: block; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view = "people"
        self._shown: tuple[str, Library | None, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static("cvtui", id="brand", markup=False)
        for key, name in enumerate(VIEWS, start=1):
            yield Static(
                f"{key} {VIEW_TITLES[name]}", id=f"tab-{name}", classes="tab", markup=False
            )
        yield Static("", id="trail", markup=False)
        yield Static("", id="counts", markup=False)
        yield Static("", id="problem-count", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        if self._shown is not None:
            self.show(*self._shown)
        else:
            self._label_tabs(event.size.width)

    def _label_tabs(self, width: int) -> list[str]:
        """Name each tab with the key bound to it now (the config may remap them); the
        labels on screen (in the reduced layout only the current view's)."""
        compact = width < COMPACT_BELOW and self.query_one("#trail").has_class("-shown")
        reduced = self.screen.has_class("-reduced")
        shown: list[str] = []
        for number, name in enumerate(VIEWS, start=1):
            tab = self.query_one(f"#tab-{name}", Static)
            key = key_label(self, f"app.view_{name}", str(number))
            short = compact and name != self._view
            label = key if short else f"{key} {VIEW_TITLES[name]}"
            tab.update(Text(label))
            if not tab.has_class("-hidden") and (name == self._view or not reduced):
                shown.append(label)
        return shown

    def show(self, view: str, library: Library | None, trail: str = "") -> None:
        self._view = view
        self._shown = (view, library, trail)
        for name in VIEWS:
            tab = self.query_one(f"#tab-{name}", Static)
            tab.set_class(name == view, "-active")
            tab.set_class(
                name == "problems" and (library is None or not library.problems), "-hidden"
            )
        trail_widget = self.query_one("#trail", Static)
        trail_widget.update(Text(trail, no_wrap=True, overflow="ellipsis"))
        trail_widget.set_class(bool(trail), "-shown")
        width = self.size.width or self.app.size.width
        shown = self._label_tabs(width)
        if not self.screen.has_class("-reduced"):
            shown.append("cvtui")
        if trail:
            shown.append(trail)
        # The counts and the problems badge shorten to fit beside the tabs (the paper count
        # is the last thing they lose).
        room = width - sum(len(text) + 2 for text in shown)
        counts, badge = header_counts(library, room, key_label(self, "app.view_problems", "5"))
        counts_widget = self.query_one("#counts", Static)
        counts_widget.update(Text(counts))
        # With a breadcrumb the counts make room: the People caption says how many there are.
        counts_widget.display = not trail or width >= COMPACT_BELOW
        problems = self.query_one("#problem-count", Static)
        problems.update(Text(badge))
        problems.set_class(bool(badge), "-shown")


class TooSmall(Static):
    """Shown instead of the views when the terminal is smaller than cvtui can draw."""

    DEFAULT_CSS = """
    TooSmall { display: none; width: 1fr; height: 1fr; content-align: center middle;
               text-align: center; color: $text-warning; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        notice = f"Terminal too small.\ncvtui needs at least {MIN_WIDTH}×{MIN_HEIGHT}."
        super().__init__(Text(notice), id=id)


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

    def show_progress(self, done: int, total: int) -> None:
        for bar in self.query("#loading-bar").results(ProgressBar):
            bar.update(total=total, progress=done)
        for label in self.query("#loading-label").results(Static):
            label.update(Text(f"Loading profiles… {done:,} of {total:,} files"))
