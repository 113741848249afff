"""The timeline chart: lanes of careers across the years, drawn with block characters.

Rows come from :func:`cvtui.widgets.timeline_layout.layout_chart`; this widget only gives
them colours from the theme and shows as many as fit. The year axis stays at the bottom;
when there are more rows than room, the rows scroll (mouse wheel, or
:meth:`TimelineChart.scroll_to_entry`) and the axis line says how many are hidden.

Colours: each person shown gets one of six colours, ``$primary``, ``$accent``, ``$success``,
``$warning``, ``$secondary``, ``$error`` in that order; a theme may set its own with the
variables ``timeline-person-1`` … ``timeline-person-6``. Other parts use the component
classes below, so they follow every theme, 16 colours and NO_COLOR alike. Meaning never
rests on colour alone: people are separated by a header row with their name, counts are
digits, planned time is a different glyph (``░``).

| component class | what |
|---|---|
| ``timeline-chart--label`` | lane labels (organisations) |
| ``timeline-chart--header`` | a person's name above their lanes |
| ``timeline-chart--papers`` / ``--awards`` | per-year counts (drawn in the person's colour) |
| ``timeline-chart--axis`` | the year axis |
| ``timeline-chart--more`` | notes: hidden rows, no dated entries |
| ``timeline-chart--selected`` | the label of the row of the event under the cursor |
| ``timeline-chart--person-1`` … ``--person-6`` | the colour of each person shown |
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color, ColorParseError
from textual.strip import Strip
from textual.widget import Widget

from .timeline_layout import (
    ROLE_AWARDS,
    ROLE_AXIS,
    ROLE_BAR,
    ROLE_EXPECTED,
    ROLE_HEADER,
    ROLE_LABEL,
    ROLE_MORE,
    ROLE_PAPERS,
    ChartLayout,
    ChartRow,
    layout_chart,
)

if TYPE_CHECKING:
    from ..core.model import Library

__all__ = ["PERSON_COLOURS", "TimelineChart"]

PERSON_COLOURS = 6
"""How many distinct person colours there are; the seventh person reuses the first."""


class TimelineChart(Widget):
    """Lanes, per-year paper/award counts and a year axis for one or more people."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline-chart--label",
        "timeline-chart--header",
        "timeline-chart--papers",
        "timeline-chart--awards",
        "timeline-chart--axis",
        "timeline-chart--more",
        "timeline-chart--selected",
        *(f"timeline-chart--person-{n}" for n in range(1, PERSON_COLOURS + 1)),
    }

    DEFAULT_CSS = """
    TimelineChart {
        height: auto;
        max-height: 60%;
        min-height: 3;
        background: $surface;
        color: $foreground;
        & > .timeline-chart--label { color: $foreground; }
        & > .timeline-chart--header { text-style: bold; }
        & > .timeline-chart--papers { text-style: bold; }
        & > .timeline-chart--awards { text-style: bold italic; }
        & > .timeline-chart--axis { color: $text-muted; }
        & > .timeline-chart--more { color: $text-muted; text-style: italic; }
        & > .timeline-chart--selected { text-style: reverse bold; }
        & > .timeline-chart--person-1 { color: $primary; }
        & > .timeline-chart--person-2 { color: $accent; }
        & > .timeline-chart--person-3 { color: $success; }
        & > .timeline-chart--person-4 { color: $warning; }
        & > .timeline-chart--person-5 { color: $secondary; }
        & > .timeline-chart--person-6 { color: $error; }
    }
    """

    def __init__(
        self,
        library: Library,
        *,
        today: _dt.date | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.library = library
        self.today = today
        self._people: tuple[int, ...] = ()
        self._layout: ChartLayout | None = None
        self._layout_width = -1
        self._offset = 0
        self._wanted_row: int | None = None
        self._selected: tuple[int, str, int] | None = None
        self._styles: dict[str, Style] = {}

    # -- what to show ---------------------------------------------------------------------
    @property
    def people(self) -> tuple[int, ...]:
        """Indexes into ``library.people`` of the people drawn, in group order."""
        return self._people

    def show_people(self, person_indices: Sequence[int]) -> None:
        """Draw these people (the first one's colour is ``person-1``)."""
        self._people = tuple(dict.fromkeys(person_indices))
        self._layout = None
        self._offset = 0
        self._wanted_row = None
        self._selected = None
        self.refresh(layout=True)

    def select_entry(self, person: int, kind: str, ref: int) -> None:
        """Mark the row of one fact and scroll it into view.

        ``kind`` is an event kind: ``education``/``experience`` select that lane,
        ``paper``/``award`` that person's count row; other kinds select nothing.
        """
        self._selected = (person, kind, ref)
        layout = self.chart_layout()
        for i, row in enumerate(layout.rows):
            if self._row_matches(row):
                self.scroll_to_row(i)
                break
        self.refresh()

    def _row_matches(self, row: ChartRow) -> bool:
        if self._selected is None:
            return False
        person, kind, ref = self._selected
        if row.person != person:
            return False
        if row.kind == "lane":
            return row.entry_kind == kind and row.ref == ref
        return (row.kind, kind) in (("papers", "paper"), ("awards", "award"))

    # -- layout ---------------------------------------------------------------------------
    def chart_layout(self, width: int | None = None) -> ChartLayout:
        """The layout for the current width (recomputed only when people or width change)."""
        width = self.size.width if width is None else width
        width = width or 80
        if self._layout is None or width != self._layout_width:
            self._layout = layout_chart(self.library, self._people, width, self.today)
            self._layout_width = width
        return self._layout

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        if not self._people:
            return 1
        return len(self.chart_layout(width).rows) + 1

    @property
    def body_height(self) -> int:
        """Screen lines for rows (all but the axis line)."""
        return max(0, self.size.height - 1)

    @property
    def offset_row(self) -> int:
        """The first row on screen, kept valid for the current size."""
        total = len(self.chart_layout().rows)
        body = max(1, self.body_height)
        if self._wanted_row is not None:
            row = self._wanted_row
            if row < self._offset:
                self._offset = row
            elif row >= self._offset + body:
                self._offset = row - body + 1
        self._offset = max(0, min(self._offset, total - body))
        return self._offset

    @property
    def hidden_rows(self) -> tuple[int, int]:
        """How many rows are out of view above and below."""
        total = len(self.chart_layout().rows)
        above = self.offset_row
        below = max(0, total - above - self.body_height)
        return above, below

    def scroll_to_row(self, row: int) -> None:
        """Scroll the rows so that ``row`` is visible (now and after any resize)."""
        self._wanted_row = row
        self.refresh()

    def scroll_rows(self, delta: int) -> None:
        """Scroll by ``delta`` rows (the wheel); forgets the row that was kept in view."""
        self._offset = self.offset_row + delta
        self._wanted_row = None
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if self.hidden_rows[1]:
            event.stop()
            self.scroll_rows(1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self.offset_row:
            event.stop()
            self.scroll_rows(-1)

    # -- styles ---------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def _style(self, component: str) -> Style:
        style = self._styles.get(component)
        if style is None:
            style = self.get_component_rich_style(f"timeline-chart--{component}", partial=True)
            self._styles[component] = style
        return style

    def person_style(self, group: int) -> Style:
        """The colour of the ``group``-th person shown (a theme variable wins if set)."""
        slot = group % PERSON_COLOURS + 1
        key = f"person-{slot}"
        style = self._styles.get(key)
        if style is None:
            style = self.get_component_rich_style(f"timeline-chart--{key}", partial=True)
            variable = self.app.theme_variables.get(f"timeline-person-{slot}")
            if variable:
                try:
                    colour = Color.parse(variable)
                except ColorParseError:
                    pass
                else:
                    style = Style(color=colour.rich_color)
            self._styles[key] = style
        return style

    def _role_style(self, role: str, group: int) -> Style:
        if role == ROLE_BAR:
            return self.person_style(group)
        if role == ROLE_EXPECTED:
            return self.person_style(group) + Style(dim=True)
        if role == ROLE_HEADER:
            return self.person_style(group) + self._style("header")
        if role == ROLE_LABEL:
            return self._style("label")
        if role == ROLE_PAPERS:
            return self.person_style(group) + self._style("papers")
        if role == ROLE_AWARDS:
            return self.person_style(group) + self._style("awards")
        if role in (ROLE_AXIS, ROLE_MORE):
            return self._style("axis" if role == ROLE_AXIS else "more")
        return Style()

    # -- drawing --------------------------------------------------------------------------
    def _strip(self, row: ChartRow, selected: bool) -> Strip:
        segments = []
        for piece in row.pieces:
            style = self._role_style(piece.role, row.group)
            if selected and piece.role in (ROLE_LABEL, ROLE_HEADER):
                style += self._style("selected")
            segments.append(Segment(piece.text, style))
        return Strip(segments)

    def _axis_strip(self, layout: ChartLayout) -> Strip:
        above, below = self.hidden_rows
        axis = layout.axis
        if not (above or below):
            return self._strip(axis, False)
        note = f"↑{above} ↓{below} more"
        width = layout.label_width
        note = note if len(note) <= width else f"+{above + below} more"
        note = note[:width].ljust(width + 1)
        rest = axis.text[len(note) :]
        return Strip([Segment(note, self._style("more")), Segment(rest, self._style("axis"))])

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if not self._people:
            if y == 0:
                text = "No person selected: pick one in the People view."
                strip = Strip([Segment(text[:width], self._style("more"))])
                return strip.adjust_cell_length(width).apply_style(base)
            return Strip.blank(width, base)
        layout = self.chart_layout()
        if y == self.size.height - 1:
            strip = self._axis_strip(layout)
        else:
            index = self.offset_row + y
            if index >= len(layout.rows):
                return Strip.blank(width, base)
            row = layout.rows[index]
            strip = self._strip(row, self._row_matches(row))
        return strip.adjust_cell_length(width).apply_style(base)
