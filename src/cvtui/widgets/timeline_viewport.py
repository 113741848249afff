"""Which rows, years and columns of a timeline chart are on screen or marked.

Rows scroll under a pinned name: while a person's rows are scrolled, the top line shows
their name (their header, or their lane in the compact chart) in place of the row beneath
it, so no lane is ever left without the name it belongs to. Years zoom in and out by
:data:`ZOOM` around a year of interest and pan by a quarter of the range, never past the
years there are. The fact under the event list's cursor marks its row and, in it, its span
or its year. Plain functions over a :class:`~cvtui.widgets.timeline_layout.ChartLayout`,
so the rules can be tested without a screen.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import TYPE_CHECKING

from .timeline_cells import now_of

if TYPE_CHECKING:
    from ..core.model import Library
    from .timeline_layout import ChartLayout, ChartRow

Fact = tuple[int, str, int]
"""(person, kind, ref) of one fact, as in an event (``ref`` of a paper: its work)."""

__all__ = [
    "MIN_YEARS",
    "ZOOM",
    "fact_columns",
    "matches",
    "panned",
    "pinned",
    "selection_year",
    "settled",
    "showing",
    "within",
    "zoomed",
]

MIN_YEARS = 2
"""The fewest years a zoomed chart shows."""

ZOOM = 1.5
"""How much one step of zoom narrows or widens the years shown."""


def pinned(layout: ChartLayout, top: int) -> bool:
    """Whether the top line shows the name of the rows under it instead of row ``top``."""
    if top >= len(layout.pins):
        return False
    return layout.pins[top] not in (-1, top)


def settled(layout: ChartLayout, top: int, body: int, direction: int = 1) -> int:
    """``top`` within range, and never where the top line would name a person none of whose
    rows are left under it (their last row hidden by the name, the next person's name right
    below): one row further on (``direction``), the next name simply takes the top."""
    highest = max(0, len(layout.rows) - body)
    top = max(0, min(top, highest))
    below = top + 1
    if pinned(layout, top) and below < len(layout.pins) and layout.pins[below] in (-1, below):
        moved = top + (1 if direction >= 0 else -1)
        if 0 <= moved <= highest:
            top = moved
    return top


def showing(layout: ChartLayout, top: int, body: int, row: int) -> int:
    """The first row to draw so that ``row`` is on screen, moving as little as possible from
    ``top`` (``body`` rows fit)."""
    if not 0 <= row < len(layout.rows):
        return settled(layout, top, body)
    if row < top or (row == top and pinned(layout, top)):
        pin = layout.pins[row] if row < len(layout.pins) else -1
        top = row if pin in (-1, row) else row - 1  # its name above it, on the top line
    elif row >= top + body:
        top = row - body + 1
    return settled(layout, top, body)


def within(first: int, stop: int, years: tuple[int, int]) -> tuple[int, int]:
    """``first`` up to ``stop`` moved (and narrowed) to lie within ``years``."""
    low, high = years
    span = max(1, min(stop - first, high - low))
    first = max(low, min(first, high - span))
    return first, first + span


def zoomed(current: tuple[int, int], step: int, centre: float | None) -> tuple[int, int]:
    """Fewer years (``step`` > 0) or more than ``current``, around ``centre`` when it is in
    the range, else around its middle."""
    first, stop = current
    span = stop - first
    if step > 0:
        wanted = max(MIN_YEARS, min(span - 1, round(span / ZOOM)))
    else:
        wanted = max(span + 1, round(span * ZOOM))
    if centre is None or not first <= centre < stop:
        centre = (first + stop) / 2
    begin = math.floor(centre - wanted / 2)
    return begin, begin + wanted


def panned(current: tuple[int, int], step: int) -> tuple[int, int]:
    """Earlier (``step`` < 0) or later years, a quarter of the range at a time."""
    first, stop = current
    shift = max(1, (stop - first) // 4) * step
    return first + shift, stop + shift


def selection_year(library: Library, selected: Fact, today: _dt.date) -> float | None:
    """When the selected fact (person, kind, ref) begins, as a fractional year."""
    person, kind, ref = selected
    when = None
    if kind == "paper":
        when = library.papers[ref].when
    elif kind == "education":
        when = library.people[person].education[ref].start
    elif kind == "experience":
        when = library.people[person].experience[ref].start
    elif kind == "award":
        award = library.people[person].awards[ref]
        when = award.date or award.start
    if when is None:
        return None
    return now_of(today) if when.is_present else when.as_fraction(today)


def matches(row: ChartRow, fact: Fact) -> bool:
    """Whether ``row`` draws the fact: its lane (or its person's lane in the compact chart),
    the row counting its work, or its person's awards."""
    person, kind, ref = fact
    if kind == "paper":
        return row.kind in ("papers", "shared") and ref in row.works
    if row.person != person:
        return False
    if row.kind == "lane":
        return row.entry_kind == kind and row.ref == ref
    if row.kind == "person":
        return kind in ("education", "experience")
    return (row.kind, kind) == ("awards", "award")


def fact_columns(library: Library, layout: ChartLayout, row: ChartRow, fact: Fact) -> range | None:
    """The plot columns of the fact in ``row``: its span in a person's lane, or its year in a
    row of counts (None when the row does not draw it, or it is out of the years shown)."""
    if not matches(row, fact):
        return None
    person, kind, ref = fact
    if row.kind == "person":
        for entry_kind, entry_ref, first, stop in row.spans:
            if (entry_kind, entry_ref) == (kind, ref):
                return range(first, stop)
        return None
    when = None
    if kind == "paper":
        when = library.papers[ref].when
    elif kind == "award":
        award = library.people[person].awards[ref]
        when = award.date or award.start or award.end
    if when is None or when.is_present or not layout.year0 <= when.year < layout.year1:
        return None
    column = layout.column_of(when.year + 0.5)
    return range(column, column + 1)
