"""Where a scope publishes: its venues by number of works, with the years of each.

``NeurIPS 2023`` and ``NIPS 2017`` are one venue (the year and remarks such as
``(Spotlight)`` are not part of it; short names the venue table knows are spelled one way);
the full name comes from that table, else from the works' own journal or booktitle.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .counted import CountedWorks
from .index import InsightsIndex
from .scope import Resolved

__all__ = ["VenueRow", "Venues", "top_venues"]


@dataclass
class VenueRow(CountedWorks):
    short: str
    full: str
    works: list[int] = field(default_factory=list)
    years: dict[int, int] = field(default_factory=dict)
    """Year → works there that year (0: works without a year)."""


@dataclass
class Venues:
    rows: list[VenueRow]
    distinct: int
    """How many venues the scope has works at (more than ``rows`` when cut)."""
    other_works: int
    """Works at venues not in ``rows``."""
    no_venue: list[int]
    """Works that name no venue."""


def top_venues(index: InsightsIndex, resolved: Resolved, limit: int = 20) -> Venues:
    """The ``limit`` venues with most works in scope, most first (ties: latest first)."""
    venue_of = index.venue
    everything = resolved.scope.kind == "library"
    if everything:
        counts: Counter[int] = Counter(
            {v: len(works) for v, works in enumerate(index.venue_works) if works}
        )
    else:
        counts = Counter(venue_of[w] for w in resolved.works)
    counts.pop(0, None)
    chosen = [v for v, _ in counts.most_common(limit)]
    if chosen and len(counts) > len(chosen):  # the ties at the cut, to order them
        cut = counts[chosen[-1]]
        seen = set(chosen)
        chosen += [v for v, n in counts.items() if n == cut and v not in seen]
    in_scope = None if everything else set(resolved.works)
    years = index.years
    rows: dict[int, VenueRow] = {}
    latest: dict[int, int] = {}
    for v in chosen:
        name = index.venues[v]
        row = rows[v] = VenueRow(name.short, name.full)
        for w in index.venue_works[v]:
            if in_scope is None or w in in_scope:
                row.add(w, years[w])
        latest[v] = max(row.years, default=0)
    no_venue = [w for w in index.venue_works[0] if in_scope is None or w in in_scope]
    order = sorted(rows, key=lambda v: (-counts[v], -latest[v], index.venues[v].short.lower()))
    kept = [rows[v] for v in order[:limit]]
    shown = sum(row.count for row in kept)
    return Venues(kept, len(counts), len(resolved.works) - len(no_venue) - shown, no_venue)
