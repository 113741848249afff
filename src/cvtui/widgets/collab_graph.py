"""The collaboration graph drawn in the terminal: edges in braille dots, labelled nodes.

Each character cell holds 2×4 braille dots, so lines between people are drawn at four
times the terminal's resolution. Nodes are ``●`` (the one under the cursor ``◉``) with the
person's name beside them; where a name does not fit, its initials, else its number in
the list below the graph. The edges of the node under the cursor are drawn in their own
style and the heaviest edges carry their count of shared works at their middle, so the
picture reads without colour. Fewer people are drawn on a small terminal (each laid out
on their own), so that names stay legible at 80×24.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from rich.cells import cell_len

from ..core.insights.graph import Graph
from .insight_paint import Painting, Piece, clip

__all__ = ["nodes_that_fit", "paint_graph"]

_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""The bit of each dot of a braille cell: ``_DOTS[row][column]``."""
_BRAILLE = 0x2800
COUNTED_EDGES = 6
"""How many of the heaviest edges show their count."""


def nodes_that_fit(width: int, height: int, available: int) -> int:
    """How many people a ``width``×``height`` area can show with legible names."""
    return max(2, min(available, width * height // 120))


def _initials(name: str) -> str:
    words = name.split()
    if len(words) < 2:
        return name[:3]
    return f"{words[0][0]}. {words[-1]}"


class _Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.dots = [[0] * width for _ in range(height)]
        self.roles = [[""] * width for _ in range(height)]
        self.text: list[list[str | None]] = [[None] * width for _ in range(height)]
        self.text_roles = [[""] * width for _ in range(height)]

    def dot(self, x: int, y: int, role: str) -> None:
        cx, cy = x // 2, y // 4
        if 0 <= cx < self.width and 0 <= cy < self.height:
            self.dots[cy][cx] |= _DOTS[y % 4][x % 2]
            if role == "edge-hot" or not self.roles[cy][cx]:
                self.roles[cy][cx] = role

    def line(self, x0: int, y0: int, x1: int, y1: int, role: str) -> None:
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        err = dx + dy
        while True:
            self.dot(x0, y0, role)
            if x0 == x1 and y0 == y1:
                return
            e2 = 2 * err
            if e2 >= dy:
                err += dy
                x0 += sx
            if e2 <= dx:
                err += dx
                y0 += sy

    def free(self, x: int, y: int, length: int) -> bool:
        if y < 0 or y >= self.height or x < 0 or x + length > self.width:
            return False
        return all(self.text[y][x + n] is None for n in range(length))

    def write(self, x: int, y: int, text: str, role: str) -> None:
        for n, ch in enumerate(text):
            if 0 <= x + n < self.width:
                self.text[y][x + n] = ch
                self.text_roles[y][x + n] = role

    def pieces(self, y: int) -> list[Piece]:
        out: list[Piece] = []
        for x in range(self.width):
            ch = self.text[y][x]
            if ch is not None:
                glyph, role = ch, self.text_roles[y][x]
            elif self.dots[y][x]:
                glyph, role = chr(_BRAILLE + self.dots[y][x]), self.roles[y][x]
            else:
                glyph, role = " ", ""
            if out and out[-1].role == role:
                out[-1] = Piece(out[-1].text + glyph, role)
            else:
                out.append(Piece(glyph, role))
        return out


def paint_graph(
    graph: Graph,
    width: int,
    height: int,
    selected: int,
    works_of: Callable[[str, str], Sequence[int]],
) -> Painting:
    """The graph in ``width``×``height`` cells (the last lines list unlabelled people);
    ``selected``: the node under the cursor. ``works_of(a, a)``: a person's works."""
    painting = Painting()
    if len(graph.ids) < 2 or not graph.edges:
        painting.add([Piece("No two people with profiles share works in this scope.", "muted")])
        for n, name in enumerate(graph.names):
            line = painting.add([Piece(f"● {name} ({graph.works[n]:,} works)", "node")])
            person = graph.ids[n]
            painting.target(
                line,
                0,
                len(name) + 2,
                (),
                name,
                f"{name}: {graph.works[n]:,} works",
                works_of=partial(works_of, person, person),
            )
        return painting
    shown = nodes_that_fit(width, height, len(graph.ids))
    positions = graph.positions_for(shown)
    rows = max(4, height - 2)
    canvas = _Canvas(width, rows)
    dots_w, dots_h = width * 2, rows * 4
    margin_x = 2
    places = [
        (
            margin_x + round(x * (dots_w - 2 * margin_x - 1)),
            1 + round(y * (dots_h - 3)),
        )
        for x, y in positions
    ]
    edges = [(a, b, n) for a, b, n in graph.edges if a < shown and b < shown]
    selected = selected if 0 <= selected < shown else 0
    for a, b, _ in sorted(edges, key=lambda e: selected in e[:2]):
        role = "edge-hot" if selected in (a, b) else "edge"
        canvas.line(*places[a], *places[b], role)
    cells = [(x // 2, y // 4) for x, y in places]
    for n, (cx, cy) in enumerate(cells):
        canvas.write(cx, cy, "◉" if n == selected else "●", "node-hot" if n == selected else "node")
    spans: list[tuple[int, int, int] | None] = []
    unlabelled: list[int] = []
    for n, (cx, cy) in enumerate(cells):
        placed = None
        for text in (graph.names[n], _initials(graph.names[n]), str(n + 1)):
            if cell_len(text) != len(text):  # wide characters: the cells would not line up
                continue
            role = "label-hot" if n == selected else "label"
            for x, y in (
                (cx + 2, cy),
                (cx - len(text) - 1, cy),
                (cx - len(text) // 2, cy - 1),
                (cx - len(text) // 2, cy + 1),
            ):
                if canvas.free(x - 1, y, len(text) + 2):
                    canvas.write(x, y, text, role)
                    placed = (y, x, x + len(text))
                    break
            if placed is not None:
                if text == str(n + 1):
                    unlabelled.append(n)
                break
        if placed is None:
            unlabelled.append(n)
            placed = (cy, cx, cx + 1)
        spans.append(placed)
    heaviest = sorted(edges, key=lambda e: -e[2])[:COUNTED_EDGES]
    for a, b, count in heaviest:
        mx = (cells[a][0] + cells[b][0]) // 2
        my = (cells[a][1] + cells[b][1]) // 2
        text = str(count)
        if canvas.free(mx - 1, my, len(text) + 2):
            canvas.write(mx, my, text, "edge-hot" if selected in (a, b) else "count")
    for y in range(rows):
        painting.add(canvas.pieces(y))
    for n, span in enumerate(spans):
        if span is None:
            continue
        y, start, end = span
        name = graph.names[n]
        links = graph.neighbours(n)
        shares = ", ".join(f"{graph.names[o]} {k}" for o, k in links[:4])
        detail = f"{name}: {graph.works[n]:,} works" + (
            f"; shares works with {shares}" if shares else ""
        )
        if len(links) > 4:
            detail += f" and {len(links) - 4} more"
        person = graph.ids[n]
        painting.target(y, start, end, (), name, detail, works_of=partial(works_of, person, person))
    key = [f"{n + 1} {graph.names[n]}" for n in unlabelled]
    hidden = len(graph.ids) - shown
    notes = "  ".join(key)
    if hidden:
        notes += ("  · " if notes else "") + f"{hidden} more people in the table (v)"
    legend = "● person  ⠉ shared works  ◉ under the cursor"
    painting.add([Piece(clip(notes if notes else legend, width), "muted")])
    if notes:
        painting.add([Piece(clip(legend, width), "muted")])
    return painting
