"""The cells of one timeline row: bars of spans, counts per year, year labels, today's line.

Each function gives one (character, role) per plot column for a span of years, ``year0`` up
to ``year1``, mapped linearly to ``plot_width`` columns; the layouts
(:mod:`cvtui.widgets.timeline_layout`, :mod:`cvtui.widgets.timeline_compact`) put them
beside their labels, and the widget gives each role a style.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .timeline_lanes import Lane

FULL = "█"
LEFT_HALF = "▌"
RIGHT_HALF = "▐"
EXPECTED = "░"
LEVELS = "▁▂▃▄▅▆▇█"
TODAY_MARK = "┊"
BEFORE = "◂"
AFTER = "▸"

# Roles a piece can have; the widget gives each one a style.
ROLE_LABEL = "label"
ROLE_HEADER = "header"
ROLE_BAR = "bar"
ROLE_EXPECTED = "expected"
ROLE_PAPERS = "papers"
ROLE_AWARDS = "awards"
ROLE_SHARED = "shared"
ROLE_AXIS = "axis"
ROLE_EMPTY = "empty"
ROLE_MORE = "more"
ROLE_TODAY = "today"

Cells = list[tuple[str, str]]
"""One (character, role) per plot column."""


class Piece(NamedTuple):
    """A run of text with one role (``label``, ``bar``, ``expected``, ``papers`` …)."""

    text: str
    role: str


def count_text(count: int, room: int) -> str:
    """``count`` written in at most ``room`` cells: ``7``, ``42``, ``1k``, ``9+``."""
    room = max(1, room)
    text = str(count)
    if len(text) <= room:
        return text
    if count >= 1000 and room >= 2:
        short = f"{count // 1000}k"
        if len(short) <= room:
            return short
    if room == 1:
        return "+"
    return "9" * (room - 1) + "+"


def column_at(year: float, year0: int, year1: int, plot_width: int) -> int:
    """The plot column (0-based) where ``year`` falls."""
    span = max(1, year1 - year0)
    col = int((year - year0) / span * plot_width)
    return max(0, min(plot_width - 1, col))


def now_of(today: _dt.date) -> float:
    """Today as a fractional year."""
    return today.year + (today.timetuple().tm_yday - 1) / 365.25


def bar_cells(lane: Lane, year0: int, year1: int, plot_width: int) -> Cells:
    """The plot part of a lane: blanks, the bar in half-cell steps, the planned part."""
    cells: Cells = [(" ", ROLE_EMPTY)] * plot_width
    if lane.end <= year0 or lane.start >= year1:
        # Out of the years shown: an arrow at the edge it lies beyond.
        if plot_width:
            at = 0 if lane.end <= year0 else plot_width - 1
            cells[at] = (BEFORE if at == 0 else AFTER, ROLE_MORE)
        return cells
    span = max(1, year1 - year0)
    halves = plot_width * 2

    def half(year: float) -> int:
        return max(0, min(halves, round((year - year0) / span * halves)))

    h_start = half(lane.start)
    h_end = max(half(lane.end), h_start + 1)
    if h_end > halves:
        h_start, h_end = halves - 1, halves
    h_expected = half(lane.expected_from) if lane.expected_from is not None else h_end
    h_expected = max(h_start, min(h_expected, h_end))
    for col in range(plot_width):
        left, right = 2 * col, 2 * col + 1
        in_left = h_start <= left < h_end
        in_right = h_start <= right < h_end
        if not (in_left or in_right):
            continue
        if (left if in_left else right) >= h_expected:
            cells[col] = (EXPECTED, ROLE_EXPECTED)
        elif in_left and in_right:
            cells[col] = (FULL, ROLE_BAR)
        else:
            cells[col] = (LEFT_HALF if in_left else RIGHT_HALF, ROLE_BAR)
    return cells


def counts_cells(counts: Counter[int], role: str, year0: int, year1: int, plot_width: int) -> Cells:
    """Per-year counts in each year's columns (years sharing a column are summed; years
    outside ``year0``–``year1`` are left out).

    Counts are written as numbers when every one fits with a blank between neighbours;
    when years are too narrow for that, each column gets a bar whose height grows with
    its count (``▁`` … ``█``), so neighbouring numbers can never run together.
    """
    by_col: Counter[int] = Counter()
    for year, n in counts.items():
        if year0 <= year < year1:
            by_col[column_at(year + 0.5, year0, year1, plot_width)] += n
    cells: Cells = [(" ", ROLE_EMPTY)] * plot_width
    cols = sorted(by_col)
    gaps = [b - a for a, b in itertools.pairwise(cols)]
    room = min(gaps) - 1 if gaps else plot_width
    largest = max(by_col.values(), default=0)
    if room >= 2 or (room == 1 and largest <= 9):
        for col in cols:
            text = count_text(by_col[col], room)
            begin = col - (len(text) - 1) // 2
            begin = max(0, min(plot_width - len(text), begin))
            for k, ch in enumerate(text):
                cells[begin + k] = (ch, role)
    else:
        for col in cols:
            level = max(1, math.ceil(len(LEVELS) * by_col[col] / largest))
            cells[col] = (LEVELS[level - 1], role)
    return cells


def axis_cells(year0: int, year1: int, plot_width: int) -> Cells:
    """Year labels at ticks spaced so that labels never touch."""
    span = max(1, year1 - year0)
    per_year = plot_width / span
    step = next((s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500) if s * per_year >= 5), 1000)
    chars = [" "] * plot_width
    first = math.ceil(year0 / step) * step
    for year in range(first, year1 + 1, step):
        col = column_at(year, year0, year1, plot_width) if year < year1 else plot_width
        label = str(year)
        if col + len(label) > plot_width:
            continue
        if col > 0 and chars[col - 1] != " ":
            continue
        chars[col : col + len(label)] = list(label)
    return [(ch, ROLE_AXIS) for ch in chars]


def merge(cells: Sequence[tuple[str, str]]) -> list[Piece]:
    """Join neighbouring cells of the same role into one piece."""
    return [
        Piece("".join(text for text, _ in run), role)
        for role, run in itertools.groupby(cells, key=lambda cell: cell[1])
    ]


def plot_row(label: str, label_role: str, cells: Cells, today: int | None) -> tuple[Piece, ...]:
    """A label cell, a space, then the plot with today's line where it is blank."""
    if today is not None and 0 <= today < len(cells) and cells[today][0] == " ":
        cells = [*cells[:today], (TODAY_MARK, ROLE_TODAY), *cells[today + 1 :]]
    return (Piece(label, label_role), Piece(" ", ROLE_EMPTY), *merge(cells))
