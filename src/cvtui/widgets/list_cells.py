"""One cell of a list drawn to its column's width, the Rich way or the quick way.

:func:`fit` goes through ``rich.text.Text`` (any cell, styled or not); :func:`fit_plain`
makes the same characters from a plain string directly, which is most rows and a fraction
of the time. :func:`draws_plainly` says when the quick way draws a row exactly as Rich
would, :func:`matched_runs` styles the matches in a cell it fitted, and
:func:`joined_segments` turns the styled runs of a row into its segments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Union

from rich.cells import cell_len, set_cell_size
from rich.control import strip_control_codes
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from .list_columns import Column

__all__ = [
    "Cell",
    "Spans",
    "draws_plainly",
    "fit",
    "fit_plain",
    "joined_segments",
    "matched_runs",
    "shortened",
    "widest_cells",
]

Cell = Union[str, Text]
Spans = Mapping[str, Sequence[tuple[int, int]]]


def fit(cell: Cell, width: int, align: str = "left") -> Text:
    """A cell exactly ``width`` cells wide: one line, cut with an ellipsis, aligned."""
    text = Text(cell) if isinstance(cell, str) else cell.copy()
    if "\n" in text.plain or "\t" in text.plain:
        plain = text.plain.replace("\n", " ").replace("\t", " ")
        text = Text(plain, style=text.style, spans=list(text.spans))
    text.no_wrap = True
    if text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
    pad = width - text.cell_len
    if pad > 0:
        if align == "right":
            text.pad_left(pad)
        elif align == "center":
            text.pad_left(pad // 2)
            text.pad_right(pad - pad // 2)
        else:
            text.pad_right(pad)
    return text


def shortened(
    column: Column, cell: Cell, width: int, matches: Sequence[tuple[int, int]]
) -> tuple[Cell, Sequence[tuple[int, int]]]:
    """The cell as its column writes a text too wide for ``width`` (``Column.shorten``),
    with its matches moved along; else the cell and matches as they are."""
    shorten = column.shorten
    if shorten is not None and isinstance(cell, str) and cell_len(cell) > width:
        return shorten(cell, matches)
    return cell, matches


def fit_plain(cell: str, width: int, align: str = "left") -> str:
    """What :func:`fit` makes of a plain string, as a string (no ``Text`` on the way)."""
    plain = strip_control_codes(cell)
    if "\n" in plain or "\t" in plain:
        plain = plain.replace("\n", " ").replace("\t", " ")
    length = cell_len(plain)
    if length > width:
        plain = set_cell_size(plain, width - 1) + "…"
        length = width if width > 0 else 1  # set_cell_size pads a cut wide character
    pad = width - length
    if pad > 0:
        if align == "right":
            plain = " " * pad + plain
        elif align == "center":
            plain = " " * (pad // 2) + plain + " " * (pad - pad // 2)
        else:
            plain = plain + " " * pad
    return plain


def _merged(spans: Sequence[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """Spans sorted, overlaps joined, clipped to the first ``limit`` characters."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        start, end = max(0, start), min(end, limit)
        if start >= end:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def draws_plainly(
    cells: Sequence[Cell], spans: Spans, columns: Sequence[Column], index: Mapping[str, int]
) -> bool:
    """Whether the quick way of drawing a row draws these cells exactly as Rich would:
    plain strings, and matches only in left-aligned cells of one-cell characters.

    ``index`` gives the position of each column key in ``columns`` (and in ``cells``).
    """
    if not all(isinstance(cell, str) for cell in cells):
        return False
    for key in spans:
        at = index.get(key)
        if at is None or at >= len(cells):
            continue
        cell = cells[at]
        if columns[at].align != "left" or cell_len(cell) != len(cell):  # type: ignore[arg-type]
            return False
        if "\n" in cell or "\t" in cell or strip_control_codes(cell) != cell:  # type: ignore[arg-type]
            return False
    return True


def joined_segments(runs: Iterable[tuple[str, Style]]) -> list[Segment]:
    """Segments of styled runs, neighbours of one style joined, empty runs left out."""
    segments: list[Segment] = []
    last: Style | None = None
    for text, run_style in runs:
        if not text:
            continue
        if run_style is last:
            segments[-1] = Segment(segments[-1].text + text, run_style)
        else:
            segments.append(Segment(text, run_style))
            last = run_style
    return segments


def matched_runs(
    cell: str,
    fitted: str,
    size: int,
    matches: Sequence[tuple[int, int]],
    style: Style,
    match: Style,
) -> list[tuple[str, Style]]:
    """``fitted`` (what :func:`fit_plain` made of a left-aligned ``cell`` for a column
    ``size`` cells wide) in runs of ``style``, its ``matches`` (spans in ``cell``) in
    ``match`` instead.

    A character's place in the cell is its place on screen, up to the ellipsis of a cut
    cell (marked too, as Rich does, when a match runs on past it).
    """
    shown = min(size, len(fitted)) if len(cell) > size else len(cell)
    runs: list[tuple[str, Style]] = []
    at = 0
    for start, end in _merged(matches, shown):
        runs.append((fitted[at:start], style))
        runs.append((fitted[start:end], match))
        at = end
    runs.append((fitted[at:], style))
    return runs


def widest_cells(keys: Sequence[str], rows: Iterable[Sequence[Cell]]) -> dict[str, int]:
    """The widest text (in cells) of each column key over these rows of cells."""
    widest = dict.fromkeys(keys, 0)
    for cells in rows:
        for key, cell in zip(keys, cells, strict=False):
            size = cell_len(cell if isinstance(cell, str) else cell.plain)
            if size > widest[key]:
                widest[key] = size
    return widest
