"""Which columns of a list fit a width, and how wide each one is.

Kept apart from the list widget: the layout is arithmetic over column specs and text
widths, with no widget in it, and the rule set (fixed widths, shares by ratio, columns sized
to their texts around one that grows, the lowest priority dropped first) is its own idea.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from rich.cells import cell_len

__all__ = ["GAP", "Column", "layout_columns"]

GAP = 2
"""Cells between two columns."""


class Column(NamedTuple):
    """One column: ``width=0`` shares the spare room by ``ratio``."""

    key: str
    label: str
    width: int = 0
    ratio: int = 1
    min_width: int = 6
    align: str = "left"
    priority: int = 10
    style: str = ""
    """A component class for the whole column (``line-list--dim``, ``line-list--accent``)."""
    grow: bool = False
    """Sized to content: this column (a title, a name) takes the room the others leave."""
    max_width: int = 0
    """With ``grow`` on another column: the widest this one gets, however long its texts."""
    share: float = 0.0
    """With ``grow``: the part of the width this column keeps before others are shown."""
    hide_empty: bool = False
    """With ``grow`` on another column: left out while no item has text in it."""
    shorten: (
        Callable[[str, Sequence[tuple[int, int]]], tuple[str, list[tuple[int, int]]]] | None
    ) = None
    """A shorter way to write a text too wide for the column, drawn instead of it before
    it is cut, with where the cell's matches fall in it."""


def layout_columns(
    columns: Sequence[Column], width: int, natural: Mapping[str, int] | None = None
) -> list[tuple[Column, int]]:
    """Which columns fit in ``width`` cells, and how wide each one is.

    With ``natural`` (the widest text of each column) and a ``grow`` column, columns are
    sized to their content and the ``grow`` column takes what is left; else the spare room
    is shared by ``ratio``.
    """
    if natural is not None and any(c.grow for c in columns):
        return _fit_to_content(columns, width, natural)
    shown = list(columns)

    def needed(cols: Sequence[Column]) -> int:
        return sum(c.width or c.min_width for c in cols) + GAP * max(0, len(cols) - 1)

    while len(shown) > 1 and needed(shown) > width:
        drop = min(range(len(shown)), key=lambda i: (shown[i].priority, -i))
        del shown[drop]
    fixed = sum(c.width for c in shown if c.width) + GAP * max(0, len(shown) - 1)
    flexible = [c for c in shown if not c.width]
    spare = max(0, width - fixed)
    total_ratio = sum(c.ratio for c in flexible) or 1
    sizes: dict[str, int] = {}
    given = 0
    for n, col in enumerate(flexible):
        size = spare - given if n == len(flexible) - 1 else spare * col.ratio // total_ratio
        sizes[col.key] = max(0, size)
        given += sizes[col.key]
    return [(c, c.width if c.width else sizes[c.key]) for c in shown]


def _fit_to_content(
    columns: Sequence[Column], width: int, natural: Mapping[str, int]
) -> list[tuple[Column, int]]:
    """Columns as wide as their texts (up to ``max_width``), the ``grow`` ones taking the
    rest; when they do not fit, the lowest ``priority`` go first, then the widest shrink."""

    def least(c: Column) -> int:
        return c.width or c.min_width

    def kept(c: Column) -> int:
        """What a growing column keeps before the others get their texts' width."""
        return max(c.min_width, int(width * c.share))

    def want(c: Column) -> int:
        if c.width:
            return c.width
        size = max(natural.get(c.key, 0), cell_len(c.label), c.min_width)
        return min(size, c.max_width) if c.max_width else size

    shown = [c for c in columns if not (c.hide_empty and natural.get(c.key, 0) == 0)]
    gaps = lambda cols: GAP * max(0, len(cols) - 1)  # noqa: E731
    while len(shown) > 1 and sum(map(least, shown)) + gaps(shown) > width:
        drop_at = min(range(len(shown)), key=lambda i: (shown[i].priority, -i))
        del shown[drop_at]
    growing = [c for c in shown if c.grow and not c.width]
    others = [c for c in shown if not (c.grow and not c.width)]
    # Then the growing columns keep their share: other columns go, lowest priority first.
    while others and sum(map(kept, growing)) + sum(map(least, others)) + gaps(shown) > width:
        drop = min(others, key=lambda c: (c.priority, -shown.index(c)))
        others.remove(drop)
        shown.remove(drop)
    room = width - gaps(shown) - sum(kept(c) for c in growing)
    sizes = {c.key: want(c) for c in others}
    if sum(sizes.values()) > room:
        # Too wide: the widest shrink first, none below its least width.
        sizes = {c.key: least(c) for c in others}
        spare = max(0, room - sum(sizes.values()))
        flexible = sorted((c for c in others if not c.width), key=want)
        for n, col in enumerate(flexible):
            fair = spare // (len(flexible) - n)
            extra = max(0, min(want(col) - sizes[col.key], fair))
            sizes[col.key] += extra
            spare -= extra
    left = max(0, width - gaps(shown) - sum(sizes.values()))
    # Each growing column keeps its share, then the rest goes to them by ratio.
    base = {c.key: kept(c) for c in growing}
    if sum(base.values()) > left:
        base = dict.fromkeys(base, 0)
    extra = left - sum(base.values())
    total_ratio = sum(c.ratio for c in growing) or 1
    given = 0
    for n, col in enumerate(growing):
        size = extra - given if n == len(growing) - 1 else extra * col.ratio // total_ratio
        given += size
        sizes[col.key] = max(0, base[col.key] + size)
    return [(c, sizes[c.key]) for c in shown]
