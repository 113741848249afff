"""The collaboration graph: the most connected people as nodes, shared works as edges,
placed by a force-directed layout.

The layout is Fruchterman–Reingold: nodes repel each other, edges pull their ends together
(more shared works, a stronger pull), and a weak pull to the middle keeps loose groups
near; it starts from a circle and cools over a fixed number of steps, so the same graph
is always drawn the same way. A few dozen nodes take milliseconds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Person
from .index import InsightsIndex
from .pairs import Pairs, most_connected
from .scope import Resolved

__all__ = ["GRAPH_SIZE", "Graph", "collaboration_graph", "spring_layout"]

GRAPH_SIZE = 24
"""At most this many people in the graph."""


@dataclass
class Graph:
    """``positions[i]`` is node ``i``'s place in [0, 1]² (x right, y down)."""

    ids: list[str]
    names: list[str]
    works: list[int]
    edges: list[tuple[int, int, int]]
    positions: list[tuple[float, float]]
    people: list[int]
    """The person index of each node."""
    aspect: float = 2.0
    _layouts: dict[int, list[tuple[float, float]]] = field(default_factory=dict, repr=False)

    def positions_for(self, count: int) -> list[tuple[float, float]]:
        """The places of the first ``count`` nodes laid out on their own (a small terminal
        draws fewer people, spread over the whole area)."""
        count = max(0, min(count, len(self.ids)))
        if count == len(self.ids):
            return self.positions
        found = self._layouts.get(count)
        if found is None:
            edges = [(a, b, n) for a, b, n in self.edges if a < count and b < count]
            found = self._layouts[count] = spring_layout(count, edges, aspect=self.aspect)
        return found

    def neighbours(self, node: int) -> list[tuple[int, int]]:
        """(other node, shared works) of ``node``, most shared first."""
        found = [(b if a == node else a, n) for a, b, n in self.edges if node in (a, b)]
        return sorted(found, key=lambda item: (-item[1], item[0]))


def collaboration_graph(
    resolved: Resolved,
    pairs: Pairs,
    people: Sequence[Person],
    size: int = GRAPH_SIZE,
    aspect: float = 2.0,
    index: InsightsIndex | None = None,
) -> Graph:
    """The ``size`` most connected people of the scope (its members first) and their links.

    ``aspect``: width over height of the area it will be drawn in (a terminal's braille
    canvas is about twice as wide as tall).
    """
    chosen = most_connected(resolved, pairs.counts, pairs.person_works, size, index)
    node = {person: n for n, person in enumerate(chosen)}
    edges = []
    for (a, b), count in pairs.counts.items():
        if a in node and b in node:
            edges.append((min(node[a], node[b]), max(node[a], node[b]), count))
    edges.sort()
    return Graph(
        [people[p].id for p in chosen],
        [people[p].name for p in chosen],
        [pairs.person_works.get(p, 0) for p in chosen],
        edges,
        spring_layout(len(chosen), edges, aspect=aspect),
        chosen,
        aspect,
    )


def spring_layout(
    n: int, edges: Sequence[tuple[int, int, int]], aspect: float = 1.0, steps: int = 200
) -> list[tuple[float, float]]:
    """Places for ``n`` nodes joined by weighted ``edges``, in [0, 1]² (deterministic)."""
    if n == 0:
        return []
    if n == 1:
        return [(0.5, 0.5)]
    width, height = math.sqrt(aspect), 1 / math.sqrt(aspect)
    xs = [width / 2 * math.cos(2 * math.pi * i / n) * 0.9 for i in range(n)]
    ys = [height / 2 * math.sin(2 * math.pi * i / n) * 0.9 for i in range(n)]
    k = math.sqrt(width * height / n)
    heaviest = max((w for _, _, w in edges), default=1)
    pulls = [(a, b, 1 + math.log(w) / (1 + math.log(heaviest))) for a, b, w in edges if a != b]
    temperature = width / 8
    for step in range(steps):
        dx = [0.0] * n
        dy = [0.0] * n
        for i in range(n):
            xi, yi = xs[i], ys[i]
            for j in range(i + 1, n):
                ox, oy = xi - xs[j], yi - ys[j]
                d2 = ox * ox + oy * oy or 1e-9
                force = k * k / d2
                dx[i] += ox * force
                dy[i] += oy * force
                dx[j] -= ox * force
                dy[j] -= oy * force
            dx[i] -= xi * 0.6 * k  # gravity: loose groups stay near the middle
            dy[i] -= yi * 0.6 * k * aspect
        for a, b, pull in pulls:
            ox, oy = xs[a] - xs[b], ys[a] - ys[b]
            d = math.sqrt(ox * ox + oy * oy) or 1e-9
            force = d * pull / k
            dx[a] -= ox * force
            dy[a] -= oy * force
            dx[b] += ox * force
            dy[b] += oy * force
        for i in range(n):
            length = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) or 1e-9
            move = min(length, temperature)
            xs[i] += dx[i] / length * move
            ys[i] += dy[i] / length * move
        temperature = width / 8 * (1 - (step + 1) / steps) + 1e-3
    return _normalised(xs, ys)


def _normalised(xs: list[float], ys: list[float]) -> list[tuple[float, float]]:
    """Stretch the layout to fill [0, 1]² (each axis on its own)."""
    low_x, high_x, low_y, high_y = min(xs), max(xs), min(ys), max(ys)
    span_x = high_x - low_x or 1.0
    span_y = high_y - low_y or 1.0
    return [((x - low_x) / span_x, (y - low_y) / span_y) for x, y in zip(xs, ys, strict=True)]
