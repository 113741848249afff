"""Among people with profiles here, who shares works with whom: ranked pairs and a matrix.

A work counts for a pair when both are on it (as authors, or because their profiles list
it). For several people in scope only pairs among them count (a committee comparing
candidates, a lab looking at itself); otherwise every pair of profiles on the scope's works.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

from .counted import CountedWorks
from .index import InsightsIndex
from .scope import Resolved

if TYPE_CHECKING:
    from ..library import Library

__all__ = ["Matrix", "PairRow", "Pairs", "most_connected", "pairs_of", "shared_works"]

MATRIX_SIZE = 12
"""At most this many people in the matrix (the most connected ones)."""


@dataclass
class PairRow(CountedWorks):
    a: str
    b: str
    a_name: str
    b_name: str
    works: list[int] = field(default_factory=list)
    years: dict[int, int] = field(default_factory=dict)


@dataclass
class Matrix:
    """``cells[i][j]``: works people ``i`` and ``j`` share; ``cells[i][i]``: ``i``'s works."""

    ids: list[str]
    names: list[str]
    cells: list[list[int]]


@dataclass
class Pairs:
    rows: list[PairRow]
    distinct: int
    """How many pairs share at least one work (more than ``rows`` when cut)."""
    matrix: Matrix
    counts: Counter[tuple[int, int]]
    """Every pair's shared works, by person indexes (``a < b``): what the graph is drawn from."""
    person_works: Counter[int]
    """Works in scope of each profiled person on them."""


def _count(
    library: Library, index: InsightsIndex, resolved: Resolved
) -> tuple[Counter[tuple[int, int]], Counter[int]]:
    """Works per pair of profiles (``a < b``) and per profile, over the scope's works."""
    offsets, flat = index.people_offsets, index.people_flat
    found: list[tuple[int, int]] = []
    add = found.extend
    members = set(resolved.members) if len(resolved.members) > 1 else None
    singles: Counter[int] = Counter()
    if members is None and resolved.scope.kind == "library":
        for person in range(len(library.people)):
            singles[person] = library.work_count(person)
        for w in index.shared:
            add(combinations(flat[offsets[w] : offsets[w + 1]], 2))
    else:
        on_works: list[int] = []
        for w in resolved.works:
            people: Sequence[int] = flat[offsets[w] : offsets[w + 1]]
            if members is not None:
                people = [p for p in people if p in members]
            on_works.extend(people)
            if len(people) > 1:
                add(combinations(people, 2))
        singles.update(on_works)
        for m in resolved.members:
            singles.setdefault(m, 0)
    return Counter(found), singles


def shared_works(
    library: Library, resolved: Resolved, a: int, b: int, limit_to_scope: bool = True
) -> list[int]:
    """The works in scope that people ``a`` and ``b`` are both on, in work order."""
    both = set(library.papers_of(library.people[a].id)).intersection(
        library.papers_of(library.people[b].id)
    )
    if limit_to_scope and resolved.scope.kind != "library":
        both.intersection_update(resolved.works)
    return sorted(both)


def most_connected(
    resolved: Resolved,
    pairs: Counter[tuple[int, int]],
    singles: Counter[int],
    size: int,
    index: InsightsIndex | None = None,
) -> list[int]:
    """The scope's members (when several, only they), then the people sharing most works
    (``index``: where the library's own count is kept)."""
    if len(resolved.members) > 1:
        return list(resolved.members[:size])
    if index is not None and resolved.scope.kind == "library":
        degree = index.shared_with
    else:
        degree = Counter()
        for (a, b), n in pairs.items():
            degree[a] += n
            degree[b] += n
    chosen = list(resolved.members)
    ranked = heapq.nsmallest(
        size + len(chosen),
        degree.items(),
        key=lambda item: (-item[1], -singles[item[0]], item[0]),
    )
    for person, _ in ranked:
        if len(chosen) >= size:
            break
        if person not in chosen:
            chosen.append(person)
    return chosen


def _top(pairs: Counter[tuple[int, int]], limit: int) -> list[tuple[tuple[int, int], int]]:
    """The ``limit`` pairs sharing most works, ties in the order of their people."""
    leading = pairs.most_common(limit)
    if len(leading) < limit:
        return sorted(leading, key=lambda item: (-item[1], item[0]))
    cut = leading[-1][1]
    above = [item for item in leading if item[1] > cut]
    tied = heapq.nsmallest(limit - len(above), (k for k, n in pairs.items() if n == cut))
    return sorted(above, key=lambda item: (-item[1], item[0])) + [(k, cut) for k in tied]


def pairs_of(
    library: Library,
    index: InsightsIndex,
    resolved: Resolved,
    limit: int = 20,
    matrix_size: int = MATRIX_SIZE,
) -> Pairs:
    """The ``limit`` pairs sharing most works in scope, and the matrix of the most connected."""
    pairs, singles = _count(library, index, resolved)
    people = library.people
    ranked = _top(pairs, limit)
    years = index.years
    rows = []
    for (a, b), _ in ranked:
        row = PairRow(people[a].id, people[b].id, people[a].name, people[b].name)
        for w in shared_works(library, resolved, a, b):
            row.add(w, years[w])
        rows.append(row)
    chosen = most_connected(resolved, pairs, singles, matrix_size, index)
    cells = [
        [singles[a] if a == b else pairs.get((min(a, b), max(a, b)), 0) for b in chosen]
        for a in chosen
    ]
    matrix = Matrix([people[p].id for p in chosen], [people[p].name for p in chosen], cells)
    return Pairs(rows, len(pairs), matrix, pairs, singles)
