"""Grids of the Insights view: the who-with-whom matrix, topics over the years as a heat
map, reported metrics, and any figure as its table of numbers.

Heat is drawn with glyphs of rising density (``·░▒▓█``) next to, or instead of, the number,
so a grid reads without colour; the table of every figure gives the exact numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from rich.cells import cell_len

from ..core.insights.metrics import Metrics
from ..core.insights.pairs import Matrix
from ..core.insights.tables import Table, counted
from ..core.insights.topics import TopicRow, Topics
from .insight_paint import HEAT, Painting, Piece, clip, count_text, pieces_width

__all__ = ["heat_glyph", "paint_matrix", "paint_metrics", "paint_table", "paint_topics"]


def heat_glyph(value: int, peak: int) -> str:
    """``·`` for nothing, then ``░▒▓█`` as ``value`` nears ``peak``."""
    if value <= 0:
        return HEAT[1]
    if peak <= 0:
        return HEAT[-1]
    return HEAT[2 + min(3, (value * 4 - 1) // peak)]


def paint_matrix(
    matrix: Matrix, width: int, works_of: Callable[[str, str], Sequence[int]]
) -> Painting:
    """Counts of shared works, people numbered along the top; the diagonal is each
    person's own works in scope. ``works_of(a, b)``: the works behind a cell."""
    painting = Painting()
    size = len(matrix.ids)
    if size < 2:
        painting.add([Piece("Fewer than two people with profiles in this scope.", "muted")])
        return painting
    peak = max((matrix.cells[a][b] for a in range(size) for b in range(size) if a != b), default=0)
    widest = max(max(row) for row in matrix.cells)
    cell = max(4, len(count_text(widest)) + 3)
    label = max(8, min(max(len(name) for name in matrix.names) + 4, width - cell * size - 1))
    header = [Piece(" " * label)]
    for n in range(size):
        header.append(Piece(str(n + 1).rjust(cell), "axis"))
    painting.add(header)
    painting.fixed = 1
    for a in range(size):
        line_number = len(painting.lines)
        line = [Piece(clip(f"{a + 1:>2} {matrix.names[a]}", label), "label")]
        x = label
        for b in range(size):
            value = matrix.cells[a][b]
            if a == b:
                line.append(Piece(f"({count_text(value)})".rjust(cell), "diag"))
            elif value:
                number = count_text(value)
                line.append(Piece(heat_glyph(value, peak).rjust(cell - len(number) - 1), "heat"))
                line.append(Piece(" " + number, "value"))
            else:
                line.append(Piece("·".rjust(cell), "muted"))
            ida, idb = matrix.ids[a], matrix.ids[b]
            if a == b:
                detail = f"{matrix.names[a]}: {value:,} works in scope"
                caption = matrix.names[a]
            else:
                detail = f"{matrix.names[a]} and {matrix.names[b]}: {value:,} shared works"
                caption = f"{matrix.names[a]} and {matrix.names[b]}"
            painting.target(
                line_number,
                x,
                x + cell,
                (),
                caption,
                detail,
                works_of=partial(works_of, ida, idb),
            )
            x += cell
        painting.add(line)
    painting.add(
        [Piece(clip("(n): the person's works in scope · ░▒▓█ more shared", width), "muted")]
    )
    return painting


def _section(
    painting: Painting,
    title: str,
    rows: Sequence[TopicRow],
    years: list[int],
    label_width: int,
    unit: tuple[str, str],
    with_now: bool,
    works: bool,
    step: int = 1,
) -> None:
    painting.add([Piece(title, "header")])
    peak = max((n for row in rows for n in row.years.values()), default=0)
    for row in rows:
        line_number = len(painting.lines)
        cells = "".join(_cell(row.years.get(y, 0), peak, step) for y in years)
        line = [Piece(clip(row.name, label_width), "label"), Piece(" "), Piece(cells, "heat")]
        if with_now:
            now = row.years.get(0, 0)
            line.append(Piece(" " + (heat_glyph(now, peak) if now else " "), "heat"))
        line.append(Piece(" " + counted(row.total, *unit), "value"))
        per_year = ", ".join(f"{y}: {n}" for y, n in sorted(row.years.items()) if y)
        if row.years.get(0):
            per_year += (", " if per_year else "") + f"now: {row.years[0]}"
        detail = f"{row.name}: {counted(row.total, *unit)}" + (f" — {per_year}" if per_year else "")
        painting.target(
            line_number,
            0,
            pieces_width(line),
            row.works if works else (),
            f"Category {row.name}",
            detail,
        )
        painting.add(line)


def _cell(value: int, peak: int, step: int) -> str:
    glyph = heat_glyph(value, peak)
    return glyph * step if value else glyph.ljust(step)


def paint_topics(topics: Topics, width: int) -> Painting:
    """Categories (works per year) and interests (people per year) as rows of heat."""
    painting = Painting()
    if not topics.categories and not topics.interests:
        painting.add([Piece("No categories or interests in this scope.", "muted")])
        return painting
    names = [row.name for row in (*topics.categories, *topics.interests)]
    label_width = min(max(len(n) for n in names), max(12, width // 3))
    room = max(4, width - label_width - 1 - 2 - 12)
    years = topics.years
    cut = max(0, len(years) - room)
    years = years[cut:]
    step = max(1, min(3, room // max(1, len(years))))
    axis = [" "] * (len(years) * step)
    for n, year in enumerate(years):
        x = n * step
        if (
            (year % 5 == 0 or n == 0)
            and x + 4 <= len(axis)
            and all(c == " " for c in axis[max(0, x - 1) : x + 5])
        ):
            axis[x : x + 4] = str(year)
    line = [Piece(" " * (label_width + 1)), Piece("".join(axis), "axis")]
    if topics.interests:
        line.append(Piece(" now", "axis"))
    painting.add(line)
    painting.fixed = 1
    if cut:
        painting.add(
            [Piece(clip(f"(years before {years[0]} are in the table: v)", width), "muted")]
        )
    with_now = bool(topics.interests)
    if topics.categories:
        _section(
            painting,
            "Categories · works per year",
            topics.categories,
            years,
            label_width,
            ("work", "works"),
            with_now,
            True,
            step,
        )
    if topics.interests:
        _section(
            painting,
            "Interests · people per year (degrees, positions; now: the profile's own)",
            topics.interests,
            years,
            label_width,
            ("person", "people"),
            with_now,
            False,
            step,
        )
    return painting


def paint_metrics(metrics: Metrics, width: int) -> Painting:
    """Each person's reported metrics with the source and date of each."""
    painting = Painting()
    painting.add(
        [
            Piece(
                clip(
                    "Reported by their sources, as the profiles give them — not counted here", width
                ),
                "muted",
            )
        ]
    )
    painting.fixed = 1
    if not metrics.rows:
        painting.add([Piece("No metrics reported in this scope.", "muted")])
        return painting
    name_width = min(max(len(r.name) for r in metrics.rows), 18)
    value_width = min(max(len(r.value) for r in metrics.rows), 12)
    person = None
    for row in metrics.rows:
        if row.person_id != person:
            person = row.person_id
            painting.add([Piece(clip(row.person, width), "header")])
        as_of = f"as of {row.as_of}" if row.as_of else "date not given"
        line_number = len(painting.lines)
        line = [
            Piece("  " + clip(row.name, name_width), "label"),
            Piece(" " + row.value.rjust(value_width), "value"),
            Piece(
                clip(
                    f"  {row.source or 'source not given'} · {as_of}",
                    max(0, width - name_width - value_width - 3),
                ),
                "muted",
            ),
        ]
        detail = (
            f"{row.person} · {row.name} {row.value} — {row.source or 'source not given'}, {as_of}"
        )
        if row.note:
            detail += f" · {row.note}"
        painting.add(line)
        painting.target(line_number, 0, pieces_width(line), (), "", detail)
    if metrics.people > len({r.person_id for r in metrics.rows}):
        painting.add([Piece(f"… {metrics.people:,} people report metrics in all", "muted")])
    return painting


def _table_widths(table: Table, width: int) -> list[int]:
    widths = [cell_len(c) for c in table.columns]
    for row in table.rows:
        for n, cell in enumerate(row.cells):
            widths[n] = max(widths[n], cell_len(cell))
    while sum(widths) + 2 * (len(widths) - 1) > width:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= 4:
            break
        widths[widest] -= 1
    return widths


def paint_table(table: Table, width: int) -> Painting:
    """Any figure's table: a header, one line per row (each opens its works), the notes."""
    painting = Painting()
    widths = _table_widths(table, width)

    def cells(values: Sequence[str], role: str) -> list[Piece]:
        out: list[Piece] = []
        for n, value in enumerate(values):
            text = clip(value, widths[n])
            if n in table.numeric:
                text = value.rjust(widths[n]) if cell_len(value) <= widths[n] else text
            out.append(Piece(("  " if n else "") + text, role or ("label" if n == 0 else "")))
        return out

    painting.add(cells(table.columns, "axis"))
    painting.fixed = 1
    for row in table.rows:
        line_number = painting.add(cells(row.cells, ""))
        detail = " · ".join(
            f"{c}: {v}" for c, v in zip(table.columns, row.cells, strict=False) if v and c
        )
        painting.target(
            line_number,
            0,
            pieces_width(painting.lines[line_number]),
            row.works,
            row.caption,
            detail,
        )
    if not table.rows:
        painting.add([Piece("Nothing in this scope.", "muted")])
    for note in table.notes:
        painting.add([Piece(clip(note, width), "muted")])
    return painting
