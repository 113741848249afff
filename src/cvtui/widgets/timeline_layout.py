"""Where everything goes in the timeline chart, as plain rows of text with roles.

The chart is laid out here without Textual so it can be tested exactly: every row is a
sequence of :class:`Piece` s (text + role) whose cells add up to the requested width. The
widget (:mod:`cvtui.widgets.timeline_chart`) only maps roles to theme colours.

Layout of one row: a label column, one space, then the plot. The plot maps years to columns
linearly from ``year0`` to ``year1``; a bar is drawn in half-cell steps (``▌``, ``█``, ``▐``)
so spans shorter than a column still show. Papers and awards are counted per year and written
as numbers (or, where years are too narrow for numbers, as bars of growing height), so a
person with thousands of papers costs one row, not one marker each.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, set_cell_size

if TYPE_CHECKING:
    from ..core.dates import PartialDate
    from ..core.model import Library, Person

__all__ = [
    "ChartLayout",
    "ChartRow",
    "Lane",
    "Piece",
    "count_text",
    "label_width_for",
    "lanes_of",
    "layout_chart",
]

FULL = "█"
LEFT_HALF = "▌"
RIGHT_HALF = "▐"
EXPECTED = "░"
LEVELS = "▁▂▃▄▅▆▇█"

# Roles a piece can have; the widget gives each one a style.
ROLE_LABEL = "label"
ROLE_HEADER = "header"
ROLE_BAR = "bar"
ROLE_EXPECTED = "expected"
ROLE_PAPERS = "papers"
ROLE_AWARDS = "awards"
ROLE_AXIS = "axis"
ROLE_EMPTY = "empty"
ROLE_MORE = "more"


class Piece(NamedTuple):
    """A run of text with one role (``label``, ``bar``, ``expected``, ``papers`` …)."""

    text: str
    role: str


@dataclass(frozen=True)
class Lane:
    """One education or experience entry as a span of fractional years."""

    person: int
    kind: str
    ref: int
    label: str
    start: float
    end: float
    open_end: bool
    expected_from: float | None
    """Where the planned (not yet lived) part begins, or None when it is all fact."""


@dataclass(frozen=True)
class ChartRow:
    """One line of the chart.

    ``kind`` is ``header``, ``lane``, ``papers``, ``awards``, ``empty`` or ``axis``;
    ``group`` is the position of the person among those shown (for the colour);
    ``person`` and ``ref`` say which fact a lane row draws (``ref`` is -1 otherwise).
    """

    kind: str
    group: int
    pieces: tuple[Piece, ...]
    person: int = -1
    entry_kind: str = ""
    ref: int = -1

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


@dataclass(frozen=True)
class ChartLayout:
    """The rows to draw (``rows``) and the year axis pinned under them (``axis``)."""

    rows: tuple[ChartRow, ...]
    axis: ChartRow
    year0: int
    year1: int
    label_width: int
    plot_width: int

    def column_of(self, year: float) -> int:
        """The plot column (0-based, relative to the plot) where ``year`` falls."""
        return _column(year, self.year0, self.year1, self.plot_width)


_Entry = tuple[str, int, str, "PartialDate | None", "PartialDate | None", bool]
"""(kind, index in the person's list, label, start, end, end_expected) of a would-be lane."""


def label_width_for(width: int) -> int:
    """Width of the label column: a quarter of the line, between 8 and 22 cells."""
    return max(8, min(22, width // 4))


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


def _truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis, padded to exactly ``width``."""
    text = " ".join(text.split())
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(set_cell_size(text, width - 1) + "…", width)


def _distinct_labels(person: Person, entries: list[_Entry]) -> list[_Entry]:
    """Say what tells lanes apart when two share an organisation, where truncation keeps it.

    A degree and a visit at the same university would otherwise both read
    "University of Washi…"; they become "Ph.D., University…" and "H2Lab, University…".
    Collaborations of one company read "Ant Group × Peking…", "Ant Group × UC…".
    """

    def variants(kind: str, ref: int, label: str) -> list[str]:
        if kind == "education":
            edu = person.education[ref]
            return [f"{x}, {label}" for x in (edu.degree, edu.field, edu.unit) if x]
        exp = person.experience[ref]
        out = [f"{x}, {label}" for x in (exp.unit,) if x]
        out += [f"{label} × {x}" for x in exp.collaborators[:1]]
        out += [f"{x}, {label}" for x in (exp.role,) if x]
        return out

    groups: dict[str, list[int]] = {}
    for position, entry in enumerate(entries):
        groups.setdefault(entry[2], []).append(position)
    labels = [entry[2] for entry in entries]
    for members in groups.values():
        if len(members) < 2:
            continue
        options = [variants(entries[m][0], entries[m][1], entries[m][2]) for m in members]
        for choice in range(max(len(o) for o in options)):
            picked = [
                o[choice] if choice < len(o) else (o[-1] if o else labels[m])
                for o, m in zip(options, members, strict=True)
            ]
            if len(set(picked)) == len(picked):
                break
        else:
            picked = [o[0] if o else labels[m] for o, m in zip(options, members, strict=True)]
        for m, label in zip(members, picked, strict=True):
            labels[m] = label
    return [(*entry[:2], label, *entry[3:]) for entry, label in zip(entries, labels, strict=True)]


def lanes_of(person: Person, index: int, today: _dt.date) -> list[Lane]:
    """The person's dated education and experience entries as lanes, oldest first."""
    now = today.year + (today.timetuple().tm_yday - 1) / 365.25
    lanes: list[Lane] = []
    entries: list[_Entry] = []
    for i, edu in enumerate(person.education):
        label = edu.institution or edu.degree
        entries.append(("education", i, label, edu.start, edu.end, edu.end_expected))
    for i, exp in enumerate(person.experience):
        label = exp.organisation or exp.role
        entries.append(("experience", i, label, exp.start, exp.end, exp.end_expected))
    entries = _distinct_labels(person, [e for e in entries if e[3] is not None or e[4] is not None])
    for kind, ref, label, start, end, expected in entries:
        if start is None and end is None:
            continue
        first = start if start is not None else end
        assert first is not None
        open_end = end is None or end.is_present
        begin = first.as_fraction(today)
        finish = now if end is None or open_end else end.as_fraction(today)
        expected_from: float | None = None
        if expected and not open_end and finish > now:
            expected_from = max(begin, now)
        if finish < begin:
            begin, finish = finish, begin
        lanes.append(Lane(index, kind, ref, label, begin, finish, open_end, expected_from))
    lanes.sort(key=lambda lane: (lane.start, lane.end))
    return lanes


def _column(year: float, year0: int, year1: int, plot_width: int) -> int:
    span = max(1, year1 - year0)
    col = int((year - year0) / span * plot_width)
    return max(0, min(plot_width - 1, col))


def _bar(lane: Lane, year0: int, year1: int, plot_width: int) -> list[Piece]:
    """The plot part of a lane: blanks, the bar in half-cell steps, the planned part."""
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

    cells: list[tuple[str, str]] = []
    for col in range(plot_width):
        left, right = 2 * col, 2 * col + 1
        in_left = h_start <= left < h_end
        in_right = h_start <= right < h_end
        if not (in_left or in_right):
            cells.append((" ", ROLE_EMPTY))
            continue
        planned = (left if in_left else right) >= h_expected
        if planned:
            cells.append((EXPECTED, ROLE_EXPECTED))
        elif in_left and in_right:
            cells.append((FULL, ROLE_BAR))
        elif in_left:
            cells.append((LEFT_HALF, ROLE_BAR))
        else:
            cells.append((RIGHT_HALF, ROLE_BAR))
    return _merge(cells)


def _merge(cells: Sequence[tuple[str, str]]) -> list[Piece]:
    """Join neighbouring cells of the same role into one piece."""
    pieces: list[Piece] = []
    for text, role in cells:
        if pieces and pieces[-1].role == role:
            pieces[-1] = Piece(pieces[-1].text + text, role)
        else:
            pieces.append(Piece(text, role))
    return pieces


def _counts_row(
    counts: Counter[int], role: str, year0: int, year1: int, plot_width: int
) -> list[Piece]:
    """Per-year counts in each year's columns (years sharing a column are summed).

    Counts are written as numbers when every one fits with a blank between neighbours;
    when years are too narrow for that, each column gets a bar whose height grows with
    its count (``▁`` … ``█``), so neighbouring numbers can never run together.
    """
    by_col: Counter[int] = Counter()
    for year, n in counts.items():
        by_col[_column(year + 0.5, year0, year1, plot_width)] += n
    cells = [(" ", ROLE_EMPTY)] * plot_width
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
    return _merge(cells)


def _axis(year0: int, year1: int, plot_width: int, today: _dt.date) -> list[Piece]:
    """Year labels at ticks spaced so that labels never touch."""
    span = max(1, year1 - year0)
    per_year = plot_width / span
    step = next((s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500) if s * per_year >= 5), 1000)
    cells = [" "] * plot_width
    first = math.ceil(year0 / step) * step
    for year in range(first, year1 + 1, step):
        col = _column(year, year0, year1, plot_width) if year < year1 else plot_width
        label = str(year)
        if col + len(label) > plot_width:
            continue
        if col > 0 and cells[col - 1] != " ":
            continue
        cells[col : col + len(label)] = list(label)
    return [Piece("".join(cells), ROLE_AXIS)]


def _year_range(lanes: Sequence[Lane], years: Sequence[int], today: _dt.date) -> tuple[int, int]:
    starts = [lane.start for lane in lanes] + [float(y) for y in years]
    ends = [lane.end for lane in lanes] + [y + 1.0 for y in years]
    if not starts:
        return today.year - 1, today.year + 1
    year0 = math.floor(min(starts))
    year1 = max(year0 + 1, math.ceil(max(ends)))
    if max(ends) >= year1:
        year1 += 1
    return year0, year1


def layout_chart(
    library: Library,
    person_indices: Sequence[int],
    width: int,
    today: _dt.date | None = None,
) -> ChartLayout:
    """Lay out the chart for ``library.people[i]`` for each i, ``width`` cells wide.

    Each person gets a header row (the name), one lane per dated education/experience entry,
    then a ``papers`` and an ``awards`` row with per-year counts (when they have any).
    Open spans run to ``today``; planned ends (``end_expected``) are shaded after today.
    All people share one year scale so careers line up.
    """
    today = today or _dt.date.today()
    width = max(20, width)
    label_width = label_width_for(width)
    plot_width = width - label_width - 1

    groups: list[tuple[int, list[Lane], Counter[int], Counter[int]]] = []
    all_lanes: list[Lane] = []
    all_years: set[int] = set()
    for index in person_indices:
        person = library.people[index]
        lanes = lanes_of(person, index, today)
        papers: Counter[int] = Counter()
        for work in library.papers_of(person.id):
            when = library.papers[work].when
            if when is not None and not when.is_present:
                papers[when.year] += 1
        awards: Counter[int] = Counter()
        for award in person.awards:
            when = award.date or award.start or award.end
            if when is not None and not when.is_present:
                awards[when.year] += 1
        groups.append((index, lanes, papers, awards))
        all_lanes.extend(lanes)
        all_years.update(papers)
        all_years.update(awards)

    year0, year1 = _year_range(all_lanes, sorted(all_years), today)
    rows: list[ChartRow] = []
    for group, (index, lanes, papers, awards) in enumerate(groups):
        name = library.people[index].name
        rows.append(ChartRow("header", group, (Piece(_truncate(name, width), ROLE_HEADER),), index))
        for lane in lanes:
            pieces = [Piece(_truncate(lane.label, label_width), ROLE_LABEL), Piece(" ", ROLE_EMPTY)]
            pieces.extend(_bar(lane, year0, year1, plot_width))
            rows.append(ChartRow("lane", group, tuple(pieces), index, lane.kind, lane.ref))
        for kind, counts, role in (
            ("papers", papers, ROLE_PAPERS),
            ("awards", awards, ROLE_AWARDS),
        ):
            if not counts:
                continue
            total = sum(counts.values())
            label = _truncate(
                f"{kind} {count_text(total, label_width - len(kind) - 1)}", label_width
            )
            pieces = [Piece(label, ROLE_LABEL), Piece(" ", ROLE_EMPTY)]
            pieces.extend(_counts_row(counts, role, year0, year1, plot_width))
            rows.append(ChartRow(kind, group, tuple(pieces), index))
        if not lanes and not papers and not awards:
            rows.append(
                ChartRow(
                    "empty", group, (Piece(_truncate("no dated entries", width), ROLE_MORE),), index
                )
            )
    axis_pieces = [Piece(" " * (label_width + 1), ROLE_EMPTY)]
    axis_pieces.extend(_axis(year0, year1, plot_width, today))
    axis = ChartRow("axis", -1, tuple(axis_pieces))
    return ChartLayout(tuple(rows), axis, year0, year1, label_width, plot_width)
