"""Where everything goes in the timeline chart, as plain rows of text with roles.

The chart is laid out here without Textual so it can be tested exactly: every row is a
sequence of :class:`Piece` s (text + role) whose cells add up to the requested width. The
widget (:mod:`cvtui.widgets.timeline_chart`) only maps roles to theme colours.

Layout of one row: a label column (as wide as the longest label, up to
:func:`label_width_for`), one space, then the plot. The plot maps years to columns linearly
from ``year0`` to ``year1`` (every year of the people shown, or a range chosen to zoom in);
a bar is drawn in half-cell steps (``▌``, ``█``, ``▐``) so spans shorter than a column still
show, and one that lies outside the range is an arrow at the edge (``◂``, ``▸``). Papers and
awards are counted per year and written as numbers (or, where years are too narrow for
numbers, as bars of growing height), so a person with thousands of papers costs one row, not
one marker each. A dotted line (``┊``) marks today wherever a row leaves it blank.

With several people, a work two of them share is counted once, in a row of its own that
names them (``Liu & Wu 2``), not once in each person's row. This module lays out the full
chart (a name, then a lane per entry); :mod:`cvtui.widgets.timeline_compact` one lane each.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.cells import cell_len

from .timeline_cells import (
    AFTER,
    BEFORE,
    EXPECTED,
    FULL,
    LEFT_HALF,
    LEVELS,
    RIGHT_HALF,
    ROLE_AWARDS,
    ROLE_EMPTY,
    ROLE_HEADER,
    ROLE_LABEL,
    ROLE_MORE,
    ROLE_PAPERS,
    ROLE_SHARED,
    TODAY_MARK,
    Piece,
    axis_cells,
    bar_cells,
    column_at,
    count_text,
    counts_cells,
    now_of,
    plot_row,
)
from .timeline_lanes import Lane, cut, fit_labels, lanes_of, truncate

if TYPE_CHECKING:
    from ..core.model import Library

__all__ = [
    "AFTER",
    "BEFORE",
    "EXPECTED",
    "FULL",
    "LEFT_HALF",
    "LEVELS",
    "RIGHT_HALF",
    "TODAY_MARK",
    "ChartLayout",
    "ChartRow",
    "Gathered",
    "Lane",
    "Piece",
    "count_text",
    "gather",
    "label_width_for",
    "lanes_of",
    "layout_chart",
]


@dataclass(frozen=True)
class ChartRow:
    """One line of the chart.

    ``kind`` is ``header`` (a person's name), ``lane`` (one entry), ``person`` (all of a
    person's entries in one lane, in the compact chart), ``papers``, ``awards``, ``shared``
    (works several people shown share), ``empty`` or ``axis``. ``group`` is the position of
    the person among those shown (for the colour; -1 for rows of no one person); ``person``
    and ``ref`` say which fact a lane draws (``ref`` is -1 otherwise).
    """

    kind: str
    group: int
    pieces: tuple[Piece, ...]
    person: int = -1
    entry_kind: str = ""
    ref: int = -1
    works: frozenset[int] = frozenset()
    """The works a ``papers`` or ``shared`` row counts."""
    holders: tuple[int, ...] = ()
    """The people (indexes into ``library.people``) who share the works of a ``shared`` row."""
    spans: tuple[tuple[str, int, int, int], ...] = ()
    """(entry kind, ref, first column, column after the last) of each entry a ``person``
    row draws, in plot columns."""

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
    all_years: tuple[int, int] = (0, 0)
    """The years of everything shown (``year0``–``year1`` is this unless zoomed)."""
    today_column: int | None = None
    """The plot column of today, when today is in the range shown."""
    compact: bool = False
    pins: tuple[int, ...] = field(default=())
    """Per row: the row that names it (its person's header or lane), kept on the top line
    while the rows beneath it are scrolled; -1 for rows no name belongs to."""

    def column_of(self, year: float) -> int:
        """The plot column (0-based, relative to the plot) where ``year`` falls."""
        return column_at(year, self.year0, self.year1, self.plot_width)


def label_width_for(width: int) -> int:
    """The widest the label column gets: three tenths of the line, between 8 and 36 cells."""
    return max(8, min(36, width * 3 // 10))


def fitted_label_width(labels: Iterable[str], width: int) -> int:
    """As wide as the longest label, within :func:`label_width_for`."""
    longest = max((cell_len(label) for label in labels), default=0)
    return max(8, min(label_width_for(width), longest))


# -- what is shown ----------------------------------------------------------------------------


@dataclass
class Group:
    """One person shown: their lanes, and per-year counts of the papers and awards drawn in
    their own rows (works shared with another person shown are left to the shared rows)."""

    index: int
    lanes: list[Lane]
    papers: Counter[int]
    works: frozenset[int]
    awards: Counter[int]


@dataclass
class Shared:
    """Works that the same people shown all have (``others``: works shared by other sets of
    people, beyond the :data:`SHARED_ROWS` sets with most, together in one row)."""

    holders: tuple[int, ...]
    works: frozenset[int]
    years: Counter[int]
    others: bool = False


SHARED_ROWS = 6
"""The most sets of people sharing works that get a row of their own; the works of the
rest share one more row (many people compared share works in thousands of ways)."""


@dataclass
class Gathered:
    groups: list[Group]
    shared: list[Shared]
    years: tuple[int, int]
    """The first year and the year after the last of everything gathered."""


def gather(library: Library, person_indices: Sequence[int], today: _dt.date) -> Gathered:
    """Lanes and counts of the people shown, and the works several of them share."""
    people = list(dict.fromkeys(person_indices))
    works_of = {index: library.papers_of(library.people[index].id) for index in people}
    holders: dict[int, list[int]] = {}
    for index in people:
        for work in works_of[index]:
            holders.setdefault(work, []).append(index)
    shared_by: dict[tuple[int, ...], list[int]] = {}
    if len(people) > 1:
        for work, who in holders.items():
            if len(who) > 1:
                shared_by.setdefault(tuple(who), []).append(work)

    def years_of(works: Iterable[int]) -> Counter[int]:
        years: Counter[int] = Counter()
        for work in works:
            when = library.papers[work].when
            if when is not None and not when.is_present:
                years[when.year] += 1
        return years

    groups: list[Group] = []
    all_lanes: list[Lane] = []
    all_years: set[int] = set()
    for index in people:
        person = library.people[index]
        lanes = lanes_of(person, index, today)
        own = frozenset(w for w in works_of[index] if len(holders[w]) == 1)
        papers = years_of(own)
        awards: Counter[int] = Counter()
        for award in person.awards:
            when = award.date or award.start or award.end
            if when is not None and not when.is_present:
                awards[when.year] += 1
        groups.append(Group(index, lanes, papers, own, awards))
        all_lanes.extend(lanes)
        all_years.update(papers)
        all_years.update(awards)
    shared = _shared_rows_of(people, shared_by, years_of)
    for item in shared:
        all_years.update(item.years)
    return Gathered(groups, shared, _year_range(all_lanes, sorted(all_years), today))


def _shared_rows_of(
    people: list[int],
    shared_by: dict[tuple[int, ...], list[int]],
    years_of: Callable[[Iterable[int]], Counter[int]],
) -> list[Shared]:
    """The sets of people sharing most works, in the order of the people; then the rest."""
    dated = [
        Shared(sharers, frozenset(works), years)
        for sharers, works in shared_by.items()
        if (years := years_of(works))
    ]
    dated.sort(key=lambda s: -sum(s.years.values()))
    kept, rest = dated[:SHARED_ROWS], dated[SHARED_ROWS:]
    place = {person: n for n, person in enumerate(people)}
    kept.sort(key=lambda s: [place[p] for p in s.holders])
    if rest:
        holders = sorted({p for s in rest for p in s.holders}, key=place.__getitem__)
        counts: Counter[int] = Counter()
        for s in rest:
            counts.update(s.years)
        works = frozenset(w for s in rest for w in s.works)
        kept.append(Shared(tuple(holders), works, counts, others=True))
    return kept


RECENT = 5.0
"""A chart whose last fact is at most this many years old runs on to today, so today's line
shows how long ago it was; an older career is not squeezed into a corner."""


def _year_range(lanes: Sequence[Lane], years: Sequence[int], today: _dt.date) -> tuple[int, int]:
    starts = [lane.start for lane in lanes] + [float(y) for y in years]
    ends = [lane.end for lane in lanes] + [y + 1.0 for y in years]
    if not starts:
        return today.year - 1, today.year + 1
    now = now_of(today)
    if now - RECENT <= max(ends) < now:
        ends.append(now)
    year0 = math.floor(min(starts))
    year1 = max(year0 + 1, math.ceil(max(ends)))
    if max(ends) >= year1:
        year1 += 1
    return year0, year1


def holds_papers(gathered: Gathered, item: Group) -> bool:
    """Whether the person has dated papers in their own row or in a shared one."""
    return bool(item.papers) or any(item.index in s.holders for s in gathered.shared)


def count_label(kind: str, total: int, width: int) -> str:
    """``papers 12`` in ``width`` cells."""
    return cut(f"{kind} {count_text(total, width - len(kind) - 1)}", width)


def shared_label(library: Library, shared: Shared, width: int) -> str:
    """Who shares these works, and how many: ``Liu & Wu 2``, else ``ML & TW 2``, ``shared 2``."""
    count = str(sum(shared.years.values()))
    if shared.others:
        return cut(f"more shared {count}", width)
    names = [library.people[i].name for i in shared.holders]
    surnames = [name.split()[-1] if name.split() else name for name in names]
    if len(set(surnames)) < len(surnames):
        surnames = names
    initials = ["".join(w[0] for w in name.split()[:3]) or name[:1] for name in names]
    for parts in (surnames, initials):
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " & " + parts[-1]
        text = f"{joined} {count}"
        if cell_len(text) <= width:
            return text
    return cut(f"shared {count}", width)


@dataclass(frozen=True)
class Frame:
    """The scale every row of one chart shares."""

    years: tuple[int, int]
    """The first year shown and the year after the last."""
    label_width: int
    plot_width: int
    today: int | None
    """The plot column of today, when it is in the years shown."""


def frame_for(labels: Iterable[str], width: int, years: tuple[int, int], today: _dt.date) -> Frame:
    """The label column as wide as ``labels`` need, the plot in the rest of ``width``."""
    label_width = fitted_label_width(labels, width)
    plot_width = width - label_width - 1
    now = now_of(today)
    column = column_at(now, *years, plot_width) if years[0] <= now < years[1] else None
    return Frame(years, label_width, plot_width, column)


def count_rows(gathered: Gathered, group: int, frame: Frame) -> list[ChartRow]:
    """A person's ``papers`` and ``awards`` rows (those they have)."""
    item = gathered.groups[group]
    rows: list[ChartRow] = []
    for kind, counts, role in (
        ("papers", item.papers, ROLE_PAPERS),
        ("awards", item.awards, ROLE_AWARDS),
    ):
        if not counts:
            continue
        label = count_label(kind, sum(counts.values()), frame.label_width)
        cells = counts_cells(counts, role, *frame.years, frame.plot_width)
        works = item.works if kind == "papers" else frozenset()
        pieces = plot_row(truncate(label, frame.label_width), ROLE_LABEL, cells, frame.today)
        rows.append(ChartRow(kind, group, pieces, item.index, works=works))
    return rows


def shared_rows(library: Library, gathered: Gathered, frame: Frame) -> list[ChartRow]:
    """One row per set of people who share works, the works counted once."""
    rows = []
    for item in gathered.shared:
        label = truncate(shared_label(library, item, frame.label_width), frame.label_width)
        cells = counts_cells(item.years, ROLE_SHARED, *frame.years, frame.plot_width)
        pieces = plot_row(label, ROLE_LABEL, cells, frame.today)
        rows.append(ChartRow("shared", -1, pieces, works=item.works, holders=item.holders))
    return rows


def label_texts(library: Library, gathered: Gathered, awards: bool = True) -> list[str]:
    """The count and shared labels at their longest, for sizing the label column."""
    labels = []
    for item in gathered.groups:
        if item.papers:
            labels.append(count_label("papers", sum(item.papers.values()), 99))
        if item.awards and awards:
            labels.append(count_label("awards", sum(item.awards.values()), 99))
    labels += [shared_label(library, item, 99) for item in gathered.shared]
    return labels


def pins_of(rows: Sequence[ChartRow], names: tuple[str, ...]) -> tuple[int, ...]:
    """Per row, the row of kind in ``names`` that heads its group (or -1)."""
    pins: list[int] = []
    head = -1
    for n, row in enumerate(rows):
        if row.kind in names:
            head = n
        elif n and rows[n - 1].group != row.group:
            head = -1
        pins.append(head)
    return tuple(pins)


def finished(rows: list[ChartRow], frame: Frame, gathered: Gathered, compact: bool) -> ChartLayout:
    """The layout of these rows, with the year axis under them."""
    axis = axis_cells(*frame.years, frame.plot_width)
    pieces = plot_row(" " * frame.label_width, ROLE_EMPTY, axis, frame.today)
    return ChartLayout(
        tuple(rows),
        ChartRow("axis", -1, pieces),
        frame.years[0],
        frame.years[1],
        frame.label_width,
        frame.plot_width,
        all_years=gathered.years,
        today_column=frame.today,
        compact=compact,
        pins=pins_of(rows, ("person",) if compact else ("header",)),
    )


def layout_chart(
    library: Library,
    person_indices: Sequence[int],
    width: int,
    today: _dt.date | None = None,
    years: tuple[int, int] | None = None,
    gathered: Gathered | None = None,
) -> ChartLayout:
    """Lay out the full chart for ``library.people[i]`` for each i, ``width`` cells wide.

    Each person gets a header row (the name), one lane per dated education/experience entry,
    then a ``papers`` and an ``awards`` row with per-year counts (when they have any); works
    that several of them share follow, in ``shared`` rows under a header of their own.
    Open spans run to ``today``; planned ends (``end_expected``) are shaded after today.
    All people share one year scale, ``years`` (first year, year after the last) when given.
    ``gathered`` is what :func:`gather` gives for these people (worked out when not given).
    """
    today = today or _dt.date.today()
    width = max(20, width)
    gathered = gathered or gather(library, person_indices, today)
    lane_labels = [lane.label for g in gathered.groups for lane in g.lanes]
    frame = frame_for(
        [*lane_labels, *label_texts(library, gathered)], width, years or gathered.years, today
    )
    rows: list[ChartRow] = []
    for group, item in enumerate(gathered.groups):
        name = library.people[item.index].name
        header = (Piece(truncate(name, width), ROLE_HEADER),)
        rows.append(ChartRow("header", group, header, item.index))
        shown = fit_labels([(lane.label, lane.tail) for lane in item.lanes], frame.label_width)
        for lane, label in zip(item.lanes, shown, strict=True):
            cells = bar_cells(lane, *frame.years, frame.plot_width)
            pieces = plot_row(truncate(label, frame.label_width), ROLE_LABEL, cells, frame.today)
            rows.append(ChartRow("lane", group, pieces, item.index, lane.kind, lane.ref))
        rows.extend(count_rows(gathered, group, frame))
        if not item.lanes and not item.awards and not holds_papers(gathered, item):
            note = (Piece(truncate("no dated entries", width), ROLE_MORE),)
            rows.append(ChartRow("empty", group, note, item.index))
    shared = shared_rows(library, gathered, frame)
    if shared:
        rows.append(ChartRow("header", -1, (Piece(truncate("Shared works", width), ROLE_HEADER),)))
        rows.extend(shared)
    return finished(rows, frame, gathered, compact=False)
