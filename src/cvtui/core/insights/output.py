"""Output over time: works per year, by type, with the works someone led told apart.

One series for the library, a set of works or one person; one per person when a scope holds
several (side by side, each counting the works they are an author of, so a work two of them
share is in both series — and once in the scope's total). A work is *led* by the people at
its first author position, or marked equal contributors with a first author so marked;
for the library or a set of works, a work counts as led when its lead has a profile here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import PAPER_TYPES, Person
from .index import InsightsIndex
from .scope import Resolved

__all__ = ["Output", "Series", "YearBar", "output_over_time"]


@dataclass
class YearBar:
    """One year of one series (``year`` 0: works without a year)."""

    year: int
    by_type: dict[str, int] = field(default_factory=dict)
    works: list[int] = field(default_factory=list)
    led: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.works)

    @property
    def first(self) -> int:
        return len(self.led)


@dataclass
class Series:
    """Works per year of one person (``person_id``) or of the whole scope (None)."""

    label: str
    person_id: str | None
    bars: dict[int, YearBar] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(bar.total for bar in self.bars.values())

    @property
    def first(self) -> int:
        return sum(bar.first for bar in self.bars.values())

    @property
    def undated(self) -> int:
        bar = self.bars.get(0)
        return bar.total if bar is not None else 0

    def bar(self, year: int) -> YearBar:
        """The bar of ``year`` (an empty one for a year without works)."""
        return self.bars.get(year) or YearBar(year)


@dataclass
class Output:
    """The series of a scope over the years ``first_year``…``last_year``."""

    series: list[Series]
    types: list[str]
    total: int
    led_means: str

    @property
    def years(self) -> list[int]:
        dated = sorted({y for s in self.series for y in s.bars if y})
        return list(range(dated[0], dated[-1] + 1)) if dated else []

    @property
    def has_undated(self) -> bool:
        return any(s.undated for s in self.series)

    @property
    def peak(self) -> int:
        """The highest count of one series in one year (the chart's scale)."""
        return max((bar.total for s in self.series for bar in s.bars.values()), default=0)


def _series(
    index: InsightsIndex, works: Sequence[int], label: str, person_id: str | None, lead: int | None
) -> Series:
    """``lead``: the author identity whose leading counts, or None: any profile's."""
    series = Series(label, person_id)
    bars = series.bars
    years, types, leads = index.years, index.types, index.lead
    flat, offsets, profiled_lead = index.author_flat, index.author_offsets, index.profiled_lead
    for w in works:
        year = years[w]
        bar = bars.get(year)
        if bar is None:
            bar = bars[year] = YearBar(year)
        kind = PAPER_TYPES[types[w]]
        bar.by_type[kind] = bar.by_type.get(kind, 0) + 1
        bar.works.append(w)
        if lead is None:
            if profiled_lead[w]:
                bar.led.append(w)
        else:
            start = offsets[w]
            if lead in flat[start : start + leads[w]]:
                bar.led.append(w)
    return series


def _or_none_found(author: int | None) -> int:
    """A member no work names leads nothing (-1 is no identity)."""
    return -1 if author is None else author


def output_over_time(
    index: InsightsIndex, resolved: Resolved, library_people: Sequence[Person]
) -> Output:
    """Works per year of the scope (one series per member when it has several)."""
    series: list[Series] = []
    if resolved.members:
        for member in resolved.members:
            person = library_people[member]
            series.append(
                _series(
                    index,
                    resolved.member_works[member],
                    person.name,
                    person.id,
                    _or_none_found(index.person_author(member)),
                )
            )
        led_means = "first author (or equal first)"
    else:
        series.append(_series(index, resolved.works, resolved.label, None, None))
        led_means = "first author has a profile here"
    present = {kind for s in series for bar in s.bars.values() for kind in bar.by_type}
    types = [kind for kind in PAPER_TYPES if kind in present]
    return Output(series, types, len(resolved.works), led_means)
