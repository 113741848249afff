"""The `/` filter line above a list: an input, the match count, and what the query could not use.

Hidden until opened. Every change posts :class:`FilterBar.Changed`; enter or down arrow posts
:class:`FilterBar.Done` (the owner focuses its list, the filter stays); escape posts
:class:`FilterBar.Cleared` (the owner shows everything again).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input, Static

__all__ = ["FilterBar"]


class QueryInput(Input):
    """Textual's input without a layout of the whole screen on every keystroke.

    An input keeps the width of its text as its virtual size (to scroll long text), and a
    change of that size lays out every widget on the screen: a few milliseconds per key,
    for nothing, since the input's own size never changes. Here it only repaints the input.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class FilterBar(Vertical):
    """A query input with a count and a line for the query's problems."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter", id="filter.clear"),
        Binding("enter,down", "done", "To the list", id="filter.done"),
    ]

    DEFAULT_CSS = """
    FilterBar {
        height: auto;
        display: none;
        background: $surface;
        &.-open { display: block; }
        & > Horizontal { height: 1; }
        & Input {
            border: none;
            height: 1;
            padding: 0 1;
            width: 1fr;
            background: $boost;
            &:focus { background: $boost; border: none; }
        }
        & #filter-count { width: auto; min-width: 8; color: $text-muted; padding: 0 1; }
        & #filter-problems { color: $text-warning; height: auto; display: none; padding: 0 1; }
        & #filter-problems.-shown { display: block; }
    }
    """

    class _BarMessage(Message):
        """A message from one bar; ``control`` lets handlers use ``@on(..., "#id")``."""

        def __init__(self, bar: FilterBar) -> None:
            super().__init__()
            self.bar = bar

        @property
        def control(self) -> FilterBar:
            return self.bar

    class Changed(_BarMessage):
        def __init__(self, bar: FilterBar, query: str) -> None:
            super().__init__(bar)
            self.query = query

    class Done(_BarMessage):
        pass

    class Cleared(_BarMessage):
        pass

    def __init__(self, placeholder: str = "filter", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._placeholder = placeholder
        self._count_room = 0
        """The count's width in cells (the widest count out of the total, or the label)."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield QueryInput(
                placeholder=self._placeholder,
                id="filter-input",
                compact=True,
                select_on_focus=False,
            )
            yield Static("", id="filter-count", markup=False)
        yield Static("", id="filter-problems", markup=False)

    def on_mount(self) -> None:
        self.input.cursor_blink = bool(getattr(self.app, "cursor_blink", True))

    @property
    def input(self) -> Input:
        return self.query_one("#filter-input", Input)

    @property
    def value(self) -> str:
        return self.input.value if self.is_open else ""

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self) -> None:
        self.add_class("-open")
        self.input.focus()

    def close(self) -> None:
        self.remove_class("-open")
        self.input.value = ""
        self.set_count(None)
        self.set_problems([])

    def set_count(self, shown: int | None, total: int | None = None, complete: bool = True) -> None:
        """Show ``shown/total``; ``complete=False`` (``12+/100``) says more may be found."""
        label = "" if shown is None else f"{shown:,}" + ("" if complete else "+")
        label += f"/{total:,}" if shown is not None and total is not None else ""
        # Its width is that of the widest count out of ``total`` (``43,372+/43,372``), so
        # the screen is not laid out again (a whole repaint) as the count changes with
        # every keystroke; only a new total or a count without one changes it.
        widest = len(f"{total:,}+/{total:,}") if shown is not None and total is not None else 0
        room = max(widest, len(label))
        same_width = room == self._count_room
        self._count_room = room
        widget = self.query_one("#filter-count", Static)
        if not same_width:
            widget.styles.width = room + 2 if room else "auto"  # padding: 0 1
        widget.update(Text(label, justify="right"), layout=False)

    def set_problems(self, problems: list[str]) -> None:
        widget = self.query_one("#filter-problems", Static)
        widget.update(Text("; ".join(problems)))
        widget.set_class(bool(problems), "-shown")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done(self))

    def action_done(self) -> None:
        self.post_message(self.Done(self))

    def action_clear(self) -> None:
        self.close()
        self.post_message(self.Cleared(self))
