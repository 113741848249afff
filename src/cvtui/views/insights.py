"""The Insights view: pictures of a body of work — output over time, venues, who works with
whom, topics and reported metrics — for a scope the user picks.

How the shell uses it::

    view = InsightsView(library, scopes=app_scopes, id="insights")
    # app_scopes() -> [("library", Scope.library()), ("person", Scope.of_person(id)), …]
    # (see offered_scopes); enter on a bar posts messages.OpenWorks(title, works).

Keys: ``[``/``]`` the previous/next figure, arrows or ``h j k l`` move between bars, cells
and people, ``enter`` opens the works behind the one under the cursor, ``v`` switches
between the chart and the table of its numbers, ``s`` the next scope, ``S`` saves the view
as an SVG picture. Figures are computed in a worker thread (the first one of a large
library also builds the index they read), the one on screen first.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static
from textual.worker import get_current_worker

from .. import messages
from ..core.insights import FIGURE_TITLES, FIGURES, Insights, Scope
from ..core.insights.tables import figure_table
from ..widgets.collab_graph import paint_graph
from ..widgets.insight_bars import paint_coauthors, paint_output, paint_pairs, paint_venues
from ..widgets.insight_canvas import InsightCanvas
from ..widgets.insight_grid import paint_matrix, paint_metrics, paint_table, paint_topics
from ..widgets.insight_paint import Painting, Piece

if TYPE_CHECKING:
    from ..core.library import Library
    from .export import ExportTarget
    from .papers import PapersView
    from .targets import EditTarget

__all__ = ["SCOPE_NAMES", "InsightsView", "offered_scopes"]

SCOPE_NAMES = {
    "library": "library",
    "person": "person",
    "marked": "marked",
    "filter": "filter",
}
"""The scopes ``s`` goes through, in order (those the app does not offer are skipped)."""
TAB_NAMES = {**FIGURE_TITLES, "output": "Output", "pairs": "Pairs"}

ScopeChoices = Callable[[], Sequence[tuple[str, Scope]]]


def offered_scopes(
    person: str | None,
    marked: frozenset[str],
    library: Library | None,
    papers: PapersView | None,
) -> list[tuple[str, Scope]]:
    """What ``s`` goes through: the library, "this person", the marked people, and the
    Papers list while it is filtered."""
    scopes: list[tuple[str, Scope]] = [("library", Scope.library())]
    if library is None:
        return scopes
    if person:
        scopes.append(("person", Scope.of_person(person)))
    if marked:
        chosen = sorted(marked, key=lambda pid: library.find_person(pid) or 0)
        scopes.append(("marked", Scope.of_people(chosen)))
    if papers is not None and papers.query_text:
        label = f"Papers matching {papers.query_text!r}"
        scopes.append(("filter", Scope.of_works(papers.list.items, label)))
    return scopes


class InsightsView(Vertical):
    """Tabs of figures over a chart (or table), with the numbers under the cursor below."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right_square_bracket", "figure(1)", "Figure", id="insights.next_figure"),
        Binding(
            "left_square_bracket",
            "figure(-1)",
            "Previous figure",
            show=False,
            id="insights.previous_figure",
        ),
        Binding("v", "toggle_table", "Chart/table", id="insights.table"),
        Binding("s", "next_scope", "Scope", id="insights.scope"),
        Binding("S", "save_picture", "Save SVG", id="insights.save"),
    ]

    DEFAULT_CSS = """
    InsightsView {
        height: 1fr;
        & > .insights-line { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
        & > #insights-tabs { color: $foreground; }
        & > InsightCanvas { padding: 0 1; }
        & > #insights-detail { color: $foreground; background: $panel; }
    }
    """

    def __init__(
        self,
        library: Library,
        *,
        scopes: ScopeChoices | None = None,
        today: _dt.date | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.library = library
        self.scopes: ScopeChoices = scopes or (lambda: [("library", Scope.library())])
        self.today = today
        self.figure = FIGURES[0]
        self.table = False
        self.scope_kind = "library"
        self.insights = Insights(library, Scope.library(), now=self._now())
        self._cursors: dict[tuple[str, bool], int] = {}
        self._painted_for: tuple[object, ...] = ()
        self.last_saved: str | None = None
        """The file the last picture went to."""

    def _now(self) -> int | None:
        return self.today.year if self.today is not None else None

    def compose(self) -> ComposeResult:
        yield Static("", id="insights-tabs", classes="insights-line", markup=False)
        yield Static("", id="insights-scope", classes="insights-line", markup=False)
        yield InsightCanvas(id="insights-canvas")
        yield Static("", id="insights-detail", classes="insights-line", markup=False)

    @property
    def canvas(self) -> InsightCanvas:
        return self.query_one(InsightCanvas)

    def focus_default(self) -> None:
        self.canvas.focus()

    # -- what the shell asks (c, o, e and x have nothing to act on in a picture) -------------
    def copy_target(self) -> tuple[str, str] | None:
        return None

    def open_target(self) -> str | None:
        return None

    def edit_target(self) -> EditTarget | None:
        return None

    def export_target(self) -> ExportTarget | None:
        return None

    def context_person(self) -> str | None:
        return None

    def place_label(self) -> str:
        return f"Insights: {TAB_NAMES.get(self.figure, self.figure)}"

    def snapshot(self) -> tuple[str, bool]:
        return self.figure, self.table

    def restore(self, state: object) -> None:
        if isinstance(state, tuple) and len(state) == 2:
            self.table = bool(state[1])
            self.show_figure(str(state[0]))

    # -- scope ----------------------------------------------------------------------------
    def on_show(self) -> None:
        self.refresh_scope()

    def refresh_scope(self) -> None:
        """Follow the app: the current person or the marked people may have changed (a
        filter's works are kept as they were when chosen)."""
        if self.scope_kind == "filter":
            self._show()
            return
        offered = dict(self.scopes())
        scope = offered.get(self.scope_kind)
        if scope is None:
            self.scope_kind, scope = "library", Scope.library()
        self.set_scope(self.scope_kind, scope)

    def set_scope(self, kind: str, scope: Scope) -> None:
        """Show the figures of ``scope`` (``kind``: which of :data:`SCOPE_NAMES` it is)."""
        if (
            kind == self.scope_kind
            and scope == self.insights.scope
            and (kind != "filter" or scope.works == self.insights.scope.works)
        ):
            self._show()
            return
        self.scope_kind = kind
        self.insights = Insights(self.library, scope, now=self._now())
        self._cursors.clear()
        self._show()

    def action_next_scope(self) -> None:
        offered = dict(self.scopes())
        names = [name for name in SCOPE_NAMES if name in offered]
        if not names:
            return
        position = names.index(self.scope_kind) if self.scope_kind in names else -1
        kind = names[(position + 1) % len(names)]
        self.set_scope(kind, offered[kind])
        if len(names) == 1:
            self.app.notify(
                "Only the whole library to show: select a person, mark people (space) or "
                "filter the papers for another scope.",
                timeout=4,
            )

    # -- figures --------------------------------------------------------------------------
    def action_figure(self, step: int) -> None:
        self._keep_cursor()
        self.figure = FIGURES[(FIGURES.index(self.figure) + step) % len(FIGURES)]
        self._show()

    def show_figure(self, name: str) -> None:
        if name in FIGURES:
            self._keep_cursor()
            self.figure = name
            self._show()

    def action_toggle_table(self) -> None:
        self._keep_cursor()
        self.table = not self.table
        self._show()

    def _keep_cursor(self) -> None:
        if self.canvas.cursor >= 0:
            self._cursors[(self.figure, self.table)] = self.canvas.cursor

    def _show(self) -> None:
        """Draw the figure on screen, or compute it first (in a worker)."""
        self._update_lines()
        insights = self.insights
        name = self.figure
        if insights.library.partial:  # people first: their works are still being read
            self.canvas.show(_message("Reading the works… the figures follow in a moment."))
            self._painted_for = ()
            return
        if insights.is_ready("matrix" if name == "matrix" else name) or (
            name == "matrix" and insights.is_ready("pairs")
        ):
            self._paint()
            return
        size = len(insights.library.papers)
        building = "" if _index_ready(insights) else f" (indexing {size:,} works, once)"
        self.canvas.show(_message(f"Computing {FIGURE_TITLES[name].lower()}…{building}"))
        self._painted_for = ()
        self._compute(insights, name)

    @work(thread=True, exclusive=True, group="insights", exit_on_error=False)
    def _compute(self, insights: Insights, name: str) -> None:
        worker = get_current_worker()
        try:
            insights.figure(name)
        except Exception as exc:  # a figure that cannot be drawn must not stop the app
            self.app.call_from_thread(self._failed, insights, name, exc)
            return
        if worker.is_cancelled:
            return
        self.app.call_from_thread(self._computed, insights, name)
        try:
            insights.compute_all(lambda: worker.is_cancelled)
        except Exception:
            return  # each figure says so when it is shown

    def _failed(self, insights: Insights, name: str, exc: Exception) -> None:
        if insights is self.insights and name == self.figure:
            reason = Text(f"{type(exc).__name__}: {exc}").plain
            self.canvas.show(_message(f"{FIGURE_TITLES[name]} could not be computed: {reason}"))

    def _computed(self, insights: Insights, name: str) -> None:
        if insights is self.insights and name == self.figure:
            self._paint()

    def on_insight_canvas_resized(self, message: InsightCanvas.Resized) -> None:
        message.stop()
        if self._painted_for and self._painted_for[3:] != self.canvas.area:
            self._paint()

    def _paint(self) -> None:
        width, height = self.canvas.area
        key = (self.insights, self.figure, self.table, width, height)
        cursor = self._cursors.get((self.figure, self.table))
        painting = self._painting(width, height, cursor or 0)
        if cursor is None:
            cursor = painting.start or 0  # works per year: the latest year
        self.canvas.show(painting, cursor)
        self._painted_for = key

    def _painting(self, width: int, height: int, cursor: int) -> Painting:
        insights = self.insights
        name = self.figure
        if self.table:
            return paint_table(figure_table(insights, name), width)
        if name == "output":
            return paint_output(insights.output(), width)
        if name == "venues":
            return paint_venues(insights.venues(), width)
        if name == "coauthors":
            people = insights.library.people
            names = {people[m].id: people[m].name for m in insights.resolved.members}
            return paint_coauthors(insights.coauthors(), width, names)
        if name == "pairs":
            return paint_pairs(insights.pairs(), width)
        if name == "matrix":
            return paint_matrix(insights.pairs().matrix, width, insights.shared)
        if name == "graph":
            return paint_graph(insights.graph(), width, height, cursor, insights.shared)
        if name == "topics":
            return paint_topics(insights.topics(), width)
        return paint_metrics(insights.metrics(), width)

    # -- the lines around the chart -------------------------------------------------------
    def _update_lines(self) -> None:
        tabs = Text(no_wrap=True, overflow="ellipsis")
        for name in FIGURES:
            label = f" {TAB_NAMES[name]} "
            tabs.append(label, style="bold reverse" if name == self.figure else "")
        tabs.append("  [ ] figure · v " + ("chart" if self.table else "table"), style="dim")
        self.query_one("#insights-tabs", Static).update(tabs)
        resolved = self.insights.resolved
        scope = Text(no_wrap=True, overflow="ellipsis")
        scope.append("Scope: ", style="dim")
        scope.append(resolved.label, style="bold")
        scope.append(f" · {len(resolved.works):,} works", style="")
        offered = dict(self.scopes())
        choices = [name for name in SCOPE_NAMES if name in offered]
        if len(choices) > 1:
            scope.append("  s: ", style="dim")
            for n, name in enumerate(choices):
                if n:
                    scope.append(" ▸ ", style="dim")
                style = "bold underline" if name == self.scope_kind else "dim"
                scope.append(SCOPE_NAMES[name], style=style)
        self.query_one("#insights-scope", Static).update(scope)

    def on_insight_canvas_moved(self, message: InsightCanvas.Moved) -> None:
        message.stop()
        target = message.target
        detail = Text(no_wrap=True, overflow="ellipsis")
        if target is not None:
            detail.append(target.detail)
            if target.works or target.works_of is not None:
                detail.append("  · enter: open these works", style="dim")
        self.query_one("#insights-detail", Static).update(detail)
        if self.figure == "graph" and not self.table and target is not None:
            cursor = self.canvas.cursor
            if self._cursors.get(("graph", False)) != cursor:
                self._cursors[("graph", False)] = cursor
                self.call_later(self._paint)

    def on_insight_canvas_chosen(self, message: InsightCanvas.Chosen) -> None:
        message.stop()
        works = tuple(message.target.resolve_works())
        if not works:
            self.app.notify("No works behind this.", timeout=3)
            return
        self.post_message(messages.OpenWorks(message.target.caption or "Works", works))

    # -- the library ----------------------------------------------------------------------
    def swap_library(self, library: Library) -> None:
        """After a reload: the same figure and scope, counted again in ``library``."""
        old, scope = self.library, self.insights.scope
        self.library = library
        if scope.kind == "works":
            keys = [old.work_key(w) for w in scope.works if 0 <= w < len(old.papers)]
            moved = [library.work_by_key(k) for k in keys]
            scope = Scope.of_works([w for w in moved if w is not None], scope.label)
        self.insights = Insights(library, scope, now=self._now())
        if self.is_attached and self.display:
            self._show()

    # -- a picture ------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Saving a picture is off in a read-only session (a download in a browser)."""
        return self.app.check_action(action, parameters)

    def action_save_picture(self) -> None:
        from .export import FileNameScreen

        app = self.app
        if not self.check_action("save_picture", ()):
            app.notify("This session is read-only: pictures are not saved.", timeout=4)
            return
        svg = app.export_screenshot(title=f"cvtui — {FIGURE_TITLES[self.figure]}")
        name = f"cvtui-insights-{self.figure}.svg"
        if app.is_web:  # a browser session: the picture is a download, nothing written here
            import io

            app.deliver_text(
                io.StringIO(svg),
                save_filename=name,
                open_method="download",
                mime_type="image/svg+xml",
            )
            return
        self.app.push_screen(
            FileNameScreen(
                f"{FIGURE_TITLES[self.figure]}: {self.insights.label}",
                f"./{name}",
                heading="Save picture (SVG)",
            ),
            partial(self._save_to, svg),
        )

    def _save_to(self, svg: str, answer: str | None) -> None:
        from .export import ConfirmScreen, save_problem

        if not answer:
            return
        path = Path(answer).expanduser()
        problem = save_problem(path)
        if problem:
            self.app.notify(
                Text(f"Not saved to {answer}: {problem}.").plain, severity="error", markup=False
            )
            return
        if path.exists():

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._write(path, answer, svg)

            self.app.push_screen(
                ConfirmScreen(f"{answer} exists. Overwrite it?", "Overwrite?"), confirmed
            )
            return
        self._write(path, answer, svg)

    def _write(self, path: Path, shown: str, svg: str) -> None:
        from ..core.atomic import atomic_write_text

        try:
            atomic_write_text(path, svg)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.app.notify(
                Text(f"Could not save {shown}: {reason}").plain, severity="error", markup=False
            )
            return
        self.app.notify(Text(f"Saved the picture to {shown}").plain, timeout=4, markup=False)
        self.last_saved = str(path)


def _index_ready(insights: Insights) -> bool:
    from ..core.insights.index import has_index

    return has_index(insights.library)


def _message(text: str) -> Painting:
    painting = Painting()
    painting.add([Piece(text, "muted")])
    return painting
