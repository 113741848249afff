"""The timeline chart: lanes of careers across the years, drawn with block characters.

Rows come from :func:`cvtui.widgets.timeline_layout.layout_chart` (the full chart: a name,
then a lane per entry) or :func:`cvtui.widgets.timeline_compact.layout_compact` (one lane per
person). With several people the compact one is chosen when the full one would not fit in
:data:`MAX_SHARE` of the view; :meth:`TimelineChart.toggle_compact` overrides that choice.

The year axis stays at the bottom; when there are more rows than room, the rows scroll (the
mouse wheel, :meth:`TimelineChart.scroll_rows`, or following the entry selected with
:meth:`TimelineChart.select_entry`) and the axis line says how many are hidden. While a
person's rows are scrolled, their name stays on the top line. :meth:`TimelineChart.zoom`
and :meth:`TimelineChart.pan` show fewer years, wider; :meth:`TimelineChart.reset_zoom`
all of them again. The chart posts :class:`TimelineChart.Changed` when either changes.

Colours: each person shown gets one of six colours, ``$primary``, ``$accent``, ``$success``,
``$warning``, ``$secondary``, ``$error`` in that order; a theme may set its own with the
variables ``timeline-person-1`` … ``timeline-person-6``. Other parts use the component
classes below, so they follow every theme, 16 colours and NO_COLOR alike. Meaning never
rests on colour alone: people are named on their rows, counts are digits, planned time is a
different glyph (``░``), education and work different halves of a cell (compact chart).

| component class | what |
|---|---|
| ``timeline-chart--label`` | lane labels (organisations) |
| ``timeline-chart--header`` | a person's name above or beside their lanes |
| ``timeline-chart--papers`` / ``--awards`` | per-year counts (drawn in the person's colour) |
| ``timeline-chart--shared`` | per-year counts of works several people shown share |
| ``timeline-chart--axis`` | the year axis |
| ``timeline-chart--today`` | the line at today |
| ``timeline-chart--more`` | notes: hidden rows, no dated entries, lanes out of range |
| ``timeline-chart--selected`` | the label of the row of the event under the cursor |
| ``timeline-chart--span`` | the columns of that event in its row |
| ``timeline-chart--person-1`` … ``--person-6`` | the colour of each person shown |
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color, ColorParseError
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from .timeline_cells import (
    ROLE_AWARDS,
    ROLE_AXIS,
    ROLE_BAR,
    ROLE_EXPECTED,
    ROLE_HEADER,
    ROLE_LABEL,
    ROLE_MORE,
    ROLE_PAPERS,
    ROLE_SHARED,
    ROLE_TODAY,
)
from .timeline_compact import layout_compact
from .timeline_layout import ChartLayout, ChartRow, Gathered, gather, layout_chart
from .timeline_viewport import (
    fact_columns,
    matches,
    panned,
    pinned,
    selection_year,
    settled,
    showing,
    within,
    zoomed,
)

if TYPE_CHECKING:
    from ..core.model import Library

__all__ = ["MAX_SHARE", "PERSON_COLOURS", "TimelineChart"]

PERSON_COLOURS = 6
"""How many distinct person colours there are; the seventh person reuses the first."""

MAX_SHARE = 0.6
"""The most of the view's height the chart takes (the event list keeps the rest)."""


class TimelineChart(Widget):
    """Lanes, per-year paper/award counts and a year axis for one or more people."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline-chart--label",
        "timeline-chart--header",
        "timeline-chart--papers",
        "timeline-chart--awards",
        "timeline-chart--shared",
        "timeline-chart--axis",
        "timeline-chart--today",
        "timeline-chart--more",
        "timeline-chart--selected",
        "timeline-chart--span",
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
        & > .timeline-chart--shared { color: $foreground; text-style: bold; }
        & > .timeline-chart--axis { color: $text-muted; }
        & > .timeline-chart--today { color: $text-muted; }
        & > .timeline-chart--more { color: $text-muted; text-style: italic; }
        & > .timeline-chart--selected { text-style: reverse bold; }
        & > .timeline-chart--span { color: $text-warning; text-style: bold; }
        & > .timeline-chart--person-1 { color: $primary; }
        & > .timeline-chart--person-2 { color: $accent; }
        & > .timeline-chart--person-3 { color: $success; }
        & > .timeline-chart--person-4 { color: $warning; }
        & > .timeline-chart--person-5 { color: $secondary; }
        & > .timeline-chart--person-6 { color: $error; }
    }
    """

    class Changed(Message):
        """The chart switched between full and compact, or shows other years."""

        def __init__(self, chart: TimelineChart) -> None:
            super().__init__()
            self.chart = chart

        @property
        def control(self) -> TimelineChart:
            return self.chart

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
        self._layouts: dict[tuple[bool, int, tuple[int, int] | None], ChartLayout] = {}
        self._gathered: Gathered | None = None
        """Lanes and counts of the people shown, for every layout of them."""
        self._choice: bool | None = None
        """Compact (True) or full (False) as the user chose; None: whichever fits."""
        self._room = 0
        """Lines the view has (the chart takes at most :data:`MAX_SHARE` of them)."""
        self._years: tuple[int, int] | None = None
        self._offset = 0
        self._wanted_row: int | None = None
        self._follow = False
        """Keep the selected entry's row in view (until the rows are scrolled by hand)."""
        self._selected: tuple[int, str, int] | None = None
        self._styles: dict[str, Style] = {}
        self._told: tuple[bool, int, int] | None = None

    # -- what to show ---------------------------------------------------------------------
    @property
    def people(self) -> tuple[int, ...]:
        """Indexes into ``library.people`` of the people drawn, in group order."""
        return self._people

    def show_people(self, person_indices: Sequence[int]) -> None:
        """Draw these people (the first one's colour is ``person-1``), all their years."""
        self._people = tuple(dict.fromkeys(person_indices))
        self._layouts.clear()
        self._gathered = None
        self._years = None
        self._offset = 0
        self._wanted_row = None
        self._follow = False
        self._selected = None
        self.refresh(layout=True)
        self._tell()

    def select_entry(self, person: int, kind: str, ref: int) -> None:
        """Mark the row of one fact and scroll it into view.

        ``kind`` is an event kind: ``education``/``experience`` select that lane (or the
        person's lane in the compact chart), ``paper`` the row counting that work, ``award``
        that person's awards; other kinds select nothing.
        """
        self._selected = (person, kind, ref)
        self._wanted_row = None
        self._follow = True
        self.refresh()

    def _row_matches(self, row: ChartRow) -> bool:
        return self._selected is not None and matches(row, self._selected)

    def selected_columns(self, row: ChartRow) -> range | None:
        """The plot columns of the selected fact in ``row`` (its span, its year), if any."""
        if self._selected is None:
            return None
        return fact_columns(self.library, self.chart_layout(), row, self._selected)

    # -- full or compact --------------------------------------------------------------------
    @property
    def compact(self) -> bool:
        """Whether the chart is drawn one lane per person."""
        if self._choice is not None:
            return self._choice and len(self._people) > 1
        if len(self._people) < 2 or self._room <= 0:
            return False
        full = self._layout(False, self._width())
        return len(full.rows) + 1 > int(self._room * MAX_SHARE)

    def toggle_compact(self) -> None:
        """Switch between one lane per person and the full chart (a choice that is kept)."""
        self._choice = not self.compact
        self._offset = 0
        self._wanted_row = None
        self.refresh(layout=True)
        self._tell()

    # -- years shown ------------------------------------------------------------------------
    @property
    def all_years(self) -> tuple[int, int]:
        """The first year and the year after the last of everything shown."""
        return self.chart_layout().all_years

    @property
    def year_range(self) -> tuple[int, int]:
        """The first year shown and the year after the last."""
        layout = self.chart_layout()
        return layout.year0, layout.year1

    @property
    def zoomed(self) -> bool:
        return self._years is not None

    def set_year_range(self, first: int, stop: int) -> None:
        """Show the years from ``first`` up to ``stop`` (kept within every year shown)."""
        every = self.all_years
        years = within(first, stop, every)
        self._years = None if years == every else years
        self.refresh()
        self._tell()

    def zoom(self, step: int) -> None:
        """Fewer years, wider (``step`` > 0), or more (``step`` < 0), around the selected
        fact when it is in view, else around the middle."""
        today = self.today or _dt.date.today()
        centre = (
            None if self._selected is None else selection_year(self.library, self._selected, today)
        )
        self.set_year_range(*zoomed(self.year_range, step, centre))

    def pan(self, step: int) -> None:
        """Earlier (``step`` < 0) or later years, a quarter of the range at a time."""
        self.set_year_range(*panned(self.year_range, step))

    def reset_zoom(self) -> None:
        """Every year again."""
        if self._years is not None:
            self._years = None
            self.refresh()
            self._tell()

    def _tell(self) -> None:
        """Post :class:`Changed` when the mode or the years shown changed."""
        if not self._people:
            return
        state = (self.compact, *self.year_range)
        if state != self._told:
            self._told = state
            self.post_message(self.Changed(self))

    # -- layout ---------------------------------------------------------------------------
    def _width(self, width: int | None = None) -> int:
        width = self.size.width if width is None else width
        return width or 80

    def _layout(self, compact: bool, width: int) -> ChartLayout:
        key = (compact, width, self._years)
        layout = self._layouts.get(key)
        if layout is None:
            make = layout_compact if compact else layout_chart
            if len(self._layouts) > 8:
                self._layouts.clear()
            today = self.today or _dt.date.today()
            if self._gathered is None:
                self._gathered = gather(self.library, self._people, today)
            layout = make(self.library, self._people, width, today, self._years, self._gathered)
            self._layouts[key] = layout
        return layout

    def chart_layout(self, width: int | None = None) -> ChartLayout:
        """The layout for the current width, mode and years (kept until one changes)."""
        return self._layout(self.compact, self._width(width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self._people:
            return 1
        if container.height != self._room:
            self._room = container.height
            self.call_later(self._tell)
        return len(self.chart_layout(width).rows) + 1

    @property
    def body_height(self) -> int:
        """Screen lines for rows (all but the axis line)."""
        return max(0, self.size.height - 1)

    def _selected_row(self, layout: ChartLayout) -> int | None:
        for i, row in enumerate(layout.rows):
            if self._row_matches(row):
                return i
        return None

    @property
    def offset_row(self) -> int:
        """The first row on screen, kept valid for the current size."""
        layout = self.chart_layout()
        body = max(1, self.body_height)
        target = self._wanted_row
        if target is None and self._follow:
            target = self._selected_row(layout)
        if target is None:
            self._offset = settled(layout, self._offset, body)
        else:
            self._offset = showing(layout, self._offset, body, target)
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
        self._follow = False
        self.refresh()

    def scroll_rows(self, delta: int) -> None:
        """Scroll by ``delta`` rows; the selected entry is no longer kept in view."""
        layout = self.chart_layout()
        self._wanted_row = None
        self._follow = False
        self._offset = settled(layout, self.offset_row + delta, max(1, self.body_height), delta)
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
        person = self.person_style(group) if group >= 0 else Style()
        if role == ROLE_BAR:
            return person
        if role == ROLE_EXPECTED:
            return person + Style(dim=True)
        if role == ROLE_HEADER:
            return person + self._style("header")
        if role == ROLE_LABEL:
            return self._style("label")
        if role == ROLE_PAPERS:
            return person + self._style("papers")
        if role == ROLE_AWARDS:
            return person + self._style("awards")
        if role == ROLE_SHARED:
            return self._style("shared")
        if role in (ROLE_AXIS, ROLE_MORE, ROLE_TODAY):
            return self._style({ROLE_AXIS: "axis", ROLE_MORE: "more"}.get(role, "today"))
        return Style()

    # -- drawing --------------------------------------------------------------------------
    def _strip(self, row: ChartRow, layout: ChartLayout) -> Strip:
        selected = self._row_matches(row)
        columns = self.selected_columns(row) if selected else None
        plot_at = layout.label_width + 1
        segments = []
        x = 0
        for piece in row.pieces:
            style = self._role_style(piece.role, row.group)
            if selected and piece.role in (ROLE_LABEL, ROLE_HEADER) and x < plot_at:
                style += self._style("selected")
            cells = cell_len(piece.text)  # (a label may hold wide characters)
            if columns is None or x + cells <= plot_at:
                segments.append(Segment(piece.text, style))
                x += cells
                continue
            for ch in piece.text:
                own = style
                if x >= plot_at and (x - plot_at) in columns:
                    own = style + self._style("span")
                segments.append(Segment(ch, own))
                x += cell_len(ch)
        return Strip(Segment.simplify(segments))

    def _axis_strip(self, layout: ChartLayout) -> Strip:
        above, below = self.hidden_rows
        axis = layout.axis
        if not (above or below):
            return self._strip(axis, layout)
        note = f"↑{above} ↓{below} more"
        width = layout.label_width
        note = note if len(note) <= width else f"+{above + below} more"
        note = note[:width].ljust(width + 1)
        segments = [Segment(note, self._style("more"))]
        x = 0
        for piece in axis.pieces:
            text = piece.text[max(0, len(note) - x) :]
            x += len(piece.text)
            if text:
                segments.append(Segment(text, self._role_style(piece.role, -1)))
        return Strip(segments)

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
            top = self.offset_row
            index = top + y
            if y == 0 and pinned(layout, top):
                index = layout.pins[top]
            if index >= len(layout.rows):
                return Strip.blank(width, base)
            strip = self._strip(layout.rows[index], layout)
        return strip.adjust_cell_length(width).apply_style(base)
