"""What the Insights charts are drawn as: lines of text pieces, each with a role.

A painter turns one figure and a width into a :class:`Painting`: lines of
:class:`Piece` (plain text and a role such as ``type:journal`` or ``axis``, never markup) and
the :class:`Target` spans the cursor can rest on (a bar, a venue, a matrix cell), each with
the works it stands for. :class:`~.insight_canvas.InsightCanvas` gives roles their styles.
Nothing here knows about colours: meaning rests on glyphs and numbers, so a chart reads the
same in 16 colours and with ``NO_COLOR``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from rich.cells import cell_len, set_cell_size

__all__ = [
    "HEAT",
    "TYPE_GLYPHS",
    "Painting",
    "Piece",
    "Target",
    "bar_pieces",
    "clip",
    "count_text",
    "pieces_width",
]

TYPE_GLYPHS = {
    "conference": "█",
    "journal": "▓",
    "workshop": "▒",
    "preprint": "░",
    "report": "▚",
    "blog": "▞",
    "thesis": "▌",
    "book": "▀",
    "other": "▄",
}
"""One glyph per paper type: a stacked bar reads without colour."""

HEAT = " ·░▒▓█"
"""Glyphs from none to most, for cells of a grid."""


class Piece(NamedTuple):
    text: str
    role: str = ""


@dataclass
class Target:
    """A span of one line the cursor can rest on, and the works behind it."""

    line: int
    start: int
    end: int
    works: Sequence[int] = ()
    caption: str = ""
    """What the works are (the title of the list that opens them)."""
    detail: str = ""
    """The numbers behind it, in words, for the line under the chart."""
    works_of: Callable[[], Sequence[int]] | None = None
    """Works worked out only when asked for (a matrix cell: an intersection)."""

    def resolve_works(self) -> Sequence[int]:
        return self.works_of() if self.works_of is not None else self.works


@dataclass
class Painting:
    lines: list[list[Piece]] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    fixed: int = 0
    """Lines at the top that stay when the rest scrolls (a legend, an axis)."""
    start: int | None = None
    """The target the cursor starts on (None: the first)."""

    def add(self, pieces: Sequence[Piece] = ()) -> int:
        """Append a line; its number."""
        self.lines.append(list(pieces))
        return len(self.lines) - 1

    def target(
        self,
        line: int,
        start: int,
        end: int,
        works: Sequence[int],
        caption: str,
        detail: str,
        works_of: Callable[[], Sequence[int]] | None = None,
    ) -> None:
        self.targets.append(Target(line, start, end, works, caption, detail, works_of))


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis, padded to exactly ``width``."""
    if width <= 0:
        return ""
    text = text.replace("\n", " ").replace("\t", " ")
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def count_text(value: int) -> str:
    return f"{value:,}"


def bar_pieces(
    parts: Sequence[tuple[str, int]], scale: float, width: int, glyph_of: dict[str, str]
) -> list[Piece]:
    """A stacked bar: each (kind, count) as its glyph, ``scale`` cells per unit, at most
    ``width`` cells; any count above zero gets at least one cell."""
    pieces: list[Piece] = []
    used = 0
    exact = 0.0
    for kind, count in parts:
        if count <= 0:
            continue
        exact += count * scale
        cells = max(1, round(exact) - used)
        cells = min(cells, width - used)
        if cells <= 0:
            break
        pieces.append(Piece(glyph_of.get(kind, "█") * cells, kind))
        used += cells
    return pieces


def pieces_width(pieces: Sequence[Piece]) -> int:
    return sum(cell_len(p.text) for p in pieces)
