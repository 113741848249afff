"""Bar charts of the Insights view: works per year stacked by type, and ranked bars
(venues, co-authors, pairs).

Works per year are drawn one year per line, oldest first, so every year is labelled
and its count written beside its bar at any width; a line of block glyphs above sums the
years up at a glance. Several people are drawn side by side, one column each, when each
column can be 20 cells wide, else one line per person per year, each marked with the
person's letter.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..core.insights.coauthors import Coauthors
from ..core.insights.output import Output, Series, YearBar
from ..core.insights.pairs import Pairs
from ..core.insights.tables import counted, year_span, years_text
from ..core.insights.top_venues import Venues
from .insight_paint import (
    TYPE_GLYPHS,
    Painting,
    Piece,
    bar_pieces,
    clip,
    count_text,
    pieces_width,
)

__all__ = [
    "LED",
    "paint_coauthors",
    "paint_output",
    "paint_pairs",
    "paint_venues",
    "person_letter",
]

LED = "◆"
"""Marks the works someone led (first author, or equal first)."""
SPARK = " ▁▂▃▄▅▆▇█"
LABEL = 8
SIDE_BY_SIDE = 20
"""The narrowest column that still draws a person's bars beside the others'."""
_GLYPHS = {f"type:{kind}": glyph for kind, glyph in TYPE_GLYPHS.items()}


def person_letter(n: int) -> str:
    return chr(ord("A") + n % 26)


def _legend(painting: Painting, output: Output, width: int) -> None:
    """The glyph of each type present and the led marker, wrapped to ``width``."""
    items = [[Piece(TYPE_GLYPHS[kind], f"type:{kind}"), Piece(f" {kind}")] for kind in output.types]
    items.append([Piece(LED, "led"), Piece(f" {output.led_means}", "muted")])
    if len(output.series) > 1:
        for n, series in enumerate(output.series):
            items.append(
                [Piece(person_letter(n), f"person:{n}"), Piece(f" {series.label}", f"person:{n}")]
            )
    line: list[Piece] = []
    for item in items:
        if line and pieces_width(line) + 2 + pieces_width(item) > width:
            painting.add(line)
            line = []
        if line:
            line.append(Piece("  "))
        line.extend(item)
    if line:
        painting.add(line)


def _detail(series: Series, bar: YearBar, output: Output) -> str:
    year = str(bar.year) if bar.year else "undated"
    if not bar.total:
        return f"{series.label}, {year}: no works"
    kinds = ", ".join(f"{bar.by_type[k]:,} {k}" for k in output.types if bar.by_type.get(k))
    return (
        f"{series.label}, {year}: {bar.total:,} work{'s' if bar.total != 1 else ''} ({kinds}); "
        f"{bar.first:,} {output.led_means}"
    )


def _spark(painting: Painting, output: Output, width: int) -> None:
    """One glyph per year for each series: the shape of the whole span on one line."""
    years = output.years
    if not years or len(years) + LABEL + 14 > width:
        return
    for n, series in enumerate(output.series):
        peak = max((series.bar(y).total for y in years), default=0) or 1
        glyphs = "".join(SPARK[min(8, -(-series.bar(y).total * 8 // peak))] for y in years)
        label = person_letter(n) if len(output.series) > 1 else "years"
        role = f"person:{n}" if len(output.series) > 1 else "muted"
        line = [Piece(clip(label, LABEL), role), Piece(glyphs, "spark")]
        if n == 0:
            line.append(Piece(f" {years[0]}–{years[-1]}", "muted"))
        painting.add(line)


def _bar_cell(
    bar: YearBar, output: Output, scale: float, bar_width: int, count_width: int, led_width: int
) -> list[Piece]:
    parts = [(f"type:{kind}", bar.by_type.get(kind, 0)) for kind in output.types]
    pieces = bar_pieces(parts, scale, bar_width, _GLYPHS)
    pad = bar_width - pieces_width(pieces)
    pieces.append(Piece(" " * pad))
    pieces.append(Piece(" " + count_text(bar.total).rjust(count_width), "value"))
    led = f" {LED}{bar.first:,}" if bar.first else ""
    pieces.append(Piece(led.ljust(led_width), "led"))
    return pieces


def paint_output(output: Output, width: int) -> Painting:
    """Works per year of each series, stacked by type; ``enter`` on a bar opens its works."""
    painting = Painting()
    if not output.total:
        painting.add([Piece("No works in this scope.", "muted")])
        return painting
    _legend(painting, output, width)
    _spark(painting, output, width)
    years = [*output.years, *([0] if output.has_undated else [])]
    count_width = len(count_text(output.peak))
    led_peak = max((b.first for s in output.series for b in s.bars.values()), default=0)
    led_width = len(count_text(led_peak)) + 2 if led_peak else 0
    several = len(output.series) > 1
    columns = len(output.series)
    column_width = (width - LABEL) // columns if several else width - LABEL
    side_by_side = not several or column_width >= SIDE_BY_SIDE
    if not side_by_side:
        column_width = width - LABEL - 2
    bar_width = max(1, column_width - count_width - led_width - 2)
    scale = bar_width / max(1, output.peak)
    header = [Piece(clip("Year", LABEL), "axis")]
    if several and side_by_side:
        for n, series in enumerate(output.series):
            name = f"{person_letter(n)} {series.label}"
            header.append(Piece(clip(name, column_width), f"person:{n}"))
    else:
        header.append(Piece(clip("Works by type", bar_width + (2 if several else 0)), "axis"))
    painting.add(header)
    painting.fixed = len(painting.lines)
    first = output.series[0]
    latest = max((y for y in first.bars if y and first.bars[y].total), default=0)
    for year in years:
        if year == latest:
            painting.start = len(painting.targets)
        label = clip(str(year) if year else "undated", LABEL)
        if side_by_side:
            line = [Piece(label, "label")]
            x = LABEL
            line_number = len(painting.lines)
            for series in output.series:
                bar = series.bar(year)
                pieces = _bar_cell(bar, output, scale, bar_width, count_width, led_width)
                used = pieces_width(pieces)
                pieces.append(Piece(" " * max(0, column_width - used)))
                line.extend(pieces)
                caption = f"{series.label}, {year or 'undated'}"
                painting.target(
                    line_number,
                    x,
                    x + column_width,
                    bar.works,
                    caption,
                    _detail(series, bar, output),
                )
                x += column_width
            painting.add(line)
            continue
        for n, series in enumerate(output.series):
            bar = series.bar(year)
            line_number = len(painting.lines)
            line = [
                Piece(label if n == 0 else " " * LABEL, "label"),
                Piece(person_letter(n) + " ", f"person:{n}"),
                *_bar_cell(bar, output, scale, bar_width, count_width, led_width),
            ]
            painting.add(line)
            caption = f"{series.label}, {year or 'undated'}"
            painting.target(
                line_number, 0, pieces_width(line), bar.works, caption, _detail(series, bar, output)
            )
    return painting


def _ranked(
    painting: Painting,
    rows: Sequence[tuple[str, str, int, str, Sequence[int], str, str]],
    width: int,
    label_role: str = "label",
) -> None:
    """Rows of (label, extra, count, years, works, caption, detail) as bars, most first."""
    if not rows:
        painting.add([Piece("Nothing in this scope.", "muted")])
        return
    peak = max(row[2] for row in rows) or 1
    count_width = len(count_text(peak))
    label_width = min(max(len(row[0]) for row in rows), max(12, width // 3))
    years_width = min(max(len(row[3]) for row in rows), 11)
    bar_width = max(4, min(40, width - label_width - count_width - years_width - 4))
    used = label_width + bar_width + count_width + years_width + 4
    extra_width = width - used - 2
    for label, extra, count, years, works, caption, detail in rows:
        line_number = len(painting.lines)
        bar = bar_pieces([("bar", count)], bar_width / peak, bar_width, {"bar": "█"})
        line = [
            Piece(clip(label, label_width), label_role),
            Piece(" "),
            *bar,
            Piece(" " * (bar_width - pieces_width(bar))),
            Piece(" " + count_text(count).rjust(count_width), "value"),
            Piece("  " + clip(years, years_width), "muted"),
        ]
        if extra and extra_width >= 12:
            line.append(Piece("  " + clip(extra, extra_width), "muted"))
        painting.add(line)
        painting.target(line_number, 0, pieces_width(line), works, caption, detail)


def _works(count: int) -> str:
    return counted(count, "work")


def paint_venues(venues: Venues, width: int) -> Painting:
    painting = Painting()
    rows = []
    for row in venues.rows:
        span = year_span(row.first_year, row.last_year)
        full = f" — {row.full}" if row.full else ""
        detail = f"{row.short}{full}: {_works(row.count)} · {years_text(row.years)}"
        rows.append((row.short, row.full, row.count, span, row.works, f"Venue {row.short}", detail))
    _ranked(painting, rows, width)
    notes = []
    if venues.distinct > len(venues.rows):
        more = counted(venues.distinct - len(venues.rows), "more venue")
        notes.append(f"{more} ({_works(venues.other_works)})")
    if venues.no_venue:
        notes.append(f"{_works(len(venues.no_venue))} without a venue")
    if notes:
        painting.add([Piece(clip(" · ".join(notes), width), "muted")])
    return painting


def paint_coauthors(coauthors: Coauthors, width: int, names: dict[str, str]) -> Painting:
    """``names``: member id → name, for the "with" part of the detail line."""
    painting = Painting()
    rows = []
    for row in coauthors.rows:
        span = year_span(row.first_year, row.last_year)
        mark = "● " if row.person_id else "  "
        with_text = ", ".join(f"{names.get(m, m)} {n}" for m, n in row.with_members.items())
        profile = "has a profile here" if row.person_id else "no profile here"
        detail = f"{row.name} ({profile}): {_works(row.count)} · {years_text(row.years)}"
        if with_text:
            detail += f"; with {with_text}"
        rows.append(
            (mark + row.name, with_text, row.count, span, row.works, f"With {row.name}", detail)
        )
    _ranked(painting, rows, width)
    painting.add([Piece(clip("● has a profile here", width), "muted")])
    return painting


def paint_pairs(pairs: Pairs, width: int) -> Painting:
    painting = Painting()
    rows = []
    for row in pairs.rows:
        label = f"{row.a_name} – {row.b_name}"
        span = year_span(row.first_year, row.last_year)
        detail = f"{row.a_name} and {row.b_name}: {row.count:,} shared · {years_text(row.years)}"
        rows.append(
            (label, "", row.count, span, row.works, f"{row.a_name} and {row.b_name}", detail)
        )
    _ranked(painting, rows, width)
    return painting
