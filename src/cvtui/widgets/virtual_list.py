"""A table over an array of item numbers: the list widget of every view.

The widget never holds rows. It holds ``items`` — item numbers (indexes into whatever the
owner lists: ``library.papers``, ``library.people``, a list of events) — and asks the
owner's ``cells(item)`` for the text of the few rows on screen. Filtering, sorting and
jumping replace the array (``set_items``); 100,000 items cost one array.

API::

    VirtualList(
        columns=[Column("title", "Title"), Column("year", "Year", width=4, align="right")],
        cells=lambda item: (papers[item].title, str(papers[item].year or "")),
        markable=False,            # space marks items (people: compare timelines)
        empty="No papers",         # shown when there are no items
        header=True,               # a line of column labels on top
    )
    .set_items(items, keep=True)   # swap the array; the cursor stays on its item if present
    .items                         # the array shown (a sequence of ints)
    .item                          # the item under the cursor, or None
    .move_to_item(item) -> bool    # put the cursor on an item
    .set_highlights({item: {"title": [(0, 4)]}})   # match spans per column, in cell text
    .set_sort("year", reverse=True)                 # arrow beside that column's label
    .marked                        # set of marked items; .set_marked(...)
    .empty                         # the message for an empty list (settable)

Messages: ``VirtualList.Highlighted(list, item)`` when the cursor lands on an item,
``VirtualList.Selected(list, item)`` on enter/double click, ``VirtualList.MarksChanged``.

Cells are plain ``str`` (drawn literally, never parsed as markup) or ``rich.text.Text``
(to colour part of a cell; build it with ``Text(s)`` + ``stylize``, never from markup).
A column has a fixed ``width``, or ``width=0`` to share the rest by ``ratio``; when the
widget is too narrow, columns with the lowest ``priority`` are dropped first
(:mod:`.list_columns`). Each cell is cut and padded to its column (:mod:`.list_cells`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from .line_list import LineList
from .list_cells import (
    Cell,
    Spans,
    draws_plainly,
    fit,
    fit_plain,
    joined_segments,
    matched_runs,
    shortened,
    widest_cells,
)
from .list_columns import GAP, Column, layout_columns

__all__ = ["VirtualList"]


class VirtualList(LineList):
    """Rows of columns for an array of item numbers; see the module docstring."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_mark", "Mark", show=False, id="list.mark"),
        Binding("M", "clear_marks", "Clear marks", show=False, id="list.clear_marks"),
    ]

    class Highlighted(Message):
        """The cursor is on ``item`` (``None`` when the list is empty)."""

        def __init__(self, virtual_list: VirtualList, item: int | None) -> None:
            super().__init__()
            self.virtual_list = virtual_list
            self.item = item

        @property
        def control(self) -> VirtualList:
            return self.virtual_list

    class Selected(Message):
        """Enter or a double click on ``item``."""

        def __init__(self, virtual_list: VirtualList, item: int) -> None:
            super().__init__()
            self.virtual_list = virtual_list
            self.item = item

        @property
        def control(self) -> VirtualList:
            return self.virtual_list

    class MarksChanged(Message):
        """The set of marked items changed."""

        def __init__(self, virtual_list: VirtualList) -> None:
            super().__init__()
            self.virtual_list = virtual_list

        @property
        def control(self) -> VirtualList:
            return self.virtual_list

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[int], Sequence[Cell]],
        *,
        markable: bool = False,
        empty: str = "Nothing to show",
        header: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = list(columns)
        self._column_index = {c.key: i for i, c in enumerate(self.columns)}
        self.cells = cells
        self.markable = markable
        self._empty = empty
        self.header_lines = 1 if header else 0
        self._items: Sequence[int] = ()
        self._highlights: Mapping[int, Spans] = {}
        self._sort: tuple[str, bool] | None = None
        self.marked: set[int] = set()
        self._layout: tuple[int, list[tuple[Column, int]]] | None = None
        self._natural: dict[str, int] | None = None
        """The widest text of each column over a sample of the items (see ``grow``)."""

    # -- data -------------------------------------------------------------------------------
    @property
    def items(self) -> Sequence[int]:
        return self._items

    @property
    def row_count(self) -> int:
        return len(self._items)

    @property
    def item(self) -> int | None:
        if 0 <= self.cursor < len(self._items):
            return self._items[self.cursor]
        return None

    @property
    def empty(self) -> str:
        return self._empty

    @empty.setter
    def empty(self, message: str) -> None:
        self._empty = message
        self.refresh()

    def row_cache_key(self, row: int) -> object:
        return self._items[row]

    def set_items(self, items: Sequence[int], keep: bool = True, redraw: bool = True) -> None:
        """Show ``items`` (in this order); the cursor follows its item when ``keep``.

        ``redraw=False`` keeps the drawn lines of items still shown: for a new order of the
        same items (a sort), where an item's cells have not changed.
        """
        current = self.item if keep else None
        if not keep:  # a new list, not the same one filtered or sorted: measure it again
            self._natural = None
        self._items = items
        row = 0
        if current is not None:
            found = self.position_of(current)
            row = found if found is not None else 0
        self.set_reactive(LineList.cursor, -1 if not items else row)
        self.refresh_rows(clear_cache=redraw)
        if items and not keep:
            self.scroll_to(y=0, animate=False, immediate=True)
        self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self, self.item))

    def position_of(self, item: int) -> int | None:
        """The row of ``item`` in the current array, if it is shown.

        A linear search in C (``index``) costs well under a millisecond at 100,000 items,
        less than building a position map on every swap of the array.
        """
        items = self._items
        try:
            return items.index(item)
        except ValueError:
            return None

    def move_to_item(self, item: int) -> bool:
        row = self.position_of(item)
        if row is None:
            return False
        self.move_cursor(row)
        return True

    @property
    def highlights(self) -> Mapping[int, Spans]:
        """Match spans per item, as last set."""
        return self._highlights

    def set_highlights(self, highlights: Mapping[int, Spans]) -> None:
        """Match spans to emphasise: item → column key → (start, end) in the cell text.

        Only the rows drawn look their item up, so ``highlights`` may work spans out lazily.
        """
        if not highlights and not self._highlights:
            return
        self._highlights = highlights
        self._line_cache.clear()
        self.refresh()

    @property
    def sort(self) -> tuple[str, bool] | None:
        """The column key whose label shows the order, and whether it is reversed."""
        return self._sort

    def set_sort(self, key: str | None, reverse: bool = False) -> None:
        self._sort = None if key is None else (key, reverse)
        self.refresh()

    def set_marked(self, items: Iterable[int]) -> None:
        self.marked = set(items)
        self._line_cache.clear()
        self.refresh()
        self.post_message(self.MarksChanged(self))

    def refresh_rows(self, clear_cache: bool = True) -> None:
        self._layout = None
        super().refresh_rows(clear_cache)

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Lay the rows out in ``columns`` (the same keys, other rules) from the next frame."""
        self.columns = list(columns)
        self._column_index = {c.key: i for i, c in enumerate(self.columns)}
        self.refresh_rows()

    # -- actions ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_mark", "clear_marks"):
            return self.markable
        return True

    def action_toggle_mark(self) -> None:
        item = self.item
        if item is None or not self.markable:
            return
        if item in self.marked:
            self.marked.discard(item)
        else:
            self.marked.add(item)
        self._line_cache.clear()
        self.refresh()
        self.post_message(self.MarksChanged(self))

    def action_clear_marks(self) -> None:
        if self.marked:
            self.set_marked(())

    def marked_in_order(self) -> list[int]:
        """The marked items, those shown first in the order shown, then any a filter hides."""
        marked = self.marked
        if not marked:
            return []
        shown = [item for item in self._items if item in marked]
        hidden = sorted(marked.difference(shown))
        return shown + hidden

    def watch_cursor(self, old: int, new: int) -> None:
        super().watch_cursor(old, new)
        self.post_message(self.Highlighted(self, self.item))

    def on_line_list_activated(self, event: LineList.Activated) -> None:
        if event.line_list is self:
            event.stop()
            item = self.item
            if item is not None:
                self.post_message(self.Selected(self, item))

    # -- drawing ----------------------------------------------------------------------------
    @property
    def row_gutter(self) -> int:
        return 2 if self.markable else 1

    SAMPLE = 500
    """Items whose texts size the columns: spread over the list, so 100,000 cost as few."""

    def remeasure(self) -> None:
        """Size the columns to the texts again (the items' texts changed)."""
        self._natural = None
        self._layout = None
        self._line_cache.clear()
        self.refresh()

    def measured_cells(self, item: int) -> Sequence[Cell]:
        """The texts that size the columns: the cells, unless drawing them depends on the
        columns' widths (a subclass then gives the texts whole)."""
        return self.cells(item)

    def natural_widths(self) -> dict[str, int]:
        """The widest text of each column among a sample of the items."""
        if self._natural is None:
            items = self._items
            step = max(1, len(items) // self.SAMPLE)
            keys = [c.key for c in self.columns]
            widest = widest_cells(keys, map(self.measured_cells, items[::step]))
            if not items:
                return widest  # measured once there is something to measure
            self._natural = widest
        return self._natural

    def _columns_for(self, width: int) -> list[tuple[Column, int]]:
        if self._layout is None or self._layout[0] != width:
            natural = self.natural_widths() if any(c.grow for c in self.columns) else None
            self._layout = (
                width,
                layout_columns(self.columns, max(0, width - self.row_gutter - 1), natural),
            )
        return self._layout[1]

    def render_header(self, line: int, width: int) -> Strip:
        style = self.style_for("line-list--header")
        text = Text(" " * self.row_gutter, no_wrap=True)
        for n, (col, size) in enumerate(self._columns_for(width)):
            if n:
                text.append(" " * GAP)
            label = col.label
            if self._sort and self._sort[0] == col.key:
                arrow = "↓" if self._sort[1] else "↑"
                label = (
                    f"{label} {arrow}"
                    if len(label) + 2 <= size
                    else label[: max(0, size - 1)] + arrow
                )
            text.append_text(fit(label, size, col.align))
        return (
            Strip(list(text.render(self.app.console))).adjust_cell_length(width).apply_style(style)
        )

    def draw_row(self, row: int, width: int, cursor: bool) -> Strip:
        item = self._items[row]
        cells = self.cells(item)
        spans = self._highlights.get(item) or {}
        if not draws_plainly(cells, spans, self.columns, self._column_index):
            strip = self._render_rich_row(item, cells, width, cursor)
            return strip.adjust_cell_length(width).apply_style(self.base_style)
        # Plain cells (most rows, matches included): the segments Rich would make, in their
        # final styles, built directly (a fifth of the time of going through ``Text``).
        style = self.final_style
        plain = style("", cursor)
        runs: list[tuple[str, Style]] = [
            ("▌", style("line-list--accent", cursor)) if cursor else (" ", plain)
        ]
        total = self.row_gutter  # cells: fitted cells are exactly as wide as their column
        if self.markable:
            runs.append(("●" if item in self.marked else " ", style("line-list--mark", cursor)))
        for n, (col, size) in enumerate(self._columns_for(width)):
            if n:
                runs.append((" " * GAP, plain))
                total += GAP
            index = self._column_index[col.key]
            cell = cells[index] if index < len(cells) else ""
            cell, matches = shortened(col, cell, size, spans.get(col.key, ()))
            fitted = fit_plain(cell, size, col.align)  # type: ignore[arg-type]
            column_style = style(col.style, cursor)
            if matches:
                match_style = self._match_style(col.style, cursor)
                runs += matched_runs(cell, fitted, size, matches, column_style, match_style)  # type: ignore[arg-type]
            else:
                runs.append((fitted, column_style))
            total += size if size > 0 else cell_len(fitted)
        segments = joined_segments(runs)
        if total < width:
            segments.append(Segment(" " * (width - total), plain))
            total = width
        strip = Strip(segments, total)
        return strip if total == width else strip.adjust_cell_length(width)

    def _match_style(self, component: str, cursor: bool) -> Style:
        """A match inside a cell of ``component``: the cell's final style, the match's over it."""
        return self.final_style(component, cursor) + self.style_for("line-list--match")

    def _render_rich_row(self, item: int, cells: Sequence[Cell], width: int, cursor: bool) -> Strip:
        text = Text(no_wrap=True)
        if cursor:
            text.append("▌", self.style_for("line-list--accent"))
        else:
            text.append(" ")
        if self.markable:
            text.append("●" if item in self.marked else " ", self.style_for("line-list--mark"))
        spans = self._highlights.get(item, {})
        match = self.style_for("line-list--match") if spans else None
        for n, (col, size) in enumerate(self._columns_for(width)):
            if n:
                text.append(" " * GAP)
            index = self._column_index[col.key]
            cell = cells[index] if index < len(cells) else ""
            cell, matches = shortened(col, cell, size, spans.get(col.key, ()))
            cell_text = Text(cell) if isinstance(cell, str) else cell.copy()
            if col.style:
                column_style = self.style_for(col.style)
                own = cell_text.style
                cell_text.style = column_style + own if isinstance(own, Style) else column_style
            if match is not None:
                for start, end in matches:
                    cell_text.stylize(match, start, end)
            text.append_text(fit(cell_text, size, col.align))
        base: Style | None = self.cursor_style() if cursor else None
        strip = Strip(list(text.render(self.app.console))).adjust_cell_length(width)
        return strip.apply_style(base) if base is not None else strip

    def render_line(self, y: int) -> Strip:
        if not self._items and y == self.header_lines:
            width = self.scrollable_content_region.width
            text = Text(" " + self._empty, style=self.style_for("line-list--dim"), no_wrap=True)
            text.truncate(width, overflow="ellipsis")
            return (
                Strip(list(text.render(self.app.console)))
                .adjust_cell_length(width)
                .apply_style(self.base_style)
            )
        return super().render_line(y)
