"""Who a scope works with: its most frequent co-authors, with counts and years.

For a person or several, everyone else on their works; for the library or a set of works,
its most frequent authors. An author with a profile is one co-author however the papers
spell them; others are told apart by their normalised names. With several people in
scope, each row also says how many of those works are with each of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from ..model import Person
from .counted import CountedWorks
from .index import InsightsIndex
from .scope import Resolved

__all__ = ["CoauthorRow", "Coauthors", "top_coauthors"]


@dataclass
class CoauthorRow(CountedWorks):
    name: str
    person_id: str | None
    """The co-author's profile here, if they have one."""
    works: list[int] = field(default_factory=list)
    years: dict[int, int] = field(default_factory=dict)
    with_members: dict[str, int] = field(default_factory=dict)
    """Member id → works with that member (only when the scope has several members)."""


@dataclass
class Coauthors:
    rows: list[CoauthorRow]
    distinct: int
    """How many different co-authors the scope has (more than ``rows`` when cut)."""
    of_members: bool
    """True: co-authors of the scope's people; False: the most frequent authors of its works."""


def top_coauthors(
    index: InsightsIndex, resolved: Resolved, people: tuple[Person, ...], limit: int = 20
) -> Coauthors:
    """The ``limit`` co-authors with most works in scope (ties: most recent first)."""
    own = [a for a in map(index.person_author, resolved.members) if a is not None]
    flat, offsets = index.author_flat, index.author_offsets
    everything = resolved.scope.kind == "library"
    if everything:
        counts: Counter[int] = Counter(
            {a: len(works) for a, works in enumerate(index.author_works) if works}
        )
    else:
        counts = Counter(
            chain.from_iterable(flat[offsets[w] : offsets[w + 1]] for w in resolved.works)
        )
    for author in own:
        counts.pop(author, None)
    chosen = [a for a, _ in counts.most_common(limit)]
    if chosen and len(counts) > len(chosen):  # the ties at the cut, to order them
        cut = counts[chosen[-1]]
        seen = set(chosen)
        chosen += [a for a, n in counts.items() if n == cut and a not in seen]
    in_scope = None if everything else set(resolved.works)
    years, authors = index.years, index.authors
    rows: dict[int, CoauthorRow] = {}
    latest: dict[int, int] = {}
    for a in chosen:
        identity = authors[a]
        pid = people[identity.person].id if identity.person is not None else None
        row = rows[a] = CoauthorRow(identity.name, pid)
        for w in index.author_works[a]:
            if in_scope is None or w in in_scope:
                row.add(w, years[w])
        latest[a] = max(row.years, default=0)
    order = sorted(rows, key=lambda a: (-counts[a], -latest[a], authors[a].name.lower()))
    kept = [rows[a] for a in order[:limit]]
    if len(resolved.members) > 1:
        for row in kept:
            works = set(row.works)
            for member in resolved.members:
                shared = works.intersection(resolved.member_works[member])
                if shared:
                    row.with_members[people[member].id] = len(shared)
    return Coauthors(kept, len(counts), bool(resolved.members))
