"""A cursor over rows that are drawn one screen line at a time (Textual's Line API).

Base of every list in cvtui. Only the rows on screen are ever drawn, so a list of a million
rows costs the same as a list of forty; nothing here creates a widget per row.

Subclasses provide two things:

- ``row_count`` (property): how many rows there are;
- ``render_row(row, width, cursor) -> Strip``: one row, exactly ``width`` cells wide
  (``cursor`` is true for the row under the cursor; draw it highlighted); or, quicker,
  ``draw_row`` with the same arguments: the row as it goes on screen, each segment already
  in its final style (see :meth:`LineList.final_style`).

and may set ``header_lines`` (rows drawn at the top that do not scroll; ``render_header``).

State and messages:

- ``cursor``: the row under the cursor (``-1`` when there are no rows);
- ``LineList.CursorMoved(line_list, row)`` after the cursor moves;
- ``LineList.Activated(line_list, row)`` on enter or a double click;
- ``refresh_rows()`` after the data behind the rows changed (clears the line cache).

Keys (binding ids in brackets, remappable through the config's keymap): ``j``/down
[``list.down``], ``k``/up [``list.up``], ``g``/home [``list.top``], ``G``/end
[``list.bottom``], ``ctrl+d`` [``list.half_page_down``], ``ctrl+u`` [``list.half_page_up``],
pagedown [``list.page_down``], pageup [``list.page_up``], enter [``list.activate``].
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = ["LineList"]


class LineList(ScrollView, can_focus=True):
    """A scrolling list of rows with a cursor; rows are drawn on demand."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "cursor_top", "Top", show=False, id="list.top"),
        Binding("G,end", "cursor_bottom", "Bottom", show=False, id="list.bottom"),
        Binding("ctrl+d", "half_page_down", "Half page down", show=False, id="list.half_page_down"),
        Binding("ctrl+u", "half_page_up", "Half page up", show=False, id="list.half_page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("enter", "activate", "Open", id="list.activate"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-list--cursor",
        "line-list--cursor-blurred",
        "line-list--header",
        "line-list--dim",
        "line-list--match",
        "line-list--mark",
        "line-list--accent",
    }

    DEFAULT_CSS = """
    LineList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .line-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .line-list--cursor-blurred {
            background: $block-cursor-blurred-background;
            color: $foreground;
        }
        & > .line-list--header {
            color: $text-muted;
            text-style: bold;
        }
        & > .line-list--dim { color: $text-muted; }
        & > .line-list--match { color: $text-warning; text-style: bold underline; }
        & > .line-list--mark { color: $text-success; text-style: bold; }
        & > .line-list--accent { color: $text-accent; }
    }
    """

    cursor: reactive[int] = reactive(-1, init=False, always_update=False)

    class CursorMoved(Message):
        """The cursor is on a new row."""

        def __init__(self, line_list: LineList, row: int) -> None:
            super().__init__()
            self.line_list = line_list
            self.row = row

        @property
        def control(self) -> LineList:
            return self.line_list

    class Activated(Message):
        """Enter (or a double click) on a row."""

        def __init__(self, line_list: LineList, row: int) -> None:
            super().__init__()
            self.line_list = line_list
            self.row = row

        @property
        def control(self) -> LineList:
            return self.line_list

    header_lines: int = 0

    line_cache_size: ClassVar[int] = 256
    """Drawn lines kept: a few screens. Each line is a Strip with several small caches of
    its own, and a full garbage collection walks every one of them (50–80 ms at 1,024
    lines per list, in the middle of typing)."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._line_cache: LRUCache[tuple[object, ...], Strip] = LRUCache(self.line_cache_size)
        self._styles: dict[str, Style] = {}
        self._final_styles: dict[tuple[str, bool], Style] = {}
        """Kept like ``_styles``, which are forgotten on focus and blur (the cursor's style
        follows the focus)."""
        self._base_style: Style | None = None

    # -- for subclasses ---------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return 0

    def render_row(self, row: int, width: int, cursor: bool) -> Strip:
        return Strip.blank(width)

    def render_header(self, line: int, width: int) -> Strip:
        return Strip.blank(width)

    def row_cache_key(self, row: int) -> object:
        """What identifies the content of ``row`` (an item number, say) for the line cache."""
        return row

    # -- styles -----------------------------------------------------------------------------
    def style_for(self, component: str) -> Style:
        """The Rich style of one of the component classes (``line-list--dim`` etc.).

        Kept until the styles change (Textual forgets its own copy on every refresh, and
        working one out costs more than drawing the row).
        """
        style = self._styles.get(component)
        if style is None:
            style = self._styles[component] = self.get_component_rich_style(component, partial=True)
        return style

    @property
    def base_style(self) -> Style:
        """The widget's own Rich style (colours from its CSS and its ancestors'), kept like
        :meth:`style_for`: Textual works it out again, through every ancestor, on each use."""
        style = self._base_style
        if style is None:
            style = self._base_style = self.rich_style
        return style

    def final_style(self, component: str, cursor: bool) -> Style:
        """The style a run of ``component`` gets on screen, the widget's own and (on the
        cursor row) the cursor's beneath it: what :meth:`draw_row` would make of it.

        Rows drawn with these need no further styling pass, the bulk of drawing a row.
        """
        style = self._final_styles.get((component, cursor))
        if style is None:
            own = self.style_for(component) if component else Style.null()
            under = self.base_style + self.cursor_style() if cursor else self.base_style
            style = self._final_styles[(component, cursor)] = under + own
        return style

    def _forget_styles(self) -> None:
        self._styles.clear()
        self._final_styles.clear()
        self._base_style = None

    def cursor_style(self) -> Style:
        return self.style_for(
            "line-list--cursor" if self.has_focus else "line-list--cursor-blurred"
        )

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_styles()
        self._line_cache.clear()

    # -- data changes -----------------------------------------------------------------------
    def refresh_rows(self, clear_cache: bool = True) -> None:
        """Re-measure and redraw after the rows changed; keep the cursor in range.

        ``clear_cache=False`` keeps the drawn lines when ``row_cache_key`` still identifies
        their content (a list keyed by item, after a sort or a filter).
        """
        if clear_cache:
            self._line_cache.clear()
        count = self.row_count
        self._set_virtual_height(count + self.header_lines)
        if count == 0:
            self.set_reactive(LineList.cursor, -1)
        elif self.cursor < 0 or self.cursor >= count:
            self.set_reactive(LineList.cursor, max(0, min(self.cursor, count - 1)))
        self._scroll_cursor_into_view()
        self.refresh()

    def _set_virtual_height(self, lines: int) -> None:
        """Resize the scrollable area without a layout of the whole screen.

        Assigning ``virtual_size`` lays out every widget on the screen (several milliseconds
        per cursor move in a detail pane whose length changes with each item). A list of
        fixed height only needs its scrollbar updated; when the scrollbar appears or goes,
        Textual still lays out the screen.
        """
        size = Size(self.scrollable_content_region.width, lines)
        if size == self.virtual_size:
            return
        height = self.styles.height
        if not self.is_mounted or (height is not None and height.is_auto):
            self.virtual_size = size
            return
        had_scrollbar = self.show_vertical_scrollbar
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)
        if self.show_vertical_scrollbar != had_scrollbar:
            # The scrollbar came or went: the rows are narrower or wider, as after a resize
            # (text wrapped to the old width is wrapped again).
            self.post_message(events.Resize(self.size, size, self.container_size))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._line_cache.clear()
        self.virtual_size = Size(event.size.width, self.row_count + self.header_lines)
        self._scroll_cursor_into_view()

    def on_focus(self) -> None:
        self._forget_styles()
        self._line_cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._forget_styles()
        self._line_cache.clear()
        self.refresh()

    # -- cursor -----------------------------------------------------------------------------
    @property
    def page_rows(self) -> int:
        """How many rows fit on screen below the header."""
        return max(1, self.scrollable_content_region.height - self.header_lines)

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (clamped) and scroll it into view."""
        count = self.row_count
        if count == 0:
            self.cursor = -1
            return
        self.cursor = max(0, min(row, count - 1))
        self._scroll_cursor_into_view()

    def watch_cursor(self, old: int, new: int) -> None:
        # The line cache is keyed by whether a row is under the cursor: only the two rows
        # that changed are drawn again.
        self.refresh()
        self.post_message(self.CursorMoved(self, new))

    def _scroll_cursor_into_view(self) -> None:
        row = self.cursor
        if row < 0:
            return
        top = round(self.scroll_y)
        page = self.page_rows
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + page:
            self.scroll_to(y=row - page + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_cursor_top(self) -> None:
        self.move_cursor(0)

    def action_cursor_bottom(self) -> None:
        self.move_cursor(self.row_count - 1)

    def _jump(self, rows: int) -> None:
        top = round(self.scroll_y)
        self.scroll_to(y=top + rows, animate=False, immediate=True)
        self.move_cursor(self.cursor + rows)

    def action_half_page_down(self) -> None:
        self._jump(max(1, self.page_rows // 2))

    def action_half_page_up(self) -> None:
        self._jump(-max(1, self.page_rows // 2))

    def action_page_down(self) -> None:
        self._jump(self.page_rows)

    def action_page_up(self) -> None:
        self._jump(-self.page_rows)

    def action_activate(self) -> None:
        if 0 <= self.cursor < self.row_count:
            self.post_message(self.Activated(self, self.cursor))

    # -- mouse ------------------------------------------------------------------------------
    def row_at(self, y: int) -> int | None:
        """The row drawn at screen line ``y`` of this widget, if any."""
        if y < self.header_lines:
            return None
        row = round(self.scroll_y) + y - self.header_lines
        return row if 0 <= row < self.row_count else None

    async def on_click(self, event: events.Click) -> None:
        row = self.row_at(event.y)
        if row is None:
            return
        self.focus()
        if row == self.cursor and event.chain >= 2:
            self.action_activate()
        else:
            self.move_cursor(row)

    # -- drawing ----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y < self.header_lines:
            return self.render_header(y, width).apply_style(self.base_style)
        row = round(self.scroll_y) + y - self.header_lines
        if row >= self.row_count or row < 0:
            return Strip.blank(width, self.base_style)
        is_cursor = row == self.cursor
        key = (self.row_cache_key(row), width, is_cursor, is_cursor and self.has_focus)
        strip = self._line_cache.get(key)
        if strip is None:
            strip = self._line_cache[key] = self.draw_row(row, width, is_cursor)
        return strip

    def draw_row(self, row: int, width: int, cursor: bool) -> Strip:
        """``row`` as it goes on screen: ``width`` cells under the widget's own style."""
        strip = self.render_row(row, width, cursor)
        return strip.adjust_cell_length(width).apply_style(self.base_style)


def text_strip(segments: list[Segment], width: int, style: Style | None = None) -> Strip:
    """A strip exactly ``width`` cells wide from rendered segments, under a base ``style``."""
    strip = Strip(segments).adjust_cell_length(width)
    return strip.apply_style(style) if style is not None else strip
