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
    counts: Counter[int] = Counter(venue_of[w] for w in resolved.works)
    counts.pop(0, None)
    years = index.years
    latest: dict[int, int] = {}
    if len(counts) > limit:
        ranked = [v for v, _ in counts.most_common(limit)]
        cut = counts[ranked[-1]]
        candidates = [v for v, n in counts.items() if n >= cut]
    else:
        candidates = list(counts)
    chosen = set(candidates)
    rows: dict[int, VenueRow] = {}
    no_venue: list[int] = []
    for w in resolved.works:
        v = venue_of[w]
        if v == 0:
            no_venue.append(w)
            continue
        if v not in chosen:
            continue
        row = rows.get(v)
        if row is None:
            name = index.venues[v]
            row = rows[v] = VenueRow(name.short, name.full)
        row.add(w, years[w])
        latest[v] = max(latest.get(v, 0), years[w])
    order = sorted(rows, key=lambda v: (-counts[v], -latest[v], index.venues[v].short.lower()))
    kept = [rows[v] for v in order[:limit]]
    shown = sum(row.count for row in kept)
    return Venues(kept, len(counts), len(resolved.works) - len(no_venue) - shown, no_venue)
