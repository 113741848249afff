"""Search over everything: one input, hits grouped by kind, enter jumps to the hit's view.

Queries run in a thread worker; a newer keystroke cancels the older query and the list is
replaced when results are ready, so typing never waits. Matches are highlighted from the
engine's character spans (styles on the text, never markup). What the query could not use
is shown under the input.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, NamedTuple

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from ..core.search.reasons import Reason, reason_of
from ..keymap import key_label
from ..widgets.list_cells import Cell
from ..widgets.list_columns import Column
from ..widgets.virtual_list import VirtualList
from .export import ExportTarget
from .filtering import FIRST_SCREEN, LazyHighlights, search_index

__all__ = ["KIND_ORDER", "SearchScreen", "hit_reason", "search_library"]

KIND_ORDER = {"person": 0, "people": 0, "paper": 1, "papers": 1, "event": 2, "events": 2}
KIND_LABEL = {0: "person", 1: "paper", 2: "event"}
LIMIT = 200


class SearchOutcome(NamedTuple):
    hits: list[Any]
    problems: list[str]


def search_library(
    library: Any, query: str, limit: int = LIMIT, should_stop: Any = lambda: False
) -> SearchOutcome:
    """Hits for ``query`` over people, papers and events, grouped by kind, best first."""
    if not query.strip():
        return SearchOutcome([], [])
    found = search_index(library).search_with_info(query, None, limit, None, should_stop)
    seen: set[tuple[str, int]] = set()
    hits: list[Any] = []
    for hit in found.hits:
        key = (str(hit.kind), int(hit.index))
        if key in seen or key[1] < 0:
            continue
        if key[0] == "event" and library.events[key[1]].kind == "paper":
            continue
        seen.add(key)
        hits.append(hit)
    problems = [str(p) for p in found.problems]
    hits.sort(key=lambda h: (KIND_ORDER.get(str(h.kind), 3), -float(h.score)))
    return SearchOutcome(hits[:limit], problems)


def hit_reason(library: Any, hit: Any) -> Reason | None:
    """Where the hit matched when its title does not show it (see :mod:`reasons`)."""
    if int(hit.index) < 0:
        return None
    index = search_index(library)
    return reason_of(
        str(hit.kind),
        dict(hit.spans or {}),
        lambda field: index.field_text(str(hit.kind), int(hit.index), field),
    )


def title_spans(hit: Any) -> list[tuple[int, int]]:
    spans = dict(getattr(hit, "spans", None) or {})
    for field in ("title", "name"):
        if field in spans:
            value = spans[field]
            if value and isinstance(value[0], int):
                return [tuple(value)]
            return [(int(s), int(e)) for s, e in value]
    return []


PLACEHOLDER = "people, papers, events · author: venue: year: !not"
"""Short enough to be read whole in the narrowest terminal cvtui draws (60 columns)."""


class SearchScreen(ModalScreen[Any]):
    """The global search: dismissed with the chosen hit (or None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close search", id="search.close"),
        Binding("down,ctrl+n,ctrl+j", "results", "To the results", show=False, id="search.results"),
        Binding("ctrl+k", "query", "To the query", show=False, id="search.query"),
        Binding("x", "export", "Save BibTeX of the paper hits", show=False, id="search.export"),
    ]

    DEFAULT_CSS = """
    SearchScreen {
        align: center top;
        & > Vertical {
            margin-top: 1;
            width: 96%;
            max-width: 120;
            height: 90%;
            border: round $primary;
            border-title-color: $text-primary;
            background: $surface;
        }
        & Input { border: none; height: 1; padding: 0 1; background: $boost; }
        & #search-problems { height: auto; color: $text-warning; padding: 0 1; display: none; }
        & #search-problems.-shown { display: block; }
        & #search-status { height: 1; color: $text-muted; padding: 0 1; }
        & VirtualList { height: 1fr; }
    }
    """

    def __init__(self, library: Any, query: str = "") -> None:
        super().__init__()
        self.library = library
        self.initial = query
        self.hits: list[Any] = []
        self.query_text = query
        self._shown_problems: list[str] = []
        self._reasons: dict[int, Reason | None] = {}  # id of a shown hit → why it matched
        self._status = "Type to search"

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Search everything"
            yield Input(
                self.initial,
                placeholder=PLACEHOLDER,
                compact=True,
                id="search-input",
            )
            yield Static("", id="search-problems", markup=False)
            yield Static("Type to search", id="search-status", markup=False)
            yield VirtualList(
                [
                    Column("kind", "Kind", width=6, priority=8, style="line-list--accent"),
                    Column("title", "Match", ratio=4, min_width=16, priority=10),
                    Column("why", "Matched in", ratio=3, min_width=12, priority=6),
                    Column(
                        "where", "Where", ratio=2, min_width=10, priority=4, style="line-list--dim"
                    ),
                ],
                self._cells,
                markable=True,
                empty="",  # the status line above says "No matches"
                id="search-results",
            )

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = bool(getattr(self.app, "cursor_blink", True))
        field.focus()
        if self.initial:
            self._search(self.initial)

    @property
    def results(self) -> VirtualList:
        return self.query_one(VirtualList)

    def _cells(self, item: int) -> Sequence[Cell]:
        hit = self.hits[item]
        order = KIND_ORDER.get(str(hit.kind), 3)
        reason = self._reason(hit)
        why = reason.text() if reason is not None else ""
        return (KIND_LABEL.get(order, str(hit.kind)), hit.title, why, self._where(hit))

    def _reason(self, hit: Any) -> Reason | None:
        """The hit's reason, worked out once for its cells and its highlights."""
        key = id(hit)
        if key not in self._reasons:
            self._reasons[key] = hit_reason(self.library, hit)
        return self._reasons[key]

    def _highlights(self, hit: Any) -> dict[str, list[tuple[int, int]]]:
        found = {"title": title_spans(hit)}
        reason = self._reason(hit)
        if reason is not None:
            shift = len(reason.label) + 2
            found["why"] = [(s + shift, e + shift) for s, e in reason.spans]
        return found

    def _where(self, hit: Any) -> str:
        order = KIND_ORDER.get(str(hit.kind), 3)
        lib = self.library
        try:
            if order == 0:
                return str(lib.people[int(hit.index)].affiliation)
            if order == 1:
                paper = lib.papers[int(hit.index)]
                holders = lib.holders(int(hit.index))
                owner = lib.people[holders[0]].name + (
                    f" +{len(holders) - 1}" if len(holders) > 1 else ""
                )
                return " · ".join(x for x in (owner, paper.venue, str(paper.year or "")) if x)
            if order == 2:  # who, where and when: "who was at Peking University 2017–2021"
                event = lib.events[int(hit.index)]
                parts = (lib.people[event.person].name, event.organisation, event.dates_text())
                return " · ".join(x for x in parts if x)
        except (IndexError, ValueError):
            return ""
        return ""

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value
        self._search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.hits:
            self.dismiss(self.hits[self.results.item if self.results.item is not None else 0])

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str) -> None:
        worker = get_current_worker()
        outcome = search_library(self.library, query, should_stop=lambda: worker.is_cancelled)
        for hit in outcome.hits[:FIRST_SCREEN]:
            if worker.is_cancelled:
                return
            title_spans(hit)  # spans of the first screen, here rather than while drawing
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, outcome, query)

    def _show(self, outcome: SearchOutcome, query: str) -> None:
        if query != self.query_text:
            return
        self.hits = outcome.hits
        self._reasons = {}
        # Spans of a hit are worked out when its row is drawn (the first screen's already are).
        self.results.set_highlights(LazyHighlights(dict(enumerate(self.hits)), self._highlights))
        if self.results.marked:  # marks were numbers of the hits shown before
            self.results.set_marked(())
        self.results.set_items(range(len(self.hits)), keep=False)
        counts: dict[str, int] = {}
        for hit in self.hits:
            label = KIND_LABEL.get(KIND_ORDER.get(str(hit.kind), 3), str(hit.kind))
            counts[label] = counts.get(label, 0) + 1
        status = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in counts.items())
        self._status = status or ("No matches" if query.strip() else "Type to search")
        self._update_status()
        if outcome.problems != self._shown_problems:  # the line's height may change: layout
            self._shown_problems = outcome.problems
            problems = self.query_one("#search-problems", Static)
            problems.update(Text("; ".join(outcome.problems)))
            problems.set_class(bool(outcome.problems), "-shown")

    def _update_status(self) -> None:
        marked = len(self.results.marked)
        save = key_label(self, "search.export", "x")
        text = self._status + (f" · {marked} marked ({save} saves their papers)" if marked else "")
        self.query_one("#search-status", Static).update(Text(text), layout=False)

    def on_virtual_list_marks_changed(self, message: VirtualList.MarksChanged) -> None:
        message.stop()
        self._update_status()

    def on_virtual_list_selected(self, message: VirtualList.Selected) -> None:
        message.stop()
        self.dismiss(self.hits[message.item])

    def export_target(self) -> ExportTarget | None:
        """For ``x`` (with the results focused): the papers among the marked hits, else among
        all the hits, best first."""
        marked = self.results.marked_in_order()
        hits = [self.hits[i] for i in marked] if marked else self.hits
        indices = [int(h.index) for h in hits if KIND_ORDER.get(str(h.kind), 3) == 1]
        what = "marked papers" if marked else "papers"
        return ExportTarget(indices, "cvtui-export.bib", f"{what} matching {self.query_text!r}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":  # the app decides whether saving is offered (read-only sessions)
            return self.app.check_action(action, parameters)
        return True

    async def action_export(self) -> None:
        await self.app.run_action("app.export")

    def action_results(self) -> None:
        if self.hits:
            self.results.focus()

    def action_query(self) -> None:
        self.query_one(Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)
