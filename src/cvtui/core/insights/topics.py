"""Topics over time: the categories of a scope's works per year, and its people's interests
by the years they held them.

Categories (``CL``, ``LG``…) are counted in works. Interests are counted in people: an
interest of a degree or a research topic of a position counts for each year of its span;
a profile's own ``interests`` are its current ones, without a date (year 0, shown as
"now"). Spellings that differ only in case, accents or punctuation are one topic.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING

from ..dates import PartialDate, today
from ..model import Interest, Person
from ..text import fold
from .index import InsightsIndex
from .scope import Resolved

if TYPE_CHECKING:
    from ..library import Library

__all__ = ["TopicRow", "Topics", "topics_over_time"]

_JUNK_RE = re.compile(r"[^\w]+")


@dataclass
class TopicRow:
    name: str
    years: dict[int, int] = field(default_factory=dict)
    """Year → works (a category) or people (an interest) that year; 0: undated / now."""
    works: list[int] = field(default_factory=list)
    people: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Works with this category, or people with this interest."""
        return len(self.works) or len(self.people)


@dataclass
class Topics:
    categories: list[TopicRow]
    interests: list[TopicRow]
    distinct_categories: int
    distinct_interests: int

    @property
    def years(self) -> list[int]:
        dated = {y for row in (*self.categories, *self.interests) for y in row.years if y}
        return list(range(min(dated), max(dated) + 1)) if dated else []


def _key(name: str) -> str:
    return _JUNK_RE.sub(" ", fold(name)).strip()


def _span(start: PartialDate | None, end: PartialDate | None, now: int) -> range:
    if start is None and end is None:
        return range(0)
    first = (start or end).year  # type: ignore[union-attr]
    last = end.year if end is not None and not end.is_present else now
    if start is None:
        last = first
    return range(min(first, now), min(max(first, last), now) + 1)


def interests_of(person: Person, now: int) -> Iterator[tuple[str, range | None]]:
    """(interest, the years it was held, or None: current) for one profile."""
    for item in person.interests:
        yield (item.area if isinstance(item, Interest) else item), None
    for edu in person.education:
        years = _span(edu.start, edu.end, now)
        for name in edu.interests:
            yield name, years
    for exp in person.experience:
        for topic in exp.topics:
            yield topic.title, _span(topic.start or exp.start, topic.end or exp.end, now)


def topics_over_time(
    library: Library,
    index: InsightsIndex,
    resolved: Resolved,
    limit: int = 15,
    now: int | None = None,
) -> Topics:
    """The ``limit`` categories with most works and interests with most people in scope
    (``now``: the year an open span runs to; this year by default)."""
    years = index.years
    everything = resolved.scope.kind == "library"
    if everything:
        counts: Counter[int] = Counter(
            {c: len(works) for c, works in enumerate(index.category_works) if works}
        )
    else:
        flat, offsets = index.category_flat, index.category_offsets
        counts = Counter(
            chain.from_iterable(flat[offsets[w] : offsets[w + 1]] for w in resolved.works)
        )
    ranked = sorted(counts.items(), key=lambda item: (-item[1], index.categories[item[0]].lower()))
    in_scope = None if everything else set(resolved.works)
    kept = []
    for c, _ in ranked[:limit]:
        row = TopicRow(index.categories[c])
        for w in index.category_works[c]:
            if in_scope is None or w in in_scope:
                row.works.append(w)
                row.years[years[w]] = row.years.get(years[w], 0) + 1
        kept.append(row)
    interests = _interests(library.people, resolved.profiled_people(library), now or today().year)
    return Topics(kept, interests[:limit], len(counts), len(interests))


def _interests(people: Sequence[Person], chosen: Iterable[int], now: int) -> list[TopicRow]:
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    held: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    who: dict[str, dict[str, None]] = defaultdict(dict)
    for p in chosen:
        person = people[p]
        for name, span in interests_of(person, now):
            key = _key(name)
            if not key:
                continue
            spellings[key][name] += 1
            who[key][person.id] = None
            for year in span if span is not None else (0,):
                held[key][year].add(person.id)
    rows = []
    for key, names in spellings.items():
        row = TopicRow(names.most_common(1)[0][0], people=list(who[key]))
        row.years = {year: len(ids) for year, ids in sorted(held[key].items())}
        rows.append(row)
    rows.sort(key=lambda r: (-r.total, r.name.lower()))
    return rows
