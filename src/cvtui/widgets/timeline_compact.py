"""The compact timeline: one lane per person, for comparing several people on one screen.

Each person gets one row: their name, then every dated entry overlaid on one lane — education
in the upper half of a cell (``▀``), positions and other experience in the lower half
(``▄``), both at once a full cell (``█``), planned time shaded (``░``) — and under it one row
of paper counts per year. Works that several of the people share are counted once, in a row
naming them (see :mod:`cvtui.widgets.timeline_layout`, which this shares its rows with).
Three people take seven lines, so a comparison fits at 80×24 beside its event list.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .timeline_cells import (
    AFTER,
    BEFORE,
    EXPECTED,
    FULL,
    ROLE_BAR,
    ROLE_EMPTY,
    ROLE_EXPECTED,
    ROLE_HEADER,
    ROLE_MORE,
    plot_row,
)
from .timeline_layout import (
    ChartLayout,
    ChartRow,
    Gathered,
    Lane,
    count_rows,
    finished,
    frame_for,
    gather,
    holds_papers,
    label_texts,
    shared_rows,
    truncate,
)

if TYPE_CHECKING:
    from ..core.model import Library

__all__ = ["LEGEND", "LOWER", "UPPER", "layout_compact", "overlay_cells"]

UPPER = "▀"
LOWER = "▄"
LEGEND = f"{UPPER} education  {LOWER} work  {EXPECTED} planned  ┊ today"


def _columns(lane: Lane, years: tuple[int, int], plot_width: int) -> tuple[int, int, int] | None:
    """(first column, column after the last, first planned column) of a lane in range."""
    year0, year1 = years
    if lane.end <= year0 or lane.start >= year1 or plot_width <= 0:
        return None
    scale = plot_width / max(1, year1 - year0)

    def at(year: float) -> float:
        return (year - year0) * scale

    first = max(0, min(plot_width - 1, math.floor(at(lane.start))))
    stop = max(first + 1, min(plot_width, math.ceil(at(lane.end))))
    planned = stop
    if lane.expected_from is not None:
        planned = max(first, min(stop, math.floor(at(lane.expected_from))))
    return first, stop, planned


def overlay_cells(
    lanes: Sequence[Lane], years: tuple[int, int], plot_width: int
) -> tuple[list[tuple[str, str]], list[tuple[str, int, int, int]]]:
    """One lane's cells for all of ``lanes``, and where each entry lies in it."""
    school = [False] * plot_width
    work = [False] * plot_width
    planned = [False] * plot_width
    spans: list[tuple[str, int, int, int]] = []
    before = after = False
    for lane in lanes:
        columns = _columns(lane, years, plot_width)
        if columns is None:
            before = before or lane.end <= years[0]
            after = after or lane.start >= years[1]
            continue
        first, stop, plan = columns
        spans.append((lane.kind, lane.ref, first, stop))
        lived = school if lane.kind == "education" else work
        for col in range(first, stop):
            if col < plan:
                lived[col] = True
            else:
                planned[col] = True
    cells: list[tuple[str, str]] = []
    for col in range(plot_width):
        if school[col] and work[col]:
            cells.append((FULL, ROLE_BAR))
        elif school[col]:
            cells.append((UPPER, ROLE_BAR))
        elif work[col]:
            cells.append((LOWER, ROLE_BAR))
        elif planned[col]:
            cells.append((EXPECTED, ROLE_EXPECTED))
        else:
            cells.append((" ", ROLE_EMPTY))
    if before and plot_width and cells[0][1] == ROLE_EMPTY:
        cells[0] = (BEFORE, ROLE_MORE)
    if after and plot_width and cells[-1][1] == ROLE_EMPTY:
        cells[-1] = (AFTER, ROLE_MORE)
    return cells, spans


def layout_compact(
    library: Library,
    person_indices: Sequence[int],
    width: int,
    today: _dt.date | None = None,
    years: tuple[int, int] | None = None,
    gathered: Gathered | None = None,
) -> ChartLayout:
    """Lay out the compact chart: per person a ``person`` row and a ``papers`` row; then the
    ``shared`` rows; all on one year scale (``years`` when given), ``width`` cells wide.
    ``gathered`` is what :func:`gather` gives for these people (worked out when not given)."""
    today = today or _dt.date.today()
    width = max(20, width)
    gathered = gathered or gather(library, person_indices, today)
    names = [library.people[item.index].name for item in gathered.groups]
    labels = [*names, *label_texts(library, gathered, awards=False)]
    frame = frame_for(labels, width, years or gathered.years, today)
    rows: list[ChartRow] = []
    for group, item in enumerate(gathered.groups):
        label = truncate(names[group], frame.label_width)
        cells, spans = overlay_cells(item.lanes, frame.years, frame.plot_width)
        if not item.lanes and not holds_papers(gathered, item):
            note = truncate("no dated entries", frame.plot_width)
            cells = [(ch, ROLE_MORE) for ch in note]
        pieces = plot_row(label, ROLE_HEADER, cells, frame.today)
        rows.append(ChartRow("person", group, pieces, item.index, spans=tuple(spans)))
        rows.extend(row for row in count_rows(gathered, group, frame) if row.kind == "papers")
    rows.extend(shared_rows(library, gathered, frame))
    return finished(rows, frame, gathered, compact=True)
