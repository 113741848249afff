"""Every figure as a table of plain text: the numbers a chart is drawn from.

The Insights view shows these when its chart/table key is pressed, and ``cvtui stats``
prints them. Each row keeps the works it counts, so a row can open them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .figures import FIGURE_TITLES, Insights

__all__ = [
    "Table",
    "TableRow",
    "counted",
    "figure_table",
    "format_table",
    "year_span",
    "years_text",
]


@dataclass
class TableRow:
    cells: tuple[str, ...]
    works: Sequence[int] = ()
    caption: str = ""
    """What the works are, for the list that opens them (``Venue ICLR``)."""


@dataclass
class Table:
    title: str
    columns: tuple[str, ...]
    rows: list[TableRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    numeric: frozenset[int] = frozenset()
    """Columns of numbers (aligned right)."""


def years_text(years: Iterable[int]) -> str:
    """``2017, 2019–2021, 2024``: distinct years with runs joined (0, undated, last)."""
    dated = sorted({y for y in years if y})
    parts: list[str] = []
    run: list[int] = []
    for year in dated:
        if run and year == run[-1] + 1:
            run.append(year)
            continue
        if run:
            parts.append(_run(run))
        run = [year]
    if run:
        parts.append(_run(run))
    if 0 in set(years):
        parts.append("undated")
    return ", ".join(parts)


def _run(run: list[int]) -> str:
    return str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}"


def year_span(first: int, last: int) -> str:
    if not first:
        return "undated"
    return str(first) if first == last else f"{first}–{last}"


def _n(value: int) -> str:
    return f"{value:,}"


def counted(value: int, noun: str, plural: str = "") -> str:
    """``1 work``, ``2,000 works``."""
    return f"{value:,} {noun if value == 1 else plural or noun + 's'}"


def _output(insights: Insights) -> Table:
    output = insights.output()
    several = len(output.series) > 1
    columns = ("Year", *(("Who",) if several else ()), "Works", *output.types, "First")
    start = 2 if several else 1
    table = Table(
        FIGURE_TITLES["output"],
        columns,
        numeric=frozenset(range(start, len(columns))),
        notes=[
            f"{counted(output.total, 'work')} in scope"
            + (" (a work several of them share counts once here)" if several else ""),
            f"First: {output.led_means}",
        ],
    )
    years = [*output.years, *([0] if output.has_undated else [])]
    for year in years:
        for series in output.series:
            bar = series.bars.get(year)
            if bar is None:
                continue
            label = str(year) if year else "undated"
            who = (series.label,) if several else ()
            counts = tuple(_n(bar.by_type.get(kind, 0)) for kind in output.types)
            caption = f"{series.label}, {label}"
            table.rows.append(
                TableRow((label, *who, _n(bar.total), *counts, _n(bar.first)), bar.works, caption)
            )
    return table


def _venues(insights: Insights) -> Table:
    venues = insights.venues()
    table = Table(
        FIGURE_TITLES["venues"], ("Venue", "Full name", "Works", "Years"), numeric=frozenset({2})
    )
    for row in venues.rows:
        years = years_text(row.years)
        table.rows.append(
            TableRow((row.short, row.full, _n(row.count), years), row.works, f"Venue {row.short}")
        )
    if venues.distinct > len(venues.rows):
        more = venues.distinct - len(venues.rows)
        table.notes.append(
            f"{counted(more, 'more venue')} with {counted(venues.other_works, 'work')}"
        )
    if venues.no_venue:
        table.rows.append(
            TableRow(("(no venue)", "", _n(len(venues.no_venue)), ""), venues.no_venue, "No venue")
        )
    return table


def _coauthors(insights: Insights) -> Table:
    found = insights.coauthors()
    several = len(insights.resolved.members) > 1
    title = FIGURE_TITLES["coauthors"] if found.of_members else "Most frequent authors"
    columns = ("Name", "Profile", "Works", "Years", *(("With",) if several else ()))
    table = Table(title, columns, numeric=frozenset({2}))
    names = {
        insights.library.people[m].id: insights.library.people[m].name
        for m in insights.resolved.members
    }
    for row in found.rows:
        extra: tuple[str, ...] = ()
        if several:
            extra = (
                ", ".join(f"{names.get(pid, pid)} {n}" for pid, n in row.with_members.items()),
            )
        table.rows.append(
            TableRow(
                (row.name, row.person_id or "", _n(row.count), years_text(row.years), *extra),
                row.works,
                f"With {row.name}",
            )
        )
    if found.distinct > len(found.rows):
        table.notes.append(f"{counted(found.distinct, 'different co-author')} in all")
    return table


def _pairs(insights: Insights) -> Table:
    pairs = insights.pairs()
    table = Table(
        FIGURE_TITLES["pairs"], ("Person", "Person", "Works", "Years"), numeric=frozenset({2})
    )
    for row in pairs.rows:
        table.rows.append(
            TableRow(
                (row.a_name, row.b_name, _n(row.count), years_text(row.years)),
                row.works,
                f"{row.a_name} and {row.b_name}",
            )
        )
    table.notes.append(f"{counted(pairs.distinct, 'pair')} of profiles share works")
    return table


def _matrix(insights: Insights) -> Table:
    matrix = insights.pairs().matrix
    codes = tuple(str(n + 1) for n in range(len(matrix.ids)))
    table = Table(
        "Who shares works with whom",
        ("", "Person", *codes),
        numeric=frozenset(range(2, 2 + len(codes))),
        notes=["The diagonal: each person's works in scope"],
    )
    for n, name in enumerate(matrix.names):
        cells = tuple(_n(value) for value in matrix.cells[n])
        person = matrix.ids[n]
        table.rows.append(TableRow((codes[n], name, *cells), insights.shared(person, person), name))
    return table


def _graph(insights: Insights) -> Table:
    graph = insights.graph()
    table = Table(
        FIGURE_TITLES["graph"], ("Person", "Works", "Shares works with"), numeric=frozenset({1})
    )
    for node, name in enumerate(graph.names):
        links = ", ".join(f"{graph.names[other]} {n}" for other, n in graph.neighbours(node)[:6])
        person = graph.ids[node]
        table.rows.append(
            TableRow((name, _n(graph.works[node]), links), insights.shared(person, person), name)
        )
    return table


def _topics(insights: Insights) -> Table:
    topics = insights.topics()
    table = Table(
        FIGURE_TITLES["topics"], ("Topic", "Kind", "Count", "Per year"), numeric=frozenset({2})
    )
    for row in topics.categories:
        per_year = _per_year(row.years)
        table.rows.append(
            TableRow(
                (row.name, "category", counted(row.total, "work"), per_year),
                row.works,
                f"Category {row.name}",
            )
        )
    for row in topics.interests:
        table.rows.append(
            TableRow(
                (row.name, "interest", counted(row.total, "person", "people"), _per_year(row.years))
            )
        )
    return table


def _per_year(years: Mapping[int, int]) -> str:
    parts = [f"{year}:{n}" for year, n in sorted(years.items()) if year]
    if years.get(0):
        parts.append(f"now:{years[0]}")
    return " ".join(parts)


def _metrics(insights: Insights) -> Table:
    metrics = insights.metrics()
    table = Table(
        FIGURE_TITLES["metrics"],
        ("Person", "Metric", "Value", "Source", "As of", "Note"),
        numeric=frozenset({2}),
        notes=["Reported by their sources, as the profiles give them; not computed here"],
    )
    for row in metrics.rows:
        as_of = row.as_of or "undated"
        table.rows.append(TableRow((row.person, row.name, row.value, row.source, as_of, row.note)))
    return table


_TABLES = {
    "output": _output,
    "venues": _venues,
    "coauthors": _coauthors,
    "pairs": _pairs,
    "matrix": _matrix,
    "graph": _graph,
    "topics": _topics,
    "metrics": _metrics,
}


def figure_table(insights: Insights, name: str) -> Table:
    """The table of figure ``name``."""
    return _TABLES[name](insights)


def format_table(table: Table, width: int | None = None) -> str:
    """Aligned plain text: the title, a header, the rows and the notes (no colour)."""
    columns = table.columns
    widths = [len(c) for c in columns]
    for row in table.rows:
        for n, cell in enumerate(row.cells):
            widths[n] = max(widths[n], len(cell))
    if width is not None:
        _fit(widths, width)
    lines = [table.title]

    def line(cells: Sequence[str]) -> str:
        out = []
        for n, cell in enumerate(cells):
            text = cell if len(cell) <= widths[n] else cell[: max(0, widths[n] - 1)] + "…"
            out.append(text.rjust(widths[n]) if n in table.numeric else text.ljust(widths[n]))
        return "  ".join(out).rstrip()

    lines.append(line(columns))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(line(row.cells) for row in table.rows)
    if not table.rows:
        lines.append("(nothing in this scope)")
    lines.extend(table.notes)
    return "\n".join(lines)


def _fit(widths: list[int], width: int) -> None:
    """Narrow the widest columns until the table fits ``width`` (each keeps 6 characters)."""
    while sum(widths) + 2 * (len(widths) - 1) > width:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= 6:
            return
        widths[widest] -= 1
